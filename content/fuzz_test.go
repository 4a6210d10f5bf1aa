package content

import (
	"strings"
	"testing"
)

// fuzzFile validates the base course with one file replaced by text, and
// checks the invariants: no panic, every problem has a position inside the
// file it names, and no message carries a control character.
func fuzzFile(t *testing.T, name, text string) { fuzzFileIn(t, nil, name, text) }

// fuzzFileIn is fuzzFile on the base course with changes.
func fuzzFileIn(t *testing.T, changes map[string]string, name, text string) {
	fsys := courseFS(changes)
	fsys[name].Data = []byte(text)
	_, rep := Validate(fsys)
	lines := map[string]int{}
	for n, f := range fsys {
		lines[n] = strings.Count(string(f.Data), "\n") + 1
	}
	for _, p := range append(rep.Errors, rep.Warnings...) {
		if p.Pos.File == "" || p.Pos.Line < 1 || p.Pos.Col < 1 {
			t.Fatalf("problem without a full position: %q", p.Error())
		}
		if n, ok := lines[p.Pos.File]; ok && p.Pos.Line > n {
			t.Fatalf("problem past the end of %s (%d lines): %q", p.Pos.File, n, p.Error())
		}
		if p.Msg == "" {
			t.Fatalf("problem without a message at %s", p.Pos)
		}
		if strings.ContainsFunc(p.Error(), isControl) {
			t.Fatalf("problem carries a control character to the terminal: %q", p.Error())
		}
	}
}

var fuzzSeeds = []string{
	"",
	"---\n",
	"---\n---\n",
	"---\nid: x\n",
	"---\n: :\n---\n",
	"---\n- a\n- b\n---\n",
	"---\nid: [a\n---\n",
	"---\nid: 'x\n---\n",
	"---\nid: x\ntitle: &a y\nkind: *a\n---\n",
	"\xff\xfe",
	"---\nid: x\ntitle: t\n---\n\x1b]0;pwned\x07",
	"## {#}\n- [x]\n",
	"## Q {#q a=\"b}\n",
	"## Q {#q}\n```\n- [x] in code\n```\n1. a\n- [ ] b\n> e\n  > f\n",
	"## D {#d recommend=\"\"}\n- (R) {#i type=number min=a max=}\n",
}

func FuzzFrontMatter(f *testing.F) {
	f.Add(base["m1/01-lesson.md"])
	f.Add(base["m1/module.md"])
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFile(t, "m1/01-lesson.md", text)
		fuzzFile(t, "m1/module.md", text)
	})
}

func FuzzQuiz(f *testing.F) {
	f.Add(base["m1/02-quiz.md"])
	for _, s := range fuzzSeeds {
		f.Add(base["m1/02-quiz.md"] + s)
	}
	for _, s := range markdownSeeds {
		f.Add(base["m1/02-quiz.md"] + s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFile(t, "m1/02-quiz.md", text)
	})
}

func FuzzAssessment(f *testing.F) {
	f.Add(base["m2/01-check.md"])
	for _, s := range fuzzSeeds {
		f.Add(base["m2/01-check.md"] + s)
	}
	for _, s := range markdownSeeds {
		f.Add(base["m2/01-check.md"] + s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFile(t, "m2/01-check.md", text)
	})
}

func FuzzCourseYAML(f *testing.F) {
	f.Add(base["course.yaml"])
	f.Add("stages:\n  - {id: s1, requires: {any: [{completed: m1}, {not: {passed: q1, min: 2}}]}}\n")
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFile(t, "course.yaml", text)
	})
}

// markdownSeeds exercise the goldmark-based readers: lists, task boxes,
// blockquotes, attributes, links of every kind, multi-byte text.
var markdownSeeds = []string{
	"## Q {#q}\n\n- [x] a\n  > fb\n  - nested\n- [ ] b\n\n> e\n\n> e2\n",
	"### H {#h}\n- [x] a\n- [ ] \u200b\n",
	"# T\n\n1. a\n2) b\n- [ ] c\n",
	"See [a](b.md \"t\") ![i](p.png) <https://x> <file:///x> [r]\n\n[r]: ../x.md\n",
	"[a](javascript:alert(1)) [b](<c d.md>) [c](data:,x) [Ça — “x”](ñ.md)\n",
	"- Statement {#i type=number min=1 max=\"2\" unit='x'}\n  > help\n\n  more\n",
	"> a\n- [x] lazy\n>> b\n```\n## not\n```\n~~~\n",
	"\t- [x]\t tab\n  \t> q\n",
	"## {#}\n## A {#a b=}\n## B {#b \"c}\n",
}

// FuzzMarkdown runs the goldmark-based readers on any text: no panic, and
// every link is placed on a line of the text at a column from 1.
func FuzzMarkdown(f *testing.F) {
	for _, s := range markdownSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := strings.Count(text, "\n") + 1
		for _, l := range Links(text) {
			if l.Line < 1 || l.Line > n || l.Col < 1 {
				t.Fatalf("link %q at %d:%d, outside the %d lines", l.Target, l.Line, l.Col, n)
			}
		}
		d := parseMarkdown("x.md", text, 1)
		intro, secs := d.sections()
		_ = d.introText(secs)
		for _, s := range append([]*mdSection{{blocks: intro}}, secs...) {
			runs, _ := runLists(s.blocks)
			for _, r := range runs {
				for _, it := range d.listItems(r) {
					if it.textFrom > it.textTo || it.textTo > len(text) {
						t.Fatalf("item text at %d–%d in %d bytes", it.textFrom, it.textTo, len(text))
					}
					d.splitAttrs(it.textFrom, it.textTo)
					for _, q := range it.quotes {
						_ = d.quoteText(q)
					}
				}
			}
		}
	})
}

// FuzzLesson validates a course whose lesson body is any Markdown.
func FuzzLesson(f *testing.F) {
	for _, s := range markdownSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzFile(t, "m1/01-lesson.md", "---\nid: l1\ntitle: Lesson one\n---\n"+body)
	})
}
