package linear

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// command is one thing a learner can type at a prompt. Menus are data: the
// help command prints them, so the help never drifts from what works.
type command struct {
	names []string // what to type; "" is a bare Enter, "#" a number
	shown string   // how help shows it; default names joined by " or "
	help  string
}

// menu is the commands of one prompt.
type menu []command

// global commands work at every prompt.
var global = menu{
	{names: []string{"help", "?"}, help: "list the commands of this prompt"},
	{names: []string{"quit", "exit"}, help: "leave Ally (everything is saved)"},
}

// find returns the command a line asks for (its first name) and the rest of
// the line, or "", false. A line that starts with a digit is "#"; a command
// named "*" takes any line no other command does (an answer to check).
func (m menu) find(line string) (string, string, bool) {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	if line != "" && line[0] >= '0' && line[0] <= '9' {
		word, rest = "#", line
	}
	if strings.HasPrefix(line, "/") { // /text searches
		word, rest = "/", strings.TrimSpace(line[1:])
	}
	word = strings.ToLower(word)
	for _, c := range m {
		for _, n := range c.names {
			if n == word {
				return c.names[0], rest, true
			}
		}
	}
	for _, c := range m { // "*": an answer, whatever else was typed
		if slices.Contains(c.names, "*") {
			return c.names[0], line, true
		}
	}
	return "", "", false
}

// helpLines describes the menu and the global commands.
func (m menu) helpLines() []string {
	var out []string
	for _, c := range append(append(menu{}, m...), global...) {
		shown := c.shown
		if shown == "" {
			var names []string
			for _, n := range c.names {
				if n == "*" {
					continue
				}
				if n == "" {
					n = "Enter"
				}
				names = append(names, n)
			}
			shown = strings.Join(names, " or ")
		}
		out = append(out, shown+": "+c.help)
	}
	return out
}

// ask prompts for a line until it is one of the menu's commands. It
// handles help itself and returns errQuit for quit and at the end of the
// input. An unknown answer gets a short message and the prompt again.
func (s *session) ask(ctx context.Context, prompt string, m menu) (string, string, error) {
	for {
		line, err := s.readLine(ctx, prompt)
		if err != nil {
			return "", "", err
		}
		switch name, rest, _ := global.find(line); {
		case name == "help" && rest == "":
			s.out.line("Commands here:")
			for _, l := range m.helpLines() {
				s.out.say("  " + l)
			}
			continue
		case name == "quit" && rest == "":
			return "", "", errQuit
		}
		if name, rest, ok := m.find(line); ok {
			return name, rest, nil
		}
		if line == "" {
			s.out.line("Type your choice first; help lists them.")
			continue
		}
		s.out.line("%q is not a choice here; type help for the commands.", line)
	}
}

// readLine prompts and reads one line.
func (s *session) readLine(ctx context.Context, prompt string) (string, error) {
	s.out.prompt(prompt)
	if s.out.err != nil { // nobody can read the questions any more
		return "", s.out.err
	}
	line, err := s.in.next(ctx)
	if err != nil {
		s.out.blank() // end the prompt's line
		return "", err
	}
	return line, nil
}

// number parses a whole number from 1 to n.
func number(s string, n int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 || v > n {
		return 0, errors.New("type a number from 1 to " + strconv.Itoa(n))
	}
	return v, nil
}
