package progress

import (
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// records builds a State by hand for the pure engine tests.
type records struct{ st *State }

func newRecords() records { return records{NewState("clear-bug-reports", "1.0.0", epoch)} }

func (r records) read(ids ...string) records {
	for _, id := range ids {
		r.st.Lessons[id] = &LessonRecord{Opened: epoch, Completed: epoch, Scroll: 1}
	}
	return r
}

func (r records) opened(ids ...string) records {
	for _, id := range ids {
		r.st.Lessons[id] = &LessonRecord{Opened: epoch, Scroll: 0.3}
	}
	return r
}

func (r records) quiz(id string, scores ...float64) records {
	rec := &QuizRecord{}
	for _, s := range scores {
		rec.Attempts = append(rec.Attempts, QuizAttempt{At: epoch, Score: s, Answers: map[string][]int{}})
	}
	r.st.Quizzes[id] = rec
	return r
}

// habits records attempts at reporting-habits, each placed on a stage and
// with reports-received as given.
func (r records) habits(attempts ...habitsAttempt) records {
	rec := &AssessmentRecord{}
	for _, a := range attempts {
		rec.Attempts = append(rec.Attempts, AssessmentAttempt{At: epoch, Placement: a.stage,
			Answers:    map[string]float64{"reports-received": a.received},
			Dimensions: map[string]float64{"detail": a.detail}})
	}
	r.st.Assessments["reporting-habits"] = rec
	return r
}

type habitsAttempt struct {
	stage            string
	received, detail float64
}

// basicsDone: why-reports completed with a why-check best of score.
func basicsDone(score float64) records {
	return newRecords().read("what-for", "anatomy").quiz("why-check", score)
}

func statuses(o *Overview) map[string]Status {
	m := map[string]Status{}
	for _, ms := range o.Modules {
		m[ms.Module.ID] = ms.Status
	}
	return m
}

func TestSampleFreshLearner(t *testing.T) {
	c := sampleCourse(t)
	o := Evaluate(c, nil)
	assert.Equal(t, map[string]Status{"why-reports": StatusOpen, "self-check": StatusLocked,
		"writing": StatusLocked, "triage": StatusLocked}, statuses(o))
	assert.Equal(t, []string{"Read “What a bug report is for”"}, o.Module("self-check").Unmet)
	assert.Len(t, o.Module("writing").Unmet, 2, "the stage's rule and the module's any, one entry each")
	assert.Equal(t, c.Describe(c.Module("writing").Requires), o.Module("writing").Unmet[1], "a failing any is described whole")
	assert.True(t, o.Module("triage").Preview, "triage has preview: true")
	assert.False(t, o.Module("writing").Preview)
	assert.Equal(t, 0, o.Module("why-reports").Done)
	assert.Equal(t, 3, o.Module("why-reports").Total, "two-reports is optional")
	assert.False(t, o.Item("two-reports").Required)
	for _, s := range o.Stages {
		assert.False(t, s.Completed)
		assert.Equal(t, 0, s.Done)
	}
	assert.Equal(t, Next{Kind: NextItem, Module: c.Module("why-reports"), Item: c.Item("what-for")}, o.Next)
	assert.Equal(t, "Read “What a bug report is for” in “Why bug reports matter”", o.Next.String())
	assert.Empty(t, o.Orphans)
	assert.False(t, o.Completed)
}

func TestSampleUnlocking(t *testing.T) {
	c := sampleCourse(t)
	tests := []struct {
		name string
		st   records
		want map[string]Status
	}{
		{"lesson opened is in progress, not completed", newRecords().opened("what-for"),
			map[string]Status{"why-reports": StatusInProgress, "self-check": StatusLocked, "writing": StatusLocked, "triage": StatusLocked}},
		{"what-for read opens self-check", newRecords().read("what-for"),
			map[string]Status{"why-reports": StatusInProgress, "self-check": StatusOpen, "writing": StatusLocked, "triage": StatusLocked}},
		{"why-check 1.0, no assessment: writing open", basicsDone(1),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusOpen, "writing": StatusOpen, "triage": StatusLocked}},
		{"why-check 0.75, no assessment: writing locked", basicsDone(0.75),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusOpen, "writing": StatusLocked, "triage": StatusLocked}},
		{"why-check 0.75, placed practice", basicsDone(0.75).habits(habitsAttempt{stage: "practice", received: 0}),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusOpen, "triage": StatusLocked}},
		{"why-check 0.75, placed advanced (a later stage)", basicsDone(0.75).habits(habitsAttempt{stage: "advanced"}),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusOpen, "triage": StatusLocked}},
		{"why-check 0.75, placed basics", basicsDone(0.75).habits(habitsAttempt{stage: "basics"}),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusLocked, "triage": StatusLocked}},
		{"latest placement counts, not an earlier one",
			basicsDone(0.75).habits(habitsAttempt{stage: "advanced"}, habitsAttempt{stage: "basics"}),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusLocked, "triage": StatusLocked}},
		{"why-check never passed: stage rule keeps writing locked",
			newRecords().read("what-for", "anatomy").quiz("why-check", 0.5, 0.25).habits(habitsAttempt{stage: "advanced"}),
			map[string]Status{"why-reports": StatusInProgress, "self-check": StatusCompleted, "writing": StatusLocked, "triage": StatusLocked}},
		{"triage opens: writing passed, basics completed, receives reports",
			basicsDone(1).habits(habitsAttempt{stage: "practice", received: 3}).read("reproduce").quiz("writing-check", 0.67),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusCompleted, "triage": StatusOpen}},
		{"triage stays locked when the latest attempt reports none received",
			basicsDone(1).habits(habitsAttempt{stage: "practice", received: 3}, habitsAttempt{stage: "practice", received: 0}).
				read("reproduce").quiz("writing-check", 0.67),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusCompleted, "triage": StatusLocked}},
		{"triage needs writing-check passed, not just attempted",
			basicsDone(1).habits(habitsAttempt{stage: "practice", received: 3}).read("reproduce").quiz("writing-check", 0.33),
			map[string]Status{"why-reports": StatusCompleted, "self-check": StatusCompleted, "writing": StatusInProgress, "triage": StatusLocked}},
		{"completed records count even when the rule no longer holds",
			newRecords().read("sorting"),
			map[string]Status{"why-reports": StatusOpen, "self-check": StatusLocked, "writing": StatusLocked, "triage": StatusCompleted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, statuses(Evaluate(c, tt.st.st)))
		})
	}
}

