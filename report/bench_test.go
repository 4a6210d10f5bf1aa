package report

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencohort/gen"
	"github.com/allyworks/ally/content"
)

// cohort writes 1,000 learners' exports in the given formats (in turn) for
// the built-in course, in a temp folder.
func cohort(b *testing.B, formats ...string) (*content.Course, string) {
	c, err := content.Load(content.Default())
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "cohort")
	if err := gen.Write(c, dir, 1000, 1, formats...); err != nil {
		b.Fatal(err)
	}
	return c, dir
}

// benchReport is `ally report DIR` over 1,000 learners' exports without
// the process start: read every file, evaluate every learner, write the
// table.
func benchReport(b *testing.B, formats ...string) {
	c, dir := cohort(b, formats...)
	want := 0 // learners the exports show: an xapi export of no records is empty
	for i := range 1000 {
		st := gen.Learner(c, i, 1)
		if formats[i%len(formats)] != "xapi" || len(st.Lessons)+len(st.Quizzes)+len(st.Assessments) > 0 {
			want++
		}
	}
	b.ResetTimer()
	for b.Loop() {
		co := NewCohort(c)
		if err := co.ReadDir(dir); err != nil {
			b.Fatal(err)
		}
		bl := New(c)
		for _, l := range co.Learners() {
			bl.Add(*l)
		}
		r := bl.Report(time.Now())
		if len(r.Learners) != want {
			b.Fatalf("%d learners, want %d", len(r.Learners), want)
		}
		if err := WriteTable(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReport1000LearnersJSON(b *testing.B)  { benchReport(b, "json") }
func BenchmarkReport1000LearnersCSV(b *testing.B)   { benchReport(b, "csv") }
func BenchmarkReport1000LearnersXAPI(b *testing.B)  { benchReport(b, "xapi") }
func BenchmarkReport1000LearnersMixed(b *testing.B) { benchReport(b, "json", "csv", "xapi") }
