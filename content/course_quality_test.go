package content

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The built-in course's quizzes should test judgement, not recall of who
// found which number (issue 15). quizCounts measures that over every quiz
// of a course; TestEmbeddedQuizQuality holds the built-in course to it.

// scenarioPrefix marks a scenario question: a founder's situation (the
// question's prompt) and a decision to make (its heading).
const scenarioPrefix = "s-"

type quizCounts struct {
	Questions int
	Scenarios int // id starts with scenarioPrefix

	TrueFalse int // single choice with the options True and False
	KeyedTrue int // … of which "True" is right

	Single        int // single choice, true/false excluded
	LongestIsKey  int // … whose right option is at least as long as every other
	WrongOptions  int // wrong options of choice questions
	NoFeedback    int // … with no feedback of their own
	Problems      []string
	orderingWords map[string]map[string]bool // quiz/question → content words of its items
}

// courseRules names what a question must not ask about: the course's own
// mechanics rather than alliances.
var courseRules = regexp.MustCompile(`(?i)\bunlock|\bpass mark|\b(this|the) course\b|\bstage [0-9]\b|\bquiz(zes)?\b`)

// passIntro is how a quiz's introduction states its pass mark.
var passIntro = regexp.MustCompile(`(?i)\bYou need (\w+) right to pass\b`)

// countIntro is how a quiz's introduction may state its length.
var countIntro = regexp.MustCompile(`(?i)^(\w+) questions\b`)

// scenarioIntro is how it may state how many questions are scenarios.
var scenarioIntro = regexp.MustCompile(`(?i)\b(\w+) of them put you in a founder's place\b`)

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

func readNumber(s string) (int, bool) {
	if n, ok := numberWords[strings.ToLower(s)]; ok {
		return n, true
	}
	var n int
	_, err := fmt.Sscanf(s, "%d", &n)
	return n, err == nil
}

// needed is the fewest right answers that reach the pass mark, as
// progress.ScoreQuiz decides it (with the same rounding allowance).
func needed(pass float64, total int) int {
	for n := 0; n <= total; n++ {
		if float64(n)/float64(total)+1e-9 >= pass {
			return n
		}
	}
	return math.MaxInt
}

func isTrueFalse(q *Question) bool {
	return q.Type == SingleChoice && len(q.Options) == 2 &&
		q.Options[0].Text == "True" && q.Options[1].Text == "False"
}

var word = regexp.MustCompile(`[a-z0-9]+`)

// contentWords are the words of an ordering question's items that carry
// meaning (four letters or more), to spot the same sequence reworded.
func contentWords(q *Question) map[string]bool {
	ws := map[string]bool{}
	for _, o := range q.Options {
		for _, w := range word.FindAllString(strings.ToLower(o.Text), -1) {
			if len(w) >= 4 {
				ws[w] = true
			}
		}
	}
	return ws
}

func overlap(a, b map[string]bool) float64 {
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	union := len(a) + len(b) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}

func countQuizzes(items []*Item) quizCounts {
	c := quizCounts{orderingWords: map[string]map[string]bool{}}
	problem := func(it *Item, q *Question, format string, args ...any) {
		at := it.File
		if q != nil {
			at = fmt.Sprintf("%s:%d (%s)", it.File, q.Line, q.ID)
		}
		c.Problems = append(c.Problems, at+": "+fmt.Sprintf(format, args...))
	}
	var orderingKeys []string
	for _, it := range items {
		if it.Kind != KindQuiz || it.Quiz == nil {
			continue
		}
		qz := it.Quiz
		intro := strings.Join(strings.Fields(qz.Intro), " ")
		if m := passIntro.FindStringSubmatch(intro); m == nil {
			problem(it, nil, "the introduction does not say \"You need N right to pass\"")
		} else if n, ok := readNumber(m[1]); !ok || n != needed(qz.Pass, len(qz.Questions)) {
			problem(it, nil, "the introduction says %s right to pass; pass %v of %d questions needs %d",
				m[1], qz.Pass, len(qz.Questions), needed(qz.Pass, len(qz.Questions)))
		}
		if m := countIntro.FindStringSubmatch(intro); m != nil {
			if n, ok := readNumber(m[1]); ok && n != len(qz.Questions) {
				problem(it, nil, "the introduction says %s questions; the quiz has %d", m[1], len(qz.Questions))
			}
		}
		scenarios := 0
		for _, q := range qz.Questions {
			if strings.HasPrefix(q.ID, scenarioPrefix) {
				scenarios++
			}
		}
		if m := scenarioIntro.FindStringSubmatch(intro); m != nil {
			if n, ok := readNumber(m[1]); ok && n != scenarios {
				problem(it, nil, "the introduction says %s of them are scenarios; the quiz has %d", m[1], scenarios)
			}
		}
		for _, q := range qz.Questions {
			c.Questions++
			asked := q.Title + "\n" + q.Prompt
			for _, o := range q.Options {
				asked += "\n" + o.Text
			}
			if m := courseRules.FindString(asked); m != "" {
				problem(it, q, "asks about the course's own rules (%q)", m)
			}
			if strings.HasPrefix(q.ID, scenarioPrefix) {
				c.Scenarios++
				if strings.TrimSpace(q.Prompt) == "" {
					problem(it, q, "a scenario needs the founder's situation as its prompt")
				}
			}
			switch {
			case q.Type == Ordering:
				key := it.ID + "/" + q.ID
				ws := contentWords(q)
				for _, other := range orderingKeys {
					if o := overlap(ws, c.orderingWords[other]); o >= 0.5 {
						problem(it, q, "repeats the ordering question %s (%.0f%% of the words)", other, 100*o)
					}
				}
				orderingKeys = append(orderingKeys, key)
				c.orderingWords[key] = ws
				continue
			case isTrueFalse(q):
				c.TrueFalse++
				if q.Options[0].Correct {
					c.KeyedTrue++
				}
			case q.Type == SingleChoice:
				c.Single++
				key := q.Correct()[0]
				longest := true
				for i, o := range q.Options {
					if i != key && utf8.RuneCountInString(o.Text) > utf8.RuneCountInString(q.Options[key].Text) {
						longest = false
					}
				}
				if longest {
					c.LongestIsKey++
				}
			}
			for _, o := range q.Options {
				if o.Correct {
					continue
				}
				c.WrongOptions++
				if strings.TrimSpace(o.Feedback) == "" {
					c.NoFeedback++
					problem(it, q, "the wrong option %q has no feedback", o.Text)
				}
			}
		}
	}
	return c
}

