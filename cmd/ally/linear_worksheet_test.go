package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	binaryTests["Worksheet"] = testWorksheetThroughAPipe
}

// worksheetCourse writes a course with an alliance log, a review attached
// to it and a module that opens once an alliance is reviewed.
func worksheetCourse(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"course.yaml": "id: ws\ntitle: Logbook\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: Start, summary: S.}\n",
		"m/module.md": "---\nid: m\ntitle: Logging\nstage: s\nsummary: M.\n---\n",
		"m/01-log.md": "---\nid: log\ntitle: Alliance log\nkind: worksheet\nnoun: alliance\ncolumns: [partner, review.outcome]\nfields:\n" +
			"  - {id: partner, label: Partner, type: text, required: true}\n" +
			"  - {id: kind, label: Partner type, type: choice, options: [upstream, horizontal, downstream]}\n" +
			"  - {id: signed, label: Signed on, type: date}\n---\nOne entry per alliance.\n",
		"m/02-review.md": "---\nid: review\ntitle: Alliance review\nkind: worksheet\nfor: log\nnoun: review\nfields:\n" +
			"  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}\n" +
			"  - {id: lessons, label: Lessons, type: long text}\n---\n",
		"n/module.md": "---\nid: n\ntitle: Comparing\nstage: s\nsummary: N.\nrequires:\n  recorded: {worksheet: log, min: 1, reviewed: review}\n---\n",
		"n/01-l.md":   "---\nid: l2\ntitle: Compare\n---\nText.\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// An alliance logged and reviewed field by field through a pipe; the input
// ends in the middle of the review and the next run goes on with its draft.
func testWorksheetThroughAPipe(t *testing.T) {
	course := worksheetCourse(t)
	file := filepath.Join(t.TempDir(), "progress.json")
	env := linearEnv(t, file)

	s := startPipe(t, env, "--accessible", "--course", course)
	s.expect("2. Comparing: locked: needs log at least 1 alliance in “Alliance log” with a finished review (0 so far).", "Course map. Module (1 to 2): ")
	s.send("w")
	s.expect("Workbook: your own records, kept with your progress. 1 worksheet:", "1. Alliance log, in Logging: 0 alliances.", "Worksheet (1 to 1): ")
	s.send("1")
	s.expect("Worksheet: Alliance log, in Logging.", "One entry per alliance.", "It holds 0 alliances.", "Worksheet. a to add, b back: ")
	s.send("a")
	s.expect("New alliance in Alliance log: 3 fields.", "Field 1 of 3, Partner, required, one line of text. Now blank.", "Type your answer, or Enter to keep: ")
	s.send("Food lab")
	s.expect("Field 2 of 3, Partner type, one of: 1 upstream, 2 horizontal, 3 downstream. Now blank.", "Type a number, or Enter to keep: ")
	s.send("3")
	s.expect("Field 3 of 3, Signed on, a date as YYYY-MM-DD. Now blank.", "Type the date")
	s.send("March")
	s.expect(`"March" is not a date: write it as YYYY-MM-DD`, "Type the date")
	s.send("2025-03-31")
	s.expect("That is every field. Your alliance:", "1. Partner: Food lab.", "2. Partner type: downstream.", "3. Signed on: 2025-03-31.", "Type save to save it")
	s.send("save")
	s.expect("Saved: alliance “Food lab”.", "1. Alliance 1 of 1: Food lab, no review yet.", "Worksheet. a to add, a number to read, b back: ")
	s.send("r 1")
	s.expect("New review of “Food lab” in Alliance review: 2 fields.", "Field 1 of 2, Outcome, required, a scale: 1 Poor, 2 Fair, 3 Good. Now blank.", "Type a number")
	s.send("3")
	s.expect("Field 2 of 2, Lessons, text of several lines. Now blank.", "a line holding only a full stop ends it", "First line: ")
	s.send("Agree the scope in writing.")
	s.expect("Next line, or . to end: ")
	s.closeInput() // the input ends mid-review
	s.expect("Goodbye. Your progress is saved in " + file + ".")
	require.Equal(t, exitOK, s.wait())
	s.assertPlain()

	var st struct {
		Drafts struct {
			Entries map[string]struct {
				For    string         `json:"for"`
				Values map[string]any `json:"values"`
			} `json:"entries"`
		} `json:"drafts"`
	}
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &st))
	d, ok := st.Drafts.Entries["review/+e1"]
	require.True(t, ok, "the review's draft is in the progress file: %s", data)
	assert.Equal(t, map[string]any{"outcome": 3.0, "lessons": "Agree the scope in writing."}, d.Values)

	s = startPipe(t, env, "--accessible", "--course", course)
	s.expect("Course map. Module (1 to 2): ")
	s.send("1")
	s.expect("1. Worksheet: Alliance log: done, holds 1 alliance.", "2. Worksheet: Alliance review: started, an unsaved draft.", "Item (1 to 2): ")
	s.send("1")
	s.expect("1. Alliance 1 of 1: Food lab, no review yet, an unsaved review draft.", "Worksheet. a to add")
	s.send("r 1")
	s.expect("Your unsaved draft is back, with 2 fields filled in", "Now: 3 (Good).", "Type a number")
	s.send("")
	s.expect("Now: Agree the scope in writing.", "First line: ")
	s.send("")
	s.expect("That is every field. Your review:", "1. Outcome: 3 (Good).", "Type save to save it")
	s.send("save")
	s.expect("Unlocked: Comparing is open now.", "Saved: review “3 (Good)”.", "1. Alliance 1 of 1: Food lab, reviewed.")
	s.send("sort by outcome")
	s.expect("Sorted by Outcome, first to last; blanks last.", "Grid of Alliance log: 1 alliance, 2 columns: Partner and Outcome.",
		"Row 1 of 1: Partner: Food lab; Outcome: 3 (Good).")
	s.send("quit")
	s.expect("Goodbye.")
	require.Equal(t, exitOK, s.wait())
	s.assertPlain()
}
