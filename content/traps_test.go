package content

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// problemCase is one course change and the problem it must give.
type problemCase struct {
	name    string
	changes map[string]string
	at      string // "file:line:col"
	msg     string // substring of the message
}

func checkProblems(t *testing.T, cases []problemCase, warnings bool) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rep := Validate(courseFS(c.changes))
			ps := rep.Errors
			if warnings {
				ps = rep.Warnings
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.Error())
				if strings.HasPrefix(p.Error(), c.at+": ") && strings.Contains(p.Msg, c.msg) {
					return
				}
			}
			t.Errorf("want a problem at %s containing %q; got:\n%s", c.at, c.msg, strings.Join(got, "\n"))
		})
	}
}

// "No silent traps for authors": each gets a positioned error.
func TestAuthorTraps(t *testing.T) {
	r := func(file, old, new string) map[string]string {
		return map[string]string{file: replace(t, file, old, new)}
	}
	m3 := func(rule string) map[string]string {
		return map[string]string{
			"m3/module.md": "---\nid: m3\ntitle: Module three\nstage: s2\nsummary: Third.\nrequires:\n  " + rule + "\n---\n",
			"m3/01-x.md":   "---\nid: x\ntitle: X\n---\nText.\n",
		}
	}
	cases := []problemCase{
		{"### heading with an id", r("m1/02-quiz.md", "> Because.\n", "> Because.\n\n### Another {#another}\n\n- [x] A\n- [ ] B\n"),
			"m1/02-quiz.md:14:1", "this ### heading carries an {#id}, but a question's heading has exactly two #: write `## Another {#another}`"},
		{"# heading followed by answers", r("m1/02-quiz.md", "## Pick the right one {#pick}", "# Warm-up\n\n- [x] A\n- [ ] B\n\n## Pick the right one {#pick}"),
			"m1/02-quiz.md:7:1", "this # heading is followed by answers"},
		{"two explanations", r("m1/02-quiz.md", "> Because.", "> Because.\n\n> Also."),
			"m1/02-quiz.md:14:1", `question "pick" has two explanations, at lines 12 and 14`},
		{"blockquote at column 0 after an option, then the explanation", r("m1/02-quiz.md", "- [ ] Wrong\n", "- [ ] Wrong\n> For the wrong one.\n"),
			"m1/02-quiz.md:13:1", `question "pick" has two explanations, at lines 11 and 13`},
		{"list nested under an option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] Wrong\n  - [ ] Sub"),
			"m1/02-quiz.md:11:1", `a list nested under an answer of question "pick" would read as more answers`},
		{"two feedbacks under an option", r("m1/02-quiz.md", "- [x] Right", "- [x] Right\n  > A.\n\n  > B."),
			"m1/02-quiz.md:12:1", "a second feedback blockquote under one answer (the first is at line 10)"},
		{"zero-width option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] \u200b"),
			"m1/02-quiz.md:10:7", "answer holds only invisible characters"},
		{"no-break-space option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] \u00a0"),
			"m1/02-quiz.md:10:7", "answer holds only invisible characters"},
		{"em-space option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] \u2003\u2003"),
			"m1/02-quiz.md:10:7", "answer holds only invisible characters"},
		{"duplicate option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] Right"),
			"m1/02-quiz.md:10:1", `answer "Right" also appears at line 9: every option of a question must differ`},
		{"list nested under an assessment item", r("m2/01-check.md", "- A statement {#i1}", "- A statement {#i1}\n  - more"),
			"m2/01-check.md:16:1", "a list nested under an item would read as more items"},
		{"minutes beyond a sane bound", r("m1/01-lesson.md", "minutes: 5", "minutes: 9999999999"),
			"m1/01-lesson.md:4:10", "`minutes` is 9999999999: give the item's time as a whole number of minutes from 0 to 600"},
		{"answered out of range under any", m3("any: [{completed: l1}, {answered: {assessment: a1, item: n1, min: 10}}]"),
			"m3/module.md:7:37", `no answer to "n1" can fall in the range this rule asks for (n1 accepts 0 to 9), so this alternative of ` + "`any`" + ` can never hold`},
		{"answered out of the scale under not", m3("not: {answered: {assessment: a1, item: i1, max: 0}}"),
			"m3/module.md:7:19", "(i1 accepts 1 to 2), so the `not` around it always holds"},
		{"a rule and its opposite", m3("all: [{completed: l1}, {not: {completed: l1}}]"),
			"m3/module.md:7:26", "the rule's `all` needs “read “Lesson one”” and also its opposite, so it can never hold and what it guards can never unlock"},
		{"an assessment, not a quiz", m3("passed: a1"),
			"m3/module.md:7:11", `"a1" is an assessment, not a quiz`},
		{"no empty entries in the allowed stage ids", map[string]string{
			"course.yaml": replace(t, "course.yaml", "{id: s1, title: First", `{id: "", title: First`),
		}, "m1/module.md:4:8", `unknown stage "s1": use one of the stage ids in course.yaml (s2)`},
		{"hint with the course's own stage id", r("m1/module.md", "stage: s1\n", ""),
			"m1/module.md:2:1", "module.md front matter is missing `stage`: add `stage: s1`"},
		{"file: link", r("m1/01-lesson.md", "(02-quiz.md)", "(file:///etc/passwd)"),
			"m1/01-lesson.md:8:27", `link "file:///etc/passwd" uses the file: scheme: only http, https and mailto links are allowed`},
		{"javascript: link", r("m1/01-lesson.md", "(02-quiz.md)", "(javascript:alert)"),
			"m1/01-lesson.md:8:27", "uses the javascript: scheme"},
		{"data: image", r("m1/01-lesson.md", "Some text", "![x](data:image/png;base64,AAAA) Some text"),
			"m1/01-lesson.md:8:6", `image "data:image/png;base64,AAAA" uses the data: scheme`},
		{"autolink with another scheme", r("m1/01-lesson.md", "Some text", "<ftp://example.org/x> Some text"),
			"m1/01-lesson.md:8:2", "uses the ftp: scheme"},
		{"link in a quiz", r("m1/02-quiz.md", "> Because.", "> Because, see [this](nope.md)."),
			"m1/02-quiz.md:12:23", `link "nope.md" points to no file`},
		{"columns count characters, not bytes", r("m1/01-lesson.md", "Some text, and [the quiz](02-quiz.md)", "Ça — “x”, [the quiz](nope.md)"),
			"m1/01-lesson.md:8:22", `link "nope.md" points to no file`},
		{"control character after multi-byte text", r("m1/01-lesson.md", "Some text", "Ça — \x1b[2J"),
			"m1/01-lesson.md:8:6", "control character U+001B (ESC)"},
		{"escape written in a YAML string", r("course.yaml", "title: Test course", `title: "Test \e[2J course"`),
			"course.yaml:2:8", "`title` holds control character U+001B (ESC)"},
		{"OSC 52 written in YAML", r("m1/01-lesson.md", "title: Lesson one", `title: "\x1b]52;c;QUFB\a"`),
			"m1/01-lesson.md:3:8", "`title` holds control character U+001B (ESC)"},
		{"C1 written in a stage summary", r("course.yaml", "summary: The first stage.", `summary: "\u009b2J"`),
			"course.yaml:6:37", "`summary` holds control character U+009B (CSI)"},
		{"escape written in a YAML key", r("m1/module.md", "summary: The first module.", "summary: The first module.\n\"\\e[2J\": x"),
			"m1/module.md:6:1", "a YAML key holds control character U+001B (ESC)"},
		{"escape in a list of authors", r("course.yaml", "summary: A course for tests.", "summary: A course for tests.\nauthors: [\"\\x9b\"]"),
			"course.yaml:5:11", "holds control character U+009B (CSI)"},
	}
	checkProblems(t, cases, false)
}

