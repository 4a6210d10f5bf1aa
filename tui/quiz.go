package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

type quizPhase int

const (
	quizIntro    quizPhase = iota // what the quiz is, attempts, best score
	quizAsk                       // answering a question
	quizFeedback                  // right or not, and why
	quizResult                    // the score of the attempt
	quizReview                    // every answer of the latest attempt
)

// quizScreen runs one quiz: one question at a time, feedback after each,
// the score at the end, retries and a review.
type quizScreen struct {
	c     *common
	it    *content.Item
	quiz  *content.Quiz
	phase quizPhase

	order   []int            // questions of this attempt (indexes into quiz.Questions)
	pos     int              // index into order
	shown   map[string][]int // each question's options in display order (author indexes)
	picked  map[string][]int // the learner's choice (author indexes; ordering: the arrangement)
	answers map[string][]int // submitted answers of this attempt
	carried map[string][]int // right answers kept from the previous attempt (retry missed)
	cursor  int
	grabbed bool // ordering: the item under the cursor moves with ↑/↓

	result progress.QuizScore // of the attempt just finished
	review viewport.Model
}

func newQuiz(c *common, it *content.Item) *quizScreen {
	return &quizScreen{c: c, it: it, quiz: it.Quiz, phase: quizIntro, review: viewport.New()}
}

func (q *quizScreen) summary() progress.QuizSummary { return *q.c.over.Item(q.it.ID).Quiz }

// latest returns the latest recorded attempt, or nil.
func (q *quizScreen) latest() *progress.QuizAttempt {
	if rec := q.c.state.Quizzes[q.it.ID]; rec != nil && len(rec.Attempts) > 0 {
		return &rec.Attempts[len(rec.Attempts)-1]
	}
	return nil
}

func (q *quizScreen) capturing() bool { return false }

func (q *quizScreen) help() keyHelp {
	k, g := q.c.keys.Quiz, q.c.keys.Global
	switch q.phase {
	case quizIntro:
		return g.withGlobal([]key.Binding{k.Start, k.Review})
	case quizAsk:
		qu := q.question()
		if qu.Type == content.Ordering {
			return g.withGlobal([]key.Binding{k.Up, k.Down, k.MoveUp, k.MoveDown, k.Toggle, k.Submit})
		}
		return g.withGlobal([]key.Binding{k.Choose, k.Up, k.Down, k.Toggle, k.Submit})
	case quizFeedback:
		return g.withGlobal([]key.Binding{k.Continue})
	case quizResult:
		return g.withGlobal([]key.Binding{k.RetryAll, k.RetryMissed, k.Review})
	}
	r := q.c.keys.Reader
	return g.withGlobal([]key.Binding{r.Down, r.Up, r.PageDown})
}

func (q *quizScreen) question() *content.Question { return q.quiz.Questions[q.order[q.pos]] }

// start begins an attempt: every question, or only those the latest
// attempt missed (the right ones are carried over).
func (q *quizScreen) start(missedOnly bool) {
	q.order, q.carried = nil, map[string][]int{}
	last := q.latest()
	for i, qu := range q.quiz.Questions {
		if missedOnly && last != nil {
			if ans, ok := last.Answers[qu.ID]; ok && progress.AnswerRight(qu, ans) {
				q.carried[qu.ID] = ans
				continue
			}
		}
		q.order = append(q.order, i)
	}
	q.shown, q.picked, q.answers = map[string][]int{}, map[string][]int{}, map[string][]int{}
	for _, i := range q.order {
		qu := q.quiz.Questions[i]
		q.shown[qu.ID] = q.shuffle(qu)
		if qu.Type == content.Ordering {
			q.picked[qu.ID] = slices.Clone(q.shown[qu.ID])
		}
	}
	q.pos, q.cursor, q.grabbed = 0, 0, false
	q.phase = quizAsk
}

// draft returns the answers of an unfinished attempt, if one was saved,
// that still fit the quiz (the course may have changed since).
func (q *quizScreen) draft() map[string][]int {
	return progress.DraftAnswers(q.quiz, q.c.state.Drafts.Quizzes[q.it.ID])
}

