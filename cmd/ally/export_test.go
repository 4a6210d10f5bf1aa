package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportHTML(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	stdout, errOut, code := allyRun(t, "", "export", "html", sampleDir, out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "wrote 14 pages to "+out)
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "<h1>Writing a Clear Bug Report</h1>")

	// The built-in course when DIR is left out.
	builtIn := filepath.Join(t.TempDir(), "built-in")
	_, errOut, code = allyRun(t, "", "export", "html", builtIn)
	require.Equal(t, exitOK, code, errOut)
	assert.FileExists(t, filepath.Join(builtIn, "capability-check.html"))
}

func TestExportHTMLRefusesInvalidCourseAndOtherWork(t *testing.T) {
	_, errOut, code := allyRun(t, "", "export", "html", brokenCourse(t), t.TempDir())
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "is not a valid course (2 problems)")

	busy := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o644))
	_, errOut, code = allyRun(t, "", "export", "html", sampleDir, busy)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "is not empty")

	_, _, code = allyRun(t, "", "export", "html")
	assert.Equal(t, exitUsage, code)
}
