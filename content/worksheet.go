package content

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FieldType is the kind of answer a worksheet field takes.
type FieldType string

// Field types.
const (
	FieldText     FieldType = "text"      // one line
	FieldLongText FieldType = "long text" // several lines
	FieldChoice   FieldType = "choice"    // one of Options
	FieldChoices  FieldType = "choices"   // any of Options
	FieldDate     FieldType = "date"      // YYYY-MM-DD
	FieldNumber   FieldType = "number"    // within Min, Max when set
	FieldScale    FieldType = "scale"     // 1 … len(Labels)
	FieldYesNo    FieldType = "yes/no"
)

var fieldTypes = []string{string(FieldText), string(FieldLongText), string(FieldChoice), string(FieldChoices),
	string(FieldDate), string(FieldNumber), string(FieldScale), string(FieldYesNo)}

// Worksheet is a form the learner fills in about their own work: a log
// (Many: one entry per alliance, say) or a single page. A worksheet with For
// set is attached to the entries of another: one entry per entry there (a
// review of each alliance).
type Worksheet struct {
	Many    bool   // entries: many (default) or one
	For     string // the worksheet whose entries this one is attached to
	Noun    string // what one entry is, for rule descriptions: "alliance"
	Plural  string // "alliances"
	Intro   string
	Fields  []*Field
	Columns []*Column // the grid view; empty = no grid
	// Report is what the learner's statements and the cohort report say
	// of the worksheet: ReportNone (the default: nothing, the worksheet is
	// private) or ReportCounts (that an entry was recorded, never what it
	// holds).
	Report string

	// Attached lists the worksheets attached to this one (For = its id),
	// in course order; set once the whole course is read.
	Attached []*Item
	Parent   *Item // the worksheet named by For, once resolved

	forPos Pos

	fields map[string]*Field
}

// Field is one question of a worksheet.
type Field struct {
	ID       string
	Label    string
	Help     string
	Type     FieldType
	Required bool
	Options  []string // choice, choices
	Min, Max *float64 // number: inclusive bounds, nil = unbounded
	Labels   []string // scale: the label of 1, 2, … N
	Pos      Pos
}

// Column is one column of a worksheet's grid: a field of the worksheet, or
// of a worksheet attached to it ("review.outcome").
type Column struct {
	Ref       string // as written
	Worksheet string // the id of the worksheet that holds the field
	Field     *Field // resolved once the course is read
	Pos       Pos
}

// What a worksheet's `report` key may say.
const (
	ReportNone   = "none"
	ReportCounts = "counts"
)

// Reportable reports whether the worksheet's entries are counted in xAPI
// statements and the cohort report (`report: counts`).
func (w *Worksheet) Reportable() bool { return w != nil && w.Report == ReportCounts }

// Field returns the worksheet's field with the id, or nil.
func (w *Worksheet) Field(id string) *Field { return w.fields[id] }

// Name is the noun for n entries: "1 alliance", "2 alliances".
func (w *Worksheet) Name(n int) string {
	if n == 1 {
		return "1 " + w.Noun
	}
	return strconv.Itoa(n) + " " + w.Plural
}

// Worksheets returns every worksheet item of the course in course order.
func (c *Course) Worksheets() []*Item {
	var out []*Item
	for _, it := range c.Items() {
		if it.Kind == KindWorksheet {
			out = append(out, it)
		}
	}
	return out
}

// Worksheet returns the worksheet item with the id, or nil.
func (c *Course) Worksheet(id string) *Item {
	if it := c.Item(id); it != nil && it.Kind == KindWorksheet {
		return it
	}
	return nil
}

var (
	worksheetKeys = []string{"entries", "for", "noun", "plural", "fields", "columns", "report"}
	fieldKeys     = []string{"id", "label", "type", "help", "required", "options", "min", "max", "labels"}
	recordedKeys  = []string{"worksheet", "min", "where", "reviewed"}
)

// Limits on what a worksheet may declare, so that a course cannot make Ally
// build huge forms.
const (
	maxFields  = 64
	maxOptions = 64
)

