package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The accessible mode is tested on the real binary, driven through a pipe
// and through a pseudo-terminal, as a screen reader user's terminal would
// drive it: a line is typed once the question it answers has been printed.

// binaryTests run on one build of ally, shared through allyBinary; the
// pseudo-terminal tests add theirs where the platform has one.
var (
	binaryTests = map[string]func(*testing.T){"ThroughAPipe": testThroughAPipe}
	builtBin    string
)

// TestAccessibleBinary builds ally once and runs the tests that drive it.
func TestAccessibleBinary(t *testing.T) {
	builtBin = filepath.Join(t.TempDir(), "ally")
	out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
	require.NoError(t, err, "building ally: %s", out)
	for name, test := range binaryTests {
		t.Run(name, test)
	}
}

func allyBinary(t *testing.T) string {
	t.Helper()
	require.NotEmpty(t, builtBin, "runs inside TestAccessibleBinary")
	return builtBin
}

// screenControl matches what the accessible mode must never write: cursor
// movement and positioning, erasing, the alternate screen, hiding the
// cursor, and any other escape sequence.
var screenControl = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b\[\?1049h|\x1b\[\?25l|\x1b`)

// session drives one run of the binary: it collects the output as it comes
// and types lines once the expected text has been printed.
type session struct {
	t    *testing.T
	in   io.Writer
	mu   sync.Mutex
	out  bytes.Buffer
	pos  int // what expect has consumed
	done chan struct{}
	cmd  *exec.Cmd
}

func (s *session) collect(r io.Reader) {
	defer close(s.done)
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		s.mu.Lock()
		s.out.Write(buf[:n])
		s.mu.Unlock()
		if err != nil {
			return // EOF, or EIO from a pty whose process has ended
		}
	}
}

// text is everything printed so far, with a pty's CRLF as LF.
func (s *session) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.ReplaceAll(s.out.String(), "\r\n", "\n")
}

// expect waits until each text has been printed, in order, after what was
// expected before, and returns the output from there to the last of them.
func (s *session) expect(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		all := s.text()
		from, ok := s.pos, true
		for _, want := range texts {
			i := strings.Index(all[from:], want)
			if i < 0 {
				ok = false
				break
			}
			from += i + len(want)
		}
		if ok {
			got := all[s.pos:from]
			s.pos = from
			return got
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("never printed %q; after what was expected so far it printed:\n%s", texts, all[s.pos:])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// send types a line.
func (s *session) send(line string) {
	s.t.Helper()
	_, err := io.WriteString(s.in, line+"\n")
	require.NoError(s.t, err)
}

// answer finds the number of the option with the text in what was printed
// since the last expect and types it.
func (s *session) option(block, text string) string {
	s.t.Helper()
	m := regexp.MustCompile(`(?m)^  (\d+)\. ` + regexp.QuoteMeta(text) + `$`).FindStringSubmatch(block)
	require.NotNil(s.t, m, "no option %q in:\n%s", text, block)
	return m[1]
}

// wait waits for the process to end and returns its exit code.
func (s *session) wait() int {
	s.t.Helper()
	err := s.cmd.Wait()
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.t.Fatal("the output never ended")
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(s.t, err)
	return 0
}

// assertPlain checks that nothing but plain lines was ever written.
func (s *session) assertPlain() {
	s.t.Helper()
	out := s.text()
	if loc := screenControl.FindStringIndex(out); loc != nil {
		s.t.Fatalf("wrote an escape sequence %q at byte %d:\n%s", out[loc[0]:min(len(out), loc[1]+8)], loc[0], out[max(0, loc[0]-200):loc[0]])
	}
}

// linearEnv is the environment of a test run: its own progress file, home
// and data folder, and no ACCESSIBLE or TERM from the test's own terminal.
func linearEnv(t *testing.T, progressFile string, extra ...string) []string {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "PATH=" + os.Getenv("PATH"),
		"ALLY_PROGRESS=" + progressFile}
	return append(env, extra...)
}

// startPipe runs ally with stdin and stdout as pipes.
func startPipe(t *testing.T, env []string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(allyBinary(t), args...)
	cmd.Env = env
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	s := &session{t: t, in: in, done: make(chan struct{}), cmd: cmd}
	require.NoError(t, cmd.Start())
	go s.collect(out)
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return s
}

// closeInput ends the input, as Ctrl+D or the end of a script does.
func (s *session) closeInput() {
	s.t.Helper()
	c, ok := s.in.(io.Closer)
	require.True(s.t, ok)
	require.NoError(s.t, c.Close())
}

func testThroughAPipe(t *testing.T) {
	file := filepath.Join(t.TempDir(), "progress.json")
	env := linearEnv(t, file)
	s := startPipe(t, env, "--accessible", "--course", sampleDir)

	s.expect("Ally, accessible mode: Writing a Clear Bug Report, version 1.0.0.",
		"Type help at any prompt")
	// The map: each module with its status in words.
	s.expect("1. Why bug reports matter: open, 0 of 3 items done.",
		"2. How do you report bugs today?: locked: needs read “What a bug report is for”.",
		"4. Triage — reading the reports you receive: locked: needs ",
		"you can preview its lessons.",
		"Course map. Module (1 to 4): ")
	s.send("9")
	s.expect("No module 9: type a number from 1 to 4.\nCourse map. Module (1 to 4): ")
	s.send("help")
	s.expect("Commands here:", "c or continue: go on where you left off", "quit or exit: leave Ally", "Course map. Module (1 to 4): ")

	// A whole module: both required lessons, then the quiz.
	s.send("1")
	block := s.expect("Module Why bug reports matter: open, 0 of 3 items done.",
		"1. Lesson: What a bug report is for: not started, 3 minutes.",
		"3. Lesson: Story: two reports, one bug: not started, 2 minutes, optional.",
		"4. Quiz: Why bug reports matter — check: not taken yet, pass mark 75%, 2 attempts left, 3 minutes.",
		"Item (1 to 4): ")
	s.send("1")
	block = s.expect("Lesson: What a bug report is for. 2 pages, about 3 minutes.", "Page 1 of 2.", "A letter to a stranger",
		"Enter for more, b back, q to the module: ")
	// Plain text to be read aloud: no markdown marks to spell out.
	assert.Contains(t, block, "\n  A letter to a stranger\n")
	assert.Contains(t, block, "let someone else\n  see the same failure with their own eyes.")
	assert.NotContains(t, block, "#")
	assert.NotContains(t, block, "*")
	s.send("/evidence")
	s.expect("1 match for “evidence”.", "Match 1 of 1, page 2, line ", "Attach the evidence", "Page 2 of 2.")
	s.expect("Unlocked: How do you report bugs today? is open now.", "End of the lesson. Enter for the next item, b back, q to the module: ")
	s.send("") // on to the next lesson
	s.expect("Lesson: The anatomy of a good report.", "Page 1 of 2.", "Enter for more")
	s.send("")
	s.expect("Page 2 of 2.", "End of the lesson.")
	s.send("q")
	s.expect("Back in Why bug reports matter: in progress, 2 of 3 items done.",
		"1. Lesson: What a bug report is for: done", "Item (1 to 4): ")
	s.send("4")
	s.expect("Quiz: Why bug reports matter — check. 4 questions, pass mark 75%, 2 of 2 attempts left.", "Enter to start, b back: ")
	s.send("")
	block = s.expect("Question 1 of 4: What is the main job of a bug report?", "Pick one: type its number and press Enter.", "Answer: ")
	s.send(s.option(block, "To explain what caused the problem")) // wrong
	s.expect("Not right. The right answer: “To let someone else see the same failure for themselves”.",
		"About “To explain what caused the problem”: Guessing the cause",
		"Explanation: A report works when a stranger", "Enter for the next question: ")
	s.send("")
	block = s.expect("Question 2 of 4: A screenshot on its own", "Answer: ")
	s.send("1 2")
	s.expect("Pick one option: type a single number from 1 to 2.\nAnswer: ")
	s.send(s.option(block, "False"))
	s.expect("Right.", "Enter for the next question: ")
	s.send("")
	block = s.expect("Question 3 of 4", "Answer: ")
	s.send(s.option(block, "Export to PDF hangs on documents with tables"))
	s.expect("Right.", "Enter for the next question: ")
	s.send("")
	block = s.expect("Question 4 of 4", "Pick every right answer: type their numbers, separated by spaces, and press Enter.", "Answer: ")
	s.send(s.option(block, "Steps to reproduce") + " " + s.option(block, "The expected and the actual result") + " " + s.option(block, "The version and environment"))
	s.expect("Right.", "Enter to see your score: ")
	s.send("")
	s.expect("Passed: 3 of 4 right, 75%.", "Module done: Why bug reports matter.", "1 attempt left.",
		"r to retry, m to retry the missed questions, v to review, b back: ")
	s.send("v")
	s.expect("Review of your latest attempt, 75%:", "1. wrong: What is the main job of a bug report?",
		"   Your answer: “To explain what caused the problem”.", "2. right: ")
	s.send("b")
	s.expect("Item (1 to 4): ")
	s.send("b")

	// A self-assessment, item by item, with the scale spelled out.
	s.expect("Back at the course map; m lists the modules.",
		"Next: Take the self-assessment “Your reporting habits” in “How do you report bugs today?”; type n.",
		"Course map. Module (1 to 4): ")
	s.send("m")
	s.expect("1. Why bug reports matter: done, 3 of 3 items.", "2. How do you report bugs today?: open, 0 of 1 items done.", "Course map. Module (1 to 4): ")
	s.send("2")
	s.expect("Item (1 to 1): ")
	s.send("1")
	s.expect("Self-assessment: Your reporting habits. 7 items, about 3 minutes.",
		"You rate each statement on this scale: 1 Never, 2 Sometimes, 3 Usually, 4 Always.", "Enter to start, b back: ")
	s.send("")
	s.expect("Part: Your experience.", "Item 1 of 7: How many bug reports did you file in the last month?",
		"Type a number, at least 0 and at most 200.", "Number: ")
	s.send("many")
	s.expect(`"many" is not a number: type digits, e.g. 3.`, "Number: ")
	s.send("3")
	s.expect("Item 2 of 7", "Number: ")
	s.send("12")
	s.expect("Part: Detail.", "Item 3 of 7: I write down the exact steps", "Rating, 1 to 4: ")
	s.send("5")
	s.expect(`"5" is not on the scale: type a whole number from 1 to 4`, "Rating, 1 to 4: ")
	for _, v := range []string{"4", "4", "4", "4"} {
		s.send(v)
		s.expect("Rating, 1 to 4: ")
	}
	s.send("1") // item 7, reversed: counts as 4
	s.expect("Module done: How do you report bugs today?\n")
	s.expect("Unlocked: Writing steps to reproduce is open now.",
		"Your results, on the scale 1 to 4:", "  Detail: 4.0, Solid.", "  Overall: 4.0, Solid.",
		"Your place on the trajectory: Stage 3, Advanced. You are ready for triage.",
		"Advice: You receive ten or more reports a month",
		"Recommended modules:", "  Triage — reading the reports you receive: locked: needs ")
	s.expect("Item (1 to 1): ")
	s.send("b")

	// Start a lesson of the module the assessment opened, and quit in it.
	s.expect("Next: Read “Finding and writing the steps” in “Writing steps to reproduce”; type n.", "Course map. Module (1 to 4): ")
	s.send("3")
	s.expect("Item (1 to 2): ")
	s.send("1")
	s.expect("Lesson: Finding and writing the steps. 2 pages", "Page 1 of 2.", "Enter for more")
	s.send("quit")
	s.expect("Goodbye. Your progress is saved in " + file + ".")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()

	// Resume: the same file, a new run; it goes on at page 2.
	s = startPipe(t, env, "--accessible", "--course", sampleDir)
	s.expect("To go on where you left off, type c: “Finding and writing the steps” in “Writing steps to reproduce”, 56% read.",
		"Next: Read “Finding and writing the steps”", "Course map. Module (1 to 4): ")
	s.send("c")
	s.expect("Going on at page 2, after what you had read.", "Page 2 of 2.", "End of the lesson.")
	s.send("") // the quiz comes next
	s.expect("Quiz: Writing steps — check.", "Enter to start, b back: ")
	s.send("")
	block = s.expect("Question 1 of 3: Put these in the order you should do them.", "Items, in no particular order:",
		"Put them in the right order: type all 4 numbers, first to last, e.g. 2 1 3 4, and press Enter.", "Answer: ")
	s.send("1 2")
	s.expect("Type all 4 numbers, each once, first to last, e.g. 2 1 3 4.\nAnswer: ")
	order := []string{}
	for _, step := range []string{"Search the existing reports", "Reproduce the bug from a clean start", "Cut the steps down to the minimum", "Write the report"} {
		order = append(order, s.option(block, step))
	}
	s.send(strings.Join(order, " "))
	s.expect("Right.", "Enter for the next question: ")
	s.send("")
	s.expect("Question 2 of 3", "Answer: ")
	s.closeInput() // the end of the input quits, keeping the answer given
	s.expect("Goodbye.")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()

	// The unfinished attempt was kept: it goes on at question 2.
	s = startPipe(t, env, "--accessible", "--course", sampleDir)
	s.expect("Course map. Module (1 to 4): ")
	s.send("3")
	s.expect("2. Quiz: Writing steps — check: not taken yet, pass mark 60%, 2 minutes, unfinished attempt: 1 of 3 answered.", "Item (1 to 2): ")
	s.send("2")
	s.expect("Quiz: Writing steps — check.", "You answered 1 of 3 questions before you left; Enter goes on with the next one.", "Enter to start, b back: ")
	s.send("")
	s.expect("Question 2 of 3: Which of these are well-written steps?")
	s.send("quit")
	assert.Equal(t, 0, s.wait())
	s.assertPlain()
}

func TestAccessibleModeTriggers(t *testing.T) {
	t.Setenv("ALLY_PROGRESS", filepath.Join(t.TempDir(), "p.json"))
	t.Setenv("ACCESSIBLE", "")
	t.Setenv("TERM", "xterm-256color")
	for _, tc := range []struct {
		name string
		env  [2]string
		args []string
	}{
		{"flag", [2]string{}, []string{"--accessible"}},
		{"ACCESSIBLE", [2]string{"ACCESSIBLE", "yes"}, nil},
		{"TERM=dumb", [2]string{"TERM", "dumb"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env[0] != "" {
				t.Setenv(tc.env[0], tc.env[1])
			}
			out, errOut, code := allyRun(t, "quit\n", append([]string{"--course", sampleDir}, tc.args...)...)
			assert.Equal(t, exitOK, code, errOut)
			assert.Contains(t, out, "Ally, accessible mode: Writing a Clear Bug Report")
			assert.Contains(t, out, "Goodbye.")
		})
	}
	// Without any of them, a pipe is refused as before, pointing here.
	_, errOut, code := allyRun(t, "", "--course", sampleDir)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "use 'ally --accessible' to take it line by line")
}

func TestAccessibleShowsProgressFileNotices(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	require.NoError(t, os.WriteFile(file, []byte("{not json"), 0o600))
	t.Setenv("ALLY_PROGRESS", file)
	out, errOut, code := allyRun(t, "quit\n", "--accessible", "--course", sampleDir)
	assert.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `(?m)^Notice: .*`+regexp.QuoteMeta(file), out)
	assert.Less(t, strings.Index(out, "Notice: "), strings.Index(out, "Course map."), "said before anything else is asked")
}

var updateGolden = flag.Bool("update", false, "rewrite the golden transcripts")

// TestAccessibleTranscript keeps a whole short session, word for word, in
// testdata/accessible-session.txt: what a screen reader user hears. Refresh
// it with -update after a deliberate change, and read the diff.
func TestAccessibleTranscript(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	t.Setenv("ALLY_PROGRESS", file)
	input := strings.Join([]string{
		"help", "1", // the map, its help, a module
		"1", "", "", // a lesson, to its end, on to the next
		"q", "4", "", // back, the quiz
		"1", "", "2", "", "3", "", "1 2 3", "", // one wrong answer of four
		"v", "b", "b", "p", "quit",
	}, "\n") + "\n"
	out, errOut, code := allyRun(t, input, "--accessible", "--course", sampleDir)
	require.Equal(t, exitOK, code, errOut)
	out = strings.ReplaceAll(out, file, "PROGRESS")
	golden := filepath.Join("testdata", "accessible-session.txt")
	if *updateGolden {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with -update to create it")
	assert.Equal(t, string(want), out)
}

func TestAccessiblePreviewKeepsNothing(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	t.Setenv("ALLY_PROGRESS", file)
	out, errOut, code := allyRun(t, "1\n1\n\n\nq\nb\np\nquit\n", "--accessible", "--preview", "new", "--course", sampleDir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Notice: Preview: progress file none (preview as a new learner: nothing you do is kept).")
	assert.Contains(t, out, "Unlocked: How do you report bugs today? is open now.", "a preview works as the course does")
	assert.Contains(t, out, "This is a preview: nothing you do is kept.")
	assert.Contains(t, out, "Goodbye. This was a preview: nothing you did is kept.")
	assert.NotContains(t, out, "Everything is saved as you go.")
	assert.NoFileExists(t, file, "the learner's own progress file is not touched")
}
