package progress

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Right answers to the sample's quizzes.
var (
	whyCheckRight     = map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1, 2}}
	whyCheckThree     = map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1}}
	writingCheckRight = map[string][]int{"before-filing": {0, 1, 2, 3}, "good-steps": {0, 2}, "intermittent": {1}}
)

// readState decodes the file at path as the current schema.
func readState(t testing.TB, path string) *State {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	st, _, err := currentSchema.decode(data)
	require.NoError(t, err)
	return st
}

func TestStoreWalkThrough(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	_, err := os.Stat(s.Path())
	require.ErrorIs(t, err, fs.ErrNotExist, "opening writes nothing")

	must(t, s.SetLearner("  Ada Lovelace "))
	must(t, s.OpenLesson("what-for"))
	must(t, s.ScrollLesson("what-for", 0.5))
	must(t, s.CompleteLesson("what-for"))
	must(t, s.OpenLesson("anatomy"))
	must(t, s.ScrollLesson("anatomy", 0.25))

	st := readState(t, s.Path())
	assert.Equal(t, "Ada Lovelace", st.Learner)
	assert.True(t, st.Lessons["what-for"].Done())
	assert.Equal(t, 0.5, st.Lessons["what-for"].Scroll)
	assert.False(t, st.Lessons["anatomy"].Done())
	require.NotNil(t, st.Last)
	assert.Equal(t, "anatomy", st.Last.Item)
	assert.Equal(t, 0.25, st.Last.Scroll)
	assert.True(t, st.Last.At.After(st.Lessons["anatomy"].Opened), "scrolling moved the resume place")
	assert.Equal(t, CourseRef{ID: "clear-bug-reports", Version: "1.0.0", Title: "Writing a Clear Bug Report"}, st.Course)
	assert.Equal(t, SchemaVersion, st.Schema)
	assert.Equal(t, st, s.Snapshot(), "the snapshot is what was saved")

	att, err := s.RecordQuiz("why-check", whyCheckThree)
	require.NoError(t, err)
	assert.Equal(t, 3, att.Right)
	assert.Equal(t, 4, att.Total)
	assert.Equal(t, 0.75, att.Score)
	assert.True(t, att.Passed)
	assert.Equal(t, map[string][]int{"main-job": {1}, "screenshot-enough": {1}, "best-title": {2}, "must-have": {0, 1}}, att.Answers)

	att, err = s.RecordQuiz("why-check", map[string][]int{"must-have": {2, 0, 1}, "main-job": {1}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2}, att.Answers["must-have"], "a multiple answer is kept as a sorted set")
	assert.False(t, att.Passed)

	_, err = s.RecordQuiz("why-check", whyCheckRight)
	require.ErrorIs(t, err, ErrNoAttemptsLeft, "why-check allows two attempts")
	assert.Len(t, readState(t, s.Path()).Quizzes["why-check"].Attempts, 2)

	answers := map[string]float64{"reports-filed": 3, "reports-received": 0, "exact-steps": 2, "expected-actual": 2,
		"environment": 2, "reread": 2, "one-liner": 2}
	a, err := s.RecordAssessment("reporting-habits", answers)
	require.NoError(t, err)
	assert.Equal(t, "practice", a.Placement)
	assert.Equal(t, map[string]float64{"detail": 2, "empathy": 2.5}, a.Dimensions)
	assert.Equal(t, map[string]float64{"overall": 2.25}, a.Scores)
	assert.Equal(t, map[string]string{"detail": "gap", "empathy": "growing", "overall": "gap"}, a.Bands)
	assert.Equal(t, []string{"writing"}, a.Recommend)
	assert.Equal(t, answers, a.Answers)

	must(t, s.MarkPreviewed("triage"))
	must(t, s.SetLast("why-check", 0))

	o := s.Overview()
	assert.Equal(t, StatusInProgress, o.Module("why-reports").Status, "anatomy not read yet")
	must(t, s.CompleteLesson("anatomy"))
	o = s.Overview()
	assert.Equal(t, StatusCompleted, o.Module("why-reports").Status)
	assert.Equal(t, StatusOpen, o.Module("writing").Status, "placed in practice by the assessment")

	// Everything survives a reopen.
	s2 := openAt(t, s.Path(), c)
	assert.Equal(t, s.Snapshot(), s2.Snapshot())
	assert.Contains(t, s2.Snapshot().Previews, "triage")
}

