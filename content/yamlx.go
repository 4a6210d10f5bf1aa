package content

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlDoc is a parsed YAML text inside a course file, with the offset that
// turns YAML line numbers into file line numbers.
type yamlDoc struct {
	file  string
	off   int // file line = off + node line
	lines int // lines in the YAML text
}

func newYAMLDoc(file string, off int, src []byte) yamlDoc {
	return yamlDoc{file: file, off: off, lines: bytes.Count(src, []byte("\n")) + 1}
}

// pos returns the file position of a node (the document start for nil),
// within the YAML text: the library can point one line past its end.
func (d yamlDoc) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file, Line: d.off + 1, Col: 1}
	}
	return Pos{File: d.file, Line: d.off + max(1, min(n.Line, d.lines)), Col: max(n.Column, 1)}
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlBreaks blanks out the characters YAML reads as line breaks but Ally
// does not (keeping byte offsets), so YAML lines are file lines. A bare CR
// or NEL is reported anyway, as a control character.
var yamlBreaks = strings.NewReplacer("\r", " ", "\u0085", "  ", "\u2028", "   ", "\u2029", "   ")

// yamlParserErrs are the YAML parser's (not scanner's) messages. The library
// reports them at the 0-based line where the enclosing construct starts.
var yamlParserErrs = map[string]bool{
	"did not find expected <stream-start>": true, "did not find expected <document start>": true,
	"found undefined tag handle": true, "did not find expected node content": true,
	"did not find expected '-' indicator": true, "did not find expected key": true,
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"found duplicate %YAML directive": true, "found duplicate %TAG directive": true,
	"found incompatible YAML document": true,
}

// parseYAML parses src and returns its root node (nil for an empty
// document). Syntax errors are reported at the file line.
func (v *checker) parseYAML(d yamlDoc, src []byte) (*yaml.Node, bool) {
	if bytes.IndexByte(src, '\r') >= 0 || bytes.IndexByte(src, 0xc2) >= 0 || bytes.IndexByte(src, 0xe2) >= 0 {
		// Only these bytes start what yamlBreaks replaces: other text is
		// read as it is, without two copies.
		src = []byte(yamlBreaks.Replace(string(src)))
	}
	var doc yaml.Node
	slab := v.nodes
	v.nodes = nil // a file read while this one is (an assessment's whole text) builds in its own
	m, slab := fastMapping(src, slab)
	if v.taken == nil {
		v.taken = slab
	}
	if m != nil {
		doc.Content = []*yaml.Node{m} // what the library gives, sooner
	} else if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 1
		if m := yamlLineErr.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if yamlParserErrs[msg] {
				line++
			}
		}
		v.errorf(d.pos(&yaml.Node{Line: line}), "YAML syntax error: %s", safeName(msg))
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	if !v.rawControl[d.file] {
		v.checkDecoded(d, doc.Content[0], "")
	}
	return doc.Content[0], true
}

// freeNodes gives back the node array the file just read took: call it
// only where nothing holds a node of that file any more.
func (v *checker) freeNodes() {
	if v.taken != nil {
		if poisonFreedNodes {
			for i := range v.taken[:cap(v.taken)] {
				v.taken[:cap(v.taken)][i] = yaml.Node{Kind: yaml.ScalarNode, Value: "\x00freed", Line: -1}
			}
		}
		v.nodes, v.taken = v.taken[:0], nil
	}
}

// poisonFreedNodes makes freeNodes overwrite what it gives back, so that a
// node still held shows in the tests' results (set by the package's tests).
var poisonFreedNodes bool

// checkDecoded reports control characters in the decoded keys and values
// of a YAML tree: a double-quoted "\e[2J", "\x1b]52;…\a" or "\u009b" holds
// no control byte in the file, but would reach the terminal. key names the
// mapping key the node is the value of, for messages.
func (v *checker) checkDecoded(d yamlDoc, n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.ScalarNode:
		for _, r := range n.Value {
			if isControl(r) {
				what := "a YAML value"
				if key != "" {
					what = "`" + safeName(key) + "`"
				}
				v.errorf(d.pos(n), "%s holds control character %s (written as an escape such as \\e, \\x1b or \\u009b): remove it (courses may not contain terminal control codes)", what, controlName(r))
				return
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode && strings.ContainsFunc(k.Value, isControl) {
				v.errorf(d.pos(k), "a YAML key holds control character %s: remove it (courses may not contain terminal control codes)", controlName(firstControl(k.Value)))
			} else if k.Kind != yaml.ScalarNode {
				v.checkDecoded(d, k, "")
			}
			v.checkDecoded(d, n.Content[i+1], k.Value)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			v.checkDecoded(d, c, key)
		}
	}
}

