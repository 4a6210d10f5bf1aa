package content

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastMapping parses the simplest front matter without the YAML library,
// which costs ~40 µs a file (2 s of CPU on a course of 50,000 lessons): a
// block mapping of one `key: value` per line, every key a lower-case word
// and every value a plain word-like scalar, a small whole or decimal
// number, true or false, or a double-quoted text without escapes; or, in place of such a
// value, a `key:` line over one block mapping of the same kind, indented
// by spaces (a module's `requires:` a rule of one or two keys). It
// returns the node yaml.Unmarshal gives for src (TestFastMappingIsYAML and
// FuzzFastMapping check that, field by field), or nil when src is anything
// else, which the YAML library then reads.
//
// It builds the nodes in slab when it has room (its length is ignored) and
// returns the array it built in, for the caller to reuse once no node of
// src is held any more.
func fastMapping(src []byte, slab []yaml.Node) (*yaml.Node, []yaml.Node) {
	if len(src) == 0 || !utf8.Valid(src) {
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
	if need := 2*len(lines) + 1; cap(slab) < need {
		slab = make([]yaml.Node, 0, max(need, 16))
	}
	b := fastBuild{lines: lines, nodes: slab[:0]}
	m, next := b.block(0, 0)
	if m == nil || next != len(lines) {
		return nil, slab
	}
	return m, slab
}

// fastBuild is what fastMapping reads from and builds into.
type fastBuild struct {
	lines []string
	nodes []yaml.Node // room for every node: two a line at most (never grown, so pointers into it hold)
}

// node returns a new node, from b.nodes.
func (b *fastBuild) node(n yaml.Node) *yaml.Node {
	b.nodes = append(b.nodes, n)
	return &b.nodes[len(b.nodes)-1]
}

// block reads the block mapping that starts at lines[from], its keys
// indented by indent spaces (0: the top level, whose values may be
// mappings in turn), up to the first line indented less. It returns the
// mapping and the index of that line, or nil.
func (b *fastBuild) block(from, indent int) (*yaml.Node, int) {
	lines := b.lines
	m := b.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: from + 1, Column: indent + 1})
	m.Content = make([]*yaml.Node, 0, 2*(len(lines)-from))
	i := from
	for ; i < len(lines); i++ {
		l := lines[i]
		sp := 0
		for sp < len(l) && l[sp] == ' ' {
			sp++
		}
		if sp < indent {
			break
		}
		if sp != indent {
			return nil, 0
		}
		l, line := l[indent:], i+1
		k, v, ok := strings.Cut(l, ": ")
		nested := !ok && indent == 0 && len(l) > 1 && l[len(l)-1] == ':'
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
			sub := 0
			for sub < len(lines[i+1]) && lines[i+1][sub] == ' ' {
				sub++
			}
			if sub == 0 {
				return nil, 0 // an empty value, or a sequence: the library's
			}
			var next int
			if val, next = b.block(i+1, sub); val == nil {
				return nil, 0
			}
			m.Content = append(m.Content, key, val)
			i = next - 1
			continue
		}
		n, ok := fastValue(v)
		if !ok {
			return nil, 0
		}
		n.Line, n.Column = line, indent+len(k)+3
		m.Content = append(m.Content, key, b.node(n))
	}
	if len(m.Content) == 0 {
		return nil, 0
	}
	return m, i
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
