package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWritesACourse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "course")
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"-lessons", "25", "-seed", "3", dir}, &out, &errOut))
	assert.Contains(t, out.String(), "25 lessons")
	_, rep := content.Validate(os.DirFS(dir))
	assert.Empty(t, rep.Errors)
	assert.Empty(t, rep.Warnings)
	assert.Equal(t, 25, rep.Stats.Lessons)

	// A second run into the same folder is refused.
	require.ErrorContains(t, run([]string{"-lessons", "5", dir}, &out, &errOut), "not empty")
}

func TestWritesOneLesson(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lesson.md")
	var out bytes.Buffer
	require.NoError(t, run([]string{"-lesson", file, "-size", "8k"}, &out, &out))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "---\nid: long-lesson\n"))
	assert.InEpsilon(t, 8192, len(data), 0.05)
}

func TestBadCommandLines(t *testing.T) {
	var out bytes.Buffer
	for _, args := range [][]string{
		{},                       // no DIR
		{"a", "b"},               // two
		{"-lessons", "0", "dir"}, // no lessons
		{"-lesson", "f", "-size", "x"},
		{"-lesson", "f", "-size", "-3k"},
		{"-lesson", "f", "dir"},
	} {
		assert.Error(t, run(args, &out, &out), "%q", args)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int{"8192": 8192, "8k": 8192, "8K": 8192, "8kb": 8192, "8KB": 8192, "100b": 100} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
}
