package progress

import (
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
)

func choice(typ content.QuestionType, correct ...bool) *content.Question {
	q := &content.Question{ID: "q", Type: typ}
	for _, c := range correct {
		q.Options = append(q.Options, &content.Option{Text: "o", Correct: c})
	}
	return q
}

func ordering(n int) *content.Question {
	q := &content.Question{ID: "q", Type: content.Ordering}
	for range n {
		q.Options = append(q.Options, &content.Option{Text: "o"})
	}
	return q
}

func TestAnswerRight(t *testing.T) {
	single := choice(content.SingleChoice, false, true, false)
	multi := choice(content.MultipleAnswer, true, false, true, true)
	order := ordering(3)
	tests := []struct {
		name string
		q    *content.Question
		ans  []int
		want bool
	}{
		{"single right", single, []int{1}, true},
		{"single wrong", single, []int{0}, false},
		{"single unanswered", single, nil, false},
		{"single with two picks", single, []int{1, 0}, false},
		{"true/false", choice(content.SingleChoice, false, true), []int{1}, true},
		{"multiple exact set", multi, []int{0, 2, 3}, true},
		{"multiple any order", multi, []int{3, 0, 2}, true},
		{"multiple missing one", multi, []int{0, 2}, false},
		{"multiple one too many", multi, []int{0, 1, 2, 3}, false},
		{"multiple empty", multi, nil, false},
		{"ordering exact", order, []int{0, 1, 2}, true},
		{"ordering swapped", order, []int{1, 0, 2}, false},
		{"ordering short", order, []int{0, 1}, false},
		{"ordering empty", order, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, AnswerRight(tt.q, tt.ans))
		})
	}
}

// quiz4 is a quiz of four questions, one of each kind, right answers:
// a=[1], b=[0 2], c=[0 1 2], d=[0].
func quiz4(pass float64, attempts int) *content.Quiz {
	a := choice(content.SingleChoice, false, true, false)
	a.ID = "a"
	b := choice(content.MultipleAnswer, true, false, true)
	b.ID = "b"
	c := ordering(3)
	c.ID = "c"
	d := choice(content.SingleChoice, true, false)
	d.ID = "d"
	return &content.Quiz{Pass: pass, Attempts: attempts, Questions: []*content.Question{a, b, c, d}}
}

func TestScoreQuiz(t *testing.T) {
	all := map[string][]int{"a": {1}, "b": {2, 0}, "c": {0, 1, 2}, "d": {0}}
	tests := []struct {
		name    string
		pass    float64
		answers map[string][]int
		want    QuizScore
	}{
		{"all right", 0.8, all, QuizScore{Right: 4, Total: 4, Score: 1, Passed: true}},
		{"three of four at 0.75 passes", 0.75,
			map[string][]int{"a": {1}, "b": {0, 2}, "c": {0, 1, 2}, "d": {1}},
			QuizScore{Right: 3, Total: 4, Score: 0.75, Passed: true}},
		{"three of four at 0.8 fails", 0.8,
			map[string][]int{"a": {1}, "b": {0, 2}, "c": {0, 1, 2}, "d": {1}},
			QuizScore{Right: 3, Total: 4, Score: 0.75, Passed: false}},
		{"unanswered questions score 0", 0.5, map[string][]int{"a": {1}},
			QuizScore{Right: 1, Total: 4, Score: 0.25}},
		{"nothing answered", 0, nil, QuizScore{Total: 4, Passed: true}},
		{"unknown question ids ignored", 0.8, map[string][]int{"zz": {0}, "a": {1}},
			QuizScore{Right: 1, Total: 4, Score: 0.25}},
		{"pass 1.0 needs every answer", 1, map[string][]int{"a": {1}, "b": {0, 2}, "c": {0, 1, 2}},
			QuizScore{Right: 3, Total: 4, Score: 0.75}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ScoreQuiz(quiz4(tt.pass, 0), tt.answers))
		})
	}
}

