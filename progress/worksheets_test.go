package progress

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// worksheetFS is a course with an alliance log in m1, a review attached to
// it in m2 and a module m3 that opens with two evaluated, reviewed
// alliances.
func worksheetFS() fstest.MapFS {
	files := map[string]string{
		"course.yaml":  "id: ws\ntitle: WS\nversion: '1'\nsummary: Worksheets.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m1/module.md": "---\nid: m1\ntitle: M1\nstage: s\nsummary: M.\n---\n",
		"m1/01-l.md":   "---\nid: l\ntitle: L\n---\nText.\n",
		"m1/02-log.md": `---
id: log
title: Alliance log
kind: worksheet
noun: alliance
columns: [partner, review.outcome]
fields:
  - {id: partner, label: Partner, type: text, required: true}
  - {id: form, label: Form, type: choice, options: [Licence, Joint venture]}
  - {id: kinds, label: Kinds, type: choices, options: [Upstream, Horizontal, Downstream]}
  - {id: signed, label: Signed, type: date}
  - {id: people, label: People, type: number, min: 0, max: 100}
  - {id: evaluated, label: Evaluated, type: yes/no}
  - {id: lessons, label: Lessons, type: long text}
---
`,
		"m2/module.md": "---\nid: m2\ntitle: M2\nstage: s\nsummary: M.\n---\n",
		"m2/01-review.md": `---
id: review
title: Alliance review
kind: worksheet
for: log
noun: review
fields:
  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}
  - {id: notes, label: Notes, type: long text}
---
`,
		"m3/module.md": "---\nid: m3\ntitle: M3\nstage: s\nsummary: M.\nrequires:\n  recorded: {worksheet: log, min: 2, where: {evaluated: yes}, reviewed: review}\n---\n",
		"m3/01-x.md":   "---\nid: x\ntitle: X\n---\nText.\n",
	}
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func worksheetCourse(t testing.TB) *content.Course {
	t.Helper()
	c, err := content.Load(worksheetFS())
	require.NoError(t, err)
	return c
}

func TestEntriesAddEditDeleteUndo(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	a, err := s.AddEntry("log", "", map[string]Value{
		"partner": TextValue("Food lab"), "form": TextValue("Licence"),
		"kinds":  ListValue([]string{"Downstream", "Upstream"}),
		"signed": TextValue("2024-05-01"), "people": NumValue(12), "evaluated": BoolValue(true),
		"lessons": TextValue("Agree rights early.\nMilestones in the contract."),
	})
	require.NoError(t, err)
	assert.Equal(t, "e1", a)
	b, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("Machine maker")})
	require.NoError(t, err)
	assert.Equal(t, "e2", b)
	_, err = s.AddEntry("review", a, map[string]Value{"outcome": NumValue(3)})
	require.NoError(t, err)

	st := readState(t, s.Path())
	e := st.Worksheets["log"].Entry(a)
	require.NotNil(t, e)
	assert.Equal(t, []string{"Upstream", "Downstream"}, e.Values["kinds"].List, "choices keep the author's order")
	assert.Equal(t, "Agree rights early.\nMilestones in the contract.", *e.Values["lessons"].Text)
	assert.Equal(t, a, st.Worksheets["review"].Entries[0].For)
	assert.Equal(t, "3 (Good)", st.Worksheets["review"].Entries[0].Values["outcome"].Format(c.Worksheet("review").Worksheet.Field("outcome")))

	// Edit.
	must(t, s.UpdateEntry("log", b, map[string]Value{"partner": TextValue("Machine maker GmbH"), "evaluated": BoolValue(false)}))
	assert.Equal(t, "Machine maker GmbH", *readState(t, s.Path()).Worksheets["log"].Entry(b).Values["partner"].Text)

	// Delete takes the review with it; undo brings both back, same ids.
	d, err := s.DeleteEntry("log", a)
	require.NoError(t, err)
	st = readState(t, s.Path())
	assert.Nil(t, st.Worksheets["log"].Entry(a))
	assert.Empty(t, st.Worksheets["review"].Entries)
	must(t, s.RestoreEntry(d))
	st = readState(t, s.Path())
	require.NotNil(t, st.Worksheets["log"].Entry(a))
	assert.Equal(t, []string{"e1", "e2"}, []string{st.Worksheets["log"].Entries[0].ID, st.Worksheets["log"].Entries[1].ID})
	require.NotNil(t, st.Worksheets["review"].For(a))

	// Ids are never reused, even after a delete.
	_, err = s.DeleteEntry("log", b)
	require.NoError(t, err)
	cID, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("Third")})
	require.NoError(t, err)
	assert.Equal(t, "e3", cID)
}

