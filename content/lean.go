package content

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io/fs"
)

// ValidateLean is Validate, with every check and every position the same,
// except that the course keeps no lesson bodies: each lesson file is read,
// checked and let go, and Course.Text reads it again when it is opened.
// A course of 50,000 lessons holds ~150 MB of lesson text; the structure
// alone is a small part of that.
func ValidateLean(fsys fs.FS) (*Course, *Report) { return validate(fsys, true) }

// LoadLean is Load through ValidateLean.
func LoadLean(fsys fs.FS) (*Course, error) {
	c, r := ValidateLean(fsys)
	if err := r.Errors.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// source is what a lean lesson needs to find its body again and to know
// it is still the text that was checked.
type source struct {
	size int    // bytes of the whole file
	off  int    // where the body starts
	sum  uint64 // hash of the whole file
	// linked holds the course files the body links to, in order, as
	// ResolveLink gives them; see LinkedItems.
	linked []string
	// front: loaded by ValidateStructure, so size and sum cover the front
	// matter only and the body has not been checked yet (see frontText).
	front bool
}

// LinkedItems returns the course items the lesson it links to, in order,
// each once. For a lean course it needs no file: the links were noted when
// the lesson was checked.
func (c *Course) LinkedItems(it *Item) []*Item {
	files := []string(nil)
	if it.src != nil {
		files = it.src.linked
	} else {
		for _, l := range Links(it.Body) {
			if p, rel, why := ResolveLink(it.File, l.Target); rel && why == "" {
				files = append(files, p)
			}
		}
	}
	var out []*Item
	seen := map[string]bool{}
	for _, p := range files {
		if to := c.ItemByFile(p); to != nil && !seen[to.ID] {
			seen[to.ID] = true
			out = append(out, to)
		}
	}
	return out
}

// sumSeed is fixed for the process: sums are only compared within it.
var sumSeed = maphash.MakeSeed()

// newSource records where body (a suffix of text, the file as checkText
// returned it) starts and a hash of text.
func newSource(text, body string) *source {
	return &source{size: len(text), off: len(text) - len(body), sum: maphash.String(sumSeed, text)}
}

// ChangedError is a lesson file that is no longer the text that was
// checked when the course was loaded.
type ChangedError struct{ File string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed after the course was checked: quit and start Ally again to check and read the new text", e.File)
}

// Text returns the markdown body of it. A course loaded by ValidateLean
// reads a lesson's file again (bounded by MaxFileSize, as when it was
// checked) and refuses it with a *ChangedError unless it is exactly the text
// that passed validation, so a course can never show text that was not
// checked. It does file I/O: call it off the UI goroutine.
func (c *Course) Text(it *Item) (string, error) {
	if it.src == nil || c.fsys == nil {
		return it.Body, nil
	}
	if it.src.front {
		return c.frontText(it)
	}
	data, _, err := readBounded(c.fsys, it.File, MaxFileSize)
	if err != nil {
		return "", fmt.Errorf("%s: cannot read the lesson again: %w", it.File, err)
	}
	// As checkText gave it to the checks: no byte order mark, LF lines.
	data = bytes.TrimPrefix(data, []byte(bom))
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	if len(data) != it.src.size || maphash.Bytes(sumSeed, data) != it.src.sum {
		return "", &ChangedError{File: it.File}
	}
	return string(data[it.src.off:]), nil
}

// KeptText returns the body of it and true when it is in memory (a course
// loaded by Validate, or a quiz or assessment), so that reading it needs no
// I/O; otherwise use Text off the UI goroutine.
func (c *Course) KeptText(it *Item) (string, bool) {
	if it.src == nil || c.fsys == nil {
		return it.Body, true
	}
	return "", false
}
