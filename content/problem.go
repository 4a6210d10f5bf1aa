package content

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a place in a course file. Line and Col count from 1; 0 means
// unknown (Col 0: the whole line; Line 0: the whole file).
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is one validation finding, printed "file:line:col: message".
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) Error() string { return p.Pos.String() + ": " + p.Msg }

// Problems is a list of problems, sortable by file and position.
type Problems []Problem

// Sort orders the problems by file, line, column and message.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
}

// Error joins the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns the list as an error, or nil when it is empty.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Report is the result of validating a course.
type Report struct {
	Errors   Problems
	Warnings Problems
	Stats    Stats
}

// Stats counts what a course holds.
type Stats struct {
	Stages      int `json:"stages"`
	Modules     int `json:"modules"`
	Lessons     int `json:"lessons"`
	Quizzes     int `json:"quizzes"`
	Questions   int `json:"questions"`
	Assessments int `json:"assessments"`
	Worksheets  int `json:"worksheets"`
	Minutes     int `json:"minutes"`
}
