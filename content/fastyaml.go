package content

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastMapping parses the usual front matter without the YAML library,
// which costs ~40 µs for a lesson's and ~110 µs for a module's with a
// rule (2 s of CPU on a course of 50,000 lessons). It takes a block
// mapping of one `key: value` per line, every key a lower-case word,
// indented by spaces only; a value is a plain word-like scalar, a small
// whole or decimal number, true or false, a double-quoted text without
// escapes, a one-line flow mapping or sequence of such values (`{item:
// team-size, min: 1}`, `[a, b]`), or, on the lines below a `key:`, a block
// mapping or a block sequence (`- passed: q1`) of the same kind. It returns
// the node yaml.Unmarshal gives for src (TestFastMappingIsYAML,
// TestFlatYAML and FuzzFastMapping check that, field by field), or nil
// when src is anything else, which the YAML library then reads.
//
// It builds the nodes in slab when it has room (its length is ignored;
// the nodes beyond its room go into arrays of their own) and returns the
// array it started in, for the caller to reuse once no node of src is
// held any more.
func fastMapping(src []byte, slab []yaml.Node) (*yaml.Node, []yaml.Node) {
	if len(src) == 0 || len(src) > fastMax || !utf8.Valid(src) {
		return nil, slab
	}
	// One string for every key and value (they are slices of it), and
	// one array for every node: a few allocations a file, not twenty.
	text := string(src)
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for rest := text; len(rest) > 0; {
		l := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		lines = append(lines, l)
	}
	// Room for the usual front matter in one array: about two nodes a
	// line, and two more for each entry of a flow. Beyond it, node takes
	// more arrays as the text asks for them, so what is refused early
	// (a megabyte of empty lines) costs no array sized for all of it.
	need := 2*len(lines) + 1
	if strings.ContainsAny(text, "{[") {
		need += 2 * strings.Count(text, ",")
	}
	need = min(need, 1024)
	if cap(slab) < need {
		slab = make([]yaml.Node, 0, max(need, 16))
	}
	b := fastBuild{lines: lines, nodes: slab[:0]}
	m, next := b.block(0, 0, false, 0)
	if m == nil || next != len(lines) {
		return nil, slab
	}
	return m, slab
}

// fastBuild is what fastMapping reads from and builds into.
type fastBuild struct {
	lines []string
	nodes []yaml.Node // the array nodes are taken from; never grown in place, so pointers into it hold
}

// fastMax is the largest front matter the fast path reads: a module's or
// a self-assessment's is a few KB. What is bigger goes to the library, so
// the fast path's line slice and node arrays stay small whatever a file holds.
const fastMax = 64 << 10

// fastDepth bounds how deep collections nest on the fast path.
const fastDepth = 6

// node returns a new node, from b.nodes; when it is full, from a new
// array twice its size (the full one stays, with the nodes given out).
func (b *fastBuild) node(n yaml.Node) *yaml.Node {
	if len(b.nodes) == cap(b.nodes) {
		b.nodes = make([]yaml.Node, 0, 2*cap(b.nodes))
	}
	b.nodes = append(b.nodes, n)
	return &b.nodes[len(b.nodes)-1]
}

// spaces counts the spaces l starts with.
func spaces(l string) int {
	sp := 0
	for sp < len(l) && l[sp] == ' ' {
		sp++
	}
	return sp
}