// firstControl returns the first control character of s.
func firstControl(s string) rune {
	for _, r := range s {
		if isControl(r) {
			return r
		}
	}
	return 0
}

// fields reads the keys of one YAML mapping, reporting unknown, duplicate,
// missing and mistyped keys at their positions.
type fields struct {
	v    *checker
	d    yamlDoc
	node *yaml.Node // the mapping
	what string     // "course.yaml", "front matter", "band", …: for messages
	// ents are the allowed keys present, in order: a few, so a slice
	// looked through costs less than maps (two a file, a seventh of what
	// a structure load allocated).
	ents []fieldEnt
	// misspelt holds the keys that unknown keys were suggested as, so a
	// missing-key error does not repeat the unknown-key one.
	misspelt map[string]bool
}

// mapping checks that n is a mapping whose keys are all in allowed.
// It returns nil (after reporting) when n is not a mapping.
func (v *checker) mapping(d yamlDoc, n *yaml.Node, what string, allowed ...string) *fields {
	if n == nil {
		return &fields{v: v, d: d, what: what}
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		v.errorf(d.pos(n), "%s must be a mapping of keys to values (key: value), not %s", what, describeNode(n))
		return nil
	}
	f := &fields{v: v, d: d, node: n, what: what, ents: make([]fieldEnt, 0, min(len(n.Content)/2, len(allowed)))}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		// Only allowed keys are kept, so this looks through at most
		// len(allowed) entries, however many keys the mapping has.
		if prev := f.key(name); prev != nil {
			v.errorf(d.pos(k), "`%s` appears twice in %s (first at line %d): keep one", safeName(name), what, d.off+prev.Line)
			continue
		}
		if !contains(allowed, name) {
			hint := didYouMean(name, allowed)
			v.errorf(d.pos(k), "unknown key `%s` in %s%s", safeName(name), what, hint)
			if f.misspelt == nil {
				f.misspelt = map[string]bool{}
			}
			if sugg, ok := strings.CutPrefix(hint, ": did you mean `"); ok {
				f.misspelt[strings.TrimSuffix(sugg, "`?")] = true
			}
			continue
		}
		f.ents = append(f.ents, fieldEnt{name: name, key: k, val: val})
	}
	return f
}

// fieldEnt is one allowed key of a mapping, with its value.
type fieldEnt struct {
	name     string
	key, val *yaml.Node
}

// val returns the value of key, nil when the key is absent.
func (f *fields) val(key string) *yaml.Node { return f.ent(key).val }

// key returns the key node of key, nil when the key is absent.
func (f *fields) key(key string) *yaml.Node { return f.ent(key).key }

