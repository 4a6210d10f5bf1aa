package progress

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// files lists the names in dir.
func files(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestUnreadableFilesAreMovedAside(t *testing.T) {
	valid, err := encode(NewState("clear-bug-reports", "1.0.0", epoch))
	require.NoError(t, err)
	tests := []struct {
		name   string
		data   string
		reason string
	}{
		{"garbage", "this is not json", "not valid JSON"},
		{"truncated", string(valid[:len(valid)/2]), "not valid JSON"},
		{"empty", "", "empty"},
		{"only whitespace", " \n\t\n", "empty"},
		{"null", "null", `no "schema"`},
		{"an array", "[1, 2]", "not valid JSON"},
		{"no schema", `{"course": {"id": "clear-bug-reports"}}`, `no "schema"`},
		{"schema zero", `{"schema": 0}`, "schema version 0 is not valid"},
		{"schema as text", `{"schema": "1"}`, "not valid JSON"},
		{"records of the wrong shape", `{"schema": 1, "course": {"id": "clear-bug-reports"}, "lessons": 5}`, "expected shape"},
		{"no course", `{"schema": 1}`, "no course id"},
		{"binary", "\x00\xff\xfe{", "not valid JSON"},
	}
	c := sampleCourse(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "p.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.data), 0o600))

			s, notices, err := open(path, c, currentSchema, fakeClock())
			require.NoError(t, err)
			require.Len(t, notices, 1)
			n := notices[0]
			assert.Equal(t, NoticeCorrupt, n.Kind)
			assert.Equal(t, s.Path(), n.Path)
			assert.Equal(t, filepath.Join(dir, "p.json.corrupt-20250301T090001Z"), n.Moved)
			assert.Contains(t, n.Reason, tt.reason)
			msg := n.String()
			assert.Contains(t, msg, n.Path)
			assert.Contains(t, msg, n.Moved)

			moved, err := os.ReadFile(n.Moved)
			require.NoError(t, err)
			assert.Equal(t, tt.data, string(moved), "the unreadable file is kept byte for byte")
			_, err = os.Stat(path)
			assert.ErrorIs(t, err, fs.ErrNotExist, "nothing new is written before the learner is told")
			assert.Empty(t, s.Snapshot().Lessons)

			must(t, s.CompleteLesson("what-for"))
			assert.True(t, readState(t, path).Lessons["what-for"].Done())
			moved2, _ := os.ReadFile(n.Moved)
			assert.Equal(t, moved, moved2)
		})
	}
}

func TestCorruptNamesNeverCollide(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	same := func() time.Time { return epoch }
	var moved []string
	for i := range 3 {
		require.NoError(t, os.WriteFile(path, []byte(fmt.Sprint("broken ", i)), 0o600))
		_, notices, err := open(path, c, currentSchema, same)
		require.NoError(t, err)
		moved = append(moved, notices[0].Moved)
	}
	assert.Equal(t, []string{
		filepath.Join(dir, "p.json.corrupt-20250301T090000Z"),
		filepath.Join(dir, "p.json.corrupt-20250301T090000Z-2"),
		filepath.Join(dir, "p.json.corrupt-20250301T090000Z-3"),
	}, moved)
	for i, m := range moved {
		data, err := os.ReadFile(m)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprint("broken ", i), string(data))
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	newer := `{"schema": 3, "course": {"id": "clear-bug-reports"}, "something": "new"}`
	require.NoError(t, os.WriteFile(path, []byte(newer), 0o600))

	_, _, err := Open(path, c)
	var se *SchemaError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 3, se.Found)
	assert.Equal(t, 2, se.Supported)
	assert.Contains(t, err.Error(), "newer version of Ally")
	assert.Contains(t, err.Error(), path)
	data, _ := os.ReadFile(path)
	assert.Equal(t, newer, string(data))
	assert.Equal(t, []string{"p.json"}, files(t, dir), "no backup, no lock file, nothing")

	// A newer Ally writing the file while this one runs: refused too.
	path2 := filepath.Join(dir, "q.json")
	s := openAt(t, path2, c)
	must(t, s.CompleteLesson("what-for"))
	require.NoError(t, os.WriteFile(path2, []byte(strings.Replace(newer, `"schema": 3`, `"schema": 7`, 1)), 0o600))
	err = s.CompleteLesson("anatomy")
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 7, se.Found)
	data, _ = os.ReadFile(path2)
	assert.Contains(t, string(data), `"schema": 7`, "never downgraded")
}

// testSchema2 is a pretend next version: schema 1 had the learner's name
// under "name"; schema 2 calls it "learner".
var testSchema2 = schema{version: 2, up: map[int]migration{
	1: func(doc map[string]any) error {
		if name, ok := doc["name"]; ok {
			doc["learner"] = name
			delete(doc, "name")
		}
		return nil
	},
}}

