package progress

import (
	"errors"
	"fmt"
	"strings"
)

// Errors a Store operation can wrap; test them with errors.Is.
var (
	// ErrLocked: the operation needs an open module (see *LockedError).
	ErrLocked = errors.New("module is locked")
	// ErrNoAttemptsLeft: the quiz's attempts are used up.
	ErrNoAttemptsLeft = errors.New("no attempts left")
	// ErrUnknownID: the course has no item or module of that id and kind.
	ErrUnknownID = errors.New("unknown id")
	// ErrInvalidAnswer: an answer names an unknown question or item, or is
	// out of range.
	ErrInvalidAnswer = errors.New("invalid answer")
	// ErrReadOnly: the progress file is not writable (see *ReadOnlyError).
	ErrReadOnly = errors.New("progress file is read-only")
)

// SchemaError is a progress file written by a newer Ally. It is never
// read or overwritten: the learner has to update Ally.
type SchemaError struct {
	Path      string
	Found     int // the file's schema version
	Supported int // the newest version this Ally reads
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("progress file %s was written by a newer version of Ally (schema %d; this Ally reads schema %d and older). "+
		"Update Ally to continue; the file was left unchanged.", e.Path, e.Found, e.Supported)
}

// CourseMismatchError is a progress file that belongs to another course.
// It is left unchanged.
type CourseMismatchError struct {
	Path       string
	FileCourse string // the course id in the file
	Course     string // the course being run
	// FileTitle and Title: the same id, but the file's course has another
	// title and none of this course's ids: another course.
	FileTitle, Title string
}

func (e *CourseMismatchError) Error() string {
	if e.FileTitle != "" {
		return fmt.Sprintf("progress file %s belongs to the course “%s”, which has the same id %q as “%s” but nothing else in common; "+
			"it was left unchanged. Use another file with --progress, or give one of the courses another id.",
			e.Path, e.FileTitle, e.Course, e.Title)
	}
	return fmt.Sprintf("progress file %s belongs to course %q, not %q; it was left unchanged. "+
		"Use another file with --progress, or leave --progress out to use the course's own file.",
		e.Path, e.FileCourse, e.Course)
}

// ReadOnlyError is a progress file this user may not write: read-only, or
// another user's. Ally reads it but never replaces it.
type ReadOnlyError struct {
	Path   string
	Reason string // "it belongs to another user", …; "" = read-only
}

func (e *ReadOnlyError) Error() string {
	if e.Reason == "it belongs to another user" {
		return fmt.Sprintf("progress file %s belongs to another user, so Ally never replaces it and this change was not saved; "+
			"use a file of your own with --progress", e.Path)
	}
	if e.Reason == "this user cannot write it" {
		return fmt.Sprintf("progress file %s cannot be written by you, so this change was not saved; make it writable to save progress", e.Path)
	}
	return fmt.Sprintf("progress file %s is read-only, so this change was not saved; make it writable (chmod u+w) to save progress", e.Path)
}

func (e *ReadOnlyError) Unwrap() error { return ErrReadOnly }

// LockedError is an operation on a module that is not open yet.
type LockedError struct {
	Module string   // module title
	Unmet  []string // what is still needed, in plain words
	Msg    string   // what could not be done
}

func (e *LockedError) Error() string {
	s := fmt.Sprintf("%s: “%s” is locked", e.Msg, e.Module)
	if len(e.Unmet) > 0 {
		s += " (still needed: " + strings.Join(e.Unmet, "; ") + ")"
	}
	return s
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// LockTimeoutError: another program held the progress file's lock for too
// long.
type LockTimeoutError struct{ Path string }

func (e *LockTimeoutError) Error() string {
	return fmt.Sprintf("progress file %s is locked by another program (lock file %s.lock) and was not released in time; "+
		"close other Ally windows and try again", e.Path, e.Path)
}

// NoticeKind says what happened to a progress file.
type NoticeKind int

// Notice kinds.
const (
	// NoticeCorrupt: the file could not be parsed and was moved aside to
	// Moved; Ally starts from what it still knows (nothing, at Open).
	NoticeCorrupt NoticeKind = iota + 1
	// NoticeMigrated: the file was from an older schema; it was upgraded
	// and the original kept as Moved.
	NoticeMigrated
	// NoticeReadOnly: the file is read-only; progress will not be saved.
	NoticeReadOnly
	// NoticeRenamed: the course renamed ids (course.yaml `renamed:`) and
	// the records under the old ones were moved to the new; Reason lists them.
	NoticeRenamed
)

// Notice is something the learner must be told about their progress file.
type Notice struct {
	Kind   NoticeKind
	Path   string // the progress file
	Moved  string // where the original was kept (corrupt, migrated)
	Reason string // why (corrupt: what is wrong with the file)
}

func (n Notice) String() string {
	switch n.Kind {
	case NoticeCorrupt:
		return fmt.Sprintf("Your progress file %s could not be read (%s). It was moved to %s so nothing in it is lost, "+
			"and a new progress file will be started.", n.Path, n.Reason, n.Moved)
	case NoticeMigrated:
		return fmt.Sprintf("Your progress file %s was upgraded to this version of Ally (%s); the original is kept as %s.",
			n.Path, n.Reason, n.Moved)
	case NoticeRenamed:
		return fmt.Sprintf("The course renamed some of its parts, so your progress moved with them (%s).", n.Reason)
	case NoticeReadOnly:
		return fmt.Sprintf("Your progress file %s is read-only: Ally can show your progress but will not save anything new. "+
			"Make it writable (chmod u+w) to save progress.", n.Path)
	}
	return n.Path + ": " + n.Reason
}

// NoticeError is returned by a Store operation that succeeded but first had
// to deal with the file on disk (another program left it corrupt, or an
// older Ally wrote it). The change was saved; show the notices.
type NoticeError struct{ Notices []Notice }

func (e *NoticeError) Error() string {
	msgs := make([]string, len(e.Notices))
	for i, n := range e.Notices {
		msgs[i] = n.String()
	}
	return strings.Join(msgs, "\n")
}
