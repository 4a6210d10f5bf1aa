package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sampleDir = filepath.Join("..", "..", "testdata", "sample")

// allyRun runs the command line with stdin and returns what it printed and
// its exit status.
func allyRun(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// sampleProgress writes a progress file for the sample course: why-reports
// completed with a quiz best of 75%, the self-assessment taken and placed
// in practice, an orphaned quiz record.
func sampleProgress(t *testing.T) string {
	t.Helper()
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	require.NoError(t, s.SetLearner("Ada"))
	for _, id := range []string{"what-for", "anatomy"} {
		require.NoError(t, s.CompleteLesson(id))
	}
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0}})
	require.NoError(t, err)
	_, err = s.RecordAssessment("reporting-habits", map[string]float64{"reports-filed": 3, "reports-received": 0,
		"exact-steps": 2, "expected-actual": 2, "environment": 2, "reread": 2, "one-liner": 2})
	require.NoError(t, err)
	require.NoError(t, s.OpenLesson("sorting")) // triage: preview

	// An orphan: a record for a quiz the course no longer has.
	var doc map[string]any
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	doc["quizzes"].(map[string]any)["old-quiz"] = map[string]any{"attempts": []any{
		map[string]any{"at": "2025-01-01T00:00:00Z", "answers": map[string]any{}, "right": 1, "total": 2, "score": 0.5, "passed": false}}}
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

func TestProgressPath(t *testing.T) {
	t.Setenv(progress.EnvVar, "")
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	xdg.Reload()
	t.Cleanup(xdg.Reload)

	out, _, code := allyRun(t, "", "progress", "path", "--course", sampleDir)
	assert.Equal(t, 0, code)
	assert.Equal(t, filepath.Join(home, "ally", "clear-bug-reports.json")+"\n", out)
	_, err := os.Stat(filepath.Join(home, "ally"))
	assert.True(t, os.IsNotExist(err), "path creates nothing")

	env := filepath.Join(t.TempDir(), "env.json")
	t.Setenv(progress.EnvVar, env)
	out, _, code = allyRun(t, "", "progress", "path", "--course", sampleDir)
	assert.Equal(t, 0, code)
	assert.Equal(t, env+"\n", out, "ALLY_PROGRESS beats the data folder")

	flag := filepath.Join(t.TempDir(), "flag.json")
	out, _, code = allyRun(t, "", "progress", "path", "--course", sampleDir, "--progress", flag)
	assert.Equal(t, 0, code)
	assert.Equal(t, flag+"\n", out, "--progress beats ALLY_PROGRESS")

	_, _, code = allyRun(t, "", "progress", "path", "extra")
	assert.Equal(t, exitUsage, code)
}

func TestProgressShow(t *testing.T) {
	path := sampleProgress(t)
	out, errOut, code := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	for _, want := range []string{
		"Writing a Clear Bug Report (clear-bug-reports 1.0.0)\n",
		"Learner: Ada\n",
		"Progress file: " + path + "\n",
		"Stage 1: The basics — completed\n",
		"  [completed] Why bug reports matter — 3 of 3 required items\n",
		"      quiz “Why bug reports matter — check”: best 75%, latest 75%, passed, 1 attempt left\n",
		"      self-assessment “Your reporting habits”: taken once, placed in “Practice”\n",
		"Stage 2: Practice — 0 of 1 modules completed\n",
		"  [open] Writing steps to reproduce — 0 of 2 required items\n",
		"      quiz “Writing steps — check”: not taken\n",
		"  [locked, preview] Triage — reading the reports you receive — 0 of 1 required items\n",
		"      ✗ Pass every quiz in “Writing steps to reproduce” — 0 of 1 quizzes passed\n",
		"\nNext: Read “Finding and writing the steps” in “Writing steps to reproduce”\n",
		"Orphaned records (kept; the course no longer has these ids):\n  quiz old-quiz: 1 attempt\n",
	} {
		assert.Contains(t, out, want)
	}
}

func TestProgressShowWithoutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none", "p.json")
	out, _, code := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Progress file: "+path+" (not created yet: nothing recorded)")
	assert.Contains(t, out, "[open] Why bug reports matter")
	assert.Contains(t, out, "Next: Read “What a bug report is for”")
	_, err := os.Stat(filepath.Dir(path))
	assert.True(t, os.IsNotExist(err), "show writes nothing")
}

