package content

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// A structure index is what ValidateStructure read of a course folder,
// kept between runs so that the next start need not read it again: the
// folder's entries, each with what it looked like (size, modification
// time, mode, and on Linux its inode and change time), the warnings of
// the walk, and every module made only of lessons and quizzes as it was
// read. ValidateStructureFrom uses an index only when every entry still
// looks the same; any other module (with a self-assessment or a
// worksheet), and course.yaml, is read again from the folder.
//
// At 10,000 lessons a structure load reads 12,000 files (~6 system calls
// each, expensive on some machines) and parses their front matter; an
// index costs one stat per entry and a decode.

// indexMagic starts an encoded index; the byte after it is its format.
const (
	indexMagic   = "ALLYIDX"
	indexFormat  = 1
	maxRuleDepth = 1000 // deeper rules are read from the folder
)

// racyWindow: an entry modified this close to the start of the load (or
// later) could change again within its timestamp's granularity without
// its modification time changing, so no index is made of such a load.
// (An entry modified earlier that changes after it was read gets a new
// modification time, which the next run sees.)
var racyWindow = 2 * time.Second

// fileKey is what an entry looked like; any change to a file's content
// changes its size or modification time (and change time, where known).
type fileKey struct {
	size, mtime int64
	mode        uint32
	ino, ctime  int64 // 0 where the system does not say
}

func keyOf(fi fs.FileInfo) fileKey {
	k := fileKey{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: uint32(fi.Mode())}
	k.ino, k.ctime = sysKey(fi)
	return k
}

type indexEntry struct {
	path string
	key  fileKey
}

// indexBuild is an index being made by a structure load, or one read
// back for ValidateStructureFrom.
type indexBuild struct {
	start   time.Time // when the load began (for racyWindow)
	entries []indexEntry
	walk    Problems // warnings of the walk of the folder
	modules map[string]*moduleRec
	bad     atomic.Bool // a load that cannot be indexed, or an index that does not fit
}

// moduleRec is a module of lessons and quizzes as a structure load read it.
type moduleRec struct {
	dir                       string
	id, label, title, summary string
	stage                     string
	requires                  *Rule
	preview                   bool
	intro                     string
	pos                       Pos
	warnings                  Problems
	items                     []itemRec
}

type itemRec struct {
	id, title string
	kind      Kind
	minutes   int
	optional  bool
	name      string // the file's name in the module folder
	body      string
	bodyLine  int
	line, col int // of the front matter's mapping (where the id is defined)
	size, off int
	sum       uint64
	quiz      *Quiz // settings only
}

// record notes an entry of the walk of a structure load: a folder, or a
// file the load does not read. A markdown file in a module folder is noted
// when it is read (noteRead), from the stat of the file opened: an lstat
// of each file through the root would cost three system calls.
func (v *checker) record(p string, d fs.DirEntry) {
	if v.ixb == nil {
		return
	}
	if d.Type()&fs.ModeSymlink != 0 {
		v.ixb.bad.Store(true) // read through the link: its own stat says nothing of the file
		return
	}
	if !d.IsDir() && strings.HasSuffix(p, ".md") && strings.Count(p, "/") == 1 {
		return // in a module folder: read (or the load has an error)
	}
	fi, err := d.Info()
	if err != nil {
		v.ixb.bad.Store(true)
		return
	}
	v.note(p, fi)
}

// noteRead notes a file a structure load read, as its stat said when it was
// opened.
func (v *checker) noteRead(p string, fi fs.FileInfo) {
	if v.ixb != nil {
		v.note(p, fi)
	}
}

func (v *checker) note(p string, fi fs.FileInfo) {
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		v.ixb.bad.Store(true) // a link, or gone: read it every time
		return
	}
	k := keyOf(fi)
	if racy(k.mtime, v.ixb.start) {
		v.ixb.bad.Store(true)
		return
	}
	v.ixb.entries = append(v.ixb.entries, indexEntry{p, k})
}

func racy(ns int64, start time.Time) bool { return ns >= start.Add(-racyWindow).UnixNano() }

