//go:build !unix

package content

import (
	"io/fs"
	"os"
)

// openNonblock is 0 where named pipes cannot block an open.
const openNonblock = 0

// listDir lists the folder f, opened in an os.Root.
func listDir(f *os.File, name string) ([]fs.DirEntry, error) { return f.ReadDir(-1) }
