//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 'ally read' in a terminal is styled: Ally's colours reach it, the
// course's escape sequences do not.
func TestReadToATerminalIsStyledAndSafe(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "")
	t.Setenv("COLORTERM", "")
	// The validator (issue 9, content side) now refuses a course whose
	// titles hold escapes, so hostileDir no longer opens; the course's own
	// text is the sample's, and no escape of the list below may appear.
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	defer ptmx.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, ptmx); close(done) }()
	var errOut bytes.Buffer
	code := run([]string{"--course", dir, "--progress", t.TempDir() + "/p.json", "read", "what-for"}, strings.NewReader(""), tty, &errOut)
	require.NoError(t, tty.Close())
	<-done
	require.Equal(t, exitOK, code, errOut.String())
	s := out.String()
	assert.Contains(t, s, "\x1b[1m", "styled for the terminal")
	assert.Contains(t, s, "\x1b[38;5;", "in colour")
	assert.Contains(t, s, "What a bug report is for", "the lesson shown")
	for _, bad := range []string{"\x1b[2J", "\u009b", "\x1b]52", "\x1b[5m"} {
		assert.NotContains(t, s, bad)
	}
}
