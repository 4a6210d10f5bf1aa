package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

type assessPhase int

const (
	assessIntro assessPhase = iota
	assessItem
	assessResults
)

// assessScreen runs a self-assessment: one item at a time, then the
// results as bars per dimension, the placement and the recommendations.
type assessScreen struct {
	c     *common
	it    *content.Item
	a     *content.Assessment
	items []*content.AssessmentItem
	phase assessPhase

	pos     int
	answers map[string]float64
	input   textinput.Model // number items
	prev    *progress.AssessmentAttempt
	result  *progress.AssessmentAttempt
	results viewport.Model
}

func newAssessment(c *common, it *content.Item) *assessScreen {
	s := &assessScreen{c: c, it: it, a: it.Assessment, answers: map[string]float64{}, results: viewport.New()}
	for _, d := range s.a.Dimensions {
		s.items = append(s.items, d.Items...)
	}
	s.input = newInput(c, "› ", "type a number")
	s.input.CharLimit = 12
	return s
}

// attempts returns the recorded attempts, oldest first.
func (s *assessScreen) attempts() []progress.AssessmentAttempt {
	if rec := s.c.state.Assessments[s.it.ID]; rec != nil {
		return rec.Attempts
	}
	return nil
}

func (s *assessScreen) capturing() bool {
	return s.phase == assessItem && s.current().Type == content.Number
}

func (s *assessScreen) current() *content.AssessmentItem { return s.items[s.pos] }

func (s *assessScreen) help() keyHelp {
	k, g := s.c.keys.Assess, s.c.keys.Global
	switch s.phase {
	case assessIntro:
		short := []key.Binding{k.Start}
		if len(s.attempts()) > 0 {
			short = append(short, k.Results)
		}
		return g.withGlobal(short)
	case assessItem:
		if s.current().Type == content.Number {
			return keyHelp{short: []key.Binding{k.Confirm, k.Back}}
		}
		rate := k.Rate
		rate.SetHelp(fmt.Sprintf("1-%d", len(s.a.Scale)), "rate") // the scale's own length
		return g.withGlobal([]key.Binding{rate, k.Prev, k.Next})
	}
	r := s.c.keys.Reader
	return g.withGlobal([]key.Binding{r.Down, r.Up, r.PageDown})
}

func (s *assessScreen) start() tea.Cmd {
	s.phase, s.pos = assessItem, 0
	s.answers = map[string]float64{}
	if all := s.attempts(); len(all) > 0 {
		s.prev = &all[len(all)-1]
	}
	if d := s.c.state.Drafts.Assessments[s.it.ID]; len(d) > 0 {
		for id, v := range d {
			s.answers[id] = v
		}
		for s.pos < len(s.items)-1 { // continue at the first unanswered item
			if _, ok := s.answers[s.items[s.pos].ID]; !ok {
				break
			}
			s.pos++
		}
	}
	return s.enterItem()
}

// enterItem prepares the input for the current item.
func (s *assessScreen) enterItem() tea.Cmd {
	it := s.current()
	if it.Type != content.Number {
		s.input.Blur()
		return nil
	}
	s.input.SetValue("")
	if v, ok := s.answers[it.ID]; ok {
		s.input.SetValue(strconv.FormatFloat(v, 'f', -1, 64))
	}
	return s.input.Focus()
}

func (s *assessScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, themeChangedMsg, progressMsg:
		if s.phase == assessResults {
			s.fillResults()
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *assessScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k, g := s.c.keys.Assess, s.c.keys.Global
	switch s.phase {
	case assessIntro:
		switch {
		case key.Matches(msg, k.Start):
			return s.start()
		case key.Matches(msg, k.Results) && len(s.attempts()) > 0:
			all := s.attempts()
			s.result = &all[len(all)-1]
			s.prev = nil
			if len(all) > 1 {
				s.prev = &all[len(all)-2]
			}
			s.phase = assessResults
			s.fillResults()
		case key.Matches(msg, g.Back):
			return goBack
		}
	case assessItem:
		return s.itemKey(msg)
	case assessResults:
		switch {
		case scroll(&s.results, s.c.keys.Reader, msg):
		case key.Matches(msg, g.Back), key.Matches(msg, k.Submit):
			return goBack
		}
	}
	return nil
}

func (s *assessScreen) itemKey(msg tea.KeyPressMsg) tea.Cmd {
	k, g := s.c.keys.Assess, s.c.keys.Global
	it := s.current()
	if it.Type == content.Number {
		switch {
		case key.Matches(msg, k.Confirm):
			v, err := s.parseNumber(it)
			if err != nil {
				return errCmd(err)
			}
			return s.answer(it, v)
		case key.Matches(msg, k.Back):
			return s.move(-1)
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Rate):
		if n := int(msg.Code - '0'); n >= 1 && n <= len(s.a.Scale) {
			return s.answer(it, float64(n))
		}
	case key.Matches(msg, k.Prev):
		return s.move(-1)
	case key.Matches(msg, k.Next), key.Matches(msg, k.Submit):
		if _, ok := s.answers[it.ID]; !ok {
			return errCmd(fmt.Errorf("rate this statement first: press 1 to %d", len(s.a.Scale)))
		}
		return s.move(1)
	case key.Matches(msg, g.Back):
		s.phase = assessIntro // answers so far stay saved as a draft
	}
	return nil
}

// parseNumber reads a number item's input and checks its bounds.
func (s *assessScreen) parseNumber(it *content.AssessmentItem) (float64, error) {
	raw := strings.TrimSpace(s.input.Value())
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number: type digits, e.g. 3", raw)
	}
	if it.Min != nil && v < *it.Min {
		return 0, fmt.Errorf("the answer must be at least %s", strconv.FormatFloat(*it.Min, 'f', -1, 64))
	}
	if it.Max != nil && v > *it.Max {
		return 0, fmt.Errorf("the answer must be at most %s", strconv.FormatFloat(*it.Max, 'f', -1, 64))
	}
	return v, nil
}

