//go:build e2e

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// An author writes with ally --course DIR --watch open: a save shows the
// new text in place, a broken file shows its problem over the screen, and
// the fix clears it.
func TestNewcomerWritesWithWatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "course")
	_, errOut, code := allyRun(t, "", "new", dir)
	require.Equal(t, exitOK, code, errOut)
	lesson := filepath.Join(dir, "01-first-steps", "01-first-lesson.md")
	edit := func(old, new string) {
		t.Helper()
		data, err := os.ReadFile(lesson)
		require.NoError(t, err)
		require.Contains(t, string(data), old)
		require.NoError(t, os.WriteFile(lesson, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
	}

	tm := start(t, 100, 30, []string{"XDG_DATA_HOME=" + t.TempDir()}, "--course", dir, "--watch")
	tm.wait("First steps")
	tm.keys("Enter")
	tm.wait("Your first lesson")
	tm.keys("Enter")
	tm.wait("Replace this text with your lesson.")

	edit("Replace this text with your lesson.", "Edited while the learner reads.")
	tm.wait("Edited while the learner reads.")

	edit("title: Your first lesson", "titel: Your first lesson")
	tm.wait("The course you are editing has a problem.", "unknown key `titel`")

	edit("titel: Your first lesson", "title: Your first lesson")
	tm.wait("Edited while the learner reads.")
	require.NotContains(t, tm.screen(), "has a problem")
	tm.keys("q")
	tm.ended()
}
