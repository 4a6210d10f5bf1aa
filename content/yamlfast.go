package content

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// flatYAML reads the YAML most front matter is: one `key: value` per line,
// each value a plain word-like scalar (`minutes: 3`, `id: l1-intro`) or a
// one-line double-quoted string without escapes (`title: "Ça va"`). It
// returns the tree the YAML library builds for such a text (kinds, tags,
// styles, values, lines and columns), and false for anything else (blank
// lines, comments, lists, nested mappings, other quoting, characters the
// library treats specially), which goes to the library. YAML's parser
// costs far more than such a text needs: 15% of validating 50,000 lessons.
// FuzzFlatYAML checks the trees against the library's.
func flatYAML(src []byte) (*yaml.Node, bool) {
	src = bytes.TrimSuffix(src, []byte("\n"))
	if len(src) == 0 {
		return nil, false
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	for line := 1; ; line++ {
		l, rest, more := bytes.Cut(src, []byte("\n"))
		k := flatKey(l)
		if k == 0 || k > 64 || k+2 >= len(l) || l[k] != ':' || l[k+1] != ' ' {
			return nil, false
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: string(l[:k]), Line: line, Column: 1}
		val := &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: k + 3}
		v := l[k+2:]
		switch {
		case v[0] == '"':
			if len(v) < 2 || v[len(v)-1] != '"' || !quotable(v[1:len(v)-1]) {
				return nil, false
			}
			val.Value, val.Tag, val.Style = string(v[1:len(v)-1]), "!!str", yaml.DoubleQuotedStyle
		case plainWord(v):
			val.Value = string(v)
		default:
			return nil, false
		}
		key.Tag, val.Tag = key.ShortTag(), val.ShortTag() // as the library resolves plain scalars
		m.Content = append(m.Content, key, val)
		if !more {
			return m, true
		}
		src = rest
	}
}

// flatKey returns the length of the key a line starts with: a letter, then
// letters, digits, _ and -.
func flatKey(l []byte) int {
	for i, c := range l {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-'):
		default:
			return i
		}
	}
	return len(l)
}

// plainWord reports a plain scalar made of letters, digits and . _ / + -
// (starting with a letter or digit) and single spaces inside.
func plainWord(v []byte) bool {
	for i, c := range v {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '/' || c == '+' || c == '-'):
		case i > 0 && c == ' ' && i+1 < len(v) && v[i+1] != ' ':
		default:
			return false
		}
	}
	return true
}

// quotable reports text that stands for itself inside double quotes on one
// line: printable characters (as YAML counts them) other than " and \, and
// none of the characters YAML or Ally treat as line breaks.
func quotable(s []byte) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0, r > 0xd7ff && r < 0xe000, r > 0xfffd, r == 0xfeff, r == 0x2028, r == 0x2029:
			return false
		}
		i += size
	}
	return true
}