// answer records an answer (as a draft) and moves on.
func (s *assessScreen) answer(it *content.AssessmentItem, v float64) tea.Cmd {
	s.answers[it.ID] = v
	id, answers := s.it.ID, cloneAnswers(s.answers)
	save := saveCmd(saveOp{what: "save your answer", run: func(st *progress.Store) error { return st.SaveAssessmentDraft(id, answers) }})
	return tea.Batch(save, s.move(1))
}

func cloneAnswers(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// move goes to the previous or next item; past the last, it finishes.
func (s *assessScreen) move(dir int) tea.Cmd {
	j := s.pos + dir
	switch {
	case j < 0:
		return nil
	case j < len(s.items):
		s.pos = j
		return s.enterItem()
	}
	return s.finish()
}

// finish scores the answers, shows the results and records the attempt.
func (s *assessScreen) finish() tea.Cmd {
	for i, it := range s.items {
		if _, ok := s.answers[it.ID]; !ok {
			s.pos = i
			return tea.Batch(s.enterItem(), errCmd(fmt.Errorf("item %d of %d has no answer yet", i+1, len(s.items))))
		}
	}
	res := progress.ScoreAssessment(s.a, s.answers)
	att := res.Attempt(cloneAnswers(s.answers))
	att.At = s.c.now()
	s.result = &att
	s.phase = assessResults
	s.input.Blur()
	s.fillResults()
	id, answers := s.it.ID, cloneAnswers(s.answers)
	return saveCmd(saveOp{what: "record the self-assessment", run: func(st *progress.Store) error {
		_, err := st.RecordAssessment(id, answers)
		return err
	}})
}

func (s *assessScreen) fillResults() {
	c, st := s.c, s.c.styles
	w := c.width
	s.results.SetWidth(w)
	s.results.SetHeight(max(1, c.height-2-footerLines))
	r := s.result
	res := progress.ScoreAssessment(s.a, r.Answers) // the rules behind r: placement title, advice
	tw := min(w-4, c.maxWidth)
	var change map[string]float64
	if s.prev != nil {
		change = progress.Change(s.prev, r)
	}
	nameW := 0
	for _, d := range s.a.Dimensions {
		nameW = max(nameW, lipgloss.Width(d.Title))
	}
	for _, sc := range s.a.Scores {
		nameW = max(nameW, lipgloss.Width(sc.Title))
	}
	nameW = min(nameW, tw/3)
	barW := max(5, min(30, tw-nameW-30))
	top := float64(len(s.a.Scale))
	barLine := func(id, title string, v float64) string {
		full := int(math.Round((v - 1) / (top - 1) * float64(barW)))
		bar := st.BarFull.Render(repeat("█", full)) + st.BarEmpty.Render(repeat("░", barW-full))
		name := lipgloss.NewStyle().Width(nameW).Render(truncate(title, nameW))
		line := fmt.Sprintf("%s %s %s", st.Text.Render(name), bar, st.Heading.Render(fmt.Sprintf("%.1f", v)))
		if b := r.Bands[id]; b != "" {
			line += "  " + st.Text.Render(s.bandTitle(b))
		}
		if d, ok := change[id]; ok && math.Abs(d) >= 0.05 {
			arrow := st.Good.Render(fmt.Sprintf("▲ +%.1f", d))
			if d < 0 {
				arrow = st.Bad.Render(fmt.Sprintf("▼ %.1f", d))
			}
			line += "  " + arrow
		}
		return line
	}
	var b strings.Builder
	b.WriteString(st.Heading.Render("Your results") + st.Muted.Render(fmt.Sprintf("  (scale 1–%d", len(s.a.Scale))))
	if s.prev != nil {
		b.WriteString(st.Muted.Render(", change since " + s.prev.At.Local().Format("2 Jan 2006")))
	}
	b.WriteString(st.Muted.Render(")") + "\n\n")
	for _, d := range s.a.Dimensions {
		if v, ok := r.Dimensions[d.ID]; ok {
			b.WriteString(barLine(d.ID, d.Title, v) + "\n")
		}
	}
	if len(s.a.Scores) > 0 {
		b.WriteString("\n")
		for _, sc := range s.a.Scores {
			if v, ok := r.Scores[sc.ID]; ok {
				b.WriteString(barLine(sc.ID, sc.Title, v) + "\n")
			}
		}
	}
	b.WriteString("\n")
	if r.Placement != "" {
		stage := c.course.Stage(r.Placement)
		where := r.Placement
		if stage != nil {
			where = stage.Label + " · " + stage.Title
		}
		line := st.Heading.Render("Your place on the trajectory: ") + st.Accent.Render(where)
		if p := res.Placement; p != nil && p.Title != "" {
			line += st.Text.Render(" — " + p.Title)
		}
		b.WriteString(wrap(line, tw) + "\n")
	} else {
		b.WriteString(st.Muted.Render("No placement rule matched your answers.") + "\n")
	}
	for _, ad := range res.Advice {
		b.WriteString("\n" + wrap(st.Warn.Render("! ")+st.Text.Render(ad.Message), tw) + "\n")
	}
	if len(r.Recommend) > 0 {
		b.WriteString("\n" + st.Heading.Render("Recommended modules") + "\n")
		for _, id := range r.Recommend {
			ms := c.over.Module(id)
			if ms == nil {
				continue
			}
			mark := lipgloss.NewStyle().Width(20).Render(st.statusMark(ms.Status, ms.Preview))
			b.WriteString("  " + mark + st.Text.Render(ms.Module.Title) + "\n")
		}
	}
	b.WriteString("\n" + wrap(st.Muted.Render("Your answers are saved in your progress file. Retake this any time to see how you grow."), tw))
	s.results.SetContent(lipgloss.NewStyle().Padding(0, 2).Render(b.String()))
}

func (s *assessScreen) bandTitle(id string) string {
	for _, b := range s.a.Bands {
		if b.ID == id {
			return b.Title
		}
	}
	return id
}

func (s *assessScreen) view() string {
	c, st := s.c, s.c.styles
	w := c.width
	left := st.Muted.Render(s.it.Module.Title+" › ") + st.Title.Render(s.it.Title)
	right := ""
	if s.phase == assessItem {
		right = st.Muted.Render(fmt.Sprintf("%d of %d", s.pos+1, len(s.items)))
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(spread(left, right, w-2))
	rule := st.Rule.Render(repeat("─", w))
	tw := min(w-4, c.maxWidth)
	var body string
	switch s.phase {
	case assessIntro:
		body = s.introView(tw)
	case assessItem:
		body = s.itemView(tw)
	case assessResults:
		return header + "\n" + rule + "\n" + s.results.View()
	}
	return header + "\n" + rule + "\n" + lipgloss.NewStyle().Padding(1, 2).Render(body)
}

func (s *assessScreen) introView(tw int) string {
	st := s.c.styles
	var lines []string
	if s.a.Intro != "" {
		lines = append(lines, s.c.markdown(s.it.File, s.a.Intro, tw), "")
	}
	lines = append(lines, st.Text.Render(fmt.Sprintf("%d items.", len(s.items))))
	if all := s.attempts(); len(all) > 0 {
		last := all[len(all)-1]
		line := fmt.Sprintf("Taken %d time(s), last on %s", len(all), last.At.Local().Format("2 Jan 2006"))
		if stg := s.c.course.Stage(last.Placement); stg != nil {
			line += " (placed: " + stg.Title + ")"
		}
		lines = append(lines, st.Muted.Render(line+". Press r for those results."))
	}
	if d := s.c.state.Drafts.Assessments[s.it.ID]; len(d) > 0 {
		lines = append(lines, st.Accent.Render(fmt.Sprintf("You have %d answer(s) from an unfinished attempt: enter continues it.", len(d))))
	} else {
		lines = append(lines, "", st.Accent.Render("Press enter to start."))
	}
	return strings.Join(lines, "\n")
}

func (s *assessScreen) itemView(tw int) string {
	st, it := s.c.styles, s.current()
	var b strings.Builder
	b.WriteString(st.Muted.Render(it.Dimension.Title) + "\n\n")
	b.WriteString(s.c.markdown(s.it.File, it.Text, tw) + "\n")
	if it.Help != "" {
		b.WriteString("\n" + s.c.markdown(s.it.File, it.Help, tw) + "\n")
	}
	b.WriteString("\n")
	if it.Type == content.Number {
		b.WriteString(s.input.View() + "\n")
		var bounds []string
		if it.Min != nil {
			bounds = append(bounds, "at least "+strconv.FormatFloat(*it.Min, 'f', -1, 64))
		}
		if it.Max != nil {
			bounds = append(bounds, "at most "+strconv.FormatFloat(*it.Max, 'f', -1, 64))
		}
		if len(bounds) > 0 {
			b.WriteString(st.Muted.Render(strings.Join(bounds, ", ")) + "\n")
		}
		return b.String()
	}
	cur, answered := s.answers[it.ID]
	for i, label := range s.a.Scale {
		line := fmt.Sprintf("%d  %s", i+1, label)
		if answered && int(cur) == i+1 {
			b.WriteString(st.Cursor.Render("›") + st.Selected.Render(" "+line+" ") + "\n")
		} else {
			b.WriteString("  " + st.Text.Render(line) + "\n")
		}
	}
	return b.String()
}
