package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/tui"
	"github.com/allyworks/ally/watch"
	"github.com/spf13/cobra"
)

func newValidateCmd(o *options) *cobra.Command {
	var asJSON, watching bool
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a course folder and report every problem",
		Long: `Validate checks the course in DIR (the built-in course when DIR is left
out, or --course / $ALLY_COURSE when set) and prints every problem, sorted by
file and line, as file:line:col: message.

Exit status: 0 valid, 1 invalid, 2 usage error. Warnings do not fail a course.

With --watch it checks again after every change to a file of the course,
printing a new report under a line with the time, until ctrl+c: keep it
open in a second terminal while you write.`,
		Example: "  ally validate ./my-course\n  ally validate --json ./my-course | jq .stats",
		Args:    maxOneArg,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := o.courseSource()
			if len(args) == 1 {
				dir = args[0]
			}
			fsys, name, err := openCourse(dir)
			if err != nil {
				return err
			}
			report := func() (bool, error) { return validateOnce(o, fsys, name, asJSON) }
			if watching {
				if dir == "" {
					return usageError{errors.New("--watch needs a course folder: ally validate --watch DIR")}
				}
				return watchValidate(cmd.Context(), o, dir, report)
			}
			ok, err := report()
			if err != nil {
				return err
			}
			if !ok {
				return errSilent
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVarP(&watching, "watch", "w", false, "check again whenever a file of the course changes, until ctrl+c")
	return cmd
}

// validateOnce checks the course and prints the report; ok is false when
// it has errors.
// validateMemory is the soft memory limit while `ally validate` checks a
// course (see validateOnce). A course whose check holds more than this
// costs more collector time, capped by Go at about half the CPU.
const validateMemory = 256 << 20

func validateOnce(o *options, fsys fs.FS, name string, asJSON bool) (ok bool, err error) {
	// The same report as Validate (TestValidationProblems compares them);
	// no lesson text is kept once checked, so a big course's peak is lower.
	//
	// Checking allocates much that lives briefly: let the heap grow to
	// three times what is live (GOGC=200) rather than two, up to a soft
	// limit, so the collector runs half as often (50,000 lessons: about
	// 1 s of CPU less) without a bigger peak than before (~300 MB).
	gc, limit := debug.SetGCPercent(200), debug.SetMemoryLimit(validateMemory)
	_, rep := content.ValidateLean(fsys)
	debug.SetGCPercent(gc)
	debug.SetMemoryLimit(limit)
	if asJSON {
		err = writeJSONReport(o, rep)
	} else {
		err = writeTextReport(o, name, rep)
	}
	return len(rep.Errors) == 0, err
}

func writeTextReport(o *options, name string, rep *content.Report) error {
	for _, p := range rep.Errors {
		fmt.Fprintln(o.stdout, p.Error())
	}
	for _, p := range rep.Warnings {
		fmt.Fprintf(o.stdout, "%s: warning: %s\n", p.Pos, p.Msg)
	}
	s := rep.Stats
	summary := strings.Join([]string{plural(s.Stages, "stage"), plural(s.Modules, "module"), plural(s.Lessons, "lesson"),
		quizzes(s.Quizzes) + " (" + plural(s.Questions, "question") + ")", plural(s.Assessments, "assessment"),
		plural(s.Worksheets, "worksheet"), plural(s.Minutes, "minute")}, ", ")
	if len(rep.Errors) > 0 {
		_, err := fmt.Fprintf(o.stderr, "%s: %s, %s\n", name, plural(len(rep.Errors), "error"), plural(len(rep.Warnings), "warning"))
		return err
	}
	_, err := fmt.Fprintf(o.stdout, "%s is valid: %s; %s\n", name, summary, plural(len(rep.Warnings), "warning"))
	return err
}

type jsonProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

func toJSON(ps content.Problems) []jsonProblem {
	out := make([]jsonProblem, 0, len(ps))
	for _, p := range ps {
		out = append(out, jsonProblem{p.Pos.File, p.Pos.Line, p.Pos.Col, p.Msg})
	}
	return out
}

func writeJSONReport(o *options, rep *content.Report) error {
	enc := json.NewEncoder(o.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Errors   []jsonProblem `json:"errors"`
		Warnings []jsonProblem `json:"warnings"`
		Stats    content.Stats `json:"stats"`
	}{toJSON(rep.Errors), toJSON(rep.Warnings), rep.Stats})
}

// quizzes is plural for "quiz", which does not just take an s.
func quizzes(n int) string {
	if n == 1 {
		return "1 quiz"
	}
	return fmt.Sprintf("%d quizzes", n)
}

// watchValidate reports now and after each change to the course folder,
// until ctx ends or the learner presses ctrl+c.
func watchValidate(ctx context.Context, o *options, dir string, report func() (bool, error)) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := report(); err != nil {
		return err
	}
	fmt.Fprintf(o.stderr, "watching %s for changes (ctrl+c to stop)\n", dir)
	return watch.Dir(ctx, dir, func() {
		fmt.Fprintf(o.stdout, "\n── %s ── %s changed\n", time.Now().Format("15:04:05"), dir)
		if _, err := report(); err != nil {
			fmt.Fprintf(o.stderr, "ally: %v\n", err)
		}
	}, func(err error) { fmt.Fprintf(o.stderr, "ally: %v\n", err) })
}

// watchCourse reloads the course in the running TUI after each change to
// its folder: the new version when it is valid, its problems over the
// screen when not. The returned function stops watching.
func watchCourse(ctx context.Context, dir string, p *tea.Program) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := watch.Dir(ctx, dir, func() {
			fsys, _, err := openCourse(dir)
			if err != nil {
				p.Send(tui.CourseProblemsMsg{Problems: []string{err.Error()}})
				return
			}
			// Lean, as at start: a lesson saved again before this reload
			// is refused (changed since checked) until it arrives.
			c, rep := content.ValidateLean(fsys)
			if len(rep.Errors) > 0 {
				probs := make([]string, len(rep.Errors))
				for i, e := range rep.Errors {
					probs[i] = e.Error()
				}
				p.Send(tui.CourseProblemsMsg{Problems: probs})
				return
			}
			p.Send(tui.CourseReloadedMsg{Course: c})
		}, nil)
		if err != nil {
			p.Send(tui.CourseProblemsMsg{Problems: []string{"cannot watch the course: " + err.Error()}})
		}
	}()
	return func() { cancel(); <-done }
}
