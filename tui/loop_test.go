package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/progress"

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

// atTheGate is a learner who finished the basics with 75% at why-check (one
// attempt left) and was placed in the basics: Writing stays locked.
func atTheGate(t *testing.T) string {
	c := loadSample(t)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	for _, id := range []string{"what-for", "anatomy"} {
		require.NoError(t, s.CompleteLesson(id))
	}
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0}})
	require.NoError(t, err)
	answers := map[string]float64{"reports-filed": 0, "reports-received": 0}
	for _, id := range []string{"exact-steps", "expected-actual", "environment", "reread", "one-liner"} {
		answers[id] = 1
	}
	_, err = s.RecordAssessment("reporting-habits", answers)
	require.NoError(t, err)
	return path
}

func TestTheGateShowsItsChecklistAndActs(t *testing.T) {
	d := openDriver(t, loadSample(t), atTheGate(t), 80, 24, false)
	d.has("★ Next      To open “Writing steps to reproduce”, retake the quiz",
		"✓ Complete “Why bug reports matter” — 3 of 3 items done",
		"✗ One of these:",
		"best 75% of 100% needed",
		"placed in Stage 1 · The basics")
	for _, l := range strings.Split(d.screen(), "\n") {
		assert.NotContains(t, l, "…", "nothing is cut off at 80 columns: %q", l)
	}
	d.keys("enter")
	d.has("Why bug reports matter — check", "1 of 2 attempts left")
	d.keys("esc", "c")
	d.has("Why bug reports matter — check")
}

func TestOpeningIsSaidOnce(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter", "G")
	d.has("! “How do you report bugs today?” is now open.")
	d.keys("esc")
	d.hasNot("is now open")
}

func TestHelpLineEndsWithHelpAndQuit(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		d := newDriver(t, nil, size[0], size[1])
		for _, keys := range [][]string{{}, {"enter"}, {"esc", "down", "enter"}, {"esc", "p"}} {
			d.keys(keys...)
			lines := strings.Split(d.screen(), "\n")
			last := strings.TrimRight(lines[len(lines)-1], " ")
			assert.True(t, strings.HasSuffix(last, "? help • q quit"), "%dx%d: %q", size[0], size[1], last)
		}
	}
}

func TestAScreenUnderAnotherGetsTheNewSize(t *testing.T) {
	d := openDriver(t, loadSample(t), unlockWriting(t), 100, 20, false)
	d.send(navMsg{id: "reproduce"})
	d.keys("o", "1")
	d.has("› The anatomy of a good report")
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.keys("esc")
	d.has("Before you write") // rendered again, at the new width
	r := d.m.top().(*reader)
	assert.Equal(t, "reproduce", r.it.ID)
	assert.Equal(t, 60, r.vp.Width(), "the lesson under the link took the new width")
	for _, l := range strings.Split(d.screen(), "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 60, "%q", l)
	}
}

func TestTheLessonTitleShowsInFull(t *testing.T) {
	d := newDriver(t, nil, 40, 12)
	d.send(navMsg{id: "two-reports"})
	flat := strings.Join(strings.Fields(d.screen()), " ")
	assert.Contains(t, flat, "Story: two reports, one bug")
	lines := strings.Split(d.screen(), "\n")
	assert.Len(t, lines, 12)
	assert.True(t, strings.HasSuffix(strings.TrimRight(lines[11], " "), "? help • q quit"), lines[11])
}

// takeHabits answers the whole self-assessment: the two numbers, then the
// same rating for the five statements.
func takeHabits(d *driver, rating string) {
	d.typeText("4")
	d.keys("enter")
	d.typeText("12")
	d.keys("enter")
	for range 5 {
		d.keys(rating)
	}
}

func TestAssessmentRetakeJumpAndResults(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter", "G", "esc", "down", "down", "enter", "enter", "enter")
	takeHabits(d, "2")
	d.has("Your results")
	d.hasNot("change since") // nothing to compare with yet
	d.keys("1")
	d.has("Writing steps to reproduce") // a recommended module opens from the results
	d.keys("esc", "esc", "enter")       // back to the results, the module, the assessment
	d.has("Press r for those results.", "Press enter to take it again: your last answers are pre-filled.")

	// A retake starts at the first item with the last answers in place.
	d.keys("enter")
	d.has("1 of 7")
	assert.Equal(t, "4", d.m.top().(*assessScreen).input.Value())
	d.keys("]")
	d.has("3 of 7", "Detail") // the next section
	d.keys("]")
	d.has("6 of 7")
	d.keys("[")
	d.has("3 of 7")
	d.keys("[")
	d.has("1 of 7")
	d.keys("G")
	d.has("7 of 7") // every item answered: the last
	d.keys("x")
	d.has("! press 1 to 4 to rate")
	d.keys("9")
	d.has("! the scale goes from 1 to 4")
	d.keys("3")
	d.has("Your results", "change since", "▼ -0.5")
	require.Len(t, d.state().Assessments["reporting-habits"].Attempts, 2)

	// esc on a number item and on a rating item both go back to the intro,
	// and the unfinished attempt can be continued or started fresh.
	d.keys("esc", "enter", "enter")
	d.has("1 of 7")
	d.typeText("5")
	d.keys("right") // confirm the pre-filled number
	d.has("2 of 7")
	d.keys("esc")
	d.has("You have 1 answer from an unfinished attempt", "n starts fresh, with your last answers pre-filled.")
	d.keys("enter")
	d.has("2 of 7")
	d.keys("left", "esc", "n")
	d.has("1 of 7")
}

