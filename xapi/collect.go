package xapi

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Collector rebuilds learners' progress records from statements (an
// export, or an LRS's answer), one statement at a time: what a statement
// says about a lesson, quiz or self-assessment of the course becomes the
// record it was derived from. Statements about other courses are counted
// and dropped.
type Collector struct {
	course *content.Course
	*index

	learners map[string]*Collected
	last     *Collected // the learner of the statement before: files hold one learner's
	Skipped  int        // statements not about this course
}

// index maps the activity ids of a course to what they are; it is built
// once per course and only read, so collectors share it.
type index struct {
	base, baseSlash string                   // the course IRI, and it with a slash
	items           map[string]*content.Item // activity IRI → item
	qs              map[string]question      // activity IRI → quiz question
	sheets          map[string]*content.Item // activity IRI → worksheet marked `report: counts`
	entryPrefix     map[string]string        // worksheet id → its entries' IRI up to the entry id
}

type question struct {
	item *content.Item
	q    *content.Question
}

// Collected is one learner's records as the statements tell them.
type Collected struct {
	Key        string // account homePage and name, or mbox
	Name       string // actor.name, when sent
	Account    string // the account name
	LastActive time.Time
	Statements int

	st      *progress.State
	quizzes map[string]map[int]*progress.QuizAttempt
	assess  map[string]map[int]*progress.AssessmentAttempt
	entries map[string]map[string]progress.Entry // worksheet id → entry id → entry, without values
}

// NewCollector returns a collector for course c.
func NewCollector(c *content.Course) *Collector {
	b := &Builder{Course: c}
	ix := &index{base: c.BaseIRI(), baseSlash: c.BaseIRI() + "/", items: map[string]*content.Item{},
		qs: map[string]question{}, sheets: map[string]*content.Item{}, entryPrefix: map[string]string{}}
	for _, m := range c.Modules {
		for _, it := range m.Items {
			ix.items[b.ItemIRI(it)] = it
			if it.Worksheet != nil {
				ix.entryPrefix[it.ID] = b.EntryIRI(it, "")
			}
			if it.Worksheet.Reportable() {
				ix.sheets[b.ItemIRI(it)] = it
			}
			if it.Quiz != nil {
				for _, q := range it.Quiz.Questions {
					ix.qs[b.QuestionIRI(it, q)] = question{it, q}
				}
			}
		}
	}
	return &Collector{course: c, index: ix, learners: map[string]*Collected{}}
}

// Empty returns a collector for the same course holding no statements,
// cheaply: it shares col's index of the course's activities. Collectors
// made so may be used side by side.
func (col *Collector) Empty() *Collector {
	return &Collector{course: col.course, index: col.index, learners: map[string]*Collected{}}
}

// learnerKey identifies an actor.
func learnerKey(a Agent) (key, account string) {
	switch {
	case a.Account != nil:
		return a.Account.HomePage + "|" + a.Account.Name, a.Account.Name
	case a.Mbox != "":
		return a.Mbox, a.Mbox
	}
	return "", ""
}

// is reports whether a is the actor of l's statements (learnerKey gives
// l's key), without making the key.
func (l *Collected) is(a Agent) bool {
	switch {
	case a.Account != nil:
		h, n := a.Account.HomePage, a.Account.Name
		return len(l.Key) == len(h)+1+len(n) && l.Key[:len(h)] == h && l.Key[len(h)] == '|' && l.Key[len(h)+1:] == n
	case a.Mbox != "":
		return l.Key == a.Mbox
	}
	return false
}

