// Package gen makes a synthetic cohort of learners' progress for the
// report benchmarks: each learner gets as far into the course as a random
// draw says, completing lessons, taking quizzes and self-assessments on
// the way, and is written as an export in one of the three formats `ally
// report` reads.
package gen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
)

// Learner returns learner i's records (the same for the same seed).
func Learner(c *content.Course, i int, seed uint64) *progress.State {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(30*24)) * time.Hour)
	st := progress.NewState(c.ID, c.Version, start)
	st.Actor = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	if i%3 == 0 {
		st.Learner = fmt.Sprintf("Founder %d", i)
	}
	now := start
	tick := func() time.Time { now = now.Add(time.Duration(5+rng.IntN(60)) * time.Minute); return now }
	reach := rng.IntN(len(c.Modules) + 1) // modules the learner gets through
	for mi, m := range c.Modules {
		if mi > reach {
			break
		}
		for _, it := range m.Items {
			if mi == reach && rng.IntN(2) == 0 {
				break // half way through the last module
			}
			switch it.Kind {
			case content.KindLesson:
				t := tick()
				st.Lessons[it.ID] = &progress.LessonRecord{Opened: t, Completed: tick(), Scroll: 1}
			case content.KindQuiz:
				r := &progress.QuizRecord{}
				for a := 0; a < 1+rng.IntN(2); a++ {
					answers := map[string][]int{}
					for _, q := range it.Quiz.Questions {
						if rng.IntN(4) > 0 {
							answers[q.ID] = q.Correct()
						} else {
							answers[q.ID] = []int{len(q.Options) - 1}
						}
						if q.Type == content.Ordering {
							answers[q.ID] = make([]int, len(q.Options))
							for k := range answers[q.ID] {
								answers[q.ID][k] = k
							}
						}
					}
					sc := progress.ScoreQuiz(it.Quiz, answers)
					r.Attempts = append(r.Attempts, progress.QuizAttempt{At: tick(), Answers: answers, Right: sc.Right,
						Total: sc.Total, Score: sc.Score, Passed: sc.Passed})
				}
				st.Quizzes[it.ID] = r
			case content.KindAssessment:
				answers := map[string]float64{}
				for _, d := range it.Assessment.Dimensions {
					for _, ai := range d.Items {
						if ai.Type == content.Likert {
							answers[ai.ID] = float64(1 + rng.IntN(len(it.Assessment.Scale)))
						} else {
							answers[ai.ID] = float64(rng.IntN(5))
						}
					}
				}
				a := progress.ScoreAssessment(it.Assessment, answers).Attempt(answers)
				a.At = tick()
				st.Assessments[it.ID] = &progress.AssessmentRecord{Attempts: []progress.AssessmentAttempt{a}}
			}
		}
	}
	st.Updated = now
	return st
}

// Formats are the export formats Write can use.
var Formats = []string{"json", "csv", "xapi"}

// Write writes n learners into dir, as exports in the given formats in
// turn (Formats when none is given).
func Write(c *content.Course, dir string, n int, seed uint64, formats ...string) error {
	if len(formats) == 0 {
		formats = Formats
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		st := Learner(c, i, seed)
		var data []byte
		var err error
		name := fmt.Sprintf("learner-%04d", i)
		switch formats[i%len(formats)] {
		case "json":
			data, err = json.MarshalIndent(st, "", "  ")
			name += ".json"
		case "csv":
			f, ferr := os.Create(filepath.Join(dir, name+".csv"))
			if ferr != nil {
				return ferr
			}
			err = progress.WriteCSV(f, c, st)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			continue
		case "xapi":
			b := xapi.NewBuilder(c, xapi.Learner{Account: st.Actor})
			ss := b.FromProgress(st)
			if ss == nil {
				ss = []xapi.Statement{} // "[]", not "null": still an export
			}
			data, err = json.Marshal(ss)
			name += ".xapi.json"
		default:
			return fmt.Errorf("unknown format %q: use json, csv or xapi", formats[i%len(formats)])
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
