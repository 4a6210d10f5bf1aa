package gcroom

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// settings returns the GC percent and memory limit in force.
func settings() (gc int, limit int64) {
	gc = debug.SetGCPercent(-1)
	debug.SetGCPercent(gc)
	return gc, debug.SetMemoryLimit(-1)
}

// restore puts back the settings a test found.
func restore(t *testing.T) {
	gc, limit := settings()
	t.Cleanup(func() {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	})
}

var sink []byte

// churn allocates n bytes of garbage in 4 KB pieces while keeping keep
// bytes of it live, and returns how many collections ran meanwhile.
func churn(n, keep int) (gcs uint32, kept [][]byte) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	every := n / max(1, keep)
	for i := 0; i < n; i += 4096 {
		sink = make([]byte, 4096)
		if keep > 0 && i%every < 4096 {
			kept = append(kept, sink)
		}
	}
	runtime.ReadMemStats(&after)
	return after.NumGC - before.NumGC, kept
}

func TestRunCollectsByRoomAndRestores(t *testing.T) {
	restore(t)
	debug.SetGCPercent(150)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	const room = 64 << 20
	stop := Run(room)
	gc, limit := settings()
	if gc != -1 {
		t.Errorf("GC percent while running = %d, want -1 (off: the limit decides)", gc)
	}
	if limit < room || limit > 2*room {
		t.Errorf("memory limit while running = %d, want the room (%d) plus what the runtime holds", limit, room)
	}
	// 512 MB of garbage with 64 MB of room: about eight collections. By
	// ratio (GOGC=150 over a heap of a few MB) it would be dozens.
	if gcs, _ := churn(512<<20, 0); gcs < 2 || gcs > 16 {
		t.Errorf("%d collections for 512 MB of garbage with 64 MB of room, want 2 to 16", gcs)
	}
	stop()
	stop() // a second stop changes nothing
	if gc, limit := settings(); gc != 150 || limit != math.MaxInt64 {
		t.Errorf("after stop: GC percent %d, limit %d; want 150 and no limit, as found", gc, limit)
	}
	runtime.GC()
	runtime.GC() // a cleanup armed before stop runs now, and must not set a limit
	if _, limit := settings(); limit != math.MaxInt64 {
		t.Errorf("a collection after stop set the memory limit to %d", limit)
	}
}

// The limit follows what is live: a heap that grows well past the room
// is still collected about once per room of garbage, not at every
// allocation (as a limit set once, at the start, would make it).
func TestRunFollowsTheLiveHeap(t *testing.T) {
	restore(t)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	const room = 16 << 20
	stop := Run(room)
	defer stop()
	gcs, kept := churn(256<<20, 96<<20) // ends with 96 MB live
	if gcs < 3 || gcs > 40 {
		t.Errorf("%d collections for 256 MB allocated, 96 MB of it kept, with 16 MB of room; want 3 to 40", gcs)
	}
	_, limit := settings()
	if limit < 2*96<<20 {
		t.Errorf("memory limit %d with 96 MB live: want at least twice what is live (GOGC=100's goal)", limit)
	}
	runtime.KeepAlive(kept)
}

// A memory limit the program set stays the most the heap may reach.
func TestRunKeepsALimitFound(t *testing.T) {
	restore(t)
	const found = 100 << 20
	debug.SetMemoryLimit(found)
	stop := Run(1 << 30)
	if _, limit := settings(); limit > found {
		t.Errorf("limit %d while running, above the %d the program had set", limit, found)
	}
	runtime.GC()
	runtime.GC()
	if _, limit := settings(); limit > found {
		t.Errorf("limit %d after a collection, above the %d the program had set", limit, found)
	}
	stop()
	if _, limit := settings(); limit != found {
		t.Errorf("limit %d after stop, want %d as found", limit, found)
	}
}
