package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileDir copies the sample course and puts escape sequences, written
// as YAML escapes, in the course title and a lesson title, an unknown key
// whose name carries OSC 52, and a file whose name carries CSI 2J.
func hostileDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	edit := func(rel, old, new string) {
		p := filepath.Join(dir, rel)
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		require.Contains(t, string(b), old)
		require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
	}
	edit("course.yaml", "title: Writing a Clear Bug Report", `title: "Writing \e]52;c;aGk=\a a \e[5mClear\e[0m Bug Report"`)
	edit("01-why-reports/01-what-for.md", "title: What a bug report is for", `title: "What \e[2J\u009b2J a bug report is for"`)
	return dir
}

// rawControls lists the raw control bytes in s other than newline and tab.
func rawControls(s string) []string {
	var found []string
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			found = append(found, string(r))
		}
	}
	return found
}

func TestCLIOutputNeverCarriesCourseEscapes(t *testing.T) {
	dir := hostileDir(t)
	bad := filepath.Join(dir, "01-why-reports", "09-\x1b[2Jbad.md")
	require.NoError(t, os.WriteFile(bad, []byte("---\nid: bad\ntitle: x\n\"\\e]52;c;aGk=\\a\": 1\n---\n"), 0o644))
	out, errOut, code := allyRun(t, "", "validate", dir)
	assert.Equal(t, exitFailure, code)
	assert.Empty(t, rawControls(out+errOut), "validate: %q", out+errOut)
	assert.Contains(t, out, `09-\x1b[2Jbad.md`, "the file name is shown escaped")
	require.NoError(t, os.Remove(bad))

	progressFile := filepath.Join(t.TempDir(), "p.json")
	for _, args := range [][]string{
		{"read", "what-for"},
		{"--theme", "notty", "read", "what-for"},
		{"read"},
		{"progress", "show"},
		{"progress", "export", "--format", "csv"},
	} {
		args = append([]string{"--course", dir, "--progress", progressFile}, args...)
		out, errOut, _ := allyRun(t, "", args...)
		assert.Empty(t, rawControls(out+errOut), "%v: %q", args, out+errOut)
		assert.Contains(t, out+errOut, `\x1b`, "%v shows the escapes (or the validator's error quoting them)", args)
	}
	out, errOut, _ = allyRun(t, "", "validate", dir)
	assert.Empty(t, rawControls(out+errOut), "validate: %q", out+errOut)
}

func TestCSVExportNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS(sampleDir)))
	p := filepath.Join(dir, "01-why-reports", "01-what-for.md")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(b), "title: What a bug report is for", `title: '=HYPERLINK("http://evil.example","x")'`, 1)), 0o644))
	out, errOut, code := allyRun(t, "", "--course", dir, "--progress", filepath.Join(t.TempDir(), "p.json"), "progress", "export", "--format", "csv")
	require.Equal(t, exitOK, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	found := false
	for _, row := range rows {
		if row[3] == "what-for" {
			found = true
			assert.Equal(t, `'=HYPERLINK("http://evil.example","x")`, row[5])
		}
		for _, cell := range row {
			if cell != "" {
				assert.NotContains(t, "=+-@", cell[:1], "cell %q", cell)
			}
		}
	}
	assert.True(t, found)
}

func TestReadPrintsCleanPlainText(t *testing.T) {
	out, errOut, code := allyRun(t, "", "--course", sampleDir, "--theme", "notty", "read", "reproduce")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(out, "\n")
	assert.Equal(t, "  Finding and writing the steps", lines[0], "the title first")
	for _, mark := range []string{"**", "##", "`", "\x1b", ".md)"} {
		assert.NotContains(t, out, mark)
	}
	assert.Contains(t, strings.Join(strings.Fields(out), " "), "the anatomy lesson (→ The anatomy of a good report)",
		"a link to an item shows its title, not its path")
}