// block reads the block mapping that starts at lines[from], its keys
// indented by indent spaces, up to the first line indented less; with
// dash, lines[from] is a sequence item, "- " in place of its last two
// spaces. It returns the mapping and the index of that line, or nil.
func (b *fastBuild) block(from, indent int, dash bool, depth int) (*yaml.Node, int) {
	lines := b.lines
	if depth > fastDepth {
		return nil, 0
	}
	m := b.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: from + 1, Column: indent + 1})
	m.Content = make([]*yaml.Node, 0, min(2*(len(lines)-from), 16))
	i := from
	for ; i < len(lines); i++ {
		l := lines[i]
		sp := spaces(l)
		if i == from && dash {
			if sp != indent-2 || !strings.HasPrefix(l[sp:], "- ") {
				return nil, 0
			}
			sp = indent
		} else if sp < indent {
			break
		}
		if sp != indent {
			return nil, 0
		}
		l, line := l[indent:], i+1
		k, v, ok := strings.Cut(l, ": ")
		nested := !ok && len(l) > 1 && l[len(l)-1] == ':'
		if nested {
			k = l[:len(l)-1]
		}
		if !ok && !nested || !fastKey(k) {
			return nil, 0
		}
		for j := 0; j < len(m.Content); j += 2 {
			if m.Content[j].Value == k {
				return nil, 0 // a duplicate: the checker reports it from the library's nodes
			}
		}
		key := b.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: indent + 1})
		var val *yaml.Node
		if nested {
			if i+1 == len(lines) {
				return nil, 0
			}
			sub := spaces(lines[i+1])
			if sub <= indent {
				return nil, 0 // an empty value, or a sequence as indented as its key: the library's
			}
			var next int
			if strings.HasPrefix(lines[i+1][sub:], "- ") {
				val, next = b.seq(i+1, sub, depth+1)
			} else {
				val, next = b.block(i+1, sub, false, depth+1)
			}
			if val == nil {
				return nil, 0
			}
			m.Content = append(m.Content, key, val)
			i = next - 1
			continue
		}
		if val = b.value(v, line, indent+len(k)+3, depth); val == nil {
			return nil, 0
		}
		m.Content = append(m.Content, key, val)
	}
	if len(m.Content) == 0 {
		return nil, 0
	}
	return m, i
}

// seq reads the block sequence whose "- " is indented by indent spaces
// from lines[from], up to the first line indented less. Each item is a
// value on its line or a block mapping that starts there.
func (b *fastBuild) seq(from, indent, depth int) (*yaml.Node, int) {
	lines := b.lines
	if depth > fastDepth {
		return nil, 0
	}
	s := b.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: from + 1, Column: indent + 1})
	i := from
	for i < len(lines) {
		l := lines[i]
		sp := spaces(l)
		if sp < indent {
			break
		}
		if sp != indent || !strings.HasPrefix(l[sp:], "- ") {
			return nil, 0
		}
		item, line := l[indent+2:], i+1
		if item == "" {
			return nil, 0
		}
		if c := item[0]; c != '"' && c != '{' && c != '[' && (strings.Contains(item, ": ") || item[len(item)-1] == ':') {
			m, next := b.block(i, indent+2, true, depth+1)
			if m == nil {
				return nil, 0
			}
			s.Content = append(s.Content, m)
			i = next
			continue
		}
		v := b.value(item, line, indent+3, depth)
		if v == nil {
			return nil, 0
		}
		s.Content = append(s.Content, v)
		i++
	}
	return s, i
}

// value returns the node of the value v that stands alone at line, col:
// a scalar (fastValue) or a flow collection filling it.
func (b *fastBuild) value(v string, line, col, depth int) *yaml.Node {
	if v != "" && (v[0] == '{' || v[0] == '[') {
		n, rest := b.flow(v, line, col, depth+1)
		if n == nil || rest != "" {
			return nil
		}
		return n
	}
	n, ok := fastValue(v)
	if !ok {
		return nil
	}
	n.Line, n.Column = line, col
	return b.node(n)
}

