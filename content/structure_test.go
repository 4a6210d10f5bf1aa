package content

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/allyworks/ally/bench/gencourse/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shape is what the structure must give exactly as Validate does: every
// field the map, the module screen, progress and resume use.
func shape(t *testing.T, c *Course) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "course %q %q %q %q %v %q %q %v\n", c.ID, c.Title, c.Version, c.Summary, c.Authors, c.License, c.IRI, c.Renamed)
	rule := func(r *Rule) string {
		if r == nil {
			return "-"
		}
		return c.Describe(r) + fmt.Sprintf(" @%s", r.Pos)
	}
	for _, s := range c.Stages {
		fmt.Fprintf(&b, "stage %q %q %q %q %d %s %s %d\n", s.ID, s.Label, s.Title, s.Summary, s.Index, s.Pos, rule(s.Requires), len(s.Modules))
	}
	for _, m := range c.Modules {
		fmt.Fprintf(&b, "module %q %q %q %q %s %v %q %s %s\n", m.ID, m.Label, m.Title, m.Summary, m.Stage.ID, m.Preview, m.Dir, m.Pos, rule(m.Requires))
		for _, it := range m.Items {
			fmt.Fprintf(&b, "  item %q %q %s %d %v %q %d\n", it.ID, it.Title, it.Kind, it.Minutes, it.Optional, it.File, it.BodyLine)
			require.Same(t, it, c.Item(it.ID))
			require.Same(t, it, c.ItemByFile(it.File))
			if q := it.Quiz; q != nil {
				fmt.Fprintf(&b, "    quiz %v %d %v\n", q.Pass, q.Attempts, q.Shuffle)
			}
			if a := it.Assessment; a != nil {
				fmt.Fprintf(&b, "    assessment %v %d bands %d scores %d placements %d advice %q\n", a.Scale, len(a.Bands), len(a.Scores), len(a.Placement), len(a.Advice), a.Intro)
				for _, d := range a.Dimensions {
					fmt.Fprintf(&b, "    dimension %q %q %v %d\n", d.ID, d.Title, d.Recommend, len(d.Items))
					for _, ai := range d.Items {
						fmt.Fprintf(&b, "      %q %q %s %v %v\n", ai.ID, ai.Text, ai.Type, ai.Reverse, ai.Unit)
					}
				}
			}
			if w := it.Worksheet; w != nil {
				fmt.Fprintf(&b, "    worksheet %v %q %q %q %q %d fields %d columns %d attached\n", w.Many, w.For, w.Noun, w.Plural, w.Report, len(w.Fields), len(w.Columns), len(w.Attached))
				for _, f := range w.Fields {
					cp := *f
					cp.Min, cp.Max = nil, nil
					fmt.Fprintf(&b, "      %+v %s %s\n", cp, optNum(f.Min), optNum(f.Max))
				}
			}
		}
	}
	return b.String()
}

