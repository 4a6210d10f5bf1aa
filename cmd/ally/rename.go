package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newProgressRenameCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "rename OLD NEW",
		Short: "Move the records kept under an old id to its new id",
		Long: `Rename moves the learner's records from an id the course no longer has to
the id that replaced it, so they are not left as orphans ('ally progress
show' lists orphans). OLD and NEW are stage, module or item ids, or
QUIZ-ID/QUESTION-ID (ASSESSMENT-ID/ITEM-ID) for a question or an assessment
item. A backup of the file is kept as <file>.reset-<time>.

Authors who rename ids after learners started can list the renames in
course.yaml instead (renamed: [{from: OLD, to: NEW}]): Ally then applies them
to every learner's progress when the course opens. See AUTHORING.md.`,
		Example: "  ally progress rename goal-one-sentence goals-in-one-sentence\n  ally progress rename goals-check/describe goals-check/what-to-describe",
		Args:    usageArgs(cobra.ExactArgs(2)),
		RunE: func(_ *cobra.Command, args []string) error {
			_, s, err := o.openProgress()
			if err != nil {
				return err
			}
			n, backup, err := s.Rename(args[0], args[1])
			if err = o.noticesOnly(err); err != nil {
				return err
			}
			_, err = fmt.Fprintf(o.stdout, "Moved %s from %s to %s.\nThe progress before the rename is saved in %s\n",
				plural(n, "record"), args[0], args[1], backup)
			return err
		},
	}
}
