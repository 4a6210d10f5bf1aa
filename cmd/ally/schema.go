package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/spf13/cobra"
)

func newSchemaCmd(o *options) *cobra.Command {
	var out string
	names := content.SchemaNames()
	cmd := &cobra.Command{
		Use:   "schema [" + strings.Join(names, "|") + "]",
		Short: "Print the JSON Schema of course.yaml or of front matter, for editors",
		Long: `Schema prints a JSON Schema that editors use to complete and check keys
as you type: course (course.yaml), module (module.md front matter), item (the
front matter of lessons, quizzes and assessments) and rule (an unlock rule;
the others refer to it). --out DIR writes all of them as NAME.schema.json.

With yaml-language-server (VS Code's YAML extension, Neovim, Helix…), put
this first line in course.yaml:

  # yaml-language-server: $schema=./.schema/course.schema.json

after 'ally schema --out .schema' in the course folder. ally validate checks
more than a schema can (ids that exist, rules that can be met), so run it too.`,
		Example:   "  ally schema course\n  ally schema --out ./my-course/.schema",
		Args:      usageArgs(cobra.MaximumNArgs(1)),
		ValidArgs: names,
		RunE: func(_ *cobra.Command, args []string) error {
			if out != "" {
				if len(args) > 0 {
					return usageError{fmt.Errorf("give a schema name or --out, not both")}
				}
				if err := os.MkdirAll(out, 0o755); err != nil {
					return err
				}
				for _, n := range names {
					b, _ := content.Schema(n)
					if err := os.WriteFile(filepath.Join(out, n+".schema.json"), b, 0o644); err != nil {
						return err
					}
				}
				fmt.Fprintf(o.stdout, "wrote %d schemas to %s\n", len(names), out)
				return nil
			}
			if len(args) == 0 {
				return usageError{fmt.Errorf("name a schema (%s) or give --out DIR", strings.Join(names, ", "))}
			}
			if !slices.Contains(names, args[0]) {
				return usageError{fmt.Errorf("no schema %q: use one of %s", args[0], strings.Join(names, ", "))}
			}
			b, _ := content.Schema(args[0])
			_, err := o.stdout.Write(b)
			return err
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write every schema into this folder")
	return cmd
}
