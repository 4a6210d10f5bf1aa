package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/spf13/cobra"
)

func newProgressCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "progress",
		Short: "Show, export or reset the learner's progress",
		Long: `Progress works with the learner's progress file for the course (--course,
$ALLY_COURSE or the built-in course). The file is --progress FILE, else
$ALLY_PROGRESS, else ally/<course-id>.json in the per-user data folder.
docs/progress-file.md documents it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newProgressShowCmd(o),
		newProgressPathCmd(o),
		newProgressExportCmd(o),
		newProgressResetCmd(o),
		newProgressImportCmd(o),
		newProgressRenameCmd(o),
	)
	return cmd
}

func newProgressPathCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "path",
		Short: "Print the path of the progress file that would be used",
		Long: `Path prints the progress file ally would use: --progress FILE, else
$ALLY_PROGRESS, else ally/<course-id>.json in the per-user data folder. The
file need not exist yet.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			id := ""
			if o.progress == "" && os.Getenv(progress.EnvVar) == "" {
				c, err := o.loadCourse() // the default path needs the course id
				if err != nil {
					return err
				}
				id = c.ID
			}
			path, err := progress.ResolvePath(o.progress, id)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(o.stdout, path)
			return err
		},
	}
}

// openProgress loads the course and opens its progress file, printing any
// notice about the file (moved aside, migrated, read-only) to stderr.
func (o *options) openProgress() (*content.Course, *progress.Store, error) {
	c, s, notices, err := o.openStore()
	if err != nil {
		return nil, nil, err
	}
	o.printNotices(notices)
	return c, s, nil
}

// openStore loads the course and opens its progress file; the caller shows
// the notices.
func (o *options) openStore() (*content.Course, *progress.Store, []progress.Notice, error) {
	c, err := o.loadCourse()
	if err != nil {
		return nil, nil, nil, err
	}
	return o.openStoreFor(c)
}