func TestSampleUnmetInPlainWords(t *testing.T) {
	c := sampleCourse(t)
	triage := c.Module("triage")
	all := triage.Requires.Args // passed: writing, completed: basics, not: answered
	require.Len(t, all, 3)

	o := Evaluate(c, basicsDone(1).habits(habitsAttempt{stage: "practice", received: 0}).st)
	assert.Equal(t, []string{c.Describe(all[0]), c.Describe(all[2])}, o.Module("triage").Unmet,
		"each unmet leaf or sub-rule of the all, in order; completed: basics holds and is left out")
	for _, u := range o.Module("triage").Unmet {
		assert.NotEmpty(t, u)
	}

	o = Evaluate(c, basicsDone(0.75).st)
	assert.Equal(t, []string{c.Describe(c.Module("writing").Requires)}, o.Module("writing").Unmet,
		"the stage rule holds; the failing any is one entry")
	assert.Nil(t, o.Module("why-reports").Unmet)
}

func TestSampleItemStates(t *testing.T) {
	c := sampleCourse(t)
	st := newRecords().read("what-for").opened("anatomy").quiz("why-check", 0.5, 1, 0.75).
		habits(habitsAttempt{stage: "basics", detail: 2}, habitsAttempt{stage: "practice", detail: 3.5}).st
	o := Evaluate(c, st)

	assert.Equal(t, ItemDone, o.Item("what-for").Status)
	assert.Equal(t, ItemStarted, o.Item("anatomy").Status)
	assert.Equal(t, 0.3, o.Item("anatomy").Scroll)
	assert.Equal(t, ItemNotStarted, o.Item("two-reports").Status)

	q := o.Item("why-check")
	assert.Equal(t, ItemDone, q.Status)
	assert.Equal(t, &QuizSummary{Attempts: 3, AttemptsLeft: 0, Best: 1, Latest: 0.75, Passed: true}, q.Quiz,
		"attempts: 2 in the quiz, three recorded: none left")

	a := o.Item("reporting-habits").Assessment
	assert.Equal(t, ItemDone, o.Item("reporting-habits").Status)
	assert.Equal(t, 2, a.Taken)
	assert.Equal(t, c.Stage("practice"), a.Placement)
	assert.Equal(t, map[string]float64{"detail": 1.5}, a.Change)

	none := Evaluate(c, nil).Item("reporting-habits").Assessment
	assert.Equal(t, 0, none.Taken)
	assert.Nil(t, none.Latest)
	assert.Nil(t, none.Placement)

	ws := Evaluate(c, nil).Item("writing-check").Quiz
	assert.Equal(t, &QuizSummary{AttemptsLeft: -1}, ws, "writing-check has unlimited attempts")
}

