package xapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/allyworks/ally/progress"
)

// LearnerFor is who a progress file's statements are about under cfg: the
// account the config names, else the file's opaque actor id; the learner's
// name only when the config says send_name = true.
func LearnerFor(cfg Config, st *progress.State) Learner {
	l := Learner{HomePage: cfg.HomePage, Account: st.Actor}
	if cfg.AccountName != "" {
		l.Account = cfg.AccountName
	}
	if cfg.SendName {
		l.Name = st.Learner
	}
	return l
}

// Queue appends to the outbox, under the progress file's lock, every
// statement derived from the progress records that it does not hold yet,
// then the statements extra makes (session events). It makes the
// learner's opaque actor id first if the file has none. It returns the
// outbox's contents after the append and how many statements were added.
func Queue(s *progress.Store, ob *Outbox, cfg Config, extra func(b *Builder) []Statement) (*Contents, int, error) {
	if _, err := s.EnsureActor(); err != nil && !isNotice(err) {
		return nil, 0, err
	}
	var c *Contents
	added := 0
	err := s.WithLock(func(st *progress.State) error {
		var err error
		if c, err = ob.Read(); err != nil {
			return err
		}
		b := NewBuilder(s.Course(), LearnerFor(cfg, st))
		ss := b.FromProgress(st)
		if extra != nil {
			ss = append(ss, extra(b)...)
		}
		added, err = ob.Append(c, ss)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return c, added, nil
}

// Pending counts the statements waiting in the outbox (read under the
// progress file's lock), without deriving new ones.
func Pending(s *progress.Store, ob *Outbox) (int, error) {
	n := 0
	err := s.WithLock(func(*progress.State) error {
		c, err := ob.Read()
		if err == nil {
			n = c.PendingCount()
		}
		return err
	})
	return n, err
}

// Waiting counts the statements a sync would send now: those waiting in
// the outbox and those the progress records give that it does not hold
// yet. It writes nothing.
func Waiting(s *progress.Store, ob *Outbox, cfg Config) (int, error) {
	n := 0
	err := s.WithLock(func(st *progress.State) error {
		c, err := ob.Read()
		if err != nil {
			return err
		}
		n = c.PendingCount()
		if st.Actor == "" && cfg.AccountName == "" {
			return nil // no statement can be made before the actor exists
		}
		for _, x := range NewBuilder(s.Course(), LearnerFor(cfg, st)).FromProgress(st) {
			if !c.Has(x.ID) {
				n++
			}
		}
		return nil
	})
	return n, err
}

// SyncResult is what a sync did.
type SyncResult struct {
	Queued    int      // statements newly derived into the outbox
	Sent      int      // statements the LRS accepted
	Conflicts []string // ids the LRS already holds with other content
	Pending   int      // statements still waiting
	Problems  []string // outbox lines that could not be read
}

// Sync queues new statements and sends every pending one to the LRS in
// batches of cfg.Batch, recording each accepted batch in the outbox (under
// the progress file's lock) before sending the next. It never holds the
// lock while waiting for the network. On error, what was recorded stays
// delivered and the rest waits for the next sync; statement ids make a
// batch sent twice harmless.
func Sync(ctx context.Context, s *progress.Store, ob *Outbox, cfg Config, cl *Client) (SyncResult, error) {
	var r SyncResult
	if !cfg.Configured() {
		return r, fmt.Errorf("no LRS is configured: set `endpoint` in %s or %s (README.md, \"Reporting to an incubator\")", ConfigPath(), EnvEndpoint)
	}
	c, added, err := Queue(s, ob, cfg, nil)
	if err != nil {
		return r, err
	}
	r.Queued, r.Problems = added, c.Problems
	ids, batch := c.pendingIDs()
	size := cfg.Batch
	if size <= 0 {
		size = 100
	}
	r.Pending = len(ids)
	for len(ids) > 0 {
		n := min(size, len(ids))
		d, err := cl.Post(ctx, batch[:n], ids[:n])
		delivered := append(d.Stored, d.Conflicts...)
		if len(delivered) > 0 {
			if merr := s.WithLock(func(*progress.State) error { return ob.MarkDelivered(c, delivered, time.Now()) }); merr != nil {
				return r, merr
			}
			r.Sent += len(d.Stored)
			r.Conflicts = append(r.Conflicts, d.Conflicts...)
			r.Pending -= len(delivered)
		}
		if err != nil {
			return r, err
		}
		ids, batch = ids[n:], batch[n:]
	}
	return r, nil
}

// pendingIDs returns the ids and statements waiting, oldest first.
func (c *Contents) pendingIDs() ([]string, []json.RawMessage) {
	var ids []string
	var ss []json.RawMessage
	for i, id := range c.IDs {
		if !c.Delivered[id] {
			ids = append(ids, id)
			ss = append(ss, c.Statements[i])
		}
	}
	return ids, ss
}

// WriteJSON writes statements as one indented JSON array.
func WriteJSON(w io.Writer, ss []json.RawMessage) error {
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	for i, s := range ss {
		sep := ",\n"
		if i == len(ss)-1 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(w, "  %s%s", s, sep); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

func isNotice(err error) bool {
	_, ok := err.(*progress.NoticeError)
	return ok
}
