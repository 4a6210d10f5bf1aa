package tui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/allyworks/ally/content"
)

// leanSample loads a copy of the sample course with content.LoadLean (as
// `ally --course DIR` does) and returns it with the copy's folder.
func leanSample(t *testing.T) (*content.Course, string) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "sample"))))
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	c, err := content.LoadLean(fsys)
	require.NoError(t, err)
	return c, dir
}

// A lean course's lessons are read when they are shown: they read, switch,
// search and list their links as with every body in memory.
func TestReaderOnALeanCourse(t *testing.T) {
	c, _ := leanSample(t)
	d := newDriver(t, c, 100, 16)
	d.keys("enter", "right")
	d.has("› The anatomy of a good report")
	d.keys("left")
	d.has("› What a bug report is for")
	d.keys("/")
	d.typeText("report")
	d.keys("enter")
	d.has("“report”: match 1 of")
}

// A lesson edited after the course was checked is not shown: the reader
// says what happened and what to do.
func TestReaderRefusesALessonChangedSinceLoading(t *testing.T) {
	c, dir := leanSample(t)
	d := newDriver(t, c, 100, 16)
	f := filepath.Join(dir, "01-why-reports", "01-what-for.md")
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f, append(data, "\x1b[2J unchecked\n"...), 0o600))
	d.keys("enter")
	d.has("01-why-reports/01-what-for.md changed after the course was checked")
	d.hasNot("unchecked")
}

// A lean course keeps no lesson bodies: the outline beside a wide reader
// is found in the text that was rendered, not in the (empty) body.
func TestTheOutlineShowsOnALeanCourse(t *testing.T) {
	c, _ := leanSample(t)
	require.Empty(t, c.Item("what-for").Body, "a lean course keeps no body")
	d := newDriver(t, c, 170, 20)
	d.keys("enter")
	d.has("In this lesson", "The one test that matters")
}
