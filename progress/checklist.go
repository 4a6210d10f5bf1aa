package progress

import (
	"fmt"
	"strconv"

	"github.com/allyworks/ally/content"
)

// Check is one condition of an unlock rule as the learner stands with it:
// what it asks (Text, course.Describe's words), whether it holds, the
// learner's current value, and what to open to move it forward.
type Check struct {
	Text    string
	Met     bool
	Current string // e.g. "1 of 2", "5 of 6 quizzes passed", "not taken yet"; "" when there is nothing to add

	// Action is the item that moves this condition forward now (a lesson,
	// quiz or self-assessment in an open module); nil when none can.
	Action *content.Item
	// Blocked says why nothing can help now ("“Governance” is still
	// locked", "no attempts left"); "" when Action is set or Met.
	Blocked string

	// Options are the alternatives of an any: one of them is enough.
	Options []Check
}

// Checklist lists the conditions of a rule, each with its state: the
// conditions of a top-level all (nested alls flattened) one by one; an any
// as one check whose Options are its alternatives; a not as one check. A
// nil rule has none. It is pure.
func Checklist(c *content.Course, st *State, r *content.Rule) []Check {
	e := newEval(c, st)
	return e.checklist(r, nil)
}

func (e *eval) checklist(r *content.Rule, out []Check) []Check {
	if r == nil {
		return out
	}
	if r.Op == content.OpAll {
		for _, a := range r.Args {
			out = e.checklist(a, out)
		}
		return out
	}
	return append(out, e.check(r))
}

// conditions lists r as checklist and unmet do, describing each
// condition once for both.
func (e *eval) conditions(r *content.Rule) conditions {
	var out conditions
	e.addConditions(r, &out)
	return out
}

func (e *eval) addConditions(r *content.Rule, out *conditions) {
	if r == nil {
		return
	}
	if r.Op == content.OpAll {
		for _, a := range r.Args {
			e.addConditions(a, out)
		}
		return
	}
	met := e.holds(r)
	desc := ""
	if r.Op != content.OpAny || !met { // an any's check has its own text
		desc = e.c.Describe(r)
	}
	out.checks = append(out.checks, e.checkDescribed(r, desc, met))
	if !met {
		out.unmet = append(out.unmet, e.unmetText(r, desc))
	}
}

// check states one condition.
func (e *eval) check(r *content.Rule) Check {
	desc := ""
	if r.Op != content.OpAny {
		desc = e.c.Describe(r)
	}
	return e.checkDescribed(r, desc, e.holds(r))
}

// checkDescribed is check with the condition's description (unused for
// an any) and whether it holds known.
func (e *eval) checkDescribed(r *content.Rule, desc string, met bool) Check {
	ch := Check{Text: desc, Met: met}
	switch r.Op {
	case content.OpAny:
		ch.Text = "One of these:"
		for _, a := range r.Args {
			if a.Op == content.OpAll {
				// An all inside an any stays one alternative, in words.
				sub := Check{Text: e.c.Describe(a), Met: e.holds(a)}
				for _, s := range e.checklist(a, nil) {
					if !s.Met {
						sub.Action, sub.Blocked = s.Action, s.Blocked
						break
					}
				}
				ch.Options = append(ch.Options, sub)
				continue
			}
			ch.Options = append(ch.Options, e.check(a))
		}
		if !ch.Met {
			for _, o := range ch.Options { // the first alternative that can move now
				if o.Action != nil {
					ch.Action = o.Action
					break
				}
			}
			if ch.Action == nil {
				ch.Blocked = "none of these can move forward yet"
			}
		}
		return ch
	case content.OpNot:
		return ch
	}
	ch.Current, ch.Action, ch.Blocked = e.progressOf(r)
	if ch.Met {
		ch.Action, ch.Blocked = nil, ""
	}
	return ch
}

// progressOf gives the learner's current value for a condition and the
// item to open to move it forward (or why none can be).
func (e *eval) progressOf(r *content.Rule) (current string, action *content.Item, blocked string) {
	if p, ok := e.progress[r]; ok {
		return p.current, p.action, p.blocked
	}
	current, action, blocked = e.progressNow(r)
	e.progress[r] = progressed{current: current, action: action, blocked: blocked}
	return current, action, blocked
}