// resume continues an unfinished attempt: the saved answers stand, and the
// first unanswered question comes up (or the score, if none is left).
func (q *quizScreen) resume() tea.Cmd {
	q.start(false)
	for id, a := range q.draft() {
		q.answers[id] = a
	}
	for q.pos < len(q.order) {
		if _, done := q.answers[q.question().ID]; !done {
			return nil
		}
		q.pos++
	}
	q.pos = len(q.order) - 1
	return q.advance()
}

// shuffle returns a question's display order: ordering items always
// shuffled (never already right), choice options when the quiz asks and
// there are three or more.
func (q *quizScreen) shuffle(qu *content.Question) []int {
	idx := make([]int, len(qu.Options))
	for i := range idx {
		idx[i] = i
	}
	if qu.Type != content.Ordering && (!q.quiz.Shuffle || len(idx) < 3) {
		return idx
	}
	for tries := 0; tries < 10; tries++ {
		q.c.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		if qu.Type != content.Ordering || !slices.IsSorted(idx) {
			break
		}
	}
	return idx
}

func (q *quizScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if q.phase == quizReview {
			q.fillReview()
		}
	case tea.KeyPressMsg:
		return q, q.key(msg)
	}
	return q, nil
}

func (q *quizScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k, g := q.c.keys.Quiz, q.c.keys.Global
	switch q.phase {
	case quizIntro:
		switch {
		case key.Matches(msg, k.Start):
			if q.summary().CanAttempt() {
				if len(q.draft()) > 0 {
					return q.resume()
				}
				q.start(false)
				return nil
			}
			return errCmd(fmt.Errorf("no attempts left for this quiz: review your answers with v"))
		case key.Matches(msg, k.Review):
			if q.latest() != nil {
				q.openReview()
			}
		case key.Matches(msg, g.Back):
			return goBack
		}
	case quizAsk:
		if key.Matches(msg, g.Back) {
			q.phase = quizIntro // the attempt is dropped: nothing was recorded yet
			return nil
		}
		return q.askKey(msg)
	case quizFeedback:
		if key.Matches(msg, k.Continue) {
			return q.advance()
		}
		if key.Matches(msg, g.Back) {
			q.phase = quizIntro
		}
	case quizResult:
		s := q.summary()
		switch {
		case key.Matches(msg, k.RetryAll) && s.CanAttempt():
			q.start(false)
		case key.Matches(msg, k.RetryMissed) && s.CanAttempt() && q.result.Right < q.result.Total:
			q.start(true)
		case key.Matches(msg, k.Review):
			q.openReview()
		case key.Matches(msg, g.Back), key.Matches(msg, k.Continue):
			return goBack
		}
	case quizReview:
		switch {
		case scroll(&q.review, q.c.keys.Reader, msg):
		case key.Matches(msg, g.Back), key.Matches(msg, k.Review):
			if q.result.Total > 0 {
				q.phase = quizResult
			} else {
				q.phase = quizIntro
			}
		}
	}
	return nil
}

// askKey chooses, moves and submits while a question is shown.
func (q *quizScreen) askKey(msg tea.KeyPressMsg) tea.Cmd {
	k := q.c.keys.Quiz
	qu := q.question()
	shown := q.shown[qu.ID]
	n := len(shown)
	if qu.Type == content.Ordering {
		arr := q.picked[qu.ID]
		moveItem := func(dir int) {
			j := q.cursor + dir
			if j >= 0 && j < n {
				arr[q.cursor], arr[j] = arr[j], arr[q.cursor]
				q.cursor = j
			}
		}
		switch {
		case key.Matches(msg, k.MoveUp):
			moveItem(-1)
		case key.Matches(msg, k.MoveDown):
			moveItem(1)
		case key.Matches(msg, k.Up):
			if q.grabbed {
				moveItem(-1)
			} else {
				q.cursor = max(0, q.cursor-1)
			}
		case key.Matches(msg, k.Down):
			if q.grabbed {
				moveItem(1)
			} else {
				q.cursor = min(n-1, q.cursor+1)
			}
		case key.Matches(msg, k.Toggle):
			q.grabbed = !q.grabbed
		case key.Matches(msg, k.Submit):
			return q.submit(slices.Clone(arr))
		}
		return nil
	}
	choose := func(i int) {
		opt := shown[i]
		cur := q.picked[qu.ID]
		if qu.Type == content.SingleChoice {
			q.picked[qu.ID] = []int{opt}
			return
		}
		if j := slices.Index(cur, opt); j >= 0 {
			q.picked[qu.ID] = slices.Delete(cur, j, j+1)
		} else {
			q.picked[qu.ID] = append(cur, opt)
		}
	}
	switch {
	case key.Matches(msg, k.Choose):
		if i := int(msg.Code - '1'); i >= 0 && i < n {
			q.cursor = i
			choose(i)
		}
	case key.Matches(msg, k.Up):
		q.cursor = max(0, q.cursor-1)
	case key.Matches(msg, k.Down):
		q.cursor = min(n-1, q.cursor+1)
	case key.Matches(msg, k.Toggle):
		choose(q.cursor)
	case key.Matches(msg, k.Submit):
		ans := slices.Sorted(slices.Values(q.picked[qu.ID]))
		if len(ans) == 0 {
			if qu.Type == content.SingleChoice {
				choose(q.cursor) // enter on an option picks it
				ans = q.picked[qu.ID]
			} else {
				return errCmd(fmt.Errorf("pick at least one option (space or its number), then enter"))
			}
		}
		return q.submit(ans)
	}
	return nil
}

