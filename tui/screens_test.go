package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sample course (testdata/sample/README.txt) answers: why-check is
// right with main-job 2, screenshot-enough 2, best-title 3, must-have 1+2+3.

func TestHomeShowsTheTrajectory(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.has("Writing a Clear Bug Report",
		"Stage 1 · The basics", "Stage 2 · Practice", "Stage 3 · Advanced",
		"○ open", "Why bug reports matter",
		"⊘ locked", "⊘ locked · preview",
		"★ Next      Read “What a bug report is for”")
	d.hasNot("Continue")
}

func TestReadALessonToTheEnd(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter") // the next step: the first lesson
	d.has("Why bug reports matter › What a bug report is for")
	require.NotNil(t, d.state().Lessons["what-for"], "opening is recorded")
	assert.False(t, d.state().Lessons["what-for"].Done())

	d.keys("G")
	d.has("✓ read")
	assert.True(t, d.state().Lessons["what-for"].Done(), "reaching the end completes the lesson")

	d.keys("esc")
	d.has("◐ in progress", "1/3")
	d.keys("down", "enter") // the module
	d.has("✓ read", "What a bug report is for", "○ new")
}

func TestReaderNextPreviousAndSearch(t *testing.T) {
	d := newDriver(t, nil, 100, 16)
	d.keys("enter", "right")
	d.has("› The anatomy of a good report")
	d.keys("left")
	d.has("› What a bug report is for")

	d.keys("/")
	d.typeText("report")
	d.keys("enter")
	d.has("“report”: match 1 of")
	first := d.screen()
	d.keys("n")
	d.has("match 2 of")
	d.keys("N")
	assert.Equal(t, first, d.screen())
	d.keys("esc")
	d.hasNot("match 1 of")
	d.has("What a bug report is for") // esc cleared the search, not the lesson

	d.keys("/")
	d.typeText("zzzq")
	d.keys("enter")
	d.has("no match for “zzzq”")
}

func TestLockedModuleSaysWhy(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	for range 3 {
		d.keys("down")
	}
	d.keys("enter") // writing, locked
	d.has("Writing steps to reproduce", "⊘ Locked. To open this module:",
		"Complete “Why bug reports matter”")
	d.keys("down", "enter") // its quiz
	d.has("“Writing steps to reproduce” is locked. To open it:")
}

func TestPreviewDoesNotComplete(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	for range 4 {
		d.keys("down")
	}
	d.keys("enter")
	d.has("Triage — reading the reports you receive", "Preview: you can read its lessons now")
	d.keys("enter", "G")
	d.has("preview ·", "reading here does not complete the lesson")
	st := d.state()
	assert.False(t, st.Lessons["sorting"].Done())
	assert.Contains(t, st.Previews, "triage")
}

// readBasics reads the two lessons of why-reports.
func readBasics(d *driver) {
	d.keys("enter", "G", "right", "G", "esc")
}

func TestQuizPassAndReview(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	readBasics(d)
	d.has("★ Next      Take the quiz “Why bug reports matter — check”")
	d.keys("enter") // next step: the quiz
	d.has("4 questions · pass mark 75% · 2 of 2 attempts left", "Press enter to start.")
	d.keys("enter")
	d.has("question 1 of 4")

	d.keys("2", "enter")
	d.has("✓ Right.")
	d.keys("enter", "2", "enter", "enter", "3", "enter", "enter")
	d.has("question 4 of 4", "[ ]")
	d.keys("1", "2", "3")
	d.has("[x]")
	d.keys("enter")
	assert.Equal(t, map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1, 2}},
		d.state().Drafts.Quizzes["why-check"], "every answer is saved as it is given")
	d.keys("enter")
	d.has("✓ Passed", "4 of 4 right · 100%", "1 attempt(s) left")

	st := d.state()
	require.Len(t, st.Quizzes["why-check"].Attempts, 1)
	assert.True(t, st.Quizzes["why-check"].Attempts[0].Passed)
	assert.Empty(t, st.Drafts.Quizzes, "the draft is cleared once recorded")

	d.keys("v")
	d.has("Review", "✓ right  1.", "Your answer:")
	d.keys("esc", "esc")
	d.has("✓ done              Why bug reports matter  3/3")
}

func TestQuizRetryMissedKeepsRightAnswers(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	readBasics(d)
	d.keys("enter", "enter")
	d.keys("1", "enter", "enter") // wrong
	d.keys("2", "enter", "enter") // right
	d.keys("1", "enter", "enter") // wrong
	d.keys("1", "enter", "enter") // wrong (one of three)
	d.has("✗ Not passed", "1 of 4 right")
	d.keys("m")
	d.has("question 1 of 3")
	d.keys("2", "enter", "enter", "3", "enter", "enter", "1", "2", "3", "enter", "enter")
	d.has("✓ Passed", "4 of 4 right")
	d.has("No attempts left.")
	atts := d.state().Quizzes["why-check"].Attempts
	require.Len(t, atts, 2)
	assert.Equal(t, []int{1}, atts[1].Answers["screenshot-enough"], "the right answer was carried over")
	d.keys("r")
	d.has("✓ Passed") // no attempts left: r does nothing
}

