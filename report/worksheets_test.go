package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "Acme Confidential Partner"

func builtIn(t *testing.T) *content.Course {
	t.Helper()
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	return c
}

// alliances is a learner of the built-in course with n alliances logged,
// the first r of them reviewed.
func alliances(c *content.Course, actor string, n, r int) *progress.State {
	st := progress.NewState(c.ID, c.Version, l0)
	st.Actor = actor
	st.Updated = l0.Add(time.Hour)
	log := &progress.WorksheetRecord{Next: n}
	rev := &progress.WorksheetRecord{Next: r}
	for i := range n {
		id := "e" + string(rune('1'+i))
		at := l0.Add(time.Duration(i) * time.Minute)
		log.Entries = append(log.Entries, progress.Entry{ID: id, Created: at, Updated: at,
			Values: map[string]progress.Value{"partner": progress.TextValue(secret)}})
		if i < r {
			rev.Entries = append(rev.Entries, progress.Entry{ID: id, For: id, Created: at.Add(time.Hour), Updated: at.Add(time.Hour),
				Values: map[string]progress.Value{"results": progress.TextValue(secret)}})
		}
	}
	st.Worksheets["alliances"], st.Worksheets["alliance-review"] = log, rev
	return st
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, data, 0o600))
}

func statementsJSON(t *testing.T, c *content.Course, st *progress.State) []byte {
	t.Helper()
	data, err := json.Marshal(xapi.NewBuilder(c, xapi.Learner{Account: st.Actor}).FromProgress(st))
	require.NoError(t, err)
	return data
}

// Per learner, alliances logged and reviewed, from each export format; a
// learner in two files is counted once with their entries united.
func TestReportCountsWorksheets(t *testing.T) {
	c := builtIn(t)
	dir := t.TempDir()
	ada := alliances(c, "ada", 3, 2)
	data, err := json.Marshal(ada)
	require.NoError(t, err)
	write(t, filepath.Join(dir, "ada.json"), data)
	write(t, filepath.Join(dir, "bob.json"), statementsJSON(t, c, alliances(c, "bob", 3, 2)))
	var csvOut bytes.Buffer
	require.NoError(t, progress.WriteCSV(&csvOut, c, alliances(c, "cy", 4, 1)))
	write(t, filepath.Join(dir, "cy.csv"), csvOut.Bytes())
	// Dee: two alliances in her progress file, a third (and its review)
	// only in the statements an LRS holds from another laptop.
	dee := alliances(c, "dee", 2, 0)
	data, err = json.Marshal(dee)
	require.NoError(t, err)
	write(t, filepath.Join(dir, "dee.json"), data)
	write(t, filepath.Join(dir, "lrs", "dee.json"), statementsJSON(t, c, alliances(c, "dee", 3, 1)))
	// Eve has logged nothing.
	write(t, filepath.Join(dir, "eve.json"), []byte("[]"))

	co := NewCohort(c)
	require.NoError(t, co.ReadDir(dir))
	require.Empty(t, co.Problems)
	b := New(c)
	for _, l := range co.Learners() {
		b.Add(*l)
	}
	r := b.Report(l0)
	assert.Equal(t, []WorksheetInfo{
		{ID: "alliances", Title: "Your alliance log", Label: "alliances logged"},
		{ID: "alliance-review", Title: "Review of a finished alliance", For: "alliances", Label: "alliances with a review"},
	}, r.Worksheets)
	got := map[string]map[string]int{}
	rows := map[string]LearnerRow{}
	for _, l := range r.Learners {
		got[l.Key] = l.Worksheets
		rows[l.Key] = l
	}
	assert.Equal(t, map[string]map[string]int{
		"ada": {"alliances": 3, "alliance-review": 2},
		"bob": {"alliances": 3, "alliance-review": 2},
		"cy":  {"alliances": 4, "alliance-review": 1},
		"dee": {"alliances": 3, "alliance-review": 1},
	}, without(got, ""), "eve sent no statement about the course, so she is not a learner here")
	assert.Equal(t, rows["ada"].Stage, rows["bob"].Stage, "the same records read from statements reach the same stage")

	// The same records give the same figures per module and funnel, read
	// from a progress file or from statements.
	one := func(file string) *Report {
		co := NewCohort(c)
		require.NoError(t, co.ReadDir(filepath.Join(dir, file)))
		b := New(c)
		for _, l := range co.Learners() {
			b.Add(*l)
		}
		return b.Report(l0)
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "only-ada"), 0o700))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "only-bob"), 0o700))
	require.NoError(t, os.Link(filepath.Join(dir, "ada.json"), filepath.Join(dir, "only-ada", "ada.json")))
	require.NoError(t, os.Link(filepath.Join(dir, "bob.json"), filepath.Join(dir, "only-bob", "bob.json")))
	ra, rb := one("only-ada"), one("only-bob")
	assert.Equal(t, ra.Modules, rb.Modules)
	assert.Equal(t, ra.Funnel, rb.Funnel)

	// Counts only, in every output.
	var table, csvRep, js, html bytes.Buffer
	require.NoError(t, WriteTable(&table, r))
	require.NoError(t, WriteCSV(&csvRep, r))
	require.NoError(t, WriteJSON(&js, r))
	require.NoError(t, WriteHTML(&html, r))
	for name, out := range map[string]string{"table": table.String(), "csv": csvRep.String(), "json": js.String(), "html": html.String()} {
		assert.NotContains(t, out, secret, name)
	}
	assert.Contains(t, table.String(), "ALLIANCES LOGGED")
	assert.Contains(t, table.String(), "ALLIANCES WITH A REVIEW")
	assert.Contains(t, html.String(), "<th>alliances with a review</th>")
	assert.Contains(t, html.String(), `<td class="n">4</td><td class="n">1</td>`, "cy's counts")
	recs, err := csv.NewReader(&csvRep).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, append(CSVColumns, "worksheet:alliances", "worksheet:alliance-review"), recs[0])
	for _, rec := range recs[1:] {
		if rec[0] == "learner" && rec[1] == "cy" {
			assert.Equal(t, []string{"4", "1"}, rec[len(rec)-2:])
		}
	}
}

