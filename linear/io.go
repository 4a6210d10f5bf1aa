package linear

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// maxLine is the longest input line kept; the rest of a longer line is
// read and dropped, so a runaway paste cannot fill the memory.
const maxLine = 4096

// errQuit ends the session: the learner typed quit, or the input ended.
var errQuit = errors.New("quit")

// lineReader reads the learner's answers, one line at a time, on its own
// goroutine, so that an interrupt is seen while Ally waits for a line.
type lineReader struct {
	lines chan string
	err   error // why the input ended; read once lines is closed
}

func newLineReader(r io.Reader) *lineReader {
	lr := &lineReader{lines: make(chan string)}
	go lr.loop(bufio.NewReader(r))
	return lr
}

func (lr *lineReader) loop(br *bufio.Reader) {
	defer close(lr.lines)
	for {
		var b strings.Builder
		for {
			chunk, more, err := br.ReadLine()
			if b.Len() < maxLine {
				b.Write(chunk[:min(len(chunk), maxLine-b.Len())])
			}
			if err != nil {
				if b.Len() > 0 { // a last line without a newline still counts
					lr.lines <- b.String()
				}
				lr.err = err
				return
			}
			if !more {
				break
			}
		}
		lr.lines <- b.String()
	}
}

// next returns the next line (trimmed), errQuit when the input has ended,
// or the context's error when it is cancelled (an interrupt).
func (lr *lineReader) next(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case l, ok := <-lr.lines:
		if !ok {
			return "", errQuit
		}
		return strings.TrimSpace(clean(l)), nil
	}
}

// printer writes plain lines. Everything it prints goes through clean: no
// escape sequence or control character from a course, a progress file or
// anywhere else reaches the terminal.
type printer struct {
	w   io.Writer
	err error // the first write error; later writes are skipped
}

func (p *printer) write(s string) {
	if p.err != nil {
		return
	}
	_, p.err = io.WriteString(p.w, s)
}

// line prints a formatted line (or several).
func (p *printer) line(format string, args ...any) { p.say(fmt.Sprintf(format, args...)) }

// say prints text as it is, ending it with a newline.
func (p *printer) say(s string) { p.write(clean(s) + "\n") }

// blank prints an empty line.
func (p *printer) blank() { p.write("\n") }

// prompt asks for a line: the text, then a space, on the same line.
func (p *printer) prompt(text string) { p.write(clean(text) + " ") }

// clean removes what must never reach the terminal: ANSI escape sequences,
// control characters other than newline and tab, and the Unicode
// bidirectional controls that can make text read differently from what
// it is. Trailing spaces of each line go too.
func clean(s string) string {
	if strings.ContainsRune(s, 0x1b) || strings.ContainsRune(s, 0x9b) {
		s = ansi.Strip(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
