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

// WorkbookKeys are the workbook's keys: the learner's worksheets and their
// entries.
type WorkbookKeys struct {
	ListKeys
	Add, Edit, Delete, Undo, Review, Grid key.Binding
	Confirm                               key.Binding // y: delete for real
}

// FormKeys are the keys of an entry being filled in. Every other key goes
// to the field.
type FormKeys struct {
	Next, Prev, Save, Close, Editor key.Binding
	Pick, Clear                     key.Binding // choice, scale, yes/no fields
}

// GridKeys are the grid view's keys.
type GridKeys struct {
	ListKeys
	Left, Right, Sort key.Binding
}

func defaultWorkbookKeys(list ListKeys) (WorkbookKeys, FormKeys, GridKeys) {
	return WorkbookKeys{
			ListKeys: list,
			Add:      kb([]string{"a"}, "a", "add"),
			Edit:     kb([]string{"enter"}, "enter", "edit"),
			Delete:   kb([]string{"x", "delete"}, "x", "delete"),
			Undo:     kb([]string{"u"}, "u", "undo delete"),
			Review:   kb([]string{"r"}, "r", "review"),
			Grid:     kb([]string{"v"}, "v", "grid"),
			Confirm:  kb([]string{"y"}, "y", "confirm"),
		}, FormKeys{
			Next:   kb([]string{"tab"}, "tab", "next field"),
			Prev:   kb([]string{"shift+tab"}, "⇧tab", "previous field"),
			Save:   kb([]string{"ctrl+s"}, "ctrl+s", "save"),
			Close:  kb([]string{"esc"}, "esc", "close (draft kept)"),
			Editor: kb([]string{"ctrl+e"}, "ctrl+e", "$EDITOR"),
			Pick:   kb([]string{"left", "right", "1", "2", "3", "4", "5", "6", "7", "8", "9", "y", "n"}, "←/→/1-9", "pick"),
			Clear:  kb([]string{"backspace"}, "⌫", "clear"),
		}, GridKeys{
			ListKeys: list,
			Left:     kb([]string{"left", "h"}, "←/→", "column"),
			Right:    kb([]string{"right", "l"}, "→", "column"),
			Sort:     kb([]string{"s"}, "s", "sort by column"),
		}
}

// workbook lists every worksheet of the course with the learner's entries.
type workbook struct {
	c       *common
	list    list
	focus   string // worksheet id to put the cursor on first
	confirm *progress.Deleted
	undo    *progress.Deleted
	note    string
}

func newWorkbook(c *common, focus string) *workbook {
	if it := c.course.Worksheet(focus); it != nil && it.Worksheet.Parent != nil {
		focus = it.Worksheet.Parent.ID
	}
	w := &workbook{c: c, focus: focus}
	w.build()
	if !w.list.selectKey("add:"+focus) && !w.list.selectKey("ws:"+focus) {
		w.list.first()
	}
	return w
}

func (w *workbook) capturing() bool { return false }

func (w *workbook) help() keyHelp {
	k := w.c.keys.Workbook
	if w.confirm != nil {
		return keyHelp{short: []key.Binding{k.Confirm, w.c.keys.Global.Back}}
	}
	return w.c.keys.Global.withGlobal(
		[]key.Binding{k.Up, k.Down, k.Edit, k.Add, k.Review, k.Grid, k.Delete, k.Undo},
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
		[]key.Binding{k.Edit, k.Add, k.Review, k.Grid, k.Delete, k.Undo},
	)
}

// locked returns what keeps a worksheet's module closed ("" when open).
func (w *workbook) locked(it *content.Item) string {
	ms := w.c.over.Module(it.Module.ID)
	if ms == nil || ms.Status != progress.StatusLocked {
		return ""
	}
	return fmt.Sprintf("“%s” is locked. To open it: %s", it.Module.Title, unmetText(ms.Unmet))
}

