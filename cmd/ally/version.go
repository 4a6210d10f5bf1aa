package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Stamped at build time by `make dist` (-ldflags -X main.version=…).
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func newVersionCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ally",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(o.stdout, "ally %s (commit %s, built %s)\n", version, commit, date)
			return err
		},
	}
}
