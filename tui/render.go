package tui

import (
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/allyworks/ally/content"
)

// renderKey identifies one rendering of one text.
type renderKey struct {
	ID    string // item id, or "module:<id>" for a module introduction
	Width int
	Style string
}

// Renderer renders markdown for the terminal. It keeps one Glamour
// renderer per (width, style) and caches every result by (id, width,
// style), so going back to a lesson costs nothing. It is safe for use from
// tea.Cmd goroutines.
type Renderer struct {
	mu    sync.Mutex
	terms map[[2]any]*termRenderer
	cache map[renderKey]string
}

// termRenderer serialises the use of one Glamour renderer.
type termRenderer struct {
	mu sync.Mutex
	tr *glamour.TermRenderer
}

// NewRenderer returns an empty renderer.
func NewRenderer() *Renderer {
	return &Renderer{terms: map[[2]any]*termRenderer{}, cache: map[renderKey]string{}}
}

// Cached returns a finished rendering, if there is one.
func (r *Renderer) Cached(k renderKey) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, ok := r.cache[k]
	return out, ok
}

func (r *Renderer) term(width int, style string) (*termRenderer, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := [2]any{width, style}
	if t, ok := r.terms[k]; ok {
		return t, nil
	}
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return nil, err
	}
	t := &termRenderer{tr: tr}
	r.terms[k] = t
	return t, nil
}

// Render renders md (or returns the cached result).
func (r *Renderer) Render(k renderKey, md string) (string, error) {
	if out, ok := r.Cached(k); ok {
		return out, nil
	}
	t, err := r.term(k.Width, k.Style)
	if err != nil {
		return "", err
	}
	t.mu.Lock()
	if out, ok := r.Cached(k); ok { // rendered while we waited for the lock
		t.mu.Unlock()
		return out, nil
	}
	out, err := t.tr.Render(md)
	t.mu.Unlock()
	if err != nil {
		return "", err
	}
	out = strings.Trim(out, "\n")
	r.mu.Lock()
	r.cache[k] = out
	r.mu.Unlock()
	return out, nil
}

// RenderLesson renders a lesson's markdown at width in a Glamour style
// ("dark", "light", "notty"), for printing outside the app.
func (r *Renderer) RenderLesson(it *content.Item, width int, style string) (string, error) {
	return r.Render(renderKey{ID: it.ID, Width: width, Style: style}, it.Body)
}

// renderedMsg is a finished rendering, tagged with what was asked for.
type renderedMsg struct {
	key renderKey
	out string
	err error
}

// renderCmd renders md off the UI loop.
func (r *Renderer) renderCmd(k renderKey, md string) tea.Cmd {
	return func() tea.Msg {
		out, err := r.Render(k, md)
		return renderedMsg{key: k, out: out, err: err}
	}
}

// prerenderCmd warms the cache for a text the learner may open next; its
// result is not shown, so errors are left for the real rendering.
func (r *Renderer) prerenderCmd(k renderKey, md string) tea.Cmd {
	if _, ok := r.Cached(k); ok {
		return nil
	}
	return func() tea.Msg {
		_, _ = r.Render(k, md) // error reported when the text is opened
		return nil
	}
}
