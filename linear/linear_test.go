package linear

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/allyworks/ally/internal/syncbuf"
)

var sampleDir = filepath.Join("..", "testdata", "sample")

// plain renders markdown as it is (the tests do not need Glamour).
func plain(_, md string) (string, error) { return md, nil }

// run runs a session on the sample course with the whole input at once and
// returns what it printed and the store (still open).
func run(t *testing.T, file, input string, opts ...func(*Options)) (string, *progress.Store) {
	t.Helper()
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	if file == "" {
		file = filepath.Join(t.TempDir(), "progress.json")
	}
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	var out bytes.Buffer
	o := Options{Course: c, Store: store, In: strings.NewReader(input), Out: &out, Render: plain, PageLines: 8, Seed: 1}
	for _, f := range opts {
		f(&o)
	}
	require.NoError(t, Run(context.Background(), o))
	return out.String(), store
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                            "plain text",
		"\x1b[31mred\x1b[0m":                    "red",
		"\x1b[2J\x1b[H\x1b[?1049hscreen":        "screen",
		"a\x1b]8;;http://x\x07link\x1b]8;;\x07": "alink",
		"bell\x07 back\x08 del\x7f c1\u009b":    "bell back del c1",
		"tab\tand\nnewline":                     "tab\tand\nnewline",
		"cr\r\nlf":                              "cr\nlf",
		"bidi \u202eevil\u202c":                 "bidi evil",
		"trailing   \nspaces  ":                 "trailing\nspaces",
		"lone ESC \x1b":                         "lone ESC",
	} {
		assert.Equal(t, want, clean(in), "%q", in)
	}
}

