package linear

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

var mapMenu = menu{
	{names: []string{"#"}, shown: "a number", help: "open that module"},
	{names: []string{"c", "continue"}, help: "go on where you left off"},
	{names: []string{"n", "next"}, help: "take the recommended next step"},
	{names: []string{"m", "map"}, help: "list the modules again"},
	{names: []string{"s", "stage"}, shown: "s and a stage's place (s 2 for the second)", help: "list the modules of that stage"},
	{names: []string{"p", "progress"}, help: "your progress in the whole course"},
	{names: []string{"w", "workbook"}, help: "your workbook: every worksheet and what you recorded"},
	{names: []string{"q"}, help: "leave Ally (everything is saved)"},
}

// courseMap is the home of the session: the modules as a numbered menu.
func (s *session) courseMap(ctx context.Context) error {
	s.printMap()
	for {
		over := s.store.Overview()
		name, arg, err := s.ask(ctx, fmt.Sprintf("Course map. Module (1 to %d):", len(over.Modules)), mapMenu)
		if err != nil {
			return err
		}
		back := false // came back from somewhere
		switch name {
		case "#":
			n, err := number(arg, len(over.Modules))
			if err != nil {
				s.out.line("No module %s: %v.", arg, err)
				continue
			}
			if err := s.module(ctx, over.Modules[n-1].Module); err != nil {
				return err
			}
			back = true
		case "c":
			it := s.resumable()
			if it == nil {
				s.out.line("There is nowhere to go on from yet; type n for the next step.")
				continue
			}
			if back, err = s.visit(ctx, it); err != nil {
				return err
			}
		case "n":
			nx := over.Next
			if nx.Kind != progress.NextItem {
				s.out.say(nextWords(nx) + ".")
				continue
			}
			if back, err = s.visit(ctx, nx.Item); err != nil {
				return err
			}
		case "m":
			s.printMap()
		case "s":
			n, err := number(arg, len(over.Stages))
			if err != nil {
				s.out.line("No stage %s: %v.", arg, err)
				continue
			}
			s.printStages(func(i int) bool { return i == n-1 }, false)
		case "p":
			s.printProgress()
		case "w":
			if err := s.workbook(ctx); err != nil {
				return err
			}
			back = true
		case "q":
			return errQuit
		}
		if back { // where things stand, without the whole list again
			s.out.blank()
			s.out.line("Back at the course map; m lists the modules.")
			s.printSteps()
		}
	}
}

// resumable is the item to go on with: the last place, unless it is done.
func (s *session) resumable() *content.Item {
	last := s.store.Snapshot().Last
	if last == nil {
		return nil
	}
	it := s.c.Item(last.Item)
	if it == nil || s.store.Overview().Item(it.ID).Status == progress.ItemDone {
		return nil
	}
	return it
}

func nextWords(n progress.Next) string {
	switch n.Kind {
	case progress.NextItem:
		return "Next: " + n.String()
	case progress.NextUnlock:
		return "Next: nothing open is left. " + n.String()
	}
	return "Course complete: every module is done"
}

// printMap lists the stages and their modules, each with its status.
func (s *session) printMap() {
	s.printSteps()
	s.printModules()
}

// printSteps says where to go on and the recommended next step.
func (s *session) printSteps() {
	over := s.store.Overview()
	if it := s.resumable(); it != nil {
		line := fmt.Sprintf("To go on where you left off, type c: “%s” in “%s”", it.Title, it.Module.Title)
		if it.Kind == content.KindLesson {
			line += fmt.Sprintf(", %s read", pct(s.store.Snapshot().Last.Scroll))
		}
		s.out.say(line + ".")
	}
	nx := nextWords(over.Next)
	if over.Next.Kind == progress.NextItem {
		nx += "; type n"
	}
	s.out.say(nx + ".")
}

// bigMap is the most modules the course map lists. A bigger course
// (10,000 lessons make 1,112 modules) gets one line a stage, with the
// numbers of its modules, and s lists a stage's modules on request: a
// screen reader would otherwise read out every module at every map.
const bigMap = 40

