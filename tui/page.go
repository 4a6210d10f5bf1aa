package tui

import (
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// page is a rendering made ready for the reader, once per rendering and
// off the UI goroutine (see Renderer.store): its lines, each line's width
// in cells, which lines can be drawn as they are, and the lesson's
// outline. Opening a cached lesson then splits, measures and searches
// nothing, whatever its size; a frame touches only the lines it shows.
type page struct {
	lines   []string
	widths  []int
	tabs    []bool    // the line has a tab or a carriage return, which lipgloss rewrites
	open    []bool    // the line leaves a style or a link open (see openLine)
	outline []heading // the headings of the text and their lines
}

// newPage prepares out, the rendering of the markdown md. An empty
// rendering has no lines (as bubbles' viewport counts it).
func newPage(md, out string) *page {
	lines := strings.Split(out, "\n")
	if len(lines) == 1 && ansi.StringWidth(lines[0]) == 0 {
		lines = nil
	}
	n := len(lines)
	p := &page{lines: lines, widths: make([]int, n), tabs: make([]bool, n), open: make([]bool, n)}
	for i, l := range lines {
		p.widths[i] = ansi.StringWidth(l)
		p.tabs[i] = strings.ContainsAny(l, "\t\r")
		p.open[i] = openLine(l)
	}
	p.outline = findOutline(md, lines)
	return p
}

// openLine reports whether a line, read from a blank pen, leaves a style
// or a link open at its end. When lipgloss pads a block, its WrapWriter
// closes what is open at each line's end and opens it again on the next
// line; a window of lines none of which is open needs none of that.
func openLine(l string) bool {
	if strings.IndexByte(l, 0x1b) < 0 {
		return false
	}
	w := lipgloss.NewWrapWriter(io.Discard)
	_, _ = io.WriteString(w, l)
	st, link := w.Style(), w.Link()
	open := !st.IsZero() || !link.IsZero()
	_ = w.Close()
	return open
}

// carryStyles is what lipgloss's WrapWriter makes of lines joined by line
// breaks: a style or link open at a line's end is closed there and
// opened again at the next line's start (and closed at the end).
func carryStyles(lines []string) []string {
	var b strings.Builder
	w := lipgloss.NewWrapWriter(&b)
	_, _ = io.WriteString(w, strings.Join(lines, "\n"))
	_ = w.Close()
	return strings.Split(b.String(), "\n")
}

// pager is the reader's window on a page: which lines show, in how many
// cells. It scrolls as bubbles' viewport does (the same clamping, the
// same page and half-page steps) but measures nothing when a text is set.
type pager struct {
	pg            *page
	width, height int
	y             int
}

func (p *pager) SetWidth(w int)  { p.width = w }
func (p *pager) SetHeight(h int) { p.height = h }
func (p *pager) Width() int      { return p.width }
func (p *pager) Height() int     { return p.height }
func (p *pager) YOffset() int    { return p.y }

// setPage shows pg, keeping the offset where it still fits.
func (p *pager) setPage(pg *page) {
	p.pg = pg
	p.SetYOffset(p.y)
}

// TotalLineCount is the number of lines of the page.
func (p *pager) TotalLineCount() int {
	if p.pg == nil {
		return 0
	}
	return len(p.pg.lines)
}

// VisibleLineCount is the number of the page's lines on screen.
func (p *pager) VisibleLineCount() int {
	return max(0, min(p.height, p.TotalLineCount()-p.y))
}

func (p *pager) maxYOffset() int { return max(0, p.TotalLineCount()-p.height) }

// SetYOffset puts line n at the top, within the page.
func (p *pager) SetYOffset(n int) { p.y = max(0, min(n, p.maxYOffset())) }

func (p *pager) AtTop() bool    { return p.y <= 0 }
func (p *pager) AtBottom() bool { return p.y >= p.maxYOffset() }

func (p *pager) ScrollDown(n int) {
	if p.AtBottom() || n == 0 || p.TotalLineCount() == 0 {
		return
	}
	p.SetYOffset(p.y + n)
}

func (p *pager) ScrollUp(n int) {
	if p.AtTop() || n == 0 || p.TotalLineCount() == 0 {
		return
	}
	p.SetYOffset(p.y - n)
}

func (p *pager) PageDown()     { p.ScrollDown(p.height) }
func (p *pager) PageUp()       { p.ScrollUp(p.height) }
func (p *pager) HalfPageDown() { p.ScrollDown(p.height / 2) }
func (p *pager) HalfPageUp()   { p.ScrollUp(p.height / 2) }
