//go:build unix

package progress

import (
	"io/fs"
	"os"
	"syscall"
)

// notWritable says why this user must not replace the file ("" = may): it
// belongs to another user, its owner made it read-only, or this user
// cannot write it. A rename would succeed regardless, so Ally checks.
func notWritable(path string, fi fs.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return "it belongs to another user"
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return "it is read-only"
	}
	if err := syscall.Access(path, 2 /* W_OK */); err != nil {
		return "this user cannot write it"
	}
	return ""
}
