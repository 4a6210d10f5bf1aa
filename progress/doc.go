// Package progress keeps a learner's progress through a course: the
// progress file (a versioned JSON document, saved atomically under a lock),
// quiz and self-assessment scoring, and the unlock engine that turns a
// course and a learner's records into what is locked, open and done, and
// the one next step to take.
//
// The scoring and unlock functions are pure. A Store does the file work;
// its methods are safe for concurrent use by goroutines and by other Ally
// processes on the same file. docs/progress-file.md documents the file.
package progress