func TestQuizDraftSurvivesAQuit(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	readBasics(d)
	d.keys("enter", "enter", "2", "enter")
	d.keys("ctrl+c")
	assert.True(t, d.quit)
	assert.Equal(t, map[string][]int{"main-job": {1}}, d.state().Drafts.Quizzes["why-check"])

	// Back in the quiz, the answer stands and the next question comes up.
	again := openDriver(t, d.c, d.store.Path(), 100, 30, false)
	again.send(navMsg{id: "why-check"})
	again.has("You answered 1 of 4 questions before you left: press enter to go on.")
	again.keys("enter")
	again.has("question 2 of 4", "A screenshot on its own")
	again.keys("2", "enter", "enter", "3", "enter", "enter", "1", "2", "3", "enter", "enter")
	again.has("✓ Passed", "4 of 4 right")
	assert.Empty(t, again.state().Drafts.Quizzes)
}

// A draft saved before the author changed the questions resumes with the
// answers that still fit, and saving and recording go on working. (Issue 15
// gave the built-in course new question ids; a learner who had quit
// mid-quiz was told "could not save your answer" at every answer.)
func TestQuizDraftAfterTheQuestionsChanged(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	readBasics(d)
	d.keys("enter", "enter", "2", "enter")
	d.keys("ctrl+c")
	require.Equal(t, map[string][]int{"main-job": {1}}, d.state().Drafts.Quizzes["why-check"])

	c := loadSample(t)
	c.Item("why-check").Quiz.Questions[0].ID = "main-job-2" // a new question for the learner
	again := openDriver(t, c, d.store.Path(), 100, 30, false)
	again.send(navMsg{id: "why-check"})
	again.has("Press enter to start.")
	again.keys("enter")
	again.has("question 1 of 4")
	again.keys("2", "enter")
	again.hasNot("could not save")
	assert.Equal(t, map[string][]int{"main-job-2": {1}}, again.state().Drafts.Quizzes["why-check"], "the stale answer is not saved again")
	again.keys("enter", "2", "enter", "enter", "3", "enter", "enter", "1", "2", "3", "enter", "enter")
	again.hasNot("could not save")
	again.has("✓ Passed", "4 of 4 right")
	assert.Empty(t, again.state().Drafts.Quizzes)
}

// unlockWriting gives a learner who passed why-check with 100% (writing
// opens) before the app starts.
func unlockWriting(t *testing.T) string {
	c := loadSample(t)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	for _, id := range []string{"what-for", "anatomy"} {
		require.NoError(t, s.CompleteLesson(id))
	}
	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1, 2}})
	require.NoError(t, err)
	return path
}

func TestOrderingQuestion(t *testing.T) {
	d := openDriver(t, loadSample(t), unlockWriting(t), 100, 30, false)
	d.m.Update(navMsg{id: "writing-check"})
	d.keys("enter")
	d.has("Put these in the order you should do them.", "space picks an item up")
	q := d.m.top().(*quizScreen)
	// Put the items back in the author's order by moving each into place.
	for want := range 4 {
		arr := q.picked["before-filing"]
		at := 0
		for arr[at] != want {
			at++
		}
		q.cursor = at
		for at > want {
			d.keys("shift+up")
			at--
		}
	}
	assert.Equal(t, []int{0, 1, 2, 3}, q.picked["before-filing"])
	d.keys("enter")
	d.has("✓ Right.")
}

func TestLessonLinksOpenLessons(t *testing.T) {
	d := openDriver(t, loadSample(t), unlockWriting(t), 100, 30, false)
	d.m.Update(navMsg{id: "reproduce"})
	d.run(d.m.initTop())
	d.keys("o")
	d.has("Links in this lesson", "1  The anatomy of a good report")
	d.keys("1")
	d.has("› The anatomy of a good report")
	d.keys("esc")
	d.has("› Finding and writing the steps")
}

func TestSelfAssessment(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.keys("enter", "G", "esc") // read what-for: self-check opens
	d.keys("down", "down", "enter", "enter")
	d.has("Your reporting habits", "Press enter to start.")
	d.keys("enter")
	d.has("1 of 7", "How many bug reports did you file in the last month?", "at least 0, at most 200")
	d.typeText("abc")
	d.keys("enter")
	d.has(`"abc" is not a number`)
	for range 3 {
		d.keys("backspace")
	}
	d.typeText("900")
	d.keys("enter")
	d.has("the answer must be at most 200")
	for range 3 {
		d.keys("backspace")
	}
	d.typeText("4")
	d.keys("enter")
	d.has("2 of 7")
	assert.Equal(t, map[string]float64{"reports-filed": 4}, d.state().Drafts.Assessments["reporting-habits"])
	d.typeText("12")
	d.keys("enter")
	d.has("3 of 7", "1  Never", "4  Always")
	d.keys("left")
	d.has("2 of 7")
	d.keys("enter")
	for range 5 {
		d.keys("2")
	}
	d.has("Your results", "Detail", "Gap", "Your place on the trajectory: Stage 2 · Practice",
		"Go on to writing practice", "the triage module will save you time", "Recommended modules")
	a := d.state().Assessments["reporting-habits"].Attempts
	require.Len(t, a, 1)
	assert.Equal(t, "practice", a[0].Placement)
	assert.Equal(t, 12.0, a[0].Answers["reports-received"])
	d.keys("esc")
	d.has("✓ taken", "placed: Practice")
}

