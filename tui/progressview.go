package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// progressScreen shows the learner's progress: per stage and module,
// quiz best scores, assessment history, and what each locked module needs.
type progressScreen struct {
	c  *common
	vp viewport.Model
}

func newProgressScreen(c *common) *progressScreen {
	p := &progressScreen{c: c, vp: viewport.New()}
	p.fill()
	return p
}

func (p *progressScreen) capturing() bool { return false }

func (p *progressScreen) help() keyHelp {
	k := p.c.keys.Reader
	return p.c.keys.Global.withGlobal([]key.Binding{k.Down, k.Up, k.PageDown}, []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom})
}

func (p *progressScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, progressMsg, themeChangedMsg, backedMsg:
		y := p.vp.YOffset()
		p.fill()
		p.vp.SetYOffset(y)
	case tea.KeyPressMsg:
		switch {
		case scroll(&p.vp, p.c.keys.Reader, msg):
		case key.Matches(msg, p.c.keys.Global.Back):
			return p, goBack
		}
	}
	return p, nil
}

func (p *progressScreen) fill() {
	c, st, o := p.c, p.c.styles, p.c.over
	w := c.width
	p.vp.SetWidth(w)
	p.vp.SetHeight(max(1, c.height-2-footerLines))
	tw := min(w-4, 110)
	var b strings.Builder
	line := func(s string) { b.WriteString(truncate(s, w-2) + "\n") }
	done, total := 0, 0
	for _, s := range o.Stages {
		done += s.Done
		total += s.Total
	}
	line(st.Heading.Render("Modules completed ") + st.bar(done, total, 20) + st.Muted.Render(fmt.Sprintf(" %d of %d", done, total)))
	line("")
	for _, s := range o.Stages {
		head := st.Heading.Render(s.Stage.Label+" · "+s.Stage.Title) + "  " + st.bar(s.Done, s.Total, 10) + st.Muted.Render(fmt.Sprintf(" %d/%d", s.Done, s.Total))
		line(head)
		for _, ms := range s.Modules {
			mark := lipgloss.NewStyle().Width(20).Render(st.statusMark(ms.Status, ms.Preview))
			text := "  " + mark + st.Text.Render(moduleName(ms.Module))
			if ms.Status != progress.StatusLocked {
				text += st.Muted.Render(fmt.Sprintf("  %d/%d items", ms.Done, ms.Total))
			}
			line(text)
			for _, is := range ms.Items {
				if q := is.Quiz; q != nil && q.Attempts > 0 {
					verdict := st.Warn.Render("not passed")
					if q.Passed {
						verdict = st.Good.Render("passed")
					}
					line(fmt.Sprintf("      %s %s  best %s, %s, %s", st.Muted.Render("quiz"), st.Text.Render(is.Item.Title), pct(q.Best), plural(q.Attempts, "attempt", "attempts"), verdict))
				}
			}
			if ms.Status == progress.StatusLocked {
				for _, l := range checklistLines(st, ms.Checks, tw-6) {
					b.WriteString("      " + l + "\n")
				}
			}
		}
		line("")
	}
	p.assessments(&b, tw)
	if len(o.Orphans) > 0 {
		line(st.Heading.Render("Records for items this course no longer has") + st.Muted.Render(" (kept, not lost)"))
		for _, or := range o.Orphans {
			line("  " + st.Muted.Render(or.String()))
		}
		line("")
	}
	line(st.Muted.Render("Progress file: ") + st.Text.Render(c.path))
	p.vp.SetContent(lipgloss.NewStyle().Padding(0, 1).Render(b.String()))
}

// assessments lists every attempt at every assessment of the course.
func (p *progressScreen) assessments(b *strings.Builder, tw int) {
	c, st := p.c, p.c.styles
	for _, it := range c.course.Items() {
		if it.Kind != content.KindAssessment {
			continue
		}
		b.WriteString(st.Heading.Render(it.Title) + "\n")
		rec := c.state.Assessments[it.ID]
		if rec == nil || len(rec.Attempts) == 0 {
			b.WriteString(st.Muted.Render("  not taken yet") + "\n\n")
			continue
		}
		for _, a := range rec.Attempts {
			where := "no placement"
			if s := c.course.Stage(a.Placement); s != nil {
				where = "placed: " + s.Label + " · " + s.Title
			}
			var scores []string
			for _, sc := range it.Assessment.Scores {
				if v, ok := a.Scores[sc.ID]; ok {
					scores = append(scores, fmt.Sprintf("%s %.1f", sc.Title, v))
				}
			}
			text := fmt.Sprintf("  %s  %s", a.At.Local().Format("2 Jan 2006 15:04"), where)
			if len(scores) > 0 {
				text += " · " + strings.Join(scores, " · ")
			}
			b.WriteString(wrap(st.Text.Render(text), tw) + "\n")
		}
		b.WriteString("\n")
	}
}

func (p *progressScreen) view() string {
	c, st := p.c, p.c.styles
	title := lipgloss.NewStyle().Padding(0, 1).Render(spread(st.Title.Render("Your progress"), st.Muted.Render(c.course.Title), c.width-2))
	return title + "\n" + st.Rule.Render(repeat("─", c.width)) + "\n" + p.vp.View()
}
