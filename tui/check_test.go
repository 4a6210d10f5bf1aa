package tui

import (
	"github.com/charmbracelet/x/ansi"
	"os"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// structureSample copies the sample course, with changes (file → text
// appended), and reads it as `ally --course DIR` does a big course: by its
// structure. check is then the whole check, as the background gives it.
func structureSample(t *testing.T, appended map[string]string) (c *content.Course, check func() any) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "sample"))))
	for file, text := range appended {
		f, err := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
		require.NoError(t, err)
		_, err = f.WriteString(text)
		require.NoError(t, err)
		require.NoError(t, f.Close())
	}
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	c, rep := content.ValidateStructure(fsys)
	require.Empty(t, rep.Errors)
	require.False(t, c.Checked())
	return c, func() any {
		full, rep := content.ValidateLean(fsys)
		if len(rep.Errors) > 0 {
			var probs []string
			for _, p := range rep.Errors {
				probs = append(probs, p.Error())
			}
			return CourseProblemsMsg{Problems: probs}
		}
		return CourseReloadedMsg{Course: full}
	}
}

// Before the check: the map, module screens and lessons work; a quiz waits
// with a notice and opens by itself once the check is done, in place.
func TestStructureCourseOpensAtOnceAndSwitchesWhenChecked(t *testing.T) {
	c, check := structureSample(t, nil)
	d := newDriver(t, c, 100, 30)
	d.has("Writing a Clear Bug Report", "Checking the course in the background…")
	d.send(navMsg{kind: navModule, id: "why-reports"})
	d.has("Checking the course… the introduction shows once it is done.", "What a bug report is for")
	d.hasNot("A bug report is a letter to someone")
	d.keys("enter")
	d.has("A letter to a stranger")
	d.keys("esc")
	d.send(navMsg{kind: navItem, id: "why-check"})
	d.has("Checking the course… Quiz “Why bug reports matter — check” opens as soon as it is done.")
	d.hasNot("Four questions on the first two lessons")
	require.Len(t, d.m.stack, 2, "still on the module")
	d.send(navMsg{kind: navWorkbook})
	d.has("Checking the course… The workbook opens")
	d.send(navMsg{kind: navItem, id: "why-check"})

	d.send(check())
	assert.True(t, d.m.c.course.Checked())
	assert.Same(t, d.m.c.course, d.m.c.saver.course, "saves use the checked course")
	d.has("Four questions on the first two lessons")
	d.hasNot("Checking the course")
	require.Len(t, d.m.stack, 3, "the quiz opened over the module")
	d.keys("esc")
	d.has("A bug report is a letter to someone")
	d.keys("esc")
	d.hasNot("Checking the course")
}

// Leaving the screen a quiz was asked from drops the wait: the quiz does
// not pop up later somewhere else.
func TestStructureCourseForgetsAWaitOnceLeft(t *testing.T) {
	c, check := structureSample(t, nil)
	d := newDriver(t, c, 100, 30)
	d.send(navMsg{kind: navModule, id: "why-reports"})
	d.send(navMsg{kind: navItem, id: "why-check"})
	d.has("Checking the course…")
	d.keys("esc")
	d.send(check())
	require.Len(t, d.m.stack, 1)
	d.hasNot("Four questions")
}

// A body with problems is never shown, before the check (the lesson is
// checked when it is read) or after it: the check's problems replace the
// course, and nothing in it opens any more.
func TestStructureCourseWithProblemsShowsThemAndOpensNothing(t *testing.T) {
	c, check := structureSample(t, map[string]string{
		"01-why-reports/02-anatomy.md": "\nUnchecked text \x1b[2J with [a link](nowhere.md).\n",
	})
	d := newDriver(t, c, 100, 30)
	d.has("Writing a Clear Bug Report")
	d.send(navMsg{kind: navItem, id: "what-for"})
	d.has("A letter to a stranger") // a lesson without problems reads
	d.keys("right")
	d.has("01-why-reports/02-anatomy.md has 2 problems, so it is not shown")
	d.hasNot("Unchecked text")

	msg := check()
	require.IsType(t, CourseProblemsMsg{}, msg)
	d.send(msg)
	d.has("This course has 2 problems, so it cannot be opened.", "nowhere.md")
	require.Len(t, d.m.stack, 1, "back on the map")
	// The help line offers only what still works.
	help := ansi.Strip(d.m.shortHelp())
	for _, gone := range []string{"open", "continue", "progress"} {
		assert.NotContains(t, help, gone, "the help line: %s", help)
	}
	assert.Contains(t, help, "? help")
	assert.Contains(t, help, "q quit")
	d.keys("?")
	d.hasNot("workbook")
	d.hasNot("open")
	d.keys("?")
	for _, n := range []navMsg{{kind: navItem, id: "what-for"}, {kind: navModule, id: "why-reports"}, {kind: navProgress}, {kind: navWorkbook}} {
		d.send(n)
		require.Len(t, d.m.stack, 1, "%v opens nothing", n)
	}
	d.keys("enter", "c")
	require.Len(t, d.m.stack, 1)
	d.has("the course has problems, so nothing in it can be opened")
	d.hasNot("Unchecked text")
	// Nothing was recorded for the lesson that was not shown.
	assert.Nil(t, d.state().Lessons["anatomy"])
	assert.NotNil(t, d.state().Lessons["what-for"])
}

// --resume goes straight into the lesson, read and checked off the UI
// goroutine; into a quiz, it waits for the check.
func TestStructureCourseResumes(t *testing.T) {
	for _, tc := range []struct{ id, text string }{{"anatomy", "The anatomy of a good report"}, {"why-check", "Four questions on the first two lessons"}} {
		c, check := structureSample(t, nil)
		path := filepath.Join(t.TempDir(), "progress.json")
		st, _, err := progress.Open(path, loadSample(t)) // as an earlier session left it
		require.NoError(t, err)
		if tc.id == "anatomy" {
			require.NoError(t, st.OpenLesson(tc.id))
		} else {
			require.NoError(t, st.SaveQuizDraft(tc.id, map[string][]int{"main-job": {1}}))
		}
		d := openDriver(t, c, path, 100, 30, true)
		if tc.id == "anatomy" {
			d.has(tc.text)
			require.Len(t, d.m.stack, 2)
		} else {
			d.has("Checking the course… Quiz")
			require.Len(t, d.m.stack, 1)
		}
		d.send(check())
		d.has(tc.text)
		require.Len(t, d.m.stack, 2, tc.id)
	}
}