func TestSampleStages(t *testing.T) {
	c := sampleCourse(t)
	o := Evaluate(c, basicsDone(1).habits(habitsAttempt{stage: "practice"}).st)
	require.Len(t, o.Stages, 3)
	b := o.Stages[0]
	assert.Equal(t, "basics", b.Stage.ID)
	assert.Equal(t, 2, b.Done)
	assert.Equal(t, 2, b.Total)
	assert.True(t, b.Completed)
	assert.Equal(t, 0, o.Stages[1].Done)
	assert.Equal(t, 1, o.Stages[1].Total)
	assert.False(t, o.Stages[1].Completed)
}

func TestSampleNextStep(t *testing.T) {
	c := sampleCourse(t)
	tests := []struct {
		name   string
		st     records
		kind   NextKind
		module string
		item   string
	}{
		{"first required item of the first open module", newRecords().read("what-for"), NextItem, "why-reports", "anatomy"},
		{"optional lesson skipped", newRecords().read("what-for", "anatomy"), NextItem, "why-reports", "why-check"},
		{"failed quiz is still the next step", newRecords().read("what-for", "anatomy").quiz("why-check", 0.5), NextItem, "why-reports", "why-check"},
		{"then the next open module", basicsDone(1), NextItem, "self-check", "reporting-habits"},
		{"nothing open left: how to unlock", basicsDone(0.75).habits(habitsAttempt{stage: "basics"}), NextUnlock, "writing", ""},
		{"after writing, triage",
			basicsDone(1).habits(habitsAttempt{stage: "practice", received: 2}).read("reproduce").quiz("writing-check", 1),
			NextItem, "triage", "sorting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := Evaluate(c, tt.st.st).Next
			assert.Equal(t, tt.kind, n.Kind)
			assert.Equal(t, tt.module, n.Module.ID)
			if tt.item != "" {
				assert.Equal(t, tt.item, n.Item.ID)
			} else {
				assert.Nil(t, n.Item)
			}
		})
	}

	o := Evaluate(c, basicsDone(0.75).habits(habitsAttempt{stage: "basics"}).st)
	assert.Equal(t, o.Module("writing").Unmet, o.Next.Unmet)
	assert.Contains(t, o.Next.String(), "To open “Writing steps to reproduce”: ")

	done := Evaluate(c, basicsDone(1).habits(habitsAttempt{stage: "practice", received: 2}).
		read("reproduce", "sorting").quiz("writing-check", 1).st)
	assert.True(t, done.Completed)
	assert.Equal(t, NextComplete, done.Next.Kind)
	assert.Equal(t, "Course complete", done.Next.String())
	for _, s := range done.Stages {
		assert.True(t, s.Completed)
	}
}

