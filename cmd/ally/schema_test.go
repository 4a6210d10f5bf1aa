package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchemaCommand(t *testing.T) {
	out, errOut, code := allyRun(t, "", "schema", "course")
	require.Equal(t, exitOK, code, errOut)
	var s map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	assert.Equal(t, "Ally course.yaml", s["title"])

	dir := t.TempDir()
	out, errOut, code = allyRun(t, "", "schema", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "wrote 4 schemas")
	for _, n := range []string{"course", "module", "item", "rule"} {
		b, err := os.ReadFile(filepath.Join(dir, n+".schema.json"))
		require.NoError(t, err)
		assert.True(t, json.Valid(b), n)
	}

	_, errOut, code = allyRun(t, "", "schema", "lessons")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `no schema "lessons": use one of course, item, module, rule`)
	_, _, code = allyRun(t, "", "schema")
	assert.Equal(t, exitUsage, code)
}
