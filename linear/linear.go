// Package linear runs a course as a conversation on plain lines: for screen
// readers, braille displays and dumb terminals. Nothing is ever redrawn: no
// alternate screen, no cursor movement, no colour, no spinner. Ally prints
// what there is, line after line, and asks one question at a time, read as
// a line from standard input; "help" at any prompt lists what can be typed
// there.
//
// It keeps the same progress file, with the same guarantees, as the
// full-screen UI: a learner can switch between the two at any time. What
// is locked, what comes next, and every score come from package progress.
package linear

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Options configure a session.
type Options struct {
	Course  *content.Course
	Store   *progress.Store
	Notices []string // about the progress file, shown first

	In  io.Reader
	Out io.Writer

	// Render turns markdown (a lesson, a module introduction) into plain
	// text, wrapped for reading; id names the text for caching.
	Render func(id, markdown string) (string, error)
	// PageLines is how many lines of a lesson make a page (default 20).
	PageLines int
	// Resume opens the place the learner left off (unless it is done)
	// before the course map.
	Resume bool
	// Seed drives the shuffling of quiz options.
	Seed uint64
	// Throwaway says the progress file is a temporary copy that will not be
	// kept (a preview): Ally never tells the learner it is saved.
	Throwaway bool
}

// session is one run of the linear mode.
type session struct {
	o     Options
	c     *content.Course
	store *progress.Store
	in    *lineReader
	out   *printer
	rng   *rand.Rand
	pages int

	pending []saveOp // changes that could not be written yet, retried first

	toldText bool // how to type a long text has been said once
}

// Run runs the course until the learner quits, the input ends or ctx is
// cancelled; every change is saved as it is made. It returns an error only
// when changes could not be saved, or the output could not be written.
func Run(ctx context.Context, o Options) error {
	s := &session{
		o: o, c: o.Course, store: o.Store,
		in:    newLineReader(o.In),
		out:   &printer{w: o.Out},
		rng:   rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)),
		pages: o.PageLines,
	}
	if s.pages <= 0 {
		s.pages = 20
	}
	err := s.run(ctx)
	// Whatever ended the session, the changes still unsaved get a last try.
	if ferr := s.flush(); ferr != nil {
		return ferr
	}
	switch {
	case errors.Is(err, errQuit):
		s.out.say("Goodbye. " + s.savedWhere())
		err = nil
	case errors.Is(err, context.Canceled):
		s.out.say("Interrupted. " + s.savedWhere())
		err = nil
	}
	if s.out.err != nil && (err == nil || errors.Is(err, s.out.err)) {
		err = fmt.Errorf("writing to the terminal: %w", s.out.err)
	}
	return err
}

// savedWhere tells where the learner's progress is kept.
func (s *session) savedWhere() string {
	if s.o.Throwaway {
		return "This was a preview: nothing you did is kept."
	}
	return fmt.Sprintf("Your progress is saved in %s.", s.store.Path())
}

func (s *session) run(ctx context.Context) error {
	s.out.line("Ally, accessible mode: %s, version %s.", s.c.Title, s.c.Version)
	if s.o.Throwaway {
		s.out.line("Type help at any prompt to hear what you can type there, and quit to leave.")
	} else {
		s.out.line("Type help at any prompt to hear what you can type there, and quit to leave. Everything is saved as you go.")
	}
	for _, n := range s.o.Notices {
		s.out.say("Notice: " + n)
	}
	if it := s.resumable(); s.o.Resume && it != nil {
		if _, err := s.visit(ctx, it); err != nil {
			return err
		}
	}
	return s.courseMap(ctx)
}

// saveOp is one change to the progress file.
type saveOp struct {
	what string // "record the quiz attempt", for messages
	run  func(*progress.Store) error
}

// save makes a change, first retrying any that failed before, and tells the
// learner what it opened or completed. A change that cannot be written now
// (the disk, a lock) is kept and retried with the next one and at the end;
// a refusal (a locked module, no attempts left) is reported and dropped.
func (s *session) save(what string, run func(*progress.Store) error) {
	before := s.store.Overview()
	ops := append(s.pending, saveOp{what: what, run: run})
	s.pending = nil
	for _, op := range ops {
		err := op.run(s.store)
		var notice *progress.NoticeError
		switch {
		case err == nil:
		case errors.As(err, &notice):
			for _, n := range notice.Notices {
				s.out.say("Notice: " + n.String())
			}
		case retryable(err):
			s.pending = append(s.pending, op)
			s.out.line("Could not %s: %v. Your answers are kept; Ally will try again with your next change.", op.what, err)
		default:
			s.out.line("Could not %s: %v.", op.what, err)
		}
	}
	s.announce(before, s.store.Overview())
}

// flush retries the changes still unsaved, at the end of the session.
func (s *session) flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	ops := s.pending
	s.pending = nil
	var failed []string
	for _, op := range ops {
		if err := op.run(s.store); err != nil && !errors.As(err, new(*progress.NoticeError)) {
			failed = append(failed, fmt.Sprintf("could not %s: %v", op.what, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d change(s) could not be saved: %s", len(failed), failed[0])
	}
	return nil
}

// retryable reports errors that another try may fix: the file could not be
// written or locked. Refusals (a locked module, a bad answer) are final.
func retryable(err error) bool {
	for _, final := range []error{progress.ErrLocked, progress.ErrNoAttemptsLeft, progress.ErrUnknownID, progress.ErrInvalidAnswer, progress.ErrReadOnly} {
		if errors.Is(err, final) {
			return false
		}
	}
	var schema *progress.SchemaError
	var course *progress.CourseMismatchError
	return !errors.As(err, &schema) && !errors.As(err, &course)
}

// announce tells the learner, in words, what a change opened or finished.
func (s *session) announce(before, after *progress.Overview) {
	for i, ms := range after.Modules {
		was := before.Modules[i]
		switch {
		case was.Status == progress.StatusLocked && ms.Status != progress.StatusLocked:
			s.out.line("Unlocked: %s is open now.", moduleName(ms.Module))
		case was.Status != progress.StatusCompleted && ms.Status == progress.StatusCompleted:
			s.out.say("Module done: " + sentence(moduleName(ms.Module)))
		}
	}
	for i, st := range after.Stages {
		if st.Completed && !before.Stages[i].Completed {
			s.out.line("Stage done: %s, %s.", st.Stage.Label, st.Stage.Title)
		}
	}
	if after.Completed && !before.Completed {
		s.out.line("Course complete: every module is done. Retake the self-assessment to see how far you came.")
	}
}
