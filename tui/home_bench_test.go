package tui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Issue 16: what the UI does before the first frame of a big course.

// bigCourses are the generated courses the benchmarks have loaded, by
// number of lessons: writing and reading 50,000 lessons takes seconds, so
// it is done once per test binary, not once per -count. Their folders
// are removed by removeBigCourses, from TestMain.
var bigCourses = struct {
	sync.Mutex
	loaded map[int]*content.Course
	dirs   []string
}{loaded: map[int]*content.Course{}}

// bigCourse is the generated course of n lessons (seed 1, as
// `go run ./bench/gencourse -lessons N DIR` writes it), read from its
// folder by its structure, as `ally --course DIR` reads a big course
// before its first frame.
func bigCourse(tb testing.TB, n int) *content.Course {
	tb.Helper()
	bigCourses.Lock()
	defer bigCourses.Unlock()
	if c := bigCourses.loaded[n]; c != nil {
		return c
	}
	dir, err := os.MkdirTemp("", "ally-bench-course-")
	if err != nil {
		tb.Fatal(err)
	}
	bigCourses.dirs = append(bigCourses.dirs, dir)
	if err := gen.Write(dir, gen.Config{Lessons: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	fsys, err := content.OpenDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	c, rep := content.ValidateStructure(fsys)
	if c == nil || len(rep.Errors) > 0 {
		tb.Fatalf("the generated course of %d lessons: %v", n, rep.Errors)
	}
	bigCourses.loaded[n] = c
	return c
}

// removeBigCourses removes the folders bigCourse wrote.
func removeBigCourses() {
	bigCourses.Lock()
	defer bigCourses.Unlock()
	for _, d := range bigCourses.dirs {
		_ = os.RemoveAll(d)
	}
	bigCourses.dirs = nil
}

// BenchmarkNewBigCourse times what the UI goroutine does between the
// course being read and its first frame, on a learner's first run (an
// empty progress file): tui.New (the overview, the course map) and the
// first View, at 100×40. The course is loaded once, outside the timer.
func BenchmarkNewBigCourse(b *testing.B) {
	for _, n := range []int{100, 10_000, 50_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			c := bigCourse(b, n)
			store, _, err := progress.Open(filepath.Join(b.TempDir(), "progress.json"), c)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				m := New(Options{Course: c, Store: store, Mode: ModeDark, Seed: 1, Width: 100, Height: 40})
				if v := m.View(); !strings.Contains(v.Content, c.Title) {
					b.Fatalf("the first frame has no course title:\n%s", v.Content)
				}
			}
		})
	}
}
