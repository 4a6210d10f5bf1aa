package content

import (
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// longAgo is the time backdate gives every entry: well outside racyWindow.
var longAgo = time.Now().Add(-time.Hour).Truncate(time.Second)

// backdate sets every entry of dir an hour back (gen.Backdate), outside
// racyWindow.
func backdate(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, gen.Backdate(dir, longAgo))
}

// onDisk writes a course to a new folder, backdated.
func onDisk(t *testing.T, files fs.FS) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, files))
	backdate(t, dir)
	return dir
}

func generated(t *testing.T, lessons int) fs.FS {
	t.Helper()
	fsys, err := gen.FS(gen.Config{Lessons: lessons})
	require.NoError(t, err)
	return fsys
}

// indexed loads dir by its structure, then again from the index that
// load made; it fails unless the index was used.
func indexed(t *testing.T, dir string) (fresh, restored *Course, freshRep, restoredRep *Report, ix *indexBuild) {
	t.Helper()
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	fresh, freshRep = ValidateStructure(fsys)
	require.NotNil(t, fresh)
	idx := fresh.StructureIndex()
	require.NotNil(t, idx, "a course on disk, written an hour ago, gets an index")
	restored, restoredRep, used := ValidateStructureFrom(fsys, idx)
	require.True(t, used, "nothing changed: the index is used")
	assert.Nil(t, restored.StructureIndex(), "its index is still good")
	ix, err = decodeIndex(idx)
	require.NoError(t, err)
	return fresh, restored, freshRep, restoredRep, ix
}

// The course from an index is the one the structure load gives, field for
// field (unexported fields and the maps of ids and files included), with
// the same report.
func TestIndexGivesTheSameStructure(t *testing.T) {
	for name, files := range map[string]fs.FS{
		"built-in course": Default(),
		"generated 400":   generated(t, 400),
	} {
		t.Run(name, func(t *testing.T) {
			dir := onDisk(t, files)
			if name == "generated 400" {
				// A walk warning and a module warning are restored too.
				require.NoError(t, os.WriteFile(filepath.Join(dir, "m001-partner-screening", "notes.MD"), []byte("x"), 0o644))
				require.NoError(t, os.MkdirAll(filepath.Join(dir, "m002-governance-design", "deeper"), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, "m002-governance-design", "deeper", "x.md"), []byte("x"), 0o644))
				backdate(t, dir)
			}
			fresh, restored, freshRep, restoredRep, ix := indexed(t, dir)
			if name == "generated 400" {
				require.GreaterOrEqual(t, len(freshRep.Warnings), 2, "the course has the warnings this test restores")
			}
			assert.Equal(t, freshRep, restoredRep)
			kept := 0
			for _, m := range restored.Modules {
				if ix.modules[m.Dir] != nil {
					kept++
				}
			}
			assert.Greater(t, kept, len(restored.Modules)/2, "most modules come from the index")
			fresh.ixb, restored.ixb = nil, nil
			if !reflect.DeepEqual(fresh, restored) {
				assert.Equal(t, shape(t, fresh), shape(t, restored))
				t.Fatal("the course from the index differs from the structure load")
			}
		})
	}
}

// A lesson restored from the index is read, checked and shown as one
// from the folder: its body comes from the file.
func TestIndexedLessonReadsItsBody(t *testing.T) {
	dir := onDisk(t, generated(t, 30))
	_, c, _, _, _ := indexed(t, dir)
	it := c.Items()[0]
	require.Equal(t, KindLesson, it.Kind)
	text, err := c.Text(it)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, it.File))
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(string(data), text))
	assert.NotEmpty(t, text)
}

// Any change to the folder makes the index unused: a file edited (even
// to the same size with its old modification time put back, on Linux),
// added, removed or renamed, a folder added.
func TestIndexNotUsedOnceTheFolderChanges(t *testing.T) {
	lesson := "m003-trust-building/01-milestone-joint.md" // the course is generated the same every time
	for name, change := range map[string]func(t *testing.T, dir string){
		"lesson edited": func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, lesson), "\nMore.\n")
		},
		"lesson added": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "m003-trust-building", "99-new.md"), "---\nid: new-one\ntitle: New\n---\nText.\n")
		},
		"lesson removed": func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, lesson)))
		},
		"lesson renamed": func(t *testing.T, dir string) {
			require.NoError(t, os.Rename(filepath.Join(dir, lesson), filepath.Join(dir, "m003-trust-building", "00-first.md")))
		},
		"course.yaml edited": func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "course.yaml"), "\n")
		},
		"module folder added": func(t *testing.T, dir string) {
			require.NoError(t, os.Mkdir(filepath.Join(dir, "m999-new"), 0o755))
		},
		"image added": func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "m003-trust-building", "diagram.png"), "png")
		},
		"same size, old time put back": func(t *testing.T, dir string) {
			if runtime.GOOS != "linux" {
				t.Skip("the change time is read on Linux only")
			}
			p := filepath.Join(dir, lesson)
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			i := strings.Index(string(data), "title: \"") + len("title: \"")
			data[i] ^= 0x20 // the title's first letter changes case
			require.NoError(t, os.WriteFile(p, data, 0o644))
			backdate(t, dir)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := onDisk(t, generated(t, 60))
			fsys, err := OpenDir(dir)
			require.NoError(t, err)
			c, _ := ValidateStructure(fsys)
			idx := c.StructureIndex()
			require.NotNil(t, idx)
			change(t, dir)
			_, _, used := ValidateStructureFrom(fsys, idx)
			assert.False(t, used, "the folder changed after the index was made")
		})
	}
}

