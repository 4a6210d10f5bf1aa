package progress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/allyworks/ally/content"
)

// Value is the answer to one worksheet field: Text for text, long text,
// choice and date fields, Num for number and scale, Bool for yes/no, List
// for choices. In the file it is the plain JSON value: a string, a
// number, true/false or a list of strings.
type Value struct {
	Text *string
	Num  *float64
	Bool *bool
	List []string // choices: the options picked, in the author's order
}

// TextValue, NumValue, BoolValue and ListValue build values.
func TextValue(s string) Value   { return Value{Text: &s} }
func NumValue(f float64) Value   { return Value{Num: &f} }
func BoolValue(b bool) Value     { return Value{Bool: &b} }
func ListValue(l []string) Value { return Value{List: append([]string{}, l...)} }
func (v Value) isList() bool     { return v.List != nil }
func (v Value) clone() Value     { c := v; c.List = slices.Clone(v.List); return c }
func (v Value) emptyText() bool  { return v.Text != nil && strings.TrimSpace(*v.Text) == "" }
func (v Value) emptyList() bool  { return v.List != nil && len(v.List) == 0 }
func (v Value) blank() bool      { return v.emptyText() || v.emptyList() || v.none() }
func (v Value) none() bool       { return v.Text == nil && v.Num == nil && v.Bool == nil && v.List == nil }
func (v Value) String() string   { return v.Format(nil) }
func fmtNum(f float64) string    { return strconv.FormatFloat(f, 'f', -1, 64) }
func yesNo(b bool) string        { return map[bool]string{true: "yes", false: "no"}[b] }
func listJoin(l []string) string { return strings.Join(l, ", ") }
func scaleLabel(f *content.Field, n float64) string {
	if i := int(n); f != nil && float64(i) == n && i >= 1 && i <= len(f.Labels) {
		return fmt.Sprintf("%d (%s)", i, f.Labels[i-1])
	}
	return fmtNum(n)
}

// Format renders the value for people: a scale as "3 (Good)", yes/no as
// yes or no, choices joined with commas. f may be nil.
func (v Value) Format(f *content.Field) string {
	switch {
	case v.Text != nil:
		return *v.Text
	case v.Num != nil && f != nil && f.Type == content.FieldScale:
		return scaleLabel(f, *v.Num)
	case v.Num != nil:
		return fmtNum(*v.Num)
	case v.Bool != nil:
		return yesNo(*v.Bool)
	case v.List != nil:
		return listJoin(v.List)
	}
	return ""
}

// MarshalJSON writes the plain JSON value.
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.Text != nil:
		return json.Marshal(*v.Text)
	case v.Num != nil:
		return json.Marshal(*v.Num)
	case v.Bool != nil:
		return json.Marshal(*v.Bool)
	case v.List != nil:
		return json.Marshal(v.List)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a string, number, boolean or list of strings.
func (v *Value) UnmarshalJSON(data []byte) error {
	*v = Value{}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	switch data[0] {
	case '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		v.Text = &s
	case 't', 'f':
		var b bool
		if err := json.Unmarshal(data, &b); err != nil {
			return err
		}
		v.Bool = &b
	case '[':
		l := []string{}
		if err := json.Unmarshal(data, &l); err != nil {
			return err
		}
		v.List = l
	default:
		var f float64
		if err := json.Unmarshal(data, &f); err != nil {
			return err
		}
		v.Num = &f
	}
	return nil
}

// WorksheetRecord holds the entries of one worksheet, oldest first.
type WorksheetRecord struct {
	Entries []Entry `json:"entries"`
	Next    int     `json:"next"` // the number in the next entry's id; ids are never reused
}

// Entry is one filled-in worksheet: one alliance of a log, or the review
// of one alliance (For: that alliance's entry id).
type Entry struct {
	ID      string           `json:"id"`
	For     string           `json:"for,omitempty"`
	Created time.Time        `json:"created"`
	Updated time.Time        `json:"updated"`
	Values  map[string]Value `json:"values"` // by field id; unanswered fields are absent
}

func (e Entry) clone() Entry {
	c := e
	c.Values = make(map[string]Value, len(e.Values))
	for k, v := range e.Values {
		c.Values[k] = v.clone()
	}
	return c
}

