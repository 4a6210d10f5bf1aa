package tui

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

// sampleEdited is the sample course with one lesson's text changed and
// another lesson removed, as an author would between two saves.
func sampleEdited(t *testing.T) *content.Course {
	t.Helper()
	root := filepath.Join("..", "testdata", "sample")
	fsys := fstest.MapFS{}
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "01-why-reports/03-two-reports.md" {
			return nil
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		if rel == "01-why-reports/02-anatomy.md" {
			data = []byte(strings.Replace(string(data), "\n---\n", "\n---\nA sentence the author just added.\n\n", 1))
		}
		fsys[rel] = &fstest.MapFile{Data: data}
		return nil
	}))
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	return c
}

// --watch: problems show over the screen and the app keeps running; the
// fixed course replaces the old one with the learner still in their
// lesson, which shows the new text.
func TestReloadKeepsThePlace(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.send(navMsg{kind: navItem, id: "anatomy"})
	d.has("The anatomy of a good report")
	d.hasNot("A sentence the author just added.")

	d.send(CourseProblemsMsg{Problems: []string{"01-why-reports/02-anatomy.md:3:1: `title` is missing", "course.yaml:1:1: \x1b]52;c;aGk=\a"}})
	d.has("The course you are editing has 2 problems.", "02-anatomy.md:3:1: `title` is missing", `\x1b]52`)
	d.keys("down") // keys still reach the lesson underneath
	d.hasNot("The anatomy of a good report")

	before := d.m.top().(*reader).read()
	d.send(CourseReloadedMsg{Course: sampleEdited(t)})
	d.hasNot("problems")
	d.has("The anatomy of a good report")
	assert.Len(t, d.m.stack, 2, "still in the lesson")
	assert.InDelta(t, before, d.m.top().(*reader).read(), 0.05, "at the same place")
	d.keys("g")
	d.has("A sentence the author just added.")
	assert.Same(t, d.m.c.course, d.m.c.saver.course, "saves use the new course")

	// Progress is recorded against the new version.
	d.keys("G")
	require.NotNil(t, d.state().Lessons["anatomy"])
}

func TestReloadClosesAScreenWhoseItemIsGone(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.send(navMsg{kind: navModule, id: "why-reports"})
	d.send(navMsg{kind: navItem, id: "two-reports"})
	d.has("Story: two reports, one bug")
	d.send(CourseReloadedMsg{Course: sampleEdited(t)})
	assert.Len(t, d.m.stack, 2, "back on the module")
	d.has("The course changed", "two-reports")
	d.hasNot("Story: two reports, one bug")
}
