package progress

import (
	"slices"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
)

// Benchmarks on the built-in course and on the generated 1,000-lesson
// course (go run ./bench/gencourse -lessons 1000 DIR); bench_test.go holds
// those on the sample course, BenchmarkSave among them.

func embeddedCourse(tb testing.TB) *content.Course {
	tb.Helper()
	c, err := content.Load(content.Default())
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// rightAnswers answers every question of q right.
func rightAnswers(q *content.Quiz) map[string][]int {
	ans := map[string][]int{}
	for _, qu := range q.Questions {
		if qu.Type == content.Ordering {
			order := make([]int, len(qu.Options))
			for i := range order {
				order[i] = i
			}
			ans[qu.ID] = order
		} else {
			ans[qu.ID] = qu.Correct()
		}
	}
	return ans
}

// wrongAnswer answers question qu wrong.
func wrongAnswer(qu *content.Question) []int {
	if qu.Type == content.Ordering {
		order := make([]int, len(qu.Options))
		for i := range order {
			order[i] = len(order) - 1 - i
		}
		return order
	}
	for i, o := range qu.Options {
		if !o.Correct {
			return []int{i}
		}
	}
	return nil
}

// fullAnswers answers every item of an assessment: ratings spread over
// the scale, numbers within their bounds.
func fullAnswers(a *content.Assessment) map[string]float64 {
	ans := map[string]float64{}
	i := 0
	for _, d := range a.Dimensions {
		for _, it := range d.Items {
			v := float64(i%a.Max() + 1)
			if it.Type == content.Number {
				v = 3
				if it.Min != nil {
					v = max(v, *it.Min)
				}
				if it.Max != nil {
					v = min(v, *it.Max)
				}
			}
			ans[it.ID] = v
			i++
		}
	}
	return ans
}

// BenchmarkScoreQuiz scores a full set of answers (one of them wrong) to
// the built-in course's longest quiz.
func BenchmarkScoreQuiz(b *testing.B) {
	c := embeddedCourse(b)
	var q *content.Quiz
	for _, it := range c.Items() {
		if it.Kind == content.KindQuiz && (q == nil || len(it.Quiz.Questions) > len(q.Questions)) {
			q = it.Quiz
		}
	}
	ans := rightAnswers(q)
	last := q.Questions[len(q.Questions)-1]
	ans[last.ID] = wrongAnswer(last)
	b.ReportAllocs()
	for b.Loop() {
		if s := ScoreQuiz(q, ans); s.Right != s.Total-1 {
			b.Fatalf("scored %d of %d", s.Right, s.Total)
		}
	}
	b.ReportMetric(float64(len(q.Questions)), "questions") // after b.Loop, which clears metrics
}

// BenchmarkScoreAssessment scores a full set of answers to the built-in
// course's self-assessment: dimension and composite scores, bands,
// placement, advice and routing.
func BenchmarkScoreAssessment(b *testing.B) {
	c := embeddedCourse(b)
	var a *content.Assessment
	for _, it := range c.Items() {
		if it.Kind == content.KindAssessment {
			a = it.Assessment
			break
		}
	}
	ans := fullAnswers(a)
	b.ReportAllocs()
	for b.Loop() {
		if r := ScoreAssessment(a, ans); r.Placement == nil {
			b.Fatal("no placement")
		}
	}
	b.ReportMetric(float64(len(ans)), "answers")
}

// largeState is a learner halfway through the generated course: the first
// half of the lessons read, the next few opened; the quizzes of the
// modules read so far attempted (every third failed once first, every
// fifth never passed); the self-assessment taken twice; every module that
// was open recorded as unlocked, as the store does.
func largeState(tb testing.TB, c *content.Course) *State {
	tb.Helper()
	st := NewState(c.ID, c.Version, epoch)
	var lessons []*content.Item
	for _, it := range c.Items() {
		if it.Kind == content.KindLesson {
			lessons = append(lessons, it)
		}
	}
	at := epoch
	tick := func() time.Time { at = at.Add(time.Minute); return at }
	half := len(lessons) / 2
	for i, it := range lessons[:half+20] {
		rec := &LessonRecord{Opened: tick(), Scroll: 1}
		if i < half {
			rec.Completed = tick()
		} else {
			rec.Scroll = float64(i%10) / 10
		}
		st.Lessons[it.ID] = rec
	}
	lastRead := slices.Index(c.Modules, lessons[half-1].Module)
	for idx, m := range c.Modules {
		for _, it := range m.Items {
			switch {
			case it.Kind == content.KindQuiz && idx <= lastRead:
				rec := &QuizRecord{}
				if idx%3 == 0 || idx%5 == 0 {
					wrong := rightAnswers(it.Quiz)
					for _, qu := range it.Quiz.Questions[:2] {
						wrong[qu.ID] = wrongAnswer(qu)
					}
					rec.Attempts = append(rec.Attempts, quizAttempt(it.Quiz, wrong, tick()))
				}
				if idx%5 != 0 {
					rec.Attempts = append(rec.Attempts, quizAttempt(it.Quiz, rightAnswers(it.Quiz), tick()))
				}
				st.Quizzes[it.ID] = rec
			case it.Kind == content.KindAssessment:
				ans := fullAnswers(it.Assessment)
				rec := &AssessmentRecord{}
				for range 2 {
					att := ScoreAssessment(it.Assessment, ans).Attempt(ans)
					att.At = tick()
					rec.Attempts = append(rec.Attempts, att)
					for id, v := range ans {
						if it.Assessment.Item(id).Type == content.Likert {
							ans[id] = min(v+1, float64(it.Assessment.Max()))
						}
					}
				}
				st.Assessments[it.ID] = rec
			}
		}
	}
	for _, ms := range Evaluate(c, st).Modules {
		if ms.Status != StatusLocked {
			st.Unlocked[ms.Module.ID] = epoch
		}
	}
	st.Last = &Place{Item: lessons[half+3].ID, Scroll: 0.4, At: tick()}
	return st
}

func quizAttempt(q *content.Quiz, ans map[string][]int, at time.Time) QuizAttempt {
	s := ScoreQuiz(q, ans)
	return QuizAttempt{At: at, Answers: ans, Right: s.Right, Total: s.Total, Score: s.Score, Passed: s.Passed}
}

// BenchmarkEvaluate1000 is the unlock engine over the generated
// 1,000-lesson course for a learner halfway through it (largeState): the
// course map's and `ally progress show`'s work after every step.
func BenchmarkEvaluate1000(b *testing.B) {
	fsys, err := gen.FS(gen.Config{Lessons: 1000})
	if err != nil {
		b.Fatal(err)
	}
	c, err := content.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	st := largeState(b, c)
	o := Evaluate(c, st)
	open, done := 0, 0
	for _, ms := range o.Modules {
		if ms.Status != StatusLocked {
			open++
		}
		if ms.Status == StatusCompleted {
			done++
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(c, st)
	}
	b.ReportMetric(float64(open), "open-modules")
	b.ReportMetric(float64(done), "done-modules")
}
