package main

import (
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/internal/syncbuf"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
)

// A course that opens in time leaves the terminal untouched; one that
// takes longer gets a line saying what Ally is doing, erased once it is
// open. The line is safe to show and fits the terminal's width.
func TestSlowStartIsExplainedThenErased(t *testing.T) {
	out := &syncbuf.Buffer{}
	done := slowNotice(out, 80, "Reading the course in /c…", time.Hour)
	done()
	assert.Empty(t, out.String(), "a quick start writes nothing")

	out = &syncbuf.Buffer{}
	done = slowNotice(out, 80, "Reading the course in /c…", time.Millisecond)
	assert.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, time.Millisecond)
	assert.Equal(t, "Reading the course in /c…", out.String(), "no line break: it is erased in place")
	done()
	assert.Equal(t, "Reading the course in /c…\r\x1b[2K", out.String())
	done() // once is enough
	assert.Equal(t, "Reading the course in /c…\r\x1b[2K", out.String())

	out = &syncbuf.Buffer{}
	done = slowNotice(out, 20, "Reading the course in /a/very/long/path/\x1b]52;c;x\a…", time.Millisecond)
	assert.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, time.Millisecond)
	done()
	line, _ := strings.CutSuffix(out.String(), "\r\x1b[2K")
	assert.LessOrEqual(t, ansi.StringWidth(line), 19, "one cell short of the width: the line never wraps")
	assert.NotContains(t, out.String(), "\x1b]", "a folder name cannot drive the terminal")
	assert.True(t, strings.HasPrefix(line, "Reading the course"))
}

// In the accessible mode the line is written whole and stays: a screen
// reader has already read it out.
func TestSlowStartLineStaysInTheAccessibleMode(t *testing.T) {
	out := &syncbuf.Buffer{}
	done := slowLine(out, "Reading the course in /c…", time.Hour)
	done()
	assert.Empty(t, out.String(), "a quick start writes nothing")

	out = &syncbuf.Buffer{}
	done = slowLine(out, "Reading the course in /c\x1b[2J…", time.Millisecond)
	assert.Eventually(t, func() bool { return out.String() != "" }, 5*time.Second, time.Millisecond)
	done()
	assert.Equal(t, `Reading the course in /c\x1b[2J…`+"\n", out.String())
}
