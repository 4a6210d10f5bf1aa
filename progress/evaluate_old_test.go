package progress

// The unlock engine as it was before issue 16 made Evaluate cheaper on big
// courses (commit 890b0c4), kept as the oracle of TestEvaluateAsBefore:
// Evaluate must give the same overview, field for field.

import (
	"fmt"
	"strconv"

	"github.com/allyworks/ally/content"
)

func oldEvaluate(c *content.Course, st *State) (*Overview, map[string]any) {
	e := newOldEval(c, st)
	byID := map[string]any{}
	o := &Overview{Orphans: Orphans(c, st), Completed: true}
	for _, s := range c.Stages {
		ss := &StageState{Stage: s, Total: len(s.Modules)}
		for _, m := range s.Modules {
			ms := e.module(m)
			ss.Modules = append(ss.Modules, ms)
			o.Modules = append(o.Modules, ms)
			byID[m.ID] = ms
			for _, it := range ms.Items {
				byID[it.Item.ID] = it
			}
			if ms.Status == StatusCompleted {
				ss.Done++
			}
			ss.Minutes += ms.Minutes
			ss.MinutesLeft += ms.MinutesLeft
		}
		ss.Completed = ss.Done == ss.Total
		o.Minutes += ss.Minutes
		o.MinutesLeft += ss.MinutesLeft
		o.Completed = o.Completed && ss.Completed
		o.Stages = append(o.Stages, ss)
	}
	o.Next = oldNext(o)
	return o, byID
}

// next picks the step to recommend: the first incomplete required item of
// the first open, incomplete module; else how to open the first locked one.
func oldNext(o *Overview) Next {
	for _, ms := range o.Modules {
		if ms.Status != StatusOpen && ms.Status != StatusInProgress {
			continue
		}
		for _, it := range ms.Items {
			if it.Required && it.Status != ItemDone {
				return Next{Kind: NextItem, Module: ms.Module, Item: it.Item}
			}
		}
	}
	for _, ms := range o.Modules {
		if ms.Status == StatusLocked {
			n := Next{Kind: NextUnlock, Module: ms.Module, Unmet: ms.Unmet, Checks: ms.Checks}
			for _, ch := range ms.Checks {
				if !ch.Met && ch.Action != nil {
					n.Action = ch.Action
					break
				}
			}
			return n
		}
	}
	return Next{Kind: NextComplete}
}

// oldEval answers rule conditions over one state. Item, module and stage
// completion do not depend on locks, so they are computed first.
type oldEval struct {
	c        *content.Course
	st       *State
	itemDone map[string]bool
	modDone  map[string]bool
	// held remembers what each rule node gave: a stage's rule is shared by
	// every module of the stage, and evaluating it for each made Evaluate
	// quadratic (2.5 s at 50,000 lessons).
	held map[*content.Rule]bool
	// opened and progress remember moduleOpen and progressOf the same way.
	opened   map[*content.Module]bool
	progress map[*content.Rule]oldProgressed
}

// oldProgressed is what progressOf gives.
type oldProgressed struct {
	current, blocked string
	action           *content.Item
}

func newOldEval(c *content.Course, st *State) *oldEval {
	if st == nil {
		st = &State{}
		st.normalize()
	}
	e := &oldEval{c: c, st: st, itemDone: map[string]bool{}, modDone: map[string]bool{}, held: map[*content.Rule]bool{},
		opened: map[*content.Module]bool{}, progress: map[*content.Rule]oldProgressed{}}
	for _, m := range c.Modules {
		done := true
		for _, it := range m.Items {
			e.itemDone[it.ID] = e.itemStatus(it) == ItemDone
		}
		for _, it := range m.Required() {
			done = done && e.itemDone[it.ID]
		}
		e.modDone[m.ID] = done
	}
	return e
}

// itemStatus is an item's status from its records alone.
func (e *oldEval) itemStatus(it *content.Item) ItemStatus {
	switch it.Kind {
	case content.KindQuiz:
		atts := e.quizAttempts(it.ID)
		switch {
		case len(atts) == 0:
			return ItemNotStarted
		case it.Quiz != nil && SummarizeQuiz(it.Quiz, atts).Passed:
			return ItemDone
		}
		return ItemStarted
	case content.KindAssessment:
		if r := e.st.Assessments[it.ID]; r != nil && len(r.Attempts) > 0 {
			return ItemDone
		}
		return ItemNotStarted
	case content.KindWorksheet:
		if r := e.st.Worksheets[it.ID]; r != nil && len(r.Entries) > 0 {
			return ItemDone // something is logged; a log is never finished
		}
		if e.hasDraft(it.ID) {
			return ItemStarted
		}
		return ItemNotStarted
	}
	l := e.st.Lessons[it.ID]
	switch {
	case l == nil:
		return ItemNotStarted
	case l.Done():
		return ItemDone
	}
	return ItemStarted
}

