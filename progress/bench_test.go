package progress

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// busyState is a learner far into the sample course, with 40 orphaned
// quiz records and 11 self-assessment attempts: a file of about 24 KB,
// larger than most real ones.
func busyState(tb testing.TB) *State {
	st := basicsDone(1).habits(habitsAttempt{stage: "practice", received: 3}).read("reproduce", "two-reports").st
	for i := range 40 {
		st.Quizzes["writing-check"] = &QuizRecord{}
		st.Quizzes[fmt.Sprintf("old-quiz-%d", i)] = &QuizRecord{Attempts: []QuizAttempt{{
			At: epoch, Answers: writingCheckRight, Right: 3, Total: 3, Score: 1, Passed: true}}}
	}
	for range 10 {
		r := st.Assessments["reporting-habits"]
		r.Attempts = append(r.Attempts, r.Attempts[0])
	}
	return st
}

// reportLatency adds the median, 99th percentile and worst latency.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
}

// BenchmarkSave is one Store operation end to end: lock, re-read and
// decode the file, check the module is open, apply, encode, write a temp
// file, fsync, rename, fsync the folder, unlock.
func BenchmarkSave(b *testing.B) {
	c := sampleCourse(b)
	path := filepath.Join(b.TempDir(), "p.json")
	writeState(b, path, busyState(b))
	s := openAt(b, path, c)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		if err := s.ScrollLesson("anatomy", float64(i%100)/100); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	reportLatency(b, lat)
}

// BenchmarkRecordQuiz saves a scored quiz attempt. The file grows by one
// attempt per save; every 50 saves it is put back to busyState (not timed).
func BenchmarkRecordQuiz(b *testing.B) {
	c := sampleCourse(b)
	path := filepath.Join(b.TempDir(), "p.json")
	busy := busyState(b)
	writeState(b, path, busy)
	s := openAt(b, path, c)
	var lat []time.Duration
	for b.Loop() {
		if len(lat)%50 == 49 {
			b.StopTimer()
			writeState(b, path, busy)
			b.StartTimer()
		}
		t0 := time.Now()
		if _, err := s.RecordQuiz("writing-check", writingCheckRight); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportLatency(b, lat)
}

// BenchmarkDiskFloor is what the disk alone costs for the same bytes: a
// temp file, fsync, rename, fsync of the folder. BenchmarkSave minus this
// is Ally's own overhead.
func BenchmarkDiskFloor(b *testing.B) {
	data, err := encode(busyState(b))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "p.json")
	var lat []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := writeFileAtomic(path, data); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	reportLatency(b, lat)
}

// BenchmarkCodec is the CPU part of a save: decode the file, clone, encode.
func BenchmarkCodec(b *testing.B) {
	data, err := encode(busyState(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		st, _, err := currentSchema.decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := encode(st.Clone()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate is the unlock engine over the whole sample course.
func BenchmarkEvaluate(b *testing.B) {
	c := sampleCourse(b)
	st := busyState(b)
	for b.Loop() {
		Evaluate(c, st)
	}
}

// BenchmarkOpen opens a store on an existing file.
func BenchmarkOpen(b *testing.B) {
	c := sampleCourse(b)
	path := filepath.Join(b.TempDir(), "p.json")
	writeState(b, path, busyState(b))
	for b.Loop() {
		if _, _, err := Open(path, c); err != nil {
			b.Fatal(err)
		}
	}
	_ = os.Remove(path)
}
