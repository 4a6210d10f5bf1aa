package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateBuiltInCourse(t *testing.T) {
	out, errOut, code := allyRun(t, "", "validate")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "built-in course is valid: 4 stages, 17 modules")
	assert.Contains(t, out, "0 warnings")
}

// brokenCourse copies the sample course and breaks it in two places.
func brokenCourse(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	quiz := filepath.Join(dir, "01-why-reports", "04-why-check.md")
	data, err := os.ReadFile(quiz)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(quiz, []byte(strings.Replace(string(data), "pass: 0.75", "pass: 75", 1)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "01-why-reports", "05-bad.md"), []byte("---\nid: Bad Id\ntitle: x\n---\n"), 0o644))
	return dir
}

func TestValidateReportsEveryProblem(t *testing.T) {
	dir := brokenCourse(t)
	out, errOut, code := allyRun(t, "", "validate", dir)
	assert.Equal(t, exitFailure, code)
	assert.Equal(t, "01-why-reports/04-why-check.md:6:7: `pass` is 75: use a fraction from 0 to 1 (0.8 means 80%)\n"+
		`01-why-reports/05-bad.md:2:5: id "Bad Id" is not valid: use lowercase letters, digits and - only, e.g. "bad-id"`+"\n", out)
	assert.Contains(t, errOut, "2 errors, 0 warnings")

	out, _, code = allyRun(t, "", "validate", "--json", dir)
	assert.Equal(t, exitFailure, code)
	var rep struct {
		Errors []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Col     int    `json:"col"`
			Message string `json:"message"`
		} `json:"errors"`
		Warnings []any          `json:"warnings"`
		Stats    map[string]int `json:"stats"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Errors, 2)
	assert.Equal(t, "01-why-reports/04-why-check.md", rep.Errors[0].File)
	assert.Equal(t, 6, rep.Errors[0].Line)
	assert.Equal(t, 7, rep.Errors[0].Col)
	assert.NotNil(t, rep.Warnings, "an empty list, not null")
	assert.Equal(t, 3, rep.Stats["stages"])
}

func TestValidateUsesCourseFlagAndEnv(t *testing.T) {
	_, _, code := allyRun(t, "", "--course", sampleDir, "validate")
	assert.Equal(t, exitOK, code)
	t.Setenv("ALLY_COURSE", brokenCourse(t))
	_, _, code = allyRun(t, "", "validate")
	assert.Equal(t, exitFailure, code, "ALLY_COURSE picks the course")
}

func TestInvalidCourseDoesNotOpen(t *testing.T) {
	_, errOut, code := allyRun(t, "", "--course", brokenCourse(t), "read", "what-for")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "is not a valid course (2 problems):\n01-why-reports/04-why-check.md:6:7: `pass` is 75")
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"nonsense"},
		{"validate", "a", "b"},
		{"validate", "--nope"},
		{"--theme", "pink", "read", "what-for"},
		{"read", "a", "b"},
	} {
		_, errOut, code := allyRun(t, "", args...)
		assert.Equal(t, exitUsage, code, "%v: %s", args, errOut)
		assert.Contains(t, errOut, "Run 'ally --help' for usage.")
	}
	_, errOut, code := allyRun(t, "", "validate", filepath.Join(t.TempDir(), "missing"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "no such file or directory")
}

func TestVersion(t *testing.T) {
	out, _, code := allyRun(t, "", "version")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "ally dev (commit none, built unknown)\n", out)
}

func TestReadPrintsPlainTextWhenPiped(t *testing.T) {
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "read", "what-for")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "A letter to a stranger")
	assert.NotContains(t, out, "\x1b", "plain text: no escape codes")
	for _, l := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, len([]rune(l)), 80, "wrapped to --width")
		assert.Equal(t, strings.TrimRight(l, " "), l, "no trailing spaces")
	}

	out, _, code = allyRun(t, "", "--course", sampleDir, "read")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "what-for")
	assert.Contains(t, out, "why-check                                Why bug reports matter — check (quiz, ", "every item is listed with its kind")
	assert.Contains(t, out, "why-reports", "and every module")

	_, errOut, code = allyRun(t, "", "--course", sampleDir, "read", "no-such-thing")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, `the course has no item or module "no-such-thing"`)
}

// ally read prints a quiz, its key only when asked, an assessment and a
// module, through the same renderer as lessons.
func TestReadPrintsEveryKind(t *testing.T) {
	read := func(args ...string) string {
		t.Helper()
		out, errOut, code := allyRun(t, "", append([]string{"--course", sampleDir, "read"}, args...)...)
		require.Equal(t, exitOK, code, errOut)
		assert.NotContains(t, out, "\x1b")
		// Wrapping and marks are the renderer's business, not this test's.
		return strings.Join(strings.Fields(strings.ReplaceAll(out, "**", "")), " ")
	}
	quiz := read("writing-check")
	assert.Contains(t, quiz, "Which of these are well-written steps?")
	assert.Contains(t, quiz, "Choose all that apply")
	assert.Contains(t, quiz, "Export it the usual way.")
	assert.Contains(t, quiz, "Put these in order")
	assert.NotContains(t, quiz, "right:", "no key without --answers")
	assert.NotContains(t, quiz, "The usual way\" is usual only for you", "no feedback either")
	assert.Contains(t, quiz, "ally read writing-check --answers")

	key := read("writing-check", "--answers")
	assert.Contains(t, key, "✓ right: Choose File > Export > PDF.")
	assert.Contains(t, key, "✗ wrong: Export it the usual way.")
	assert.Contains(t, key, "is usual only for you")
	assert.Contains(t, key, "The right order")
	assert.Regexp(t, `1\. Search the existing reports\s+2\. Reproduce the bug`, key)

	a := read("reporting-habits")
	assert.Contains(t, a, "I write down the exact steps that led to the problem.")
	assert.Contains(t, a, "reverse-scored")
	assert.Contains(t, a, "a number from 0 to 200 (bug reports filed last month)")

	m := read("writing")
	assert.Contains(t, m, "Opens: Complete")
	assert.Contains(t, m, "In this module")
	assert.Contains(t, m, "writing-check")
}

func TestTUINeedsATerminal(t *testing.T) {
	_, errOut, code := allyRun(t, "", "--course", sampleDir)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, "the course opens in a terminal")
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, _, code := allyRun(t, "", "completion", shell)
		assert.Equal(t, exitOK, code)
		assert.Contains(t, out, "ally", shell)
	}
	// Every item and module id completes for ally read.
	out, _, code := allyRun(t, "", "__complete", "--course", sampleDir, "read", "")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "what-for\tWhat a bug report is for")
	assert.Contains(t, out, "why-check\tWhy bug reports matter — check")
	assert.Contains(t, out, "why-reports\tWhy bug reports matter\n")
}

// A worksheet prints as its introduction and its fields in words.
func TestReadWorksheet(t *testing.T) {
	out, errOut, code := allyRun(t, "", "read", "alliances")
	require.Equal(t, exitOK, code, errOut)
	flat := strings.Join(strings.Fields(out), " ")
	assert.Contains(t, flat, "One entry per alliance; w opens it in the workbook.")
	assert.Contains(t, flat, "1. Partner — text, required")
	assert.Contains(t, flat, "Partner kind — one of: Upstream, Horizontal, Downstream")
	assert.Contains(t, flat, "a date")
}
