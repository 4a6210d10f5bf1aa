package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/spf13/cobra"
)

func newWorkbookCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workbook",
		Short: "List, show or export the learner's worksheets (an alliance log, its reviews)",
		Long: `Workbook works with what the learner has written in the course's worksheets
(AUTHORING.md, "Worksheets") and their notes on lessons, kept in the progress
file (--progress FILE, else $ALLY_PROGRESS, else the course's own file).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newWorkbookListCmd(o), newWorkbookShowCmd(o), newWorkbookExportCmd(o))
	return cmd
}

func newWorkbookListCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the worksheets and their entries",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			return writeWorkbookList(o.stdout, c, s.Snapshot())
		},
	}
}

func writeWorkbookList(w io.Writer, c *content.Course, st *progress.State) error {
	var b strings.Builder
	items := c.Worksheets()
	if len(items) == 0 {
		b.WriteString("This course has no worksheets.\n")
	}
	for _, it := range items {
		ws := it.Worksheet
		entries := st.Worksheets[it.ID]
		n := 0
		if entries != nil {
			n = len(entries.Entries)
		}
		line := fmt.Sprintf("%s — “%s”: %s", it.ID, it.Title, ws.Name(n))
		if ws.Parent != nil {
			line += fmt.Sprintf(", one per entry of %s", ws.Parent.ID)
		}
		for _, a := range ws.Attached {
			line += fmt.Sprintf(", %d with a %s", progress.Reviewed(st, it.ID, a.ID), a.Worksheet.Noun)
		}
		b.WriteString(line + "\n")
		if ws.Parent != nil || entries == nil {
			continue
		}
		for _, e := range entries.Entries {
			fmt.Fprintf(&b, "  %s  %s\n", e.ID, progress.EntryName(ws, e))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func newWorkbookShowCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:     "show WORKSHEET [ENTRY]",
		Short:   "Show every entry of a worksheet, or one entry, with the entries attached to it",
		Example: "  ally workbook show alliances\n  ally workbook show alliances e2",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageError{fmt.Errorf("show takes a worksheet id and optionally an entry id, got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			it := c.Worksheet(args[0])
			if it == nil {
				var ids []string
				for _, w := range c.Worksheets() {
					ids = append(ids, w.ID)
				}
				return fmt.Errorf("the course has no worksheet %q; its worksheets are: %s", args[0], strings.Join(ids, ", "))
			}
			st := s.Snapshot()
			rec := st.Worksheets[it.ID]
			var entries []progress.Entry
			if rec != nil {
				entries = rec.Entries
			}
			if len(args) == 2 {
				e := rec.Entry(args[1])
				if e == nil {
					return fmt.Errorf("“%s” has no entry %q (see ally workbook list)", it.Title, args[1])
				}
				entries = []progress.Entry{*e}
			}
			return writeEntries(o.stdout, it, st, entries)
		},
	}
}

func writeEntries(w io.Writer, it *content.Item, st *progress.State, entries []progress.Entry) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", it.Title, it.Worksheet.Name(len(entries)))
	for _, e := range entries {
		fmt.Fprintf(&b, "\n%s  %s\n", e.ID, progress.EntryName(it.Worksheet, e))
		fields(&b, "  ", it.Worksheet, e)
		for _, a := range it.Worksheet.Attached {
			ae := st.Worksheets[a.ID].For(e.ID)
			if ae == nil {
				fmt.Fprintf(&b, "  %s: not written yet\n", a.Title)
				continue
			}
			fmt.Fprintf(&b, "  %s:\n", a.Title)
			fields(&b, "    ", a.Worksheet, *ae)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func fields(b *strings.Builder, indent string, w *content.Worksheet, e progress.Entry) {
	for _, f := range w.Fields {
		v, ok := e.Values[f.ID]
		if !ok {
			continue
		}
		text := progress.Clean(v.Format(f))
		text = strings.ReplaceAll(text, "\n", "\n"+indent+"  ")
		fmt.Fprintf(b, "%s%s: %s\n", indent, f.Label, text)
	}
}

func newWorkbookExportCmd(o *options) *cobra.Command {
	var format, worksheet string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the workbook to stdout as Markdown, CSV or JSON",
		Long: `Export writes what the learner has recorded to stdout.

--format md (the default) writes one document: per worksheet, a section for
each entry with every field and the entries attached to it (an alliance and
its review), the grid as a table, then the notes on lessons.
--format csv writes a worksheet's grid (--worksheet ID, default the first
worksheet with columns): the entry id, then one column per grid column.
Cells that a spreadsheet would run as a formula (starting with = + - or @)
get a leading '.
--format json writes the worksheets and notes as they are in the progress
file (docs/progress-file.md).`,
		Example: "  ally workbook export > alliances.md\n  ally workbook export --format csv > grid.csv",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			switch format {
			case "md", "markdown", "csv", "json":
			default:
				return usageError{fmt.Errorf("unknown export format %q: use --format md, csv or json", format)}
			}
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			st := s.Snapshot()
			switch format {
			case "csv":
				it, err := gridWorksheet(c, worksheet)
				if err != nil {
					return err
				}
				return progress.WriteGridCSV(o.stdout, progress.NewGrid(c, st, it))
			case "json":
				enc := json.NewEncoder(o.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					Course     progress.CourseRef                   `json:"course"`
					Learner    string                               `json:"learner,omitempty"`
					Worksheets map[string]*progress.WorksheetRecord `json:"worksheets"`
					Notes      map[string]string                    `json:"notes"`
				}{st.Course, st.Learner, st.Worksheets, st.Notes})
			}
			return progress.WriteWorkbookMarkdown(o.stdout, c, st)
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "output format: md, csv or json")
	cmd.Flags().StringVar(&worksheet, "worksheet", "", "csv: the worksheet whose grid to write")
	return cmd
}

// gridWorksheet picks the worksheet for a CSV export.
func gridWorksheet(c *content.Course, id string) (*content.Item, error) {
	if id != "" {
		if it := c.Worksheet(id); it != nil {
			return it, nil
		}
		return nil, fmt.Errorf("the course has no worksheet %q", id)
	}
	for _, it := range c.Worksheets() {
		if len(it.Worksheet.Columns) > 0 {
			return it, nil
		}
	}
	if all := c.Worksheets(); len(all) > 0 {
		return all[0], nil
	}
	return nil, fmt.Errorf("the course %q has no worksheets to export", c.Title)
}