// hasDraft reports an entry of the worksheet being typed.
func (e *oldEval) hasDraft(worksheet string) bool {
	for _, d := range e.st.Drafts.Entries {
		if d.Worksheet == worksheet {
			return true
		}
	}
	return false
}

func (e *oldEval) quizAttempts(id string) []QuizAttempt {
	if r := e.st.Quizzes[id]; r != nil {
		return r.Attempts
	}
	return nil
}

func (e *oldEval) module(m *content.Module) *ModuleState {
	ms := &ModuleState{Module: m}
	required := map[*content.Item]bool{}
	for _, it := range m.Required() {
		required[it] = true
	}
	started := false
	for _, it := range m.Items {
		is := &ItemState{Item: it, Status: e.itemStatus(it), Required: required[it]}
		switch it.Kind {
		case content.KindLesson:
			if l := e.st.Lessons[it.ID]; l != nil {
				is.Scroll = l.Scroll
			}
		case content.KindQuiz:
			if it.Quiz != nil {
				qs := SummarizeQuiz(it.Quiz, e.quizAttempts(it.ID))
				is.Quiz = &qs
			}
		case content.KindAssessment:
			is.Assessment = e.assessment(it.ID)
		}
		if is.Required {
			ms.Total++
			ms.Minutes += it.Minutes
			if is.Status == ItemDone {
				ms.Done++
			} else {
				ms.MinutesLeft += it.Minutes
			}
		}
		started = started || is.Status != ItemNotStarted
		ms.Items = append(ms.Items, is)
	}
	rule := m.EffectiveRule()
	switch {
	case e.modDone[m.ID]:
		ms.Status = StatusCompleted
	case !e.moduleOpen(m):
		ms.Status = StatusLocked
		ms.Unmet = e.unmet(rule, nil)
		ms.Checks = e.checklist(rule, nil)
		ms.Preview = m.Preview
	case started:
		ms.Status = StatusInProgress
	default:
		ms.Status = StatusOpen
	}
	return ms
}

func (e *oldEval) assessment(id string) *AssessmentSummary {
	s := &AssessmentSummary{Change: map[string]float64{}}
	r := e.st.Assessments[id]
	if r == nil || len(r.Attempts) == 0 {
		return s
	}
	n := len(r.Attempts)
	s.Taken = n
	s.Latest = &r.Attempts[n-1]
	s.Placement = e.c.Stage(s.Latest.Placement)
	if n > 1 {
		s.Change = Change(&r.Attempts[n-2], s.Latest)
	}
	return s
}

// holds evaluates a rule (see AUTHORING.md, "Unlock rules").
func (e *oldEval) holds(r *content.Rule) bool {
	if r == nil {
		return true
	}
	if h, ok := e.held[r]; ok {
		return h
	}
	h := e.holdsNow(r)
	e.held[r] = h
	return h
}

func (e *oldEval) holdsNow(r *content.Rule) bool {
	switch r.Op {
	case content.OpAll:
		for _, a := range r.Args {
			if !e.holds(a) {
				return false
			}
		}
		return true
	case content.OpAny:
		for _, a := range r.Args {
			if e.holds(a) {
				return true
			}
		}
		return false
	case content.OpNot:
		return len(r.Args) == 1 && !e.holds(r.Args[0])
	case content.OpCompleted:
		return e.completed(r.Target)
	case content.OpPassed:
		return e.passed(r)
	case content.OpAnswered:
		a := e.latestAssessment(r.Target)
		if a == nil {
			return false
		}
		v, ok := a.Answers[r.Item]
		return ok && (content.Bounds{Min: r.Min, Max: r.Max}).Contains(v)
	case content.OpRecorded:
		return r.Min != nil && float64(Count(e.c, e.st, r)) >= *r.Min
	case content.OpPlaced:
		a := e.latestAssessment(r.Target)
		want := e.c.Stage(r.Stage)
		if a == nil || want == nil {
			return false
		}
		got := e.c.Stage(a.Placement)
		return got != nil && got.Index >= want.Index
	}
	return false
}

func (e *oldEval) latestAssessment(id string) *AssessmentAttempt {
	return e.st.Assessments[id].Latest()
}

