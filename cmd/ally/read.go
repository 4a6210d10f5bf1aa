package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/internal/termsafe"
	"github.com/allyworks/ally/tui"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

func newReadCmd(o *options) *cobra.Command {
	var answers bool
	cmd := &cobra.Command{
		Use:   "read [ID]",
		Short: "Print any item or module, rendered for the terminal or as plain text",
		Long: `Read prints one lesson, quiz, self-assessment or module of the course. In a
terminal it is rendered with colour and wrapped to --width; piped into another
program (a pager, a file, a screen reader) it is plain text. A quiz shows its
questions and options (--answers adds the key, each option's feedback and the
explanations); a self-assessment its scale, dimensions and statements; a
module its introduction, its unlock rule in words and its items. Reading here
records nothing.

'ally read' with no id lists every module and item with its id.`,
		Example: "  ally read why-alliances-newness\n  ally read why-alliances-quiz --answers | less\n  ally read",
		Args:    maxOneArg,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			c, err := o.loadCourse()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			var ids []cobra.Completion
			for _, m := range c.Modules {
				ids = append(ids, cobra.CompletionWithDesc(m.ID, moduleHeading(m)))
				for _, it := range m.Items {
					ids = append(ids, cobra.CompletionWithDesc(it.ID, it.Title))
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			c, err := o.loadCourse()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				return listItems(o, c)
			}
			it, err := printable(c, args[0], answers)
			if err != nil {
				return err
			}
			return printLesson(o, c, it)
		},
	}
	cmd.Flags().BoolVar(&answers, "answers", false, "with a quiz: show the key, feedback and explanations")
	return cmd
}

func listItems(o *options, c *content.Course) error {
	for _, m := range c.Modules {
		fmt.Fprintf(o.stdout, "%-42s %s (module)\n", m.ID, moduleHeading(m))
		for _, it := range m.Items {
			fmt.Fprintf(o.stdout, "  %-40s %s (%s)\n", it.ID, it.Title, itemFacts(it))
		}
	}
	return nil
}

// printLesson renders a lesson, its title first: styled for a terminal,
// plain text otherwise (and with --theme notty): no markup, links as their
// text, no escape sequences.
func printLesson(o *options, c *content.Course, it *content.Item) error {
	mode := o.mode
	style := "notty"
	if isTerminal(o.stdout) && mode != tui.ModeNoTTY {
		style = "dark"
		if mode == tui.ModeLight || (mode == tui.ModeAuto && lightTerminal()) {
			style = "light"
		}
	}
	out, err := tui.NewRenderer().RenderLesson(c, it, o.width, style)
	if err != nil {
		return fmt.Errorf("rendering %s: %w", it.File, err)
	}
	// The colour profile is the terminal's own. Styled output then keeps
	// only Ally's colours and links (termsafe.Writer); plain output keeps no
	// escape at all (the profile strips them, o.stdout escapes what is left).
	w := colorprofile.NewWriter(termsafe.Unwrap(o.stdout), os.Environ())
	w.Forward = o.stdout
	if style != "notty" {
		w.Forward = termsafe.Writer(o.stdout)
	}
	title := termsafe.Line(it.Title)
	if style == "notty" {
		w.Profile = colorprofile.NoTTY
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight(l, " ")
		}
		out = strings.Join(lines, "\n")
		title = "  " + title + "\n  " + strings.Repeat("=", min(ansi.StringWidth(title), o.width))
	} else {
		title = "  \x1b[1m" + title + "\x1b[0m"
	}
	_, err = fmt.Fprintf(w, "%s\n\n%s\n", title, out)
	return err
}

// lightTerminal guesses a light background from COLORFGBG ("fg;bg"), which
// many terminals set; it never queries the terminal.
func lightTerminal() bool {
	parts := strings.Split(os.Getenv("COLORFGBG"), ";")
	bg := parts[len(parts)-1]
	return bg == "7" || bg == "15"
}
