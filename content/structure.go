package content

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// ValidateStructure reads a course's structure only: course.yaml whole,
// and every module.md, lesson, quiz and worksheet up to the end of its
// front matter (a self-assessment whole: its dimensions and items are what
// unlock rules name). The course has its stages, modules and items with
// their ids, titles, kinds, minutes, unlock rules, quiz settings and
// worksheet fields, which is what the course map, a module's list of
// items, progress and resume need; it has no quiz questions, no
// introductions and no bodies. Module folders are read in parallel.
//
// Every error it reports is one the whole validation reports too, at the
// same position; it finds only some of them: none of a body's, and none of
// the checks across the course but worksheets' `for:`. When it reports
// errors the course is invalid: run Validate for the full report.
//
// A lesson's body is checked when it is read: Course.Text reads the whole
// file, checks it as Validate would (its links against the course's files)
// and refuses it with a *BodyError when it has problems, or a
// *ChangedError when its front matter is no longer what was read here.
// Quiz questions, assessments' and worksheets' texts and module
// introductions are not there at all: Course.Checked is false until the
// caller switches to a course from ValidateLean.
func ValidateStructure(fsys fs.FS) (*Course, *Report) {
	c, rep, _ := ValidateStructureAbove(fsys, 0)
	return c, rep
}

// ValidateStructureAbove is ValidateStructure for a course with at least
// minFiles markdown files in its folders. A smaller course is checked
// whole instead, as ValidateLean checks it, from the same walk of the
// folder: whole is then true, and the course and report are
// ValidateLean's. (A structure first and the whole check after it would
// read a small course's files twice, for a check that takes a few
// milliseconds.)
func ValidateStructureAbove(fsys fs.FS, minFiles int) (c *Course, rep *Report, whole bool) {
	v := newChecker(fsys)
	v.lean, v.front, v.wholeBelow = true, true, minFiles
	if _, ok := fsys.(rootFS); ok {
		v.ixb = &indexBuild{start: time.Now(), modules: map[string]*moduleRec{}}
	}
	c = v.load()
	if !v.front {
		return c, v.finishWhole(c), true
	}
	rep = v.finishStructure(c)
	if c != nil && v.ixb != nil {
		if len(rep.Errors) > 0 {
			v.ixb.bad.Store(true)
		}
		c.ixb = v.ixb
	}
	return c, rep, false
}

// finishStructure is the end of a structure load, read or restored.
func (v *checker) finishStructure(c *Course) *Report {
	if c != nil {
		c.fsys, c.front, c.files = v.fsys, true, v.files
		c.indexFiles()
		// Worksheets are joined to the worksheets they are attached to;
		// the other checks across the course (rules, renames, the unlock
		// graph: a sixth of the time at 50,000 lessons) are left to the
		// whole check.
		v.resolveWorksheets(c)
		v.rep.Stats = stats(c)
	}
	v.rep.Errors.Sort()
	v.rep.Warnings.Sort()
	return v.rep
}

// Checked reports whether every text of the course was checked: false for
// a course from ValidateStructure.
func (c *Course) Checked() bool { return !c.front }

// BodyError is a lesson whose body has problems: it is not shown.
type BodyError struct {
	File     string
	Problems Problems
}

func (e *BodyError) Error() string {
	return fmt.Sprintf("%s has %s, so it is not shown (ally validate lists them):\n%s", e.File, countWord(len(e.Problems), "problem"), e.Problems.Error())
}

