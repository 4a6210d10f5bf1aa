// Package termsafe makes text safe to show in a terminal. Course folders and
// progress files are untrusted: a title, an option or a file name must never
// be able to move the cursor, clear the screen, set the window title, write
// to the clipboard (OSC 52) or open a hyperlink of its own. Every string that
// reaches the terminal passes through one of these functions, at the one
// place where it is written (the TUI's frame and window title, the CLI's
// stdout and stderr).
//
// Control characters are never dropped silently: they are shown visibly
// escaped, Go style (\x1b, \u009b), so an author can see and mend them.
package termsafe

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// isControl reports the characters a terminal may act on: C0 controls,
// DEL and C1 controls.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}

// escapeRune is the visible form of a control character.
func escapeRune(b *strings.Builder, r rune) {
	if r < 0x80 {
		fmt.Fprintf(b, `\x%02x`, r)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}

// clean escapes the control characters of s, keeping those keep allows.
func clean(s string, keep func(rune) bool) string {
	if isSafe(s, keep) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // a lone byte (0x9b is CSI on some terminals)
		case isControl(r) && !keep(r):
			escapeRune(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isSafe(s string, keep func(rune) bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			goto slow
		}
	}
	return true
slow:
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if isControl(r) && !keep(r) {
			return false
		}
	}
	return true
}

// Text makes a multi-line text safe: every control character except
// newline and tab is shown escaped.
func Text(s string) string {
	return clean(s, func(r rune) bool { return r == '\n' || r == '\t' })
}

// Line makes a one-line text safe (a title, a file name, a key name):
// every control character, newlines and tabs too, is shown escaped.
func Line(s string) string {
	return clean(s, func(rune) bool { return false })
}

