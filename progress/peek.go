package progress

import (
	"errors"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/allyworks/ally/content"
)

// Peek reads the progress file at path for a first screen, changing
// nothing and taking no lock: the state it holds when it is a progress
// file of the current format for course c, or a new state when there is
// no file yet. ok is false for anything else (a damaged, older or newer
// file, another course's, one that cannot be read): Open deals with those,
// and says what it did.
func Peek(path string, c *content.Course) (st *State, ok bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	data, err := readProgressFile(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return NewState(c.ID, c.Version, time.Now().UTC()), true
	}
	if err != nil {
		return nil, false
	}
	st, from, err := currentSchema.decode(data)
	if err != nil || from != currentSchema.version || st.Course.ID != c.ID ||
		(st.Course.Title != "" && st.Course.Title != c.Title) {
		return nil, false
	}
	return st, true
}
