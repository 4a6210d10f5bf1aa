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
	intro   viewport.Model     // the intro scrolls: it can be taller than the window
	msg     string             // what is wrong with the last key on an item, shown under it
	given   map[string]float64 // answers given in this attempt (answers also holds the pre-filled)
}

func newAssessment(c *common, it *content.Item) *assessScreen {
	s := &assessScreen{c: c, it: it, a: it.Assessment, answers: map[string]float64{}, results: viewport.New(), intro: viewport.New()}
	for _, d := range s.a.Dimensions {
		s.items = append(s.items, d.Items...)
	}
	s.input = newInput(c, "› ", "")
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

// capturing is false even on a number item: the field takes only what a
// number is made of, so q, ? and the item keys keep working.
func (s *assessScreen) capturing() bool { return false }

func (s *assessScreen) draft() map[string]float64 { return s.c.state.Drafts.Assessments[s.it.ID] }

func (s *assessScreen) current() *content.AssessmentItem { return s.items[s.pos] }

func (s *assessScreen) help() keyHelp {
	k, g := s.c.keys.Assess, s.c.keys.Global
	switch s.phase {
	case assessIntro:
		short := []key.Binding{k.Start}
		if len(s.draft()) > 0 {
			start := k.Start
			start.SetHelp("enter", "continue")
			short = []key.Binding{start, k.Fresh}
		}
		if len(s.attempts()) > 0 {
			short = append(short, k.Results)
		}
		if r := s.c.keys.Reader; s.intro.TotalLineCount() > s.intro.Height() {
			short = append(short, r.Down, r.Up, r.PageDown)
		}
		return g.withGlobal(short)
	case assessItem:
		nav := []key.Binding{k.Prev, k.Next, k.First, k.Last, k.PrevDim, k.NextDim}
		if s.current().Type == content.Number {
			return g.withGlobal(append([]key.Binding{k.Confirm}, nav...), nav)
		}
		rate := k.Rate
		rate.SetHelp(fmt.Sprintf("1-%d", len(s.a.Scale)), "rate") // the scale's own length
		return g.withGlobal(append([]key.Binding{rate}, nav...), nav)
	}
	r := s.c.keys.Reader
	open := k.OpenModule
	open.SetEnabled(len(s.recommended()) > 0)
	return g.withGlobal([]key.Binding{open, r.Down, r.Up, r.PageDown})
}

// start begins an attempt: the unfinished one continued at its first
// unanswered item, or (fresh, or with no draft) a new one from the first
// item with the last attempt's answers pre-filled.
func (s *assessScreen) start(fresh bool) tea.Cmd {
	s.phase, s.pos, s.msg = assessItem, 0, ""
	s.answers, s.given = map[string]float64{}, map[string]float64{}
	s.prev = nil
	all := s.attempts()
	if len(all) > 0 {
		s.prev = &all[len(all)-1]
		for _, it := range s.items { // pre-filled: only what the assessment still asks
			if v, ok := s.prev.Answers[it.ID]; ok {
				s.answers[it.ID] = v
			}
		}
	}
	if d := s.draft(); len(d) > 0 && !fresh {
		for id, v := range d {
			s.answers[id], s.given[id] = v, v
		}
		// Go on at the first item not given in the unfinished attempt.
		s.pos = len(s.items) - 1
		for i, it := range s.items {
			if _, ok := s.given[it.ID]; !ok {
				s.pos = i
				break
			}
		}
	}
	return s.enterItem()
}

// firstUnanswered is the first item without an answer (the last item when
// all are answered).
func (s *assessScreen) firstUnanswered() int {
	for i, it := range s.items {
		if _, ok := s.answers[it.ID]; !ok {
			return i
		}
	}
	return len(s.items) - 1
}

// jump goes to item i.
func (s *assessScreen) jump(i int) tea.Cmd {
	s.pos = max(0, min(i, len(s.items)-1))
	return s.enterItem()
}

// jumpDim goes to the first item of the previous (-1) or next (+1)
// dimension; back from inside a dimension, to its own first item.
func (s *assessScreen) jumpDim(dir int) tea.Cmd {
	cur := s.current().Dimension
	start := s.pos
	for start > 0 && s.items[start-1].Dimension == cur {
		start--
	}
	if dir < 0 {
		if start < s.pos {
			return s.jump(start)
		}
		if start == 0 {
			return nil
		}
		prev := s.items[start-1].Dimension
		for start > 0 && s.items[start-1].Dimension == prev {
			start--
		}
		return s.jump(start)
	}
	for i := s.pos; i < len(s.items); i++ {
		if s.items[i].Dimension != cur {
			return s.jump(i)
		}
	}
	return nil
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

// init lays the intro out.
func (s *assessScreen) init() tea.Cmd {
	s.fillIntro()
	return nil
}

func (s *assessScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, themeChangedMsg, progressMsg, backedMsg:
		s.fillIntro()
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
		case scroll(&s.intro, s.c.keys.Reader, msg):
		case key.Matches(msg, k.Start):
			return s.start(false)
		case key.Matches(msg, k.Fresh) && len(s.draft()) > 0:
			return s.start(true)
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
		case key.Matches(msg, k.OpenModule):
			if n := int(msg.Code - '1'); n >= 0 && n < len(s.recommended()) {
				return navigate(navMsg{kind: navModule, id: s.recommended()[n]})
			}
		case scroll(&s.results, s.c.keys.Reader, msg):
		case key.Matches(msg, g.Back), key.Matches(msg, k.Submit):
			return goBack
		}
	}
	return nil
}