// Styled makes text that carries Ally's own styling safe. It keeps the
// escape sequences Ally's renderers produce — SGR colours and attributes
// (without blink or conceal) and the OSC 8 hyperlinks to http, https and
// mailto addresses that MarkHyperlinks marked — and shows every other
// control character escaped. It is the last filter before a frame reaches
// the terminal.
func Styled(s string) string {
	if isSafe(s, func(r rune) bool { return r == '\n' || r == '\t' }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f { // printable ASCII: the bulk of a frame
			j := i + 1
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		if s[i] == 0x1b {
			if n := allowedSequence(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(r) && r != '\n' && r != '\t':
			escapeRune(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// allowedSequence returns the length of the allowed escape sequence at the
// start of s (which starts with ESC), or 0.
func allowedSequence(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case '[': // CSI: only SGR (final byte 'm') with safe parameters
		for j := 2; j < len(s); j++ {
			c := s[j]
			switch {
			case c >= '0' && c <= '9', c == ';', c == ':':
				continue
			case c == 'm':
				if safeSGR(s[2:j]) {
					return j + 1
				}
				return 0
			}
			return 0
		}
	case ']': // OSC: only 8 (hyperlinks)
		body, n := oscBody(s)
		if n > 0 && safeHyperlink(body) {
			return n
		}
	}
	return 0
}

// oscBody splits an OSC sequence into its body and total length (0 when it
// is not terminated by BEL or ST).
func oscBody(s string) (string, int) {
	for j := 2; j < len(s); j++ {
		switch c := s[j]; {
		case c == 0x07:
			return s[2:j], j + 1
		case c == 0x1b && j+1 < len(s) && s[j+1] == '\\':
			return s[2:j], j + 2
		case c < 0x20 || c == 0x7f:
			return "", 0
		}
	}
	return "", 0
}

// safeHyperlink accepts "8;params;uri" with an empty uri (the end of a
// link), or an http, https or mailto uri in a link Ally's renderer made
// (marked by MarkHyperlinks).
func safeHyperlink(body string) bool {
	rest, ok := strings.CutPrefix(body, "8;")
	if !ok {
		return false
	}
	params, uri, ok := strings.Cut(rest, ";")
	if !ok {
		return false
	}
	if uri == "" {
		return true
	}
	if !utf8.ValidString(uri) || strings.ContainsFunc(uri, isControl) {
		return false
	}
	return SafeScheme(uri) && slices.Contains(strings.Split(params, ":"), linkMark)
}

// linkMark is a parameter that marks the hyperlinks Ally's renderer made.
// It is random per process, so text from a course cannot forge it.
var linkMark = func() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return "ally=" + hex.EncodeToString(b[:])
}()

// MarkHyperlinks marks the OSC 8 hyperlinks in s as Ally's own. Call it on
// the output of Ally's renderer only, whose input was made safe first
// (Text): Styled then keeps these links and escapes any other.
func MarkHyperlinks(s string) string {
	const open = "\x1b]8;"
	if !strings.Contains(s, open) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+len(open)])
		s = s[i+len(open):]
		b.WriteString(linkMark)
		if !strings.HasPrefix(s, ";") {
			b.WriteByte(':')
		}
	}
}

// SafeScheme reports whether a link's target is an http, https or mailto
// address: the only ones Ally turns into terminal hyperlinks.
func SafeScheme(uri string) bool {
	scheme, _, ok := strings.Cut(uri, ":")
	if !ok {
		return false
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// safeSGR rejects blink (5, 6) and conceal (8); colours (38, 48, 58 with
// their 5;n or 2;r;g;b arguments) and the other attributes are fine. It
// runs on every styled run of every frame, so it does not allocate.
func safeSGR(params string) bool {
	skip := 0 // arguments of a colour still to pass over
	for params != "" {
		p := params
		if i := strings.IndexByte(params, ';'); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			params = ""
		}
		if skip > 0 {
			skip--
			continue
		}
		if i := strings.IndexByte(p, ':'); i >= 0 { // sub-parameters: 4:3 curly underline, 38:2::r:g:b
			switch p[:i] {
			case "4", "38", "48", "58":
				continue
			}
			return false
		}
		n, err := strconv.Atoi(p)
		if err != nil && p != "" {
			return false
		}
		switch n {
		case 5, 6, 8:
			return false
		case 38, 48, 58:
			switch {
			case strings.HasPrefix(params, "5;") || params == "5":
				skip = 2
			case strings.HasPrefix(params, "2;"):
				skip = 4
			}
		}
	}
	return true
}

// CSVCell neutralises a spreadsheet formula: a cell starting with =, +, -,
// @, tab or carriage return gets a leading apostrophe, so a spreadsheet
// shows it as text instead of running it. Control characters are escaped.
func CSVCell(s string) string {
	s = clean(s, func(r rune) bool { return r == '\n' || r == '\t' || r == '\r' })
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Writer returns a writer that passes every write through Styled. Each
// write is filtered on its own: an escape sequence cut in two by separate
// writes is shown escaped, never passed on. When w is a terminal (it has
// Fd), so is the writer: callers can still ask for its size or colours.
func Writer(w io.Writer) io.Writer { return newWriter(w, Styled) }

// PlainWriter returns a writer that passes every write through Text: for
// output that carries no styling of Ally's own, where even a colour code
// can only have come from the course.
func PlainWriter(w io.Writer) io.Writer { return newWriter(w, Text) }

func newWriter(w io.Writer, filter func(string) string) io.Writer {
	w = Unwrap(w)
	if _, ok := w.(fder); ok {
		return &fdWriter{writer{w: w, filter: filter}}
	}
	return &writer{w: w, filter: filter}
}

// Unwrap returns the writer under a Writer (w itself for any other), for
// the one program that drives the terminal itself: the full-screen UI,
// whose frames are filtered before they are drawn.
func Unwrap(w io.Writer) io.Writer {
	switch t := w.(type) {
	case *writer:
		return t.w
	case *fdWriter:
		return t.w
	}
	return w
}

type fder interface{ Fd() uintptr }

type writer struct {
	w      io.Writer
	filter func(string) string
}

type fdWriter struct{ writer }

func (t *fdWriter) Fd() uintptr { return t.w.(fder).Fd() }

func (t *writer) Write(p []byte) (int, error) {
	s := t.filter(string(p))
	if len(s) == len(p) { // escaping only ever lengthens: nothing changed
		return t.w.Write(p)
	}
	if _, err := io.WriteString(t.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
