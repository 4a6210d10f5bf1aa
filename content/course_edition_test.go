package content

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The built-in course's second edition (issue 15) promises things a
// learner can rely on in every module; these checks keep them true as the
// lessons change.

// markerRE matches a square-bracketed word in lesson text, as the evidence
// markers are written. Markdown links ([text](path)) and task-list boxes
// are excluded by the callers.
var markerRE = regexp.MustCompile(`\[([A-Za-z-]+)\]`)

// The evidence markers M0.1 explains, and no others.
var evidenceMarkers = map[string]bool{"firms": true, "biotech": true, "SMEs": true, "start-ups": true, "proposal": true}

// courseFiles returns the built-in course's markdown files (not quizzes,
// which another part of the edition owns) by path.
func courseFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || path.Base(p) == "08-quiz.md" {
			return err
		}
		b, err := fs.ReadFile(Default(), p)
		files[p] = string(b)
		return err
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

func TestEmbeddedModulesStateObjectives(t *testing.T) {
	for p, body := range courseFiles(t) {
		if path.Base(p) != "module.md" {
			continue
		}
		i := strings.Index(body, "**Objectives.**")
		if !assert.GreaterOrEqual(t, i, 0, "%s: the module intro has no objectives", p) {
			continue
		}
		var items int
		for _, line := range strings.Split(body[i:], "\n")[1:] {
			if strings.HasPrefix(line, "- ") {
				items++
			} else if items > 0 && strings.TrimSpace(line) == "" {
				break
			}
		}
		assert.GreaterOrEqual(t, items, 3, "%s: objectives should list at least three things a learner can do", p)
	}
}

func TestEmbeddedTryThisHasModelAnswer(t *testing.T) {
	var exercises int
	for p, body := range courseFiles(t) {
		i := strings.Index(body, "\n## Try this")
		if i < 0 {
			continue
		}
		exercises++
		section := body[i+1:]
		if j := strings.Index(section[1:], "\n## "); j >= 0 {
			section = section[:j+1]
		}
		assert.Contains(t, section, "**What a good answer looks like.**", "%s: 'Try this' gives no model answer or criteria", p)
	}
	assert.GreaterOrEqual(t, exercises, 50)
}

func TestEmbeddedEvidenceMarkers(t *testing.T) {
	linkDef := regexp.MustCompile(`(?m)^\s*(- )?\[[^\]]+\]:`)
	for p, body := range courseFiles(t) {
		// A line starting "[x]:" is a markdown link definition: the text
		// would vanish from the lesson.
		assert.NotRegexp(t, linkDef, body, "%s: a line starts with a link definition", p)
		if strings.HasPrefix(body, "---\n") { // YAML front matter holds lists, not prose
			if end := strings.Index(body[4:], "\n---\n"); end >= 0 {
				body = body[4+end+5:]
			}
		}
		for _, line := range strings.Split(body, "\n") {
			if strings.Contains(line, "{#") { // assessment and question ids
				continue
			}
			for _, m := range markerRE.FindAllStringSubmatchIndex(line, -1) {
				if m[1] < len(line) && line[m[1]] == '(' {
					continue // a link
				}
				name := line[m[2]:m[3]]
				if name == "x" || name == "X" {
					continue // a task box
				}
				assert.True(t, evidenceMarkers[name], "%s: unknown evidence marker [%s] in %q", p, name, line)
			}
		}
	}
}

// The invented start-up that the edition follows through every stage must
// appear, marked as invented, in a lesson of each stage.
func TestEmbeddedRunningCaseInEveryStage(t *testing.T) {
	c, rep := Validate(Default())
	require.Empty(t, rep.Errors)
	for _, st := range c.Stages {
		var found bool
		for _, m := range st.Modules {
			for _, it := range m.Items {
				if it.Kind == KindLesson && strings.Contains(it.Body, "Fenwick") && strings.Contains(it.Body, "**Invented case.**") {
					found = true
				}
			}
		}
		assert.True(t, found, "stage %s has no lesson following the invented Fenwick Bio case", st.ID)
	}
}
