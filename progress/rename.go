package progress

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/allyworks/ally/content"
)

// ErrRenameClash: both the old and the new id hold records, so a rename
// would have to merge or drop some; nothing is changed.
var ErrRenameClash = errors.New("progress: both ids hold records")

// Rename moves every record kept under the id from to the id to, as
// course.yaml's `renamed:` and `ally progress rename` do. A stage, module
// or item id stands alone; a question or an assessment item, dimension or
// score is written "quiz-id/question-id". It returns how many records
// moved; a clash (records under both ids) is an error and changes nothing.
func Rename(st *State, from, to string) (int, error) {
	if parent, child, nested := strings.Cut(from, "/"); nested {
		toParent, toChild, ok := strings.Cut(to, "/")
		if !ok || toParent != parent {
			return 0, fmt.Errorf("progress: rename %q to %q: a question keeps its quiz (write %s/new-id)", from, to, parent)
		}
		return renameChild(st, parent, child, toChild)
	}
	if strings.Contains(to, "/") {
		return 0, fmt.Errorf("progress: rename %q to %q: an item becomes an item, not a question", from, to)
	}
	r := renamer{from: from, to: to}
	for pass := 0; pass < 2 && r.err == nil; pass++ {
		r.apply = pass == 1
		move(&r, st.Lessons)
		move(&r, st.Quizzes)
		move(&r, st.Assessments)
		move(&r, st.Previews)
		move(&r, st.Unlocked)
		move(&r, st.Drafts.Quizzes)
		move(&r, st.Drafts.Assessments)
		move(&r, st.Worksheets)
		move(&r, st.Notes)
	}
	if r.err != nil {
		return 0, r.err
	}
	for key, d := range st.Drafts.Entries { // keyed <worksheet>/…
		if d.Worksheet == from {
			delete(st.Drafts.Entries, key)
			d.Worksheet = to
			st.Drafts.Entries[to+strings.TrimPrefix(key, from)] = d
			r.n++
		}
	}
	if st.Last != nil && st.Last.Item == from {
		st.Last.Item = to
		r.n++
	}
	for _, rec := range st.Assessments {
		for i := range rec.Attempts {
			a := &rec.Attempts[i]
			if a.Placement == from {
				a.Placement = to
				r.n++
			}
			for j, m := range a.Recommend {
				if m == from {
					a.Recommend[j] = to
					r.n++
				}
			}
		}
	}
	return r.n, nil
}

// renameChild renames a question (or an assessment's item, dimension or
// score) inside every attempt and draft of its quiz or assessment.
func renameChild(st *State, parent, from, to string) (int, error) {
	r := renamer{from: from, to: to}
	for pass := 0; pass < 2 && r.err == nil; pass++ {
		r.apply = pass == 1
		if q := st.Quizzes[parent]; q != nil {
			for i := range q.Attempts {
				move(&r, q.Attempts[i].Answers)
			}
		}
		if a := st.Assessments[parent]; a != nil {
			for i := range a.Attempts {
				at := &a.Attempts[i]
				move(&r, at.Answers)
				move(&r, at.Dimensions)
				move(&r, at.Scores)
				move(&r, at.Bands)
			}
		}
		move(&r, st.Drafts.Quizzes[parent])
		move(&r, st.Drafts.Assessments[parent])
		if w := st.Worksheets[parent]; w != nil { // a worksheet's field
			for i := range w.Entries {
				move(&r, w.Entries[i].Values)
			}
		}
		for _, d := range st.Drafts.Entries {
			if d.Worksheet == parent {
				move(&r, d.Values)
			}
		}
	}
	return r.n, r.err
}

// renamer moves map keys: a first pass (apply false) only looks for
// clashes, a second moves.
type renamer struct {
	from, to string
	apply    bool
	n        int
	err      error
}

func move[V any](r *renamer, m map[string]V) {
	v, ok := m[r.from]
	if !ok {
		return
	}
	if _, clash := m[r.to]; clash {
		r.err = fmt.Errorf("%w: %q and %q both have records; rename by hand or reset one (ally progress reset)", ErrRenameClash, r.from, r.to)
		return
	}
	if r.apply {
		m[r.to] = v
		delete(m, r.from)
		r.n++
	}
}

// Renames applies course.yaml's `renamed:` list to st, in order, skipping
// entries with nothing to move. It returns the entries that moved records.
func Renames(c *content.Course, st *State) ([]content.Rename, error) {
	var done []content.Rename
	for _, rn := range c.Renamed {
		n, err := Rename(st, rn.From, rn.To)
		if err != nil {
			return done, fmt.Errorf("course.yaml renames %q to %q: %w", rn.From, rn.To, err)
		}
		if n > 0 {
			done = append(done, rn)
		}
	}
	return slices.Clip(done), nil
}

// Rename moves the records under one id to another, as `ally progress
// rename` does, after saving the file as <file>.reset-<time> (returned).
// Nothing to move is an error that says so.
func (s *Store) Rename(from, to string) (moved int, backup string, err error) {
	err = s.apply(func(st *State) error {
		probe := st.Clone()
		n, err := Rename(probe, from, to)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: no records under %q", ErrUnknownID, from)
		}
		if backup, err = s.backup(st); err != nil {
			return err
		}
		moved, err = Rename(st, from, to)
		return err
	})
	return moved, backup, err
}

// applyRenames carries out course.yaml's `renamed:` list on open. A file
// this user cannot write is renamed in memory only, and saved renamed by
// the first save that can.
func (s *Store) applyRenames() ([]content.Rename, error) {
	probe := s.Snapshot()
	done, err := Renames(s.course, probe)
	if err != nil || len(done) == 0 {
		return nil, err
	}
	if s.checkWritable() != nil {
		s.mu.Lock()
		s.state = probe
		s.mu.Unlock()
		return done, nil
	}
	err = s.apply(func(st *State) error {
		done, err = Renames(s.course, st)
		if err == nil && len(done) == 0 {
			return errUnchanged
		}
		return err
	})
	return done, err
}

// renamedWords lists renames as "old → new, …".
func renamedWords(rs []content.Rename) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.From + " → " + r.To
	}
	return strings.Join(parts, ", ")
}
