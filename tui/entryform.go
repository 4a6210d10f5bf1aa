package tui

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// formField is one field of the form and what has been typed or picked.
type formField struct {
	f     *content.Field
	input textinput.Model // text, date, number
	area  textarea.Model  // long text
	pick  int             // choice: option index; scale: 1…N; yes/no: 1 yes, 2 no; 0 = none
	picks []bool          // choices
}

// entryForm fills in one entry of a worksheet: a new one (entry "") or an
// edit. Tab moves between fields, and each move saves a draft, so a crash
// loses at most what was typed in the open field.
type entryForm struct {
	c      *common
	it     *content.Item
	entry  string // "" = new
	parent string // the parent entry of an attached worksheet
	fields []*formField
	pos    int
	dirty  bool // changed since the last draft
	err    string
	note   string
}

func newEntryForm(c *common, it *content.Item, entry, parent string) *entryForm {
	s := &entryForm{c: c, it: it, entry: entry, parent: parent}
	if entry != "" {
		if e := c.state.Worksheets[it.ID].Entry(entry); e != nil {
			s.parent = e.For
		}
	}
	vals := map[string]progress.Value{}
	if e := c.state.Worksheets[it.ID].Entry(entry); e != nil && entry != "" {
		vals = e.Values
	}
	if d := c.state.Drafts.Entries[s.draftKey()]; d != nil {
		vals = d.Values
		s.note = "Your unsaved draft is back. ctrl+s saves it."
	}
	for _, f := range it.Worksheet.Fields {
		ff := &formField{f: f}
		v, has := vals[f.ID]
		switch f.Type {
		case content.FieldLongText:
			ff.area = newArea(c, "ctrl+e opens your editor", 4)
			if has {
				ff.area.SetValue(progress.Clean(v.Format(f))) // the file may have been edited by hand
			}
		case content.FieldText, content.FieldDate, content.FieldNumber:
			ff.input = newInput(c, "› ", placeholder(f))
			ff.input.CharLimit = progress.MaxText
			if has {
				ff.input.SetValue(strings.ReplaceAll(progress.Clean(v.Format(f)), "\n", " "))
			}
		case content.FieldChoice:
			if has {
				ff.pick = slices.Index(f.Options, v.Format(f)) + 1
			}
		case content.FieldChoices:
			ff.picks = make([]bool, len(f.Options))
			for _, o := range v.List {
				if i := slices.Index(f.Options, o); i >= 0 {
					ff.picks[i] = true
				}
			}
		case content.FieldScale:
			if has && v.Num != nil {
				ff.pick = int(*v.Num)
			}
		case content.FieldYesNo:
			if has && v.Bool != nil {
				ff.pick = 2
				if *v.Bool {
					ff.pick = 1
				}
			}
		}
		s.fields = append(s.fields, ff)
	}
	s.resize()
	return s
}

func placeholder(f *content.Field) string {
	switch f.Type {
	case content.FieldDate:
		return "YYYY-MM-DD"
	case content.FieldNumber:
		return "a number"
	}
	return ""
}

func (s *entryForm) draftKey() string { return progress.DraftKey(s.it.ID, s.entry, s.parent) }

func (s *entryForm) init() tea.Cmd { return s.focus() }

// capturing: the form's text fields take every key but its own.
func (s *entryForm) capturing() bool { return true }

func (s *entryForm) help() keyHelp {
	k := s.c.keys.Form
	short := []key.Binding{k.Next, k.Prev, k.Save, k.Close}
	switch s.cur().f.Type {
	case content.FieldLongText:
		short = append(short, k.Editor)
	case content.FieldChoice, content.FieldChoices, content.FieldScale, content.FieldYesNo:
		short = append(short, k.Pick, k.Clear)
	}
	return keyHelp{short: short, full: [][]key.Binding{short}}
}

func (s *entryForm) cur() *formField { return s.fields[s.pos] }

func (s *entryForm) resize() {
	w := max(20, min(s.c.width-8, 76))
	for _, ff := range s.fields {
		switch ff.f.Type {
		case content.FieldLongText:
			ff.area.SetWidth(w)
		case content.FieldText, content.FieldDate, content.FieldNumber:
			ff.input.SetWidth(w)
		}
	}
}

