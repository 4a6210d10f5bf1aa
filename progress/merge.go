package progress

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allyworks/ally/content"
)

// MergeStats counts what Merge added to the destination.
type MergeStats struct {
	Lessons            int // lesson records new to the destination
	Completions        int // lessons completed only in the source
	QuizAttempts       int // attempts new to the destination
	AssessmentAttempts int
	Entries            int // worksheet entries new to the destination
	Other              int // previews, unlocks, drafts, notes, newer edits of entries, name, resume place
}

// Added is the number of records Merge added or changed.
func (m MergeStats) Added() int {
	return m.Lessons + m.Completions + m.QuizAttempts + m.AssessmentAttempts + m.Entries + m.Other
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
	add(m.Entries, "worksheet entries")
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
// unlocked, and the worksheet entries of both (see mergeWorksheets). Where
// the two disagree on one value (the resume place, a lesson's scroll
// position or note, the learner's name, a draft), the more recent one
// wins: for entries and their drafts by their own times, otherwise by the
// files' Updated. dst keeps its xAPI actor when it has one. parentOf names
// the worksheet an attached worksheet's entries are about (Parents gives it
// for a course); nil means none is attached. It is pure.
func Merge(dst, src *State, parentOf func(worksheet string) string) MergeStats {
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
	for id, text := range src.Notes {
		if old, ok := dst.Notes[id]; !ok || old != text && srcNewer {
			dst.Notes[id] = text
			ms.Other++
		}
	}
	mergeWorksheets(dst, src, parentOf, &ms)
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

// Parents returns, for Merge, the worksheet each attached worksheet of c is
// about.
func Parents(c *content.Course) func(worksheet string) string {
	return func(ws string) string {
		if it := c.Worksheet(ws); it != nil && it.Worksheet.Parent != nil {
			return it.Worksheet.Parent.ID
		}
		return ""
	}
}

// mergeWorksheets unites the entries of src's worksheets into dst's. An
// entry of src is the same as one of dst when both were created at the
// same time (to the millisecond, what an xAPI statement keeps), whatever
// their ids: it is kept once, with the values of the later update. Any
// other entry of src is added, under its id if dst's worksheet does not
// use it, else under a new one (the learner made an entry on each machine
// since the files parted); entries attached to it and drafts of it follow
// the new id. Entries stay oldest first, ids are never reused. Drafts of
// entries being typed are united by key, the later one winning.
func mergeWorksheets(dst, src *State, parentOf func(string) string, ms *MergeStats) {
	if parentOf == nil {
		parentOf = func(string) string { return "" }
	}
	renamed := map[string]map[string]string{} // worksheet → src entry id → its id in dst
	rename := func(ws, id string) string {
		if n, ok := renamed[ws][id]; ok {
			return n
		}
		return id
	}
	// Parents before the worksheets attached to them, so that For follows.
	ids := slices.Sorted(maps.Keys(src.Worksheets))
	slices.SortStableFunc(ids, func(a, b string) int { return depth(a, parentOf) - depth(b, parentOf) })
	for _, ws := range ids {
		sr := src.Worksheets[ws]
		dr := dst.Worksheets[ws]
		if dr == nil {
			dr = &WorksheetRecord{}
			dst.Worksheets[ws] = dr
		}
		next := max(dr.Next, sr.Next, highest(dr), highest(sr))
		parent := parentOf(ws)
		added := false
		for _, e := range sr.Entries {
			e = e.clone()
			if e.For != "" {
				e.For = rename(parent, e.For)
			}
			if same := sameEntry(dr, e); same != nil {
				if same.ID != e.ID {
					if renamed[ws] == nil {
						renamed[ws] = map[string]string{}
					}
					renamed[ws][e.ID] = same.ID
				}
				if e.Updated.After(same.Updated) {
					same.Values, same.Updated = e.Values, e.Updated
					ms.Other++
				}
				continue
			}
			if dr.Entry(e.ID) != nil {
				next++
				if renamed[ws] == nil {
					renamed[ws] = map[string]string{}
				}
				renamed[ws][e.ID] = "e" + strconv.Itoa(next)
				e.ID = renamed[ws][e.ID]
			}
			dr.Entries = append(dr.Entries, e)
			ms.Entries++
			added = true
		}
		if added {
			slices.SortStableFunc(dr.Entries, func(a, b Entry) int { return a.Created.Compare(b.Created) })
		}
		dr.Next = max(next, highest(dr))
	}
	for _, k := range slices.Sorted(maps.Keys(src.Drafts.Entries)) {
		d := *src.Drafts.Entries[k]
		if d.Entry != "" {
			d.Entry = rename(d.Worksheet, d.Entry)
		}
		if d.For != "" {
			d.For = rename(parentOf(d.Worksheet), d.For)
		}
		key := DraftKey(d.Worksheet, d.Entry, d.For)
		if old, ok := dst.Drafts.Entries[key]; ok && !d.Updated.After(old.Updated) {
			continue
		}
		d.Values = maps.Clone(d.Values)
		for f, v := range d.Values {
			d.Values[f] = v.clone()
		}
		dst.Drafts.Entries[key] = &d
		ms.Other++
	}
}

// depth is how many worksheets ws is attached below (0: not attached).
func depth(ws string, parentOf func(string) string) int {
	n := 0
	for p := parentOf(ws); p != "" && n < 10; p = parentOf(p) {
		n++
	}
	return n
}

// sameEntry returns the entry of r created when e was, or nil.
func sameEntry(r *WorksheetRecord, e Entry) *Entry {
	at := e.Created.Truncate(time.Millisecond)
	for i := range r.Entries {
		if r.Entries[i].Created.Truncate(time.Millisecond).Equal(at) && r.Entries[i].For == e.For {
			return &r.Entries[i]
		}
	}
	return nil
}

// highest is the largest number in r's entry ids (e1, e2, …).
func highest(r *WorksheetRecord) int {
	n := 0
	for _, e := range r.Entries {
		if k, err := strconv.Atoi(strings.TrimPrefix(e.ID, "e")); err == nil {
			n = max(n, k)
		}
	}
	return n
}
