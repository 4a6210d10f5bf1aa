package main

import (
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/lrstest"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportsDir writes the sample learner's progress in the three export
// formats, as three learners: ada.json (json), bob.csv (csv), cy.json
// (xapi, another actor), plus a file that is not an export.
func exportsDir(t *testing.T) string {
	t.Helper()
	path := sampleProgress(t)
	args := []string{"--course", sampleDir, "--progress", path, "progress", "export"}
	dir := t.TempDir()
	for name, format := range map[string]string{"ada.json": "json", "bob.csv": "csv"} {
		out, errOut, code := allyRun(t, "", append(args, "--format", format)...)
		require.Equal(t, 0, code, errOut)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(out), 0o600))
	}
	// Another learner, who only stays offline and sends an xAPI export.
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	other := filepath.Join(t.TempDir(), "cy.json")
	s, _, err := progress.Open(other, c)
	require.NoError(t, err)
	require.NoError(t, s.CompleteLesson("what-for"))
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {1}})
	require.NoError(t, err)
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "--progress", other, "progress", "export", "--format", "xapi")
	require.Equal(t, 0, code, errOut)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "cy.json"), []byte(out), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{nope"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o600))
	return dir
}

func TestReportFromFolder(t *testing.T) {
	dir := exportsDir(t)
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "report", dir, "--format", "json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "broken.json", "a file that cannot be read is named")
	assert.NotContains(t, errOut, "bob.csv")
	var r report.Report
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Len(t, r.Learners, 3)
	by := map[string]report.LearnerRow{}
	for _, l := range r.Learners {
		by[l.Learner] = l
	}
	ada, bob := by["Ada"], by["bob"]
	assert.Equal(t, 2, ada.ModulesDone)
	assert.Equal(t, "practice", ada.Placement)
	assert.InDelta(t, 0.75, *ada.MeanScore, 1e-9)
	assert.Equal(t, ada.ModulesDone, bob.ModulesDone, "the csv export gives the same figures")
	assert.Equal(t, ada.Placement, bob.Placement)
	assert.Equal(t, ada.QuizScores, bob.QuizScores)
	var cy report.LearnerRow
	for _, l := range r.Learners {
		if l.Learner != "Ada" && l.Learner != "bob" {
			cy = l
		}
	}
	assert.InDelta(t, 0.75, cy.QuizScores["why-check"], 1e-9, "read from the xapi export")
	assert.Equal(t, 0, cy.ModulesDone)

	m := r.Modules[0]
	assert.Equal(t, "why-reports", m.ID)
	assert.Equal(t, 3, m.Started)
	assert.Equal(t, 2, m.Completed)
	assert.InDelta(t, 0.75, *m.MeanScore, 1e-4)
	require.NotEmpty(t, r.Funnel)
	assert.Equal(t, 3, r.Funnel[0].Reached)
	assert.Equal(t, 2, r.Funnel[1].Placed, "two learners placed in practice")

	table, _, code := allyRun(t, "", "--course", sampleDir, "report", dir)
	require.Equal(t, 0, code)
	assert.Contains(t, table, "3 learners")
	assert.Contains(t, table, "STAGE FUNNEL")

	csvOut, _, code := allyRun(t, "", "--course", sampleDir, "report", dir, "--format", "csv")
	require.Equal(t, 0, code)
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, report.CSVColumns, rows[0])
	assert.Len(t, rows, 1+3+len(r.Modules)+len(r.Funnel))
}

func TestReportHTMLIsSelfContainedAndEscaped(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	dir := t.TempDir()
	s, _, err := progress.Open(filepath.Join(dir, "x.json"), c)
	require.NoError(t, err)
	require.NoError(t, s.SetLearner(`<script>alert(1)</script> =cmd`))
	require.NoError(t, s.CompleteLesson("what-for"))

	page, errOut, code := allyRun(t, "", "--course", sampleDir, "report", dir, "--format", "html")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.Contains(t, page, "<svg")
	assert.NotContains(t, page, "<script>", "a learner's name is escaped")
	assert.Contains(t, page, "&lt;script&gt;")
	for _, ext := range []string{"src=", "href=", "@import", "url("} {
		assert.NotContains(t, page, ext, "nothing is fetched")
	}
	csvOut, _, _ := allyRun(t, "", "--course", sampleDir, "report", dir, "--format", "csv")
	assert.NotContains(t, csvOut, ",=cmd", "no formula injection")
}