func (w *workbook) build() {
	c, s := w.c, w.c.styles
	var rows []row
	any := false
	for _, it := range c.course.Worksheets() {
		ws := it.Worksheet
		if ws.Parent != nil {
			continue
		}
		any = true
		entries := c.state.Worksheets[it.ID]
		n := 0
		if entries != nil {
			n = len(entries.Entries)
		}
		head := s.Heading.Render(it.Title) + s.Muted.Render("  "+ws.Name(n)+" · "+moduleName(it.Module))
		rows = append(rows, row{text: head, target: &navMsg{}, key: "ws:" + it.ID})
		if why := w.locked(it); why != "" {
			for i, l := range strings.Split(wrap(why, max(20, c.width-8)), "\n") {
				mark := "    "
				if i == 0 {
					mark = "  " + s.Warn.Render("⊘ ")
				}
				rows = append(rows, row{text: mark + s.Muted.Render(l)})
			}
			rows = append(rows, row{})
			continue
		}
		if entries != nil {
			for _, e := range entries.Entries {
				line := "  " + s.Text.Render(progress.EntryName(ws, e))
				var extra []string
				for _, a := range ws.Attached {
					if c.state.Worksheets[a.ID].For(e.ID) != nil {
						extra = append(extra, s.Good.Render("✓ "+a.Worksheet.Noun))
					} else {
						extra = append(extra, s.Muted.Render("no "+a.Worksheet.Noun+" yet"))
					}
				}
				if c.state.Drafts.Entries[progress.DraftKey(it.ID, e.ID, "")] != nil {
					extra = append(extra, s.Warn.Render("unsaved draft"))
				}
				if len(extra) > 0 {
					line += "  " + strings.Join(extra, s.Muted.Render(" · "))
				}
				rows = append(rows, row{text: line, target: &navMsg{}, key: "entry:" + it.ID + ":" + e.ID})
			}
		}
		if ws.Many || n == 0 {
			add := "  " + s.Accent.Render("+ ") + s.Text.Render("Add "+article(ws.Noun))
			if c.state.Drafts.Entries[progress.DraftKey(it.ID, "", "")] != nil {
				add += "  " + s.Warn.Render("unsaved draft")
			}
			rows = append(rows, row{text: add, target: &navMsg{}, key: "add:" + it.ID})
		}
		rows = append(rows, row{})
	}
	if !any {
		rows = append(rows, row{text: s.Muted.Render("This course has no worksheets.")})
	}
	cur := w.list.selectedKey()
	w.list.setRows(rows)
	if cur != "" {
		w.list.selectKey(cur)
	}
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// selectedEntry returns the worksheet and entry id under the cursor.
func (w *workbook) selectedEntry() (*content.Item, string) {
	k := w.list.selectedKey()
	parts := strings.SplitN(k, ":", 3)
	if len(parts) < 2 {
		return nil, ""
	}
	it := w.c.course.Worksheet(parts[1])
	if len(parts) == 3 {
		return it, parts[2]
	}
	return it, ""
}

func (w *workbook) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg, backedMsg, themeChangedMsg:
		w.build()
	case tea.KeyPressMsg:
		return w, w.key(msg)
	}
	return w, nil
}

func (w *workbook) key(msg tea.KeyPressMsg) tea.Cmd {
	k, c := w.c.keys.Workbook, w.c
	if d := w.confirm; d != nil {
		w.confirm = nil
		if !key.Matches(msg, k.Confirm) {
			w.note = "Nothing deleted."
			return nil
		}
		w.undo = d
		name := progress.EntryName(c.course.Worksheet(d.Worksheet).Worksheet, d.Entry)
		w.note = fmt.Sprintf("Deleted “%s”. Press u to undo.", name)
		ws, id := d.Worksheet, d.Entry.ID
		return saveCmd(saveOp{what: "delete the entry", run: func(st *progress.Store) error { _, err := st.DeleteEntry(ws, id); return err }})
	}
	w.note = ""
	it, id := w.selectedEntry()
	switch {
	case w.list.handle(k.ListKeys, msg):
	case key.Matches(msg, c.keys.Global.Back):
		return goBack
	case key.Matches(msg, k.Undo):
		if d := w.undo; d != nil {
			w.undo = nil
			w.note = "Restored."
			return saveCmd(saveOp{what: "undo the delete", run: func(st *progress.Store) error { return st.RestoreEntry(*d) }})
		}
	case it == nil:
	case key.Matches(msg, k.Edit):
		if strings.HasPrefix(w.list.selectedKey(), "ws:") {
			return nil
		}
		return w.openForm(it, id, "")
	case key.Matches(msg, k.Add):
		return w.openForm(it, "", "")
	case key.Matches(msg, k.Grid):
		return navigate(navMsg{kind: navGrid, id: it.ID})
	case key.Matches(msg, k.Review) && id != "":
		if len(it.Worksheet.Attached) == 0 {
			return errCmd(fmt.Errorf("“%s” has no review attached to it", it.Title))
		}
		a := it.Worksheet.Attached[0]
		if e := c.state.Worksheets[a.ID].For(id); e != nil && !a.Worksheet.Many {
			return w.openForm(a, e.ID, "")
		}
		return w.openForm(a, "", id)
	case key.Matches(msg, k.Delete) && id != "":
		if d, ok := progress.PlanDelete(c.course, c.state, it.ID, id); ok {
			w.confirm = &d
			what := "“" + progress.EntryName(it.Worksheet, d.Entry) + "”"
			if n := len(d.Attached); n > 0 {
				what += " and its " + it.Worksheet.Attached[0].Worksheet.Noun
			}
			w.note = "Delete " + what + "? Press y to delete, any other key to keep it."
		}
	}
	return nil
}

func (w *workbook) openForm(it *content.Item, entry, parent string) tea.Cmd {
	if why := w.locked(it); why != "" {
		return errCmd(fmt.Errorf("%s", why))
	}
	return navigate(navMsg{kind: navEntry, id: it.ID, entry: entry, parent: parent})
}

func (w *workbook) view() string {
	c, s := w.c, w.c.styles
	title := s.Title.Render("Workbook") + s.Muted.Render("  your own records, kept with your progress")
	header := lipgloss.NewStyle().Padding(0, 1).Render(truncate(title, c.width-2))
	rule := s.Rule.Render(repeat("─", c.width))
	used := lipgloss.Height(header) + 1 + footerLines
	foot := ""
	if w.note != "" {
		foot = "\n" + lipgloss.NewStyle().Padding(0, 1).Render(s.Notice.Render(truncate(w.note, c.width-2)))
		used++
	}
	return header + "\n" + rule + "\n" + w.list.view(s, c.width, c.height-used) + foot
}
