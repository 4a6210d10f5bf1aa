package tui

import (
	"strings"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
)

// renderKey identifies one rendering of one text.
type renderKey struct {
	ID    string // item id, or "module:<id>" for a module introduction
	Width int
	Style string
}

// engineKey picks an engine: width, style, and whether it is for snippets.
type engineKey struct {
	width   int
	style   string
	snippet bool
}

// Renderer renders markdown for the terminal (see markdown.go). It keeps
// Glamour renderers per (width, style) and caches every result by (id,
// width, style), so going back to a lesson costs nothing. It is safe for
// use from tea.Cmd goroutines.
//
// Three sets of engines keep the work apart: the text the learner opened
// (foreground) never waits behind pre-rendering (background), and short
// texts rendered while drawing a screen (snippets) wait behind neither.
// Pre-rendering is bounded (maxPrerender waiting at once) and gives up as
// soon as the learner opens something else.
type Renderer struct {
	mu       sync.Mutex
	engines  map[engineKey]*mdEngine
	bgEngine map[engineKey]*mdEngine
	cache    map[renderKey]string
	pages    map[renderKey]*page // the cached renderings, ready for the reader
	links    map[*content.Item][]*content.Item
	snippets map[snippetKey]string

	gen     atomic.Uint64 // bumped by every foreground rendering
	pending atomic.Int32  // pre-renderings asked for and not finished
	bg      sync.Mutex    // one pre-rendering at a time
}

// maxPrerender bounds the pre-renderings waiting at once.
const maxPrerender = 4

// NewRenderer returns an empty renderer.
func NewRenderer() *Renderer {
	return &Renderer{
		engines: map[engineKey]*mdEngine{}, bgEngine: map[engineKey]*mdEngine{},
		cache: map[renderKey]string{}, pages: map[renderKey]*page{},
		links: map[*content.Item][]*content.Item{}, snippets: map[snippetKey]string{},
	}
}

// Cached returns a finished rendering, if there is one.
func (r *Renderer) Cached(k renderKey) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, ok := r.cache[k]
	return out, ok
}

// cachedPage returns a finished rendering as the reader shows it.
func (r *Renderer) cachedPage(k renderKey) (*page, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pages[k]
	return p, ok
}

// store caches out, the rendering of md, and prepares its page: in the
// goroutine that rendered it, never the UI's.
func (r *Renderer) store(k renderKey, md, out string) *page {
	p := newPage(md, out)
	r.mu.Lock()
	r.cache[k], r.pages[k] = out, p
	r.mu.Unlock()
	return p
}

// linked lists the course items a lesson links to, in order, once each
// (Course.LinkedItems), and keeps the list: for a course kept in memory
// it parses the lesson, which a 1 MiB lesson makes slow. The lesson
// render commands call it first, off the UI goroutine.
func (r *Renderer) linked(c *content.Course, it *content.Item) []*content.Item {
	if l, ok := r.cachedLinks(it); ok {
		return l
	}
	l := c.LinkedItems(it)
	r.mu.Lock()
	r.links[it] = l
	r.mu.Unlock()
	return l
}

func (r *Renderer) cachedLinks(it *content.Item) ([]*content.Item, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.links[it]
	return l, ok
}

func (r *Renderer) engine(set map[engineKey]*mdEngine, k engineKey) *mdEngine {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := set[k]
	if !ok {
		e = newEngine(k.width, k.style, k.snippet)
		set[k] = e
	}
	return e
}

// Render renders md in one go (or returns the cached result).
func (r *Renderer) Render(k renderKey, md string, links linkTitle) (string, error) {
	if out, ok := r.Cached(k); ok {
		return out, nil
	}
	r.gen.Add(1)
	out, err := r.engine(r.engines, engineKey{k.Width, k.Style, false}).renderAll(md, links)
	if err != nil {
		return "", err
	}
	r.store(k, md, out)
	return out, nil
}

