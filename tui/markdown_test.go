package tui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/allyworks/ally/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renderMD(t *testing.T, md string, width int, style string, links linkTitle) string {
	t.Helper()
	out, err := newEngine(width, style, false).renderAll(md, links)
	require.NoError(t, err)
	return out
}

func plainLines(s string) []string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

func TestSoftBreaksReflowInParagraphsAndLists(t *testing.T) {
	md := "A paragraph that the author\nbroke by hand.\n\n- a list item that\n  the author broke\n- another\n"
	for _, style := range []string{"dark", "notty"} {
		got := plainLines(renderMD(t, md, 80, style, nil))
		assert.Equal(t, []string{
			"  A paragraph that the author broke by hand.",
			"",
			"  • a list item that the author broke",
			"  • another",
		}, got, style)
	}
}

func TestWrappedListItemsHangUnderTheirText(t *testing.T) {
	md := "- one two three four five six seven eight nine ten eleven twelve\n" +
		"1. one two three four five six seven eight nine ten eleven twelve\n"
	got := plainLines(renderMD(t, "- one two three four five six seven eight nine ten eleven twelve\n", 30, "dark", nil))
	require.Greater(t, len(got), 1)
	assert.Equal(t, "  • one two three four five", got[0])
	for _, l := range got[1:] {
		assert.True(t, strings.HasPrefix(l, "    ") && l[4] != ' ', "continuation %q hangs under the text", l)
		assert.LessOrEqual(t, ansi.StringWidth(l), 28)
	}
	ordered := plainLines(renderMD(t, strings.SplitAfter(md, "\n")[1], 30, "notty", nil))
	require.Greater(t, len(ordered), 1)
	assert.True(t, strings.HasPrefix(ordered[0], "  1. one"), ordered[0])
	for _, l := range ordered[1:] {
		assert.True(t, strings.HasPrefix(l, "     ") && l[5] != ' ', "continuation %q hangs under the text", l)
	}
}

func TestLinksImagesAndSchemes(t *testing.T) {
	links := func(dest string) (string, bool) {
		if dest == "../m0-3/09-self-assessment.md" {
			return "Where you stand", true
		}
		return "", false
	}
	md := "Now [take the self-assessment](../m0-3/09-self-assessment.md), see ![a flow chart](img/flow.png),\n" +
		"[the review](https://example.com/review), [mail](mailto:a@example.com), [bad](javascript:alert(1)),\n" +
		"[local](file:///etc/passwd), [data](data:text/html,x) and [gone](../nowhere.md).\n"
	out := renderMD(t, md, 200, "dark", links)
	plain := strings.Join(plainLines(out), " ")
	assert.Contains(t, plain, "take the self-assessment (→ Where you stand)")
	assert.NotContains(t, plain, ".md", "no path is shown")
	assert.Contains(t, plain, "[image: a flow chart]")
	assert.NotContains(t, plain, "flow.png")
	assert.Contains(t, out, "\x1b]8;", "http links are hyperlinks")
	assert.Contains(t, out, "https://example.com/review\a")
	assert.Contains(t, out, "mailto:a@example.com\a")
	for _, bad := range []string{"javascript:", "file:", "data:"} {
		assert.NotContains(t, out, bad, "%s is never a hyperlink nor shown", bad)
	}
	for _, word := range []string{"bad", "local", "data", "gone"} {
		assert.Contains(t, plain, word, "a link that is not followed still shows its text")
	}
	// A link whose text is the title shows it once.
	once := strings.Join(plainLines(renderMD(t, "[Where you stand](../m0-3/09-self-assessment.md)", 80, "dark", links)), "")
	assert.Equal(t, "  Where you stand", once)
}

func TestPlainTextHasNoMarkup(t *testing.T) {
	md := "# Title\n\n## Section\n\nSome **bold**, *emphasis*, ~~gone~~ and `code`.\n"
	got := ansi.Strip(renderMD(t, md, 80, styleNoTTY, nil))
	for _, mark := range []string{"**", "##", "# ", "`", "~~", "*"} {
		assert.NotContains(t, got, mark)
	}
	assert.Contains(t, got, "Some bold, emphasis, gone and code.")
	assert.Contains(t, renderMD(t, md, 80, styleNoTTY, nil), "\x1b[1m", "bold is all the no-colour UI gets")
}

func TestCourseSourceCannotInjectSequences(t *testing.T) {
	md := "Raw \x1b]52;c;aGk=\a, clear \x1b[2J, C1 \u009b2J, entity &#x1b;[5m blink &#27;]0;t&#7; and `code \x1b[2J`.\n\n```\nblock \x1b]8;;file:///x\a\n```\n"
	for _, style := range []string{"dark", "light", "notty"} {
		out := renderMD(t, md, 100, style, nil)
		for _, bad := range []string{"\x1b]52", "\x1b[2J", "\u009b", "\x1b[5m", "\x1b]0;", "\x1b]8;;file", "\a"} {
			assert.NotContains(t, out, bad, style)
		}
		assert.Contains(t, ansi.Strip(out), `\x1b]52;c;aGk=\x07`, "shown, escaped")
		out = newEngine(40, style, true).renderSafe(t, md)
		assert.NotContains(t, out, "\x1b]52", "snippets too")
	}
}

