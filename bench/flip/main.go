// Command flip is the floor for Ally's lesson switch: a minimal Bubble Tea
// v2 program that renders two lessons with Glamour (dark style, at -width
// columns) before its first frame and flips between them on → and ←,
// showing as much of each as the terminal holds. Nothing is rendered,
// split or measured on a flip: the two frames are ready. It paints at up
// to 120 frames a second, as Ally does (Bubble Tea's default is 60, whose
// frame ticker alone would add up to 8 ms to every flip).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
)

type model struct {
	pages  [2][]string // the two renderings, split into lines
	cur    int
	height int
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.height = msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		case "right", "]":
			m.cur = 1
		case "left", "[":
			m.cur = 0
		}
	}
	return m, nil
}

func (m model) View() tea.View {
	lines := m.pages[m.cur]
	if m.height > 0 && len(lines) > m.height {
		lines = lines[:m.height]
	}
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}

func main() {
	a := flag.String("a", "", "markdown file shown first (←)")
	b := flag.String("b", "", "markdown file shown on →")
	width := flag.Int("width", 80, "width to render at, in columns")
	flag.Parse()
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(*width))
	if err != nil {
		fail(err)
	}
	var m model
	for i, file := range []string{*a, *b} {
		md, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		out, err := r.Render(string(md))
		if err != nil {
			fail(err)
		}
		m.pages[i] = strings.Split(out, "\n")
	}
	if _, err := tea.NewProgram(m, tea.WithFPS(120)).Run(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