// RenderLesson renders a lesson of course c at width in a Glamour style
// ("dark", "light", "notty"), for printing outside the app.
func (r *Renderer) RenderLesson(c *content.Course, it *content.Item, width int, style string) (string, error) {
	return r.renderLessonNow(c, it, renderKey{ID: it.ID, Width: width, Style: style})
}

// fileLinks resolves the relative links of the text of a course file to
// the titles of the course items they point to.
func fileLinks(c *content.Course, file string) linkTitle {
	if c == nil || file == "" {
		return nil
	}
	return func(dest string) (string, bool) {
		p, rel, why := content.ResolveLink(file, dest)
		if !rel || why != "" {
			return "", false
		}
		if to := c.ItemByFile(p); to != nil {
			return to.Title, true
		}
		return "", false
	}
}

// renderedMsg is a rendering, tagged with what was asked for. While more
// is not nil the rendering is partial (its first blocks, at least a screen
// of them) and more renders the rest. page is out made ready for the
// reader (nil: the reader prepares it).
type renderedMsg struct {
	key  renderKey
	out  string
	page *page
	err  error
	more tea.Cmd
}

// renderJob is one progressive rendering; stop cancels what is left.
type renderJob struct{ stopped atomic.Bool }

func (j *renderJob) stop() {
	if j != nil {
		j.stopped.Store(true)
	}
}

// renderCmd renders md off the UI loop, progressively: the first message
// carries at least first lines (whole blocks), then one more message
// carries the whole text, which is then cached. For a long text the first
// message comes from the text's beginning alone (see cutPoint), so that
// its time does not grow with the length of the lesson.
func (r *Renderer) renderCmd(k renderKey, md string, links linkTitle, first int, job *renderJob) tea.Cmd {
	return func() tea.Msg {
		if p, ok := r.cachedPage(k); ok {
			out, _ := r.Cached(k)
			return renderedMsg{key: k, out: out, page: p}
		}
		r.gen.Add(1) // pre-renderings waiting now give way
		e := r.engine(r.engines, engineKey{k.Width, k.Style, false})
		partial := func(parts []string, more tea.Cmd) tea.Msg {
			out := strings.Join(parts, "\n\n")
			return renderedMsg{key: k, out: out, page: newPage(md, out), more: more}
		}
		whole := func() tea.Msg { return r.renderRest(k, md, e, e.parse(md, links), 0, nil, job) }
		if cut := cutPoint(md, firstBytes); cut > 0 {
			d := e.parse(md[:cut], links)
			// The last block may go on past the cut: it is left for the rest.
			parts, _, err := renderUpTo(e, d, len(d.blocks)-1, first)
			switch {
			case err != nil:
				return renderedMsg{key: k, err: err}
			case len(parts) > 0 && lines(parts) >= first:
				return partial(parts, whole)
			}
			return whole() // the beginning is not a screen: no shortcut
		}
		d := e.parse(md, links)
		parts, n, err := renderUpTo(e, d, len(d.blocks), first)
		if err != nil {
			return renderedMsg{key: k, err: err}
		}
		if n == len(d.blocks) {
			out := strings.Join(parts, "\n\n")
			return renderedMsg{key: k, out: out, page: r.store(k, md, out)}
		}
		rest := func() tea.Msg { return r.renderRest(k, md, e, d, n, parts, job) }
		return partial(parts, rest)
	}
}

// firstBytes is how much of a long text the first screen is rendered from.
const firstBytes = 16 << 10

