//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	binaryTests["InATerminal"] = testInATerminal
	binaryTests["CtrlCKeepsThePlace"] = testCtrlCKeepsThePlace
}

// startPty runs ally in a pseudo-terminal of 100×30, as a terminal (or a
// screen reader's terminal) would.
func startPty(t *testing.T, env []string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(allyBinary(t), args...)
	cmd.Env = env
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	require.NoError(t, err)
	s := &session{t: t, in: f, done: make(chan struct{}), cmd: cmd}
	go s.collect(f)
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = f.Close() })
	return s
}

func testInATerminal(t *testing.T) {
	file := filepath.Join(t.TempDir(), "progress.json")

	// TERM=dumb alone starts the linear mode.
	s := startPty(t, linearEnv(t, file, "TERM=dumb"), "--course", sampleDir)
	s.expect("Ally, accessible mode: Writing a Clear Bug Report", "Course map. Module (1 to 4): ")
	s.send("1")
	s.expect("Item (1 to 4): ")
	s.send("1")
	// A page is the terminal's height less two lines.
	s.expect("Lesson: What a bug report is for. 2 pages", "Page 1 of 2.", "Enter for more, b back, q to the module: ")
	s.send("2")
	s.expect("Page 2 of 2.", "End of the lesson.")
	s.send("b")
	s.expect("Page 1 of 2.", "Enter for more")
	s.send("q")
	s.expect("Back in Why bug reports matter: in progress, 1 of 3 items done.", "Item (1 to 4): ")
	s.send("4")
	s.expect("Enter to start, b back: ")
	s.send("")
	block := s.expect("Question 1 of 4", "Answer: ")
	s.send(s.option(block, "To show how urgent the problem is")) // wrong
	s.expect("Not right.", "About “To show how urgent the problem is”: Urgency matters", "Enter for the next question: ")
	s.send("")
	s.expect("Question 2 of 4", "Answer: ")
	s.send("\x04") // Ctrl+D: the end of the input
	s.expect("Goodbye. Your progress is saved in " + file + ".")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()

	// ACCESSIBLE=1 in a capable terminal: still no screen control; the
	// attempt goes on where it was left.
	s = startPty(t, linearEnv(t, file, "TERM=xterm-256color", "ACCESSIBLE=1"), "--course", sampleDir)
	s.expect("1. Why bug reports matter: in progress, 1 of 3 items done.", "Course map. Module (1 to 4): ")
	s.send("1")
	s.expect("Item (1 to 4): ")
	s.send("4")
	s.expect("You answered 1 of 4 questions before you left; Enter goes on with the next one.", "Enter to start, b back: ")
	s.send("")
	for _, right := range []string{"False", "Export to PDF hangs on documents with tables"} {
		block := s.expect("Answer: ")
		s.send(s.option(block, right))
		s.expect("Right.", "Enter for the next question: ")
		s.send("")
	}
	block = s.expect("Question 4 of 4", "Answer: ")
	s.send(s.option(block, "Steps to reproduce")) // one of three: wrong
	s.expect("Not right. The right answers: “Steps to reproduce”, “The expected and the actual result” and “The version and environment”.",
		"Enter to see your score: ")
	s.send("")
	s.expect("Not passed: 2 of 4 right, 50%; the pass mark is 75%.", "1 attempt left.",
		"r to retry, m to retry the missed questions, v to review, b back: ")
	s.send("m") // only the two missed questions
	block = s.expect("Question 1 of 2: What is the main job of a bug report?", "Answer: ")
	s.send(s.option(block, "To let someone else see the same failure for themselves"))
	s.expect("Right.")
	s.send("")
	block = s.expect("Question 2 of 2: Which of these belong in every bug report?", "Answer: ")
	s.send(s.option(block, "Steps to reproduce") + "," + s.option(block, "The expected and the actual result") + " " + s.option(block, "The version and environment"))
	s.expect("Right.")
	s.send("")
	s.expect("Passed: 4 of 4 right, 100%.", "No attempts left.", "No attempts left. v to review your answers, b back: ")
	s.send("b")
	// The rest of the module: the second lesson, by its page numbers.
	s.expect("Item (1 to 4): ")
	s.send("2")
	s.expect("Lesson: The anatomy of a good report. 2 pages", "Enter for more")
	s.send("2")
	s.expect("Page 2 of 2.", "Module done: Why bug reports matter.", "Unlocked: Writing steps to reproduce is open now.", "End of the lesson.")
	s.send("q")
	s.expect("Item (1 to 4): ")
	s.send("b")
	// The self-assessment, in the terminal.
	s.expect("Course map. Module (1 to 4): ")
	s.send("2")
	s.expect("Item (1 to 1): ")
	s.send("1")
	s.expect("You rate each statement on this scale: 1 Never, 2 Sometimes, 3 Usually, 4 Always.", "Enter to start, b back: ")
	s.send("")
	for _, v := range []string{"0", "0", "2", "2", "1", "2"} {
		s.expect(": ") // Number: or Rating, 1 to 4:
		s.send(v)
	}
	s.expect("Item 7 of 7: I send a one-line report and wait for the questions.", "Rating, 1 to 4: ")
	s.send("s")
	s.expect("The scale: 1 Never, 2 Sometimes, 3 Usually, 4 Always.", "Rating, 1 to 4: ")
	s.send("4") // reversed: counts as 1
	s.expect("Module done: How do you report bugs today?", "Your results, on the scale 1 to 4:",
		"  Detail: 1.7, Gap.", "  Empathy for the reader: 1.5, Gap.",
		"Your place on the trajectory: Stage 1, The basics. Start with why reports matter.",
		"Recommended modules:", "  Writing steps to reproduce: open, 0 of 2 items done.", "  Why bug reports matter: done, 3 of 3 items.")
	s.expect("Item (1 to 1): ")
	s.send("quit")
	s.expect("Goodbye.")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()

	// Everything is in the progress file, as the TUI keeps it.
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	st := store.Snapshot()
	assert.True(t, st.Lessons["what-for"].Done())
	require.Len(t, st.Quizzes["why-check"].Attempts, 2)
	assert.InDelta(t, 0.5, st.Quizzes["why-check"].Attempts[0].Score, 1e-9)
	assert.True(t, st.Quizzes["why-check"].Attempts[1].Passed)
	assert.Empty(t, st.Drafts.Quizzes["why-check"], "recording the attempt cleared its draft")
	require.Len(t, st.Assessments["reporting-habits"].Attempts, 1)
	assert.Equal(t, "basics", st.Assessments["reporting-habits"].Attempts[0].Placement)
}

func testCtrlCKeepsThePlace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "progress.json")
	s := startPty(t, linearEnv(t, file, "TERM=xterm-256color"), "--accessible", "--course", sampleDir)
	s.expect("Course map. Module (1 to 4): ")
	s.send("1")
	s.expect("Item (1 to 4): ")
	s.send("2")
	s.expect("Lesson: The anatomy of a good report.", "Page 1 of 2.", "Enter for more")
	_, err := s.in.Write([]byte{3}) // Ctrl+C: the terminal sends SIGINT
	require.NoError(t, err)
	s.expect("Interrupted.")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()

	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	last := store.Snapshot().Last
	require.NotNil(t, last)
	assert.Equal(t, "anatomy", last.Item)
	assert.Greater(t, last.Scroll, 0.0, "how far the learner had read is kept")
}
