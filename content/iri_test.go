package content

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCourseIRI(t *testing.T) {
	c, rep := Validate(courseFS(nil))
	require.Empty(t, rep.Errors)
	assert.Equal(t, "", c.IRI)
	assert.Equal(t, DefaultIRIBase+"/t", c.BaseIRI(), "no iri: the documented default")

	c, rep = Validate(courseFS(map[string]string{"course.yaml": replace(t, "course.yaml", "stages:", "iri: https://lms.example.org/c/t/\nstages:")}))
	require.Empty(t, rep.Errors)
	assert.Equal(t, "https://lms.example.org/c/t", c.BaseIRI(), "trailing slash dropped")

	for _, bad := range []string{"lms.example.org/c", "ftp://x.org/c", "https:///c", "https://x.org/c?a=1", "https://x.org/c#f"} {
		_, rep = Validate(courseFS(map[string]string{"course.yaml": replace(t, "course.yaml", "stages:", "iri: "+bad+"\nstages:")}))
		require.Len(t, rep.Errors, 1, bad)
		assert.Equal(t, "course.yaml:5:6", rep.Errors[0].Pos.String(), bad)
		assert.Contains(t, rep.Errors[0].Msg, "`iri`", bad)
	}
}
