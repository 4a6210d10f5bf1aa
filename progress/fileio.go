package progress

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// writeFileAtomic replaces path with data so that a reader (or a crash) only
// ever sees the old file or the new one: a temp file in the same folder,
// fsync, rename over path, fsync of the folder.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp) // best effort: the error that matters is err
		}
	}()
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// rename is os.Rename. On Windows, replacing a file fails while another
// process has it open (a reader without FILE_SHARE_DELETE), so it retries
// for a moment there.
func rename(from, to string) error {
	err := os.Rename(from, to)
	for i := 0; err != nil && runtime.GOOS == "windows" && i < 40; i++ {
		time.Sleep(5 * time.Millisecond)
		err = os.Rename(from, to)
	}
	return err
}

// tempPrefix is the start of the temp file names used to save base.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// syncDir makes a rename in dir durable. Windows cannot open a folder for
// syncing (and NTFS journals renames itself), so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// stamp formats t for backup names: sortable, no characters that any
// file system refuses.
func stamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// freeName returns name, or name-2, name-3, … : the first that does not
// exist. Callers hold the progress file's lock, so no Ally races them.
func freeName(name string) (string, error) {
	for i := 1; i < 1000; i++ {
		cand := name
		if i > 1 {
			cand += "-" + strconv.Itoa(i)
		}
		if _, err := os.Lstat(cand); errors.Is(err, fs.ErrNotExist) {
			return cand, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("too many files named %s-N", name)
}

// moveAside renames path to <path>.<what>-<stamp> and returns the new name.
func moveAside(path, what string, now time.Time) (string, error) {
	dst, err := freeName(path + "." + what + "-" + stamp(now))
	if err != nil {
		return "", err
	}
	if err := rename(path, dst); err != nil {
		return "", err
	}
	return dst, syncDir(filepath.Dir(path))
}

// writeBackup saves data next to path as <path>.<what>-<stamp> and returns
// its name.
func writeBackup(path, what string, data []byte, now time.Time) (string, error) {
	dst, err := freeName(path + "." + what + "-" + stamp(now))
	if err != nil {
		return "", err
	}
	return dst, writeFileAtomic(dst, data)
}

// checkRegular refuses a path that exists but is not a regular file (a
// FIFO would block the read forever, a device is not a progress file).
func checkRegular(path string) error {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil // missing is fine; other errors show when reading
	}
	what := "a special file"
	switch m := fi.Mode(); {
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeSymlink != 0:
		what = "a symbolic link"
	case m.IsDir():
		what = "a folder"
	}
	return fmt.Errorf("progress file %s is not a regular file but %s; name a file with --progress; nothing was changed", path, what)
}

// readProgressFile reads the progress file: a regular file of at most
// MaxFileSize bytes.
func readProgressFile(path string) ([]byte, error) {
	if err := checkRegular(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("reading progress file: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, checkRegular(path) // replaced since the check
	} else if err == nil && fi.Size() > int64(maxFileSize) {
		return nil, sizeError(path, fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(maxFileSize)+1))
	if err != nil {
		return nil, fmt.Errorf("reading progress file: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, sizeError(path, int64(len(data)))
	}
	return data, nil
}

func sizeError(path string, n int64) error {
	return fmt.Errorf("progress file %s is larger than 16 MiB (%d bytes), far more than Ally ever writes: it was left unchanged. "+
		"Move it away to start afresh, or name another file with --progress", path, n)
}

// sweepTemps removes temp files left by saves that were killed half way.
// Only called with the lock held, when no Ally can be writing one.
func sweepTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, _ := os.ReadDir(dir) // best effort: a leftover temp file is harmless
	// Saves of the file (.<name>.tmp-…) and of the backups Ally writes
	// under the lock (.<name>.reset-<time>.tmp-…, .<name>.schema-1-<time>.tmp-…);
	// nothing else, as other files beside it may have writers of their own.
	prefix := tempPrefix(base)
	for _, e := range entries {
		n := e.Name()
		temp := strings.HasPrefix(n, prefix)
		for _, kind := range []string{"reset-", "schema-"} {
			if rest, ok := strings.CutPrefix(n, "."+base+"."+kind); ok && strings.Contains(rest, ".tmp-") {
				temp = true
			}
		}
		if temp && e.Type().IsRegular() {
			_ = os.Remove(filepath.Join(dir, n))
		}
	}
}

// MaxFileSize is the largest progress file Ally reads: far above what a
// learner writes (entries and notes have limits), far below what would
// take noticeable memory or time.
const MaxFileSize = 16 << 20

// maxFileSize is MaxFileSize; tests lower it.
var maxFileSize = MaxFileSize
