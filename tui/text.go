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

// lessonRenderCmd is renderCmd for a lesson of the course.
func (r *Renderer) lessonRenderCmd(c *content.Course, it *content.Item, k renderKey, first int, job *renderJob) tea.Cmd {
	links := fileLinks(c, it.File)
	if md, ok := c.KeptText(it); ok {
		return r.renderCmd(k, md, links, first, job)
	}
	return func() tea.Msg {
		if out, ok := r.Cached(k); ok {
			return renderedMsg{key: k, out: out}
		}
		md, err := c.Text(it)
		if err != nil {
			return renderedMsg{key: k, err: err}
		}
		return r.renderCmd(k, md, links, first, job)()
	}
}

// lessonPrerenderCmd is prerenderCmd for a lesson of the course.
func (r *Renderer) lessonPrerenderCmd(c *content.Course, it *content.Item, k renderKey) tea.Cmd {
	links := fileLinks(c, it.File)
	if md, ok := c.KeptText(it); ok {
		return r.prerenderCmd(k, md, links)
	}
	if _, ok := r.Cached(k); ok {
		return nil
	}
	return func() tea.Msg {
		md, err := c.Text(it)
		if err != nil {
			return nil // the error is shown if the learner opens it
		}
		if cmd := r.prerenderCmd(k, md, links); cmd != nil {
			return cmd()
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
	return r.Render(k, md, fileLinks(c, it.File))
}
