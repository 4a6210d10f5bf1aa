package content

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withRenamed(list string) map[string]string {
	return map[string]string{"course.yaml": base["course.yaml"] + "renamed:\n" + list}
}

func TestRenamedIsRead(t *testing.T) {
	c, rep := Validate(courseFS(withRenamed("  - {from: old-lesson, to: l1}\n  - {from: q1/old-pick, to: q1/pick}\n  - {from: a1/old-i, to: a1/i1}\n")))
	require.Empty(t, rep.Errors, "%v", rep.Errors)
	require.Len(t, c.Renamed, 3)
	assert.Equal(t, Rename{From: "old-lesson", To: "l1", Pos: Pos{File: "course.yaml", Line: 9, Col: 5}}, c.Renamed[0])
	assert.Equal(t, "q1/pick", c.Renamed[1].To)
}

func TestRenamedProblems(t *testing.T) {
	for _, tc := range []struct {
		list, at, msg string
	}{
		{"  - {from: l1, to: q1}\n", "course.yaml:9:5", `renamed: "l1" is still an id of the course`},
		{"  - {from: gone, to: l2}\n", "course.yaml:9:5", "renamed: \"l2\" is not a stage, module or item of the course: did you mean `l1`?"},
		{"  - {from: gone, to: l1}\n  - {from: gone, to: q1}\n", "course.yaml:10:5", `renamed: "gone" is renamed twice`},
		{"  - {from: q1/old, to: pick}\n", "course.yaml:9:5", "name different kinds of thing"},
		{"  - {from: q0/old, to: q1/pick}\n", "course.yaml:9:5", "a question or assessment item keeps its quiz or assessment"},
		{"  - {from: l1/old, to: l1/new}\n", "course.yaml:9:5", `renamed: "l1" is not a quiz or an assessment`},
		{"  - {from: q1/old, to: q1/nope}\n", "course.yaml:9:5", `renamed: "q1" has no question or item "nope"`},
		{"  - {from: a1/i1, to: a1/d1}\n", "course.yaml:9:5", `renamed: "i1" is still an id in "a1"`},
		{"  - {from: Old Id, to: l1}\n", "course.yaml:9:5", `renamed: "Old Id" is not an id`},
		{"  - {from: x, to: x}\n", "course.yaml:9:5", "from and to are both"},
		{"  - {from: x}\n", "course.yaml:9:5", "`to`"},
		{"  - {from: x, to: l1, when: now}\n", "course.yaml:9:23", "when"},
	} {
		_, rep := Validate(courseFS(withRenamed(tc.list)))
		require.NotEmpty(t, rep.Errors, tc.list)
		p := rep.Errors[0]
		assert.Equal(t, tc.at, p.Pos.String(), tc.list)
		assert.Contains(t, p.Msg, tc.msg, tc.list)
	}
}
