package tui

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
)

// home is the course map: the trajectory stage by stage, where to continue
// and the recommended next step.
type home struct {
	c     *common
	list  list
	width int // the terminal's width the rows were laid out for
}

func newHome(c *common) *home {
	h := &home{c: c}
	h.build()
	h.list.first()
	return h
}

func (h *home) capturing() bool { return false }

func (h *home) help() keyHelp {
	k := h.c.keys.Home
	return h.c.keys.Global.globals(false, // esc does nothing on the map
		[]key.Binding{k.Up, k.Down, k.Open, k.Continue, k.Progress},
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
		[]key.Binding{k.Open, k.Continue, k.Progress},
	)
}

// build lays out the rows from the course and the learner's state.
func (h *home) build() {
	c, s, o := h.c, h.c.styles, h.c.over
	h.width = c.width
	rows := make([]row, 0, len(o.Modules)+2*len(o.Stages)+16) // most modules take one row
	if fresh(c.state) {
		rows = append(rows, h.welcome()...)
	}
	// On the first screen of a course still being read (first.go), what
	// needs the rest of the course shows as "…".
	reading := c.course.Partial()
	resume, resuming := progress.ResumePlace(c.course, c.state, o)
	placeless := c.state.Last == nil && len(c.state.Drafts.Quizzes) == 0 && len(c.state.Drafts.Assessments) == 0
	if reading && (resuming && !h.known(resume.Item.Module) || !resuming && !placeless) {
		rows = append(rows, row{text: s.Accent.Render("▶ Continue  ") + s.Muted.Render("…"), key: "continue"})
		resuming = false
	} else if resuming {
		it := resume.Item
		where := fmt.Sprintf("“%s” · %s", it.Title, it.Module.Title)
		switch {
		case resume.Draft:
			where += " · unfinished"
		case it.Kind == content.KindLesson:
			where += " · at " + pct(resume.Scroll)
		}
		rows = append(rows, wrapRow(row{
			text:   s.Accent.Render("▶ Continue  ") + s.Text.Render(where),
			target: resumeNav(resume),
			key:    "continue",
		}, c.width-4, 12)...)
	}
	nextKnown := !reading || h.nextKnown()
	switch n := o.Next; {
	case !nextKnown:
		rows = append(rows, row{text: s.Accent.Render("★ Next      ") + s.Muted.Render("…"), key: "next"})
	case n.Kind == progress.NextItem:
		if !resuming || resume.Item != n.Item {
			rows = append(rows, wrapRow(row{text: s.Accent.Render("★ Next      ") + s.Text.Render(n.String()), target: &navMsg{id: n.Item.ID}, key: "next"}, c.width-4, 12)...)
		}
	case n.Kind == progress.NextUnlock:
		head := "To open “" + n.Module.Title + "”"
		var target *navMsg
		if n.Action != nil {
			head += ", " + actionText(c, n.Action)
			target = &navMsg{id: n.Action.ID}
		} else {
			head += ", these must hold"
		}
		wrapped := strings.Split(hanging(s.Warn.Render("★ Next      ")+s.Text.Render(head+":"), c.width-4, 12), "\n")
		rows = append(rows, row{text: wrapped[0], target: target, key: "next"})
		for _, l := range wrapped[1:] {
			rows = append(rows, row{text: l})
		}
		for _, l := range checklistLines(s, n.Checks, c.width-4-14) {
			rows = append(rows, row{text: strings.Repeat(" ", 14) + l})
		}
	case n.Kind == progress.NextComplete:
		rows = append(rows, row{text: s.Good.Render("✓ Course complete: every module is done. Retake the self-assessment to see how far you came.")})
	}
	if len(rows) > 0 {
		rows = append(rows, row{})
	}
	nextModule := ""
	if o.Next.Module != nil && nextKnown {
		nextModule = o.Next.Module.ID
	}
	stages := o.Stages
	if reading && len(stages) > 0 {
		stages = stages[:1] // the modules read are the first of the first stage
	}
	for _, st := range stages {
		head := s.Heading.Render(st.Stage.Label+" · "+st.Stage.Title) + "  "
		if reading {
			head += s.Muted.Render("…")
		} else {
			head += s.bar(st.Done, st.Total, 10) + s.Muted.Render(fmt.Sprintf(" %d/%d modules", st.Done, st.Total)+timeLeft(st.Minutes, st.MinutesLeft))
		}
		if st.Completed && !reading {
			head += s.Good.Render("  ✓")
		}
		rows = append(rows, row{text: head})
		for _, ms := range st.Modules {
			ml := newModuleLine(ms, ms.Module.ID == nextModule)
			if reading && !h.known(ms.Module) {
				ml.unknown, ml.counts = true, ""
			}
			r := row{target: &navMsg{kind: navModule, id: ms.Module.ID}, key: "module:" + ms.Module.ID}
			if w, ok := ml.width(); ok && w <= max(10, c.width-4) {
				// One line, as wrapRow would leave it: styled when drawn.
				r.draw = func() string { return ml.render(s) }
				rows = append(rows, r)
				continue
			}
			r.text = ml.render(s)
			rows = append(rows, wrapRow(r, c.width-4, 22)...)
		}
	}
	if reading {
		rows = append(rows, row{text: "  " + s.Muted.Render(readingRest)})
	}
	h.list.setRows(rows)
}

