package progress

import (
	"fmt"
	"strings"

	"github.com/allyworks/ally/content"
)

// Status is where a learner stands with a module.
type Status int

// Module statuses.
const (
	StatusLocked     Status = iota // its unlock rule does not hold yet
	StatusOpen                     // unlocked, nothing started
	StatusInProgress               // unlocked, something started, not completed
	StatusCompleted                // every required item completed
)

func (s Status) String() string {
	return [...]string{"locked", "open", "in progress", "completed"}[s]
}

// ItemStatus is where a learner stands with an item.
type ItemStatus int

// Item statuses.
const (
	ItemNotStarted ItemStatus = iota // never opened or attempted
	ItemStarted                      // lesson opened, quiz attempted but not passed
	ItemDone                         // lesson read to the end, quiz passed, assessment taken
)

func (s ItemStatus) String() string {
	return [...]string{"not started", "started", "completed"}[s]
}

// ItemState is an item as the learner has it.
type ItemState struct {
	Item     *content.Item
	Status   ItemStatus
	Required bool    // counts towards its module's completion
	Scroll   float64 // lessons: last position, 0 … 1

	Quiz       *QuizSummary       // quizzes only
	Assessment *AssessmentSummary // assessments only
}

// AssessmentSummary is where a learner stands with a self-assessment.
type AssessmentSummary struct {
	Taken     int                // attempts
	Latest    *AssessmentAttempt // nil when never taken
	Placement *content.Stage     // the latest attempt's stage; nil when none (or gone from the course)
	Change    map[string]float64 // score change since the attempt before the latest
}

// ModuleState is a module as the learner has it.
type ModuleState struct {
	Module *content.Module
	Status Status
	// Unmet lists, for a locked module, each condition of its rule that
	// does not hold yet, in plain words.
	Unmet []string
	// Checks is the whole rule of a locked module as a checklist (met
	// conditions included), with the learner's values; nil when open.
	Checks []Check
	Done   int // required items completed
	Total  int // required items
	// Minutes is the time its required items take (their minutes:), and
	// MinutesLeft that of those not done yet.
	Minutes, MinutesLeft int
	Preview              bool // locked, but its lessons may be read
	Items                []*ItemState
}

// StageState is a stage as the learner has it.
type StageState struct {
	Stage     *content.Stage
	Modules   []*ModuleState
	Done      int // modules completed
	Total     int
	Completed bool
	// Minutes and MinutesLeft add up its modules'.
	Minutes, MinutesLeft int
}

// NextKind says what the next step is.
type NextKind int

// Next step kinds.
const (
	NextItem     NextKind = iota // do Item (in Module)
	NextUnlock                   // nothing open is left: Module opens once Unmet holds
	NextComplete                 // every module is completed
)

// Next is the one step to recommend.
type Next struct {
	Kind   NextKind
	Module *content.Module // NextItem, NextUnlock
	Item   *content.Item   // NextItem
	Unmet  []string        // NextUnlock
	Checks []Check         // NextUnlock: Module's rule as a checklist
	// Action is, for NextUnlock, the item that moves the first unmet
	// condition forward now (nil when none can).
	Action *content.Item
}

func (n Next) String() string {
	switch n.Kind {
	case NextItem:
		verb := "Read"
		switch n.Item.Kind {
		case content.KindQuiz:
			verb = "Take the quiz"
		case content.KindAssessment:
			verb = "Take the self-assessment"
		case content.KindWorksheet:
			verb = "Fill in the worksheet"
		}
		return fmt.Sprintf("%s “%s” in “%s”", verb, n.Item.Title, n.Module.Title)
	case NextUnlock:
		return fmt.Sprintf("To open “%s”: %s", n.Module.Title, strings.Join(n.Unmet, "; "))
	}
	return "Course complete"
}

// Overview is a whole course as the learner has it: the result of Evaluate.
type Overview struct {
	Stages    []*StageState
	Modules   []*ModuleState // every module, in course order
	Next      Next
	Orphans   []Orphan
	Completed bool // every module completed
	// Minutes and MinutesLeft add up the stages'.
	Minutes, MinutesLeft int

	byID map[string]any // *ModuleState, *ItemState
}

// Module returns the module's state, or nil.
func (o *Overview) Module(id string) *ModuleState { m, _ := o.byID[id].(*ModuleState); return m }

// Item returns the item's state, or nil.
func (o *Overview) Item(id string) *ItemState { it, _ := o.byID[id].(*ItemState); return it }

