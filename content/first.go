package content

import (
	"io/fs"
)

// FirstModules reads the start of a course folder, for a first screen
// while the rest is read: course.yaml and the first n folders of the
// course folder, in order, their files up to the end of their front matter
// (as ValidateStructure reads them). ok is false when the course folder has
// n folders or fewer (the start would be the whole course), and when what
// was read has problems, which the whole course's load reports at their
// positions.
//
// The course is Partial: its stages have the modules of those folders
// only, each with all its items, and every module, item or stage id
// further on is missing. It is for showing while the rest is read, not for
// opening progress against (records of the missing ids would look
// orphaned).
func FirstModules(fsys fs.FS, n int) (c *Course, ok bool) {
	if n < 1 {
		return nil, false
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, false
	}
	dirs := 0
	for _, e := range entries {
		if e.IsDir() {
			dirs++
		}
	}
	if dirs <= n {
		return nil, false
	}
	v := newChecker(fsys)
	v.lean, v.front, v.firstDirs, v.top = true, true, n, entries
	c = v.load()
	if c == nil || len(v.rep.Errors) > 0 {
		return nil, false
	}
	c.fsys, c.front, c.files, c.partial = v.fsys, true, v.files, true
	c.indexFiles()
	v.resolveWorksheets(c)
	if len(v.rep.Errors) > 0 {
		return nil, false
	}
	return c, true
}

// Partial reports whether c is only the start of its course (FirstModules).
func (c *Course) Partial() bool { return c.partial }

// Knows reports whether r can be evaluated on c: always, except on a
// Partial course, where every stage, module, item or worksheet r names
// must be among the modules and items read (a stage of a partial course
// may lack some of its modules, so a rule naming one is not known either).
// A stage named as a level (placed) is the course's own.
func (c *Course) Knows(r *Rule) bool {
	if r == nil || !c.partial {
		return true
	}
	for _, a := range r.Args {
		if !c.Knows(a) {
			return false
		}
	}
	for _, id := range [...]string{r.Target, r.Reviewed} {
		if id == "" {
			continue
		}
		switch c.byID[id].(type) {
		case *Module, *Item:
		default:
			return false
		}
	}
	return true
}
