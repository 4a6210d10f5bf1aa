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

	"github.com/allyworks/ally/content"
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

// TestMain runs the test binary as such a child when the environment asks
// for one, and the tests otherwise.
func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is the body of those child processes.
func child(mode string) error {
	c, err := content.Load(os.DirFS(filepath.Join("..", "testdata", "sample")))
	if mode == "entries" || mode == "entry-writer" {
		c, err = content.Load(worksheetFS())
	}
	if err != nil {
		return err
	}
	s, _, err := Open(os.Getenv(childPathEnv), c)
	if err != nil {
		return err
	}
	switch mode {
	case "crash":
		// Save forever (until SIGKILL): each save appends one attempt
		// numbered after the last and sets the learner name to the count,
		// so a file holding one complete state is self-consistent.
		deadline := time.Now().Add(time.Minute) // in case the parent is gone
		for i := 0; time.Now().Before(deadline); i++ {
			if err := s.apply(countUp); err != nil {
				return err
			}
			if i == 0 {
				fmt.Println("ready")
			}
		}
	case "writer":
		tag := os.Getenv(childTagEnv)
		fmt.Println("ready")
		for i := range childRecords {
			err := s.apply(func(st *State) error {
				r := st.Quizzes["shared"]
				if r == nil {
					r = &QuizRecord{}
					st.Quizzes["shared"] = r
				}
				r.Attempts = append(r.Attempts, QuizAttempt{Answers: map[string][]int{tag: {i}}})
				return nil
			})
			if err != nil {
				return err
			}
		}
	case "entries":
		// Log alliances forever (until SIGKILL), each numbered after the
		// last, with its review; a killed run leaves whole entries only.
		deadline := time.Now().Add(time.Minute)
		for i := 0; time.Now().Before(deadline); i++ {
			n := len(s.Snapshot().Worksheets["log"].entriesOf()) + 1
			id, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue(strconv.Itoa(n)), "evaluated": BoolValue(true)})
			if err != nil {
				return err
			}
			if _, err := s.AddEntry("review", id, map[string]Value{"outcome": NumValue(2)}); err != nil {
				return err
			}
			if i == 0 {
				fmt.Println("ready")
			}
		}
	case "entry-writer":
		tag := os.Getenv(childTagEnv)
		fmt.Println("ready")
		for i := range childRecords {
			if _, err := s.AddEntry("log", "", map[string]Value{"partner": TextValue(fmt.Sprint(tag, "-", i))}); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unknown child mode %q", mode)
	}
	return nil
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
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
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