// worksheet reads a worksheet's settings and fields.
func (v *checker) worksheet(f *fields, dc doc) *Worksheet {
	w := &Worksheet{Many: true, Intro: strings.TrimSpace(dc.body), fields: map[string]*Field{}}
	if v.checkLimits(dc.file, dc.body, dc.bodyLine) && needsParse(dc.body) {
		v.checkLinks(parseLinks(dc.file, dc.body, dc.bodyLine))
	}
	if f.has("for") {
		w.For = f.id("for", false)
		w.forPos = f.at("for")
		w.Many = false // one review per entry, unless it says otherwise
	}
	switch e := f.str("entries", false, "many"); e {
	case "":
	case "many":
		w.Many = true
	case "one":
		w.Many = false
	default:
		v.errorf(f.at("entries"), "`entries` is %q: use many (a log, one entry per case) or one (a single page)%s", e, didYouMean(e, []string{"many", "one"}))
	}
	switch r := f.str("report", false, "counts"); r {
	case "", ReportNone:
		w.Report = ReportNone
	case ReportCounts:
		w.Report = ReportCounts
	default:
		v.errorf(f.at("report"), "`report` is %q: use counts (statements and the cohort report count the entries, never their contents) or none (private, the default)%s", r, didYouMean(r, []string{ReportCounts, ReportNone}))
	}
	w.Noun = f.str("noun", false, "alliance")
	if w.Noun == "" {
		w.Noun = "entry"
	}
	if w.Plural = f.str("plural", false, "alliances"); w.Plural == "" {
		w.Plural = plural(w.Noun)
	}
	nodes := f.list("fields", "[{id: partner, label: Partner, type: text}]")
	if !f.has("fields") {
		f.missing("fields", "[{id: partner, label: Partner, type: text}]")
	} else if len(nodes) == 0 && f.val("fields").Kind == yaml.SequenceNode {
		v.errorf(f.at("fields"), "`fields` is empty: list at least one field {id, label, type}")
	}
	if len(nodes) > maxFields {
		v.errorf(f.at("fields"), "a worksheet of %d fields is too long: keep it to %d", len(nodes), maxFields)
		nodes = nodes[:maxFields]
	}
	for _, n := range nodes {
		fd := v.field(f.d, n)
		if fd == nil {
			continue
		}
		if prev, dup := w.fields[fd.ID]; dup {
			v.errorf(fd.Pos, "field id %q is already used at line %d: field ids must be unique in the worksheet", fd.ID, prev.Pos.Line)
			continue
		}
		w.fields[fd.ID] = fd
		w.Fields = append(w.Fields, fd)
	}
	refs, pos := f.strings("columns", "[partner, review.outcome]")
	for i, ref := range refs {
		col := &Column{Ref: ref, Pos: pos[i]}
		w.Columns = append(w.Columns, col)
	}
	return w
}

func plural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey"):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"):
		return noun + "es"
	}
	return noun + "s"
}

// field reads one entry of a worksheet's `fields`.
func (v *checker) field(d yamlDoc, n *yaml.Node) *Field {
	f := v.mapping(d, n, "a worksheet field", fieldKeys...)
	if f == nil {
		return nil
	}
	fd := &Field{Pos: d.pos(n)}
	fd.ID = f.id("id", true)
	fd.Label = f.str("label", true, "Partner")
	fd.Help = f.str("help", false, "The partner's name")
	fd.Required = f.bool("required")
	t := f.str("type", true, "text")
	if t != "" && !contains(fieldTypes, t) {
		v.errorf(f.at("type"), "unknown field type %q: use %s%s", t, strings.Join(fieldTypes, ", "), didYouMean(t, fieldTypes))
		return nil
	}
	fd.Type = FieldType(t)
	only := func(key string, types ...FieldType) {
		if f.has(key) && !contains(typeNames(types), t) {
			v.errorf(f.at(key), "`%s` only goes with type %s, not %s", key, strings.Join(typeNames(types), " or "), t)
		}
	}
	only("options", FieldChoice, FieldChoices)
	only("min", FieldNumber)
	only("max", FieldNumber)
	only("labels", FieldScale)
	switch fd.Type {
	case FieldChoice, FieldChoices:
		opts, pos := f.strings("options", "[Licence, Joint venture]")
		if !f.has("options") {
			f.missing("options", "[Licence, Joint venture]")
		} else if len(opts) < 2 && len(pos) == len(opts) {
			v.errorf(f.at("options"), "a %s field needs at least 2 options", t)
		}
		if len(opts) > maxOptions {
			v.errorf(f.at("options"), "%d options are too many: keep it to %d", len(opts), maxOptions)
			opts = opts[:maxOptions]
		}
		seen := map[string]bool{}
		for i, o := range opts {
			if seen[o] {
				v.errorf(pos[i], "option %q is listed twice: keep one", o)
				continue
			}
			seen[o] = true
			fd.Options = append(fd.Options, o)
		}
	case FieldNumber:
		fd.Min, fd.Max = f.float("min", "0"), f.float("max", "100")
		if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
			v.errorf(f.at("max"), "`max` %v is below `min` %v: no number could be entered", *fd.Max, *fd.Min)
		}
	case FieldScale:
		labels, pos := f.strings("labels", "[Poor, Fair, Good, Very good, Excellent]")
		if !f.has("labels") {
			f.missing("labels", "[Poor, Fair, Good, Very good, Excellent]")
		} else if len(labels) < 2 && len(pos) == len(labels) {
			v.errorf(f.at("labels"), "a scale needs at least 2 labels (the label of 1, 2, …)")
		}
		if len(labels) > maxOptions {
			v.errorf(f.at("labels"), "%d labels are too many: keep it to %d", len(labels), maxOptions)
			labels = labels[:maxOptions]
		}
		fd.Labels = labels
	}
	if fd.ID == "" || fd.Label == "" {
		return nil
	}
	return fd
}

