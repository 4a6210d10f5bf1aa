package linear

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Worksheets in linear mode: a worksheet lists its entries as a numbered
// menu; adding or editing one asks field by field, and what has been typed
// is kept as a draft after every field, so that a quit or the end of the
// input loses nothing. An attached worksheet (a review, `for:`) is filled
// in from the entries of the worksheet it is attached to.

var workbookMenu = menu{
	{names: []string{"#"}, shown: "a number", help: "open that worksheet"},
	{names: []string{"l", "list"}, help: "list the worksheets again"},
	{names: []string{"b", "back", "q"}, help: "back to where you were"},
}

var sheetMenu = menu{
	{names: []string{"#"}, shown: "a number", help: "read that entry, every field"},
	{names: []string{"a", "add"}, help: "add an entry, field by field"},
	{names: []string{"e", "edit"}, shown: "e and a number, or edit and a number", help: "change that entry, field by field"},
	{names: []string{"d", "delete"}, shown: "d and a number, or delete and a number", help: "delete that entry (and its review); you are asked to confirm"},
	{names: []string{"u", "undo"}, help: "bring back the entry deleted last"},
	{names: []string{"r", "review"}, shown: "r and a number, or review and a number", help: "write or change the review of that entry"},
	{names: []string{"g", "grid"}, help: "the grid: every entry as a row, in words"},
	{names: []string{"sort"}, shown: "sort by and a column, e.g. sort by outcome; add desc to reverse", help: "the grid sorted by that column"},
	{names: []string{"l", "list"}, help: "list the entries again"},
	{names: []string{"b", "back", "q"}, help: "back to where you were"},
}

// fieldMenu is what can be typed while a field is asked; any other line is
// the answer.
var fieldMenu = menu{
	{names: []string{""}, help: "keep the answer shown (or leave the field blank) and go on"},
	{names: []string{"clear"}, help: "empty this field"},
	{names: []string{"previous"}, help: "back to the field before"},
	{names: []string{"stop"}, help: "leave the entry; what you typed is kept as a draft for next time"},
	{names: []string{"*"}, shown: "anything else", help: "your answer"},
}

// noteMenu is what the first line of a lesson's notes can be.
var noteMenu = menu{
	{names: []string{""}, help: "keep your notes as they are"},
	{names: []string{"clear"}, help: "remove your notes"},
	{names: []string{"*"}, shown: "anything else", help: "the first line of your new notes; a line holding only . ends them"},
}

var reviewMenu = menu{
	{names: []string{"save", "s"}, help: "save the entry"},
	{names: []string{"#"}, shown: "a number", help: "change that field"},
	{names: []string{"stop"}, help: "leave; what you typed is kept as a draft for next time"},
	{names: []string{"discard"}, help: "throw the draft away (the saved entry, if any, stays as it was)"},
}

// sheet is the open worksheet's state: what was deleted last, for undo.
type sheet struct {
	it   *content.Item // a worksheet that is not attached to another
	undo *progress.Deleted
}

// worksheet opens a worksheet item. An attached worksheet opens the one it
// is attached to, whose entries its reviews are about.
func (s *session) worksheet(ctx context.Context, it *content.Item) error {
	if p := it.Worksheet.Parent; p != nil {
		s.out.blank()
		s.out.line("Worksheet: %s. There is one %s for each %s of “%s”: open an %s below and type r and its number.",
			it.Title, it.Worksheet.Noun, p.Worksheet.Noun, p.Title, p.Worksheet.Noun)
		it = p
	}
	return s.sheet(ctx, &sheet{it: it})
}

