package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/progress"
)

// A big course folder with no structure index yet (its first start, or
// the first after an edit) takes a while to read: ~0.1 s at 10,000
// lessons, ~0.8 s at 50,000, seconds when its files are not in the page
// cache. Meanwhile the course map shows its first screen from the course's
// first module folders (content.FirstModules): the first stage's first
// modules, each with its status where that is known from them, and "…"
// for what needs the rest of the course (the totals, a status whose rule
// names a module further on).
//
// Until the app built on the whole course takes over (ReadyMsg), the
// cursor moves on that map and quit quits; the first other key is kept,
// with a notice, and handled by the app that takes over, on the row the
// cursor was on. Nothing is saved meanwhile: there is no progress store yet.

// readingLine stands for the course's total time on the first screen.
const readingLine = "Reading the rest of the course…"

// keptLine is the notice shown once a key waits for the course.
const keptLine = "Reading the course… this opens as soon as it is read."

// ReadyMsg hands over to the app built on the whole course: the first
// screen's model gives way to Model, which takes the terminal's size, the
// cursor's place and the key kept meanwhile.
type ReadyMsg struct{ Model *Model }

// LoadFailedMsg says the course could not be opened: the first screen
// quits, and the caller says why once the terminal is restored.
type LoadFailedMsg struct{}

// firstScreen is what a first-screen model keeps for the one that takes
// over.
type firstScreen struct {
	size  *tea.WindowSizeMsg
	bg    *tea.BackgroundColorMsg
	moved bool             // the cursor was moved
	key   *tea.KeyPressMsg // the first key that was not the cursor's or quit
	other []tea.Msg        // other messages, in order (the terminal's answers)
}

// NewFirstScreen builds the first screen of a course still being read:
// o.Course is from content.FirstModules, st the learner's progress as
// progress.Peek read it. o.Store, Notices, Resume and Outbox are not used.
func NewFirstScreen(o Options, st *progress.State) *Model {
	m := newModel(o, st)
	m.first = &firstScreen{}
	return m
}

// firstUpdate is Update on the first screen.
func (m *Model) firstUpdate(msg tea.Msg) (tea.Model, tea.Cmd) {
	f := m.first
	switch msg := msg.(type) {
	case ReadyMsg:
		return msg.Model.takeOver(f, m)
	case LoadFailedMsg, StopMsg:
		m.quitting = true
		return m, tea.Quit
	case tea.WindowSizeMsg:
		f.size = &msg
		return m, m.update(msg)
	case tea.BackgroundColorMsg:
		f.bg = &msg
		return m, m.update(msg)
	case tea.KeyPressMsg:
		g := m.c.keys.Global
		switch {
		case key.Matches(msg, g.ForceQuit, g.Quit):
			m.quitting = true // nothing to save yet
			return m, tea.Quit
		case f.key != nil:
			// one key waits already
		case m.top().(*home).list.handle(m.c.keys.Home.ListKeys, msg):
			f.moved = true
		default:
			f.key = &msg
			m.checking = keptLine
		}
		return m, nil
	}
	f.other = append(f.other, msg)
	return m, nil
}

// takeOver makes m, the app on the whole course, the program's model in
// place of the first screen f was kept by: m gets the terminal's size and
// background, the messages that came meanwhile, the cursor's row (when it
// was moved) and the key that waited, in that order.
func (m *Model) takeOver(f *firstScreen, from *Model) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if f.size != nil && (f.size.Width != m.c.width || f.size.Height != m.c.height) {
		// (Not when m was made at that size: every screen would be laid
		// out again for nothing, the map of a 50,000-lesson course in ms.)
		cmds = append(cmds, m.update(*f.size))
	}
	if f.bg != nil {
		cmds = append(cmds, m.update(*f.bg))
	}
	cmds = append(cmds, m.initTop())
	for _, msg := range f.other {
		cmds = append(cmds, m.update(msg))
	}
	if h, ok := m.stack[0].(*home); ok && f.moved && len(m.stack) == 1 {
		h.list.selectKey(from.top().(*home).list.selectedKey())
	}
	if f.key != nil {
		cmds = append(cmds, m.update(*f.key))
	}
	return m, tea.Batch(append(cmds, m.flushSaves())...)
}
