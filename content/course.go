package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	courseKeys = []string{"id", "title", "version", "summary", "authors", "license", "iri", "stages", "renamed"}
	stageKeys  = []string{"id", "label", "title", "summary", "requires"}
	moduleKeys = []string{"id", "label", "title", "stage", "summary", "requires", "preview"}
	itemKeys   = []string{"id", "title", "kind", "minutes", "optional"}
	quizKeys   = []string{"pass", "attempts", "shuffle"}
	assessKeys = []string{"scale", "bands", "scores", "placement", "advice"}
	kinds      = []string{string(KindLesson), string(KindQuiz), string(KindAssessment), string(KindWorksheet)}
)

// courseFile reads course.yaml.
func (v *checker) courseFile() *Course {
	text, ok := v.readText("course.yaml")
	if !ok {
		return nil
	}
	d := newYAMLDoc("course.yaml", 0, []byte(text))
	root, ok := v.parseYAML(d, []byte(text))
	if !ok {
		return nil
	}
	if root == nil {
		v.errorf(d.pos(nil), "course.yaml is empty: give the course an id, title, version, summary and stages")
		return nil
	}
	f := v.mapping(d, root, "course.yaml", courseKeys...)
	if f == nil {
		return nil
	}
	c := &Course{byID: map[string]any{}}
	c.ID = f.id("id", true)
	c.Title = f.str("title", true, "My course")
	c.Version = f.str("version", true, "1.0.0")
	c.Summary = f.str("summary", true, "What the learner will be able to do")
	c.Authors, _ = f.strings("authors", "[Ada Lovelace]")
	c.License = f.str("license", false, "CC-BY-4.0")
	if iri := f.str("iri", false, "https://example.org/courses/team-basics"); iri != "" {
		if msg := checkIRI(iri); msg != "" {
			v.errorf(f.at("iri"), "`iri` %s: write an absolute http or https address such as `iri: https://example.org/courses/team-basics`", msg)
		} else {
			c.IRI = strings.TrimRight(iri, "/")
		}
	}

	c.Renamed = v.renamed(d, f)

	stages := f.list("stages", "[{id: basics, title: Basics, summary: …}]")
	if !f.has("stages") {
		f.missing("stages", "a list of {id, title, summary}")
	} else if len(stages) == 0 {
		v.errorf(f.at("stages"), "`stages` is empty: list at least one stage {id, title, summary}")
	}
	for _, n := range stages {
		sf := v.mapping(d, n, "a stage", stageKeys...)
		if sf == nil {
			continue
		}
		s := &Stage{Pos: d.pos(n), Index: len(c.Stages)}
		s.ID = sf.id("id", true)
		s.Title = sf.str("title", true, "Basics")
		s.Summary = sf.str("summary", true, "What this stage is for")
		if s.Label = sf.str("label", false, "Stage 1"); s.Label == "" {
			s.Label = fmt.Sprintf("Stage %d", s.Index+1)
		}
		if sf.has("requires") {
			s.Requires = v.rule(d, sf.val("requires"))
			v.rules = append(v.rules, ruleRef{rule: s.Requires, stage: s})
		}
		if v.define(s.ID, s.Pos) {
			c.byID[s.ID] = s
		}
		c.Stages = append(c.Stages, s)
	}
	return c
}

// module reads dir/module.md and the module's items.
func (v *checker) module(c *Course, dir string, mdFiles []string) *Module {
	v.dir = openModuleDir(v.fsys, dir)
	defer v.dir.close()
	file := path.Join(dir, "module.md")
	text, ok := v.readSource(file)
	if !ok {
		return nil
	}
	dc := v.splitDoc(file, text)
	f := v.frontMatter(dc, "module.md front matter", moduleKeys...)
	if f == nil {
		return nil
	}
	m := &Module{Dir: dir, Pos: f.d.pos(f.node), Intro: strings.TrimSpace(dc.body)}
	m.ID = f.id("id", true)
	m.Title = f.str("title", true, "Module title")
	m.Label = f.str("label", false, "M1.2")
	m.Summary = f.str("summary", true, "One sentence on what the module teaches")
	m.Preview = f.bool("preview")
	if stage := f.str("stage", true, firstNonEmpty(append(stageIDs(c), "basics")...)); stage != "" && len(c.Stages) > 0 {
		if m.Stage = v.stage(c, stage); m.Stage == nil {
			v.errorf(f.at("stage"), "unknown stage %q: use one of the stage ids in course.yaml (%s)%s",
				stage, strings.Join(stageIDs(c), ", "), didYouMean(stage, stageIDs(c)))
		}
	}
	if f.has("requires") {
		m.Requires = v.rule(f.d, f.val("requires"))
		v.rules = append(v.rules, ruleRef{rule: m.Requires, module: m})
	}
	v.defineNode(m.ID, m.Pos, m)
	if v.checkLimits(file, dc.body, dc.bodyLine) && needsParse(dc.body) {
		v.checkLinks(parseLinks(file, dc.body, dc.bodyLine))
	}
	v.freeNodes() // m holds what it needs of module.md's nodes

	for _, name := range mdFiles {
		if name == "module.md" {
			continue
		}
		if it := v.item(c, m, path.Join(dir, name)); it != nil {
			m.Items = append(m.Items, it)
		}
	}
	if len(m.Items) == 0 && len(mdFiles) == 1 {
		v.errorf(m.Pos, "module %q has no items: add lessons, quizzes or assessments as .md files beside module.md", m.ID)
	}
	return m
}

// MaxMinutes is the most time an item may say it takes.
const MaxMinutes = 600

