package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/allyworks/ally/content"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"
)

// viewportBody is the reader's window as it was drawn before pages, kept
// here as the reference: the whole rendering, each line prefixed with the
// margin, in bubbles' viewport; the matches found and highlighted on the
// padded lines; the outline beside; the height fixed by lipgloss.
func viewportBody(r *reader) string {
	c, st := r.c, r.c.styles
	pad := repeat(" ", max(0, (c.width-c.readWidth())/2-2))
	var lines []string
	for _, l := range r.vp.pg.lines {
		lines = append(lines, pad+l)
	}
	if len(r.vp.pg.lines) == 0 {
		lines = []string{""}
	}
	outline := findOutline(r.it.Body, lines)
	vp := viewport.New()
	vp.SetWidth(r.vp.Width())
	vp.SetHeight(r.vp.Height())
	shown := lines
	if r.query != "" {
		matches := findAll(lines, r.query)
		shown = append([]string(nil), lines...)
		byLine := map[int][]lipgloss.Range{}
		for i, m := range matches {
			s := st.Match
			if i == r.cur {
				s = st.MatchCurrent
			}
			for _, sp := range m {
				byLine[sp.line] = append(byLine[sp.line], lipgloss.NewRange(sp.start, sp.end, s))
			}
		}
		for i, ranges := range byLine {
			shown[i] = lipgloss.StyleRanges(shown[i], ranges...)
		}
	}
	vp.SetContentLines(shown)
	vp.SetYOffset(r.vp.YOffset())
	view := vp.View()
	margin := max(0, (c.width-c.readWidth())/2-2)
	if c.width >= outlineMin && len(outline) >= 2 && margin >= 24 {
		cur := 0
		for i, h := range outline {
			if h.line <= vp.YOffset()+1 {
				cur = i
			}
		}
		panel := []string{" " + st.Muted.Render("In this lesson"), ""}
		for i, h := range outline {
			text := truncate(repeat("  ", max(0, h.level-2))+h.title, margin-5)
			if i == cur {
				panel = append(panel, " "+st.Cursor.Render("›")+" "+st.Accent.Render(text))
			} else {
				panel = append(panel, "   "+st.Muted.Render(text))
			}
		}
		ls := strings.Split(view, "\n")
		cell := lipgloss.NewStyle().Width(margin).MaxWidth(margin)
		for i, l := range ls {
			left := ""
			if i < len(panel) {
				left = panel[i]
			}
			ls[i] = cell.Render(left) + ansi.TruncateLeft(l, margin, "")
		}
		view = strings.Join(ls, "\n")
	}
	return lipgloss.NewStyle().Height(vp.Height()).MaxHeight(vp.Height()).Render(view)
}

// drawnBody is the window as the reader draws it now.
func drawnBody(r *reader) string {
	body, framed := r.body()
	if !framed {
		body = lipgloss.NewStyle().Height(r.vp.Height()).MaxHeight(r.vp.Height()).Render(body)
	}
	return body
}

// oddLessons is a course whose lessons make lipgloss rewrite lines or the
// window cut them: a tab in a code block, a code line wider than any
// terminal, a lesson of many headings (the outline), an empty lesson, and
// a long generated one (tables, quotes, highlighted code).
func oddLessons(t *testing.T) *content.Course {
	files := map[string]string{
		"course.yaml":   "id: odd\ntitle: Odd lessons\nsummary: Lessons that are hard to draw.\nversion: \"1\"\nstages:\n  - id: s\n    title: S\n    summary: All of them.\n",
		"m/module.md":   "---\nid: m\ntitle: M\nstage: s\nsummary: Odd lessons.\n---\nOdd lessons.\n",
		"m/01-tab.md":   "---\nid: tab\ntitle: Tabs\n---\n## One\n\nText.\n\n```\nfunc f() {\n\treturn\t1\n}\n```\n\n## Two\n\nMore text.\n",
		"m/02-wide.md":  "---\nid: wide\ntitle: Wide\n---\n## Wide code\n\n```text\n" + strings.Repeat("wide-", 60) + "\n```\n\nAfter.\n",
		"m/03-heads.md": "---\nid: heads\ntitle: Heads\n---\n" + manyHeadings(40),
		"m/04-empty.md": "---\nid: empty\ntitle: Empty\n---\n",
		"m/05-long.md":  "---\nid: long\ntitle: Long\n---\n" + gen.StandaloneLesson(3, 24<<10),
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	c, err := content.Load(fsys)
	require.NoError(t, err)
	return c
}

func manyHeadings(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "## Part %d\n\nThe text of part %d, with *emphasis* and `code`.\n\n", i+1, i+1)
	}
	return b.String()
}

// TestTheWindowIsDrawnAsTheViewportDrewIt: for every lesson of the
// built-in course, the sample course and some odd lessons, at three
// sizes (the outline shows at 200 columns), at the top, in the middle and
// at the end, with and without a search, the reader draws the same bytes
// (colours included) as the whole-text viewport did; and when it says its
// view fits the width, the frame made without measuring it is the same.
func TestTheWindowIsDrawnAsTheViewportDrewIt(t *testing.T) {
	courses := map[string]*content.Course{"sample": loadSample(t), "builtin": mustDefault(t), "odd": oddLessons(t)}
	fast, slow := 0, 0
	for name, c := range courses {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
			d := openDriver(t, c, filepath.Join(t.TempDir(), "p.json"), size[0], size[1], false)
			for _, it := range c.Items() {
				if it.Kind != content.KindLesson {
					continue
				}
				d.send(navMsg{id: it.ID})
				r, ok := d.m.top().(*reader)
				if !ok || r.it != it {
					continue // locked
				}
				require.False(t, r.loading || r.partial, it.ID)
				total := r.vp.TotalLineCount()
				for _, q := range []string{"", "the", "a"} {
					r.query = q
					r.find()
					for _, y := range []int{0, total / 2, total} {
						r.vp.SetYOffset(y)
						if q != "" && len(r.matches) > 1 {
							r.cur = len(r.matches) / 2
						}
						where := fmt.Sprintf("%s/%s at %dx%d, line %d, search %q", name, it.ID, size[0], size[1], r.vp.YOffset(), q)
						want := viewportBody(r)
						if _, framed := r.body(); framed {
							fast++
						} else {
							slow++
						}
						require.Equal(t, want, drawnBody(r), where)
						if v, fits := r.viewFitted(); fits { // the frame does not measure it again
							require.Equal(t, fitScreen(v, "foot", size[0], size[1]), fitMeasured(v, "foot", size[0], size[1]), where)
						}
					}
				}
				r.query, r.matches = "", nil
				r.applyMatches()
				d.keys("esc")
			}
		}
	}
	t.Logf("%d windows drawn from the page, %d the viewport's way", fast, slow)
	require.Greater(t, fast, 10*slow, "most windows take the short way")
	require.Positive(t, slow, "the odd lessons take the long way")
}