// focus puts the cursor in the current field.
func (s *entryForm) focus() tea.Cmd {
	for i, ff := range s.fields {
		if i == s.pos {
			continue
		}
		switch ff.f.Type {
		case content.FieldLongText:
			ff.area.Blur()
		case content.FieldText, content.FieldDate, content.FieldNumber:
			ff.input.Blur()
		}
	}
	switch ff := s.cur(); ff.f.Type {
	case content.FieldLongText:
		return ff.area.Focus()
	case content.FieldText, content.FieldDate, content.FieldNumber:
		return ff.input.Focus()
	}
	return nil
}

// values is what the form holds, as the store takes it: half-typed numbers
// stay text (kept in a draft, refused on save).
func (s *entryForm) values() map[string]progress.Value {
	vals := map[string]progress.Value{}
	for _, ff := range s.fields {
		f := ff.f
		switch f.Type {
		case content.FieldLongText:
			if v := ff.area.Value(); strings.TrimSpace(v) != "" {
				vals[f.ID] = progress.TextValue(v)
			}
		case content.FieldText, content.FieldDate:
			if v := strings.TrimSpace(ff.input.Value()); v != "" {
				vals[f.ID] = progress.TextValue(v)
			}
		case content.FieldNumber:
			v := strings.TrimSpace(ff.input.Value())
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				vals[f.ID] = progress.NumValue(x)
			} else if v != "" {
				vals[f.ID] = progress.TextValue(v)
			}
		case content.FieldChoice:
			if ff.pick > 0 {
				vals[f.ID] = progress.TextValue(f.Options[ff.pick-1])
			}
		case content.FieldChoices:
			var l []string
			for i, on := range ff.picks {
				if on {
					l = append(l, f.Options[i])
				}
			}
			if len(l) > 0 {
				vals[f.ID] = progress.ListValue(l)
			}
		case content.FieldScale:
			if ff.pick > 0 {
				vals[f.ID] = progress.NumValue(float64(ff.pick))
			}
		case content.FieldYesNo:
			if ff.pick > 0 {
				vals[f.ID] = progress.BoolValue(ff.pick == 1)
			}
		}
	}
	return vals
}

// draft saves what has been typed, when something changed.
func (s *entryForm) draft() []saveOp {
	if !s.dirty {
		return nil
	}
	s.dirty = false
	ws, entry, parent, vals := s.it.ID, s.entry, s.parent, s.values()
	return []saveOp{{what: "keep your draft", run: func(st *progress.Store) error {
		return st.SaveEntryDraft(ws, entry, parent, vals)
	}}}
}

// leave keeps the draft when the app quits on this screen.
func (s *entryForm) leave() []saveOp { return s.draft() }

// check finds the first field that keeps the entry from being saved.
func (s *entryForm) check(vals map[string]progress.Value) (int, string) {
	for i, ff := range s.fields {
		v, ok := vals[ff.f.ID]
		if !ok {
			if ff.f.Required {
				return i, fmt.Sprintf("%s is required.", ff.f.Label)
			}
			continue
		}
		if ff.f.Type == content.FieldNumber && v.Num == nil {
			return i, fmt.Sprintf("%s: %q is not a number.", ff.f.Label, v.Format(nil))
		}
		if err := progress.CheckValue(ff.f, v); err != nil {
			return i, strings.TrimPrefix(err.Error(), progress.ErrInvalidAnswer.Error()+": ") + "."
		}
	}
	return -1, ""
}

func (s *entryForm) save() tea.Cmd {
	vals := s.values()
	if i, msg := s.check(vals); i >= 0 {
		s.err = msg
		s.pos = i
		return s.focus()
	}
	ws, entry, parent := s.it.ID, s.entry, s.parent
	op := saveOp{what: "save the entry", run: func(st *progress.Store) error {
		_, err := st.AddEntry(ws, parent, vals)
		return err
	}}
	if entry != "" {
		op.run = func(st *progress.Store) error { return st.UpdateEntry(ws, entry, vals) }
	}
	s.dirty = false
	s.c.save(op)
	return goBack
}

// editorDoneMsg brings back the text written in $EDITOR.
type editorDoneMsg struct {
	form  *entryForm
	field int
	text  string
	err   error
}

