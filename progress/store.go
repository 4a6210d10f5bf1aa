package progress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/allyworks/ally/content"
	"github.com/gofrs/flock"
)

// lockTimeout bounds how long an operation waits for another program to
// release the progress file's lock. Saves take milliseconds, so only a
// hung program holds it this long.
const lockTimeout = 10 * time.Second

// Store is a learner's progress in one course, kept in one file. Every
// change is an operation applied under a lock to the file as it is on disk
// at that moment (read, apply, write atomically), so several Ally processes
// and goroutines can share the file without losing each other's records.
//
// Operations return nil when the change is saved. A *NoticeError means it
// was saved too, but the file had to be moved aside or upgraded first: show
// its notices. Any other error means nothing changed.
type Store struct {
	path   string // the progress file, symlinks resolved
	course *content.Course
	schema schema
	now    func() time.Time
	lock   *flock.Flock  // on path + ".lock"
	wait   time.Duration // how long to wait for the lock

	mu    sync.Mutex // serializes operations within the process
	state *State     // as last read or written; never handed out
	raw   []byte     // the file's bytes that state was decoded from or encoded to
	disk  []byte     // the file's bytes as load last found them; nil = no file
	swept bool       // stale temp files removed
}

// Open opens the progress file at path for course c. A missing file (or
// folder) is fine: it is created on the first change, the folder 0700 and
// the file 0600. The notices (a corrupt file moved aside, an older file
// migrated, a read-only file) must be shown to the learner. A file of a
// newer schema is a *SchemaError, one of another course a
// *CourseMismatchError; in both cases nothing is changed on disk.
func Open(path string, c *content.Course, opts ...Option) (*Store, []Notice, error) {
	now := time.Now
	for _, o := range opts {
		o(&now)
	}
	return open(path, c, currentSchema, now)
}

// Option changes how Open sets up a store.
type Option func(now *func() time.Time)

// WithClock makes the store read the time from now (tests, demos).
func WithClock(now func() time.Time) Option {
	return func(n *func() time.Time) { *n = now }
}

func open(path string, c *content.Course, sc schema, now func() time.Time) (*Store, []Notice, error) {
	if path == "" {
		return nil, nil, errors.New("progress: no progress file path")
	}
	if c == nil {
		return nil, nil, errors.New("progress: no course")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real // save through a symlink into its target, keeping the link
	} else if fi, lerr := os.Lstat(abs); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(abs)
		return nil, nil, fmt.Errorf("progress file %s is a symbolic link to %s, which cannot be reached (%v); "+
			"create it, or remove the link, or name another file with --progress; nothing was changed", abs, target, err)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, nil, fmt.Errorf("progress file %s is a folder; name a file", abs)
	}
	if err := checkRegular(abs); err != nil {
		return nil, nil, err
	}
	s := &Store{
		path:   abs,
		course: c,
		schema: sc,
		now:    func() time.Time { return now().UTC() },
		lock:   flock.New(abs+".lock", flock.SetPermissions(0o600)),
		wait:   lockTimeout,
	}
	st, notices, err := s.read()
	if err != nil {
		return nil, nil, err
	}
	if st == nil {
		s.state = NewState(c.ID, c.Version, s.now())
	}
	if s.checkWritable() != nil {
		notices = append(notices, Notice{Kind: NoticeReadOnly, Path: abs})
	}
	if st != nil && len(c.Renamed) > 0 {
		done, err := s.applyRenames()
		if err != nil {
			return nil, nil, err
		}
		if len(done) > 0 {
			notices = append(notices, Notice{Kind: NoticeRenamed, Path: abs, Reason: renamedWords(done)})
		}
	}
	return s, notices, nil
}

// Path returns the progress file's path.
func (s *Store) Path() string { return s.path }

// Course returns the course the store was opened for.
func (s *Store) Course() *content.Course { return s.course }

// Snapshot returns a copy of the progress as last read or saved; the
// caller may keep and change it.
func (s *Store) Snapshot() *State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Clone()
}

// Overview evaluates the current snapshot (see Evaluate).
func (s *Store) Overview() *Overview { return Evaluate(s.course, s.Snapshot()) }

// Reload re-reads the file, to pick up changes made by another Ally.
func (s *Store) Reload() ([]Notice, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, notices, err := s.read() // load keeps what it read in s.state
	return notices, err
}

