package progress

import (
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// teamCheck is the assessment of AUTHORING.md's example, built by hand.
// Scale 1…5; goals = mean(goal-known, 6−goal-churn); habits =
// mean(monthly-review); overall = mean(goals, habits).
func teamCheck() *content.Assessment {
	item := func(id string, typ content.ItemType, rev bool) *content.AssessmentItem {
		return &content.AssessmentItem{ID: id, Type: typ, Reverse: rev}
	}
	about := &content.Dimension{ID: "about", Items: []*content.AssessmentItem{
		item("team-size", content.Number, false), item("goal-age", content.Number, false)}}
	about.Items[0].Min, about.Items[0].Max = f64(1), f64(500)
	goals := &content.Dimension{ID: "goals", Recommend: []string{"goals"}, Items: []*content.AssessmentItem{
		item("goal-known", content.Likert, false), item("goal-churn", content.Likert, true)}}
	habits := &content.Dimension{ID: "habits", Recommend: []string{"habits", "goals"}, Items: []*content.AssessmentItem{
		item("monthly-review", content.Likert, false)}}
	return &content.Assessment{
		Scale: []string{"1", "2", "3", "4", "5"},
		Bands: []*content.Band{
			{ID: "gap", Below: f64(2.5), Recommend: true},
			{ID: "developing", Min: f64(2.5), Below: f64(3.5)},
			{ID: "established", Min: f64(3.5)},
		},
		Scores: []*content.Score{{ID: "overall", Dimensions: []string{"goals", "habits"}}},
		Placement: []*content.Placement{
			{Stage: "start", When: &content.Cond{Any: []*content.Cond{
				{Answer: "team-size", Bounds: content.Bounds{Max: f64(1)}},
				{Score: "overall", Bounds: content.Bounds{Below: f64(2.5)}},
			}}, Recommend: []string{"goals"}},
			{Stage: "practice", Recommend: []string{"habits"}},
		},
		Advice: []*content.Advice{
			{When: &content.Cond{Answer: "goal-age", Bounds: content.Bounds{Min: f64(12)}}, Recommend: []string{"goals"}},
			{When: &content.Cond{Score: "habits", Bounds: content.Bounds{Below: f64(2)}}, Recommend: []string{"rituals"}},
		},
		Dimensions: []*content.Dimension{about, goals, habits},
	}
}

func TestRatedValue(t *testing.T) {
	a := teamCheck()
	plain, rev := a.Dimensions[1].Items[0], a.Dimensions[1].Items[1]
	for ans, want := range map[float64]float64{1: 5, 2: 4, 3: 3, 4: 2, 5: 1} {
		assert.Equal(t, want, RatedValue(a, rev, ans), "reversed %v on 5 labels", ans)
		assert.Equal(t, ans, RatedValue(a, plain, ans))
	}
	a.Scale = []string{"a", "b", "c", "d"}
	assert.Equal(t, 4.0, RatedValue(a, rev, 1), "4-label scale: 5 − a")
}

func TestScoreAssessment(t *testing.T) {
	tests := []struct {
		name      string
		answers   map[string]float64
		dims      map[string]float64
		scores    map[string]float64
		bands     map[string]string
		placement string
		advice    int
		recommend []string
	}{
		{
			name:    "established team",
			answers: map[string]float64{"team-size": 8, "goal-age": 3, "goal-known": 5, "goal-churn": 2, "monthly-review": 4},
			dims:    map[string]float64{"goals": 4.5, "habits": 4}, scores: map[string]float64{"overall": 4.25},
			bands:     map[string]string{"goals": "established", "habits": "established", "overall": "established"},
			placement: "practice", recommend: []string{"habits"},
		},
		{
			name:    "gaps route lowest score first, then placement, then advice",
			answers: map[string]float64{"team-size": 8, "goal-age": 24, "goal-known": 2, "goal-churn": 4, "monthly-review": 1},
			// goals = (2 + 2)/2 = 2, habits = 1 → habits (1) before goals (2)
			dims: map[string]float64{"goals": 2, "habits": 1}, scores: map[string]float64{"overall": 1.5},
			bands:     map[string]string{"goals": "gap", "habits": "gap", "overall": "gap"},
			placement: "start", advice: 2, recommend: []string{"habits", "goals", "rituals"},
		},
		{
			name:    "raw answer compared, not reversed",
			answers: map[string]float64{"team-size": 1, "goal-known": 4, "goal-churn": 1, "monthly-review": 4},
			dims:    map[string]float64{"goals": 4.5, "habits": 4}, scores: map[string]float64{"overall": 4.25},
			bands:     map[string]string{"goals": "established", "habits": "established", "overall": "established"},
			placement: "start", recommend: []string{"goals"},
		},
		{
			name:    "unanswered items leave the mean and make comparisons false",
			answers: map[string]float64{"goal-known": 3},
			dims:    map[string]float64{"goals": 3}, scores: map[string]float64{"overall": 3},
			bands:     map[string]string{"goals": "developing", "overall": "developing"},
			placement: "practice", recommend: []string{"habits"},
		},
		{
			name: "nothing answered", answers: nil,
			dims: map[string]float64{}, scores: map[string]float64{}, bands: map[string]string{},
			placement: "practice", recommend: []string{"habits"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ScoreAssessment(teamCheck(), tt.answers)
			assert.Equal(t, tt.dims, r.Dimensions)
			assert.Equal(t, tt.scores, r.Scores)
			bands := map[string]string{}
			for id, b := range r.Bands {
				bands[id] = b.ID
			}
			assert.Equal(t, tt.bands, bands)
			require.NotNil(t, r.Placement)
			assert.Equal(t, tt.placement, r.Placement.Stage)
			assert.Len(t, r.Advice, tt.advice)
			assert.Equal(t, tt.recommend, r.Recommend)
		})
	}
}

func TestBandsLimitedToDimensions(t *testing.T) {
	a := teamCheck()
	// A stricter band for habits only, listed first.
	a.Bands = append([]*content.Band{{ID: "habits-gap", Below: f64(4.5), Recommend: true, Dimensions: []string{"habits"}}}, a.Bands...)
	r := ScoreAssessment(a, map[string]float64{"goal-known": 4, "goal-churn": 2, "monthly-review": 4})
	assert.Equal(t, "habits-gap", r.Bands["habits"].ID)
	assert.Equal(t, "established", r.Bands["goals"].ID)
	assert.Equal(t, "established", r.Bands["overall"].ID)
	assert.Equal(t, []string{"habits", "goals"}, r.Recommend, "habits' modules, de-duplicated with the placement's")
}

func TestNoPlacementWhenNoRuleHolds(t *testing.T) {
	a := teamCheck()
	a.Placement = a.Placement[:1] // drop the catch-all
	r := ScoreAssessment(a, map[string]float64{"team-size": 5})
	assert.Nil(t, r.Placement)
	assert.Empty(t, r.Attempt(nil).Placement)
}

func TestEvalCond(t *testing.T) {
	scores := map[string]float64{"overall": 3, "goals": 2}
	answers := map[string]float64{"size": 4}
	cmp := func(kind, id string, b content.Bounds) *content.Cond {
		if kind == "score" {
			return &content.Cond{Score: id, Bounds: b}
		}
		return &content.Cond{Answer: id, Bounds: b}
	}
	yes, no := cmp("score", "overall", content.Bounds{Min: f64(3)}), cmp("score", "overall", content.Bounds{Above: f64(3)})
	tests := []struct {
		name string
		c    *content.Cond
		want bool
	}{
		{"nil holds", nil, true},
		{"min is inclusive", yes, true},
		{"above is strict", no, false},
		{"max inclusive", cmp("score", "goals", content.Bounds{Max: f64(2)}), true},
		{"below strict", cmp("score", "goals", content.Bounds{Below: f64(2)}), false},
		{"answer in range", cmp("answer", "size", content.Bounds{Min: f64(2), Max: f64(4)}), true},
		{"unanswered item is false", cmp("answer", "other", content.Bounds{Max: f64(100)}), false},
		{"missing score is false", cmp("score", "habits", content.Bounds{Min: f64(0)}), false},
		{"not of unanswered is true", &content.Cond{Not: cmp("answer", "other", content.Bounds{})}, true},
		{"all", &content.Cond{All: []*content.Cond{yes, yes}}, true},
		{"all with one false", &content.Cond{All: []*content.Cond{yes, no}}, false},
		{"any", &content.Cond{Any: []*content.Cond{no, yes}}, true},
		{"any all false", &content.Cond{Any: []*content.Cond{no, no}}, false},
		{"not", &content.Cond{Not: no}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, EvalCond(tt.c, scores, answers))
		})
	}
}