func (r *WorksheetRecord) clone() *WorksheetRecord {
	c := &WorksheetRecord{Next: r.Next, Entries: make([]Entry, len(r.Entries))}
	for i, e := range r.Entries {
		c.Entries[i] = e.clone()
	}
	return c
}

// Entry returns the entry with the id, or nil.
func (r *WorksheetRecord) Entry(id string) *Entry {
	if r == nil {
		return nil
	}
	for i := range r.Entries {
		if r.Entries[i].ID == id {
			return &r.Entries[i]
		}
	}
	return nil
}

// For returns the entry attached to the parent entry id, or nil.
func (r *WorksheetRecord) For(parent string) *Entry {
	if r == nil {
		return nil
	}
	for i := range r.Entries {
		if r.Entries[i].For == parent {
			return &r.Entries[i]
		}
	}
	return nil
}

// EntryDraft is an entry being typed: new (Entry "") or an edit of Entry.
type EntryDraft struct {
	Worksheet string           `json:"worksheet"`
	Entry     string           `json:"entry,omitempty"`
	For       string           `json:"for,omitempty"`
	Updated   time.Time        `json:"updated"`
	Values    map[string]Value `json:"values"`
}

// DraftKey is the key of an entry's draft in Drafts.Entries: the
// worksheet id, then the entry id, or "+" and the parent entry for a new one.
func DraftKey(worksheet, entry, parent string) string {
	if entry != "" {
		return worksheet + "/" + entry
	}
	return worksheet + "/+" + parent
}

// Limits on what a learner can type, so that a progress file stays small
// enough to read in a blink.
const (
	MaxText     = 500   // characters in a text, choice or date field
	MaxLongText = 20000 // characters in a long text field or a note
	MaxEntries  = 1000  // entries in one worksheet
	maxNumber   = 1e15  // absolute value of a number field
	dateLayout  = "2006-01-02"
)

// MissingError lists the required fields of an entry that are empty.
type MissingError struct {
	Worksheet string
	Fields    []string // labels
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("“%s” needs %s before it can be saved", e.Worksheet, strings.Join(e.Fields, ", "))
}

// CheckValue reports whether v is a valid answer to the field.
func CheckValue(f *content.Field, v Value) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrInvalidAnswer, f.Label, fmt.Sprintf(format, args...))
	}
	text := func(limit int, multiline bool) error {
		if v.Text == nil {
			return bad("expects text")
		}
		if n := len([]rune(*v.Text)); n > limit {
			return bad("%d characters is too long (at most %d)", n, limit)
		}
		if strings.ContainsFunc(*v.Text, func(r rune) bool {
			return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t'))
		}) {
			return bad("control characters are not allowed")
		}
		return nil
	}
	switch f.Type {
	case content.FieldText:
		return text(MaxText, false)
	case content.FieldLongText:
		return text(MaxLongText, true)
	case content.FieldDate:
		if err := text(MaxText, false); err != nil {
			return err
		}
		if *v.Text == "" {
			return nil
		}
		if _, err := time.Parse(dateLayout, *v.Text); err != nil {
			return bad("%q is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31", *v.Text)
		}
	case content.FieldChoice:
		if v.Text == nil || (*v.Text != "" && !slices.Contains(f.Options, *v.Text)) {
			return bad("pick one of %s", listJoin(f.Options))
		}
	case content.FieldChoices:
		if v.List == nil {
			return bad("expects a list of options")
		}
		for i, o := range v.List {
			if !slices.Contains(f.Options, o) {
				return bad("%q is not one of %s", o, listJoin(f.Options))
			}
			if slices.Contains(v.List[:i], o) {
				return bad("%q is picked twice", o)
			}
		}
	case content.FieldNumber:
		if v.Num == nil || math.IsNaN(*v.Num) || math.Abs(*v.Num) > maxNumber {
			return bad("expects a number")
		}
		if f.Min != nil && *v.Num < *f.Min || f.Max != nil && *v.Num > *f.Max {
			return bad("%s is outside %s", fmtNum(*v.Num), boundsText(f.Min, f.Max))
		}
	case content.FieldScale:
		if v.Num == nil || *v.Num != math.Trunc(*v.Num) || *v.Num < 1 || int(*v.Num) > len(f.Labels) {
			return bad("expects a whole number from 1 to %d", len(f.Labels))
		}
	case content.FieldYesNo:
		if v.Bool == nil {
			return bad("expects yes or no")
		}
	}
	return nil
}

