package content

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	ruleOps      = []string{"all", "any", "not", "completed", "passed", "answered", "placed", "recorded"}
	ruleKeys     = append(ruleOps[:len(ruleOps):len(ruleOps)], "min")
	answeredKeys = []string{"assessment", "item", "min", "max"}
	placedKeys   = []string{"assessment", "stage"}
)

// rule reads an unlock rule. Ids are resolved later, by resolveRule.
func (v *checker) rule(d yamlDoc, n *yaml.Node) *Rule {
	f := v.mapping(d, n, "an unlock rule", ruleKeys...)
	if f == nil {
		return nil
	}
	r := &Rule{Pos: d.pos(n)}
	var ops []string
	for _, k := range ruleOps {
		if f.has(k) {
			ops = append(ops, k)
		}
	}
	if len(ops) != 1 {
		v.errorf(r.Pos, "an unlock rule needs exactly one of %s (found %d%s); combine several with all: [ … ]",
			strings.Join(ruleOps, ", "), len(ops), listed(ops))
		return nil
	}
	r.Op = RuleOp(ops[0])
	if f.has("min") && r.Op != OpPassed {
		v.errorf(f.at("min"), "`min` here only goes with `passed:`; for answered: put min inside its {…}")
	}
	switch r.Op {
	case OpAll, OpAny:
		items := f.list(ops[0], "[{completed: some-id}, {passed: some-quiz}]")
		if len(items) == 0 {
			v.errorf(f.at(ops[0]), "`%s` needs a list of rules", ops[0])
			return nil
		}
		for _, sub := range items {
			if sr := v.rule(d, sub); sr != nil {
				r.Args = append(r.Args, sr)
			}
		}
	case OpNot:
		sub := v.rule(d, f.val("not"))
		if sub == nil {
			return nil
		}
		r.Args = []*Rule{sub}
	case OpCompleted:
		r.Target = f.str("completed", true, "some-id")
		r.Pos = f.at("completed")
	case OpPassed:
		r.Target = f.str("passed", true, "some-quiz")
		r.Pos = f.at("passed")
		if r.Min = f.float("min", "0.9"); r.Min != nil && (*r.Min < 0 || *r.Min > 1) {
			v.errorf(f.at("min"), "`min` is %v: use a fraction from 0 to 1", *r.Min)
		}
	case OpAnswered:
		af := v.mapping(d, f.val("answered"), "`answered`", answeredKeys...)
		if af == nil {
			return nil
		}
		r.Pos = f.at("answered")
		r.Target = af.str("assessment", true, "assessment-id")
		r.Item = af.str("item", true, "item-id")
		r.Min, r.Max = af.float("min", "2"), af.float("max", "10")
		if r.Min == nil && r.Max == nil {
			v.errorf(r.Pos, "`answered` needs min, max or both: the range the answer must fall in")
		}
	case OpRecorded:
		if !v.recordedRule(d, f, r) {
			return nil
		}
	case OpPlaced:
		pf := v.mapping(d, f.val("placed"), "`placed`", placedKeys...)
		if pf == nil {
			return nil
		}
		r.Pos = f.at("placed")
		r.Target = pf.str("assessment", true, "assessment-id")
		r.Stage = pf.str("stage", true, "stage-id")
	}
	return r
}

// resolveRule checks that every id a rule names exists and fits.
func (v *checker) resolveRule(c *Course, r *Rule) {
	if r == nil {
		return
	}
	for _, a := range r.Args {
		v.resolveRule(c, a)
	}
	if r.Target == "" {
		return
	}
	// The ids offered as "did you mean" are gathered only once an error is
	// reported: gathering them for every rule made validation rules × ids.
	unknown := func(what, id string, fits func(string) bool) {
		var known []string
		for id := range c.byID {
			if fits == nil || fits(id) {
				known = append(known, id)
			}
		}
		v.errorf(r.Pos, "unknown %s %q%s", what, id, didYouMean(id, known))
	}
	switch r.Op {
	case OpRecorded:
		v.resolveRecorded(c, r)
	case OpCompleted:
		if c.byID[r.Target] == nil {
			unknown("stage, module or item", r.Target, nil)
		}
	case OpPassed:
		switch n := c.byID[r.Target].(type) {
		case nil:
			unknown("quiz, module or stage", r.Target, func(id string) bool { return len(c.Quizzes(id)) > 0 })
		case *Item:
			if n.Kind != KindQuiz {
				v.errorf(r.Pos, "%q is %s, not a quiz: use `completed:` for it, or name a quiz", r.Target, article(string(n.Kind)))
			}
		default:
			if len(c.Quizzes(r.Target)) == 0 {
				v.errorf(r.Pos, "%q has no quizzes, so `passed:` could never hold: use `completed:`", r.Target)
			}
		}
	case OpAnswered, OpPlaced:
		it := c.Item(r.Target)
		if it == nil || it.Kind != KindAssessment {
			if it != nil {
				v.errorf(r.Pos, "%q is %s, not an assessment: name an assessment's id", r.Target, article(string(it.Kind)))
			} else {
				unknown("assessment", r.Target, nil)
			}
			return
		}
		a := it.Assessment
		if r.Op == OpPlaced {
			if c.Stage(r.Stage) == nil && r.Stage != "" {
				v.errorf(r.Pos, "unknown stage %q%s", r.Stage, didYouMean(r.Stage, stageIDs(c)))
			}
			return
		}
		if r.Item != "" && a.Item(r.Item) == nil {
			var ids []string
			for id := range a.items {
				ids = append(ids, id)
			}
			v.errorf(r.Pos, "assessment %q has no item %q%s", r.Target, r.Item, didYouMean(r.Item, ids))
		}
	}
}

