package main

import "github.com/spf13/cobra"

// Argument validators that report a wrong command line as a usage error
// (exit status 2).
var (
	noArgs    = usageArgs(cobra.NoArgs)
	maxOneArg = usageArgs(cobra.MaximumNArgs(1))
)

func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