// Add takes in one statement.
func (col *Collector) Add(s Statement) {
	if s.Object.ID != col.base && !strings.HasPrefix(s.Object.ID, col.baseSlash) {
		col.Skipped++
		return
	}
	l := col.last
	if l == nil || !l.is(s.Actor) {
		l = nil
	}
	var key, account string
	if l == nil {
		key, account = learnerKey(s.Actor)
		if key == "" {
			col.Skipped++
			return
		}
		l = col.learners[key]
	}
	if l == nil {
		l = &Collected{Key: key, Account: account, st: progress.NewState(col.course.ID, col.course.Version, s.Timestamp.Time),
			quizzes: map[string]map[int]*progress.QuizAttempt{}, assess: map[string]map[int]*progress.AssessmentAttempt{},
			entries: map[string]map[string]progress.Entry{}}
		l.st.Actor = account
		col.learners[key] = l
	}
	col.last = l
	l.Statements++
	at := s.Timestamp.Time
	if at.After(l.LastActive) {
		l.LastActive = at
	}
	if at.Before(l.st.Created) {
		l.st.Created = at
	}
	if s.Actor.Name != "" {
		l.Name = s.Actor.Name
		l.st.Learner = s.Actor.Name
	}
	attempt := 1
	if s.Result != nil {
		if n, ok := s.Result.Extensions[ExtAttempt].(float64); ok && n >= 1 {
			attempt = int(n)
		} else if n, ok := s.Result.Extensions[ExtAttempt].(int); ok && n >= 1 {
			attempt = n
		}
	}
	if q, ok := col.qs[s.Object.ID]; ok {
		if s.Verb.ID == VerbAnswered && s.Result != nil && s.Result.Response != nil {
			if ans, ok := ParseResponse(*s.Result.Response); ok {
				col.quizAttempt(l, q.item.ID, attempt, at).Answers[q.q.ID] = ans
			}
		}
		return
	}
	if i := strings.LastIndex(s.Object.ID, "/entries/"); i > 0 {
		if it := col.sheets[s.Object.ID[:i]]; it != nil {
			if id := s.Object.ID[i+len("/entries/"):]; EntryID(id) {
				col.entry(l, it, id, s)
			}
			return
		}
	}
	it := col.items[s.Object.ID]
	if it == nil {
		return // the course itself (sessions) or an id it no longer has
	}
	switch {
	case it.Kind == content.KindLesson && s.Verb.ID == VerbCompleted:
		r := l.st.Lessons[it.ID]
		if r == nil {
			r = &progress.LessonRecord{Opened: at}
			l.st.Lessons[it.ID] = r
		}
		if r.Completed.IsZero() || at.Before(r.Completed) {
			r.Completed = at
		}
		if at.Before(r.Opened) {
			r.Opened = at
		}
	case it.Kind == content.KindQuiz && (s.Verb.ID == VerbPassed || s.Verb.ID == VerbFailed):
		a := col.quizAttempt(l, it.ID, attempt, at)
		a.At, a.Passed = at, s.Verb.ID == VerbPassed
		if s.Result != nil && s.Result.Score != nil {
			a.Score = s.Result.Score.Scaled
			if s.Result.Score.Raw != nil {
				a.Right = int(*s.Result.Score.Raw)
			}
			if s.Result.Score.Max != nil {
				a.Total = int(*s.Result.Score.Max)
			}
		}
	case it.Kind == content.KindAssessment && s.Verb.ID == VerbAnswered:
		m := l.assess[it.ID]
		if m == nil {
			m = map[int]*progress.AssessmentAttempt{}
			l.assess[it.ID] = m
		}
		a := &progress.AssessmentAttempt{At: at, Answers: map[string]float64{}, Dimensions: map[string]float64{},
			Scores: map[string]float64{}, Bands: map[string]string{}}
		if s.Result != nil {
			ext := s.Result.Extensions
			a.Dimensions = numbers(ext[ExtDimensions])
			a.Scores = numbers(ext[ExtScores])
			if bm, ok := ext[ExtBands].(map[string]any); ok {
				for k, v := range bm {
					if s, ok := v.(string); ok {
						a.Bands[k] = s
					}
				}
			}
			if p, ok := ext[ExtPlacement].(string); ok {
				a.Placement = p
			}
		}
		m[attempt] = a
	}
}

