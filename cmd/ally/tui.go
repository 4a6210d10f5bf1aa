package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/tui"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// runTUI opens the course in the full-screen terminal UI.
func runTUI(ctx context.Context, o *options, resume bool) error {
	if o.watch && o.courseSource() == "" {
		return usageError{errors.New("--watch reloads a course folder: give it with --course DIR")}
	}
	// Checked before the progress file is touched (opening it may move a
	// damaged file aside).
	// (TERM=dumb and ACCESSIBLE never get here: they run the linear mode.)
	if !isTerminal(o.stdout) || !isTerminal(o.stdin) {
		return errors.New("the course opens in a terminal; here, use 'ally --accessible' to take it line by line, 'ally read LESSON-ID' to print a lesson or 'ally progress show' for your progress")
	}
	// The program drives the terminal itself; its frames and window title
	// are made safe by the tui package before they are drawn.
	out := termsafe.Unwrap(o.stdout)
	// A big course folder (or a cold disk) can take seconds to open: the
	// terminal says so meanwhile.
	dir := o.courseSource()
	width, height := terminalSize(o.stdout)
	opened := func() {}
	if dir != "" {
		opened = slowNotice(out, width, readingLine(dir), slowStartAfter)
	}
	// The check of a big course waits for the first frame to be written
	// (frame.go).
	watched, fw := watchFirstFrame(out)
	// The course is opened on a goroutine of its own: a big course folder
	// read from its files shows a first screen meanwhile (firstScreen).
	first := make(chan *tui.Model, 1)
	var onFirst func(fs.FS)
	if dir != "" && !resume && o.preview == "" {
		onFirst = func(fsys fs.FS) {
			if m := o.firstScreen(fsys, width, height); m != nil {
				first <- m
				// The load waits for the first screen to be drawn: on two
				// cores it would slow the program's start, and be slowed
				// by it, as much as it waits (bench/README.md).
				select {
				case <-fw.drawn:
				case <-time.After(startWait):
				}
			}
		}
	}
	loaded := make(chan openedCourse, 1)
	go func() {
		var r openedCourse
		r.c, r.store, r.notices, r.check, r.err = o.openStoreTUI(onFirst)
		loaded <- r
	}()
	var start *tui.Model // the program's first model
	var r openedCourse
	select {
	case start = <-first:
	case r = <-loaded:
	}
	opened()
	if start == nil && r.err != nil {
		return r.err
	}
	stopped := make(chan struct{}) // the program has stopped
	begun := make(chan struct{})   // the session's start is queued (or there is none)
	// Colour profile: start from what the environment says, which costs
	// nothing, and finish the detection in the background. Inside tmux the
	// full detection runs `tmux info` (10–15 ms here), which would otherwise
	// hold back the first frame; if it finds more colours, the program
	// upgrades to them a moment later. The end result is colorprofile.Detect's.
	env := os.Environ()
	profile := colorprofile.Env(env)
	var app *tuiApp
	if start == nil {
		app = o.newTUIApp(r, resume, width, height)
		start = app.m
	}
	p := tea.NewProgram(start, tea.WithContext(ctx), tea.WithInput(o.stdin), tea.WithOutput(watched),
		tea.WithEnvironment(env), tea.WithColorProfile(profile),
		// Frames are painted on a ticker: at 120 fps a finished lesson
		// render waits at most 8 ms to be seen instead of 16 (the renderer
		// writes nothing when the view has not changed).
		tea.WithFPS(120),
		// Ally handles the signals itself, to save before it stops.
		tea.WithoutSignalHandler())
	sig := stopOnSignals(p)
	defer sig.stop()
	detect := func() {
		if profile < colorprofile.TrueColor {
			go func() {
				if full := colorprofile.Detect(out, env); full > profile {
					p.Send(tea.ColorProfileMsg{Profile: full})
				}
			}()
		}
	}
	failed := make(chan error, 1) // the course did not open after its first screen
	taken := make(chan *tuiApp, 1)
	if app != nil {
		detect()
		app.background(p, fw.drawn, stopped, begun)
	} else {
		// The app on the whole course takes over from the first screen;
		// its check waits for the frame that shows it.
		go func() {
			r := <-loaded
			select {
			case <-stopped:
				return // quit on the first screen
			default:
			}
			if r.err != nil {
				failed <- r.err
				p.Send(tui.LoadFailedMsg{})
				return
			}
			a := o.newTUIApp(r, false, width, height)
			taken <- a
			shown := fw.next()
			p.Send(tui.ReadyMsg{Model: a.m})
			// The detection (a process inside tmux) would have shared
			// the CPU with the course's load.
			detect()
			a.background(p, shown, stopped, begun)
		}()
	}
	if o.watch {
		stop := watchCourse(ctx, o.courseSource(), p)
		defer stop()
	}
	final, err := p.Run()
	close(stopped)
	if final == tea.Model(start) && app == nil {
		// Stopped on the first screen: nothing was done, nothing to save.
		select {
		case ferr := <-failed:
			return ferr
		default:
		}
		if s := sig.received(); s != nil {
			return signalError{s}
		}
		return nil
	}
	if app == nil {
		app = <-taken // sent before the app took over
	}
	check := app.check
	// However the program stopped, finish the saves before leaving.
	if cerr := app.m.Close(closeWait); cerr != nil {
		fmt.Fprintf(o.stderr, "ally: %v\n", cerr)
	}
	<-begun // the session's start is queued before its end
	if sess := app.sess; sess != nil {
		c := app.c
		if check != nil {
			c = check.course // begun: checked
		}
		sess.end(context.WithoutCancel(ctx), o, c)
	}
	if s := sig.received(); s != nil {
		return signalError{s}
	}
	if check != nil && err == nil {
		select {
		case <-check.done:
			if check.course == nil {
				// Refused on screen: say why once more, and fail, as for a
				// course found invalid before the first frame.
				return fmt.Errorf("%s is not a valid course (%s):\n%s", o.courseSource(),
					plural(len(check.problems), "problem"), strings.Join(check.problems, "\n"))
			}
		default:
		}
	}
	if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return nil
	}
	return err
}

