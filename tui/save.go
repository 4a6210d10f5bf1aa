package tui

import (
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// saveOp is one change to record in the progress file.
type saveOp struct {
	what string // for error messages: "mark the lesson read"
	run  func(*progress.Store) error
}

// saveMsg asks the root to record changes (screens send it).
type saveMsg struct{ ops []saveOp }

func saveCmd(ops ...saveOp) tea.Cmd {
	if len(ops) == 0 {
		return nil
	}
	return func() tea.Msg { return saveMsg{ops: ops} }
}

// savedMsg reports a batch of saves: the state afterwards and what failed.
type savedMsg struct {
	state  *progress.State
	over   *progress.Overview
	failed []saveOp // to retry (the file could not be written)
	errs   []string // what went wrong, for the learner
	notes  []string // notices from the store (a corrupt file moved aside…)
}

// retryMsg retries failed saves.
type retryMsg struct{}

const retryEvery = 3 * time.Second

// saver records changes one batch at a time, in the order the learner made
// them, on its own goroutine: the UI never waits for the disk.
type saver struct {
	store  *progress.Store
	course *content.Course
	jobs   chan saveJob
}

type saveJob struct {
	ops  []saveOp
	done chan savedMsg
}

func newSaver(store *progress.Store, c *content.Course) *saver {
	s := &saver{store: store, course: c, jobs: make(chan saveJob, 256)}
	go s.loop()
	return s
}

func (s *saver) loop() {
	for j := range s.jobs {
		var out savedMsg
		for _, op := range j.ops {
			err := op.run(s.store)
			var notice *progress.NoticeError
			switch {
			case err == nil:
			case errors.As(err, &notice):
				for _, n := range notice.Notices {
					out.notes = append(out.notes, n.String())
				}
			case retryable(err):
				out.failed = append(out.failed, op)
				out.errs = append(out.errs, fmt.Sprintf("could not %s: %v", op.what, err))
			default:
				out.errs = append(out.errs, fmt.Sprintf("could not %s: %v", op.what, err))
			}
		}
		out.state = s.store.Snapshot()
		out.over = progress.Evaluate(s.course, out.state)
		j.done <- out
	}
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

// enqueue queues the pending failed saves and ops, in order, and returns
// the command that waits for them.
func (m *Model) enqueue(ops ...saveOp) tea.Cmd {
	all := append(m.pending, ops...)
	if len(all) == 0 {
		return nil
	}
	m.pending = nil
	j := saveJob{ops: all, done: make(chan savedMsg, 1)}
	select {
	case m.c.saver.jobs <- j:
	default: // the disk is far behind: keep the changes and retry later
		m.pending = all
		return m.scheduleRetry()
	}
	return func() tea.Msg { return <-j.done }
}

// saved takes a finished batch: the new state for every screen, and the
// errors for the learner. Failed saves are kept and retried.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	m.c.state, m.c.over = msg.state, msg.over
	m.notices = append(m.notices, msg.notes...)
	var cmds []tea.Cmd
	if len(msg.errs) > 0 {
		m.err = msg.errs[0]
		if len(msg.errs) > 1 {
			m.err += fmt.Sprintf(" (and %d more)", len(msg.errs)-1)
		}
	}
	if len(msg.failed) > 0 {
		m.pending = append(msg.failed, m.pending...)
		m.err += " — your answers are kept; Ally will try again."
		cmds = append(cmds, m.scheduleRetry())
	} else if m.confirm {
		m.confirm = false
		m.err = ""
	}
	cmds = append(cmds, m.forward(progressMsg{}))
	if fn := m.c.outboxFn; fn != nil && m.c.outbox != "" {
		cmds = append(cmds, func() tea.Msg { return OutboxMsg{Status: fn()} })
	}
	return tea.Batch(cmds...)
}

// scheduleRetry arranges one retry of the pending saves.
func (m *Model) scheduleRetry() tea.Cmd {
	if m.retrying {
		return nil
	}
	m.retrying = true
	return tea.Tick(m.c.retry, func(time.Time) tea.Msg { return retryMsg{} })
}

// progressMsg tells the active screen that the learner's state changed.
type progressMsg struct{}
