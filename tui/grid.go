package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
)

// gridScreen shows a worksheet's entries as a table (its `columns:`),
// sortable by any column: the crossed-evaluation grid.
type gridScreen struct {
	c      *common
	it     *content.Item
	grid   *progress.Grid
	col    int  // the selected column
	sorted int  // the column sorted by; -1 = the order the entries were made
	desc   bool // sorted high to low
	list   list
}

func newGridScreen(c *common, it *content.Item) *gridScreen {
	s := &gridScreen{c: c, it: it, sorted: -1}
	s.build()
	return s
}

func (s *gridScreen) capturing() bool { return false }

func (s *gridScreen) help() keyHelp {
	k := s.c.keys.Grid
	return s.c.keys.Global.withGlobal([]key.Binding{k.Up, k.Down, k.Left, k.Sort, s.c.keys.Workbook.Edit},
		[]key.Binding{k.Up, k.Down, k.Left, k.Right, k.Sort, s.c.keys.Workbook.Edit})
}

// build rebuilds the grid from the state, keeping the sort.
func (s *gridScreen) build() {
	s.grid = progress.NewGrid(s.c.course, s.c.state, s.it)
	if s.sorted >= 0 {
		s.grid.SortBy(s.sorted, s.desc)
	}
	s.col = min(s.col, max(0, len(s.grid.Columns)-1))
	cur := s.list.selectedKey()
	rows := make([]row, len(s.grid.Rows))
	for i, r := range s.grid.Rows {
		rows[i] = row{target: &navMsg{kind: navEntry, id: s.it.ID, entry: r.Entry.ID}, key: r.Entry.ID}
	}
	s.list.setRows(rows)
	if cur != "" {
		s.list.selectKey(cur)
	}
}

func (s *gridScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg, backedMsg:
		s.build()
	case tea.KeyPressMsg:
		k := s.c.keys.Grid
		switch {
		case s.list.handle(k.ListKeys, msg):
		case key.Matches(msg, k.Left):
			s.col = max(0, s.col-1)
		case key.Matches(msg, k.Right):
			s.col = min(len(s.grid.Columns)-1, s.col+1)
		case key.Matches(msg, k.Sort) && len(s.grid.Columns) > 0:
			if s.sorted == s.col {
				s.desc = !s.desc
			} else {
				s.sorted = s.col
				f := s.grid.Columns[s.col].Field
				// Numbers and scales: best (highest) first.
				s.desc = f != nil && (f.Type == content.FieldNumber || f.Type == content.FieldScale)
			}
			s.build()
		case key.Matches(msg, s.c.keys.Workbook.Edit):
			if t := s.list.selected(); t != nil {
				return s, navigate(*t)
			}
		case key.Matches(msg, s.c.keys.Global.Back):
			return s, goBack
		}
	}
	return s, nil
}

func (s *gridScreen) view() string {
	c, st := s.c, s.c.styles
	title := st.Muted.Render("Workbook › ") + st.Title.Render(s.it.Title+" — grid")
	sortNote := "in the order you logged them"
	if s.sorted >= 0 {
		dir := "low to high"
		if s.desc {
			dir = "high to low"
		}
		sortNote = "sorted by " + s.grid.Header()[s.sorted] + ", " + dir
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(truncate(title, c.width-2) + "\n" + st.Muted.Render(truncate(sortNote, c.width-2)))
	rule := st.Rule.Render(repeat("─", c.width))
	if len(s.grid.Columns) == 0 || len(s.grid.Rows) == 0 {
		return header + "\n" + rule + "\n" + lipgloss.NewStyle().Padding(1, 1).Render(st.Muted.Render("Nothing logged yet: press esc, then a to add "+article(s.it.Worksheet.Noun)+"."))
	}
	widths := s.widths(c.width - 4)
	head := make([]string, len(widths))
	for i, h := range s.grid.Header() {
		if i == s.sorted {
			h += map[bool]string{true: " ▼", false: " ▲"}[s.desc]
		}
		cell := pad(truncate(h, widths[i]), widths[i])
		if i == s.col {
			cell = st.Accent.Render(cell)
		} else {
			cell = st.Heading.Render(cell)
		}
		head[i] = cell
	}
	rows := make([]row, len(s.grid.Rows))
	for r := range s.grid.Rows {
		cells := make([]string, len(widths))
		for i := range widths {
			cells[i] = pad(truncate(strings.ReplaceAll(s.grid.Cell(r, i), "\n", " "), widths[i]), widths[i])
		}
		rows[r] = s.list.rows[r]
		rows[r].text = strings.Join(cells, "  ")
	}
	s.list.rows = rows
	used := lipgloss.Height(header) + 2 + footerLines
	return header + "\n" + rule + "\n  " + strings.Join(head, "  ") + "\n" + s.list.view(st, c.width, c.height-used)
}

// widths shares the width among the columns: each gets what its longest
// cell needs, shrunk evenly when they do not fit.
func (s *gridScreen) widths(total int) []int {
	n := len(s.grid.Columns)
	w := make([]int, n)
	for i, h := range s.grid.Header() {
		w[i] = ansi.StringWidth(h) + 2
		for r := range s.grid.Rows {
			w[i] = max(w[i], ansi.StringWidth(s.grid.Cell(r, i)))
		}
		w[i] = min(w[i], 30)
	}
	avail := total - 2*(n-1)
	for sum(w) > avail {
		widest := 0
		for i := range w {
			if w[i] > w[widest] {
				widest = i
			}
		}
		if w[widest] <= 4 {
			break
		}
		w[widest]--
	}
	return w
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// noteScreen edits the learner's notes on a lesson; esc saves and closes.
type noteScreen struct {
	c    *common
	it   *content.Item
	area textarea.Model
}

func newNoteScreen(c *common, it *content.Item) *noteScreen {
	s := &noteScreen{c: c, it: it, area: newArea(c, "What you will try, and on which alliance.", 5)}
	s.area.SetValue(c.state.Notes[it.ID])
	s.resize()
	return s
}

func (s *noteScreen) init() tea.Cmd { return s.area.Focus() }

func (s *noteScreen) capturing() bool { return true }

func (s *noteScreen) help() keyHelp {
	k := s.c.keys.Form
	close := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "save and close"))
	return keyHelp{short: []key.Binding{k.Save, close}, full: [][]key.Binding{{k.Save, close}}}
}

func (s *noteScreen) resize() {
	s.area.SetWidth(max(20, min(s.c.width-4, 80)))
	s.area.SetHeight(max(3, s.c.height-6))
}

func (s *noteScreen) save() []saveOp {
	if s.area.Value() == s.c.state.Notes[s.it.ID] {
		return nil
	}
	id, text := s.it.ID, s.area.Value()
	return []saveOp{{what: "save your notes", run: func(st *progress.Store) error { return st.SetNote(id, text) }}}
}

func (s *noteScreen) leave() []saveOp { return s.save() }

func (s *noteScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.resize()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.c.keys.Form.Close):
			return s, tea.Sequence(saveCmd(s.save()...), goBack)
		case key.Matches(msg, s.c.keys.Form.Save):
			return s, saveCmd(s.save()...)
		}
		var cmd tea.Cmd
		s.area, cmd = s.area.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *noteScreen) view() string {
	st := s.c.styles
	title := st.Muted.Render("Notes on ") + st.Title.Render(s.it.Title)
	header := lipgloss.NewStyle().Padding(0, 1).Render(truncate(title, s.c.width-2))
	return header + "\n" + st.Rule.Render(repeat("─", s.c.width)) + "\n" + lipgloss.NewStyle().Padding(0, 1).Render(s.area.View())
}
