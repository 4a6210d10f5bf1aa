package content

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// sameAsYAML fails unless fastMapping refuses src or gives exactly the
// node yaml.Unmarshal does; it reports whether fastMapping took it.
func sameAsYAML(t testing.TB, src []byte) bool {
	fast, _ := fastMapping(src, nil)
	if fast == nil {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("fastMapping took %q, which YAML refuses: %v", src, err)
	}
	if len(doc.Content) != 1 || !reflect.DeepEqual(doc.Content[0], fast) {
		want, _ := yaml.Marshal(doc.Content)
		t.Fatalf("fastMapping(%q) differs from YAML:\nfast %s\nyaml %s", src, dump(fast), want)
	}
	return true
}

func dump(n *yaml.Node) string {
	var b strings.Builder
	var walk func(*yaml.Node, int)
	walk = func(n *yaml.Node, depth int) {
		b.WriteString(strings.Repeat("  ", depth))
		b.WriteString(reflect.ValueOf(*n).String())
		b.WriteString("\n")
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// The fast path takes the front matter of ordinary courses...
func TestFastMappingTakesOrdinaryFrontMatter(t *testing.T) {
	for _, src := range []string{
		"id: l0001-partner-screening\ntitle: \"Informal team, step by step\"\nminutes: 3\n",
		"id: q001\ntitle: \"Partner screening — check\"\nkind: quiz\nminutes: 4\npass: 0.75\n",
		"id: why-reports\ntitle: Why bug reports matter\nstage: basics\nsummary: What a report is for, and what every good one contains.",
		"id: m002\ntitle: \"Governance design\"\nstage: stage-1\nsummary: \"Your quick supplier.\"\nrequires:\n  completed: m001-partner-screening\n",
		"id: m003\nrequires:\n    passed: q002-governance-design-check\n    min: 0.5\nstage: stage-1",
		"id: l0050\ntitle: \"When quick channel fails\"\nminutes: 5\noptional: true\n",
		"id: q002\nkind: quiz\npass: 0.75\nshuffle: false",
		"optional: True\n",                        // refused: YAML reads True as true too, but the library is left to say so
		"requires:\n  any:\n    - passed: m004\n", // refused: nested twice, a sequence
		"requires:\n  answered: {assessment: self-check, item: team-size}\n", // refused: a flow mapping
	} {
		took := sameAsYAML(t, []byte(src))
		assert.Equal(t, !strings.HasPrefix(src, "optional") && !strings.HasPrefix(src, "requires"), took, "%q", src)
	}
}

// ...and, whatever it is given, it either gives what the YAML library
// gives, or leaves the text to it.
func TestFastMappingIsYAML(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []string{"id", "title", "kind", "minutes", "a", "x_1", "yes", "No", "null", "Title", "1a", "a-b", "ké", "", "on", "a b", "<<", "-a", "?a", "true"}
	pieces := []string{"a", "B", "z", "0", "1", "9", " ", " ", ",", ".", "(", ")", "/", "'", "_", "-", "\"", "\\", "#", ":", ": ", " #",
		"é", "—", "\t", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "~", "?", "\ufeff", "\u2028", "\u0085", "\x1b", "\x7f", "\xff",
		"true", "null", "yes", "No", "0x1", "1e3", ".5", "1_000", "2024-01-02", "12:30", "inf", ".inf", "0.75", "007", "1234567890", "Yes"}
	nice := pieces[:16] // what the fast path takes, mostly
	value := func() string {
		var b strings.Builder
		quoted := rng.IntN(3) == 0
		if quoted {
			b.WriteString("\"")
		}
		for range rng.IntN(7) {
			if rng.IntN(8) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				b.WriteString(nice[rng.IntN(len(nice))])
			}
		}
		if quoted != (rng.IntN(10) == 0) {
			b.WriteString("\"")
		}
		return b.String()
	}
	seps := []string{": ", ": ", ": ", ": ", ": ", ": ", ":", ":  ", " : ", ":\t"}
	took, nested := 0, 0
	const n = 40000
	for range n {
		var b strings.Builder
		if rng.IntN(20) == 0 {
			b.WriteString("\n")
		}
		lines := 1 + rng.IntN(4)
		indents := []string{"  ", "  ", " ", "    ", "\t", "   ", ""}
		for i := range lines {
			k := keys[rng.IntN(len(keys))]
			if rng.IntN(4) != 0 {
				k = keys[rng.IntN(5)]
			}
			if rng.IntN(4) == 0 {
				// A nested mapping, indented alike or not.
				b.WriteString(k + ":" + []string{"\n", "\n", "\n", " \n", ""}[rng.IntN(5)])
				in := indents[rng.IntN(len(indents))]
				for range rng.IntN(4) {
					if rng.IntN(6) == 0 {
						in = indents[rng.IntN(len(indents))]
					}
					k := keys[rng.IntN(5)]
					if rng.IntN(6) == 0 {
						k = keys[rng.IntN(len(keys))]
					}
					b.WriteString(in + k + seps[rng.IntN(len(seps))] + value() + "\n")
				}
				continue
			}
			b.WriteString(k + seps[rng.IntN(len(seps))] + value())
			if i < lines-1 || rng.IntN(2) == 0 {
				b.WriteString("\n")
			}
		}
		if sameAsYAML(t, []byte(b.String())) {
			took++
			if strings.Contains(b.String(), ":\n ") {
				nested++
			}
		}
	}
	require.Greater(t, took, n/40, "the generator must reach the fast path often")
	require.Greater(t, nested, n/2000, "and with nested mappings")
}

// FuzzFastMapping: go test ./content -fuzz FuzzFastMapping
func FuzzFastMapping(f *testing.F) {
	for _, s := range []string{"id: a\ntitle: \"A b\"\nminutes: 3\n", "pass: 0.75", "title: It's (a) b, c/d", "a: \"é\"", "a: 01", "a: 1.", "b: yes", "b: true", "c: false\n", "requires:\n  completed: m1\n", "a: b\nr:\n   c: 1\n   d: \"e\"\nf: g"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { sameAsYAML(t, src) })
}

// idChars is what the id pattern ^[a-z0-9-]+$ matches.
func TestIDCharsIsThePattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-z0-9-]+$`)
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "z", "0", "9", "-", "A", "Z", "_", " ", ".", "é", "\n", "/", "`", "{", "\x00", "\xff"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		id := b.String()
		require.Equal(t, pattern.MatchString(id), idChars(id), "%q", id)
	}
}
