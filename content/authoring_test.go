package content

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var docFile = regexp.MustCompile("(?s)<!-- file: (\\S+) -->\n```\\w*\n(.*?)\n```\n")

// AUTHORING.md's examples are one complete course: they must validate, so
// the documentation cannot drift from the format.
func TestAuthoringExampleCourse(t *testing.T) {
	doc, err := os.ReadFile("../AUTHORING.md")
	require.NoError(t, err)
	fsys := fstest.MapFS{"images/goal-card.png": {Data: []byte("\x89PNG")}}
	for _, m := range docFile.FindAllSubmatch(doc, -1) {
		fsys[string(m[1])] = &fstest.MapFile{Data: append(m[2], '\n')}
	}
	require.Len(t, fsys, 11, "files in the complete example")

	c, rep := Validate(fsys)
	require.Empty(t, rep.Errors)
	assert.Empty(t, rep.Warnings)
	assert.Equal(t, Stats{Stages: 2, Modules: 3, Lessons: 2, Quizzes: 1, Questions: 4, Assessments: 1, Worksheets: 2, Minutes: 13}, rep.Stats)
	assert.Contains(t, string(doc), `"stats": {"stages": 2, "modules": 3, "lessons": 2, "quizzes": 1, "questions": 4,`)

	// The plain-words rule the page quotes is what Describe says.
	said := regexp.MustCompile(`(?s)in plain words: \*(.*?)\*\.`).FindSubmatch(doc)
	require.NotNil(t, said)
	want := strings.Join(strings.Fields(string(said[1])), " ")
	assert.Equal(t, want, c.Describe(c.Module("habits").EffectiveRule()))

	// So is the recorded rule it quotes.
	quoted := regexp.MustCompile("(?s)For example, `(recorded: .*?)`\\s+reads \\*(.*?)\\*;").FindSubmatch(doc)
	require.NotNil(t, quoted)
	fsys["04-more/module.md"] = &fstest.MapFile{Data: []byte("---\nid: more\ntitle: More\nstage: practice\nsummary: S.\nrequires:\n  " + string(quoted[1]) + "\n---\n")}
	fsys["04-more/01-x.md"] = &fstest.MapFile{Data: []byte("---\nid: more-x\ntitle: X\n---\nText.\n")}
	c, rep = Validate(fsys)
	require.Empty(t, rep.Errors)
	assert.Equal(t, strings.Join(strings.Fields(string(quoted[2])), " "), c.Describe(c.Module("more").Requires))
}
