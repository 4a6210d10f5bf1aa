package content

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/allyworks/ally/bench/gencourse/gen"
)

// everyParagraphParser is linkParser without plainParagraphs: every
// paragraph parsed inline.
var everyParagraphParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(inlineParsers...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// wholeBody parses a lesson as goldmark's defaults do: the whole body,
// every paragraph parsed inline.
func wholeBody(file, body string, line0 int) *mdDoc {
	return parseWith(everyParagraphParser, file, body, line0)
}

// lessonChecks runs what a lesson's body is checked for in Markdown (links,
// images, character references, fences) on the body as parse reads it and
// returns the problems, the course files it links to and its links with
// their positions.
func lessonChecks(parse func(file, body string, line0 int) *mdDoc, body string) string {
	v := &checker{lean: true, rep: &Report{}, files: map[string]bool{"m1/b.md": true, "m1/x.md": true, "p.png": true}}
	d := parse("m1/l.md", body, 5)
	linked := v.checkLinks(d)
	v.checkFences(d)
	var b strings.Builder
	for _, pr := range append(v.rep.Errors, v.rep.Warnings...) {
		fmt.Fprintln(&b, pr.Error())
	}
	fmt.Fprintln(&b, linked)
	for _, l := range d.links() {
		fmt.Fprintf(&b, "%s %v %s\n", l.target, l.image, d.pos(l.off))
	}
	return b.String()
}

// plainSeeds are paragraphs that plainParagraphs skips or must not skip.
var plainSeeds = []string{
	"Plain text, *emphasis*, `code` and ! ] & # marks.\n\nThen [a link](b.md).\n",
	"`&#27;` in code only\n\nand &#27; outside, &#x9b; too\n",
	"A paragraph ending &\n# a heading &#27;\n",
	"text `[not a link](nowhere.md)` in code\n",
	"text ``a ` b`` and <https://x> and <javascript:x>\n",
	"[r]: nowhere.md\nfollowing text without a bracket\n\n[r]\n",
	"[r]: b.md\n\n[r] and [R] and [unknown]\n",
	"Setext heading\n===\n\nAnother [l](x.md)\n---\n",
	"- tight item\n- another\n  continued\n\n- [x] box [l](nope.md)\n",
	"> quoted plain\n> still plain\n\n> quoted [q](q.md)\n",
	"1. one\n\n   para in item\n\n2. two <b>html</b>\n",
	"    indented code [c](c.md)\n\nparagraph\n    lazy [c](c2.md)\n",
	"```\nno lang &#27; [x](y.md)\n```\n\n~~~go\n~~~\n",
	"| a | b |\n|---|---|\n| [t](gone.md) | `c` |\n| plain | row |\n",
	"Ça — “x” ñ plain\n\nÇa [ñ](ñ.md)\n",
	"trailing backslash \\\nnext line \\[not](a.md)\n",
	"&#\n27; split, &amp; named, &#0; &#x1b;\n",
	"!\n[image](p.png) over lines\n",
	"   \n  plain after spaces\n\n\t[tab](x.md)\n",
	// A setext heading is made of a paragraph: a quiz reads its text.
	"Stray question {#q9}\n---\n\n- [ ] a\n- [x] b\n",
	"- item\n  Stray in an item {#q8}\n  ===\n\n  - [x] a\n",
	// Chunks that blankPlain may blank, and bodies it must leave whole.
	"```go\n[x](nope.md)\n\n[y](nope.md) &#27;\n```\n\n[z](b.md)\n",
	"plain\n\n```\n\n[x](nope.md)\n",
	"~~~ go\n~~~~\n[a](nope.md)\n\n~~~\n\n[b](nope.md)\n",
	"````go\n```\n\n[in](nope.md)\n````\n\n[out](nope.md)\n",
	"- item\n\n[x](b.md)\n\n- a\n\n- [b](nope.md)\n",
	"para\n\n    [code](nope.md)\n\nmore\n\n[l](nope.md)\n",
	"> quote\n\n> [q](nope.md)\n>\n> ```\n",
	"text ```inline``` [l](nope.md)\n\nplain\n",
	"  ```\n  [a](nope.md)\n  ```\n\n[b](b.md)\n",
	"```a`b\n\n[x](nope.md)\n",
	"plain\n\n```g",
	"plain\n\n```go\n[x](nope.md)",
	"para\r\n\r\n```go\r\n[a](nope.md)\r\n```\r\n\r\n[b](nope.md)\r\n",
	"- item\n  ```\n\n  [in](nope.md)\n  ```\n\n[x](b.md)\n",
	"1. one\n\n```\ncode\n```\n\n2. [two](nope.md)\n",
	"Title\n---\n\n***\n\n[r]\n\nplain &amp; text\n",
}

// plainParagraphs changes nothing the lesson checks see: the same problems
// at the same positions, the same links, on every lesson and module body of
// a generated course, the built-in course and the seeds.
func TestPlainParagraphsSkipped(t *testing.T) {
	bodies := append(append([]string{}, plainSeeds...), markdownSeeds...)
	add := func(fsys fs.FS) {
		require.NoError(t, fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			bodies = append(bodies, string(data))
			return err
		}))
	}
	g, err := gen.FS(gen.Config{Lessons: 300})
	require.NoError(t, err)
	add(g)
	add(Default())
	for _, body := range bodies {
		want := lessonChecks(wholeBody, body)
		assert.Equal(t, want, lessonChecks(parseLinks, body), "body:\n%s", body)
	}
	// The seeds do reach the checks.
	assert.Contains(t, lessonChecks(parseLinks, plainSeeds[1]), "character reference &#27;")
	assert.NotContains(t, lessonChecks(parseLinks, plainSeeds[1]), "m1/l.md:5:")
}