// submit records the answer of the current question and shows feedback.
func (q *quizScreen) submit(ans []int) tea.Cmd {
	qu := q.question()
	q.answers[qu.ID] = ans
	q.phase = quizFeedback
	return q.saveDraft()
}

// all returns the attempt's answers, carried-over ones included.
func (q *quizScreen) all() map[string][]int {
	out := map[string][]int{}
	for id, a := range q.carried {
		out[id] = a
	}
	for id, a := range q.answers {
		out[id] = a
	}
	return out
}

// saveDraft keeps the answers given so far, so an attempt survives a quit.
func (q *quizScreen) saveDraft() tea.Cmd {
	id, answers := q.it.ID, q.all()
	return saveCmd(saveOp{what: "save your answer", run: func(s *progress.Store) error { return s.SaveQuizDraft(id, answers) }})
}

// advance goes to the next question, or records the attempt.
func (q *quizScreen) advance() tea.Cmd {
	if q.pos+1 < len(q.order) {
		q.pos++
		q.cursor, q.grabbed = 0, false
		q.phase = quizAsk
		return nil
	}
	answers := q.all()
	q.result = progress.ScoreQuiz(q.quiz, answers)
	q.phase = quizResult
	id := q.it.ID
	return saveCmd(saveOp{what: "record the quiz attempt", run: func(s *progress.Store) error {
		_, err := s.RecordQuiz(id, answers)
		return err
	}})
}

// openReview lists every question with the latest answers.
func (q *quizScreen) openReview() {
	q.phase = quizReview
	q.fillReview()
}

func (q *quizScreen) fillReview() {
	w, h := q.c.width, q.c.height-3-footerLines
	q.review.SetWidth(w)
	q.review.SetHeight(max(1, h))
	answers := map[string][]int{}
	if last := q.latest(); last != nil {
		answers = last.Answers
	}
	if q.result.Total > 0 {
		answers = q.all()
	}
	st := q.c.styles
	tw := min(w-4, q.c.maxWidth)
	var b strings.Builder
	for i, qu := range q.quiz.Questions {
		ans, ok := answers[qu.ID]
		mark := st.Bad.Render("✗ wrong")
		switch {
		case !ok:
			mark = st.Muted.Render("– not answered")
		case progress.AnswerRight(qu, ans):
			mark = st.Good.Render("✓ right")
		}
		b.WriteString(wrap(mark+"  "+st.Heading.Render(fmt.Sprintf("%d. %s", i+1, q.c.plain(qu.Title, tw))), tw+3) + "\n")
		if ok {
			b.WriteString(indent(wrap(st.Muted.Render("Your answer: ")+st.Text.Render(describeAnswer(q.c, qu, ans)), tw), 3) + "\n")
		}
		if !ok || !progress.AnswerRight(qu, ans) {
			b.WriteString(indent(wrap(st.Muted.Render("Right answer: ")+st.Good.Render(rightAnswer(q.c, qu)), tw), 3) + "\n")
		}
		if qu.Explanation != "" {
			b.WriteString(indent(q.c.markdown(q.it.File, qu.Explanation, tw-3), 3) + "\n")
		}
		b.WriteString("\n")
	}
	q.review.SetContent(b.String())
}