func TestParseAnswer(t *testing.T) {
	single := &content.Question{Type: content.SingleChoice, Options: make([]*content.Option, 3)}
	multi := &content.Question{Type: content.MultipleAnswer, Options: make([]*content.Option, 4)}
	order := &content.Question{Type: content.Ordering, Options: make([]*content.Option, 4)}
	for _, tc := range []struct {
		q    *content.Question
		in   string
		want []int
		err  string
	}{
		{single, "2", []int{2}, ""},
		{single, " 3 ", []int{3}, ""},
		{single, "1 2", nil, "Pick one option"},
		{single, "4", nil, `"4" is not an option: the options are numbered 1 to 3.`},
		{single, "two", nil, `"two" is not an option`},
		{single, "", nil, "Pick one option"},
		{multi, "1 3", []int{1, 3}, ""},
		{multi, "3,1", []int{3, 1}, ""},
		{multi, "1 1", nil, "1 is there twice"},
		{multi, "", nil, "Pick at least one option"},
		{order, "3 1 2 4", []int{3, 1, 2, 4}, ""},
		{order, "3 1 2", nil, "Type all 4 numbers, each once, first to last, e.g. 2 1 3 4."},
		{order, "3 1 2 2", nil, "2 is there twice"},
	} {
		got, err := parseAnswer(tc.q, tc.in)
		if tc.err != "" {
			require.Error(t, err, tc.in)
			assert.Contains(t, err.Error(), tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestMenuFind(t *testing.T) {
	m := menu{
		{names: []string{""}, help: "more"},
		{names: []string{"b", "back"}, help: "back"},
		{names: []string{"#"}, shown: "a number", help: "page"},
		{names: []string{"/", "find"}, help: "search"},
	}
	for line, want := range map[string][2]string{
		"":             {"", ""},
		"B":            {"b", ""},
		"back":         {"b", ""},
		"12":           {"#", "12"},
		"/two words":   {"/", "two words"},
		"find a thing": {"/", "a thing"},
	} {
		name, arg, ok := m.find(line)
		assert.True(t, ok, line)
		assert.Equal(t, want, [2]string{name, arg}, line)
	}
	_, _, ok := m.find("zzz")
	assert.False(t, ok)
	help := strings.Join(m.helpLines(), "\n")
	assert.Contains(t, help, "Enter: more")
	assert.Contains(t, help, "b or back: back")
	assert.Contains(t, help, "a number: page")
	assert.Contains(t, help, "quit or exit: leave Ally", "the global commands are listed too")
}

func TestLockedModuleGateAndPreview(t *testing.T) {
	out, store := run(t, "", "4\n1\nq\nb\n")
	// The gate: every condition, met or not, in words.
	assert.Contains(t, out, "Module Triage — reading the reports you receive: locked: needs ")
	assert.Contains(t, out, "To open it, all of these must hold:\n  not yet: Pass every quiz in “Writing steps to reproduce”.\n  not yet: Complete the “The basics” stage.\n  done: Report more than 0 bug reports received last month in “Your reporting habits”.")
	assert.Contains(t, out, "Preview: you can read its lessons now")
	assert.Contains(t, out, "1. Lesson: Sorting incoming reports: not started")
	assert.NotContains(t, out, "1. Lesson: Sorting incoming reports: locked", "a preview lesson can be read")
	// Reading in preview does not complete, but records the preview.
	assert.Contains(t, out, "Preview: this module is locked, so reading this lesson does not count yet.")
	st := store.Snapshot()
	assert.False(t, st.Lessons["sorting"].Done())
	assert.Contains(t, st.Previews, "triage")
	// A locked quiz does not open.
	out, _ = run(t, "", "3\n2\n")
	assert.Contains(t, out, "2. Quiz: Writing steps — check: locked, not taken yet")
	assert.Contains(t, out, "“Writing steps — check” is locked. To open Writing steps to reproduce: complete “Why bug reports matter”")
}

func TestLessonPagesSearchAndLinks(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	// Open writing (placed by a recorded assessment) to reach its lesson,
	// which links to the anatomy lesson.
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	require.NoError(t, store.CompleteLesson("what-for"))
	require.NoError(t, store.CompleteLesson("anatomy"))
	_, err = store.RecordQuiz("why-check", map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1, 2}})
	require.NoError(t, err)

	out, _ := run(t, file, "3\n1\nb\n9\n/nothing-like-it\n/report\nn\nl\nl 1\nq\nq\n")
	assert.Contains(t, out, "Lesson: Finding and writing the steps.")
	assert.Contains(t, out, "This is the first page.")
	assert.Contains(t, out, "No page 9: type a number from 1 to ")
	assert.Contains(t, out, "No match for “nothing-like-it” in this lesson.")
	assert.Regexp(t, `\d+ matches for “report”\.\nMatch 1 of \d+, page 1, line \d+: `, out)
	assert.Contains(t, out, "Match 2 of ")
	assert.Contains(t, out, "This lesson links to:\n  1. Lesson: The anatomy of a good report, in Why bug reports matter.")
	assert.Contains(t, out, "Lesson: The anatomy of a good report.", "l 1 opens the linked lesson")
}

func TestBadInputAndHelp(t *testing.T) {
	out, _ := run(t, "", "what\n0\n?\n1\nx\nhelp\nb\nq\n")
	assert.Contains(t, out, `"what" is not a choice here; type help for the commands.`)
	assert.Contains(t, out, "No module 0: type a number from 1 to 4.")
	assert.Contains(t, out, "Commands here:\n  a number: open that module\n")
	assert.Contains(t, out, "Commands here:\n  a number: open that item\n")
	assert.Contains(t, out, "Goodbye.")
	// The map is not repeated at a prompt that was answered wrong.
	assert.Equal(t, 1, strings.Count(out, "  1. Why bug reports matter: "), "listed on start only")
	assert.Contains(t, out, "Back at the course map; m lists the modules.\nNext: Read “What a bug report is for”")
}

func TestRenderedEscapesNeverReachTheTerminal(t *testing.T) {
	evil := func(_, md string) (string, error) {
		return "\x1b[2J\x1b[H\x1b[?1049h\x1b[31mHello\x1b[0m\x07\n" + md, nil
	}
	out, _ := run(t, "", "1\n1\nq\nq\n", func(o *Options) { o.Render = evil })
	assert.Contains(t, out, "Hello")
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\x07")
}

func TestInterruptSavesThePlace(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	in, w := io.Pipe()
	defer w.Close()
	var out syncbuf.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Course: c, Store: store, In: in, Out: &out, Render: plain, PageLines: 8})
	}()
	_, _ = w.Write([]byte("1\n1\n"))
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Enter for more") }, 5*time.Second, 5*time.Millisecond)
	cancel() // Ctrl+C
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "Interrupted.")
	last := store.Snapshot().Last
	require.NotNil(t, last)
	assert.Equal(t, "what-for", last.Item)
	assert.Greater(t, last.Scroll, 0.0, "how far the learner read is kept")
}

