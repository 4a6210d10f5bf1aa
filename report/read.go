package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
		progress.Merge(old.State, l.State)
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
		co.Add(Learner{Key: c.Account, Name: c.Name, Source: co.sources[c.Account], State: c.State(), LastActive: c.LastActive})
	}
	co.col = xapi.NewCollector(co.course)
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
// are listed in Problems and skipped.
func (co *Cohort) ReadDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder of exports", dir)
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			co.Problems = append(co.Problems, fmt.Sprintf("%s: %v", path, err))
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // folders are walked; links and devices are not followed
		}
		ext := strings.ToLower(filepath.Ext(path))
		if ext != ".json" && ext != ".csv" {
			return nil
		}
		if err := co.readFile(path, ext); err != nil {
			co.Problems = append(co.Problems, fmt.Sprintf("%s: %v (skipped)", path, err))
		} else {
			co.Files++
		}
		return nil
	})
}

func (co *Cohort) readFile(path, ext string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(io.LimitReader(f, MaxFile), 64<<10)
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if ext == ".csv" {
		return co.readCSV(r, name, path)
	}
	first, err := firstByte(r)
	if err != nil {
		return err
	}
	if first == '[' {
		return ReadStatements(r, func(s xapi.Statement) error { co.AddStatement(s, path); return nil })
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	st, err := progress.Parse(data)
	if err != nil {
		return err
	}
	if st.Course.ID != co.course.ID {
		return fmt.Errorf("it is the progress of course %q, not %q", st.Course.ID, co.course.ID)
	}
	key := st.Actor
	if key == "" {
		key = name
	}
	co.Add(Learner{Key: key, Name: st.Learner, Source: path, State: st, LastActive: st.Updated})
	return nil
}

// firstByte peeks at the first byte that is not white space.
func firstByte(r *bufio.Reader) (byte, error) {
	for {
		b, err := r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, errors.New("the file is empty")
			}
			return 0, err
		}
		if !bytes.ContainsRune([]byte(" \t\r\n\ufeff"), rune(b)) && b != 0xef && b != 0xbb && b != 0xbf {
			return b, r.UnreadByte()
		}
	}
}

// ReadStatements decodes a JSON array of statements one at a time.
func ReadStatements(r io.Reader, fn func(xapi.Statement) error) error {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return fmt.Errorf("not a JSON array of xAPI statements (%v)", err)
	}
	for i := 0; dec.More(); i++ {
		var s xapi.Statement
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// readCSV reads one learner's `ally progress export --format csv`.
func (co *Cohort) readCSV(r io.Reader, name, path string) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(progress.CSVColumns)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("not an Ally progress CSV: %w", err)
	}
	if !slices.Equal(head, progress.CSVColumns) {
		return fmt.Errorf("not an Ally progress CSV: the header is not %s", strings.Join(progress.CSVColumns, ","))
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	st := progress.NewState(co.course.ID, co.course.Version, time.Time{})
	var last time.Time
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
			return err
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
				return err
			}
			done, err := tm(get("completed"), line)
			if err != nil {
				return err
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
				return err
			}
			best, err := strconv.ParseFloat(get("best_score"), 64)
			if err != nil || best < 0 || best > 1 {
				return fmt.Errorf("line %d: best_score %q is not a number from 0 to 1", line, get("best_score"))
			}
			st.Quizzes[item] = &progress.QuizRecord{Attempts: []progress.QuizAttempt{{At: at, Answers: map[string][]int{},
				Score: best, Passed: get("passed") == "true"}}}
		case string(content.KindAssessment):
			if n, _ := strconv.Atoi(get("attempts")); n == 0 {
				continue
			}
			at, err := tm(get("last_attempt"), line)
			if err != nil {
				return err
			}
			st.Assessments[item] = &progress.AssessmentRecord{Attempts: []progress.AssessmentAttempt{{At: at,
				Answers: map[string]float64{}, Dimensions: map[string]float64{}, Scores: map[string]float64{},
				Bands: map[string]string{}, Placement: get("placement")}}}
		}
	}
	st.Updated = last
	co.Add(Learner{Key: name, Source: path, State: st, LastActive: last})
	return nil
}