// keepModule notes m, read by sub, for the index if it can be restored
// from it: no errors, only lessons and quizzes, nothing read but the
// front matter.
func (v *checker) keepModule(sub *checker, m *Module) *moduleRec {
	if v.ixb == nil || m == nil || len(sub.rep.Errors) > 0 || len(sub.refs) > 0 || len(sub.defs) != len(m.Items)+1 {
		return nil
	}
	if len(sub.rules) != 0 && (len(sub.rules) != 1 || sub.rules[0].rule != m.Requires || m.Requires == nil) {
		return nil
	}
	if m.Stage == nil || !ruleFits(m.Requires, 0) {
		return nil
	}
	r := &moduleRec{dir: m.Dir, id: m.ID, label: m.Label, title: m.Title, summary: m.Summary, stage: m.Stage.ID,
		requires: m.Requires, preview: m.Preview, intro: m.Intro, pos: m.Pos, warnings: sub.rep.Warnings,
		items: make([]itemRec, 0, len(m.Items))} // grown by append, the records were a tenth of a structure load's allocation
	for i, it := range m.Items {
		d := sub.defs[i+1]
		if d.node != it || !inFolder(it.File, m.Dir) || d.pos.File != it.File {
			return nil
		}
		ir := itemRec{id: it.ID, title: it.Title, kind: it.Kind, minutes: it.Minutes, optional: it.Optional,
			name: path.Base(it.File), body: it.Body, bodyLine: it.BodyLine, line: d.pos.Line, col: d.pos.Col}
		switch it.Kind {
		case KindLesson:
			if it.src == nil || it.src.linked != nil || !it.src.front || it.Quiz != nil || it.Assessment != nil || it.Worksheet != nil {
				return nil
			}
			ir.size, ir.off, ir.sum = it.src.size, it.src.off, it.src.sum
		case KindQuiz:
			q := it.Quiz
			if it.src != nil || q == nil || q.Intro != "" || q.Questions != nil || it.Assessment != nil || it.Worksheet != nil {
				return nil
			}
			ir.quiz = &Quiz{Pass: q.Pass, Attempts: q.Attempts, Shuffle: q.Shuffle}
		default:
			return nil
		}
		r.items = append(r.items, ir)
	}
	if sub.defs[0].node != m || sub.defs[0].pos != m.Pos {
		return nil
	}
	return r
}

// inFolder reports whether file sits directly in folder dir: path.Dir(file)
// == dir, without the copy path.Dir makes (one per item of a structure
// load).
func inFolder(file, dir string) bool {
	rest, ok := strings.CutPrefix(file, dir)
	return ok && len(rest) > 1 && rest[0] == '/' && !strings.Contains(rest[1:], "/")
}

// ruleFits reports whether r can be kept in an index.
func ruleFits(r *Rule, depth int) bool {
	if r == nil {
		return true
	}
	if depth > maxRuleDepth {
		return false
	}
	for _, a := range r.Args {
		if a == nil || !ruleFits(a, depth+1) {
			return false
		}
	}
	return true
}

// restore makes the module of rec as the structure load made it, with the
// same ids defined in the same order, rule noted and warnings reported.
func (v *checker) restore(c *Course, rec *moduleRec) *Module {
	m := &Module{ID: rec.id, Label: rec.label, Title: rec.title, Summary: rec.summary, Requires: rec.requires,
		Preview: rec.preview, Intro: rec.intro, Dir: rec.dir, Pos: rec.pos}
	if m.Stage = v.stage(c, rec.stage); m.Stage == nil {
		v.ix.bad.Store(true) // course.yaml changed: cannot be, its entry matched
		return nil
	}
	if m.Requires != nil {
		v.rules = append(v.rules, ruleRef{rule: m.Requires, module: m})
	}
	v.defineNode(m.ID, m.Pos, m)
	m.Items = make([]*Item, 0, len(rec.items))
	for i := range rec.items {
		ir := &rec.items[i]
		file := rec.dir + "/" + ir.name
		it := &Item{ID: ir.id, Title: ir.title, Kind: ir.kind, Minutes: ir.minutes, Optional: ir.optional, Module: m,
			File: file, Body: ir.body, BodyLine: ir.bodyLine, Quiz: ir.quiz}
		if ir.kind == KindLesson {
			it.src = &source{size: ir.size, off: ir.off, sum: ir.sum, front: true}
		}
		v.defineNode(it.ID, Pos{File: file, Line: ir.line, Col: ir.col}, it)
		m.Items = append(m.Items, it)
	}
	for _, p := range rec.warnings {
		v.rep.Warnings = append(v.rep.Warnings, p)
		v.countOf(&v.warnCount)[p.Pos.File]++
	}
	return m
}