// workbook lists every worksheet of the course (the `w` command).
func (s *session) workbook(ctx context.Context) error {
	var sheets []*content.Item
	for _, it := range s.c.Worksheets() {
		if it.Worksheet.Parent == nil {
			sheets = append(sheets, it)
		}
	}
	if len(sheets) == 0 {
		s.out.line("This course has no worksheets.")
		return nil
	}
	list := func() {
		s.out.blank()
		s.out.line("Workbook: your own records, kept with your progress. %s:", plural(len(sheets), "worksheet"))
		st := s.store.Snapshot()
		for i, it := range sheets {
			n := len(entriesOf(st, it.ID))
			status := it.Worksheet.Name(n)
			if why := s.lockedWhy(it); why != "" {
				status = "locked: needs " + why
			}
			s.out.line("  %d. %s, in %s: %s.", i+1, it.Title, moduleName(it.Module), status)
		}
	}
	list()
	for {
		name, arg, err := s.ask(ctx, fmt.Sprintf("Workbook. Worksheet (1 to %d):", len(sheets)), workbookMenu)
		if err != nil {
			return err
		}
		switch name {
		case "#":
			n, err := number(arg, len(sheets))
			if err != nil {
				s.out.line("No worksheet %s: %v.", arg, err)
				continue
			}
			if err := s.sheet(ctx, &sheet{it: sheets[n-1]}); err != nil {
				return err
			}
			list()
		case "l":
			list()
		case "b":
			return nil
		}
	}
}

func entriesOf(st *progress.State, ws string) []progress.Entry {
	if r := st.Worksheets[ws]; r != nil {
		return r.Entries
	}
	return nil
}

// lockedWhy is what keeps a worksheet's module closed, "" when it is open.
func (s *session) lockedWhy(it *content.Item) string {
	ms := s.store.Overview().Module(it.Module.ID)
	if ms == nil || ms.Status != progress.StatusLocked {
		return ""
	}
	return lowerJoin(ms.Unmet)
}

// sheet is the menu of one worksheet's entries.
func (s *session) sheet(ctx context.Context, sh *sheet) error {
	it, ws := sh.it, sh.it.Worksheet
	s.out.blank()
	s.out.line("Worksheet: %s, in %s.", it.Title, moduleName(it.Module))
	s.printMarkdown("intro:"+it.ID, ws.Intro)
	if why := s.lockedWhy(it); why != "" {
		s.out.line("It is locked: its module opens once you %s. You can read what it holds, not add to it yet.", why)
	}
	s.listEntries(it)
	hint := "a number reads an entry, e and a number edits it, d deletes it"
	if len(ws.Attached) > 0 {
		hint += ", r writes its " + ws.Attached[0].Worksheet.Noun
	}
	s.out.say(upperFirst(hint) + ", g prints the grid; help lists everything.")
	for {
		entries := entriesOf(s.store.Snapshot(), it.ID)
		prompt := "Worksheet. a to add, a number to read, b back:"
		if len(entries) == 0 {
			prompt = "Worksheet. a to add, b back:"
		}
		name, arg, err := s.ask(ctx, prompt, sheetMenu)
		if err != nil {
			return err
		}
		pick := func(verb string) (progress.Entry, bool) {
			if len(entries) == 0 {
				s.out.line("There is no %s yet; a adds one.", ws.Noun)
				return progress.Entry{}, false
			}
			if arg == "" {
				s.out.line("Type %s and the number of the %s, e.g. %s 1.", name, ws.Noun, name)
				return progress.Entry{}, false
			}
			n, err := number(arg, len(entries))
			if err != nil {
				s.out.line("No %s %s to %s: %v.", ws.Noun, arg, verb, err)
				return progress.Entry{}, false
			}
			return entries[n-1], true
		}
		switch name {
		case "#":
			if e, ok := pick("read"); ok {
				s.readEntry(it, e)
			}
		case "a":
			if !ws.Many && len(entries) > 0 {
				s.out.line("“%s” holds one %s: type e 1 to change it.", it.Title, ws.Noun)
				continue
			}
			if err := s.fill(ctx, it, "", ""); err != nil {
				return err
			}
			s.listEntries(it)
		case "e":
			if e, ok := pick("edit"); ok {
				if err := s.fill(ctx, it, e.ID, ""); err != nil {
					return err
				}
				s.listEntries(it)
			}
		case "r":
			if len(ws.Attached) == 0 {
				s.out.line("“%s” has no review attached to it.", it.Title)
				continue
			}
			if e, ok := pick("review"); ok {
				a := ws.Attached[0]
				var err error
				if rv := s.store.Snapshot().Worksheets[a.ID].For(e.ID); rv != nil && !a.Worksheet.Many {
					err = s.fill(ctx, a, rv.ID, "")
				} else {
					err = s.fill(ctx, a, "", e.ID)
				}
				if err != nil {
					return err
				}
				s.listEntries(it)
			}
		case "d":
			if e, ok := pick("delete"); ok {
				if err := s.deleteEntry(ctx, sh, e); err != nil {
					return err
				}
			}
		case "u":
			if sh.undo == nil {
				s.out.line("Nothing to undo.")
				continue
			}
			d := *sh.undo
			sh.undo = nil
			s.save("undo the delete", func(st *progress.Store) error { return st.RestoreEntry(d) })
			s.out.line("Restored “%s”.", progress.EntryName(ws, d.Entry))
			s.listEntries(it)
		case "g":
			s.printGrid(it, "")
		case "sort":
			s.printGrid(it, arg)
		case "l":
			s.listEntries(it)
		case "b":
			return nil
		}
	}
}