func TestMapSaysASharedGateOnce(t *testing.T) {
	c, err := content.Load(content.Default())
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, Run(context.Background(), Options{Course: c, Store: store, In: strings.NewReader(""), Out: &out, Render: plain}))
	assert.Contains(t, out.String(), "  4. M1.1 Alliance training: locked: needs complete the “Orientation” stage.\n"+
		"  5. M1.2 Choosing and attracting partners: locked: needs the same as module 4.\n")
	assert.Contains(t, out.String(), "  9. M1.6 Individual evaluation and alliance metrics: locked: needs the same as module 4.\n")
	assert.Contains(t, out.String(), "  10. M2.1 What experience buys: locked: needs complete the “Basics” stage.\n")
}

// A course of more than bigMap modules is mapped one line a stage, with
// its modules' numbers; s lists a stage's modules, numbered in the whole
// course, and a number still opens any module. (The built-in course, 17
// modules, is listed whole, as above.)
func TestBigCourseMapListsStagesAndAStageOnRequest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 600}))
	c, err := content.Load(os.DirFS(dir))
	require.NoError(t, err)
	require.Greater(t, len(c.Modules), bigMap)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, Run(context.Background(), Options{Course: c, Store: store, In: strings.NewReader("s 2\ns 9\n1\nb\nquit\n"), Out: &out, Render: plain}))
	text := out.String()
	first, rest, ok := strings.Cut(text, "Course map. Module")
	require.True(t, ok, text)

	// The first map: every stage in a line, no module.
	n := 0
	for i, st := range c.Stages {
		line := fmt.Sprintf("%s, %s: 0 of %d modules done; modules %d to %d (s %d lists them).\n", st.Label, st.Title, len(st.Modules), n+1, n+len(st.Modules), i+1)
		assert.Contains(t, first, line)
		n += len(st.Modules)
	}
	assert.NotContains(t, first, "  1. ", "no module is listed")
	assert.Contains(t, first, fmt.Sprintf("The course has %d modules in %d stages", len(c.Modules), len(c.Stages)))

	// s 2: the second stage's modules, numbered from after the first's.
	s1, s2 := c.Stages[0], c.Stages[1]
	assert.Contains(t, rest, fmt.Sprintf("%s, %s: 0 of %d modules done.\n", s2.Label, s2.Title, len(s2.Modules)))
	assert.Contains(t, rest, fmt.Sprintf("  %d. %s: ", len(s1.Modules)+1, moduleName(s2.Modules[0])))
	assert.Contains(t, rest, fmt.Sprintf("  %d. %s: ", len(s1.Modules)+len(s2.Modules), moduleName(s2.Modules[len(s2.Modules)-1])))
	assert.NotContains(t, rest, fmt.Sprintf("  1. %s: ", moduleName(s1.Modules[0])), "the first stage's modules are not listed")
	assert.NotContains(t, rest, "(s 1 lists them)", "nor the other stages")
	assert.Contains(t, rest, fmt.Sprintf("No stage 9: type a number from 1 to %d.", len(c.Stages)))
	assert.Contains(t, rest, fmt.Sprintf("Module %s: open", moduleName(c.Stages[0].Modules[0])), "a number opens the module")
}