// StructureIndex returns the index of a course from ValidateStructure,
// for ValidateStructureFrom on a later run; nil for a course from
// ValidateStructureFrom (its index is still good), and when the load cannot be
// indexed (a course with errors, a folder that is not on disk, symbolic
// links, files changed while it was read).
func (c *Course) StructureIndex() []byte {
	if c == nil || c.ixb == nil || c.ixb.bad.Load() {
		return nil
	}
	return c.ixb.encode()
}

// ValidateStructureFrom is ValidateStructure using index, from
// StructureIndex on an earlier run, when every entry of the folder it
// lists still looks the same. It returns the same course and report as
// ValidateStructure would; used is false (and the course nil) when the
// index cannot be used: the caller then runs ValidateStructure.
func ValidateStructureFrom(fsys fs.FS, index []byte) (c *Course, rep *Report, used bool) {
	ix, err := decodeIndex(index)
	if err != nil || !ix.current(fsys) {
		return nil, nil, false
	}
	v := newChecker(fsys)
	v.lean, v.front, v.ix = true, true, ix
	// Made at its size: growing the maps one entry at a time was a fifth
	// of the time at 50,000 lessons (modules sizes the maps of ids).
	v.files = make(map[string]bool, len(ix.entries))
	c = v.load()
	if c == nil || ix.bad.Load() {
		return nil, nil, false
	}
	// The index is let go: the course holds what it needs of it.
	return c, v.finishStructure(c), true
}

// fromIndex is the walk of a structure load, from its index.
func (v *checker) fromIndex() {
	for _, e := range v.ix.entries {
		if e.path == "." || fs.FileMode(e.key.mode).IsDir() || v.files[e.path] {
			continue // a file read twice (a self-assessment) is noted twice
		}
		v.files[e.path] = true
		if dir, rest, ok := strings.Cut(e.path, "/"); ok && strings.HasSuffix(e.path, ".md") {
			v.md[dir] = append(v.md[dir], rest)
		}
	}
	for _, p := range v.ix.walk {
		v.rep.Warnings = append(v.rep.Warnings, p)
		v.countOf(&v.warnCount)[p.Pos.File]++
	}
}

// current reports whether every entry of the index still looks the same:
// one stat each, folder by folder on every core.
func (ix *indexBuild) current(fsys fs.FS) bool {
	r, ok := fsys.(rootFS)
	if !ok || len(ix.entries) == 0 {
		return false
	}
	type group struct {
		dir     string
		entries []indexEntry
	}
	var groups []*group
	byDir := map[string]*group{}
	for _, e := range ix.entries {
		d := path.Dir(e.path)
		g := byDir[d]
		if g == nil {
			g = &group{dir: d}
			byDir[d] = g
			groups = append(groups, g)
		}
		g.entries = append(g.entries, e)
	}
	var stale atomic.Bool
	inParallel(groups, func(g *group) {
		if stale.Load() {
			return
		}
		root := r.root
		if g.dir != "." {
			sub, err := r.root.OpenRoot(g.dir)
			if err != nil {
				stale.Store(true)
				return
			}
			defer sub.Close()
			root = sub
		}
		for _, e := range g.entries {
			name := path.Base(e.path)
			if e.path == "." {
				name = "."
			}
			fi, err := root.Lstat(name)
			if err != nil || keyOf(fi) != e.key {
				stale.Store(true)
				return
			}
		}
	})
	return !stale.Load()
}

// The encoding: indexMagic, the format byte, then varints and strings
// (a length, then the bytes), then a CRC-32C of everything before it.

var crcTable = crc32.MakeTable(crc32.Castagnoli)

type enc struct{ b []byte }

func (e *enc) int(n int64)   { e.b = binary.AppendVarint(e.b, n) }
func (e *enc) uint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *enc) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) bool(b bool) {
	if b {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *enc) float(f float64) { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f)) }

func (e *enc) optFloat(f *float64) {
	e.bool(f != nil)
	if f != nil {
		e.float(*f)
	}
}

