package tui

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
)

// reader shows one lesson: rendered markdown in a viewport, with search,
// links to other items, and next/previous item. Reaching the end marks the
// lesson completed (not in preview).
type reader struct {
	c       *common
	it      *content.Item
	preview bool // the module is locked: read, but do not complete

	vp      pager // the window on the rendering (vp.pg)
	key     renderKey
	loading bool
	partial bool       // the first blocks are shown, the rest is on its way
	job     *renderJob // the rendering under way
	early   tea.Cmd    // the rendering started before the program ran (prefetch)
	err     error
	start   float64 // where to open, as a fraction read (0 … 1)
	done    bool    // completion already recorded (or not allowed)
	saved   float64 // the place last saved (or opened at)
	seq     int     // counts scrolls: a scrollIdleMsg for an older one is stale

	searching bool
	input     textinput.Model
	query     string
	matches   []match
	cur       int
	byLine    map[int][]int // the matches on each line, in order

	links    []*content.Item // items the lesson links to
	linkMode bool
	linkList list
	// opening: that the lesson was opened is recorded once its text shows
	// (a course not checked yet checks the text as it reads it).
	opening bool

	left leftCache // the outline beside the window, as last drawn
}

// leftCache keeps the outline's cells as drawn for one page, section,
// margin and height: scrolling within a section, and every frame that
// changes nothing (a save, a tick), draws them again for nothing.
type leftCache struct {
	pg                *page
	cur, margin, rows int
	cells             []string
}

// match is one search hit: a cell range on one line, or on several when
// the renderer wrapped the phrase.
type match []span

// span is a cell range on one line.
type span struct{ line, start, end int }

func lessonKey(c *common, it *content.Item) renderKey {
	return renderKey{ID: it.ID, Width: c.readWidth(), Style: c.styles.Glamour}
}

func newReader(c *common, it *content.Item, start float64, preview bool) *reader {
	r := &reader{c: c, it: it, preview: preview, start: start}
	is := c.over.Item(it.ID)
	r.done = preview || (is != nil && is.Status == progress.ItemDone)
	if start == 0 && is != nil && is.Status != progress.ItemDone {
		r.start = is.Scroll // reopen an unfinished lesson where it was left
	}
	r.input = newInput(c, "search: ", "")
	r.links = c.render.linked(c.course, it) // listed when it was rendered: no parse here
	r.layout()
	return r
}

// init shows the lesson and records that it was opened.
func (r *reader) init() tea.Cmd {
	r.opening = true
	if r.c.course.Checked() {
		r.opened()
	}
	if cmd := r.early; cmd != nil {
		r.early = nil
		return cmd
	}
	return r.render()
}

// opened records, once, that the lesson was opened.
func (r *reader) opened() {
	if !r.opening {
		return
	}
	r.opening = false
	id := r.it.ID
	r.c.save(saveOp{what: "record that the lesson was opened", run: func(s *progress.Store) error { return s.OpenLesson(id) }})
}

// prefetch starts the rendering init would ask for now, in a goroutine
// of its own (ally --resume, before the program runs), so that its first
// screen is on its way while the terminal is set up; init then waits for
// it instead of rendering the lesson a second time.
func (r *reader) prefetch() {
	cmd := r.render()
	if cmd == nil {
		return
	}
	msgs := make(chan tea.Msg, 1)
	go func() { msgs <- cmd() }()
	r.early = func() tea.Msg { return <-msgs }
}

// render shows the lesson at the current width and style: from the cache
// (then warming it for the neighbours), or by asking for a rendering.
func (r *reader) render() tea.Cmd {
	r.key = lessonKey(r.c, r.it)
	r.job.stop()
	r.job, r.partial = nil, false
	if p, ok := r.c.render.cachedPage(r.key); ok {
		return tea.Batch(r.setContent(p), r.prerenderNeighbours())
	}
	r.loading = true
	r.job = &renderJob{}
	// The first message brings the window's worth, the second the rest:
	// the learner sees the lesson after a third of the work three screens
	// took (ally --resume waits for nothing else), and the rest follows
	// at once, before a page key is likely.
	return r.c.render.lessonRenderCmd(r.c.course, r.it, r.key, r.vp.Height(), r.job)
}

