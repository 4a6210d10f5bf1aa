//go:build unix

// Command readfloor measures the floor under a structure load: its system
// calls alone. It walks a course folder as content.ValidateStructure does
// (each top-level folder walked by its own goroutine, GOMAXPROCS at a
// time) and opens, fstats, reads the first 4 KiB of and closes every file
// by bare system calls, parsing nothing. By turns with it, in the same
// process and minutes, it times content.ValidateStructure on the same
// folder, so that what the load does beyond its system calls can be read
// off the two medians:
//
//	go run ./bench/gencourse -lessons 10000 DIR
//	go run ./bench/readfloor -runs 15 DIR
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/gcroom"
	"golang.org/x/sync/errgroup"
)

func main() {
	runs := flag.Int("runs", 15, "timed runs of each, by turns")
	room := flag.Int64("room", 24<<20, "collect by headroom during the structure load, as the TUI does (cmd/ally's structureRoom); 0: GOGC=100")
	flag.Parse()
	if flag.NArg() != 1 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: readfloor [-runs N] [-room BYTES] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var floor, load []time.Duration
	var files int64
	for range *runs + 1 { // the first round warms the page cache, untimed
		fsys, err := content.OpenDir(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		runtime.GC()
		t := time.Now()
		n, err := readAll(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		floor = append(floor, time.Since(t))
		files = n
		runtime.GC()
		t = time.Now()
		stop := func() {}
		if *room > 0 {
			stop = gcroom.Run(*room)
		}
		c, rep := content.ValidateStructure(fsys)
		stop()
		load = append(load, time.Since(t))
		if len(rep.Errors) > 0 {
			fmt.Fprintf(os.Stderr, "%s is not a valid course (problems found: %d), the first: %v\n", dir, len(rep.Errors), rep.Errors[0])
			os.Exit(1)
		}
		if c == nil {
			fmt.Fprintf(os.Stderr, "%s: no course was read\n", dir)
			os.Exit(1)
		}
	}
	floor, load = floor[1:], load[1:]
	fmt.Printf("%s: %d files, %d runs each by turns, GOMAXPROCS %d\n", dir, files, *runs, runtime.GOMAXPROCS(0))
	fmt.Printf("  system calls only (open, fstat, read 4 KiB, close)   median %6.1f ms   min %6.1f ms\n", ms(median(floor)), ms(slices.Min(floor)))
	fmt.Printf("  content.ValidateStructure                             median %6.1f ms   min %6.1f ms\n", ms(median(load)), ms(slices.Min(load)))
}

// readAll reads the start of every file under dir with the system calls
// content's structure load makes for a file on Linux (open without
// following links or blocking, fstat, read, close: content/folder_linux.go
// opens it relative to its folder's descriptor, readAll by its path), each
// top-level folder in its own goroutine, at most GOMAXPROCS at once. It
// returns how many files it read.
func readAll(dir string) (int64, error) {
	top, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var n atomic.Int64
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, e := range top {
		g.Go(func() error {
			buf := make([]byte, 4096)
			return filepath.WalkDir(filepath.Join(dir, e.Name()), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				if err := readStart(p, buf); err != nil {
					return err
				}
				n.Add(1)
				return nil
			})
		})
	}
	err = g.Wait()
	return n.Load(), err
}

// readStart opens, fstats, reads up to len(buf) bytes of and closes the
// file at name.
func readStart(name string, buf []byte) error {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "fstat", Path: name, Err: err}
	}
	if _, err := syscall.Read(fd, buf); err != nil {
		return &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
