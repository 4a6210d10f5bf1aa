package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgressRenameAdoptsAnOrphan(t *testing.T) {
	path := sampleProgress(t)
	out, _, code := allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "old-quiz")

	out, errOut, code := allyRun(t, "", "progress", "rename", "old-quiz", "writing-check", "--course", sampleDir, "--progress", path)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Moved 1 record from old-quiz to writing-check.")
	assert.Contains(t, out, "saved in "+path+".reset-")

	out, _, code = allyRun(t, "", "progress", "show", "--course", sampleDir, "--progress", path)
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "old-quiz")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"writing-check"`)
}

func TestProgressRenameMistakes(t *testing.T) {
	path := sampleProgress(t)
	_, errOut, code := allyRun(t, "", "progress", "rename", "nothing", "writing-check", "--course", sampleDir, "--progress", path)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, `no records under "nothing"`)

	_, errOut, code = allyRun(t, "", "progress", "rename", "what-for", "anatomy", "--course", sampleDir, "--progress", path)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, errOut, `"what-for" and "anatomy" both have records`)

	_, _, code = allyRun(t, "", "progress", "rename", "one")
	assert.Equal(t, exitUsage, code)
}
