// Package report builds an incubator's view of a cohort: per learner, per
// module and the stage funnel, from many learners' progress records (read
// from a folder of exports or from an LRS's statements).
package report

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Learner is one learner's records, from wherever they were read.
type Learner struct {
	Key    string // the account (opaque id) or, without one, the file name
	Name   string // the name the learner set, if it was shared
	Source string // the file or LRS it came from
	State  *progress.State
	// LastActive is the time of the learner's latest record or statement.
	LastActive time.Time
	// Counts are counts of worksheets marked `report: counts` read where
	// the entries themselves are not (a CSV export), by worksheet id.
	Counts map[string]int
}

// Report is the cohort view.
type Report struct {
	Course    CourseInfo `json:"course"`
	Generated time.Time  `json:"generated"`
	// Worksheets are the worksheets the course marks `report: counts`,
	// whose counts each learner row holds.
	Worksheets []WorksheetInfo `json:"worksheets"`
	Learners   []LearnerRow    `json:"learners"`
	Modules    []ModuleRow     `json:"modules"`
	Funnel     []StageRow      `json:"funnel"`
}

// WorksheetInfo names a worksheet that is counted, and what its count is.
type WorksheetInfo struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	For   string `json:"for,omitempty"` // the worksheet it is attached to
	// Label says what is counted: "alliances logged" (the entries of a
	// log), "alliances with a review" (the entries of the log For names
	// that have an entry in this one).
	Label string `json:"label"`
}

// CourseInfo names the course reported on.
type CourseInfo struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	IRI     string `json:"iri"`
}

// LearnerRow is where one learner stands.
type LearnerRow struct {
	Learner     string             `json:"learner"` // the name, else the key
	Key         string             `json:"key"`
	Stage       string             `json:"stage"` // the furthest stage with an open module
	StageTitle  string             `json:"stage_title"`
	ModulesDone int                `json:"modules_done"`
	Modules     int                `json:"modules"`
	QuizScores  map[string]float64 `json:"quiz_scores"` // quiz id → best score, 0 … 1
	MeanScore   *float64           `json:"mean_score"`  // of the best scores; null = no quiz taken
	Placement   string             `json:"placement"`   // the latest self-assessment's stage id
	// Worksheets holds, per worksheet of Report.Worksheets, its count
	// (progress.ReportedCount): counts only, never what the entries hold.
	Worksheets map[string]int `json:"worksheets"`
	LastActive *time.Time     `json:"last_active"`
	Source     string         `json:"source"`
}

// ModuleRow is how the cohort does in one module.
type ModuleRow struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Stage      string   `json:"stage"`
	Started    int      `json:"started"`    // learners with a record in it
	Completed  int      `json:"completed"`  // learners who completed it
	Completion float64  `json:"completion"` // Completed / learners
	MeanScore  *float64 `json:"mean_score"` // mean best quiz score of those who took its quizzes
	Scored     int      `json:"scored"`     // learners with a quiz score in it
}

// StageRow is one step of the funnel.
type StageRow struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Title     string `json:"title"`
	Reached   int    `json:"reached"`   // learners with a module of the stage open
	Completed int    `json:"completed"` // learners with every module of the stage completed
	Placed    int    `json:"placed"`    // learners a self-assessment placed here
}

// Builder accumulates learners into a report; Add keeps only the figures,
// not the records.
type Builder struct {
	course  *content.Course
	rows    []LearnerRow
	modules []ModuleRow
	sums    []float64
	stages  []StageRow
	stageIx map[string]int
	sheets  []*content.Item // worksheets marked `report: counts`
}

// New returns a builder for course c.
func New(c *content.Course) *Builder {
	b := &Builder{course: c, stageIx: map[string]int{}}
	for _, m := range c.Modules {
		b.modules = append(b.modules, ModuleRow{ID: m.ID, Title: m.Title, Stage: m.Stage.ID})
	}
	b.sums = make([]float64, len(c.Modules))
	for i, s := range c.Stages {
		b.stages = append(b.stages, StageRow{ID: s.ID, Label: s.Label, Title: s.Title})
		b.stageIx[s.ID] = i
	}
	b.sheets = Reported(c)
	return b
}

