package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// worksheetCourse has an alliance log in m1, a review attached to it in m2
// and a module m3 that opens with two reviewed alliances.
func worksheetCourse(t testing.TB) *content.Course {
	files := map[string]string{
		"course.yaml":  "id: ws\ntitle: Worksheet course\nversion: '1'\nsummary: Logs.\nstages:\n  - {id: s, title: Only, summary: S.}\n",
		"m1/module.md": "---\nid: m1\ntitle: Logging\nstage: s\nsummary: Log your alliances.\n---\n",
		"m1/01-l.md":   "---\nid: l\ntitle: Why log\n---\nText to read.\n",
		"m1/02-log.md": "---\nid: log\ntitle: Alliance log\nkind: worksheet\noptional: true\nnoun: alliance\ncolumns: [partner, form, review.outcome]\nfields:\n" +
			"  - {id: partner, label: Partner, type: text, required: true, help: The partner's name.}\n" +
			"  - {id: form, label: Form, type: choice, options: [Licence, R&D, Joint venture]}\n" +
			"  - {id: kinds, label: Kinds, type: choices, options: [Upstream, Downstream]}\n" +
			"  - {id: people, label: People, type: number, min: 0}\n" +
			"  - {id: evaluated, label: Evaluated, type: yes/no}\n" +
			"  - {id: lessons, label: Lessons, type: long text}\n---\nOne entry per alliance.\n",
		"m2/module.md": "---\nid: m2\ntitle: Reviewing\nstage: s\nsummary: Review them.\n---\n",
		"m2/01-review.md": "---\nid: review\ntitle: Alliance review\nkind: worksheet\nfor: log\noptional: true\nnoun: review\nfields:\n" +
			"  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}\n" +
			"  - {id: notes, label: Notes, type: long text}\n---\n",
		"m3/module.md": "---\nid: m3\ntitle: Comparing\nstage: s\nsummary: Compare them.\nrequires:\n  recorded: {worksheet: log, min: 2, reviewed: review}\n---\n",
		"m3/01-x.md":   "---\nid: x\ntitle: The grid\n---\nText.\n",
	}
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := content.Load(fsys)
	require.NoError(t, err)
	return c
}

// logAlliance adds an alliance from the workbook (cursor anywhere in the
// log's section): a, the partner, the form by number, ctrl+s.
func logAlliance(d *driver, partner, form string) {
	d.t.Helper()
	d.keys("a")
	d.has("New alliance", "› Partner *")
	d.typeText(partner)
	d.keys("tab", form, "ctrl+s")
	d.has("Workbook", partner)
}

func entryNamed(t *testing.T, st *progress.State, partner string) string {
	for _, e := range st.Worksheets["log"].Entries {
		if *e.Values["partner"].Text == partner {
			return e.ID
		}
	}
	t.Fatalf("no entry %q", partner)
	return ""
}

