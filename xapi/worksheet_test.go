package xapi

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/lrstest"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "Acme Confidential Partner"

func builtIn(t testing.TB) *content.Course {
	t.Helper()
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	return c
}

// allianceState has three alliances logged in the built-in course's log,
// two of them reviewed, every field holding text that must never leave.
func allianceState(c *content.Course) *progress.State {
	st := progress.NewState(c.ID, c.Version, t0)
	st.Actor = "3f1c0a52-0d7e-4a8e-9d35-6c1d2b7f0e11"
	vals := map[string]progress.Value{"partner": progress.TextValue(secret)}
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	st.Worksheets["alliances"] = &progress.WorksheetRecord{Next: 3, Entries: []progress.Entry{
		{ID: "e1", Created: at(1), Updated: at(9), Values: vals},
		{ID: "e2", Created: at(2), Updated: at(2), Values: vals},
		{ID: "e3", Created: at(3), Updated: at(3), Values: vals},
	}}
	st.Worksheets["alliance-review"] = &progress.WorksheetRecord{Next: 2, Entries: []progress.Entry{
		{ID: "e1", For: "e2", Created: at(4), Updated: at(4), Values: map[string]progress.Value{"results": progress.TextValue(secret)}},
		{ID: "e2", For: "e1", Created: at(5), Updated: at(5), Values: map[string]progress.Value{"results": progress.TextValue(secret)}},
	}}
	return st
}

func TestWorksheetEntryStatements(t *testing.T) {
	c := builtIn(t)
	st := allianceState(c)
	b := NewBuilder(c, Learner{Account: st.Actor})
	ss := b.FromProgress(st)
	require.Len(t, ss, 5, "3 alliances answered, 2 reviews completed")

	logIRI := b.ItemIRI(c.Worksheet("alliances"))
	reviewIRI := b.ItemIRI(c.Worksheet("alliance-review"))
	for i, s := range ss[:3] {
		assert.Equal(t, VerbAnswered, s.Verb.ID)
		assert.Equal(t, logIRI+"/entries/e"+string(rune('1'+i)), s.Object.ID)
		assert.Equal(t, TypeWorksheetEntry, s.Object.Definition.Type)
		assert.Equal(t, []Activity{activity(logIRI, TypeWorksheet, "Your alliance log")}, s.Context.ContextActivities.Parent)
		assert.Equal(t, c.BaseIRI(), s.Context.ContextActivities.Grouping[1].ID)
		assert.Empty(t, s.Context.ContextActivities.Category, "not a cmi5-defined statement")
		assert.Nil(t, s.Result)
		assert.Equal(t, t0.Add(time.Duration(i+1)*time.Hour).Truncate(time.Millisecond), s.Timestamp.Time, "the time it was recorded, not edited")
		assert.Equal(t, StatementID(b.Registration(), "worksheet/alliances/entry/e"+string(rune('1'+i))+"/answered"), s.ID)
	}
	rv := ss[3]
	assert.Equal(t, VerbCompleted, rv.Verb.ID)
	assert.Equal(t, reviewIRI+"/entries/e1", rv.Object.ID)
	assert.Equal(t, []Activity{activity(logIRI+"/entries/e2", TypeWorksheetEntry, "")}, rv.Context.ContextActivities.Other, "the alliance it reviews")
	assert.Equal(t, true, *rv.Result.Completion)

	// No field's contents, no field ids: only ids and times.
	data, err := json.Marshal(ss)
	require.NoError(t, err)
	for _, leak := range []string{secret, "partner", "results", `"values"`} {
		assert.NotContains(t, string(data), leak)
	}

	// Deterministic, and an edit sends nothing new.
	st2 := allianceState(c)
	st2.Worksheets["alliances"].Entries[0].Values = map[string]progress.Value{"partner": progress.TextValue("Other")}
	st2.Worksheets["alliances"].Entries[0].Updated = t0.Add(48 * time.Hour)
	assert.Equal(t, ss, NewBuilder(c, Learner{Account: st.Actor}).FromProgress(st2))

	// Every one validates with Learning Locker's validator.
	lrstest.Validate(t, data)
}

func TestPrivateWorksheetsSendNothing(t *testing.T) {
	c := builtIn(t)
	c.Worksheet("alliances").Worksheet.Report = content.ReportNone
	st := allianceState(c)
	ss := NewBuilder(c, Learner{Account: st.Actor}).FromProgress(st)
	require.Len(t, ss, 2, "only the reviews, whose worksheet still says report: counts")
	for _, s := range ss {
		assert.Equal(t, VerbCompleted, s.Verb.ID)
	}
	c.Worksheet("alliance-review").Worksheet.Report = content.ReportNone
	assert.Empty(t, NewBuilder(c, Learner{Account: st.Actor}).FromProgress(st))
}

// A hand-edited progress file cannot put text into an activity id.
func TestEntryIDsAreOnlyAllysOwn(t *testing.T) {
	for id, ok := range map[string]bool{"e1": true, "e42": true, "e0": false, "e": false, "x1": false, "e1/../x": false,
		"e1 ": false, "e" + strings.Repeat("9", 10): false, "": false} {
		assert.Equal(t, ok, EntryID(id), id)
	}
	c := builtIn(t)
	st := allianceState(c)
	st.Worksheets["alliances"].Entries[1].ID = "e2?partner=" + secret
	st.Worksheets["alliance-review"].Entries[0].For = "../e2"
	st.Worksheets["alliances"].Entries = append(st.Worksheets["alliances"].Entries, st.Worksheets["alliances"].Entries[0])
	ss := NewBuilder(c, Learner{Account: st.Actor}).FromProgress(st)
	assert.Len(t, ss, 3, "e1 once (a duplicate id is one statement), e3, and the review of e1")
	data, err := json.Marshal(ss)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "Acme")
}

// The statements read back as counts: entries, and which entry each review
// is about, with no values.
func TestCollectorReadsEntries(t *testing.T) {
	c := builtIn(t)
	st := allianceState(c)
	ss := NewBuilder(c, Learner{Account: st.Actor}).FromProgress(st)
	col := NewCollector(c)
	for _, s := range append(ss, ss...) { // sent twice: counted once
		col.Add(s)
	}
	ls := col.Learners()
	require.Len(t, ls, 1)
	got := ls[0].Entries()
	require.Len(t, got["alliances"].Entries, 3)
	assert.Equal(t, 3, got["alliances"].Next)
	assert.Equal(t, "e1", got["alliances"].Entries[0].ID)
	assert.Empty(t, got["alliances"].Entries[0].Values)
	require.Len(t, got["alliance-review"].Entries, 2)
	assert.Equal(t, "e2", got["alliance-review"].Entries[0].For)
	assert.Equal(t, "e1", got["alliance-review"].Entries[1].For)
	assert.Empty(t, ls[0].State().Worksheets, "a learner's progress rebuilt from statements gets no empty entries")

	// A review statement without the entry it is about is not counted; a
	// worksheet the course keeps private is not read.
	col = NewCollector(c)
	bad := ss[3]
	bad.Context = &Context{Registration: bad.Context.Registration}
	col.Add(bad)
	c2 := builtIn(t)
	c2.Worksheet("alliances").Worksheet.Report = content.ReportNone
	col2 := NewCollector(c2)
	for _, s := range ss {
		col2.Add(s)
	}
	assert.Empty(t, col.Learners()[0].Entries())
	assert.NotContains(t, col2.Learners()[0].Entries(), "alliances")
	assert.Len(t, col2.Learners()[0].Entries()["alliance-review"].Entries, 2)
}
