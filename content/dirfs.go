package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
)

// OpenDir returns the course folder dir as a file system that cannot
// reach outside it: it is read through an os.Root, so a symbolic link (or
// a ../ name) that leaves the folder fails to open instead of being
// followed. Files are opened without blocking, so a named pipe that takes
// the place of a checked file cannot hang the reader.
func OpenDir(dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("course folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("course folder %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("course folder: %w", err)
	}
	return newRootFS(root), nil
}

// rootFS is an os.Root's file system whose Open does not block. It has no
// ReadFile: readBounded is the way to read a course file.
type rootFS struct {
	fs.FS // the root's own: every method stays confined to the root
	root  *os.Root
	// top is the course folder itself, open (Linux only, see dirAt); nil
	// elsewhere, or when it could not be opened.
	top *os.File
}

func (r rootFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.FS, name) }

// ReadDir lists a folder of the root as the root's own FS does (sorted by
// name, each entry's Info an lstat inside the root), but without looking at
// every entry on the way (see listDir).
func (r rootFS) ReadDir(name string) (_ []fs.DirEntry, err error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	var list []fs.DirEntry
	if fd, ok := dirAt(r, name); ok {
		f := os.NewFile(uintptr(fd), name)
		list, err = f.ReadDir(-1) // an entry of unknown type is lstat'ed relative to f
		f.Close()
	} else {
		// Without blocking: a pipe put in the place of a folder since it
		// was listed would wait for a writer.
		f, err := r.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
		if err != nil {
			return nil, err
		}
		if st, err := f.Stat(); err != nil || !st.IsDir() {
			f.Close()
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotFolder}
		}
		list, err = listDir(f, name)
		f.Close()
	}
	entries := make([]fs.DirEntry, len(list))
	for i, e := range list {
		entries[i] = rootEntry{DirEntry: e, fsys: r, dir: name}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// rootEntry is an entry of a folder listed by rootFS.ReadDir: its Info is
// read through the root, never by a path outside it.
type rootEntry struct {
	fs.DirEntry
	fsys rootFS
	dir  string // the folder listed, in the root
}

func (e rootEntry) Info() (fs.FileInfo, error) { return e.fsys.Lstat(path.Join(e.dir, e.Name())) }

func (r rootFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
}

// ReadLink and Lstat make rootFS an fs.ReadLinkFS like the root's own FS.
func (r rootFS) ReadLink(name string) (string, error) { return fs.ReadLink(r.FS, name) }

func (r rootFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(r.FS, name) }

// modeName says what a file that is not a regular file or folder is.
func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "not a regular file"
}

// errNotRegular and errTooBig are what readBounded refuses, errNotFolder
// what ReadDir does.
var (
	errNotRegular = errors.New("not a regular file")
	errTooBig     = errors.New("too big")
	errNotFolder  = errors.New("not a folder")
)

// readBounded reads a regular file of at most limit bytes: it checks the
// file's type and size before reading and reads at most limit+1 bytes, so
// a device, a pipe or a file that grows cannot make it hang or run out of
// memory. On errNotRegular and errTooBig, info describes the file.
func readBounded(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, st, errNotRegular
	}
	if st.Size() > limit {
		return nil, st, errTooBig
	}
	return readOpened(fsys, name, limit)
}

// openRegular opens name (without blocking, in a rootFS) and returns it
// only if what it opened is a regular file of at most limit bytes; on
// errNotRegular and errTooBig, info describes the file.
func openRegular(fsys fs.FS, name string, limit int64) (fs.File, fs.FileInfo, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	switch {
	case err != nil:
		st = nil
	case !st.Mode().IsRegular(): // swapped after the first look
		err = errNotRegular
	case st.Size() > limit:
		err = errTooBig
	}
	if err != nil {
		f.Close()
		return nil, st, err
	}
	return f, st, nil
}

