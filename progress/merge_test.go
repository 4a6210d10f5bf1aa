package progress

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergeUnitesRecords(t *testing.T) {
	t1 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t1.Add(time.Duration(m) * time.Minute) }
	quiz := func(m int, score float64) QuizAttempt {
		return QuizAttempt{At: at(m), Answers: map[string][]int{"q": {int(score * 4)}}, Score: score, Passed: score >= 0.75}
	}
	dst := NewState("c", "1", at(0))
	dst.Updated = at(50)
	dst.Actor = "here"
	dst.Lessons["a"] = &LessonRecord{Opened: at(5), Completed: at(20), Scroll: 1}
	dst.Lessons["b"] = &LessonRecord{Opened: at(30), Scroll: 0.5}
	dst.Quizzes["q"] = &QuizRecord{Attempts: []QuizAttempt{quiz(10, 0.5), quiz(40, 1)}}
	dst.Last = &Place{Item: "b", Scroll: 0.5, At: at(50)}
	dst.Unlocked["m2"] = at(40)

	src := NewState("c", "1", at(-10))
	src.Updated = at(60)
	src.Actor = "there"
	src.Learner = "Ada"
	src.Lessons["a"] = &LessonRecord{Opened: at(1), Completed: at(25)}
	src.Lessons["b"] = &LessonRecord{Opened: at(31), Completed: at(35), Scroll: 1}
	src.Lessons["c"] = &LessonRecord{Opened: at(55)}
	src.Quizzes["q"] = &QuizRecord{Attempts: []QuizAttempt{quiz(10, 0.5), quiz(15, 0.75)}}
	src.Assessments["s"] = &AssessmentRecord{Attempts: []AssessmentAttempt{{At: at(12), Placement: "p"}}}
	src.Last = &Place{Item: "c", At: at(55)}
	src.Unlocked["m2"] = at(36)
	src.Previews["m3"] = at(2)
	src.Drafts.Quizzes["q2"] = map[string][]int{"x": {1}}
	src.normalize()

	ms := Merge(dst, src, nil)
	assert.Equal(t, MergeStats{Lessons: 1, Completions: 1, QuizAttempts: 1, AssessmentAttempts: 1, Other: 4}, ms)
	assert.Equal(t, at(-10), dst.Created, "the earliest creation")
	assert.Equal(t, "here", dst.Actor, "this machine's actor stays")
	assert.Equal(t, "Ada", dst.Learner)
	assert.Equal(t, &LessonRecord{Opened: at(1), Completed: at(20), Scroll: 1}, dst.Lessons["a"], "earliest opened and completed")
	assert.Equal(t, &LessonRecord{Opened: at(30), Completed: at(35), Scroll: 1}, dst.Lessons["b"], "completed on the other machine; newer scroll")
	assert.Equal(t, &LessonRecord{Opened: at(55)}, dst.Lessons["c"])
	var times []time.Time
	for _, a := range dst.Quizzes["q"].Attempts {
		times = append(times, a.At)
	}
	assert.Equal(t, []time.Time{at(10), at(15), at(40)}, times, "united, the shared one once, by time")
	assert.Equal(t, "c", dst.Last.Item, "the more recent place")
	assert.Equal(t, at(36), dst.Unlocked["m2"])
	assert.Equal(t, at(2), dst.Previews["m3"])
	assert.Equal(t, map[string][]int{"x": {1}}, dst.Drafts.Quizzes["q2"])

	// Merging the same again adds nothing.
	assert.Equal(t, 0, Merge(dst, src, nil).Added())
}

func TestImportKeepsABackup(t *testing.T) {
	c := sampleCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	s, _, err := Open(path, c)
	require.NoError(t, err)
	first := c.Modules[0].Items[0].ID
	require.NoError(t, s.CompleteLesson(first))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	other := filepath.Join(t.TempDir(), "other.json")
	o, _, err := Open(other, c)
	require.NoError(t, err)
	require.NoError(t, o.SetLearner("Ada"))
	require.NoError(t, o.CompleteLesson(first))
	data, err := os.ReadFile(other)
	require.NoError(t, err)
	src, err := Parse(data)
	require.NoError(t, err)

	backup, stats, err := s.Import(src)
	require.NoError(t, err)
	assert.Equal(t, 1, stats.Other, "the name")
	saved, err := os.ReadFile(backup)
	require.NoError(t, err)
	assert.Equal(t, before, saved, "the file as it was")
	assert.Equal(t, "Ada", s.Snapshot().Learner)

	backup, stats, err = s.Import(src)
	require.NoError(t, err)
	assert.Equal(t, "", backup, "nothing new: nothing written")
	assert.Equal(t, 0, stats.Added())

	src.Course.ID = "another"
	_, _, err = s.Import(src)
	var mm *CourseMismatchError
	require.ErrorAs(t, err, &mm)
}