// readingRest ends the first screen's list of modules.
const readingRest = "… and the rest of the course, being read"

// known reports whether a module's status on the first screen of a course
// still being read is the one the whole course gives it: its rule names
// nothing outside the modules read.
func (h *home) known(m *content.Module) bool {
	return h.c.course.Knows(m.EffectiveRule())
}

// nextKnown reports whether the next step the first screen of a course
// still being read finds is the whole course's: an item of the first
// stage, after modules of known status only.
func (h *home) nextKnown() bool {
	o := h.c.over
	if o.Next.Kind != progress.NextItem || len(o.Stages) == 0 {
		return false
	}
	for _, ms := range o.Stages[0].Modules {
		if !h.known(ms.Module) {
			return false
		}
		if ms.Module == o.Next.Module {
			return true
		}
	}
	return false
}

// moduleLine is a module's row on the course map, before it is styled: a
// course of 50,000 lessons has thousands, of which a frame shows a few.
type moduleLine struct {
	ms      *progress.ModuleState
	counts  string // "  3/9"; "" when locked
	left    string // timeLeft
	next    bool
	unknown bool // its status needs the rest of the course (home.known)
}

// nextMark ends the line of the module the next step is in.
const nextMark = "  ★ next"

// statusMarkWidth is the cells of a status mark on the map (padded).
const statusMarkWidth = 20

func newModuleLine(ms *progress.ModuleState, next bool) moduleLine {
	ml := moduleLine{ms: ms, left: timeLeft(ms.Minutes, ms.MinutesLeft), next: next}
	if ms.Status != progress.StatusLocked {
		ml.counts = "  " + strconv.Itoa(ms.Done) + "/" + strconv.Itoa(ms.Total)
	}
	return ml
}

// render styles the line (indented, not wrapped).
func (ml moduleLine) render(s Styles) string {
	ms := ml.ms
	status := s.statusMark(ms.Status, ms.Preview)
	if ml.unknown {
		status = s.Muted.Render("…")
	}
	mark := lipgloss.NewStyle().Width(statusMarkWidth).Render(status)
	name := s.Text
	if ms.Status == progress.StatusLocked || ml.unknown {
		name = s.Muted // locked titles stay in the background
	}
	text := mark + name.Render(moduleName(ms.Module))
	if ml.counts != "" {
		text += s.Muted.Render(ml.counts)
	}
	text += s.Muted.Render(ml.left)
	if ml.next {
		text += s.Accent.Render(nextMark)
	}
	return "  " + text
}

// width is the cells render's line takes, worked out without styling
// it; ok is false when the title has characters that styling or wrapping
// may count otherwise (control characters), or is not valid UTF-8.
func (ml moduleLine) width() (w int, ok bool) {
	name, ok := cells(moduleName(ml.ms.Module))
	if !ok {
		return 0, false
	}
	w = 2 + statusMarkWidth + name + len(ml.counts) + ansi.StringWidth(ml.left)
	if ml.next {
		w += ansi.StringWidth(nextMark)
	}
	return w, true
}

// cells is the width of a title in cells; ok is false when it has control
// characters or is not valid UTF-8.
func cells(s string) (int, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == 0x7f {
			return 0, false
		} else if b >= 0x80 {
			ascii = false
		}
	}
	if ascii {
		return len(s), true
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r < 0xa0 }) {
		return 0, false
	}
	return ansi.StringWidth(s), true
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if h.width == h.c.width {
			break // the rows depend on the width only
		}
		cur := h.list.selectedKey()
		h.build()
		if !h.list.selectKey(cur) {
			h.list.first()
		}
	case progressMsg, backedMsg, themeChangedMsg:
		cur := h.list.selectedKey()
		h.build()
		if cur == "continue" || !h.list.selectKey(cur) {
			h.list.first() // the first row is the step to take
		}
	case tea.KeyPressMsg:
		k := h.c.keys.Home
		switch {
		case h.list.handle(k.ListKeys, msg):
		case key.Matches(msg, k.Open):
			if t := h.list.selected(); t != nil {
				return h, navigate(*t)
			}
		case key.Matches(msg, k.Continue):
			if t := continueNav(h.c); t != nil {
				return h, navigate(*t)
			}
		case key.Matches(msg, k.Progress):
			return h, navigate(navMsg{kind: navProgress})
		}
	}
	return h, nil
}

