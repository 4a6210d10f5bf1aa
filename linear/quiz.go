package linear

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

var quizMenu = menu{
	{names: []string{""}, help: "start the quiz, or go on with the attempt you left; after your score, back to the module"},
	{names: []string{"r", "retry"}, help: "after an attempt: take the whole quiz again"},
	{names: []string{"m", "missed"}, help: "after an attempt: answer again only the questions you missed"},
	{names: []string{"v", "review"}, help: "every question with your latest answer, the right one and why"},
	{names: []string{"b", "back", "q"}, help: "back to the module"},
}

var questionMenu = menu{
	{names: []string{"#", "*"}, shown: "numbers", help: "your answer: one number, several separated by spaces, or for an ordering every number in your order, e.g. 3 1 2 4"},
	{names: []string{"o", "options"}, help: "hear the question and its options again"},
	{names: []string{"b", "back", "q"}, help: "leave the quiz; the answers you gave are kept for when you come back"},
}

var feedbackMenu = menu{
	{names: []string{""}, help: "the next question, or your score after the last"},
	{names: []string{"b", "back", "q"}, help: "leave the quiz; the answers you gave are kept for when you come back"},
}

// quizRun is one attempt at a quiz.
type quizRun struct {
	it      *content.Item
	order   []*content.Question
	shown   map[string][]int // display order of each question's options (author indexes)
	answers map[string][]int // given in this attempt
	carried map[string][]int // right answers kept from the last attempt (retry missed)
}

func (r *quizRun) all() map[string][]int {
	out := map[string][]int{}
	for id, a := range r.carried {
		out[id] = a
	}
	for id, a := range r.answers {
		out[id] = a
	}
	return out
}

// quiz runs a quiz: what it is, attempts, the score, retries and review.
func (s *session) quiz(ctx context.Context, it *content.Item) error {
	q := it.Quiz
	sum := *s.store.Overview().Item(it.ID).Quiz
	s.out.blank()
	facts := fmt.Sprintf("Quiz: %s. %s, pass mark %s", it.Title, plural(len(q.Questions), "question"), pct(q.Pass))
	if sum.AttemptsLeft < 0 {
		facts += ", unlimited attempts"
	} else {
		facts += fmt.Sprintf(", %d of %d attempts left", sum.AttemptsLeft, q.Attempts)
	}
	s.out.say(facts + ".")
	s.printMarkdown("intro:"+it.ID, q.Intro)
	if sum.Attempts > 0 {
		verdict := "not passed yet"
		if sum.Passed {
			verdict = "passed"
		}
		s.out.line("%s: best score %s, latest %s.", capitalize(verdict), pct(sum.Best), pct(sum.Latest))
	}
	if d := s.quizDraft(it); len(d) > 0 && sum.CanAttempt() {
		s.out.line("You answered %d of %d questions before you left; Enter goes on with the next one.", len(d), len(q.Questions))
	}
	var last *progress.QuizScore // of the attempt just finished
	for {
		sum = *s.store.Overview().Item(it.ID).Quiz
		prompt := "Enter to start, b back:"
		switch {
		case !sum.CanAttempt():
			prompt = "No attempts left. v to review your answers, b back:"
		case last != nil && last.Right < last.Total:
			prompt = "r to retry, m to retry the missed questions, v to review, b back:"
		case last != nil:
			prompt = "r to retry, v to review, b back:"
		case sum.Attempts > 0:
			prompt = "Enter to start, v to review your latest answers, b back:"
		}
		name, _, err := s.ask(ctx, prompt, quizMenu)
		if err != nil {
			return err
		}
		switch name {
		case "", "r", "m":
			if !sum.CanAttempt() {
				s.out.line("No attempts left for this quiz; v reviews your answers.")
				continue
			}
			if name == "" && last != nil {
				return nil // Enter after the score: on, back to the module
			}
			if name == "m" && (last == nil || last.Right == last.Total) {
				s.out.line("There is no missed question to retry.")
				continue
			}
			res, err := s.attempt(ctx, it, name == "m", name == "")
			if err != nil {
				return err
			}
			if res == nil {
				return nil // left the quiz; the answers are a draft
			}
			last = res
		case "v":
			s.review(it)
		case "b":
			return nil
		}
	}
}