// At 40×12, the advertised minimum, every option of a question can be
// reached, and the feedback under it can be scrolled to.
func TestQuizAt40x12EveryOptionReachable(t *testing.T) {
	d := newDriver(t, nil, 40, 12)
	readBasics(d)
	d.send(navMsg{id: "why-check"})
	d.keys("enter")
	for range 3 { // to the fourth question: four options, several answers
		d.keys("2", "enter", "enter")
	}
	q := d.m.top().(*quizScreen)
	require.Equal(t, 3, q.pos)
	for i := range len(q.shown[q.question().ID]) {
		if i > 0 {
			d.keys("down")
		}
		d.has(fmt.Sprintf("%d. [ ]", i+1)) // the option under the cursor is on screen
	}
	d.keys("space", "enter")
	d.has("question 4 of 4")
	d.keys("down")
	d.hasNot("› 1.") // the feedback scrolls
	d.keys("G")
	d.has("Press enter to see your score.") // the end of the feedback
	lines := strings.Split(d.screen(), "\n")
	assert.Len(t, lines, 12)
	assert.True(t, strings.HasSuffix(strings.TrimRight(lines[11], " "), "? help • q quit"), lines[11])
}

// At 80×24 a locked module opens on what it needs, and everything between
// the lock box and the items can be scrolled through.
func TestLockedModuleBoxAndIntroReachable(t *testing.T) {
	d := newDriver(t, nil, 80, 24)
	d.send(navMsg{kind: navModule, id: "triage"})
	d.has("╭", "⊘ Locked. To open this module:")
	d.keys("down") // the cursor comes into view first
	d.has("› ○ new           Sorting incoming reports")
	d.hasNot("╭")
	for range 30 {
		d.keys("up") // past the first item: the rows above scroll back
	}
	d.has("╭", "⊘ Locked.")
	d.keys("down", "enter")
	assert.Equal(t, "sorting", d.m.top().(*reader).it.ID)
}

func TestAHalfDoneAssessmentShowsUnfinished(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter", "G", "esc", "down", "down", "enter")
	d.has("○ new           self-assessment")
	d.keys("enter", "enter")
	d.typeText("4")
	d.keys("enter", "esc", "esc")
	d.has("◐ unfinished    self-assessment · Your reporting habits")
}

func TestFirstRunWelcomeAndTimeLeft(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.has("Welcome. This course has 4 modules in 3 stages and 5 lessons, about 22 min",
		"Keys to know: enter open · c continue · ? help.", "About 22 min in all",
		"Why bug reports matter  0/3 · 10 min")
	d.keys("enter", "G", "esc")
	d.hasNot("Welcome.")
	d.has("About 22 min in all · 19 min left", "Why bug reports matter  1/3 · 7 min left")
}

// At 160 columns and more, the lesson's headings are beside the text, the
// current section marked.
func TestWideReaderShowsAnOutline(t *testing.T) {
	d := newDriver(t, nil, 170, 20)
	d.keys("enter")
	d.has("In this lesson", "The one test that matters")
	d.keys("G")
	s := d.screen()
	assert.Regexp(t, `› \S`, s, "the current section is marked")
	narrow := newDriver(t, nil, 120, 20)
	narrow.keys("enter")
	narrow.hasNot("In this lesson")
}

func TestKeysThatDoNothingAreHidden(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("?")
	d.hasNot("esc back") // on the map, esc does nothing
	d.keys("esc", "enter", "?")
	d.hasNot("open a link") // this lesson has no links
	d.hasNot("next match")  // nothing searched
	d.keys("esc", "G", "right", "G", "esc", "enter")
	d.has("Press enter to start.")
	d.hasNot("review answers") // before any attempt
}

// A lesson read to the end in preview says so, not "◐ at 100%".
// (Opening it once its module is open completes it.)
func TestALessonReadInPreview(t *testing.T) {
	c := loadSample(t)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	require.NoError(t, s.ScrollLesson("sorting", 1)) // triage is locked, with preview
	d := openDriver(t, c, path, 100, 30, false)
	d.send(navMsg{kind: navModule, id: "triage"})
	d.has("◐ previewed     Sorting incoming reports")
	d.hasNot("◐ at 100%")
}
