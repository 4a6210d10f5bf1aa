package main

import (
	"io"
	"sync"
	"time"

	"github.com/allyworks/ally/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// slowStartAfter is how long the full-screen UI may take to open its
// course before the terminal says what it is doing. A warm start of
// 10,000 lessons takes ~0.2 s; 50,000 take ~0.8 s, and up to 5 s when the
// files are not in the page cache (after a reboot), which a blank terminal
// does not explain.
var slowStartAfter = 300 * time.Millisecond

// readingLine is what the terminal says while the course in dir opens.
func readingLine(dir string) string { return "Reading the course in " + dir + "…" }

// slowNotice writes line to the terminal w (width cells wide; 0 when not
// known) once after has passed, unless the returned done is called first;
// done then erases it, so that the terminal is as it was before. The line
// is made safe to show and cut to the width: erasing reaches only the row
// the cursor is on.
func slowNotice(w io.Writer, width int, line string, after time.Duration) (done func()) {
	line = termsafe.Line(line)
	if width > 1 {
		line = ansi.Truncate(line, width-1, "…")
	}
	return afterUnlessDone(w, line, "\r\x1b[2K", after) // to the start of the row, and clear it
}

// slowLine is slowNotice for the accessible mode: the line is written
// whole, with its line break, and stays (a screen reader has read it).
func slowLine(w io.Writer, line string, after time.Duration) (done func()) {
	return afterUnlessDone(w, termsafe.Line(line)+"\n", "", after)
}

// afterUnlessDone writes text to w once after has passed, unless done is
// called first; done then writes erase if text was written. Once done has
// returned, nothing more is written.
func afterUnlessDone(w io.Writer, text, erase string, after time.Duration) (done func()) {
	var mu sync.Mutex
	shown, over := false, false
	t := time.AfterFunc(after, func() {
		mu.Lock()
		defer mu.Unlock()
		if !over {
			_, err := io.WriteString(w, text)
			shown = err == nil
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		over = true
		if shown && erase != "" {
			io.WriteString(w, erase)
		}
		shown = false
	}
}