// listEntries says what the worksheet holds: "Alliance 2 of 3: Food lab,
// reviewed."
func (s *session) listEntries(it *content.Item) {
	ws := it.Worksheet
	st := s.store.Snapshot()
	entries := entriesOf(st, it.ID)
	s.out.line("It holds %s.", ws.Name(len(entries)))
	noun := upperFirst(ws.Noun)
	for i, e := range entries {
		var extra []string
		for _, a := range ws.Attached {
			if st.Worksheets[a.ID].For(e.ID) != nil {
				extra = append(extra, "reviewed")
				if a.Worksheet.Noun != "review" {
					extra[len(extra)-1] = a.Worksheet.Noun + " written"
				}
			} else {
				extra = append(extra, "no "+a.Worksheet.Noun+" yet")
			}
			if st.Drafts.Entries[progress.DraftKey(a.ID, "", e.ID)] != nil {
				extra = append(extra, "an unsaved "+a.Worksheet.Noun+" draft")
			}
		}
		if st.Drafts.Entries[progress.DraftKey(it.ID, e.ID, "")] != nil {
			extra = append(extra, "unsaved changes")
		}
		line := fmt.Sprintf("  %d. %s %d of %d: %s", i+1, noun, i+1, len(entries), progress.EntryName(ws, e))
		if len(extra) > 0 {
			line += ", " + strings.Join(extra, ", ")
		}
		s.out.say(line + ".")
	}
	if st.Drafts.Entries[progress.DraftKey(it.ID, "", "")] != nil {
		s.out.line("You have an unsaved new %s; a goes on with it.", ws.Noun)
	}
}

// readEntry prints every field of an entry, and of its reviews.
func (s *session) readEntry(it *content.Item, e progress.Entry) {
	ws := it.Worksheet
	s.out.line("%s: %s.", upperFirst(ws.Noun), progress.EntryName(ws, e))
	printFields(s, ws, e.Values)
	st := s.store.Snapshot()
	for _, a := range ws.Attached {
		rv := st.Worksheets[a.ID].For(e.ID)
		if rv == nil {
			s.out.line("No %s yet; r and its number writes one.", a.Worksheet.Noun)
			continue
		}
		s.out.line("Its %s, %s:", a.Worksheet.Noun, a.Title)
		printFields(s, a.Worksheet, rv.Values)
	}
}

func printFields(s *session, ws *content.Worksheet, vals map[string]progress.Value) {
	for i, f := range ws.Fields {
		s.out.line("  %d. %s: %s.", i+1, f.Label, valueWords(f, vals))
	}
}

