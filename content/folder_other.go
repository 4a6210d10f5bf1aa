//go:build !linux

package content

import (
	"io"
	"io/fs"
)

// openFolder opens the module folder dir of the course root r as a root
// of its own, so that reading each of its files walks no path.
func openFolder(r rootFS, dir string) (fs.FS, io.Closer, error) {
	sub, err := r.root.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return rootFS{root: sub, FS: sub.FS()}, sub, nil
}
