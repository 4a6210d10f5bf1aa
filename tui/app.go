// Package tui is Ally's full-screen terminal UI (Bubble Tea v2): the course
// map, module screens, the lesson reader, quizzes, self-assessments and the
// progress screen. Course logic lives in content and progress; this package
// only shows it and records what the learner does through a progress.Store.
package tui

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size for the layout.
const minWidth, minHeight = 40, 12

// Options configure the app.
type Options struct {
	Course   *content.Course
	Store    *progress.Store
	Notices  []string // shown once, on top (e.g. a corrupt file moved aside)
	Mode     Mode
	MaxWidth int  // reading width cap for lessons
	Resume   bool // open the last place straight away
	Seed     uint64
	Now      func() time.Time // the clock; nil = time.Now
	// Outbox, when set, returns the xAPI status line for the course map;
	// it is called off the UI goroutine after each save once an OutboxMsg
	// has set a line.
	Outbox func() string
	// Width and Height are the terminal's size when known before the
	// program starts (0 = wait for it): with Resume, the lesson is then
	// rendered in the background straight away, at the right width.
	Width, Height int
}

// common is what every screen shares: the course, the learner's state, the
// styles and keys, the size. Screens read it; only the root writes it.
type common struct {
	course   *content.Course
	path     string // the progress file
	state    *progress.State
	over     *progress.Overview
	keys     KeyMap
	styles   Styles
	mode     Mode
	dark     bool
	width    int
	height   int
	maxWidth int
	render   *Renderer
	saver    *saver
	rng      *rand.Rand
	now      func() time.Time
	retry    time.Duration // wait before retrying failed saves
	idle     time.Duration // a reading place is saved this long after the last scroll
	quitWait time.Duration // quitting waits at most this long for the saves
	toSave   []saveOp      // changes asked for while handling the current message
	outbox   string        // the xAPI status line on the course map ("" = none)
	outboxFn func() string // refreshes it (Options.Outbox)
}

// OutboxMsg tells the app how many xAPI statements wait to be sent; the
// course map shows Status under the course summary ("" hides it). The
// command that runs the app sends it once the outbox is read, off the UI
// goroutine.
type OutboxMsg struct{ Status string }

// markdown renders a short course text (a question, an option, feedback,
// a statement) of the course file file as markdown, wrapped to width, in
// the current style; its links to other items show their titles.
func (c *common) markdown(file, md string, width int) string {
	return c.render.Snippet(md, file, fileLinks(c.course, file), max(1, width), c.styles.Glamour)
}

// plain renders a short course text as plain text (for a title, or an
// answer inside a sentence), wrapped to width: no markup, no styling.
func (c *common) plain(md string, width int) string {
	return ansi.Strip(c.render.Snippet(md, "", nil, max(1, width), styleNoTTY))
}

// readWidth is the lesson text width for the current terminal.
func (c *common) readWidth() int {
	return max(20, min(c.width-4, c.maxWidth))
}

// screen is one page of the app. Screens return themselves from update and
// ask for navigation with messages (navMsg, backMsg).
type screen interface {
	update(msg tea.Msg) (screen, tea.Cmd)
	view() string
	help() keyHelp
	// capturing reports a text field with focus: every key goes to it.
	capturing() bool
}

// Model is the root of the app: a stack of screens, global keys, the error
// line and the save queue.
type Model struct {
	c        *common
	stack    []screen
	helpView help.Model
	showHelp bool
	err      string
	notices  []string
	pending  []saveOp // saves that failed, retried with the next one
	retrying bool     // a retry is scheduled
	saving   bool     // quitting: waiting for the queued saves
	quitting bool     // quit: the screen is blank
	confirm  bool     // quit asked while saves are failing
	problems []string // the edited course's problems (--watch), shown over the screen
	// refused: the check of a course opened on its structure found
	// problems; they are shown and nothing can be opened (see check.go).
	refused bool
	// waiting is the screen asked for before the course check was done,
	// opened once it is; checking is the notice shown meanwhile.
	waiting  *navMsg
	checking string
	// first: this is the first screen of a course still being read,
	// until a ReadyMsg hands over (first.go).
	first *firstScreen
}

// quitWait bounds how long quitting waits for the queued saves.
const quitWait = 5 * time.Second

// StopMsg asks the app to save and quit without asking anything, as on a
// signal (SIGTERM, SIGINT, SIGHUP): the active screen saves what it would
// save when left, the queued saves finish (within quitWait), then the
// program quits and the terminal is restored.
type StopMsg struct{}

// flushedMsg: every save queued before it is done.
type flushedMsg struct{}

// quitTimeoutMsg: quitting waited long enough for the saves.
type quitTimeoutMsg struct{}

