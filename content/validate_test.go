package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// base is a small valid course; each test case changes some files.
var base = map[string]string{
	"course.yaml": `id: t
title: Test course
version: "1"
summary: A course for tests.
stages:
  - {id: s1, title: First, summary: The first stage.}
  - {id: s2, title: Second, summary: The second stage.}
`,
	"m1/module.md": `---
id: m1
title: Module one
stage: s1
summary: The first module.
---
Welcome to module one.
`,
	"m1/01-lesson.md": `---
id: l1
title: Lesson one
minutes: 5
---
# Lesson one

Some text, and [the quiz](02-quiz.md).
`,
	"m1/02-quiz.md": `---
id: q1
title: Quiz one
kind: quiz
pass: 0.5
---
## Pick the right one {#pick}

- [x] Right
- [ ] Wrong

> Because.
`,
	"m2/module.md": `---
id: m2
title: Module two
stage: s2
summary: The second module.
requires:
  passed: q1
---
`,
	"m2/01-check.md": `---
id: a1
title: Check
kind: assessment
scale: [No, Yes]
bands:
  - {id: low, title: Low, below: 1.5}
placement:
  - stage: s1
    when: {score: d1, below: 1.5}
  - stage: s2
---
## Dimension {#d1}

- A statement {#i1}
- A count {#n1 type=number min=0 max=9}
`,
}

