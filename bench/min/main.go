// Command min is the smallest floor for Ally's first frame: a Bubble Tea
// v2 program that shows a title in its first frame and links nothing else
// (bench/hello links Glamour as well, whose package initialisation —
// Chroma's lexers and styles — is most of its start-up).
package main

import (
	"flag"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{ body string }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "q" || k.String() == "ctrl+c") {
		return m, tea.Quit
	}
	return m, nil
}

func (m model) View() tea.View {
	v := tea.NewView(m.body)
	v.AltScreen = true
	return v
}

func main() {
	title := flag.String("title", "Alliance Capability for Tech Founders", "text of the first frame")
	flag.Parse()
	if _, err := tea.NewProgram(model{body: *title}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