func (e *enc) pos(p Pos) { e.str(p.File); e.int(int64(p.Line)); e.int(int64(p.Col)) }

func (e *enc) problems(ps Problems) {
	e.uint(uint64(len(ps)))
	for _, p := range ps {
		e.pos(p.Pos)
		e.str(p.Msg)
	}
}

func (e *enc) rule(r *Rule) {
	e.bool(r != nil)
	if r == nil {
		return
	}
	e.str(string(r.Op))
	e.uint(uint64(len(r.Args)))
	for _, a := range r.Args {
		e.rule(a)
	}
	e.str(r.Target)
	e.str(r.Item)
	e.str(r.Stage)
	e.optFloat(r.Min)
	e.optFloat(r.Max)
	e.uint(uint64(len(r.Where)))
	for _, w := range r.Where {
		e.str(w.Field)
		e.str(w.Value)
		e.pos(w.Pos)
	}
	e.str(r.Reviewed)
	e.pos(r.Pos)
}

func (ix *indexBuild) encode() []byte {
	e := &enc{b: make([]byte, 0, 64+len(ix.entries)*160)}
	e.b = append(e.b, indexMagic...)
	e.b = append(e.b, indexFormat)
	e.uint(uint64(len(ix.entries)))
	for _, en := range ix.entries {
		e.str(en.path)
		k := en.key
		e.int(k.size)
		e.int(k.mtime)
		e.uint(uint64(k.mode))
		e.int(k.ino)
		e.int(k.ctime)
	}
	e.problems(ix.walk)
	var mods []*moduleRec
	for _, en := range ix.entries { // in walk order, so that the bytes do not depend on the map's
		if m := ix.modules[en.path]; m != nil && fs.FileMode(en.key.mode).IsDir() {
			mods = append(mods, m)
		}
	}
	e.uint(uint64(len(mods)))
	for _, m := range mods {
		e.str(m.dir)
		e.str(m.id)
		e.str(m.label)
		e.str(m.title)
		e.str(m.summary)
		e.str(m.stage)
		e.rule(m.requires)
		e.bool(m.preview)
		e.str(m.intro)
		e.pos(m.pos)
		e.problems(m.warnings)
		e.uint(uint64(len(m.items)))
		for _, it := range m.items {
			e.str(it.id)
			e.str(it.title)
			e.str(string(it.kind))
			e.int(int64(it.minutes))
			e.bool(it.optional)
			e.str(it.name)
			e.str(it.body)
			e.int(int64(it.bodyLine))
			e.int(int64(it.line))
			e.int(int64(it.col))
			e.int(int64(it.size))
			e.int(int64(it.off))
			e.uint(it.sum)
			e.bool(it.quiz != nil)
			if it.quiz != nil {
				e.float(it.quiz.Pass)
				e.int(int64(it.quiz.Attempts))
				e.bool(it.quiz.Shuffle)
			}
		}
	}
	return binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b, crcTable))
}

var errIndex = errors.New("not a structure index of this version")

// dec reads an encoded index; the first fault sticks, and every length is
// checked against what is left, so a damaged index cannot make it
// allocate or recurse without bound.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail() {
	if d.err == nil {
		d.err = errIndex
	}
	d.b = nil
}

func (d *dec) uint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *dec) int() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

// small reads an int that fits an int32 (a line, a count of minutes).
func (d *dec) small() int {
	n := d.int()
	if n < math.MinInt32 || n > math.MaxInt32 {
		d.fail()
		return 0
	}
	return int(n)
}

// count reads a length of a list whose elements take at least one byte each.
func (d *dec) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *dec) str() string {
	n := d.count()
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *dec) bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	b := d.b[0] == 1
	d.b = d.b[1:]
	return b
}

func (d *dec) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return f
}

func (d *dec) optFloat() *float64 {
	if !d.bool() {
		return nil
	}
	f := d.float()
	return &f
}

func (d *dec) pos() Pos { return Pos{File: d.str(), Line: d.small(), Col: d.small()} }

func (d *dec) problems() Problems {
	n := d.count()
	if n == 0 {
		return nil
	}
	ps := make(Problems, 0, n)
	for range n {
		ps = append(ps, Problem{Pos: d.pos(), Msg: d.str()})
	}
	return ps
}

