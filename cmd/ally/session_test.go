package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionStatementsAndSyncOnQuit(t *testing.T) {
	var mu sync.Mutex
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []map[string]any
		body, _ := io.ReadAll(r.Body)
		require.NoError(t, json.Unmarshal(body, &batch))
		mu.Lock()
		got = append(got, batch...)
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	cfgFile := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(cfgFile, []byte("endpoint = "+srv.URL+"/xAPI\nsync_on_quit = true\n"), 0o600))
	t.Setenv("ALLY_CONFIG", cfgFile)
	t.Setenv("ALLY_LRS_ENDPOINT", "")
	t.Setenv("ALLY_LRS_AUTH", "")

	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	require.NoError(t, store.OpenLesson("what-for")) // been here before: resumed

	s := newXAPISession(store)
	start := s.start
	status, err := s.begin()
	require.NoError(t, err)
	assert.Regexp(t, `^2 statements waiting for 127\.0\.0\.1:\d+ · sent when you quit$`, status)
	require.NoError(t, store.CompleteLesson("what-for"))
	s.now = func() time.Time { return start.Add(90 * time.Second) }
	var stderr bytes.Buffer
	s.end(context.Background(), &options{stderr: &stderr}, c)
	assert.Equal(t, "ally: sent 5 statements to "+srv.URL+"/xAPI/\n", stderr.String())

	verbs := []string{}
	for _, st := range got {
		verbs = append(verbs, st["verb"].(map[string]any)["display"].(map[string]any)["en-US"].(string))
	}
	assert.ElementsMatch(t, []string{"initialized", "resumed", "completed", "suspended", "terminated"}, verbs)
	for _, st := range got {
		if st["verb"].(map[string]any)["id"] == xapi.VerbTerminated {
			assert.Equal(t, "PT1M30S", st["result"].(map[string]any)["duration"])
		}
	}
}

func TestSessionWithoutLRSSendsNothing(t *testing.T) {
	t.Setenv("ALLY_CONFIG", "")
	t.Setenv("ALLY_LRS_ENDPOINT", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	s := newXAPISession(store)
	s.cfg = xapi.Config{} // whatever the machine's own config says
	status, err := s.begin()
	require.NoError(t, err)
	assert.Equal(t, "", status, "no line without an LRS")
	var stderr bytes.Buffer
	s.end(context.Background(), &options{stderr: &stderr}, c)
	assert.Empty(t, stderr.String())
	_, err = os.Stat(s.outbox.Path())
	assert.True(t, os.IsNotExist(err), "no outbox without an LRS")
	_, err = os.Stat(store.Path())
	assert.True(t, os.IsNotExist(err), "nothing written at all")
}

// The accessible mode records its sessions too, and a preview records none.
func TestAccessibleModeSession(t *testing.T) {
	var mu sync.Mutex
	var verbs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var batch []xapi.Statement
		body, _ := io.ReadAll(r.Body)
		require.NoError(t, json.Unmarshal(body, &batch))
		mu.Lock()
		for _, s := range batch {
			verbs = append(verbs, s.Verb.Display["en-US"])
		}
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	cfgFile := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(cfgFile, []byte("endpoint = "+srv.URL+"/xAPI\nsync_on_quit = true\n"), 0o600))
	t.Setenv("ALLY_CONFIG", cfgFile)
	t.Setenv("ALLY_LRS_ENDPOINT", "")
	progressFile := filepath.Join(t.TempDir(), "p.json")

	out, errOut, code := allyRun(t, "quit\n", "--accessible", "--course", sampleDir, "--progress", progressFile)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "1 statement waiting for 127.0.0.1")
	assert.Contains(t, errOut, "ally: sent 3 statements")
	assert.Equal(t, []string{"initialized", "suspended", "terminated"}, verbs)

	verbs = nil
	_, errOut, code = allyRun(t, "quit\n", "--accessible", "--preview", "new", "--course", sampleDir)
	require.Equal(t, exitOK, code, errOut)
	assert.Empty(t, verbs, "a preview reports nothing")
	assert.NotContains(t, errOut, "sent")
}