func optNum(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

func structureCourses(t *testing.T) map[string]func() fs.FS {
	t.Helper()
	return map[string]func() fs.FS{
		"sample": func() fs.FS {
			fsys, err := OpenDir("../testdata/sample")
			require.NoError(t, err)
			return fsys
		},
		"built-in": Default,
		"generated": func() fs.FS {
			fsys, err := gen.FS(gen.Config{Lessons: 300})
			require.NoError(t, err)
			return fsys
		},
		"base": func() fs.FS { return courseFS(nil) },
	}
}

// The structure gives the course exactly as validation does, minus the
// texts; a lesson's text comes back, checked, as Validate keeps it.
func TestStructureMatchesValidation(t *testing.T) {
	for name, open := range structureCourses(t) {
		t.Run(name, func(t *testing.T) {
			full, rep := Validate(open())
			require.Empty(t, rep.Errors)
			sc, srep := ValidateStructure(open())
			require.Empty(t, srep.Errors)
			require.NotNil(t, sc)
			assert.False(t, sc.Checked())
			assert.True(t, full.Checked())
			assert.Equal(t, shape(t, full), shape(t, sc))
			assert.Equal(t, rep.Stats.Lessons, srep.Stats.Lessons)
			assert.Equal(t, rep.Stats.Minutes, srep.Stats.Minutes)
			lessons := 0
			for _, it := range full.Items() {
				s := sc.Item(it.ID)
				switch it.Kind {
				case KindLesson:
					lessons++
					assert.Empty(t, s.Body)
					if _, kept := sc.KeptText(s); kept {
						t.Fatalf("%s: the structure claims a kept text", it.ID)
					}
					got, err := sc.Text(s)
					require.NoError(t, err, it.ID)
					require.Equal(t, it.Body, got, it.ID)
				case KindQuiz:
					assert.NotEmpty(t, it.Quiz.Questions)
					assert.Empty(t, s.Quiz.Questions, "%s: questions come with the body", it.ID)
				}
			}
			assert.Positive(t, lessons)
		})
	}
}

// oneByteFS reads its files one byte at a time, so that readFront meets
// every possible end of a read.
type oneByteFS struct{ fstest.MapFS }

type oneByteFile struct{ fs.File }

func (f oneByteFile) Read(p []byte) (int, error) { return f.File.Read(p[:min(len(p), 1)]) }

func (o oneByteFS) Open(name string) (fs.File, error) {
	f, err := o.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return oneByteFile{f}, nil
}

// readFront reads a file up to where splitDoc ends its front matter (or
// finds there is none), whatever the reads give, and splitDoc then finds
// in the prefix what it finds in the whole file.
func TestReadFrontStopsWhereTheFrontMatterEnds(t *testing.T) {
	body := "# Title\n\nText.\n---\nnot front matter\n"
	texts := []string{
		"---\nid: a\ntitle: A\n---\n" + body,
		"\n\n  \n---\nid: a\n---\n" + body,
		"\ufeff---\r\nid: a\r\n---\r\n" + body,
		"---  \nid: a\n  ---  \n" + body,
		"---\nid: a\n---", // closing line at the end of the file
		"---\nid: a\n",    // never closed
		"---",
		"",
		"\n\n",
		"# no front matter\n---\nid: a\n---\n",
		"no newline at all",
		"---\nid: a\n----\n---\n" + body,
		"---\ntitle: \"é — ü\"\n---\n" + strings.Repeat("ß", 5000),
		"---\n" + strings.Repeat("k: v\n", 2000) + "---\n" + body, // beyond one chunk
	}
	for _, text := range texts {
		for _, fsys := range []fs.FS{fstest.MapFS{"f.md": {Data: []byte(text)}}, oneByteFS{fstest.MapFS{"f.md": {Data: []byte(text)}}}} {
			data, _, err := readFront(fsys, "f.md", MaxFileSize)
			require.NoError(t, err, "%q", text)
			require.True(t, strings.HasPrefix(text, string(data)), "%q", text)
			whole, part := &checker{rep: &Report{}}, &checker{rep: &Report{}}
			wt, _ := whole.checkText("f.md", []byte(text))
			pt, _ := part.checkText("f.md", data)
			wd, pd := whole.splitDoc("f.md", wt), part.splitDoc("f.md", pt)
			assert.Equal(t, wd.fm, pd.fm, "%q", text)
			assert.Equal(t, wd.fmOff, pd.fmOff, "%q", text)
			assert.Equal(t, wd.bodyLine, pd.bodyLine, "%q", text)
			assert.Equal(t, whole.rep.Errors, part.rep.Errors, "%q", text)
			if wd.fm != nil {
				assert.Empty(t, pd.body, "%q: no body read", text)
				assert.Equal(t, len(wt)-len(wd.body), len(pt), "%q: read up to the body", text)
			}
		}
	}
}

// Errors in the front matter are found by the structure, with the message
// and position validation gives; errors in a body are not, and the body
// is then refused when it is read.
func TestStructureErrorsAreValidationErrors(t *testing.T) {
	cases := map[string]map[string]string{
		"front matter": {"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "id: l1", "id: L1")},
		"yaml":         {"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "id: l1", "id: [l1")},
		"duplicate id": {"m1/02-copy.md": base["m1/01-lesson.md"]},
		"control":      {"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "id: l1", "id: l1\ntitle2: \x1b[2J")},
		"assessment":   {"m2/01-check.md": replace(t, "m2/01-check.md", "{#n1", "{#N1")},
	}
	for name, changes := range cases {
		t.Run(name, func(t *testing.T) {
			_, rep := Validate(courseFS(changes))
			require.NotEmpty(t, rep.Errors)
			_, srep := ValidateStructure(courseFS(changes))
			require.NotEmpty(t, srep.Errors)
			for _, p := range srep.Errors {
				assert.Contains(t, rep.Errors, p)
			}
		})
	}
	// A rule naming nothing is left to the whole check.
	rule := map[string]string{"m2/module.md": replace(t, "m2/module.md", "passed: q1", "passed: q2")}
	_, rep := Validate(courseFS(rule))
	require.NotEmpty(t, rep.Errors)
	_, srep := ValidateStructure(courseFS(rule))
	require.Empty(t, srep.Errors)

	body := map[string]string{"m1/01-lesson.md": base["m1/01-lesson.md"] + "\nSee [nothing](missing.md) and \x07.\n"}
	_, rep = Validate(courseFS(body))
	require.Len(t, rep.Errors, 2)
	sc, srep := ValidateStructure(courseFS(body))
	require.Empty(t, srep.Errors, "a body is not read")
	_, err := sc.Text(sc.Item("l1"))
	var be *BodyError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, rep.Errors, be.Problems)
	assert.Contains(t, err.Error(), "missing.md")
}

// A lesson whose front matter changed after the structure was read is
// refused, as a lean course refuses a changed lesson.
func TestStructureRefusesAChangedLesson(t *testing.T) {
	fsys := courseFS(nil)
	sc, rep := ValidateStructure(fsys)
	require.Empty(t, rep.Errors)
	fsys["m1/01-lesson.md"] = &fstest.MapFile{Data: []byte(strings.Replace(base["m1/01-lesson.md"], "title:", "title: X", 1))}
	_, err := sc.Text(sc.Item("l1"))
	var ce *ChangedError
	require.True(t, errors.As(err, &ce), "%v", err)
	// A change in the body only is checked like any body.
	fsys["m1/01-lesson.md"] = &fstest.MapFile{Data: []byte(base["m1/01-lesson.md"] + "\nMore.\n")}
	got, err := sc.Text(sc.Item("l1"))
	require.NoError(t, err)
	assert.Contains(t, got, "More.")
}

// A course with fewer markdown files than ValidateStructureAbove's bound is
// checked whole from the walk that counted them: the course and report are
// ValidateLean's, problems of bodies and rules included. From the bound on,
// it is the structure.
func TestSmallCourseIsCheckedWhole(t *testing.T) {
	courses := structureCourses(t)
	broken := map[string]map[string]string{
		"body":   {"m1/01-lesson.md": base["m1/01-lesson.md"] + "\nSee [nothing](missing.md) and \x07.\n"},
		"rule":   {"m2/module.md": replace(t, "m2/module.md", "passed: q1", "passed: q2")},
		"yaml":   {"m1/01-lesson.md": replace(t, "m1/01-lesson.md", "id: l1", "id: [l1")},
		"stray":  {"m1/notes/extra.md": "# not part of the course\n"},
		"no yml": {"course.yaml": ""},
	}
	for name, changes := range broken {
		courses["broken "+name] = func() fs.FS { return courseFS(changes) }
	}
	for name, open := range courses {
		t.Run(name, func(t *testing.T) {
			files := 0
			require.NoError(t, fs.WalkDir(open(), ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.Contains(p, "/") && strings.HasSuffix(p, ".md") {
					files++
				}
				return err
			}))
			require.Positive(t, files)

			lc, lrep := ValidateLean(open())
			c, rep, whole := ValidateStructureAbove(open(), files+1)
			require.True(t, whole)
			assert.Equal(t, lrep, rep)
			if lc == nil {
				assert.Nil(t, c)
				return
			}
			require.NotNil(t, c)
			assert.True(t, c.Checked())
			assert.Equal(t, shape(t, lc), shape(t, c))
			assert.Empty(t, c.StructureIndex(), "a whole check keeps no structure index")
			for _, it := range lc.Items() {
				if it.Kind == KindLesson && len(lrep.Errors) == 0 {
					want, err := lc.Text(it)
					require.NoError(t, err)
					got, err := c.Text(c.Item(it.ID))
					require.NoError(t, err)
					require.Equal(t, want, got, it.ID)
				}
			}

			sc, srep := ValidateStructure(open())
			c, rep, whole = ValidateStructureAbove(open(), files)
			require.False(t, whole)
			assert.Equal(t, srep, rep)
			require.NotNil(t, c)
			assert.False(t, c.Checked())
			assert.Equal(t, shape(t, sc), shape(t, c))
		})
	}
}