// stageIDs returns the course's (valid) stage ids.
func stageIDs(c *Course) []string {
	ids := make([]string, 0, len(c.Stages))
	for _, s := range c.Stages {
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// frontMatter parses a document's front matter as a mapping with the given
// keys. It reports a document without front matter.
func (v *checker) frontMatter(dc doc, what string, keys ...string) *fields {
	d, root := v.frontMatterNode(dc)
	if root == nil {
		return nil
	}
	return v.mapping(d, root, what, keys...)
}

// frontMatterNode parses a document's front matter; nil (reported) when it
// is missing, empty or not YAML.
func (v *checker) frontMatterNode(dc doc) (yamlDoc, *yaml.Node) {
	d := newYAMLDoc(dc.file, dc.fmOff, dc.fm)
	if dc.fm == nil {
		if !v.hasError(dc.file) {
			v.errorf(Pos{File: dc.file, Line: 1, Col: 1}, "no front matter: start the file with a --- line, then `id:` and `title:`, then a --- line")
		}
		return d, nil
	}
	root, ok := v.parseYAML(d, dc.fm)
	if ok && root == nil {
		v.errorf(Pos{File: dc.file, Line: dc.fmOff, Col: 1}, "front matter is empty: add at least `id:` and `title:`")
	}
	return d, root
}

// scalarKey returns the value of key in a YAML mapping node, if it is a
// scalar.
func scalarKey(n *yaml.Node, key string) string {
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// hasError reports whether a problem was already found in the file (so a
// follow-on message would only repeat it).
func (v *checker) hasError(file string) bool {
	for _, p := range v.rep.Errors {
		if p.Pos.File == file {
			return true
		}
	}
	return false
}

// item reads one lesson, quiz or assessment file.
func (v *checker) item(c *Course, m *Module, file string) *Item {
	mark := v.mark(file)
	v.read = nil
	text, ok := v.readSource(file)
	if !ok {
		return nil
	}
	it := v.itemText(c, m, file, text, mark)
	if it != nil && it.Kind == KindLesson && it.src != nil && !it.src.front && v.read != nil {
		// A lean lesson keeps nothing of its text but its size and hash
		// (TestLeanLessonsHoldNoText): the next file can be read into the
		// buffer it was read into, which spares allocating one a file.
		v.spare = v.read[:0]
	}
	v.read = nil
	v.freeNodes() // an Item holds no node
	return it
}

// itemText reads one item from its text, as readText returned it; mark is
// where the checker stood before the file was read.
func (v *checker) itemText(c *Course, m *Module, file, text string, mark fileMark) *Item {
	dc := v.splitDoc(file, text)
	d, root := v.frontMatterNode(dc)
	if root == nil {
		return nil
	}
	// The allowed keys depend on the kind, so read kind first.
	kind := KindLesson
	if k := scalarKey(root, "kind"); contains(kinds, k) {
		kind = Kind(k)
	}
	if v.front && kind == KindAssessment {
		return v.wholeItem(c, m, file, mark) // its body is structure too
	}
	keys := itemKeys
	switch kind {
	case KindQuiz:
		keys = append(keys[:len(keys):len(keys)], quizKeys...)
	case KindAssessment:
		keys = append(keys[:len(keys):len(keys)], assessKeys...)
	case KindWorksheet:
		keys = append(keys[:len(keys):len(keys)], worksheetKeys...)
	}
	f := v.mapping(d, root, "front matter", keys...)
	if f == nil {
		return nil
	}
	it := &Item{Module: m, File: file, Body: dc.body, BodyLine: dc.bodyLine, Kind: kind}
	it.ID = f.id("id", true)
	it.Title = f.str("title", true, "Item title")
	if k := f.str("kind", false, "lesson"); k != "" && !contains(kinds, k) {
		v.errorf(f.at("kind"), "unknown kind %q: use lesson, quiz, assessment or worksheet%s", k, didYouMean(k, kinds))
	}
	if n, ok := f.int("minutes", "10"); ok {
		if n < 0 || n > MaxMinutes {
			v.errorf(f.at("minutes"), "`minutes` is %d: give the item's time as a whole number of minutes from 0 to %d (split a longer item)", n, MaxMinutes)
		} else {
			it.Minutes = n
		}
	}
	it.Optional = f.bool("optional")
	v.defineNode(it.ID, f.d.pos(f.node), it)
	switch kind {
	case KindLesson:
		if v.lean {
			it.Body, it.src = "", newSource(text, dc.body)
			it.src.front = v.front // then text is the front matter only
		}
		// The limits hold for every lesson: the reader renders it with
		// goldmark even when the validator need not parse it.
		if v.checkLimits(file, dc.body, dc.bodyLine) && needsParse(dc.body) {
			md := parseLinks(file, dc.body, dc.bodyLine)
			linked := v.checkLinks(md)
			v.checkFences(md)
			if it.src != nil {
				it.src.linked = linked
			}
		}
	case KindQuiz:
		it.Quiz = v.quiz(f, dc)
	case KindAssessment:
		it.Assessment = v.assessment(f, dc)
	case KindWorksheet:
		it.Worksheet = v.worksheet(f, dc)
	}
	return it
}

// checkIRI says what is wrong with a course base IRI ("" when nothing is).
// xAPI activity ids are built from it, so it must be an absolute http(s)
// address without a query, fragment or spaces.
func checkIRI(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "is not an address (" + err.Error() + ")"
	case u.Scheme != "http" && u.Scheme != "https":
		return "must start with http:// or https://"
	case u.Host == "":
		return "has no host name"
	case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " \t\n?#"):
		return "must not hold spaces, a query (?) or a fragment (#)"
	}
	return ""
}
