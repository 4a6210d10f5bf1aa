package main

import (
	"io/fs"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/gcroom"
	"github.com/allyworks/ally/progress"
)

// The full-screen UI opens a course folder on its structure (front matter
// only, content.ValidateStructure) and checks the whole course in the
// background: on a course of 50,000 lessons the check takes seconds, the
// structure a fraction of that. See tui/check.go for what the learner can
// do meanwhile.

// structureFrom is the number of items from which the structure comes
// first: below it the whole check takes less than ~0.1 s, and the course
// opens checked (BenchmarkStructure1000: 1,112 items take 130 ms by their
// structure, 370–560 ms checked whole, under load).
const structureFrom = 300

// structureRoom is how far the heap may grow above what is live while a
// structure is read from the files (see gcroom): 16, 24 and 32 MiB took
// 534, 512 and 522 ms of CPU at 10,000 lessons (bench/valprof -room),
// against 605 ms by ratio, for 6, 8 and 18 MB more at the peak.
const structureRoom = 24 << 20

// firstShown, when set, is called once a first screen may be on the
// terminal, before the structure is read: tests hold the load there.
var firstShown atomic.Pointer[func()]

// courseCheck is the whole check of a course opened on its structure.
type courseCheck struct {
	fsys     fs.FS
	items    int             // in the structure, to size the check's memory
	index    func()          // keeps the structure's index for the next start, or marks the one read as used
	course   *content.Course // the checked course; nil when it has problems
	problems []string
	done     chan struct{} // closed once course or problems is set
}

// run checks the course once start is closed (the first frame is on the
// terminal, see frame.go), or after startWait at the latest.
func (k *courseCheck) run(start <-chan struct{}) {
	defer close(k.done)
	select {
	case <-start:
	case <-time.After(startWait):
	}
	if k.index != nil {
		k.index()
	}
	// The check holds the structure's course and reads every file again:
	// with the Go default it let the process reach 435 MB at 50,000
	// lessons. A soft limit sized for the course makes the collector work
	// harder instead, above what the two courses hold (see checkMemory).
	// It stays for the rest of the run: lifted at once, it let the switch
	// to the checked course (a new overview, while the structure is still
	// live) take the process from 215 to 309 MB.
	debug.SetMemoryLimit(checkMemory(k.items))
	c, rep := content.ValidateLean(k.fsys)
	if len(rep.Errors) > 0 || c == nil {
		for _, e := range rep.Errors {
			k.problems = append(k.problems, e.Error())
		}
		return
	}
	k.course = c
}

// checkMemory is the soft memory limit for the check of a course of n
// items: what the program needs, plus what it holds per item for the
// structure and the checked course side by side (~3.2 KiB an item). Measured
// at 50,000 lessons: the two courses hold 115 MB once the check is done; a
// limit of 167 MB made the check take 96 s instead of 30 (the collector
// running without end), the Go default let the process reach 435 MB.
func checkMemory(n int) int64 { return 40<<20 + int64(n)*3300 }

// startWait bounds how long the check waits for the first frame.
const startWait = 500 * time.Millisecond

// ok waits for the check and reports whether the course passed it; false
// at once when stop is closed first.
func (k *courseCheck) ok(stop <-chan struct{}) bool {
	select {
	case <-k.done:
		return k.course != nil
	case <-stop:
		return false
	}
}

// openStoreTUI is openStore for the full-screen UI. A big course folder is
// read by its structure first; check is then its whole check, to run in the
// background (nil when the course is checked already). The structure is
// not used, and the course is checked first as before, when it reports
// problems (the learner gets the whole report, as from `ally validate`),
// when it renames ids (progress.Open applies renames to the progress file:
// only a checked course may do that), with --watch, and for the built-in
// course. A small course (below structureFrom markdown files) is checked
// whole from the start, its files read once: that takes less time than a
// structure and a check after it.
//
// first, when not nil, is called with the course folder when its structure
// is to be read from its files (there is no index to read it from), before
// it is read: the caller may show a first screen meanwhile (firstScreen).
func (o *options) openStoreTUI(first func(fs.FS)) (*content.Course, *progress.Store, []progress.Notice, *courseCheck, error) {
	dir := o.courseSource()
	if dir == "" || o.watch {
		c, s, n, err := o.openStore()
		return c, s, n, nil, err
	}
	fsys, err := content.OpenDir(dir)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	// The structure comes from the index kept by the last start when the
	// folder has not changed since (see index.go).
	file := indexFile(dir)
	sc, rep, indexed := content.ValidateStructureFrom(fsys, readIndex(file))
	if !indexed {
		if first != nil {
			first(fsys)
			if hold := firstShown.Load(); hold != nil {
				(*hold)()
			}
		}
		// Read from the files, the structure allocates ~6 KB a file
		// that is garbage at once, while what stays live grows from
		// nothing: collected by headroom, not by ratio (GOGC=100 from a
		// heap of a few MB), the heap is collected a few times instead of
		// a dozen at 10,000 lessons (a sixth less CPU) for ~8 MB more at
		// the first frame. At 50,000 lessons, where more is live than
		// the room, it is GOGC=100 again. (A higher GOGC raised the peak
		// there from 146 to 237 MB.)
		//
		// A course with fewer markdown files than structureFrom is
		// checked whole from the walk that counted them instead, not read
		// for its structure and then again for the check. (Every item is
		// a markdown file, so a course of structureFrom items or more
		// always gets its structure.)
		var whole bool
		stop := gcroom.Run(structureRoom)
		sc, rep, whole = content.ValidateStructureAbove(fsys, structureFrom)
		stop()
		if whole {
			if len(rep.Errors) > 0 {
				return nil, nil, nil, nil, &invalidCourseError{name: dir, report: rep}
			}
			c, s, n, err := o.openStoreFor(sc)
			return c, s, n, nil, err
		}
	}
	if sc == nil || len(rep.Errors) > 0 || len(sc.Renamed) > 0 || len(sc.Items()) < structureFrom {
		c, s, n, err := o.openStore()
		return c, s, n, nil, err
	}
	c, s, n, err := o.openStoreFor(sc)
	check := &courseCheck{fsys: fsys, items: len(sc.Items()), done: make(chan struct{})}
	if indexed {
		check.index = func() { touchIndex(file) } // in use: kept by pruning
	} else {
		check.index = func() { writeIndex(file, sc.StructureIndex()) }
	}
	return c, s, n, check, err
}
