// Command ally runs capability-building courses in the terminal.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/allyworks/ally/internal/termsafe"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and found a problem (an invalid course, …)
	exitUsage   = 2 // the command line was wrong
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status. Nothing below
// it calls os.Exit. Everything written to stdout and stderr — course titles,
// file names, key names in messages — passes through termsafe, which shows
// every control character escaped: a course can never send the terminal a
// sequence of its own. (The two outputs that carry Ally's own styling, a
// lesson printed to a terminal and the full-screen UI, filter it there.)
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stdout, stderr = termsafe.PlainWriter(stdout), termsafe.PlainWriter(stderr)
	root, o := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	o.cleanup()
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "ally: %v\nRun 'ally --help' for usage.\n", err)
		return exitUsage
	case errors.Is(err, errSilent):
		return exitFailure
	default:
		fmt.Fprintf(stderr, "ally: %v\n", err)
		return exitFailure
	}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// errSilent reports failure after the command has already printed why.
var errSilent = errors.New("failed")
