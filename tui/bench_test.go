package tui

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/glamour/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
)

// The issue-6 budget for an 8 KB lesson: first render ≤ 15 ms, cached
// ≤ 0.1 ms, at width 100 in the dark style. The lesson is the generator's
// (go run ./bench/gencourse -lesson FILE -size 8k): headings, paragraphs
// with emphasis and code spans, lists, tables, quotes, fenced code blocks
// with a language and links, 8,114 bytes of markdown.
const (
	benchWidth = 100
	benchStyle = "dark"
)

func lesson8KB() *content.Item {
	return &content.Item{ID: "long-lesson", Title: "A long lesson", Kind: content.KindLesson, Body: gen.StandaloneLesson(1, 8<<10)}
}

// BenchmarkRenderLesson8KBFirst is the first lesson a learner opens: a
// fresh Renderer, so the Glamour renderer for the width and style is built
// and then the lesson rendered.
func BenchmarkRenderLesson8KBFirst(b *testing.B) {
	it := lesson8KB()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRenderer().RenderLesson(nil, it, benchWidth, benchStyle); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderLesson8KBCold is the first render in a new process, as
// the learner meets it: on top of BenchmarkRenderLesson8KBFirst it pays
// what Glamour and its highlighter set up once per process on first use
// (lexers, styles). Each iteration runs this test binary again to render
// the lesson once (renderColdChild); ns/op, B/op and allocs/op are the
// child's own figures for that render, not the cost of starting it.
func BenchmarkRenderLesson8KBCold(b *testing.B) {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var ns, bytes, allocs float64
	n := 0
	for b.Loop() {
		cmd := exec.Command(exe, "-test.run=^$", "-test.count=1")
		cmd.Env = append(os.Environ(), coldChildEnv+"=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		var t, by, al float64
		i := strings.Index(string(out), "cold ")
		if i < 0 {
			b.Fatalf("child said %q", out)
		}
		if _, err := fmt.Sscanf(string(out[i:]), "cold %g %g %g", &t, &by, &al); err != nil {
			b.Fatalf("child said %q: %v", out, err)
		}
		ns, bytes, allocs = ns+t, bytes+by, allocs+al
		n++
	}
	b.ReportMetric(ns/float64(n), "ns/op")
	b.ReportMetric(bytes/float64(n), "B/op")
	b.ReportMetric(allocs/float64(n), "allocs/op")
}

const coldChildEnv = "ALLY_BENCH_RENDER_COLD"

// renderColdChild is BenchmarkRenderLesson8KBCold's child (started by
// TestMain when coldChildEnv is set): it renders the 8 KB lesson once and
// prints the time, bytes and allocations.
func renderColdChild() error {
	it := lesson8KB()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	_, err := NewRenderer().RenderLesson(nil, it, benchWidth, benchStyle)
	d := time.Since(t0)
	runtime.ReadMemStats(&after)
	if err != nil {
		return err
	}
	fmt.Printf("cold %d %d %d\n", d.Nanoseconds(), after.TotalAlloc-before.TotalAlloc, after.Mallocs-before.Mallocs)
	return nil
}

// BenchmarkRenderLesson8KBWarm is every later lesson: the Glamour renderer
// for the width and style already exists, the lesson is not in the cache.
// Each iteration renders the same text under a new id, so it misses the
// cache (which grows by one entry per iteration: a negligible share of the
// time). This is what the app pays for a lesson it has not pre-rendered.
func BenchmarkRenderLesson8KBWarm(b *testing.B) {
	base := lesson8KB()
	r := NewRenderer()
	if _, err := r.RenderLesson(nil, base, benchWidth, benchStyle); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		it := *base // two small allocations, next to the render's thousands
		it.ID = base.ID + "-" + strconv.Itoa(i)
		if _, err := r.RenderLesson(nil, &it, benchWidth, benchStyle); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRenderLesson8KBCached is going back to a lesson: a cache hit.
func BenchmarkRenderLesson8KBCached(b *testing.B) {
	it := lesson8KB()
	r := NewRenderer()
	want, err := r.RenderLesson(nil, it, benchWidth, benchStyle)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		out, err := r.RenderLesson(nil, it, benchWidth, benchStyle)
		if err != nil || len(out) != len(want) {
			b.Fatal("cache miss", err)
		}
	}
}

// BenchmarkGlamourNewTermRenderer is the part of the first render that the
// warm one skips: building Glamour's renderer for one width and style
// (the same options Renderer uses).
func BenchmarkGlamourNewTermRenderer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := glamour.NewTermRenderer(glamour.WithStandardStyle(benchStyle), glamour.WithWordWrap(benchWidth)); err != nil {
			b.Fatal(err)
		}
	}
}

