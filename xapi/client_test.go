package xapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeLRS stores statements by id like a real LRS (an identical statement
// again is fine, a different one under a stored id is a 409) and fails as
// its fail hook says.
type fakeLRS struct {
	mu       sync.Mutex
	stored   map[string]json.RawMessage
	order    []string
	requests int
	posts    [][]string // ids of each POST that was stored
	fail     func(n int, w http.ResponseWriter, r *http.Request, body []byte) bool
}

func newFakeLRS(t *testing.T) (*fakeLRS, *httptest.Server) {
	f := &fakeLRS{stored: map[string]json.RawMessage{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeLRS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests++
	n := f.requests
	f.mu.Unlock()
	if f.fail != nil && f.fail(n, w, r, body) {
		return
	}
	if r.Header.Get("X-Experience-API-Version") != "1.0.3" {
		http.Error(w, "no version header", http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodPost:
		var batch []json.RawMessage
		if err := json.Unmarshal(body, &batch); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if f.store(batch) {
			w.WriteHeader(http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusOK)
	case http.MethodPut:
		if f.store([]json.RawMessage{body}) {
			w.WriteHeader(http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodGet:
		f.get(w, r)
	}
}

// store keeps the batch unless one of its statements conflicts.
func (f *fakeLRS) store(batch []json.RawMessage) (conflict bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for _, s := range batch {
		var id struct{ ID string }
		_ = json.Unmarshal(s, &id)
		if old, ok := f.stored[id.ID]; ok && string(old) != string(s) {
			return true
		}
		ids = append(ids, id.ID)
	}
	var added []string
	for i, s := range batch {
		if _, ok := f.stored[ids[i]]; !ok {
			f.stored[ids[i]] = s
			f.order = append(f.order, ids[i])
			added = append(added, ids[i])
		}
	}
	f.posts = append(f.posts, added)
	return false
}

func (f *fakeLRS) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	end := min(from+limit, len(f.order))
	var page []json.RawMessage
	for _, id := range f.order[from:end] {
		page = append(page, f.stored[id])
	}
	more := ""
	if end < len(f.order) {
		more = fmt.Sprintf("/xAPI/statements?limit=%d&from=%d", limit, end)
	}
	// "more" first: the reader must not depend on the order of keys.
	fmt.Fprintf(w, `{"more":%q,"statements":`, more)
	_ = json.NewEncoder(w).Encode(page)
	fmt.Fprint(w, `}`)
}

func (f *fakeLRS) count() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.stored) }

func testClient(srv *httptest.Server, retries int) (*Client, Config) {
	cfg := Config{Endpoint: srv.URL + "/xAPI/", Auth: "Basic eDp5", Batch: 4, Timeout: 2 * time.Second}
	cl := NewClient(cfg)
	cl.Retries, cl.Backoff = retries, time.Millisecond
	return cl, cfg
}

func syncSample(t *testing.T) (*progress.Store, *Outbox) {
	s := sampleStore(t)
	return s, NewOutbox(progress.OutboxPath(s.Path()))
}

func TestSyncDeliversInBatches(t *testing.T) {
	f, srv := newFakeLRS(t)
	s, ob := syncSample(t)
	cl, cfg := testClient(srv, 0)
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err)
	assert.Equal(t, SyncResult{Queued: 11, Sent: 11}, r)
	assert.Equal(t, 11, f.count())
	assert.Len(t, f.posts, 3, "batches of 4")

	r, err = Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err)
	assert.Equal(t, SyncResult{}, r, "nothing new, nothing sent")
	assert.Equal(t, 3, f.requests, "no request at all")
}

func TestSyncUnauthorized(t *testing.T) {
	f, srv := newFakeLRS(t)
	f.fail = func(_ int, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
		http.Error(w, "bad \x1b[31mcredentials", http.StatusUnauthorized)
		return true
	}
	s, ob := syncSample(t)
	cl, cfg := testClient(srv, 3)
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401 Unauthorized: the LRS refused the credentials")
	assert.NotContains(t, err.Error(), "\x1b", "the LRS's answer cannot write to the terminal")
	assert.Equal(t, 1, f.requests, "a 401 is not retried")
	assert.Equal(t, 11, r.Pending)
	n, err := Pending(s, ob)
	require.NoError(t, err)
	assert.Equal(t, 11, n, "nothing lost")
}

func TestSyncRetries5xx(t *testing.T) {
	f, srv := newFakeLRS(t)
	f.fail = func(n int, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	s, ob := syncSample(t)
	cl, cfg := testClient(srv, 3)
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err)
	assert.Equal(t, 11, r.Sent)
	assert.Equal(t, 11, f.count())
	assert.Equal(t, 2+3, f.requests, "two failures retried, then three batches")

	// Always failing: it gives up after the retries, keeping everything.
	f2, srv2 := newFakeLRS(t)
	f2.fail = func(_ int, w http.ResponseWriter, _ *http.Request, _ []byte) bool {
		w.WriteHeader(http.StatusBadGateway)
		return true
	}
	s2, ob2 := syncSample(t)
	cl2, cfg2 := testClient(srv2, 2)
	r, err = Sync(context.Background(), s2, ob2, cfg2, cl2)
	require.ErrorContains(t, err, "502 Bad Gateway (after 3 tries)")
	assert.Equal(t, 11, r.Pending)
}

func TestSyncTimeout(t *testing.T) {
	f, srv := newFakeLRS(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	f.fail = func(n int, _ http.ResponseWriter, r *http.Request, _ []byte) bool {
		if n == 1 {
			select { // hang until the client gives up
			case <-r.Context().Done():
			case <-release:
			}
			return true
		}
		return false
	}
	s, ob := syncSample(t)
	cl, cfg := testClient(srv, 1)
	cl.HTTP.Timeout = 100 * time.Millisecond
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err, "the timed-out request is retried")
	assert.Equal(t, 11, r.Sent)
	assert.Equal(t, 11, f.count())

	// A server that never answers: the sync ends with an error, in time.
	f2, srv2 := newFakeLRS(t)
	f2.fail = func(_ int, _ http.ResponseWriter, r *http.Request, _ []byte) bool {
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return true
	}
	s2, ob2 := syncSample(t)
	cl2, cfg2 := testClient(srv2, 1)
	cl2.HTTP.Timeout = 50 * time.Millisecond
	start := time.Now()
	r, err = Sync(context.Background(), s2, ob2, cfg2, cl2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Timeout")
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, 11, r.Pending)
}

// A server that stores a batch and then drops the connection before it
// answers: the batch stays pending, the next sync sends it again, and the
// LRS ends up with each statement once.
func TestSyncConnectionDroppedMidBatch(t *testing.T) {
	f, srv := newFakeLRS(t)
	f.fail = func(n int, w http.ResponseWriter, r *http.Request, body []byte) bool {
		if n != 2 {
			return false
		}
		var batch []json.RawMessage
		require.NoError(t, json.Unmarshal(body, &batch))
		f.store(batch) // stored, but the answer never arrives
		conn, _, err := w.(http.Hijacker).Hijack()
		require.NoError(t, err)
		conn.Close()
		return true
	}
	s, ob := syncSample(t)
	cl, cfg := testClient(srv, 0)
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.Error(t, err)
	assert.Equal(t, 4, r.Sent, "the first batch was answered")
	assert.Equal(t, 7, r.Pending)
	assert.Equal(t, 8, f.count(), "the dropped batch reached the LRS")

	r, err = Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err)
	assert.Equal(t, 7, r.Sent, "only what was not confirmed is sent again")
	assert.Equal(t, 11, f.count(), "nothing lost, nothing doubled")
	n, err := Pending(s, ob)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Len(t, f.order, 11)
}

func TestSyncConflictFallsBackToPut(t *testing.T) {
	f, srv := newFakeLRS(t)
	s, ob := syncSample(t)
	c, _, err := Queue(s, ob, Config{}, nil)
	require.NoError(t, err)
	// The LRS already holds the third statement with other content.
	var other map[string]any
	require.NoError(t, json.Unmarshal(c.Statements[2], &other))
	other["timestamp"] = "2001-01-01T00:00:00.000Z"
	raw, _ := json.Marshal(other)
	f.store([]json.RawMessage{raw})

	cl, cfg := testClient(srv, 0)
	r, err := Sync(context.Background(), s, ob, cfg, cl)
	require.NoError(t, err)
	assert.Equal(t, []string{c.IDs[2]}, r.Conflicts)
	assert.Equal(t, 10, r.Sent)
	assert.Equal(t, 0, r.Pending, "a conflict counts as delivered")
	assert.Equal(t, 11, f.count())
}

func TestSyncNeedsConfiguration(t *testing.T) {
	s, ob := syncSample(t)
	_, err := Sync(context.Background(), s, ob, Config{}, NewClient(Config{}))
	require.ErrorContains(t, err, "no LRS is configured")
}

func TestStatementsPaging(t *testing.T) {
	f, srv := newFakeLRS(t)
	for i := range 2500 {
		s := fmt.Sprintf(`{"id":"%08d-0000-4000-8000-000000000000","actor":{"objectType":"Agent","account":{"homePage":"https://h","name":"a%d"}},"verb":{"id":"%s"},"object":{"id":"https://x/%d"},"timestamp":"2026-01-01T00:00:00.000Z"}`, i, i%7, VerbCompleted, i)
		f.store([]json.RawMessage{json.RawMessage(s)})
	}
	cl, _ := testClient(srv, 0)
	n, accounts := 0, map[string]bool{}
	err := cl.Statements(context.Background(), url.Values{"limit": {"100"}}, func(s Statement) error {
		n++
		accounts[s.Actor.Account.Name] = true
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2500, n)
	assert.Len(t, accounts, 7)
	assert.Equal(t, 25, f.requests, "one request per page")
}

func TestStatementsRefusesALoopingMoreLink(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"statements":[],"more":"/xAPI/statements?page=again"}`)
	}))
	t.Cleanup(srv.Close)
	cl, _ := testClient(srv, 0)
	err := cl.Statements(context.Background(), nil, func(Statement) error { return nil })
	require.ErrorContains(t, err, "leads back to a page already read")

	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"statements":[],"more":"http://elsewhere.example/xAPI/statements"}`)
	}))
	t.Cleanup(other.Close)
	cl, _ = testClient(other, 0)
	err = cl.Statements(context.Background(), nil, func(Statement) error { return nil })
	require.ErrorContains(t, err, "leads to another server")
}