// attempt runs the questions of one attempt and records it. It returns
// nil when the learner leaves before the end.
func (s *session) attempt(ctx context.Context, it *content.Item, missedOnly, resume bool) (*progress.QuizScore, error) {
	q := it.Quiz
	r := &quizRun{it: it, shown: map[string][]int{}, answers: map[string][]int{}, carried: map[string][]int{}}
	latest := s.latestQuiz(it.ID)
	for _, qu := range q.Questions {
		if missedOnly && latest != nil {
			if ans, ok := latest.Answers[qu.ID]; ok && progress.AnswerRight(qu, ans) {
				r.carried[qu.ID] = ans
				continue
			}
		}
		r.order = append(r.order, qu)
		r.shown[qu.ID] = s.shuffle(q, qu)
	}
	if resume {
		for id, a := range s.quizDraft(it) {
			r.answers[id] = a
		}
	}
	for i, qu := range r.order {
		if _, done := r.answers[qu.ID]; done {
			continue
		}
		ans, err := s.askQuestion(ctx, r, i)
		if err != nil || ans == nil {
			return nil, err
		}
		r.answers[qu.ID] = ans
		all := r.all()
		s.save("save your answer", func(st *progress.Store) error { return st.SaveQuizDraft(it.ID, all) })
		s.feedback(qu, ans)
		prompt := "Enter for the next question:"
		if i == len(r.order)-1 {
			prompt = "Enter to see your score:"
		}
		name, _, err := s.ask(ctx, prompt, feedbackMenu)
		if err != nil {
			return nil, err
		}
		if name == "b" {
			s.out.line("You left the quiz; your answers are kept for when you come back.")
			return nil, nil
		}
	}
	answers := r.all()
	res := progress.ScoreQuiz(q, answers)
	score := fmt.Sprintf("%d of %d right, %s", res.Right, res.Total, pct(res.Score))
	if res.Passed {
		s.out.line("Passed: %s.", score)
	} else {
		s.out.line("Not passed: %s; the pass mark is %s.", score, pct(q.Pass))
	}
	s.save("record the quiz attempt", func(st *progress.Store) error {
		_, err := st.RecordQuiz(it.ID, answers)
		return err
	})
	sum := *s.store.Overview().Item(it.ID).Quiz
	if sum.Attempts > 1 {
		s.out.line("Best score %s.", pct(sum.Best))
	}
	switch {
	case sum.AttemptsLeft == 0:
		s.out.line("No attempts left.")
	case sum.AttemptsLeft > 0:
		s.out.line("%s left.", capitalize(plural(sum.AttemptsLeft, "attempt")))
	}
	return &res, nil
}

func (s *session) latestQuiz(id string) *progress.QuizAttempt {
	if rec := s.store.Snapshot().Quizzes[id]; rec != nil {
		return rec.Latest()
	}
	return nil
}

// shuffle returns a question's display order: ordering items always
// shuffled (never already right), choice options when the quiz asks and
// there are three or more. The same rule as the full-screen UI.
func (s *session) shuffle(q *content.Quiz, qu *content.Question) []int {
	idx := make([]int, len(qu.Options))
	for i := range idx {
		idx[i] = i
	}
	if qu.Type != content.Ordering && (!q.Shuffle || len(idx) < 3) {
		return idx
	}
	for tries := 0; tries < 10; tries++ {
		s.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		if qu.Type != content.Ordering || !slices.IsSorted(idx) {
			break
		}
	}
	return idx
}

// askQuestion asks question i of the attempt until it gets a valid answer
// (author indexes), or nil when the learner leaves the quiz.
func (s *session) askQuestion(ctx context.Context, r *quizRun, i int) ([]int, error) {
	qu := r.order[i]
	s.printQuestion(r, i)
	for {
		name, arg, err := s.ask(ctx, "Answer:", questionMenu)
		if err != nil {
			return nil, err
		}
		switch name {
		case "o":
			s.printQuestion(r, i)
			continue
		case "b":
			s.out.line("You left the quiz; your answers are kept for when you come back.")
			return nil, nil
		}
		picked, err := parseAnswer(qu, arg)
		if err != nil {
			s.out.say(err.Error())
			continue
		}
		shown := r.shown[qu.ID]
		ans := make([]int, len(picked))
		for j, p := range picked {
			ans[j] = shown[p-1]
		}
		if qu.Type != content.Ordering {
			slices.Sort(ans)
		}
		return ans, nil
	}
}

func (s *session) printQuestion(r *quizRun, i int) {
	qu := r.order[i]
	s.out.blank()
	s.out.line("Question %d of %d: %s", i+1, len(r.order), inline(qu.Title))
	if qu.Prompt != "" {
		s.out.say(inline(qu.Prompt))
	}
	if qu.Type == content.Ordering {
		s.out.line("Items, in no particular order:")
	} else {
		s.out.line("Options:")
	}
	for j, o := range r.shown[qu.ID] {
		s.out.line("  %d. %s", j+1, inline(qu.Options[o].Text))
	}
	switch qu.Type {
	case content.SingleChoice:
		s.out.line("Pick one: type its number and press Enter.")
	case content.MultipleAnswer:
		s.out.line("Pick every right answer: type their numbers, separated by spaces, and press Enter.")
	case content.Ordering:
		s.out.line("Put them in the right order: type all %d numbers, first to last, e.g. %s, and press Enter.", len(qu.Options), example(len(qu.Options)))
	}
}

