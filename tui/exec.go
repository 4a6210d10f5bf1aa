package tui

import (
	"bytes"
	"io"
	"os/exec"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"
)

// execProcess runs c in the terminal, as tea.ExecProcess does.
func execProcess(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
	return execCommand(&osCommand{c}, fn)
}

// execCommand runs c with the terminal released, as tea.Exec does, and
// returns only once Bubble Tea's old frame loop has ended.
//
// Bubble Tea v2.1.1 stops its frame loop without waiting for it: the loop
// receives the stop, then stops the frame ticker. When the command returns
// before the loop has got that far (an editor script, a fast :wq on a busy
// machine), the restart resets the ticker first and the old loop's Stop
// lands after it: no frame is ever drawn again and the learner looks at a
// blank terminal (charmbracelet/bubbletea#1778, fix proposed in #1781).
// Here Run waits, after the command, until that goroutine is gone.
func execCommand(c tea.ExecCommand, fn tea.ExecCallback) tea.Cmd {
	return tea.Exec(settled{c}, fn)
}

// settled runs a command, then waits for the stopped frame loop to end.
type settled struct{ tea.ExecCommand }

func (s settled) Run() error {
	err := s.ExecCommand.Run()
	waitFrameLoopEnded(time.Second)
	return err
}

// frameLoop names the goroutine of Bubble Tea's frame ticker in a stack
// dump (Program.startRenderer's closure). While the command runs the
// renderer is stopped, so a frame loop still listed is the old one, on its
// way out.
var frameLoop = []byte("charm.land/bubbletea/v2.(*Program).startRenderer.func")

// waitFrameLoopEnded returns once no goroutine runs the frame loop, or
// after limit. A goroutine leaves the dump only after it has returned, so
// its ticker.Stop has happened by then.
func waitFrameLoopEnded(limit time.Duration) {
	deadline := time.Now().Add(limit)
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) && len(buf) < 16<<20 {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if !bytes.Contains(buf[:n], frameLoop) || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// osCommand is an exec.Cmd as a tea.ExecCommand: what it does not set
// itself goes to the terminal.
type osCommand struct{ *exec.Cmd }

func (c *osCommand) SetStdin(r io.Reader) {
	if c.Stdin == nil {
		c.Stdin = r
	}
}

func (c *osCommand) SetStdout(w io.Writer) {
	if c.Stdout == nil {
		c.Stdout = w
	}
}

func (c *osCommand) SetStderr(w io.Writer) {
	if c.Stderr == nil {
		c.Stderr = w
	}
}