func TestOrphans(t *testing.T) {
	c := sampleCourse(t)
	st := newRecords().read("what-for", "gone-lesson").quiz("old-quiz", 0.5, 1).quiz("what-for", 1).st
	st.Lessons["why-check"] = &LessonRecord{Opened: epoch} // an id that is now a quiz
	st.Assessments["old-check"] = &AssessmentRecord{Attempts: []AssessmentAttempt{{}}}
	st.Previews["triage"] = epoch
	st.Previews["gone-module"] = epoch
	want := []Orphan{
		{"assessment", "old-check", 1},
		{"lesson", "gone-lesson", 1},
		{"lesson", "why-check", 1},
		{"preview", "gone-module", 1},
		{"quiz", "old-quiz", 2},
		{"quiz", "what-for", 1},
	}
	assert.Equal(t, want, Orphans(c, st))
	assert.Equal(t, want, Evaluate(c, st).Orphans)
	assert.Equal(t, "quiz old-quiz: 2 attempts", want[4].String())
	assert.Equal(t, "assessment old-check: 1 attempt", want[0].String())
	assert.Equal(t, ItemDone, Evaluate(c, st).Item("what-for").Status, "orphans do not disturb the real records")
}

// A course built for the edge cases of passed: and completed:.
func TestPassedAndCompletedTargets(t *testing.T) {
	c := loadCourse(t, map[string]string{
		"course.yaml": "id: edge\ntitle: Edge\nversion: '1'\nsummary: Edge cases.\nstages:\n" +
			"  - {id: one, title: One, summary: First.}\n  - {id: two, title: Two, summary: Second.}\n",
		"a/module.md": "---\nid: a\ntitle: A\nstage: one\nsummary: Lessons only.\n---\nIntro.\n",
		"a/1.md":      "---\nid: a-1\ntitle: A one\noptional: true\n---\nText.\n",
		"a/2.md":      "---\nid: a-2\ntitle: A two\noptional: true\n---\nText.\n",
		"b/module.md": "---\nid: b\ntitle: B\nstage: one\nsummary: A quiz.\n---\nIntro.\n",
		"b/q.md": "---\nid: b-quiz\ntitle: B quiz\nkind: quiz\npass: 0.5\n---\n" +
			"## One? {#one}\n\n- [x] Yes\n- [ ] No\n\n## Two? {#two}\n\n- [x] Yes\n- [ ] No\n",
		"c/module.md": "---\nid: c\ntitle: C\nstage: two\nsummary: Gated.\nrequires:\n  all:\n    - passed: one\n    - completed: a\n---\nIntro.\n",
		"c/1.md":      "---\nid: c-1\ntitle: C one\n---\nText.\n",
		"d/module.md": "---\nid: d\ntitle: D\nstage: two\nsummary: Gated.\nrequires:\n  passed: b-quiz\n  min: 1\n---\nIntro.\n",
		"d/1.md":      "---\nid: d-1\ntitle: D one\n---\nText.\n",
	})
	st := NewState("edge", "1", epoch)
	st.Lessons["a-1"] = &LessonRecord{Opened: epoch, Completed: epoch}
	o := Evaluate(c, st)
	assert.Equal(t, StatusInProgress, o.Module("a").Status, "all items optional: every one counts")
	assert.Equal(t, 2, o.Module("a").Total)
	assert.Equal(t, 1, o.Module("a").Done)

	st.Lessons["a-2"] = &LessonRecord{Opened: epoch, Completed: epoch}
	st.Quizzes["b-quiz"] = &QuizRecord{Attempts: []QuizAttempt{{Score: 0.5}}}
	o = Evaluate(c, st)
	assert.Equal(t, StatusCompleted, o.Module("a").Status)
	assert.Equal(t, StatusOpen, o.Module("c").Status, "passed: on a stage covers its quizzes (b-quiz); completed: a holds")
	assert.Equal(t, StatusLocked, o.Module("d").Status, "min: 1 overrides the pass mark of 0.5")

	st.Quizzes["b-quiz"].Attempts = append(st.Quizzes["b-quiz"].Attempts, QuizAttempt{Score: 1})
	assert.Equal(t, StatusOpen, Evaluate(c, st).Module("d").Status)
	assert.True(t, Holds(c, st, &content.Rule{Op: content.OpPassed, Target: "b"}))
	assert.False(t, Holds(c, st, &content.Rule{Op: content.OpPassed, Target: "a-1"}), "a lesson is never passed")
	assert.False(t, Holds(c, st, &content.Rule{Op: content.OpCompleted, Target: "no-such-id"}))
	assert.True(t, Holds(c, st, nil))
	assert.Empty(t, Unmet(c, st, c.Module("d").EffectiveRule()))
}