// readOpened is readBounded without the first look, for a file already
// seen as a regular file (by the walk of the course folder): it opens the
// file without blocking, then checks the type and size of what it opened,
// so a pipe or device swapped in after the first look is still refused
// unread.
func readOpened(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	return readOpenedInto(nil, fsys, name, limit)
}

// readOpenedInto is readOpened reading into buf when the file fits in it
// without wasting more than half of it (the text may be kept), so buf
// must be free: nothing may hold it, nor a string made from it.
func readOpenedInto(buf []byte, fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	f, st, err := openRegular(fsys, name, limit)
	if err != nil {
		return nil, st, err
	}
	defer f.Close()
	if size := st.Size(); size <= 0 || size > int64(cap(buf)) || size < int64(cap(buf))/2 {
		buf = nil
	}
	data, err := readAtMost(buf, f, st.Size(), limit+1)
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, st, errTooBig
	}
	return data, st, nil
}

// readAtMost reads r to its end or to max bytes, whichever comes first,
// into a buffer sized for the size the file says it has. When that size is
// more than 0 it reads no further than it: the file is taken as it was
// when its size was looked at, which spares the read that would only meet
// its end (a system call a file) and the spare room in the buffer. A file
// of size 0 (as some special files say) is read to its end.
//
// It reads into buf when buf is not nil (and grows it if need be).
func readAtMost(buf []byte, r io.Reader, size, max int64) ([]byte, error) {
	end := max
	if size > 0 {
		end = min(size, max)
	}
	if buf == nil {
		buf = make([]byte, 0, min(end, 1<<30, size+512))
	}
	buf = buf[:0]
	for int64(len(buf)) < end {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow: the file says it is empty
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), end)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// linkLeaves reports whether the symbolic link at p (a path inside fsys)
// points outside the folder, judged from its text: absolute, or climbing
// above the course root. It is false when fsys cannot read links.
func linkLeaves(fsys fs.FS, p string) (target string, leaves bool) {
	target, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "", false
	}
	if path.IsAbs(target) || strings.HasPrefix(target, `\`) || (len(target) > 1 && target[1] == ':') {
		return target, true
	}
	j := path.Join(path.Dir(p), target)
	return target, j == ".." || strings.HasPrefix(j, "../")
}

// moduleDir is a module folder opened once (see openFolder), so that
// reading each of its files walks no path: os.Root opens every folder on a
// path in turn (and closes it again), per file.
type moduleDir struct {
	dir    string // the folder's path in the course
	fsys   fs.FS  // its files, by name
	closer io.Closer
}

// openModuleDir opens dir in fsys as a moduleDir; nil when fsys is not a
// folder on disk (or dir cannot be opened: its files are then read, and
// their errors reported, through fsys).
func openModuleDir(fsys fs.FS, dir string) *moduleDir {
	r, ok := fsys.(rootFS)
	if !ok {
		return nil
	}
	sub, closer, err := openFolder(r, dir)
	if err != nil {
		return nil
	}
	return &moduleDir{dir: dir, fsys: sub, closer: closer}
}

func (m *moduleDir) close() {
	if m != nil {
		m.closer.Close()
	}
}

// readFile reads the course file name as readOpened does. A file of the
// module folder is opened in it; any other file, and a file the folder
// cannot open (a link out of the folder, to a file elsewhere in the
// course), is read through fsys, so what is read and the errors are the
// same as without the module folder.
func (m *moduleDir) readFile(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	return m.readWith(readOpened, fsys, name, limit)
}

// readWith is readFile with another way of reading an opened file
// (readOpened, or readFront for a structure load).
func (m *moduleDir) readWith(read func(fs.FS, string, int64) ([]byte, fs.FileInfo, error), fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	if m != nil && path.Dir(name) == m.dir {
		if data, st, err := read(m.fsys, path.Base(name), limit); err == nil || st != nil {
			return data, st, err
		}
	}
	return read(fsys, name, limit)
}
