package content_test

import (
	"io/fs"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
)

// largeDirPath writes the large course into a temp folder (not timed).
func largeDirPath(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := gen.Write(dir, gen.Config{Lessons: largeLessons}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkStructure1000 reads the generated 1,000-lesson course by its
// structure (what `ally --course DIR` shows its first frame from) and, for
// comparison in the same run, checks it whole with ValidateLean (what the
// background check does). OpenDir is what ally reads a folder through.
func BenchmarkStructure1000(b *testing.B) {
	dir := func(b *testing.B) fs.FS {
		b.Helper()
		fsys, err := content.OpenDir(largeDirPath(b))
		if err != nil {
			b.Fatal(err)
		}
		return fsys
	}
	// From the structure index a first load kept (the files dated an hour
	// back, so that one is kept), as the next start does.
	b.Run("index", func(b *testing.B) {
		path := largeDirPath(b)
		if err := gen.Backdate(path, time.Now().Add(-time.Hour)); err != nil {
			b.Fatal(err)
		}
		fsys, err := content.OpenDir(path)
		if err != nil {
			b.Fatal(err)
		}
		c, _ := content.ValidateStructure(fsys)
		idx := c.StructureIndex()
		if idx == nil {
			b.Fatal("no index kept")
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, _, used := content.ValidateStructureFrom(fsys, idx); !used {
				b.Fatal("the index was not used")
			}
		}
	})
	for _, bc := range []struct {
		name string
		load func(fs.FS) (*content.Course, *content.Report)
	}{{"structure", content.ValidateStructure}, {"lean", content.ValidateLean}} {
		b.Run(bc.name, func(b *testing.B) {
			fsys := dir(b)
			b.ReportAllocs()
			for b.Loop() {
				if _, rep := bc.load(fsys); len(rep.Errors) > 0 {
					b.Fatal(rep.Errors)
				}
			}
		})
	}
}
