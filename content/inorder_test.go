package content

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// inOrder merges every item in order, each once its own work is done, and
// while later items are still being worked on: the last item's work waits
// here for the first item's merge, which a merge after all the work would
// never reach.
func TestInOrderMergesWhileWorkGoesOn(t *testing.T) {
	const n = 200
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	var worked [n]atomic.Bool
	firstMerged := make(chan struct{})
	var merged []int
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		inOrder(items, func(i int) {
			if i == n-1 {
				<-firstMerged
			}
			worked[i].Store(true)
		}, func(i int) {
			assert.True(t, worked[i].Load(), "item %d merged before its work was done", i)
			if len(merged) == 0 {
				close(firstMerged)
			}
			merged = append(merged, i)
		})
	}()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("inOrder waited for all the work before merging")
	}
	assert.Equal(t, items, merged)
	inOrder([]int(nil), func(int) { t.Fatal("work on no item") }, func(int) { t.Fatal("merge of no item") })
}
