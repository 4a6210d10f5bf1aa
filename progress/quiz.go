package progress

import (
	"fmt"
	"slices"

	"github.com/allyworks/ally/content"
)

// passEpsilon absorbs float rounding when a score is compared with a pass
// mark, so that 3/4 always reaches 0.75.
const passEpsilon = 1e-9

// reaches reports whether score reaches the mark.
func reaches(score, mark float64) bool { return score+passEpsilon >= mark }

// AnswerRight reports whether ans, option indexes in the author's order,
// answers the question right: the one correct option of a single choice,
// exactly the correct set of a multiple answer (in any order), every option
// in the right order for an ordering question.
func AnswerRight(q *content.Question, ans []int) bool {
	switch q.Type {
	case content.Ordering:
		if len(ans) != len(q.Options) {
			return false
		}
		for i, a := range ans {
			if a != i {
				return false
			}
		}
		return true
	case content.SingleChoice:
		return len(ans) == 1 && slices.Equal(ans, q.Correct())
	default: // multiple answer: the exact set
		got := slices.Clone(ans)
		slices.Sort(got)
		return slices.Equal(slices.Compact(got), q.Correct())
	}
}

// QuizScore is the result of one set of answers.
type QuizScore struct {
	Right, Total int
	Score        float64 // Right / Total
	Passed       bool    // Score reaches the quiz's pass mark
}

// ScoreQuiz scores answers (question id → option indexes, see
// QuizAttempt.Answers). Each question scores 1 or 0; unanswered questions
// score 0; answers to ids the quiz does not have are ignored.
func ScoreQuiz(q *content.Quiz, answers map[string][]int) QuizScore {
	s := QuizScore{Total: len(q.Questions)}
	for _, qu := range q.Questions {
		if ans, ok := answers[qu.ID]; ok && AnswerRight(qu, ans) {
			s.Right++
		}
	}
	if s.Total > 0 {
		s.Score = float64(s.Right) / float64(s.Total)
	}
	s.Passed = s.Total > 0 && reaches(s.Score, q.Pass)
	return s
}

// checkQuizAnswers reports answers that could not have come from the quiz:
// unknown question ids, option indexes out of range, repeated options, a
// single choice with several options, an ordering that is not a permutation.
func checkQuizAnswers(q *content.Quiz, answers map[string][]int) error {
	for id, ans := range answers {
		i := slices.IndexFunc(q.Questions, func(qu *content.Question) bool { return qu.ID == id })
		if i < 0 {
			return fmt.Errorf("%w: the quiz has no question %q", ErrInvalidAnswer, id)
		}
		qu := q.Questions[i]
		seen := make([]bool, len(qu.Options))
		for _, a := range ans {
			if a < 0 || a >= len(qu.Options) {
				return fmt.Errorf("%w: question %q has no option %d (it has %d)", ErrInvalidAnswer, id, a, len(qu.Options))
			}
			if seen[a] {
				return fmt.Errorf("%w: question %q: option %d given twice", ErrInvalidAnswer, id, a)
			}
			seen[a] = true
		}
		switch {
		case qu.Type == content.SingleChoice && len(ans) > 1:
			return fmt.Errorf("%w: question %q takes one option, got %d", ErrInvalidAnswer, id, len(ans))
		case qu.Type == content.Ordering && len(ans) != len(qu.Options) && len(ans) != 0:
			return fmt.Errorf("%w: question %q orders %d options, got %d", ErrInvalidAnswer, id, len(qu.Options), len(ans))
		}
	}
	return nil
}

// DraftAnswers returns the answers of a saved draft that still fit the
// quiz. A draft saved before the author changed the questions may hold
// answers to questions the quiz no longer has, or options it no longer
// offers; those are left out, so the attempt can go on and be recorded.
func DraftAnswers(q *content.Quiz, draft map[string][]int) map[string][]int {
	fit := make(map[string][]int, len(draft))
	for id, ans := range draft {
		if checkQuizAnswers(q, map[string][]int{id: ans}) == nil {
			fit[id] = ans
		}
	}
	return fit
}

// QuizSummary is where a learner stands with a quiz.
type QuizSummary struct {
	Attempts     int     // attempts made
	AttemptsLeft int     // -1 = unlimited
	Best, Latest float64 // scores, 0 … 1 (0 when not attempted)
	Passed       bool    // best score reaches the pass mark
}

// CanAttempt reports whether the learner may take the quiz again.
func (s QuizSummary) CanAttempt() bool { return s.AttemptsLeft != 0 }

// SummarizeQuiz sums up the attempts at a quiz (oldest first). Passed uses
// the quiz's current pass mark on the best recorded score, so attempts made
// before the author edited the questions still count.
func SummarizeQuiz(q *content.Quiz, attempts []QuizAttempt) QuizSummary {
	s := QuizSummary{Attempts: len(attempts), AttemptsLeft: -1}
	if q.Attempts > 0 {
		s.AttemptsLeft = max(0, q.Attempts-len(attempts))
	}
	for i, a := range attempts {
		s.Best = max(s.Best, a.Score)
		if i == len(attempts)-1 {
			s.Latest = a.Score
		}
	}
	s.Passed = len(attempts) > 0 && reaches(s.Best, q.Pass)
	return s
}