// The acceptance path in the TUI: log three alliances, review two,
// see the grid sorted by outcome, watch m3 open, quit and find everything.
func TestWorkbookLogReviewGridUnlock(t *testing.T) {
	c := worksheetCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	d := openDriver(t, c, path, 100, 30, false)
	d.has("⊘ locked")
	d.keys("w")
	d.has("Workbook", "Alliance log", "0 alliances", "+ Add an alliance")
	d.golden("workbook-empty-100x30")

	logAlliance(d, "Food lab", "2")
	logAlliance(d, "Machine maker", "1")
	logAlliance(d, "Second lab", "3")
	st := d.state()
	require.Len(t, st.Worksheets["log"].Entries, 3)
	assert.Equal(t, "R&D", *st.Worksheets["log"].Entries[0].Values["form"].Text)
	d.has("3 alliances", "no review yet")

	// Review two: the cursor on an entry, r.
	review := func(name, outcome string) {
		d.t.Helper()
		require.True(t, d.m.top().(*workbook).list.selectKey("entry:log:"+entryNamed(t, d.state(), name)))
		d.keys("r")
		d.has("New review", "of “"+name+"”", "Outcome *")
		d.keys(outcome, "tab")
		d.typeText("Kept the monthly call.")
		d.keys("ctrl+s")
		d.has("Workbook")
	}
	review("Food lab", "3")
	d.has("✓ review")
	review("Machine maker", "1")
	st = d.state()
	assert.Len(t, st.Worksheets["review"].Entries, 2)
	assert.Contains(t, st.Unlocked, "m3", "two reviewed alliances open m3")
	d.golden("workbook-100x30")

	// The grid, sorted by outcome, best first; blanks last.
	d.keys("v")
	d.has("Alliance log — grid", "in the order you logged them")
	d.keys("right", "right", "s")
	d.has("sorted by Outcome, high to low")
	s := d.screen()
	require.Less(t, strings.Index(s, "Food lab"), strings.Index(s, "Machine maker"))
	require.Less(t, strings.Index(s, "Machine maker"), strings.Index(s, "Second lab"))
	d.golden("grid-100x30")
	d.keys("s")
	d.has("low to high")
	s = d.screen()
	require.Less(t, strings.Index(s, "Machine maker"), strings.Index(s, "Food lab"))

	// Quit, come back: everything is there, and m3 is open.
	d.keys("esc", "esc", "q")
	require.True(t, d.quit)
	d = openDriver(t, c, path, 100, 30, false)
	d.hasNot("⊘ locked")
	d.keys("w")
	d.has("Food lab", "Machine maker", "Second lab", "✓ review", "no review yet")
}

func TestEntryFormChecksRequiredAndValues(t *testing.T) {
	d := openDriver(t, worksheetCourse(t), filepath.Join(t.TempDir(), "p.json"), 80, 24, false)
	d.keys("w", "a", "ctrl+s")
	d.has("✗ Partner is required.")
	d.typeText("P")
	d.keys("tab", "tab", "tab")
	d.typeText("lots")
	d.keys("ctrl+s")
	d.has(`✗ People: "lots" is not a number.`)
	d.golden("entry-form-error-80x24")
	for range 4 {
		d.keys("backspace")
	}
	d.typeText("-3")
	d.keys("ctrl+s")
	d.has("People: -3 is outside at least 0.")
	assert.Nil(t, d.state().Worksheets["log"], "nothing invalid is saved")
}

// A draft is kept at every move between fields and on quitting, and comes
// back when the form is opened again.
func TestEntryDraftSurvivesAQuit(t *testing.T) {
	c := worksheetCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	d := openDriver(t, c, path, 80, 24, false)
	d.keys("w", "a")
	d.typeText("Food lab")
	d.keys("tab")
	dr := d.state().Drafts.Entries[progress.DraftKey("log", "", "")]
	require.NotNil(t, dr, "moving to the next field keeps a draft")
	assert.Equal(t, "Food lab", *dr.Values["partner"].Text)
	d.keys("3", "tab", "2", "tab")
	d.typeText("4")
	d.keys("ctrl+c") // quit at once: the open field is saved on the way out
	require.True(t, d.quit)
	dr = d.state().Drafts.Entries[progress.DraftKey("log", "", "")]
	require.NotNil(t, dr)
	assert.Equal(t, "Joint venture", *dr.Values["form"].Text)
	assert.Equal(t, []string{"Downstream"}, dr.Values["kinds"].List)
	assert.Equal(t, 4.0, *dr.Values["people"].Num)

	d = openDriver(t, c, path, 80, 24, false)
	d.keys("w")
	d.has("+ Add an alliance  unsaved draft")
	d.keys("a")
	d.has("Your unsaved draft is back", "Food lab", "(•) 3 Joint venture", "[x] Downstream")
	d.keys("ctrl+s")
	st := d.state()
	require.Len(t, st.Worksheets["log"].Entries, 1)
	assert.Empty(t, st.Drafts.Entries, "saving clears the draft")
}

