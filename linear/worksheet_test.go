package linear

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wsCourse has a log of alliances with a field of every type, a review
// attached to it, and a module that opens once one alliance is reviewed.
var wsCourse = fstest.MapFS{
	"course.yaml": {Data: []byte("id: ws\ntitle: WS\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n")},
	"m/module.md": {Data: []byte("---\nid: m\ntitle: Logging\nstage: s\nsummary: M.\n---\n")},
	"m/01-l.md":   {Data: []byte("---\nid: l\ntitle: Why log\n---\nText of the lesson.\n")},
	"m/02-log.md": {Data: []byte(`---
id: log
title: Alliance log
kind: worksheet
noun: alliance
columns: [partner, budget, review.outcome]
fields:
  - {id: partner, label: Partner, type: text, required: true, help: The partner's name.}
  - {id: repeat, label: Worked with them before, type: yes/no}
  - {id: kind, label: Partner type, type: choice, options: [upstream, horizontal, downstream]}
  - {id: areas, label: Areas, type: choices, options: [Research, Sales, Support]}
  - {id: signed, label: Signed on, type: date}
  - {id: budget, label: Budget, type: number, min: 0, max: 100}
  - {id: story, label: What happened, type: long text}
---
One entry per alliance.
`)},
	"m/03-review.md": {Data: []byte(`---
id: review
title: Alliance review
kind: worksheet
for: log
noun: review
fields:
  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}
  - {id: why, label: Why, type: text}
---
`)},
	"n/module.md": {Data: []byte("---\nid: n\ntitle: Comparing\nstage: s\nsummary: N.\nrequires:\n  recorded: {worksheet: log, min: 1, reviewed: review}\n---\n")},
	"n/01-l.md":   {Data: []byte("---\nid: l2\ntitle: Compare\n---\nText.\n")},
}

// runWS runs a session on wsCourse, on the progress file, with the input.
func runWS(t *testing.T, file, input string) (string, *progress.Store) {
	t.Helper()
	c, err := content.Load(wsCourse)
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	var out bytes.Buffer
	o := Options{Course: c, Store: store, In: strings.NewReader(input), Out: &out, Render: plain, PageLines: 8, Seed: 1}
	require.NoError(t, Run(context.Background(), o))
	assert.NotContains(t, out.String(), "\x1b")
	return out.String(), store
}

func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

// An alliance logged field by field, every type of field, then reviewed:
// the review opens the next module, which is announced.
func TestWorksheetLogAndReview(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, store := runWS(t, file, lines(
		"1", "2", // the module, the log
		"a",
		"Food lab",     // partner
		"maybe", "yes", // yes/no, a wrong answer first
		"4", "3", // choice, out of range first
		"1 3",                      // choices
		"31/03/2025", "2025-03-31", // date, a wrong format first
		"500", "40", // number above max first
		"It started well.", "", "Then it stalled.", ".", // long text
		"save",
		"r 1", "2", "Scope changed", "save",
		"g", "sort by outcome desc",
		"1",                                       // read the entry
		"e 1", "", "", "", "", "", "", "", "stop", // the long text asked again, in short
		"b", "b", "quit",
	))
	assert.Contains(t, out, "Worksheet: Alliance log, in Logging.")
	assert.Contains(t, out, "One entry per alliance.")
	assert.Contains(t, out, "Field 1 of 7, Partner, required, one line of text. Now blank.")
	assert.Contains(t, out, "The partner's name.")
	assert.Contains(t, out, "Field 2 of 7, Worked with them before, yes or no.")
	assert.Contains(t, out, `"maybe" is not yes or no: type yes or no.`)
	assert.Contains(t, out, "Field 3 of 7, Partner type, one of: 1 upstream, 2 horizontal, 3 downstream. Now blank.")
	assert.Contains(t, out, "Type a number, or Enter to keep:")
	assert.Contains(t, out, `"4": type a number from 1 to 3.`)
	assert.Contains(t, out, "Field 4 of 7, Areas, any of: 1 Research, 2 Sales, 3 Support.")
	assert.Contains(t, out, "not a date: write it as YYYY-MM-DD")
	assert.Contains(t, out, "Field 6 of 7, Budget, a number from 0 to 100.")
	assert.Contains(t, out, "Budget: 500 is outside 0 … 100. Try again.")
	assert.Contains(t, out, "a line holding only a full stop ends it")
	assert.Contains(t, out, "Saved: alliance “Food lab”.")
	assert.Equal(t, 1, strings.Count(out, "a line holding only a full stop ends it"), "said in full once")
	assert.Contains(t, out, "Line by line; a full stop alone ends it.", "then in short")
	assert.Contains(t, out, "  1. Alliance 1 of 1: Food lab, no review yet.")
	assert.Contains(t, out, "New review of “Food lab” in Alliance review: 2 fields.")
	assert.Contains(t, out, "Field 1 of 2, Outcome, required, a scale: 1 Poor, 2 Fair, 3 Good.")
	assert.Contains(t, out, "Unlocked: Comparing is open now.")
	assert.Contains(t, out, "  1. Alliance 1 of 1: Food lab, reviewed.")
	assert.Contains(t, out, "Grid of Alliance log: 1 alliance, 3 columns: Partner, Budget and Outcome.")
	assert.Contains(t, out, "  Row 1 of 1: Partner: Food lab; Budget: 40; Outcome: 2 (Fair).")
	assert.Contains(t, out, "Sorted by Outcome, last to first; blanks last.")
	assert.Contains(t, out, "  7. What happened: 3 lines:\n    It started well.\n\n    Then it stalled.")
	assert.Contains(t, out, "Its review, Alliance review:\n  1. Outcome: 2 (Fair).\n  2. Why: Scope changed.")

	st := store.Snapshot()
	e := st.Worksheets["log"].Entries
	require.Len(t, e, 1)
	assert.Equal(t, "Food lab", *e[0].Values["partner"].Text)
	assert.True(t, *e[0].Values["repeat"].Bool)
	assert.Equal(t, "downstream", *e[0].Values["kind"].Text)
	assert.Equal(t, []string{"Research", "Support"}, e[0].Values["areas"].List)
	assert.Equal(t, "2025-03-31", *e[0].Values["signed"].Text)
	assert.Equal(t, 40.0, *e[0].Values["budget"].Num)
	assert.Equal(t, "It started well.\n\nThen it stalled.", *e[0].Values["story"].Text)
	rv := st.Worksheets["review"].For(e[0].ID)
	require.NotNil(t, rv)
	assert.Equal(t, 2.0, *rv.Values["outcome"].Num)
	assert.Empty(t, st.Drafts.Entries, "saving clears the drafts")
}