// New builds the app.
func New(o Options) *Model {
	store := o.Store
	m := newModel(o, store.Snapshot())
	c := m.c
	c.path = store.Path()
	c.saver = newSaver(store, o.Course)
	c.outboxFn = o.Outbox
	m.notices = o.Notices
	if t := continueNav(c); o.Resume && t != nil {
		s, err := m.screenFor(*t)
		if wait := (*uncheckedError)(nil); errors.As(err, &wait) {
			m.waiting, m.checking = t, wait.Error() // opens once the course is checked
		}
		if err == nil {
			m.stack = append(m.stack, s)
			if r, ok := s.(*reader); ok && o.Width > 0 {
				r.prefetch() // render now, while the terminal is set up
			}
		}
	}
	return m
}

// newModel is the app on o.Course and the learner's state, with the map
// as its only screen and no progress store yet.
func newModel(o Options, state *progress.State) *Model {
	c := &common{
		course:   o.Course,
		state:    state,
		over:     progress.Evaluate(o.Course, state),
		keys:     DefaultKeyMap(),
		mode:     o.Mode,
		dark:     true,
		maxWidth: max(o.MaxWidth, 20),
		render:   NewRenderer(),
		rng:      rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
		now:      o.Now,
		retry:    retryEvery,
		idle:     time.Second,
		quitWait: quitWait,
		width:    80,
		height:   24,
	}
	if o.Width > 0 && o.Height > 0 {
		c.width, c.height = o.Width, o.Height
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.styles = NewStyles(o.Mode, c.dark)
	m := &Model{c: c, helpView: help.New()}
	m.restyle()
	m.stack = []screen{newHome(c)}
	return m
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Init asks for the terminal background (in auto mode) without waiting for
// it: the first frame uses the dark palette and restyles if the answer says
// otherwise. It also starts the first screen.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.c.mode == ModeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	cmds = append(cmds, m.initTop(), m.flushSaves())
	return tea.Batch(cmds...)
}

// flushSaves queues the changes screens asked for.
func (m *Model) flushSaves() tea.Cmd {
	if len(m.c.toSave) == 0 {
		return nil
	}
	ops := m.c.toSave
	m.c.toSave = nil
	return m.enqueue(ops...)
}

// initTop starts whatever the top screen needs (a rendering, …).
func (m *Model) initTop() tea.Cmd {
	if s, ok := m.top().(interface{ init() tea.Cmd }); ok {
		return s.init()
	}
	return nil
}

func (m *Model) restyle() {
	m.c.styles = NewStyles(m.c.mode, m.c.dark)
	st := help.DefaultStyles(m.c.dark)
	if !m.c.styles.Colour {
		st = help.Styles{}
	}
	st.ShortKey, st.FullKey = m.c.styles.Key, m.c.styles.Key
	st.ShortDesc, st.FullDesc = m.c.styles.KeyDesc, m.c.styles.KeyDesc
	m.helpView.Styles = st
}

// Update routes a message: app-wide messages first, then keys (the focused
// screen before global keys), then the active screen. The changes screens
// asked for on the way are queued last, in order.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.first != nil {
		return m.firstUpdate(msg)
	}
	cmd := m.update(msg)
	return m, tea.Batch(cmd, m.flushSaves())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.helpView.SetWidth(max(1, msg.Width-2)) // the footer's padding
		return m.forwardAll(msg)
	case tea.BackgroundColorMsg:
		if m.c.mode == ModeAuto && msg.IsDark() != m.c.dark {
			m.c.dark = msg.IsDark()
			m.restyle()
			return m.forwardAll(themeChangedMsg{})
		}
		return nil
	case renderedMsg:
		return m.forwardAll(msg) // tagged: each screen takes only its own
	case savedMsg:
		return m.saved(msg)
	case retryMsg:
		m.retrying = false
		return m.enqueue()
	case errMsg:
		m.err = msg.Error()
		return nil
	case OutboxMsg:
		m.c.outbox = msg.Status
		return nil
	case CourseReloadedMsg:
		return tea.Batch(m.reload(msg.Course), m.afterCheck())
	case CourseProblemsMsg:
		if !m.c.course.Checked() {
			return m.refuse(msg.Problems)
		}
		m.problems = msg.Problems
		return nil
	case StopMsg:
		return m.quit(true)
	case flushedMsg, quitTimeoutMsg:
		if !m.saving {
			return nil
		}
		m.quitting = true
		return tea.Quit
	case tea.KeyPressMsg:
		if m.saving {
			if key.Matches(msg, m.c.keys.Global.ForceQuit) {
				m.quitting = true // asked twice: quit now
				return tea.Quit
			}
			return nil
		}
		return m.key(msg)
	}
	if m.saving {
		return nil // quitting: no more navigation or screen work
	}
	switch msg := msg.(type) {
	case navMsg:
		return m.navigate(msg)
	case backMsg:
		return m.back()
	}
	return m.forward(msg)
}