// valueWords is a field's answer in words: "blank" when there is none.
func valueWords(f *content.Field, vals map[string]progress.Value) string {
	v, ok := vals[f.ID]
	text := ""
	if ok {
		text = strings.TrimSpace(progress.Clean(v.Format(f)))
	}
	if text == "" {
		return "blank"
	}
	if f.Type == content.FieldLongText {
		lines := strings.Split(text, "\n")
		if len(lines) > 1 {
			return plural(len(lines), "line") + ":\n    " + strings.Join(lines, "\n    ")
		}
	}
	return text
}

// deleteEntry asks to confirm, then deletes the entry and what is attached.
func (s *session) deleteEntry(ctx context.Context, sh *sheet, e progress.Entry) error {
	it := sh.it
	d, ok := progress.PlanDelete(s.c, s.store.Snapshot(), it.ID, e.ID)
	if !ok {
		s.out.line("That %s is gone already.", it.Worksheet.Noun)
		return nil
	}
	what := "“" + progress.EntryName(it.Worksheet, e) + "”"
	if len(d.Attached) > 0 {
		what += " and its " + it.Worksheet.Attached[0].Worksheet.Noun
	}
	line, err := s.readLine(ctx, "Delete "+what+"? Type yes to confirm, anything else keeps it:")
	if err != nil {
		return err
	}
	if strings.ToLower(line) != "yes" {
		s.out.line("Nothing deleted.")
		return nil
	}
	ws, id := it.ID, e.ID
	s.save("delete the entry", func(st *progress.Store) error { _, err := st.DeleteEntry(ws, id); return err })
	sh.undo = &d
	s.out.line("Deleted %s. u brings it back.", what)
	s.listEntries(it)
	return nil
}

// form is one entry being filled in.
type form struct {
	it            *content.Item
	entry, parent string
	vals          map[string]progress.Value
}

// fill asks for an entry field by field (a new one when entry is "", for
// the parent entry of an attached worksheet), then saves it. The draft is
// kept after every field.
func (s *session) fill(ctx context.Context, it *content.Item, entry, parent string) error {
	if why := s.lockedWhy(it); why != "" {
		s.out.line("“%s” is locked: its module opens once you %s.", it.Title, why)
		return nil
	}
	ws := it.Worksheet
	st := s.store.Snapshot()
	f := &form{it: it, entry: entry, parent: parent, vals: map[string]progress.Value{}}
	head := "New " + ws.Noun
	if entry != "" {
		e := st.Worksheets[it.ID].Entry(entry)
		if e == nil {
			s.out.line("“%s” has no %s %s any more.", it.Title, ws.Noun, entry)
			return nil
		}
		f.parent = e.For
		for k, v := range e.Values {
			f.vals[k] = v
		}
		head = "Changing " + ws.Noun + " “" + progress.EntryName(ws, *e) + "”"
	}
	if p := ws.Parent; p != nil {
		if pe := st.Worksheets[p.ID].Entry(f.parent); pe != nil {
			head += " of “" + progress.EntryName(p.Worksheet, *pe) + "”"
		}
	}
	s.out.blank()
	s.out.line("%s in %s: %s.", head, it.Title, plural(len(ws.Fields), "field"))
	if d := st.Drafts.Entries[progress.DraftKey(it.ID, entry, f.parent)]; d != nil {
		f.vals = map[string]progress.Value{}
		for k, v := range d.Values {
			f.vals[k] = v
		}
		s.out.line("Your unsaved draft is back, with %s filled in; Enter keeps each answer.", plural(len(d.Values), "field"))
	}
	s.out.line("Enter keeps the answer shown; stop leaves and keeps a draft; help lists the rest.")
	for i := 0; i < len(ws.Fields); {
		next, err := s.askField(ctx, f, i)
		if err != nil {
			return err
		}
		if next < 0 {
			s.stopped(f)
			return nil
		}
		i = next
	}
	return s.finish(ctx, f)
}