// A required field left blank is named on save, asked again, and the
// entry is saved once it is filled.
func TestWorksheetRequiredField(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, store := runWS(t, file, lines(
		"1", "2", "a",
		"", "", "", "", "", "", "", // every field left blank
		"save",
		"Food lab", // asked again: the partner
		"save", "b", "b", "quit",
	))
	assert.Contains(t, out, "Not saved: field 1, Partner, is required.")
	assert.Contains(t, out, "Saved: alliance “Food lab”.")
	assert.Len(t, store.Snapshot().Worksheets["log"].Entries, 1)
}

// The input ends in the middle of an entry: what was typed is in the
// draft, and the next session goes on with it.
func TestWorksheetDraftSurvivesEOF(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, store := runWS(t, file, lines("1", "2", "a", "Food lab", "no", "2", "", "", "", "Half a story"))
	assert.Contains(t, out, "Goodbye.")
	d := store.Snapshot().Drafts.Entries[progress.DraftKey("log", "", "")]
	require.NotNil(t, d, "the draft is kept")
	assert.Equal(t, "Food lab", *d.Values["partner"].Text)
	assert.False(t, *d.Values["repeat"].Bool)
	assert.Equal(t, "Half a story", *d.Values["story"].Text, "even the long text being typed")
	assert.Empty(t, entriesOf(store.Snapshot(), "log"))

	out, store = runWS(t, file, lines("1", "2", "a", "", "", "", "", "", "", "", "save", "b", "b", "quit"))
	assert.Contains(t, out, "  2. Worksheet: Alliance log: started, an unsaved draft, holds 0 alliances.")
	assert.Contains(t, out, "You have an unsaved new alliance; a goes on with it.")
	assert.Contains(t, out, "Your unsaved draft is back, with 4 fields filled in")
	assert.Contains(t, out, "Field 1 of 7, Partner, required, one line of text. Now: Food lab.")
	assert.Contains(t, out, "Field 3 of 7, Partner type, one of: 1 upstream, 2 horizontal, 3 downstream. Now: horizontal.")
	assert.Contains(t, out, "Saved: alliance “Food lab”.")
	e := store.Snapshot().Worksheets["log"].Entries
	require.Len(t, e, 1)
	assert.Equal(t, "horizontal", *e[0].Values["kind"].Text)
	assert.Equal(t, "Half a story", *e[0].Values["story"].Text)
	assert.Empty(t, store.Snapshot().Drafts.Entries)
}

// Editing keeps what is not changed; delete asks to confirm, and undo
// brings the entry and its review back.
func TestWorksheetEditDeleteUndo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	c, err := content.Load(wsCourse)
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	id, err := store.AddEntry("log", "", map[string]progress.Value{"partner": progress.TextValue("Food lab"), "budget": progress.NumValue(10)})
	require.NoError(t, err)
	_, err = store.AddEntry("review", id, map[string]progress.Value{"outcome": progress.NumValue(3)})
	require.NoError(t, err)
	_, err = store.AddEntry("log", "", map[string]progress.Value{"partner": progress.TextValue("Sensor co")})
	require.NoError(t, err)

	out, store := runWS(t, file, lines(
		"1", "2",
		"e 2", "Sensor company", "previous", "", "", "", "", "", "clear", "", "save",
		"d 1", "no",
		"d 1", "yes",
		"u",
		"b", "b", "quit",
	))
	assert.Contains(t, out, "Changing alliance “Sensor co” in Alliance log: 7 fields.")
	assert.Contains(t, out, "Field 1 of 7, Partner, required, one line of text. Now: Sensor company.", "previous goes back a field")
	assert.Contains(t, out, "Budget is blank now.")
	assert.Contains(t, out, "Delete “Food lab” and its review? Type yes to confirm, anything else keeps it:")
	assert.Contains(t, out, "Nothing deleted.")
	assert.Contains(t, out, "Deleted “Food lab” and its review. u brings it back.")
	assert.Contains(t, out, "  1. Alliance 1 of 1: Sensor company, no review yet.")
	assert.Contains(t, out, "Restored “Food lab”.")
	st := store.Snapshot()
	require.Len(t, st.Worksheets["log"].Entries, 2)
	assert.Equal(t, "Food lab", *st.Worksheets["log"].Entries[0].Values["partner"].Text, "restored in its place")
	assert.Equal(t, "Sensor company", *st.Worksheets["log"].Entries[1].Values["partner"].Text)
	assert.NotNil(t, st.Worksheets["review"].For(id), "its review is back too")
}

