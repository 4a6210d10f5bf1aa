package content

import (
	"regexp"
	"strings"
)

// line is one line of a markdown body with its file line number.
type line struct {
	text    string
	num     int
	inFence bool   // inside (or delimiting) a fenced code block
	opens   string // the fence this line opens (``` or ~~~ …), if any
}

// bodyLines splits a body into lines and marks fenced code blocks.
func bodyLines(body string, first int) []line {
	raw := strings.Split(body, "\n")
	out := make([]line, len(raw))
	fence := ""
	for i, t := range raw {
		out[i] = line{text: t, num: first + i}
		trimmed := strings.TrimLeft(t, " ")
		if fence != "" {
			out[i].inFence = true
			if strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])) == "" {
				fence = ""
			}
			continue
		}
		if f := fenceOpen(t); f != "" {
			fence = f
			out[i].inFence = true
			out[i].opens = f
		}
	}
	return out
}

// fenceOpen returns the fence (``` or ~~~, as long as written) that the line
// opens, or "".
func fenceOpen(t string) string {
	if len(t)-len(strings.TrimLeft(t, " ")) > 3 {
		return ""
	}
	trimmed := strings.TrimLeft(t, " ")
	for _, ch := range []string{"`", "~"} {
		n := len(trimmed) - len(strings.TrimLeft(trimmed, ch))
		if n >= 3 {
			return strings.Repeat(ch, n)
		}
	}
	return ""
}

// checkFences warns about fenced code blocks without a language, which the
// renderer must guess (slowly).
func (v *checker) checkFences(file, body string, first int) {
	if !strings.Contains(body, "```") && !strings.Contains(body, "~~~") {
		return
	}
	for _, l := range bodyLines(body, first) {
		if l.opens == "" {
			continue
		}
		info := strings.TrimLeft(strings.TrimLeft(l.text, " "), l.opens[:1])
		if strings.TrimSpace(info) == "" {
			v.warnf(Pos{File: file, Line: l.num, Col: 1}, "code block has no language: write %stext (or sh, go, …) so the reader need not guess it, which is slow", l.opens)
		}
	}
}

// section is a `## Title {#id …}` part of a quiz or assessment body.
type section struct {
	title string
	attrs attrs
	head  line
	lines []line
}

// sections splits body lines into the text before the first `## ` heading
// and the sections.
func sections(lines []line) (intro []line, secs []*section) {
	var cur *section
	for _, l := range lines {
		if !l.inFence && strings.HasPrefix(l.text, "## ") {
			title, a := splitAttrs(strings.TrimSpace(l.text[3:]), l)
			cur = &section{title: title, attrs: a, head: l}
			secs = append(secs, cur)
			continue
		}
		if cur == nil {
			intro = append(intro, l)
		} else {
			cur.lines = append(cur.lines, l)
		}
	}
	return intro, secs
}

// attrs are the `{#id key=value …}` attributes that end a heading or item.
type attrs struct {
	found  bool // a {…} block was present
	id     string
	idCol  int
	keys   []string
	vals   map[string]string
	cols   map[string]int
	bad    string // a token that could not be read
	badCol int
	col    int // column of the opening brace
}

var trailingAttrs = regexp.MustCompile(`\{([^{}]*)\}\s*$`)

