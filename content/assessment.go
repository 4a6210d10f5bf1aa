package content

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"go.yaml.in/yaml/v3"
)

// cutReverse removes the (R) or (r) that marks a reverse-scored statement.
func cutReverse(text string) (string, bool) {
	for _, m := range []string{"(R)", "(r)"} {
		if rest, ok := strings.CutPrefix(text, m); ok {
			return rest, true
		}
	}
	return text, false
}

// dedentAll removes up to n leading spaces from every line but the first.
func dedentAll(s string, n int) string {
	ls := strings.Split(s, "\n")
	for i := 1; i < len(ls); i++ {
		ls[i] = dedent(ls[i], n)
	}
	return strings.TrimSpace(strings.Join(ls, "\n"))
}

// DefaultScale is the Likert scale of an assessment without `scale`.
var DefaultScale = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

var (
	bandKeys      = []string{"id", "title", "min", "below", "recommend", "dimensions"}
	scoreKeys     = []string{"id", "title", "dimensions"}
	placementKeys = []string{"stage", "title", "when", "recommend"}
	adviceKeys    = []string{"when", "message", "recommend"}
	condKeys      = []string{"all", "any", "not", "score", "answer", "min", "max", "above", "below"}
	itemAttrs     = []string{"type", "min", "max", "unit"}
)

// courseRef is a stage or module id named inside an item, checked once the
// whole course is loaded.
type courseRef struct {
	stage bool // a stage id; otherwise a module id
	id    string
	pos   Pos
	what  string // for messages: "placement rule", …
}

// assess holds what is known while one assessment is read.
type assess struct {
	v    *checker
	file string
	md   *mdDoc
	a    *Assessment
	// names holds dimension, composite score and item ids, which share one
	// namespace within the assessment.
	names map[string]Pos
}

func (s *assess) define(id string, p Pos, what string) bool {
	if prev, dup := s.names[id]; dup {
		s.v.errorf(p, "%s id %q is already used at %s: dimension, score and item ids must be unique in the assessment", what, id, prev)
		return false
	}
	s.names[id] = p
	return true
}

// assessment reads a self-assessment: its body first (dimensions and items),
// then the front matter that refers to them.
func (v *checker) assessment(f *fields, dc doc) *Assessment {
	a := &Assessment{Scale: DefaultScale, items: map[string]*AssessmentItem{}}
	s := &assess{v: v, file: dc.file, a: a, names: map[string]Pos{}}
	if f.has("scale") {
		labels, _ := f.strings("scale", "[Disagree, Agree]")
		if len(labels) < 2 {
			v.errorf(f.at("scale"), "`scale` has %d label(s): give at least two, lowest first", len(labels))
		} else {
			a.Scale = labels
		}
	}

	md := v.markdown(mdParser, dc.file, dc.body, dc.bodyLine)
	if md == nil {
		return a
	}
	v.checkLinks(md)
	s.md = md
	_, secs := md.sections()
	a.Intro = md.introText(secs)
	for _, sec := range secs {
		if d := s.dimension(sec); d != nil {
			a.Dimensions = append(a.Dimensions, d)
		}
	}
	if len(secs) == 0 {
		v.errorf(f.d.pos(f.node), "assessment has no dimensions: add `## Name {#dimension-id}` followed by `- Statement {#item-id}` lines")
	}

	for _, n := range f.list("scores", "[{id: overall, title: Overall, dimensions: [a, b]}]") {
		if sc := s.score(f.d, n); sc != nil {
			a.Scores = append(a.Scores, sc)
		}
	}
	bandIDs := map[string]Pos{}
	for _, n := range f.list("bands", "[{id: gap, title: Gap, below: 2.5}]") {
		b := s.band(f.d, n)
		if b == nil {
			continue
		}
		if prev, dup := bandIDs[b.ID]; dup {
			v.errorf(b.Pos, "band id %q is already used at %s: band ids must be unique", b.ID, prev)
			continue
		}
		bandIDs[b.ID] = b.Pos
		a.Bands = append(a.Bands, b)
	}
	for _, n := range f.list("placement", "[{stage: basics, when: {score: overall, below: 3}}]") {
		if p := s.placement(f.d, n); p != nil {
			a.Placement = append(a.Placement, p)
		}
	}
	if k := len(a.Placement); k > 0 && a.Placement[k-1].When != nil {
		v.warnf(a.Placement[k-1].Pos, "the last placement rule has a `when`: learners it does not match get no placement; end with a rule without `when`")
	}
	for _, n := range f.list("advice", "[{when: {score: overall, below: 2}, message: …}]") {
		if ad := s.advice(f.d, n); ad != nil {
			a.Advice = append(a.Advice, ad)
		}
	}
	return a
}

