package linear

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

var assessMenu = menu{
	{names: []string{""}, help: "start, or go on with the attempt you left"},
	{names: []string{"r", "results"}, help: "the results of your latest attempt"},
	{names: []string{"b", "back", "q"}, help: "back to the module"},
}

var rateMenu = menu{
	{names: []string{"#", "*"}, shown: "a number", help: "your answer: a point of the scale, or for a count the number"},
	{names: []string{""}, help: "keep the answer you gave before and go on"},
	{names: []string{"s", "scale"}, help: "hear the scale again"},
	{names: []string{"p", "previous"}, help: "back to the item before"},
	{names: []string{"b", "back", "q"}, help: "leave; the answers you gave are kept for when you come back"},
}

// scaleWords spells the Likert scale out: "1 Never, 2 Sometimes, …".
func scaleWords(a *content.Assessment) string {
	parts := make([]string, len(a.Scale))
	for i, l := range a.Scale {
		parts[i] = fmt.Sprintf("%d %s", i+1, inline(l))
	}
	return strings.Join(parts, ", ")
}

func hasLikert(a *content.Assessment) bool {
	for _, d := range a.Dimensions {
		if d.Scored() {
			return true
		}
	}
	return false
}

// assessment runs a self-assessment item by item, then its results.
func (s *session) assessment(ctx context.Context, it *content.Item) error {
	a := it.Assessment
	var items []*content.AssessmentItem
	for _, d := range a.Dimensions {
		items = append(items, d.Items...)
	}
	s.out.blank()
	head := fmt.Sprintf("Self-assessment: %s. %s", it.Title, plural(len(items), "item"))
	if it.Minutes > 0 {
		head += ", about " + plural(it.Minutes, "minute")
	}
	s.out.say(head + ".")
	s.printMarkdown("intro:"+it.ID, a.Intro)
	if hasLikert(a) {
		s.out.line("You rate each statement on this scale: %s.", scaleWords(a))
	}
	attempts := s.assessAttempts(it.ID)
	if n := len(attempts); n > 0 {
		last := attempts[n-1]
		line := fmt.Sprintf("Taken %s, last on %s", times(n), last.At.Local().Format("2 January 2006"))
		if st := s.c.Stage(last.Placement); st != nil {
			line += fmt.Sprintf(", placed in %s, %s", st.Label, st.Title)
		}
		s.out.say(line + ". r shows those results.")
	}
	if d := s.assessDraft(it); len(d) > 0 {
		s.out.line("You have %s from an unfinished attempt; Enter goes on with it.", plural(len(d), "answer"))
	}
	for {
		prompt := "Enter to start, b back:"
		if len(s.assessAttempts(it.ID)) > 0 {
			prompt = "Enter to start, r for your latest results, b back:"
		}
		name, _, err := s.ask(ctx, prompt, assessMenu)
		if err != nil {
			return err
		}
		switch name {
		case "":
			finished, err := s.rateItems(ctx, it, items)
			if err != nil || !finished {
				return err
			}
			return nil
		case "r":
			all := s.assessAttempts(it.ID)
			if len(all) == 0 {
				s.out.line("No results yet: take the self-assessment first.")
				continue
			}
			var prev *progress.AssessmentAttempt
			if len(all) > 1 {
				prev = &all[len(all)-2]
			}
			s.results(a, &all[len(all)-1], prev)
		case "b":
			return nil
		}
	}
}

func (s *session) assessAttempts(id string) []progress.AssessmentAttempt {
	if rec := s.store.Snapshot().Assessments[id]; rec != nil {
		return rec.Attempts
	}
	return nil
}

// rateItems asks every item, keeping each answer as a draft, then records
// the attempt and shows its results. It reports whether it got that far.
func (s *session) rateItems(ctx context.Context, it *content.Item, items []*content.AssessmentItem) (bool, error) {
	a := it.Assessment
	answers := map[string]float64{}
	for id, v := range s.assessDraft(it) {
		answers[id] = v
	}
	var prev *progress.AssessmentAttempt
	if all := s.assessAttempts(it.ID); len(all) > 0 {
		prev = &all[len(all)-1]
	}
	pos := 0
	for pos < len(items)-1 { // go on at the first unanswered item
		if _, ok := answers[items[pos].ID]; !ok {
			break
		}
		pos++
	}
	var dim *content.Dimension
	for pos < len(items) {
		item := items[pos]
		if item.Dimension != dim {
			dim = item.Dimension
			s.out.blank()
			s.out.line("Part: %s.", dim.Title)
			if dim.Intro != "" {
				s.out.say(inline(dim.Intro))
			}
		}
		s.printAssessItem(a, item, pos, len(items), answers)
		prompt := fmt.Sprintf("Rating, 1 to %d:", len(a.Scale))
		if item.Type == content.Number {
			prompt = "Number:"
		}
		var v float64
		for {
			name, arg, err := s.ask(ctx, prompt, rateMenu)
			if err != nil {
				return false, err
			}
			switch name {
			case "#":
				v, err = parseRating(a, item, arg)
				if err != nil {
					s.out.say(err.Error())
					continue
				}
			case "":
				old, ok := answers[item.ID]
				if !ok {
					s.out.line("This item has no answer yet: type a number.")
					continue
				}
				v = old
			case "s":
				s.out.line("The scale: %s.", scaleWords(a))
				continue
			case "p":
				if pos == 0 {
					s.out.line("This is the first item.")
					continue
				}
				v = math.NaN()
			case "b":
				s.out.line("You left the self-assessment; your answers are kept for when you come back.")
				return false, nil
			}
			break
		}
		if math.IsNaN(v) { // previous
			pos--
			dim = nil
			continue
		}
		answers[item.ID] = v
		draft := cloneAnswers(answers)
		s.save("save your answer", func(st *progress.Store) error { return st.SaveAssessmentDraft(it.ID, draft) })
		pos++
	}
	res := progress.ScoreAssessment(a, answers)
	att := res.Attempt(cloneAnswers(answers))
	att.At = time.Now()
	final := cloneAnswers(answers)
	s.out.blank()
	s.save("record the self-assessment", func(st *progress.Store) error {
		_, err := st.RecordAssessment(it.ID, final)
		return err
	})
	s.results(a, &att, prev) // after the save: the recommended modules' status is the new one
	return true, nil
}