// prerenderNeighbours warms the cache for the previous and next lessons, so
// → and ← show them at once. It runs once this lesson is shown, so that it
// never competes with it for the renderer.
func (r *reader) prerenderNeighbours() tea.Cmd {
	var cmds []tea.Cmd
	for _, dir := range []int{1, -1} {
		if n := neighbour(r.c, r.it, dir); n != nil && n.Kind == content.KindLesson {
			cmds = append(cmds, r.c.render.lessonPrerenderCmd(r.c.course, n, lessonKey(r.c, n)))
		}
	}
	return tea.Batch(cmds...)
}

func (r *reader) capturing() bool { return r.searching || r.linkMode }

func (r *reader) help() keyHelp {
	k := r.c.keys.Reader
	if r.searching {
		return keyHelp{short: []key.Binding{k.Find, k.CancelSearch}}
	}
	if r.linkMode {
		return keyHelp{short: []key.Binding{r.c.keys.List.Up, r.c.keys.List.Down, k.OpenLink, k.CloseLinks}}
	}
	links, next, prev := k.Links, k.NextMatch, k.PrevMatch
	links.SetEnabled(len(r.links) > 0) // o in a lesson without links does nothing
	next.SetEnabled(len(r.matches) > 0)
	prev.SetEnabled(len(r.matches) > 0)
	return r.c.keys.Global.withGlobal([]key.Binding{k.Down, k.PageDown, k.Next, k.Prev, k.Search, links},
		[]key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		[]key.Binding{k.Next, k.Prev, k.Search, next, prev, links, k.Notes})
}

// layout sizes the viewport to the terminal.
func (r *reader) layout() {
	r.vp.SetWidth(r.c.width)
	r.vp.SetHeight(max(1, r.c.height-lipgloss.Height(r.header())-1-1-footerLines)) // header, rule, status
}

// header is the lesson's title line, with where it is and how much is
// read on the right. The title always shows in full: the module's name
// goes first, then the title wraps.
func (r *reader) header() string {
	c, st := r.c, r.c.styles
	status := func(read float64) string {
		switch {
		case r.preview:
			return st.Warn.Render("preview · ") + st.Muted.Render(pct(read)+" read")
		case r.done:
			return st.Good.Render("✓ read · ") + st.Muted.Render(pct(read))
		}
		return st.Muted.Render(pct(read) + " read")
	}
	// The widest status is measured: the layout does not jump while reading.
	return titleHeader(st.Muted.Render(r.it.Module.Title+" › "), st.Title.Render(r.it.Title), status(r.read()), status(1), c.width)
}

// titleHeader is a screen's title line in width cells: crumb and title on
// the left, right on the right (widest: the widest right it can have).
// The title always shows in full: the crumb goes first, then the title
// wraps onto more lines.
func titleHeader(crumb, title, right, widest string, width int) string {
	w := width - 2
	rw := max(lipgloss.Width(right), lipgloss.Width(widest))
	pad := lipgloss.NewStyle().Padding(0, 1)
	if lipgloss.Width(crumb+title)+1+rw <= w {
		return pad.Render(spread(crumb+title, right, w))
	}
	if lipgloss.Width(title)+1+rw <= w {
		return pad.Render(spread(title, right, w))
	}
	lines := strings.Split(wrap(title, max(10, w-rw-1)), "\n")
	lines[0] = spread(lines[0], right, w)
	return pad.Render(strings.Join(lines, "\n"))
}

// setContent shows a rendering, going to the start position, and checks
// whether the end is already visible.
func (r *reader) setContent(p *page) tea.Cmd {
	r.opened()
	r.loading, r.err, r.partial = false, nil, false
	r.setLines(p)
	total := r.vp.TotalLineCount()
	y := int(math.Round(r.start * float64(total)))
	if r.start >= 1 {
		y = total
	}
	r.vp.SetYOffset(max(0, y))
	r.saved = r.place()
	return r.checkEnd()
}

// setLines puts a rendering in the pager, keeping the place and the
// search. It is centred when drawn (see body).
func (r *reader) setLines(p *page) {
	r.vp.setPage(p)
	if r.query != "" {
		r.find()
		return
	}
	r.applyMatches()
}

