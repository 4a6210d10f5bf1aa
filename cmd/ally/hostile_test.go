//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A course folder with a named pipe and a link out of it: `ally validate`
// and `ally --course` report both at once instead of hanging on the pipe or
// reading what the link points to, and the course never opens.
func TestHostileCourseFolderNeitherHangsNorOpens(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "01-why-reports", "09-pipe.md"), 0o644))
	secret := filepath.Join(t.TempDir(), "secret.md")
	require.NoError(t, os.WriteFile(secret, []byte("---\nid: secret\ntitle: Secret\n---\nPrivate.\n"), 0o644))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "01-why-reports", "10-out.md")))

	done := make(chan struct{})
	var out, errOut string
	var code int
	go func() {
		defer close(done)
		out, errOut, code = allyRun(t, "", "validate", dir)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("ally validate hangs on a named pipe")
	}
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "01-why-reports/09-pipe.md:1:1: this is a named pipe (FIFO), not a regular file")
	assert.Contains(t, out, "01-why-reports/10-out.md:1:1: this is a symbolic link to ")
	assert.Contains(t, errOut, "2 errors, 0 warnings")

	_, errOut, code = allyRun(t, "", "--course", dir, "read", "what-for")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "is not a valid course (2 problems)")
	assert.NotContains(t, errOut, "Private.")
}

// One problem is "1 error", not "1 errors".
func TestValidateCountsInGoodEnglish(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "01-why-reports", "05-bad.md"), []byte("---\nid: Bad Id\ntitle: x\n---\n"), 0o644))
	_, errOut, code := allyRun(t, "", "validate", dir)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, ": 1 error, 0 warnings")
	_, errOut, _ = allyRun(t, "", "--course", dir, "read", "what-for")
	assert.Contains(t, errOut, "is not a valid course (1 problem):")
	out, _, _ := allyRun(t, "", "validate", sampleDir)
	assert.Contains(t, out, "2 quizzes (7 questions), 1 assessment, 0 worksheets, 24 minutes; 0 warnings")
}

// A named pipe where the structure index is kept does not hang the start.
func TestIndexPipeDoesNotBlock(t *testing.T) {
	useCache(t)
	file := indexFile(t.TempDir())
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o700))
	require.NoError(t, syscall.Mkfifo(file, 0o600))
	assert.Nil(t, readIndex(file))
}
