package content

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/allyworks/ally/bench/gencourse/gen"
)

// libraryYAML is the tree the YAML library gives for src, nil when it
// gives none or an error.
func libraryYAML(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(yamlBreaks.Replace(string(src))), &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// checkFlatYAML fails when fastMapping reads src (as parseYAML hands it
// over, line breaks replaced) and its tree is not the library's; it
// reports whether fastMapping read it.
func checkFlatYAML(t *testing.T, src string) bool {
	t.Helper()
	got, _ := fastMapping([]byte(yamlBreaks.Replace(src)), nil)
	if got == nil {
		return false
	}
	want := libraryYAML([]byte(src))
	require.NotNil(t, want, "flatYAML read what the library refuses: %q", src)
	assert.Equal(t, want, got, "for %q", src)
	return true
}

var flatSeeds = []string{
	"id: l1\ntitle: \"Ça — “x” va\"\nminutes: 3\n",
	"id: x\nkind: quiz\npass: 0.8\nattempts: 3\nshuffle: true\n",
	"id: x\noptional: True\nminutes: 0x1F\nn: null\nm: ~\no: 1e3\np: .inf\nq: 1_000\nr: 0o17\n",
	"a: b\na: c\n",
	"title: \"\"\n",
	"title: \" spaced  inside \"\n",
	"title: plain words here\nsummary: One sentence, with a comma.\n",
	"id: x  \n",
	"id: x # comment\n",
	"id: 'single'\n",
	"id: \"esc\\u0041\"\n",
	"id: \"tab\there\"\n",
	"id: x\n\nmore: y\n",
	"id: x\r\ntitle: y\n",
	"id: x\ntitle: \"a\u2028b\"\n",
	"id: x\ntitle: \"a\u0085b\"\n",
	"id: x\ntitle: \"a\ufeffb\"\n",
	"id: x\ntitle: \"emoji 🙂\"\n",
	"id: [a, b]\n",
	"requires:\n  completed: m1\n",
	"true: x\nnull: y\n1: z\n",
	"id: -x\n",
	"id: x-\ntitle: a - b\n",
	"<<: x\n",
	"id: v1.0.0+build/2\n",
	"id:x\n",
	"id: \n",
	"id: x",
	"id: x\n\n",
	":\n",
	"id: \"\xff\"\n",
}

// fastMapping gives the library's tree for every front matter it reads, in a
// generated course, the built-in course and the seeds, and does read the
// usual ones.
func TestFlatYAML(t *testing.T) {
	read := 0
	for _, s := range flatSeeds {
		if checkFlatYAML(t, s) {
			read++
		}
	}
	assert.Greater(t, read, 5)
	g, err := gen.FS(gen.Config{Lessons: 100})
	require.NoError(t, err)
	lessons, flat := 0, 0
	for _, fsys := range []fs.FS{g, Default()} {
		require.NoError(t, fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			v := &checker{rep: &Report{}}
			dc := v.splitDoc(p, string(data))
			if dc.fm != nil {
				lessons++
				if checkFlatYAML(t, string(dc.fm)) {
					flat++
				}
			}
			return err
		}))
	}
	t.Logf("%d of %d front matters read without the library", flat, lessons)
	assert.Greater(t, flat, lessons/2)
}

// FuzzFlatYAML: whatever fastMapping reads, it reads as the library does.
func FuzzFlatYAML(f *testing.F) {
	for _, s := range flatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { checkFlatYAML(t, src) })
}

// yamlFM is adrg/frontmatter's reading of Ally's front matter, which
// splitDoc used to call: --- lines around YAML.
var yamlFM = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	*(v.(*[]byte)) = data
	return nil
})

// libraryFrontMatter is the front matter splitDoc found with
// adrg/frontmatter, nil for none: the opening --- line after any blank
// lines, the library given the text up to the closing --- line.
func libraryFrontMatter(text string) []byte {
	remaining := text
	for {
		line, after, more := strings.Cut(remaining, "\n")
		if strings.TrimSpace(line) != "" {
			if strings.TrimSpace(line) != "---" {
				return nil
			}
			break
		}
		if !more {
			return nil
		}
		remaining = after
	}
	end := closingLine(text, len(text)-len(remaining))
	if end < 0 {
		return nil
	}
	var fm []byte
	if _, err := frontmatter.Parse(strings.NewReader(text[:end]), &fm, yamlFM); err != nil {
		return nil
	}
	return fm
}

var frontMatterSeeds = []string{
	"---\nid: x\n---\nbody\n",
	"---\n---\n",
	"---\n---",
	"\n \n---\nid: x\n --- \nbody",
	"---\nid: x\n",
	"---",
	"--- \t\nid: x\n---\t\n\n---\nmore\n",
	"---\nid: x\n----\n---\n",
	"text\n---\nid: x\n---\n",
	"---\r\nid: x\r\n---\r\n",
	"\u00a0---\u00a0\nid: x\n\u2028---\n",
	"---\n\n\n---\n",
	"---\nid: x\n---",
}

// splitDoc cuts the front matter as adrg/frontmatter did: the same bytes,
// or none.
func TestSplitDocAsLibrary(t *testing.T) {
	for _, s := range frontMatterSeeds {
		checkSplitDoc(t, s)
	}
}

func checkSplitDoc(t *testing.T, text string) {
	t.Helper()
	v := &checker{rep: &Report{}}
	got, want := v.splitDoc("x.md", text).fm, libraryFrontMatter(text)
	assert.Equal(t, want == nil, got == nil, "front matter found in %q: %q, by the library: %q", text, got, want)
	assert.Equal(t, string(want), string(got), "for %q", text)
}

func FuzzSplitDoc(f *testing.F) {
	for _, s := range frontMatterSeeds {
		f.Add(s)
	}
	f.Fuzz(checkSplitDoc)
}