func TestProgressShowBadFiles(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	require.NoError(t, os.WriteFile(corrupt, []byte(`{"schema": 1, "cour`), 0o600))
	out, errOut, code := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", corrupt)
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "could not be read")
	assert.Contains(t, errOut, corrupt+".corrupt-")
	assert.Contains(t, out, "(not created yet")
	moved, err := filepath.Glob(corrupt + ".corrupt-*")
	require.NoError(t, err)
	require.Len(t, moved, 1)
	data, _ := os.ReadFile(moved[0])
	assert.Equal(t, `{"schema": 1, "cour`, string(data))

	newer := filepath.Join(dir, "newer.json")
	require.NoError(t, os.WriteFile(newer, []byte(`{"schema": 99, "course": {"id": "clear-bug-reports"}}`), 0o600))
	out, errOut, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", newer)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "newer version of Ally (schema 99")

	other := filepath.Join(dir, "other.json")
	require.NoError(t, os.WriteFile(other, []byte(`{"schema": 1, "course": {"id": "other"}}`), 0o600))
	_, errOut, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", other)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, `belongs to course "other"`)
}

func TestProgressExportJSON(t *testing.T) {
	path := sampleProgress(t)
	out, errOut, code := allyRun(t, "", "progress", "export", "--course", sampleDir, "--progress", path)
	require.Equal(t, 0, code, errOut)
	var st progress.State
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	assert.Equal(t, progress.SchemaVersion, st.Schema)
	assert.Equal(t, "clear-bug-reports", st.Course.ID)
	assert.Equal(t, "Ada", st.Learner)
	assert.Len(t, st.Quizzes["why-check"].Attempts, 1)
	assert.Contains(t, st.Quizzes, "old-quiz", "orphans are exported too")

	out2, _, _ := allyRun(t, "", "progress", "export", "--format", "json", "--course", sampleDir, "--progress", path)
	assert.Equal(t, out, out2)
}

func TestProgressExportCSV(t *testing.T) {
	path := sampleProgress(t)
	out, errOut, code := allyRun(t, "", "progress", "export", "--format", "csv", "--course", sampleDir, "--progress", path)
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+8+1, "a header, the sample's 8 items, one orphan")
	assert.Equal(t, progress.CSVColumns, rows[0])
	get := func(item string) map[string]string {
		for _, r := range rows[1:] {
			if r[3] == item {
				m := map[string]string{}
				for i, col := range rows[0] {
					m[col] = r[i]
				}
				return m
			}
		}
		t.Fatalf("no row for %s", item)
		return nil
	}
	wc := get("why-check")
	assert.Equal(t, "basics", wc["stage"])
	assert.Equal(t, "why-reports", wc["module"])
	assert.Equal(t, "completed", wc["module_status"])
	assert.Equal(t, "quiz", wc["kind"])
	assert.Equal(t, "passed", wc["status"])
	assert.Equal(t, "0.75", wc["best_score"])
	assert.Equal(t, "1", wc["attempts"])
	assert.Equal(t, "1", wc["attempts_left"])
	assert.Equal(t, "true", wc["passed"])
	assert.NotEmpty(t, wc["completed"])

	wf := get("what-for")
	assert.Equal(t, "completed", wf["status"])
	assert.NotEmpty(t, wf["opened"])
	assert.Equal(t, "true", wf["required"])
	assert.Equal(t, "false", get("two-reports")["required"])
	assert.Equal(t, "practice", get("reporting-habits")["placement"])
	assert.Equal(t, "locked", get("sorting")["module_status"])
	assert.Equal(t, "started", get("sorting")["status"], "read in preview, not completed")
	assert.Equal(t, "", get("writing-check")["attempts_left"], "unlimited")
	orphan := get("old-quiz")
	assert.Equal(t, "orphan", orphan["status"])
	assert.Equal(t, "", orphan["module"])
}

