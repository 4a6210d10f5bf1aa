package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/allyworks/ally/content"
)

// courseSource names the course to run: --course, else $ALLY_COURSE, else
// the built-in course ("" means built-in).
func (o *options) courseSource() string {
	if o.course != "" {
		return o.course
	}
	return os.Getenv("ALLY_COURSE")
}

// openCourse returns the course folder as an fs.FS and a name for messages.
func openCourse(dir string) (fs.FS, string, error) {
	if dir == "" {
		return content.Default(), "built-in course", nil
	}
	// Read through an os.Root: nothing outside the folder can be read.
	fsys, err := content.OpenDir(dir)
	return fsys, dir, err
}

// loadCourse loads and validates the selected course. An invalid course
// comes back as an error that lists every problem as `ally validate` does.
//
// A course folder is loaded lean (content.ValidateLean): every check runs,
// but lesson bodies are read again when they are shown, so a course of
// 50,000 lessons does not hold all of its text in memory.
func (o *options) loadCourse() (*content.Course, error) {
	c, _, err := load(o.courseSource(), true)
	return c, err
}

// loadCourseAt loads and validates the course in dir ("" = built-in) and
// returns it with the folder it was read from, every body in memory.
func loadCourseAt(dir string) (*content.Course, fs.FS, error) { return load(dir, false) }

func load(dir string, lean bool) (*content.Course, fs.FS, error) {
	fsys, name, err := openCourse(dir)
	if err != nil {
		return nil, nil, err
	}
	validate := content.Validate
	if dir == "" {
		// The built-in course was read and checked when Ally was built
		// (content.Builtin): 0.2 ms instead of 14. Read it only from a
		// build that skipped making it again after the course changed.
		if c := content.Builtin(); c != nil {
			return c, fsys, nil
		}
	} else if lean {
		validate = content.ValidateLean
	}
	c, rep := validate(fsys)
	if len(rep.Errors) > 0 {
		return nil, nil, &invalidCourseError{name: name, report: rep}
	}
	return c, fsys, nil
}

// invalidCourseError is a course that failed validation.
type invalidCourseError struct {
	name   string
	report *content.Report
}

func (e *invalidCourseError) Error() string {
	return fmt.Sprintf("%s is not a valid course (%s):\n%s",
		e.name, plural(len(e.report.Errors), "problem"), e.report.Errors.Error())
}
