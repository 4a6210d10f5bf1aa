package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// navKind is where a navMsg goes.
type navKind int

const (
	navItem navKind = iota
	navModule
	navProgress
	navWorkbook // id: the worksheet to show first ("" = the first)
	navEntry    // id: the worksheet; entry: the entry to edit ("" = new); parent: for attached worksheets
	navGrid     // id: the worksheet
	navNote     // id: the lesson
)

// navMsg asks the root to open a screen.
type navMsg struct {
	kind    navKind
	id      string
	scroll  float64 // lessons: where to start, 0 … 1
	resume  bool    // opened to resume: go to scroll
	replace bool    // replace the active screen instead of stacking on it
	entry   string  // navEntry: the entry to edit
	parent  string  // navEntry: the parent entry of a new attached entry
}

func navigate(n navMsg) tea.Cmd { return func() tea.Msg { return n } }

// backMsg asks the root to close the active screen.
type backMsg struct{}

func goBack() tea.Msg { return backMsg{} }

// backedMsg tells a screen it is active again.
type backedMsg struct{}

// themeChangedMsg tells the active screen the styles changed.
type themeChangedMsg struct{}

// errMsg shows an error to the learner.
type errMsg struct{ error }

func errCmd(err error) tea.Cmd { return func() tea.Msg { return errMsg{err} } }

// navigate opens the screen a navMsg names.
func (m *Model) navigate(n navMsg) tea.Cmd {
	s, err := m.screenFor(n)
	var wait *uncheckedError
	if errors.As(err, &wait) {
		m.waiting = &n
		m.checking = wait.Error()
		return nil
	}
	if err != nil {
		m.err = err.Error()
		return nil
	}
	m.waiting, m.checking = nil, ""
	// The screen left (or covered: a link opens on top of the lesson)
	// saves its place first.
	m.c.save(m.leaveOps()...)
	if n.replace && len(m.stack) > 1 {
		m.stack[len(m.stack)-1] = s
	} else {
		m.stack = append(m.stack, s)
	}
	return m.initTop()
}

// screenFor builds the screen for a navMsg, refusing what is locked, and
// anything at all once the course check found problems (see refused).
// Before the check is done (a course read by its structure only), what
// shows course text other than a lesson's is not opened: it is an
// *uncheckedError, and navigate opens it once the check is done.
func (m *Model) screenFor(n navMsg) (screen, error) {
	c := m.c
	if m.refused {
		return nil, fmt.Errorf("the course has problems, so nothing in it can be opened: quit (%s) and fix them", c.keys.Global.Quit.Help().Key)
	}
	if err := m.unchecked(n); err != nil {
		return nil, err
	}
	switch n.kind {
	case navProgress:
		return newProgressScreen(c), nil
	case navWorkbook:
		return newWorkbook(c, n.id), nil
	case navEntry:
		it := c.course.Worksheet(n.id)
		if it == nil {
			return nil, fmt.Errorf("the course has no worksheet %q", n.id)
		}
		return newEntryForm(c, it, n.entry, n.parent), nil
	case navGrid:
		it := c.course.Worksheet(n.id)
		if it == nil {
			return nil, fmt.Errorf("the course has no worksheet %q", n.id)
		}
		return newGridScreen(c, it), nil
	case navNote:
		it := c.course.Item(n.id)
		if it == nil || it.Kind != content.KindLesson {
			return nil, fmt.Errorf("the course has no lesson %q", n.id)
		}
		return newNoteScreen(c, it), nil
	case navModule:
		mod := c.course.Module(n.id)
		if mod == nil {
			return nil, fmt.Errorf("the course has no module %q", n.id)
		}
		return newModuleScreen(c, mod), nil
	}
	it := c.course.Item(n.id)
	if it == nil {
		return nil, fmt.Errorf("the course has no item %q (it may have been removed)", n.id)
	}
	ms := c.over.Module(it.Module.ID)
	locked := ms.Status == progress.StatusLocked
	switch {
	case locked && it.Kind == content.KindLesson && ms.Preview:
		return newReader(c, it, n.scroll, true), nil
	case locked:
		return nil, fmt.Errorf("“%s” is locked. To open it: %s", it.Module.Title, unmetText(ms.Unmet))
	}
	switch it.Kind {
	case content.KindQuiz:
		return newQuiz(c, it), nil
	case content.KindAssessment:
		return newAssessment(c, it), nil
	case content.KindWorksheet:
		return newWorkbook(c, it.ID), nil
	}
	return newReader(c, it, n.scroll, false), nil
}

// neighbour returns the item before (-1) or after (+1) it in course order
// that the learner may open, or nil.
func neighbour(c *common, it *content.Item, dir int) *content.Item {
	mods := c.course.Modules
	mi := slices.Index(mods, it.Module)
	if mi < 0 {
		return nil
	}
	ii := slices.Index(mods[mi].Items, it)
	for {
		ii += dir
		for ii < 0 || ii >= len(mods[mi].Items) { // step into the next module
			if mi += dir; mi < 0 || mi >= len(mods) {
				return nil
			}
			ii = 0
			if dir < 0 {
				ii = len(mods[mi].Items) - 1
			}
		}
		next := mods[mi].Items[ii]
		ms := c.over.Module(next.Module.ID)
		if ms.Status != progress.StatusLocked || (ms.Preview && next.Kind == content.KindLesson) {
			return next
		}
	}
}

// unmetText joins what a locked module still needs into one sentence.
func unmetText(unmet []string) string {
	parts := make([]string, len(unmet))
	for i, u := range unmet {
		parts[i] = lowerFirst(u)
	}
	return strings.Join(parts, "; ") + "."
}