func boundsText(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmtNum(*lo) + " … " + fmtNum(*hi)
	case lo != nil:
		return "at least " + fmtNum(*lo)
	case hi != nil:
		return "at most " + fmtNum(*hi)
	}
	return "any number"
}

// checkValues checks every value against the worksheet's fields: unknown
// fields and invalid answers are errors. Blank values are dropped.
func checkValues(it *content.Item, values map[string]Value) (map[string]Value, error) {
	out := make(map[string]Value, len(values))
	for id, v := range values {
		f := it.Worksheet.Field(id)
		if f == nil {
			return nil, fmt.Errorf("%w: worksheet %q has no field %q", ErrInvalidAnswer, it.ID, id)
		}
		if v.blank() {
			continue
		}
		if err := CheckValue(f, v); err != nil {
			return nil, err
		}
		if f.Type == content.FieldChoices { // keep the author's order
			l := slices.Clone(v.List)
			slices.SortFunc(l, func(a, b string) int { return slices.Index(f.Options, a) - slices.Index(f.Options, b) })
			v = ListValue(l)
		}
		out[id] = v.clone()
	}
	return out, nil
}

// Missing returns the labels of the required fields values leaves blank.
func Missing(w *content.Worksheet, values map[string]Value) []string {
	var out []string
	for _, f := range w.Fields {
		if v, ok := values[f.ID]; f.Required && (!ok || v.blank()) {
			out = append(out, f.Label)
		}
	}
	return out
}

// worksheet returns the worksheet item with the id, or an ErrUnknownID error.
func (s *Store) worksheet(id string) (*content.Item, error) {
	return s.item(id, content.KindWorksheet)
}

// AddEntry saves a new entry in a worksheet and returns its id. For an
// attached worksheet, parent names the entry of the parent worksheet it is
// about (one per parent entry unless the worksheet has entries: many).
// Required fields must be filled (else a *MissingError); the worksheet's
// module must be open. It clears the entry's draft.
func (s *Store) AddEntry(worksheet, parent string, values map[string]Value) (string, error) {
	it, err := s.worksheet(worksheet)
	if err != nil {
		return "", err
	}
	w := it.Worksheet
	vals, err := checkValues(it, values)
	if err != nil {
		return "", err
	}
	if miss := Missing(w, vals); len(miss) > 0 {
		return "", &MissingError{Worksheet: it.Title, Fields: miss}
	}
	if (w.Parent != nil) != (parent != "") {
		if parent == "" {
			return "", fmt.Errorf("%w: “%s” is about an entry of “%s”: name it", ErrInvalidAnswer, it.Title, w.Parent.Title)
		}
		return "", fmt.Errorf("%w: “%s” is not attached to another worksheet", ErrInvalidAnswer, it.Title)
	}
	var id string
	err = s.apply(func(st *State) error {
		if err := s.mustBeOpen(st, it, "cannot fill in this worksheet"); err != nil {
			return err
		}
		r := st.Worksheets[worksheet]
		if r == nil {
			r = &WorksheetRecord{}
			st.Worksheets[worksheet] = r
		}
		if w.Parent != nil {
			if st.Worksheets[w.Parent.ID].Entry(parent) == nil {
				return fmt.Errorf("%w: “%s” has no entry %q", ErrUnknownID, w.Parent.Title, parent)
			}
			if !w.Many && r.For(parent) != nil {
				return fmt.Errorf("%w: that entry already has a “%s”: edit it instead", ErrInvalidAnswer, it.Title)
			}
		} else if !w.Many && len(r.Entries) > 0 {
			return fmt.Errorf("%w: “%s” holds one entry: edit it instead", ErrInvalidAnswer, it.Title)
		}
		if len(r.Entries) >= MaxEntries {
			return fmt.Errorf("%w: “%s” already holds %d entries, the most Ally keeps", ErrInvalidAnswer, it.Title, MaxEntries)
		}
		r.Next = max(r.Next, len(r.Entries)) + 1
		id = "e" + strconv.Itoa(r.Next)
		now := s.now()
		r.Entries = append(r.Entries, Entry{ID: id, For: parent, Created: now, Updated: now, Values: vals})
		delete(st.Drafts.Entries, DraftKey(worksheet, "", parent))
		return nil
	})
	if err != nil && !isNotice(err) {
		return "", err
	}
	return id, err
}