// Progress in a big course lists the modules the learner has done
// something in, and counts the others by stage.
func TestBigCourseProgressListsWhatWasDone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 600}))
	c, err := content.Load(os.DirFS(dir))
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	m := c.Stages[0].Modules[0]
	require.NoError(t, store.CompleteLesson(m.Items[0].ID))
	var out bytes.Buffer
	require.NoError(t, Run(context.Background(), Options{Course: c, Store: store, In: strings.NewReader("p\nquit\n"), Out: &out, Render: plain}))
	_, text, ok := strings.Cut(out.String(), "Your progress:")
	require.True(t, ok, out.String())
	over := store.Overview()
	assert.Contains(t, text, fmt.Sprintf("  %s: in progress, 1 of %d items done.\n", moduleName(m), over.Module(m.ID).Total))
	open, locked := 0, 0
	for _, ms := range over.Stages[0].Modules[1:] {
		if ms.Status == progress.StatusLocked {
			locked++
		} else {
			open++
		}
	}
	assert.Contains(t, text, fmt.Sprintf("  %d other modules not started: %d open, %d locked.\n", open+locked, open, locked))
	st := over.Stages[1]
	assert.Contains(t, text, fmt.Sprintf("%s, %s: 0 of %d modules done.\n  %d modules not started: 0 open, %d locked.\n", st.Stage.Label, st.Stage.Title, st.Total, st.Total, st.Total))
	assert.NotContains(t, text, moduleName(c.Stages[0].Modules[1])+":", "a module not started is not listed")
}

func TestUnsavedChangesAreRetriedAndNeverDroppedSilently(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "data")
	store, _, err := progress.Open(filepath.Join(dir, "p.json"), c)
	require.NoError(t, err)
	// The folder cannot be created: a file stands in its way.
	require.NoError(t, os.WriteFile(dir, nil, 0o600))
	in, w := io.Pipe()
	var out syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), Options{Course: c, Store: store, In: in, Out: &out, Render: plain, PageLines: 8})
	}()
	_, _ = w.Write([]byte("1\n1\n"))
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Enter for more") }, 5*time.Second, 5*time.Millisecond)
	assert.Contains(t, out.String(), "Could not record that the lesson was opened: ")
	assert.Contains(t, out.String(), "Your answers are kept; Ally will try again with your next change.")

	// The disk is back: the next change saves the earlier one too.
	require.NoError(t, os.Remove(dir))
	_, _ = w.Write([]byte("q\nquit\n"))
	require.NoError(t, <-done)
	st := store.Snapshot()
	require.Contains(t, st.Lessons, "what-for", "the opening was saved on the retry")
	assert.Equal(t, "what-for", st.Last.Item)
}

func TestChangesThatCannotBeSavedEndInAnError(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "data")
	store, _, err := progress.Open(filepath.Join(dir, "p.json"), c)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dir, nil, 0o600))
	var out bytes.Buffer
	err = Run(context.Background(), Options{Course: c, Store: store, In: strings.NewReader("1\n1\nq\n"), Out: &out, Render: plain})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "could not be saved")
}

func TestItemNavigation(t *testing.T) {
	// n from the map, then q: to the item's module, as the prompt says.
	out, _ := run(t, "", "n\nq\nb\nq\n")
	assert.Contains(t, out, "Lesson: What a bug report is for.")
	assert.Contains(t, out, "Enter for more, b back, q to the module: \nBack in Why bug reports matter: in progress, 0 of 3 items done.\nItems:")
	assert.Contains(t, out, "Item (1 to 4): \nBack at the course map; m lists the modules.")

	// p opens the item before; on the first one there is none.
	out, _ = run(t, "", "1\n2\np\np\nq\n")
	assert.Regexp(t, `Lesson: The anatomy of a good report\.(.|\n)*Lesson: What a bug report is for\.(.|\n)*This is the first item you can open\.`, out)
}

// brokenWriter fails every write, as a closed terminal or pipe does.
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestAClosedOutputEndsTheSession(t *testing.T) {
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), c)
	require.NoError(t, err)
	// Endless input: the session must still end, not answer into the void.
	endless := io.MultiReader(strings.NewReader(strings.Repeat("\n", 1000)), neverEnding{})
	err = Run(context.Background(), Options{Course: c, Store: store, In: endless, Out: brokenWriter{}, Render: plain})
	require.ErrorIs(t, err, io.ErrClosedPipe)
	assert.Contains(t, err.Error(), "writing to the terminal")
}