func TestReportUsage(t *testing.T) {
	_, errOut, code := allyRun(t, "", "--course", sampleDir, "report")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "give one folder of exports, or --lrs")
	_, errOut, code = allyRun(t, "", "--course", sampleDir, "report", ".", "--format", "pdf")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown report format "pdf"`)
	t.Setenv("ALLY_LRS_ENDPOINT", "")
	t.Setenv("ALLY_CONFIG", filepath.Join(t.TempDir(), "none"))
	_, errOut, code = allyRun(t, "", "--course", sampleDir, "report", "--lrs")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "reading the Ally config")
}

func TestExportXAPIValidates(t *testing.T) {
	path := sampleProgress(t)
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "--progress", path, "progress", "export", "--format", "xapi")
	require.Equal(t, 0, code, errOut)
	var ss []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &ss))
	assert.Len(t, ss, 2+1+4+1)
	lrstest.Validate(t, []byte(out))
	again, _, _ := allyRun(t, "", "--course", sampleDir, "--progress", path, "progress", "export", "--format", "xapi")
	assert.Equal(t, out, again, "the same statements every time")
}

func TestProgressImport(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	here := filepath.Join(t.TempDir(), "here.json")
	s, _, err := progress.Open(here, c)
	require.NoError(t, err)
	require.NoError(t, s.CompleteLesson("what-for"))

	there := sampleProgress(t) // another machine: more done
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "--progress", here, "progress", "import", there)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Imported")
	assert.Contains(t, out, "2 quiz attempts", "the orphaned one too: nothing is lost")
	assert.Contains(t, out, "The progress before the import is saved in "+here+".import-")
	show, _, _ := allyRun(t, "", "--course", sampleDir, "--progress", here, "progress", "show")
	assert.Contains(t, show, "Learner: Ada")
	assert.Contains(t, show, "best 75%")

	out, _, code = allyRun(t, "", "--course", sampleDir, "--progress", here, "progress", "import", there)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Nothing to import")

	// An xAPI export imports too.
	xapiFile := filepath.Join(t.TempDir(), "x.json")
	exp, _, _ := allyRun(t, "", "--course", sampleDir, "--progress", there, "progress", "export", "--format", "xapi")
	require.NoError(t, os.WriteFile(xapiFile, []byte(exp), 0o600))
	fresh := filepath.Join(t.TempDir(), "fresh.json")
	out, errOut, code = allyRun(t, "", "--course", sampleDir, "--progress", fresh, "progress", "import", xapiFile)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1 quiz attempts")
	show, _, _ = allyRun(t, "", "--course", sampleDir, "--progress", fresh, "progress", "show")
	assert.Contains(t, show, "best 75%")
	assert.Contains(t, show, "placed in")

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"hello": 1}`), 0o600))
	_, errOut, code = allyRun(t, "", "--course", sampleDir, "--progress", here, "progress", "import", bad)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, bad+": not a progress file")
}

// Importing the progress of another laptop keeps the worksheet entries and
// lesson notes of both: an alliance logged on each machine since they
// parted is kept twice, under two ids.
func TestProgressImportKeepsWorksheetsAndNotes(t *testing.T) {
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	file := func(name string, updated time.Time, partners map[string]time.Time, note string) string {
		st := progress.NewState(c.ID, c.Version, t0)
		st.Updated = updated
		r := &progress.WorksheetRecord{}
		for _, id := range slices.Sorted(maps.Keys(partners)) {
			r.Entries = append(r.Entries, progress.Entry{ID: "e" + strconv.Itoa(len(r.Entries)+1), Created: partners[id], Updated: partners[id],
				Values: map[string]progress.Value{"partner": progress.TextValue(id)}})
			r.Next++
		}
		st.Worksheets["alliances"] = r
		lesson := c.Modules[0].Items[0].ID
		st.Notes[lesson] = note
		data, err := json.Marshal(st)
		require.NoError(t, err)
		path := filepath.Join(t.TempDir(), name)
		require.NoError(t, os.WriteFile(path, data, 0o600))
		return path
	}
	here := file("here.json", t0.Add(2*time.Hour), map[string]time.Time{"Acme": t0.Add(time.Minute), "Bolt": t0.Add(time.Hour)}, "here")
	there := file("there.json", t0.Add(3*time.Hour), map[string]time.Time{"Acme": t0.Add(time.Minute), "Crane": t0.Add(2 * time.Hour)}, "there, later")

	out, errOut, code := allyRun(t, "", "--progress", here, "progress", "import", there)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1 worksheet entries")
	st, err := progress.Parse(must(os.ReadFile(here)))
	require.NoError(t, err)
	var got []string
	for _, e := range st.Worksheets["alliances"].Entries {
		got = append(got, e.ID+" "+*e.Values["partner"].Text)
	}
	assert.Equal(t, []string{"e1 Acme", "e2 Bolt", "e3 Crane"}, got)
	assert.Equal(t, "there, later", st.Notes[c.Modules[0].Items[0].ID], "the newer file's note")

	out, _, code = allyRun(t, "", "--progress", here, "progress", "import", there)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "Nothing to import")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