// UpdateEntry replaces an entry's values (required fields must be filled)
// and clears its draft.
func (s *Store) UpdateEntry(worksheet, id string, values map[string]Value) error {
	it, err := s.worksheet(worksheet)
	if err != nil {
		return err
	}
	vals, err := checkValues(it, values)
	if err != nil {
		return err
	}
	if miss := Missing(it.Worksheet, vals); len(miss) > 0 {
		return &MissingError{Worksheet: it.Title, Fields: miss}
	}
	return s.apply(func(st *State) error {
		e := st.Worksheets[worksheet].Entry(id)
		if e == nil {
			return fmt.Errorf("%w: “%s” has no entry %q", ErrUnknownID, it.Title, id)
		}
		e.Values = vals
		e.Updated = s.now()
		delete(st.Drafts.Entries, DraftKey(worksheet, id, ""))
		return nil
	})
}

// Deleted is what DeleteEntry removed: the entry and the entries attached
// to it, by worksheet id. RestoreEntry puts it back.
type Deleted struct {
	Worksheet string
	Entry     Entry
	Attached  map[string][]Entry
}

// DeleteEntry removes an entry, the entries attached to it (its reviews)
// and their drafts, and returns them for RestoreEntry (undo).
func (s *Store) DeleteEntry(worksheet, id string) (Deleted, error) {
	it, err := s.worksheet(worksheet)
	if err != nil {
		return Deleted{}, err
	}
	d := Deleted{Worksheet: worksheet, Attached: map[string][]Entry{}}
	err = s.apply(func(st *State) error {
		d.Attached = map[string][]Entry{}
		r := st.Worksheets[worksheet]
		e := r.Entry(id)
		if e == nil {
			return fmt.Errorf("%w: “%s” has no entry %q", ErrUnknownID, it.Title, id)
		}
		d.Entry = e.clone()
		r.Entries = slices.DeleteFunc(r.Entries, func(x Entry) bool { return x.ID == id })
		delete(st.Drafts.Entries, DraftKey(worksheet, id, ""))
		for _, a := range it.Worksheet.Attached {
			ar := st.Worksheets[a.ID]
			if ar == nil {
				continue
			}
			ar.Entries = slices.DeleteFunc(ar.Entries, func(x Entry) bool {
				if x.For == id {
					d.Attached[a.ID] = append(d.Attached[a.ID], x.clone())
					delete(st.Drafts.Entries, DraftKey(a.ID, x.ID, ""))
					return true
				}
				return false
			})
			delete(st.Drafts.Entries, DraftKey(a.ID, "", id))
		}
		return nil
	})
	if err != nil && !isNotice(err) {
		return Deleted{}, err
	}
	return d, err
}

// RestoreEntry puts back what DeleteEntry removed, with the same ids. An
// entry with that id already there is left as it is.
func (s *Store) RestoreEntry(d Deleted) error {
	if _, err := s.worksheet(d.Worksheet); err != nil {
		return err
	}
	put := func(st *State, ws string, e Entry) {
		r := st.Worksheets[ws]
		if r == nil {
			r = &WorksheetRecord{}
			st.Worksheets[ws] = r
		}
		if r.Entry(e.ID) != nil {
			return
		}
		r.Entries = append(r.Entries, e.clone())
		slices.SortStableFunc(r.Entries, func(a, b Entry) int { return a.Created.Compare(b.Created) })
		if n, err := strconv.Atoi(strings.TrimPrefix(e.ID, "e")); err == nil {
			r.Next = max(r.Next, n)
		}
	}
	return s.apply(func(st *State) error {
		put(st, d.Worksheet, d.Entry)
		for _, ws := range slices.Sorted(maps.Keys(d.Attached)) {
			for _, e := range d.Attached[ws] {
				put(st, ws, e)
			}
		}
		return nil
	})
}