func indent(s string, n int) string {
	pad := repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// describeAnswer puts an answer in words.
func describeAnswer(c *common, qu *content.Question, ans []int) string {
	var parts []string
	for _, i := range ans {
		if i >= 0 && i < len(qu.Options) {
			parts = append(parts, strings.Join(strings.Fields(c.plain(qu.Options[i].Text, 1<<20)), " "))
		}
	}
	if qu.Type == content.Ordering {
		return strings.Join(parts, " → ")
	}
	return strings.Join(parts, "; ")
}

func rightAnswer(c *common, qu *content.Question) string {
	if qu.Type == content.Ordering {
		all := make([]int, len(qu.Options))
		for i := range all {
			all[i] = i
		}
		return describeAnswer(c, qu, all)
	}
	return describeAnswer(c, qu, qu.Correct())
}

func (q *quizScreen) view() string {
	c, st := q.c, q.c.styles
	w := c.width
	left := st.Muted.Render(q.it.Module.Title+" › ") + st.Title.Render(q.it.Title)
	right := ""
	if q.phase == quizAsk || q.phase == quizFeedback {
		right = st.Muted.Render(fmt.Sprintf("question %d of %d", q.pos+1, len(q.order)))
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(spread(left, right, w-2))
	rule := st.Rule.Render(repeat("─", w))
	tw := min(w-4, c.maxWidth)
	var body string
	switch q.phase {
	case quizIntro:
		body = q.introView(tw)
	case quizAsk, quizFeedback:
		body = q.questionView(tw)
	case quizResult:
		body = q.resultView(tw)
	case quizReview:
		return header + "\n" + rule + "\n" + st.Heading.Render(" Review") + "\n" + q.review.View()
	}
	return header + "\n" + rule + "\n" + lipgloss.NewStyle().Padding(1, 2).Render(body)
}

func (q *quizScreen) introView(tw int) string {
	st, s := q.c.styles, q.summary()
	var lines []string
	if q.quiz.Intro != "" {
		lines = append(lines, q.c.markdown(q.it.File, q.quiz.Intro, tw), "")
	}
	facts := fmt.Sprintf("%d questions · pass mark %s", len(q.quiz.Questions), pct(q.quiz.Pass))
	switch {
	case s.AttemptsLeft < 0:
		facts += " · unlimited attempts"
	default:
		facts += fmt.Sprintf(" · %d of %d attempts left", s.AttemptsLeft, q.quiz.Attempts)
	}
	lines = append(lines, st.Text.Render(facts))
	if s.Attempts > 0 {
		verdict := st.Warn.Render("not passed yet")
		if s.Passed {
			verdict = st.Good.Render("✓ passed")
		}
		lines = append(lines, st.Muted.Render(fmt.Sprintf("Best score %s, latest %s: ", pct(s.Best), pct(s.Latest)))+verdict)
	}
	lines = append(lines, "")
	switch d := q.draft(); {
	case s.CanAttempt() && len(d) > 0:
		lines = append(lines, st.Accent.Render(fmt.Sprintf("You answered %d of %d questions before you left: press enter to go on.", len(d), len(q.quiz.Questions))))
	case s.CanAttempt():
		lines = append(lines, st.Accent.Render("Press enter to start."))
	default:
		lines = append(lines, st.Warn.Render("No attempts left."))
	}
	if s.Attempts > 0 {
		lines = append(lines, st.Muted.Render("Press v to review your latest answers."))
	}
	return strings.Join(lines, "\n")
}

func (q *quizScreen) questionView(tw int) string {
	st := q.c.styles
	qu := q.question()
	var b strings.Builder
	b.WriteString(st.Heading.Render(q.c.plain(qu.Title, tw)) + "\n")
	if qu.Prompt != "" {
		b.WriteString("\n" + q.c.markdown(q.it.File, qu.Prompt, tw) + "\n")
	}
	hint := map[content.QuestionType]string{
		content.SingleChoice:   "Pick one.",
		content.MultipleAnswer: "Pick every right answer.",
		content.Ordering:       "Put these in the right order: space picks an item up, ↑/↓ move it (or K/J).",
	}[qu.Type]
	if qu.Prompt == "" || qu.Type == content.Ordering {
		b.WriteString("\n" + st.Muted.Render(hint) + "\n")
	}
	b.WriteString("\n")

	answered := q.phase == quizFeedback
	ans := q.answers[qu.ID]
	items := q.shown[qu.ID]
	if qu.Type == content.Ordering {
		items = q.picked[qu.ID]
	}
	for i, opt := range items {
		o := qu.Options[opt]
		var box string
		switch qu.Type {
		case content.SingleChoice:
			box = "( )"
			if slices.Contains(q.picked[qu.ID], opt) {
				box = "(•)"
			}
		case content.MultipleAnswer:
			box = "[ ]"
			if slices.Contains(q.picked[qu.ID], opt) {
				box = "[x]"
			}
		case content.Ordering:
			box = "≡"
			if q.grabbed && i == q.cursor {
				box = "↕"
			}
		}
		mark := "  "
		if answered {
			switch {
			case qu.Type == content.Ordering && opt == i:
				mark = st.Good.Render("✓ ")
			case qu.Type == content.Ordering:
				mark = st.Bad.Render("✗ ")
			case o.Correct:
				mark = st.Good.Render("✓ ")
			case slices.Contains(ans, opt):
				mark = st.Bad.Render("✗ ")
			}
		}
		// The option's text hangs under its first line, right of the box.
		prefix := fmt.Sprintf("%s%d. %s ", mark, i+1, box)
		pw := lipgloss.Width(prefix)
		text := indent(q.c.markdown(q.it.File, o.Text, max(1, tw-pw-1)), pw)[pw:]
		if !answered && i == q.cursor {
			b.WriteString(st.Cursor.Render("›") + st.Selected.Render(prefix) + indent(text, 1)[1:] + "\n")
		} else {
			b.WriteString(" " + st.Text.Render(prefix) + indent(text, 1)[1:] + "\n")
		}
		if answered && o.Feedback != "" && slices.Contains(ans, opt) && qu.Type != content.Ordering {
			b.WriteString(indent(q.c.markdown(q.it.File, o.Feedback, tw-6), 6) + "\n")
		}
	}
	if !answered {
		return b.String()
	}
	b.WriteString("\n")
	if progress.AnswerRight(qu, ans) {
		b.WriteString(st.Good.Render("✓ Right.") + "\n")
	} else {
		b.WriteString(st.Bad.Render("✗ Not quite.") + " " + wrap(st.Text.Render("The answer: "+rightAnswer(q.c, qu)), tw-14) + "\n")
	}
	if qu.Explanation != "" {
		b.WriteString("\n" + q.c.markdown(q.it.File, qu.Explanation, tw) + "\n")
	}
	next := "Press enter for the next question."
	if q.pos+1 == len(q.order) {
		next = "Press enter to see your score."
	}
	b.WriteString("\n" + st.Accent.Render(next))
	return b.String()
}

func (q *quizScreen) resultView(tw int) string {
	st, r, s := q.c.styles, q.result, q.summary()
	var lines []string
	score := fmt.Sprintf("%d of %d right · %s", r.Right, r.Total, pct(r.Score))
	if r.Passed {
		lines = append(lines, st.Good.Render("✓ Passed")+"  "+st.Text.Render(score))
	} else {
		lines = append(lines, st.Bad.Render("✗ Not passed")+"  "+st.Text.Render(score+fmt.Sprintf(" (pass mark %s)", pct(q.quiz.Pass))))
	}
	if s.Attempts > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("Best score %s", pct(max(s.Best, r.Score)))))
	}
	switch {
	case s.AttemptsLeft < 0:
	case s.AttemptsLeft == 0:
		lines = append(lines, st.Warn.Render("No attempts left."))
	default:
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d attempt(s) left", s.AttemptsLeft)))
	}
	lines = append(lines, "")
	var opts []string
	if s.CanAttempt() {
		opts = append(opts, "r retry all")
		if r.Right < r.Total {
			opts = append(opts, "m retry the missed questions")
		}
	}
	opts = append(opts, "v review every answer", "esc back to the module")
	lines = append(lines, st.Accent.Render(strings.Join(opts, " · ")))
	return wrap(strings.Join(lines, "\n"), tw)
}