func without(m map[string]map[string]int, key string) map[string]map[string]int {
	delete(m, key)
	return m
}

// A worksheet the course keeps private is counted nowhere, even when a
// progress file sent in holds its entries.
func TestReportLeavesPrivateWorksheetsOut(t *testing.T) {
	c := builtIn(t)
	c.Worksheet("alliances").Worksheet.Report = content.ReportNone
	dir := t.TempDir()
	data, err := json.Marshal(alliances(c, "ada", 3, 2))
	require.NoError(t, err)
	write(t, filepath.Join(dir, "ada.json"), data)
	var csvOut bytes.Buffer
	require.NoError(t, progress.WriteCSV(&csvOut, builtIn(t), alliances(c, "cy", 4, 1)))
	write(t, filepath.Join(dir, "cy.csv"), csvOut.Bytes())
	co := NewCohort(c)
	require.NoError(t, co.ReadDir(dir))
	require.Empty(t, co.Problems)
	b := New(c)
	for _, l := range co.Learners() {
		b.Add(*l)
	}
	r := b.Report(l0)
	require.Len(t, r.Worksheets, 1)
	assert.Equal(t, "alliance-review", r.Worksheets[0].ID)
	for _, l := range r.Learners {
		assert.NotContains(t, l.Worksheets, "alliances", l.Key)
	}
}

// A CSV whose worksheet count is not a count is refused, saying where.
func TestReportRefusesABadWorksheetCount(t *testing.T) {
	c := builtIn(t)
	var out bytes.Buffer
	require.NoError(t, progress.WriteCSV(&out, c, alliances(c, "cy", 2, 0)))
	lines := strings.Split(out.String(), "\n")
	for i, l := range lines {
		if strings.Contains(l, ",alliances,worksheet,") {
			lines[i] = strings.Replace(l, ",2,", ",-5,", 1)
		}
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "cy.csv"), []byte(strings.Join(lines, "\n")))
	co := NewCohort(c)
	require.NoError(t, co.ReadDir(dir))
	require.Len(t, co.Problems, 1)
	assert.Contains(t, co.Problems[0], `attempts "-5" of worksheet "alliances" is not a count`)
	assert.Regexp(t, `line \d+`, co.Problems[0])
}

// contextActivities.other may be one activity or a list (xAPI 1.0.3,
// 4.1.6.2); a review read back from another tool's LRS may use either.
func TestReadStatementsReadsOtherEitherWay(t *testing.T) {
	for _, other := range []string{`{"id":"x:1"}`, `[{"id":"x:1"}]`} {
		in := `[{"actor":{"objectType":"Agent","account":{"homePage":"h","name":"n"}},"verb":{"id":"v"},"object":{"id":"o"},` +
			`"context":{"contextActivities":{"other":` + other + `}},"timestamp":"2026-01-01T00:00:00Z"}]`
		var got []xapi.Statement
		require.NoError(t, ReadStatements(strings.NewReader(in), func(s xapi.Statement) error { got = append(got, s); return nil }))
		require.Len(t, got, 1)
		require.NotNil(t, got[0].Context)
		assert.Equal(t, []xapi.Activity{{ID: "x:1"}}, got[0].Context.ContextActivities.Other, other)
	}
}