func TestChange(t *testing.T) {
	prev := &AssessmentAttempt{Dimensions: map[string]float64{"goals": 2, "habits": 3}, Scores: map[string]float64{"overall": 2.5}}
	cur := &AssessmentAttempt{Dimensions: map[string]float64{"goals": 3.5, "new": 1}, Scores: map[string]float64{"overall": 3}}
	assert.Equal(t, map[string]float64{"goals": 1.5, "overall": 0.5}, Change(prev, cur))
	assert.Empty(t, Change(nil, cur))
}

func TestCheckAssessmentAnswers(t *testing.T) {
	a := teamCheck()
	tests := []struct {
		name    string
		answers map[string]float64
		ok      bool
	}{
		{"valid", map[string]float64{"goal-known": 5, "team-size": 1, "goal-age": 1000}, true},
		{"unknown item", map[string]float64{"nope": 1}, false},
		{"rating below the scale", map[string]float64{"goal-known": 0}, false},
		{"rating above the scale", map[string]float64{"goal-known": 6}, false},
		{"fractional rating", map[string]float64{"goal-known": 2.5}, false},
		{"number below min", map[string]float64{"team-size": 0}, false},
		{"number above max", map[string]float64{"team-size": 501}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkAssessmentAnswers(a, tt.answers)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrInvalidAnswer)
			}
		})
	}
}

