package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyworks/ally/internal/lrstest"
	"github.com/allyworks/ally/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reportableWorkbook is workbookCourse with the log and its review marked
// `report: counts`: three alliances, two reviewed.
func reportableWorkbook(t *testing.T) (dir, path string) {
	t.Helper()
	dir, path = workbookCourse(t)
	for file, after := range map[string]string{"m/02-log.md": "noun: alliance\n", "m/03-review.md": "noun: review\n"} {
		p := filepath.Join(dir, file)
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		require.Contains(t, string(data), after)
		require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(data), after, after+"report: counts\n", 1)), 0o644))
	}
	return dir, path
}

// What leaves the machine about a worksheet: ids and times, never what
// the learner typed.
var typed = []string{"Food lab", "HYPERLINK", "Third", "Agree rights", "partner", "outcome", "lessons"}

func TestExportXAPICountsWorksheetEntries(t *testing.T) {
	dir, path := reportableWorkbook(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "progress", "export", "--format", "xapi")
	require.Equal(t, 0, code, errOut)
	var ss []struct {
		Verb   struct{ ID string }
		Object struct{ ID string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ss))
	verbs := map[string]int{}
	for _, s := range ss {
		if strings.Contains(s.Object.ID, "/entries/") {
			verbs[s.Verb.ID[strings.LastIndex(s.Verb.ID, "/")+1:]]++
		}
	}
	assert.Equal(t, map[string]int{"answered": 3, "completed": 2}, verbs)
	for _, leak := range typed {
		assert.NotContains(t, out, leak)
	}
	lrstest.Validate(t, []byte(out))

	// Without `report: counts` nothing about the worksheets is made.
	dir, path = workbookCourse(t)
	out, errOut, code = allyRun(t, "", "--course", dir, "--progress", path, "progress", "export", "--format", "xapi")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "/entries/")
}

func TestReportCountsAlliancesFromExports(t *testing.T) {
	dir, path := reportableWorkbook(t)
	exports := t.TempDir()
	// In this order: the xAPI export gives the learner an actor id, which a
	// json export made after it would carry too, and the report would then
	// rightly count the two files as one learner. (Ranging over a map made
	// the order, and so the count, change from run to run.)
	for _, ex := range []struct{ name, format string }{{"ada.json", "json"}, {"bob.csv", "csv"}, {"cy.json", "xapi"}} {
		name, format := ex.name, ex.format
		out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "progress", "export", "--format", format)
		require.Equal(t, 0, code, errOut)
		require.NoError(t, os.WriteFile(filepath.Join(exports, name), []byte(out), 0o600))
	}
	out, errOut, code := allyRun(t, "", "--course", dir, "report", exports, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var r report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Worksheets, 2)
	assert.Equal(t, "alliances logged", r.Worksheets[0].Label)
	assert.Equal(t, "alliances with a review", r.Worksheets[1].Label)
	require.Len(t, r.Learners, 3)
	for _, l := range r.Learners {
		assert.Equal(t, map[string]int{"log": 3, "review": 2}, l.Worksheets, l.Key)
	}

	table, _, code := allyRun(t, "", "--course", dir, "report", exports)
	require.Equal(t, 0, code)
	assert.Contains(t, table, "ALLIANCES LOGGED")
	assert.Contains(t, table, "ALLIANCES WITH A REVIEW")
	csvOut, _, code := allyRun(t, "", "--course", dir, "report", exports, "--format", "csv")
	require.Equal(t, 0, code)
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"worksheet:log", "worksheet:review"}, rows[0][len(rows[0])-2:])
	html, _, code := allyRun(t, "", "--course", dir, "report", exports, "--format", "html")
	require.Equal(t, 0, code)
	for name, o := range map[string]string{"table": table, "csv": csvOut, "json": out, "html": html} {
		for _, leak := range typed[:4] {
			assert.NotContains(t, o, leak, name)
		}
	}
}

func TestReportCountsAlliancesFromTheLRS(t *testing.T) {
	endpoint := lrstest.Start(t)
	lrsEnv(t, endpoint)
	dir, path := reportableWorkbook(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "sync")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Sent ")
	stored := lrsStatements(t, endpoint)
	data, err := json.Marshal(stored)
	require.NoError(t, err)
	assert.Contains(t, string(data), "/entries/e3")
	for _, leak := range typed {
		assert.NotContains(t, string(data), leak, "the LRS holds no worksheet contents")
	}

	out, errOut, code = allyRun(t, "", "--course", dir, "report", "--lrs", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var r report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Learners, 1)
	assert.Equal(t, map[string]int{"log": 3, "review": 2}, r.Learners[0].Worksheets)
}
