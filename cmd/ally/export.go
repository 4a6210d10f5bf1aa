package main

import (
	"fmt"
	"path/filepath"

	"github.com/allyworks/ally/site"
	"github.com/spf13/cobra"
)

func newExportCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a course in another form (html)",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "html [DIR] OUT",
		Short: "Write the course as a static, self-contained HTML site",
		Long: `Export html writes the course in DIR (the built-in course, or --course /
$ALLY_COURSE, when DIR is left out) as a static site in the folder OUT: one page
per module, lesson, quiz and self-assessment, quizzes with their answers behind
"Answer", self-assessments as printable forms, each module's unlock rule in
words, navigation and a search page. The pages need no server and no
JavaScript to read; open OUT/index.html in a browser or copy the folder to an
intranet.

OUT must be new, empty, or an earlier export (which is replaced).`,
		Example: "  ally export html ./my-course ./my-course-site\n  ally export html ./site   # the built-in course",
		Args:    usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(_ *cobra.Command, args []string) error {
			dir, out := o.courseSource(), args[0]
			if len(args) == 2 {
				dir, out = args[0], args[1]
			}
			c, fsys, err := loadCourseAt(dir)
			if err != nil {
				return err
			}
			if err := site.Export(c, fsys, out); err != nil {
				return err
			}
			abs, _ := filepath.Abs(filepath.Join(out, "index.html"))
			fmt.Fprintf(o.stdout, "wrote %d pages to %s\nopen %s\n", len(c.Modules)+len(c.Items())+2, out, abs)
			return nil
		},
	})
	return cmd
}
