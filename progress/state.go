package progress

import (
	"maps"
	"slices"
	"time"
)

// State is the content of a progress file: every record a learner has made
// in one course, keyed by the ids the course author wrote. It is the JSON
// document of docs/progress-file.md.
type State struct {
	Schema  int       `json:"schema"`
	Course  CourseRef `json:"course"`
	Learner string    `json:"learner,omitempty"`
	// Actor is the learner's opaque id in xAPI statements (a random UUID
	// made the first time statements are written); never an e-mail.
	Actor   string    `json:"actor,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Last    *Place    `json:"last,omitempty"` // where to resume; nil = nowhere yet

	Lessons     map[string]*LessonRecord     `json:"lessons"`     // by lesson id
	Quizzes     map[string]*QuizRecord       `json:"quizzes"`     // by quiz id
	Assessments map[string]*AssessmentRecord `json:"assessments"` // by assessment id
	Previews    map[string]time.Time         `json:"previews"`    // module id → first preview

	// Worksheets hold the learner's own records (an alliance log, the
	// review of each alliance), by worksheet id.
	Worksheets map[string]*WorksheetRecord `json:"worksheets"`
	// Notes are the learner's notes on lessons, by lesson id.
	Notes map[string]string `json:"notes"`

	// Unlocked records when each module first opened. A module once open
	// stays open (AUTHORING.md, "Unlocking sticks").
	Unlocked map[string]time.Time `json:"unlocked"`
	// Drafts hold the answers of quiz and assessment attempts in progress,
	// so that quitting mid-attempt loses nothing. Recording the attempt
	// clears its draft.
	Drafts Drafts `json:"drafts"`
}

// Drafts are the answers of unfinished attempts, by quiz or assessment id,
// in the form of QuizAttempt.Answers and AssessmentAttempt.Answers.
type Drafts struct {
	Quizzes     map[string]map[string][]int   `json:"quizzes"`
	Assessments map[string]map[string]float64 `json:"assessments"`
	// Entries are worksheet entries being typed, by DraftKey.
	Entries map[string]*EntryDraft `json:"entries"`
}

// CourseRef names the course a progress file belongs to.
type CourseRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`         // the course version of the last save
	Title   string `json:"title,omitempty"` // the course title of the last save: with the id, the course's identity
}

// Place is where the learner was: an item and how far down it.
type Place struct {
	Item   string    `json:"item"`
	Scroll float64   `json:"scroll,omitzero"` // 0 (top) … 1 (end)
	At     time.Time `json:"at"`
}

// LessonRecord is what the learner did with one lesson.
type LessonRecord struct {
	Opened    time.Time `json:"opened"`             // first opened
	Completed time.Time `json:"completed,omitzero"` // zero = not completed
	Scroll    float64   `json:"scroll,omitzero"`    // last position, 0 … 1
}

// Done reports whether the lesson is completed.
func (l *LessonRecord) Done() bool { return l != nil && !l.Completed.IsZero() }

// QuizRecord holds every attempt at one quiz, oldest first.
type QuizRecord struct {
	Attempts []QuizAttempt `json:"attempts"`
}

// QuizAttempt is one finished attempt at a quiz. Score and Passed are
// recorded as computed at the time, so past attempts keep their meaning when
// the author later edits the questions.
type QuizAttempt struct {
	At time.Time `json:"at"`
	// Answers maps a question id to the options the learner gave, as indexes
	// into the question's options in the order the author wrote them
	// (0-based, never the shuffled order): one index for a single choice,
	// the picked set in ascending order for a multiple answer, and every
	// option in the learner's order for an ordering question.
	Answers map[string][]int `json:"answers"`
	Right   int              `json:"right"`
	Total   int              `json:"total"`
	Score   float64          `json:"score"` // Right / Total
	Passed  bool             `json:"passed"`
}

// AssessmentRecord holds every attempt at one self-assessment, oldest first.
type AssessmentRecord struct {
	Attempts []AssessmentAttempt `json:"attempts"`
}

// AssessmentAttempt is one completed self-assessment: the raw answers and
// what they scored at the time.
type AssessmentAttempt struct {
	At time.Time `json:"at"`
	// Answers maps an assessment item id to the answer as given: 1…N on an
	// N-label scale for a statement (before any reversing), the number
	// typed for a number item. Unanswered items are absent.
	Answers    map[string]float64 `json:"answers"`
	Dimensions map[string]float64 `json:"dimensions"`          // dimension id → mean
	Scores     map[string]float64 `json:"scores"`              // composite score id → mean
	Bands      map[string]string  `json:"bands"`               // dimension or score id → band id
	Placement  string             `json:"placement,omitempty"` // stage id; "" = no rule matched
	Recommend  []string           `json:"recommend,omitempty"` // routed module ids
}

// NewState returns an empty state for a course.
func NewState(courseID, courseVersion string, now time.Time) *State {
	s := &State{
		Schema:  SchemaVersion,
		Course:  CourseRef{ID: courseID, Version: courseVersion},
		Created: now,
		Updated: now,
	}
	s.normalize()
	return s
}

