package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstCourse writes a generated course of 400 lessons (45 module
// folders) and returns its folder, the start FirstModules reads of its
// first n folders, and its whole structure.
func firstCourse(t *testing.T, n int, edit func(dir string)) (string, *content.Course, *content.Course) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, gen.Write(dir, gen.Config{Lessons: 400}))
	if edit != nil {
		edit(dir)
	}
	fsys, err := content.OpenDir(dir)
	require.NoError(t, err)
	first, ok := content.FirstModules(fsys, n)
	require.True(t, ok)
	whole, rep := content.ValidateStructure(fsys)
	require.Empty(t, rep.Errors)
	return dir, first, whole
}

// firstUpdate sends msg to the program's model as Bubble Tea would, and
// returns the model that is then the program's.
func sendFirst(t *testing.T, m *Model, msg tea.Msg) (*Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(*Model), cmd
}

// The first screen of a course still being read shows the first stage's
// first modules as the whole course shows them, and "…" where the rest of
// the course is needed: the totals, the stage's counts and a status whose
// rule names a module not read yet.
func TestFirstScreenShowsOnlyWhatItKnows(t *testing.T) {
	var later string
	_, first, whole := firstCourse(t, 5, func(dir string) {
		// The third module waits for a module of the 20th folder.
		mods, err := filepath.Glob(filepath.Join(dir, "m0*"))
		require.NoError(t, err)
		later = filepath.Base(mods[19])
		f := filepath.Join(mods[2], "module.md")
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		text := string(data)
		i := strings.Index(text, "requires:")
		require.Positive(t, i)
		end := strings.Index(text[i:], "\n---")
		require.NoError(t, os.WriteFile(f, []byte(text[:i]+"requires:\n  completed: "+later+text[i+end:]), 0o644))
	})
	require.Less(t, len(first.Modules), len(whole.Modules))
	st := progress.NewState(first.ID, first.Version, epoch)
	m := NewFirstScreen(Options{Course: first, Mode: ModeDark, Seed: 1, Width: 100, Height: 40}, st)
	screen := ansi.Strip(m.render())

	assert.Contains(t, screen, readingLine)
	assert.NotContains(t, screen, " in all", "no total from part of the course")
	assert.NotContains(t, screen, "Checking the course", "nothing opens before it is read: no word of a check yet")
	assert.Contains(t, screen, fmt.Sprintf("This course has … modules in %d stages and … lessons, about … of reading", len(whole.Stages)))
	assert.Contains(t, screen, whole.Stages[0].Label+" · "+whole.Stages[0].Title+"  …")
	assert.NotContains(t, screen, "modules ·", "no stage counts")
	assert.Contains(t, screen, readingRest)
	assert.Contains(t, screen, "★ Next      Read", "the next step is in the first module")
	for i, mod := range first.Stages[0].Modules {
		line := lineWith(t, screen, mod.Title)
		if i == 2 {
			assert.Regexp(t, `^\s+…\s+`+mod.Title+` · \d+ min$`, line, "waits for %s: not known yet", later)
			continue
		}
		assert.NotContains(t, line, "…")
	}
	assert.NotContains(t, screen, whole.Stages[1].Title, "the second stage comes after the first one's other modules")

	// The same modules on the whole course's map, with the same status
	// where it is known.
	store, _, err := progress.Open(filepath.Join(t.TempDir(), "p.json"), whole)
	require.NoError(t, err)
	w := New(Options{Course: whole, Store: store, Mode: ModeDark, Seed: 1, Width: 100, Height: 40})
	defer w.Close(time.Second)
	full := ansi.Strip(w.render())
	assert.Contains(t, full, " in all")
	for i, mod := range first.Stages[0].Modules {
		if i != 2 {
			assert.Equal(t, lineWith(t, screen, mod.Title), lineWith(t, full, mod.Title))
		}
	}
	assert.Contains(t, lineWith(t, full, first.Stages[0].Modules[2].Title), "⊘ locked")
}

// lineWith is the line of screen holding text.
func lineWith(t *testing.T, screen, text string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return strings.TrimRight(l, " ")
		}
	}
	t.Fatalf("no line holds %q:\n%s", text, screen)
	return ""
}

// A learner with a place to resume outside the modules read sees that a
// place is coming, not a wrong one, and no next step that may not be it.
func TestFirstScreenDoesNotGuessThePlaceToResume(t *testing.T) {
	_, first, whole := firstCourse(t, 5, nil)
	lastMod := whole.Modules[len(whole.Modules)-1]
	st := progress.NewState(first.ID, first.Version, epoch)
	st.Last = &progress.Place{Item: lastMod.Items[0].ID, At: epoch}
	m := NewFirstScreen(Options{Course: first, Mode: ModeDark, Seed: 1, Width: 100, Height: 40}, st)
	screen := ansi.Strip(m.render())
	assert.Equal(t, "  ▶ Continue  …", lineWith(t, screen, "▶ Continue"))
}