// splitAttrs removes trailing {…} attributes from text found on line l.
func splitAttrs(text string, l line) (string, attrs) {
	a := attrs{vals: map[string]string{}, cols: map[string]int{}}
	loc := trailingAttrs.FindStringSubmatchIndex(text)
	if loc == nil {
		return strings.TrimSpace(text), a
	}
	inner := text[loc[2]:loc[3]]
	if !strings.HasPrefix(strings.TrimSpace(inner), "#") {
		// Braces that do not start with # are text, not attributes.
		return strings.TrimSpace(text), a
	}
	base := strings.Index(l.text, text) // column offset of text in the line
	if base < 0 {
		base = 0
	}
	a.found = true
	a.col = base + loc[0] + 1
	i := 0
	for i < len(inner) {
		for i < len(inner) && inner[i] == ' ' {
			i++
		}
		if i >= len(inner) {
			break
		}
		start := i
		var tok string
		if eq := strings.IndexAny(inner[i:], " ="); eq >= 0 && inner[i+eq] == '=' && i+eq+1 < len(inner) && (inner[i+eq+1] == '"' || inner[i+eq+1] == '\'') {
			q := inner[i+eq+1]
			end := strings.IndexByte(inner[i+eq+2:], q)
			if end < 0 {
				a.bad, a.badCol = inner[i:], base+loc[2]+start+1
				break
			}
			tok = inner[i : i+eq+2+end+1]
			i += eq + 2 + end + 1
		} else {
			end := strings.IndexByte(inner[i:], ' ')
			if end < 0 {
				end = len(inner) - i
			}
			tok = inner[i : i+end]
			i += end
		}
		col := base + loc[2] + start + 1
		switch {
		case strings.HasPrefix(tok, "#"):
			a.id, a.idCol = tok[1:], col
		case strings.Contains(tok, "="):
			k, val, _ := strings.Cut(tok, "=")
			val = strings.Trim(val, `"'`)
			if _, dup := a.vals[k]; !dup {
				a.keys = append(a.keys, k)
			}
			a.vals[k], a.cols[k] = val, col
		default:
			if a.bad == "" {
				a.bad, a.badCol = tok, col
			}
		}
	}
	return strings.TrimSpace(text[:loc[0]]), a
}

// listItem is a top-level list item of a quiz question or assessment
// dimension, with its indented continuation lines.
type listItem struct {
	style  listStyle
	marker string // "- ", "1. ", …
	text   string // first line after the marker (and task box)
	first  line
	col    int    // column where text starts
	more   []line // continuation lines (indented)
}

type listStyle int

const (
	notList listStyle = iota
	bullet
	taskOpen
	taskDone
	numbered
)

func (s listStyle) String() string {
	switch s {
	case bullet:
		return "a plain bullet"
	case taskOpen, taskDone:
		return "a task list (- [ ] / - [x])"
	case numbered:
		return "a numbered list"
	}
	return "text"
}

// parseListLine recognises a top-level list item line: up to three
// spaces, a bullet (- * +) or a number (1. or 1)), then a space or the end
// of the line; a task box [ ] / [x] may follow a bullet.
func parseListLine(l line) (listItem, bool) {
	t := l.text
	if l.inFence {
		return listItem{}, false
	}
	i := 0
	for i < len(t) && i < 4 && t[i] == ' ' {
		i++
	}
	if i > 3 || i == len(t) {
		return listItem{}, false
	}
	start := i
	style := bullet
	switch c := t[i]; {
	case c == '-' || c == '*' || c == '+':
		i++
	case c >= '0' && c <= '9':
		for i < len(t) && i-start < 9 && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == len(t) || (t[i] != '.' && t[i] != ')') {
			return listItem{}, false
		}
		i++
		style = numbered
	default:
		return listItem{}, false
	}
	if i < len(t) && t[i] != ' ' {
		return listItem{}, false
	}
	it := listItem{marker: t[start:i], first: l, style: style}
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if style == bullet && strings.HasPrefix(t[i:], "[") && len(t) >= i+3 && t[i+2] == ']' && strings.ContainsRune(" xX", rune(t[i+1])) &&
		(len(t) == i+3 || t[i+3] == ' ') {
		it.style = taskOpen
		if t[i+1] != ' ' {
			it.style = taskDone
		}
		i += 3
		for i < len(t) && t[i] == ' ' {
			i++
		}
	}
	it.text = strings.TrimSpace(t[i:])
	it.col = i + 1
	return it, true
}

// indented reports a continuation line of a list item.
func indented(l line) bool {
	return strings.HasPrefix(l.text, "  ") || strings.HasPrefix(l.text, "\t")
}

func blank(l line) bool { return strings.TrimSpace(l.text) == "" }

// quoteText returns the text of a blockquote line ("> text"), and whether
// the line is one.
func quoteText(s string) (string, bool) {
	t := strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(t, ">") {
		return "", false
	}
	t = strings.TrimPrefix(t, ">")
	return strings.TrimPrefix(t, " "), true
}

// joinLines returns the lines' text joined with newlines, trimmed.
func joinLines(ls []line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.text
	}
	return strings.TrimSpace(strings.Join(parts, "\n"))
}
