package content

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A lean course keeps no lesson bodies but gives back, file by file,
// exactly the text Validate keeps, and the same links.
func TestLeanCourseReadsBodiesOnDemand(t *testing.T) {
	changes := map[string]string{
		// A byte order mark and CRLF lines: the body is given back as checked.
		"m1/03-crlf.md": "\ufeff---\r\nid: crlf\r\ntitle: CRLF\r\n---\r\n# CRLF\r\n\r\nSee [lesson one](01-lesson.md) and [the check](../m2/01-check.md).\r\n",
	}
	full, rep := Validate(courseFS(changes))
	require.Empty(t, rep.Errors)
	fsys := courseFS(changes)
	lean, leanRep := ValidateLean(fsys)
	require.Equal(t, rep, leanRep)

	for _, id := range []string{"l1", "crlf"} {
		want, it := full.Item(id), lean.Item(id)
		require.NotEmpty(t, want.Body)
		assert.Empty(t, it.Body, "%s: no body kept", id)
		got, err := lean.Text(it)
		require.NoError(t, err)
		assert.Equal(t, want.Body, got, id)
		assert.Equal(t, want.BodyLine, it.BodyLine, id)
		full, lean := full.LinkedItems(want), lean.LinkedItems(it)
		require.Equal(t, len(full), len(lean), id)
		for i := range full {
			assert.Equal(t, full[i].ID, lean[i].ID, id)
		}
	}
	assert.Equal(t, []string{"l1", "a1"}, ids(lean.LinkedItems(lean.Item("crlf"))))
	assert.Equal(t, []string{"q1"}, ids(lean.LinkedItems(lean.Item("l1"))))

	// Quizzes and assessments are parsed when checked; nothing to re-read.
	got, err := lean.Text(lean.Item("q1"))
	require.NoError(t, err)
	assert.Equal(t, full.Item("q1").Body, got)

	// A full course's Text is its Body.
	got, err = full.Text(full.Item("l1"))
	require.NoError(t, err)
	assert.Equal(t, full.Item("l1").Body, got)
}

// A lesson edited after the course was checked is never shown unchecked.
func TestLeanCourseRefusesAChangedLesson(t *testing.T) {
	for name, edit := range map[string]func(fstest.MapFS){
		"same size": func(f fstest.MapFS) {
			d := []byte(string(f["m1/01-lesson.md"].Data))
			d[len(d)-3] = '\x1b'
			f["m1/01-lesson.md"] = &fstest.MapFile{Data: d}
		},
		"longer":  func(f fstest.MapFS) { f["m1/01-lesson.md"].Data = append(f["m1/01-lesson.md"].Data, "more\n"...) },
		"removed": func(f fstest.MapFS) { delete(f, "m1/01-lesson.md") },
	} {
		t.Run(name, func(t *testing.T) {
			fsys := courseFS(nil)
			c, err := LoadLean(fsys)
			require.NoError(t, err)
			edit(fsys)
			text, err := c.Text(c.Item("l1"))
			require.Error(t, err)
			assert.Empty(t, text)
			assert.Contains(t, err.Error(), "m1/01-lesson.md")
			if name != "removed" {
				var changed *ChangedError
				assert.True(t, errors.As(err, &changed))
				assert.Contains(t, err.Error(), "changed after the course was checked")
			}
		})
	}
}

// LoadLean refuses an invalid course as Load does.
func TestLoadLeanRefusesAnInvalidCourse(t *testing.T) {
	fsys := courseFS(map[string]string{"m1/01-lesson.md": "---\nid: l1\ntitle: Lesson one\n---\nSee [nothing](gone.md).\n"})
	_, want := Load(fsys)
	require.Error(t, want)
	c, err := LoadLean(fsys)
	assert.Nil(t, c)
	assert.Equal(t, want.Error(), err.Error())
}

func ids(items []*Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// A lean lesson keeps nothing of its file's text: the buffer a lesson was
// read into is reused for the next file of its module, so any string of a
// lesson (or problem) still pointing into it would show the next file's
// bytes. Lessons of one size, each naming itself, catch that.
func TestLeanLessonsHoldNoText(t *testing.T) {
	changes := map[string]string{}
	for i := range 9 {
		n := strconv.Itoa(i)
		changes["m1/1"+n+"-same.md"] = "---\nid: same-" + n + "\ntitle: \"Same size " + n + "\"\nminutes: " + n + "\n---\n" +
			"Lesson " + n + " links to [one](01-lesson.md), [its neighbour](1" + n + "-same.md) and [nothing](gone-" + n + ".md).\n"
	}
	// A quiz read after them keeps its body, read into a reused buffer.
	changes["m1/20-quiz.md"] = strings.Replace(base["m1/02-quiz.md"], "id: q1", "id: q2", 1)
	full, rep := Validate(courseFS(changes))
	lean, leanRep := ValidateLean(courseFS(changes))
	require.Equal(t, rep, leanRep)
	require.Len(t, rep.Errors, 9, "one broken link a lesson")
	for i := range 9 {
		n := strconv.Itoa(i)
		assert.Contains(t, rep.Errors[i].Msg, `"gone-`+n+`.md"`)
	}
	require.Equal(t, len(full.Items()), len(lean.Items()))
	for i, want := range full.Items() {
		it := lean.Items()[i]
		assert.Equal(t, want.ID, it.ID)
		assert.Equal(t, want.Title, it.Title)
		assert.Equal(t, want.Minutes, it.Minutes)
		assert.Equal(t, want.File, it.File)
		assert.Equal(t, ids(full.LinkedItems(want)), ids(lean.LinkedItems(it)), it.ID)
		got, err := lean.Text(it)
		require.NoError(t, err)
		assert.Equal(t, want.Body, got, it.ID)
	}
	assert.Equal(t, "Same size 3", lean.Item("same-3").Title)
	assert.Equal(t, full.Item("q2").Quiz.Questions[0].Title, lean.Item("q2").Quiz.Questions[0].Title)
}
