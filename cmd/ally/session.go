package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
	"github.com/google/uuid"
)

// syncOnQuitTimeout bounds the sync when the learner quits: leaving Ally
// must never hang on a slow LRS (what is not sent waits for the next one).
const syncOnQuitTimeout = 20 * time.Second

// xapiSession records a TUI session as xAPI statements in the outbox:
// initialized (and resumed, when the learner had been here before) at the
// start, suspended (while the course is unfinished) and terminated with
// its duration at the end. Only with an LRS configured: otherwise Ally
// writes nothing beyond the progress file.
type xapiSession struct {
	store  *progress.Store
	outbox *xapi.Outbox
	cfg    xapi.Config
	cfgErr error
	id     string
	start  time.Time
	now    func() time.Time
}

func newXAPISession(store *progress.Store) *xapiSession {
	cfg, err := xapi.LoadConfig()
	return &xapiSession{store: store, outbox: xapi.NewOutbox(progress.OutboxPath(store.Path())), cfg: cfg, cfgErr: err,
		id: uuid.NewString(), start: time.Now(), now: time.Now}
}

// begin queues the start of the session and returns the status line for
// the course map.
func (s *xapiSession) begin() (string, error) {
	if s.cfgErr != nil {
		return "", s.cfgErr
	}
	if !s.cfg.Configured() {
		return "", nil
	}
	returning := s.store.Snapshot().Last != nil
	c, _, err := xapi.Queue(s.store, s.outbox, s.cfg, func(b *xapi.Builder) []xapi.Statement {
		ss := []xapi.Statement{b.Initialized(s.id, s.start)}
		if returning {
			ss = append(ss, b.Resumed(s.id, s.start))
		}
		return ss
	})
	if err != nil {
		return "", fmt.Errorf("xAPI outbox: %w", err)
	}
	return s.status(c.PendingCount()), nil
}

// refresh is the status line now (for tui.Options.Outbox).
func (s *xapiSession) refresh() string {
	n, err := xapi.Waiting(s.store, s.outbox, s.cfg)
	if err != nil {
		return "! xAPI outbox: " + err.Error()
	}
	return s.status(n)
}

// status is the line the course map shows: only when an LRS is configured.
func (s *xapiSession) status(waiting int) string {
	if !s.cfg.Configured() {
		return ""
	}
	host := s.cfg.Endpoint
	if u, err := url.Parse(host); err == nil {
		host = u.Host
	}
	line := fmt.Sprintf("%s waiting for %s", plural(waiting, "statement"), host)
	if waiting == 1 {
		line = "1 statement waiting for " + host
	}
	if s.cfg.SyncOnQuit {
		line += " · sent when you quit"
	} else {
		line += " · run 'ally sync' to send"
	}
	return line
}

// end queues the end of the session and, when the config says so, syncs.
// It reports to o.stderr (the terminal is back to normal by then).
func (s *xapiSession) end(ctx context.Context, o *options, c *content.Course) {
	if s.cfgErr != nil {
		fmt.Fprintf(o.stderr, "ally: %v\n", s.cfgErr)
		return
	}
	if !s.cfg.Configured() {
		return
	}
	done := progress.Evaluate(c, s.store.Snapshot()).Completed
	t := s.now()
	_, _, err := xapi.Queue(s.store, s.outbox, s.cfg, func(b *xapi.Builder) []xapi.Statement {
		var ss []xapi.Statement
		if !done {
			ss = append(ss, b.Suspended(s.id, t))
		}
		return append(ss, b.Terminated(s.id, s.start, t))
	})
	if err != nil {
		fmt.Fprintf(o.stderr, "ally: xAPI outbox: %v\n", err)
		return
	}
	if !s.cfg.SyncOnQuit {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, syncOnQuitTimeout)
	defer cancel()
	r, err := xapi.Sync(ctx, s.store, s.outbox, s.cfg, xapi.NewClient(s.cfg))
	o.printProblems(r.Problems)
	if err != nil {
		fmt.Fprintf(o.stderr, "ally: sync on quit stopped: %v; %s waiting for 'ally sync', nothing is lost\n", err, plural(r.Pending, "statement"))
		return
	}
	fmt.Fprintf(o.stderr, "ally: sent %s to %s\n", plural(r.Sent, "statement"), s.cfg.Endpoint)
}