// openedCourse is what openStoreTUI returns.
type openedCourse struct {
	c       *content.Course
	store   *progress.Store
	notices []progress.Notice
	check   *courseCheck
	err     error
}

// tuiApp is the app on an opened course, with what runs beside it.
type tuiApp struct {
	m     *tui.Model
	c     *content.Course
	sess  *xapiSession // the session's xAPI statements; none in a preview
	check *courseCheck // the whole check of a course opened on its structure
}

func (o *options) newTUIApp(r openedCourse, resume bool, w, h int) *tuiApp {
	a := &tuiApp{c: r.c, check: r.check}
	var outbox func() string
	if o.preview == "" {
		a.sess = newXAPISession(r.store)
		outbox = a.sess.refresh
	}
	a.m = tui.New(tui.Options{Course: r.c, Store: r.store, Notices: o.startNotices(r.notices), Mode: o.mode, MaxWidth: o.width, Resume: resume,
		Seed: rand.Uint64(), Width: w, Height: h, Outbox: outbox}) // quiz shuffles differ between runs
	return a
}

// background starts the course's whole check, once shown is closed (the
// app's first frame is on the terminal), and the session's xAPI start;
// begun is closed once that is queued, or at once when there is none.
func (a *tuiApp) background(p *tea.Program, shown <-chan struct{}, stopped <-chan struct{}, begun chan<- struct{}) {
	if check := a.check; check != nil {
		// The whole check, once the first frame is out; the app switches to
		// the checked course, or shows the problems and opens nothing more.
		go func() {
			check.run(shown)
			if check.course != nil {
				p.Send(tui.CourseReloadedMsg{Course: check.course})
			} else {
				p.Send(tui.CourseProblemsMsg{Problems: check.problems})
			}
		}()
	}
	// The session's xAPI statements (none in a preview): the start is
	// queued off the UI goroutine, the end once the terminal is restored.
	if a.sess == nil {
		close(begun)
		return
	}
	go func() {
		defer close(begun)
		if a.check != nil && !a.check.ok(stopped) {
			a.sess = nil // an invalid course (or none checked yet) has no session
			return
		}
		status, err := a.sess.begin()
		if err != nil {
			status = "! " + err.Error()
		}
		p.Send(tui.OutboxMsg{Status: status}) // returns at once once the program has ended
	}()
}

