//go:build unix

package progress

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A progress file over 16 MiB is refused with a message, not read.
func TestHugeFileIsRefused(t *testing.T) {
	c := sampleCourse(t)
	path := filepath.Join(t.TempDir(), "p.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxFileSize+1))
	require.NoError(t, f.Close())
	_, _, err = Open(path, c)
	require.ErrorContains(t, err, "is larger than 16 MiB")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, int64(MaxFileSize+1), fi.Size(), "left alone")
	assert.Equal(t, []string{"p.json"}, files(t, filepath.Dir(path)))
}

// Only a regular file (or none) is read, written or moved: a FIFO, a
// device, a dangling symlink are errors that touch nothing.
func TestOnlyRegularFiles(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()

	fifo := filepath.Join(dir, "fifo.json")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	done := make(chan error, 1)
	go func() { _, _, err := Open(fifo, c); done <- err }()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "is not a regular file")
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO hangs")
	}

	_, _, err := Open("/dev/null", c)
	require.ErrorContains(t, err, "is not a regular file")

	dangling := filepath.Join(dir, "link.json")
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere", "p.json"), dangling))
	_, _, err = Open(dangling, c)
	require.ErrorContains(t, err, "is a symbolic link to")
	target, err := os.Readlink(dangling)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "nowhere", "p.json"), target, "the link is not replaced")
}

// A symlink planted to a file that is not a progress file (another
// user's, or a read-only one) never gets that file moved aside.
func TestSymlinkToForeignFileIsNotMoved(t *testing.T) {
	c := sampleCourse(t)
	dir := t.TempDir()
	victim := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(victim, []byte("not json"), 0o400))
	link := filepath.Join(dir, "p.json")
	require.NoError(t, os.Symlink(victim, link))
	_, _, err := Open(link, c)
	require.ErrorContains(t, err, "cannot be read")
	require.ErrorContains(t, err, "left unchanged")
	data, err := os.ReadFile(victim)
	require.NoError(t, err)
	assert.Equal(t, "not json", string(data))
	assert.ElementsMatch(t, []string{"notes.txt", "p.json"}, files(t, dir))
}

// A file of another user is never replaced, even when the mode would let
// the process write it (root).
func TestOtherUsersFileIsNotReplaced(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.CompleteLesson("what-for"))
	require.NoError(t, os.Chown(s.Path(), 65534, 65534))
	before, _ := os.ReadFile(s.Path())
	err := s.CompleteLesson("anatomy")
	require.ErrorIs(t, err, ErrReadOnly)
	assert.Contains(t, err.Error(), "belongs to another user")
	after, _ := os.ReadFile(s.Path())
	assert.Equal(t, before, after)
	_, notices, err := Open(s.Path(), c)
	require.NoError(t, err)
	require.Len(t, notices, 1)
	assert.Equal(t, NoticeReadOnly, notices[0].Kind)
}

// Temp files of a killed reset backup (.<name>.reset-<time>.tmp-…) are
// swept like those of a killed save.
func TestResetTempsAreSwept(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	dir, base := filepath.Split(s.Path())
	for _, name := range []string{"." + base + ".reset-20250301T090000Z.tmp-123", "." + base + ".schema-1-20250301T090000Z.tmp-9"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("half"), 0o600))
	}
	keep := filepath.Join(dir, "."+base+".notes")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o600))
	other := filepath.Join(dir, "."+base+".outbox.tmp-5") // another writer's temp
	require.NoError(t, os.WriteFile(other, []byte("theirs"), 0o600))
	must(t, s.SetLearner("x"))
	for _, n := range files(t, dir) {
		assert.False(t, strings.Contains(n, ".tmp-") && n != filepath.Base(other), "left over: %s", n)
	}
	assert.FileExists(t, keep)
	assert.FileExists(t, other, "only Ally's own temps are swept")
}

// The lock file is replaced while this store holds a lock on the old one
// (another Ally deleted it and a third created a new one): the store must
// not go on as if it held the lock.
func TestLockFileReplacedUnderTheStore(t *testing.T) {
	c := sampleCourse(t)
	s := openTest(t, c)
	must(t, s.SetLearner("a"))
	lockPath := s.Path() + ".lock"
	require.NoError(t, s.lock.Lock()) // held on the old lock file
	require.NoError(t, os.Remove(lockPath))
	other := flock.New(lockPath)
	require.NoError(t, other.Lock()) // a new lock file, held by someone else

	ran := make(chan error, 1)
	go func() { ran <- s.SetLearner("b") }()
	select {
	case err := <-ran:
		t.Fatalf("the store saved while another program held the lock: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	require.NoError(t, other.Unlock())
	select {
	case err := <-ran:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the store never took the new lock")
	}
	assert.Equal(t, "b", readState(t, s.Path()).Learner)
}

// A save that would make the file too large to read back is refused, so
// the file stays readable.
func TestSaveNeverOutgrowsTheReadLimit(t *testing.T) {
	c := worksheetCourse(t)
	s := openTest(t, c)
	old := maxFileSize
	maxFileSize = 4096
	t.Cleanup(func() { maxFileSize = old })
	var err error
	for i := 0; i < 20 && err == nil; i++ {
		_, err = s.AddEntry("log", "", map[string]Value{"partner": TextValue("P"), "lessons": TextValue(strings.Repeat("x", 500))})
	}
	require.ErrorIs(t, err, ErrInvalidAnswer)
	assert.Contains(t, err.Error(), "larger than 16 MiB")
	_, _, err = Open(s.Path(), c)
	require.NoError(t, err, "what was saved can be read back")
}
