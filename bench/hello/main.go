// Command hello is the floor Ally's start-up is measured against: a minimal
// Bubble Tea v2 program that links Glamour. It shows a title in its first
// frame; with -lesson FILE it first renders that markdown with Glamour (as
// a program showing a lesson straight away must) and shows it too.
package main

import (
	"flag"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
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
	lesson := flag.String("lesson", "", "markdown file to render before the first frame")
	flag.Parse()
	body := *title
	if *lesson != "" {
		md, err := os.ReadFile(*lesson)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(80))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out, err := r.Render(string(md))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		body += "\n" + out
	} else {
		_ = glamour.RenderWithEnvironmentConfig // link Glamour, as Ally does
	}
	if _, err := tea.NewProgram(model{body: body}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