// The issue-9 budget: opening a 1 MiB lesson (the format's largest) shows
// its first screen in at most 3× the time an 8 KB lesson takes. Both
// benchmarks measure the reader's first rendering message — what the
// learner waits for before text appears — for a 40-line terminal
// (3 × 40 lines asked for, as when issue 9 was measured; the reader now
// asks for one window, 40, so this is an upper bound), on a warm engine,
// missing the cache.
func benchFirstScreen(b *testing.B, size int) {
	md := gen.StandaloneLesson(1, size)
	r := NewRenderer()
	if _, err := r.Render(renderKey{ID: "warm", Width: benchWidth, Style: benchStyle}, gen.StandaloneLesson(2, 2<<10), nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := renderKey{ID: "lesson-" + strconv.Itoa(i), Width: benchWidth, Style: benchStyle}
		msg := r.renderCmd(k, md, nil, 3*40, nil)().(renderedMsg)
		if msg.err != nil || msg.out == "" {
			b.Fatal("no first screen", msg.err)
		}
		i++
	}
}

func BenchmarkFirstScreen8KB(b *testing.B) { benchFirstScreen(b, 8<<10) }

func BenchmarkFirstScreen1MiB(b *testing.B) { benchFirstScreen(b, 1<<20) }

// BenchmarkRenderLesson1MiBWhole is the whole 1 MiB lesson, which the
// reader receives after its first screen (and caches).
func BenchmarkRenderLesson1MiBWhole(b *testing.B) {
	it := &content.Item{ID: "huge", Title: "A huge lesson", Kind: content.KindLesson, Body: gen.StandaloneLesson(1, 1<<20)}
	for b.Loop() {
		if _, err := NewRenderer().RenderLesson(nil, it, benchWidth, benchStyle); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnippetFirst is a quiz option rendered the first time a screen
// draws it (on the UI goroutine, then cached): a one-line option with
// emphasis and code, at 70 columns, on a warm snippet engine.
func BenchmarkSnippetFirst(b *testing.B) {
	r := NewRenderer()
	r.Snippet("warm", "", nil, 70, benchStyle)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		r.Snippet("Option "+strconv.Itoa(i)+": a **bold** claim with `code` in it", "", nil, 70, benchStyle)
		i++
	}
}

// BenchmarkSnippetCached is every later frame drawing that option.
func BenchmarkSnippetCached(b *testing.B) {
	r := NewRenderer()
	md := "Option: a **bold** claim with `code` in it"
	r.Snippet(md, "", nil, 70, benchStyle)
	b.ReportAllocs()
	for b.Loop() {
		r.Snippet(md, "", nil, 70, benchStyle)
	}
}

// BenchmarkFrameFilter is the safety filter every frame passes through
// (termsafe.Styled) on a full 120×40 reader frame.
func BenchmarkFrameFilter(b *testing.B) {
	r := NewRenderer()
	out, err := r.Render(renderKey{ID: "f", Width: 116, Style: benchStyle}, gen.StandaloneLesson(1, 8<<10), nil)
	if err != nil {
		b.Fatal(err)
	}
	frame := strings.Join(strings.Split(out, "\n")[:40], "\n")
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		_ = termsafe.Styled(frame)
	}
}