// The workbook (w on the course map) lists the worksheets; an attached
// worksheet opened as an item leads to the one it is attached to.
func TestWorkbookCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, _ := runWS(t, file, lines("w", "1", "b", "b", "1", "3", "b", "b", "quit"))
	assert.Contains(t, out, "Workbook: your own records, kept with your progress. 1 worksheet:\n  1. Alliance log, in Logging: 0 alliances.")
	assert.Contains(t, out, "Worksheet: Alliance review. There is one review for each alliance of “Alliance log”: open an alliance below and type r and its number.")
}

// Notes on a lesson: n with no search, written line by line.
func TestLessonNotes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, store := runWS(t, file, lines("1", "1", "n", "Ask about the lab.", "Second line.", ".", "note", "", "q", "b", "quit"))
	assert.Contains(t, out, "No notes on “Why log” yet.")
	assert.Contains(t, out, "Notes saved.")
	assert.Contains(t, out, "Your notes on “Why log”:\nAsk about the lab.\nSecond line.\nEnd of your notes.")
	assert.Contains(t, out, "Notes kept as they were.")
	assert.Equal(t, "Ask about the lab.\nSecond line.", store.Snapshot().Notes["l"])
}

// quit in the middle of a long text leaves Ally and keeps the lines typed.
func TestWorksheetQuitInLongText(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, store := runWS(t, file, lines("1", "2", "a", "Food lab", "", "", "", "", "", "First line.", "quit", "never read"))
	assert.Contains(t, out, "quit leaves, keeping what you typed")
	assert.Contains(t, out, "Goodbye.")
	d := store.Snapshot().Drafts.Entries[progress.DraftKey("log", "", "")]
	require.NotNil(t, d)
	assert.Equal(t, "First line.", *d.Values["story"].Text)
}

// Entries and drafts come from the progress file, which may have been
// edited by hand: no escape sequence in them reaches the terminal.
func TestWorksheetEscapesFromTheProgressFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	c, err := content.Load(wsCourse)
	require.NoError(t, err)
	store, _, err := progress.Open(file, c)
	require.NoError(t, err)
	_, err = store.AddEntry("log", "", map[string]progress.Value{"partner": progress.TextValue("Food lab"), "story": progress.TextValue("Long story")})
	require.NoError(t, err)
	require.NoError(t, store.SaveEntryDraft("log", "", "", map[string]progress.Value{"partner": progress.TextValue("Draft lab")}))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	data = bytes.ReplaceAll(data, []byte("Food lab"), []byte(`Food\u001b[2J\u001b[?1049hlab`))
	data = bytes.ReplaceAll(data, []byte("Long story"), []byte(`Long\u001b]8;;x\u0007story`))
	data = bytes.ReplaceAll(data, []byte("Draft lab"), []byte(`Draft\u001b[Hlab`))
	require.NoError(t, os.WriteFile(file, data, 0o600))

	out, _ := runWS(t, file, lines("1", "2", "1", "g", "a", "", "stop", "b", "b", "quit")) // runWS asserts there is no ESC
	assert.Contains(t, out, "Alliance 1 of 1: Food[2J[?1049hlab")
	assert.Contains(t, out, "Now: Draft[Hlab.")
}

// help at a worksheet's prompt and at a field's lists what can be typed
// there, from the menus themselves.
func TestWorksheetHelp(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.json")
	out, _ := runWS(t, file, lines("1", "2", "help", "a", "help", "stop", "b", "b", "quit"))
	assert.Contains(t, out, "  2. Worksheet: Alliance log: not started, holds 0 alliances.")
	assert.Contains(t, out, "A number reads an entry, e and a number edits it, d deletes it, r writes its review, g prints the grid; help lists everything.")
	assert.Contains(t, out, "  sort by and a column, e.g. sort by outcome; add desc to reverse: the grid sorted by that column")
	assert.Contains(t, out, "  d and a number, or delete and a number: delete that entry (and its review); you are asked to confirm")
	assert.Contains(t, out, "  clear: empty this field")
	assert.Contains(t, out, "  stop: leave the entry; what you typed is kept as a draft for next time")
	assert.Contains(t, out, "Stopped; nothing was changed.")
}