// pageOf is a rendering message's page (prepared off the UI goroutine,
// but for a message made without one).
func (r *reader) pageOf(msg renderedMsg) *page {
	if msg.page != nil {
		return msg.page
	}
	return newPage(r.it.Body, msg.out)
}

// showPartial shows the first blocks of a long lesson while the rest
// renders. Opening at a saved place waits for the whole lesson.
func (r *reader) showPartial(p *page) {
	if r.start > 0 {
		return
	}
	r.opened()
	r.loading, r.partial = false, true
	r.setLines(p)
}

// read is how much of the lesson has been on screen, 0 … 1.
func (r *reader) read() float64 {
	total := r.vp.TotalLineCount()
	if total == 0 {
		return 0
	}
	return min(1, float64(r.vp.YOffset()+r.vp.VisibleLineCount())/float64(total))
}

// checkEnd marks the lesson completed once its end has been on screen.
func (r *reader) checkEnd() tea.Cmd {
	if r.done || r.loading || r.partial || r.err != nil || !r.vp.AtBottom() {
		return nil
	}
	r.done = true
	r.layout() // the header's status changed
	id := r.it.ID
	r.c.save(saveOp{what: "mark the lesson read", run: func(s *progress.Store) error { return s.CompleteLesson(id) }})
	return nil
}

// scrollIdleMsg comes a moment after a scroll: if no other scroll came
// since (seq), the place is saved.
type scrollIdleMsg struct {
	id  string
	seq int
}

// scrolled waits for the learner to stop scrolling, then saves the place:
// a closed terminal or a crash loses at most the last second of reading.
func (r *reader) scrolled() tea.Cmd {
	r.seq++
	msg := scrollIdleMsg{id: r.it.ID, seq: r.seq}
	if r.c.idle <= 0 {
		return func() tea.Msg { return msg }
	}
	return tea.Tick(r.c.idle, func(time.Time) tea.Msg { return msg })
}

// saveIdle saves the place if it moved since the last save.
func (r *reader) saveIdle() {
	if r.loading || r.err != nil || r.place() == r.saved {
		return
	}
	r.c.save(r.leave()...)
}

// leave records where the learner stopped, to resume there.
func (r *reader) leave() []saveOp {
	r.job.stop()
	if r.loading || r.partial || r.err != nil {
		return nil
	}
	id, pos := r.it.ID, r.place()
	r.saved = pos
	// ScrollLesson also makes this the place to resume.
	return []saveOp{{what: "remember where you stopped reading", run: func(s *progress.Store) error { return s.ScrollLesson(id, pos) }}}
}

func (r *reader) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case renderedMsg:
		if msg.key != r.key {
			return r, nil // a late rendering for another lesson or width
		}
		if msg.err != nil {
			r.loading, r.partial, r.err = false, false, msg.err
			return r, nil
		}
		if msg.more != nil {
			r.showPartial(r.pageOf(msg))
			return r, msg.more
		}
		if r.partial { // the rest of a lesson already on screen: stay put
			r.partial = false
			r.setLines(r.pageOf(msg))
			return r, tea.Batch(r.checkEnd(), r.prerenderNeighbours())
		}
		return r, tea.Batch(r.setContent(r.pageOf(msg)), r.prerenderNeighbours())
	case scrollIdleMsg:
		if msg.id == r.it.ID && msg.seq == r.seq {
			r.saveIdle()
		}
		return r, nil
	case tea.WindowSizeMsg, themeChangedMsg:
		r.left = leftCache{} // the styles or the width changed
		if !r.loading && r.err == nil {
			r.start = r.place() // keep the top line (a late rendering keeps its start)
		}
		r.layout()
		return r, r.render()
	case tea.KeyPressMsg:
		switch {
		case r.searching:
			return r, r.searchKey(msg)
		case r.linkMode:
			return r, r.linkKey(msg)
		}
		return r, r.readKey(msg)
	}
	return r, nil
}