func TestEntryChecks(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	id, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("P")})
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		ws, parent string
		vals       map[string]Value
		want       string
	}{
		"required missing":      {"log", "", map[string]Value{"form": TextValue("Licence")}, "“Alliance log” needs Partner before it can be saved"},
		"required blank":        {"log", "", map[string]Value{"partner": TextValue("  ")}, "needs Partner"},
		"unknown field":         {"log", "", map[string]Value{"partner": TextValue("P"), "colour": TextValue("red")}, `has no field "colour"`},
		"not an option":         {"log", "", map[string]Value{"partner": TextValue("P"), "form": TextValue("Merger")}, "pick one of Licence, Joint venture"},
		"choices twice":         {"log", "", map[string]Value{"partner": TextValue("P"), "kinds": ListValue([]string{"Upstream", "Upstream"})}, "picked twice"},
		"bad date":              {"log", "", map[string]Value{"partner": TextValue("P"), "signed": TextValue("31/3/2025")}, "write it as YYYY-MM-DD"},
		"number out of range":   {"log", "", map[string]Value{"partner": TextValue("P"), "people": NumValue(101)}, "101 is outside 0 … 100"},
		"number as text":        {"log", "", map[string]Value{"partner": TextValue("P"), "people": TextValue("12")}, "expects a number"},
		"yes/no as text":        {"log", "", map[string]Value{"partner": TextValue("P"), "evaluated": TextValue("yes")}, "expects yes or no"},
		"control character":     {"log", "", map[string]Value{"partner": TextValue("P\x1b[31m")}, "control characters"},
		"too long":              {"log", "", map[string]Value{"partner": TextValue(string(make([]rune, MaxText+1)))}, "too long"},
		"scale off the end":     {"review", id, map[string]Value{"outcome": NumValue(4)}, "from 1 to 3"},
		"review without parent": {"review", "", map[string]Value{"outcome": NumValue(1)}, "is about an entry of “Alliance log”"},
		"review of nothing":     {"review", "e9", map[string]Value{"outcome": NumValue(1)}, `has no entry "e9"`},
		"log with a parent":     {"log", id, map[string]Value{"partner": TextValue("P")}, "is not attached"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.AddEntry(tc.ws, tc.parent, tc.vals)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err = s.AddEntry("review", id, map[string]Value{"outcome": NumValue(1)})
	require.NoError(t, err)
	_, err = s.AddEntry("review", id, map[string]Value{"outcome": NumValue(2)})
	require.ErrorContains(t, err, "already has a “Alliance review”")
	var miss *MissingError
	_, err = s.AddEntry("log", "", nil)
	require.ErrorAs(t, err, &miss)
	assert.Equal(t, []string{"Partner"}, miss.Fields)
	_, err = s.AddEntry("l", "", nil)
	require.ErrorIs(t, err, ErrUnknownID)
	assert.Len(t, readState(t, s.Path()).Worksheets["log"].Entries, 1, "nothing refused was written")
}

func TestRecordedUnlocks(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	m3 := func() *ModuleState { return s.Overview().Module("m3") }
	assert.Equal(t, StatusLocked, m3().Status)
	assert.Equal(t, []string{"Log at least 2 alliances in “Alliance log” with “Evaluated” yes and a finished review (0 so far)"}, m3().Unmet)

	ids := make([]string, 3)
	for i, ev := range []bool{true, true, false} {
		var err error
		ids[i], err = s.AddEntry("log", "", map[string]Value{"partner": TextValue(fmt.Sprint("P", i)), "evaluated": BoolValue(ev)})
		require.NoError(t, err)
	}
	assert.Equal(t, ItemDone, s.Overview().Item("log").Status, "a log with an entry is done")
	_, err := s.AddEntry("review", ids[0], map[string]Value{"outcome": NumValue(3)})
	require.NoError(t, err)
	_, err = s.AddEntry("review", ids[2], map[string]Value{"outcome": NumValue(1)}) // not evaluated: does not count
	require.NoError(t, err)
	assert.Equal(t, StatusLocked, m3().Status)
	assert.Equal(t, []string{"Log at least 2 alliances in “Alliance log” with “Evaluated” yes and a finished review (1 so far)"}, m3().Unmet)
	_, err = s.AddEntry("review", ids[1], map[string]Value{"outcome": NumValue(2)})
	require.NoError(t, err)
	assert.Equal(t, StatusOpen, m3().Status)
	assert.Contains(t, readState(t, s.Path()).Unlocked, "m3", "unlocking sticks")
}

func TestEntryDraftsAndNotes(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	// A half-typed date is kept in the draft as text; blank required fields too.
	must(t, s.SaveEntryDraft("log", "", "", map[string]Value{"form": TextValue("Licence"), "signed": TextValue("2024-0")}))
	s2 := openAt(t, s.Path(), c)
	d := s2.Snapshot().Drafts.Entries[DraftKey("log", "", "")]
	require.NotNil(t, d)
	assert.Equal(t, "2024-0", *d.Values["signed"].Text)
	assert.Equal(t, ItemStarted, s2.Overview().Item("log").Status)
	require.ErrorContains(t, s.SaveEntryDraft("log", "", "", map[string]Value{"lessons": TextValue("\x1b]0;x\x07")}), "control")

	_, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("P"), "signed": TextValue("2024-01-02")})
	require.NoError(t, err)
	assert.Empty(t, readState(t, s.Path()).Drafts.Entries, "saving the entry clears its draft")

	must(t, s.SetNote("l", "Try it on the lab deal.\n"))
	assert.Equal(t, "Try it on the lab deal.\n", readState(t, s.Path()).Notes["l"])
	must(t, s.SetNote("l", ""))
	assert.NotContains(t, readState(t, s.Path()).Notes, "l")
	require.ErrorIs(t, s.SetNote("log", "x"), ErrUnknownID)
}

