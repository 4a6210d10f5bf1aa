// Package xapi turns a learner's progress into xAPI 1.0.3 statements shaped
// after cmi5, keeps them in an append-only outbox beside the progress file,
// and delivers them to a learning record store (LRS). It also reads
// statements back into progress records, for the cohort report and for
// importing an export.
//
// Statements are derived from the progress records (and, for sessions,
// from what the TUI appends), with ids that are a UUIDv5 of the
// registration and the event, so deriving them again or sending them twice
// is always safe.
package xapi

import (
	"encoding/json"
	"fmt"
	"time"
)

// Statement is one xAPI statement, as Ally writes it.
type Statement struct {
	ID        string    `json:"id"`
	Actor     Agent     `json:"actor"`
	Verb      Verb      `json:"verb"`
	Object    Activity  `json:"object"`
	Result    *Result   `json:"result,omitempty"`
	Context   *Context  `json:"context,omitempty"`
	Timestamp Timestamp `json:"timestamp"`
}

// Agent is the actor: an account, never an e-mail address.
type Agent struct {
	ObjectType string   `json:"objectType"`
	Name       string   `json:"name,omitempty"`
	Account    *Account `json:"account,omitempty"`
	Mbox       string   `json:"mbox,omitempty"` // read from other tools' statements; Ally never writes one
}

// Account identifies the learner in a system (homePage).
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is what the learner did.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Activity is what the learner did it to.
type Activity struct {
	ObjectType string      `json:"objectType"`
	ID         string      `json:"id"`
	Definition *Definition `json:"definition,omitempty"`
}

// Definition describes an activity.
type Definition struct {
	Type                    string              `json:"type,omitempty"`
	Name                    map[string]string   `json:"name,omitempty"`
	InteractionType         string              `json:"interactionType,omitempty"`
	CorrectResponsesPattern []string            `json:"correctResponsesPattern,omitempty"`
	Choices                 []InteractionChoice `json:"choices,omitempty"`
}

// InteractionChoice is one option of a choice or sequencing question.
type InteractionChoice struct {
	ID          string            `json:"id"`
	Description map[string]string `json:"description"`
}

// Result is the outcome of a statement.
type Result struct {
	Score      *Score         `json:"score,omitempty"`
	Success    *bool          `json:"success,omitempty"`
	Completion *bool          `json:"completion,omitempty"`
	Response   *string        `json:"response,omitempty"`
	Duration   string         `json:"duration,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// Score is a quiz result: Scaled in 0 … 1, Raw right answers of Max.
type Score struct {
	Scaled float64  `json:"scaled"`
	Raw    *float64 `json:"raw,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

// Context places a statement: the registration (one per learner and
// course), the activities around it, the cmi5 session.
type Context struct {
	Registration      string             `json:"registration"`
	ContextActivities *ContextActivities `json:"contextActivities,omitempty"`
	Extensions        map[string]any     `json:"extensions,omitempty"`
}

// ContextActivities are the parent (module, or the worksheet of an
// entry), grouping (course), category (cmi5) and other (the entry a
// review is about) of a statement.
type ContextActivities struct {
	Parent   []Activity `json:"parent,omitempty"`
	Grouping []Activity `json:"grouping,omitempty"`
	Category []Activity `json:"category,omitempty"`
	Other    []Activity `json:"other,omitempty"`
}

// Timestamp is a statement time, written in UTC to the millisecond (what
// LRSs keep), so a statement reads back as it was sent.
type Timestamp struct{ time.Time }

// MarshalJSON writes the time as 2006-01-02T15:04:05.000Z.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format("2006-01-02T15:04:05.000Z07:00") + `"`), nil
}

// UnmarshalJSON reads any RFC 3339 time.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", s, err)
	}
	t.Time = v.UTC()
	return nil
}

// ts rounds t to the millisecond, in UTC.
func ts(t time.Time) Timestamp { return Timestamp{t.UTC().Truncate(time.Millisecond)} }

// Verbs Ally uses (ADL's registry; the cmi5-defined ones and answered,
// suspended, resumed).
const (
	VerbInitialized = "http://adlnet.gov/expapi/verbs/initialized"
	VerbTerminated  = "http://adlnet.gov/expapi/verbs/terminated"
	VerbCompleted   = "http://adlnet.gov/expapi/verbs/completed"
	VerbPassed      = "http://adlnet.gov/expapi/verbs/passed"
	VerbFailed      = "http://adlnet.gov/expapi/verbs/failed"
	VerbAnswered    = "http://adlnet.gov/expapi/verbs/answered"
	VerbSuspended   = "http://adlnet.gov/expapi/verbs/suspended"
	VerbResumed     = "http://adlnet.gov/expapi/verbs/resumed"
)

var verbNames = map[string]string{
	VerbInitialized: "initialized", VerbTerminated: "terminated", VerbCompleted: "completed",
	VerbPassed: "passed", VerbFailed: "failed", VerbAnswered: "answered",
	VerbSuspended: "suspended", VerbResumed: "resumed",
}

func verb(id string) Verb { return Verb{ID: id, Display: map[string]string{"en-US": verbNames[id]}} }

// Activity types and extension IRIs.
const (
	TypeCourse      = "http://adlnet.gov/expapi/activities/course"
	TypeModule      = "http://adlnet.gov/expapi/activities/module"
	TypeLesson      = "http://adlnet.gov/expapi/activities/lesson"
	TypeAssessment  = "http://adlnet.gov/expapi/activities/assessment"
	TypeInteraction = "http://adlnet.gov/expapi/activities/cmi.interaction"
	TypeSurvey      = "http://id.tincanapi.com/activitytype/survey"
	// A worksheet marked `report: counts`, and one entry of it.
	TypeWorksheet      = "https://allyworks.github.io/ally/xapi/activities/worksheet"
	TypeWorksheetEntry = "https://allyworks.github.io/ally/xapi/activities/worksheet-entry"

	CategoryCmi5  = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	ExtSessionID  = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
	ExtBase       = "https://allyworks.github.io/ally/xapi/extensions/"
	ExtDimensions = ExtBase + "dimensions" // dimension id → mean score
	ExtScores     = ExtBase + "scores"     // composite score id → mean
	ExtBands      = ExtBase + "bands"      // dimension or score id → band id
	ExtPlacement  = ExtBase + "placement"  // the stage id the learner is placed in
	ExtAttempt    = ExtBase + "attempt"    // 1-based attempt number
)

func boolp(b bool) *bool        { return &b }
func floatp(f float64) *float64 { return &f }
func strp(s string) *string     { return &s }

// Duration formats d as an ISO 8601 duration (PT1H2M3.45S), as
// result.duration wants it, to the hundredth of a second.
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Round(10 * time.Millisecond)
	h := d / time.Hour
	d -= h * time.Hour
	m := d / time.Minute
	d -= m * time.Minute
	s := fmt.Sprintf("%.2f", d.Seconds())
	for len(s) > 1 && (s[len(s)-1] == '0' || s[len(s)-1] == '.') && s != "0" {
		last := s[len(s)-1]
		s = s[:len(s)-1]
		if last == '.' {
			break
		}
	}
	out := "PT"
	if h > 0 {
		out += fmt.Sprintf("%dH", h)
	}
	if m > 0 {
		out += fmt.Sprintf("%dM", m)
	}
	if s != "0" || out == "PT" {
		out += s + "S"
	}
	return out
}
