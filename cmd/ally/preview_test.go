package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --preview shows the course as a learner would without touching the
// learner's progress file (progress show stands in for the TUI here; the
// e2e test drives the TUI).
func TestPreviewNeverTouchesTheProgressFile(t *testing.T) {
	path := sampleProgress(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the throwaway copies go
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	out, errOut, code := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path, "--preview", "new")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Progress file: none (preview as a new learner: nothing you do is kept)")
	assert.Contains(t, out, "[open] Why bug reports matter — 0 of 3 required items", "a new learner has done nothing")
	assert.Contains(t, out, "[locked]")

	out, errOut, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path, "--preview", "unlocked")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "locked")
	assert.Contains(t, out, "[open] Triage")

	out, errOut, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--preview", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Ada", "the state of the given file")

	// Changing progress in a preview changes only the throwaway copy.
	_, errOut, code = allyRun(t, "", "progress", "reset", "--all", "--yes", "--course", sampleDir, "--preview", path)
	require.Equal(t, exitOK, code, errOut)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "no throwaway copy is left behind")

	_, errOut, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--preview", filepath.Join(t.TempDir(), "nope.json"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "--preview: use new, unlocked or a progress file")
}
