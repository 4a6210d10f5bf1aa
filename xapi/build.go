package xapi

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/google/uuid"
)

// namespace is the UUIDv5 namespace of every registration Ally makes.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://allyworks.github.io/ally/xapi"))

// DefaultHomePage is the account homePage of an actor when the
// configuration names none.
const DefaultHomePage = "https://allyworks.github.io/ally"

// Learner is who the statements are about.
type Learner struct {
	HomePage string // account homePage; "" = DefaultHomePage
	Account  string // account name: the opaque id (or one the incubator set)
	Name     string // display name; "" = none is sent
}

// Agent returns the learner as an xAPI actor.
func (l Learner) Agent() Agent {
	hp := l.HomePage
	if hp == "" {
		hp = DefaultHomePage
	}
	return Agent{ObjectType: "Agent", Name: l.Name, Account: &Account{HomePage: hp, Name: l.Account}}
}

// Registration is the context.registration of a learner in a course: a
// UUIDv5 of the account and the course's base IRI, so it is the same on
// every machine and every run.
func Registration(l Learner, c *content.Course) string {
	hp := l.HomePage
	if hp == "" {
		hp = DefaultHomePage
	}
	return uuid.NewSHA1(namespace, []byte(hp+"\n"+l.Account+"\n"+c.BaseIRI())).String()
}

// StatementID is the id of the statement for event (a path such as
// "quiz/q1/attempt/2") in a registration.
func StatementID(registration, event string) string {
	return uuid.NewSHA1(uuid.MustParse(registration), []byte(event)).String()
}

// Builder makes the statements of one learner in one course.
type Builder struct {
	Course  *content.Course
	Learner Learner

	reg string
}

// NewBuilder returns a builder for a learner in a course.
func NewBuilder(c *content.Course, l Learner) *Builder {
	return &Builder{Course: c, Learner: l, reg: Registration(l, c)}
}

// Registration is the builder's context.registration.
func (b *Builder) Registration() string { return b.reg }

// CourseActivity is the course as an activity.
func (b *Builder) CourseActivity() Activity {
	return activity(b.Course.BaseIRI(), TypeCourse, b.Course.Title)
}

// ModuleIRI, ItemIRI and QuestionIRI name the course's parts.
func (b *Builder) ModuleIRI(m *content.Module) string { return b.Course.BaseIRI() + "/" + m.ID }

// ItemIRI is the activity id of an item.
func (b *Builder) ItemIRI(it *content.Item) string { return b.ModuleIRI(it.Module) + "/" + it.ID }

// QuestionIRI is the activity id of a quiz question.
func (b *Builder) QuestionIRI(it *content.Item, q *content.Question) string {
	return b.ItemIRI(it) + "/" + q.ID
}

func activity(id, typ, name string) Activity {
	a := Activity{ObjectType: "Activity", ID: id, Definition: &Definition{Type: typ}}
	if name != "" {
		a.Definition.Name = map[string]string{"en-US": name}
	}
	return a
}

// statement fills in what every statement has.
func (b *Builder) statement(event, verbID string, obj Activity, at time.Time, parent *content.Module) Statement {
	ctx := &Context{Registration: b.reg, ContextActivities: &ContextActivities{}}
	if parent != nil {
		ctx.ContextActivities.Parent = []Activity{activity(b.ModuleIRI(parent), TypeModule, parent.Title)}
		ctx.ContextActivities.Grouping = []Activity{b.CourseActivity()}
	}
	switch verbID {
	case VerbInitialized, VerbTerminated, VerbCompleted, VerbPassed, VerbFailed:
		ctx.ContextActivities.Category = []Activity{{ObjectType: "Activity", ID: CategoryCmi5}}
	}
	if len(ctx.ContextActivities.Parent)+len(ctx.ContextActivities.Category) == 0 {
		ctx.ContextActivities = nil
	}
	return Statement{
		ID:        StatementID(b.reg, event),
		Actor:     b.Learner.Agent(),
		Verb:      verb(verbID),
		Object:    obj,
		Context:   ctx,
		Timestamp: ts(at),
	}
}

