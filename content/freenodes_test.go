package content

import (
	"flag"
	"os"
	"testing"
)

// Every test of the package runs with freed node arrays overwritten: a
// node held past freeNodes would turn up as a wrong id, title or position
// (a freeNodes call moved to where nodes are still in use fails 200 tests).
// Benchmarks run without, to measure what users run.
func TestMain(m *testing.M) {
	flag.Parse()
	poisonFreedNodes = flag.Lookup("test.bench").Value.String() == ""
	os.Exit(m.Run())
}