func (d *dec) rule(depth int) *Rule {
	if !d.bool() {
		return nil
	}
	if depth > maxRuleDepth {
		d.fail()
		return nil
	}
	r := &Rule{Op: RuleOp(d.str())}
	if n := d.count(); n > 0 {
		r.Args = make([]*Rule, 0, n)
		for range n {
			r.Args = append(r.Args, d.rule(depth+1))
		}
	}
	r.Target, r.Item, r.Stage = d.str(), d.str(), d.str()
	r.Min, r.Max = d.optFloat(), d.optFloat()
	if n := d.count(); n > 0 {
		r.Where = make([]Match, 0, n)
		for range n {
			r.Where = append(r.Where, Match{Field: d.str(), Value: d.str(), Pos: d.pos()})
		}
	}
	r.Reviewed = d.str()
	r.Pos = d.pos()
	return r
}

func decodeIndex(data []byte) (*indexBuild, error) {
	if len(data) < len(indexMagic)+1+4 || string(data[:len(indexMagic)]) != indexMagic || data[len(indexMagic)] != indexFormat {
		return nil, errIndex
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, errIndex
	}
	d := &dec{b: body[len(indexMagic)+1:]}
	ix := &indexBuild{modules: map[string]*moduleRec{}}
	n := d.count()
	ix.entries = make([]indexEntry, 0, n)
	for range n {
		e := indexEntry{path: d.str()}
		e.key = fileKey{size: d.int(), mtime: d.int(), mode: uint32(d.uint()), ino: d.int(), ctime: d.int()}
		ix.entries = append(ix.entries, e)
	}
	ix.walk = d.problems()
	for range d.count() {
		m := &moduleRec{dir: d.str(), id: d.str(), label: d.str(), title: d.str(), summary: d.str(), stage: d.str()}
		m.requires = d.rule(0)
		m.preview = d.bool()
		m.intro = d.str()
		m.pos = d.pos()
		m.warnings = d.problems()
		n := d.count()
		m.items = make([]itemRec, 0, n)
		for range n {
			it := itemRec{id: d.str(), title: d.str(), kind: Kind(d.str()), minutes: d.small(), optional: d.bool(),
				name: d.str(), body: d.str(), bodyLine: d.small(), line: d.small(), col: d.small(),
				size: d.small(), off: d.small(), sum: d.uint()}
			if d.bool() {
				it.quiz = &Quiz{Pass: d.float(), Attempts: d.small(), Shuffle: d.bool()}
			}
			// Only what keepModule keeps: a lesson, or a quiz with its settings.
			if (it.kind != KindLesson && it.kind != KindQuiz) || (it.kind == KindQuiz) != (it.quiz != nil) || strings.Contains(it.name, "/") {
				d.fail()
			}
			m.items = append(m.items, it)
		}
		if d.err != nil {
			break
		}
		ix.modules[m.dir] = m
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errIndex
	}
	return ix, nil
}

// child is the index a checker working for this one (a folder walked, a
// module read, in parallel) makes, for join; nil when none is made.
func (ix *indexBuild) child() *indexBuild { return ix.childFor(0) }

// childFor is child for a checker that notes about n entries.
func (ix *indexBuild) childFor(n int) *indexBuild {
	if ix == nil {
		return nil
	}
	return &indexBuild{start: ix.start, entries: make([]indexEntry, 0, n)}
}

// grow makes room for n more entries.
func (ix *indexBuild) grow(n int) {
	if ix != nil {
		ix.entries = slices.Grow(ix.entries, n)
	}
}

// noted is how many entries ix noted (0 for none).
func (ix *indexBuild) noted() int {
	if ix == nil {
		return 0
	}
	return len(ix.entries)
}

// join adds what a child noted, in order.
func (ix *indexBuild) join(sub *indexBuild) {
	if ix == nil || sub == nil {
		return
	}
	ix.entries = append(ix.entries, sub.entries...)
	if sub.bad.Load() {
		ix.bad.Store(true)
	}
}

// module is the module of folder dir in an index being restored from.
func (ix *indexBuild) module(dir string) *moduleRec {
	if ix == nil {
		return nil
	}
	return ix.modules[dir]
}