func TestStoreRefusesLockedWork(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)

	err := s.OpenLesson("reproduce")
	require.ErrorIs(t, err, ErrLocked)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "Writing steps to reproduce", le.Module)
	assert.Equal(t, Evaluate(c, nil).Module("writing").Unmet, le.Unmet)
	assert.Contains(t, err.Error(), "is locked (still needed: ")

	_, err = s.RecordQuiz("writing-check", writingCheckRight)
	assert.ErrorIs(t, err, ErrLocked)
	_, err = s.RecordAssessment("reporting-habits", map[string]float64{"reports-filed": 1})
	assert.ErrorIs(t, err, ErrLocked, "self-check opens once what-for is read")
	_, err = os.Stat(s.Path())
	assert.ErrorIs(t, err, fs.ErrNotExist, "a refused operation writes nothing")

	// triage is locked with preview: its lesson may be read, not completed.
	must(t, s.OpenLesson("sorting"))
	must(t, s.ScrollLesson("sorting", 1))
	err = s.CompleteLesson("sorting")
	require.ErrorIs(t, err, ErrLocked)
	assert.Contains(t, err.Error(), "lessons read in preview do not count")
	st := readState(t, s.Path())
	assert.Contains(t, st.Previews, "triage", "reading in preview marks the module previewed")
	assert.False(t, st.Lessons["sorting"].Done())
	assert.Equal(t, ItemStarted, Evaluate(c, st).Item("sorting").Status)
	assert.Equal(t, StatusLocked, Evaluate(c, st).Module("triage").Status)
}

func TestStoreRejectsBadInput(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	assert.ErrorIs(t, s.OpenLesson("no-such"), ErrUnknownID)
	assert.ErrorIs(t, s.OpenLesson("why-check"), ErrUnknownID, "a quiz is not a lesson")
	assert.ErrorIs(t, s.CompleteLesson("reporting-habits"), ErrUnknownID)
	_, err := s.RecordQuiz("what-for", nil)
	assert.ErrorIs(t, err, ErrUnknownID)
	_, err = s.RecordAssessment("why-check", nil)
	assert.ErrorIs(t, err, ErrUnknownID)
	assert.ErrorIs(t, s.SetLast("nope", 0), ErrUnknownID)
	assert.ErrorIs(t, s.MarkPreviewed("what-for"), ErrUnknownID, "what-for is an item, not a module")

	_, err = s.RecordQuiz("why-check", map[string][]int{"main-job": {7}})
	assert.ErrorIs(t, err, ErrInvalidAnswer)
	must(t, s.CompleteLesson("what-for"))
	_, err = s.RecordAssessment("reporting-habits", map[string]float64{"exact-steps": 5})
	assert.ErrorIs(t, err, ErrInvalidAnswer, "the scale has four labels")

	assert.Error(t, s.ScrollLesson("what-for", 1.5))
	assert.Error(t, s.SetLast("what-for", -0.1))
	assert.Error(t, s.SetLearner("bell\a"))
	assert.Error(t, s.SetLearner(strings.Repeat("n", 101)))
}

func TestCompleteLessonKeepsFirstTime(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	first := readState(t, s.Path())
	must(t, s.CompleteLesson("what-for"))
	second := readState(t, s.Path())
	assert.Equal(t, first, second, "completing again changes nothing, not even the updated time")
	must(t, s.OpenLesson("what-for"))
	assert.Equal(t, first.Lessons["what-for"], readState(t, s.Path()).Lessons["what-for"], "reopening keeps the record")
}

func TestMissingFolderIsCreatedPrivate(t *testing.T) {
	c := sampleCourse(t)
	root := t.TempDir()
	path := filepath.Join(root, "a", "b", "progress.json")
	s := openAt(t, path, c)
	_, err := os.Stat(filepath.Join(root, "a"))
	require.ErrorIs(t, err, fs.ErrNotExist, "open creates nothing")

	must(t, s.CompleteLesson("what-for"))
	for _, dir := range []string{filepath.Join(root, "a"), filepath.Join(root, "a", "b")} {
		fi, err := os.Stat(dir)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o700), fi.Mode().Perm(), dir)
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
	assert.True(t, readState(t, path).Lessons["what-for"].Done())
}

func TestFileModeBecomesPrivate(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.SetLearner("a"))
	require.NoError(t, os.Chmod(s.Path(), 0o644))
	must(t, s.SetLearner("b"))
	fi, err := os.Stat(s.Path())
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
}