func (e *eval) progressNow(r *content.Rule) (current string, action *content.Item, blocked string) {
	c := e.c
	switch r.Op {
	case content.OpCompleted:
		switch {
		case c.Stage(r.Target) != nil:
			s := c.Stage(r.Target)
			done := 0
			var first *content.Module
			for _, m := range s.Modules {
				if e.modDone[m] {
					done++
				} else if first == nil {
					first = m
				}
			}
			current = fmt.Sprintf("%d of %d modules completed", done, len(s.Modules))
			if first != nil {
				action, blocked = e.moduleStep(first)
			}
		case c.Module(r.Target) != nil:
			m := c.Module(r.Target)
			req := m.Required()
			done := 0
			for _, it := range req {
				if e.done(it) {
					done++
				}
			}
			current = fmt.Sprintf("%d of %d items done", done, len(req))
			action, blocked = e.moduleStep(m)
		case c.Item(r.Target) != nil:
			it := c.Item(r.Target)
			current = e.itemValue(it)
			action, blocked = e.canDo(it)
		}
	case content.OpPassed:
		if it := c.Item(r.Target); it != nil {
			current = e.itemValue(it)
			if r.Min != nil && len(e.quizAttempts(it.ID)) > 0 && it.Quiz != nil {
				current = "best " + pct(SummarizeQuiz(it.Quiz, e.quizAttempts(it.ID)).Best) + " of " + pct(*r.Min) + " needed"
			}
			action, blocked = e.canDo(it)
			return current, action, blocked
		}
		quizzes := c.Quizzes(r.Target)
		passed := 0
		for _, q := range quizzes {
			if e.quizPassed(q, r.Min) {
				passed++
				continue
			}
			if action == nil {
				a, b := e.canDo(q)
				action = a
				if blocked == "" {
					blocked = b
				}
			}
		}
		if action != nil {
			blocked = ""
		}
		current = fmt.Sprintf("%d of %d quizzes passed", passed, len(quizzes))
	case content.OpRecorded:
		n := Count(c, e.st, r)
		current = fmt.Sprintf("%d recorded", n)
		if r.Min != nil {
			current = fmt.Sprintf("%d of %s recorded", n, strconv.FormatFloat(*r.Min, 'f', -1, 64))
		}
		if it := c.Worksheet(r.Target); it != nil {
			action, blocked = e.canDo(it)
		}
	case content.OpAnswered, content.OpPlaced:
		a := c.Item(r.Target)
		if a == nil {
			return "", nil, "the course has no such self-assessment"
		}
		latest := e.latestAssessment(a.ID)
		switch {
		case latest == nil:
			current = "not taken yet"
		case r.Op == content.OpPlaced:
			current = "not placed yet"
			if s := c.Stage(latest.Placement); s != nil {
				current = "placed in " + stageName(s)
			}
		default:
			current = e.answerValue(r, latest)
		}
		action, blocked = e.canDo(a)
	}
	return current, action, blocked
}

// answerValue is the latest answer to an answered condition's item:
// "1 of 2" for a lower bound alone, else the answer.
func (e *eval) answerValue(r *content.Rule, a *AssessmentAttempt) string {
	v, ok := a.Answers[r.Item]
	if !ok {
		return "not answered yet"
	}
	num := strconv.FormatFloat(v, 'f', -1, 64)
	unit := ""
	if it := e.c.Item(r.Target); it != nil && it.Assessment != nil {
		if ai := it.Assessment.Item(r.Item); ai != nil && ai.Type == content.Number && ai.Unit != "" {
			unit = ai.Unit + " you reported: "
		}
	}
	if unit == "" {
		unit = "your latest answer: "
	}
	if r.Min != nil && r.Max == nil {
		return unit + num + " of " + strconv.FormatFloat(*r.Min, 'f', -1, 64)
	}
	return unit + num
}

// itemValue is where the learner stands with one item, in words.
func (e *eval) itemValue(it *content.Item) string {
	switch it.Kind {
	case content.KindQuiz:
		atts := e.quizAttempts(it.ID)
		if len(atts) == 0 || it.Quiz == nil {
			return "not taken yet"
		}
		s := SummarizeQuiz(it.Quiz, atts)
		if s.Passed {
			return "passed with " + pct(s.Best)
		}
		return "best " + pct(s.Best) + " of " + pct(it.Quiz.Pass) + " needed"
	case content.KindAssessment:
		if e.latestAssessment(it.ID) == nil {
			return "not taken yet"
		}
		return "taken"
	}
	if e.done(it) {
		return "read"
	}
	return "not read yet"
}

func (e *eval) quizPassed(q *content.Item, minScore *float64) bool {
	atts := e.quizAttempts(q.ID)
	if len(atts) == 0 || q.Quiz == nil {
		return false
	}
	s := SummarizeQuiz(q.Quiz, atts)
	if minScore != nil {
		return reaches(s.Best, *minScore)
	}
	return s.Passed
}

// moduleStep is the first required item of m not done yet, if it can be
// opened now.
func (e *eval) moduleStep(m *content.Module) (*content.Item, string) {
	for _, it := range m.Required() {
		if !e.done(it) {
			return e.canDo(it)
		}
	}
	return nil, ""
}

// canDo returns it when the learner can open it now and it can still move
// forward, else why not.
func (e *eval) canDo(it *content.Item) (*content.Item, string) {
	if !e.moduleOpen(it.Module) {
		return nil, "“" + it.Module.Title + "” is still locked"
	}
	if it.Kind == content.KindQuiz && it.Quiz != nil && !SummarizeQuiz(it.Quiz, e.quizAttempts(it.ID)).CanAttempt() {
		return nil, "no attempts left at “" + it.Title + "”"
	}
	return it, ""
}

func stageName(s *content.Stage) string {
	if s.Label != "" {
		return s.Label + " · " + s.Title
	}
	return s.Title
}

// Percent writes a fraction (0 … 1) as a whole percentage, rounding half
// up: 0.125 is "13%". Ally's screens and commands all use it, so a score
// reads the same everywhere.
func Percent(f float64) string { return fmt.Sprintf("%d%%", int(f*100+0.5)) }

func pct(f float64) string { return Percent(f) }
