package content_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FirstModules reads the first module folders of a course, in order, and
// each of them whole: every module it has is the structure's own, items,
// minutes and rules included.
func TestFirstModulesAreTheStructuresFirst(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 400}))
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	whole, rep := content.ValidateStructure(fsys)
	require.Empty(t, rep.Errors)

	first, ok := content.FirstModules(fsys, 6)
	require.True(t, ok)
	assert.True(t, first.Partial())
	assert.False(t, whole.Partial())
	assert.Equal(t, whole.Title, first.Title)
	require.Len(t, first.Stages, len(whole.Stages))
	require.Len(t, first.Modules, 6)
	for i, m := range first.Modules {
		w := whole.Modules[i]
		assert.Equal(t, w.ID, m.ID)
		assert.Equal(t, w.Title, m.Title)
		assert.Equal(t, w.Stage.ID, m.Stage.ID)
		assert.Equal(t, w.Requires, m.Requires)
		require.Len(t, m.Items, len(w.Items))
		for j, it := range m.Items {
			assert.Equal(t, w.Items[j].ID, it.ID)
			assert.Equal(t, w.Items[j].Minutes, it.Minutes)
			assert.Equal(t, w.Items[j].Kind, it.Kind)
		}
	}
	assert.Nil(t, first.Module(whole.Modules[6].ID), "the seventh folder is not read")

	// A course of n folders or fewer is read whole by its own load.
	folders, err := os.ReadDir(dir)
	require.NoError(t, err)
	n := 0
	for _, e := range folders {
		if e.IsDir() {
			n++
		}
	}
	_, ok = content.FirstModules(fsys, n)
	assert.False(t, ok, "%d folders: nothing to show first", n)
	_, ok = content.FirstModules(fsys, n-1)
	assert.True(t, ok)
}

// A problem in the first folders gives no first screen (the whole load
// reports it at its position); one further on is not read.
func TestFirstModulesWithAProblem(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 400}))
	mods, err := filepath.Glob(filepath.Join(dir, "m0*"))
	require.NoError(t, err)
	require.Greater(t, len(mods), 20)
	require.NoError(t, os.WriteFile(filepath.Join(mods[19], "module.md"), []byte("---\nid: Bad\n---\n"), 0o644))
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	_, ok := content.FirstModules(fsys, 5)
	assert.True(t, ok, "the 20th folder is not read")
	_, ok = content.FirstModules(fsys, 20)
	assert.False(t, ok)
}

// Knows: on the start of a course, a rule is known when everything it
// names was read, and is not a stage (which may have modules further on).
func TestPartialCourseKnowsOnlyWhatItRead(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 400}))
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	whole, _ := content.ValidateStructure(fsys)
	first, ok := content.FirstModules(fsys, 5)
	require.True(t, ok)
	read, later := whole.Modules[1], whole.Modules[30]
	for _, tc := range []struct {
		rule  *content.Rule
		known bool
	}{
		{nil, true},
		{&content.Rule{Op: content.OpCompleted, Target: read.ID}, true},
		{&content.Rule{Op: content.OpCompleted, Target: read.Items[0].ID}, true},
		{&content.Rule{Op: content.OpCompleted, Target: later.ID}, false},
		{&content.Rule{Op: content.OpPassed, Target: whole.Stages[0].ID}, false},
		{&content.Rule{Op: content.OpPlaced, Target: gen.AssessmentID, Stage: whole.Stages[2].ID}, true},
		{&content.Rule{Op: content.OpAny, Args: []*content.Rule{
			{Op: content.OpCompleted, Target: read.ID},
			{Op: content.OpNot, Args: []*content.Rule{{Op: content.OpCompleted, Target: later.Items[0].ID}}},
		}}, false},
	} {
		assert.Equal(t, tc.known, first.Knows(tc.rule), "%+v", tc.rule)
		assert.True(t, whole.Knows(tc.rule), "the whole course knows every rule")
	}
}
