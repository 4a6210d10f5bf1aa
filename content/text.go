package content

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// MaxFileSize is the largest course text file Ally reads.
const MaxFileSize = 1 << 20

// maxCharReports caps the control-character reports per file.
const maxCharReports = 5

// bom is the UTF-8 byte-order mark some editors write at the start of a file.
const bom = "\uFEFF"

// checkText checks that a course text file is safe to show in a terminal
// (data is the caller's to give away: the text returned may be data itself):
// at most MaxFileSize, valid UTF-8, and free of control characters other
// than tab and newline (CR only before LF). It returns the text with CRLF
// turned into LF and a leading byte-order mark dropped, and false when the
// file cannot be read as text at all. Columns count characters.
func (v *checker) checkText(file string, data []byte) (string, bool) {
	data = bytes.TrimPrefix(data, []byte(bom))
	if len(data) > MaxFileSize {
		v.errorf(Pos{File: file, Line: 1, Col: 1}, "file is %d bytes, over the 1 MiB limit: split it into several items", len(data))
		return "", false
	}
	if utf8.Valid(data) && !hasControlBytes(data) {
		// The common case, checked a byte at a time: nothing to report (and
		// hasControlBytes found no CR, so no CRLF either). The text is data
		// itself, not a copy: data is the buffer readText read the file
		// into, which nothing else holds or changes.
		return unsafe.String(unsafe.SliceData(data), len(data)), true
	}
	line, col := 1, 1
	reported := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			v.errorf(Pos{File: file, Line: line, Col: col}, "file is not valid UTF-8 (byte 0x%02x): save it as UTF-8", data[i])
			return "", false
		}
		if isControl(r) && !(r == '\r' && i+1 < len(data) && data[i+1] == '\n') {
			if v.rawControl != nil {
				v.rawControl[file] = true
			}
			if reported < maxCharReports {
				v.errorf(Pos{File: file, Line: line, Col: col}, "control character %s: remove it (courses may not contain terminal control codes)", controlName(r))
			} else if reported == maxCharReports {
				v.errorf(Pos{File: file, Line: line, Col: col}, "more control characters follow: remove every one")
			}
			reported++
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), true
}

// hasControlBytes reports whether valid UTF-8 data may hold a character
// isControl refuses: a C0 byte other than tab and newline (a CR is looked at
// closely too), DEL, or a C1 code (encoded 0xC2 0x80–0x9F).
//
// It looks at eight bytes at a time, and byte by byte only at a word that
// holds a byte below 0x20 (every line's newline), DEL or 0xC2.
func hasControlBytes(data []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(data); i += 8 {
		w := binary.LittleEndian.Uint64(data[i:])
		below := (w - 0x20*ones) &^ w & highs // a byte < 0x20
		del, c2 := w^0x7f*ones, w^0xc2*ones
		if below|((del-ones)&^del&highs)|((c2-ones)&^c2&highs) != 0 && controlBytes(data, i, i+8) {
			return true
		}
	}
	return controlBytes(data, i, len(data))
}

// controlBytes is hasControlBytes of data[from:to], a byte at a time (the
// byte after a 0xC2 may be past to).
func controlBytes(data []byte, from, to int) bool {
	for i := from; i < to; i++ {
		c := data[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n':
			return true
		case c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] <= 0x9f:
			return true
		}
	}
	return false
}

// isControl reports the characters a course may not contain: C0 codes other
// than tab and newline, DEL, and the C1 codes.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}

var controlNames = map[rune]string{0: "NUL", 7: "BEL", 8: "BS", 0x0b: "VT", 0x0c: "FF", 0x0d: "CR", 0x1b: "ESC", 0x7f: "DEL", 0x9b: "CSI"}

func controlName(r rune) string {
	if n, ok := controlNames[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// doc is a markdown file split into front matter and body.
type doc struct {
	file     string
	fm       []byte // YAML text of the front matter, nil when absent
	fmOff    int    // file line = fmOff + YAML line
	body     string
	bodyLine int // file line where body starts
}

// splitDoc separates the front matter from the body. It reports front
// matter that is opened but never closed.
func (v *checker) splitDoc(file, text string) doc {
	d := doc{file: file, body: text, bodyLine: 1}
	// The opening --- may follow blank lines, as in adrg/frontmatter.
	open, remaining := 0, text
	for {
		line, after, more := strings.Cut(remaining, "\n")
		if strings.TrimSpace(line) != "" {
			if strings.TrimSpace(line) != "---" {
				return d
			}
			break
		}
		if !more {
			return d
		}
		open, remaining = open+1, after
	}
	// The front matter is the text between the opening line and the
	// closing --- line, as adrg/frontmatter cuts it (TestSplitDocAsLibrary),
	// without its reader and buffers (a tenth of what validating a big
	// course allocated); the body is a slice of the text.
	end := closingLine(text, len(text)-len(remaining))
	var fm []byte
	if end >= 0 {
		from := len(text) - len(remaining) + strings.IndexByte(remaining, '\n') + 1
		to := strings.LastIndexByte(strings.TrimSuffix(text[:end], "\n"), '\n') + 1
		fm = []byte(text[from:to])
	}
	if fm == nil {
		v.errorf(Pos{File: file, Line: open + 1, Col: 1}, "front matter is not closed: add a line with --- after it")
		return d
	}
	d.fm = fm
	d.fmOff = open + 1
	d.body = text[end:]
	d.bodyLine = strings.Count(text[:end], "\n") + 1
	return d
}

// closingLine returns the end (past its newline) of the first line after
// from that holds only ---, or -1.
func closingLine(text string, from int) int {
	i := strings.IndexByte(text[from:], '\n') // skip the opening line
	if i < 0 {
		return -1
	}
	for pos := from + i + 1; pos < len(text); {
		line, _, more := strings.Cut(text[pos:], "\n")
		next := pos + len(line) + 1
		if !more {
			next = len(text)
		}
		if strings.TrimSpace(line) == "---" {
			return next
		}
		pos = next
	}
	return -1
}
