package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example in docs/progress-file.md is a valid file of the current
// schema for the sample course, and means what the page says.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "progress-file.md"))
	require.NoError(t, err)
	text := string(doc)
	start := strings.Index(text, "```json\n")
	require.GreaterOrEqual(t, start, 0)
	text = text[start+len("```json\n"):]
	example := text[:strings.Index(text, "```")]

	st, from, err := currentSchema.decode([]byte(example))
	require.NoError(t, err)
	assert.Equal(t, SchemaVersion, from)
	c := sampleCourse(t)
	assert.Equal(t, c.ID, st.Course.ID)
	assert.Empty(t, Orphans(c, st))

	att := st.Quizzes["why-check"].Attempts[0]
	sc := ScoreQuiz(c.Item("why-check").Quiz, att.Answers)
	assert.Equal(t, QuizScore{Right: att.Right, Total: att.Total, Score: att.Score, Passed: att.Passed}, sc)

	a := st.Assessments["reporting-habits"].Attempts[0]
	want := ScoreAssessment(c.Item("reporting-habits").Assessment, a.Answers).Attempt(a.Answers)
	want.At = a.At
	assert.Equal(t, want, a)

	o := Evaluate(c, st)
	assert.Equal(t, StatusInProgress, o.Module("why-reports").Status)
	assert.Equal(t, ItemStarted, o.Item("anatomy").Status)

	for _, col := range CSVColumns {
		assert.Contains(t, string(doc), "| `"+col+"` |", "CSV column %s is documented", col)
	}
}