// SaveEntryDraft keeps what has been typed into an entry so far (entry ""
// for a new one, with parent for an attached worksheet), so that a quit
// loses nothing. Saving the entry clears it; required fields may be blank.
func (s *Store) SaveEntryDraft(worksheet, entry, parent string, values map[string]Value) error {
	it, err := s.worksheet(worksheet)
	if err != nil {
		return err
	}
	vals := make(map[string]Value, len(values))
	for id, v := range values { // a draft keeps even half-typed answers, if safe
		f := it.Worksheet.Field(id)
		if f == nil {
			return fmt.Errorf("%w: worksheet %q has no field %q", ErrInvalidAnswer, worksheet, id)
		}
		if v.blank() {
			continue
		}
		if err := CheckValue(f, v); err != nil && !draftable(f, v) {
			return err
		}
		vals[id] = v.clone()
	}
	return s.apply(func(st *State) error {
		st.Drafts.Entries[DraftKey(worksheet, entry, parent)] = &EntryDraft{
			Worksheet: worksheet, Entry: entry, For: parent, Updated: s.now(), Values: vals}
		return nil
	})
}

// draftable: a half-typed date or number is kept in a draft as text.
func draftable(f *content.Field, v Value) bool {
	if v.Text == nil || len([]rune(*v.Text)) > MaxText || strings.ContainsFunc(*v.Text, unicode.IsControl) {
		return false
	}
	return f.Type == content.FieldDate || f.Type == content.FieldNumber || f.Type == content.FieldScale
}

// DiscardEntryDraft drops a draft (the learner cancelled the edit).
func (s *Store) DiscardEntryDraft(worksheet, entry, parent string) error {
	if _, err := s.worksheet(worksheet); err != nil {
		return err
	}
	key := DraftKey(worksheet, entry, parent)
	return s.apply(func(st *State) error {
		if st.Drafts.Entries[key] == nil {
			return errUnchanged
		}
		delete(st.Drafts.Entries, key)
		return nil
	})
}

// SetNote keeps the learner's notes on a lesson ("" removes them).
func (s *Store) SetNote(lesson, text string) error {
	if _, err := s.item(lesson, content.KindLesson); err != nil {
		return err
	}
	if n := len([]rune(text)); n > MaxLongText {
		return fmt.Errorf("%w: a note of %d characters is too long (at most %d)", ErrInvalidAnswer, n, MaxLongText)
	}
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) {
		return fmt.Errorf("%w: a note cannot hold control characters", ErrInvalidAnswer)
	}
	return s.apply(func(st *State) error {
		if strings.TrimSpace(text) == "" {
			if _, ok := st.Notes[lesson]; !ok {
				return errUnchanged
			}
			delete(st.Notes, lesson)
			return nil
		}
		st.Notes[lesson] = text
		return nil
	})
}

// Count is how many entries of a worksheet a recorded condition counts:
// those matching every `where` and, with `reviewed`, having an entry in
// that attached worksheet.
func Count(c *content.Course, st *State, r *content.Rule) int {
	it := c.Worksheet(r.Target)
	if it == nil || st == nil {
		return 0
	}
	n := 0
	rec := st.Worksheets[r.Target]
	if rec == nil {
		return 0
	}
	for _, e := range rec.Entries {
		if matches(it.Worksheet, e, r.Where) && (r.Reviewed == "" || st.Worksheets[r.Reviewed].For(e.ID) != nil) {
			n++
		}
	}
	return n
}

func matches(w *content.Worksheet, e Entry, where []content.Match) bool {
	for _, m := range where {
		v, ok := e.Values[m.Field]
		if !ok {
			return false
		}
		switch {
		case v.isList():
			if !slices.Contains(v.List, m.Value) {
				return false
			}
		case v.Bool != nil:
			if yesNo(*v.Bool) != m.Value {
				return false
			}
		case v.Num != nil:
			if fmtNum(*v.Num) != m.Value {
				return false
			}
		case v.Text == nil || *v.Text != m.Value:
			return false
		}
	}
	return true
}

// PlanDelete returns what DeleteEntry would remove from st (the entry and
// the entries attached to it), so that a screen can offer to undo it; ok
// is false when there is no such entry.
func PlanDelete(c *content.Course, st *State, worksheet, id string) (d Deleted, ok bool) {
	it := c.Worksheet(worksheet)
	e := st.Worksheets[worksheet].Entry(id)
	if it == nil || e == nil {
		return Deleted{}, false
	}
	d = Deleted{Worksheet: worksheet, Entry: e.clone(), Attached: map[string][]Entry{}}
	for _, a := range it.Worksheet.Attached {
		for _, x := range st.Worksheets[a.ID].entriesOf() {
			if x.For == id {
				d.Attached[a.ID] = append(d.Attached[a.ID], x.clone())
			}
		}
	}
	return d, true
}