// example is an order of n numbers to show as an example: 2 1 3 …
func example(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strconv.Itoa(i + 1)
	}
	if n > 1 {
		parts[0], parts[1] = parts[1], parts[0]
	}
	return strings.Join(parts, " ")
}

// parseAnswer reads typed option numbers (1-based, display order) for a
// question, or says what to type instead.
func parseAnswer(qu *content.Question, line string) ([]int, error) {
	n := len(qu.Options)
	var picked []int
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 || v > n {
			return nil, fmt.Errorf("%q is not an option: the options are numbered 1 to %d.", f, n)
		}
		if slices.Contains(picked, v) {
			return nil, fmt.Errorf("%d is there twice: give each number once.", v)
		}
		picked = append(picked, v)
	}
	switch qu.Type {
	case content.SingleChoice:
		if len(picked) != 1 {
			return nil, fmt.Errorf("Pick one option: type a single number from 1 to %d.", n)
		}
	case content.MultipleAnswer:
		if len(picked) == 0 {
			return nil, fmt.Errorf("Pick at least one option: type numbers from 1 to %d.", n)
		}
	case content.Ordering:
		if len(picked) != n {
			return nil, fmt.Errorf("Type all %d numbers, each once, first to last, e.g. %s.", n, example(n))
		}
	}
	return picked, nil
}

// feedback says whether the answer is right, why, and what the learner's
// picks meant.
func (s *session) feedback(qu *content.Question, ans []int) {
	if progress.AnswerRight(qu, ans) {
		s.out.line("Right.")
	} else {
		s.out.line("Not right. %s", rightAnswer(qu))
	}
	if qu.Type != content.Ordering {
		for _, a := range ans {
			if o := qu.Options[a]; o.Feedback != "" {
				s.out.line("About “%s”: %s", inline(o.Text), inline(o.Feedback))
			}
		}
	}
	if qu.Explanation != "" {
		s.out.say("Explanation: " + inline(qu.Explanation))
	}
}

// describeAnswer puts an answer (author indexes) in words.
func describeAnswer(qu *content.Question, ans []int) string {
	var parts []string
	for _, i := range ans {
		if i >= 0 && i < len(qu.Options) {
			parts = append(parts, "“"+inline(qu.Options[i].Text)+"”")
		}
	}
	if qu.Type == content.Ordering {
		return strings.Join(parts, ", then ")
	}
	return andList(parts)
}

func rightAnswer(qu *content.Question) string {
	if qu.Type == content.Ordering {
		all := make([]int, len(qu.Options))
		for i := range all {
			all[i] = i
		}
		return "The right order: " + describeAnswer(qu, all) + "."
	}
	if len(qu.Correct()) > 1 {
		return "The right answers: " + describeAnswer(qu, qu.Correct()) + "."
	}
	return "The right answer: " + describeAnswer(qu, qu.Correct()) + "."
}

// review lists every question with the answers of the latest recorded
// attempt, the right answer and the explanation.
func (s *session) review(it *content.Item) {
	latest := s.latestQuiz(it.ID)
	if latest == nil {
		s.out.line("Nothing to review yet: take the quiz first.")
		return
	}
	s.out.line("Review of your latest attempt, %s:", pct(latest.Score))
	for i, qu := range it.Quiz.Questions {
		ans, ok := latest.Answers[qu.ID]
		verdict := "wrong"
		switch {
		case !ok:
			verdict = "not answered"
		case progress.AnswerRight(qu, ans):
			verdict = "right"
		}
		s.out.line("%d. %s: %s", i+1, verdict, inline(qu.Title))
		if ok {
			s.out.line("   Your answer: %s.", describeAnswer(qu, ans))
		}
		if !ok || !progress.AnswerRight(qu, ans) {
			s.out.line("   %s", rightAnswer(qu))
		}
		if qu.Explanation != "" {
			s.out.say("   Explanation: " + inline(qu.Explanation))
		}
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// quizDraft returns the answers of an unfinished attempt that still fit the
// quiz (progress.DraftAnswers: the course may have changed since).
func (s *session) quizDraft(it *content.Item) map[string][]int {
	return progress.DraftAnswers(it.Quiz, s.store.Snapshot().Drafts.Quizzes[it.ID])
}
