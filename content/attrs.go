package content

import (
	"strings"
)

// attrs are the `{#id key=value …}` attributes that end a heading or an
// assessment item. Offsets are into the document's source.
type attrs struct {
	found  bool // a {…} block was present
	id     string
	idOff  int
	keys   []string
	vals   map[string]string
	offs   map[string]int
	bad    string // a token that could not be read
	badOff int
	off    int // offset of the opening brace
}

// splitAttrs reads trailing {…} attributes from the text src[from:to]. It
// returns the text before them, trimmed, and the attributes. Braces that do
// not start with # are text.
func (d *mdDoc) splitAttrs(from, to int) (string, attrs) {
	a := attrs{vals: map[string]string{}, offs: map[string]int{}}
	s := string(d.src[from:to])
	t := strings.TrimRight(s, " \t")
	if !strings.HasSuffix(t, "}") {
		return strings.TrimSpace(s), a
	}
	open := strings.LastIndexByte(t, '{')
	if open < 0 || strings.ContainsAny(t[open+1:len(t)-1], "{}") {
		return strings.TrimSpace(s), a
	}
	inner := t[open+1 : len(t)-1]
	if !strings.HasPrefix(strings.TrimSpace(inner), "#") {
		return strings.TrimSpace(s), a
	}
	base := from + open + 1 // offset of inner
	a.found = true
	a.off = from + open
	i := 0
	for i < len(inner) {
		for i < len(inner) && (inner[i] == ' ' || inner[i] == '\t') {
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
				a.bad, a.badOff = inner[i:], base+start
				break
			}
			tok = inner[i : i+eq+2+end+1]
			i += eq + 2 + end + 1
		} else {
			end := strings.IndexAny(inner[i:], " \t")
			if end < 0 {
				end = len(inner) - i
			}
			tok = inner[i : i+end]
			i += end
		}
		off := base + start
		switch {
		case strings.HasPrefix(tok, "#"):
			a.id, a.idOff = tok[1:], off
		case strings.Contains(tok, "="):
			k, val, _ := strings.Cut(tok, "=")
			val = strings.Trim(val, `"'`)
			if _, dup := a.vals[k]; !dup {
				a.keys = append(a.keys, k)
			}
			a.vals[k], a.offs[k] = val, off
		default:
			if a.bad == "" {
				a.bad, a.badOff = tok, off
			}
		}
	}
	return strings.TrimSpace(s[:open]), a
}

// checkAttrs reports attributes that are not allowed, and unreadable ones.
func (v *checker) checkAttrs(d *mdDoc, a attrs, allowed []string) {
	if a.bad != "" {
		v.errorf(d.pos(a.badOff), "cannot read %q in {…}: write key=value, or key=\"several words\"", a.bad)
	}
	for _, k := range a.keys {
		if !contains(allowed, k) {
			msg := didYouMean(k, allowed)
			if len(allowed) == 0 {
				msg = ": only {#id} is allowed here"
			}
			v.errorf(d.pos(a.offs[k]), "unknown attribute `%s`%s", safeName(k), msg)
		}
	}
}
