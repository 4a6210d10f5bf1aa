package watch

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// watching starts Dir on a fresh folder and returns it and a channel that
// receives one value per call of changed.
func watching(t *testing.T) (string, <-chan struct{}) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	changes := make(chan struct{}, 16)
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		started <- nil
		_ = Dir(ctx, dir, func() { changes <- struct{}{} }, nil)
	}()
	<-started
	t.Cleanup(func() { cancel(); <-done })
	time.Sleep(50 * time.Millisecond) // the watches are in place
	return dir, changes
}

func wait(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
	}
}

func quiet(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal("a change was reported")
	case <-time.After(3 * Debounce):
	}
}

func TestABurstIsOneChange(t *testing.T) {
	dir, changes := watching(t)
	for i := 0; i < 5; i++ {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "a.md"), []byte{byte('a' + i)}, 0o644))
	}
	wait(t, changes)
	quiet(t, changes)
}

func TestNewFoldersAreWatched(t *testing.T) {
	dir, changes := watching(t)
	sub := filepath.Join(dir, "02-new-module")
	require.NoError(t, os.Mkdir(sub, 0o755))
	wait(t, changes)
	time.Sleep(50 * time.Millisecond)
	require.NoError(t, os.WriteFile(filepath.Join(sub, "module.md"), []byte("x"), 0o644))
	wait(t, changes)
}

func TestEditorDroppingsAreIgnored(t *testing.T) {
	dir, changes := watching(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".lesson.md.swp"), []byte("x"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lesson.md~"), []byte("x"), 0o644))
	quiet(t, changes)
}

func TestStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	done := make(chan error)
	go func() { done <- Dir(ctx, t.TempDir(), func() { calls.Add(1) }, nil) }()
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Dir did not stop")
	}
	assert.Error(t, Dir(context.Background(), filepath.Join(t.TempDir(), "missing"), func() {}, nil))
}
