package content

import (
	"strings"
	"testing"
)

// fuzzFile validates the base course with one file replaced by text, and
// checks the invariants: no panic, and every problem has a position inside
// the file it names.
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
	f.Fuzz(func(t *testing.T, text string) {
		fuzzFile(t, "m1/02-quiz.md", text)
	})
}

func FuzzAssessment(f *testing.F) {
	f.Add(base["m2/01-check.md"])
	for _, s := range fuzzSeeds {
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