func (e *mdEngine) renderSafe(t *testing.T, md string) string {
	out, err := e.renderAll(md, nil)
	require.NoError(t, err)
	return out
}

func TestFindAcrossWrappedLines(t *testing.T) {
	lines := []string{"  The liability of", "    newness is real.", "  Newness again."}
	m := findAll(lines, "liability of  Newness")
	require.Len(t, m, 1, "a phrase split by the renderer is found")
	assert.Equal(t, match{{line: 0, start: 6, end: 18}, {line: 1, start: 4, end: 11}}, m[0])
	all := findAll(lines, "newness")
	require.Len(t, all, 2)
	assert.Equal(t, match{{line: 1, start: 4, end: 11}}, all[0])
	assert.Equal(t, match{{line: 2, start: 2, end: 9}}, all[1])
	assert.Empty(t, findAll(lines, "   "))
	assert.Len(t, findAll(lines, "real. newness again"), 1)
	assert.Empty(t, findAll(lines, "real newness"), "the text between lines is kept")
}

func TestLongLessonRendersFirstScreenFirst(t *testing.T) {
	var b strings.Builder
	for i := range 400 {
		b.WriteString("## Section " + strconv.Itoa(i) + "\n\nSome text that goes on\nfor a while, with **bold** words.\n\n- a point\n- another point\n\n")
	}
	md := b.String()
	r := NewRenderer()
	k := renderKey{ID: "long", Width: 80, Style: "dark"}
	job := &renderJob{}
	first, ok := r.renderCmd(k, md, nil, 30, job)().(renderedMsg)
	require.True(t, ok)
	require.NoError(t, first.err)
	require.NotNil(t, first.more, "a long lesson comes in two parts")
	assert.GreaterOrEqual(t, strings.Count(first.out, "\n")+1, 30, "at least a screen")
	assert.Less(t, len(first.out), len(md)/10, "only the first blocks")
	_, cached := r.Cached(k)
	assert.False(t, cached, "a part is not cached")

	rest, ok := first.more().(renderedMsg)
	require.True(t, ok)
	require.Nil(t, rest.more)
	whole, err := NewRenderer().Render(k, md, nil)
	require.NoError(t, err)
	assert.Equal(t, whole, rest.out, "the two parts make the same rendering as one go")
	assert.True(t, strings.HasPrefix(rest.out, first.out+"\n"), "the first part is the start of the whole")
	got, cached := r.Cached(k)
	assert.True(t, cached)
	assert.Equal(t, whole, got)

	// A stopped job renders no more (the learner left or resized).
	r2 := NewRenderer()
	job2 := &renderJob{}
	part := r2.renderCmd(k, md, nil, 30, job2)().(renderedMsg)
	job2.stop()
	assert.Nil(t, part.more())
	_, cached = r2.Cached(k)
	assert.False(t, cached)

	// A short text comes in one message.
	short := r2.renderCmd(renderKey{ID: "short", Width: 80, Style: "dark"}, "Hello", nil, 30, nil)().(renderedMsg)
	assert.Nil(t, short.more)
	assert.Contains(t, short.out, "Hello")
}

func TestPrerenderingGivesWayAndIsBounded(t *testing.T) {
	r := NewRenderer()
	k := func(id string) renderKey { return renderKey{ID: id, Width: 60, Style: "dark"} }
	stale := r.prerenderCmd(k("a"), "text a", nil)
	require.NotNil(t, stale)
	// The learner opens something before the pre-rendering runs.
	_ = r.renderCmd(k("opened"), "opened", nil, 10, nil)()
	assert.Nil(t, stale())
	_, cached := r.Cached(k("a"))
	assert.False(t, cached, "a pre-rendering asked for before the learner opened a lesson gives way")

	fresh := r.prerenderCmd(k("b"), "text b", nil)
	fresh()
	_, cached = r.Cached(k("b"))
	assert.True(t, cached)
	assert.Nil(t, r.prerenderCmd(k("b"), "text b", nil), "nothing to do for a cached text")

	var cmds []func() any
	for i := range maxPrerender + 3 {
		if c := r.prerenderCmd(k("n"+strconv.Itoa(i)), "x", nil); c != nil {
			cmds = append(cmds, func() any { return c() })
		}
	}
	assert.Len(t, cmds, maxPrerender, "at most maxPrerender wait at once")
	for _, c := range cmds {
		c()
	}
	assert.NotNil(t, r.prerenderCmd(k("later"), "x", nil), "finished ones make room")
}