// finish reads the entry back and saves it, or lets the learner change a
// field first.
func (s *session) finish(ctx context.Context, f *form) error {
	ws := f.it.Worksheet
	for {
		s.out.line("That is every field. Your %s:", ws.Noun)
		printFields(s, ws, f.vals)
		name, arg, err := s.ask(ctx, "Type save to save it, a field's number to change it, or stop:", reviewMenu)
		if err != nil {
			return err
		}
		switch name {
		case "save":
			if i, msg := s.check(f); i >= 0 {
				s.out.say("Not saved: " + msg)
				if _, err := s.askField(ctx, f, i); err != nil {
					return err
				}
				continue
			}
			if s.saveEntry(f) {
				return nil
			}
		case "#":
			n, err := number(arg, len(ws.Fields))
			if err != nil {
				s.out.line("No field %s: %v.", arg, err)
				continue
			}
			if _, err := s.askField(ctx, f, n-1); err != nil {
				return err
			}
		case "stop":
			s.stopped(f)
			return nil
		case "discard":
			id, entry, parent := f.it.ID, f.entry, f.parent
			s.save("throw the draft away", func(st *progress.Store) error { return st.DiscardEntryDraft(id, entry, parent) })
			s.out.line("Draft thrown away.")
			return nil
		}
	}
}

// stopped says what became of an entry left before it was saved.
func (s *session) stopped(f *form) {
	if s.store.Snapshot().Drafts.Entries[progress.DraftKey(f.it.ID, f.entry, f.parent)] == nil {
		s.out.line("Stopped; nothing was changed.")
		return
	}
	s.out.line("Stopped. What you typed is kept as a draft; open the %s again to go on.", f.it.Worksheet.Noun)
}

// check finds the first field that keeps the entry from being saved: a
// required field left blank, or an answer the field does not take.
func (s *session) check(f *form) (int, string) {
	for i, fd := range f.it.Worksheet.Fields {
		v, ok := f.vals[fd.ID]
		if !ok || strings.TrimSpace(v.Format(fd)) == "" {
			if fd.Required {
				return i, fmt.Sprintf("field %d, %s, is required.", i+1, fd.Label)
			}
			continue
		}
		if fd.Type == content.FieldNumber && v.Num == nil || fd.Type == content.FieldScale && v.Num == nil {
			return i, fmt.Sprintf("field %d, %s: %q is not a number.", i+1, fd.Label, progress.Clean(v.Format(nil)))
		}
		if err := progress.CheckValue(fd, v); err != nil {
			return i, fmt.Sprintf("field %d, %s.", i+1, strings.TrimPrefix(err.Error(), progress.ErrInvalidAnswer.Error()+": "))
		}
	}
	return -1, ""
}

// saveEntry saves the entry; it reports whether the store took it.
func (s *session) saveEntry(f *form) bool {
	ws, entry, parent, vals := f.it.ID, f.entry, f.parent, f.vals
	ok := false
	run := func(st *progress.Store) error {
		var err error
		if entry != "" {
			err = st.UpdateEntry(ws, entry, vals)
		} else {
			_, err = st.AddEntry(ws, parent, vals)
		}
		ok = err == nil || isNotice(err)
		return err
	}
	s.save("save the entry", run)
	if ok {
		s.out.line("Saved: %s “%s”.", f.it.Worksheet.Noun, progress.EntryName(f.it.Worksheet, progress.Entry{Values: vals}))
	}
	return ok
}

func isNotice(err error) bool {
	var n *progress.NoticeError
	return err != nil && errors.As(err, &n)
}

// keepDraft saves what has been typed so far.
func (s *session) keepDraft(f *form) {
	vals := make(map[string]progress.Value, len(f.vals))
	for k, v := range f.vals {
		vals[k] = v
	}
	ws, entry, parent := f.it.ID, f.entry, f.parent
	s.save("keep your draft", func(st *progress.Store) error { return st.SaveEntryDraft(ws, entry, parent, vals) })
}

