package linear

import (
	"fmt"

	"github.com/allyworks/ally/progress"
)

// printProgress is the whole course as the learner has it, in words: the
// stages and modules, quiz scores, self-assessments, and what each locked
// module needs. In a course of more than bigMap modules, a stage lists the
// modules the learner has done something in, and counts the others.
func (s *session) printProgress() {
	over := s.store.Overview()
	done, total := 0, 0
	for _, st := range over.Stages {
		done += st.Done
		total += st.Total
	}
	s.out.line("Your progress: %d of %d modules done.", done, total)
	for _, st := range over.Stages {
		verdict := ""
		if st.Completed {
			verdict = ", stage done"
		}
		s.out.line("%s, %s: %d of %d modules done%s.", st.Stage.Label, st.Stage.Title, st.Done, st.Total, verdict)
		open, locked := 0, 0 // modules not started, not listed
		for _, ms := range st.Modules {
			if len(over.Modules) > bigMap && !touched(ms) {
				if ms.Status == progress.StatusLocked {
					locked++
				} else {
					open++
				}
				continue
			}
			s.out.line("  %s: %s.", moduleName(ms.Module), moduleStatus(ms))
			for _, is := range ms.Items {
				switch {
				case is.Quiz != nil && is.Quiz.Attempts > 0:
					s.out.line("    Quiz %s: %s, %s.", is.Item.Title, itemStatus(is), plural(is.Quiz.Attempts, "attempt")+" made")
				case is.Assessment != nil && is.Assessment.Taken > 0:
					s.out.line("    Self-assessment %s: %s.", is.Item.Title, itemStatus(is))
				}
			}
		}
		if what := "module"; open+locked > 0 {
			if open+locked < len(st.Modules) { // some are listed
				what = "other module"
			}
			s.out.line("  %s not started: %d open, %d locked.", capitalize(plural(open+locked, what)), open, locked)
		}
	}
	s.out.say(nextWords(over.Next) + ".")
	if n := len(over.Orphans); n > 0 {
		s.out.line("%s kept for items this course no longer has ('ally progress show' lists them).", capitalize(plural(n, "record")))
	}
	if s.o.Throwaway {
		s.out.say("This is a preview: nothing you do is kept.")
	} else {
		s.out.say(fmt.Sprintf("Your progress file: %s.", s.store.Path()))
	}
}

// touched reports whether the learner has done anything in the module: it
// is started or done, or one of its items is (a preview's lesson read).
func touched(ms *progress.ModuleState) bool {
	if ms.Status == progress.StatusInProgress || ms.Status == progress.StatusCompleted {
		return true
	}
	for _, is := range ms.Items {
		if is.Status != progress.ItemNotStarted {
			return true
		}
	}
	return false
}
