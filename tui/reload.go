package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
	"github.com/allyworks/ally/progress"
)

// CourseReloadedMsg is a new version of the course, read after an edit
// (ally --course DIR --watch). The app switches to it and keeps the
// learner's place: every screen open on the stack is opened again on the
// new version where it still exists.
type CourseReloadedMsg struct{ Course *content.Course }

// CourseProblemsMsg says the edited course has problems: they are shown
// over the screen, and the app keeps running on the last good version
// until a CourseReloadedMsg clears them.
type CourseProblemsMsg struct{ Problems []string }

// placer is a screen that can say how to open itself again.
type placer interface{ reopen() navMsg }

func (r *reader) reopen() navMsg {
	return navMsg{kind: navItem, id: r.it.ID, scroll: r.place(), resume: true}
}
func (s *moduleScreen) reopen() navMsg   { return navMsg{kind: navModule, id: s.mod.ID} }
func (s *quizScreen) reopen() navMsg     { return navMsg{kind: navItem, id: s.it.ID} }
func (s *assessScreen) reopen() navMsg   { return navMsg{kind: navItem, id: s.it.ID} }
func (s *progressScreen) reopen() navMsg { return navMsg{kind: navProgress} }
func (s *workbook) reopen() navMsg       { return navMsg{kind: navWorkbook, id: s.focus} }
func (s *gridScreen) reopen() navMsg     { return navMsg{kind: navGrid, id: s.it.ID} }

// reload switches to the new course: the store and the saver first (on
// the saver's goroutine, after the saves already queued), then the
// screens. A screen whose item is gone is closed; one that cannot say how
// to reopen itself (a form being typed in) stays as it is.
func (m *Model) reload(c *content.Course) tea.Cmd {
	m.problems, m.refused = nil, false
	checked := !m.c.course.Checked() // the same texts, now every one checked
	sv := m.c.saver
	switchOp := saveOp{what: "switch to the edited course", run: func(st *progress.Store) error {
		sv.course = c // the saver's own goroutine
		return st.SetCourse(c)
	}}
	m.c.course = c
	if !checked {
		m.c.render = NewRenderer() // the text changed: nothing cached is good
	}
	m.c.over = progress.Evaluate(c, m.c.state)

	var leave []saveOp
	if s, ok := m.top().(interface{ leave() []saveOp }); ok {
		leave = s.leave() // the reading place, before the screens change
	}
	stack := []screen{newHome(m.c)}
	var gone []string
	for _, s := range m.stack[1:] {
		p, ok := s.(placer)
		if !ok {
			stack = append(stack, s)
			continue
		}
		ns, err := m.screenFor(p.reopen())
		if err != nil {
			gone = append(gone, err.Error())
			continue
		}
		stack = append(stack, ns)
	}
	m.stack = stack
	if len(gone) > 0 {
		m.notices = append(m.notices, "The course changed: "+strings.Join(gone, "; "))
	}
	cmds := []tea.Cmd{m.enqueue(append(leave, switchOp)...)}
	for _, s := range m.stack {
		if in, ok := s.(interface{ init() tea.Cmd }); ok {
			cmds = append(cmds, in.init())
		}
	}
	return tea.Batch(cmds...)
}

// problemsView is the overlay of an edited course's problems.
func (m *Model) problemsView() string {
	c := m.c
	st := c.styles
	width := max(20, c.width-4)
	var b strings.Builder
	n := fmt.Sprintf("%d problems", len(m.problems))
	if len(m.problems) == 1 {
		n = "a problem"
	}
	if m.refused {
		b.WriteString(st.Error.Render("This course has " + n + ", so it cannot be opened."))
		b.WriteString("\n")
		them := "them"
		if len(m.problems) == 1 {
			them = "it"
		}
		b.WriteString(st.Muted.Render(wrap("Ally found "+them+" while checking the course in the background. Fix "+them+" (ally validate lists every problem) and start Ally again; "+c.keys.Global.Quit.Help().Key+" quits.", width)))
	} else {
		b.WriteString(st.Error.Render("The course you are editing has " + n + "."))
		b.WriteString("\n")
		b.WriteString(st.Muted.Render("Ally keeps showing the last version that worked. Fix the file and save: this clears by itself."))
	}
	b.WriteString("\n\n")
	room := max(1, c.height-8)
	for i, p := range m.problems {
		if i == room-1 && len(m.problems) > room {
			b.WriteString(fmt.Sprintf("… and %d more (ally validate lists them all)\n", len(m.problems)-i))
			break
		}
		b.WriteString(hanging(termsafe.Line(p), width, 2))
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
