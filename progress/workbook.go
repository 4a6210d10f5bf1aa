package progress

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/allyworks/ally/content"
)

// Grid is a worksheet's entries as a table: one row per entry, one column
// per `columns:` entry of the worksheet (fields of its own or of an attached
// worksheet, read from the entry attached to the row).
type Grid struct {
	Worksheet *content.Item
	Columns   []*content.Column
	Rows      []GridRow
}

// GridRow is one entry of a grid.
type GridRow struct {
	Entry  Entry
	Values []*Value // per column; nil = blank
}

// Cell is the text of a row's column, ready to show (control characters
// removed: the progress file is untrusted input).
func (g *Grid) Cell(row, col int) string {
	v := g.Rows[row].Values[col]
	if v == nil {
		return ""
	}
	return Clean(v.Format(g.Columns[col].Field))
}

// Header is the label of each column.
func (g *Grid) Header() []string {
	h := make([]string, len(g.Columns))
	for i, c := range g.Columns {
		if c.Field != nil {
			h[i] = c.Field.Label
		} else {
			h[i] = c.Ref
		}
	}
	return h
}

// NewGrid builds the grid of a worksheet from the learner's records, in
// the order the entries were made. A worksheet without columns gets one
// column per field.
func NewGrid(c *content.Course, st *State, it *content.Item) *Grid {
	w := it.Worksheet
	g := &Grid{Worksheet: it, Columns: w.Columns}
	if len(g.Columns) == 0 {
		for _, f := range w.Fields {
			g.Columns = append(g.Columns, &content.Column{Ref: f.ID, Worksheet: it.ID, Field: f})
		}
	}
	if st == nil {
		return g
	}
	for _, e := range st.Worksheets[it.ID].entriesOf() {
		row := GridRow{Entry: e.clone(), Values: make([]*Value, len(g.Columns))}
		for i, col := range g.Columns {
			if col.Field == nil {
				continue
			}
			src := &e
			if col.Worksheet != it.ID {
				src = st.Worksheets[col.Worksheet].For(e.ID)
			}
			if src == nil {
				continue
			}
			if v, ok := src.Values[col.Field.ID]; ok {
				vc := v.clone()
				row.Values[i] = &vc
			}
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

func (r *WorksheetRecord) entriesOf() []Entry {
	if r == nil {
		return nil
	}
	return r.Entries
}

// SortBy orders the rows by a column: numbers (and scales) by value, yes
// before no, text and dates alphabetically; blanks always last. desc
// reverses the order of the non-blank rows. The sort is stable.
func (g *Grid) SortBy(col int, desc bool) {
	if col < 0 || col >= len(g.Columns) {
		return
	}
	slices.SortStableFunc(g.Rows, func(a, b GridRow) int {
		va, vb := a.Values[col], b.Values[col]
		switch {
		case va == nil && vb == nil:
			return 0
		case va == nil:
			return 1
		case vb == nil:
			return -1
		}
		c := compareValues(*va, *vb)
		if desc {
			return -c
		}
		return c
	})
}

func compareValues(a, b Value) int {
	switch {
	case a.Num != nil && b.Num != nil:
		return cmp.Compare(*a.Num, *b.Num)
	case a.Bool != nil && b.Bool != nil:
		return cmp.Compare(boolRank(*a.Bool), boolRank(*b.Bool))
	}
	return cmp.Compare(strings.ToLower(a.Format(nil)), strings.ToLower(b.Format(nil)))
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// Clean removes control characters (but newlines and tabs) from text read
// from the progress file before it reaches a terminal or a document.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// EntryName is what an entry is called in lists: its first field with a
// value (the partner, say), else its id.
func EntryName(w *content.Worksheet, e Entry) string {
	for _, f := range w.Fields {
		if v, ok := e.Values[f.ID]; ok && !v.blank() {
			s := Clean(strings.ReplaceAll(v.Format(f), "\n", " "))
			if r := []rune(s); len(r) > 60 {
				s = string(r[:59]) + "…"
			}
			return s
		}
	}
	return e.ID
}

// csvSafe defuses a cell a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteGridCSV writes a grid as CSV: the entry id, then the columns.
// Cells a spreadsheet would read as a formula (starting with = + - @, a
// tab or a carriage return) get a leading '.
func WriteGridCSV(w io.Writer, g *Grid) error {
	cw := csv.NewWriter(w)
	head := append([]string{"entry"}, g.Header()...)
	for i := range head {
		head[i] = csvSafe(Clean(head[i]))
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for r := range g.Rows {
		row := []string{csvSafe(Clean(g.Rows[r].Entry.ID))}
		for c := range g.Columns {
			row = append(row, csvSafe(g.Cell(r, c)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// WriteWorkbookMarkdown writes the learner's workbook as one Markdown
// document: per worksheet, a section per entry with every field and the
// entries attached to it (an alliance and its review), then the grid as a
// table; then the notes on lessons.
func WriteWorkbookMarkdown(w io.Writer, c *content.Course, st *State) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Workbook: %s\n\n", Clean(c.Title))
	if st != nil && st.Learner != "" {
		fmt.Fprintf(&b, "Learner: %s\n\n", Clean(st.Learner))
	}
	if st == nil {
		st = NewState(c.ID, c.Version, time.Time{})
	}
	for _, it := range c.Worksheets() {
		ws := it.Worksheet
		if ws.Parent != nil {
			continue // shown with the entries it is attached to
		}
		entries := st.Worksheets[it.ID].entriesOf()
		fmt.Fprintf(&b, "## %s\n\n", Clean(it.Title))
		if len(entries) == 0 {
			b.WriteString("Nothing recorded yet.\n\n")
			continue
		}
		for _, e := range entries {
			if ws.Many {
				fmt.Fprintf(&b, "### %s\n\n", EntryName(ws, e))
			}
			writeFields(&b, ws, e)
			for _, a := range ws.Attached {
				ae := st.Worksheets[a.ID].For(e.ID)
				if ae == nil {
					fmt.Fprintf(&b, "#### %s\n\nNot written yet.\n\n", Clean(a.Title))
					continue
				}
				fmt.Fprintf(&b, "#### %s\n\n", Clean(a.Title))
				writeFields(&b, a.Worksheet, *ae)
			}
		}
		if len(ws.Columns) > 0 {
			g := NewGrid(c, st, it)
			fmt.Fprintf(&b, "### The grid\n\n| %s |\n|%s\n", strings.Join(mapStrings(g.Header(), mdCell), " | "), strings.Repeat("---|", len(g.Columns)))
			for r := range g.Rows {
				cells := make([]string, len(g.Columns))
				for col := range g.Columns {
					cells[col] = mdCell(g.Cell(r, col))
				}
				fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
			}
			b.WriteString("\n")
		}
	}
	var lessons []*content.Item
	for _, it := range c.Items() {
		if st.Notes[it.ID] != "" {
			lessons = append(lessons, it)
		}
	}
	if len(lessons) > 0 {
		b.WriteString("## Notes on lessons\n\n")
		for _, it := range lessons {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", Clean(it.Title), strings.TrimSpace(Clean(st.Notes[it.ID])))
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func writeFields(b *strings.Builder, w *content.Worksheet, e Entry) {
	var long []string
	list := false
	for _, f := range w.Fields {
		v, ok := e.Values[f.ID]
		if !ok || v.blank() {
			continue
		}
		text := Clean(v.Format(f))
		if f.Type == content.FieldLongText {
			long = append(long, fmt.Sprintf("**%s:**\n\n%s\n\n", Clean(f.Label), strings.TrimSpace(text)))
			continue
		}
		fmt.Fprintf(b, "- **%s:** %s\n", Clean(f.Label), text)
		list = true
	}
	if list {
		b.WriteString("\n")
	}
	for _, l := range long {
		b.WriteString(l)
	}
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

// Reviewed counts the entries of a worksheet that have an entry in the
// attached worksheet.
func Reviewed(st *State, parent, attached string) int {
	n := 0
	for _, e := range st.Worksheets[parent].entriesOf() {
		if st.Worksheets[attached].For(e.ID) != nil {
			n++
		}
	}
	return n
}
