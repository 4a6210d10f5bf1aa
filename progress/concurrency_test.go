package progress

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyLessons is a one-module course with n lessons and a quiz that can be
// taken any number of times.
func manyLessons(t testing.TB, n int) *content.Course {
	files := map[string]string{
		"course.yaml": "id: many\ntitle: Many\nversion: '1'\nsummary: Many lessons.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m/module.md": "---\nid: m\ntitle: M\nstage: s\nsummary: M.\n---\nIntro.\n",
		"m/zz-quiz.md": "---\nid: q\ntitle: Q\nkind: quiz\n---\n" +
			"## One? {#one}\n\n- [x] Yes\n- [ ] No\n\n## Two? {#two}\n\n- [x] Yes\n- [ ] No\n",
	}
	for i := range n {
		files[fmt.Sprintf("m/l-%02d.md", i)] = fmt.Sprintf("---\nid: l-%02d\ntitle: Lesson %d\n---\nText.\n", i, i)
	}
	return loadCourse(t, files)
}

// Two stores on one file, writing interleaved records from several
// goroutines each: every record ends up in the file.
func TestTwoStoresInterleaved(t *testing.T) {
	const lessons, perStore = 30, 15
	c := manyLessons(t, lessons)
	a := openTest(t, c)
	b := openAt(t, a.Path(), c)

	var wg sync.WaitGroup
	errs := make(chan error, 4*lessons)
	for si, s := range []*Store{a, b} {
		for i := range perStore {
			lesson := fmt.Sprintf("l-%02d", si*perStore+i)
			wg.Go(func() { errs <- s.CompleteLesson(lesson) })
			wg.Go(func() {
				_, err := s.RecordQuiz("q", map[string][]int{"one": {0}, "two": {i % 2}})
				errs <- err
			})
		}
		wg.Go(func() { // readers alongside the writers
			for range 20 {
				_ = s.Snapshot()
				_ = s.Overview()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	st := readState(t, a.Path())
	for i := range lessons {
		assert.True(t, st.Lessons[fmt.Sprintf("l-%02d", i)].Done(), "lesson %d", i)
	}
	assert.Len(t, st.Quizzes["q"].Attempts, 2*perStore)
	for _, s := range []*Store{a, b} {
		_, err := s.Reload()
		require.NoError(t, err)
		assert.Equal(t, st, s.Snapshot())
	}
	assert.Equal(t, StatusCompleted, Evaluate(c, st).Module("m").Status)
}

// Two processes writing to one file at the same time: none of the records
// of either is lost.
func TestTwoProcessesInterleaved(t *testing.T) {
	path := openTest(t, sampleCourse(t)).Path()
	x := startChild(t, "writer", path, "x")
	y := startChild(t, "writer", path, "y")
	require.NoError(t, x.Wait())
	require.NoError(t, y.Wait())

	st := readState(t, path)
	got := map[string]int{}
	for _, a := range st.Quizzes["shared"].Attempts {
		for tag, v := range a.Answers {
			got[fmt.Sprint(tag, v[0])]++
		}
	}
	assert.Len(t, got, 2*childRecords)
	for k, n := range got {
		assert.Equal(t, 1, n, k)
		assert.True(t, strings.HasPrefix(k, "x") || strings.HasPrefix(k, "y"))
	}
}

// A program that holds the lock and never lets go: the operation gives up
// with a clear error and changes nothing.
func TestLockHeldTooLong(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.SetLearner("a"))
	s.wait = 50 * time.Millisecond
	other := flock.New(s.Path() + ".lock")
	require.NoError(t, other.Lock())
	defer other.Unlock()

	err := s.CompleteLesson("what-for")
	var le *LockTimeoutError
	require.ErrorAs(t, err, &le)
	assert.Contains(t, err.Error(), "locked by another program")
	assert.Nil(t, readState(t, s.Path()).Lessons["what-for"])

	require.NoError(t, other.Unlock())
	must(t, s.CompleteLesson("what-for"))
}