// openStoreFor opens the progress file of course c (see openStore).
func (o *options) openStoreFor(c *content.Course) (*content.Course, *progress.Store, []progress.Notice, error) {
	path, err := progress.ResolvePath(o.progress, c.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	if o.preview != "" {
		if path, err = o.previewFile(c); err != nil {
			return nil, nil, nil, err
		}
	}
	s, notices, err := progress.Open(path, c)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, s, notices, nil
}

func (o *options) printNotices(notices []progress.Notice) {
	for _, n := range notices {
		fmt.Fprintf(o.stderr, "ally: %s\n", n)
	}
}

// noticesOnly prints the notices of a *progress.NoticeError (the operation
// succeeded) and returns any other error.
func (o *options) noticesOnly(err error) error {
	var ne *progress.NoticeError
	if errors.As(err, &ne) {
		o.printNotices(ne.Notices)
		return nil
	}
	return err
}

func newProgressShowCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show progress per stage and module",
		Long: `Show prints, per stage and module, the status (locked, open, in progress,
completed), what a locked module still needs, quiz scores, self-assessment
placements, the next step, any orphaned records (kept for ids the course no
longer has) and the progress file's path.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			return writeShow(o.stdout, c, s, o.preview)
		},
	}
}

func writeShow(w io.Writer, c *content.Course, s *progress.Store, preview string) error {
	st := s.Snapshot()
	ov := progress.Evaluate(c, st)
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s %s)\n", c.Title, c.ID, c.Version)
	if st.Learner != "" {
		fmt.Fprintf(&b, "Learner: %s\n", st.Learner)
	}
	file := s.Path()
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		file += " (not created yet: nothing recorded)"
	}
	if preview != "" {
		file = previewWords(preview)
	}
	fmt.Fprintf(&b, "Progress file: %s\n", file)
	for i, ss := range ov.Stages {
		state := fmt.Sprintf("%d of %d modules completed", ss.Done, ss.Total)
		if ss.Completed {
			state = "completed"
		}
		label := ss.Stage.Label
		if label == "" {
			label = fmt.Sprintf("Stage %d", i+1)
		}
		fmt.Fprintf(&b, "\n%s: %s — %s\n", label, ss.Stage.Title, state)
		for _, ms := range ss.Modules {
			status := ms.Status.String()
			if ms.Preview {
				status += ", preview"
			}
			fmt.Fprintf(&b, "  [%s] %s — %d of %d required items\n", status, moduleName(ms.Module), ms.Done, ms.Total)
			writeChecks(&b, ms.Checks, "      ")
			for _, is := range ms.Items {
				if line := itemLine(c, is); line != "" {
					fmt.Fprintf(&b, "      %s\n", line)
				} else if ws := is.Item.Worksheet; ws != nil {
					n := 0
					if r := st.Worksheets[is.Item.ID]; r != nil {
						n = len(r.Entries)
					}
					fmt.Fprintf(&b, "      worksheet “%s”: %s (ally workbook show %s)\n", is.Item.Title, ws.Name(n), is.Item.ID)
				}
			}
		}
	}
	fmt.Fprintf(&b, "\nNext: %s\n", ov.Next)
	if len(ov.Orphans) > 0 {
		b.WriteString("\nOrphaned records (kept; the course no longer has these ids):\n")
		for _, or := range ov.Orphans {
			fmt.Fprintf(&b, "  %s\n", or)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// itemLine sums up a quiz or self-assessment; lessons get no line.
func itemLine(c *content.Course, is *progress.ItemState) string {
	switch {
	case is.Quiz != nil:
		q := is.Quiz
		s := fmt.Sprintf("quiz “%s”: ", is.Item.Title)
		if q.Attempts == 0 {
			s += "not taken"
		} else {
			s += fmt.Sprintf("best %s, latest %s, ", percent(q.Best), percent(q.Latest))
			if q.Passed {
				s += "passed"
			} else {
				s += fmt.Sprintf("not passed (pass mark %s)", percent(is.Item.Quiz.Pass))
			}
		}
		switch q.AttemptsLeft {
		case -1:
		case 1:
			s += ", 1 attempt left"
		default:
			s += fmt.Sprintf(", %d attempts left", q.AttemptsLeft)
		}
		return s
	case is.Assessment != nil:
		a := is.Assessment
		s := fmt.Sprintf("self-assessment “%s”: ", is.Item.Title)
		switch a.Taken {
		case 0:
			return s + "not taken"
		case 1:
			s += "taken once"
		default:
			s += fmt.Sprintf("taken %d times", a.Taken)
		}
		switch {
		case a.Placement != nil:
			s += fmt.Sprintf(", placed in “%s”", a.Placement.Title)
		case a.Latest.Placement != "":
			s += fmt.Sprintf(", placed in %q (no longer a stage of the course)", a.Latest.Placement)
		}
		return s
	}
	return ""
}

func percent(f float64) string { return progress.Percent(f) }

func newProgressExportCmd(o *options) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the progress to stdout as JSON, CSV or xAPI statements",
		Long: `Export writes the learner's progress to stdout.

--format json (the default) writes the progress file's document, as
documented in docs/progress-file.md. --format csv writes one row per item of
the course, then one per orphaned record, with the columns:

  ` + strings.Join(progress.CSVColumns, ",") + `

Times are RFC 3339 in UTC; scores and scroll positions are fractions from 0
to 1; a cell that does not apply to the row is empty.

--format xapi writes the learner's xAPI 1.0.3 statements (the ones 'ally sync'
sends; README.md lists them) as one JSON array, for learners who stay
offline: an incubator can POST the file to any LRS's /statements resource,
or read a folder of them with 'ally report'.`,
		Example: "  ally progress export --format csv > progress.csv\n  ally progress export --format xapi > statements.json",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			if format != "json" && format != "csv" && format != "xapi" {
				return usageError{fmt.Errorf("unknown export format %q: use --format json, csv or xapi", format)}
			}
			if format == "xapi" {
				return o.xapiExport()
			}
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			if format == "csv" {
				return progress.WriteCSV(o.stdout, c, s.Snapshot())
			}
			enc := json.NewEncoder(o.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(s.Snapshot())
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "output format: json, csv or xapi")
	return cmd
}

func newProgressResetCmd(o *options) *cobra.Command {
	var module string
	var all, yes bool
	cmd := &cobra.Command{
		Use:   "reset (--module ID | --all) [--yes]",
		Short: "Forget the progress of one module, or of the whole course",
		Long: `Reset removes the records of one module (--module ID: its lessons, quiz and
self-assessment attempts, preview flag) or of the whole course (--all, orphaned
records included; the learner's name is kept).

It asks for confirmation on stdin unless --yes is given. Before changing
anything it saves the whole progress file next to it as
<file>.reset-<time>, and prints where; copy that file back to undo.`,
		Example: "  ally progress reset --module goals\n  ally progress reset --all --yes",
		Args:    noArgs,
		RunE: func(*cobra.Command, []string) error {
			switch {
			case module != "" && all:
				return usageError{errors.New("--module and --all cannot be used together")}
			case module == "" && !all:
				return usageError{errors.New("say what to reset: --module ID or --all")}
			}
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			var m *content.Module
			what, none := fmt.Sprintf("all progress in “%s”", c.Title), "the progress file holds no records"
			if module != "" {
				if m = findModule(c, module); m == nil {
					return fmt.Errorf("the course has no module %q; its modules are: %s", module, moduleIDs(c))
				}
				what = fmt.Sprintf("the progress of module “%s”", m.Title)
				none = fmt.Sprintf("there are no records of module “%s”", m.Title)
			}
			n := countRecords(s.Snapshot(), m)
			if n == 0 {
				_, err := fmt.Fprintf(o.stdout, "Nothing to reset: %s.\n", none)
				return err
			}
			if !yes {
				ok, err := confirm(o, fmt.Sprintf("Reset %s (%s)? A backup is kept. Type yes to confirm: ", what, plural(n, "record")))
				if err != nil {
					return err
				}
				if !ok {
					return errors.New("reset cancelled; nothing was changed")
				}
			}
			var backup string
			if m != nil {
				backup, err = s.ResetModule(m.ID)
			} else {
				backup, err = s.ResetAll()
			}
			if err = o.noticesOnly(err); err != nil {
				return err
			}
			_, err = fmt.Fprintf(o.stdout, "Reset %s: %s removed.\nThe progress before the reset is saved in %s\n", what, plural(n, "record"), backup)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&module, "module", "", "reset the module with this id or label (e.g. M1.2)")
	f.BoolVar(&all, "all", false, "reset the whole course")
	f.BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// countRecords counts what a reset of m (nil: everything) removes.
func countRecords(st *progress.State, m *content.Module) int {
	if m != nil {
		return progress.RecordsIn(st, m)
	}
	n := len(st.Lessons) + len(st.Previews)
	for _, r := range st.Quizzes {
		n += len(r.Attempts)
	}
	for _, r := range st.Assessments {
		n += len(r.Attempts)
	}
	for _, r := range st.Worksheets {
		n += len(r.Entries)
	}
	return n + len(st.Notes)
}

// confirm asks a yes/no question on stderr and reads the answer from stdin;
// only "y" or "yes" confirms (end of input does not).
func confirm(o *options, question string) (bool, error) {
	if _, err := io.WriteString(o.stderr, question); err != nil {
		return false, err
	}
	line, err := bufio.NewReader(o.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("reading the answer: %w", err)
	}
	if errors.Is(err, io.EOF) && line == "" {
		fmt.Fprintln(o.stderr)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func moduleIDs(c *content.Course) string {
	ids := make([]string, len(c.Modules))
	for i, m := range c.Modules {
		ids[i] = m.ID
		if m.Label != "" {
			ids[i] += " (" + m.Label + ")"
		}
	}
	return strings.Join(ids, ", ")
}

// findModule finds a module by its id or by the label learners see on the
// map ("M1.2", any case).
func findModule(c *content.Course, idOrLabel string) *content.Module {
	if m := c.Module(idOrLabel); m != nil {
		return m
	}
	for _, m := range c.Modules {
		if m.Label != "" && strings.EqualFold(m.Label, idOrLabel) {
			return m
		}
	}
	return nil
}

// moduleName is a module's label (if it has one) and title, as on the map.
func moduleName(m *content.Module) string {
	if m.Label != "" {
		return m.Label + "  " + m.Title
	}
	return m.Title
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeChecks writes a locked module's unlock rule as a checklist: ✓ or ✗,
// each condition, where the learner stands; an any's alternatives below.
func writeChecks(b *strings.Builder, checks []progress.Check, indent string) {
	for _, ch := range checks {
		mark := "✗"
		if ch.Met {
			mark = "✓"
		}
		line := indent + mark + " " + ch.Text
		if ch.Current != "" {
			line += " — " + ch.Current
		}
		if !ch.Met && ch.Action == nil && ch.Blocked != "" {
			line += " (" + ch.Blocked + ")"
		}
		b.WriteString(line + "\n")
		writeChecks(b, ch.Options, indent+"  ")
	}
}
