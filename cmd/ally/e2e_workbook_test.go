//go:build e2e

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// startAgain is start, retried: right after a program in the only session
// is killed, tmux 3.3a's server can exit under a new session (bench/README.md,
// "The tmux 3.3a crash").
func startAgain(t *testing.T, w, h int, env []string, args ...string) *tmuxTerm {
	t.Helper()
	cmd := strings.Join(append(append(env, binary), args...), " ")
	for try := 0; ; try++ {
		time.Sleep(300 * time.Millisecond)
		name := fmt.Sprintf("ally-e2e-%d", rand.Int())
		out, err := exec.Command("tmux", "new-session", "-d", "-s", name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd).CombinedOutput()
		if err == nil {
			t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", name).Run() })
			return &tmuxTerm{t: t, name: name}
		}
		if try == 4 {
			t.Fatalf("tmux: %s", out)
		}
	}
}

// typeText types text literally.
func (tm *tmuxTerm) typeText(s string) {
	tm.t.Helper()
	require.NoError(tm.t, exec.Command("tmux", "send-keys", "-t", tm.name, "-l", s).Run())
	time.Sleep(60 * time.Millisecond)
}

// A founder logs three alliances in the real binary, writes one lesson in
// $EDITOR, reviews two, sees the grid sorted by outcome, watches the
// locked module open because of it, quits, finds everything again, and
// exports it all as Markdown.
func TestNewcomerLogsAlliances(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"course.yaml":  "id: ws\ntitle: Alliance practice\nversion: '1'\nsummary: Log and review.\nstages:\n  - {id: s, title: Only, summary: S.}\n",
		"m1/module.md": "---\nid: m1\ntitle: Logging\nstage: s\nsummary: Log.\n---\n",
		"m1/01-l.md":   "---\nid: l\ntitle: Why log\n---\nText to read.\n",
		"m1/02-log.md": "---\nid: log\ntitle: Alliance log\nkind: worksheet\noptional: true\nnoun: alliance\ncolumns: [partner, form, review.outcome]\nfields:\n" +
			"  - {id: partner, label: Partner, type: text, required: true}\n" +
			"  - {id: form, label: Form, type: choice, options: [Licence, R&D]}\n" +
			"  - {id: lessons, label: Lessons, type: long text}\n---\nOne per alliance.\n",
		"m2/module.md": "---\nid: m2\ntitle: Reviewing\nstage: s\nsummary: R.\n---\n",
		"m2/01-review.md": "---\nid: review\ntitle: Alliance review\nkind: worksheet\nfor: log\noptional: true\nnoun: review\nfields:\n" +
			"  - {id: outcome, label: Outcome, type: scale, labels: [Poor, Fair, Good], required: true}\n---\n",
		"m3/module.md": "---\nid: m3\ntitle: Comparing\nstage: s\nsummary: C.\nrequires:\n  recorded: {worksheet: log, min: 2, reviewed: review}\n---\n",
		"m3/01-x.md":   "---\nid: x\ntitle: The grid\n---\nText.\n",
	}
	for name, text := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	editor := filepath.Join(dir, "editor.sh")
	require.NoError(t, os.WriteFile(editor, []byte("#!/bin/sh\necho 'Agree publication rights first.' > \"$1\"\n"), 0o755))
	progress := filepath.Join(t.TempDir(), "p.json")
	args := []string{"--course", dir, "--progress", progress}
	env := []string{"EDITOR=" + editor}

	tm := start(t, 100, 30, env, args...)
	tm.wait("Alliance practice", "⊘ locked")
	tm.keys("w")
	tm.wait("Workbook", "0 alliances", "+ Add an alliance")
	for i, partner := range []string{"Food lab", "Machine maker", "Second lab"} {
		tm.keys("a")
		tm.wait("New alliance")
		tm.typeText(partner)
		tm.keys("Tab", "2")
		if i == 0 {
			tm.keys("Tab", "C-e") // the lesson, written in $EDITOR
			tm.wait("Agree publication rights first.")
		}
		tm.keys("C-s")
		tm.wait("+ Add an alliance", partner) // back on the list: the form's title names the partner too
	}
	tm.wait("3 alliances")
	// Review the first two: the cursor starts on the log's heading.
	tm.keys("Down", "r")
	tm.wait("New review", "of “Food lab”")
	tm.keys("3", "C-s")
	tm.wait("✓ review")
	tm.keys("Down", "r")
	tm.wait("of “Machine maker”")
	tm.keys("1", "C-s")
	tm.wait("Machine maker  ✓ review")

	tm.keys("v")
	tm.wait("Alliance log — grid")
	tm.keys("Right", "Right", "s")
	s := tm.wait("sorted by Outcome, high to low")
	require.Less(t, strings.Index(s, "Food lab"), strings.Index(s, "Machine maker"))
	require.Less(t, strings.Index(s, "Machine maker"), strings.Index(s, "Second lab"))
	tm.keys("Escape")
	tm.wait("+ Add an alliance")
	tm.keys("Escape")
	s = tm.wait("Comparing")
	require.NotContains(t, s, "⊘ locked", "two reviewed alliances open the module")
	tm.keys("q")
	tm.ended()

	tm = start(t, 100, 30, env, args...)
	tm.wait("Alliance practice")
	tm.keys("w")
	tm.wait("Food lab  ✓ review", "Machine maker  ✓ review", "Second lab  no review yet")
	tm.keys("q")
	tm.ended()

	// SIGKILL in the middle of an entry loses only the open field: the
	// partner typed before tab is in the draft, and comes back.
	tm = start(t, 100, 30, env, args...)
	tm.wait("Alliance practice")
	tm.keys("w", "a")
	tm.wait("New alliance")
	tm.typeText("Fourth partner")
	tm.keys("Tab", "1", "Tab")
	tm.typeText("half a lesson")
	tm.wait("half a lesson")
	pid, err := exec.Command("tmux", "display", "-p", "-t", tm.name, "#{pane_pid}").Output()
	require.NoError(t, err)
	require.NoError(t, exec.Command("kill", "-9", strings.TrimSpace(string(pid))).Run())
	tm.ended()
	tm = startAgain(t, 100, 30, env, args...)
	tm.wait("Alliance practice")
	tm.keys("w")
	tm.wait("+ Add an alliance  unsaved draft")
	tm.keys("a")
	s = tm.wait("Your unsaved draft is back", "Fourth partner", "(•) 1 Licence")
	require.NotContains(t, s, "half a lesson", "the open field's keystrokes are all that is lost")
	tm.keys("Escape")
	tm.wait("+ Add an alliance")
	tm.keys("q")
	tm.ended()

	out, err := exec.Command(binary, append(args, "workbook", "export")...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, want := range []string{"### Food lab", "Agree publication rights first.", "- **Outcome:** 3 (Good)",
		"| Food lab | R&D | 3 (Good) |", "#### Alliance review\n\nNot written yet."} {
		require.Contains(t, string(out), want)
	}
}
