package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file read by the folder's descriptor is described as os describes it:
// the structure index compares the two (keyOf), so any difference would
// make every next start read the course again.
func TestFolderStatIsOsStat(t *testing.T) {
	dir := t.TempDir()
	m1 := filepath.Join(dir, "m1")
	require.NoError(t, os.Mkdir(m1, 0o755))
	modes := map[string]os.FileMode{"a.md": 0o644, "b.md": 0o600, "c.md": 0o755 | os.ModeSetgid, "d.md": 0o640 | os.ModeSticky}
	for name, mode := range modes {
		p := filepath.Join(m1, name)
		require.NoError(t, os.WriteFile(p, []byte("---\nid: "+name+"\n---\n"), 0o644))
		require.NoError(t, os.Chmod(p, mode))
	}
	require.NoError(t, os.Symlink("a.md", filepath.Join(m1, "link.md")))
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	m := openModuleDir(fsys, "m1")
	require.NotNil(t, m)
	defer m.close()
	require.IsType(t, folderFS{}, m.fsys)
	for name, mode := range modes {
		f, err := m.fsys.Open(name)
		require.NoError(t, err)
		got, err := f.Stat()
		require.NoError(t, err)
		require.NoError(t, f.Close())
		want, err := os.Lstat(filepath.Join(m1, name))
		require.NoError(t, err)
		assert.Equal(t, mode, got.Mode(), name)
		assert.Equal(t, want.Mode(), got.Mode(), name)
		assert.Equal(t, want.Name(), got.Name())
		assert.Equal(t, want.Size(), got.Size())
		assert.True(t, want.ModTime().Equal(got.ModTime()), name)
		assert.Equal(t, keyOf(want), keyOf(got), name)
	}
	// A link is not followed by the folder (O_NOFOLLOW)...
	_, err = m.fsys.Open("link.md")
	assert.ErrorIs(t, err, syscall.ELOOP)
	// ...but read through the course's root, which follows it inside.
	data, _, err := m.readFile(fsys, "m1/link.md", MaxFileSize)
	require.NoError(t, err)
	assert.Equal(t, "---\nid: a.md\n---\n", string(data))
	// Nothing but a name in the folder is opened.
	for _, name := range []string{"../m1/a.md", "/etc/passwd", ".", "x/y.md", ""} {
		_, err := m.fsys.Open(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "%q", name)
	}
}

// A folder opened by dirAt lists as the root lists it; a link, a pipe, a
// path or a missing name is left to the root, which follows a link only
// inside the course and refuses the rest as before.
func TestDirAtListsAsTheRoot(t *testing.T) {
	dir := t.TempDir()
	m1 := filepath.Join(dir, "m1")
	require.NoError(t, os.MkdirAll(filepath.Join(m1, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(m1, "a.md"), nil, 0o644))
	require.NoError(t, os.Symlink("a.md", filepath.Join(m1, "l.md")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(m1, "p.md"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644))
	require.NoError(t, os.Symlink("m1", filepath.Join(dir, "inside")))
	require.NoError(t, os.Symlink(os.TempDir(), filepath.Join(dir, "outside")))
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	r := fsys.(rootFS)
	require.NotNil(t, r.top)

	fd, ok := dirAt(r, "m1")
	require.True(t, ok)
	require.NoError(t, syscall.Close(fd))
	got, err := r.ReadDir("m1")
	require.NoError(t, err)
	want, err := fs.ReadDir(r.FS, "m1") // the root's own listing
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Name(), got[i].Name())
		assert.Equal(t, want[i].Type(), got[i].Type(), want[i].Name())
		gi, err := got[i].Info()
		require.NoError(t, err)
		wi, err := want[i].Info()
		require.NoError(t, err)
		assert.Equal(t, wi.Mode(), gi.Mode(), want[i].Name())
	}

	for _, name := range []string{"inside", "outside", "pipe", "missing", "m1/sub", "."} {
		_, ok := dirAt(r, name)
		assert.False(t, ok, name)
	}
	list, err := r.ReadDir("inside") // through the root, which follows it
	require.NoError(t, err)
	assert.Len(t, list, len(want))
	_, err = r.ReadDir("outside")
	assert.Error(t, err, "a link out of the course is not listed")
	_, err = r.ReadDir("pipe")
	assert.Error(t, err)
}