// crossCheck runs the checks that need the whole course.
func (v *checker) crossCheck(c *Course) {
	v.resolveWorksheets(c)
	for _, ref := range v.rules {
		v.resolveRule(c, ref.rule)
	}
	for _, ref := range v.refs {
		switch {
		case ref.stage && c.Stage(ref.id) == nil && len(c.Stages) > 0:
			v.errorf(ref.pos, "%s names unknown stage %q%s", ref.what, ref.id, didYouMean(ref.id, stageIDs(c)))
		case !ref.stage && c.Module(ref.id) == nil:
			var ids []string
			for _, m := range c.Modules {
				ids = append(ids, m.ID)
			}
			v.errorf(ref.pos, "%s names unknown module %q%s", ref.what, ref.id, didYouMean(ref.id, ids))
		}
	}
	v.checkRenames(c)
	if len(v.rep.Errors) == 0 {
		// The graph checks assume every id resolves.
		v.checkGraph(c)
	}
}

// deps returns the modules a rule depends on, each with the condition that
// names it.
func deps(c *Course, r *Rule, out map[*Module]*Rule) {
	if r == nil {
		return
	}
	for _, a := range r.Args {
		deps(c, a, out)
	}
	add := func(m *Module) {
		if _, seen := out[m]; !seen {
			out[m] = r
		}
	}
	switch n := c.byID[r.Target].(type) {
	case *Stage:
		for _, m := range n.Modules {
			add(m)
		}
	case *Module:
		add(n)
	case *Item:
		add(n.Module)
	}
	if rv, ok := c.byID[r.Reviewed].(*Item); ok && r.Reviewed != "" {
		add(rv.Module)
	}
}

// dep is a module a rule depends on, with the condition that names it and
// the module's place in the course.
type dep struct {
	m *Module
	r *Rule
	i int
}

// graph holds the modules each rule depends on, in course order, worked out
// once per rule: a stage's rule is shared by every module of the stage, so
// computing it per module (as a map each) made the graph check modules ×
// modules-per-stage in time and memory.
type graph struct {
	c     *Course
	index map[*Module]int
	byRul map[*Rule][]dep
}

// newGraph indexes the course's modules: checkGraph runs on a course
// without errors, where every module a rule names is one of them.
func newGraph(c *Course) *graph {
	g := &graph{c: c, index: make(map[*Module]int, len(c.Modules)), byRul: map[*Rule][]dep{}}
	for i, m := range c.Modules {
		g.index[m] = i
	}
	return g
}

// of returns the modules r depends on, sorted in course order.
func (g *graph) of(r *Rule) []dep {
	if r == nil {
		return nil
	}
	if ds, ok := g.byRul[r]; ok {
		return ds
	}
	out := map[*Module]*Rule{}
	deps(g.c, r, out)
	ds := make([]dep, 0, len(out))
	for m, why := range out {
		ds = append(ds, dep{m, why, g.index[m]})
	}
	slices.SortFunc(ds, func(a, b dep) int { return a.i - b.i })
	g.byRul[r] = ds
	return ds
}

// each calls f for every module m's unlock rule depends on, in course order,
// each once with the first condition that names it (the stage's rule before
// the module's own, as in EffectiveRule), until f returns false.
func (g *graph) each(m *Module, f func(dep) bool) {
	var a []dep
	if m.Stage != nil {
		a = g.of(m.Stage.Requires)
	}
	b := g.of(m.Requires)
	for len(a) > 0 || len(b) > 0 {
		var d dep
		switch {
		case len(b) == 0 || (len(a) > 0 && a[0].i <= b[0].i):
			d = a[0]
			if len(b) > 0 && b[0].m == d.m {
				b = b[1:]
			}
			a = a[1:]
		default:
			d, b = b[0], b[1:]
		}
		if !f(d) {
			return
		}
	}
}