func TestValueJSON(t *testing.T) {
	vals := map[string]Value{"t": TextValue("a"), "n": NumValue(2.5), "b": BoolValue(false), "l": ListValue(nil)}
	data, err := json.Marshal(vals)
	require.NoError(t, err)
	assert.JSONEq(t, `{"t": "a", "n": 2.5, "b": false, "l": []}`, string(data))
	var back map[string]Value
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, vals, back)
	require.Error(t, json.Unmarshal([]byte(`{"x": {"a": 1}}`), &back))
}

// A schema 1 file (from the Ally before worksheets) is upgraded with a
// backup, keeps every record, and can take entries.
func TestSchema1IsMigrated(t *testing.T) {
	c := worksheetCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	v1 := `{"schema": 1, "course": {"id": "ws", "version": "1"}, "created": "2025-01-01T10:00:00Z", "updated": "2025-01-01T10:05:00Z",
  "lessons": {"l": {"opened": "2025-01-01T10:00:00Z", "completed": "2025-01-01T10:05:00Z"}},
  "quizzes": {}, "assessments": {}, "previews": {}, "unlocked": {"m1": "2025-01-01T10:00:00Z"},
  "drafts": {"quizzes": {}, "assessments": {}}}`
	require.NoError(t, os.WriteFile(path, []byte(v1), 0o600))
	s, notices, err := open(path, c, currentSchema, fakeClock())
	require.NoError(t, err)
	require.Len(t, notices, 1)
	assert.Equal(t, NoticeMigrated, notices[0].Kind)
	assert.Contains(t, notices[0].String(), "schema 1 to 2")
	backup, err := os.ReadFile(notices[0].Moved)
	require.NoError(t, err)
	assert.Equal(t, v1, string(backup))
	var doc map[string]any
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, 2.0, doc["schema"])
	assert.Equal(t, map[string]any{}, doc["worksheets"])
	assert.Equal(t, map[string]any{}, doc["notes"])
	assert.Equal(t, map[string]any{}, doc["drafts"].(map[string]any)["entries"])
	assert.True(t, s.Snapshot().Lessons["l"].Done())
	_, err = s.AddEntry("log", "", map[string]Value{"partner": TextValue("P")})
	require.NoError(t, err)

	// A schema 1 file whose drafts are not an object cannot be upgraded:
	// it is moved aside like any unreadable file.
	bad := map[string]any{"drafts": "x"}
	require.Error(t, schema1to2(bad))
}

// Two processes logging alliances into one file at once lose nothing.
func TestTwoProcessesLogEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	a := startChild(t, "entry-writer", path, "a")
	b := startChild(t, "entry-writer", path, "b")
	require.NoError(t, a.Wait())
	require.NoError(t, b.Wait())
	st := readState(t, path)
	seen := map[string]bool{}
	ids := map[string]bool{}
	for _, e := range st.Worksheets["log"].Entries {
		seen[*e.Values["partner"].Text] = true
		require.False(t, ids[e.ID], "id %s given twice", e.ID)
		ids[e.ID] = true
	}
	for _, tag := range []string{"a", "b"} {
		for i := range childRecords {
			assert.True(t, seen[fmt.Sprint(tag, "-", i)], "%s-%d lost", tag, i)
		}
	}
}