// Reported returns the worksheets of c marked `report: counts`: each log
// in course order followed by those attached to it, then those attached to
// a worksheet that is not counted.
func Reported(c *content.Course) []*content.Item {
	var out, orphans []*content.Item
	for _, it := range c.Worksheets() {
		w := it.Worksheet
		switch {
		case w.Parent == nil && w.Reportable():
			out = append(out, it)
			for _, a := range w.Attached {
				if a.Worksheet.Reportable() {
					out = append(out, a)
				}
			}
		case w.Parent != nil && w.Reportable() && !w.Parent.Worksheet.Reportable():
			orphans = append(orphans, it)
		}
	}
	return append(out, orphans...)
}

func worksheetInfo(it *content.Item) WorksheetInfo {
	w := it.Worksheet
	if p := w.Parent; p != nil {
		return WorksheetInfo{ID: it.ID, Title: it.Title, For: p.ID, Label: p.Worksheet.Plural + " with a " + w.Noun}
	}
	return WorksheetInfo{ID: it.ID, Title: it.Title, Label: w.Plural + " logged"}
}

// Add evaluates one learner's records and counts them in.
func (b *Builder) Add(l Learner) {
	ov := progress.Evaluate(b.course, l.State)
	row := LearnerRow{Learner: l.Name, Key: l.Key, Modules: len(b.course.Modules), QuizScores: map[string]float64{}, Source: l.Source}
	if row.Learner == "" {
		row.Learner = l.Key
	}
	if len(b.sheets) > 0 {
		row.Worksheets = make(map[string]int, len(b.sheets))
		for _, it := range b.sheets {
			row.Worksheets[it.ID] = max(progress.ReportedCount(it, l.State), l.Counts[it.ID])
		}
	}
	if !l.LastActive.IsZero() {
		t := l.LastActive.UTC()
		row.LastActive = &t
	}
	sum, n := 0.0, 0
	var latest time.Time
	for i, ms := range ov.Modules {
		mr := &b.modules[i]
		started := false
		msum, mn := 0.0, 0
		for _, is := range ms.Items {
			if is.Status != progress.ItemNotStarted {
				started = true
			}
			if is.Quiz != nil && is.Quiz.Attempts > 0 {
				row.QuizScores[is.Item.ID] = is.Quiz.Best
				sum += is.Quiz.Best
				n++
				msum += is.Quiz.Best
				mn++
			}
			if a := is.Assessment; a != nil && a.Latest != nil && !a.Latest.At.Before(latest) {
				latest, row.Placement = a.Latest.At, a.Latest.Placement
			}
		}
		if started {
			mr.Started++
		}
		if ms.Status == progress.StatusCompleted {
			mr.Completed++
			row.ModulesDone++
		}
		if mn > 0 {
			b.sums[i] += msum / float64(mn)
			mr.Scored++
		}
	}
	if n > 0 {
		m := round(sum / float64(n))
		row.MeanScore = &m
	}
	for i, ss := range ov.Stages {
		open := false
		for _, ms := range ss.Modules {
			if ms.Status != progress.StatusLocked {
				open = true
			}
		}
		if open {
			b.stages[i].Reached++
			row.Stage, row.StageTitle = ss.Stage.ID, ss.Stage.Title
		}
		if ss.Completed {
			b.stages[i].Completed++
		}
	}
	if i, ok := b.stageIx[row.Placement]; ok {
		b.stages[i].Placed++
	}
	b.rows = append(b.rows, row)
}

// Report returns the figures of every learner added, learners ordered by
// name then key.
func (b *Builder) Report(now time.Time) *Report {
	r := &Report{
		Course:    CourseInfo{ID: b.course.ID, Title: b.course.Title, Version: b.course.Version, IRI: b.course.BaseIRI()},
		Generated: now.UTC(),
		Learners:  slices.Clone(b.rows),
		Modules:   slices.Clone(b.modules),
		Funnel:    slices.Clone(b.stages),
	}
	r.Worksheets = []WorksheetInfo{}
	for _, it := range b.sheets {
		r.Worksheets = append(r.Worksheets, worksheetInfo(it))
	}
	slices.SortFunc(r.Learners, func(x, y LearnerRow) int {
		return cmp.Or(cmp.Compare(x.Learner, y.Learner), cmp.Compare(x.Key, y.Key))
	})
	for i := range r.Modules {
		m := &r.Modules[i]
		if len(b.rows) > 0 {
			m.Completion = round(float64(m.Completed) / float64(len(b.rows)))
		}
		if m.Scored > 0 {
			v := round(b.sums[i] / float64(m.Scored))
			m.MeanScore = &v
		}
	}
	if r.Learners == nil {
		r.Learners = []LearnerRow{}
	}
	return r
}

func round(f float64) float64 { return math.Round(f*10000) / 10000 }
