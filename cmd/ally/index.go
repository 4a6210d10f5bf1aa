package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"
)

// A big course folder's structure index (content.StructureIndex) is kept
// in the user's cache folder, one file per course folder, so that the next
// start shows the course map without reading every file again. It is a
// cache: losing it costs one slower start, and an index that does not
// match the folder, this build of Ally or its own checksum is not used.

// maxIndexSize bounds what is read of an index file: 50,000 lessons make
// one of ~11 MB.
const maxIndexSize = 256 << 20

// indexFile is where the structure index of course folder dir is kept:
// $XDG_CACHE_HOME/ally/structure/<hash of the folder's absolute path>.
func indexFile(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil || !filepath.IsAbs(xdg.CacheHome) {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(xdg.CacheHome, "ally", "structure", hex.EncodeToString(sum[:16])+".idx")
}

// buildStamp names this build of Ally, first line of an index file: an
// index written by another build (whose reading of a course may differ)
// is not used. Worked out once a run.
var buildStamp = sync.OnceValue(func() []byte {
	stamp := "ally " + version + " " + commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		stamp += " " + bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				stamp += " " + s.Value
			}
		}
	}
	// A development build is told apart by its binary.
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			stamp += fmt.Sprintf(" %d %d", st.Size(), st.ModTime().UnixNano())
		}
	}
	return []byte(stamp + "\n")
})

// readIndex returns the index kept in file for this build, or nil. Only a
// regular file of at most maxIndexSize is read.
func readIndex(file string) []byte {
	if file == "" {
		return nil
	}
	f, err := os.OpenFile(file, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxIndexSize {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxIndexSize+1))
	stamp := buildStamp()
	if err != nil || len(data) > maxIndexSize || !bytes.HasPrefix(data, stamp) {
		return nil
	}
	return data[len(stamp):]
}

// writeIndex keeps index in file for the next start: written whole to a
// temporary file beside it, then renamed over it, so that a start never
// reads half an index. A failure only costs the next start its speed, so
// it is not reported.
func writeIndex(file string, index []byte) {
	if file == "" || index == nil {
		return
	}
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".idx-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(append(buildStamp(), index...))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	pruneIndexes(dir, filepath.Base(file), time.Now())
}

// An index is kept while it is used: one not used for indexMaxAge, and the
// oldest beyond the newest maxIndexes, are removed whenever a new one is
// written, so that course folders moved, deleted or opened once (a
// generated course, a download opened from a temporary folder) do not
// fill the cache: 50,000 lessons make an index of ~11 MB.
const (
	indexMaxAge = 30 * 24 * time.Hour
	maxIndexes  = 32
	// tempMaxAge: a temporary file beside the indexes older than this
	// was left by an Ally that stopped while writing (another one may be
	// writing its own right now).
	tempMaxAge = time.Hour
)

// touchIndex marks the index in file as used now (its modification time),
// so that pruning keeps it.
func touchIndex(file string) {
	if file != "" {
		now := time.Now()
		os.Chtimes(file, now, now)
	}
}

// pruneIndexes removes from the index folder dir the indexes not used for
// indexMaxAge, then the oldest beyond maxIndexes, and the temporary files
// older than tempMaxAge; never keep, the index just written. Only regular
// files named as Ally names them are removed: nothing else in the folder,
// no link, no folder. Failures are ignored: the next write tries again.
func pruneIndexes(dir, keep string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type kept struct {
		name string
		used time.Time
	}
	var live []kept
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || name == keep {
			continue
		}
		index := isIndexName(name)
		if !index && !strings.HasPrefix(name, ".idx-") {
			continue
		}
		st, err := e.Info()
		if err != nil {
			continue
		}
		age := now.Sub(st.ModTime())
		switch {
		case !index:
			if age > tempMaxAge {
				os.Remove(filepath.Join(dir, name))
			}
		case age > indexMaxAge:
			os.Remove(filepath.Join(dir, name))
		default:
			live = append(live, kept{name, st.ModTime()})
		}
	}
	if len(live) < maxIndexes {
		return // with keep, at most maxIndexes
	}
	slices.SortFunc(live, func(a, b kept) int { return b.used.Compare(a.used) })
	for _, k := range live[maxIndexes-1:] {
		os.Remove(filepath.Join(dir, k.name))
	}
}

// isIndexName reports whether name is one indexFile gives: 32 lower-case
// hex digits and .idx.
func isIndexName(name string) bool {
	hexPart, ok := strings.CutSuffix(name, ".idx")
	if !ok || len(hexPart) != 32 {
		return false
	}
	for _, r := range hexPart {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}