// dimension reads one `## Name {#id}` section and its items.
func (s *assess) dimension(sec *mdSection) *Dimension {
	v, md := s.v, s.md
	if !v.headingID(md, sec, "dimension", "recommend") {
		return nil
	}
	d := &Dimension{ID: sec.attrs.id, Title: sec.title, Line: md.at(md.start(sec.head)).Line}
	if !s.define(d.ID, md.pos(sec.attrs.idOff), "dimension") {
		return nil
	}
	if rec, ok := sec.attrs.vals["recommend"]; ok {
		p := md.pos(sec.attrs.offs["recommend"])
		d.Recommend = strings.FieldsFunc(rec, func(r rune) bool { return r == ',' || r == ' ' })
		for _, id := range d.Recommend {
			v.refs = append(v.refs, courseRef{id: id, pos: p, what: "`recommend` of dimension " + strconv.Quote(d.ID)})
		}
	}
	first := -1
	for i, b := range sec.blocks {
		if _, ok := b.(*ast.List); ok {
			first = i
			break
		}
	}
	if first < 0 {
		v.errorf(Pos{File: s.file, Line: d.Line, Col: 1}, "dimension %q has no items: add lines like `- Statement {#item-id}` under it", d.ID)
		return nil
	}
	d.Intro = md.text(md.headEnd(sec), md.lineStart(md.start(sec.blocks[first])), 0)
	inGap := false
	for _, b := range sec.blocks[first:] {
		l, ok := b.(*ast.List)
		if !ok {
			if !inGap {
				v.errorf(md.at(md.start(b)), "text between the items of dimension %q: move it above the first item, or indent it under an item as > help", d.ID)
			}
			inGap = true
			continue
		}
		inGap = false
		for _, li := range md.listItems([]ast.Node{l}) {
			if it := s.item(d, li); it != nil {
				d.Items = append(d.Items, it)
			}
		}
	}
	return d
}

// item reads one `- Statement {#id …}` line.
func (s *assess) item(d *Dimension, li *mdItem) *AssessmentItem {
	v, md := s.v, s.md
	p := md.at(li.at)
	if li.style != bullet {
		v.errorf(p, "assessment items are plain bullets (- Statement {#id}), not %s", li.style)
		return nil
	}
	if len(li.nested) > 0 {
		v.errorf(md.at(md.start(li.nested[0])), "a list nested under an item would read as more items: indent help under the item as a > blockquote instead")
		return nil
	}
	text, a := md.splitAttrs(li.textFrom, li.textTo)
	if !a.found || a.id == "" {
		v.errorf(md.pos(md.lineEnd(li.at)), "item has no id: end it with {#%s}", slug(text))
		return nil
	}
	text = dedentAll(text, li.node.Offset)
	if li.blocks > 1 {
		v.errorf(p, "item %q has more than one paragraph: keep the statement to one, and put the rest in a > help blockquote under it", a.id)
		return nil
	}
	idPos := md.pos(a.idOff)
	if !v.checkID(idPos, a.id, "item id") {
		return nil
	}
	v.checkAttrs(md, a, itemAttrs)
	help := ""
	if len(li.quotes) > 0 {
		help = md.quoteText(li.quotes[0])
	}
	if len(li.quotes) > 1 {
		v.errorf(md.at(md.start(li.quotes[1])), "a second help blockquote under item %q (the first is at line %d): join them into one > blockquote", a.id, md.pos(md.start(li.quotes[0])).Line)
	}
	it := &AssessmentItem{ID: a.id, Type: Likert, Help: help, Dimension: d, Line: p.Line, Unit: a.vals["unit"]}
	if rest, ok := cutReverse(text); ok {
		it.Reverse, text = true, strings.TrimSpace(rest)
	}
	it.Text = text
	if text == "" {
		v.errorf(p, "item %q has no text: write the statement or question before {#…}", it.ID)
		return nil
	}
	at := func(k string) Pos { return md.pos(a.offs[k]) }
	switch t, ok := a.vals["type"]; {
	case !ok || t == string(Likert):
	case t == string(Number):
		it.Type = Number
	default:
		v.errorf(at("type"), "unknown item type %q: use type=number for a number, or leave type out for a statement rated on the scale", t)
		return nil
	}
	if it.Type == Likert {
		for _, k := range []string{"min", "max", "unit"} {
			if _, ok := a.vals[k]; ok {
				v.errorf(at(k), "`%s` only applies to number items: add type=number, or remove it", k)
			}
		}
	} else {
		if it.Reverse {
			v.errorf(p, "(R) reverse-scoring only applies to statements rated on the scale, not to number items")
		}
		for _, k := range []string{"min", "max"} {
			raw, ok := a.vals[k]
			if !ok {
				continue
			}
			x, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				v.errorf(at(k), "`%s` must be a number, not %q", k, raw)
				continue
			}
			if k == "min" {
				it.Min = &x
			} else {
				it.Max = &x
			}
		}
		if it.Min != nil && it.Max != nil && *it.Min > *it.Max {
			v.errorf(at("max"), "max %v is below min %v: no answer is possible", *it.Max, *it.Min)
		}
	}
	if !s.define(it.ID, idPos, "item") {
		return nil
	}
	s.a.items[it.ID] = it
	return it
}