// forwardAll hands a size or theme change to every screen in the stack,
// the active one last: a screen under another must not keep the old width
// (a lesson under the one a link opened, a module under its lesson).
func (m *Model) forwardAll(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for i, s := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = s.update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// forward hands a message to the active screen.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	s, cmd := m.top().update(msg)
	m.stack[len(m.stack)-1] = s
	return cmd
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	g := m.c.keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return m.quit(true)
	}
	m.err = "" // errors clear on the next key
	m.notices = nil
	if m.confirm {
		m.confirm = false
		if key.Matches(msg, g.Quit) {
			return m.quit(true)
		}
	}
	if m.showHelp {
		if key.Matches(msg, g.Help, g.Back) {
			m.showHelp = false
			return nil
		}
		if !key.Matches(msg, g.Quit) {
			return nil
		}
	}
	if !m.top().capturing() {
		switch {
		case key.Matches(msg, g.Help):
			m.showHelp = true
			return nil
		case key.Matches(msg, g.Quit):
			return m.quit(false)
		case key.Matches(msg, g.Workbook):
			if _, on := m.top().(*workbook); !on {
				return navigate(navMsg{kind: navWorkbook})
			}
		}
	}
	return m.forward(msg)
}

// quit leaves once every change is saved: what the active screen saves
// when left, and every save already queued (Ally shows "saving…" while it
// waits, at most quitWait). With saves failing it asks for confirmation
// first, unless forced.
func (m *Model) quit(force bool) tea.Cmd {
	if m.saving {
		return nil
	}
	final := m.leaveOps()
	if len(m.pending) > 0 && !force {
		m.pending = append(m.pending, final...) // saved with the next retry
		m.confirm = true
		m.err = fmt.Sprintf("%s could not be saved yet. Press %s again to quit anyway, or any other key to stay while Ally retries.", plural(len(m.pending), "change", "changes"), m.c.keys.Global.Quit.Help().Key)
		return nil
	}
	m.saving = true
	save := m.enqueue(final...)
	return tea.Batch(save, m.barrier(), tea.Tick(m.c.quitWait, func(time.Time) tea.Msg { return quitTimeoutMsg{} }))
}

// Close is for after the program has stopped, however it stopped: unless
// the app quit normally, it queues what the active screen saves when left;
// then it waits, at most timeout, for every queued save. It reports changes
// that could not be saved.
func (m *Model) Close(timeout time.Duration) error {
	if m.first != nil {
		return nil // a first screen saves nothing
	}
	if !m.saving {
		m.saving = true
		m.c.save(m.leaveOps()...)
		m.flushSaves()
	}
	done := make(chan struct{})
	go func() {
		_ = m.barrier()() // a flushedMsg, once every save before it is done
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		return fmt.Errorf("gave up waiting for the progress file after %s: the latest changes may not be saved", timeout)
	}
	if n := len(m.pending); n > 0 {
		return fmt.Errorf("%s could not be saved to %s", plural(n, "change", "changes"), m.c.path)
	}
	return nil
}

// leaveOps are the saves a screen wants when it is left (scroll place, …).
func (m *Model) leaveOps() []saveOp {
	if s, ok := m.top().(interface{ leave() []saveOp }); ok {
		return s.leave()
	}
	return nil
}

func (m *Model) back() tea.Cmd {
	if len(m.stack) == 1 {
		return nil
	}
	m.c.save(m.leaveOps()...)
	m.stack = m.stack[:len(m.stack)-1]
	m.waiting, m.checking = nil, "" // left before it opened
	return m.forward(backedMsg{})
}

// View draws the active screen, or help, with the error line below. This is
// where course text reaches the terminal: the frame keeps only Ally's own
// styling (termsafe.Styled) and the window title is one safe line, so a
// title with an escape sequence cannot clear the screen, blink, open a
// link or write to the clipboard.
func (m *Model) View() tea.View {
	v := tea.NewView(termsafe.Styled(m.render()))
	v.AltScreen = true
	v.WindowTitle = termsafe.Line("Ally — " + m.c.course.Title)
	return v
}

