package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The course map styles a module's row only when it draws it, if the row
// is one line: its width is worked out from the plain text
// (moduleLine.width). That is sound only if the styled row is exactly
// that wide and wrapRow would have left it whole; these titles try what
// could make the two differ.
func TestMapRowWidthWithoutStyling(t *testing.T) {
	titles := []string{
		"Partner screening", "", "x", strings.Repeat("long title ", 12),
		"Écrire un rapport clair", "日本語のモジュール", "Emoji 🚀 and 👩‍💻 here", "e\u0301 combining",
		"non\u00a0breaking", "soft\u00adhyphen", "zero\u200bwidth", "dash-separated-words",
		"tab\there", "cr\rhere", "line\nbreak", "esc \x1b[31mred", "del\x7f", "c1 \u009b31m", "bad \xff utf-8",
	}
	for _, mode := range []Mode{ModeDark, ModeNoTTY} {
		s := NewStyles(mode, true)
		for _, title := range titles {
			for _, label := range []string{"", "M1.2"} {
				m := &content.Module{ID: "m", Label: label, Title: title}
				for _, ms := range []*progress.ModuleState{
					{Module: m, Status: progress.StatusLocked},
					{Module: m, Status: progress.StatusLocked, Preview: true, Minutes: 40, MinutesLeft: 40},
					{Module: m, Status: progress.StatusOpen, Total: 9, Minutes: 95, MinutesLeft: 95},
					{Module: m, Status: progress.StatusInProgress, Done: 3, Total: 12, Minutes: 60, MinutesLeft: 25},
					{Module: m, Status: progress.StatusCompleted, Done: 10, Total: 10, Minutes: 30},
				} {
					for _, next := range []bool{false, true} {
						ml := newModuleLine(ms, next)
						w, ok := ml.width()
						if !ok {
							continue // styled and wrapped at once, as before
						}
						text := ml.render(s)
						if got := ansi.StringWidth(text); got != w {
							t.Fatalf("%s, %q: width %d, styled %d cells: %q", mode, title, w, got, text)
						}
						for limit := w; limit <= w+2; limit++ {
							if rows := wrapRow(row{text: text}, limit, 22); len(rows) != 1 || rows[0].text != text {
								t.Fatalf("%s, %q: a %d-cell row wraps at %d: %+v", mode, title, w, limit, rows)
							}
						}
					}
				}
			}
		}
	}
	for _, title := range []string{"tab\there", "line\nbreak", "esc \x1b[31mred", "c1 \u009b31m", "bad \xff utf-8"} {
		if _, ok := newModuleLine(&progress.ModuleState{Module: &content.Module{Title: title}}, false).width(); ok {
			t.Errorf("%q: measured without styling", title)
		}
	}
}

// generatedCourse is the generator's course of n lessons, read by its
// structure as ally --course reads a big one.
func generatedCourse(t *testing.T, n int) *content.Course {
	t.Helper()
	fsys, err := gen.FS(gen.Config{Lessons: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	c, rep := content.ValidateStructure(fsys)
	if c == nil || len(rep.Errors) > 0 {
		t.Fatal(rep.Errors)
	}
	return c
}

// selectedLine is the screen's line under the list cursor.
func selectedLine(t *testing.T, d *driver) string {
	t.Helper()
	for _, l := range strings.Split(d.screen(), "\n") {
		if strings.HasPrefix(l, "› ") {
			return l
		}
	}
	t.Fatalf("no line is selected:\n%s", d.screen())
	return ""
}

// On a big course the map's rows are styled as they come into view; the
// keys still reach every module, and each row reads as the module it
// opens.
func TestMapKeysOnABigCourse(t *testing.T) {
	c := generatedCourse(t, 2000)
	d := newDriver(t, c, 100, 30)
	last := c.Modules[len(c.Modules)-1]
	d.keys("end")
	if l := selectedLine(t, d); !strings.Contains(l, moduleName(last)) || !strings.Contains(l, "⊘ locked") {
		t.Fatalf("end selects %q, want the last module, %q", l, moduleName(last))
	}
	d.keys("up")
	if l := selectedLine(t, d); !strings.Contains(l, moduleName(c.Modules[len(c.Modules)-2])) {
		t.Fatalf("up from the last module selects %q", l)
	}
	d.keys("enter")
	d.has(c.Modules[len(c.Modules)-2].Title, "locked")
	d.keys("esc")
	if l := selectedLine(t, d); !strings.Contains(l, moduleName(c.Modules[len(c.Modules)-2])) {
		t.Fatalf("back on the map, %q is selected", l)
	}
	d.keys("home")
	d.has("Welcome.", "★ Next")
	for i, m := range c.Modules[:40] {
		d.keys("down")
		if l := selectedLine(t, d); !strings.Contains(l, moduleName(m)) {
			t.Fatalf("down %d times selects %q, want %q", i+1, l, moduleName(m))
		}
	}
	d.keys("enter")
	d.has(c.Modules[39].Title)
}

// The map is laid out again for a new width: its rows wrap at the new
// width instead of being cut with "…" (found in tmux, shrinking the
// window from 100 to 70 columns).
func TestMapWrapsAgainWhenTheTerminalNarrows(t *testing.T) {
	d := newDriver(t, nil, 100, 30)
	welcome := "Welcome."
	d.has(welcome)
	d.send(tea.WindowSizeMsg{Width: 60, Height: 30})
	for _, l := range strings.Split(d.screen(), "\n") {
		assert.LessOrEqual(t, ansi.StringWidth(l), 60)
		if strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "↑") {
			assert.NotContains(t, l, "…", "a cut line: %q", l)
		}
	}
	d.has(welcome)
	sel := d.m.top().(*home).list.selectedKey()
	d.keys("down")
	moved := d.m.top().(*home).list.selectedKey()
	require.NotEqual(t, sel, moved)
	d.send(tea.WindowSizeMsg{Width: 90, Height: 30})
	assert.Equal(t, moved, d.m.top().(*home).list.selectedKey(), "the cursor stays on its row")
}
