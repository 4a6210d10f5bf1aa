package progress

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Peek reads a progress file for a first screen and changes nothing: a
// file it cannot simply show (damaged, newer, another course's) is left
// as it is, for Open to deal with.
func TestPeekChangesNothing(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()

	st, ok := Peek(filepath.Join(dir, "none", "p.json"), c)
	require.True(t, ok, "no file yet: a new state")
	assert.Equal(t, c.ID, st.Course.ID)
	assert.Empty(t, st.Lessons)
	assert.Nil(t, st.Last)
	_, err := os.Stat(filepath.Join(dir, "none"))
	assert.True(t, os.IsNotExist(err), "nothing is created")

	s := openTest(t, c)
	must(t, s.OpenLesson("what-for"))
	must(t, s.CompleteLesson("what-for"))
	st, ok = Peek(s.Path(), c)
	require.True(t, ok)
	assert.Equal(t, s.Snapshot(), st)

	for name, text := range map[string]string{
		"damaged":        `{"schema": 1, "course": {"id": "clear-bug-reports"}, "lessons": 5}`,
		"not json":       "hello",
		"newer":          `{"schema": 99, "course": {"id": "clear-bug-reports"}}`,
		"another course": `{"schema": 1, "course": {"id": "another"}}`,
		"another title":  `{"schema": 1, "course": {"id": "clear-bug-reports", "title": "Something else"}}`,
	} {
		path := filepath.Join(dir, name+".json")
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		_, ok := Peek(path, c)
		assert.False(t, ok, name)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, text, string(data), "%s: left as it was", name)
		entries, err := filepath.Glob(path + ".*")
		require.NoError(t, err)
		assert.Empty(t, entries, "%s: nothing moved aside or backed up", name)
	}
	_, ok = Peek(dir, c)
	assert.False(t, ok, "a folder")
}
