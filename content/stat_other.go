//go:build !linux

package content

import "io/fs"

// sysKey is a file's inode and change time, for fileKey: not read on this
// system (its size and modification time still are).
func sysKey(fs.FileInfo) (ino, ctime int64) { return 0, 0 }
