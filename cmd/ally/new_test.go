package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewWritesAValidCourseWithEveryFeature(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-course")
	out, errOut, code := allyRun(t, "", "new", dir, "--title", `Négociation: "big" partners`)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "wrote a new course “Négociation: \"big\" partners” to "+dir)

	c, rep := content.Validate(os.DirFS(dir))
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	assert.Empty(t, rep.Warnings, "%v", rep.Warnings)
	assert.Equal(t, "negociation-big-partners", c.ID)
	assert.Equal(t, `Négociation: "big" partners`, c.Title)
	assert.Len(t, c.Stages, 2)

	types := map[content.QuestionType]int{}
	var lessons, links, images, worksheets int
	var assessment *content.Assessment
	for _, it := range c.Items() {
		switch it.Kind {
		case content.KindLesson:
			lessons++
			for _, l := range content.Links(it.Body) {
				if l.Image {
					images++
				} else {
					links++
				}
			}
		case content.KindQuiz:
			for _, q := range it.Quiz.Questions {
				types[q.Type]++
			}
		case content.KindAssessment:
			assessment = it.Assessment
		case content.KindWorksheet:
			worksheets++
			assert.NotEmpty(t, it.Worksheet.Columns, "with a grid")
		}
	}
	assert.Equal(t, 2, lessons)
	assert.GreaterOrEqual(t, links, 2)
	assert.Equal(t, 1, images)
	assert.Equal(t, 1, worksheets)
	assert.Equal(t, 2, types[content.SingleChoice], "a single choice and a true/false")
	assert.Equal(t, 1, types[content.MultipleAnswer])
	assert.Equal(t, 1, types[content.Ordering])
	require.NotNil(t, assessment)
	assert.NotEmpty(t, assessment.Bands)
	assert.NotEmpty(t, assessment.Placement)
	assert.NotNil(t, c.Module("going-further").Requires, "an unlock rule of a module's own")
	assert.NotNil(t, c.Stages[1].Requires, "and a stage's")

	_, errOut, code = allyRun(t, "", "validate", dir)
	assert.Equal(t, exitOK, code, errOut)
}

func TestNewRefusesANonEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644))
	_, errOut, code := allyRun(t, "", "new", dir)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "is not empty")
	data, err := os.ReadFile(filepath.Join(dir, "notes.md"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(data))

	_, _, code = allyRun(t, "", "new")
	assert.Equal(t, exitUsage, code)
}

func TestNewTitleFromFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team-basics")
	_, errOut, code := allyRun(t, "", "new", dir)
	require.Equal(t, exitOK, code, errOut)
	c, err := content.Load(os.DirFS(dir))
	require.NoError(t, err)
	assert.Equal(t, "Team basics", c.Title)
	assert.Equal(t, "team-basics", c.ID)
}
