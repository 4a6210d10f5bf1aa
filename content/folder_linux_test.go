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
