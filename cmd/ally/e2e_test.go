//go:build e2e

// End-to-end test: the real binary in a real terminal (tmux), driven by
// keys as a learner would. Run with `make e2e` (needs tmux).
package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ally-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "ally")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ally: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// tmuxTerm is a tmux session running ally.
type tmuxTerm struct {
	t    *testing.T
	name string
}

func start(t *testing.T, w, h int, env []string, args ...string) *tmuxTerm {
	t.Helper()
	name := fmt.Sprintf("ally-e2e-%d", rand.Int())
	cmd := strings.Join(append(append(env, binary), args...), " ")
	out, err := exec.Command("tmux", "new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd).CombinedOutput()
	require.NoError(t, err, "tmux: %s", out)
	tm := &tmuxTerm{t: t, name: name}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", name).Run() })
	return tm
}

func (tm *tmuxTerm) screen() string {
	out, err := exec.Command("tmux", "capture-pane", "-p", "-t", tm.name).Output()
	if err != nil {
		return "" // the session ended
	}
	return string(out)
}

// wait returns the screen once it shows every text, or fails.
func (tm *tmuxTerm) wait(texts ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		ok := true
		for _, text := range texts {
			ok = ok && strings.Contains(s, text)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// keys sends keys one at a time (tmux key names: Enter, Escape, Down, …),
// pausing so that Escape is not read as a modifier of the next key.
func (tm *tmuxTerm) keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		require.NoError(tm.t, exec.Command("tmux", "send-keys", "-t", tm.name, k).Run())
		time.Sleep(60 * time.Millisecond)
	}
}

// ended waits for ally to exit.
func (tm *tmuxTerm) ended() {
	tm.t.Helper()
	for i := 0; i < 100; i++ {
		if exec.Command("tmux", "has-session", "-t", tm.name).Run() != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tm.t.Fatalf("ally did not quit:\n%s", tm.screen())
}

var optionLine = regexp.MustCompile(`(\d)\. (?:\([ •]\)|\[[ x]\]|[≡↕]) (.+?)\s*$`)

// shownOptions lists the options shown, in screen order.
func shownOptions(screen string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if m := optionLine.FindStringSubmatch(l); m != nil {
			out = append(out, m[2])
		}
	}
	return out
}

// choose presses the numbers of the options that start with the texts.
func (tm *tmuxTerm) choose(right ...string) {
	tm.t.Helper()
	opts := shownOptions(tm.screen())
	for _, r := range right {
		found := false
		for i, o := range opts {
			if strings.HasPrefix(o, r) {
				tm.keys(fmt.Sprint(i + 1))
				found = true
			}
		}
		require.True(tm.t, found, "option %q not on screen: %q", r, opts)
	}
}

// order moves the items of an ordering question into the given order.
func (tm *tmuxTerm) order(want ...string) {
	tm.t.Helper()
	for i, w := range want {
		opts := shownOptions(tm.screen())
		j := 0
		for j < len(opts) && !strings.HasPrefix(opts[j], w) {
			j++
		}
		require.Less(tm.t, j, len(opts), "item %q not on screen", w)
		tm.keys("Home")
		for range len(opts) {
			tm.keys("Up")
		}
		for range j {
			tm.keys("Down")
		}
		for range j - i {
			tm.keys("K")
		}
	}
	got := shownOptions(tm.screen())
	require.Equal(tm.t, want, got)
}

// A newcomer takes the sample course from the start to the unlocked
// advanced stage with the keyboard alone, quitting and resuming halfway.
func TestNewcomerTakesTheCourse(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		env  []string
	}{{80, 24, nil}, {80, 24, []string{"NO_COLOR=1"}}, {200, 60, nil}, {200, 60, []string{"NO_COLOR=1"}}} {
		t.Run(fmt.Sprintf("%dx%d%v", tc.w, tc.h, tc.env), func(t *testing.T) {
			course, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
			require.NoError(t, err)
			progress := filepath.Join(t.TempDir(), "progress.json")
			args := []string{"--course", course, "--progress", progress}

			tm := start(t, tc.w, tc.h, tc.env, args...)
			tm.wait("Writing a Clear Bug Report", "★ Next", "⊘ locked")
			tm.keys("Enter") // the next step: the first lesson
			tm.wait("› What a bug report is for")
			tm.keys("G")
			tm.wait("✓ read")
			tm.keys("Right")
			tm.wait("› The anatomy of a good report")
			tm.keys("G")
			tm.wait("✓ read")
			tm.keys("Escape")
			tm.wait("★ Next      Take the quiz")
			tm.keys("Enter")
			tm.wait("Press enter to start.")
			tm.keys("Enter")
			for i, ans := range [][]string{{"To let someone else"}, {"False"}, {"Export to PDF hangs"}, {"Steps to reproduce", "The expected and", "The version and"}} {
				tm.wait(fmt.Sprintf("question %d of 4", i+1)) // not the one before, still on screen
				tm.choose(ans...)
				tm.keys("Enter")
				tm.wait("✓ Right.")
				tm.keys("Enter")
			}
			tm.wait("✓ Passed", "4 of 4 right")
			tm.keys("Escape")
			tm.wait("✓ done")
			// Open the optional story, read a page of it and quit there.
			tm.keys("Down", "Enter")
			tm.wait("Story: two reports, one bug")
			tm.keys("Down", "Down", "Enter")
			tm.wait("› Story: two reports, one bug")
			tm.keys("Down", "Down", "Down")
			// On a tall terminal the story fits on one screen, and is read.
			read := regexp.MustCompile(`(\d+)% read`).FindStringSubmatch(tm.screen())
			if read != nil && read[1] == "100" {
				read = nil
			}
			top := textLines(tm.screen())
			tm.keys("q")
			tm.ended()

			data, err := os.ReadFile(progress)
			require.NoError(t, err)
			require.Contains(t, string(data), `"why-check"`)
			require.Contains(t, string(data), `"passed": true`)

			// Start again: everything is there, and Continue resumes.
			tm = start(t, tc.w, tc.h, tc.env, args...)
			if read != nil {
				tm.wait("▶ Continue  “Story: two reports, one bug”", "✓ done")
				tm.keys("c")
				tm.wait("› Story: two reports, one bug", read[0])
				require.Equal(t, top, textLines(tm.screen()), "c reopens at the same line")
				tm.keys("Escape")
				tm.wait("▶ Continue")
				tm.keys("Down") // from Continue to the next step
			} else {
				tm.wait("✓ done")
				require.NotContains(t, tm.screen(), "▶ Continue", "a lesson read to the end is not resumed")
			}
			tm.keys("Enter") // Next: the self-assessment
			tm.wait("Press enter to start.")
			tm.keys("Enter")
			tm.wait("1 of 7")
			tm.keys("4", "Enter")
			tm.wait("2 of 7")
			tm.keys("1", "2", "Enter")
			tm.wait("3 of 7")
			tm.keys("3", "3", "3", "3", "3")
			tm.wait("Your results", "start at")
			tm.keys("Escape")
			tm.wait("★ Next      Read “Finding and writing the steps”")
			tm.keys("Enter")
			tm.wait("› Finding and writing the steps")
			tm.keys("G")
			tm.wait("✓ read")
			tm.keys("Right")
			tm.wait("Press enter to start.")
			tm.keys("Enter")
			tm.wait("Put these in the order")
			tm.order("Search the existing reports", "Reproduce the bug from a clean start", "Cut the steps down to the minimum", "Write the report")
			tm.keys("Enter")
			tm.wait("✓ Right.")
			tm.keys("Enter")
			tm.wait("Which of these are well-written steps?")
			tm.choose("Choose File", "Insert a table")
			tm.keys("Enter")
			tm.wait("✓ Right.")
			tm.keys("Enter")
			tm.wait("twice in twenty tries")
			tm.choose("That it is intermittent")
			tm.keys("Enter", "Enter")
			tm.wait("✓ Passed", "3 of 3 right")
			tm.keys("Escape")

			// The advanced stage is open now.
			tm.wait("★ Next      Read “Sorting incoming reports”")
			s := tm.screen()
			require.NotContains(t, s, "⊘ locked")
			tm.keys("Enter")
			tm.wait("› Sorting incoming reports")
			tm.keys("G")
			tm.wait("✓ read")
			tm.keys("Escape")
			tm.wait("Course complete")
			tm.keys("q")
			tm.ended()
		})
	}
}

