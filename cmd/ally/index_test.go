package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/adrg/xdg"
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