// Keys pressed on the first screen are not lost: the cursor moves there,
// the first other key waits (with a notice) and is handled by the app that
// takes over, on the row the cursor was on, at the terminal's new size.
func TestFirstScreenHandsItsKeyToTheApp(t *testing.T) {
	_, first, whole := firstCourse(t, 5, nil)
	st := progress.NewState(first.ID, first.Version, epoch)
	m := NewFirstScreen(Options{Course: first, Mode: ModeDark, Seed: 1, Width: 100, Height: 30}, st)
	m.Init()
	m, _ = sendFirst(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, k := range []string{"down", "down", "down"} {
		m, _ = sendFirst(t, m, keyMsg(k))
	}
	target := first.Stages[0].Modules[2]
	assert.Equal(t, "module:"+target.ID, m.top().(*home).list.selectedKey())
	m, _ = sendFirst(t, m, keyMsg("enter"))
	assert.Contains(t, ansi.Strip(m.render()), keptLine)
	m, cmd := sendFirst(t, m, keyMsg("p")) // one key waits, not two
	assert.Nil(t, cmd)

	path := filepath.Join(t.TempDir(), "p.json")
	store, _, err := progress.Open(path, whole)
	require.NoError(t, err)
	app := New(Options{Course: whole, Store: store, Mode: ModeDark, Seed: 1, Width: 100, Height: 30})
	next, cmd := sendFirst(t, m, ReadyMsg{Model: app})
	require.Same(t, app, next, "the app takes over")
	d := &driver{t: t, m: app, c: whole, store: store}
	d.run(cmd)
	assert.Equal(t, 120, app.c.width)
	s, ok := app.top().(*moduleScreen)
	require.True(t, ok, "enter opened the module the cursor was on:\n%s", d.screen())
	assert.Equal(t, target.ID, s.mod.ID)
	d.keys("esc")
	d.has(" in all")
	require.NoError(t, app.Close(time.Second))
}

// A cursor that was not moved on the first screen does not choose a row:
// the app's own first row stays selected. Here the first screen cannot show
// the place to resume, the app can, and selects it.
func TestFirstScreenKeepsTheAppsFirstRow(t *testing.T) {
	_, first, whole := firstCourse(t, 5, nil)
	st := progress.NewState(first.ID, first.Version, epoch)
	for _, ms := range progress.Evaluate(whole, st).Modules {
		if ms.Status == progress.StatusOpen && first.Module(ms.Module.ID) == nil {
			st.Last = &progress.Place{Item: ms.Module.Items[0].ID, At: epoch} // open, not read
			break
		}
	}
	require.NotNil(t, st.Last)
	m := NewFirstScreen(Options{Course: first, Mode: ModeDark, Seed: 1, Width: 100, Height: 30}, st)
	require.Equal(t, "next", m.top().(*home).list.selectedKey())
	path := filepath.Join(t.TempDir(), "p.json")
	data, err := json.Marshal(st)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	store, _, err := progress.Open(path, whole)
	require.NoError(t, err)
	app := New(Options{Course: whole, Store: store, Mode: ModeDark, Seed: 1, Width: 100, Height: 30})
	want := app.top().(*home).list.selectedKey()
	require.Equal(t, "continue", want)
	sendFirst(t, m, ReadyMsg{Model: app})
	assert.Equal(t, want, app.top().(*home).list.selectedKey())
	require.NoError(t, app.Close(time.Second))
}

// q and ctrl+c quit the first screen at once (there is nothing to save),
// and so does a course that fails to open.
func TestFirstScreenQuits(t *testing.T) {
	_, first, _ := firstCourse(t, 5, nil)
	st := progress.NewState(first.ID, first.Version, epoch)
	for _, msg := range []tea.Msg{keyMsg("q"), keyMsg("ctrl+c"), LoadFailedMsg{}, StopMsg{}} {
		m := NewFirstScreen(Options{Course: first, Mode: ModeDark, Seed: 1, Width: 100, Height: 30}, st)
		m, _ = sendFirst(t, m, keyMsg("enter")) // waiting does not hold quit back
		_, cmd := sendFirst(t, m, msg)
		require.NotNil(t, cmd, "%#v", msg)
		assert.IsType(t, tea.QuitMsg{}, cmd(), "%#v", msg)
		assert.Empty(t, m.render(), "the screen is left blank")
		assert.NoError(t, m.Close(0))
	}
}
