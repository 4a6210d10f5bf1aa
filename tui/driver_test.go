package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) {
	if os.Getenv(coldChildEnv) != "" { // a child of BenchmarkRenderLesson8KBCold
		if err := renderColdChild(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	time.Local = time.UTC // dates on screen do not depend on the machine
	code := m.Run()
	removeBigCourses()
	os.Exit(code)
}

// epoch is the fake clock's start.
var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func fakeClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return epoch.Add(time.Duration(n.Add(1)) * time.Second) }
}

// driver runs the app without a terminal: it sends messages to the model
// and runs the commands it returns, feeding their messages back, until
// nothing is left to do.
type driver struct {
	t     testing.TB
	m     *Model
	c     *content.Course
	store *progress.Store
	quit  bool
	// retries counts retry ticks, which the driver holds back: a test
	// sends retryMsg{} itself once it has mended the disk.
	retries int
	// reverse runs the commands of a batch last first: Bubble Tea runs
	// them concurrently, so nothing may depend on their order.
	reverse bool
}

func loadSample(t testing.TB) *content.Course {
	c, err := content.Load(os.DirFS(filepath.Join("..", "testdata", "sample")))
	require.NoError(t, err)
	return c
}

// newDriver opens the app on course c (the sample course when nil) with a
// fresh progress file, at width×height.
func newDriver(t *testing.T, c *content.Course, width, height int) *driver {
	t.Helper()
	if c == nil {
		c = loadSample(t)
	}
	path := filepath.Join(t.TempDir(), "progress.json")
	return openDriver(t, c, path, width, height, false)
}

func openDriver(t testing.TB, c *content.Course, path string, width, height int, resume bool) *driver {
	t.Helper()
	clock := fakeClock()
	store, _, err := progress.Open(path, c, progress.WithClock(clock))
	require.NoError(t, err)
	m := New(Options{Course: c, Store: store, Mode: ModeDark, MaxWidth: 80, Seed: 1, Now: clock, Resume: resume})
	m.c.retry = time.Millisecond
	m.c.idle = 0 // save a reading place at once after a scroll
	m.c.quitWait = time.Millisecond
	m.c.path = "<progress file>"
	d := &driver{t: t, m: m, c: c, store: store}
	d.run(m.Init())
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// run executes cmd and everything it leads to.
func (d *driver) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			d.t.Fatal("the app does not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			if d.reverse {
				msg = slices.Clone(msg)
				slices.Reverse(msg)
			}
			queue = append(queue, msg...)
		case tea.QuitMsg:
			d.quit = true
		case retryMsg:
			d.retries++
		default:
			// tea.Sequence's message is an unexported []tea.Cmd.
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				for i := 0; i < v.Len(); i++ {
					queue = append(queue, v.Index(i).Interface().(tea.Cmd))
				}
				continue
			}
			if reflect.TypeOf(msg).PkgPath() == "charm.land/bubbletea/v2" && !isPublicMsg(msg) {
				continue // terminal requests (background colour, …)
			}
			_, next := d.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func isPublicMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.WindowSizeMsg, tea.KeyPressMsg, tea.BackgroundColorMsg:
		return true
	}
	return false
}

// keys presses keys by name: "enter", "esc", "down", "space", "shift+up",
// "ctrl+c", or a single character.
func (d *driver) keys(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.send(keyMsg(n))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func keyMsg(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	mod := tea.KeyMod(0)
	if rest, ok := strings.CutPrefix(name, "shift+"); ok {
		mod, name = tea.ModShift, rest
	}
	if rest, ok := strings.CutPrefix(name, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(rest[0]), Mod: tea.ModCtrl}
	}
	if r, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	if name == "space" {
		return tea.KeyPressMsg{Code: ' ', Text: " "}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// screen is what the terminal shows, without colour.
func (d *driver) screen() string { return ansi.Strip(d.m.render()) }

// has fails unless the screen shows every text.
func (d *driver) has(texts ...string) {
	d.t.Helper()
	s := d.screen()
	for _, text := range texts {
		if !strings.Contains(s, text) {
			d.t.Fatalf("the screen does not show %q:\n%s", text, s)
		}
	}
}

func (d *driver) hasNot(text string) {
	d.t.Helper()
	if s := d.screen(); strings.Contains(s, text) {
		d.t.Fatalf("the screen shows %q:\n%s", text, s)
	}
}

// state reads the progress file as saved.
func (d *driver) state() *progress.State {
	d.t.Helper()
	s, _, err := progress.Open(d.store.Path(), d.c)
	require.NoError(d.t, err)
	return s.Snapshot()
}

// golden compares the screen with testdata/golden/name-WxH.golden.
func (d *driver) golden(name string) {
	d.t.Helper()
	got := d.screen()
	file := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		require.NoError(d.t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(d.t, os.WriteFile(file, []byte(got), 0o644))
	}
	want, err := os.ReadFile(file)
	require.NoError(d.t, err, "run go test ./tui -update to create the golden file")
	if string(want) != got {
		d.t.Errorf("the screen differs from %s (go test ./tui -update to accept):\n--- want\n%s\n--- got\n%s", file, want, got)
	}
}
