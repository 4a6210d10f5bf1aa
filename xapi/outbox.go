package xapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Outbox is the append-only file of statements beside the progress file
// (<progress file>.outbox), in JSON Lines: one {"statement": …} line per
// statement queued, one {"delivered": [ids], "at": …} line per batch the
// LRS accepted. Lines are only ever added, each with one write and an
// fsync. A crash can leave at most a torn last line without its newline:
// reading ignores it and the next append cuts it off first.
//
// The outbox has no lock of its own: callers hold the progress file's lock
// (progress.Store.WithLock) around every read and write.
type Outbox struct{ path string }

// NewOutbox returns the outbox at path.
func NewOutbox(path string) *Outbox { return &Outbox{path: path} }

// Path is the outbox file.
func (o *Outbox) Path() string { return o.path }

type line struct {
	Statement *json.RawMessage `json:"statement,omitempty"`
	Delivered []string         `json:"delivered,omitempty"`
	At        *time.Time       `json:"at,omitempty"`
}

// Contents is what an outbox holds.
type Contents struct {
	Statements []json.RawMessage // every statement queued, oldest first, as queued
	IDs        []string          // their ids
	Delivered  map[string]bool   // ids the LRS accepted
	Problems   []string          // lines that could not be read (skipped), file:line: why

	index map[string]int
}

// Has reports whether a statement with this id is queued.
func (c *Contents) Has(id string) bool { _, ok := c.index[id]; return ok }

// Pending returns the statements not delivered yet, oldest first.
func (c *Contents) Pending() []json.RawMessage {
	var out []json.RawMessage
	for i, id := range c.IDs {
		if !c.Delivered[id] {
			out = append(out, c.Statements[i])
		}
	}
	return out
}

// PendingCount is len(Pending()) without building it.
func (c *Contents) PendingCount() int {
	n := 0
	for _, id := range c.IDs {
		if !c.Delivered[id] {
			n++
		}
	}
	return n
}

// Read loads the outbox; a missing file is an empty outbox.
func (o *Outbox) Read() (*Contents, error) {
	c := &Contents{Delivered: map[string]bool{}, index: map[string]int{}}
	f, err := os.Open(o.path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the xAPI outbox: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(bytes.TrimSpace(b)) > 0 {
				c.Problems = append(c.Problems, fmt.Sprintf("%s:%d: an unfinished last line (a write cut short) was skipped", o.path, n))
			}
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the xAPI outbox: %w", err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var l line
		var id struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			c.Problems = append(c.Problems, fmt.Sprintf("%s:%d: not a JSON line, skipped: %v", o.path, n, err))
			continue
		}
		switch {
		case l.Statement != nil:
			if err := json.Unmarshal(*l.Statement, &id); err != nil || id.ID == "" {
				c.Problems = append(c.Problems, fmt.Sprintf("%s:%d: a statement without an id, skipped", o.path, n))
				continue
			}
			if _, dup := c.index[id.ID]; dup {
				continue
			}
			c.index[id.ID] = len(c.IDs)
			c.IDs = append(c.IDs, id.ID)
			c.Statements = append(c.Statements, *l.Statement)
		case l.Delivered != nil:
			for _, d := range l.Delivered {
				c.Delivered[d] = true
			}
		default:
			c.Problems = append(c.Problems, fmt.Sprintf("%s:%d: neither a statement nor a delivery, skipped", o.path, n))
		}
	}
	return c, nil
}

// Append queues the statements whose ids are not queued yet and returns
// how many it added. c is the outbox as read under the same lock; it is
// updated.
func (o *Outbox) Append(c *Contents, ss []Statement) (int, error) {
	var buf bytes.Buffer
	added := 0
	for _, s := range ss {
		if c.Has(s.ID) {
			continue
		}
		raw, err := json.Marshal(s)
		if err != nil {
			return 0, fmt.Errorf("encoding statement %s: %w", s.ID, err)
		}
		msg := json.RawMessage(raw)
		l, _ := json.Marshal(line{Statement: &msg})
		buf.Write(l)
		buf.WriteByte('\n')
		c.index[s.ID] = len(c.IDs)
		c.IDs = append(c.IDs, s.ID)
		c.Statements = append(c.Statements, msg)
		added++
	}
	if added == 0 {
		return 0, nil
	}
	return added, o.write(buf.Bytes())
}

// MarkDelivered records that the LRS accepted these ids.
func (o *Outbox) MarkDelivered(c *Contents, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	at = at.UTC()
	l, err := json.Marshal(line{Delivered: ids, At: &at})
	if err != nil {
		return err
	}
	if err := o.write(append(l, '\n')); err != nil {
		return err
	}
	for _, id := range ids {
		c.Delivered[id] = true
	}
	return nil
}

// write appends whole lines with one write and an fsync, first cutting
// off a torn last line left by a crash.
func (o *Outbox) write(data []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(o.path), 0o700); err != nil {
		return fmt.Errorf("creating the outbox folder: %w", err)
	}
	_, statErr := os.Stat(o.path)
	created := errors.Is(statErr, fs.ErrNotExist)
	f, err := os.OpenFile(o.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening the xAPI outbox: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("writing the xAPI outbox: %w", cerr)
		}
	}()
	end, err := cutTornTail(f)
	if err != nil {
		return fmt.Errorf("repairing the xAPI outbox: %w", err)
	}
	if _, err := f.WriteAt(data, end); err != nil {
		return fmt.Errorf("writing the xAPI outbox: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing the xAPI outbox: %w", err)
	}
	if created && runtime.GOOS != "windows" {
		if d, err := os.Open(filepath.Dir(o.path)); err == nil {
			_ = d.Sync() // best effort: the file itself is synced
			d.Close()
		}
	}
	return nil
}

// cutTornTail truncates f after its last newline when it does not end in
// one, and returns where the next line goes.
func cutTornTail(f *os.File) (int64, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil || size == 0 {
		return size, err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, size-1); err != nil {
		return 0, err
	}
	if last[0] == '\n' {
		return size, nil
	}
	// Find the last newline, reading backwards in blocks.
	const block = 4096
	buf := make([]byte, block)
	for off := size; off > 0; {
		n := int64(block)
		if off < n {
			n = off
		}
		off -= n
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			end := off + int64(i) + 1
			return end, f.Truncate(end)
		}
	}
	return 0, f.Truncate(0)
}
