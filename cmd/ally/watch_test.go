package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/allyworks/ally/internal/syncbuf"
)

func eventually(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ally validate --watch: a second terminal that checks the course again
// after each save, reporting a problem and then its fix.
func TestValidateWatch(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	var out, errOut syncbuf.Buffer
	root, o := newRootCmd(strings.NewReader(""), &out, &errOut)
	_ = root
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watchValidate(ctx, o, dir, func() (bool, error) {
			fsys, name, err := openCourse(dir)
			if err != nil {
				return false, err
			}
			return validateOnce(o, fsys, name, false)
		})
	}()
	eventually(t, func() bool { return strings.Contains(errOut.String(), "watching "+dir) }, "the watcher to start")
	assert.Contains(t, out.String(), "is valid")

	quiz := filepath.Join(dir, "01-why-reports", "04-why-check.md")
	good, err := os.ReadFile(quiz)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(quiz, bytes.Replace(good, []byte("pass: 0.75"), []byte("pass: 75"), 1), 0o644))
	eventually(t, func() bool { return strings.Contains(out.String(), "`pass` is 75") }, "the problem to be reported")
	assert.Contains(t, out.String(), " changed\n")

	require.NoError(t, os.WriteFile(quiz, good, 0o644))
	eventually(t, func() bool { return strings.Count(out.String(), "is valid") == 2 }, "the fix to be reported")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not stop")
	}
}