func write(t *testing.T, p, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

func appendTo(t *testing.T, p, text string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(text)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

// No index is made of what could change unseen: a folder modified within
// racyWindow of the load, a course with errors, one with a symbolic link,
// one not on disk.
func TestNoIndexOfWhatCouldChangeUnseen(t *testing.T) {
	load := func(t *testing.T, dir string) *Course {
		t.Helper()
		fsys, err := OpenDir(dir)
		require.NoError(t, err)
		c, _ := ValidateStructure(fsys)
		require.NotNil(t, c)
		return c
	}
	t.Run("just written", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.CopyFS(dir, generated(t, 20)))
		assert.Nil(t, load(t, dir).StructureIndex())
	})
	t.Run("with errors", func(t *testing.T) {
		dir := onDisk(t, generated(t, 20))
		write(t, filepath.Join(dir, "m001-partner-screening", "01-deal-simple.md"), "---\nid: [\n---\n")
		backdate(t, dir)
		assert.Nil(t, load(t, dir).StructureIndex())
	})
	t.Run("symbolic link", func(t *testing.T) {
		dir := onDisk(t, generated(t, 20))
		m := filepath.Join(dir, "m001-partner-screening")
		require.NoError(t, os.Symlink("01-deal-simple.md", filepath.Join(m, "link.png")))
		backdate(t, dir)
		assert.Nil(t, load(t, dir).StructureIndex())
	})
	t.Run("not on disk", func(t *testing.T) {
		c, rep := ValidateStructure(generated(t, 20))
		require.Empty(t, rep.Errors)
		assert.Nil(t, c.StructureIndex())
		_, _, used := ValidateStructureFrom(generated(t, 20), []byte("ALLYIDX\x01"))
		assert.False(t, used)
	})
}

// A damaged index is never used and never makes the load fail: cut at
// every length, any byte changed, or well-formed (a valid checksum) but
// not what was written.
func TestDamagedIndexIsNotUsed(t *testing.T) {
	dir := onDisk(t, generated(t, 12))
	fsys, err := OpenDir(dir)
	require.NoError(t, err)
	c, _ := ValidateStructure(fsys)
	idx := c.StructureIndex()
	require.NotNil(t, idx)
	for n := range len(idx) {
		_, _, used := ValidateStructureFrom(fsys, idx[:n])
		require.False(t, used, "cut to %d bytes", n)
	}
	for i := range idx {
		bad := append([]byte(nil), idx...)
		bad[i] ^= 0x41
		_, _, used := ValidateStructureFrom(fsys, bad)
		require.False(t, used, "byte %d changed", i)
	}
	// Re-sealed with a valid checksum, a changed body still fails to decode
	// or to match the folder, or decodes to the same structure.
	for i := len(indexMagic) + 1; i < len(idx)-4; i += 7 {
		bad := append([]byte(nil), idx[:len(idx)-4]...)
		bad[i] ^= 0x41
		bad = binary.LittleEndian.AppendUint32(bad, crc32.Checksum(bad, crcTable))
		func() {
			defer func() { require.Nil(t, recover(), "byte %d", i) }()
			ValidateStructureFrom(fsys, bad)
		}()
	}
}

// FuzzDecodeIndex: any bytes under a valid checksum decode or fail,
// without panicking, and a decoded index encodes back to the same bytes.
func FuzzDecodeIndex(f *testing.F) {
	dir := f.TempDir()
	if err := os.CopyFS(dir, func() fs.FS { fsys, _ := gen.FS(gen.Config{Lessons: 5}); return fsys }()); err != nil {
		f.Fatal(err)
	}
	fsys, _ := OpenDir(dir)
	v := newChecker(fsys)
	v.lean, v.front = true, true
	v.ixb = &indexBuild{start: time.Now().Add(time.Hour), modules: map[string]*moduleRec{}}
	v.load()
	f.Add(v.ixb.encode()[len(indexMagic)+1:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		data := append([]byte(indexMagic+"\x01"), body...)
		data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, crcTable))
		ix, err := decodeIndex(data)
		if err != nil {
			return
		}
		if got := ix.encode(); string(got) != string(data) {
			// Varints have one shortest form; other forms decode too.
			again, err := decodeIndex(got)
			require.NoError(t, err)
			require.Equal(t, string(got), string(again.encode()))
		}
	})
}

// inFolder is path.Dir(file) == dir for the clean paths a load makes.
func TestInFolderIsPathDir(t *testing.T) {
	for _, file := range []string{"m1/a.md", "m1/b/a.md", "m10/a.md", "m1", "m1a.md", "m/a.md", "x/m1/a.md"} {
		for _, dir := range []string{"m1", "m", "m10", "x"} {
			assert.Equal(t, path.Dir(file) == dir, inFolder(file, dir), "%s in %s", file, dir)
		}
	}
}