// read loads the file, taking the lock only when the file needs changing.
func (s *Store) read() (*State, []Notice, error) {
	st, notices, err := s.load(false)
	if errors.Is(err, errNeedLock) {
		err = s.locked(func() error {
			var lerr error
			st, notices, lerr = s.load(true)
			return lerr
		})
	}
	return st, notices, err
}

// errNeedLock: the file needs changing (moving aside, migrating), which
// load only does with the lock held.
var errNeedLock = errors.New("progress: file needs the lock")

// errUnchanged: an operation found nothing to change; nothing is written.
var errUnchanged = errors.New("progress: unchanged")

// load reads and decodes the file. A missing file gives a nil state. With
// the lock held it also moves a corrupt file aside and migrates an older
// one (with a backup); without it, it returns errNeedLock instead.
func (s *Store) load(locked bool) (*State, []Notice, error) {
	data, err := readProgressFile(s.path)
	s.disk = data
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if s.raw != nil && bytes.Equal(data, s.raw) {
		return s.state.Clone(), nil, nil // unchanged since this store last saw it
	}
	st, from, err := s.schema.decode(data)
	var corrupt *corruptError
	var newer *SchemaError
	switch {
	case errors.As(err, &corrupt):
		if err := s.checkWritable(); err != nil {
			return nil, nil, fmt.Errorf("progress file %s cannot be read (%s), and Ally does not move aside a file it may not replace: it was left unchanged. %w",
				s.path, corrupt.reason, err)
		}
		if !locked {
			return nil, nil, errNeedLock
		}
		s.disk = nil
		moved, err := moveAside(s.path, "corrupt", s.now())
		if err != nil {
			return nil, nil, fmt.Errorf("progress file %s cannot be read (%s) and could not be moved aside: %w", s.path, corrupt.reason, err)
		}
		return nil, []Notice{{Kind: NoticeCorrupt, Path: s.path, Moved: moved, Reason: corrupt.reason}}, nil
	case errors.As(err, &newer):
		newer.Path = s.path
		return nil, nil, newer
	case err != nil:
		return nil, nil, fmt.Errorf("progress file %s: %w", s.path, err)
	}
	if st.Course.ID != s.course.ID {
		return nil, nil, &CourseMismatchError{Path: s.path, FileCourse: st.Course.ID, Course: s.course.ID}
	}
	if t := st.Course.Title; t != "" && t != s.course.Title && !sharesIDs(s.course, st) {
		// Same id, another title, and nothing in common: another course.
		return nil, nil, &CourseMismatchError{Path: s.path, FileCourse: st.Course.ID, Course: s.course.ID, FileTitle: t, Title: s.course.Title}
	}
	if from == s.schema.version {
		s.raw = data
		s.state = st.Clone()
		return st, nil, nil
	}
	if err := s.checkWritable(); err != nil {
		return nil, nil, fmt.Errorf("progress file %s is from an older Ally (schema %d) and needs upgrading: %w", s.path, from, err)
	}
	if !locked {
		return nil, nil, errNeedLock
	}
	backup, err := writeBackup(s.path, fmt.Sprintf("schema-%d", from), data, s.now())
	if err != nil {
		return nil, nil, fmt.Errorf("backing up progress file %s before upgrading it: %w", s.path, err)
	}
	if err := s.write(st); err != nil {
		return nil, nil, err
	}
	return st, []Notice{{Kind: NoticeMigrated, Path: s.path, Moved: backup,
		Reason: fmt.Sprintf("schema %d to %d", from, s.schema.version)}}, nil
}

