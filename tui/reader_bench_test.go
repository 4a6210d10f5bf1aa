package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
)

// bigLessonCourse is the sample course with its lesson "anatomy" made
// size bytes long (front matter included): the generator's standalone
// lesson, headings, lists, tables, quotes and code blocks.
func bigLessonCourse(tb testing.TB, size int) *content.Course {
	tb.Helper()
	root := filepath.Join("..", "testdata", "sample")
	fsys := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	const name = "01-why-reports/02-anatomy.md"
	front := "---\nid: anatomy\ntitle: The anatomy of a good report\nminutes: 4\n---\n"
	body := gen.StandaloneLesson(1, size-len(front)-64)
	if len(front)+len(body) > content.MaxFileSize {
		body = body[:strings.LastIndex(body[:content.MaxFileSize-len(front)], "\n\n")+1]
	}
	fsys[name] = &fstest.MapFile{Data: []byte(front + body)}
	c, err := content.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// benchOpenCached times what the UI goroutine does when the learner opens
// a lesson whose rendering is cached, as the app does it: → from the
// lesson before it (the navigation message's Update: a new reader, the
// rendering from the cache, the place, the search) and the first frame
// (View). Between iterations, outside the timer, the learner goes back to
// the lesson before and every command runs to the end (saves, the
// neighbours' pre-rendering).
func benchOpenCached(b *testing.B, size, width, height int) {
	c := bigLessonCourse(b, size)
	d := openDriver(b, c, filepath.Join(b.TempDir(), "progress.json"), width, height, false)
	d.send(navMsg{id: "what-for"})
	d.send(navMsg{id: "anatomy", replace: true}) // rendered and cached
	if r, ok := d.m.top().(*reader); !ok || r.it.ID != "anatomy" || r.loading || r.partial {
		b.Fatalf("the big lesson is not shown:\n%s", d.screen())
	}
	open := navMsg{id: "anatomy", replace: true}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		d.send(navMsg{id: "what-for", replace: true})
		b.StartTimer()
		_, cmd := d.m.Update(open)
		v := d.m.View()
		b.StopTimer()
		if r := d.m.top().(*reader); r.it.ID != "anatomy" || r.loading || !strings.Contains(v.Content, "The anatomy of a good report") {
			b.Fatal("the cached lesson was not shown at once")
		}
		d.run(cmd)
		b.StartTimer()
	}
}

// The issue-16 budget: opening a cached lesson of any size (up to the
// format's 1 MiB) costs at most 16 ms on the UI goroutine.
func BenchmarkOpenCached8KB(b *testing.B)  { benchOpenCached(b, 8<<10, 120, 40) }
func BenchmarkOpenCached1MiB(b *testing.B) { benchOpenCached(b, 1<<20, 120, 40) }

// benchSwitch times a lesson switch on the built-in course as the
// learner makes it: the → (or ←) key's Update, the navigation message's
// Update and the frame after it, between two lessons already rendered.
func benchSwitch(b *testing.B, width, height int) {
	c, err := content.Load(content.Default())
	if err != nil {
		b.Fatal(err)
	}
	d := openDriver(b, c, filepath.Join(b.TempDir(), "progress.json"), width, height, false)
	d.m.c.maxWidth = 100
	d.send(navMsg{id: "why-alliances-newness"})
	d.keys("right", "left") // both rendered and cached
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := "right"
		if i%2 == 1 {
			k = "left"
		}
		i++
		_, cmd := d.m.Update(keyMsg(k))
		nav, rest := navOf(b, cmd)
		_, next := d.m.Update(nav)
		_ = d.m.View()
		b.StopTimer()
		if r := d.m.top().(*reader); r.loading {
			b.Fatal("the switch was not a cache hit")
		}
		d.run(tea.Batch(append(rest, next)...))
		b.StartTimer()
	}
}

// navOf runs the commands a key asked for until the navigation message,
// and returns it with the other commands, not run.
func navOf(tb testing.TB, cmd tea.Cmd) (navMsg, []tea.Cmd) {
	var rest []tea.Cmd
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case navMsg:
			return msg, append(rest, queue...)
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			rest = append(rest, func() tea.Msg { return msg })
		}
	}
	tb.Fatal("the key did not navigate")
	return navMsg{}, nil
}

func BenchmarkSwitch100x30(b *testing.B) { benchSwitch(b, 100, 30) }
func BenchmarkSwitch200x60(b *testing.B) { benchSwitch(b, 200, 60) }

// benchSearch times a search in an open lesson, as the learner makes it:
// the enter key's Update after typing the phrase (every match found and
// the first shown) and the frame after it; then n (the next match) and
// its frame. Between iterations, outside the timer, the search is cleared.
func benchSearch(b *testing.B, c *content.Course, id, phrase string) {
	d := openDriver(b, c, filepath.Join(b.TempDir(), "progress.json"), 120, 40, false)
	d.send(navMsg{id: id})
	if r, ok := d.m.top().(*reader); !ok || r.loading || r.partial {
		b.Fatalf("the lesson is not shown:\n%s", d.screen())
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		d.keys("/")
		d.typeText(phrase)
		b.StartTimer()
		d.m.Update(keyMsg("enter"))
		d.m.View()
		d.m.Update(keyMsg("n"))
		d.m.View()
		b.StopTimer()
		if r := d.m.top().(*reader); len(r.matches) < 2 {
			b.Fatalf("%d matches for %q", len(r.matches), phrase)
		}
		d.keys("esc")
		b.StartTimer()
	}
}

func BenchmarkSearchBuiltin(b *testing.B) {
	c, err := content.Load(content.Default())
	if err != nil {
		b.Fatal(err)
	}
	benchSearch(b, c, "why-alliances-newness", "the")
}

func BenchmarkSearch1MiB(b *testing.B) {
	benchSearch(b, bigLessonCourse(b, 1<<20), "anatomy", "the")
}