// A child logging alliances is killed at random moments: the file always
// holds whole entries numbered 1…n, every review belongs to one of them
// (at most one alliance per kill lacks its review), and there are never
// fewer than before.
func TestEntriesSurviveSIGKILL(t *testing.T) {
	const kills = 40
	path := filepath.Join(t.TempDir(), "p.json")
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	last := 0
	for i := range kills {
		cmd := startChild(t, "entries", path, "")
		time.Sleep(time.Duration(r.Int64N(int64(8 * time.Millisecond))))
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		st := readState(t, path)
		log := st.Worksheets["log"].entriesOf()
		unreviewed := 0
		for k, e := range log {
			require.Equal(t, strconv.Itoa(k+1), *e.Values["partner"].Text, "kill %d", i)
			require.Equal(t, "e"+strconv.Itoa(k+1), e.ID, "kill %d", i)
			if st.Worksheets["review"].For(e.ID) == nil {
				unreviewed++
			}
		}
		for _, rv := range st.Worksheets["review"].entriesOf() {
			require.NotNil(t, st.Worksheets["log"].Entry(rv.For), "kill %d: a review of no alliance", i)
		}
		require.LessOrEqual(t, unreviewed, i+1, "kill %d", i)
		require.Greater(t, len(log), last, "kill %d: a finished save was lost", i)
		last = len(log)
	}
}

// Entries are kept by a module reset (they are the learner's own records,
// not course progress) and removed, with a backup, by a full reset.
func TestResetsAndEntries(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	_, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("P")})
	require.NoError(t, err)
	must(t, s.CompleteLesson("l"))
	_, err = s.ResetModule("m1")
	require.NoError(t, err)
	assert.Len(t, readState(t, s.Path()).Worksheets["log"].Entries, 1)
	backup, err := s.ResetAll()
	require.NoError(t, err)
	assert.Empty(t, readState(t, s.Path()).Worksheets)
	assert.Len(t, readState(t, backup).Worksheets["log"].Entries, 1)
}

func TestNextStepNamesAWorksheet(t *testing.T) {
	c := loadCourse(t, map[string]string{
		"course.yaml":  "id: one\ntitle: One\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m/module.md":  "---\nid: m\ntitle: Planning\nstage: s\nsummary: M.\n---\n",
		"m/01-plan.md": "---\nid: plan\ntitle: Your plan\nkind: worksheet\nentries: one\nfields: [{id: goal, label: Goal, type: text}]\n---\n",
	})
	o := Evaluate(c, nil)
	assert.Equal(t, "Fill in the worksheet “Your plan” in “Planning”", o.Next.String())
}

func TestGridSortsByColumn(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	var ids []string
	for _, p := range []string{"b-lab", "A-maker", "c-uni", "d-none"} {
		id, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue(p)})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	for i, o := range []float64{2, 3, 1} { // d-none has no review
		_, err := s.AddEntry("review", ids[i], map[string]Value{"outcome": NumValue(o)})
		require.NoError(t, err)
	}
	g := NewGrid(c, s.Snapshot(), c.Worksheet("log"))
	assert.Equal(t, []string{"Partner", "Outcome"}, g.Header())
	names := func() []string {
		var out []string
		for r := range g.Rows {
			out = append(out, g.Cell(r, 0)+"="+g.Cell(r, 1))
		}
		return out
	}
	g.SortBy(1, true)
	assert.Equal(t, []string{"A-maker=3 (Good)", "b-lab=2 (Fair)", "c-uni=1 (Poor)", "d-none="}, names(), "best outcome first, blanks last")
	g.SortBy(1, false)
	assert.Equal(t, []string{"c-uni=1 (Poor)", "b-lab=2 (Fair)", "A-maker=3 (Good)", "d-none="}, names())
	g.SortBy(0, false)
	assert.Equal(t, []string{"A-maker=3 (Good)", "b-lab=2 (Fair)", "c-uni=1 (Poor)", "d-none="}, names(), "text ignores case")
}

