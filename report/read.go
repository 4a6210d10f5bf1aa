package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
)

// MaxFile bounds one export read from a folder: they are untrusted input.
const MaxFile = 256 << 20

// Cohort gathers learners from several sources, uniting the records of a
// learner found in more than one (by key) with progress.Merge.
type Cohort struct {
	course   *content.Course
	learners map[string]*Learner
	col      *xapi.Collector
	sources  map[string]string // collector key → file the statements came from
	Problems []string          // files skipped, with why
	Files    int               // files read
}

// NewCohort returns an empty cohort for course c.
func NewCohort(c *content.Course) *Cohort {
	return &Cohort{course: c, learners: map[string]*Learner{}, col: xapi.NewCollector(c), sources: map[string]string{}}
}

// Add counts a learner in, merging with one of the same key.
func (co *Cohort) Add(l Learner) {
	if old := co.learners[l.Key]; old != nil {
		progress.Merge(old.State, l.State, progress.Parents(co.course))
		co.mergeCounts(old, l)
		if l.LastActive.After(old.LastActive) {
			old.LastActive = l.LastActive
		}
		if old.Name == "" {
			old.Name = l.Name
		}
		if !strings.Contains(old.Source, l.Source) {
			old.Source += ", " + l.Source
		}
		return
	}
	co.learners[l.Key] = &l
}

// mergeCounts keeps the larger of two CSV counts of a worksheet, which
// progress.Merge leaves alone (the entries themselves it unites).
func (co *Cohort) mergeCounts(old *Learner, l Learner) {
	for id, n := range l.Counts {
		if old.Counts == nil {
			old.Counts = map[string]int{}
		}
		old.Counts[id] = max(old.Counts[id], n)
	}
}

// collected is a learner rebuilt from statements, with the entries they
// say were recorded (no values) folded in for counting.
func collected(c *xapi.Collected, source string) Learner {
	st := c.State()
	for id, r := range c.Entries() {
		st.Worksheets[id] = r
	}
	return Learner{Key: c.Account, Name: c.Name, Source: source, State: st, LastActive: c.LastActive}
}

// AddStatement takes in one statement (from a file or an LRS).
func (co *Cohort) AddStatement(s xapi.Statement, source string) {
	co.col.Add(s)
	if s.Actor.Account != nil {
		if _, ok := co.sources[s.Actor.Account.Name]; !ok {
			co.sources[s.Actor.Account.Name] = source
		}
	}
}

// Learners returns every learner, statements folded in, ordered by key.
func (co *Cohort) Learners() []*Learner {
	for _, c := range co.col.Learners() {
		co.Add(collected(c, co.sources[c.Account]))
	}
	co.col = co.col.Empty()
	out := make([]*Learner, 0, len(co.learners))
	for _, l := range co.learners {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *Learner) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// ReadDir reads every export in dir and its sub-folders: *.json (a
// progress file or `ally progress export` output, or an xAPI statement
// array), *.csv (`ally progress export --format csv`, one learner a file,
// named by the file). Other files are ignored; files that cannot be read
// are listed in Problems and skipped. Files are parsed in parallel (one
// worker per CPU) and counted in in file-name order, so the result does not
// depend on the timing.
func (co *Cohort) ReadDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder of exports", dir)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			co.Problems = append(co.Problems, fmt.Sprintf("%s: %v", path, err))
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // folders are walked; links and devices are not followed
		}
		if ext := strings.ToLower(filepath.Ext(path)); ext == ".json" || ext == ".csv" {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	results := make([]chan fileResult, len(paths))
	for i := range results {
		results[i] = make(chan fileResult, 1)
	}
	work := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(paths)))
	for range workers {
		go func() {
			p := &fileParser{br: bufio.NewReaderSize(nil, 64<<10), sr: newStmtReader(nil)}
			for i := range work {
				results[i] <- co.parseFile(paths[i], p)
			}
		}()
	}
	go func() {
		for i := range paths {
			work <- i
		}
		close(work)
	}()
	for i, ch := range results {
		r := <-ch
		if r.err != nil {
			co.Problems = append(co.Problems, fmt.Sprintf("%s: %v (skipped)", paths[i], r.err))
			continue
		}
		co.Files++
		for _, l := range r.learners {
			co.Add(l)
		}
	}
	return nil
}

// fileResult is what one export holds.
type fileResult struct {
	learners []Learner
	err      error
}

// fileParser holds the buffers a worker reads file after file with.
type fileParser struct {
	br *bufio.Reader
	sr *stmtReader
}

