package main

import (
	"bytes"
	"io"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/x/term"
)

// The whole check of a big course (check.go) runs once the first frame is
// on the terminal, not once it is made: Bubble Tea calls View at once but
// writes the frame on its next tick (up to 8 ms at 120 fps), and a check
// started at View shares both cores with that tick. At 10,000 lessons the
// frame reached the terminal 16–31 ms after p.Run; now 11.5–14.7 ms, as at
// 100 lessons.

// altScreen is what the first frame starts with: every view of the UI asks
// for the alternate screen, and Bubble Tea enters it in the frame's own
// write. (The terminal queries Bubble Tea sends first, on the same tick, do
// not carry it.)
var altScreen = []byte("\x1b[?1049h")

// frameWatch passes every write on to w and closes drawn after the first
// write that enters the alternate screen, once that write has returned.
type frameWatch struct {
	w     io.Writer
	drawn chan struct{}
	once  sync.Once
	armed atomic.Pointer[chan struct{}] // closed after the next write (next)
}

func (f *frameWatch) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if ch := f.armed.Swap(nil); ch != nil {
		close(*ch)
	}
	select {
	case <-f.drawn: // later writes are not searched
	default:
		if bytes.Contains(p, altScreen) {
			f.once.Do(func() { close(f.drawn) })
		}
	}
	return n, err
}

// fileFrameWatch is a frameWatch over a terminal: Bubble Tea sets the
// terminal up (raw mode, size) only on an output that is a term.File.
type fileFrameWatch struct{ *frameWatch }

func (f fileFrameWatch) Read(p []byte) (int, error) { return f.w.(term.File).Read(p) }
func (f fileFrameWatch) Close() error               { return f.w.(term.File).Close() }
func (f fileFrameWatch) Fd() uintptr                { return f.w.(term.File).Fd() }

// next returns a channel closed once the next write has returned: the
// frame of the app that takes over from a first screen (the first screen
// writes nothing while it does not change).
func (f *frameWatch) next() <-chan struct{} {
	ch := make(chan struct{})
	if old := f.armed.Swap(&ch); old != nil {
		close(*old)
	}
	return ch
}

// watchFirstFrame returns a writer to give the program in w's place, and
// its watch: drawn is closed once the first frame has been written
// through it.
func watchFirstFrame(w io.Writer) (io.Writer, *frameWatch) {
	f := &frameWatch{w: w, drawn: make(chan struct{})}
	if _, ok := w.(term.File); ok {
		return fileFrameWatch{f}, f
	}
	return f, f
}