// askField asks field i until it gets an answer the field takes, keeps the
// draft when it changed, and returns the field to ask next: i+1, i-1 for
// previous, or -1 for stop.
func (s *session) askField(ctx context.Context, f *form, i int) (int, error) {
	ws := f.it.Worksheet
	fd := ws.Fields[i]
	s.out.say(fieldQuestion(fd, i, len(ws.Fields), f.vals))
	if fd.Help != "" {
		s.out.say(sentence(inline(fd.Help)))
	}
	for {
		var (
			v     progress.Value
			clear bool
		)
		if fd.Type == content.FieldLongText {
			text, cmd, err := s.readText(ctx, fieldMenu)
			if err != nil {
				if strings.TrimSpace(text) != "" && progress.CheckValue(fd, progress.TextValue(text)) == nil {
					f.vals[fd.ID] = progress.TextValue(text)
					s.keepDraft(f)
				}
				return 0, err
			}
			switch cmd {
			case "":
				return i + 1, nil
			case "previous":
				return max(0, i-1), nil
			case "stop":
				return -1, nil
			case "clear":
				clear = true
			default:
				v = progress.TextValue(text)
			}
		} else {
			name, line, err := s.fieldLine(ctx, fieldPrompt(fd))
			if err != nil {
				return 0, err
			}
			switch name {
			case "":
				return i + 1, nil
			case "previous":
				return max(0, i-1), nil
			case "stop":
				return -1, nil
			case "clear":
				clear = true
			default:
				var perr error
				if v, perr = parseValue(fd, line); perr != nil {
					s.out.say(perr.Error())
					continue
				}
			}
		}
		if clear {
			if _, had := f.vals[fd.ID]; had {
				delete(f.vals, fd.ID)
				s.keepDraft(f)
			}
			s.out.line("%s is blank now.", fd.Label)
			return i + 1, nil
		}
		if err := progress.CheckValue(fd, v); err != nil {
			s.out.say(sentence(strings.TrimPrefix(err.Error(), progress.ErrInvalidAnswer.Error()+": ")) + " Try again.")
			continue
		}
		f.vals[fd.ID] = v
		s.keepDraft(f)
		return i + 1, nil
	}
}

// fieldQuestion says which field this is and what it takes: "Field 3 of 6,
// Partner type, one of: 1 Upstream, 2 Horizontal, 3 Downstream."
func fieldQuestion(fd *content.Field, i, n int, vals map[string]progress.Value) string {
	q := fmt.Sprintf("Field %d of %d, %s", i+1, n, inline(fd.Label))
	if fd.Required {
		q += ", required"
	}
	switch fd.Type {
	case content.FieldText:
		q += ", one line of text"
	case content.FieldLongText:
		q += ", text of several lines"
	case content.FieldDate:
		q += ", a date as YYYY-MM-DD"
	case content.FieldNumber:
		q += ", " + boundsWords(fd)
	case content.FieldYesNo:
		q += ", yes or no"
	case content.FieldChoice:
		q += ", one of: " + numbered(fd.Options)
	case content.FieldChoices:
		q += ", any of: " + numbered(fd.Options)
	case content.FieldScale:
		q += ", a scale: " + numbered(fd.Labels)
	}
	q += ". "
	if cur := valueWords(fd, vals); cur != "blank" {
		q += "Now: " + cur + "."
	} else {
		q += "Now blank."
	}
	return q
}

// fieldPrompt is the short question that waits for the answer.
func fieldPrompt(fd *content.Field) string {
	switch fd.Type {
	case content.FieldChoice, content.FieldScale:
		return "Type a number, or Enter to keep:"
	case content.FieldChoices:
		return "Type the numbers, e.g. 1 3, or Enter to keep:"
	case content.FieldYesNo:
		return "Type yes or no, or Enter to keep:"
	case content.FieldDate:
		return "Type the date, e.g. 2025-03-31, or Enter to keep:"
	case content.FieldNumber:
		return "Type a number, or Enter to keep:"
	}
	return "Type your answer, or Enter to keep:"
}

func numbered(opts []string) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = fmt.Sprintf("%d %s", i+1, inline(o))
	}
	return strings.Join(parts, ", ")
}

func boundsWords(fd *content.Field) string {
	switch {
	case fd.Min != nil && fd.Max != nil:
		return fmt.Sprintf("a number from %s to %s", formatNum(*fd.Min), formatNum(*fd.Max))
	case fd.Min != nil:
		return "a number of at least " + formatNum(*fd.Min)
	case fd.Max != nil:
		return "a number of at most " + formatNum(*fd.Max)
	}
	return "a number"
}

