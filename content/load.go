package content

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Load reads and validates the course in fsys. When the course has errors
// it returns them as Problems (sorted), with a nil course.
func Load(fsys fs.FS) (*Course, error) {
	c, r := Validate(fsys)
	if err := r.Errors.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate reads the course in fsys and reports every problem it finds,
// sorted by file and position. The returned course is as complete as the
// problems allow; it is nil only when there is no usable course.yaml.
func Validate(fsys fs.FS) (*Course, *Report) { return validate(fsys, false) }

func validate(fsys fs.FS, lean bool) (*Course, *Report) {
	v := newChecker(fsys)
	v.lean = lean
	c := v.load()
	return c, v.finishWhole(c)
}

// finishWhole is the end of a whole check.
func (v *checker) finishWhole(c *Course) *Report {
	if c != nil {
		if v.lean {
			c.fsys = v.fsys
		}
		c.indexFiles()
		v.crossCheck(c)
		v.rep.Stats = stats(c)
	}
	v.rep.Errors.Sort()
	v.rep.Warnings.Sort()
	return v.rep
}

// newChecker is the checker of a whole course in fsys.
func newChecker(fsys fs.FS) *checker {
	return &checker{fsys: fsys, rep: &Report{}, ids: map[string]Pos{}, files: map[string]bool{}, md: map[string][]string{}, unread: map[string]bool{}, rawControl: map[string]bool{}}
}

// indexFiles makes the index of items by file (ItemByFile).
func (c *Course) indexFiles() {
	n := 0
	for _, m := range c.Modules {
		n += len(m.Items)
	}
	c.byFile = make(map[string]*Item, n)
	for _, m := range c.Modules {
		for _, it := range m.Items {
			c.byFile[it.File] = it
		}
	}
}

// checker accumulates problems while a course is read.
type checker struct {
	fsys  fs.FS
	lean  bool // keep no lesson bodies (see ValidateLean)
	front bool // read items only up to the end of their front matter (see ValidateStructure)
	// wholeBelow: a structure load that finds fewer markdown files than
	// this in its module folders checks the course whole instead (see
	// ValidateStructureAbove).
	wholeBelow int
	// stageByID finds a stage by its id for a checker reading a module
	// while the course's own map is being filled (see modules).
	stageByID map[string]*Stage
	rep       *Report
	ids       map[string]Pos      // stage, module and item ids → where defined
	files     map[string]bool     // every file of the course, for link checks
	md        map[string][]string // folder → the .md files below it (paths inside it)
	// unread holds the entries refused as files (links leaving the course,
	// pipes, devices), so they are not also reported as missing.
	unread map[string]bool
	// rawControl holds the files whose raw text holds control characters
	// (reported by checkText), so decoded YAML does not report them twice.
	rawControl map[string]bool
	stages     []string // the course's stage ids, for examples in messages
	// errCount and warnCount count the problems reported per file.
	errCount, warnCount map[string]int
	// dir is the module folder being read, opened once (nil: none).
	dir *moduleDir
	// walkRoot is the folder a checker walks for load, in parallel with
	// the others.
	walkRoot string
	// firstDirs, when not 0, is how many folders of the course folder
	// load reads: the first ones, in order; top is then the course
	// folder's listing, which load does not read again (see FirstModules).
	firstDirs int
	top       []fs.DirEntry
	// ixb is the structure index being made (see index.go), ix the one a
	// structure load is restored from; nil otherwise.
	ixb, ix *indexBuild
	// read is the buffer readText last read a file into, and spare one
	// that nothing holds any more, for readText to read the next file
	// into (see item).
	read, spare []byte
	// nodes is a node array nothing holds any more, for fastMapping to
	// build the next front matter in; taken is the one the file being
	// read took, which freeNodes gives back once the file is done with.
	nodes, taken []yaml.Node

	rules []ruleRef   // every unlock rule, resolved after loading
	refs  []courseRef // stage and module ids named in assessments
	defs  []def       // module and item ids, in the order defined
}

// def is a module or item id defined in one module's checker, joined into
// the course by merge.
type def struct {
	id   string
	pos  Pos
	node any // *Module or *Item
}

// defineNode records a module or item id (checked for duplicates within
// the module now, across the course in merge).
func (v *checker) defineNode(id string, p Pos, node any) {
	if v.define(id, p) {
		v.defs = append(v.defs, def{id, p, node})
	}
}

// merge joins what one module's checker found into the course's.
func (v *checker) merge(c *Course, sub *checker) {
	v.rep.Errors = append(v.rep.Errors, sub.rep.Errors...)
	v.rep.Warnings = append(v.rep.Warnings, sub.rep.Warnings...)
	v.rules = append(v.rules, sub.rules...)
	v.refs = append(v.refs, sub.refs...)
	for _, d := range sub.defs {
		if v.define(d.id, d.pos) {
			c.byID[d.id] = d.node
		}
	}
}

// ruleRef is an unlock rule and the stage or module that owns it.
type ruleRef struct {
	rule   *Rule
	stage  *Stage
	module *Module
}

// maxFileProblems caps the errors (and, apart, the warnings) reported for
// one file: a hostile file with a hundred thousand broken links must not
// make a report that takes minutes to build or print.
const maxFileProblems = 100

func (v *checker) errorf(p Pos, format string, args ...any) {
	v.rep.Errors = v.add(v.rep.Errors, &v.errCount, p, format, args)
}

func (v *checker) warnf(p Pos, format string, args ...any) {
	v.rep.Warnings = v.add(v.rep.Warnings, &v.warnCount, p, format, args)
}

// add appends a problem unless its file already has maxFileProblems of
// that kind in ps; the first one over says that more follow.
func (v *checker) add(ps Problems, count *map[string]int, p Pos, format string, args []any) Problems {
	if *count == nil {
		*count = map[string]int{}
	}
	n := (*count)[p.File]
	(*count)[p.File] = n + 1
	switch {
	case n < maxFileProblems:
		return append(ps, Problem{Pos: p, Msg: fmt.Sprintf(format, args...)})
	case n == maxFileProblems:
		return append(ps, Problem{Pos: p, Msg: fmt.Sprintf("more problems of this kind follow in this file, not listed: fix the %d above first", maxFileProblems)})
	}
	return ps
}

// define records a course-wide id, reporting a duplicate with both places.
func (v *checker) define(id string, p Pos) bool {
	if id == "" {
		return false
	}
	if prev, dup := v.ids[id]; dup {
		v.errorf(p, "id %q is already used at %s: ids must be unique in the course", id, prev)
		return false
	}
	v.ids[id] = p
	return true
}

// readText reads a course text file and checks it is safe to show. Only a
// regular file of at most MaxFileSize is read, and never more than that.
// The walk of the folder has had the first look at the file's type.
func (v *checker) readText(name string) (string, bool) {
	buf := v.spare
	v.spare = nil
	return v.readTextWith(func(fsys fs.FS, name string, limit int64) ([]byte, fs.FileInfo, error) {
		data, st, err := readOpenedInto(buf, fsys, name, limit)
		v.read = data
		return data, st, err
	}, name)
}

// readTextWith is readText with another way of reading the opened file.
func (v *checker) readTextWith(read func(fs.FS, string, int64) ([]byte, fs.FileInfo, error), name string) (string, bool) {
	data, st, err := v.dir.readWith(read, v.fsys, name, MaxFileSize)
	p := Pos{File: name, Line: 1, Col: 1}
	switch {
	case errors.Is(err, errNotRegular):
		v.errorf(p, "this is %s, not a regular file: only regular files are read; put the file itself here", modeName(st.Mode()))
		return "", false
	case errors.Is(err, errTooBig):
		v.errorf(p, "file is %d bytes, over the 1 MiB limit: split it into several items", st.Size())
		return "", false
	case err != nil:
		v.errorf(p, "cannot read file: %v", err)
		return "", false
	}
	v.noteRead(name, st)
	return v.checkText(name, data)
}

func (v *checker) load() *Course {
	// The top level is walked here; each folder in it is walked by its own
	// checker, in parallel (a walk of 50,000 lessons is ~0.5 s of system
	// calls), and what they find is joined in folder order, each folder as
	// soon as it is walked (inOrder). The module folders are then read the
	// same way; the listing of the top level is not read again.
	var subs []*checker
	var err error
	if v.ix != nil {
		v.fromIndex()
	} else {
		err = v.walkTop(func(p string, d fs.DirEntry, err error) error {
			if p != "." && err == nil && d.IsDir() && !strings.Contains(p, "/") {
				// A folder is recorded by its own walk, which stats it
				// before listing it anyway.
				if v.firstDirs > 0 && len(subs) >= v.firstDirs {
					return fs.SkipDir // FirstModules: not read
				}
				if !v.badName(p, d) && !ignored(d.Name()) {
					subs = append(subs, &checker{fsys: v.fsys, rep: &Report{}, files: map[string]bool{}, md: map[string][]string{}, unread: map[string]bool{}, walkRoot: p, ixb: v.ixb.child()})
				}
				return fs.SkipDir
			}
			v.visit(p, d, err)
			return nil
		})
	}
	// Each folder's walk is joined as soon as it and those before it are
	// done, while the others go on.
	sized := false
	inOrder(subs, func(w *checker) {
		fs.WalkDir(w.fsys, w.walkRoot, func(p string, d fs.DirEntry, err error) error {
			if p == w.walkRoot && err == nil {
				w.record(p, d) // the top level saw it is a folder with a good name
				return nil
			}
			if !w.visit(p, d, err) && err == nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		})
	}, func(w *checker) {
		if !sized {
			// Made at the size the first folder suggests: filled one
			// entry at a time, the map is rebuilt as it grows.
			v.files = growMap(v.files, len(v.files)+len(subs)*(len(w.files)+1))
			sized = true
		}
		v.rep.Errors = append(v.rep.Errors, w.rep.Errors...)
		v.rep.Warnings = append(v.rep.Warnings, w.rep.Warnings...)
		for f := range w.files {
			v.files[f] = true
		}
		for dir, names := range w.md {
			v.md[dir] = append(v.md[dir], names...)
		}
		for f := range w.unread {
			v.unread[f] = true
		}
		for f, n := range w.errCount {
			v.countOf(&v.errCount)[f] += n
		}
		for f, n := range w.warnCount {
			v.countOf(&v.warnCount)[f] += n
		}
		v.ixb.join(w.ixb)
	})
	if v.ixb != nil {
		// What the walk reported; an error is the course's.
		v.ixb.walk = slices.Clone(v.rep.Warnings)
		if len(v.rep.Errors) > 0 {
			v.ixb.bad.Store(true)
		}
	}
	if err != nil {
		v.errorf(Pos{File: ".", Line: 1, Col: 1}, "cannot read the course folder: %v", err)
		return nil
	}
	if v.front && v.wholeBelow > 0 && v.mdFiles() < v.wholeBelow {
		// A small course: checked whole from the same walk, which is
		// cheaper than reading its files for the structure and again
		// for the check.
		v.front, v.ixb = false, nil
	}
	if !v.files["course.yaml"] {
		if v.unread["course.yaml"] {
			return nil // reported as what it is
		}
		hint := ""
		if v.files["course.yml"] {
			hint = " (found course.yml: rename it to course.yaml)"
		}
		v.errorf(Pos{File: "course.yaml", Line: 1, Col: 1}, "no course.yaml in the course folder%s: create one with id, title, version, summary and stages (see AUTHORING.md)", hint)
		return nil
	}
	c := v.courseFile()
	if c == nil {
		return nil
	}
	var dirs []string
	if v.ix == nil {
		dirs = make([]string, len(subs))
		for i, w := range subs {
			dirs[i] = w.walkRoot
		}
	} else if dirs, err = topFolders(v.fsys); err != nil {
		v.errorf(Pos{File: ".", Line: 1, Col: 1}, "cannot list the course folder: %v", err)
		return c
	}
	v.modules(c, dirs)
	return c
}

// walkTop walks the course folder's top level: fs.WalkDir, or, when the
// caller listed it already (v.top), the same calls for each entry of that
// listing (in name order, as ReadDir gives them; the course folder itself
// is not recorded, which only a structure index being made needs).
func (v *checker) walkTop(fn fs.WalkDirFunc) error {
	if v.top == nil {
		return fs.WalkDir(v.fsys, ".", fn)
	}
	for _, e := range v.top {
		if err := fn(e.Name(), e, nil); err != nil && err != fs.SkipDir {
			return err
		}
	}
	return nil
}

// topFolders lists the folders in the course folder, in order.
func topFolders(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs, err
}

// modules reads every module folder of dirs (the folders of the course
// folder that were walked, in order) and groups the modules by stage.
func (v *checker) modules(c *Course, dirs []string) {
	// Each module folder is read by its own checker, in parallel; the
	// results are merged in folder order, as if read one after another.
	type job struct {
		dir   string
		files []string
		sub   *checker
		m     *Module
		rec   *moduleRec // for the index being made
	}
	var jobs []*job
	for _, dir := range dirs {
		mdFiles := v.markdownIn(dir)
		if !v.files[path.Join(dir, "module.md")] {
			if len(mdFiles) > 0 {
				v.errorf(Pos{File: path.Join(dir, mdFiles[0]), Line: 1, Col: 1},
					"folder %s holds markdown but no module.md: add a module.md to make it a module, or move the files", dir)
			}
			continue
		}
		jobs = append(jobs, &job{dir: dir, files: mdFiles})
	}
	// Each module is read by its own checker, which finds stages in a map
	// of its own: c.byID is being filled meanwhile. It is made at the size
	// the folders give (every id is a stage's, a module's or a file's).
	defs := len(v.ids) + len(jobs)
	noted := 0
	for _, j := range jobs {
		defs += len(j.files)
		noted += len(j.files) + 1
	}
	v.ids = growMap(v.ids, defs)
	c.byID = growMap(c.byID, defs)
	v.ixb.grow(noted)
	stages := stageIDs(c)
	stageByID := make(map[string]*Stage, len(c.Stages))
	for _, s := range c.Stages {
		if st := c.Stage(s.ID); st != nil {
			stageByID[s.ID] = st // the one c.Stage gives when two share an id
		}
	}
	var mods []*Module
	inOrder(jobs, func(j *job) {
		j.sub = &checker{fsys: v.fsys, lean: v.lean, front: v.front, rep: &Report{}, ids: map[string]Pos{}, files: v.files, rawControl: map[string]bool{},
			stages: stages, stageByID: stageByID, ix: v.ix, ixb: v.ixb.childFor(len(j.files) + 1)}
		if rec := v.ix.module(j.dir); rec != nil {
			j.m = j.sub.restore(c, rec)
			return
		}
		j.m = j.sub.module(c, j.dir, j.files)
		j.rec = v.keepModule(j.sub, j.m)
	}, func(j *job) {
		v.ixb.join(j.sub.ixb)
		if j.rec != nil {
			v.ixb.modules[j.dir] = j.rec
		}
		v.merge(c, j.sub)
		if j.m != nil {
			mods = append(mods, j.m)
		}
	})
	for _, m := range mods {
		if m.Stage != nil {
			m.Stage.Modules = append(m.Stage.Modules, m)
		}
	}
	for _, s := range c.Stages {
		c.Modules = append(c.Modules, s.Modules...)
		if len(s.Modules) == 0 && len(mods) > 0 {
			v.warnf(s.Pos, "stage %q has no modules: give a module `stage: %s` or remove the stage", s.ID, s.ID)
		}
	}
	if len(mods) == 0 {
		v.errorf(Pos{File: "course.yaml", Line: 1, Col: 1}, "the course has no modules: add a sub-folder with a module.md (see AUTHORING.md)")
	}
}

// mdFiles counts the markdown files the walk found in folders of the
// course folder.
func (v *checker) mdFiles() int {
	n := 0
	for _, names := range v.md {
		n += len(names)
	}
	return n
}

// stage returns c's stage with the id, or nil.
func (v *checker) stage(c *Course, id string) *Stage {
	if v.stageByID != nil {
		return v.stageByID[id]
	}
	return c.Stage(id)
}

// markdownIn lists the .md files directly in dir, sorted, and warns about
// markdown in deeper folders, which is not part of the course.
func (v *checker) markdownIn(dir string) []string {
	var names []string
	for _, rest := range v.md[dir] {
		if strings.Contains(rest, "/") {
			if v.files[path.Join(dir, "module.md")] {
				v.warnf(Pos{File: path.Join(dir, rest), Line: 1, Col: 1}, "not part of the course: items must sit directly in the module folder %s", dir)
			}
			continue
		}
		names = append(names, rest)
	}
	sort.Strings(names)
	return names
}

func stats(c *Course) Stats {
	s := Stats{Stages: len(c.Stages), Modules: len(c.Modules)}
	for _, it := range c.Items() {
		s.Minutes += it.Minutes
		switch it.Kind {
		case KindLesson:
			s.Lessons++
		case KindQuiz:
			s.Quizzes++
			s.Questions += len(it.Quiz.Questions)
		case KindAssessment:
			s.Assessments++
		case KindWorksheet:
			s.Worksheets++
		}
	}
	return s
}

// growMap returns m, or a copy of it with room for n entries when it has
// far fewer: a map filled one entry at a time is rebuilt as it grows.
func growMap[V any](m map[string]V, n int) map[string]V {
	if n <= 2*len(m)+8 {
		return m
	}
	out := make(map[string]V, n)
	maps.Copy(out, m)
	return out
}

// inOrder calls work for every item, one worker per core, and merge for
// each item in order, in the calling goroutine, as soon as the work on it
// and on every item before it is done: merging overlaps the work still
// going on. It returns once every item is merged.
func inOrder[T any](items []T, work func(T), merge func(T)) {
	done := make([]chan struct{}, len(items))
	at := make([]int, len(items))
	for i := range items {
		done[i], at[i] = make(chan struct{}), i
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		inParallel(at, func(i int) {
			work(items[i])
			close(done[i])
		})
	}()
	for i, it := range items {
		<-done[i]
		merge(it)
	}
	<-finished
}

// inParallel calls fn for every item, one worker per core; it returns
// once every call has.
func inParallel[T any](items []T, fn func(T)) {
	next := make(chan T)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
}

// visit looks at one entry of the walk of the course folder: it records a
// file to read, or reports what cannot be read. For a folder it reports
// whether to walk into it.
func (v *checker) visit(p string, d fs.DirEntry, err error) bool {
	if err != nil {
		v.errorf(Pos{File: safeName(p), Line: 1, Col: 1}, "cannot read: %v", err)
		return false
	}
	if p == "." {
		v.record(p, d)
		return true
	}
	if v.badName(p, d) || ignored(d.Name()) {
		return false
	}
	if !v.regular(p, d) {
		return false
	}
	v.record(p, d)
	if !d.IsDir() {
		v.files[p] = true
		if dir, rest, ok := strings.Cut(p, "/"); ok && strings.HasSuffix(p, ".md") {
			v.md[dir] = append(v.md[dir], rest)
		}
		if ext := path.Ext(p); ext != ".md" && (strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown")) {
			v.warnf(Pos{File: p, Line: 1, Col: 1}, "this file is not read: Ally reads only files ending in .md (lower case); rename it to %s.md", strings.TrimSuffix(path.Base(p), ext))
		}
	}
	return true
}

// countOf returns the problem counts *m, made on first use.
func (v *checker) countOf(m *map[string]int) map[string]int {
	if *m == nil {
		*m = map[string]int{}
	}
	return *m
}

// ignored reports the names Ally never reads: hidden files and folders
// (.git, .DS_Store, an editor's .x.md swap file, macOS's ._x.md) and
// editor backups (x.md~).
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

// badName reports (and refuses) a file or folder name holding a control
// character: it could drive the terminal wherever the name is shown.
func (v *checker) badName(p string, d fs.DirEntry) bool {
	for _, r := range d.Name() {
		if isControl(r) {
			what := "file"
			if d.IsDir() {
				what = "folder"
			}
			v.errorf(Pos{File: safeName(p), Line: 1, Col: 1}, "%s name holds control character %s: rename it (courses may not contain terminal control codes)", what, controlName(r))
			return true
		}
	}
	return false
}

// safeName writes a path's control characters as escapes, for messages.
func safeName(p string) string {
	if !strings.ContainsFunc(p, isControl) {
		return p
	}
	var b strings.Builder
	for _, r := range p {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// regular reports whether the walked entry p is a folder or a regular file
// inside the course, reporting symbolic links that leave the course (or
// point to nothing), named pipes, devices and sockets.
func (v *checker) regular(p string, d fs.DirEntry) bool {
	t := d.Type()
	if t.IsDir() || t.IsRegular() {
		return true
	}
	pos := Pos{File: p, Line: 1, Col: 1}
	v.unread[p] = true
	if t&fs.ModeSymlink != 0 {
		if target, leaves := linkLeaves(v.fsys, p); leaves {
			v.errorf(pos, "this is a symbolic link to %q, outside the course folder: copy the file into the course instead", target)
			return false
		}
		st, err := fs.Stat(v.fsys, p)
		switch {
		case err != nil:
			v.errorf(pos, "this is a symbolic link that leads outside the course folder or to nothing: copy the file into the course instead")
			return false
		case st.IsDir():
			v.errorf(pos, "this is a symbolic link to a folder, which Ally does not follow: move the folder here instead")
			return false
		case !st.Mode().IsRegular():
			v.errorf(pos, "this is a symbolic link to %s, not a regular file: only regular files are read", modeName(st.Mode()))
			return false
		}
		delete(v.unread, p)
		return true // a link to a file inside the course
	}
	v.errorf(pos, "this is %s, not a regular file: only regular files are read; remove it", modeName(t))
	return false
}
