//go:build unix

package content

import (
	"io/fs"
	"os"
	"syscall"
)

// openNonblock keeps opening a named pipe from waiting for a writer.
const openNonblock = syscall.O_NONBLOCK

// listDir lists the folder f, opened in an os.Root, by a copy of its
// descriptor opened as a plain file: os.Root's own listing lstats every
// entry (a system call each, ~60,000 for a course of 50,000 lessons), where
// the entry types the folder listing gives are enough. An entry whose type
// the listing leaves out is still looked at, relative to the folder's
// descriptor, without following links. The entries' Info is not read
// here (see rootEntry).
func listDir(f *os.File, name string) ([]fs.DirEntry, error) {
	raw, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	dup := -1
	var dupErr error
	if err := raw.Control(func(fd uintptr) {
		syscall.ForkLock.RLock()
		defer syscall.ForkLock.RUnlock()
		if dup, dupErr = syscall.Dup(int(fd)); dupErr == nil {
			syscall.CloseOnExec(dup)
		}
	}); err != nil {
		return nil, err
	}
	if dupErr != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: dupErr}
	}
	d := os.NewFile(uintptr(dup), name)
	defer d.Close()
	return d.ReadDir(-1)
}
