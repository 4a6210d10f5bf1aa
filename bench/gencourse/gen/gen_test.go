package gen_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validate checks fsys as `ally validate` does and requires a course with
// no errors and no warnings.
func validate(t *testing.T, fsys fs.FS) (*content.Course, *content.Report) {
	t.Helper()
	c, rep := content.Validate(fsys)
	require.Empty(t, rep.Errors, "errors")
	require.Empty(t, rep.Warnings, "warnings")
	require.NotNil(t, c)
	return c, rep
}

var (
	fenceWithLang = regexp.MustCompile("(?m)^```[a-z]+$")
	tableRule     = regexp.MustCompile(`(?m)^\|---\|`)
	heading       = regexp.MustCompile(`(?m)^#{1,3} \S`)
	relLink       = regexp.MustCompile(`\]\((?:\.\./)?[^):]+\.md(?:#[a-z-]+)?\)`)
	emphasis      = regexp.MustCompile(`\*\*[^*]+\*\*|\*[^*]+\*`)
	bulletLine    = regexp.MustCompile(`(?m)^- \S`)
)

// TestCourseValidates writes a 200-lesson course to a folder and reads it
// back as `ally validate DIR` does.
func TestCourseValidates(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 200}))
	c, rep := validate(t, os.DirFS(dir))

	s := rep.Stats
	assert.Equal(t, 200, s.Lessons)
	assert.GreaterOrEqual(t, s.Stages, 3)
	assert.Equal(t, s.Modules, s.Quizzes, "a quiz per module")
	assert.Equal(t, 4*s.Quizzes, s.Questions)
	assert.Equal(t, 1, s.Assessments)

	ops := map[content.RuleOp]bool{}
	var walk func(r *content.Rule)
	walk = func(r *content.Rule) {
		if r == nil {
			return
		}
		ops[r.Op] = true
		for _, a := range r.Args {
			walk(a)
		}
	}
	types := map[content.QuestionType]bool{}
	preview, withLink := 0, 0
	for _, m := range c.Modules {
		assert.InDelta(t, 10, len(m.Items), 1.5, "module %s has about ten items", m.ID)
		walk(m.Requires)
		if m.Stage.Requires != nil {
			walk(m.Stage.Requires)
		}
		if m.Preview {
			preview++
		}
		for _, it := range m.Items {
			switch it.Kind {
			case content.KindQuiz:
				for _, q := range it.Quiz.Questions {
					types[q.Type] = true
					assert.NotEmpty(t, q.Explanation)
				}
			case content.KindLesson:
				body := it.Body
				assert.True(t, len(body) >= 1000 && len(body) <= 4400, "lesson %s is %d bytes, want 1–4 KB", it.ID, len(body))
				for name, re := range map[string]*regexp.Regexp{
					"a fenced block with a language": fenceWithLang, "a table": tableRule,
					"a heading": heading, "emphasis": emphasis, "a bullet list": bulletLine,
				} {
					assert.Regexp(t, re, body, "lesson %s has %s", it.ID, name)
				}
				if relLink.MatchString(body) {
					withLink++
				}
			}
		}
	}
	for _, op := range []content.RuleOp{content.OpAll, content.OpAny, content.OpNot, content.OpCompleted, content.OpPassed, content.OpAnswered, content.OpPlaced} {
		assert.True(t, ops[op], "some rule uses %s", op)
	}
	assert.Len(t, types, 3, "single, multiple and ordering questions (true/false is a single choice)")
	assert.Positive(t, preview)
	assert.Greater(t, withLink, 190, "lessons link to other lessons")
}

// TestEverySizeValidates covers the edges of the layout: one module, one
// stage, modules of uneven size, several parts per topic.
func TestEverySizeValidates(t *testing.T) {
	for _, n := range []int{1, 2, 9, 10, 19, 37, 181, 370} {
		fsys, err := gen.FS(gen.Config{Lessons: n, Seed: uint64(n)})
		require.NoError(t, err)
		_, rep := validate(t, fsys)
		assert.Equal(t, n, rep.Stats.Lessons)
	}
	_, err := gen.Files(gen.Config{})
	assert.Error(t, err)
}

func TestDeterministic(t *testing.T) {
	a, err := gen.Files(gen.Config{Lessons: 50, Seed: 7})
	require.NoError(t, err)
	b, err := gen.Files(gen.Config{Lessons: 50, Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, a, b)
	c, err := gen.Files(gen.Config{Lessons: 50, Seed: 8})
	require.NoError(t, err)
	assert.NotEqual(t, a, c)
	d, err := gen.Files(gen.Config{Lessons: 50}) // seed 0 is seed 1
	require.NoError(t, err)
	e, err := gen.Files(gen.Config{Lessons: 50, Seed: 1})
	require.NoError(t, err)
	assert.Equal(t, d, e)
}

func TestWriteRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	err := gen.Write(dir, gen.Config{Lessons: 3})
	require.ErrorContains(t, err, "not empty")
	data, _ := os.ReadFile(filepath.Join(dir, "notes.txt"))
	assert.Equal(t, "mine", string(data))
}

// TestStandaloneLesson checks the render benchmark's lesson: its size, its
// blocks, and that it is a valid lesson with no warnings.
func TestStandaloneLesson(t *testing.T) {
	for _, size := range []int{8 << 10, 16 << 10} {
		body := gen.StandaloneLesson(1, size)
		assert.InEpsilon(t, size, len(body), 0.03, "size %d", size)
		assert.Equal(t, body, gen.StandaloneLesson(1, size))
		assert.GreaterOrEqual(t, len(fenceWithLang.FindAllString(body, -1)), 1)
		assert.Regexp(t, tableRule, body)
		assert.GreaterOrEqual(t, len(heading.FindAllString(body, -1)), 5)
	}
	// In a course, it validates without warnings.
	fsys, err := gen.FS(gen.Config{Lessons: 1})
	require.NoError(t, err)
	var lesson string
	for name := range fsys {
		if strings.HasSuffix(name, "/01-"+strings.TrimPrefix(filepath.Base(name), "01-")) {
			lesson = name
		}
	}
	require.NotEmpty(t, lesson)
	fsys[lesson] = &fstest.MapFile{Data: []byte("---\nid: long-lesson\ntitle: A long lesson\n---\n" + gen.StandaloneLesson(1, 8<<10))}
	c, _ := validate(t, fsys)
	assert.True(t, bytes.Contains([]byte(c.Item("long-lesson").Body), []byte("|---|")))
}

// Backdate dates every file and folder of the course, the folders too
// (setting a file's time does not change its folder's).
func TestBackdate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 12}))
	when := time.Date(2020, 3, 4, 5, 6, 7, 0, time.UTC)
	require.NoError(t, gen.Backdate(dir, when))
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		fi, err := d.Info()
		require.NoError(t, err)
		assert.True(t, fi.ModTime().Equal(when), "%s: %s", p, fi.ModTime())
		n++
		return nil
	}))
	assert.Greater(t, n, 12)
}