// checkGraph reports cycles between unlock rules, rules that need their own
// module, and modules that can never unlock.
func (v *checker) checkGraph(c *Course) {
	g := newGraph(c)
	// Self-references, reported once per rule.
	reported := map[*Rule]bool{}
	stuck := map[*Module]bool{}
	for _, m := range c.Modules {
		g.each(m, func(d dep) bool {
			if d.m != m {
				return true
			}
			stuck[m] = true
			if !reported[d.r] {
				reported[d.r] = true
				v.errorf(d.r.Pos, "the rule needs %q, which is inside module %q (or its stage), so the module can never unlock: require something outside it", d.r.Target, m.ID)
			}
			return false
		})
	}
	// Longer cycles, by depth-first search in course order.
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(c.Modules)) // by place in the course
	var stack []*Module
	var visit func(m *Module, i int)
	visit = func(m *Module, i int) {
		color[i] = grey
		stack = append(stack, m)
		g.each(m, func(d dep) bool { // course order keeps reports stable
			next, r := d.m, d.r
			if next == m {
				return true
			}
			switch color[d.i] {
			case white:
				visit(next, d.i)
			case grey:
				i := len(stack) - 1
				for stack[i] != next {
					i--
				}
				cycle := append([]*Module{}, stack[i:]...)
				names := make([]string, 0, len(cycle)+1)
				for _, cm := range cycle {
					names = append(names, cm.ID)
					stuck[cm] = true
				}
				names = append(names, next.ID)
				v.errorf(r.Pos, "unlock rules form a cycle: %s; no module in it can ever unlock", strings.Join(names, " → "))
			}
			return true
		})
		stack = stack[:len(stack)-1]
		color[i] = black
	}
	for i, m := range c.Modules {
		if color[i] == white {
			visit(m, i)
		}
	}
	v.checkReachable(c, stuck)
	for _, ref := range v.rules {
		v.checkNever(c, ref.rule, "")
	}
}

// article puts "a" or "an" before a word.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

// answerRange returns the answers an answered: condition accepts, within
// what its item allows (the scale, or a number item's min and max).
func answerRange(c *Course, r *Rule) (lo, hi, itemLo, itemHi float64) {
	it := c.Item(r.Target)
	ai := it.Assessment.Item(r.Item)
	itemLo, itemHi = 1.0, float64(it.Assessment.Max())
	if ai.Type == Number {
		itemLo, itemHi = math.Inf(-1), math.Inf(1)
		if ai.Min != nil {
			itemLo = *ai.Min
		}
		if ai.Max != nil {
			itemHi = *ai.Max
		}
	}
	lo, hi = itemLo, itemHi
	if r.Min != nil {
		lo = max(lo, *r.Min)
	}
	if r.Max != nil {
		hi = min(hi, *r.Max)
	}
	return lo, hi, itemLo, itemHi
}

// checkNever reports the parts of a rule that can never hold where the
// module's unlock check cannot see them: an answered: range no answer can
// fall in, under any: or not:, and an all: that needs a condition and its
// opposite at once. under is "any" or "not" inside those.
func (v *checker) checkNever(c *Course, r *Rule, under string) {
	if r == nil {
		return
	}
	switch r.Op {
	case OpAll:
		for i, a := range r.Args {
			for j, b := range r.Args {
				if i != j && b.Op == OpNot && len(b.Args) == 1 && sameRule(a, b.Args[0]) {
					v.errorf(b.Pos, "the rule's `all` needs “%s” and also its opposite, so it can never hold and what it guards can never unlock: remove one of the two", c.describe(a, false))
				}
			}
		}
	case OpAny:
		under = "any"
	case OpNot:
		under = "not"
	case OpAnswered:
		if under == "" {
			return // checkReachable reports it, with the module
		}
		lo, hi, ilo, ihi := answerRange(c, r)
		if lo <= hi {
			return
		}
		consequence := "so this alternative of `any` can never hold"
		if under == "not" {
			consequence = "so the `not` around it always holds"
		}
		v.errorf(r.Pos, "no answer to %q can fall in the range this rule asks for (%s accepts %s to %s), %s: fix min and max", r.Item, r.Item, num(ilo), num(ihi), consequence)
		return
	}
	for _, a := range r.Args {
		v.checkNever(c, a, under)
	}
}

