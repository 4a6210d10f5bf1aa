package progress

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renamedSample is the sample course after its author renamed the lesson
// what-for to purpose and the question why-check/main-job to job, and
// listed both under renamed: in course.yaml.
func renamedSample(t *testing.T) *content.Course {
	t.Helper()
	fsys := fstest.MapFS{}
	root := filepath.Join("..", "testdata", "sample")
	require.NoError(t, fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(filepath.Join(root, p))
		require.NoError(t, err)
		text := string(data)
		switch p {
		case "course.yaml":
			text += "renamed:\n  - {from: what-for, to: purpose}\n  - {from: why-check/main-job, to: why-check/job}\n"
		case "01-why-reports/01-what-for.md":
			text = strings.Replace(text, "id: what-for", "id: purpose", 1)
		case "02-self-check/module.md":
			text = strings.ReplaceAll(text, "what-for", "purpose")
		case "01-why-reports/04-why-check.md":
			text = strings.Replace(text, "{#main-job}", "{#job}", 1)
		}
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
		return nil
	}))
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	return c
}

// learnerBefore records a lesson, a quiz attempt and the resume place on
// the sample course as it was before the renames.
func learnerBefore(t *testing.T) string {
	t.Helper()
	s := openTest(t, sampleCourse(t))
	must(t, s.OpenLesson("what-for"))
	must(t, s.CompleteLesson("what-for"))
	_, err := s.RecordQuiz("why-check", map[string][]int{"main-job": {0}, "screenshot-enough": {1}})
	must(t, err)
	must(t, s.SetLast("what-for", 0.5))
	return s.Path()
}

func TestRenameMovesEveryRecord(t *testing.T) {
	path := learnerBefore(t)
	s, err := openPlain(path, sampleCourse(t))
	require.NoError(t, err)
	st := s.Snapshot()

	n, err := Rename(st, "what-for", "purpose")
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the lesson record and the resume place")
	assert.Nil(t, st.Lessons["what-for"])
	assert.True(t, st.Lessons["purpose"].Done())
	assert.Equal(t, "purpose", st.Last.Item)

	n, err = Rename(st, "why-check/main-job", "why-check/job")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []int{0}, st.Quizzes["why-check"].Attempts[0].Answers["job"])
	assert.NotContains(t, st.Quizzes["why-check"].Attempts[0].Answers, "main-job")

	n, err = Rename(st, "nothing-here", "purpose")
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestRenameRefusesAClash(t *testing.T) {
	path := learnerBefore(t)
	s, err := openPlain(path, sampleCourse(t))
	require.NoError(t, err)
	must(t, s.OpenLesson("anatomy"))
	st := s.Snapshot()
	before := st.Clone()
	_, err = Rename(st, "what-for", "anatomy")
	require.ErrorIs(t, err, ErrRenameClash)
	assert.Contains(t, err.Error(), `"what-for" and "anatomy" both have records`)
	assert.Equal(t, before, st, "nothing changed")

	_, err = Rename(st, "why-check/main-job", "other-quiz/job")
	require.Error(t, err)
}

func TestCourseRenamesAreAppliedOnOpen(t *testing.T) {
	path := learnerBefore(t)
	c := renamedSample(t)
	s, notices, err := Open(path, c)
	require.NoError(t, err)
	require.Len(t, notices, 1)
	assert.Equal(t, NoticeRenamed, notices[0].Kind)
	assert.Contains(t, notices[0].String(), "what-for → purpose, why-check/main-job → why-check/job")
	st := s.Snapshot()
	assert.True(t, st.Lessons["purpose"].Done())
	assert.Equal(t, []int{0}, st.Quizzes["why-check"].Attempts[0].Answers["job"])
	assert.Empty(t, Orphans(c, st), "no record is left behind")

	// Saved: a second open has nothing left to move.
	_, notices, err = Open(path, c)
	require.NoError(t, err)
	assert.Empty(t, notices)
}

func TestCourseRenamesOnAReadOnlyFile(t *testing.T) {
	path := learnerBefore(t)
	require.NoError(t, os.Chmod(path, 0o400))
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	s, notices, err := Open(path, renamedSample(t))
	require.NoError(t, err)
	var kinds []NoticeKind
	for _, n := range notices {
		kinds = append(kinds, n.Kind)
	}
	assert.ElementsMatch(t, []NoticeKind{NoticeReadOnly, NoticeRenamed}, kinds)
	assert.True(t, s.Snapshot().Lessons["purpose"].Done(), "renamed in memory")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the file is not touched")
}

func TestStoreRenameKeepsABackup(t *testing.T) {
	path := learnerBefore(t)
	s, err := openPlain(path, sampleCourse(t))
	require.NoError(t, err)
	n, backup, err := s.Rename("what-for", "old-what-for")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.FileExists(t, backup)
	old, err := os.ReadFile(backup)
	require.NoError(t, err)
	assert.Contains(t, string(old), `"what-for"`)

	_, _, err = s.Rename("not-a-record", "x")
	require.ErrorIs(t, err, ErrUnknownID)
	assert.Contains(t, err.Error(), `no records under "not-a-record"`)
}

func openPlain(path string, c *content.Course) (*Store, error) {
	s, _, err := open(path, c, currentSchema, fakeClock())
	return s, err
}