// readKey handles a key while reading.
func (r *reader) readKey(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys.Reader
	switch {
	case scroll(&r.vp, k, msg):
		return tea.Batch(r.checkEnd(), r.scrolled())
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
		dir := 1
		if key.Matches(msg, k.Prev) {
			dir = -1
		}
		n := neighbour(r.c, r.it, dir)
		if n == nil {
			where := "last"
			if dir < 0 {
				where = "first"
			}
			return errCmd(fmt.Errorf("this is the %s item you can open", where))
		}
		return tea.Batch(r.checkEnd(), navigate(navMsg{id: n.ID, replace: true}))
	case key.Matches(msg, k.Search):
		r.searching = true
		r.input.SetValue(r.query)
		return r.input.Focus()
	case key.Matches(msg, k.Notes) && r.query == "":
		return tea.Batch(r.checkEnd(), navigate(navMsg{kind: navNote, id: r.it.ID}))
	case key.Matches(msg, k.NextMatch):
		r.step(1)
		return tea.Batch(r.checkEnd(), r.scrolled())
	case key.Matches(msg, k.PrevMatch):
		r.step(-1)
		return tea.Batch(r.checkEnd(), r.scrolled())
	case key.Matches(msg, k.Links) && len(r.links) > 0:
		r.openLinks()
	case key.Matches(msg, r.c.keys.Global.Back):
		if r.query != "" {
			r.query, r.matches = "", nil
			r.applyMatches()
			return nil
		}
		return goBack
	}
	return r.checkEnd()
}

func (r *reader) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch k := r.c.keys.Reader; {
	case key.Matches(msg, k.Find):
		r.searching = false
		r.input.Blur()
		r.query = strings.TrimSpace(r.input.Value())
		r.find()
		return tea.Batch(r.checkEnd(), r.scrolled())
	case key.Matches(msg, k.CancelSearch):
		r.searching = false
		r.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	return cmd
}

// find lists the matches of the query (case-insensitive, spaces matching
// any run of spaces and line breaks) and shows the first one at or below
// the current position.
func (r *reader) find() {
	var lines []string
	if r.vp.pg != nil {
		lines = r.vp.pg.lines
	}
	r.matches, r.cur = findAll(lines, r.query), 0
	for i, m := range r.matches {
		if m[0].line >= r.vp.YOffset() {
			r.cur = i
			break
		}
	}
	r.applyMatches()
	r.show()
}

// findAll finds a phrase in rendered lines, also where the renderer
// wrapped it onto the next line (or the next line's hanging indent).
func findAll(lines []string, query string) []match {
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	if q == "" {
		return nil
	}
	// The text as one string: each line's words, lines joined by a space.
	var flat strings.Builder
	starts := make([]int, len(lines)) // where each line's text starts in flat
	leads := make([]int, len(lines))  // the cells before it on the line
	texts := make([]string, len(lines))
	for i, l := range lines {
		plain := strings.ToLower(ansi.Strip(l))
		t := strings.TrimLeft(plain, " ")
		leads[i] = ansi.StringWidth(plain[:len(plain)-len(t)])
		texts[i] = strings.TrimRight(t, " ")
		if i > 0 {
			flat.WriteByte(' ')
		}
		starts[i] = flat.Len()
		flat.WriteString(texts[i])
	}
	all := flat.String()
	// at maps a byte offset in flat to a line and a cell on it.
	at := func(p int) (int, int) {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > p }) - 1
		i = max(0, i)
		off := min(max(0, p-starts[i]), len(texts[i]))
		return i, leads[i] + ansi.StringWidth(texts[i][:off])
	}
	var out []match
	for from := 0; ; {
		j := strings.Index(all[from:], q)
		if j < 0 {
			break
		}
		s, e := from+j, from+j+len(q)
		l0, c0 := at(s)
		l1, c1 := at(e - 1)
		c1 = leads[l1] + ansi.StringWidth(texts[l1][:min(len(texts[l1]), e-starts[l1])])
		var m match
		for l := l0; l <= l1; l++ {
			start, end := leads[l], leads[l]+ansi.StringWidth(texts[l])
			if l == l0 {
				start = c0
			}
			if l == l1 {
				end = c1
			}
			if end > start {
				m = append(m, span{line: l, start: start, end: end})
			}
		}
		if len(m) > 0 {
			out = append(out, m)
		}
		from = e
	}
	return out
}

func (r *reader) step(dir int) {
	if len(r.matches) == 0 {
		return
	}
	r.cur = (r.cur + dir + len(r.matches)) % len(r.matches)
	r.applyMatches()
	r.show()
}