func (h *home) view() string {
	c, s := h.c, h.c.styles
	w := c.width
	title := spread(s.Title.Render(c.course.Title), s.Muted.Render("v"+c.course.Version), w-2)
	summary := s.Subtitle.Render(wrap(strings.TrimSpace(c.course.Summary), w-2))
	if c.course.Partial() {
		summary += "\n" + s.Muted.Render(wrap(readingLine, w-2))
	} else if o := c.over; o.Minutes > 0 {
		total := "About " + duration(o.Minutes) + " in all"
		if o.MinutesLeft < o.Minutes {
			total += timeLeft(o.Minutes, o.MinutesLeft)
		}
		summary += "\n" + s.Muted.Render(total)
	}
	if c.outbox != "" {
		summary += "\n" + s.Muted.Render(wrap(c.outbox, w-2))
	}
	if !c.course.Checked() && !c.course.Partial() {
		// (A first screen opens nothing yet: its check has not begun.)
		summary += "\n" + s.Muted.Render(wrap(checkingLine, w-2))
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(title + "\n" + summary)
	rule := s.Rule.Render(repeat("─", w))
	used := lipgloss.Height(header) + 2 // rule + blank
	body := h.list.view(s, w, c.height-used-footerLines)
	return header + "\n" + rule + "\n" + body
}

// wrapRow wraps a row's text to width with a hanging indent of n: the
// first line keeps the target, the rest are plain rows under it.
func wrapRow(r row, width, n int) []row {
	lines := strings.Split(hanging(r.text, max(10, width), n), "\n")
	out := []row{{text: lines[0], target: r.target, key: r.key}}
	for _, l := range lines[1:] {
		out = append(out, row{text: l})
	}
	return out
}

// fresh: the learner has done nothing yet.
func fresh(st *progress.State) bool {
	return st.Last == nil && len(st.Lessons) == 0 && len(st.Quizzes) == 0 && len(st.Assessments) == 0
}

// welcome is the first run's greeting: what the course is, how long, how
// unlocking works, the keys to know (from their bindings).
func (h *home) welcome() []row {
	c, s := h.c, h.c.styles
	k := c.keys
	lessons := 0
	for _, m := range c.course.Modules {
		for _, it := range m.Items {
			if it.Kind == content.KindLesson {
				lessons++
			}
		}
	}
	first := fmt.Sprintf("This course has %s in %s and %s, about %s of reading, quizzes and self-assessments.",
		plural(len(c.course.Modules), "module", "modules"), plural(len(c.course.Stages), "stage", "stages"), plural(lessons, "lesson", "lessons"), duration(c.over.Minutes))
	if c.course.Partial() {
		// The same sentence, wrapped about the same, with what is not
		// counted yet left out.
		first = fmt.Sprintf("This course has … modules in %s and … lessons, about … of reading, quizzes and self-assessments.",
			plural(len(c.course.Stages), "stage", "stages"))
	}
	text := []string{
		s.Heading.Render("Welcome.") + " " + s.Text.Render(first),
		s.Text.Render("Modules open as you finish the ones before them; a locked one lists what it still needs, with where you stand."),
		s.Muted.Render(fmt.Sprintf("Keys to know: %s · %s · %s.", bindingText(k.Home.Open), bindingText(k.Home.Continue), bindingText(k.Global.Help))),
	}
	var rows []row
	for _, t := range text {
		for _, l := range strings.Split(wrap(t, max(10, c.width-4)), "\n") {
			rows = append(rows, row{text: l})
		}
	}
	return append(rows, row{})
}

// duration writes minutes as "45 min", "1 h 20 min", "6 h".
func duration(n int) string {
	switch h, m := n/60, n%60; {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	default:
		return fmt.Sprintf("%d h %d min", h, m)
	}
}

// timeLeft is " · 25 min left" (or the total, " · 40 min", before anything
// is done; "" when the author gave no times or nothing is left).
func timeLeft(total, left int) string {
	switch {
	case total == 0 || left == 0:
		return ""
	case left == total:
		return " · " + duration(total)
	}
	return " · " + duration(left) + " left"
}

// resumeNav opens a resume place.
func resumeNav(r progress.Resume) *navMsg {
	return &navMsg{id: r.Item.ID, scroll: r.Scroll, resume: true}
}

// continueNav is where c (and ally --resume) goes: the place to resume,
// else the next step; nil when there is neither.
func continueNav(c *common) *navMsg {
	if r, ok := progress.ResumePlace(c.course, c.state, c.over); ok {
		return resumeNav(r)
	}
	switch n := c.over.Next; {
	case n.Kind == progress.NextItem:
		return &navMsg{id: n.Item.ID}
	case n.Kind == progress.NextUnlock && n.Action != nil:
		return &navMsg{id: n.Action.ID}
	}
	return nil
}

// footerLines is the room kept for the key help under every screen.
const footerLines = 1

// moduleName is a module's label (if it has one) and title.
func moduleName(m *content.Module) string {
	if m.Label != "" {
		return m.Label + "  " + m.Title
	}
	return m.Title
}