// parseValue reads a typed answer as the field's value; the error says
// what to type instead.
func parseValue(fd *content.Field, line string) (progress.Value, error) {
	switch fd.Type {
	case content.FieldYesNo:
		switch strings.ToLower(line) {
		case "yes", "y":
			return progress.BoolValue(true), nil
		case "no", "n":
			return progress.BoolValue(false), nil
		}
		return progress.Value{}, fmt.Errorf("%q is not yes or no: type yes or no.", line)
	case content.FieldNumber:
		x, err := strconv.ParseFloat(strings.ReplaceAll(line, ",", "."), 64)
		if err != nil {
			return progress.Value{}, fmt.Errorf("%q is not a number: type %s, e.g. 3 or 2.5.", line, boundsWords(fd))
		}
		return progress.NumValue(x), nil
	case content.FieldChoice, content.FieldScale:
		opts := fd.Options
		if fd.Type == content.FieldScale {
			opts = fd.Labels
		}
		n, err := number(line, len(opts))
		if err != nil {
			return progress.Value{}, fmt.Errorf("%q: %v.", line, err)
		}
		if fd.Type == content.FieldScale {
			return progress.NumValue(float64(n)), nil
		}
		return progress.TextValue(opts[n-1]), nil
	case content.FieldChoices:
		var picked []string
		seen := map[int]bool{}
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' }) {
			n, err := number(w, len(fd.Options))
			if err != nil {
				return progress.Value{}, fmt.Errorf("%q: %v, one or several, e.g. 1 3.", w, err)
			}
			if !seen[n] {
				seen[n] = true
				picked = append(picked, fd.Options[n-1])
			}
		}
		return progress.ListValue(picked), nil
	}
	return progress.TextValue(line), nil
}

// fieldLine reads the answer to a field: cmd is "", clear, previous or
// stop when the line is exactly that, else "*" and the line. help lists
// these; quit leaves Ally.
func (s *session) fieldLine(ctx context.Context, prompt string) (cmd, line string, err error) {
	for {
		line, err := s.readLine(ctx, prompt)
		if err != nil {
			return "", "", err
		}
		switch strings.ToLower(line) {
		case "help", "?":
			s.out.line("Commands here:")
			for _, l := range fieldMenu.helpLines() {
				s.out.say("  " + l)
			}
			continue
		case "quit", "exit":
			return "", "", errQuit
		case "", "clear", "previous", "stop":
			return strings.ToLower(line), "", nil
		}
		return "*", line, nil
	}
}