// entry notes that entry id of worksheet it was recorded: "answered" for
// an entry of a log, "completed" with the entry it is about (context
// other) for an attached worksheet. The earliest time is kept.
func (col *Collector) entry(l *Collected, it *content.Item, id string, s Statement) {
	e := progress.Entry{ID: id, Created: s.Timestamp.Time, Updated: s.Timestamp.Time}
	if p := it.Worksheet.Parent; p != nil {
		if s.Verb.ID != VerbCompleted || s.Context == nil || s.Context.ContextActivities == nil {
			return
		}
		prefix, ok := col.entryPrefix[p.ID]
		if !ok {
			prefix = (&Builder{Course: col.course}).EntryIRI(p, "")
		}
		for _, o := range s.Context.ContextActivities.Other {
			if f, ok := strings.CutPrefix(o.ID, prefix); ok && EntryID(f) {
				e.For = f
			}
		}
		if e.For == "" {
			return
		}
	} else if s.Verb.ID != VerbAnswered {
		return
	}
	m := l.entries[it.ID]
	if m == nil {
		m = map[string]progress.Entry{}
		l.entries[it.ID] = m
	}
	if old, ok := m[id]; ok && !e.Created.Before(old.Created) {
		return
	}
	m[id] = e
}

// Entries returns, by worksheet id, the entries of worksheets marked
// `report: counts` that the statements say were recorded, oldest first.
// They hold no values (statements never carry them): they are for counting
// and unlock rules in the cohort report, not for a learner's progress
// file, which is why State leaves them out.
func (l *Collected) Entries() map[string]*progress.WorksheetRecord {
	out := make(map[string]*progress.WorksheetRecord, len(l.entries))
	for ws, m := range l.entries {
		r := &progress.WorksheetRecord{}
		for _, e := range m {
			e.Values = map[string]progress.Value{}
			r.Entries = append(r.Entries, e)
		}
		slices.SortFunc(r.Entries, func(a, b progress.Entry) int {
			return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(len(a.ID), len(b.ID)), cmp.Compare(a.ID, b.ID))
		})
		for _, e := range r.Entries {
			if n, err := strconv.Atoi(e.ID[1:]); err == nil {
				r.Next = max(r.Next, n)
			}
		}
		out[ws] = r
	}
	return out
}

func (col *Collector) quizAttempt(l *Collected, id string, n int, at time.Time) *progress.QuizAttempt {
	m := l.quizzes[id]
	if m == nil {
		m = map[int]*progress.QuizAttempt{}
		l.quizzes[id] = m
	}
	a := m[n]
	if a == nil {
		a = &progress.QuizAttempt{At: at, Answers: map[string][]int{}}
		m[n] = a
	}
	return a
}

func numbers(v any) map[string]float64 {
	out := map[string]float64{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			if f, ok := x.(float64); ok {
				out[k] = f
			}
		}
	}
	return out
}

// Learners returns every learner seen, with their records, ordered by key.
func (col *Collector) Learners() []*Collected {
	out := make([]*Collected, 0, len(col.learners))
	for _, l := range col.learners {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *Collected) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// State returns the learner's rebuilt progress records.
func (l *Collected) State() *progress.State {
	st := l.st.Clone()
	for id, m := range l.quizzes {
		r := &progress.QuizRecord{}
		for _, n := range sortedKeys(m) {
			if a := m[n]; a.Total > 0 || a.Passed || a.Score > 0 || len(a.Answers) > 0 {
				r.Attempts = append(r.Attempts, *a)
			}
		}
		st.Quizzes[id] = r
	}
	for id, m := range l.assess {
		r := &progress.AssessmentRecord{}
		for _, n := range sortedKeys(m) {
			r.Attempts = append(r.Attempts, *m[n])
		}
		st.Assessments[id] = r
	}
	st.Updated = l.LastActive
	return st
}

func sortedKeys[V any](m map[int]V) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
