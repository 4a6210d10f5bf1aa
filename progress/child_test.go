package progress

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The crash and concurrency tests re-run the test binary as child
// processes that write to one progress file; these variables tell a child
// what to do.
const (
	childModeEnv = "ALLY_PROGRESS_TEST_CHILD" // "crash" or "writer"
	childPathEnv = "ALLY_PROGRESS_TEST_PATH"
	childTagEnv  = "ALLY_PROGRESS_TEST_TAG"
	childRecords = 40 // records each "writer" child adds
)

// TestChild is the body of those child processes, not a test of its own.
func TestChild(t *testing.T) {
	mode := os.Getenv(childModeEnv)
	if mode == "" {
		t.Skip("runs only as a child process of the crash and concurrency tests")
	}
	c := sampleCourse(t)
	s, _, err := Open(os.Getenv(childPathEnv), c)
	require.NoError(t, err)
	switch mode {
	case "crash":
		// Save forever (until SIGKILL): each save appends one attempt
		// numbered after the last and sets the learner name to the count,
		// so a file holding one complete state is self-consistent.
		deadline := time.Now().Add(time.Minute) // in case the parent is gone
		for i := 0; time.Now().Before(deadline); i++ {
			require.NoError(t, s.apply(countUp))
			if i == 0 {
				fmt.Println("ready")
			}
		}
	case "writer":
		tag := os.Getenv(childTagEnv)
		fmt.Println("ready")
		for i := range childRecords {
			require.NoError(t, s.apply(func(st *State) error {
				r := st.Quizzes["shared"]
				if r == nil {
					r = &QuizRecord{}
					st.Quizzes["shared"] = r
				}
				r.Attempts = append(r.Attempts, QuizAttempt{Answers: map[string][]int{tag: {i}}})
				return nil
			}))
		}
	}
}

// countUp is the crash child's operation.
func countUp(st *State) error {
	r := st.Quizzes["counter"]
	if r == nil {
		r = &QuizRecord{}
		st.Quizzes["counter"] = r
	}
	n := len(r.Attempts) + 1
	r.Attempts = append(r.Attempts, QuizAttempt{Right: n, Total: n, Score: 1, Answers: map[string][]int{"n": {n}}})
	st.Learner = strconv.Itoa(n)
	return nil
}

// startChild starts a child process and waits until it says it is ready.
func startChild(t *testing.T, mode, path, tag string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childPathEnv+"="+path, childTagEnv+"="+tag)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := filepath.Join(t.TempDir(), "stderr")
	f, err := os.Create(stderr)
	require.NoError(t, err)
	defer f.Close()
	cmd.Stderr = f
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		_ = cmd.Wait()
		out, _ := os.ReadFile(stderr)
		t.Fatalf("child %s did not start: %q %v\n%s", mode, line, err, out)
	}
	return cmd
}