func (m *Model) render() string {
	c := m.c
	if m.quitting {
		return ""
	}
	if c.width < minWidth || c.height < minHeight {
		msg := fmt.Sprintf("Terminal too small: Ally needs at least %d×%d (now %d×%d). Make the window larger, or press %s to quit.",
			minWidth, minHeight, c.width, c.height, c.keys.Global.Quit.Help().Key)
		return wrap(msg, max(1, c.width))
	}
	if m.saving {
		return fitScreen(m.top().view(), c.styles.Footer.Render(c.styles.Muted.Render("saving…")), c.width, c.height)
	}
	var bottom []string
	for _, n := range m.notices {
		bottom = append(bottom, c.styles.Notice.Width(c.width).Render("! "+n))
	}
	if m.checking != "" {
		bottom = append(bottom, c.styles.Notice.Width(c.width).Render(m.checking))
	}
	if m.err != "" {
		bottom = append(bottom, c.styles.Error.Width(c.width).Render("✗ "+m.err))
	}
	foot := strings.Join(bottom, "\n")
	body, fits := m.topView()
	if len(m.problems) > 0 {
		body, fits = m.problemsView(), false
	}
	if m.showHelp {
		body, fits = m.helpScreen(), false
	} else {
		foot = joinNonEmpty(foot, c.styles.Footer.Render(m.shortHelp()))
	}
	if fits {
		return fitMeasured(body, foot, c.width, c.height)
	}
	return fitScreen(body, foot, c.width, c.height)
}

// fittedView is a screen that can say its view's lines fit the width
// already (the reader measures its text once per rendering), so that the
// frame does not measure them again.
type fittedView interface {
	viewFitted() (view string, fits bool)
}

// topView is the active screen's view, and whether its lines are known
// to fit the width.
func (m *Model) topView() (string, bool) {
	if s, ok := m.top().(fittedView); ok {
		return s.viewFitted()
	}
	return m.top().view(), false
}

// help is the keys of the screen on top; on a course the check refused,
// only those that still do something: moving on the map, help and quit.
func (m *Model) help() keyHelp {
	if !m.refused {
		return m.top().help()
	}
	k, g := m.c.keys.Home, m.c.keys.Global
	return keyHelp{
		short: []key.Binding{k.Up, k.Down, g.Help, g.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {g.Help, g.Quit}},
	}
}

// shortHelp is the help line: the screen's keys, most useful first, then
// esc, ? and q. When they do not fit, the screen's last keys are dropped
// first: "? help" and "q quit" always show.
func (m *Model) shortHelp() string {
	m.helpView.ShowAll = false
	m.helpView.ShortSeparator = " • "
	keys := m.help().short
	g := m.c.keys.Global
	width := max(1, m.c.width-2)
	m.helpView.SetWidth(0) // measure whole: help would cut with "…"
	defer m.helpView.SetWidth(width)
	for {
		out := m.helpView.ShortHelpView(keys)
		if lipgloss.Width(out) <= width {
			return out
		}
		drop := -1 // esc first, then the screen's last binding; never ? or q
		for i := len(keys) - 1; i >= 0; i-- {
			if keys[i].Help() == g.Back.Help() {
				drop = i
				break
			}
			if h := keys[i].Help(); drop < 0 && h != g.Help.Help() && h != g.Quit.Help() {
				drop = i
			}
		}
		if drop < 0 {
			return out
		}
		keys = append(keys[:drop:drop], keys[drop+1:]...)
	}
}

func (m *Model) helpScreen() string {
	c := m.c
	m.helpView.ShowAll = true
	title := c.styles.Title.Render("Keys") + c.styles.Muted.Render("  ("+c.keys.Global.Help.Help().Key+" or "+c.keys.Global.Back.Help().Key+" to close)")
	all := m.helpView.View(m.help())
	note := c.styles.Muted.Render("Everything you do is saved as you go: quitting is safe at any moment.")
	return lipgloss.NewStyle().Padding(1, 2).Render(title + "\n\n" + all + "\n\n" + note)
}

// fitScreen places body above foot in exactly width×height cells, cutting
// the body if it is too tall.
func fitScreen(body, foot string, width, height int) string {
	return fit(body, foot, width, height, true)
}

// fitMeasured is fitScreen for a body whose lines are known to fit the
// width: only the foot's lines are measured.
func fitMeasured(body, foot string, width, height int) string {
	return fit(body, foot, width, height, false)
}

// fit is fitScreen, truncating the body's lines only when measureBody.
func fit(body, foot string, width, height int, measureBody bool) string {
	footLines := 0
	if foot != "" {
		footLines = lipgloss.Height(foot)
	}
	avail := max(0, height-footLines)
	lines := strings.Split(body, "\n")
	if len(lines) > avail {
		lines = lines[:avail]
	}
	if measureBody {
		for i, l := range lines {
			lines[i] = truncate(l, width)
		}
	}
	for len(lines) < avail {
		lines = append(lines, "")
	}
	if foot != "" {
		for _, l := range strings.Split(foot, "\n") {
			lines = append(lines, truncate(l, width))
		}
	}
	return strings.Join(lines, "\n")
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}