func TestAuthorTrapWarnings(t *testing.T) {
	checkProblems(t, []problemCase{
		{".MD file", map[string]string{"m1/03-extra.MD": "---\nid: extra\ntitle: Extra\n---\n"},
			"m1/03-extra.MD:1:1", "this file is not read: Ally reads only files ending in .md (lower case); rename it to 03-extra.md"},
		{"explanation right under the last answer", map[string]string{"m1/02-quiz.md": replace(t, "m1/02-quiz.md", "- [ ] Wrong\n\n> Because.", "- [ ] Wrong\n> Because.")},
			"m1/02-quiz.md:11:1", `this blockquote right under the last answer of question "pick" is its explanation`},
		{".markdown file", map[string]string{"m1/03-extra.markdown": "---\nid: extra\ntitle: Extra\n---\n"},
			"m1/03-extra.markdown:1:1", "rename it to 03-extra.md"},
	}, true)
}

// Lower-case (r) is reverse-scored like (R), not shown as text.
func TestLowerCaseReverse(t *testing.T) {
	c, rep := Validate(courseFS(map[string]string{"m2/01-check.md": replace(t, "m2/01-check.md", "- A statement {#i1}", "- (r) A statement {#i1}")}))
	require.Empty(t, rep.Errors)
	it := c.Item("a1").Assessment.Item("i1")
	assert.True(t, it.Reverse)
	assert.Equal(t, "A statement", it.Text)
}

