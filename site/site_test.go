package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// course is a small course whose text tries to break out of the page.
func course(t *testing.T) (fstest.MapFS, *content.Course) {
	t.Helper()
	fsys := fstest.MapFS{
		"course.yaml": {Data: []byte(`id: hostile
title: "Hostile <script>alert(1)</script> course"
version: 1.0.0
summary: A course whose text tries to inject markup.
stages:
  - id: one
    title: One
    summary: The first stage.
  - id: two
    title: Two
    summary: The second stage.
    requires:
      passed: one
`)},
		"m1/module.md": {Data: []byte("---\nid: m1\ntitle: Module <b>one</b>\nstage: one\nsummary: First.\n---\nRead [the second lesson](02-two.md#part) first.\n")},
		"m1/01-one.md": {Data: []byte("---\nid: one-lesson\ntitle: One & only\nkind: lesson\nminutes: 3\n---\n" +
			"# Heading\n\nSome <script>alert('x')</script> raw HTML and <img src=x onerror=alert(1)>.\n\n" +
			"[web](https://example.org) ![a chart](img/chart.png) [next](02-two.md)\n")},
		"m1/02-two.md":        {Data: []byte("---\nid: two-lesson\ntitle: Two\nkind: lesson\nminutes: 2\n---\n## Part {#part}\n\nText.\n")},
		"m1/img/chart.png":    {Data: []byte("\x89PNG fake")},
		"m1/03-quiz.md":       {Data: []byte(quizMD)},
		"m2/module.md":        {Data: []byte("---\nid: m2\ntitle: Module two\nstage: two\nsummary: Second.\n---\n")},
		"m2/01-assessment.md": {Data: []byte(assessMD)},
	}
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	// The validator refuses a javascript: link (issue 9); the export must
	// drop one all the same, so the loaded lesson gets one behind its back.
	evil := "[evil](javascript:alert(1)) "
	bad := fstest.MapFS{}
	for name, f := range fsys {
		bad[name] = f
	}
	bad["m1/01-one.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["m1/01-one.md"].Data), "[web]", evil+"[web]", 1))}
	_, rep = content.Validate(bad)
	require.NotEmpty(t, rep.Errors, "the validator lets a javascript: link through")
	it := c.Item("one-lesson")
	it.Body = strings.Replace(it.Body, "[web]", evil+"[web]", 1)
	require.Contains(t, it.Body, evil)
	return fsys, c
}

const quizMD = `---
id: check
title: Check
kind: quiz
pass: 0.5
---
Two questions.

## Which is right? {#q1}

- [x] The **right** one
- [ ] The wrong one
  > Not this: it is wrong.

> Because it is right (Someone, 2003).

## Put in order {#q2}

1. First
2. Second
3. Third

> That is the order.
`

const assessMD = `---
id: self
title: Self check
kind: assessment
scale: [Never, Sometimes, Always]
---
Rate yourself.

## Habits {#habits}

- I plan ahead {#plan}
- (R) I forget things {#forget}
- Alliances so far {#count type=number min=0 max=50 unit=alliances}
`

func export(t *testing.T) string {
	t.Helper()
	fsys, c := course(t)
	out := t.TempDir()
	require.NoError(t, Export(c, fsys, out))
	return out
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

func TestExportEscapesCourseText(t *testing.T) {
	out := export(t)
	for _, name := range []string{"index.html", "module-m1.html", "one-lesson.html", "search.html"} {
		page := read(t, out, name)
		assert.NotContains(t, page, "<script>alert", name)
		assert.NotContains(t, page, "<img src=x", name)
		assert.NotContains(t, page, "<b>one</b>", name)
	}
	assert.Contains(t, read(t, out, "index.html"), "Hostile &lt;script&gt;alert(1)&lt;/script&gt; course")
	lesson := read(t, out, "one-lesson.html")
	assert.Contains(t, lesson, "<!-- raw HTML omitted -->")
	assert.NotContains(t, lesson, "javascript:")
	assert.Contains(t, lesson, `<h1>One &amp; only</h1>`)
}

func TestExportLinks(t *testing.T) {
	out := export(t)
	lesson := read(t, out, "one-lesson.html")
	assert.Contains(t, lesson, `href="two-lesson.html"`, "a link to a lesson file goes to its page")
	assert.Contains(t, lesson, `href="https://example.org"`)
	assert.Contains(t, lesson, `src="assets/m1/img/chart.png"`)
	assert.Equal(t, "\x89PNG fake", read(t, out, "assets/m1/img/chart.png"), "images are copied")
	assert.Contains(t, read(t, out, "module-m1.html"), `href="two-lesson.html#part"`, "fragments are kept")
	assert.Contains(t, lesson, `rel="next"`)
}

func TestExportQuizAndAssessment(t *testing.T) {
	out := export(t)
	quiz := read(t, out, "check.html")
	q1 := quiz[strings.Index(quiz, `id="q1"`):strings.Index(quiz, `id="q2"`)]
	shown, key, ok := strings.Cut(q1, "<details>")
	require.True(t, ok, "the answer is behind <details>")
	assert.Contains(t, shown, "The <strong>right</strong> one")
	assert.NotContains(t, shown, "right:", "the question itself does not give the answer")
	assert.Contains(t, key, `<span class="word">right:</span> The <strong>right</strong> one`)
	assert.Contains(t, key, "Not this: it is wrong.")
	assert.Contains(t, key, "Because it is right (Someone, 2003).")

	q2 := quiz[strings.Index(quiz, `id="q2"`):]
	shown, key, _ = strings.Cut(q2, "<details>")
	first, second, third := strings.Index(shown, "First"), strings.Index(shown, "Second"), strings.Index(shown, "Third")
	require.True(t, first > 0 && second > 0 && third > 0, "every step is shown")
	assert.False(t, first < second && second < third, "the steps are not shown in the key's order")
	assert.Less(t, strings.Index(key, "First"), strings.Index(key, "Second"))
	assert.Less(t, strings.Index(key, "Second"), strings.Index(key, "Third"))

	a := read(t, out, "self.html")
	assert.Equal(t, 6, strings.Count(a, `type="radio"`), "two statements, three points each")
	assert.Contains(t, a, `type="number" min="0" max="50"`)
	assert.Contains(t, a, "1 statements are reverse-scored")
	assert.Contains(t, read(t, out, "module-m2.html"), "Opens:</strong> Pass")
}

func TestExportRefusesAFolderOfOtherWork(t *testing.T) {
	fsys, c := course(t)
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("mine"), 0o644))
	err := Export(c, fsys, out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not empty")
	assert.Equal(t, "mine", read(t, out, "thesis.docx"))

	again := t.TempDir()
	require.NoError(t, Export(c, fsys, again))
	require.NoError(t, Export(c, fsys, again), "an earlier export is replaced")
}

func TestExportPageNamesNeverCollide(t *testing.T) {
	fsys, _ := course(t)
	fsys["m1/04-index.md"] = &fstest.MapFile{Data: []byte("---\nid: index\ntitle: An item called index\nkind: lesson\n---\nText.\n")}
	fsys["m1/05-module.md"] = &fstest.MapFile{Data: []byte("---\nid: module-m1\ntitle: An item named like a module page\nkind: lesson\n---\nText.\n")}
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	out := t.TempDir()
	require.NoError(t, Export(c, fsys, out))
	assert.Contains(t, read(t, out, "index.html"), "<h1>Hostile &lt;script&gt;alert(1)&lt;/script&gt; course</h1>")
	assert.Contains(t, read(t, out, "index-2.html"), "<h1>An item called index</h1>")
	assert.Contains(t, read(t, out, "module-m1.html"), "<h1>Module &lt;b&gt;one&lt;/b&gt;</h1>")
	assert.Contains(t, read(t, out, "module-m1-2.html"), "<h1>An item named like a module page</h1>")
}