// printModules lists the stages and their modules, each with its status;
// in a course of more than bigMap modules, the stages only.
func (s *session) printModules() {
	over := s.store.Overview()
	if len(over.Modules) <= bigMap {
		s.printStages(func(int) bool { return true }, false)
		return
	}
	s.printStages(func(int) bool { return false }, true)
	s.out.line("The course has %d modules in %d stages: type s and a stage's place to list its modules (s 2 for the second), or a module's number to open it.", len(over.Modules), len(over.Stages))
}

// printStages lists the stages list picks with their modules, numbered in
// the whole course; with others, each of the other stages in a line.
func (s *session) printStages(list func(i int) bool, others bool) {
	over := s.store.Overview()
	n := 0
	var prev *progress.ModuleState // the module listed before
	first := 0                     // the number of the first module behind prev's gate
	for i, st := range over.Stages {
		if !list(i) {
			switch {
			case !others:
			case len(st.Modules) > 0:
				s.out.line("%s, %s: %d of %d modules done; modules %d to %d (s %d lists them).", st.Stage.Label, st.Stage.Title, st.Done, st.Total, n+1, n+len(st.Modules), i+1)
			default:
				s.out.line("%s, %s: no modules.", st.Stage.Label, st.Stage.Title)
			}
			n += len(st.Modules)
			prev = nil
			continue
		}
		s.out.line("%s, %s: %d of %d modules done.", st.Stage.Label, st.Stage.Title, st.Done, st.Total)
		for _, ms := range st.Modules {
			n++
			status := moduleStatus(ms)
			// A long list of modules behind the same gate is said once.
			if prev != nil && ms.Status == progress.StatusLocked && prev.Status == progress.StatusLocked &&
				slices.Equal(ms.Unmet, prev.Unmet) && ms.Preview == prev.Preview {
				status = fmt.Sprintf("locked: needs the same as module %d", first)
			} else {
				first = n
			}
			s.out.line("  %d. %s: %s.", n, moduleName(ms.Module), status)
			prev = ms
		}
	}
}

var moduleMenu = menu{
	{names: []string{"#"}, shown: "a number", help: "open that item"},
	{names: []string{"i", "items"}, help: "list the items again"},
	{names: []string{"r", "read"}, help: "read the module's introduction again"},
	{names: []string{"b", "back", "q"}, help: "back to the course map"},
}

// module shows a module: its status, what a locked one needs, its
// introduction and its items as a numbered menu.
func (s *session) module(ctx context.Context, m *content.Module) error {
	ms := s.store.Overview().Module(m.ID)
	s.out.blank()
	s.out.line("Module %s: %s.", moduleName(m), moduleStatus(ms))
	if ms.Status == progress.StatusLocked {
		s.printGate(m)
	}
	s.printIntro(m)
	s.printItems(m)
	return s.moduleMenu(ctx, m)
}

// visit opens an item from the course map and, once the learner leaves
// it, goes to its module ("q to the module"), as if it had been opened
// there. It reports whether the item opened.
func (s *session) visit(ctx context.Context, it *content.Item) (bool, error) {
	last, err := s.openItem(ctx, it)
	if err != nil || last == nil {
		return false, err
	}
	s.backIn(last.Module)
	return true, s.moduleMenu(ctx, last.Module)
}

// backIn says where the learner is after leaving an item.
func (s *session) backIn(m *content.Module) {
	s.out.blank()
	s.out.line("Back in %s: %s.", moduleName(m), moduleStatus(s.store.Overview().Module(m.ID)))
	s.printItems(m)
}

// moduleMenu asks for the module's items until the learner goes back.
func (s *session) moduleMenu(ctx context.Context, m *content.Module) error {
	for {
		name, arg, err := s.ask(ctx, fmt.Sprintf("Item (1 to %d):", len(m.Items)), moduleMenu)
		if err != nil {
			return err
		}
		switch name {
		case "#":
			n, err := number(arg, len(m.Items))
			if err != nil {
				s.out.line("No item %s: %v.", arg, err)
				continue
			}
			last, err := s.openItem(ctx, m.Items[n-1])
			if err != nil {
				return err
			}
			if last != nil {
				m = last.Module // going on from item to item may have led into the next module
				s.backIn(m)
			}
		case "i":
			s.printItems(m)
		case "r":
			s.printIntro(m)
		case "b":
			return nil
		}
	}
}