func TestCutPointKeepsBlocksWhole(t *testing.T) {
	para := strings.Repeat("word ", 20) + "\n\n"
	assert.Zero(t, cutPoint(strings.Repeat(para, 10), 1<<10), "a short text is not cut")
	long := strings.Repeat(para, 100)
	cut := cutPoint(long, 1<<10)
	require.Positive(t, cut)
	assert.GreaterOrEqual(t, cut, 1<<10)
	assert.True(t, strings.HasSuffix(long[:cut], "\n\n"), "cut after a blank line")

	fenced := strings.Repeat(para, 5) + "```\n" + strings.Repeat("code\n\n", 400) + "```\n\nafter\n\n" + strings.Repeat(para, 100)
	cut = cutPoint(fenced, 1<<10)
	require.Positive(t, cut)
	assert.True(t, strings.HasPrefix(fenced[cut:], "after"), "never inside a fenced block: %q", fenced[cut:min(len(fenced), cut+20)])

	list := strings.Repeat(para, 12) + "- item\n\n  more of the item\n\n" + strings.Repeat(para, 100)
	cut = cutPoint(list, len(strings.Repeat(para, 12))+3)
	require.Positive(t, cut)
	assert.NotEqual(t, "  more of the item", strings.SplitN(list[cut:], "\n", 2)[0], "not before an indented continuation")
}

func TestCodeBlocksKeepTheirLines(t *testing.T) {
	md := "```text\n1. first step of a numbered thing in code\nits second line\n• a bullet in code\nand its line\n```\n"
	got := plainLines(renderMD(t, md, 80, "dark", nil))
	joined := strings.Join(got, "\n")
	assert.Contains(t, joined, "1. first step of a numbered thing in code\n")
	assert.Contains(t, joined, "its second line")
	assert.Contains(t, joined, "• a bullet in code\n")
	for _, l := range got {
		assert.NotContains(t, l, "code its second", "lines in code are never joined")
		assert.NotContains(t, l, "code and its")
	}
}

// FuzzMarkdownIsTerminalSafe: whatever a course writes, the renderer's
// output carries only Ally's own styling (it passes the frame filter
// unchanged) and rendering never fails.
func FuzzMarkdownIsTerminalSafe(f *testing.F) {
	for _, s := range []string{
		"Raw \x1b]52;c;aGk=\a", "&#x1b;[2J &#27;]0;t&#7;", "[x](javascript:alert(1)) ![a](b.png)",
		"- a\n  b\n- c", "```\n\x1b[5m\n```", "<https://a.b/\x1b[2J>", "[t](https://x\u009b)", "# \u009b2J",
		"| a | b |\n|---|---|\n| \x1b[2J | [l](file:///x) |",
	} {
		f.Add(s)
	}
	e := newEngine(60, "dark", false)
	links := func(string) (string, bool) { return "Title \x1b[2J", true }
	f.Fuzz(func(t *testing.T, md string) {
		out, err := e.renderAll(md, links)
		if err != nil {
			t.Fatal(err)
		}
		if safe := termsafe.Styled(out); safe != out {
			t.Fatalf("unsafe output for %q:\n%q\nfiltered:\n%q", md, out, safe)
		}
	})
}

func TestListItemsWithQuotesKeepTheirLines(t *testing.T) {
	md := "- an option that is long enough to wrap at this width for sure\n\n  > its feedback, quoted under it, long enough to wrap as well\n\n- another\n"
	got := plainLines(renderMD(t, md, 40, styleNoTTY, nil))
	for _, l := range got {
		assert.NotRegexp(t, `\w \| \w`, l, "a quote's lines are never joined into the item's text:\n%s", strings.Join(got, "\n"))
	}
	assert.Contains(t, strings.Join(got, "\n"), "| its feedback")
}

func TestPrerenderingStopsWhenTheLearnerOpensSomething(t *testing.T) {
	r := NewRenderer()
	var b strings.Builder
	for i := range 300 {
		b.WriteString("Paragraph " + strconv.Itoa(i) + " with some words in it.\n\n")
	}
	k := renderKey{ID: "long", Width: 60, Style: "dark"}
	cmd := r.prerenderCmd(k, b.String(), nil)
	done := make(chan struct{})
	go func() { cmd(); close(done) }()
	// Open something while it runs (or before: either way it gives way).
	_ = r.renderCmd(renderKey{ID: "opened", Width: 60, Style: "dark"}, "opened", nil, 10, nil)()
	<-done
	if out, ok := r.Cached(k); ok {
		// It finished before the learner opened anything: then it is whole.
		whole, err := NewRenderer().Render(k, b.String(), nil)
		require.NoError(t, err)
		assert.Equal(t, whole, out)
	}
}
