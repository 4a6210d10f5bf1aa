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

	course   *content.Course
	byModule map[*content.Module]*ModuleState
}

// Module returns the module's state, or nil.
func (o *Overview) Module(id string) *ModuleState {
	if o.course == nil {
		return nil
	}
	return o.byModule[o.course.Module(id)]
}

// Item returns the item's state, or nil.
func (o *Overview) Item(id string) *ItemState {
	if o.course == nil {
		return nil
	}
	it := o.course.Item(id)
	if it == nil {
		return nil
	}
	if ms := o.byModule[it.Module]; ms != nil {
		for _, is := range ms.Items {
			if is.Item == it {
				return is
			}
		}
	}
	return nil
}

// Evaluate works out, from a course and a learner's records, the state of
// every stage, module and item, the next step and the orphaned records.
// It is pure; st may be nil (no records).
//
// A course of 50,000 lessons has 60,000 item states: they are made in a
// few large allocations (see slabs), and looked up through the course's
// own index rather than one of their own.
func Evaluate(c *content.Course, st *State) *Overview {
	e := newEval(c, st)
	modules, stages := 0, make([]StageState, len(c.Stages))
	for _, s := range c.Stages {
		modules += len(s.Modules)
		for _, m := range s.Modules {
			e.slabs.items += len(m.Items)
			for _, it := range m.Items {
				if it.Kind == content.KindQuiz && it.Quiz != nil {
					e.slabs.quizzes++
				}
			}
		}
	}
	e.slabs.make(modules)
	o := &Overview{course: c, byModule: make(map[*content.Module]*ModuleState, modules), Orphans: Orphans(c, st), Completed: true,
		Modules: sized[*ModuleState](modules)}
	if len(c.Stages) > 0 {
		o.Stages = make([]*StageState, 0, len(c.Stages))
	}
	for i, s := range c.Stages {
		ss := &stages[i]
		*ss = StageState{Stage: s, Total: len(s.Modules), Modules: sized[*ModuleState](len(s.Modules))}
		for _, m := range s.Modules {
			ms := e.module(m)
			ss.Modules = append(ss.Modules, ms)
			o.Modules = append(o.Modules, ms)
			o.byModule[m] = ms
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

// sized is an empty slice with room for n elements; nil when n is 0, as
// appending to nil leaves it.
func sized[T any](n int) []T {
	if n == 0 {
		return nil
	}
	return make([]T, 0, n)
}

// slabs hold Evaluate's module, item and quiz states, allocated at once
// for the whole course: one allocation per kind instead of one per state.
type slabs struct {
	items, quizzes int // to make: Evaluate counts them first
	modules        []ModuleState
	itemStates     []ItemState
	itemPtrs       []*ItemState
	quizStates     []QuizSummary
}

func (s *slabs) make(modules int) {
	s.modules = make([]ModuleState, 0, modules)
	s.itemStates = make([]ItemState, 0, s.items)
	s.itemPtrs = make([]*ItemState, 0, s.items)
	s.quizStates = make([]QuizSummary, 0, s.quizzes)
}

// grab is a new zero element of a slab (on its own when the slab is full).
func grab[T any](slab *[]T) *T {
	n := len(*slab)
	if n == cap(*slab) {
		return new(T)
	}
	*slab = (*slab)[:n+1]
	return &(*slab)[n]
}

// itemList is an empty list with room for a module's n item states; nil
// when n is 0.
func (s *slabs) itemList(n int) []*ItemState {
	if n == 0 || cap(s.itemPtrs)-len(s.itemPtrs) < n {
		return sized[*ItemState](n)
	}
	l := len(s.itemPtrs)
	s.itemPtrs = s.itemPtrs[:l+n]
	return s.itemPtrs[l : l : l+n]
}

// eval answers rule conditions over one state. Item, module and stage
// completion do not depend on locks, so they are computed first.
type eval struct {
	c       *content.Course
	st      *State
	modDone map[*content.Module]bool
	// held remembers what each rule node gave: a stage's rule is shared by
	// every module of the stage, and evaluating it for each made Evaluate
	// quadratic (2.5 s at 50,000 lessons).
	held map[*content.Rule]bool
	// opened and progress remember moduleOpen and progressOf the same way.
	opened   map[*content.Module]bool
	progress map[*content.Rule]progressed
	// stageLock remembers what a stage's rule lacks, for the locked
	// modules of the stage (see lock).
	stageLock map[*content.Rule]conditions
	slabs     slabs // Evaluate's
}

// conditions is a rule as a checklist, and what of it does not hold.
type conditions struct {
	unmet  []string
	checks []Check
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
	n := len(c.Modules)
	e := &eval{c: c, st: st, modDone: make(map[*content.Module]bool, n), held: make(map[*content.Rule]bool, n+len(c.Stages)),
		opened: make(map[*content.Module]bool, n), progress: map[*content.Rule]progressed{}, stageLock: map[*content.Rule]conditions{}}
	for _, m := range c.Modules {
		all := everyItemRequired(m)
		done := true
		for _, it := range m.Items {
			if (all || !it.Optional) && !e.done(it) {
				done = false
				break
			}
		}
		e.modDone[m] = done
	}
	return e
}

// everyItemRequired: m marks all its items optional, so all of them
// count (content.Module.Required).
func everyItemRequired(m *content.Module) bool {
	for _, it := range m.Items {
		if !it.Optional {
			return false
		}
	}
	return true
}

// done: the item is done, from its records alone.
func (e *eval) done(it *content.Item) bool { return e.itemStatus(it) == ItemDone }

// itemDone: the item with the id is done (false for an id that is no
// item of the course).
func (e *eval) itemDone(id string) bool {
	it := e.c.Item(id)
	return it != nil && e.done(it)
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
	ms := grab(&e.slabs.modules)
	*ms = ModuleState{Module: m, Items: e.slabs.itemList(len(m.Items))}
	all := everyItemRequired(m)
	started := false
	for _, it := range m.Items {
		is := grab(&e.slabs.itemStates)
		*is = ItemState{Item: it, Status: e.itemStatus(it), Required: all || !it.Optional}
		switch it.Kind {
		case content.KindLesson:
			if l := e.st.Lessons[it.ID]; l != nil {
				is.Scroll = l.Scroll
			}
		case content.KindQuiz:
			if it.Quiz != nil {
				is.Quiz = grab(&e.slabs.quizStates)
				*is.Quiz = SummarizeQuiz(it.Quiz, e.quizAttempts(it.ID))
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
	switch {
	case e.modDone[m]:
		ms.Status = StatusCompleted
	case !e.moduleOpen(m):
		ms.Status = StatusLocked
		lock := e.lock(m)
		ms.Unmet, ms.Checks = lock.unmet, lock.checks
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
			if !e.modDone[m] {
				return false
			}
		}
		return true
	}
	if m := e.c.Module(id); m != nil {
		return e.modDone[m]
	}
	return e.itemDone(id)
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
	return append(out, e.unmetText(r, e.c.Describe(r)))
}

// unmetText is how unmet describes a failing condition r, whose
// description is desc.
func (e *eval) unmetText(r *content.Rule, desc string) string {
	if r.Op == content.OpRecorded {
		// The gate checklist shows how far the learner is.
		return fmt.Sprintf("%s (%d so far)", desc, Count(e.c, e.st, r))
	}
	return desc
}

// rules are the two parts of a module's effective rule (either may be
// nil): its stage's and its own.
func rules(m *content.Module) (stage, own *content.Rule) {
	if m.Stage != nil {
		stage = m.Stage.Requires
	}
	return stage, m.Requires
}

// lock is what keeps the locked module m closed: unmet and checklist of
// its effective rule (an all of its stage's rule and its own, whose parts
// they list one after the other). The stage's part is worked out once
// for all the modules of the stage; the lists of a module may share it,
// capped so that appending to one copies it.
func (e *eval) lock(m *content.Module) conditions {
	stage, own := rules(m)
	var sc conditions
	if stage != nil {
		var ok bool
		if sc, ok = e.stageLock[stage]; !ok {
			sc = e.conditions(stage)
			e.stageLock[stage] = sc
		}
	}
	oc := e.conditions(own)
	return conditions{unmet: joined(sc.unmet, oc.unmet), checks: joined(sc.checks, oc.checks)}
}

// joined is a followed by b, sharing a or b when the other is empty.
func joined[T any](a, b []T) []T {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a[:len(a):len(a)]
	}
	return append(a[:len(a):len(a)], b...)
}

// moduleOpen reports whether the learner may work in m: its rule holds,
// it is already completed, or it was open once (unlocking sticks).
func (e *eval) moduleOpen(m *content.Module) bool {
	if o, ok := e.opened[m]; ok {
		return o
	}
	_, once := e.st.Unlocked[m.ID]
	stage, own := rules(m)
	o := once || e.modDone[m] || (e.holds(stage) && e.holds(own)) // the effective rule, an all of both
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
