package xapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueueIsIdempotent(t *testing.T) {
	s := sampleStore(t)
	ob := NewOutbox(progress.OutboxPath(s.Path()))
	c, added, err := Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 11, added)
	assert.Equal(t, 11, c.PendingCount())
	actor := s.Snapshot().Actor
	assert.Len(t, actor, 36, "an opaque random id was made")

	_, added, err = Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, added, "nothing new")

	require.NoError(t, s.CompleteLesson("two-reports"))
	c, added, err = Queue(s, ob, Config{}, func(b *Builder) []Statement {
		return []Statement{b.Initialized("s1", t0)}
	})
	require.NoError(t, err)
	assert.Equal(t, 2, added)
	assert.Equal(t, actor, s.Snapshot().Actor, "the id is kept")

	require.NoError(t, s.WithLock(func(*progress.State) error {
		return ob.MarkDelivered(c, c.IDs[:5], time.Now())
	}))
	n, err := Pending(s, ob)
	require.NoError(t, err)
	assert.Equal(t, 8, n)
}

func TestOutboxTornTail(t *testing.T) {
	s := sampleStore(t)
	ob := NewOutbox(progress.OutboxPath(s.Path()))
	_, _, err := Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	before, err := os.ReadFile(ob.Path())
	require.NoError(t, err)

	// A crash in the middle of an append leaves half a line.
	f, err := os.OpenFile(ob.Path(), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"statement":{"id":"half`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	c, err := ob.Read()
	require.NoError(t, err)
	assert.Len(t, c.IDs, 11, "every whole line is kept")
	require.Len(t, c.Problems, 1)
	assert.Contains(t, c.Problems[0], ob.Path()+":12: an unfinished last line")

	// The next append cuts the torn line off first.
	require.NoError(t, s.WithLock(func(*progress.State) error { return ob.MarkDelivered(c, c.IDs[:1], t0) }))
	after, err := os.ReadFile(ob.Path())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(after), string(before)))
	assert.NotContains(t, string(after), "half")
	c, err = ob.Read()
	require.NoError(t, err)
	assert.Empty(t, c.Problems)
	assert.Equal(t, 10, c.PendingCount())

	// A line in the middle that is not JSON is skipped and reported, not fatal.
	bad := strings.Replace(string(after), "\n", "\nnot json\n", 1)
	require.NoError(t, os.WriteFile(ob.Path(), []byte(bad), 0o600))
	c, err = ob.Read()
	require.NoError(t, err)
	assert.Len(t, c.IDs, 11)
	require.Len(t, c.Problems, 1)
	assert.Contains(t, c.Problems[0], ":2: not a JSON line")
}

func TestOutboxFileMode(t *testing.T) {
	s := sampleStore(t)
	ob := NewOutbox(filepath.Join(filepath.Dir(s.Path()), "sub", "x.outbox"))
	_, _, err := Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	fi, err := os.Stat(ob.Path())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "private to the learner")
}

func TestWaitingCountsWithoutWriting(t *testing.T) {
	s := sampleStore(t)
	ob := NewOutbox(progress.OutboxPath(s.Path()))
	n, err := Waiting(s, ob, Config{})
	require.NoError(t, err)
	assert.Equal(t, 0, n, "no actor yet: nothing can be made")
	_, _, err = Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	require.NoError(t, s.CompleteLesson("two-reports"))
	before, err := os.ReadFile(ob.Path())
	require.NoError(t, err)
	n, err = Waiting(s, ob, Config{})
	require.NoError(t, err)
	assert.Equal(t, 12, n, "11 queued and 1 new record")
	after, err := os.ReadFile(ob.Path())
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing written")
}