func TestScoreQuizFractionRounding(t *testing.T) {
	// 7 right of 10 must reach a pass mark of 0.7 whatever float rounding
	// does to 7.0/10.0.
	q := &content.Quiz{Pass: 0.7}
	for i := range 10 {
		c := choice(content.SingleChoice, true, false)
		c.ID = string(rune('a' + i))
		q.Questions = append(q.Questions, c)
	}
	ans := map[string][]int{}
	for i := range 7 {
		ans[string(rune('a'+i))] = []int{0}
	}
	got := ScoreQuiz(q, ans)
	assert.True(t, got.Passed, "7/10 reaches 0.7")
	delete(ans, "a")
	assert.False(t, ScoreQuiz(q, ans).Passed, "6/10 does not")
}

func TestSummarizeQuiz(t *testing.T) {
	att := func(scores ...float64) []QuizAttempt {
		var out []QuizAttempt
		for _, s := range scores {
			out = append(out, QuizAttempt{Score: s})
		}
		return out
	}
	tests := []struct {
		name     string
		limit    int
		attempts []QuizAttempt
		want     QuizSummary
	}{
		{"never taken, unlimited", 0, nil, QuizSummary{AttemptsLeft: -1}},
		{"never taken, two allowed", 2, nil, QuizSummary{AttemptsLeft: 2}},
		{"best and latest differ", 0, att(0.5, 1, 0.75),
			QuizSummary{Attempts: 3, AttemptsLeft: -1, Best: 1, Latest: 0.75, Passed: true}},
		{"one of two used, failed", 2, att(0.5),
			QuizSummary{Attempts: 1, AttemptsLeft: 1, Best: 0.5, Latest: 0.5}},
		{"all used, failed", 2, att(0.5, 0.25),
			QuizSummary{Attempts: 2, AttemptsLeft: 0, Best: 0.5, Latest: 0.25}},
		{"more attempts than the limit (limit lowered later)", 1, att(0.5, 0.8),
			QuizSummary{Attempts: 2, AttemptsLeft: 0, Best: 0.8, Latest: 0.8, Passed: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SummarizeQuiz(quiz4(0.75, tt.limit), tt.attempts)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want.AttemptsLeft != 0, got.CanAttempt())
		})
	}
}

func TestCheckQuizAnswers(t *testing.T) {
	q := quiz4(0.8, 0)
	tests := []struct {
		name    string
		answers map[string][]int
		ok      bool
	}{
		{"valid, partial", map[string][]int{"a": {2}, "c": {2, 1, 0}}, true},
		{"empty answer is unanswered", map[string][]int{"b": {}}, true},
		{"unknown question", map[string][]int{"nope": {0}}, false},
		{"option out of range", map[string][]int{"a": {3}}, false},
		{"negative option", map[string][]int{"a": {-1}}, false},
		{"option twice", map[string][]int{"b": {0, 0}}, false},
		{"single with two options", map[string][]int{"a": {0, 1}}, false},
		{"ordering not every option", map[string][]int{"c": {0, 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkQuizAnswers(q, tt.answers)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrInvalidAnswer)
			}
		})
	}
}

// A draft saved under an older version of the quiz keeps only the answers
// the current quiz could have produced.
func TestDraftAnswers(t *testing.T) {
	q := quiz4(0.8, 0)
	draft := map[string][]int{
		"a":    {2},       // still fits
		"c":    {2, 1, 0}, // still fits
		"gone": {0},       // the question was removed or renamed
		"d":    {3},       // the question lost options
		"b":    {0, 0},    // not an answer this quiz could produce
	}
	got := DraftAnswers(q, draft)
	assert.Equal(t, map[string][]int{"a": {2}, "c": {2, 1, 0}}, got)
	assert.NoError(t, checkQuizAnswers(q, got), "what is left can be saved and recorded")
	assert.Len(t, draft, 5, "the saved draft itself is not changed")
	assert.Empty(t, DraftAnswers(q, nil))
}