// firstScreen is the first screen of a big course folder with no index,
// shown while its structure is read (tui.NewFirstScreen), or nil when the
// course fits in what it would read, or that or the progress file has
// anything to say: the course then opens as before, once it is read.
func (o *options) firstScreen(fsys fs.FS, w, h int) *tui.Model {
	// The first stage's first modules, enough to fill the screen.
	c, ok := content.FirstModules(fsys, firstFolders(h))
	if !ok {
		return nil
	}
	path, err := progress.ResolvePath(o.progress, c.ID)
	if err != nil {
		return nil
	}
	st, ok := progress.Peek(path, c)
	if !ok {
		return nil
	}
	return tui.NewFirstScreen(tui.Options{Course: c, Mode: o.mode, MaxWidth: o.width, Seed: rand.Uint64(), Width: w, Height: h}, st)
}

// firstFolders is how many module folders a first screen on a terminal of
// h lines is read from: one a module line, where the map's title, rule,
// next step, stage line and key help leave at least 8 lines (24 when the
// size is not known).
func firstFolders(h int) int {
	if h <= 0 {
		return 24
	}
	return max(h-8, 12)
}

// closeWait bounds the wait for the last saves once the program stopped.
const closeWait = 5 * time.Second

// signals turns SIGINT, SIGTERM and SIGHUP into a save-and-quit: the app
// saves the reading place and the queued changes, then the program
// restores the terminal and stops. If it has not stopped within stopWait
// (a terminal that no longer answers), it is killed; Close still saves.
type signals struct {
	ch   chan os.Signal
	done chan struct{}
	got  atomic.Value // the first signal
}

const stopWait = 3 * time.Second

// stopSignals save and quit (syscall defines them on every platform Ally
// is built for).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func stopOnSignals(p *tea.Program) *signals {
	s := &signals{ch: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(s.ch, stopSignals...)
	go func() {
		for {
			select {
			case <-s.done:
				return
			case sig := <-s.ch:
				if s.got.CompareAndSwap(nil, sig) {
					time.AfterFunc(stopWait, p.Kill)
				}
				go p.Send(tui.StopMsg{})
			}
		}
	}()
	return s
}

func (s *signals) received() os.Signal {
	sig, _ := s.got.Load().(os.Signal)
	return sig
}

func (s *signals) stop() {
	signal.Stop(s.ch)
	close(s.done)
}

// signalError: Ally stopped on a signal, saved; the exit status is 128 + the
// signal's number, as shells report it.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "stopped by " + e.sig.String() }

func (e signalError) status() int {
	if n, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitFailure
}

// themeMode reads --theme; NO_COLOR turns colour off whatever it says.
func (o *options) themeMode() (tui.Mode, error) {
	mode, err := tui.ParseMode(o.theme)
	if err != nil {
		return "", usageError{err}
	}
	if os.Getenv("NO_COLOR") != "" {
		mode = tui.ModeNoTTY
	}
	if o.width < 20 {
		return "", usageError{fmt.Errorf("--width %d is too narrow: use 20 or more", o.width)}
	}
	return mode, nil
}

// terminalSize asks the terminal's size (0, 0 when it cannot).
func terminalSize(v any) (int, int) {
	f, ok := v.(interface{ Fd() uintptr })
	if !ok {
		return 0, 0
	}
	w, h, err := term.GetSize(f.Fd())
	if err != nil {
		return 0, 0
	}
	return w, h
}

func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(f.Fd())
}