// locked runs fn holding the file lock, creating the folder if needed.
func (s *Store) locked(fn func() error) (err error) {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("creating the progress folder: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.wait)
	defer cancel()
	for {
		ok, err := s.lock.TryLockContext(ctx, time.Millisecond)
		if !ok || err != nil {
			if err == nil || errors.Is(err, context.DeadlineExceeded) {
				return &LockTimeoutError{Path: s.path}
			}
			return fmt.Errorf("locking progress file %s: %w", s.path, err)
		}
		if s.lockCurrent() {
			break
		}
		// The lock file was deleted or replaced since it was opened: the
		// lock held is on a file no other Ally will look at. Take the one
		// on disk instead.
		if err := s.lock.Unlock(); err != nil {
			return fmt.Errorf("unlocking progress file %s: %w", s.path, err)
		}
	}
	defer func() {
		if uerr := s.lock.Unlock(); err == nil && uerr != nil {
			err = fmt.Errorf("unlocking progress file %s: %w", s.path, uerr)
		}
	}()
	if !s.swept {
		sweepTemps(s.path)
		s.swept = true
	}
	return fn()
}

// lockCurrent reports whether the lock held is on the lock file that is on
// disk now (same inode).
func (s *Store) lockCurrent() bool {
	held, err := s.lock.Stat()
	if err != nil {
		return false
	}
	disk, err := os.Stat(s.lock.Path())
	return err == nil && os.SameFile(held, disk)
}

// apply runs one operation: lock, re-read the file, apply op to what is
// on disk, save atomically, unlock. When op fails nothing is written. A
// file that vanished is rebuilt from the last known state; one that turned
// corrupt is moved aside and rebuilt the same way (returned as a
// *NoticeError after the save).
func (s *Store) apply(op func(st *State) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var notices []Notice
	err := s.locked(func() error {
		st, ns, err := s.load(true)
		if err != nil {
			return err
		}
		notices = ns
		if st == nil {
			st = s.state.Clone()
		}
		if err := op(st); err != nil {
			if errors.Is(err, errUnchanged) {
				return nil
			}
			return err
		}
		st.Schema = s.schema.version
		st.Course = CourseRef{ID: s.course.ID, Version: s.course.Version, Title: s.course.Title}
		st.Updated = s.now()
		s.stampUnlocked(st)
		return s.write(st)
	})
	if err != nil {
		return err
	}
	if len(notices) > 0 {
		return &NoticeError{Notices: notices}
	}
	return nil
}

// stampUnlocked records the modules that are open now and were not before,
// so that they stay open (AUTHORING.md, "Unlocking sticks").
func (s *Store) stampUnlocked(st *State) {
	e := newEval(s.course, st)
	for _, m := range s.course.Modules {
		if _, ok := st.Unlocked[m.ID]; !ok && e.moduleOpen(m) {
			st.Unlocked[m.ID] = st.Updated
		}
	}
}

// checkWritable refuses to replace a file this user may not write: another
// user's, or one made read-only (a rename would succeed regardless, so
// Ally checks itself).
func (s *Store) checkWritable() error {
	if fi, err := os.Stat(s.path); err == nil {
		if why := notWritable(s.path, fi); why != "" {
			return &ReadOnlyError{Path: s.path, Reason: why}
		}
	}
	return nil
}

// sharesIDs reports whether any record of st is about an id the course has.
func sharesIDs(c *content.Course, st *State) bool {
	known := func(id string) bool { return c.Item(id) != nil || c.Module(id) != nil }
	for _, ids := range [][]string{slices.Collect(maps.Keys(st.Lessons)), slices.Collect(maps.Keys(st.Quizzes)),
		slices.Collect(maps.Keys(st.Assessments)), slices.Collect(maps.Keys(st.Worksheets)),
		slices.Collect(maps.Keys(st.Unlocked)), slices.Collect(maps.Keys(st.Previews))} {
		if slices.ContainsFunc(ids, known) {
			return true
		}
	}
	return false
}

// write saves st to the file atomically.
func (s *Store) write(st *State) error {
	if err := s.checkWritable(); err != nil {
		return err
	}
	data, err := encode(st)
	if err != nil {
		return err
	}
	if len(data) > maxFileSize {
		// Saving it would make a file Ally refuses to read.
		return fmt.Errorf("%w: this change would make the progress file larger than 16 MiB (%d bytes), so it was not saved; "+
			"delete entries you no longer need (ally workbook list) or export and reset", ErrInvalidAnswer, len(data))
	}
	if err := writeFileAtomic(s.path, data); err != nil {
		s.raw = nil // the file may or may not be the new one: decode it next time
		return fmt.Errorf("saving progress file: %w", err)
	}
	s.raw, s.state, s.disk = data, st.Clone(), data
	return nil
}

// item returns the course item id of kind k, or an ErrUnknownID error.
func (s *Store) item(id string, k content.Kind) (*content.Item, error) {
	it := s.course.Item(id)
	if it == nil || it.Kind != k {
		return nil, fmt.Errorf("%w: the course has no %s %q", ErrUnknownID, k, id)
	}
	return it, nil
}

// mustBeOpen returns a *LockedError unless the item's module is open.
func (s *Store) mustBeOpen(st *State, it *content.Item, what string) error {
	e := newEval(s.course, st)
	m := it.Module
	if m == nil || e.moduleOpen(m) {
		return nil
	}
	return &LockedError{Module: m.Title, Unmet: e.unmet(m.EffectiveRule(), nil), Msg: what}
}

// checkScroll rejects positions that are not numbers in 0 … 1.
func checkScroll(f float64) error {
	if math.IsNaN(f) || f < 0 || f > 1 {
		return fmt.Errorf("progress: scroll position %v is not between 0 and 1", f)
	}
	return nil
}

// OpenLesson records that the learner opened a lesson (the first time is
// kept) and makes it the place to resume. In a locked module this is
// allowed only when the module has preview on; it then also marks the
// module previewed.
func (s *Store) OpenLesson(id string) error {
	it, err := s.item(id, content.KindLesson)
	if err != nil {
		return err
	}
	return s.apply(func(st *State) error {
		if err := s.previewable(st, it, "cannot open this lesson"); err != nil {
			return err
		}
		l := s.lesson(st, id)
		st.Last = &Place{Item: id, Scroll: l.Scroll, At: s.now()}
		return nil
	})
}

// ScrollLesson records how far down the lesson the learner is (0 … 1) and
// makes it the place to resume. Reaching the end does not complete the
// lesson: call CompleteLesson.
func (s *Store) ScrollLesson(id string, pos float64) error {
	it, err := s.item(id, content.KindLesson)
	if err != nil {
		return err
	}
	if err := checkScroll(pos); err != nil {
		return err
	}
	return s.apply(func(st *State) error {
		if err := s.previewable(st, it, "cannot read this lesson"); err != nil {
			return err
		}
		l := s.lesson(st, id)
		l.Scroll = pos
		st.Last = &Place{Item: id, Scroll: pos, At: s.now()}
		return nil
	})
}

// previewable allows reading a lesson of an open module, or of a locked one
// with preview (marking the module previewed).
func (s *Store) previewable(st *State, it *content.Item, what string) error {
	err := s.mustBeOpen(st, it, what)
	if err == nil || !it.Module.Preview {
		return err
	}
	if _, ok := st.Previews[it.Module.ID]; !ok {
		st.Previews[it.Module.ID] = s.now()
	}
	return nil
}

// lesson returns the lesson's record, creating it (opened now).
func (s *Store) lesson(st *State, id string) *LessonRecord {
	l := st.Lessons[id]
	if l == nil {
		l = &LessonRecord{Opened: s.now()}
		st.Lessons[id] = l
	}
	return l
}

// CompleteLesson records that the learner reached the end of a lesson. The
// module must be open: a lesson read in preview does not complete.
// Completing a completed lesson changes nothing.
func (s *Store) CompleteLesson(id string) error {
	it, err := s.item(id, content.KindLesson)
	if err != nil {
		return err
	}
	return s.apply(func(st *State) error {
		if st.Lessons[id].Done() {
			return errUnchanged
		}
		if err := s.mustBeOpen(st, it, "lessons read in preview do not count"); err != nil {
			return err
		}
		s.lesson(st, id).Completed = s.now()
		return nil
	})
}

// RecordQuiz scores a finished attempt at a quiz (answers as in
// QuizAttempt.Answers) and records it. It fails with ErrNoAttemptsLeft when
// the quiz's attempts are used up, with ErrLocked in a locked module, and
// with ErrInvalidAnswer for answers the quiz cannot have produced.
func (s *Store) RecordQuiz(id string, answers map[string][]int) (QuizAttempt, error) {
	it, err := s.item(id, content.KindQuiz)
	if err != nil {
		return QuizAttempt{}, err
	}
	if err := checkQuizAnswers(it.Quiz, answers); err != nil {
		return QuizAttempt{}, fmt.Errorf("quiz %q: %w", id, err)
	}
	var att QuizAttempt
	err = s.apply(func(st *State) error {
		if err := s.mustBeOpen(st, it, "cannot take this quiz"); err != nil {
			return err
		}
		r := st.Quizzes[id]
		if r == nil {
			r = &QuizRecord{}
			st.Quizzes[id] = r
		}
		if !SummarizeQuiz(it.Quiz, r.Attempts).CanAttempt() {
			return fmt.Errorf("quiz “%s”: %w (%d of %d used)", it.Title, ErrNoAttemptsLeft, len(r.Attempts), it.Quiz.Attempts)
		}
		sc := ScoreQuiz(it.Quiz, answers)
		att = QuizAttempt{At: s.now(), Right: sc.Right, Total: sc.Total, Score: sc.Score, Passed: sc.Passed}
		att.Answers = make(map[string][]int, len(answers))
		for q, a := range answers {
			att.Answers[q] = normalizeAnswer(it.Quiz, q, a)
		}
		r.Attempts = append(r.Attempts, att)
		delete(st.Drafts.Quizzes, id)
		return nil
	})
	if err != nil && !isNotice(err) {
		return QuizAttempt{}, err
	}
	return att.clone(), err
}

// normalizeAnswer stores a choice answer as a sorted set; an ordering as
// given.
func normalizeAnswer(q *content.Quiz, qid string, a []int) []int {
	c := append([]int{}, a...)
	for _, qu := range q.Questions {
		if qu.ID == qid && qu.Type != content.Ordering {
			slices.Sort(c)
		}
	}
	return c
}

func isNotice(err error) bool {
	var n *NoticeError
	return errors.As(err, &n)
}

// RecordAssessment scores a completed self-assessment (answers as in
// AssessmentAttempt.Answers) and records it as a new attempt; every attempt
// is kept. It fails with ErrLocked in a locked module and with
// ErrInvalidAnswer for answers the assessment cannot have produced.
func (s *Store) RecordAssessment(id string, answers map[string]float64) (AssessmentAttempt, error) {
	it, err := s.item(id, content.KindAssessment)
	if err != nil {
		return AssessmentAttempt{}, err
	}
	if err := checkAssessmentAnswers(it.Assessment, answers); err != nil {
		return AssessmentAttempt{}, fmt.Errorf("assessment %q: %w", id, err)
	}
	var att AssessmentAttempt
	err = s.apply(func(st *State) error {
		if err := s.mustBeOpen(st, it, "cannot take this self-assessment"); err != nil {
			return err
		}
		att = ScoreAssessment(it.Assessment, answers).Attempt(answers)
		att.At = s.now()
		r := st.Assessments[id]
		if r == nil {
			r = &AssessmentRecord{}
			st.Assessments[id] = r
		}
		r.Attempts = append(r.Attempts, att)
		delete(st.Drafts.Assessments, id)
		return nil
	})
	if err != nil && !isNotice(err) {
		return AssessmentAttempt{}, err
	}
	return att.clone(), err
}

// SaveQuizDraft keeps the answers given so far in an unfinished attempt at
// a quiz (replacing the previous draft), so that a quit loses nothing.
// RecordQuiz clears it. The rules of RecordQuiz apply to what is given.
func (s *Store) SaveQuizDraft(id string, answers map[string][]int) error {
	it, err := s.item(id, content.KindQuiz)
	if err != nil {
		return err
	}
	if err := checkQuizAnswers(it.Quiz, answers); err != nil {
		return fmt.Errorf("quiz %q: %w", id, err)
	}
	return s.apply(func(st *State) error {
		if err := s.mustBeOpen(st, it, "cannot take this quiz"); err != nil {
			return err
		}
		d := make(map[string][]int, len(answers))
		for q, a := range answers {
			d[q] = normalizeAnswer(it.Quiz, q, a)
		}
		st.Drafts.Quizzes[id] = d
		return nil
	})
}

// SaveAssessmentDraft keeps the answers given so far in an unfinished
// attempt at a self-assessment; RecordAssessment clears it.
func (s *Store) SaveAssessmentDraft(id string, answers map[string]float64) error {
	it, err := s.item(id, content.KindAssessment)
	if err != nil {
		return err
	}
	if err := checkAssessmentAnswers(it.Assessment, answers); err != nil {
		return fmt.Errorf("assessment %q: %w", id, err)
	}
	return s.apply(func(st *State) error {
		if err := s.mustBeOpen(st, it, "cannot take this self-assessment"); err != nil {
			return err
		}
		st.Drafts.Assessments[id] = maps.Clone(answers)
		return nil
	})
}

// SetLast records the place to resume: an item of the course and how far
// down it (0 … 1).
func (s *Store) SetLast(itemID string, pos float64) error {
	if s.course.Item(itemID) == nil {
		return fmt.Errorf("%w: the course has no item %q", ErrUnknownID, itemID)
	}
	if err := checkScroll(pos); err != nil {
		return err
	}
	return s.apply(func(st *State) error {
		st.Last = &Place{Item: itemID, Scroll: pos, At: s.now()}
		return nil
	})
}

// MarkPreviewed records that the learner looked at a module while it was
// locked (the first time is kept).
func (s *Store) MarkPreviewed(moduleID string) error {
	if s.course.Module(moduleID) == nil {
		return fmt.Errorf("%w: the course has no module %q", ErrUnknownID, moduleID)
	}
	return s.apply(func(st *State) error {
		if _, ok := st.Previews[moduleID]; ok {
			return errUnchanged
		}
		st.Previews[moduleID] = s.now()
		return nil
	})
}

// maxLearnerName bounds the learner's name, in characters.
const maxLearnerName = 100

// SetLearner records the learner's name ("" removes it).
func (s *Store) SetLearner(name string) error {
	name = strings.TrimSpace(name)
	if strings.ContainsFunc(name, unicode.IsControl) {
		return errors.New("progress: a name cannot hold control characters")
	}
	if n := len([]rune(name)); n > maxLearnerName {
		return fmt.Errorf("progress: a name of %d characters is too long (at most %d)", n, maxLearnerName)
	}
	return s.apply(func(st *State) error {
		st.Learner = name
		return nil
	})
}

// ResetModule removes every record of a module (its lessons, quiz and
// assessment attempts, preview flag, and the resume place when it is in the
// module) after saving the whole file as <file>.reset-<time>, whose path it
// returns. With nothing to reset it changes nothing and returns "".
func (s *Store) ResetModule(id string) (backup string, err error) {
	m := s.course.Module(id)
	if m == nil {
		return "", fmt.Errorf("%w: the course has no module %q", ErrUnknownID, id)
	}
	err = s.apply(func(st *State) error {
		if RecordsIn(st, m) == 0 {
			return errUnchanged
		}
		if backup, err = s.backup(st); err != nil {
			return err
		}
		for _, it := range m.Items {
			delete(st.Lessons, it.ID)
			delete(st.Quizzes, it.ID)
			delete(st.Assessments, it.ID)
			delete(st.Drafts.Quizzes, it.ID)
			delete(st.Drafts.Assessments, it.ID)
			if st.Last != nil && st.Last.Item == it.ID {
				st.Last = nil
			}
		}
		delete(st.Previews, m.ID)
		delete(st.Unlocked, m.ID)
		return nil
	})
	return backup, err
}

// ResetAll removes every record, orphans included, keeping only the
// learner's name and the creation time, after saving the whole file as
// <file>.reset-<time>, whose path it returns. With nothing to reset it
// changes nothing and returns "".
func (s *Store) ResetAll() (backup string, err error) {
	err = s.apply(func(st *State) error {
		if len(st.Lessons)+len(st.Quizzes)+len(st.Assessments)+len(st.Previews)+
			len(st.Drafts.Quizzes)+len(st.Drafts.Assessments)+len(st.Drafts.Entries)+
			len(st.Worksheets)+len(st.Notes) == 0 && st.Last == nil {
			return errUnchanged
		}
		if backup, err = s.backup(st); err != nil {
			return err
		}
		fresh := NewState(s.course.ID, s.course.Version, st.Created)
		fresh.Learner = st.Learner
		*st = *fresh
		return nil
	})
	return backup, err
}

// backup saves the file as it is before a reset next to it: byte for byte
// when there is one (so even fields this Ally does not know are kept), else
// st, the state rebuilt from memory.
func (s *Store) backup(st *State) (string, error) {
	if err := s.checkWritable(); err != nil {
		return "", err
	}
	data := s.disk
	if data == nil {
		var err error
		if data, err = encode(st); err != nil {
			return "", err
		}
	}
	path, err := writeBackup(s.path, "reset", data, s.now())
	if err != nil {
		return "", fmt.Errorf("backing up progress before the reset: %w", err)
	}
	return path, nil
}
