package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func useCache(t *testing.T) string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	return cache
}

// One index file per course folder, in the cache folder, however the
// folder is named on the command line.
func TestIndexFileIsPerFolderInTheCache(t *testing.T) {
	cache := useCache(t)
	a, b := t.TempDir(), t.TempDir()
	fa := indexFile(a)
	assert.Equal(t, filepath.Join(cache, "ally", "structure"), filepath.Dir(fa))
	assert.NotEqual(t, fa, indexFile(b))
	t.Chdir(filepath.Dir(a))
	assert.Equal(t, fa, indexFile(filepath.Base(a)), "a relative name is the same folder")
}

// What writeIndex keeps, readIndex gives back, for this build only; a
// file that is not an index of this build, too big or not a regular file
// gives nothing, without blocking.
func TestIndexKeptForThisBuildOnly(t *testing.T) {
	useCache(t)
	file := indexFile(t.TempDir())
	assert.Nil(t, readIndex(file), "nothing kept yet")
	writeIndex(file, []byte("ALLYIDX index bytes"))
	assert.Equal(t, []byte("ALLYIDX index bytes"), readIndex(file))
	entries, err := os.ReadDir(filepath.Dir(file))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left beside it")

	require.NoError(t, os.WriteFile(file, []byte("ally 0.9 other-build\nALLYIDX index bytes"), 0o600))
	assert.Nil(t, readIndex(file), "written by another build")

	f, err := os.Create(file)
	require.NoError(t, err)
	_, err = f.Write(buildStamp())
	require.NoError(t, err)
	require.NoError(t, f.Truncate(maxIndexSize+1)) // sparse: costs no disk
	require.NoError(t, f.Close())
	assert.Nil(t, readIndex(file), "over maxIndexSize")

	require.NoError(t, os.Remove(file))
	require.NoError(t, os.Mkdir(file, 0o700))
	assert.Nil(t, readIndex(file), "a folder")
	writeIndex(file, []byte("x")) // cannot replace a folder: nothing happens
	assert.Nil(t, readIndex(file))
}

// Indexes not used for indexMaxAge go when a new one is written, then the
// oldest beyond maxIndexes, and temporary files an interrupted write left;
// the index just written, recent ones, and anything not named as Ally
// names its files stay.
func TestIndexesArePruned(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	name := func(i int) string { return fmt.Sprintf("%032x.idx", i) }
	put := func(name string, age time.Duration) {
		t.Helper()
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o600))
		require.NoError(t, os.Chtimes(p, now.Add(-age), now.Add(-age)))
	}
	put(name(1), 31*24*time.Hour) // unused for a month
	put(name(2), 29*24*time.Hour)
	put(name(3), time.Minute)
	put(".idx-123", 2*time.Hour) // a write that never finished
	put(".idx-456", time.Minute) // one that may be going on
	put("notes.txt", 90*24*time.Hour)
	put("ABCDEF0123456789ABCDEF0123456789.idx", 90*24*time.Hour) // not a name Ally gives
	require.NoError(t, os.Mkdir(filepath.Join(dir, fmt.Sprintf("%032x.idx", 9)), 0o700))
	// A link named as an index, to a file that looks unused: links are
	// never followed, nor removed.
	require.NoError(t, os.Symlink(filepath.Join(dir, "notes.txt"), filepath.Join(dir, name(8))))
	put(name(7), 40*24*time.Hour) // the one just written, however old it looks

	pruneIndexes(dir, name(7), now)
	var left []string
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	assert.ElementsMatch(t, []string{name(2), name(3), name(7), name(8), name(9), ".idx-456", "notes.txt", "ABCDEF0123456789ABCDEF0123456789.idx"}, left)

	// More than maxIndexes recent ones: the newest stay, with the one
	// just written.
	dir = t.TempDir()
	for i := range maxIndexes + 5 {
		put(name(100+i), time.Duration(i+1)*time.Hour)
	}
	put(name(1), 0)
	pruneIndexes(dir, name(1), now)
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, maxIndexes)
	left = left[:0]
	for _, e := range entries {
		left = append(left, e.Name())
	}
	assert.Contains(t, left, name(1))
	assert.Contains(t, left, name(100), "the newest of the others")
	assert.Contains(t, left, name(100+maxIndexes-2))
	assert.NotContains(t, left, name(100+maxIndexes-1), "the oldest beyond maxIndexes")
}

// A start that reads its course from the index marks the index as used,
// once the first frame is out; a start that writes one prunes the others.
func TestIndexInUseIsKeptAndOthersPruned(t *testing.T) {
	useCache(t)
	course := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(course, gen.Config{Lessons: structureFrom}))
	require.NoError(t, gen.Backdate(course, time.Now().Add(-time.Hour))) // no index of files changed just now
	open := func() *courseCheck {
		t.Helper()
		o := &options{course: course, progress: filepath.Join(t.TempDir(), "p.json")}
		_, _, _, check, err := o.openStoreTUI(nil)
		require.NoError(t, err)
		require.NotNil(t, check)
		start := make(chan struct{})
		close(start)
		check.run(start)
		require.NotNil(t, check.course, "%v", check.problems)
		return check
	}
	file := indexFile(course)
	stale := filepath.Join(filepath.Dir(file), fmt.Sprintf("%032x.idx", 1))
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o700))
	require.NoError(t, os.WriteFile(stale, []byte("old"), 0o600))
	old := time.Now().Add(-60 * 24 * time.Hour)
	require.NoError(t, os.Chtimes(stale, old, old))

	open() // writes the index, and prunes
	require.NotNil(t, readIndex(file), "the first start keeps an index")
	_, err := os.Stat(stale)
	assert.ErrorIs(t, err, os.ErrNotExist, "an index unused for two months is gone")

	require.NoError(t, os.Chtimes(file, old, old))
	open() // reads it
	st, err := os.Stat(file)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), st.ModTime(), time.Minute, "the index read is marked as used")
}