func TestProgressExportBadFormat(t *testing.T) {
	_, errOut, code := allyRun(t, "", "progress", "export", "--format", "xml", "--course", sampleDir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown export format "xml"`)
	_, _, code = allyRun(t, "", "progress", "export", "--nope")
	assert.Equal(t, exitUsage, code)
}

func TestProgressReset(t *testing.T) {
	path := sampleProgress(t)
	args := []string{"progress", "reset", "--course", sampleDir, "--progress", path}
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	for _, answer := range []string{"no\n", "", "\n", "yess\n"} {
		out, errOut, code := allyRun(t, answer, append(args, "--module", "why-reports")...)
		assert.Equal(t, exitFailure, code, "answer %q", answer)
		assert.Empty(t, out)
		assert.Contains(t, errOut, "Reset the progress of module “Why bug reports matter” (3 records)? A backup is kept. Type yes to confirm: ")
		assert.Contains(t, errOut, "reset cancelled; nothing was changed")
	}
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after)

	out, errOut, code := allyRun(t, "Yes\n", append(args, "--module", "why-reports")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Reset the progress of module “Why bug reports matter”: 3 records removed.\n")
	backup := strings.TrimSpace(out[strings.Index(out, "saved in ")+len("saved in "):])
	saved, err := os.ReadFile(backup)
	require.NoError(t, err)
	assert.Equal(t, before, saved, "the backup holds the file as it was")

	show, _, _ := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	assert.Contains(t, show, "[open] Why bug reports matter — 0 of 3 required items")
	assert.Contains(t, show, "self-assessment “Your reporting habits”: taken once", "other modules keep their records")

	out, _, code = allyRun(t, "", append(args, "--module", "why-reports")...)
	assert.Equal(t, 0, code)
	assert.Equal(t, "Nothing to reset: there are no records of module “Why bug reports matter”.\n", out)

	out, errOut, code = allyRun(t, "", append(args, "--all", "--yes")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Reset all progress in “Writing a Clear Bug Report”: 4 records removed.")
	show, _, _ = allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	assert.Contains(t, show, "Learner: Ada", "the name is kept")
	assert.NotContains(t, show, "Orphaned")
	assert.Contains(t, show, "self-assessment “Your reporting habits”: not taken")

	backups, err := filepath.Glob(path + ".reset-*")
	require.NoError(t, err)
	assert.Len(t, backups, 2)
}

func TestProgressResetUsage(t *testing.T) {
	path := sampleProgress(t)
	args := []string{"progress", "reset", "--course", sampleDir, "--progress", path}
	tests := []struct {
		name  string
		extra []string
		code  int
		msg   string
	}{
		{"nothing said", nil, exitUsage, "say what to reset: --module ID or --all"},
		{"both", []string{"--all", "--module", "why-reports"}, exitUsage, "cannot be used together"},
		{"unknown flag", []string{"--everything"}, exitUsage, "unknown flag"},
		{"an argument", []string{"why-reports"}, exitUsage, "unknown command"},
		{"unknown module", []string{"--module", "nope", "--yes"}, exitFailure,
			`the course has no module "nope"; its modules are: why-reports, self-check, writing, triage`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := allyRun(t, "yes\n", append(args, tt.extra...)...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, errOut, tt.msg)
		})
	}
}

func TestProgressReadOnlyFile(t *testing.T) {
	path := sampleProgress(t)
	require.NoError(t, os.Chmod(path, 0o400))
	before, _ := os.ReadFile(path)
	out, errOut, code := allyRun(t, "", "progress", "reset", "--all", "--yes", "--course", sampleDir, "--progress", path)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "is read-only")
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after)
}

func TestProgressHelp(t *testing.T) {
	out, _, code := allyRun(t, "", "progress")
	assert.Equal(t, 0, code)
	for _, sub := range []string{"show", "path", "export", "reset"} {
		assert.Contains(t, out, sub)
	}
	_, _, code = allyRun(t, "", "progress", "nope")
	assert.Equal(t, exitUsage, code)
}

// Issue 10: the CLI takes the labels learners see on the map, and shows them.
func TestProgressResetTakesAModuleLabel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	first := c.Modules[0]
	require.NotEmpty(t, first.Label)
	require.NoError(t, s.OpenLesson(first.Items[0].ID))

	out, _, code := allyRun(t, "", "progress", "show", "--progress", path)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "] "+first.Label+"  "+first.Title+" — ")

	out, errOut, code := allyRun(t, "", "progress", "reset", "--module", strings.ToLower(first.Label), "--yes", "--progress", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out+errOut, first.Title)
	st, _, err := progress.Open(path, c)
	require.NoError(t, err)
	assert.Nil(t, st.Snapshot().Lessons[first.Items[0].ID], "the module's records are gone")
}
