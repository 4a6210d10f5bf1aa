package progress

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
)

// sameOverview fails the test unless Evaluate gives, for c and st, what
// the engine before issue 16 gave (oldEvaluate): every field of every
// stage, module and item state, the next step, the orphans, the totals,
// and the same answers from Module and Item for every id of the course.
func sameOverview(t *testing.T, name string, c *content.Course, st *State) {
	t.Helper()
	want, byID := oldEvaluate(c, st)
	got := Evaluate(c, st)
	for _, f := range []struct {
		what      string
		got, want any
	}{
		{"Stages", got.Stages, want.Stages},
		{"Modules", got.Modules, want.Modules},
		{"Next", got.Next, want.Next},
		{"Orphans", got.Orphans, want.Orphans},
		{"Completed", got.Completed, want.Completed},
		{"Minutes", got.Minutes, want.Minutes},
		{"MinutesLeft", got.MinutesLeft, want.MinutesLeft},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Fatalf("%s: %s differs from the old engine's:\n got %s\nwant %s", name, f.what, dump(f.got), dump(f.want))
		}
	}
	ids := []string{"no-such-id", ""}
	for _, s := range c.Stages {
		ids = append(ids, s.ID)
	}
	for _, m := range c.Modules {
		ids = append(ids, m.ID)
		for _, it := range m.Items {
			ids = append(ids, it.ID)
		}
	}
	for _, id := range ids {
		wm, _ := byID[id].(*ModuleState)
		wi, _ := byID[id].(*ItemState)
		if gm := got.Module(id); !reflect.DeepEqual(gm, wm) {
			t.Fatalf("%s: Module(%q) = %s, want %s", name, id, dump(gm), dump(wm))
		}
		if gi := got.Item(id); !reflect.DeepEqual(gi, wi) {
			t.Fatalf("%s: Item(%q) = %s, want %s", name, id, dump(gi), dump(wi))
		}
	}
}

func dump(v any) string { return fmt.Sprintf("%+v", v) }

// walkStates calls f with the states of a learner going through c in
// course order, one item at a time: each lesson opened, then read to the
// end; each quiz failed once, then passed; each self-assessment taken;
// each worksheet with an entry being typed, then logged. Modules that
// are open are recorded as unlocked, as the store does; every third
// step also leaves the last place on the item.
func walkStates(c *content.Course, f func(step int, st *State)) {
	st := NewState(c.ID, c.Version, epoch)
	at := epoch
	tick := func() time.Time { at = at.Add(time.Minute); return at }
	step := 0
	emit := func() {
		for _, ms := range Evaluate(c, st).Modules {
			if ms.Status != StatusLocked {
				if _, ok := st.Unlocked[ms.Module.ID]; !ok {
					st.Unlocked[ms.Module.ID] = tick()
				}
			}
		}
		f(step, st)
		step++
	}
	emit()
	for _, it := range c.Items() {
		if step%3 == 0 {
			st.Last = &Place{Item: it.ID, Scroll: 0.5, At: tick()}
		}
		switch it.Kind {
		case content.KindLesson:
			st.Lessons[it.ID] = &LessonRecord{Opened: tick(), Scroll: 0.3}
			emit()
			st.Lessons[it.ID].Scroll, st.Lessons[it.ID].Completed = 1, tick()
		case content.KindQuiz:
			if it.Quiz == nil {
				continue
			}
			wrong := rightAnswers(it.Quiz)
			qu := it.Quiz.Questions[0]
			wrong[qu.ID] = wrongAnswer(qu)
			st.Drafts.Quizzes[it.ID] = wrong
			emit()
			delete(st.Drafts.Quizzes, it.ID)
			st.Quizzes[it.ID] = &QuizRecord{Attempts: []QuizAttempt{quizAttempt(it.Quiz, wrong, tick())}}
			emit()
			rec := st.Quizzes[it.ID]
			rec.Attempts = append(rec.Attempts, quizAttempt(it.Quiz, rightAnswers(it.Quiz), tick()))
		case content.KindAssessment:
			if it.Assessment == nil {
				continue
			}
			ans := fullAnswers(it.Assessment)
			att := ScoreAssessment(it.Assessment, ans).Attempt(ans)
			att.At = tick()
			st.Assessments[it.ID] = &AssessmentRecord{Attempts: []AssessmentAttempt{att}}
		case content.KindWorksheet:
			st.Drafts.Entries[DraftKey(it.ID, "", "")] = &EntryDraft{Worksheet: it.ID, Updated: tick()}
			emit()
			clear(st.Drafts.Entries)
			st.Worksheets[it.ID] = &WorksheetRecord{Entries: []Entry{{ID: "e1", Created: tick(), Updated: at}}, Next: 2}
		}
		emit()
	}
}

// TestEvaluateAsBefore holds Evaluate to the engine it replaced, on the
// built-in course (every kind of item and rule the format has) and on the
// generated 400-lesson course, for a learner at every step through
// them, with no records, and with records the course has no place for.
func TestEvaluateAsBefore(t *testing.T) {
	fsys, err := gen.FS(gen.Config{Lessons: 400})
	if err != nil {
		t.Fatal(err)
	}
	generated, err := content.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		c     *content.Course
		every int // compare every n-th step (the generated course has thousands)
	}{
		{"built-in", embeddedCourse(t), 1},
		{"sample", sampleCourse(t), 1},
		{"generated", generated, 13},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sameOverview(t, "no records", tc.c, nil)
			sameOverview(t, "a new learner", tc.c, NewState(tc.c.ID, tc.c.Version, epoch))
			steps := 0
			walkStates(tc.c, func(step int, st *State) {
				if step%tc.every == 0 {
					sameOverview(t, fmt.Sprintf("step %d", step), tc.c, st)
					steps++
				}
			})
			if steps < 10 {
				t.Fatalf("only %d states compared", steps)
			}
			st := NewState(tc.c.ID, tc.c.Version, epoch)
			st.Lessons["gone-lesson"] = &LessonRecord{Opened: epoch}
			st.Quizzes["gone-quiz"] = &QuizRecord{Attempts: []QuizAttempt{{At: epoch}}}
			st.Previews["gone-module"] = epoch
			st.Unlocked[tc.c.Modules[len(tc.c.Modules)-1].ID] = epoch // opened once, stays open
			sameOverview(t, "orphans", tc.c, st)
		})
	}
	t.Run("large state", func(t *testing.T) {
		sameOverview(t, "halfway", generated, largeState(t, generated))
	})
}