func TestFolderInTheWay(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	blocker := filepath.Join(dir, "not-a-folder")
	require.NoError(t, os.WriteFile(blocker, []byte("x"), 0o600))

	_, _, err := Open(filepath.Join(blocker, "p.json"), c)
	require.Error(t, err, "the parent is a file")
	assert.Contains(t, err.Error(), "reading progress file")

	_, _, err = Open(dir, c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a folder")
}

func TestReadOnlyFileIsNeverReplaced(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	require.NoError(t, os.Chmod(s.Path(), 0o400))
	before, err := os.ReadFile(s.Path())
	require.NoError(t, err)

	s2, notices, err := open(s.Path(), c, currentSchema, fakeClock())
	require.NoError(t, err, "a read-only file can still be shown")
	require.Len(t, notices, 1)
	assert.Equal(t, NoticeReadOnly, notices[0].Kind)
	assert.Contains(t, notices[0].String(), "read-only")
	assert.True(t, s2.Snapshot().Lessons["what-for"].Done())

	err = s2.CompleteLesson("anatomy")
	require.ErrorIs(t, err, ErrReadOnly)
	assert.Contains(t, err.Error(), s.Path())
	after, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.Nil(t, s2.Snapshot().Lessons["anatomy"], "the failed change is not in the snapshot either")
	_, err = s2.ResetAll()
	assert.ErrorIs(t, err, ErrReadOnly)
}

func TestUnwritableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to any folder; TestReadOnlyFileIsNeverReplaced covers the mode check")
	}
	c := sampleCourse(t)
	dir := t.TempDir()
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	s := openAt(t, filepath.Join(dir, "p.json"), c)
	err := s.CompleteLesson("what-for")
	require.Error(t, err)
	assert.Nil(t, s.Snapshot().Lessons["what-for"])
}

func TestSymlinkIsKept(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	s := openAt(t, target, c)
	must(t, s.SetLearner("a"))
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	s2 := openAt(t, link, c)
	must(t, s2.CompleteLesson("what-for"))
	fi, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&fs.ModeSymlink, "the link is still a link")
	assert.True(t, readState(t, target).Lessons["what-for"].Done())
}

func TestResetModule(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	_, err := s.RecordQuiz("why-check", whyCheckRight)
	require.NoError(t, err)
	must(t, s.OpenLesson("sorting")) // preview
	must(t, s.SetLast("why-check", 0))
	before := readState(t, s.Path())

	backup, err := s.ResetModule("why-reports")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(filepath.Base(backup), filepath.Base(s.Path())+".reset-"), backup)
	assert.Equal(t, before, readState(t, backup), "the backup is the file before the reset")

	after := readState(t, s.Path())
	assert.Empty(t, after.Quizzes)
	assert.NotContains(t, after.Lessons, "what-for")
	assert.Contains(t, after.Lessons, "sorting", "other modules keep their records")
	assert.Contains(t, after.Previews, "triage")
	assert.Nil(t, after.Last, "the resume place was in the module")

	backup, err = s.ResetModule("why-reports")
	require.NoError(t, err)
	assert.Empty(t, backup, "nothing left to reset")
	_, err = s.ResetModule("nope")
	assert.ErrorIs(t, err, ErrUnknownID)
}

func TestResetAll(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.SetLearner("Ada"))
	must(t, s.CompleteLesson("what-for"))
	st := s.Snapshot()
	st.Quizzes["gone"] = &QuizRecord{Attempts: []QuizAttempt{{Score: 1}}}
	writeState(t, s.Path(), st)

	backup, err := s.ResetAll()
	require.NoError(t, err)
	assert.Contains(t, readState(t, backup).Quizzes, "gone", "orphans are in the backup")
	after := readState(t, s.Path())
	assert.Equal(t, "Ada", after.Learner, "the name is not progress")
	assert.Equal(t, st.Created, after.Created)
	assert.Empty(t, after.Lessons)
	assert.Empty(t, after.Quizzes)

	backup, err = s.ResetAll()
	require.NoError(t, err)
	assert.Empty(t, backup)
}

// writeState saves st at path as another Ally would.
func writeState(t testing.TB, path string, st *State) {
	t.Helper()
	data, err := encode(st)
	require.NoError(t, err)
	require.NoError(t, writeFileAtomic(path, data))
}