func (s *assess) score(d yamlDoc, n *yaml.Node) *Score {
	f := s.v.mapping(d, n, "a composite score", scoreKeys...)
	if f == nil {
		return nil
	}
	sc := &Score{Pos: d.pos(n)}
	sc.ID = f.id("id", true)
	sc.Title = f.str("title", true, "Overall")
	dims, pos := f.strings("dimensions", "[dimension-a, dimension-b]")
	if !f.has("dimensions") {
		f.missing("dimensions", "[dimension-a, dimension-b]")
	}
	for i, id := range dims {
		if dim := s.a.Dimension(id); dim == nil || !dim.Scored() {
			s.unknownDimension(pos[i], id, false)
			continue
		}
		sc.Dimensions = append(sc.Dimensions, id)
	}
	if sc.ID == "" || !s.define(sc.ID, sc.Pos, "score") {
		return nil
	}
	return sc
}

// unknownDimension reports an id that is not a rated dimension (or, when
// scores is true, not a composite score either).
func (s *assess) unknownDimension(p Pos, id string, scores bool) {
	var known []string
	for _, d := range s.a.Dimensions {
		if d.Scored() {
			known = append(known, d.ID)
		}
	}
	what := "dimension"
	if scores {
		what = "dimension or score"
		for _, sc := range s.a.Scores {
			known = append(known, sc.ID)
		}
	}
	if d := s.a.Dimension(id); d != nil {
		s.v.errorf(p, "dimension %q has no rated items (only numbers), so it has no score", id)
		return
	}
	s.v.errorf(p, "unknown %s %q%s", what, id, didYouMean(id, known))
}

func (s *assess) band(d yamlDoc, n *yaml.Node) *Band {
	f := s.v.mapping(d, n, "a band", bandKeys...)
	if f == nil {
		return nil
	}
	b := &Band{Pos: d.pos(n)}
	b.ID = f.id("id", true)
	b.Title = f.str("title", true, "Developing")
	b.Min = f.float("min", "2.5")
	b.Below = f.float("below", "3.5")
	b.Recommend = f.bool("recommend")
	if b.Min != nil && b.Below != nil && *b.Min >= *b.Below {
		s.v.errorf(f.at("below"), "`below` (%v) is not greater than `min` (%v), so band %q can never hold: raise below or lower min", *b.Below, *b.Min, b.ID)
	}
	ids, pos := f.strings("dimensions", "[dimension-a]")
	for i, id := range ids {
		if dim := s.a.Dimension(id); (dim == nil || !dim.Scored()) && s.a.ScoreDef(id) == nil {
			s.unknownDimension(pos[i], id, true)
			continue
		}
		b.Dimensions = append(b.Dimensions, id)
	}
	if b.ID == "" {
		return nil
	}
	return b
}