// show scrolls the current match into view, a third down the screen.
func (r *reader) show() {
	if len(r.matches) == 0 {
		return
	}
	line := r.matches[r.cur][0].line
	if line < r.vp.YOffset() || line >= r.vp.YOffset()+r.vp.Height() {
		r.vp.SetYOffset(max(0, line-r.vp.Height()/3))
	}
}

// applyMatches notes which lines the matches are on; the lines shown
// are highlighted when drawn (see styledLine).
func (r *reader) applyMatches() {
	r.byLine = nil
	if len(r.matches) == 0 {
		return
	}
	r.byLine = map[int][]int{}
	for i, m := range r.matches {
		for _, sp := range m {
			if l := r.byLine[sp.line]; len(l) == 0 || l[len(l)-1] != i {
				r.byLine[sp.line] = append(l, i)
			}
		}
	}
}

// styledLine is line i of the rendering with its matches highlighted, the
// current one apart.
func (r *reader) styledLine(i int) string {
	l := r.vp.pg.lines[i]
	ms := r.byLine[i]
	if len(ms) == 0 {
		return l
	}
	var ranges []lipgloss.Range
	for _, mi := range ms {
		st := r.c.styles.Match
		if mi == r.cur {
			st = r.c.styles.MatchCurrent
		}
		for _, sp := range r.matches[mi] {
			if sp.line == i {
				ranges = append(ranges, lipgloss.NewRange(sp.start, sp.end, st))
			}
		}
	}
	return lipgloss.StyleRanges(l, ranges...)
}

func (r *reader) openLinks() {
	r.linkMode = true
	var rows []row
	for i, it := range r.links {
		label := it.Title
		if it.Module != r.it.Module {
			label += r.c.styles.Muted.Render("  · " + it.Module.Title)
		}
		rows = append(rows, row{text: fmt.Sprintf("%d  %s", i+1, label), target: &navMsg{id: it.ID}})
	}
	r.linkList = list{}
	r.linkList.setRows(rows)
}

func (r *reader) linkKey(msg tea.KeyPressMsg) tea.Cmd {
	if r.linkList.handle(r.c.keys.List, msg) {
		return nil
	}
	if n := int(msg.Code - '1'); len(msg.Text) == 1 && n >= 0 && n < len(r.links) && n < 9 {
		r.linkMode = false
		return navigate(navMsg{id: r.links[n].ID})
	}
	switch {
	case key.Matches(msg, r.c.keys.Reader.OpenLink):
		r.linkMode = false
		if t := r.linkList.selected(); t != nil {
			return navigate(*t)
		}
	case key.Matches(msg, r.c.keys.Reader.CloseLinks):
		r.linkMode = false
	}
	return nil
}

func (r *reader) view() string {
	v, _ := r.viewFitted()
	return v
}

// viewFitted is the view, and whether each of its lines is known to fit
// the terminal's width: the window drawn from the page, and a header
// measured here (the rule and the status line are cut to it).
func (r *reader) viewFitted() (string, bool) {
	c, st := r.c, r.c.styles
	w := c.width
	header := r.header()
	rule := st.Rule.Render(repeat("─", w))

	var body string
	framed := false // body is already vp.Height() lines of w cells
	switch {
	case r.err != nil:
		body = st.Bad.Render(wrap("Could not show this lesson: "+r.err.Error(), w-2))
	case r.loading:
		body = st.Muted.Render("  Rendering…")
	case r.linkMode:
		box := st.Heading.Render("Links in this lesson") + "\n\n" + r.linkList.view(st, min(w-8, 70), len(r.links))
		body = lipgloss.Place(w, r.vp.Height(), lipgloss.Center, lipgloss.Center, st.Box.Render(box))
	default:
		body, framed = r.body()
	}
	status := ""
	switch {
	case r.searching:
		status = " " + r.input.View()
	case r.query != "" && len(r.matches) == 0:
		status = st.Warn.Render(fmt.Sprintf(" no match for “%s”", r.query))
	case r.query != "":
		k := c.keys
		status = st.Accent.Render(fmt.Sprintf(" “%s”: match %d of %d", r.query, r.cur+1, len(r.matches))) +
			st.Muted.Render(fmt.Sprintf("  %s/%s next/previous · %s clear",
				k.Reader.NextMatch.Help().Key, k.Reader.PrevMatch.Help().Key, k.Global.Back.Help().Key))
	case r.partial:
		status = st.Muted.Render(" Rendering the rest of this lesson…")
	case r.preview:
		status = st.Muted.Render(" Preview: this module is still locked, so reading here does not complete the lesson.")
	case r.done && !r.preview:
		if n := neighbour(c, r.it, 1); n != nil {
			status = st.Muted.Render(" Next: “" + n.Title + "” (→)")
		}
	}
	if !framed {
		body = lipgloss.NewStyle().Height(r.vp.Height()).MaxHeight(r.vp.Height()).Render(body)
	}
	fits := framed && lipgloss.Width(header) <= w
	return header + "\n" + rule + "\n" + body + "\n" + truncate(status, w), fits
}

