// Package gcroom runs the garbage collector by headroom rather than by
// ratio for a while: the heap may grow by a fixed number of bytes above
// what the last collection left live (or by as much as is live, as
// GOGC=100 lets it, when that is more) before the next collection.
//
// A course's first structure load allocates ~6 KB a file that is garbage
// within microseconds, while what stays live grows from almost nothing. By
// ratio, a heap that starts at a few MB is collected a dozen times before
// it holds the course, each time marking all that is live; by headroom it
// is collected a few times, and the peak stays what is live plus the room.
package gcroom

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Run makes the collector run once the heap has grown by room bytes above
// what the last collection left live, or by as much as is live when that
// is more, until stop, which restores the GC percent and memory limit that
// Run found. A memory limit already set stays the most the heap may reach.
func Run(room int64) (stop func()) {
	t := &tuner{room: room, gc: debug.SetGCPercent(-1), limit: debug.SetMemoryLimit(-1)}
	t.mu.Lock()
	t.set()
	t.mu.Unlock()
	t.arm()
	return t.stop
}

type tuner struct {
	mu      sync.Mutex
	room    int64
	gc      int   // the GC percent to restore
	limit   int64 // the memory limit to restore
	stopped bool
}

// sentinel is garbage from birth: its cleanup runs after the collection
// that frees it, and sets the limit for the next one.
type sentinel struct {
	_ *int
	_ [32]byte // not a tiny object: those share blocks, and their cleanups may wait
}

// arm makes a sentinel whose cleanup, after the next collection, sets the
// limit again and arms the next.
func (t *tuner) arm() {
	runtime.AddCleanup(&sentinel{}, func(t *tuner) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.stopped {
			return
		}
		t.set()
		go t.arm() // a cleanup must not hold up the others
	}, t)
}

var names = []string{
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/objects:bytes",
	"/gc/heap/live:bytes",
}

// set makes the memory limit what the runtime holds besides the heap's
// objects and free pages (stacks, metadata, fragmentation), plus what is
// live, plus the room or what is live, whichever is more; never above the
// limit Run found.
func (t *tuner) set() {
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) int64 { return int64(s[i].Value.Uint64()) }
	live := v(4)
	limit := v(0) - v(1) - v(2) - v(3) + live + max(t.room, live)
	if limit <= 0 || limit > t.limit {
		limit = t.limit
	}
	debug.SetMemoryLimit(limit)
}

// stop restores what Run found; calling it again does nothing.
func (t *tuner) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.stopped = true
	debug.SetMemoryLimit(t.limit)
	debug.SetGCPercent(t.gc)
}