func countWord(n int, word string) string {
	if n == 1 {
		return "a " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// frontText reads a lesson of a course from ValidateStructure whole and
// checks it as Validate would, returning its body only when it has no
// problems and its front matter is still the one read for the structure.
func (c *Course) frontText(it *Item) (string, error) {
	v := &checker{fsys: c.fsys, rep: &Report{}, ids: map[string]Pos{}, files: c.files, rawControl: map[string]bool{}, stages: stageIDs(c)}
	text, ok := v.readText(it.File)
	var got *Item
	if ok {
		if len(text) < it.src.size || maphash.String(sumSeed, text[:it.src.size]) != it.src.sum {
			return "", &ChangedError{File: it.File}
		}
		got = v.itemText(c, it.Module, it.File, text, fileMark{})
	}
	if len(v.rep.Errors) > 0 {
		v.rep.Errors.Sort()
		return "", &BodyError{File: it.File, Problems: v.rep.Errors}
	}
	if got == nil || got.Kind != KindLesson || got.ID != it.ID {
		return "", &ChangedError{File: it.File}
	}
	return got.Body, nil
}

// fileMark is where a checker stood before it read a file: the problems
// reported so far, so that an assessment first read up to its front
// matter can be read again whole as if for the first time.
type fileMark struct {
	errs, warns         int
	errCount, warnCount int
	raw                 bool
}

func (v *checker) mark(file string) fileMark {
	if !v.front {
		return fileMark{}
	}
	return fileMark{errs: len(v.rep.Errors), warns: len(v.rep.Warnings), errCount: v.errCount[file], warnCount: v.warnCount[file], raw: v.rawControl[file]}
}

// wholeItem reads an item again, whole, forgetting what reading its front
// matter reported.
func (v *checker) wholeItem(c *Course, m *Module, file string, mk fileMark) *Item {
	v.rep.Errors, v.rep.Warnings = v.rep.Errors[:mk.errs], v.rep.Warnings[:mk.warns]
	if v.errCount != nil {
		v.errCount[file] = mk.errCount
	}
	if v.warnCount != nil {
		v.warnCount[file] = mk.warnCount
	}
	v.rawControl[file] = mk.raw
	v.front = false
	defer func() { v.front = true }()
	return v.item(c, m, file)
}

// readSource is readText, except that a structure load reads a markdown
// file only up to the end of its front matter.
func (v *checker) readSource(name string) (string, bool) {
	if !v.front {
		return v.readText(name)
	}
	return v.readTextWith(readFront, name)
}

// frontChunk is how much readFront reads at a time: front matter is a few
// hundred bytes.
const frontChunk = 4096

// frontBufs holds readFront's buffers.
var frontBufs = sync.Pool{New: func() any { b := make([]byte, 0, frontChunk); return &b }}

// readFront is readBounded, reading only as far as the end of the line that
// closes the file's front matter (as splitDoc finds it), or the end of the
// first line that is not blank when that does not open front matter. What
// it returns always ends at the end of a line (or of the file), so it never
// cuts a character in two.
//
// Unlike readBounded it does not look at the file before opening it: the
// walk of the course folder has just found a regular file there, the open
// does not block (OpenDir), and nothing is read unless the open file is a
// regular file of at most limit bytes. That spares a third of the system
// calls, through an os.Root, of a structure load.
func readFront(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
	f, st, err := openRegular(fsys, name, limit)
	if err != nil {
		return nil, st, err
	}
	defer f.Close()
	// The file is read into a pooled buffer and what is kept, a few
	// hundred bytes, copied out of it: a buffer per file of the size
	// read was most of what a structure load allocated, and was kept.
	bp := frontBufs.Get().(*[]byte)
	buf := (*bp)[:0]
	defer func() {
		if cap(buf) <= 4*frontChunk {
			*bp = buf[:0]
			frontBufs.Put(bp)
		}
	}()
	for {
		if n := frontEnd(buf, false); n >= 0 {
			return bytes.Clone(buf[:n]), st, nil
		}
		if int64(len(buf)) > limit {
			return nil, st, errTooBig
		}
		if len(buf) == cap(buf) {
			buf = append(buf, make([]byte, max(frontChunk, len(buf)))...)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):min(cap(buf), int(limit)+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			if int64(len(buf)) > limit {
				return nil, st, errTooBig
			}
			return bytes.Clone(buf[:frontEnd(buf, true)]), st, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}

// frontEnd returns how much of data (the start of a file) the structure
// needs: up to the end of the line closing the front matter, or of the
// first line that is not blank if it is not ---. It is -1 when data does
// not reach that far yet; at the end of the file (eof) it is never -1.
func frontEnd(data []byte, eof bool) int {
	text := unsafe.String(unsafe.SliceData(data), len(data)) // not kept
	if !eof {
		// Judge complete lines only: a line is whole once its newline is read.
		text = text[:strings.LastIndexByte(text, '\n')+1]
	}
	rest, from := strings.TrimPrefix(text, bom), len(text)-len(strings.TrimPrefix(text, bom))
	for {
		line, after, more := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) != "" || !more {
			if !more && !eof {
				return -1
			}
			if strings.TrimSpace(line) != "---" {
				return min(len(data), from+len(line)+1)
			}
			break
		}
		from, rest = from+len(line)+1, after
	}
	if end := closingLine(text, from); end >= 0 {
		return end
	}
	if eof {
		return len(data)
	}
	return -1
}