// A quiz whose questions changed keeps its past attempts, scores and answers.
func TestChangedQuizKeepsAttempts(t *testing.T) {
	files := map[string]string{
		"course.yaml": "id: q\ntitle: Q\nversion: '1'\nsummary: Q.\nstages:\n  - {id: s, title: S, summary: S.}\n",
		"m/module.md": "---\nid: m\ntitle: M\nstage: s\nsummary: M.\n---\nIntro.\n",
		"m/q.md": "---\nid: quiz\ntitle: Quiz\nkind: quiz\npass: 0.5\n---\n" +
			"## One? {#one}\n\n- [x] Yes\n- [ ] No\n\n## Two? {#two}\n\n- [x] Yes\n- [ ] No\n",
	}
	v1 := loadCourse(t, files)
	s := openTest(t, v1)
	_, err := s.RecordQuiz("quiz", map[string][]int{"one": {0}, "two": {1}})
	require.NoError(t, err)

	files["course.yaml"] = strings.Replace(files["course.yaml"], "version: '1'", "version: '2'", 1)
	files["m/q.md"] = "---\nid: quiz\ntitle: Quiz\nkind: quiz\npass: 0.5\n---\n" +
		"## Three? {#three}\n\n- [ ] Yes\n- [x] No\n- [ ] Maybe\n"
	v2 := loadCourse(t, files)
	s2 := openAt(t, s.Path(), v2)
	att, err := s2.RecordQuiz("quiz", map[string][]int{"three": {1}})
	require.NoError(t, err)
	assert.Equal(t, 1.0, att.Score)

	st := readState(t, s.Path())
	require.Len(t, st.Quizzes["quiz"].Attempts, 2)
	old := st.Quizzes["quiz"].Attempts[0]
	assert.Equal(t, map[string][]int{"one": {0}, "two": {1}}, old.Answers, "answers to removed questions are kept")
	assert.Equal(t, 0.5, old.Score)
	assert.Equal(t, "2", st.Course.Version)
	q := Evaluate(v2, st).Item("quiz").Quiz
	assert.Equal(t, 2, q.Attempts)
	assert.Equal(t, 1.0, q.Best)
}

func TestOrphansSurviveSaves(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	st := s.Snapshot()
	st.Lessons["gone"] = &LessonRecord{Opened: epoch, Completed: epoch}
	st.Assessments["old-check"] = &AssessmentRecord{Attempts: []AssessmentAttempt{{At: epoch, Placement: "x"}}}
	writeState(t, s.Path(), st)

	s2 := openAt(t, s.Path(), c)
	must(t, s2.CompleteLesson("what-for"))
	_, err := s2.ResetModule("why-reports")
	require.NoError(t, err)
	after := readState(t, s.Path())
	assert.Contains(t, after.Lessons, "gone")
	assert.Contains(t, after.Assessments, "old-check")
	assert.Equal(t, []Orphan{{"assessment", "old-check", 1}, {"lesson", "gone", 1}}, s2.Overview().Orphans)
}

func TestCourseMismatch(t *testing.T) {
	c := sampleCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	writeState(t, path, NewState("another-course", "1", epoch))
	before, _ := os.ReadFile(path)
	_, _, err := Open(path, c)
	var me *CourseMismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "another-course", me.FileCourse)
	assert.Contains(t, err.Error(), `belongs to course "another-course", not "clear-bug-reports"`)
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after)
}

func TestStaleTempFilesAreSwept(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	stale := filepath.Join(filepath.Dir(s.Path()), tempPrefix(filepath.Base(s.Path()))+"12345")
	require.NoError(t, os.WriteFile(stale, []byte("half a sa"), 0o600))
	must(t, s.SetLearner("x"))
	_, err := os.Stat(stale)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestFileIsIndentedJSON(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	data, err := os.ReadFile(s.Path())
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, 2.0, doc["schema"])
	assert.True(t, strings.HasPrefix(string(data), "{\n  \"schema\": 2,\n  \"course\": {"), string(data))
	assert.True(t, strings.HasSuffix(string(data), "}\n"))
}

func TestResolvePath(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv(EnvVar, "")
	xdg.Reload()
	t.Cleanup(xdg.Reload)

	p, err := ResolvePath("", "team-basics")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(data, "ally", "team-basics.json"), p)
	p, err = DefaultPath("team-basics")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(data, "ally", "team-basics.json"), p)
	_, err = DefaultPath("")
	assert.Error(t, err)

	t.Setenv(EnvVar, "rel/env.json")
	p, err = ResolvePath("", "team-basics")
	require.NoError(t, err)
	wd, _ := os.Getwd()
	assert.Equal(t, filepath.Join(wd, "rel", "env.json"), p, "relative paths are made absolute")

	p, err = ResolvePath("/x/flag.json", "team-basics")
	require.NoError(t, err)
	want, _ := filepath.Abs("/x/flag.json")
	assert.Equal(t, want, p, "--progress wins over ALLY_PROGRESS")
}
