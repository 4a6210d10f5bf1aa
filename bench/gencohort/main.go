// Command gencohort writes a synthetic cohort of learners' exports for the
// built-in course, for the `ally report` benchmark (bench/README.md):
//
//	go run ./bench/gencohort -learners 1000 DIR
//
// Learners are written in turn as a progress file (json), a CSV export and
// an xAPI export (-formats json,csv,xapi); the same flags give the same
// files.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/allyworks/ally/bench/gencohort/gen"
	"github.com/allyworks/ally/content"
)

func main() {
	n := flag.Int("learners", 1000, "number of learners")
	seed := flag.Uint64("seed", 1, "random seed")
	formats := flag.String("formats", "json,csv,xapi", "export formats, used in turn")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gencohort [-learners N] [-seed S] DIR")
		os.Exit(2)
	}
	c, err := content.Load(content.Default())
	if err == nil {
		err = gen.Write(c, flag.Arg(0), *n, *seed, strings.Split(*formats, ",")...)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencohort:", err)
		os.Exit(1)
	}
}
