//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/internal/syncbuf"
	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 'ally read' in a terminal is styled: Ally's colours reach it, the
// course's escape sequences do not. Since the validator refuses control
// characters in decoded YAML (issue 9), a course that carries them never
// opens: the terminal gets the problems, escaped, and no escape sequence.
func TestReadToATerminalIsStyledAndSafe(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "")
	t.Setenv("COLORTERM", "")
	inPty := func(dir string) (string, string, int) {
		t.Helper()
		return runInPty(t, strings.NewReader(""), "--course", dir, "--progress", t.TempDir()+"/p.json", "read", "what-for")
	}

	s, errOut, code := inPty(sampleDir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, s, "\x1b[1m", "styled for the terminal")
	assert.Contains(t, s, "\x1b[38;5;", "in colour")

	s, errOut, code = inPty(hostileDir(t))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "`title` holds control character U+001B (ESC)")
	for _, bad := range []string{"\x1b[2J", "\u009b", "\x1b]52", "\x1b[5m"} {
		assert.NotContains(t, s+errOut, bad)
	}
}

// The full-screen UI says on the terminal what it is doing while a course
// is slow to open, and erases it before it goes on: here a big course with
// a problem in its structure, opened with no wait allowed, so the notice is
// written, erased, and the problems follow on stderr.
func TestSlowStartNoticeOnTheTerminal(t *testing.T) {
	defer func(d time.Duration) { slowStartAfter = d }(slowStartAfter)
	slowStartAfter = 0
	course := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(course, gen.Config{Lessons: structureFrom}))
	lesson := filepath.Join(course, "m001-partner-screening", "01-deal-simple.md")
	data, err := os.ReadFile(lesson)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(lesson, append([]byte("---\nid: Bad\n"), data[4:]...), 0o600))

	out, errOut, code := runInPty(t, nil, "--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "Reading the course in "+course+"…\r\x1b[2K", "written, then erased")
	assert.Contains(t, errOut, `01-deal-simple.md:2:5: id "Bad" is not valid`)

	// The accessible mode says it in a line of its own, which stays.
	out, errOut, code = runInPty(t, strings.NewReader(""), "--accessible", "--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "Reading the course in "+course+"…\r\n")
	assert.NotContains(t, out, "\x1b[2K")
	assert.Contains(t, errOut, `01-deal-simple.md:2:5: id "Bad" is not valid`)
}

// runInPty runs Ally with its output on a pseudo-terminal, and its input
// from stdin, or from the terminal when stdin is nil; it returns what the
// terminal got, stderr and the exit status.
func runInPty(t *testing.T, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	return runInPtyTyping(t, stdin, nil, args...)
}

// runInPtyTyping is runInPty, with type run meanwhile: it is given what
// the terminal got so far and the terminal's keyboard.
func runInPtyTyping(t *testing.T, stdin io.Reader, typing func(shown func() string, keys io.Writer), args ...string) (string, string, int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	defer ptmx.Close()
	require.NoError(t, pty.Setsize(ptmx, &pty.Winsize{Cols: 100, Rows: 30}))
	out := &syncbuf.Buffer{}
	done := make(chan struct{})
	go func() { _, _ = io.Copy(out, ptmx); close(done) }()
	if stdin == nil {
		stdin = tty
	}
	if typing != nil {
		go typing(out.String, ptmx)
	}
	var errOut bytes.Buffer
	code := run(args, stdin, tty, &errOut)
	require.NoError(t, tty.Close())
	<-done
	return out.String(), errOut.String(), code
}
