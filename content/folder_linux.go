//go:build linux

package content

import (
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// newRootFS is the course root, with the course folder itself kept open
// for dirAt.
func newRootFS(root *os.Root) rootFS {
	r := rootFS{root: root, FS: root.FS()}
	if top, err := root.Open("."); err == nil {
		top.Fd() // in blocking mode once, not at every dirAt
		r.top = top
	}
	return r
}

// dirAt opens the folder name, a bare name in the course folder, by one
// openat on the course folder's descriptor (never following a link, and
// only a folder: O_DIRECTORY fails at once on a pipe). Through the root
// each folder also cost an fstatat, four fcntl, a refused epoll_ctl and a
// dup to list it: a sixth of the system calls of a structure load. It
// returns false for anything else (a path, a link, an error), for the
// root to open or to refuse, and say why.
func dirAt(r rootFS, name string) (int, bool) {
	if r.top == nil || name == "." || strings.Contains(name, "/") {
		return -1, false
	}
	defer runtime.KeepAlive(r.top)
	for {
		fd, err := syscall.Openat(int(r.top.Fd()), name, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		return fd, err == nil
	}
}

// openFolder opens the module folder dir of the course root r for reading
// its files by bare system calls on the folder's descriptor: openat (never
// following a link, never blocking), fstat, read and close, four a file.
// Through an os.Root each file also cost an epoll_ctl (refused: a regular
// file cannot be polled), a finalizer and the root's path handling: a
// tenth of a structure load's CPU. The folder is opened by dirAt, or else
// through r, so it is inside the course; a name with a slash, or a link,
// is not opened here (moduleDir.readWith then reads it through the root).
func openFolder(r rootFS, dir string) (fs.FS, io.Closer, error) {
	if fd, ok := dirAt(r, dir); ok {
		return folderFS{fd: fd, dir: dir}, fdCloser(fd), nil
	}
	f, err := r.root.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.IsDir() {
		f.Close()
		return nil, nil, errNotRegular
	}
	return folderFS{fd: int(f.Fd()), dir: dir}, f, nil
}

// fdCloser closes a descriptor dirAt opened.
type fdCloser int

func (fd fdCloser) Close() error { return syscall.Close(int(fd)) }

// folderFS is a module folder open as a descriptor (see openFolder): its
// Open opens a file directly in it, and nothing else.
type folderFS struct {
	fd  int
	dir string
}

func (d folderFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	for {
		fd, err := syscall.Openat(d.fd, name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		switch err {
		case nil:
			return &folderFile{fd: fd, name: name}, nil
		case syscall.EINTR:
			continue
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
}

// folderFile is a file opened by folderFS.
type folderFile struct {
	fd   int
	name string
}

func (f *folderFile) Stat() (fs.FileInfo, error) {
	fi := &folderInfo{name: f.name}
	for {
		err := syscall.Fstat(f.fd, &fi.st)
		switch err {
		case nil:
			return fi, nil
		case syscall.EINTR:
			continue
		}
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: err}
	}
}

func (f *folderFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *folderFile) Close() error { return syscall.Close(f.fd) }

// folderInfo is what fstat says of a folderFile, as os.Stat says it.
type folderInfo struct {
	name string
	st   syscall.Stat_t
}

func (fi *folderInfo) Name() string       { return fi.name }
func (fi *folderInfo) Size() int64        { return fi.st.Size }
func (fi *folderInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Unix()) }
func (fi *folderInfo) IsDir() bool        { return fi.Mode().IsDir() }
func (fi *folderInfo) Sys() any           { return &fi.st }

// Mode is the mode as package os makes it of a stat.
func (fi *folderInfo) Mode() fs.FileMode {
	m := fs.FileMode(fi.st.Mode & 0o777)
	switch fi.st.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		m |= fs.ModeDevice
	case syscall.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		m |= fs.ModeDir
	case syscall.S_IFIFO:
		m |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		m |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		m |= fs.ModeSocket
	}
	if fi.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if fi.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if fi.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