// sameRule reports two rules that ask for the same thing.
func sameRule(a, b *Rule) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	if a.Op != b.Op || a.Target != b.Target || a.Item != b.Item || a.Stage != b.Stage || !eq(a.Min, b.Min) || !eq(a.Max, b.Max) || len(a.Args) != len(b.Args) {
		return false
	}
	for i := range a.Args {
		if !sameRule(a.Args[i], b.Args[i]) {
			return false
		}
	}
	return true
}

// checkReachable finds modules whose rule can never hold even if the
// learner does everything else: a fixpoint over "can unlock".
func (v *checker) checkReachable(c *Course, stuck map[*Module]bool) {
	open := map[*Module]bool{}
	memo := &reachMemo{held: map[*Rule]bool{}, quizzes: map[string][]*Module{}}
	for changed := true; changed; {
		changed = false
		for _, m := range c.Modules {
			if open[m] || stuck[m] {
				continue
			}
			if ok, _ := satisfiable(c, m.EffectiveRule(), open, memo); ok {
				open[m] = true
				changed = true
			}
		}
	}
	for _, m := range c.Modules {
		if open[m] || stuck[m] {
			continue
		}
		_, why := satisfiable(c, m.EffectiveRule(), open, memo)
		v.errorf(m.Pos, "%s, so module %q can never unlock", why, m.ID)
	}
}

// reachMemo is what checkReachable's rounds share: a stage's rule is
// shared by all its modules, and working it out for each module in each
// round, each time listing every quiz of the stage it names, made the check
// modules × quizzes.
type reachMemo struct {
	// held holds the rules found to hold: opening more modules never makes
	// a rule fail (a not: is taken to hold), so they are not worked out again.
	held map[*Rule]bool
	// quizzes holds the modules of the quizzes a passed: target names.
	quizzes map[string][]*Module
}

// satisfiable reports whether r can hold once the modules in open are
// open, and if not, why.
func satisfiable(c *Course, r *Rule, open map[*Module]bool, memo *reachMemo) (bool, string) {
	if r == nil || memo.held[r] {
		return true, ""
	}
	ok, why := satisfiable1(c, r, open, memo)
	if ok {
		memo.held[r] = true
	}
	return ok, why
}

func satisfiable1(c *Course, r *Rule, open map[*Module]bool, memo *reachMemo) (bool, string) {
	needOpen := func(ms ...*Module) (bool, string) {
		for _, m := range ms {
			if !open[m] {
				return false, fmt.Sprintf("the rule needs %q, which can never unlock", m.ID)
			}
		}
		return true, ""
	}
	switch r.Op {
	case OpAll:
		for _, a := range r.Args {
			if ok, why := satisfiable(c, a, open, memo); !ok {
				return false, why
			}
		}
		return true, ""
	case OpAny:
		var whys []string
		for _, a := range r.Args {
			ok, why := satisfiable(c, a, open, memo)
			if ok {
				return true, ""
			}
			whys = append(whys, why)
		}
		return false, "no alternative of the rule's `any` can hold (" + strings.Join(whys, "; ") + ")"
	case OpNot:
		return true, "" // optimistic: not-conditions hold until something is done
	case OpPassed:
		if r.Min != nil && *r.Min > 1 {
			return false, "the rule needs a score above 100%"
		}
		ms, ok := memo.quizzes[r.Target]
		if !ok {
			for _, q := range c.Quizzes(r.Target) {
				ms = append(ms, q.Module)
			}
			memo.quizzes[r.Target] = ms
		}
		return needOpen(ms...)
	case OpCompleted:
		switch n := c.byID[r.Target].(type) {
		case *Stage:
			return needOpen(n.Modules...)
		case *Module:
			return needOpen(n)
		case *Item:
			return needOpen(n.Module)
		}
	case OpAnswered:
		it := c.Item(r.Target)
		if ok, why := needOpen(it.Module); !ok {
			return false, why
		}
		if lo, hi, _, _ := answerRange(c, r); lo > hi {
			return false, fmt.Sprintf("no answer to %q can fall in the range the rule asks for", r.Item)
		}
		return true, ""
	case OpRecorded:
		ms := []*Module{c.Item(r.Target).Module}
		if rv := c.Item(r.Reviewed); rv != nil {
			ms = append(ms, rv.Module)
		}
		return needOpen(ms...)
	case OpPlaced:
		it := c.Item(r.Target)
		if ok, why := needOpen(it.Module); !ok {
			return false, why
		}
		want := c.Stage(r.Stage)
		for _, p := range it.Assessment.Placement {
			if s := c.Stage(p.Stage); s != nil && s.Index >= want.Index {
				return true, ""
			}
		}
		return false, fmt.Sprintf("no placement rule of %q places anyone on %q or a later stage", r.Target, r.Stage)
	}
	return true, ""
}