// renderUpTo renders blocks of d from the start, up to limit, until they
// make first lines. It returns the rendered blocks and how many it used.
func renderUpTo(e *mdEngine, d *mdDoc, limit, first int) ([]string, int, error) {
	var parts []string
	i := 0
	for ; i < limit && lines(parts) < first; i++ {
		s, err := e.render(d, i, i+1)
		if err != nil {
			return nil, 0, err
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return parts, i, nil
}

// lines counts the lines of blocks joined by blank lines.
func lines(parts []string) int {
	n := max(0, len(parts)-1)
	for _, p := range parts {
		n += strings.Count(p, "\n") + 1
	}
	return n
}

// renderRest renders blocks from..end of d (the parsed md) after parts,
// caches and returns the whole; it stops (returning nil) when job is
// stopped.
func (r *Renderer) renderRest(k renderKey, md string, e *mdEngine, d *mdDoc, from int, parts []string, job *renderJob) tea.Msg {
	for i := from; i < len(d.blocks); i++ {
		if job != nil && job.stopped.Load() {
			return nil
		}
		s, err := e.render(d, i, i+1)
		if err != nil {
			return renderedMsg{key: k, err: err}
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	out := strings.Join(parts, "\n\n")
	return renderedMsg{key: k, out: out, page: r.store(k, md, out)}
}

// cutPoint finds where the beginning of a long markdown text can be cut
// for its first screen: the first blank line after n bytes that is outside
// a fenced code block and not followed by an indented line (which could
// continue a list item or an indented code block). It returns 0 for a text
// not much longer than n, or when there is no such line.
func cutPoint(md string, n int) int {
	if len(md) < 2*n {
		return 0
	}
	fence := ""
	for off := 0; off < len(md); {
		end := strings.IndexByte(md[off:], '\n')
		if end < 0 {
			return 0
		}
		line := md[off : off+end]
		next := off + end + 1
		t := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" ") == "" {
				fence = ""
			}
		case len(line)-len(t) < 4 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
			fence = t[:3]
		case off >= n && strings.TrimSpace(line) == "" && next < len(md) && md[next] != ' ' && md[next] != '\t' && md[next] != '\n':
			return next
		}
		off = next
	}
	return 0
}

// prerenderCmd warms the cache for a text the learner may open next, on a
// background engine, one at a time. It gives up as soon as the learner
// opens something (a foreground rendering starts), before or while it
// runs, and is not asked for at all while maxPrerender are waiting. Its result is not
// shown, so errors are left for the real rendering.
func (r *Renderer) prerenderCmd(k renderKey, md string, links linkTitle) tea.Cmd {
	if _, ok := r.Cached(k); ok {
		return nil
	}
	if r.pending.Add(1) > maxPrerender {
		r.pending.Add(-1)
		return nil
	}
	gen := r.gen.Load()
	return func() tea.Msg {
		defer r.pending.Add(-1)
		r.bg.Lock()
		defer r.bg.Unlock()
		if r.gen.Load() != gen {
			return nil // the learner opened something since: it goes first
		}
		if _, ok := r.Cached(k); ok {
			return nil
		}
		e := r.engine(r.bgEngine, engineKey{k.Width, k.Style, false})
		d := e.parse(md, links)
		var parts []string
		for i := range d.blocks {
			if r.gen.Load() != gen {
				return nil // the learner opened something: stop here
			}
			s, err := e.render(d, i, i+1)
			if err != nil {
				return nil
			}
			if s != "" {
				parts = append(parts, s)
			}
		}
		r.store(k, md, strings.Join(parts, "\n\n"))
		return nil
	}
}

// snippetKey identifies a rendered snippet.
type snippetKey struct {
	md, file string // the text and the file its links are relative to
	width    int
	style    string
}

// Snippet renders a short text (a question, an option, feedback, a
// statement) as markdown, with no margin, wrapped to width; results are
// cached, so a screen pays for a text once. Snippets use their own
// engines: drawing never waits behind a lesson. A snippet that cannot be
// rendered is shown as its source, made safe.
func (r *Renderer) Snippet(md, file string, links linkTitle, width int, style string) string {
	k := snippetKey{md, file, width, style}
	r.mu.Lock()
	out, ok := r.snippets[k]
	r.mu.Unlock()
	if ok {
		return out
	}
	out, err := r.engine(r.engines, engineKey{width, style, true}).renderAll(md, links)
	if err != nil {
		out = wrap(termsafe.Text(strings.TrimSpace(md)), width)
	}
	r.mu.Lock()
	r.snippets[k] = out
	r.mu.Unlock()
	return out
}