func TestProgressScreenAndHelp(t *testing.T) {
	d := newDriver(t, nil, 100, 40)
	d.keys("enter", "G", "esc", "p")
	d.has("Your progress", "Modules completed", "• Complete “Why bug reports matter”", "Your reporting habits", "not taken yet", "Progress file:")
	d.keys("?")
	d.has("Keys", "(? or esc to close)", "page down", "quit")
	d.keys("esc")
	d.has("Your progress")
	d.keys("esc")
	d.has("★ Next      Read “The anatomy of a good report”")
	d.hasNot("▶ Continue") // the last lesson was read to the end: nothing to resume
}

func TestTinyTerminal(t *testing.T) {
	d := newDriver(t, nil, 30, 10)
	d.has("Terminal too small: Ally needs at least 40×12 (now 30×10).")
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.has("Writing a Clear Bug Report")
}

func TestQuitSavesThePlaceAndResumes(t *testing.T) {
	d := newDriver(t, nil, 100, 12)
	d.keys("enter", "space")
	d.keys("q")
	assert.True(t, d.quit)
	st := d.state()
	require.NotNil(t, st.Last)
	assert.Equal(t, "what-for", st.Last.Item)
	assert.Greater(t, st.Last.Scroll, 0.0)

	again := openDriver(t, d.c, d.store.Path(), 100, 12, true)
	again.has("› What a bug report is for")
	r := again.m.top().(*reader)
	assert.InDelta(t, st.Last.Scroll, r.read(), 0.15, "reopened where it was left")
	again.keys("esc")
	again.has("▶ Continue  “What a bug report is for”")
}

func TestFailedSaveIsKeptAndRetried(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "data")
	d := openDriver(t, loadSample(t), filepath.Join(folder, "progress.json"), 100, 30, false)
	require.NoError(t, os.WriteFile(folder, nil, 0o600)) // a file where the folder should be

	d.keys("enter", "G")
	d.has("✗ could not record that the lesson was opened", "Ally will try again")
	assert.Len(t, d.m.pending, 2, "both changes are kept")
	assert.Equal(t, 1, d.retries, "a retry is scheduled")

	d.keys("q")
	assert.False(t, d.quit, "quitting with unsaved changes asks first")
	d.has("3 change(s) could not be saved yet") // with the place to resume

	require.NoError(t, os.Remove(folder))
	d.send(retryMsg{})
	assert.Empty(t, d.m.pending)
	assert.True(t, d.state().Lessons["what-for"].Done(), "the kept changes were saved on retry")
	d.keys("q")
	assert.True(t, d.quit)
}

func TestBackgroundColourRestyles(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	d.m.c.mode = ModeAuto
	d.keys("enter")
	dark := d.m.render()
	d.send(tea.BackgroundColorMsg{Color: lightColor{}})
	assert.False(t, d.m.c.dark)
	assert.Equal(t, "light", d.m.c.styles.Glamour)
	assert.NotEqual(t, dark, d.m.render(), "colours follow the background")
	assert.Equal(t, strings.Count(dark, "\n"), strings.Count(d.m.render(), "\n"))
}

type lightColor struct{}

func (lightColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestReaderShowsTheFirstScreenWhileTheRestRenders(t *testing.T) {
	c := loadSample(t)
	d := newDriver(t, c, 80, 24)
	d.send(navMsg{id: "what-for"})
	r := d.m.top().(*reader)
	part := strings.Repeat("First part line\n\n", 20)
	rest := func() tea.Msg { return renderedMsg{key: r.key, out: part + "\n\nThe end of the lesson."} }
	r.loading = true
	_, cmd := r.update(renderedMsg{key: r.key, out: part, more: rest})
	require.NotNil(t, cmd, "the rest is asked for")
	d.has("First part line", "Rendering the rest of this lesson")
	d.keys("G")
	assert.False(t, r.done, "the end of a first part is not the end of the lesson")
	d.run(cmd)
	d.keys("G")
	d.has("The end of the lesson.")
	assert.True(t, r.done, "read to the end once it is all there")
}

func TestSearchFindsAPhraseTheRendererWrapped(t *testing.T) {
	d := newDriver(t, nil, 80, 24)
	d.keys("enter", "enter") // the first lesson
	require.Regexp(t, `Its job is to let *\n *someone else`, d.screen(), "the phrase is wrapped at this width")
	d.keys("/")
	d.typeText("to let someone else")
	d.keys("enter")
	d.has("“to let someone else”: match 1 of 1")
	r := d.m.top().(*reader)
	require.Len(t, r.matches, 1)
	assert.Len(t, r.matches[0], 2, "highlighted on both lines")
}