// Two courses sharing an id share a file: a course of another title whose
// ids match nothing in the file is refused, so it cannot reset the real
// course's records; a renamed course (same ids) is accepted.
func TestCourseIdentity(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	_, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("P")})
	require.NoError(t, err)
	assert.Equal(t, "WS", readState(t, s.Path()).Course.Title)

	impostor := loadCourse(t, map[string]string{
		"course.yaml": "id: ws\ntitle: Free prizes\nversion: '1'\nsummary: S.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m/module.md": "---\nid: other\ntitle: O\nstage: s\nsummary: M.\n---\n",
		"m/01-l.md":   "---\nid: other-l\ntitle: L\n---\nText.\n",
	})
	before, _ := os.ReadFile(s.Path())
	_, _, err = Open(s.Path(), impostor)
	var me *CourseMismatchError
	require.ErrorAs(t, err, &me)
	assert.Contains(t, err.Error(), `“WS”`)
	after, _ := os.ReadFile(s.Path())
	assert.Equal(t, before, after)

	fsys := worksheetFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(string(fsys["course.yaml"].Data), "title: WS", "title: WS, second edition", 1))
	renamed, err := content.Load(fsys)
	require.NoError(t, err)
	s2, _, err := Open(s.Path(), renamed)
	require.NoError(t, err)
	must(t, s2.SetLearner("x"))
	assert.Equal(t, "WS, second edition", readState(t, s.Path()).Course.Title)
}

// Renaming a worksheet or one of its fields (course.yaml `renamed:`)
// carries the learner's entries, drafts and notes along.
func TestRenameCarriesEntries(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	_, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue("P")})
	require.NoError(t, err)
	must(t, s.SaveEntryDraft("log", "", "", map[string]Value{"partner": TextValue("Q")}))
	must(t, s.SetNote("l", "note"))
	st := s.Snapshot()
	n, err := Rename(st, "log/partner", "log/who")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	n, err = Rename(st, "log", "alliances")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	_, err = Rename(st, "l", "lesson")
	require.NoError(t, err)
	assert.Equal(t, "P", *st.Worksheets["alliances"].Entries[0].Values["who"].Text)
	d := st.Drafts.Entries[DraftKey("alliances", "", "")]
	require.NotNil(t, d)
	assert.Equal(t, "alliances", d.Worksheet)
	assert.Equal(t, "Q", *d.Values["who"].Text)
	assert.Equal(t, "note", st.Notes["lesson"])
}

// loggedState is a learner with 200 alliances, each with a 1,000-character
// lesson text and a review: a file far larger than a founder's log.
func loggedState(tb testing.TB, c *content.Course) *Store {
	s := openTest(tb, c)
	long := strings.Repeat("Agree rights early. ", 50)
	st := s.Snapshot()
	st.Worksheets["log"] = &WorksheetRecord{}
	st.Worksheets["review"] = &WorksheetRecord{}
	for i := range 200 {
		id := "e" + strconv.Itoa(i+1)
		st.Worksheets["log"].Entries = append(st.Worksheets["log"].Entries, Entry{ID: id, Created: epoch, Updated: epoch,
			Values: map[string]Value{"partner": TextValue("Partner " + id), "evaluated": BoolValue(true), "lessons": TextValue(long)}})
		st.Worksheets["review"].Entries = append(st.Worksheets["review"].Entries, Entry{ID: id, For: id, Created: epoch, Updated: epoch,
			Values: map[string]Value{"outcome": NumValue(float64(i%3 + 1))}})
	}
	st.Worksheets["log"].Next, st.Worksheets["review"].Next = 200, 200
	require.NoError(tb, s.apply(func(cur *State) error { *cur = *st; return nil }))
	return s
}

// BenchmarkAddEntry: logging one alliance into a 200-alliance log (lock,
// re-read, check, encode, fsync, rename).
func BenchmarkAddEntry(b *testing.B) {
	c := worksheetCourse(b)
	s := loggedState(b, c)
	fi, _ := os.Stat(s.Path())
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue(fmt.Sprint("P", i))}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fi.Size())/1024, "file-KB")
}

// BenchmarkOpenLogged: opening that file (read, decode, evaluate).
func BenchmarkOpenLogged(b *testing.B) {
	c := worksheetCourse(b)
	path := loggedState(b, c).Path()
	b.ResetTimer()
	for range b.N {
		s, _, err := Open(path, c)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Overview()
	}
}

// BenchmarkGrid: the grid of 200 alliances with their reviews, sorted.
func BenchmarkGrid(b *testing.B) {
	c := worksheetCourse(b)
	st := loggedState(b, c).Snapshot()
	it := c.Worksheet("log")
	b.ResetTimer()
	for range b.N {
		g := NewGrid(c, st, it)
		g.SortBy(1, true)
	}
}