// margin is the width left of the lesson text: the text is centred.
func (r *reader) margin() int { return max(0, (r.c.width-r.c.readWidth())/2-2) }

// body draws the window on the lesson: the lines shown, after the margin
// (or the outline, on a wide terminal), each padded to the width, in as
// many lines as the window has. These are the bytes bubbles' viewport
// and lipgloss drew from the whole text, padded, but made from the
// visible lines only and measured beforehand (see page). A window with a
// line that lipgloss would rewrite, or too wide, is drawn their way
// (slowBody), which framed false says.
func (r *reader) body() (body string, framed bool) {
	w, h, margin := r.vp.Width(), r.vp.Height(), r.margin()
	if w <= 0 || h <= 0 || margin >= w {
		return r.slowBody(), false
	}
	pad := repeat(" ", margin)
	left := r.outlineCells(margin, h) // the outline beside the text, if it shows
	y, n := r.vp.YOffset(), r.vp.VisibleLineCount()
	texts := make([]string, n)
	open := false
	for i := range texts {
		pg, j := r.vp.pg, y+i
		texts[i] = r.styledLine(j)
		if pg.tabs[j] || margin+pg.widths[j] > w {
			return r.slowBody(), false
		}
		open = open || pg.open[j] || (len(r.byLine[j]) > 0 && openLine(texts[i]))
	}
	if open && left == nil { // lipgloss carried the styles across the lines, after the margin
		for i := range texts {
			texts[i] = pad + texts[i]
		}
		texts, pad = carryStyles(texts), ""
	} else if open {
		texts = carryStyles(texts)
	}
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		text, tw := "", 0
		if i < n {
			text, tw = texts[i], r.vp.pg.widths[y+i]
		}
		if left != nil {
			b.WriteString(left[i])
		} else if i < n {
			b.WriteString(pad)
		} else {
			b.WriteString(repeat(" ", margin))
		}
		b.WriteString(text)
		b.WriteString(repeat(" ", w-margin-tw))
	}
	return b.String(), true
}

// outlineCells is the outline beside the window, each of its rows
// margin cells wide, or nil when it does not show.
func (r *reader) outlineCells(margin, rows int) []string {
	cur, ok := r.outlineAt()
	if !ok {
		return nil
	}
	if lc := r.left; lc.pg == r.vp.pg && lc.cur == cur && lc.margin == margin && lc.rows == rows {
		return lc.cells
	}
	panel := r.outlinePanel(margin, rows)
	if panel == nil {
		return nil
	}
	cell := lipgloss.NewStyle().Width(margin).MaxWidth(margin)
	empty := cell.Render("")
	cells := make([]string, rows)
	for i := range cells {
		cells[i] = empty
		if i < len(panel) {
			cells[i] = cell.Render(panel[i])
		}
	}
	r.left = leftCache{pg: r.vp.pg, cur: cur, margin: margin, rows: rows, cells: cells}
	return cells
}

// outlineAt is the heading of the section at the window's top (the
// current one in the outline); ok is false when the lesson has none.
func (r *reader) outlineAt() (cur int, ok bool) {
	if r.vp.pg == nil || len(r.vp.pg.outline) == 0 {
		return 0, false
	}
	for i, h := range r.vp.pg.outline {
		if h.line <= r.vp.YOffset()+1 {
			cur = i
		}
	}
	return cur, true
}

