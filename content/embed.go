package content

import (
	"embed"
	"io/fs"
)

//go:embed all:course
var embedded embed.FS

// Default returns the course built into the binary.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "course")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}