func cloneAnswers(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *session) printAssessItem(a *content.Assessment, item *content.AssessmentItem, pos, total int, answers map[string]float64) {
	s.out.line("Item %d of %d: %s", pos+1, total, inline(item.Text))
	if item.Help != "" {
		s.out.say(inline(item.Help))
	}
	if item.Type == content.Number {
		var bounds []string
		if item.Min != nil {
			bounds = append(bounds, "at least "+formatNum(*item.Min))
		}
		if item.Max != nil {
			bounds = append(bounds, "at most "+formatNum(*item.Max))
		}
		hint := "Type a number"
		if len(bounds) > 0 {
			hint += ", " + andList(bounds)
		}
		s.out.say(hint + ".")
	}
	if v, ok := answers[item.ID]; ok {
		s.out.line("Your answer so far: %s. Enter keeps it.", answerWords(a, item, v))
	}
}

func answerWords(a *content.Assessment, item *content.AssessmentItem, v float64) string {
	if item.Type == content.Number {
		return formatNum(v)
	}
	if i := int(v); i >= 1 && i <= len(a.Scale) {
		return fmt.Sprintf("%d, %s", i, inline(a.Scale[i-1]))
	}
	return formatNum(v)
}

// parseRating reads an answer to an item and checks it.
func parseRating(a *content.Assessment, item *content.AssessmentItem, raw string) (float64, error) {
	if item.Type == content.Number {
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%q is not a number: type digits, e.g. 3.", raw)
		}
		if item.Min != nil && v < *item.Min {
			return 0, fmt.Errorf("The answer must be at least %s.", formatNum(*item.Min))
		}
		if item.Max != nil && v > *item.Max {
			return 0, fmt.Errorf("The answer must be at most %s.", formatNum(*item.Max))
		}
		return v, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > len(a.Scale) {
		return 0, fmt.Errorf("%q is not on the scale: type a whole number from 1 to %d (s spells the scale out).", raw, len(a.Scale))
	}
	return float64(n), nil
}

// results says what an attempt scored, in words: each dimension and
// composite score with its band and change, the placement, the advice and
// the recommended modules with their status.
func (s *session) results(a *content.Assessment, r, prev *progress.AssessmentAttempt) {
	res := progress.ScoreAssessment(a, r.Answers) // the rules behind r: placement title, advice
	var change map[string]float64
	head := fmt.Sprintf("Your results, on the scale 1 to %d", len(a.Scale))
	if prev != nil {
		change = progress.Change(prev, r)
		head += ", with the change since " + prev.At.Local().Format("2 January 2006")
	}
	s.out.say(head + ":")
	score := func(id, title string, v float64) {
		line := fmt.Sprintf("  %s: %.1f", title, v)
		if b := r.Bands[id]; b != "" {
			line += ", " + bandTitle(a, b)
		}
		if d, ok := change[id]; ok && math.Abs(d) >= 0.05 {
			if d > 0 {
				line += fmt.Sprintf(", up %.1f", d)
			} else {
				line += fmt.Sprintf(", down %.1f", -d)
			}
		}
		s.out.say(line + ".")
	}
	for _, d := range a.Dimensions {
		if v, ok := r.Dimensions[d.ID]; ok {
			score(d.ID, d.Title, v)
		}
	}
	for _, sc := range a.Scores {
		if v, ok := r.Scores[sc.ID]; ok {
			score(sc.ID, sc.Title, v)
		}
	}
	if r.Placement != "" {
		where := r.Placement
		if st := s.c.Stage(r.Placement); st != nil {
			where = st.Label + ", " + st.Title
		}
		line := "Your place on the trajectory: " + where
		if p := res.Placement; p != nil && p.Title != "" {
			line += ". " + p.Title
		}
		s.out.say(line + ".")
	} else {
		s.out.line("No placement rule matched your answers.")
	}
	for _, ad := range res.Advice {
		s.out.say("Advice: " + inline(ad.Message))
	}
	if len(r.Recommend) > 0 {
		over := s.store.Overview()
		s.out.line("Recommended modules:")
		for _, id := range r.Recommend {
			if ms := over.Module(id); ms != nil {
				s.out.line("  %s: %s.", moduleName(ms.Module), moduleStatus(ms))
			}
		}
	}
}

func bandTitle(a *content.Assessment, id string) string {
	for _, b := range a.Bands {
		if b.ID == id {
			return b.Title
		}
	}
	return id
}

// assessDraft returns the answers of an unfinished attempt that still fit
// the self-assessment: the course may have changed since they were saved,
// and an answer it can no longer take would make the attempt unrecordable.
func (s *session) assessDraft(it *content.Item) map[string]float64 {
	a := it.Assessment
	fit := map[string]float64{}
	for id, v := range s.store.Snapshot().Drafts.Assessments[it.ID] {
		item := a.Item(id)
		if item == nil {
			continue
		}
		if _, err := parseRating(a, item, formatNum(v)); err == nil {
			fit[id] = v
		}
	}
	return fit
}
