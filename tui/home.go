package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// home is the course map: the trajectory stage by stage, where to continue
// and the recommended next step.
type home struct {
	c    *common
	list list
}

func newHome(c *common) *home {
	h := &home{c: c}
	h.build()
	h.list.first()
	return h
}

func (h *home) capturing() bool { return false }

func (h *home) help() keyHelp {
	k := h.c.keys.Home
	return h.c.keys.Global.withGlobal(
		[]key.Binding{k.Up, k.Down, k.Open, k.Continue, k.Progress},
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
		[]key.Binding{k.Open, k.Continue, k.Progress},
	)
}

// build lays out the rows from the course and the learner's state.
func (h *home) build() {
	c, s, o := h.c, h.c.styles, h.c.over
	var rows []row
	if last := c.state.Last; last != nil {
		if it := c.course.Item(last.Item); it != nil && o.Item(it.ID).Status != progress.ItemDone {
			where := fmt.Sprintf("“%s” · %s", it.Title, it.Module.Title)
			if it.Kind == content.KindLesson {
				where += fmt.Sprintf(" · %s read", pct(last.Scroll))
			}
			rows = append(rows, row{
				text:   s.Accent.Render("▶ Continue  ") + s.Text.Render(where),
				target: &navMsg{id: it.ID, scroll: last.Scroll, resume: true},
				key:    "continue",
			})
		}
	}
	switch n := o.Next; n.Kind {
	case progress.NextItem:
		if c.state.Last == nil || c.state.Last.Item != n.Item.ID {
			rows = append(rows, row{text: s.Accent.Render("★ Next      ") + s.Text.Render(n.String()), target: &navMsg{id: n.Item.ID}, key: "next"})
		}
	case progress.NextUnlock:
		rows = append(rows, row{text: s.Warn.Render("★ Next      ") + s.Text.Render(n.String())})
	case progress.NextComplete:
		rows = append(rows, row{text: s.Good.Render("✓ Course complete: every module is done. Retake the self-assessment to see how far you came.")})
	}
	if len(rows) > 0 {
		rows = append(rows, row{})
	}
	nextModule := ""
	if o.Next.Module != nil {
		nextModule = o.Next.Module.ID
	}
	for _, st := range o.Stages {
		head := s.Heading.Render(st.Stage.Label+" · "+st.Stage.Title) + "  " +
			s.bar(st.Done, st.Total, 10) + s.Muted.Render(fmt.Sprintf(" %d/%d modules", st.Done, st.Total))
		if st.Completed {
			head += s.Good.Render("  ✓")
		}
		rows = append(rows, row{text: head})
		for _, ms := range st.Modules {
			mark := lipgloss.NewStyle().Width(20).Render(s.statusMark(ms.Status, ms.Preview))
			text := mark + s.Text.Render(moduleName(ms.Module))
			if ms.Status != progress.StatusLocked {
				text += s.Muted.Render(fmt.Sprintf("  %d/%d", ms.Done, ms.Total))
			}
			if ms.Module.ID == nextModule {
				text += s.Accent.Render("  ★ next")
			}
			rows = append(rows, row{text: "  " + text, target: &navMsg{kind: navModule, id: ms.Module.ID}, key: "module:" + ms.Module.ID})
		}
	}
	h.list.setRows(rows)
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg, backedMsg, themeChangedMsg:
		cur := h.list.selectedKey()
		h.build()
		if cur == "continue" || !h.list.selectKey(cur) {
			h.list.first() // the first row is the step to take
		}
	case tea.KeyPressMsg:
		k := h.c.keys.Home
		switch {
		case h.list.handle(k.ListKeys, msg):
		case key.Matches(msg, k.Open):
			if t := h.list.selected(); t != nil {
				return h, navigate(*t)
			}
		case key.Matches(msg, k.Continue):
			if last := h.c.state.Last; last != nil && h.c.course.Item(last.Item) != nil && h.c.over.Item(last.Item).Status != progress.ItemDone {
				return h, navigate(navMsg{id: last.Item, scroll: last.Scroll, resume: true})
			}
			if n := h.c.over.Next; n.Kind == progress.NextItem {
				return h, navigate(navMsg{id: n.Item.ID})
			}
		case key.Matches(msg, k.Progress):
			return h, navigate(navMsg{kind: navProgress})
		}
	}
	return h, nil
}

func (h *home) view() string {
	c, s := h.c, h.c.styles
	w := c.width
	title := spread(s.Title.Render(c.course.Title), s.Muted.Render("v"+c.course.Version), w-2)
	summary := s.Subtitle.Render(truncate(strings.TrimSpace(c.course.Summary), w-2))
	if c.outbox != "" {
		summary += "\n" + s.Muted.Render(truncate(c.outbox, w-2))
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(title + "\n" + summary)
	rule := s.Rule.Render(repeat("─", w))
	used := lipgloss.Height(header) + 2 // rule + blank
	body := h.list.view(s, w, c.height-used-footerLines)
	return header + "\n" + rule + "\n" + body
}

// footerLines is the room kept for the key help under every screen.
const footerLines = 1

// moduleName is a module's label (if it has one) and title.
func moduleName(m *content.Module) string {
	if m.Label != "" {
		return m.Label + "  " + m.Title
	}
	return m.Title
}
