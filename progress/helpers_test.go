package progress

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/require"
)

// sampleCourse loads testdata/sample (see its README.txt).
func sampleCourse(t testing.TB) *content.Course {
	t.Helper()
	c, err := content.Load(os.DirFS(filepath.Join("..", "testdata", "sample")))
	require.NoError(t, err)
	return c
}

// loadCourse builds a course from files in the AUTHORING.md format.
func loadCourse(t testing.TB, files map[string]string) *content.Course {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := content.Load(fsys)
	require.NoError(t, err)
	return c
}

// epoch is the fake clock's start.
var epoch = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock returns a clock that ticks one second per call, safe for
// concurrent use.
func fakeClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return epoch.Add(time.Duration(n.Add(1)) * time.Second) }
}

// openTest opens a store on a file in a fresh temp folder with a fake clock.
func openTest(t testing.TB, c *content.Course) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), c.ID+".json"), c)
}

func openAt(t testing.TB, path string, c *content.Course) *Store {
	t.Helper()
	s, notices, err := open(path, c, currentSchema, fakeClock())
	require.NoError(t, err)
	require.Empty(t, notices)
	return s
}

// must fails the test on an error.
func must(t testing.TB, err error) {
	t.Helper()
	require.NoError(t, err)
}

func f64(v float64) *float64 { return &v }
