//go:build !linux

package content

import (
	"io"
	"io/fs"
	"os"
)

func newRootFS(root *os.Root) rootFS { return rootFS{root: root, FS: root.FS()} }

// dirAt is Linux's (see folder_linux.go): elsewhere every folder is opened
// through the root.
func dirAt(rootFS, string) (int, bool) { return -1, false }

// openFolder opens the module folder dir of the course root r as a root
// of its own, so that reading each of its files walks no path.
func openFolder(r rootFS, dir string) (fs.FS, io.Closer, error) {
	sub, err := r.root.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return rootFS{root: sub, FS: sub.FS()}, sub, nil
}
