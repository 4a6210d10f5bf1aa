package tui

import (
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/require"
)

// TestResumeRendersBeforeTheProgramRuns: with the terminal's size known,
// ally --resume starts rendering the lesson in New, before Init, and Init
// waits for that rendering instead of asking for a second one (the
// lesson used to be rendered twice, both on one engine, taking turns).
func TestResumeRendersBeforeTheProgramRuns(t *testing.T) {
	c := loadSample(t)
	path := filepath.Join(t.TempDir(), "progress.json")
	store, _, err := progress.Open(path, c)
	require.NoError(t, err)
	require.NoError(t, store.OpenLesson("anatomy"))
	m := New(Options{Course: c, Store: store, Mode: ModeDark, MaxWidth: 80, Width: 100, Height: 30, Resume: true})
	r, ok := m.top().(*reader)
	require.True(t, ok, "resumed into the lesson")
	require.NotNil(t, r.early, "the rendering started in New")

	// Before Init: the rendering (its first window at least) comes by itself.
	got := make(chan tea.Msg, 1)
	go func() { got <- r.early() }()
	var msg tea.Msg
	select {
	case msg = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the lesson was not rendered before Init")
	}
	rm, ok := msg.(renderedMsg)
	require.True(t, ok, "a rendering: %T", msg)
	require.Equal(t, r.key, rm.key)
	require.NoError(t, rm.err)
	require.Equal(t, uint64(1), m.c.render.gen.Load(), "one foreground rendering")
	r.early = func() tea.Msg { return msg }

	d := &driver{t: t, m: m, c: c, store: store}
	m.c.idle, m.c.quitWait = 0, time.Millisecond
	d.run(m.Init())
	require.False(t, r.loading, "Init took the rendering under way")
	require.Equal(t, uint64(1), m.c.render.gen.Load(), "Init did not render the lesson again")
	d.has("The anatomy of a good report", "Steps to reproduce")
}