// parseFile reads one export with p; it touches nothing shared but what
// is only read, so workers run it side by side.
func (co *Cohort) parseFile(path string, p *fileParser) fileResult {
	f, err := os.Open(path)
	if err != nil {
		return fileResult{err: err}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > MaxFile {
		return fileResult{err: fmt.Errorf("it is larger than %d MB: not an export", MaxFile>>20)}
	}
	r := p.br
	r.Reset(io.LimitReader(f, MaxFile))
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		l, err := co.readCSV(r, name, path)
		return fileResult{learners: []Learner{l}, err: err}
	}
	first, err := firstByte(r)
	if err != nil {
		return fileResult{err: err}
	}
	if first == '[' {
		col := co.col.Empty()
		p.sr.reset(r)
		if err := p.sr.statements(func(s xapi.Statement) error { col.Add(s); return nil }); err != nil {
			return fileResult{err: err}
		}
		var out []Learner
		for _, c := range col.Learners() {
			out = append(out, collected(c, path))
		}
		return fileResult{learners: out}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fileResult{err: err}
	}
	st, err := progress.Parse(bytes.TrimPrefix(data, bom))
	if err != nil {
		return fileResult{err: err}
	}
	if st.Course.ID != co.course.ID {
		return fileResult{err: fmt.Errorf("it is the progress of course %q, not %q", st.Course.ID, co.course.ID)}
	}
	key := st.Actor
	if key == "" {
		key = name
	}
	return fileResult{learners: []Learner{{Key: key, Name: st.Learner, Source: path, State: st, LastActive: st.Updated}}}
}

// bom is the UTF-8 byte order mark some editors put first.
var bom = []byte("\xef\xbb\xbf")

// firstByte peeks at the first byte that is neither white space nor in a
// byte order mark, consuming nothing, so that what reads the file on
// counts lines and columns from its start.
func firstByte(r *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := r.Peek(n)
		if len(b) < n {
			switch {
			case errors.Is(err, io.EOF):
				return 0, errors.New("the file is empty")
			case errors.Is(err, bufio.ErrBufferFull):
				return 0, fmt.Errorf("the file starts with more than %d KB of white space", r.Size()>>10)
			}
			return 0, err
		}
		if c := b[n-1]; !(n <= len(bom) && bytes.HasPrefix(bom, b)) && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
}

// readCSV reads one learner's `ally progress export --format csv`.
func (co *Cohort) readCSV(r io.Reader, name, path string) (Learner, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(progress.CSVColumns)
	head, err := cr.Read()
	if err != nil {
		return Learner{}, fmt.Errorf("not an Ally progress CSV: %w", err)
	}
	if !slices.Equal(head, progress.CSVColumns) {
		return Learner{}, fmt.Errorf("not an Ally progress CSV: the header is not %s", strings.Join(progress.CSVColumns, ","))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	st := progress.NewState(co.course.ID, co.course.Version, time.Time{})
	var last time.Time
	var counts map[string]int
	tm := func(s string, line int) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return t, fmt.Errorf("line %d: %q is not an RFC 3339 time", line, s)
		}
		if t.After(last) {
			last = t
		}
		return t, nil
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Learner{}, err
		}
		get := func(c string) string { return rec[col[c]] }
		item := get("item")
		if get("status") == "orphan" {
			continue // a record of an id the course no longer has
		}
		switch get("kind") {
		case string(content.KindLesson):
			opened, err := tm(get("opened"), line)
			if err != nil {
				return Learner{}, err
			}
			done, err := tm(get("completed"), line)
			if err != nil {
				return Learner{}, err
			}
			if !opened.IsZero() || !done.IsZero() {
				st.Lessons[item] = &progress.LessonRecord{Opened: opened, Completed: done}
			}
		case string(content.KindQuiz):
			if n, _ := strconv.Atoi(get("attempts")); n == 0 {
				continue
			}
			at, err := tm(get("last_attempt"), line)
			if err != nil {
				return Learner{}, err
			}
			best, err := strconv.ParseFloat(get("best_score"), 64)
			if err != nil || best < 0 || best > 1 {
				return Learner{}, fmt.Errorf("line %d: best_score %q is not a number from 0 to 1", line, get("best_score"))
			}
			st.Quizzes[item] = &progress.QuizRecord{Attempts: []progress.QuizAttempt{{At: at, Answers: map[string][]int{},
				Score: best, Passed: get("passed") == "true"}}}
		case string(content.KindWorksheet):
			it := co.course.Worksheet(item)
			if it == nil || !it.Worksheet.Reportable() || get("attempts") == "" {
				continue // private, or written before worksheets were counted
			}
			n, err := strconv.Atoi(get("attempts"))
			if err != nil || n < 0 || n > progress.MaxEntries {
				return Learner{}, fmt.Errorf("line %d: attempts %q of worksheet %q is not a count of entries from 0 to %d", line, get("attempts"), item, progress.MaxEntries)
			}
			if counts == nil {
				counts = map[string]int{}
			}
			counts[item] = n
		case string(content.KindAssessment):
			if n, _ := strconv.Atoi(get("attempts")); n == 0 {
				continue
			}
			at, err := tm(get("last_attempt"), line)
			if err != nil {
				return Learner{}, err
			}
			st.Assessments[item] = &progress.AssessmentRecord{Attempts: []progress.AssessmentAttempt{{At: at,
				Answers: map[string]float64{}, Dimensions: map[string]float64{}, Scores: map[string]float64{},
				Bands: map[string]string{}, Placement: get("placement")}}}
		}
	}
	st.Updated = last
	return Learner{Key: name, Source: path, State: st, LastActive: last, Counts: counts}, nil
}
