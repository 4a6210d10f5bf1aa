//go:build unix

package progress

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A child process saving in a loop is killed with SIGKILL at random
// moments, 200 times. After every kill the file loads and holds one
// complete state: the counter attempts run 1…n with no gap and the learner
// name says n. And n never goes back: a finished save is never lost.
func TestCrashSafety(t *testing.T) {
	const kills = 200
	path := filepath.Join(t.TempDir(), "p.json")
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	last := 0
	for i := range kills {
		cmd := startChild(t, "crash", path, "")
		time.Sleep(time.Duration(r.Int64N(int64(8 * time.Millisecond))))
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		err := cmd.Wait()
		ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
		require.True(t, ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL, "kill %d: the child exited on its own: %v", i, err)

		st := readState(t, path) // fails the test if the file does not parse
		atts := st.Quizzes["counter"].Attempts
		n := len(atts)
		require.Equal(t, strconv.Itoa(n), st.Learner, "kill %d: a state from two different saves", i)
		for k, a := range atts {
			require.Equal(t, k+1, a.Right, "kill %d: attempt %d", i, k)
		}
		require.GreaterOrEqual(t, n, last, "kill %d: a finished save was lost", i)
		require.Greater(t, n, last, "kill %d: the child said it was ready after its first save", i)
		last = n
	}

	// Temp files of killed saves are swept by the next save.
	s := openAt(t, path, sampleCourse(t))
	must(t, s.apply(countUp))
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	for _, e := range entries {
		require.False(t, strings.Contains(e.Name(), ".tmp-"), "left over: %s", e.Name())
	}
	t.Logf("%d kills; %d saves survived", kills, last+1)
}
