package progress

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/google/uuid"
)

// WithLock runs fn holding the progress file's lock, with the records as
// they are on disk at that moment (fn must not change them: nothing is
// saved). Files kept beside the progress file (the xAPI outbox) are written
// inside fn so that they share the file's lock.
func (s *Store) WithLock(fn func(st *State) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.locked(func() error {
		st, _, err := s.load(true)
		if err != nil {
			return err
		}
		if st == nil {
			st = s.state.Clone()
		}
		return fn(st)
	})
}

// EnsureActor returns the learner's opaque xAPI id, making (and saving) a
// random one the first time.
func (s *Store) EnsureActor() (string, error) {
	if a := s.Snapshot().Actor; a != "" {
		return a, nil
	}
	var actor string
	err := s.apply(func(st *State) error {
		if st.Actor != "" {
			actor = st.Actor
			return errUnchanged
		}
		st.Actor = uuid.NewString()
		actor = st.Actor
		return nil
	})
	if err != nil && !isNotice(err) {
		return "", err
	}
	return actor, err
}

// Import merges src (another machine's progress of the same course) into
// the progress file, as Merge does, after saving the file as it was next to
// it as <file>.import-<time>, whose path it returns ("" when the file did
// not exist yet). Nothing is written when src adds nothing.
func (s *Store) Import(src *State) (backup string, stats MergeStats, err error) {
	if src == nil {
		return "", stats, errors.New("progress: nothing to import")
	}
	if src.Course.ID != "" && src.Course.ID != s.course.ID {
		return "", stats, &CourseMismatchError{Path: "the imported file", FileCourse: src.Course.ID, Course: s.course.ID}
	}
	src = src.Clone()
	src.normalize()
	err = s.apply(func(st *State) error {
		stats = Merge(st, src, Parents(s.course))
		if stats.Added() == 0 {
			return errUnchanged
		}
		if s.disk != nil {
			if err := s.checkWritable(); err != nil {
				return err
			}
			b, err := writeBackup(s.path, "import", s.disk, s.now())
			if err != nil {
				return fmt.Errorf("backing up progress before the import: %w", err)
			}
			backup = b
		}
		return nil
	})
	return backup, stats, err
}

// OutboxPath is the xAPI outbox kept beside the progress file at path.
func OutboxPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, base+".outbox")
}

// Parse decodes a progress file's bytes (of this or an older schema) into
// a state, without touching any file. It is how another machine's file or
// export is read before Import.
func Parse(data []byte) (*State, error) {
	st, _, err := currentSchema.decode(data)
	if err != nil {
		var corrupt *corruptError
		if errors.As(err, &corrupt) {
			return nil, fmt.Errorf("not a progress file: %s", corrupt.reason)
		}
		return nil, err
	}
	return st, nil
}