// editor opens the long text field in $VISUAL or $EDITOR (vi when neither
// is set), as git does, and puts what was saved back into the field.
func (s *entryForm) editor() tea.Cmd {
	ff, pos := s.cur(), s.pos
	f, err := os.CreateTemp("", "ally-*.md")
	if err != nil {
		return errCmd(fmt.Errorf("cannot open an editor: %w", err))
	}
	name := f.Name()
	_, err = f.WriteString(ff.area.Value())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return errCmd(fmt.Errorf("cannot open an editor: %w", err))
	}
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	if ed == "" {
		ed = "vi"
	}
	args := strings.Fields(ed)
	cmd := exec.Command(args[0], append(args[1:], name)...)
	return execProcess(cmd, func(err error) tea.Msg {
		defer os.Remove(name)
		if err != nil {
			return editorDoneMsg{form: s, field: pos, err: fmt.Errorf("the editor (%s) failed: %w", ed, err)}
		}
		data, rerr := os.ReadFile(name)
		return editorDoneMsg{form: s, field: pos, text: string(data), err: rerr}
	})
}

func (s *entryForm) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.resize()
	case editorDoneMsg:
		if msg.form != s {
			return s, nil
		}
		if msg.err != nil {
			s.err = msg.err.Error()
			return s, nil
		}
		text := strings.TrimRight(strings.ReplaceAll(msg.text, "\r\n", "\n"), "\n")
		if n := len([]rune(text)); n > progress.MaxLongText {
			s.err = fmt.Sprintf("The text is %d characters long; a field holds at most %d. Nothing was changed.", n, progress.MaxLongText)
			return s, nil
		}
		ff := s.fields[msg.field]
		ff.area.SetValue(progress.Clean(text))
		s.dirty = true
		s.c.save(s.draft()...)
		return s, nil
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *entryForm) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys.Form
	s.err, s.note = "", ""
	switch {
	case key.Matches(msg, k.Save):
		return s.save()
	case key.Matches(msg, k.Close):
		s.c.save(s.draft()...)
		return goBack
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev),
		msg.String() == "enter" && s.cur().f.Type != content.FieldLongText: // enter moves on, except in a long text
		if !key.Matches(msg, k.Prev) {
			s.pos = (s.pos + 1) % len(s.fields)
		} else {
			s.pos = (s.pos + len(s.fields) - 1) % len(s.fields)
		}
		s.c.save(s.draft()...)
		return s.focus()
	}
	ff := s.cur()
	switch ff.f.Type {
	case content.FieldLongText:
		if key.Matches(msg, k.Editor) {
			return s.editor()
		}
		before := ff.area.Value()
		var cmd tea.Cmd
		ff.area, cmd = ff.area.Update(msg)
		s.dirty = s.dirty || ff.area.Value() != before
		return cmd
	case content.FieldText, content.FieldDate, content.FieldNumber:
		before := ff.input.Value()
		var cmd tea.Cmd
		ff.input, cmd = ff.input.Update(msg)
		s.dirty = s.dirty || ff.input.Value() != before
		return cmd
	}
	if s.pick(ff, msg) {
		s.dirty = true
		s.c.save(s.draft()...) // a pick is a whole answer: keep it at once
		return nil
	}
	return nil
}

// pick handles the keys of choice, choices, scale and yes/no fields.
func (s *entryForm) pick(ff *formField, msg tea.KeyPressMsg) bool {
	f := ff.f
	n := len(f.Options)
	switch f.Type {
	case content.FieldScale:
		n = len(f.Labels)
	case content.FieldYesNo:
		n = 2
	}
	k := msg.String()
	if key.Matches(msg, s.c.keys.Form.Clear) {
		ff.pick = 0
		for i := range ff.picks {
			ff.picks[i] = false
		}
		return true
	}
	if f.Type == content.FieldYesNo && (k == "y" || k == "n") {
		ff.pick = map[string]int{"y": 1, "n": 2}[k]
		return true
	}
	if d, err := strconv.Atoi(k); err == nil && d >= 1 && d <= n {
		if f.Type == content.FieldChoices {
			ff.picks[d-1] = !ff.picks[d-1]
		} else {
			ff.pick = d
		}
		return true
	}
	if f.Type != content.FieldChoices && (k == "left" || k == "right") {
		step := 1
		if k == "left" {
			step = -1
		}
		ff.pick = (ff.pick-1+step+n)%n + 1
		if ff.pick < 1 {
			ff.pick = 1
		}
		return true
	}
	return false
}

