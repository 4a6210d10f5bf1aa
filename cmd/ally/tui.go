package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/internal/termsafe"
	"github.com/allyworks/ally/tui"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// runTUI opens the course in the full-screen terminal UI.
func runTUI(ctx context.Context, o *options, resume bool) error {
	if o.watch && o.courseSource() == "" {
		return usageError{errors.New("--watch reloads a course folder: give it with --course DIR")}
	}
	c, store, notices, err := o.openStore()
	if err != nil {
		return err
	}
	if !isTerminal(o.stdout) || !isTerminal(o.stdin) {
		return errors.New("the course opens in a terminal; here, use 'ally --accessible' to take it line by line, 'ally read LESSON-ID' to print a lesson or 'ally progress show' for your progress")
	}
	msgs := make([]string, len(notices))
	for i, n := range notices {
		msgs[i] = n.String()
	}
	if o.preview != "" {
		msgs = append(msgs, "Preview: progress file "+previewWords(o.preview)+".")
	}
	w, h := terminalSize(o.stdout)
	var sess *xapiSession // the session's xAPI statements; none in a preview
	var outbox func() string
	if o.preview == "" {
		sess = newXAPISession(store)
		outbox = sess.refresh
	}
	m := tui.New(tui.Options{Course: c, Store: store, Notices: msgs, Mode: o.mode, MaxWidth: o.width, Resume: resume,
		Seed: rand.Uint64(), Width: w, Height: h, Outbox: outbox}) // quiz shuffles differ between runs
	// Colour profile: start from what the environment says, which costs
	// nothing, and finish the detection in the background. Inside tmux the
	// full detection runs `tmux info` (10–15 ms here), which would otherwise
	// hold back the first frame; if it finds more colours, the program
	// upgrades to them a moment later. The end result is colorprofile.Detect's.
	env := os.Environ()
	profile := colorprofile.Env(env)
	// The program drives the terminal itself; its frames and window title
	// are made safe by the tui package before they are drawn.
	out := termsafe.Unwrap(o.stdout)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(o.stdin), tea.WithOutput(out),
		tea.WithEnvironment(env), tea.WithColorProfile(profile),
		// Frames are painted on a ticker: at 120 fps a finished lesson
		// render waits at most 8 ms to be seen instead of 16 (the renderer
		// writes nothing when the view has not changed).
		tea.WithFPS(120))
	if profile < colorprofile.TrueColor {
		go func() {
			if full := colorprofile.Detect(out, env); full > profile {
				p.Send(tea.ColorProfileMsg{Profile: full})
			}
		}()
	}
	// The session's xAPI statements (none in a preview): the start is
	// queued off the UI goroutine, the end once the terminal is restored.
	begun := make(chan struct{})
	if sess != nil {
		go func() {
			defer close(begun)
			status, err := sess.begin()
			if err != nil {
				status = "! " + err.Error()
			}
			p.Send(tui.OutboxMsg{Status: status}) // returns at once once the program has ended
		}()
	} else {
		close(begun)
	}
	if o.watch {
		stop := watchCourse(ctx, o.courseSource(), p)
		defer stop()
	}
	_, err = p.Run()
	<-begun // the session's start is queued before its end
	if sess != nil {
		sess.end(context.WithoutCancel(ctx), o, c)
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return nil // ctrl+c: everything is saved as it happens
	}
	return err
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
