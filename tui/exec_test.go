package tui

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/require"

	"github.com/allyworks/ally/internal/syncbuf"
)

// quickCommand returns at once, like an $EDITOR that saves and quits.
type quickCommand struct{}

func (quickCommand) Run() error          { return nil }
func (quickCommand) SetStdin(io.Reader)  {}
func (quickCommand) SetStdout(io.Writer) {}
func (quickCommand) SetStderr(io.Writer) {}

type execDone struct{}

// execModel runs the command once and then shows that it came back.
type execModel struct {
	back bool
	done chan struct{}
}

func (m *execModel) Init() tea.Cmd {
	return execCommand(quickCommand{}, func(error) tea.Msg { return execDone{} })
}

func (m *execModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(execDone); ok {
		m.back = true
		close(m.done)
	}
	return m, nil
}

func (m *execModel) View() tea.View {
	if m.back {
		return tea.NewView("back from the editor")
	}
	return tea.NewView("before the editor")
}

// After a command that returns at once, the program draws again. Bubble
// Tea v2.1.1 can stop drawing for good: the old frame loop's ticker.Stop
// may run after the new loop's ticker.Reset (charmbracelet/bubbletea#1778),
// and the learner sees a blank terminal after $EDITOR. The e2e run of
// TestNewcomerLogsAlliances froze that way about once in 40.
func TestScreenIsDrawnAfterAQuickCommand(t *testing.T) {
	// On one P the old loop, woken by the stop, waits for the UI goroutine
	// to block, which makes the race likelier.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	frozen := 0
	const runs = 50
	for range runs {
		in, w, err := os.Pipe()
		require.NoError(t, err)
		out := &syncbuf.Buffer{}
		m := &execModel{done: make(chan struct{})}
		p := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out),
			tea.WithFPS(120), tea.WithoutSignalHandler(), tea.WithWindowSize(40, 5))
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			p.Run()
		}()
		<-m.done
		deadline := time.Now().Add(time.Second)
		for !strings.Contains(out.String(), "back from the editor") && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		if !strings.Contains(out.String(), "back from the editor") {
			frozen++
		}
		p.Quit()
		<-ended
		w.Close()
		in.Close()
	}
	require.Zero(t, frozen, "the screen froze after %d of %d quick commands", frozen, runs)
}

// The wait above finds Bubble Tea's frame loop by name: if an upgrade
// renames it, this fails rather than the wait silently doing nothing.
func TestFrameLoopIsFoundByName(t *testing.T) {
	in, w, err := os.Pipe()
	require.NoError(t, err)
	defer in.Close()
	defer w.Close()
	out := &syncbuf.Buffer{}
	p := tea.NewProgram(&execModel{done: make(chan struct{})}, tea.WithInput(in), tea.WithOutput(out),
		tea.WithoutSignalHandler(), tea.WithWindowSize(40, 5))
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		p.Run()
	}()
	dump := func() []byte {
		buf := make([]byte, 1<<20)
		return buf[:runtime.Stack(buf, true)]
	}
	require.Eventually(t, func() bool { return bytes.Contains(dump(), frameLoop) }, 5*time.Second, time.Millisecond,
		"no goroutine named %s while the program draws", frameLoop)
	p.Quit()
	<-ended
	require.Eventually(t, func() bool { return !bytes.Contains(dump(), frameLoop) }, 5*time.Second, time.Millisecond)
}