// completed: a stage (every module), module or item is completed.
func (e *oldEval) completed(id string) bool {
	if s := e.c.Stage(id); s != nil {
		for _, m := range s.Modules {
			if !e.modDone[m.ID] {
				return false
			}
		}
		return true
	}
	if e.c.Module(id) != nil {
		return e.modDone[id]
	}
	return e.itemDone[id]
}

// passed: the quiz's best score reaches its pass mark (or the rule's min);
// for a module or stage, every quiz in it does.
func (e *oldEval) passed(r *content.Rule) bool {
	if it := e.c.Item(r.Target); it != nil && it.Kind != content.KindQuiz {
		return false
	}
	if e.c.Item(r.Target) == nil && e.c.Module(r.Target) == nil && e.c.Stage(r.Target) == nil {
		return false
	}
	for _, q := range e.c.Quizzes(r.Target) {
		atts := e.quizAttempts(q.ID)
		if len(atts) == 0 || q.Quiz == nil {
			return false
		}
		s := SummarizeQuiz(q.Quiz, atts)
		if r.Min != nil {
			if !reaches(s.Best, *r.Min) {
				return false
			}
		} else if !s.Passed {
			return false
		}
	}
	return true
}

// unmet appends to out a description of each failing part of r.
func (e *oldEval) unmet(r *content.Rule, out []string) []string {
	if r == nil || e.holds(r) {
		return out
	}
	if r.Op == content.OpAll {
		for _, a := range r.Args {
			out = e.unmet(a, out)
		}
		return out
	}
	if r.Op == content.OpRecorded {
		// The gate checklist shows how far the learner is.
		return append(out, fmt.Sprintf("%s (%d so far)", e.c.Describe(r), Count(e.c, e.st, r)))
	}
	return append(out, e.c.Describe(r))
}

// moduleOpen reports whether the learner may work in m: its rule holds,
// it is already completed, or it was open once (unlocking sticks).
func (e *oldEval) moduleOpen(m *content.Module) bool {
	if o, ok := e.opened[m]; ok {
		return o
	}
	_, once := e.st.Unlocked[m.ID]
	o := once || e.modDone[m.ID] || e.holds(m.EffectiveRule())
	e.opened[m] = o
	return o
}

func (e *oldEval) checklist(r *content.Rule, out []Check) []Check {
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

// check states one condition.
func (e *oldEval) check(r *content.Rule) Check {
	ch := Check{Text: e.c.Describe(r), Met: e.holds(r)}
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
func (e *oldEval) progressOf(r *content.Rule) (current string, action *content.Item, blocked string) {
	if p, ok := e.progress[r]; ok {
		return p.current, p.action, p.blocked
	}
	current, action, blocked = e.progressNow(r)
	e.progress[r] = oldProgressed{current: current, action: action, blocked: blocked}
	return current, action, blocked
}

func (e *oldEval) progressNow(r *content.Rule) (current string, action *content.Item, blocked string) {
	c := e.c
	switch r.Op {
	case content.OpCompleted:
		switch {
		case c.Stage(r.Target) != nil:
			s := c.Stage(r.Target)
			done := 0
			var first *content.Module
			for _, m := range s.Modules {
				if e.modDone[m.ID] {
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
			done := 0
			for _, it := range m.Required() {
				if e.itemDone[it.ID] {
					done++
				}
			}
			current = fmt.Sprintf("%d of %d items done", done, len(m.Required()))
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
func (e *oldEval) answerValue(r *content.Rule, a *AssessmentAttempt) string {
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
func (e *oldEval) itemValue(it *content.Item) string {
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
	if e.itemDone[it.ID] {
		return "read"
	}
	return "not read yet"
}

func (e *oldEval) quizPassed(q *content.Item, minScore *float64) bool {
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
func (e *oldEval) moduleStep(m *content.Module) (*content.Item, string) {
	for _, it := range m.Required() {
		if !e.itemDone[it.ID] {
			return e.canDo(it)
		}
	}
	return nil, ""
}

// canDo returns it when the learner can open it now and it can still move
// forward, else why not.
func (e *oldEval) canDo(it *content.Item) (*content.Item, string) {
	if !e.moduleOpen(it.Module) {
		return nil, "“" + it.Module.Title + "” is still locked"
	}
	if it.Kind == content.KindQuiz && it.Quiz != nil && !SummarizeQuiz(it.Quiz, e.quizAttempts(it.ID)).CanAttempt() {
		return nil, "no attempts left at “" + it.Title + "”"
	}
	return it, ""
}