func typeNames(ts []FieldType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// recordedRule reads `recorded: {worksheet, min, where, reviewed}`.
func (v *checker) recordedRule(d yamlDoc, f *fields, r *Rule) bool {
	rf := v.mapping(d, f.val("recorded"), "`recorded`", recordedKeys...)
	if rf == nil {
		return false
	}
	r.Pos = f.at("recorded")
	r.Target = rf.str("worksheet", true, "alliance-log")
	one := 1.0
	r.Min = &one
	if n, ok := rf.int("min", "2"); ok {
		if n < 1 {
			v.errorf(rf.at("min"), "`min` is %d: count at least 1 entry", n)
		} else {
			x := float64(n)
			r.Min = &x
		}
	}
	r.Reviewed = rf.id("reviewed", false)
	if rf.has("where") {
		n := rf.val("where")
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n.Kind != yaml.MappingNode {
			v.errorf(d.pos(n), "`where` must be a mapping of field ids to values, such as `where: {evaluated: yes}`, not %s", describeNode(n))
			return true
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if val.Kind != yaml.ScalarNode {
				v.errorf(d.pos(val), "the value of `%s` in `where` must be a single value such as `%s: yes`, not %s", k.Value, k.Value, describeNode(val))
				continue
			}
			r.Where = append(r.Where, Match{Field: k.Value, Value: strings.TrimSpace(val.Value), Pos: d.pos(k)})
		}
	}
	return true
}

// Match is one `where` condition of a recorded rule: the entry's field
// holds Value (for choices: Value is among those picked).
type Match struct {
	Field string
	Value string // canonical: "yes"/"no" for yes/no, a number as written
	Pos   Pos
}

// resolveRecorded checks the ids and values a recorded rule names.
func (v *checker) resolveRecorded(c *Course, r *Rule) {
	it := c.Item(r.Target)
	if it == nil || it.Kind != KindWorksheet {
		if it != nil {
			v.errorf(r.Pos, "%q is a %s, not a worksheet", r.Target, it.Kind)
		} else {
			v.errorf(r.Pos, "unknown worksheet %q%s", r.Target, didYouMean(r.Target, itemIDs(c.Worksheets())))
		}
		return
	}
	w := it.Worksheet
	if r.Reviewed != "" {
		rv := c.Worksheet(r.Reviewed)
		switch {
		case rv == nil:
			v.errorf(r.Pos, "unknown worksheet %q in `reviewed`%s", r.Reviewed, didYouMean(r.Reviewed, itemIDs(w.Attached)))
		case rv.Worksheet.For != r.Target:
			v.errorf(r.Pos, "worksheet %q is not attached to %q: `reviewed` names a worksheet with `for: %s`", r.Reviewed, r.Target, r.Target)
		}
	}
	if !w.Many && r.Min != nil && *r.Min > 1 {
		v.errorf(r.Pos, "worksheet %q has `entries: one`, so `min: %v` could never hold", r.Target, *r.Min)
	}
	for i := range r.Where {
		m := &r.Where[i]
		fd := w.Field(m.Field)
		if fd == nil {
			var ids []string
			for _, f := range w.Fields {
				ids = append(ids, f.ID)
			}
			v.errorf(m.Pos, "worksheet %q has no field %q%s", r.Target, m.Field, didYouMean(m.Field, ids))
			continue
		}
		switch fd.Type {
		case FieldYesNo:
			switch strings.ToLower(m.Value) {
			case "yes", "true":
				m.Value = "yes"
			case "no", "false":
				m.Value = "no"
			default:
				v.errorf(m.Pos, "field %q is yes/no: compare it with yes or no, not %q", m.Field, m.Value)
			}
		case FieldChoice, FieldChoices:
			if !contains(fd.Options, m.Value) {
				v.errorf(m.Pos, "field %q has no option %q%s", m.Field, m.Value, didYouMean(m.Value, fd.Options))
			}
		case FieldNumber, FieldScale:
			x, err := strconv.ParseFloat(m.Value, 64)
			if err != nil {
				v.errorf(m.Pos, "field %q is a %s: compare it with a number, not %q", m.Field, fd.Type, m.Value)
				continue
			}
			m.Value = num(x)
		}
	}
}

// resolveWorksheets links attached worksheets to their parents and checks
// the grid columns; it runs once every module is read.
func (v *checker) resolveWorksheets(c *Course) {
	all := c.Worksheets()
	for _, it := range all {
		w := it.Worksheet
		if w == nil || w.For == "" {
			continue
		}
		p := c.Worksheet(w.For)
		switch {
		case p == nil && c.Item(w.For) != nil:
			v.errorf(w.forPos, "`for: %s` names a %s: name a worksheet", w.For, c.Item(w.For).Kind)
		case p == nil:
			v.errorf(w.forPos, "`for` names unknown worksheet %q%s", w.For, didYouMean(w.For, itemIDs(all)))
		case p == it:
			v.errorf(w.forPos, "worksheet %q cannot be attached to itself", it.ID)
		case p.Worksheet.For != "":
			v.errorf(w.forPos, "worksheet %q is itself attached to %q: attach %q to %q instead", w.For, p.Worksheet.For, it.ID, p.Worksheet.For)
		default:
			w.Parent = p
			p.Worksheet.Attached = append(p.Worksheet.Attached, it)
			if !it.Optional && p.Module != it.Module {
				v.warnf(w.forPos, "worksheet %q counts towards completing module %q but needs entries of %q in module %q: add `optional: true`, or that module may have to open first", it.ID, it.Module.ID, p.ID, p.Module.ID)
			}
		}
	}
	for _, it := range all {
		w := it.Worksheet
		if w == nil {
			continue
		}
		for _, col := range w.Columns {
			src, fid := w, col.Ref
			col.Worksheet = it.ID
			if ws, f, ok := strings.Cut(col.Ref, "."); ok {
				fid = f
				a := c.Worksheet(ws)
				if a == nil || a.Worksheet.Parent != it {
					v.errorf(col.Pos, "column %q names %q, which is not a worksheet attached to %q%s", col.Ref, ws, it.ID, didYouMean(ws, itemIDs(w.Attached)))
					continue
				}
				src, col.Worksheet = a.Worksheet, ws
			}
			if col.Field = src.Field(fid); col.Field == nil {
				var ids []string
				for _, f := range src.Fields {
					ids = append(ids, f.ID)
				}
				v.errorf(col.Pos, "column %q: worksheet %q has no field %q%s", col.Ref, col.Worksheet, fid, didYouMean(fid, ids))
			}
		}
	}
}

func itemIDs(items []*Item) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// describeRecorded phrases a recorded condition: "log at least 2 alliances
// in “Alliance log” with “Evaluated” yes and a finished review".
func (c *Course) describeRecorded(r *Rule) string {
	it := c.Worksheet(r.Target)
	if it == nil {
		return "record entries in " + quote(r.Target)
	}
	w := it.Worksheet
	n := 1
	if r.Min != nil {
		n = int(*r.Min)
	}
	var s string
	switch {
	case !w.Many:
		s = "fill in " + quote(it.Title)
	case n == 1:
		s = "log at least 1 " + w.Noun + " in " + quote(it.Title)
	default:
		s = fmt.Sprintf("log at least %d %s in %s", n, w.Plural, quote(it.Title))
	}
	var with []string
	for _, m := range r.Where {
		label := m.Field
		if fd := w.Field(m.Field); fd != nil {
			label = fd.Label
		}
		with = append(with, quote(label)+" "+m.Value)
	}
	if rv := c.Worksheet(r.Reviewed); rv != nil {
		with = append(with, "a finished "+rv.Worksheet.Noun)
	}
	if len(with) > 0 {
		s += " with " + joinWords(with, "and")
	}
	return s
}
