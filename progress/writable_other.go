//go:build !unix

package progress

import "io/fs"

// notWritable says why the file must not be replaced ("" = may): its
// owner made it read-only.
func notWritable(_ string, fi fs.FileInfo) string {
	if fi.Mode().Perm()&0o200 == 0 {
		return "it is read-only"
	}
	return ""
}
