package progress

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/allyworks/ally/content"
)

// Orphan is a record kept for an id the course no longer has (or no longer
// has as that kind of item). Ally never drops these: if the author brings
// the id back, the records count again.
type Orphan struct {
	Kind    string // "lesson", "quiz", "assessment", "worksheet" or "preview" (a module's preview flag)
	ID      string
	Records int // lesson or preview: 1; quiz, assessment: attempts
}

func (o Orphan) String() string {
	switch o.Kind {
	case "quiz", "assessment":
		s := "s"
		if o.Records == 1 {
			s = ""
		}
		return fmt.Sprintf("%s %s: %d attempt%s", o.Kind, o.ID, o.Records, s)
	case "worksheet":
		return fmt.Sprintf("worksheet %s: %d entries", o.ID, o.Records)
	case "preview":
		return fmt.Sprintf("module %s: previewed", o.ID)
	}
	return fmt.Sprintf("%s %s: opened", o.Kind, o.ID)
}

// Orphans lists the records of st that c has no place for, sorted by kind
// and id.
func Orphans(c *content.Course, st *State) []Orphan {
	if st == nil {
		return nil
	}
	var out []Orphan
	isKind := func(id string, k content.Kind) bool {
		it := c.Item(id)
		return it != nil && it.Kind == k
	}
	for id := range st.Lessons {
		if !isKind(id, content.KindLesson) {
			out = append(out, Orphan{"lesson", id, 1})
		}
	}
	for id, r := range st.Quizzes {
		if !isKind(id, content.KindQuiz) {
			out = append(out, Orphan{"quiz", id, len(r.Attempts)})
		}
	}
	for id, r := range st.Assessments {
		if !isKind(id, content.KindAssessment) {
			out = append(out, Orphan{"assessment", id, len(r.Attempts)})
		}
	}
	for id, r := range st.Worksheets {
		if !isKind(id, content.KindWorksheet) {
			out = append(out, Orphan{"worksheet", id, len(r.Entries)})
		}
	}
	for id := range st.Previews {
		if c.Module(id) == nil {
			out = append(out, Orphan{"preview", id, 1})
		}
	}
	slices.SortFunc(out, func(a, b Orphan) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID)) })
	return out
}

// RecordsIn counts the records st holds for module m: opened lessons,
// quiz and assessment attempts, and its preview flag.
func RecordsIn(st *State, m *content.Module) int {
	n := 0
	for _, it := range m.Items {
		if st.Lessons[it.ID] != nil {
			n++
		}
		if r := st.Quizzes[it.ID]; r != nil {
			n += len(r.Attempts)
		}
		if st.Drafts.Quizzes[it.ID] != nil || st.Drafts.Assessments[it.ID] != nil {
			n++
		}
		if r := st.Assessments[it.ID]; r != nil {
			n += len(r.Attempts)
		}
	}
	if _, ok := st.Previews[m.ID]; ok {
		n++
	}
	return n
}
