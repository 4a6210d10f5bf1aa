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
// number, or a double-quoted text without escapes. It returns the node
// yaml.Unmarshal gives for src (TestFastMappingIsYAML and
// FuzzFastMapping check that, field by field), or nil when src is anything
// else, which the YAML library then reads.
func fastMapping(src []byte) *yaml.Node {
	if len(src) == 0 || !utf8.Valid(src) {
		return nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	line := 0
	for rest := src; len(rest) > 0; {
		line++
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		k, v, ok := bytes.Cut(l, []byte(": "))
		if !ok || !fastKey(k) {
			return nil
		}
		for i := 0; i < len(m.Content); i += 2 {
			if m.Content[i].Value == string(k) {
				return nil // a duplicate: the checker reports it from the library's nodes
			}
		}
		val := fastValue(v)
		if val == nil {
			return nil
		}
		val.Line, val.Column = line, len(k)+3
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k), Line: line, Column: 1}, val)
	}
	return m
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