// Worksheet entries, their drafts and lesson notes are merged too: an
// entry in both files is kept once, its newer edit winning; an entry made
// on each machine under the same id is kept twice, the imported one
// renumbered (and what is attached to it, and its draft, follow); notes
// differing are resolved by time. Importing again adds nothing.
func TestMergeUnitesWorksheetEntriesDraftsAndNotes(t *testing.T) {
	t1 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t1.Add(time.Duration(m) * time.Minute) }
	entry := func(id, forID string, created, updated int, partner string) Entry {
		return Entry{ID: id, For: forID, Created: at(created), Updated: at(updated), Values: map[string]Value{"partner": TextValue(partner)}}
	}
	// The learner copied the file to a second laptop after logging e1,
	// then carried on on both.
	dst := NewState("c", "1", at(0))
	dst.Updated = at(50)
	dst.Worksheets["alliances"] = &WorksheetRecord{Next: 2, Entries: []Entry{
		entry("e1", "", 1, 2, "Acme"), entry("e2", "", 30, 30, "Here Ltd")}}
	dst.Worksheets["alliance-review"] = &WorksheetRecord{Next: 1, Entries: []Entry{entry("e1", "e1", 35, 35, "good")}}
	dst.Notes["l1"] = "mine"
	dst.Notes["l3"] = "same"
	dst.Drafts.Entries[DraftKey("alliances", "e1", "")] = &EntryDraft{Worksheet: "alliances", Entry: "e1", Updated: at(48),
		Values: map[string]Value{"partner": TextValue("Acme Corp (typing)")}}

	src := NewState("c", "1", at(0))
	src.Updated = at(60)
	src.Worksheets["alliances"] = &WorksheetRecord{Next: 2, Entries: []Entry{
		entry("e1", "", 1, 40, "Acme Inc"),    // edited there, later
		entry("e2", "", 20, 20, "There plc")}} // another alliance under the same id
	src.Worksheets["alliance-review"] = &WorksheetRecord{Next: 1, Entries: []Entry{entry("e1", "e2", 25, 25, "meh")}}
	src.Notes["l1"] = "theirs"
	src.Notes["l2"] = "new"
	src.Notes["l3"] = "same"
	src.Drafts.Entries[DraftKey("alliances", "e2", "")] = &EntryDraft{Worksheet: "alliances", Entry: "e2", Updated: at(55),
		Values: map[string]Value{"partner": TextValue("There plc (typing)")}}
	src.Drafts.Entries[DraftKey("alliances", "e1", "")] = &EntryDraft{Worksheet: "alliances", Entry: "e1", Updated: at(45),
		Values: map[string]Value{"partner": TextValue("older typing")}}
	src.normalize()
	parents := map[string]string{"alliance-review": "alliances"}

	ms := Merge(dst, src, func(ws string) string { return parents[ws] })
	assert.Equal(t, 2, ms.Entries, "There plc and its review")

	al := dst.Worksheets["alliances"]
	assert.Equal(t, []Entry{entry("e1", "", 1, 40, "Acme Inc"), entry("e3", "", 20, 20, "There plc"), entry("e2", "", 30, 30, "Here Ltd")},
		al.Entries, "united, oldest first; the newer edit of e1 wins; There plc renumbered")
	assert.Equal(t, 3, al.Next, "ids are never reused")
	assert.Equal(t, []Entry{entry("e2", "e3", 25, 25, "meh"), entry("e1", "e1", 35, 35, "good")}, dst.Worksheets["alliance-review"].Entries,
		"the review follows its alliance; review e1 here and e1 there are two reviews")
	assert.Equal(t, 2, dst.Worksheets["alliance-review"].Next)
	assert.Equal(t, map[string]string{"l1": "theirs", "l2": "new", "l3": "same"}, dst.Notes, "the newer file's note wins")
	require.Contains(t, dst.Drafts.Entries, "alliances/e3", "the draft follows its renumbered entry")
	assert.Equal(t, "e3", dst.Drafts.Entries["alliances/e3"].Entry)
	assert.Equal(t, "There plc (typing)", *dst.Drafts.Entries["alliances/e3"].Values["partner"].Text)
	assert.Equal(t, "Acme Corp (typing)", *dst.Drafts.Entries["alliances/e1"].Values["partner"].Text, "the newer draft wins")
	assert.Len(t, dst.Drafts.Entries, 2)

	again := Merge(dst, src, func(ws string) string { return parents[ws] })
	assert.Equal(t, 0, again.Added(), "importing the same file again adds nothing")
	assert.Len(t, dst.Worksheets["alliances"].Entries, 3)

	// An older file's edits and notes lose to this machine's newer ones.
	old := NewState("c", "1", at(0))
	old.Updated = at(10)
	old.Worksheets["alliances"] = &WorksheetRecord{Next: 1, Entries: []Entry{entry("e1", "", 1, 5, "Acme (old)")}}
	old.Notes["l1"] = "old"
	old.normalize()
	n := Merge(dst, old, nil)
	assert.Equal(t, 0, n.Added())
	assert.Equal(t, "Acme Inc", *dst.Worksheets["alliances"].Entry("e1").Values["partner"].Text)
	assert.Equal(t, "theirs", dst.Notes["l1"])
}
