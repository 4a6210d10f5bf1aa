package progress

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// habitsAnswers rates every statement of reporting-habits r (1…4), after
// filed reports; with r = 2 the learner is placed on practice, with r = 1
// on basics.
func habitsAnswers(filed, r float64) map[string]float64 {
	return map[string]float64{"reports-filed": filed, "reports-received": 0, "exact-steps": r,
		"expected-actual": r, "environment": r, "reread": r, "one-liner": r}
}

func TestQuizDraftSurvivesAndClears(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.SaveQuizDraft("why-check", map[string][]int{"main-job": {1}}))
	must(t, s.SaveQuizDraft("why-check", map[string][]int{"main-job": {1}, "must-have": {2, 0}}))

	reopened := openAt(t, s.Path(), c)
	assert.Equal(t, map[string][]int{"main-job": {1}, "must-have": {0, 2}}, reopened.Snapshot().Drafts.Quizzes["why-check"],
		"the latest draft is kept, answers as sorted sets")
	assert.Empty(t, reopened.Snapshot().Quizzes, "a draft is not an attempt")

	_, err := reopened.RecordQuiz("why-check", whyCheckThree)
	require.NoError(t, err)
	assert.NotContains(t, readState(t, s.Path()).Drafts.Quizzes, "why-check", "recording the attempt clears the draft")
}

func TestDraftsAreChecked(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	require.ErrorIs(t, s.SaveQuizDraft("why-check", map[string][]int{"nope": {0}}), ErrInvalidAnswer)
	require.ErrorIs(t, s.SaveQuizDraft("what-for", nil), ErrUnknownID, "a lesson is not a quiz")
	require.ErrorIs(t, s.SaveAssessmentDraft("reporting-habits", map[string]float64{"exact-steps": 9}), ErrInvalidAnswer)
	require.ErrorIs(t, s.SaveAssessmentDraft("reporting-habits", map[string]float64{"exact-steps": 2}), ErrLocked,
		"self-check opens once what-for is read")
	require.ErrorIs(t, s.SaveQuizDraft("writing-check", map[string][]int{}), ErrLocked)
}

func TestAssessmentDraftSurvivesAndClears(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	must(t, s.SaveAssessmentDraft("reporting-habits", map[string]float64{"reports-filed": 4, "exact-steps": 3}))
	reopened := openAt(t, s.Path(), c)
	assert.Equal(t, map[string]float64{"reports-filed": 4, "exact-steps": 3}, reopened.Snapshot().Drafts.Assessments["reporting-habits"])

	_, err := reopened.RecordAssessment("reporting-habits", habitsAnswers(4, 2))
	require.NoError(t, err)
	assert.NotContains(t, reopened.Snapshot().Drafts.Assessments, "reporting-habits")
}

// Once a module has been open it stays open, even when a later attempt at
// the assessment would no longer meet its rule.
func TestUnlockingSticks(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	for _, id := range []string{"what-for", "anatomy"} {
		must(t, s.CompleteLesson(id))
	}
	_, err := s.RecordQuiz("why-check", whyCheckThree) // 0.75: passes, but writing wants 1.0 or a placement
	require.NoError(t, err)
	assert.Equal(t, StatusLocked, s.Overview().Module("writing").Status)
	assert.NotContains(t, s.Snapshot().Unlocked, "writing")
	assert.Contains(t, s.Snapshot().Unlocked, "why-reports", "open modules are stamped on the first save")

	a, err := s.RecordAssessment("reporting-habits", habitsAnswers(4, 2))
	require.NoError(t, err)
	require.Equal(t, "practice", a.Placement)
	assert.Equal(t, StatusOpen, s.Overview().Module("writing").Status)
	assert.Contains(t, s.Snapshot().Unlocked, "writing")

	a, err = s.RecordAssessment("reporting-habits", habitsAnswers(4, 1))
	require.NoError(t, err)
	require.Equal(t, "basics", a.Placement, "the retake no longer meets writing's rule")
	assert.Equal(t, StatusOpen, s.Overview().Module("writing").Status, "but writing stays open")
	must(t, s.OpenLesson("reproduce"))

	// The pure engine agrees, and a reset of the module removes its stamp.
	st := s.Snapshot()
	assert.True(t, Evaluate(c, st).Module("writing").Status != StatusLocked)
	delete(st.Unlocked, "writing")
	assert.Equal(t, StatusLocked, Evaluate(c, st).Module("writing").Status)
	_, err = s.ResetModule("writing")
	require.NoError(t, err)
	assert.NotContains(t, s.Snapshot().Unlocked, "writing")
	assert.Equal(t, StatusLocked, s.Overview().Module("writing").Status)
}
