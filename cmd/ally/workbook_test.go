package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// workbookCourse writes a course with an alliance log, a review attached to
// it and a grid, and a progress file with three alliances, two reviewed.
func workbookCourse(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"course.yaml": "id: wb\ntitle: Workbook course\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m/module.md": "---\nid: m\ntitle: M\nstage: s\nsummary: M.\n---\n",
		"m/01-l.md":   "---\nid: l\ntitle: The lesson\n---\nText.\n",
		"m/02-log.md": "---\nid: log\ntitle: Alliance log\nkind: worksheet\nnoun: alliance\ncolumns: [partner, form, review.outcome]\nfields:\n" +
			"  - {id: partner, label: Partner, type: text, required: true}\n" +
			"  - {id: form, label: Form, type: choice, options: [Licence, R&D]}\n" +
			"  - {id: lessons, label: Lessons, type: long text}\n---\n",
		"m/03-review.md": "---\nid: review\ntitle: Alliance review\nkind: worksheet\nfor: log\nnoun: review\nfields:\n" +
			"  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}\n---\n",
	}
	for name, text := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	c, err := content.Load(os.DirFS(dir))
	require.NoError(t, err)
	path = filepath.Join(t.TempDir(), "p.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	add := func(ws, parent string, v map[string]progress.Value) string {
		id, err := s.AddEntry(ws, parent, v)
		require.NoError(t, err)
		return id
	}
	a := add("log", "", map[string]progress.Value{"partner": progress.TextValue("Food lab"), "form": progress.TextValue("R&D"),
		"lessons": progress.TextValue("Agree rights first.\nDates in the contract.")})
	b := add("log", "", map[string]progress.Value{"partner": progress.TextValue("=HYPERLINK(\"x\") | Co"), "form": progress.TextValue("Licence")})
	add("log", "", map[string]progress.Value{"partner": progress.TextValue("Third")})
	add("review", a, map[string]progress.Value{"outcome": progress.NumValue(3)})
	add("review", b, map[string]progress.Value{"outcome": progress.NumValue(1)})
	require.NoError(t, s.SetNote("l", "My note."))
	return dir, path
}

func TestWorkbookList(t *testing.T) {
	dir, path := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "workbook", "list")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "log — “Alliance log”: 3 alliances, 2 with a review\n"+
		"  e1  Food lab\n  e2  =HYPERLINK(\"x\") | Co\n  e3  Third\n"+
		"review — “Alliance review”: 2 reviews, one per entry of log\n", out)
}

func TestValidateCountsWorksheets(t *testing.T) {
	dir, _ := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "validate", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 assessments, 2 worksheets, 0 minutes")
}

func TestProgressShowCountsEntries(t *testing.T) {
	dir, path := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "progress", "show")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "      worksheet “Alliance log”: 3 alliances (ally workbook show log)\n")
	assert.Contains(t, out, "      worksheet “Alliance review”: 2 reviews (ally workbook show review)\n")
}

func TestWorkbookShow(t *testing.T) {
	dir, path := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "workbook", "show", "log", "e1")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "Alliance log: 1 alliance\n\ne1  Food lab\n  Partner: Food lab\n  Form: R&D\n  Lessons: Agree rights first.\n    Dates in the contract.\n"+
		"  Alliance review:\n    Outcome: 3 (Good)\n", out)
	_, errOut, code = allyRun(t, "", "--course", dir, "--progress", path, "workbook", "show", "lgo")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `the course has no worksheet "lgo"; its worksheets are: log, review`)
	_, errOut, code = allyRun(t, "", "--course", dir, "--progress", path, "workbook", "show", "log", "e9")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `“Alliance log” has no entry "e9"`)
}

func TestWorkbookExportMarkdown(t *testing.T) {
	dir, path := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "workbook", "export")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		"# Workbook: Workbook course\n",
		"## Alliance log\n\n### Food lab\n\n- **Partner:** Food lab\n- **Form:** R&D\n\n**Lessons:**\n\nAgree rights first.\nDates in the contract.\n\n#### Alliance review\n\n- **Outcome:** 3 (Good)\n",
		"### Third\n\n- **Partner:** Third\n\n#### Alliance review\n\nNot written yet.\n",
		"### The grid\n\n| Partner | Form | Outcome |\n|---|---|---|\n| Food lab | R&D | 3 (Good) |\n| =HYPERLINK(\"x\") \\| Co | Licence | 1 (Poor) |\n| Third |  |  |\n",
		"## Notes on lessons\n\n### The lesson\n\nMy note.\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "\n## Alliance review", "attached worksheets are shown with their entries")
}

func TestWorkbookExportCSVAndJSON(t *testing.T) {
	dir, path := workbookCourse(t)
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", path, "workbook", "export", "--format", "csv")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"entry", "Partner", "Form", "Outcome"},
		{"e1", "Food lab", "R&D", "3 (Good)"},
		{"e2", "'=HYPERLINK(\"x\") | Co", "Licence", "1 (Poor)"},
		{"e3", "Third", "", ""},
	}, rows)

	out, errOut, code = allyRun(t, "", "--course", dir, "--progress", path, "workbook", "export", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var doc struct {
		Worksheets map[string]progress.WorksheetRecord
		Notes      map[string]string
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Len(t, doc.Worksheets["log"].Entries, 3)
	assert.Equal(t, "My note.", doc.Notes["l"])

	_, errOut, code = allyRun(t, "", "--course", dir, "--progress", path, "workbook", "export", "--format", "pdf")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown export format "pdf"`)
}

func TestGridSortAndCSVSafety(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+x": "'+x", "-2": "'-2", "@a": "'@a", "plain": "plain", "": ""} {
		var b strings.Builder
		g := &progress.Grid{Columns: []*content.Column{{Ref: "a"}}, Rows: []progress.GridRow{{Entry: progress.Entry{ID: "e1"}, Values: []*progress.Value{ptr(progress.TextValue(in))}}}}
		require.NoError(t, progress.WriteGridCSV(&b, g))
		rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, want, rows[1][1], in)
	}
}

func ptr[T any](v T) *T { return &v }