// ent returns the entry of key: an empty one when the key is absent.
func (f *fields) ent(key string) fieldEnt {
	for _, e := range f.ents {
		if e.name == key {
			return e
		}
	}
	return fieldEnt{}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// has reports whether the key is present with a non-null value.
func (f *fields) has(key string) bool {
	n := f.val(key)
	return n != nil && !(n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// at returns the position of the key's value, or of the mapping when the key
// is absent.
func (f *fields) at(key string) Pos {
	if n := f.val(key); n != nil {
		return f.d.pos(n)
	}
	return f.d.pos(f.node)
}

func (f *fields) missing(key, example string) {
	if f.misspelt[key] {
		return // already reported as a misspelt key
	}
	f.v.errorf(f.d.pos(f.node), "%s is missing `%s`: add `%s: %s`", f.what, key, key, example)
}

// scalar returns the key's scalar value; ok is false when absent or not a
// scalar (reported).
func (f *fields) scalar(key string, required bool, example string) (*yaml.Node, bool) {
	if !f.has(key) {
		if required {
			f.missing(key, example)
		}
		return nil, false
	}
	n := f.val(key)
	if n.Kind != yaml.ScalarNode {
		f.v.errorf(f.d.pos(n), "`%s` must be a single value such as `%s: %s`, not %s", key, key, example, describeNode(n))
		return nil, false
	}
	return n, true
}

func (f *fields) str(key string, required bool, example string) string {
	n, ok := f.scalar(key, required, example)
	if !ok {
		return ""
	}
	s := strings.TrimSpace(n.Value)
	if s == "" && required {
		f.v.errorf(f.d.pos(n), "`%s` is empty: write a value, e.g. `%s: %s`", key, key, example)
	}
	return s
}

func (f *fields) id(key string, required bool) string {
	n, ok := f.scalar(key, required, "some-id")
	if !ok {
		return ""
	}
	if !f.v.checkID(f.d.pos(n), n.Value, key) {
		return ""
	}
	return n.Value
}

func (f *fields) float(key string, example string) *float64 {
	n, ok := f.scalar(key, false, example)
	if !ok {
		return nil
	}
	x, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || (n.Tag != "!!int" && n.Tag != "!!float") {
		f.v.errorf(f.d.pos(n), "`%s` must be a number such as `%s: %s`, not %q", key, key, example, n.Value)
		return nil
	}
	return &x
}

func (f *fields) int(key string, example string) (int, bool) {
	n, ok := f.scalar(key, false, example)
	if !ok {
		return 0, false
	}
	x, err := strconv.Atoi(n.Value)
	if err != nil || n.Tag != "!!int" {
		f.v.errorf(f.d.pos(n), "`%s` must be a whole number such as `%s: %s`, not %q", key, key, example, n.Value)
		return 0, false
	}
	return x, true
}

func (f *fields) bool(key string) bool {
	n, ok := f.scalar(key, false, "true")
	if !ok {
		return false
	}
	if n.Tag != "!!bool" {
		f.v.errorf(f.d.pos(n), "`%s` must be true or false, not %q", key, n.Value)
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

// list returns the items of a sequence value (a lone scalar counts as a
// one-item list).
func (f *fields) list(key string, example string) []*yaml.Node {
	if !f.has(key) {
		return nil
	}
	n := f.val(key)
	switch n.Kind {
	case yaml.SequenceNode:
		return n.Content
	case yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	f.v.errorf(f.d.pos(n), "`%s` must be a list such as `%s: %s`, not %s", key, key, example, describeNode(n))
	return nil
}

// strings returns a list of non-empty scalars, with their positions.
func (f *fields) strings(key string, example string) ([]string, []Pos) {
	var out []string
	var pos []Pos
	for _, n := range f.list(key, example) {
		if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
			f.v.errorf(f.d.pos(n), "each entry of `%s` must be a single non-empty value, not %s", key, describeNode(n))
			continue
		}
		out = append(out, strings.TrimSpace(n.Value))
		pos = append(pos, f.d.pos(n))
	}
	return out, pos
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

// idChars reports whether id is made of lowercase letters, digits and -
// only, and is not empty (what ^[a-z0-9-]+$ matches, without a regular
// expression's cost on every id of the course).
func idChars(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkID reports a malformed id; what names the key for the message.
func (v *checker) checkID(p Pos, id, what string) bool {
	switch {
	case id == "":
		v.errorf(p, "`%s` is empty: use lowercase letters, digits and -", what)
	case len(id) > 64:
		v.errorf(p, "%s %q is longer than 64 characters: shorten it", what, id)
	case !idChars(id):
		v.errorf(p, "%s %q is not valid: use lowercase letters, digits and - only, e.g. %q", what, id, slug(id))
	default:
		return true
	}
	return false
}

// slug turns text into a valid id, for suggestions.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "some-id"
	}
	return out
}

// didYouMean suggests the closest allowed word to a misspelt one.
func didYouMean(word string, allowed []string) string {
	allowed = slices.DeleteFunc(slices.Sorted(slices.Values(allowed)), func(s string) bool { return s == "" })
	best, bestDist := "", 3
	for _, a := range allowed {
		if d := editDistance(strings.ToLower(word), a); d < bestDist {
			best, bestDist = a, d
		}
	}
	if best != "" {
		return fmt.Sprintf(": did you mean `%s`?", best)
	}
	if len(allowed) > 0 && len(allowed) <= 12 {
		return fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
	}
	return ""
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
