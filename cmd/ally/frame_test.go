package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/internal/syncbuf"
	"github.com/allyworks/ally/tui"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The check of a big course starts once the first frame is on the
// terminal, not when Bubble Tea asks for it: on two cores a check started
// at View held the frame back by 8–10 ms at 10,000 lessons. Here the real
// UI draws a course opened on its structure, through the watcher, and the
// frame must already be written when the watcher says so.
func TestCheckWaitsForTheFirstFrameOnTheTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: structureFrom}))
	o := &options{course: dir, progress: filepath.Join(t.TempDir(), "p.json")}
	c, store, _, check, err := o.openStoreTUI(nil)
	require.NoError(t, err)
	require.NotNil(t, check, "a course of %d lessons is opened on its structure", structureFrom)

	in, w, err := os.Pipe()
	require.NoError(t, err)
	defer in.Close()
	defer w.Close()
	out := &syncbuf.Buffer{}
	watched, fw := watchFirstFrame(out)
	drawn := fw.drawn
	m := tui.New(tui.Options{Course: c, Store: store, Seed: 1, Width: 100, Height: 30})
	p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(watched), tea.WithFPS(120),
		tea.WithoutSignalHandler(), tea.WithWindowSize(100, 30))
	checked := make(chan string)
	go func() {
		<-drawn
		screen := out.String() // what the terminal has when the check may begin
		check.run(drawn)
		checked <- screen
	}()
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		p.Run()
	}()
	var screen string
	select {
	case screen = <-checked:
	case <-time.After(10 * time.Second):
		t.Fatal("the check never ran")
	}
	p.Quit()
	<-ended
	require.NoError(t, m.Close(time.Second))
	assert.Contains(t, screen, c.Title, "the first frame is written before the check starts")
	assert.Contains(t, screen, "\x1b[?1049h")
	select {
	case <-drawn:
	default:
		t.Fatal("drawn is not closed")
	}
	require.NotNil(t, check.course, "the check passed: %v", check.problems)
}

// Only the write that enters the alternate screen is the first frame:
// Bubble Tea's terminal queries, written before it on the same tick, are not.
func TestFrameWatchWaitsForTheFrame(t *testing.T) {
	out := &strings.Builder{}
	w, fw := watchFirstFrame(out)
	drawn := fw.drawn
	_, isFile := w.(interface{ Fd() uintptr })
	assert.False(t, isFile, "a plain writer is not made to look like a terminal")
	n, err := w.Write([]byte("\x1b[?2026$p\x1b[?2027$p\x1b]11;?\a"))
	require.NoError(t, err)
	assert.Equal(t, 25, n)
	select {
	case <-drawn:
		t.Fatal("the terminal queries are not the first frame")
	default:
	}
	_, err = w.Write([]byte("\x1b[>4m\x1b[?1049h\x1b[?25lAlly"))
	require.NoError(t, err)
	select {
	case <-drawn:
	default:
		t.Fatal("the frame that enters the alternate screen is the first frame")
	}
	_, err = w.Write([]byte("\x1b[?1049h again"))
	require.NoError(t, err, "later writes pass on, and closing twice does not panic")
	assert.Equal(t, "\x1b[?2026$p\x1b[?2027$p\x1b]11;?\a\x1b[>4m\x1b[?1049h\x1b[?25lAlly\x1b[?1049h again", out.String())

	// Over a terminal the watcher is one too: Bubble Tea sets up raw mode
	// and reads the size only on an output with a descriptor.
	f, err := os.CreateTemp(t.TempDir(), "tty")
	require.NoError(t, err)
	defer f.Close()
	tw, _ := watchFirstFrame(f)
	fd, ok := tw.(interface{ Fd() uintptr })
	require.True(t, ok)
	assert.Equal(t, f.Fd(), fd.Fd())
}
