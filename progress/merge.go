package progress

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// MergeStats counts what Merge added to the destination.
type MergeStats struct {
	Lessons            int // lesson records new to the destination
	Completions        int // lessons completed only in the source
	QuizAttempts       int // attempts new to the destination
	AssessmentAttempts int
	Other              int // previews, unlocks, drafts, name, resume place
}

// Added is the number of records Merge added or changed.
func (m MergeStats) Added() int {
	return m.Lessons + m.Completions + m.QuizAttempts + m.AssessmentAttempts + m.Other
}

func (m MergeStats) String() string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(m.Lessons, "lessons opened")
	add(m.Completions, "lessons completed")
	add(m.QuizAttempts, "quiz attempts")
	add(m.AssessmentAttempts, "self-assessment attempts")
	add(m.Other, "other records")
	if len(parts) == 0 {
		return "nothing new"
	}
	return strings.Join(parts, ", ")
}

// Merge unites src's records into dst, losing none: lessons, quiz and
// self-assessment attempts of both (an attempt present in both, same time
// and answers, is kept once; attempts are ordered by time), the earliest
// time a lesson was opened or completed and a module previewed or
// unlocked. Where the two disagree on one value (the resume place, a
// lesson's scroll position, the learner's name, a draft), the more recent
// one wins. dst keeps its xAPI actor when it has one. It is pure.
func Merge(dst, src *State) MergeStats {
	var ms MergeStats
	srcNewer := src.Updated.After(dst.Updated)
	if src.Created.Before(dst.Created) && !src.Created.IsZero() || dst.Created.IsZero() {
		dst.Created = src.Created
	}
	if src.Learner != "" && src.Learner != dst.Learner && (dst.Learner == "" || srcNewer) {
		dst.Learner = src.Learner
		ms.Other++
	}
	if dst.Actor == "" && src.Actor != "" {
		dst.Actor = src.Actor
		ms.Other++
	}
	if src.Last != nil && (dst.Last == nil || src.Last.At.After(dst.Last.At)) {
		l := *src.Last
		dst.Last = &l
		ms.Other++
	}
	for id, sl := range src.Lessons {
		dl := dst.Lessons[id]
		if dl == nil {
			c := *sl
			dst.Lessons[id] = &c
			ms.Lessons++
			if c.Done() {
				ms.Completions++
			}
			continue
		}
		dl.Opened = earliest(dl.Opened, sl.Opened)
		if !sl.Completed.IsZero() && (dl.Completed.IsZero() || sl.Completed.Before(dl.Completed)) {
			if dl.Completed.IsZero() {
				ms.Completions++
			}
			dl.Completed = sl.Completed
		}
		if srcNewer && sl.Scroll != 0 && sl.Scroll != dl.Scroll { // 0: never scrolled there
			dl.Scroll = sl.Scroll
		}
	}
	for id, sr := range src.Quizzes {
		dr := dst.Quizzes[id]
		if dr == nil {
			dr = &QuizRecord{}
			dst.Quizzes[id] = dr
		}
		var n int
		dr.Attempts, n = unite(dr.Attempts, sr.Attempts, func(a QuizAttempt) time.Time { return a.At },
			func(a QuizAttempt) string { return attemptKey(a.At, a.Answers) }, QuizAttempt.clone)
		ms.QuizAttempts += n
	}
	for id, sr := range src.Assessments {
		dr := dst.Assessments[id]
		if dr == nil {
			dr = &AssessmentRecord{}
			dst.Assessments[id] = dr
		}
		var n int
		dr.Attempts, n = unite(dr.Attempts, sr.Attempts, func(a AssessmentAttempt) time.Time { return a.At },
			func(a AssessmentAttempt) string { return attemptKey(a.At, a.Answers) }, AssessmentAttempt.clone)
		ms.AssessmentAttempts += n
	}
	ms.Other += mergeTimes(dst.Previews, src.Previews)
	ms.Other += mergeTimes(dst.Unlocked, src.Unlocked)
	for id, d := range src.Drafts.Quizzes {
		if _, ok := dst.Drafts.Quizzes[id]; !ok || srcNewer {
			if !ok || !maps.EqualFunc(d, dst.Drafts.Quizzes[id], slices.Equal) {
				dst.Drafts.Quizzes[id] = cloneAnswers(d)
				ms.Other++
			}
		}
	}
	for id, d := range src.Drafts.Assessments {
		if _, ok := dst.Drafts.Assessments[id]; !ok || srcNewer {
			if !ok || !maps.Equal(d, dst.Drafts.Assessments[id]) {
				dst.Drafts.Assessments[id] = maps.Clone(d)
				ms.Other++
			}
		}
	}
	return ms
}

// attemptKey identifies an attempt: its time and its answers.
// unite adds to dst the attempts of src it does not hold yet (same time,
// same answers), copied, keeps them in time order, and says how many it added.
func unite[A any](dst, src []A, at func(A) time.Time, key func(A) string, clone func(A) A) ([]A, int) {
	seen := map[string]bool{}
	for _, a := range dst {
		seen[key(a)] = true
	}
	added := 0
	for _, a := range src {
		if k := key(a); !seen[k] {
			seen[k] = true
			dst = append(dst, clone(a))
			added++
		}
	}
	slices.SortStableFunc(dst, func(a, b A) int { return at(a).Compare(at(b)) })
	return dst, added
}

func attemptKey[V any](at time.Time, answers map[string]V) string {
	b, _ := json.Marshal(answers) // maps of numbers always encode; keys are sorted
	return at.UTC().Format(time.RFC3339Nano) + " " + string(b)
}

// mergeTimes keeps, per key, the earlier of the two times, and returns how
// many keys were new to dst.
func mergeTimes(dst, src map[string]time.Time) int {
	n := 0
	for k, t := range src {
		d, ok := dst[k]
		if !ok {
			n++
		}
		if !ok || t.Before(d) {
			dst[k] = t
		}
	}
	return n
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
