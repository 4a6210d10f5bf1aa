package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
	"github.com/spf13/cobra"
)

// maxImport bounds a file read by import or report: progress files and
// exports are untrusted input.
const maxImport = 256 << 20

func newProgressImportCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Merge the progress from another machine into this one",
		Long: `Import merges FILE — a progress file, or what 'ally progress export' wrote
(--format json or --format xapi) — from another machine into this machine's
progress file for the course. Nothing is lost: lessons, quiz attempts,
self-assessment attempts and worksheet entries of both are kept (one in both
is kept once, an entry with its latest edit; an entry made on each machine
under the same id is kept twice, the imported one renumbered), the earliest
time a lesson was opened or completed is kept, and where the two disagree on
one value (where to resume, a scroll position, a lesson note, the name, an
unfinished attempt or entry) the more recent one wins.

Before changing anything the progress file is saved next to it as
<file>.import-<time>, and the command prints where; copy it back to undo.`,
		Example: "  ally progress import ~/old-laptop/ally-course.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			c, s, err := o.openProgress()
			if err != nil {
				return err
			}
			src, err := readImport(args[0], c)
			if err != nil {
				return err
			}
			backup, stats, err := s.Import(src)
			if err = o.noticesOnly(err); err != nil {
				return err
			}
			if stats.Added() == 0 {
				_, err := fmt.Fprintf(o.stdout, "Nothing to import: %s adds nothing to %s.\n", args[0], s.Path())
				return err
			}
			fmt.Fprintf(o.stdout, "Imported %s into %s: %s.\n", args[0], s.Path(), stats)
			if backup != "" {
				fmt.Fprintf(o.stdout, "The progress before the import is saved in %s\n", backup)
			}
			return nil
		},
	}
}

// readFileLimited reads a file of at most maxImport bytes.
func readFileLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImport+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxImport {
		return nil, fmt.Errorf("%s is larger than %d MB; it is not a progress file or export", path, maxImport>>20)
	}
	return data, nil
}

// readImport reads a progress file or an xAPI export of course c.
func readImport(path string, c *content.Course) (*progress.State, error) {
	data, err := readFileLimited(path)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var ss []xapi.Statement
		if err := json.Unmarshal(trimmed, &ss); err != nil {
			return nil, fmt.Errorf("%s is not a list of xAPI statements: %w", path, err)
		}
		col := xapi.NewCollector(c)
		for _, s := range ss {
			col.Add(s)
		}
		ls := col.Learners()
		switch len(ls) {
		case 0:
			return nil, fmt.Errorf("%s holds no statements about the course %q (%s)", path, c.ID, c.BaseIRI())
		case 1:
			return ls[0].State(), nil
		}
		keys := make([]string, len(ls))
		for i, l := range ls {
			keys[i] = l.Account
		}
		return nil, fmt.Errorf("%s holds the statements of %d learners (%s); import one learner's export", path, len(ls), strings.Join(keys, ", "))
	}
	st, err := progress.Parse(data)
	if err != nil {
		var se *progress.SchemaError
		if errors.As(err, &se) {
			se.Path = path
			return nil, se
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}