func (s *assess) placement(d yamlDoc, n *yaml.Node) *Placement {
	f := s.v.mapping(d, n, "a placement rule", placementKeys...)
	if f == nil {
		return nil
	}
	p := &Placement{Pos: d.pos(n)}
	p.Stage = f.str("stage", true, firstNonEmpty(append(s.v.stages, "basics")...))
	p.Title = f.str("title", false, "Start with the basics")
	if p.Stage != "" {
		s.v.refs = append(s.v.refs, courseRef{stage: true, id: p.Stage, pos: f.at("stage"), what: "placement rule"})
	}
	if f.has("when") {
		p.When = s.cond(d, f.val("when"))
	}
	p.Recommend = s.modules(f, "placement rule")
	return p
}

func (s *assess) advice(d yamlDoc, n *yaml.Node) *Advice {
	f := s.v.mapping(d, n, "an advice rule", adviceKeys...)
	if f == nil {
		return nil
	}
	ad := &Advice{Pos: d.pos(n)}
	ad.Message = f.str("message", true, "What the learner should do")
	if !f.has("when") {
		f.missing("when", "{score: some-dimension, below: 2.5}")
	} else {
		ad.When = s.cond(d, f.val("when"))
	}
	ad.Recommend = s.modules(f, "advice rule")
	return ad
}

// modules reads a `recommend:` list of module ids, checked later.
func (s *assess) modules(f *fields, what string) []string {
	ids, pos := f.strings("recommend", "[module-id]")
	for i, id := range ids {
		s.v.refs = append(s.v.refs, courseRef{id: id, pos: pos[i], what: "`recommend` of a " + what})
	}
	return ids
}

// cond reads a placement or advice condition.
func (s *assess) cond(d yamlDoc, n *yaml.Node) *Cond {
	f := s.v.mapping(d, n, "a condition", condKeys...)
	if f == nil {
		return nil
	}
	c := &Cond{Pos: d.pos(n)}
	var ops []string
	for _, k := range []string{"all", "any", "not", "score", "answer"} {
		if f.has(k) {
			ops = append(ops, k)
		}
	}
	if len(ops) != 1 {
		s.v.errorf(c.Pos, "a condition needs exactly one of all, any, not, score or answer (found %d%s)", len(ops), listed(ops))
		return nil
	}
	c.Min, c.Max = f.float("min", "2.5"), f.float("max", "3")
	c.Above, c.Below = f.float("above", "2"), f.float("below", "3.5")
	hasBounds := c.Min != nil || c.Max != nil || c.Above != nil || c.Below != nil
	switch op := ops[0]; op {
	case "all", "any":
		items := f.list(op, "[{score: a, below: 3}, {answer: b, min: 1}]")
		if len(items) == 0 {
			s.v.errorf(f.at(op), "`%s` needs a list of conditions", op)
		}
		for _, sub := range items {
			if sc := s.cond(d, sub); sc != nil {
				if op == "all" {
					c.All = append(c.All, sc)
				} else {
					c.Any = append(c.Any, sc)
				}
			}
		}
	case "not":
		c.Not = s.cond(d, f.val("not"))
	case "score":
		c.Score = f.str("score", true, "dimension-id")
		if dim := s.a.Dimension(c.Score); (dim == nil || !dim.Scored()) && s.a.ScoreDef(c.Score) == nil {
			s.unknownDimension(f.at("score"), c.Score, true)
		}
	case "answer":
		c.Answer = f.str("answer", true, "item-id")
		if s.a.Item(c.Answer) == nil {
			s.v.errorf(f.at("answer"), "unknown item %q%s", c.Answer, didYouMean(c.Answer, s.itemIDs()))
		}
	}
	if (ops[0] == "score" || ops[0] == "answer") && !hasBounds {
		s.v.errorf(c.Pos, "`%s: %s` needs a bound: min, max, above or below", ops[0], safeName(f.val(ops[0]).Value))
	}
	if (ops[0] == "all" || ops[0] == "any" || ops[0] == "not") && hasBounds {
		s.v.errorf(c.Pos, "min, max, above and below go with score: or answer:, not with %s:", ops[0])
	}
	return c
}

func (s *assess) itemIDs() []string {
	var ids []string
	for _, d := range s.a.Dimensions {
		for _, it := range d.Items {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

func listed(ops []string) string {
	if len(ops) == 0 {
		return ""
	}
	return ": " + strings.Join(ops, ", ")
}