// FuzzPlainParagraphs: on any text, the lesson checks see the same with and
// without plainParagraphs.
func FuzzPlainParagraphs(f *testing.F) {
	for _, s := range append(append([]string{}, plainSeeds...), markdownSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if want, got := lessonChecks(wholeBody, body), lessonChecks(parseLinks, body); want != got {
			t.Fatalf("with every paragraph parsed:\n%s\nwith plain ones skipped:\n%s", want, got)
		}
	})
}

// The parsers' shortcuts (plainParagraphs, refDefinitions) change nothing
// Validate reports or reads, compared with goldmark's defaults, on a
// generated course and the built-in course.
func TestParserShortcutsChangeNothing(t *testing.T) {
	g, err := gen.FS(gen.Config{Lessons: 300})
	require.NoError(t, err)
	for _, fsys := range []fs.FS{g, Default()} {
		c, rep := Validate(fsys)
		saved := [2]parser.Parser{linkParser, mdParser}
		linkParser, blankChunks = everyParagraphParser, false
		mdParser = parser.NewParser(
			parser.WithBlockParsers(parser.DefaultBlockParsers()...),
			parser.WithInlineParsers(append([]util.PrioritizedValue{util.Prioritized(extension.NewTaskCheckBoxParser(), 0)}, inlineParsers...)...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)
		c2, rep2 := Validate(fsys)
		linkParser, mdParser, blankChunks = saved[0], saved[1], true
		assert.Equal(t, rep2, rep)
		assert.Equal(t, c2, c)
	}
}

// everyParagraphMD is mdParser without plainParagraphs.
var everyParagraphMD = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(append([]util.PrioritizedValue{util.Prioritized(extension.NewTaskCheckBoxParser(), 0)}, inlineParsers...)...),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// sameWithEveryParagraph fails unless the base course with file replaced
// by text validates to the same report and course when quizzes and
// assessments are read with every paragraph parsed.
func sameWithEveryParagraph(t *testing.T, file, text string) {
	t.Helper()
	fsys := courseFS(map[string]string{file: text})
	c, rep := Validate(fsys)
	saved := mdParser
	mdParser = everyParagraphMD
	c2, rep2 := Validate(fsys)
	mdParser = saved
	require.Equal(t, rep2, rep, "%s:\n%s", file, text)
	require.Equal(t, c2, c, "%s:\n%s", file, text)
}

// Quizzes and assessments skip plain paragraphs too: nothing they are read
// for (task boxes, links, references, the text of answers and dimensions,
// by its place in the source) changes.
func TestPlainParagraphsInQuizzes(t *testing.T) {
	for _, s := range append(append(append([]string{""}, plainSeeds...), markdownSeeds...), fuzzSeeds...) {
		sameWithEveryParagraph(t, "m1/02-quiz.md", base["m1/02-quiz.md"]+"\n"+s)
		sameWithEveryParagraph(t, "m2/01-check.md", base["m2/01-check.md"]+"\n"+s)
	}
}

// FuzzPlainQuizParagraphs: go test ./content -fuzz FuzzPlainQuizParagraphs
func FuzzPlainQuizParagraphs(f *testing.F) {
	for _, s := range append(append([]string{}, plainSeeds...), markdownSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		sameWithEveryParagraph(t, "m1/02-quiz.md", base["m1/02-quiz.md"]+"\n"+body)
		sameWithEveryParagraph(t, "m2/01-check.md", base["m2/01-check.md"]+"\n"+body)
	})
}