func TestDeleteAskesAndUndoes(t *testing.T) {
	d := openDriver(t, worksheetCourse(t), filepath.Join(t.TempDir(), "p.json"), 80, 24, false)
	d.keys("w")
	logAlliance(d, "Food lab", "1")
	id := entryNamed(t, d.state(), "Food lab")
	require.True(t, d.m.top().(*workbook).list.selectKey("entry:log:"+id))
	d.keys("r", "2", "ctrl+s")
	require.NotNil(t, d.state().Worksheets["review"].For(id))

	require.True(t, d.m.top().(*workbook).list.selectKey("entry:log:"+id))
	d.keys("x")
	d.has("Delete “Food lab” and its review? Press y to delete")
	d.keys("n")
	d.has("Nothing deleted.")
	assert.Len(t, d.state().Worksheets["log"].Entries, 1)

	require.True(t, d.m.top().(*workbook).list.selectKey("entry:log:"+id))
	d.keys("x", "y")
	d.has("Deleted “Food lab”. Press u to undo.")
	assert.Empty(t, d.state().Worksheets["log"].Entries)
	assert.Empty(t, d.state().Worksheets["review"].Entries)
	d.keys("u")
	d.has("Restored.", "Food lab", "✓ review")
	st := d.state()
	require.NotNil(t, st.Worksheets["log"].Entry(id), "the same id comes back")
	require.NotNil(t, st.Worksheets["review"].For(id))
}

func TestWorksheetItemAndEditorAndNotes(t *testing.T) {
	c := worksheetCourse(t)
	d := openDriver(t, c, filepath.Join(t.TempDir(), "p.json"), 80, 24, false)
	// From the module: the item opens the workbook on its worksheet.
	d.send(navMsg{kind: navModule, id: "m1"})
	d.has("○ new", "worksheet · Alliance log")
	d.send(navMsg{id: "log"})
	d.has("Workbook", "+ Add an alliance")

	// Long text from $EDITOR comes back into the field (control characters
	// dropped), and is kept as a draft at once.
	d.keys("a")
	d.typeText("P")
	form := d.m.top().(*entryForm)
	for form.cur().f.ID != "lessons" {
		d.keys("tab")
	}
	d.send(editorDoneMsg{form: form, field: form.pos, text: "One.\r\nTwo\x1b[31m.\n"})
	assert.Equal(t, "One.\nTwo[31m.", form.cur().area.Value())
	dr := d.state().Drafts.Entries[progress.DraftKey("log", "", "")]
	require.NotNil(t, dr)
	assert.Equal(t, "One.\nTwo[31m.", *dr.Values["lessons"].Text)
	d.keys("ctrl+s")
	assert.Equal(t, "One.\nTwo[31m.", *d.state().Worksheets["log"].Entries[0].Values["lessons"].Text)
	d.keys("esc")
	d.has("✓ in use", "worksheet · Alliance log")

	// Notes on a lesson: n in the reader, esc saves.
	d.send(navMsg{id: "l"})
	d.keys("n")
	d.has("Notes on Why log")
	d.typeText("Try it on the lab deal.")
	d.keys("esc")
	assert.Equal(t, "Try it on the lab deal.", d.state().Notes["l"])
	d.keys("n")
	d.has("Try it on the lab deal.")
}

// In the built-in course the log waits for Stage 2; the workbook says what
// it needs, in full.
func TestWorkbookOfTheBuiltInCourse(t *testing.T) {
	d := newDriver(t, mustDefault(t), 80, 24)
	d.keys("w")
	d.has("Your alliance log", "⊘ “Alliance log: turning episodes into lessons” is locked.")
	d.golden("workbook-embedded-80x24")
	d.keys("a")
	d.has("is locked")
}

func TestEnterMovesOnExceptInLongText(t *testing.T) {
	d := openDriver(t, worksheetCourse(t), filepath.Join(t.TempDir(), "p.json"), 80, 24, false)
	d.keys("w", "a")
	d.typeText("P")
	d.keys("enter")
	form := d.m.top().(*entryForm)
	assert.Equal(t, "form", form.cur().f.ID)
	for form.cur().f.ID != "lessons" {
		d.keys("enter")
	}
	d.typeText("one")
	d.keys("enter")
	d.typeText("two")
	assert.Equal(t, "lessons", form.cur().f.ID)
	assert.Equal(t, "one\ntwo", form.cur().area.Value())
}