// FromProgress derives the statements of a learner's records, in time
// order: each lesson completed, each quiz attempt passed or failed with
// each question answered, each self-assessment attempt answered, and each
// entry of a worksheet marked `report: counts` answered (completed, for a
// worksheet attached to another), without its contents. Records of ids
// the course no longer has are left out. The result depends only on
// the course and the records, so it is the same every time.
func (b *Builder) FromProgress(st *progress.State) []Statement {
	var out []Statement
	for _, m := range b.Course.Modules {
		for _, it := range m.Items {
			switch it.Kind {
			case content.KindLesson:
				if l := st.Lessons[it.ID]; l.Done() {
					out = append(out, b.LessonCompleted(it, l.Completed))
				}
			case content.KindQuiz:
				if r := st.Quizzes[it.ID]; r != nil {
					for i, a := range r.Attempts {
						out = append(out, b.QuizAttempt(it, i+1, a)...)
					}
				}
			case content.KindAssessment:
				if r := st.Assessments[it.ID]; r != nil {
					for i, a := range r.Attempts {
						out = append(out, b.AssessmentAnswered(it, i+1, a))
					}
				}
			case content.KindWorksheet:
				if r := st.Worksheets[it.ID]; r != nil && it.Worksheet.Reportable() {
					seen := map[string]bool{}
					for _, e := range r.Entries {
						if s, ok := b.EntryRecorded(it, e); ok && !seen[e.ID] {
							seen[e.ID] = true
							out = append(out, s)
						}
					}
				}
			}
		}
	}
	slices.SortStableFunc(out, func(x, y Statement) int { return x.Timestamp.Compare(y.Timestamp.Time) })
	return out
}

// LessonCompleted is "completed" for a lesson read to the end.
func (b *Builder) LessonCompleted(it *content.Item, at time.Time) Statement {
	s := b.statement("lesson/"+it.ID+"/completed", VerbCompleted, activity(b.ItemIRI(it), TypeLesson, it.Title), at, it.Module)
	s.Result = &Result{Completion: boolp(true)}
	return s
}

// QuizAttempt is "passed" or "failed" for attempt n (1-based) of a quiz,
// then "answered" for each question answered in it.
func (b *Builder) QuizAttempt(it *content.Item, n int, a progress.QuizAttempt) []Statement {
	event := "quiz/" + it.ID + "/attempt/" + strconv.Itoa(n)
	v := VerbFailed
	if a.Passed {
		v = VerbPassed
	}
	s := b.statement(event, v, activity(b.ItemIRI(it), TypeAssessment, it.Title), a.At, it.Module)
	s.Result = &Result{
		Score:      &Score{Scaled: round4(a.Score), Raw: floatp(float64(a.Right)), Min: floatp(0), Max: floatp(float64(a.Total))},
		Success:    boolp(a.Passed),
		Completion: boolp(true),
		Extensions: map[string]any{ExtAttempt: n},
	}
	out := []Statement{s}
	for _, q := range it.Quiz.Questions {
		ans, ok := a.Answers[q.ID]
		if !ok {
			continue
		}
		qs := b.statement(event+"/question/"+q.ID, VerbAnswered, b.questionActivity(it, q), a.At, it.Module)
		qs.Context.ContextActivities.Parent = []Activity{activity(b.ItemIRI(it), TypeAssessment, it.Title)}
		qs.Result = &Result{
			Response:   strp(Response(ans)),
			Success:    boolp(progress.AnswerRight(q, ans)),
			Extensions: map[string]any{ExtAttempt: n},
		}
		out = append(out, qs)
	}
	return out
}

// EntryIRI is the activity id of entry id (e1, e2, …) of a worksheet.
func (b *Builder) EntryIRI(it *content.Item, id string) string {
	return b.ItemIRI(it) + "/entries/" + id
}