// printGate is the checklist of a locked module: every condition of its
// rule, met or not, in words.
func (s *session) printGate(m *content.Module) {
	st := s.store.Snapshot()
	conds := flatten(m.EffectiveRule())
	s.out.line("To open it, all of these must hold:")
	for _, r := range conds {
		mark := "not yet"
		if progress.Holds(s.c, st, r) {
			mark = "done"
		}
		s.out.line("  %s: %s.", mark, s.c.Describe(r))
	}
	if m.Preview {
		s.out.line("Preview: you can read its lessons now; quizzes and assessments open when it unlocks, and lessons read now count once it does.")
	}
}

// flatten lists the conditions of a rule's top-level all, nested alls
// included, as progress.Unmet does.
func flatten(r *content.Rule) []*content.Rule {
	if r == nil {
		return nil
	}
	if r.Op != content.OpAll {
		return []*content.Rule{r}
	}
	var out []*content.Rule
	for _, a := range r.Args {
		out = append(out, flatten(a)...)
	}
	return out
}

func (s *session) printIntro(m *content.Module) { s.printMarkdown("module:"+m.ID, m.Intro) }

// printMarkdown prints an introduction as plain text, its paragraphs and
// lists kept; id names it for the renderer's cache.
func (s *session) printMarkdown(id, md string) {
	if strings.TrimSpace(md) == "" {
		return
	}
	text, err := s.o.Render(id, md)
	if err != nil {
		s.out.line("Could not show this introduction: %v.", err)
		return
	}
	s.out.say(strings.Join(pageLines(text), "\n"))
}

func (s *session) printItems(m *content.Module) {
	ms := s.store.Overview().Module(m.ID)
	s.out.line("Items:")
	for i, is := range ms.Items {
		status := itemStatus(is)
		switch it := is.Item; it.Kind {
		case content.KindQuiz:
			if d := len(s.quizDraft(it)); d > 0 && is.Quiz.CanAttempt() {
				status += fmt.Sprintf(", unfinished attempt: %d of %d answered", d, len(it.Quiz.Questions))
			}
		case content.KindWorksheet:
			if it.Worksheet.Parent == nil {
				status += ", holds " + it.Worksheet.Name(len(entriesOf(s.store.Snapshot(), it.ID)))
			}
		case content.KindAssessment:
			if d := len(s.assessDraft(it)); d > 0 {
				status += fmt.Sprintf(", unfinished attempt: %s", plural(d, "answer"))
			}
		}
		if ms.Status == progress.StatusLocked && (is.Item.Kind != content.KindLesson || !ms.Preview) {
			status = "locked, " + status
		}
		s.out.line("  %d. %s: %s: %s.", i+1, is.Item.Kind.Word(), is.Item.Title, status)
	}
}

// openItem runs an item, and the ones the learner goes on to from it. It
// returns the last item that opened: nil when the first was locked.
func (s *session) openItem(ctx context.Context, it *content.Item) (*content.Item, error) {
	var last *content.Item
	for it != nil {
		ms := s.store.Overview().Module(it.Module.ID)
		locked := ms.Status == progress.StatusLocked
		if locked && !(it.Kind == content.KindLesson && ms.Preview) {
			s.out.line("“%s” is locked. To open %s: %s.", it.Title, moduleName(it.Module), lowerJoin(ms.Unmet))
			return last, nil
		}
		last = it
		var err error
		// Each kind of item is one function in a file of its own; a new
		// kind (worksheets, field by field) is one more case here.
		switch it.Kind {
		case content.KindQuiz:
			it, err = nil, s.quiz(ctx, it)
		case content.KindAssessment:
			it, err = nil, s.assessment(ctx, it)
		case content.KindWorksheet:
			it, err = nil, s.worksheet(ctx, it)
		default:
			it, err = s.lesson(ctx, it, locked)
		}
		if err != nil {
			return last, err
		}
	}
	return last, nil
}

// neighbour returns the item after (dir 1) or before (dir -1) it in
// course order that the learner may open, or nil.
func (s *session) neighbour(it *content.Item, dir int) *content.Item {
	over := s.store.Overview()
	items := s.c.Items()
	i := slices.Index(items, it)
	if i < 0 {
		return nil
	}
	for i += dir; i >= 0 && i < len(items); i += dir {
		next := items[i]
		ms := over.Module(next.Module.ID)
		if ms.Status != progress.StatusLocked || (ms.Preview && next.Kind == content.KindLesson) {
			return next
		}
	}
	return nil
}
