package progress

import "github.com/allyworks/ally/content"

// Resume is the place to pick up from: an item and, for a lesson, how far
// down it (0 … 1, as Place.Scroll).
type Resume struct {
	Item   *content.Item
	Scroll float64
	Draft  bool // a quiz or self-assessment with an unfinished attempt
}

// ResumePlace is where "continue" (and ally --resume) goes: the unfinished
// quiz or self-assessment if there is one (the last place first, then in
// course order), else the last lesson at its place unless it was read to
// the end. ok is false when there is nothing to resume: the next step
// (Overview.Next) is then the place to go. It is pure.
func ResumePlace(c *content.Course, st *State, o *Overview) (r Resume, ok bool) {
	if st == nil {
		return Resume{}, false
	}
	open := func(it *content.Item) bool {
		ms := o.Module(it.Module.ID)
		return ms != nil && ms.Status != StatusLocked
	}
	hasDraft := func(it *content.Item) bool {
		switch it.Kind {
		case content.KindQuiz:
			return len(st.Drafts.Quizzes[it.ID]) > 0
		case content.KindAssessment:
			return len(st.Drafts.Assessments[it.ID]) > 0
		}
		return false
	}
	var last *content.Item
	if st.Last != nil {
		last = c.Item(st.Last.Item)
	}
	if last != nil && hasDraft(last) && open(last) {
		return Resume{Item: last, Draft: true}, true
	}
	if len(st.Drafts.Quizzes) > 0 || len(st.Drafts.Assessments) > 0 { // else no item has one
		for _, m := range c.Modules { // c.Items(), without making the list
			for _, it := range m.Items {
				if hasDraft(it) && open(it) {
					return Resume{Item: it, Draft: true}, true
				}
			}
		}
	}
	if last != nil && last.Kind == content.KindLesson {
		is := o.Item(last.ID)
		if is != nil && is.Status != ItemDone && (open(last) || last.Module.Preview) {
			return Resume{Item: last, Scroll: st.Last.Scroll}, true
		}
	}
	return Resume{}, false
}