func (s *entryForm) view() string {
	c, st := s.c, s.c.styles
	w := c.width
	what := "New " + s.it.Worksheet.Noun
	if s.entry != "" {
		what = "Edit " + s.it.Worksheet.Noun
	}
	crumb := st.Muted.Render("Workbook › "+s.it.Title+" › ") + st.Title.Render(what)
	if s.parent != "" && s.it.Worksheet.Parent != nil {
		if e := c.state.Worksheets[s.it.Worksheet.Parent.ID].Entry(s.parent); e != nil {
			crumb += st.Muted.Render("  of “" + progress.EntryName(s.it.Worksheet.Parent.Worksheet, *e) + "”")
		}
	}
	header := lipgloss.NewStyle().Padding(0, 1).Render(truncate(crumb, w-2))
	var lines []string
	focusLine := 0
	for i, ff := range s.fields {
		label := ff.f.Label
		if ff.f.Required {
			label += " *"
		}
		mark := "  "
		lab := st.Text.Render(label)
		if i == s.pos {
			mark = st.Accent.Render("› ")
			lab = st.Accent.Render(label)
			focusLine = len(lines)
		}
		lines = append(lines, mark+lab)
		if i == s.pos && ff.f.Help != "" {
			lines = append(lines, strings.Split(hanging(st.Muted.Render("  "+ff.f.Help), w-4, 2), "\n")...)
		}
		lines = append(lines, strings.Split(s.fieldView(ff, i == s.pos), "\n")...)
	}
	var msg []string
	if s.err != "" {
		msg = append(msg, st.Bad.Render("✗ "+s.err))
	}
	if s.note != "" {
		msg = append(msg, st.Notice.Render(s.note))
	}
	room := c.height - lipgloss.Height(header) - 1 - footerLines - len(msg)
	start := 0
	if focusLine > room/2 {
		start = min(focusLine-room/3, max(0, len(lines)-room))
	}
	end := min(len(lines), start+max(0, room))
	body := prefixLines(strings.Join(lines[start:end], "\n"), " ")
	out := header + "\n" + st.Rule.Render(repeat("─", w)) + "\n" + body
	if len(msg) > 0 {
		pad := c.height - footerLines - len(msg) - lipgloss.Height(out)
		out += strings.Repeat("\n", max(1, pad+1)) + prefixLines(strings.Join(msg, "\n"), " ")
	}
	return out
}

// fieldView draws a field's answer.
func (s *entryForm) fieldView(ff *formField, focused bool) string {
	st := s.c.styles
	f := ff.f
	ind := "    "
	switch f.Type {
	case content.FieldLongText:
		if focused {
			return prefixLines(ff.area.View(), ind)
		}
		v := strings.TrimSpace(ff.area.Value())
		if v == "" {
			return ind + st.Muted.Render("—")
		}
		first, _, more := strings.Cut(v, "\n")
		if more {
			first += " …"
		}
		return ind + truncate(first, s.c.width-8)
	case content.FieldText, content.FieldDate, content.FieldNumber:
		if focused {
			return ind + ff.input.View()
		}
		if v := ff.input.Value(); v != "" {
			return ind + truncate(v, s.c.width-8)
		}
		return ind + st.Muted.Render("—")
	case content.FieldChoices:
		var parts []string
		for i, o := range f.Options {
			box := "[ ]"
			if ff.picks[i] {
				box = "[x]"
			}
			parts = append(parts, fmt.Sprintf("%d %s %s", i+1, box, o))
		}
		return ind + hanging(strings.Join(parts, "   "), s.c.width-8, 0)
	}
	var opts []string
	switch f.Type {
	case content.FieldChoice:
		opts = f.Options
	case content.FieldScale:
		opts = f.Labels
	case content.FieldYesNo:
		opts = []string{"yes", "no"}
	}
	var parts []string
	for i, o := range opts {
		label := fmt.Sprintf("%d %s", i+1, o)
		if f.Type == content.FieldYesNo {
			label = o
		}
		if ff.pick == i+1 {
			label = st.Accent.Render("(•) " + label)
		} else {
			label = "( ) " + label
		}
		parts = append(parts, label)
	}
	return ind + hanging(strings.Join(parts, "   "), s.c.width-8, 0)
}

func prefixLines(s, with string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = with + l
	}
	return strings.Join(lines, "\n")
}