// neverEnding is an input of empty lines that never ends.
type neverEnding struct{}

func (neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '\n'
	}
	return len(p), nil
}

func TestRetakeShowsTheChangeAndProgressSaysItAll(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	require.NoError(t, store.CompleteLesson("what-for"))
	_, err = store.RecordAssessment("reporting-habits", map[string]float64{"reports-filed": 3, "reports-received": 0,
		"exact-steps": 2, "expected-actual": 2, "environment": 2, "reread": 2, "one-liner": 2})
	require.NoError(t, err)

	out, _ := run(t, file, "2\n1\n\n3\n0\n4\n4\n4\n4\n1\n1\nr\nb\nb\np\nq\n")
	assert.Contains(t, out, "Taken once, last on ")
	assert.Contains(t, out, ", placed in Stage 2, Practice. r shows those results.")
	assert.Regexp(t, `Your results, on the scale 1 to 4, with the change since \d+ \w+ \d{4}:\n  Detail: 4\.0, Solid, up 2\.0\.\n  Empathy for the reader: 4\.0, Solid, up 1\.5\.\n  Overall: 4\.0, Solid, up 1\.8\.`, out)
	// r shows the latest results again, with the same change.
	assert.Equal(t, 2, strings.Count(out, "  Detail: 4.0, Solid, up 2.0."))
	// The progress view, in words.
	assert.Contains(t, out, "Your progress: 1 of 4 modules done.")
	assert.Contains(t, out, "    Self-assessment Your reporting habits: done, taken twice, placed in Stage 3, Advanced")
	assert.Contains(t, out, "Your progress file: "+file+".")
}

func TestDraftsFromAnOlderCourseAreTrimmed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	c, err := content.Load(os.DirFS(sampleDir))
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	require.NoError(t, store.CompleteLesson("what-for"))
	require.NoError(t, store.SaveQuizDraft("why-check", map[string][]int{"main-job": {1}}))
	require.NoError(t, store.SaveAssessmentDraft("reporting-habits", map[string]float64{"reports-filed": 3}))
	// Answers the course can no longer take, as an older version left them.
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	doc := strings.Replace(string(data), `"main-job": [`, `"gone": [0], "best-title": [9], "main-job": [`, 1)
	doc = strings.Replace(doc, `"reports-filed": 3`, `"reports-filed": 3, "gone": 2, "exact-steps": 7`, 1)
	require.NotEqual(t, string(data), doc)
	require.NoError(t, os.WriteFile(file, []byte(doc), 0o600))

	// Quiz: 1 of 4 still fits; the other three answered, it records.
	out, st := run(t, file, "1\n4\n\n2\n\n3\n\n1 2 3\n\nb\nb\n2\n1\n\n0\n4\n4\n4\n4\n1\nq\n")
	assert.Contains(t, out, "unfinished attempt: 1 of 4 answered")
	assert.Contains(t, out, "You answered 1 of 4 questions before you left")
	assert.Contains(t, out, "Question 2 of 4")
	assert.Contains(t, out, "Passed: 4 of 4 right, 100%.")
	assert.Contains(t, out, "You have 1 answer from an unfinished attempt")
	assert.Contains(t, out, "Item 2 of 7")
	assert.Contains(t, out, "Your results, on the scale 1 to 4:")
	assert.NotContains(t, out, "Could not")
	snap := st.Snapshot()
	assert.Len(t, snap.Quizzes["why-check"].Attempts, 1)
	assert.Len(t, snap.Assessments["reporting-habits"].Attempts, 1)
}

func TestResumeOpensTheLastPlace(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	run(t, file, "1\n2\n\nq\nq\n") // two of the anatomy lesson's pages, then leave
	out, _ := run(t, file, "q\nq\n", func(o *Options) { o.Resume = true })
	head, _, _ := strings.Cut(out, "Course map.")
	assert.Contains(t, head, "Lesson: The anatomy of a good report.", "opened before the map")
	assert.Contains(t, head, "Going on at page 3, after what you had read.")
	assert.Contains(t, head, "Back in Why bug reports matter:", "leaving it goes to its module")
}