// A byte-order mark at the start of any file is accepted and ignored.
func TestByteOrderMark(t *testing.T) {
	changes := map[string]string{}
	for name, text := range base {
		changes[name] = bom + text
	}
	c, rep := Validate(courseFS(changes))
	require.Empty(t, rep.Errors)
	require.Empty(t, rep.Warnings)
	assert.Equal(t, "Test course", c.Title)
	assert.Equal(t, "Welcome to module one.", c.Module("m1").Intro)
}

// Editor and OS droppings are not part of the course.
func TestDroppingsIgnored(t *testing.T) {
	junk := "\x00\x05\x16\x07junk"
	c, rep := Validate(courseFS(map[string]string{
		"m1/._01-lesson.md":      junk,
		"m1/.01-lesson.md":       junk,
		"m1/01-lesson.md~":       junk,
		".git/config":            junk,
		".DS_Store":              junk,
		"m1/.hidden/x.md":        junk,
		"m3/.notes/01-a.md":      junk,
		"m1/#01-lesson.md#~":     junk,
		"m2/.01-check.md.swp":    junk,
		"m2/01-check.md.orig~":   junk,
		"images/.keep":           junk,
		"images/._chart.png":     junk,
		"m1/.02-quiz.md.un~":     junk,
		"m1/.~lock.01-lesson.md": junk,
	}))
	require.Empty(t, rep.Errors)
	require.Empty(t, rep.Warnings)
	assert.Len(t, c.Module("m1").Items, 2)
}

// A pipe, device or socket in any file system is refused without reading.
func TestOnlyRegularFiles(t *testing.T) {
	for _, mode := range []fs.FileMode{fs.ModeNamedPipe, fs.ModeDevice | fs.ModeCharDevice, fs.ModeSocket, fs.ModeIrregular} {
		fsys := courseFS(nil)
		fsys["m1/03-odd.md"] = &fstest.MapFile{Data: []byte("---\nid: odd\ntitle: Odd\n---\n"), Mode: mode}
		_, rep := Validate(fsys)
		require.NotEmpty(t, rep.Errors, mode.String())
		assert.Equal(t, "m1/03-odd.md:1:1", rep.Errors[0].Pos.String())
		assert.Contains(t, rep.Errors[0].Msg, "not a regular file")
	}
	// course.yaml as a pipe is reported as what it is, not as missing.
	fsys := courseFS(nil)
	fsys["course.yaml"].Mode = fs.ModeNamedPipe
	_, rep := Validate(fsys)
	require.Len(t, rep.Errors, 1)
	assert.Contains(t, rep.Errors[0].Error(), "course.yaml:1:1: this is a named pipe (FIFO), not a regular file")
}