func TestOlderSchemaIsMigratedWithBackup(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	v1 := `{"schema": 1, "course": {"id": "clear-bug-reports", "version": "0.9"}, "name": "Ada",
  "lessons": {"what-for": {"opened": "2025-01-01T10:00:00Z", "completed": "2025-01-01T10:05:00Z"}}}`
	require.NoError(t, os.WriteFile(path, []byte(v1), 0o600))

	s, notices, err := open(path, c, testSchema2, fakeClock())
	require.NoError(t, err)
	require.Len(t, notices, 1)
	n := notices[0]
	assert.Equal(t, NoticeMigrated, n.Kind)
	assert.Equal(t, filepath.Join(dir, "p.json.schema-1-20250301T090001Z"), n.Moved)
	assert.Contains(t, n.String(), "schema 1 to 2")
	backup, err := os.ReadFile(n.Moved)
	require.NoError(t, err)
	assert.Equal(t, v1, string(backup), "the original is kept byte for byte")

	assert.Equal(t, "Ada", s.Snapshot().Learner)
	assert.True(t, s.Snapshot().Lessons["what-for"].Done())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"schema": 2`)
	assert.Contains(t, string(data), `"learner": "Ada"`)
	assert.NotContains(t, string(data), `"name"`)

	// Migrated once: reopening is quiet.
	_, notices, err = open(path, c, testSchema2, fakeClock())
	require.NoError(t, err)
	assert.Empty(t, notices)
}

func TestMigrationChainRunsInOrder(t *testing.T) {
	c := sampleCourse(t)
	step := func(tag string) migration {
		return func(doc map[string]any) error {
			doc["learner"] = fmt.Sprint(doc["learner"], tag)
			return nil
		}
	}
	sc := schema{version: 4, up: map[int]migration{1: step("1"), 2: step("2"), 3: step("3")}}
	for from, want := range map[int]string{1: "x123", 2: "x23", 3: "x3"} {
		path := filepath.Join(t.TempDir(), "p.json")
		doc := fmt.Sprintf(`{"schema": %d, "course": {"id": "clear-bug-reports"}, "learner": "x"}`, from)
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o600))
		s, notices, err := open(path, c, sc, fakeClock())
		require.NoError(t, err)
		assert.Len(t, notices, 1)
		assert.Equal(t, want, s.Snapshot().Learner, "from schema %d", from)
	}

	// A gap in the chain is a bug in Ally, not a corrupt file: nothing moves.
	gap := schema{version: 3, up: map[int]migration{2: step("2")}}
	path := filepath.Join(t.TempDir(), "p.json")
	doc := `{"schema": 1, "course": {"id": "clear-bug-reports"}}`
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o600))
	_, _, err := open(path, c, gap, fakeClock())
	require.ErrorContains(t, err, "no migration from schema 1 to 2")
	data, _ := os.ReadFile(path)
	assert.Equal(t, doc, string(data))
	assert.Equal(t, []string{"p.json"}, files(t, filepath.Dir(path)))

	// A migration that fails on the file's content makes it unreadable:
	// moved aside, like any file Ally cannot read.
	bad := schema{version: 2, up: map[int]migration{1: func(map[string]any) error { return errors.New("no way") }}}
	_, notices, err := open(path, c, bad, fakeClock())
	require.NoError(t, err)
	require.Len(t, notices, 1)
	assert.Equal(t, NoticeCorrupt, notices[0].Kind)
	assert.Contains(t, notices[0].Reason, "no way")
}

func TestFileTurnsCorruptMidSession(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	require.NoError(t, os.WriteFile(s.Path(), []byte(`{"schema": 1, "cours`), 0o600))

	err := s.CompleteLesson("anatomy")
	var ne *NoticeError
	require.ErrorAs(t, err, &ne, "the change is saved, and the learner must be told")
	require.Len(t, ne.Notices, 1)
	assert.Equal(t, NoticeCorrupt, ne.Notices[0].Kind)
	moved, _ := os.ReadFile(ne.Notices[0].Moved)
	assert.Equal(t, `{"schema": 1, "cours`, string(moved))

	st := readState(t, s.Path())
	assert.True(t, st.Lessons["what-for"].Done(), "rebuilt from what this session knew")
	assert.True(t, st.Lessons["anatomy"].Done())

	// The attempt-returning operations hand back the attempt with the notice.
	require.NoError(t, os.WriteFile(s.Path(), []byte(`garbage`), 0o600))
	att, err := s.RecordQuiz("why-check", whyCheckRight)
	require.ErrorAs(t, err, &ne)
	assert.True(t, att.Passed)
	assert.Len(t, readState(t, s.Path()).Quizzes["why-check"].Attempts, 1)
}

func TestFileDeletedMidSession(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	require.NoError(t, os.Remove(s.Path()))
	must(t, s.CompleteLesson("anatomy"))
	st := readState(t, s.Path())
	assert.True(t, st.Lessons["what-for"].Done(), "deleting the file under a running Ally loses nothing it knew")
	assert.True(t, st.Lessons["anatomy"].Done())
}

func TestReload(t *testing.T) {
	c := sampleCourse(t)
	a := openTest(t, c)
	b := openAt(t, a.Path(), c)
	must(t, a.CompleteLesson("what-for"))
	assert.Empty(t, b.Snapshot().Lessons, "b has not looked yet")
	notices, err := b.Reload()
	require.NoError(t, err)
	assert.Empty(t, notices)
	assert.True(t, b.Snapshot().Lessons["what-for"].Done())
}

// randState generates a state with every kind of record.
func randState(r *rand.Rand) *State {
	ts := func() time.Time { return time.Unix(r.Int64N(2e9), r.Int64N(1e9)).UTC() }
	id := func(p string) string { return fmt.Sprintf("%s-%d", p, r.IntN(1000)) }
	st := NewState(id("course"), fmt.Sprint(r.IntN(10)), ts())
	st.Updated = ts()
	if r.IntN(2) == 0 {
		st.Learner = []string{"Ada", "Grace Hopper", "Zoë “Z” Ünal", `quote " and \ backslash`}[r.IntN(4)]
	}
	if r.IntN(2) == 0 {
		st.Last = &Place{Item: id("item"), Scroll: r.Float64(), At: ts()}
	}
	for range r.IntN(20) {
		l := &LessonRecord{Opened: ts(), Scroll: r.Float64()}
		if r.IntN(2) == 0 {
			l.Completed = ts()
		}
		st.Lessons[id("lesson")] = l
	}
	for range r.IntN(5) {
		q := &QuizRecord{}
		for range 1 + r.IntN(4) {
			a := QuizAttempt{At: ts(), Answers: map[string][]int{}, Right: r.IntN(5), Total: 5, Score: r.Float64(), Passed: r.IntN(2) == 0}
			for range r.IntN(5) {
				a.Answers[id("q")] = r.Perm(1 + r.IntN(4))
			}
			q.Attempts = append(q.Attempts, a)
		}
		st.Quizzes[id("quiz")] = q
	}
	for range r.IntN(3) {
		rec := &AssessmentRecord{}
		for range 1 + r.IntN(3) {
			a := AssessmentAttempt{At: ts(), Answers: map[string]float64{}, Dimensions: map[string]float64{},
				Scores: map[string]float64{}, Bands: map[string]string{}}
			for range r.IntN(8) {
				a.Answers[id("item")] = float64(r.IntN(500))
			}
			for range r.IntN(3) {
				d := id("dim")
				a.Dimensions[d] = 1 + 4*r.Float64()
				a.Bands[d] = id("band")
			}
			a.Scores[id("score")] = r.Float64() * 5
			if r.IntN(2) == 0 {
				a.Placement = id("stage")
				a.Recommend = []string{id("m"), id("m")}
			}
			rec.Attempts = append(rec.Attempts, a)
		}
		st.Assessments[id("assessment")] = rec
	}
	for range r.IntN(3) {
		st.Previews[id("module")] = ts()
	}
	return st
}

func TestRoundTripGeneratedProgress(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	path := filepath.Join(t.TempDir(), "p.json")
	for i := range 500 {
		st := randState(r)
		require.Equal(t, st, st.Clone(), "clone %d", i)
		var got *State
		if i%20 == 0 { // through the disk now and then: each save costs two fsyncs
			writeState(t, path, st)
			got = readState(t, path)
		} else {
			data, err := encode(st)
			require.NoError(t, err)
			got, _, err = currentSchema.decode(data)
			require.NoError(t, err)
		}
		require.Equal(t, st, got, "state %d", i)
	}
}

func TestCloneIsDeep(t *testing.T) {
	st := randState(rand.New(rand.NewPCG(3, 4)))
	for len(st.Quizzes) == 0 || len(st.Lessons) == 0 {
		st = randState(rand.New(rand.NewPCG(uint64(len(st.Lessons)), 5)))
	}
	c := st.Clone()
	for _, q := range c.Quizzes {
		q.Attempts[0].Score = -1
		q.Attempts[0].Answers["new"] = []int{1}
	}
	for _, l := range c.Lessons {
		l.Scroll = -1
	}
	c.Previews["new"] = epoch
	for _, q := range st.Quizzes {
		assert.NotEqual(t, -1.0, q.Attempts[0].Score)
		assert.NotContains(t, q.Attempts[0].Answers, "new")
	}
	for _, l := range st.Lessons {
		assert.NotEqual(t, -1.0, l.Scroll)
	}
	assert.NotContains(t, st.Previews, "new")
}
