package xapi

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)

func sampleCourse(t testing.TB) *content.Course {
	t.Helper()
	c, err := content.Load(os.DirFS(filepath.Join("..", "testdata", "sample")))
	require.NoError(t, err)
	return c
}

// sampleStore opens a progress file for the sample course with two lessons
// completed, two quiz attempts (failed, then passed) and a self-assessment,
// on a clock that ticks a minute per operation.
func sampleStore(t testing.TB) *progress.Store {
	t.Helper()
	c := sampleCourse(t)
	now := t0
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	s, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c, progress.WithClock(clock))
	require.NoError(t, err)
	require.NoError(t, s.CompleteLesson("what-for"))
	require.NoError(t, s.CompleteLesson("anatomy"))
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {0}, "screenshot-enough": {1}})
	require.NoError(t, err)
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0}})
	require.NoError(t, err)
	_, err = s.RecordAssessment("reporting-habits", map[string]float64{"reports-filed": 3, "reports-received": 0,
		"exact-steps": 2, "expected-actual": 2, "environment": 2, "reread": 2, "one-liner": 2})
	require.NoError(t, err)
	return s
}