// Markdown decodes character references, so &#27; is an escape character.
func TestControlCharacterReferences(t *testing.T) {
	r := func(file, old, new string) map[string]string {
		return map[string]string{file: replace(t, file, old, new)}
	}
	checkProblems(t, []problemCase{
		{"in lesson text", r("m1/01-lesson.md", "Some text", "Some &#27;[2J text"),
			"m1/01-lesson.md:8:6", "character reference &#27; stands for control character U+001B (ESC)"},
		{"hexadecimal, C1", r("m1/01-lesson.md", "Some text", "Some &#x9B;2J text"),
			"m1/01-lesson.md:8:6", "character reference &#x9B; stands for control character U+009B (CSI)"},
		{"in a link target", r("m1/01-lesson.md", "(02-quiz.md)", "(02-quiz.md \"&#7;\")"),
			"m1/01-lesson.md:8:39", "&#7; stands for control character U+0007 (BEL)"},
		{"in a quiz option", r("m1/02-quiz.md", "- [ ] Wrong", "- [ ] Wr&#x1b;]0;x&#7;ong"),
			"m1/02-quiz.md:10:9", "&#x1b; stands for control character U+001B (ESC)"},
		{"in a module intro", r("m1/module.md", "Welcome to module one.", "Welcome &#155;"),
			"m1/module.md:7:9", "&#155; stands for control character U+009B (CSI)"},
	}, false)
	// In code, a reference is shown as written: fine.
	_, rep := Validate(courseFS(r("m1/01-lesson.md", "Some text", "Write `&#27;` or\n\n```text\n&#x1b;\n```\n\nSome text")))
	assert.Empty(t, rep.Errors)
}

// hugeLinkLesson is a 1 MiB lesson of one line holding some 95,000 broken
// links: each is an error, which once took minutes to place and report.
func hugeLinkLesson() fstest.MapFS {
	body := strings.Repeat("[é](x.md) ", (MaxFileSize-100)/11)
	return courseFS(map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: L\n---\n" + body})
}

// A file reports at most maxFileProblems errors, then says more follow.
func TestProblemsPerFileAreCapped(t *testing.T) {
	_, rep := Validate(hugeLinkLesson())
	require.Len(t, rep.Errors, maxFileProblems+1)
	assert.Equal(t, "m1/01-lesson.md:5:5", rep.Errors[0].Pos.String())
	assert.Equal(t, "m1/01-lesson.md:5:15", rep.Errors[1].Pos.String(), "columns count characters: é is one")
	var more int
	for _, p := range rep.Errors {
		if strings.Contains(p.Msg, "more problems of this kind follow in this file") {
			more++
		}
	}
	assert.Equal(t, 1, more)
}

// Markdown that goldmark reads in quadratic time is refused before parsing.
func TestMarkdownLimits(t *testing.T) {
	lesson := func(body string) map[string]string {
		return map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: Lesson one\n---\n" + body}
	}
	quiz := func(body string) map[string]string {
		return map[string]string{"m1/02-quiz.md": "---\nid: q1\ntitle: Quiz one\nkind: quiz\n---\n" + body}
	}
	var nested strings.Builder
	for i := range 120 {
		nested.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	checkProblems(t, []problemCase{
		{"link reference definitions by the thousand", lesson(strings.Repeat("[a]: b.md\n", 50000)),
			"m1/01-lesson.md:1005:1", "more than 1000 lines in a row start with ["},
		{"... even with no link syntax the parser looks for", lesson("Intro.\n\n" + strings.Repeat("[a]\n", 2000)),
			"m1/01-lesson.md:1007:1", "more than 1000 lines in a row start with ["},
		{"lists nested a hundred deep", quiz(nested.String()),
			"m1/02-quiz.md:107:1", "this line is indented 202 columns"},
		{"quotes nested a hundred deep", lesson(strings.Repeat(">", 101) + " x\n"),
			"m1/01-lesson.md:5:1", "this line opens 101 nested quotes"},
		{"tabs count to the next multiple of 4", lesson("Text.\n\n" + strings.Repeat("\t", 50) + "  - x\n"),
			"m1/01-lesson.md:7:1", "this line is indented 202 columns"},
		{"201 spaces", lesson("Text.\n" + strings.Repeat(" ", 201) + "x\n"),
			"m1/01-lesson.md:6:1", "this line is indented 201 columns"},
	}, false)
	// Blank lines between definitions, and long lists of links, are fine.
	_, rep := Validate(courseFS(lesson(strings.Repeat("[a]: 02-quiz.md\n\n", 3000) + strings.Repeat("- [x](02-quiz.md)\n", 3000))))
	assert.Empty(t, rep.Errors)
}