// normalize replaces nil maps with empty ones so that code and JSON never
// have to tell them apart.
func (s *State) normalize() {
	if s.Lessons == nil {
		s.Lessons = map[string]*LessonRecord{}
	}
	if s.Quizzes == nil {
		s.Quizzes = map[string]*QuizRecord{}
	}
	if s.Assessments == nil {
		s.Assessments = map[string]*AssessmentRecord{}
	}
	s.Previews = orEmpty(s.Previews)
	s.Unlocked = orEmpty(s.Unlocked)
	s.Drafts.Quizzes = orEmpty(s.Drafts.Quizzes)
	s.Drafts.Assessments = orEmpty(s.Drafts.Assessments)
	s.Drafts.Entries = orEmpty(s.Drafts.Entries)
	s.Worksheets = orEmpty(s.Worksheets)
	s.Notes = orEmpty(s.Notes)
	for id, w := range s.Worksheets {
		if w == nil {
			delete(s.Worksheets, id)
			continue
		}
		for i := range w.Entries {
			w.Entries[i].Values = orEmpty(w.Entries[i].Values)
		}
	}
	for k, d := range s.Drafts.Entries {
		if d == nil {
			delete(s.Drafts.Entries, k)
			continue
		}
		d.Values = orEmpty(d.Values)
	}
	for id, l := range s.Lessons {
		if l == nil {
			delete(s.Lessons, id)
		}
	}
	for id, q := range s.Quizzes {
		if q == nil {
			delete(s.Quizzes, id)
			continue
		}
		for i := range q.Attempts {
			if q.Attempts[i].Answers == nil {
				q.Attempts[i].Answers = map[string][]int{}
			}
		}
	}
	for id, r := range s.Assessments {
		if r == nil {
			delete(s.Assessments, id)
			continue
		}
		for i := range r.Attempts {
			a := &r.Attempts[i]
			a.Answers = orEmpty(a.Answers)
			a.Dimensions = orEmpty(a.Dimensions)
			a.Scores = orEmpty(a.Scores)
			a.Bands = orEmpty(a.Bands)
		}
	}
}

func orEmpty[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return m
}

// Clone returns a deep copy of the state.
func (s *State) Clone() *State {
	if s == nil {
		return nil
	}
	c := *s
	if s.Last != nil {
		l := *s.Last
		c.Last = &l
	}
	c.Lessons = make(map[string]*LessonRecord, len(s.Lessons))
	for id, l := range s.Lessons {
		lc := *l
		c.Lessons[id] = &lc
	}
	c.Quizzes = make(map[string]*QuizRecord, len(s.Quizzes))
	for id, q := range s.Quizzes {
		qc := &QuizRecord{Attempts: make([]QuizAttempt, len(q.Attempts))}
		for i, a := range q.Attempts {
			qc.Attempts[i] = a.clone()
		}
		c.Quizzes[id] = qc
	}
	c.Assessments = make(map[string]*AssessmentRecord, len(s.Assessments))
	for id, r := range s.Assessments {
		rc := &AssessmentRecord{Attempts: make([]AssessmentAttempt, len(r.Attempts))}
		for i, a := range r.Attempts {
			rc.Attempts[i] = a.clone()
		}
		c.Assessments[id] = rc
	}
	c.Previews = orEmpty(maps.Clone(s.Previews))
	c.Unlocked = orEmpty(maps.Clone(s.Unlocked))
	c.Drafts.Quizzes = make(map[string]map[string][]int, len(s.Drafts.Quizzes))
	for id, d := range s.Drafts.Quizzes {
		c.Drafts.Quizzes[id] = cloneAnswers(d)
	}
	c.Drafts.Assessments = make(map[string]map[string]float64, len(s.Drafts.Assessments))
	for id, d := range s.Drafts.Assessments {
		c.Drafts.Assessments[id] = maps.Clone(d)
	}
	c.Worksheets = make(map[string]*WorksheetRecord, len(s.Worksheets))
	for id, w := range s.Worksheets {
		c.Worksheets[id] = w.clone()
	}
	c.Notes = orEmpty(maps.Clone(s.Notes))
	c.Drafts.Entries = make(map[string]*EntryDraft, len(s.Drafts.Entries))
	for k, d := range s.Drafts.Entries {
		dc := *d
		dc.Values = make(map[string]Value, len(d.Values))
		for f, v := range d.Values {
			dc.Values[f] = v.clone()
		}
		c.Drafts.Entries[k] = &dc
	}
	return &c
}

func (a QuizAttempt) clone() QuizAttempt {
	c := a
	c.Answers = cloneAnswers(a.Answers)
	return c
}

func cloneAnswers(m map[string][]int) map[string][]int {
	c := make(map[string][]int, len(m))
	for q, v := range m {
		c[q] = slices.Clone(v)
	}
	return c
}

func (a AssessmentAttempt) clone() AssessmentAttempt {
	c := a
	c.Answers = cloneMap(a.Answers)
	c.Dimensions = cloneMap(a.Dimensions)
	c.Scores = cloneMap(a.Scores)
	c.Bands = cloneMap(a.Bands)
	c.Recommend = slices.Clone(a.Recommend)
	return c
}

// cloneMap copies m, turning nil into an empty map.
func cloneMap[V any](m map[string]V) map[string]V {
	c := make(map[string]V, len(m))
	maps.Copy(c, m)
	return c
}

// Latest returns the most recent attempt, or nil.
func (r *QuizRecord) Latest() *QuizAttempt {
	if r == nil || len(r.Attempts) == 0 {
		return nil
	}
	return &r.Attempts[len(r.Attempts)-1]
}

// Latest returns the most recent attempt, or nil.
func (r *AssessmentRecord) Latest() *AssessmentAttempt {
	if r == nil || len(r.Attempts) == 0 {
		return nil
	}
	return &r.Attempts[len(r.Attempts)-1]
}