// Evaluate works out, from a course and a learner's records, the state of
// every stage, module and item, the next step and the orphaned records.
// It is pure; st may be nil (no records).
func Evaluate(c *content.Course, st *State) *Overview {
	e := newEval(c, st)
	o := &Overview{byID: map[string]any{}, Orphans: Orphans(c, st), Completed: true}
	for _, s := range c.Stages {
		ss := &StageState{Stage: s, Total: len(s.Modules)}
		for _, m := range s.Modules {
			ms := e.module(m)
			ss.Modules = append(ss.Modules, ms)
			o.Modules = append(o.Modules, ms)
			o.byID[m.ID] = ms
			for _, it := range ms.Items {
				o.byID[it.Item.ID] = it
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
	o.Next = next(o)
	return o
}

// next picks the step to recommend: the first incomplete required item of
// the first open, incomplete module; else how to open the first locked one.
func next(o *Overview) Next {
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

// Holds reports whether an unlock rule holds for the learner's records. A
// nil rule holds.
func Holds(c *content.Course, st *State, r *content.Rule) bool {
	return newEval(c, st).holds(r)
}

// Unmet lists what keeps a rule from holding, in plain words: each failing
// condition of a top-level all (nested alls are flattened), described by
// course.Describe; a failing any, or not, is one entry describing the whole
// of it. It is empty when the rule holds.
func Unmet(c *content.Course, st *State, r *content.Rule) []string {
	return newEval(c, st).unmet(r, nil)
}

// eval answers rule conditions over one state. Item, module and stage
// completion do not depend on locks, so they are computed first.
type eval struct {
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
	progress map[*content.Rule]progressed
}

// progressed is what progressOf gives.
type progressed struct {
	current, blocked string
	action           *content.Item
}

func newEval(c *content.Course, st *State) *eval {
	if st == nil {
		st = &State{}
		st.normalize()
	}
	e := &eval{c: c, st: st, itemDone: map[string]bool{}, modDone: map[string]bool{}, held: map[*content.Rule]bool{},
		opened: map[*content.Module]bool{}, progress: map[*content.Rule]progressed{}}
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
func (e *eval) itemStatus(it *content.Item) ItemStatus {
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
func (e *eval) hasDraft(worksheet string) bool {
	for _, d := range e.st.Drafts.Entries {
		if d.Worksheet == worksheet {
			return true
		}
	}
	return false
}

func (e *eval) quizAttempts(id string) []QuizAttempt {
	if r := e.st.Quizzes[id]; r != nil {
		return r.Attempts
	}
	return nil
}

func (e *eval) module(m *content.Module) *ModuleState {
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

func (e *eval) assessment(id string) *AssessmentSummary {
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
func (e *eval) holds(r *content.Rule) bool {
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

func (e *eval) holdsNow(r *content.Rule) bool {
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

func (e *eval) latestAssessment(id string) *AssessmentAttempt {
	return e.st.Assessments[id].Latest()
}

// completed: a stage (every module), module or item is completed.
func (e *eval) completed(id string) bool {
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
func (e *eval) passed(r *content.Rule) bool {
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
func (e *eval) unmet(r *content.Rule, out []string) []string {
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
func (e *eval) moduleOpen(m *content.Module) bool {
	if o, ok := e.opened[m]; ok {
		return o
	}
	_, once := e.st.Unlocked[m.ID]
	o := once || e.modDone[m.ID] || e.holds(m.EffectiveRule())
	e.opened[m] = o
	return o
}

// NewlyOpen compares two overviews of the same course, before and after a
// change, and returns what the change opened: each stage none of whose
// modules was open before and some of whose are now, and the other modules
// that opened. It is pure.
func NewlyOpen(before, after *Overview) (stages []*content.Stage, modules []*content.Module) {
	for i, s := range after.Stages {
		if i >= len(before.Stages) {
			break
		}
		wasOpen, opened := false, []*content.Module{}
		for j, ms := range s.Modules {
			was := before.Stages[i].Modules[j].Status != StatusLocked
			wasOpen = wasOpen || was
			if !was && ms.Status != StatusLocked {
				opened = append(opened, ms.Module)
			}
		}
		switch {
		case len(opened) == 0:
		case !wasOpen:
			stages = append(stages, s.Stage)
		default:
			modules = append(modules, opened...)
		}
	}
	return stages, modules
}