// blankPlain leaves a generated lesson's paragraph of links and blanks the
// rest (its heading, paragraphs, table, list and code with a language)
// into one blank line, offsets kept; it returns the body itself where it cannot tell the chunks.
func TestBlankPlain(t *testing.T) {
	body := "This builds on [a](01-a.md) and\n[b](03-b.md).\n\n## Who\n\nText **bold** `code`.\n\n| a | b |\n|---|---|\n\n```json\n{\"[x]\": 1}\n```\n\n- item\n  more\n"
	got := string(blankPlain([]byte(body)))
	require.Len(t, got, len(body))
	first := "This builds on [a](01-a.md) and\n[b](03-b.md).\n\n"
	assert.Equal(t, first, got[:len(first)])
	rest := got[len(first):]
	assert.Empty(t, strings.TrimSpace(rest), "the rest is blanked:\n%s", got)
	assert.Equal(t, 5, strings.Count(rest, "\n"), "each of the 5 chunks is one blank line:\n%s", got)

	// A fence without a language stays, for goldmark to warn about.
	noLang := "plain\n\n```\ncode\n```\n"
	assert.Equal(t, strings.Repeat(" ", 6)+"\n```\ncode\n```\n", string(blankPlain([]byte(noLang))))

	for _, whole := range []string{
		"plain\n\n<div>\n\n[x](y)\n",        // HTML blocks run over blank lines
		"plain\n\n[r]: y.md\n\n[r]\n",       // definitions reach every chunk
		"plain\n\n  ```\n  [x](y)\n  ```\n", // a fence not in the first column
		"plain\n\n```a`b\n",                 // not a fence
		"[all](kept.md)\n\n[of](it.md)\n",   // nothing to blank
	} {
		src := []byte(whole)
		out := blankPlain(src)
		assert.Same(t, &src[0], &out[0], "%q", whole)
	}
}

// blankLines are the lines TestBlankPlainRandom builds bodies of: blocks
// and containers that may carry a link over a blank line, fences of every
// kind, and links.
var blankLines = []string{
	"", "", "", "  ", "\t", "text", "text [l](nope.md)", "[b](b.md)", "![i](gone.png)",
	"- item", "- [x](nope.md)", "  indented", "  [in](nope.md)", "    code [c](nope.md)",
	"1. one", "2) two [t](nope.md)", "> quote", "> [q](nope.md)", ">", "---", "===", "***",
	"```", "```go", "````", "~~~", "~~~ text", "``` `x", "  ```", "   ```go", "    ```",
	"- ```", "  ~~~", "`code [x](y)`", "# head [h](nope.md)", "\t[tab](nope.md)", "*",
	"text ``` inline", "- ", "-", "+ plus", "10. ten", "  - nested [n](nope.md)",
}

// On bodies made of blankLines, the lesson checks see the same with plain
// chunks blanked as with the whole body parsed.
func TestBlankPlainRandom(t *testing.T) {
	rnd := rand.New(rand.NewPCG(16, 2026))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	blanked := 0
	for range n {
		var b strings.Builder
		for range 1 + rnd.IntN(14) {
			b.WriteString(blankLines[rnd.IntN(len(blankLines))])
			b.WriteByte('\n')
		}
		body := b.String()
		if rnd.IntN(8) == 0 {
			body = strings.TrimSuffix(body, "\n")
		}
		if string(blankPlain([]byte(body))) != body {
			blanked++
		}
		if want, got := lessonChecks(wholeBody, body), lessonChecks(parseLinks, body); want != got {
			t.Fatalf("body %q:\nwhole:\n%s\nblanked:\n%s", body, want, got)
		}
	}
	t.Logf("%d of %d bodies had chunks blanked", blanked, n)
}
