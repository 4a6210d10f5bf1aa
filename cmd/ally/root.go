package main

import (
	"io"

	"github.com/allyworks/ally/tui"
	"github.com/spf13/cobra"
)

// options are the flags shared by every command.
type options struct {
	course   string   // --course DIR, else $ALLY_COURSE, else the embedded course
	progress string   // --progress FILE, else $ALLY_PROGRESS, else the data folder
	theme    string   // --theme auto|dark|light|notty
	mode     tui.Mode // from --theme and NO_COLOR, checked before any command runs
	width    int      // --width: the reader's maximum text width

	preview string // --preview new|unlocked|FILE: a throwaway progress file
	watch   bool   // --watch: reload the course folder when a file changes

	stdin          io.Reader
	stdout, stderr io.Writer
	cleanups       []func() // run when the command is done (temp files)
}

// cleanup runs the clean-ups the command registered, newest first.
func (o *options) cleanup() {
	for i := len(o.cleanups) - 1; i >= 0; i-- {
		o.cleanups[i]()
	}
	o.cleanups = nil
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) (*cobra.Command, *options) {
	o := &options{stdin: stdin, stdout: stdout, stderr: stderr}
	var resume, accessible bool
	root := &cobra.Command{
		Use:   "ally",
		Short: "Run capability-building courses in the terminal",
		Long: `Ally runs a course — lessons, quizzes and self-assessments written in
markdown — in the terminal, and remembers the learner's progress.

With no command, ally opens the course in a full-screen terminal UI. The
built-in course is "Alliance Capability for Tech Founders"; --course runs any
course folder (see AUTHORING.md).

--accessible (or ACCESSIBLE set to any value, or TERM=dumb) runs the course
line by line instead, for screen readers, braille displays and dumb
terminals: nothing is redrawn, and every question is answered by typing a
line. It works through pipes too, and keeps the same progress file.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if wantLinear(accessible) {
				return runLinear(cmd.Context(), o, resume)
			}
			return runTUI(cmd.Context(), o, resume)
		},
	}
	// Wrong global flags are usage errors, reported before any work.
	root.PersistentPreRunE = func(*cobra.Command, []string) (err error) {
		o.mode, err = o.themeMode()
		return err
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	f := root.PersistentFlags()
	f.StringVar(&o.course, "course", "", "course folder to run instead of the built-in course (env ALLY_COURSE)")
	f.StringVar(&o.progress, "progress", "", "progress file to use (env ALLY_PROGRESS)")
	f.StringVar(&o.theme, "theme", "auto", "colour theme: auto, dark, light or notty (no colour)")
	f.IntVar(&o.width, "width", 80, "maximum width of lesson text, in columns")
	f.StringVar(&o.preview, "preview", "", "take the course as a learner would without touching any progress file: new, unlocked or a progress FILE to start from")
	root.Flags().BoolVarP(&resume, "resume", "r", false, "open straight where you left off")
	root.Flags().BoolVarP(&o.watch, "watch", "w", false, "with --course DIR: reload the course whenever one of its files changes, keeping your place")
	root.Flags().BoolVar(&accessible, "accessible", false, "run line by line, for screen readers and dumb terminals (env ACCESSIBLE)")

	root.AddCommand(
		newExportCmd(o),
		newNewCmd(o),
		newProgressCmd(o),
		newReportCmd(o),
		newSyncCmd(o),
		newReadCmd(o),
		newSchemaCmd(o),
		newValidateCmd(o),
		newVersionCmd(o),
		newWorkbookCmd(o),
	)
	return root, o
}