// textLines is the lesson text on the screen: below the header and rule,
// above the status and help lines.
func textLines(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 6 {
		return screen
	}
	return strings.Join(lines[2:len(lines)-3], "\n")
}

// waitFlat returns the screen once it shows every text, whatever the
// wrapping (runs of spaces and line ends count as one space), or fails.
func (tm *tmuxTerm) waitFlat(texts ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		flat := strings.Join(strings.Fields(s), " ")
		ok := true
		for _, text := range texts {
			ok = ok && strings.Contains(flat, strings.Join(strings.Fields(text), " "))
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// rendered waits until the lesson is on screen, not "Rendering…".
func (tm *tmuxTerm) rendered() {
	tm.t.Helper()
	for i := 0; strings.Contains(tm.screen(), "Rendering…"); i++ {
		require.Less(tm.t, i, 250, "the lesson never rendered:\n%s", tm.screen())
		time.Sleep(40 * time.Millisecond)
	}
}

// pid is the process running in the session's pane (ally itself: tmux
// execs a simple command).
// exitStatus is how the pane's process ended, once the pane is dead: as
// tmux reports it, or, when tmux 3.3a has not reaped the process (seen
// here: it stays a zombie, with pane_dead_status empty), as the kernel
// keeps it for the zombie in /proc/PID/stat (field 52, exit_code).
func (tm *tmuxTerm) exitStatus(pid int) string {
	tm.t.Helper()
	for i := 0; i < 20; i++ {
		if st := tm.pane("#{pane_dead_status}"); st != "" {
			return st
		}
		if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
			// f[0] is field 3 (state); exit_code is field 52.
			if len(f) >= 50 && f[0] == "Z" {
				var code int
				fmt.Sscan(f[49], &code)
				if code&0x7f == 0 {
					return fmt.Sprint(code >> 8)
				}
				return fmt.Sprintf("signal %d", code&0x7f)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ""
}

func (tm *tmuxTerm) pid() int {
	tm.t.Helper()
	out, err := exec.Command("tmux", "display", "-p", "-t", tm.name, "#{pane_pid}").Output()
	require.NoError(tm.t, err)
	var pid int
	_, err = fmt.Sscan(string(out), &pid)
	require.NoError(tm.t, err)
	return pid
}

// pane reads a tmux format of the pane (e.g. #{alternate_on}).
func (tm *tmuxTerm) pane(format string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", "display", "-p", "-t", tm.name, format).Output()
	require.NoError(tm.t, err)
	return strings.TrimSpace(string(out))
}

// Issue 10: the reading place survives q and a closed terminal (SIGHUP),
// and --resume reopens the lesson at the same top line; after SIGHUP the
// terminal is restored.
func TestResumeAfterQuitAndHangup(t *testing.T) {
	course, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
	require.NoError(t, err)
	progress := filepath.Join(t.TempDir(), "progress.json")
	args := []string{"--course", course, "--progress", progress}

	tm := start(t, 80, 24, nil, args...)
	tm.wait("★ Next")
	tm.keys("Enter")
	tm.wait("› What a bug report is for")
	tm.rendered()
	tm.keys("Down", "Down", "Down")
	time.Sleep(200 * time.Millisecond)
	top := textLines(tm.screen())
	tm.keys("q")
	tm.ended()

	tm = start(t, 80, 24, nil, append(args, "--resume")...)
	tm.wait("› What a bug report is for")
	tm.rendered()
	require.Equal(t, top, textLines(tm.screen()), "--resume after q: the same top line")

	// Scroll on, then the terminal goes away.
	tm.keys("Down", "Down", "Down", "Down")
	time.Sleep(200 * time.Millisecond)
	top = textLines(tm.screen())
	require.NoError(t, exec.Command("tmux", "set-option", "-t", tm.name, "remain-on-exit", "on").Run())
	pid := tm.pid()
	require.NoError(t, exec.Command("kill", "-HUP", fmt.Sprint(pid)).Run())
	for i := 0; tm.pane("#{pane_dead}") != "1"; i++ {
		require.Less(t, i, 100, "ally did not stop on SIGHUP")
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(t, "129", tm.exitStatus(pid), "128 + SIGHUP (signal: %q); the screen:\n%s", tm.pane("#{pane_dead_signal}"), tm.screen())
	require.Equal(t, "0", tm.pane("#{alternate_on}"), "the terminal left the alternate screen")

	tm = start(t, 80, 24, nil, append(args, "--resume")...)
	tm.wait("› What a bug report is for")
	tm.rendered()
	require.Equal(t, top, textLines(tm.screen()), "--resume after SIGHUP: the same top line")
	tm.keys("q")
	tm.ended()
}

// Issue 10: quitting at once after finishing a self-assessment keeps the
// attempt, and leaves no draft.
func TestQuitRightAfterAnAttemptKeepsIt(t *testing.T) {
	course, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
	require.NoError(t, err)
	progress := filepath.Join(t.TempDir(), "progress.json")
	tm := start(t, 80, 24, nil, "--course", course, "--progress", progress)
	tm.wait("★ Next")
	tm.keys("Enter")
	tm.wait("› What a bug report is for")
	tm.rendered()
	tm.keys("G")
	tm.wait("✓ read")
	tm.keys("Escape", "Down", "Down", "Enter")
	tm.wait("Your reporting habits")
	tm.keys("Enter")
	tm.wait("Press enter to start.")
	tm.keys("Enter")
	tm.wait("1 of 7")
	tm.keys("4", "Enter")
	tm.wait("2 of 7")
	tm.keys("1", "2", "Enter")
	tm.wait("3 of 7")
	tm.keys("3", "3", "3", "3")
	tm.wait("7 of 7")
	// The last answer and q in one write.
	require.NoError(t, exec.Command("tmux", "send-keys", "-t", tm.name, "3q").Run())
	tm.ended()
	data, err := os.ReadFile(progress)
	require.NoError(t, err)
	require.Contains(t, string(data), `"placement": "practice"`)
	var file struct {
		Drafts struct {
			Assessments map[string]any `json:"assessments"`
		} `json:"drafts"`
	}
	require.NoError(t, json.Unmarshal(data, &file))
	require.Empty(t, file.Drafts.Assessments, "no draft left")
}

// Issue 10: at the Stage 3 gate of the built-in course, the map shows the
// rule as a checklist with the learner's current values, whole, at 80×24.
func TestStage3ChecklistAt80x24(t *testing.T) {
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "progress.json")
	s, _, err := progress.Open(path, c)
	require.NoError(t, err)
	for _, st := range c.Stages {
		if st.ID == "advanced" {
			break
		}
		for _, m := range st.Modules {
			for _, it := range m.Items {
				switch it.Kind {
				case content.KindLesson:
					require.NoError(t, s.CompleteLesson(it.ID), it.ID)
				case content.KindQuiz:
					answers := map[string][]int{}
					for _, q := range it.Quiz.Questions {
						if q.Type == content.Ordering {
							for i := range q.Options {
								answers[q.ID] = append(answers[q.ID], i)
							}
						} else {
							answers[q.ID] = q.Correct()
						}
					}
					_, err := s.RecordQuiz(it.ID, answers)
					require.NoError(t, err, it.ID)
				case content.KindAssessment:
					answers := map[string]float64{}
					for _, d := range it.Assessment.Dimensions {
						for _, ai := range d.Items {
							switch {
							case ai.ID == "evaluated":
								answers[ai.ID] = 1
							case ai.Type == content.Number:
								answers[ai.ID] = 3
							default:
								answers[ai.ID] = 3
							}
						}
					}
					_, err := s.RecordAssessment(it.ID, answers)
					require.NoError(t, err, it.ID)
				}
			}
		}
	}
	tm := start(t, 80, 24, nil, "--progress", path)
	screen := tm.waitFlat("★ Next", "To open", // the checklist wraps
		"fill in “Your alliance log”",
		"✓ Pass every quiz of the “Basics” stage — 6 of 6 quizzes passed",
		"✓ Complete the “Experience” stage — 3 of 3 modules completed",
		"✗ One of these:",
		"with a finished review — 0 of 2 recorded",
		"placed in Stage 1 · Basics")
	for _, l := range strings.Split(screen, "\n") {
		require.NotContains(t, l, "…", "cut off at 80 columns:\n%s", screen)
	}
	require.Contains(t, screen, "? help • q quit")
	tm.keys("Enter") // the action: the alliance log
	tm.wait("Your alliance log")
	tm.keys("q")
	tm.ended()
}

// Issue 10: at 40×12, the advertised minimum, a quiz works: every option of
// every question can be brought on screen, and the feedback read to its end.
func TestQuizAt40x12(t *testing.T) {
	course, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample"))
	require.NoError(t, err)
	progress := filepath.Join(t.TempDir(), "progress.json")
	tm := start(t, 40, 12, nil, "--course", course, "--progress", progress)
	tm.wait("★ Next")
	tm.keys("Enter")
	tm.wait("What a bug report is for")
	tm.rendered()
	tm.keys("G", "Right")
	tm.wait("The anatomy of a good report")
	tm.rendered()
	tm.keys("G", "Escape")
	tm.wait("★ Next")
	tm.keys("Enter")
	tm.wait("Press enter to start.")
	tm.keys("Enter")
	marker := regexp.MustCompile(`(\d)\. (?:\([ •]\)|\[[ x]\])`)
	for qn, want := range []int{3, 2, 3, 4} { // the options of the four questions
		tm.wait(fmt.Sprintf("question %d of 4", qn+1))
		seen := map[string]bool{}
		for range want + 1 {
			for _, m := range marker.FindAllStringSubmatch(tm.screen(), -1) {
				seen[m[1]] = true
			}
			tm.keys("Down")
		}
		for i := 1; i <= want; i++ {
			require.True(t, seen[fmt.Sprint(i)], "question %d: option %d never on screen", qn+1, i)
		}
		tm.keys("Space", "Enter")     // answer (right or not) to see the feedback
		tm.waitFlat("enter continue") // the feedback is shown
		tm.keys("G")                  // the end of the feedback
		end := "Press enter for the next question."
		if qn == 3 {
			end = "Press enter to see your score."
		}
		tm.waitFlat(end)
		tm.keys("Enter")
	}
	tm.wait("of 4 right")
	screen := tm.screen()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	require.Contains(t, lines[len(lines)-1], "q quit", screen)
	tm.keys("q")
	tm.ended()
}

// Issue 16: a big course opens on its structure; when the check in the
// background finds a problem, the learner sees it on screen, nothing opens,
// and on quitting Ally prints the problem and exits 1, as it does for a
// course found invalid before the first frame.
func TestBigCourseRefusedAfterItsCheck(t *testing.T) {
	course := t.TempDir()
	require.NoError(t, gen.Write(course, gen.Config{Lessons: 400}))
	files, err := filepath.Glob(filepath.Join(course, "*", "0[1-9]-*.md"))
	require.NoError(t, err)
	var lessons []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		if !strings.Contains(string(data), "\nkind: ") { // a lesson: no kind in its front matter
			lessons = append(lessons, f)
		}
	}
	require.NotEmpty(t, lessons)
	late := lessons[len(lessons)-1]
	f, err := os.OpenFile(late, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\nSee [gone](nowhere.md).\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	dir := t.TempDir()
	stderr, rc := filepath.Join(dir, "stderr"), filepath.Join(dir, "rc")
	name := fmt.Sprintf("ally-e2e-%d", rand.Int())
	cmd := fmt.Sprintf("%s --course %s --progress %s 2>%s; echo $? >%s", binary, course, filepath.Join(dir, "progress.json"), stderr, rc)
	out, err := exec.Command("tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", cmd).CombinedOutput()
	require.NoError(t, err, "tmux: %s", out)
	tm := &tmuxTerm{t: t, name: name}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", name).Run() })

	tm.wait("This course has a problem, so it cannot be opened.", "nowhere.md")
	tm.keys("Enter") // nothing opens
	tm.wait("cannot be opened")
	tm.keys("q")
	tm.ended()
	code, err := os.ReadFile(rc)
	require.NoError(t, err)
	assert.Equal(t, "1", strings.TrimSpace(string(code)))
	msg, err := os.ReadFile(stderr)
	require.NoError(t, err)
	rel, err := filepath.Rel(course, late)
	require.NoError(t, err)
	assert.Contains(t, string(msg), "is not a valid course (1 problem)")
	assert.Contains(t, string(msg), filepath.ToSlash(rel)+":")
	assert.Contains(t, string(msg), `link "nowhere.md" points to no file`)
}

// backdateTree sets every entry of dir an hour back, as for a course
// written some time before it is opened (a folder modified within seconds
// of a start gets no structure index).
func backdateTree(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, gen.Backdate(dir, time.Now().Add(-time.Hour)))
}

// Issue 16: a big course's structure index is kept in the cache folder
// after its first start and used by the next; once the folder changes, the
// map shows the change (the index is not used) and a new index is kept.
func TestBigCourseIndexKeptNeverStale(t *testing.T) {
	course, cache := t.TempDir(), t.TempDir()
	require.NoError(t, gen.Write(course, gen.Config{Lessons: 400}))
	backdateTree(t, course)
	progressFile := filepath.Join(t.TempDir(), "progress.json")
	start := func(want ...string) {
		t.Helper()
		name := fmt.Sprintf("ally-e2e-%d", rand.Int())
		cmd := fmt.Sprintf("XDG_CACHE_HOME=%s %s --course %s --progress %s", cache, binary, course, progressFile)
		out, err := exec.Command("tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", cmd).CombinedOutput()
		require.NoError(t, err, "tmux: %s", out)
		tm := &tmuxTerm{t: t, name: name}
		t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", name).Run() })
		tm.wait(append(want, " in all")...) // the whole map, not a first screen
		tm.keys("q")
		tm.ended()
	}
	indexes := func() []string {
		files, err := filepath.Glob(filepath.Join(cache, "ally", "structure", "*.idx"))
		require.NoError(t, err)
		return files
	}
	waitIndex := func(old []byte) []byte {
		t.Helper()
		for range 100 {
			if files := indexes(); len(files) == 1 {
				if data, err := os.ReadFile(files[0]); err == nil && len(data) > 0 && string(data) != string(old) {
					return data
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatal("no new structure index in the cache folder")
		return nil
	}

	start("Generated course: 400 lessons", "Partner screening")
	first := waitIndex(nil)

	// Unchanged: the index is used, not written again.
	start("Partner screening")
	again, err := os.ReadFile(indexes()[0])
	require.NoError(t, err)
	assert.Equal(t, first, again, "an index that was used is not rewritten")

	// A module renamed on disk: the map shows the new title.
	mod := filepath.Join(course, "m001-partner-screening", "module.md")
	data, err := os.ReadFile(mod)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(mod, []byte(strings.Replace(string(data), `title: "Partner screening"`, `title: "Screening partners"`, 1)), 0o644))
	backdateTree(t, course) // even with the old times put back
	start("Screening partners")
	waitIndex(first)
}
