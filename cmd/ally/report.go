package main

import (
	"bufio"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/allyworks/ally/report"
	"github.com/allyworks/ally/xapi"
	"github.com/spf13/cobra"
)

func newReportCmd(o *options) *cobra.Command {
	var format string
	var lrs bool
	cmd := &cobra.Command{
		Use:   "report (FOLDER | --lrs) [--format table|csv|json|html]",
		Short: "Build a cohort report from many learners' exports or from an LRS",
		Long: `Report shows an incubator where its learners stand in the course (--course,
$ALLY_COURSE or the built-in course): per learner the stage reached, modules
completed, mean quiz score, self-assessment placement, a count for each
worksheet the course marks 'report: counts' (the built-in course: alliances
logged and alliances with a review; counts only) and last activity; per
module how many started and completed it and the mean quiz score; and the
stage funnel (how many reached and completed each stage).

It reads either FOLDER, every export in it and its sub-folders — progress
files and 'ally progress export' output (*.json, --format json or xapi; *.csv,
one learner per file, named by the file) — or, with --lrs, the statements of
the course in the LRS of the Ally config (GET /statements, page by page). A
learner found in several files is counted once, the records united.

--format table (default) prints tables; csv writes one table whose first
column says whether a row is a learner, module or stage; json writes the
report as one document; html writes one self-contained page with a chart of
the funnel, readable offline.`,
		Example: "  ally report exports/\n  ally report --lrs --format html > cohort.html",
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case format != "table" && format != "csv" && format != "json" && format != "html":
				return usageError{fmt.Errorf("unknown report format %q: use table, csv, json or html", format)}
			case lrs && len(args) > 0:
				return usageError{errors.New("give a folder of exports or --lrs, not both")}
			case !lrs && len(args) != 1:
				return usageError{errors.New("give one folder of exports, or --lrs to read the LRS")}
			}
			c, err := o.loadCourse()
			if err != nil {
				return err
			}
			co := report.NewCohort(c)
			if lrs {
				cfg, err := xapi.LoadConfig()
				if err != nil {
					return err
				}
				if !cfg.Configured() {
					return fmt.Errorf("--lrs needs an LRS: set `endpoint` (and `auth`) in %s, or %s (and %s)", xapi.ConfigPath(), xapi.EnvEndpoint, xapi.EnvAuth)
				}
				q := url.Values{"activity": {c.BaseIRI()}, "related_activities": {"true"}, "limit": {"500"}}
				src := cfg.Endpoint
				if err := xapi.NewClient(cfg).Statements(cmd.Context(), q, func(s xapi.Statement) error {
					co.AddStatement(s, src)
					return nil
				}); err != nil {
					return fmt.Errorf("reading the LRS: %w", err)
				}
			} else if err := co.ReadDir(args[0]); err != nil {
				return err
			}
			for _, p := range co.Problems {
				fmt.Fprintf(o.stderr, "ally: %s\n", p)
			}
			b := report.New(c)
			for _, l := range co.Learners() {
				b.Add(*l)
			}
			r := b.Report(time.Now())
			w := bufio.NewWriter(o.stdout)
			switch format {
			case "csv":
				err = report.WriteCSV(w, r)
			case "json":
				err = report.WriteJSON(w, r)
			case "html":
				err = report.WriteHTML(w, r)
			default:
				err = report.WriteTable(w, r)
			}
			if err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv, json or html")
	cmd.Flags().BoolVar(&lrs, "lrs", false, "read the statements from the configured LRS")
	return cmd
}
