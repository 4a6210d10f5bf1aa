package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
)

// A big course folder opens on its structure (content.ValidateStructure):
// the map, the module screens and lessons work at once, while the whole
// check runs in the background. Its result comes as a CourseReloadedMsg
// (the checked course: the app switches to it, keeping the learner's
// place) or a CourseProblemsMsg (the course is invalid: its problems are
// shown and nothing in it can be opened any more; see Model.refused).
//
// Until then a lesson's text is checked when it is read (Course.Text, off
// the UI goroutine), and what shows other course text — a quiz, a
// self-assessment, the workbook and its worksheets — waits for the check
// with a notice, and opens by itself once it is done.

// checkingLine is shown on the course map until the check is done.
const checkingLine = "Checking the course in the background… lessons open now; quizzes, self-assessments and the workbook once it is done."

// uncheckedError: the screen asked for waits for the course check.
type uncheckedError struct{ what string }

func (e *uncheckedError) Error() string {
	return fmt.Sprintf("Checking the course… %s opens as soon as it is done.", e.what)
}

// unchecked returns an *uncheckedError when n opens course text that has
// not been checked yet.
func (m *Model) unchecked(n navMsg) error {
	c := m.c.course
	if c.Checked() {
		return nil
	}
	switch n.kind {
	case navWorkbook, navEntry, navGrid:
		return &uncheckedError{what: "The workbook"}
	case navItem:
		it := c.Item(n.id)
		if it == nil || it.Kind == content.KindLesson {
			return nil
		}
		return &uncheckedError{what: it.Kind.Word() + " “" + it.Title + "”"}
	}
	return nil
}

// afterCheck opens the screen that waited for the check, if any.
func (m *Model) afterCheck() tea.Cmd {
	n := m.waiting
	m.waiting, m.checking = nil, ""
	if n == nil || m.refused {
		return nil
	}
	return navigate(*n)
}

// refuse shows the problems the check found and closes every screen but
// the course map, where nothing can be opened any more: an invalid course
// never opens.
func (m *Model) refuse(problems []string) tea.Cmd {
	m.refused = true
	m.problems = problems
	m.waiting, m.checking = nil, ""
	m.c.save(m.leaveOps()...)
	m.stack = m.stack[:1]
	return nil
}
