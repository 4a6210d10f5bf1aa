package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/allyworks/ally/content"
)

// A course loaded with content.LoadLean keeps no lesson bodies: the text is
// read again (and checked to be what was validated) when it is rendered.
// These wrap the render commands so that the read happens in the command's
// goroutine, never on the UI goroutine; with the body in memory they are the
// plain commands.

// lessonRenderCmd is renderCmd for a lesson of the course. It also lists
// the lesson's links (Renderer.linked), so that opening it again finds
// them.
func (r *Renderer) lessonRenderCmd(c *content.Course, it *content.Item, k renderKey, first int, job *renderJob) tea.Cmd {
	links := fileLinks(c, it.File)
	if md, ok := c.KeptText(it); ok {
		render := r.renderCmd(k, md, links, first, job)
		return func() tea.Msg {
			r.linked(c, it)
			return render()
		}
	}
	return func() tea.Msg {
		r.linked(c, it)
		if p, ok := r.cachedPage(k); ok {
			out, _ := r.Cached(k)
			return renderedMsg{key: k, out: out, page: p}
		}
		md, err := c.Text(it)
		if err != nil {
			return renderedMsg{key: k, err: err}
		}
		return r.renderCmd(k, md, links, first, job)()
	}
}

// lessonPrerenderCmd is prerenderCmd for a lesson of the course; it lists
// the lesson's links too.
func (r *Renderer) lessonPrerenderCmd(c *content.Course, it *content.Item, k renderKey) tea.Cmd {
	links := fileLinks(c, it.File)
	if _, ok := r.Cached(k); ok {
		return nil
	}
	if md, ok := c.KeptText(it); ok {
		cmd := r.prerenderCmd(k, md, links)
		if cmd == nil {
			return nil
		}
		return func() tea.Msg {
			msg := cmd()
			if _, ok := r.Cached(k); ok {
				r.linked(c, it)
			}
			return msg
		}
	}
	return func() tea.Msg {
		md, err := c.Text(it)
		if err != nil {
			return nil // the error is shown if the learner opens it
		}
		if cmd := r.prerenderCmd(k, md, links); cmd != nil {
			cmd()
		}
		if _, ok := r.Cached(k); ok {
			r.linked(c, it)
		}
		return nil
	}
}

// renderLessonNow renders a lesson in the calling goroutine (never the UI's).
func (r *Renderer) renderLessonNow(c *content.Course, it *content.Item, k renderKey) (string, error) {
	md, err := c.Text(it)
	if err != nil {
		return "", err
	}
	if c != nil {
		r.linked(c, it)
	}
	return r.Render(k, md, fileLinks(c, it.File))
}
