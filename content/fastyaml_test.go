package content

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"runtime"
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
		// A module's rules, as the generated courses and the built-in one
		// write them.
		"requires:\n  any:\n    - passed: m004\n    - placed: {assessment: self-check, stage: stage-1}\n",
		"requires:\n  answered: {assessment: self-check, item: team-size, min: 1, max: 500}\n",
		"id: m5\nrequires:\n  all:\n    - completed: l0037\n    - not: {answered: {assessment: self-check, item: team-size, max: 1}}\nstage: s1\n",
		"scale: [Strongly disagree, Disagree, Agree]\nrecommend: [m1, m2]\n",
		"placement:\n  - stage: stage-6\n    title: \"Start with Mastery\"\n    when:\n      all:\n        - {answer: signed, min: 5}\n    recommend: [m928]\n  - stage: stage-1\n",
		"columns: [partner, form, review.outcome]\nfields:\n  - {id: partner, label: Partner, type: text, required: true}\n",
		// Refused, for the library to read.
		"optional: True\n",                      // YAML reads True as true too, but the library is left to say so
		"requires:\n  any:\n  - passed: m004\n", // a sequence as indented as its key
		"a: { b: c }\n",                         // spaces inside the brackets
		"a: {b: c,d: e}\n",                      // no space after a comma
		"a: {b: c} # note\n",                    // a comment
		"a: []\n",                               // an empty collection
		"a: {b: 1e3}\n",                         // a number of another form
		"a: [b, c:d]\n",                         // a colon in a plain scalar
	} {
		took := sameAsYAML(t, []byte(src))
		assert.Equal(t, !strings.Contains(src, "True") && !strings.HasPrefix(src, "a:") && !strings.Contains(src, "\n  - passed"), took, "%q", src)
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

// Flow collections and block sequences, written every way the YAML
// library may read differently, are read as it reads them or left to it.
func TestFastMappingIsYAMLCollections(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	// Mostly what the fast path takes, sometimes what it must not.
	often := func(rare int) bool { return rng.IntN(rare) != 0 }
	scalar := func() string {
		if often(10) {
			return pick("a", "self-check", "team-size", "stage-1", "0", "1", "0.5", "500", "4.0", "true", "false",
				"Strongly disagree", "Neither agree nor disagree", `"Start with Mastery"`, `"é, “x”"`, "x_1", "x-")
		}
		return pick(`""`, `"a\"b"`, "yes", "No", "null", "~", "1e3", "007", ".5", "-x", "x-", "a b", "a  b", "a ", " a", "a#b", "a #b", "a:b", "a: b",
			"é", "1.", "2024-01-02", "*a", "&a", "!a", "?", "'q'")
	}
	key := func() string {
		if !often(12) {
			return pick("Id", "1a", "a-b", "yes", "", "é", "a b", "<<", "?a")
		}
		return pick("id", "min", "max", "item", "assessment", "stage", "answered", "title", "x_1")
	}
	var flow func(depth int) string
	flow = func(depth int) string {
		var b strings.Builder
		mapping := rng.IntN(2) == 0
		open, closer := "[", "]"
		if mapping {
			open, closer = "{", "}"
		}
		b.WriteString(open)
		if !often(10) {
			b.WriteString(" ")
		}
		for i := range rng.IntN(4) {
			if i > 0 {
				b.WriteString(", ")
				if !often(10) {
					b.WriteString(pick(",", " ,", ",  "))
				}
			}
			if mapping {
				b.WriteString(key() + ": ")
				if !often(10) {
					b.WriteString(pick(":", " : ", ":  "))
				}
			}
			if depth < 3 && rng.IntN(4) == 0 {
				b.WriteString(flow(depth + 1))
			} else {
				b.WriteString(scalar())
			}
		}
		if !often(10) {
			b.WriteString(" ")
		}
		b.WriteString(closer)
		return b.String()
	}
	value := func() string {
		if rng.IntN(2) == 0 {
			return flow(0)
		}
		return scalar()
	}
	var block func(b *strings.Builder, indent string, depth int)
	block = func(b *strings.Builder, indent string, depth int) {
		for range 1 + rng.IntN(3) {
			k := key()
			if depth < 3 && rng.IntN(3) == 0 {
				b.WriteString(indent + k + ":" + pick("", "", "", " ") + "\n")
				sub := indent + "  "
				if !often(6) {
					sub = indent + pick("    ", " ", "", "\t")
				}
				if rng.IntN(2) == 0 {
					block(b, sub, depth+1)
					continue
				}
				for range 1 + rng.IntN(3) {
					dash := "- "
					if !often(10) {
						dash = pick("-", "-  ")
					}
					b.WriteString(sub + dash)
					if rng.IntN(2) == 0 {
						b.WriteString(value() + "\n")
						continue
					}
					b.WriteString(key() + ": " + value() + "\n")
					if rng.IntN(2) == 0 {
						in := sub + "  "
						if !often(8) {
							in = sub + pick("   ", " ")
						}
						block(b, in, depth+1)
					}
				}
				continue
			}
			sep, end := ": ", "\n"
			if !often(12) {
				sep = ":"
			}
			if !often(12) {
				end = pick(" \n", " # c\n")
			}
			b.WriteString(indent + k + sep + value() + end)
		}
	}
	took, flows, seqs := 0, 0, 0
	const n = 40000
	for range n {
		var b strings.Builder
		block(&b, "", 0)
		src := b.String()
		if rng.IntN(3) == 0 {
			src = strings.TrimSuffix(src, "\n")
		}
		if sameAsYAML(t, []byte(src)) {
			took++
			if strings.ContainsAny(src, "{[") {
				flows++
			}
			if strings.Contains(src, "- ") {
				seqs++
			}
		}
	}
	t.Logf("%d of %d taken, %d with flows, %d with sequences", took, n, flows, seqs)
	require.Greater(t, took, n/20, "the generator must reach the fast path often")
	require.Greater(t, flows, n/50, "with flow collections")
	require.Greater(t, seqs, n/100, "and with block sequences")
}

// FuzzFastMapping: go test ./content -fuzz FuzzFastMapping
func FuzzFastMapping(f *testing.F) {
	for _, s := range []string{"id: a\ntitle: \"A b\"\nminutes: 3\n", "pass: 0.75", "title: It's (a) b, c/d", "a: \"é\"", "a: 01", "a: 1.", "b: yes", "b: true", "c: false\n", "requires:\n  completed: m1\n", "a: b\nr:\n   c: 1\n   d: \"e\"\nf: g",
		"requires:\n  all:\n    - completed: l1\n    - not: {answered: {assessment: s, item: t, max: 1}}\n", "a: [b c, \"d\", {e: 1}]", "p:\n  - s: x\n    t: y\n  - z\n"} {
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

// A front matter the fast path refuses costs about what it is worth: a
// megabyte of lines, or of commas in a flow, must not make the node array
// sized for every line before the first one is read (a 1 MiB file of
// empty lines made it allocate 672 MB).
func TestFastMappingRefusesCheaply(t *testing.T) {
	for name, src := range map[string]string{
		"1 MiB of empty lines":     strings.Repeat("\n", 1<<20),
		"1 MiB of commas":          "a: {" + strings.Repeat(",", 1<<20) + "}\n",
		"60 KiB of empty lines":    strings.Repeat("\n", 60<<10),
		"60 KiB of commas":         "a: {" + strings.Repeat(",", 60<<10) + "}\n",
		"a line, then 30k blanks":  "a: b\n" + strings.Repeat(" \n", 30<<10),
		"nested blocks, then junk": nestedBlocks(2000) + "!\n",
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			m, _ := fastMapping([]byte(src), nil)
			runtime.ReadMemStats(&after)
			require.Nil(t, m)
			require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "bytes allocated for a front matter of %d bytes", len(src))
		})
	}
}

// nestedBlocks is n top-level keys, each over a block of a block.
func nestedBlocks(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d:\n  b:\n    c: d\n", i)
	}
	return b.String()
}

// A front matter of more nodes than the first array holds is read whole,
// as the library reads it.
func TestFastMappingGrowsItsNodes(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, "k%d: {a: %d, b: [x, z]}\n", i, i)
	}
	require.True(t, sameAsYAML(t, []byte(b.String())))
}
