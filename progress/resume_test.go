package progress

import (
	"testing"

	"github.com/allyworks/ally/content"

	"github.com/stretchr/testify/assert"
)

func TestResumePlace(t *testing.T) {
	c := sampleCourse(t)
	at := func(r records, item string, scroll float64) records {
		r.st.Last = &Place{Item: item, Scroll: scroll, At: epoch}
		return r
	}
	quizDraft := func(r records) records {
		r.st.Drafts.Quizzes["why-check"] = map[string][]int{"main-job": {1}}
		return r
	}
	habitsDraft := func(r records) records {
		r.st.Drafts.Assessments["reporting-habits"] = map[string]float64{"reports-filed": 3}
		return r
	}
	for _, tc := range []struct {
		name   string
		st     records
		item   string // "" = nothing to resume
		scroll float64
	}{
		{"nothing done", newRecords(), "", 0},
		{"a lesson left halfway", at(newRecords().opened("what-for"), "what-for", 0.3), "what-for", 0.3},
		{"the last lesson was read to the end", at(newRecords().read("what-for"), "what-for", 1), "", 0},
		{"an unfinished quiz comes before the last lesson", at(quizDraft(newRecords().read("what-for").opened("anatomy")), "anatomy", 0.3), "why-check", 0},
		{"the last place's draft first", at(habitsDraft(quizDraft(newRecords().read("what-for"))), "reporting-habits", 0), "reporting-habits", 0},
		{"a draft in a locked module waits", at(newRecords().opened("what-for"), "what-for", 0.5).draftIn("writing-check"), "what-for", 0.5},
		{"a last item gone from the course", at(newRecords(), "gone", 0.5), "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Evaluate(c, tc.st.st)
			r, ok := ResumePlace(c, tc.st.st, o)
			if tc.item == "" {
				assert.False(t, ok, "resumes %v", r.Item)
				return
			}
			if assert.True(t, ok) {
				assert.Equal(t, tc.item, r.Item.ID)
				assert.Equal(t, tc.scroll, r.Scroll)
				assert.Equal(t, r.Item.Kind != content.KindLesson, r.Draft)
			}
		})
	}
	_, ok := ResumePlace(c, nil, Evaluate(c, nil))
	assert.False(t, ok)
}

func (r records) draftIn(quiz string) records {
	r.st.Drafts.Quizzes[quiz] = map[string][]int{"intermittent": {0}}
	return r
}
