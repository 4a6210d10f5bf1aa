package content

import (
	"io/fs"
	"syscall"
)

// sysKey is a file's inode and change time, for fileKey.
func sysKey(fi fs.FileInfo) (ino, ctime int64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Ino), st.Ctim.Nano()
	}
	return 0, 0
}