// flow reads the flow mapping or sequence s starts with, written the
// canonical way ("{a: b, c: [d, e]}": no space inside the brackets, one
// after each comma and colon), at line and col. It returns the node and
// what follows it on the line, or nil.
func (b *fastBuild) flow(s string, line, col, depth int) (*yaml.Node, string) {
	if depth > fastDepth || len(s) < 3 {
		return nil, ""
	}
	open := s[0]
	n := b.node(yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Tag: "!!map", Line: line, Column: col})
	closer := byte('}')
	if open == '[' {
		n.Kind, n.Tag, closer = yaml.SequenceNode, "!!seq", ']'
	}
	p := 1 // bytes of s read
	at := func() int { return col + utf8.RuneCountInString(s[:p]) }
	for {
		if open == '{' {
			k := p
			for p < len(s) && s[p] != ':' && s[p] != ',' && s[p] != closer {
				p++
			}
			key := s[k:p]
			if !fastKey(key) || !strings.HasPrefix(s[p:], ": ") {
				return nil, ""
			}
			for j := 0; j < len(n.Content); j += 2 {
				if n.Content[j].Value == key {
					return nil, ""
				}
			}
			n.Content = append(n.Content, b.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line, Column: col + utf8.RuneCountInString(s[:k])}))
			p += 2
		}
		if p == len(s) {
			return nil, ""
		}
		var v *yaml.Node
		if c := s[p]; c == '{' || c == '[' {
			var rest string
			if v, rest = b.flow(s[p:], line, at(), depth+1); v == nil {
				return nil, ""
			}
			p = len(s) - len(rest)
		} else {
			e := p
			if c == '"' {
				q := strings.IndexByte(s[p+1:], '"')
				if q < 0 {
					return nil, ""
				}
				e = p + q + 2
			} else {
				for e < len(s) && flowPlain(s[e]) {
					e++
				}
			}
			sc, ok := fastValue(s[p:e])
			if !ok || c != '"' && strings.Contains(s[p:e], "  ") {
				return nil, ""
			}
			sc.Line, sc.Column = line, at()
			v = b.node(sc)
			p = e
		}
		n.Content = append(n.Content, v)
		switch {
		case strings.HasPrefix(s[p:], ", "):
			p += 2
		case p < len(s) && s[p] == closer:
			return n, s[p+1:]
		default:
			return nil, ""
		}
	}
}

// flowPlain: a byte of a plain scalar inside a flow collection on the
// fast path (no indicator of YAML's flow context, no colon, no quote).
func flowPlain(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '.' || c == '_' || c == '-'
}

// fastKey: a lower-case word that YAML reads as a string.
func fastKey(k string) bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' || yamlWord(k) {
		return false
	}
	for _, c := range []byte(k) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// yamlWord reports the plain words YAML may read as something other than
// a string (in YAML 1.2 or 1.1), in any case.
func yamlWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

// fastValue returns the scalar node of a simple value (without position);
// ok is false when v is not one.
func fastValue(v string) (n yaml.Node, ok bool) {
	if len(v) == 0 {
		return n, false
	}
	switch c := v[0]; {
	case c == '"':
		if len(v) < 3 || v[len(v)-1] != '"' {
			return n, false
		}
		inner := v[1 : len(v)-1]
		if inner[0] == ' ' || inner[len(inner)-1] == ' ' {
			return n, false
		}
		for _, r := range inner {
			if !quotedRune(r) {
				return n, false
			}
		}
		return yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: inner}, true
	case c >= '0' && c <= '9':
		whole, frac, dot := strings.Cut(v, ".")
		if !smallNumber(whole, true) || dot && !smallNumber(frac, false) {
			return n, false
		}
		tag := "!!int"
		if dot {
			tag = "!!float"
		}
		return yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v}, true
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		if v == "true" || v == "false" {
			return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}, true
		}
		if v[len(v)-1] == ' ' || yamlWord(v) {
			return n, false
		}
		for i := 0; i < len(v); i++ {
			if c := v[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(" ,.()/'_-", c) >= 0) {
				return n, false
			}
		}
		return yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}, true
	}
	return n, false
}

// smallNumber: 1 to 9 digits; with noLead, no leading 0 but for 0 itself.
func smallNumber(d string, noLead bool) bool {
	if len(d) == 0 || len(d) > 9 || noLead && d[0] == '0' && len(d) > 1 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if c := d[i]; c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// quotedRune: a character a double-quoted YAML scalar holds as itself
// (printable, no quote, no backslash, no line or paragraph separator).
func quotedRune(r rune) bool {
	switch {
	case r == '"' || r == '\\':
		return false
	case r >= 0x20 && r <= 0x7e:
		return true
	case r == 0xfeff || r == 0x2028 || r == 0x2029:
		return false
	}
	return r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}
