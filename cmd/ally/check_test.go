package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The full-screen UI opens a big course folder on its structure and
// checks it in the background; a small one, the built-in course and a
// course whose structure has problems are checked first, as before.
func TestOpenStoreTUIChoosesTheStructureForBigCourses(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(big, gen.Config{Lessons: structureFrom}))
	small := filepath.Join(t.TempDir(), "small")
	require.NoError(t, gen.Write(small, gen.Config{Lessons: 20}))

	o := &options{course: big, progress: filepath.Join(t.TempDir(), "p.json")}
	c, s, _, check, err := o.openStoreTUI(nil)
	require.NoError(t, err)
	require.NotNil(t, check)
	assert.False(t, c.Checked())
	assert.Same(t, c, s.Course())
	start := make(chan struct{})
	close(start)
	check.run(start)
	require.NotNil(t, check.course)
	assert.True(t, check.course.Checked())
	assert.True(t, check.ok(nil))
	_, err = os.Stat(o.progress)
	assert.True(t, errors.Is(err, os.ErrNotExist), "nothing written to the progress file")

	for _, dir := range []string{small, ""} {
		o := &options{course: dir, progress: filepath.Join(t.TempDir(), "p.json")}
		c, _, _, check, err := o.openStoreTUI(nil)
		require.NoError(t, err)
		assert.Nil(t, check, dir)
		assert.True(t, c.Checked(), dir)
	}

	// A small course is checked whole at once: a problem in a body is in
	// the report before anything opens.
	slesson := filepath.Join(small, "m001-partner-screening", "01-deal-simple.md")
	sdata, err := os.ReadFile(slesson)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(slesson, append(sdata, "\n[x](nowhere.md)\n"...), 0o600))
	o = &options{course: small, progress: filepath.Join(t.TempDir(), "p.json")}
	_, _, _, _, err = o.openStoreTUI(nil)
	var sinv *invalidCourseError
	require.ErrorAs(t, err, &sinv)
	assert.Contains(t, err.Error(), "01-deal-simple.md")
	assert.Contains(t, err.Error(), "nowhere.md")

	// A problem in the structure: the whole report, as before.
	lesson := filepath.Join(big, "m001-partner-screening", "01-deal-simple.md")
	data, err := os.ReadFile(lesson)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(lesson, append([]byte("---\nid: Bad\n"), data[4:]...), 0o600))
	o = &options{course: big, progress: filepath.Join(t.TempDir(), "p.json")}
	_, _, _, _, err = o.openStoreTUI(nil)
	var inv *invalidCourseError
	require.ErrorAs(t, err, &inv)
	assert.Contains(t, err.Error(), `01-deal-simple.md:2:5: id "Bad" is not valid`)

	// A problem in a body only: the check in the background finds it.
	require.NoError(t, os.WriteFile(lesson, append(data, "\n[x](nowhere.md)\n"...), 0o600))
	o = &options{course: big, progress: filepath.Join(t.TempDir(), "p.json")}
	_, _, _, check, err = o.openStoreTUI(nil)
	require.NoError(t, err)
	check.run(start)
	assert.Nil(t, check.course)
	require.Len(t, check.problems, 1)
	assert.Contains(t, check.problems[0], "nowhere.md")
	assert.False(t, check.ok(nil))
}
