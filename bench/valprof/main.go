// Command valprof times content.Validate on a course folder and can write a
// CPU profile of it, for finding what grows faster than the course:
//
//	go run ./bench/gencourse -lessons 50000 DIR
//	go run ./bench/valprof -cpuprofile validate.cpu DIR
//	go tool pprof -top -cum validate.cpu
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/gcroom"
)

func main() {
	cpu := flag.String("cpuprofile", "", "write a CPU profile of Validate to `FILE`")
	mem := flag.String("memprofile", "", "write a profile of the memory Validate allocates to `FILE`")
	lean := flag.Bool("lean", false, "run content.ValidateLean, as `ally validate` does, instead of Validate")
	structure := flag.Bool("structure", false, "run content.ValidateStructure, as the TUI does before its first frame of a big course")
	gogc := flag.Int("gogc", 0, "set the GC percent to `N` while validating (ally validate: 200; 0 leaves it; -1 is off)")
	limit := flag.Int64("memlimit", 0, "set a soft memory limit of `BYTES` while validating (ally validate: 268435456)")
	room := flag.Int64("room", 0, "collect by headroom: let the heap grow `BYTES` above what is live (gcroom)")
	tr := flag.String("trace", "", "write an execution trace of the load to `FILE` (go tool trace FILE)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: valprof [-lean|-structure] [-gogc N] [-memlimit BYTES] [-room BYTES] [-cpuprofile FILE] [-memprofile FILE] [-trace FILE] DIR")
		os.Exit(2)
	}
	fsys, err := content.OpenDir(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *mem != "" {
		runtime.MemProfileRate = 64 << 10
	}
	if *gogc != 0 {
		debug.SetGCPercent(*gogc)
	}
	if *limit > 0 {
		debug.SetMemoryLimit(*limit)
	}
	if *room > 0 {
		defer gcroom.Run(*room)()
	}
	if *tr != "" {
		f, err := os.Create(*tr)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := trace.Start(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer trace.Stop()
	}
	start := time.Now()
	validate := content.Validate
	if *lean {
		validate = content.ValidateLean
	}
	if *structure {
		validate = content.ValidateStructure
	}
	c, rep := validate(fsys)
	took := time.Since(start)
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(c)
	if *mem != "" {
		f, err := os.Create(*mem)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		f.Close()
	}
	fmt.Printf("%d lessons, %d errors, %d warnings, %s, live heap after %.1f MB\n", rep.Stats.Lessons, len(rep.Errors), len(rep.Warnings), took.Round(time.Millisecond), float64(m.HeapAlloc)/(1<<20))
}
