package tui

import (
	"fmt"
	"math"
	"path"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// moduleScreen shows a module: its introduction, its items with their
// status, and for a locked module what is still missing.
type moduleScreen struct {
	c     *common
	mod   *content.Module
	list  list
	intro string // rendered introduction; "" until it arrives
	err   error
}

func newModuleScreen(c *common, m *content.Module) *moduleScreen {
	s := &moduleScreen{c: c, mod: m}
	if out, ok := c.render.Cached(s.introKey()); ok {
		s.intro = out
	}
	s.build()
	s.list.first()
	if s.state().Status == progress.StatusLocked {
		s.list.showTop() // what the module needs comes first
	}
	return s
}

func (s *moduleScreen) introKey() renderKey {
	return renderKey{ID: "module:" + s.mod.ID, Width: s.c.readWidth(), Style: s.c.styles.Glamour}
}

func (s *moduleScreen) init() tea.Cmd {
	var cmds []tea.Cmd
	if s.intro == "" && s.mod.Intro != "" {
		cmds = append(cmds, s.c.render.renderCmd(s.introKey(), s.mod.Intro, fileLinks(s.c.course, path.Join(s.mod.Dir, "module.md")), math.MaxInt, nil))
	}
	// Warm the cache with the module's lessons: the first one opens at once.
	for _, it := range s.mod.Items {
		if it.Kind == content.KindLesson {
			cmds = append(cmds, s.c.render.lessonPrerenderCmd(s.c.course, it, lessonKey(s.c, it)))
		}
	}
	return tea.Batch(cmds...)
}

func (s *moduleScreen) capturing() bool { return false }

func (s *moduleScreen) help() keyHelp {
	k := s.c.keys.List
	return s.c.keys.Global.withGlobal([]key.Binding{k.Up, k.Down, k.Open}, []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.Open})
}

func (s *moduleScreen) state() *progress.ModuleState { return s.c.over.Module(s.mod.ID) }

// build lays out the rows: the lock box, the introduction, the items.
func (s *moduleScreen) build() {
	st, ms := s.c.styles, s.state()
	w := s.c.width - 4
	var rows []row
	text := func(t string) {
		for _, l := range strings.Split(t, "\n") {
			rows = append(rows, row{text: l})
		}
	}
	if ms.Status == progress.StatusLocked {
		bw := min(w, 100)
		lock := st.Warn.Render("⊘ Locked.") + " " + st.Text.Render("To open this module:")
		for _, l := range checklistLines(st, ms.Checks, bw-st.Box.GetHorizontalFrameSize()) {
			lock += "\n" + l
		}
		if ms.Preview {
			lock += "\n" + st.Muted.Render(wrap("Preview: you can read its lessons now; quizzes and assessments open when it unlocks.", bw-st.Box.GetHorizontalFrameSize()))
		}
		text(st.Box.Width(bw).Render(lock))
		rows = append(rows, row{})
	}
	switch {
	case s.err != nil:
		text(st.Bad.Render("Could not render the introduction: " + s.err.Error()))
	case s.intro != "":
		text(s.intro)
	case !s.c.course.Checked():
		text(st.Muted.Render("Checking the course… the introduction shows once it is done."))
	case s.mod.Intro != "":
		text(st.Muted.Render("…"))
	}
	rows = append(rows, row{}, row{text: st.Heading.Render("Items")})
	for _, is := range ms.Items {
		it := is.Item
		markText := st.itemMark(is)
		if s.unfinished(it) {
			markText = st.Accent.Render("◐ unfinished")
		}
		mark := lipgloss.NewStyle().Width(16).Render(markText)
		kind := ""
		switch it.Kind {
		case content.KindQuiz:
			kind = st.Muted.Render("quiz · ")
		case content.KindAssessment:
			kind = st.Muted.Render("self-assessment · ")
		case content.KindWorksheet:
			kind = st.Muted.Render("worksheet · ")
		}
		title := st.Text
		if ms.Status == progress.StatusLocked && (it.Kind != content.KindLesson || !ms.Preview) {
			title = st.Muted // cannot be opened yet
		}
		line := mark + kind + title.Render(it.Title)
		var extra []string
		if it.Minutes > 0 {
			extra = append(extra, fmt.Sprintf("%d min", it.Minutes))
		}
		if q := is.Quiz; q != nil {
			extra = append(extra, fmt.Sprintf("pass %s", pct(it.Quiz.Pass)))
			if q.Attempts > 0 {
				extra = append(extra, plural(q.Attempts, "attempt", "attempts"))
			}
			if q.AttemptsLeft >= 0 {
				extra = append(extra, fmt.Sprintf("%d left", q.AttemptsLeft))
			}
		}
		if a := is.Assessment; a != nil && a.Placement != nil {
			extra = append(extra, "placed: "+a.Placement.Title)
		}
		if !is.Required {
			extra = append(extra, "optional")
		}
		if ms.Status == progress.StatusLocked && (it.Kind != content.KindLesson || !ms.Preview) {
			extra = append(extra, "locked")
		}
		if len(extra) > 0 {
			line += st.Muted.Render("  · " + strings.Join(extra, " · "))
		}
		rows = append(rows, row{text: line, target: &navMsg{id: it.ID}})
	}
	s.list.setRows(rows)
}

func (s *moduleScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case renderedMsg:
		if msg.key == s.introKey() {
			s.intro, s.err = msg.out, msg.err
			s.rebuild()
		}
	case tea.WindowSizeMsg, themeChangedMsg:
		s.intro = ""
		if out, ok := s.c.render.Cached(s.introKey()); ok {
			s.intro = out
		}
		s.rebuild()
		return s, s.init()
	case progressMsg, backedMsg:
		s.rebuild()
	case tea.KeyPressMsg:
		k := s.c.keys.List
		switch {
		case s.list.handle(k, msg):
		case key.Matches(msg, k.Open):
			if t := s.list.selected(); t != nil {
				return s, navigate(*t)
			}
		case key.Matches(msg, s.c.keys.Global.Back):
			return s, goBack
		}
	}
	return s, nil
}

// unfinished: a quiz or self-assessment with an attempt under way (a draft).
func (s *moduleScreen) unfinished(it *content.Item) bool {
	d := s.c.state.Drafts
	switch it.Kind {
	case content.KindQuiz:
		return len(d.Quizzes[it.ID]) > 0
	case content.KindAssessment:
		return len(d.Assessments[it.ID]) > 0
	}
	return false
}

// rebuild lays the rows out again, keeping the cursor on the same item.
func (s *moduleScreen) rebuild() {
	cur := s.list.selectedKey()
	s.build()
	s.list.selectKey(cur)
}

func (s *moduleScreen) view() string {
	c, st, ms := s.c, s.c.styles, s.state()
	w := c.width
	status := st.statusMark(ms.Status, ms.Preview)
	if ms.Status != progress.StatusLocked {
		status += st.Muted.Render(fmt.Sprintf("  %d/%d", ms.Done, ms.Total))
	}
	header := titleHeader(st.Muted.Render(s.mod.Stage.Label+" · "+s.mod.Stage.Title+" › "), st.Title.Render(moduleName(s.mod)), status, status, w) +
		"\n" + lipgloss.NewStyle().Padding(0, 1).Render(st.Subtitle.Render(wrap(s.mod.Summary, w-2)))
	rule := st.Rule.Render(repeat("─", w))
	body := s.list.view(st, w, c.height-lipgloss.Height(header)-1-footerLines)
	return header + "\n" + rule + "\n" + body
}