// check returns what is wrong with the counts, one line each.
func (c quizCounts) check() []string {
	var bad []string
	if c.Questions == 0 {
		return []string{"no questions"}
	}
	if 10*c.Scenarios < 4*c.Questions {
		bad = append(bad, fmt.Sprintf("%d of %d questions are scenarios: at least 40%% must be", c.Scenarios, c.Questions))
	}
	if c.TrueFalse > 0 && (100*c.KeyedTrue < 35*c.TrueFalse || 100*c.KeyedTrue > 65*c.TrueFalse) {
		bad = append(bad, fmt.Sprintf("%d of %d true/false questions have \"True\" right: keep it between 35%% and 65%%", c.KeyedTrue, c.TrueFalse))
	}
	if 3*c.LongestIsKey > c.Single {
		bad = append(bad, fmt.Sprintf("in %d of %d single-choice questions the right option is the longest: at most a third may be", c.LongestIsKey, c.Single))
	}
	return append(bad, c.Problems...)
}

func TestEmbeddedQuizQuality(t *testing.T) {
	c, rep := Validate(Default())
	require.Empty(t, rep.Errors)
	n := countQuizzes(c.Items())
	t.Logf("%d questions, %d scenarios; true/false %d, %d keyed true; single choice %d, right option longest in %d; wrong options %d, %d without feedback",
		n.Questions, n.Scenarios, n.TrueFalse, n.KeyedTrue, n.Single, n.LongestIsKey, n.WrongOptions, n.NoFeedback)
	for _, p := range n.check() {
		t.Error(p)
	}
}

// The measure itself: each rule catches what it is meant to catch.
func TestQuizCounts(t *testing.T) {
	quiz := func(id, intro, body string) string {
		return "---\nid: " + id + "\ntitle: Q\nkind: quiz\npass: 0.5\n---\n" + intro + "\n\n" + body
	}
	good := quiz("good", "Four questions. You need two right to pass.",
		"## What should Ana do? {#s-ana}\n\nAna's partner stalls.\n\n- [x] Ask why\n- [ ] Sue at once\n  > Too early.\n\n> Ask first (Smith, 2001).\n\n"+
			"## Water is wet. {#wet}\n\n- [x] True\n- [ ] False\n  > It is.\n\n> Yes (Smith, 2001).\n\n"+
			"## Pick one. {#one}\n\n- [x] A longer answer\n- [ ] B\n  > No.\n\n> A (Smith, 2001).\n\n"+
			"## Order {#order}\n\n1. Plan alliances\n2. Build alliances\n\n> So (Smith, 2001).\n")
	bad := quiz("bad", "Three questions; two of them put you in a founder's place. You need three right to pass.",
		"## What should Bo do? {#s-bo}\n\n- [x] Ask why\n- [ ] Sue at once\n\n> Ask (Smith, 2001).\n\n"+
			"## What does the course need to unlock Stage 3? {#rule}\n\n- [x] Two reviews\n  > x\n- [ ] One\n  > y\n\n> So (Smith, 2001).\n\n"+
			"## Order again {#order2}\n\n1. Plan the alliances\n2. Build the alliances\n\n> So (Smith, 2001).\n")
	cf, rep := Validate(courseFS(map[string]string{"m1/01-good.md": good, "m1/02-bad.md": bad}))
	require.Empty(t, rep.Errors)

	n := countQuizzes([]*Item{cf.Item("good")})
	assert.Equal(t, 4, n.Questions)
	assert.Equal(t, 1, n.Scenarios)
	assert.Equal(t, 1, n.TrueFalse)
	assert.Equal(t, 1, n.KeyedTrue)
	assert.Equal(t, 2, n.Single)
	assert.Equal(t, 1, n.LongestIsKey, "the key of {#one} is the longest, that of {#s-ana} is not")
	assert.Empty(t, n.Problems)
	assert.Equal(t, []string{
		"1 of 4 questions are scenarios: at least 40% must be",
		`1 of 1 true/false questions have "True" right: keep it between 35% and 65%`,
		"in 1 of 2 single-choice questions the right option is the longest: at most a third may be",
	}, n.check())

	n = countQuizzes([]*Item{cf.Item("good"), cf.Item("bad")})
	probs := strings.Join(n.Problems, "\n")
	assert.Contains(t, probs, "02-bad.md: the introduction says three right to pass; pass 0.5 of 3 questions needs 2")
	assert.Contains(t, probs, "02-bad.md: the introduction says two of them are scenarios; the quiz has 1")
	assert.Contains(t, probs, "(s-bo): a scenario needs the founder's situation as its prompt")
	assert.Contains(t, probs, `(s-bo): the wrong option "Sue at once" has no feedback`)
	assert.Contains(t, probs, `(rule): asks about the course's own rules ("the course")`)
	assert.Contains(t, probs, "(order2): repeats the ordering question good/order")
	assert.Equal(t, 1, n.NoFeedback, "%s", probs)
}
