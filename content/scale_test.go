package content

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wideCourse is a valid course of n modules of one short lesson each, in two
// stages; the second stage needs the first, and every module needs the one
// before it: many rules naming targets, and stage rules shared by n/2
// modules.
func wideCourse(n int) fstest.MapFS {
	fsys := fstest.MapFS{"course.yaml": {Data: []byte(`id: wide
title: Wide course
version: "1"
summary: Many small modules.
stages:
  - {id: s1, title: First, summary: The first stage.}
  - {id: s2, title: Second, summary: The second stage., requires: {completed: s1}}
`)}}
	for i := range n {
		stage, rule := "s1", ""
		if i >= n/2 {
			stage = "s2"
		}
		if i > 0 {
			rule = fmt.Sprintf("requires: {completed: m%d}\n", i-1)
		}
		fsys[fmt.Sprintf("m%d/module.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nid: m%d\ntitle: Module %d\nstage: %s\nsummary: A module.\n%s---\n", i, i, stage, rule)}
		fsys[fmt.Sprintf("m%d/01-lesson.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nid: l%d\ntitle: Lesson %d\nminutes: 1\n---\n# Lesson %d\n\nSome text.\n", i, i, i)}
	}
	return fsys
}

// allocated returns the bytes Validate allocates for fsys.
func allocated(t *testing.T, fsys fstest.MapFS) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, rep := Validate(fsys)
	runtime.ReadMemStats(&after)
	require.Empty(t, rep.Errors)
	require.Empty(t, rep.Warnings)
	return after.TotalAlloc - before.TotalAlloc
}

// Validation work grows with the course, not faster: resolving a rule used
// to list every id of the course (for "did you mean", even with no error),
// and the graph check built a map of every module of a stage for each module
// under that stage's rule. Bytes allocated stand in for work here, as they
// do not depend on the machine's load; 4× the modules must cost at most 5×.
func TestValidateGrowsLinearly(t *testing.T) {
	small := allocated(t, wideCourse(300))
	big := allocated(t, wideCourse(1200))
	t.Logf("%d -> %d bytes: %.2fx", small, big, float64(big)/float64(small))
	assert.LessOrEqual(t, float64(big)/float64(small), 5.0, "bytes allocated: %d for 300 modules, %d for 1,200", small, big)
}

// A misspelt target still gets its suggestion, now gathered only then.
func TestUnknownTargetStillSuggests(t *testing.T) {
	fsys := wideCourse(4)
	fsys["m3/module.md"] = &fstest.MapFile{Data: []byte("---\nid: m3\ntitle: Module 3\nstage: s2\nsummary: A module.\nrequires: {completed: m22}\n---\n")}
	_, rep := Validate(fsys)
	require.Len(t, rep.Errors, 1)
	assert.Equal(t, "m3/module.md:6:23", rep.Errors[0].Pos.String())
	assert.Contains(t, rep.Errors[0].Msg, "unknown stage, module or item \"m22\": did you mean `m2`?")
}

// A stage's rule is shared by every module of the stage: checking that each
// module can unlock worked it out again per module, each time listing every
// quiz of the stage it names (modules × quizzes). Now once per stage.
func TestReachableGrowsLinearly(t *testing.T) {
	quizzes := func(n int) fstest.MapFS {
		fsys := wideCourse(n)
		fsys["course.yaml"].Data = []byte(strings.Replace(string(fsys["course.yaml"].Data), "requires: {completed: s1}", "requires: {passed: s1}", 1))
		for i := range n {
			fsys[fmt.Sprintf("m%d/02-quiz.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
				"---\nid: q%d\ntitle: Quiz %d\nkind: quiz\n---\n## Right? {#r}\n\n- [x] Yes\n- [ ] No\n\n> Because.\n", i, i)}
		}
		return fsys
	}
	reach := func(n int) uint64 { // bytes allocated by checkReachable alone
		c, rep := Validate(quizzes(n))
		require.Empty(t, rep.Errors)
		v := &checker{rep: &Report{}}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		v.checkReachable(c, map[*Module]bool{})
		runtime.ReadMemStats(&after)
		require.Empty(t, v.rep.Errors)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, big := reach(300), reach(1200)
	t.Logf("%d -> %d bytes: %.2fx", small, big, float64(big)/float64(small))
	assert.LessOrEqual(t, float64(big)/float64(small), 5.0, "bytes allocated: %d for 300 modules, %d for 1,200", small, big)
}
