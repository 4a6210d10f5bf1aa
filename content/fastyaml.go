package content

import (
	"bytes"
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
func fastMapping(src []byte) *yaml.Node {
	if len(src) == 0 || !utf8.Valid(src) {
		return nil
	}
	lines := make([][]byte, 0, bytes.Count(src, []byte("\n"))+1)
	for rest := src; len(rest) > 0; {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		lines = append(lines, l)
	}
	m, next := fastBlock(lines, 0, 0)
	if m == nil || next != len(lines) {
		return nil
	}
	return m
}

// fastBlock reads the block mapping that starts at lines[from], its keys
// indented by indent spaces (0: the top level, whose values may be
// mappings in turn), up to the first line indented less. It returns the
// mapping and the index of that line, or nil.
func fastBlock(lines [][]byte, from, indent int) (*yaml.Node, int) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: from + 1, Column: indent + 1}
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
		k, v, ok := bytes.Cut(l, []byte(": "))
		nested := !ok && indent == 0 && len(l) > 1 && l[len(l)-1] == ':'
		if nested {
			k = l[:len(l)-1]
		}
		if !ok && !nested || !fastKey(k) {
			return nil, 0
		}
		for j := 0; j < len(m.Content); j += 2 {
			if m.Content[j].Value == string(k) {
				return nil, 0 // a duplicate: the checker reports it from the library's nodes
			}
		}
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
			if val, next = fastBlock(lines, i+1, sub); val == nil {
				return nil, 0
			}
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k), Line: line, Column: indent + 1}, val)
			i = next - 1
			continue
		}
		if val = fastValue(v); val == nil {
			return nil, 0
		}
		val.Line, val.Column = line, indent+len(k)+3
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k), Line: line, Column: indent + 1}, val)
	}
	if len(m.Content) == 0 {
		return nil, 0
	}
	return m, i
}

// fastKey: a lower-case word that YAML reads as a string.
func fastKey(k []byte) bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' || yamlWord(string(k)) {
		return false
	}
	for _, c := range k {
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

// fastValue returns the scalar node of a simple value (without position),
// or nil.
func fastValue(v []byte) *yaml.Node {
	if len(v) == 0 {
		return nil
	}
	switch c := v[0]; {
	case c == '"':
		if len(v) < 3 || v[len(v)-1] != '"' {
			return nil
		}
		inner := v[1 : len(v)-1]
		if inner[0] == ' ' || inner[len(inner)-1] == ' ' {
			return nil
		}
		for _, r := range string(inner) {
			if !quotedRune(r) {
				return nil
			}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: string(inner)}
	case c >= '0' && c <= '9':
		whole, frac, dot := bytes.Cut(v, []byte("."))
		if !smallNumber(whole, true) || dot && !smallNumber(frac, false) {
			return nil
		}
		tag := "!!int"
		if dot {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(v)}
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		if string(v) == "true" || string(v) == "false" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: string(v)}
		}
		if v[len(v)-1] == ' ' || yamlWord(string(v)) {
			return nil
		}
		for _, c := range v {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(" ,.()/'_-", c) >= 0) {
				return nil
			}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(v)}
	}
	return nil
}

// smallNumber: 1 to 9 digits; with noLead, no leading 0 but for 0 itself.
func smallNumber(d []byte, noLead bool) bool {
	if len(d) == 0 || len(d) > 9 || noLead && d[0] == '0' && len(d) > 1 {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
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