// itemKey handles a key on an item. Rating and number items share their
// keys: ←/→ previous/next (→ confirms a typed number), g/G first item /
// first unanswered, [/] previous/next section, esc back to the intro (the
// answers so far stay saved as a draft).
func (s *assessScreen) itemKey(msg tea.KeyPressMsg) tea.Cmd {
	k, g := s.c.keys.Assess, s.c.keys.Global
	it := s.current()
	s.msg = ""
	number := it.Type == content.Number
	switch {
	case key.Matches(msg, g.Back):
		s.phase = assessIntro
		s.input.Blur()
		s.fillIntro()
		return nil
	case key.Matches(msg, k.Prev):
		return s.move(-1)
	case key.Matches(msg, k.First):
		return s.jump(0)
	case key.Matches(msg, k.Last):
		return s.jump(s.firstUnanswered())
	case key.Matches(msg, k.PrevDim):
		return s.jumpDim(-1)
	case key.Matches(msg, k.NextDim):
		return s.jumpDim(1)
	case number && (key.Matches(msg, k.Confirm) || key.Matches(msg, k.Next)):
		v, err := s.parseNumber(it)
		if err != nil {
			s.msg = err.Error()
			return nil
		}
		return s.answer(it, v)
	case number:
		if t := msg.Text; t != "" && strings.Trim(t, "0123456789.-") != "" {
			s.msg = "type a number: digits, and . for a fraction"
			return nil
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	case key.Matches(msg, k.Rate):
		if n := int(msg.Code - '0'); n >= 1 && n <= len(s.a.Scale) {
			return s.answer(it, float64(n))
		}
		s.msg = fmt.Sprintf("the scale goes from 1 to %d", len(s.a.Scale))
	case key.Matches(msg, k.Next), key.Matches(msg, k.Submit):
		if _, ok := s.answers[it.ID]; !ok {
			s.msg = fmt.Sprintf("rate this statement first: press 1 to %d", len(s.a.Scale))
			return nil
		}
		return s.move(1)
	case msg.Text != "":
		s.msg = fmt.Sprintf("press 1 to %d to rate, %s or %s to move", len(s.a.Scale), s.c.keys.Assess.Prev.Help().Key, s.c.keys.Assess.Next.Help().Key)
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
	s.given[it.ID] = v
	id, answers := s.it.ID, cloneAnswers(s.given)
	// The draft holds what was given in this attempt (pre-filled answers
	// come from the last attempt again on continuing). Saved before anything move does: finishing records the attempt,
	// which clears this draft.
	s.c.save(saveOp{what: "save your answer", run: func(st *progress.Store) error { return st.SaveAssessmentDraft(id, answers) }})
	return s.move(1)
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
			s.msg = fmt.Sprintf("item %d of %d has no answer yet", i+1, len(s.items))
			return s.enterItem()
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
	s.c.save(saveOp{what: "record the self-assessment", run: func(st *progress.Store) error {
		_, err := st.RecordAssessment(id, answers)
		return err
	}})
	return nil
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
	changed := false
	for _, d := range change {
		changed = changed || math.Abs(d) >= 0.05
	}
	var b strings.Builder
	b.WriteString(st.Heading.Render("Your results") + st.Muted.Render(fmt.Sprintf("  (scale 1–%d", len(s.a.Scale))))
	if changed { // else there is no change to show
		b.WriteString(st.Muted.Render(", ▲▼ change since " + s.prev.At.Local().Format("2 Jan 2006")))
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
		// The course's own words for the placement, then the stage.
		line := st.Heading.Render("Start at ") + st.Accent.Render(where)
		if p := res.Placement; p != nil && p.Title != "" {
			line = st.Heading.Render(p.Title) + st.Muted.Render(" · ") + st.Text.Render("start at ") + st.Accent.Render(where)
		}
		b.WriteString(wrap(line, tw) + "\n")
	} else {
		b.WriteString(st.Muted.Render("No placement rule matched your answers.") + "\n")
	}
	for _, ad := range res.Advice {
		b.WriteString("\n" + wrap(st.Warn.Render("! ")+st.Text.Render(ad.Message), tw) + "\n")
	}
	if rec := s.recommended(); len(rec) > 0 {
		b.WriteString("\n" + st.Heading.Render("Recommended modules") + st.Muted.Render("  (press the number to open one)") + "\n")
		for i, id := range rec {
			ms := c.over.Module(id)
			mark := lipgloss.NewStyle().Width(20).Render(st.statusMark(ms.Status, ms.Preview))
			b.WriteString(fmt.Sprintf("  %s  %s%s\n", st.Key.Render(strconv.Itoa(i+1)), mark, st.Text.Render(moduleName(ms.Module))))
		}
	}
	b.WriteString("\n" + wrap(st.Muted.Render("Your answers are saved in your progress file. Retake this any time to see how you grow."), tw))
	s.results.SetContent(lipgloss.NewStyle().Padding(0, 2).Render(b.String()))
}

// recommended lists the shown attempt's recommended modules that the
// course has (nine at most: one key each).
func (s *assessScreen) recommended() []string {
	if s.result == nil {
		return nil
	}
	var out []string
	for _, id := range s.result.Recommend {
		if s.c.over.Module(id) != nil && len(out) < 9 {
			out = append(out, id)
		}
	}
	return out
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
		return header + "\n" + rule + "\n" + s.intro.View()
	case assessItem:
		body = s.itemView(tw)
	case assessResults:
		return header + "\n" + rule + "\n" + s.results.View()
	}
	return header + "\n" + rule + "\n" + lipgloss.NewStyle().Padding(1, 2).Render(body)
}

// fillIntro lays out the intro in its viewport: what to do first (start,
// continue, earlier results), then the author's introduction, so the keys
// that matter show without scrolling.
func (s *assessScreen) fillIntro() {
	c := s.c
	w := c.width
	tw := max(10, min(w-4, c.maxWidth))
	s.intro.SetWidth(w)
	s.intro.SetHeight(max(1, c.height-2-footerLines))
	y := s.intro.YOffset()
	s.intro.SetContent(lipgloss.NewStyle().Padding(1, 2).Render(s.introView(tw)))
	s.intro.SetYOffset(y)
}

func (s *assessScreen) introView(tw int) string {
	st := s.c.styles
	var lines, intro []string
	if s.a.Intro != "" {
		intro = append(intro, "", s.c.markdown(s.it.File, s.a.Intro, tw))
	}
	lines = append(lines, st.Text.Render(plural(len(s.items), "item", "items")+"."))
	if all := s.attempts(); len(all) > 0 {
		last := all[len(all)-1]
		line := fmt.Sprintf("Taken %s, last on %s", plural(len(all), "time", "times"), last.At.Local().Format("2 Jan 2006"))
		if stg := s.c.course.Stage(last.Placement); stg != nil {
			line += " (placed: " + stg.Title + ")"
		}
		lines = append(lines, st.Muted.Render(line+". Press "+s.c.keys.Assess.Results.Help().Key+" for those results."))
	}
	if d := s.c.state.Drafts.Assessments[s.it.ID]; len(d) > 0 {
		lines = append(lines, st.Accent.Render(fmt.Sprintf("You have %s from an unfinished attempt: %s continues it.", plural(len(d), "answer", "answers"), s.c.keys.Assess.Start.Help().Key)))
		fresh := s.c.keys.Assess.Fresh.Help().Key + " starts afresh."
		if len(s.attempts()) > 0 {
			fresh = s.c.keys.Assess.Fresh.Help().Key + " starts fresh, with your last answers pre-filled."
		}
		lines = append(lines, st.Muted.Render(fresh))
	} else if len(s.attempts()) > 0 {
		lines = append(lines, st.Accent.Render("Press "+s.c.keys.Assess.Start.Help().Key+" to take it again: your last answers are pre-filled."))
	} else {
		lines = append(lines, st.Accent.Render("Press "+s.c.keys.Assess.Start.Help().Key+" to start."))
	}
	for i, l := range lines {
		lines[i] = wrap(l, tw)
	}
	return strings.Join(append(lines, intro...), "\n")
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
		return b.String() + s.msgLine(tw)
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
	return b.String() + s.msgLine(tw)
}

// msgLine shows what was wrong with the last key, under the item.
func (s *assessScreen) msgLine(tw int) string {
	if s.msg == "" {
		return ""
	}
	return "\n" + wrap(s.c.styles.Warn.Render("! "+s.msg), tw) + "\n"
}
