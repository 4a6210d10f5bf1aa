package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/lrstest"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lrsEnv points Ally at endpoint, with no config file.
func lrsEnv(t *testing.T, endpoint string) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	t.Setenv("ALLY_CONFIG", "")
	t.Setenv("ALLY_LRS_ENDPOINT", endpoint)
	t.Setenv("ALLY_LRS_AUTH", "ally:secret")
}

// lrsStatements reads every statement the LRS holds (following more links).
func lrsStatements(t *testing.T, endpoint string) []map[string]any {
	t.Helper()
	var all []map[string]any
	next := endpoint + "statements?limit=1000"
	for next != "" {
		req, err := http.NewRequest("GET", next, nil)
		require.NoError(t, err)
		req.Header.Set("X-Experience-API-Version", "1.0.3")
		req.SetBasicAuth("ally", "secret")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var page struct {
			Statements []map[string]any `json:"statements"`
			More       string           `json:"more"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
		resp.Body.Close()
		all = append(all, page.Statements...)
		next = ""
		if page.More != "" {
			next = strings.TrimSuffix(endpoint, "/xAPI/") + page.More
		}
	}
	return all
}

func TestSyncToLearningLocker(t *testing.T) {
	endpoint := lrstest.Start(t)
	lrsEnv(t, endpoint)
	path := sampleProgress(t)
	args := []string{"--course", sampleDir, "--progress", path}

	// Nothing is sent by a dry run.
	dry, errOut, code := allyRun(t, "", append(args, "sync", "--dry-run")...)
	require.Equal(t, 0, code, errOut)
	var pending []map[string]any
	require.NoError(t, json.Unmarshal([]byte(dry), &pending))
	require.NotEmpty(t, pending)
	assert.Empty(t, lrsStatements(t, endpoint), "a dry run sends nothing")

	out, errOut, code := allyRun(t, "", append(args, "sync")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Sent "+plural(len(pending), "statement"))
	stored := lrsStatements(t, endpoint)
	require.Len(t, stored, len(pending), "every statement arrived")
	ids := map[string]bool{}
	for _, s := range stored {
		ids[s["id"].(string)] = true
	}
	for _, s := range pending {
		assert.True(t, ids[s["id"].(string)], "statement %v stored", s["id"])
	}

	// A second sync sends nothing new and duplicates nothing.
	out, errOut, code = allyRun(t, "", append(args, "sync")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Sent 0 statements")
	assert.Len(t, lrsStatements(t, endpoint), len(pending))

	// Even with the outbox gone (a new machine, a lost file), re-sending
	// everything stores nothing twice: the ids are fixed.
	require.NoError(t, os.Remove(progress.OutboxPath(path)))
	out, errOut, code = allyRun(t, "", append(args, "sync")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Sent "+plural(len(pending), "statement"))
	assert.NotContains(t, out, "409")
	assert.Len(t, lrsStatements(t, endpoint), len(pending))

	// A changed statement under the same id is reported (409), and counts
	// as delivered.
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	require.NoError(t, s.CompleteLesson("two-reports"))
	dry, _, code = allyRun(t, "", append(args, "sync", "--dry-run")...)
	require.Equal(t, 0, code)
	var next []map[string]any
	require.NoError(t, json.Unmarshal([]byte(dry), &next))
	require.Len(t, next, 1)
	changed := next[0]
	changed["timestamp"] = "2020-01-01T00:00:00.000Z"
	body, err := json.Marshal([]any{changed})
	require.NoError(t, err)
	req, err := http.NewRequest("POST", endpoint+"statements", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("ally", "secret")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	out, errOut, code = allyRun(t, "", append(args, "sync")...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "(409)")
	assert.Contains(t, out, changed["id"].(string))
	out, _, _ = allyRun(t, "", append(args, "sync")...)
	assert.Contains(t, out, "Sent 0 statements", "a conflict is not sent again")
	assert.Len(t, lrsStatements(t, endpoint), len(pending)+1)

	// ally report --lrs reads them back: the same figures as the export.
	lrsJSON, errOut, code := allyRun(t, "", "--course", sampleDir, "report", "--lrs", "--format", "json")
	require.Equal(t, 0, code, errOut)
	var fromLRS report.Report
	require.NoError(t, json.Unmarshal([]byte(lrsJSON), &fromLRS))
	require.Len(t, fromLRS.Learners, 1)
	l := fromLRS.Learners[0]
	assert.Equal(t, "practice", l.Placement)
	assert.InDelta(t, 0.75, l.QuizScores["why-check"], 1e-9)
	assert.Equal(t, 2, l.ModulesDone, "why-reports and self-check")

	dir := t.TempDir()
	exp, _, code := allyRun(t, "", append(args, "progress", "export")...)
	require.Equal(t, 0, code)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ada.json"), []byte(exp), 0o600))
	dirJSON, errOut, code := allyRun(t, "", "--course", sampleDir, "report", dir, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var fromDir report.Report
	require.NoError(t, json.Unmarshal([]byte(dirJSON), &fromDir))
	require.Len(t, fromDir.Learners, 1)
	d := fromDir.Learners[0]
	assert.Equal(t, d.Key, l.Key)
	assert.Equal(t, d.ModulesDone, l.ModulesDone)
	assert.Equal(t, d.Placement, l.Placement)
	assert.Equal(t, d.QuizScores, l.QuizScores)
	assert.Equal(t, fromDir.Funnel, fromLRS.Funnel)
}
