package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 10: the reading position is saved on every way out, and --resume
// reopens the lesson at the very line it was left on.

func TestLeavingByNextSavesTheEnd(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter", "G", "right")
	d.has("› The anatomy of a good report")
	l := d.state().Lessons["what-for"]
	require.NotNil(t, l)
	assert.Equal(t, 1.0, l.Scroll, "left at the end, saved at the end")
}

func TestFollowingALinkSavesThePlace(t *testing.T) {
	d := openDriver(t, loadSample(t), unlockWriting(t), 100, 12, false)
	d.send(navMsg{id: "reproduce"})
	d.keys("space")
	want := d.m.top().(*reader).place()
	require.Greater(t, want, 0.0)
	d.keys("o", "1")
	d.has("› The anatomy of a good report")
	assert.InDelta(t, want, d.state().Lessons["reproduce"].Scroll, 1e-9)
	d.keys("esc")
	d.has("› Finding and writing the steps")
	assert.InDelta(t, want, d.m.top().(*reader).place(), 1e-9, "back where the link was followed")
}

func TestResumeLandsOnTheSameTopLine(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter", "space", "down", "down")
	top := d.m.top().(*reader).vp.YOffset()
	d.keys("q")
	again := openDriver(t, d.c, d.store.Path(), 100, 12, true)
	assert.Equal(t, top, again.m.top().(*reader).vp.YOffset(), "--resume reopens at the same top line")
	again.keys("esc", "c")
	assert.Equal(t, top, again.m.top().(*reader).vp.YOffset(), "c lands on the same place")
}

func TestThePlaceIsSavedOnceScrollingStops(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter")
	d.m.c.idle = time.Hour // the driver delivers the idle messages by hand
	r := d.m.top().(*reader)
	r.vp.ScrollDown(3)
	require.NotNil(t, r.scrolled()) // seq 1
	r.vp.ScrollDown(3)
	r.scrolled()                                  // seq 2
	d.send(scrollIdleMsg{id: "what-for", seq: 1}) // the first tick, an hour later
	assert.Zero(t, d.state().Lessons["what-for"].Scroll, "a scroll came since: not saved yet")
	d.send(scrollIdleMsg{id: "what-for", seq: 2})
	assert.InDelta(t, r.place(), d.state().Lessons["what-for"].Scroll, 1e-9, "saved once the scrolling stopped")
	assert.Equal(t, "what-for", d.state().Last.Item)
	d.send(scrollIdleMsg{id: "anatomy", seq: 2})
	assert.Nil(t, d.state().Lessons["anatomy"], "an idle message for another lesson does nothing")
}

func TestQuitWaitsForQueuedSaves(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter")
	d.typeText("4")
	d.keys("enter")
	d.typeText("12")
	d.keys("enter")
	for range 4 {
		d.keys("2")
	}
	// The last answer and q in one go: the record is queued, then quit.
	_, cmd := d.m.Update(keyMsg("2"))
	_, quit := d.m.Update(keyMsg("q"))
	assert.Contains(t, d.screen(), "saving…")
	d.run(tea.Batch(cmd, quit))
	assert.True(t, d.quit)
	require.Len(t, d.state().Assessments["reporting-habits"].Attempts, 1, "the attempt is kept")
}

func TestStopSavesThePlaceAndQuits(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter")
	d.m.c.idle = time.Hour
	d.m.top().(*reader).vp.ScrollDown(4) // scrolled, not yet saved
	want := d.m.top().(*reader).place()
	d.send(StopMsg{})
	assert.True(t, d.quit)
	assert.InDelta(t, want, d.state().Lessons["what-for"].Scroll, 1e-9)
}

func TestCloseSavesWhenTheProgramStoppedAbruptly(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter")
	d.m.top().(*reader).vp.ScrollDown(4)
	want := d.m.top().(*reader).place()
	require.NoError(t, d.m.Close(5*time.Second))
	assert.InDelta(t, want, d.state().Lessons["what-for"].Scroll, 1e-9)
}

// A finished self-assessment leaves no draft, whatever order Bubble Tea
// runs the commands of the last answer in (issue 10: 115 of 120 runs left
// one, as the draft save and the record ran concurrently).
func TestFinishedAssessmentLeavesNoDraft(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.reverse = true
	d.keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter")
	d.typeText("4")
	d.keys("enter")
	d.typeText("12")
	d.keys("enter")
	for range 5 {
		d.keys("2")
	}
	d.has("Your results")
	st := d.state()
	require.Len(t, st.Assessments["reporting-habits"].Attempts, 1)
	assert.Empty(t, st.Drafts.Assessments, "no draft is left behind")
	d.keys("esc", "enter")
	d.hasNot("unfinished attempt")
}