// EntryID reports whether id is an entry id as Ally gives them out (e1,
// e2, …): only those make an entry's activity id, so a hand-edited
// progress file cannot put arbitrary text into an IRI.
func EntryID(id string) bool {
	if len(id) < 2 || len(id) > 10 || id[0] != 'e' || id[1] == '0' {
		return false
	}
	for _, r := range id[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// EntryRecorded is the statement that entry e of worksheet it was
// recorded: "answered" with the entry as object for an entry of a log,
// "completed" for an entry of a worksheet attached to another (a review),
// with the entry it is about in context.contextActivities.other. It
// carries no field's value: only the worksheet's activity, the entry's id
// and the time it was first saved. ok is false for an entry whose id (or,
// attached, whose parent's) is not one Ally gives out.
func (b *Builder) EntryRecorded(it *content.Item, e progress.Entry) (s Statement, ok bool) {
	w := it.Worksheet
	if w == nil || !EntryID(e.ID) {
		return Statement{}, false
	}
	verbID, what := VerbAnswered, "answered"
	if w.Parent != nil {
		if !EntryID(e.For) {
			return Statement{}, false
		}
		verbID, what = VerbCompleted, "completed"
	}
	s = b.statement("worksheet/"+it.ID+"/entry/"+e.ID+"/"+what, verbID, activity(b.EntryIRI(it, e.ID), TypeWorksheetEntry, ""), e.Created, nil)
	s.Context.ContextActivities = &ContextActivities{
		Parent:   []Activity{activity(b.ItemIRI(it), TypeWorksheet, it.Title)},
		Grouping: []Activity{activity(b.ModuleIRI(it.Module), TypeModule, it.Module.Title), b.CourseActivity()},
	}
	if w.Parent != nil {
		s.Context.ContextActivities.Other = []Activity{activity(b.EntryIRI(w.Parent, e.For), TypeWorksheetEntry, "")}
		s.Result = &Result{Completion: boolp(true)}
	}
	return s, true
}

// Response is a question's answer in xAPI's choice/sequencing format:
// option ids joined by "[,]"; an option's id is its 0-based index in the
// order the author wrote the options ("0", "1", …).
func Response(ans []int) string {
	parts := make([]string, len(ans))
	for i, a := range ans {
		parts[i] = strconv.Itoa(a)
	}
	return strings.Join(parts, "[,]")
}

// ParseResponse reads a Response back; ok is false when it is not one.
func ParseResponse(s string) (ans []int, ok bool) {
	if s == "" {
		return []int{}, true
	}
	for p := range strings.SplitSeq(s, "[,]") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		ans = append(ans, n)
	}
	return ans, true
}

func (b *Builder) questionActivity(it *content.Item, q *content.Question) Activity {
	a := activity(b.QuestionIRI(it, q), TypeInteraction, q.Title)
	d := a.Definition
	if q.Type == content.Ordering {
		d.InteractionType = "sequencing"
		all := make([]int, len(q.Options))
		for i := range all {
			all[i] = i
		}
		d.CorrectResponsesPattern = []string{Response(all)}
	} else {
		d.InteractionType = "choice"
		d.CorrectResponsesPattern = []string{Response(q.Correct())}
	}
	for i, o := range q.Options {
		d.Choices = append(d.Choices, InteractionChoice{ID: strconv.Itoa(i), Description: map[string]string{"en-US": o.Text}})
	}
	return a
}

// AssessmentAnswered is "answered" for attempt n of a self-assessment, with
// the dimension and composite scores, bands and placement in result
// extensions. The learner's answers to the single statements stay private.
func (b *Builder) AssessmentAnswered(it *content.Item, n int, a progress.AssessmentAttempt) Statement {
	s := b.statement("assessment/"+it.ID+"/attempt/"+strconv.Itoa(n), VerbAnswered, activity(b.ItemIRI(it), TypeSurvey, it.Title), a.At, it.Module)
	ext := map[string]any{ExtAttempt: n, ExtDimensions: roundAll(a.Dimensions)}
	if len(a.Scores) > 0 {
		ext[ExtScores] = roundAll(a.Scores)
	}
	if len(a.Bands) > 0 {
		ext[ExtBands] = a.Bands
	}
	if a.Placement != "" {
		ext[ExtPlacement] = a.Placement
	}
	s.Result = &Result{Completion: boolp(true), Extensions: ext}
	return s
}

// Session events, appended to the outbox by the TUI as they happen.

// Initialized starts session id (a random UUID) at t.
func (b *Builder) Initialized(session string, t time.Time) Statement {
	return b.session(session, "initialized", VerbInitialized, t, "")
}

// Resumed says the learner came back to where they left off.
func (b *Builder) Resumed(session string, t time.Time) Statement {
	return b.session(session, "resumed", VerbResumed, t, "")
}

// Suspended says the learner left with the course unfinished.
func (b *Builder) Suspended(session string, t time.Time) Statement {
	return b.session(session, "suspended", VerbSuspended, t, "")
}

// Terminated ends session id at t, started at start.
func (b *Builder) Terminated(session string, start, t time.Time) Statement {
	return b.session(session, "terminated", VerbTerminated, t, Duration(t.Sub(start)))
}

func (b *Builder) session(session, what, verbID string, t time.Time, duration string) Statement {
	s := b.statement("session/"+session+"/"+what, verbID, b.CourseActivity(), t, nil)
	s.Context.Extensions = map[string]any{ExtSessionID: session}
	if duration != "" {
		s.Result = &Result{Duration: duration}
	}
	return s
}

func round4(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64)
	return v
}

func roundAll(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = round4(v)
	}
	return out
}