// slowBody draws the window as bubbles' viewport did: the visible lines,
// centred, cut to the width, padded by lipgloss, the outline beside them.
func (r *reader) slowBody() string {
	w, h := r.vp.Width(), r.vp.Height()
	if w <= 0 || h <= 0 {
		return r.withOutline("")
	}
	pad := repeat(" ", r.margin())
	var lines []string
	for j := r.vp.YOffset(); j < min(r.vp.YOffset()+h, r.vp.TotalLineCount()); j++ {
		lines = append(lines, ansi.Cut(pad+r.styledLine(j), 0, w))
	}
	return r.withOutline(lipgloss.NewStyle().Width(w).Height(h).Render(strings.Join(lines, "\n")))
}

// place is where the learner is, to resume there: the share of the lesson
// above the window's top line (0 = the top), or 1 at the end. Reopened at
// the same width, the lesson shows the same top line.
func (r *reader) place() float64 {
	total := r.vp.TotalLineCount()
	switch {
	case total == 0:
		return r.start // not shown yet: where it was going to open
	case r.vp.AtBottom():
		return 1
	}
	return min(1, float64(r.vp.YOffset())/float64(total))
}

// heading is one heading of a lesson: its words and its rendered line.
type heading struct {
	title string
	level int
	line  int
}

// headingLine is a markdown ATX heading, with an optional {#id}.
var headingLine = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*#*\s*$`)

// findOutline lists the body's headings (outside code fences) and finds
// each in the rendered lines, in order.
func findOutline(body string, rendered []string) []heading {
	var out []heading
	fence, at := false, 0
	plain := make([]string, len(rendered)) // each line stripped once, when first looked at
	stripped := make([]bool, len(rendered))
	for _, l := range strings.Split(body, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		m := headingLine.FindStringSubmatch(l)
		if fence || m == nil || m[2] == "" {
			continue
		}
		title := plainHeading(m[2])
		for i := at; i < len(rendered); i++ {
			if !stripped[i] {
				plain[i], stripped[i] = ansi.Strip(rendered[i]), true
			}
			if strings.Contains(plain[i], title) {
				out = append(out, heading{title: title, level: len(m[1]), line: i})
				at = i + 1
				break
			}
		}
	}
	return out
}

// mdLink is a markdown link, [text](target).
var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// plainHeading is a heading's words without inline marks, as rendered.
func plainHeading(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	return strings.NewReplacer("**", "", "__", "", "`", "", "*", "", "_", "").Replace(s)
}

// outlineMin is the terminal width from which the lesson's headings are
// shown beside the text.
const outlineMin = 160

// outlinePanel is the outline's first lines (at most n), for a margin of
// margin cells, or nil when the lesson's headings are not shown beside
// the text (a narrow terminal, a lesson with fewer than two headings).
func (r *reader) outlinePanel(margin, n int) []string {
	c, st := r.c, r.c.styles
	var outline []heading
	if r.vp.pg != nil {
		outline = r.vp.pg.outline
	}
	if c.width < outlineMin || len(outline) < 2 || margin < 24 {
		return nil
	}
	cur, _ := r.outlineAt()
	panel := []string{" " + st.Muted.Render("In this lesson"), ""}
	for i, h := range outline {
		if len(panel) >= n {
			break // below the window
		}
		text := truncate(repeat("  ", max(0, h.level-2))+h.title, margin-5)
		if i == cur {
			panel = append(panel, " "+st.Cursor.Render("›")+" "+st.Accent.Render(text))
		} else {
			panel = append(panel, "   "+st.Muted.Render(text))
		}
	}
	return panel
}

// withOutline puts the lesson's headings in the margin left of the text on
// a wide terminal (the current section marked), as gh-dash and k9s use
// the room they have.
func (r *reader) withOutline(view string) string {
	margin := r.margin()
	lines := strings.Split(view, "\n")
	panel := r.outlinePanel(margin, len(lines))
	if panel == nil {
		return view
	}
	cell := lipgloss.NewStyle().Width(margin).MaxWidth(margin)
	for i, l := range lines {
		left := ""
		if i < len(panel) {
			left = panel[i]
		}
		lines[i] = cell.Render(left) + ansi.TruncateLeft(l, margin, "")
	}
	return strings.Join(lines, "\n")
}