// The worked examples of testdata/sample/README.txt.
func TestSampleAssessmentExamples(t *testing.T) {
	c := sampleCourse(t)
	a := c.Item("reporting-habits").Assessment
	rated := func(v, oneLiner float64) map[string]float64 {
		return map[string]float64{"exact-steps": v, "expected-actual": v, "environment": v, "reread": v, "one-liner": oneLiner}
	}
	with := func(m map[string]float64, filed, received float64) map[string]float64 {
		m["reports-filed"], m["reports-received"] = filed, received
		return m
	}
	tests := []struct {
		name      string
		answers   map[string]float64
		dims      map[string]float64
		overall   float64
		placement string
		recommend []string
		advice    int
	}{
		{"A: nothing filed", with(rated(4, 1), 0, 0), map[string]float64{"detail": 4, "empathy": 4}, 4, "basics", []string{"why-reports"}, 0},
		{"B", with(rated(2, 2), 3, 0), map[string]float64{"detail": 2, "empathy": 2.5}, 2.25, "practice", []string{"writing"}, 0},
		{"C", with(rated(4, 1), 5, 12), map[string]float64{"detail": 4, "empathy": 4}, 4, "advanced", []string{"triage"}, 1},
		{"D", with(rated(1, 4), 1, 1), map[string]float64{"detail": 1, "empathy": 1}, 1, "basics", []string{"writing", "why-reports"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ScoreAssessment(a, tt.answers)
			assert.Equal(t, tt.dims, r.Dimensions)
			assert.Equal(t, map[string]float64{"overall": tt.overall}, r.Scores)
			assert.Equal(t, tt.placement, r.Placement.Stage)
			assert.Equal(t, tt.recommend, r.Recommend)
			assert.Len(t, r.Advice, tt.advice)
		})
	}
}