// readText reads a long text line by line until a line holding only ".".
// An Enter, clear, previous or stop on the first line is that command
// (cmd); otherwise cmd is "text". A line "quit" ends the session with the
// text typed so far (errQuit), for the caller to keep.
func (s *session) readText(ctx context.Context, help menu) (text, cmd string, err error) {
	if s.toldText { // said in full once a session; help repeats it
		s.out.line("Line by line; a full stop alone ends it.")
	} else {
		s.toldText = true
		s.out.line("Type the text line by line; a line holding only a full stop ends it. On the first line, Enter keeps what is there; quit leaves, keeping what you typed.")
	}
	var lines []string
	size := 0
	for {
		prompt := "First line:"
		if len(lines) > 0 {
			prompt = "Next line, or . to end:"
		}
		line, err := s.readLine(ctx, prompt)
		if err != nil { // what was typed so far is still kept, in the draft
			return strings.Join(lines, "\n"), "text", err
		}
		if len(lines) == 0 {
			switch strings.ToLower(line) {
			case "help", "?":
				s.out.line("Type the text line by line; a line holding only a full stop ends it. Commands on the first line:")
				for _, l := range help.helpLines() {
					s.out.say("  " + l)
				}
				continue
			case "quit", "exit":
				return "", "", errQuit
			case "":
				return "", "", nil
			case "clear", "previous", "stop":
				return "", strings.ToLower(line), nil
			case ".":
				return "", "clear", nil
			}
		}
		if strings.EqualFold(line, "quit") { // leaves from a text too; what was typed is kept
			return strings.Join(lines, "\n"), "text", errQuit
		}
		if line == "." {
			return strings.TrimRight(strings.Join(lines, "\n"), "\n"), "text", nil
		}
		size += len(line) + 1
		if size > progress.MaxLongText*4 { // far past what the store keeps
			s.out.line("That is more than the %d characters a field keeps; a full stop ends it.", progress.MaxLongText)
			continue
		}
		lines = append(lines, line)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// printGrid prints the worksheet's grid as a list of rows in words, sorted
// by the column named in by ("by outcome", "outcome desc", "2") if any.
func (s *session) printGrid(it *content.Item, by string) {
	g := progress.NewGrid(s.c, s.store.Snapshot(), it)
	head := g.Header()
	if by != "" {
		words := strings.Fields(strings.ToLower(by))
		if len(words) > 0 && words[0] == "by" {
			words = words[1:]
		}
		desc := false
		if n := len(words); n > 0 && (words[n-1] == "desc" || words[n-1] == "descending" || words[n-1] == "reversed") {
			desc, words = true, words[:n-1]
		}
		col := findColumn(g, head, strings.Join(words, " "))
		if col < 0 {
			s.out.line("No column “%s”. The columns: %s.", strings.Join(words, " "), numbered(head))
			return
		}
		g.SortBy(col, desc)
		order := "first to last"
		if desc {
			order = "last to first"
		}
		s.out.line("Sorted by %s, %s; blanks last.", head[col], order)
	}
	s.out.line("Grid of %s: %s, %s: %s.", it.Title, it.Worksheet.Name(len(g.Rows)), plural(len(head), "column"), andList(head))
	for r := range g.Rows {
		var cells []string
		for c := range head {
			cell := strings.Join(strings.Fields(g.Cell(r, c)), " ")
			if cell == "" {
				cell = "blank"
			}
			cells = append(cells, head[c]+": "+cell)
		}
		s.out.line("  Row %d of %d: %s.", r+1, len(g.Rows), strings.Join(cells, "; "))
	}
}

// findColumn finds a column by its number, label or field id.
func findColumn(g *progress.Grid, head []string, name string) int {
	if n, err := number(name, len(head)); err == nil {
		return n - 1
	}
	for i, h := range head {
		if strings.EqualFold(h, name) {
			return i
		}
	}
	for i, c := range g.Columns {
		if strings.EqualFold(c.Ref, name) || c.Field != nil && strings.EqualFold(c.Field.ID, name) {
			return i
		}
	}
	for i, h := range head { // the start of a label will do
		if name != "" && strings.HasPrefix(strings.ToLower(h), name) {
			return i
		}
	}
	return -1
}

// notes shows the learner's notes on a lesson and lets them write new ones.
func (s *session) notes(ctx context.Context, it *content.Item) error {
	cur := progress.Clean(s.store.Snapshot().Notes[it.ID])
	if strings.TrimSpace(cur) == "" {
		s.out.line("No notes on “%s” yet.", it.Title)
	} else {
		s.out.line("Your notes on “%s”:", it.Title)
		s.out.say(cur)
		s.out.line("End of your notes. To replace them, type the new notes; clear removes them.")
	}
	text, cmd, err := s.readText(ctx, noteMenu)
	if err != nil && text == "" {
		return err
	}
	switch cmd {
	case "clear":
		if cur != "" {
			id := it.ID
			s.save("remove your notes", func(st *progress.Store) error { return st.SetNote(id, "") })
			s.out.line("Notes removed.")
		}
	case "text":
		id := it.ID
		s.save("save your notes", func(st *progress.Store) error { return st.SetNote(id, text) })
		if err == nil {
			s.out.line("Notes saved.")
		}
	default:
		s.out.line("Notes kept as they were.")
	}
	return err
}
