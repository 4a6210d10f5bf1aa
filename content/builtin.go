package content

import "io/fs"

//go:generate go test -run TestBuiltinCourseIsGenerated -update

// Builtin returns the course built into the binary, loaded: the course
// Validate reads from Default(), every body in memory. It is not read at
// run time: builtin_gen.go builds it, generated from Default() by `go
// generate ./content` (`make build` runs it), and TestBuiltinCourseIsGenerated
// fails until the file is generated again after the course changes.
// Reading and checking the course took ~14 ms (20 ms of CPU) of every
// start; building it takes 0.2 ms. Its text is in the binary twice (the
// files, which `ally validate`, `ally new` and the exports read, and the
// generated code): 1.4 MB more.
//
// Builtin returns nil when the generated course was not made from the
// course in the binary (its files' names and sizes differ): a build that
// skipped the generation; the caller then reads the course.
func Builtin() *Course {
	if !builtinCurrent() {
		return nil
	}
	return builtinCourse()
}

// builtinFile is a file of the built-in course as builtin_gen.go was made
// from it.
type builtinFile struct {
	name string
	size int64
}

// builtinCurrent reports whether the built-in course's files are those
// builtin_gen.go lists, by name and size (the files are in memory: no
// file is read).
func builtinCurrent() bool {
	i := 0
	err := fs.WalkDir(Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if i >= len(builtinFiles) || builtinFiles[i] != (builtinFile{p, fi.Size()}) {
			return fs.ErrInvalid
		}
		i++
		return nil
	})
	return err == nil && i == len(builtinFiles)
}

// f64 is a *float64 for builtin_gen.go.
func f64(f float64) *float64 { return &f }
