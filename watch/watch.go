// Package watch tells when anything in a folder tree changes, for the
// --watch modes of ally and ally validate: fsnotify events over every
// sub-folder, new ones included, gathered into one call per burst (an
// editor's save is often a write, a rename and a chmod).
package watch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long a burst of events may last before changed runs.
const Debounce = 150 * time.Millisecond

// Dir calls changed after each burst of changes under dir, until ctx is
// done. Errors from the watcher (a folder that cannot be watched) go to
// failed, which may be nil; Dir itself fails only if dir cannot be watched.
func Dir(ctx context.Context, dir string, changed func(), failed func(error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", dir, err)
	}
	defer w.Close()
	if err := addTree(w, dir); err != nil {
		return err
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ignored(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					if err := addTree(w, ev.Name); err != nil && failed != nil {
						failed(err)
					}
				}
			}
			timer.Reset(Debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if failed != nil {
				failed(err)
			}
		case <-timer.C:
			changed()
		}
	}
}

// addTree watches dir and every folder below it (symlinks are not
// followed: a course is read only inside its folder).
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("watching %s: %w", dir, err)
			}
			return nil // vanished meanwhile; its parent's events tell the rest
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // .git and editors' folders
			}
			if err := w.Add(p); err != nil {
				return fmt.Errorf("watching %s: %w", p, err)
			}
		}
		return nil
	})
}

// ignored are editors' swap and backup files, which change on every key.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		strings.HasPrefix(base, ".#") || base == "4913" // vim's write test
}
