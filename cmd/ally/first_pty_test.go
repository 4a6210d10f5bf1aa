//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigFirstCourse writes a generated course of 400 lessons (45 module
// folders, more than a first screen reads) written an hour ago.
func bigFirstCourse(t *testing.T) string {
	t.Helper()
	course := filepath.Join(t.TempDir(), "big")
	require.NoError(t, gen.Write(course, gen.Config{Lessons: 400}))
	require.NoError(t, gen.Backdate(course, time.Now().Add(-time.Hour)))
	return course
}

// typeOnce waits until the terminal shows text, then types keys.
func typeOnce(text, keys string) func(func() string, io.Writer) {
	return func(shown func() string, kb io.Writer) {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if strings.Contains(shown(), text) {
				_, _ = io.WriteString(kb, keys)
				return
			}
		}
	}
}

// A big course with no structure index opens on its first screen, which
// the whole map then replaces; the index is kept once it has.
func TestBigCourseFirstScreenThenTheWholeMap(t *testing.T) {
	cache := useCache(t)
	course := bigFirstCourse(t)
	out, errOut, code := runInPtyTyping(t, nil, typeOnce(" in all", "q"),
		"--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	require.Equal(t, exitOK, code, errOut)
	first := strings.Index(out, "Reading the rest of the course…")
	whole := strings.Index(out, " in all")
	require.GreaterOrEqual(t, first, 0, "the first screen was drawn")
	require.Greater(t, whole, first, "then the whole map")
	assert.Contains(t, out[:whole], "Partner screening", "the first screen shows the first modules")
	// The app that took over keeps the structure's index, in the
	// background, once its frame is out.
	var indexes []string
	for range 100 {
		indexes, _ = filepath.Glob(filepath.Join(cache, "ally", "structure", "*.idx"))
		if len(indexes) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	require.Len(t, indexes, 1, "an index is kept")

	// With the index, there is no first screen.
	out, errOut, code = runInPtyTyping(t, nil, typeOnce(" in all", "q"),
		"--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "Reading the rest of the course…")
}

// holdLoad holds the structure's load after the first screen until the
// returned func is called (or the test ends).
func holdLoad(t *testing.T) (release func()) {
	t.Helper()
	held := make(chan struct{})
	release = sync.OnceFunc(func() { close(held) })
	hold := func() { <-held }
	firstShown.Store(&hold)
	t.Cleanup(func() {
		firstShown.Store(nil)
		release()
	})
	return release
}

// Quitting on the first screen quits at once, while the course is still
// being read, keeps nothing and writes no progress file.
func TestBigCourseQuitOnTheFirstScreen(t *testing.T) {
	useCache(t)
	course := bigFirstCourse(t)
	holdLoad(t) // never read
	progressFile := filepath.Join(t.TempDir(), "p.json")
	out, errOut, code := runInPtyTyping(t, nil, typeOnce("Reading the rest of the course…", "q"),
		"--course", course, "--progress", progressFile)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Reading the rest of the course…")
	_, err := os.Stat(progressFile)
	assert.True(t, os.IsNotExist(err), "no progress file")
}

// Keys typed on the first screen are not lost: the cursor moves there, and
// enter opens the module it is on once the whole course is read.
func TestBigCourseKeysOnTheFirstScreen(t *testing.T) {
	useCache(t)
	course := bigFirstCourse(t)
	release := holdLoad(t)
	summary := "A negotiation publish that equity unless a fair patent publish most lesson." // m001's
	data, err := os.ReadFile(filepath.Join(course, "m001-partner-screening", "module.md"))
	require.NoError(t, err)
	require.Contains(t, string(data), summary)
	typing := func(shown func() string, kb io.Writer) {
		typeOnce("Reading the rest of the course…", "j\r")(shown, kb) // the first module, enter
		typeOnce("this opens as soon as it is read", "")(shown, kb)
		release()
		typeOnce(summary, "q")(shown, kb)
	}
	out, errOut, code := runInPtyTyping(t, nil, typing, "--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	require.Equal(t, exitOK, code, errOut)
	kept := strings.Index(out, "Reading the course… this opens as soon as it is read.")
	require.GreaterOrEqual(t, kept, 0, "enter waits, with a notice")
	assert.Contains(t, out[kept:], summary, "then opens the module the cursor was on")
}

// A course whose problem lies past the first screen's folders shows that
// screen, then stops with the whole report, as one refused at once.
func TestBigCourseProblemAfterTheFirstScreen(t *testing.T) {
	useCache(t)
	course := bigFirstCourse(t)
	mods, err := filepath.Glob(filepath.Join(course, "m0*"))
	require.NoError(t, err)
	bad := filepath.Join(mods[40], "module.md")
	data, err := os.ReadFile(bad)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bad, append([]byte("---\nid: Bad\n"), data[4:]...), 0o644))

	out, errOut, code := runInPty(t, nil, "--course", course, "--progress", filepath.Join(t.TempDir(), "p.json"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, out, "Reading the rest of the course…", "the first screen was drawn")
	assert.NotContains(t, out, " in all")
	rel, err := filepath.Rel(course, bad)
	require.NoError(t, err)
	assert.Contains(t, errOut, filepath.ToSlash(rel)+`:2:5: id "Bad" is not valid`)
}