func courseFS(changes map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range base {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, text := range changes {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestBaseCourseIsValid(t *testing.T) {
	c, rep := Validate(courseFS(nil))
	require.Empty(t, rep.Errors)
	require.Empty(t, rep.Warnings)
	assert.Equal(t, Stats{Stages: 2, Modules: 2, Lessons: 1, Quizzes: 1, Questions: 1, Assessments: 1, Minutes: 5}, rep.Stats)
	require.NotNil(t, c)
	assert.Equal(t, []string{"m1", "m2"}, []string{c.Modules[0].ID, c.Modules[1].ID})
	q := c.Item("q1").Quiz
	assert.Equal(t, 0.5, q.Pass)
	assert.Equal(t, SingleChoice, q.Questions[0].Type)
	assert.Equal(t, "Because.", q.Questions[0].Explanation)
	a := c.Item("a1").Assessment
	assert.Equal(t, []string{"No", "Yes"}, a.Scale)
	assert.Equal(t, Number, a.Item("n1").Type)
	assert.Equal(t, 9.0, *a.Item("n1").Max)
}

// replace returns base[file] with old replaced by new (which must occur).
func replace(t *testing.T, file, old, new string) string {
	t.Helper()
	require.Contains(t, base[file], old)
	return strings.Replace(base[file], old, new, 1)
}

func TestValidationProblems(t *testing.T) {
	type tc struct {
		name    string
		changes map[string]string
		at      string // "file:line:col"
		msg     string // substring of the message
	}
	r := func(file, old, new string) map[string]string {
		return map[string]string{file: replace(t, file, old, new)}
	}
	// m3 adds a third module whose rule is the given YAML.
	m3 := func(rule string) map[string]string {
		return map[string]string{
			"m3/module.md": "---\nid: m3\ntitle: Module three\nstage: s2\nsummary: Third.\nrequires:\n  " + rule + "\n---\n",
			"m3/01-x.md":   "---\nid: x\ntitle: X\n---\nText.\n",
		}
	}
	cases := []tc{
		{"no course.yaml", map[string]string{"course.yaml": ""},
			"course.yaml:1:1", "no course.yaml in the course folder"},
		{"course.yaml syntax", r("course.yaml", "summary: A course for tests.", "summary: [unclosed"),
			"course.yaml:4:1", "YAML syntax error: did not find expected ',' or ']'"},
		{"front matter syntax at its own line", r("m1/01-lesson.md", "minutes: 5", "minutes: [5"),
			"m1/01-lesson.md:4:1", "YAML syntax error"},
		{"front matter not closed", map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: Lesson one\n\n# Lesson\n"},
			"m1/01-lesson.md:1:1", "front matter is not closed"},
		{"no front matter", map[string]string{"m1/01-lesson.md": "# Just text\n"},
			"m1/01-lesson.md:1:1", "no front matter"},
		{"unknown key with suggestion", r("m1/01-lesson.md", "minutes: 5", "minuts: 5"),
			"m1/01-lesson.md:4:1", "unknown key `minuts` in front matter: did you mean `minutes`?"},
		{"unknown key in course.yaml", r("course.yaml", "version:", "verson:"),
			"course.yaml:3:1", "did you mean `version`?"},
		{"unknown stage key", r("course.yaml", "{id: s1, title: First", "{id: s1, titel: First"),
			"course.yaml:6:14", "unknown key `titel` in a stage: did you mean `title`?"},
		{"quiz key on a lesson", r("m1/01-lesson.md", "minutes: 5", "pass: 0.5"),
			"m1/01-lesson.md:4:1", "unknown key `pass`"},
		{"required key missing", r("m1/module.md", "summary: The first module.\n", ""),
			"m1/module.md:2:1", "module.md front matter is missing `summary`"},
		{"required title missing", r("m1/01-lesson.md", "title: Lesson one\n", ""),
			"m1/01-lesson.md:2:1", "is missing `title`"},
		{"wrong type: minutes", r("m1/01-lesson.md", "minutes: 5", "minutes: five"),
			"m1/01-lesson.md:4:10", "`minutes` must be a whole number"},
		{"wrong type: preview", r("m2/module.md", "stage: s2", "stage: s2\npreview: sometimes"),
			"m2/module.md:5:10", "`preview` must be true or false"},
		{"wrong type: stages", r("course.yaml", "stages:\n  - {id: s1, title: First, summary: The first stage.}\n  - {id: s2, title: Second, summary: The second stage.}\n", "stages: 3\n"),
			"course.yaml:5:9", `a stage must be a mapping of keys to values (key: value), not "3"`},
		{"id missing", r("m1/01-lesson.md", "id: l1\n", ""),
			"m1/01-lesson.md:2:1", "missing `id`"},
		{"id malformed", r("m1/01-lesson.md", "id: l1", "id: Lesson One"),
			"m1/01-lesson.md:2:5", `id "Lesson One" is not valid: use lowercase letters, digits and - only, e.g. "lesson-one"`},
		{"id used twice", r("m1/01-lesson.md", "id: l1", "id: q1"),
			"m1/02-quiz.md:2:1", `id "q1" is already used at m1/01-lesson.md:2:1`},
		{"id shared by module and item", r("m1/01-lesson.md", "id: l1", "id: m2"),
			"m2/module.md:2:1", `id "m2" is already used at m1/01-lesson.md:2:1`},
		{"unknown kind", r("m1/01-lesson.md", "minutes: 5", "kind: lessen"),
			"m1/01-lesson.md:4:7", `unknown kind "lessen": use lesson, quiz, assessment or worksheet: did you mean ` + "`lesson`"},
		{"unknown stage", r("m1/module.md", "stage: s1", "stage: s3"),
			"m1/module.md:4:8", `unknown stage "s3": use one of the stage ids in course.yaml (s1, s2)`},
		{"empty module", map[string]string{"m1/01-lesson.md": "", "m1/02-quiz.md": ""},
			"m1/module.md:2:1", `module "m1" has no items`},
		{"empty course", map[string]string{"m1/module.md": "", "m1/01-lesson.md": "", "m1/02-quiz.md": "", "m2/module.md": "", "m2/01-check.md": ""},
			"course.yaml:1:1", "the course has no modules"},
		{"markdown without module.md", map[string]string{"m3/01-x.md": "---\nid: x\ntitle: X\n---\n"},
			"m3/01-x.md:1:1", "holds markdown but no module.md"},
		{"quiz with no questions", r("m1/02-quiz.md", "## Pick the right one {#pick}\n\n- [x] Right\n- [ ] Wrong\n\n> Because.\n", "Nothing here.\n"),
			"m1/02-quiz.md:2:1", "quiz has no questions"},
		{"question without id", r("m1/02-quiz.md", "## Pick the right one {#pick}", "## Pick the right one"),
			"m1/02-quiz.md:7:22", "question has no id: end the heading with {#pick-the-right-one}"},
		{"question with no correct answer", r("m1/02-quiz.md", "- [x] Right", "- [ ] Right"),
			"m1/02-quiz.md:7:1", `question "pick" has no right answer`},
		{"question with one option", r("m1/02-quiz.md", "- [ ] Wrong\n", ""),
			"m1/02-quiz.md:7:1", `question "pick" has only one option`},
		{"question mixing list styles", r("m1/02-quiz.md", "- [ ] Wrong", "1. Wrong"),
			"m1/02-quiz.md:10:1", "answers mix list styles: line 9 is a task list (- [ ] / - [x]), this line is a numbered list"},
		{"question with plain bullets", r("m1/02-quiz.md", "- [x] Right\n- [ ] Wrong", "- Right\n- Wrong"),
			"m1/02-quiz.md:9:1", "answers are plain bullets"},
		{"question with no answers", r("m1/02-quiz.md", "- [x] Right\n- [ ] Wrong\n", "Just a prompt.\n"),
			"m1/02-quiz.md:7:1", `question "pick" has no answers`},
		{"text after the answers", r("m1/02-quiz.md", "> Because.", "> Because.\n\nStray text."),
			"m1/02-quiz.md:14:1", `text after the answers of question "pick"`},
		{"duplicate question id", r("m1/02-quiz.md", "> Because.\n", "> Because.\n\n## Again {#pick}\n\n- [x] A\n- [ ] B\n"),
			"m1/02-quiz.md:14:11", `question id "pick" is already used at line 7`},
		{"pass above 1", r("m1/02-quiz.md", "pass: 0.5", "pass: 80"),
			"m1/02-quiz.md:5:7", "`pass` is 80: use a fraction from 0 to 1"},
		{"pass below 0", r("m1/02-quiz.md", "pass: 0.5", "pass: -0.1"),
			"m1/02-quiz.md:5:7", "`pass` is -0.1"},
		{"ordering with one item", r("m1/02-quiz.md", "- [x] Right\n- [ ] Wrong", "1. Only"),
			"m1/02-quiz.md:7:1", `ordering question "pick" has fewer than two items`},
		{"dimension with no items", r("m2/01-check.md", "## Dimension {#d1}", "## Empty {#d0}\n\nNothing.\n\n## Dimension {#d1}"),
			"m2/01-check.md:13:1", `dimension "d0" has no items`},
		{"scale with one label", r("m2/01-check.md", "scale: [No, Yes]", "scale: [Only]"),
			"m2/01-check.md:5:8", "`scale` has 1 label(s): give at least two"},
		{"band naming unknown dimension", r("m2/01-check.md", "{id: low, title: Low, below: 1.5}", "{id: low, title: Low, below: 1.5, dimensions: [d9]}"),
			"m2/01-check.md:7:52", `unknown dimension or score "d9"`},
		{"placement naming unknown stage", r("m2/01-check.md", "  - stage: s2\n", "  - stage: s9\n"),
			"m2/01-check.md:11:12", `placement rule names unknown stage "s9"`},
		{"placement naming unknown dimension", r("m2/01-check.md", "{score: d1, below: 1.5}", "{score: dx, below: 1.5}"),
			"m2/01-check.md:10:19", `unknown dimension or score "dx"`},
		{"placement naming unknown item", r("m2/01-check.md", "{score: d1, below: 1.5}", "{answer: n2, min: 1}"),
			"m2/01-check.md:10:20", `unknown item "n2": did you mean ` + "`n1`"},
		{"recommend naming unknown module", r("m2/01-check.md", "## Dimension {#d1}", "## Dimension {#d1 recommend=m9}"),
			"m2/01-check.md:13:19", `names unknown module "m9"`},
		{"item attribute misspelt", r("m2/01-check.md", "type=number min=0", "type=number mni=0"),
			"m2/01-check.md:16:28", "unknown attribute `mni`: did you mean `min`?"},
		{"rule naming unknown id", r("m2/module.md", "passed: q1", "passed: q2"),
			"m2/module.md:7:11", `unknown quiz, module or stage "q2": did you mean ` + "`q1`"},
		{"rule passing a lesson", r("m2/module.md", "passed: q1", "passed: l1"),
			"m2/module.md:7:11", `"l1" is a lesson, not a quiz`},
		{"rule with two conditions", r("m2/module.md", "passed: q1", "passed: q1\n  completed: l1"),
			"m2/module.md:7:3", "an unlock rule needs exactly one of"},
		{"answered outside the item's range", m3("answered: {assessment: a1, item: n1, min: 10}"),
			"m3/module.md:2:1", `no answer to "n1" can fall in the range the rule asks for, so module "m3" can never unlock`},
		{"placed on a stage no rule gives", m3("placed: {assessment: a1, stage: s9}"),
			"m3/module.md:7:11", `unknown stage "s9"`},
		{"placed beyond every placement", map[string]string{
			"m3/module.md":   m3("placed: {assessment: a1, stage: s2}")["m3/module.md"],
			"m3/01-x.md":     m3("")["m3/01-x.md"],
			"m2/01-check.md": replace(t, "m2/01-check.md", "  - stage: s2\n", "  - stage: s1\n"),
		}, "m3/module.md:2:1", `no placement rule of "a1" places anyone on "s2" or a later stage, so module "m3" can never unlock`},
		{"requires a module that can never unlock", map[string]string{
			"m3/module.md": m3("answered: {assessment: a1, item: n1, min: 10}")["m3/module.md"],
			"m3/01-x.md":   m3("")["m3/01-x.md"],
			"m4/module.md": "---\nid: m4\ntitle: Module four\nstage: s2\nsummary: Fourth.\nrequires:\n  completed: m3\n---\n",
			"m4/01-y.md":   "---\nid: y\ntitle: Y\n---\nText.\n",
		}, "m4/module.md:2:1", `the rule needs "m3", which can never unlock, so module "m4" can never unlock`},
		{"module requiring its own item", r("m2/module.md", "passed: q1", "completed: a1"),
			"m2/module.md:7:14", `the rule needs "a1", which is inside module "m2" (or its stage), so the module can never unlock`},
		{"cycle", map[string]string{
			"m1/module.md": replace(t, "m1/module.md", "summary: The first module.", "summary: The first module.\nrequires: {completed: m2}"),
		}, "m2/module.md:7:11", "unlock rules form a cycle: m1 → m2 → m1"},
		{"stage rule needing its own stage", r("course.yaml", "{id: s2, title: Second, summary: The second stage.}", "{id: s2, title: Second, summary: The second stage., requires: {completed: s2}}"),
			"course.yaml:7:79", `the rule needs "s2", which is inside module "m2" (or its stage), so the module can never unlock`},
		{"not UTF-8", map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: Caf\xe9\n---\n"},
			"m1/01-lesson.md:3:11", "file is not valid UTF-8 (byte 0xe9)"},
		{"over 1 MiB", map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: Big\n---\n" + strings.Repeat("a", MaxFileSize)},
			"m1/01-lesson.md:1:1", "over the 1 MiB limit"},
		{"escape character", r("m1/01-lesson.md", "Some text", "Some \x1b[31mred\x1b[0m text"),
			"m1/01-lesson.md:8:6", "control character U+001B (ESC)"},
		{"C1 control character", r("m1/01-lesson.md", "Some text", "Some \u009b31m text"),
			"m1/01-lesson.md:8:6", "control character U+009B (CSI)"},
		{"bare carriage return", r("m1/01-lesson.md", "Some text", "Some\rtext"),
			"m1/01-lesson.md:8:5", "control character U+000D (CR)"},
		{"broken relative link", r("m1/01-lesson.md", "(02-quiz.md)", "(03-quiz.md)"),
			"m1/01-lesson.md:8:27", `link "03-quiz.md" points to no file in the course (looked for m1/03-quiz.md)`},
		{"broken image", r("m1/01-lesson.md", "Some text", "![chart](img/chart.png) Some text"),
			"m1/01-lesson.md:8:10", `image "img/chart.png" points to no file`},
		{"link leaving the course", r("m1/01-lesson.md", "(02-quiz.md)", "(../../etc/passwd)"),
			"m1/01-lesson.md:8:27", "points outside the course folder"},
		{"broken link in a module intro", r("m1/module.md", "Welcome to module one.", "Welcome, see [x](nope.md)."),
			"m1/module.md:7:18", `link "nope.md" points to no file`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rep := Validate(courseFS(c.changes))
			_, lean := ValidateLean(courseFS(c.changes))
			assert.Equal(t, rep, lean, "ValidateLean reports exactly what Validate does")
			_, front := ValidateStructure(courseFS(c.changes))
			for _, p := range front.Errors {
				assert.Contains(t, rep.Errors, p, "ValidateStructure reports only what Validate does")
			}
			var got []string
			for _, p := range rep.Errors {
				got = append(got, p.Error())
				if strings.HasPrefix(p.Error(), c.at+": ") && strings.Contains(p.Msg, c.msg) {
					return
				}
			}
			t.Errorf("want an error at %s containing %q; got:\n%s", c.at, c.msg, strings.Join(got, "\n"))
		})
	}
}

func TestReportsEveryProblemSorted(t *testing.T) {
	_, rep := Validate(courseFS(map[string]string{
		"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "minutes: 5", "minutes: five\ncolour: red"),
		"m1/02-quiz.md":   replace(t, "m1/02-quiz.md", "pass: 0.5", "pass: 2"),
		"m1/module.md":    replace(t, "m1/module.md", "stage: s1", "stage: nowhere"),
	}))
	var got []string
	for _, p := range rep.Errors {
		got = append(got, p.Pos.String())
	}
	assert.Equal(t, []string{"m1/01-lesson.md:4:10", "m1/01-lesson.md:5:1", "m1/02-quiz.md:5:7", "m1/module.md:4:8"}, got)
}

func TestWarnings(t *testing.T) {
	_, rep := Validate(courseFS(map[string]string{
		"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "Some text", "```\ncode\n```\n\nSome text"),
		"m1/02-quiz.md":   replace(t, "m1/02-quiz.md", "\n> Because.\n", ""),
	}))
	require.Empty(t, rep.Errors)
	var got []string
	for _, p := range rep.Warnings {
		got = append(got, p.Error())
	}
	require.Len(t, got, 2)
	assert.Contains(t, got[0], "m1/01-lesson.md:8:1: code block has no language")
	assert.Contains(t, got[1], `m1/02-quiz.md:7:1: question "pick" has no explanation`)
}

func TestCRLFIsAccepted(t *testing.T) {
	changes := map[string]string{}
	for name, text := range base {
		changes[name] = strings.ReplaceAll(text, "\n", "\r\n")
	}
	c, rep := Validate(courseFS(changes))
	require.Empty(t, rep.Errors)
	assert.Equal(t, "Because.", c.Item("q1").Quiz.Questions[0].Explanation)
}
