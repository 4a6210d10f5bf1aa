package content

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Describe puts an unlock rule in plain words, for a learner looking at a
// locked module, e.g. "Pass “Training check” (80%) and report at least 2
// finished alliances in “Self-assessment”". A nil rule is "Always open".
func (c *Course) Describe(r *Rule) string {
	if r == nil {
		return "Always open"
	}
	return capitalize(c.describe(r, false))
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func quote(s string) string { return "“" + s + "”" }

// title returns the title of a stage, module or item id, quoted.
func (c *Course) title(id string) string {
	switch n := c.byID[id].(type) {
	case *Stage:
		return quote(n.Title)
	case *Module:
		return quote(n.Title)
	case *Item:
		return quote(n.Title)
	}
	return quote(id)
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// describe returns a lower-case phrase; nested combinators are bracketed.
func (c *Course) describe(r *Rule, nested bool) string {
	wrap := func(s string) string {
		if nested {
			return "(" + s + ")"
		}
		return s
	}
	switch r.Op {
	case OpAll:
		parts := make([]string, len(r.Args))
		for i, a := range r.Args {
			// A last "either … or …" needs no brackets: nothing follows it.
			last := i == len(r.Args)-1 && a.Op == OpAny && len(a.Args) == 2
			parts[i] = c.describe(a, !last)
		}
		return wrap(joinWords(parts, "and"))
	case OpAny:
		parts := make([]string, len(r.Args))
		for i, a := range r.Args {
			parts[i] = c.describe(a, true)
		}
		if len(parts) == 2 {
			return wrap("either " + parts[0] + " or " + parts[1])
		}
		return wrap("one of: " + strings.Join(parts, "; "))
	case OpNot:
		a := r.Args[0]
		if a.Op == OpAnswered && (a.Min == nil) != (a.Max == nil) {
			return c.describeAnswered(a, true) // "more than 0", not "not at most 0"
		}
		return "not (" + c.describe(a, false) + ")"
	case OpCompleted:
		switch n := c.byID[r.Target].(type) {
		case *Stage:
			return "complete the " + quote(n.Title) + " stage"
		case *Item:
			switch n.Kind {
			case KindQuiz:
				return "pass " + quote(n.Title)
			case KindAssessment:
				return "take " + quote(n.Title)
			}
			return "read " + quote(n.Title)
		}
		return "complete " + c.title(r.Target)
	case OpPassed:
		switch n := c.byID[r.Target].(type) {
		case *Stage:
			return "pass every quiz of the " + quote(n.Title) + " stage" + minScore(r.Min, " with at least ")
		case *Module:
			return "pass every quiz in " + quote(n.Title) + minScore(r.Min, " with at least ")
		case *Item:
			if r.Min != nil {
				return "pass " + quote(n.Title) + " with at least " + percent(*r.Min)
			}
			if n.Quiz != nil {
				return "pass " + quote(n.Title) + " (" + percent(n.Quiz.Pass) + ")"
			}
		}
		return "pass " + c.title(r.Target)
	case OpAnswered:
		return c.describeAnswered(r, false)
	case OpRecorded:
		return c.describeRecorded(r)
	case OpPlaced:
		return "be placed in " + c.title(r.Stage) + " or later by " + c.title(r.Target)
	}
	return string(r.Op)
}

func minScore(m *float64, prefix string) string {
	if m == nil {
		return ""
	}
	return prefix + percent(*m)
}

// describeAnswered phrases an answered condition; negated (for a not with
// one bound) it phrases the opposite range: "more than 0".
func (c *Course) describeAnswered(r *Rule, negated bool) string {
	in := " in " + c.title(r.Target)
	var it *AssessmentItem
	if a := c.Item(r.Target); a != nil && a.Assessment != nil {
		it = a.Assessment.Item(r.Item)
	}
	rng := bounds(r.Min, r.Max)
	switch {
	case negated && r.Max != nil:
		rng = "more than " + num(*r.Max)
	case negated:
		rng = "fewer than " + num(*r.Min)
	}
	switch {
	case it == nil:
		return fmt.Sprintf("answer %s with %s%s", quote(r.Item), rng, in)
	case it.Type == Number && it.Unit != "":
		return fmt.Sprintf("report %s %s%s", rng, it.Unit, in)
	case it.Type == Number:
		return fmt.Sprintf("answer %s with %s%s", quote(it.Text), rng, in)
	}
	label := func(f *float64) string {
		a := c.Item(r.Target).Assessment
		if i := int(*f); float64(i) == *f && i >= 1 && i <= len(a.Scale) {
			return fmt.Sprintf("%s (%s)", num(*f), a.Scale[i-1])
		}
		return num(*f)
	}
	switch {
	case negated:
	case r.Min != nil && r.Max == nil:
		return fmt.Sprintf("rate %s at least %s%s", quote(it.Text), label(r.Min), in)
	case r.Max != nil && r.Min == nil:
		return fmt.Sprintf("rate %s at most %s%s", quote(it.Text), label(r.Max), in)
	}
	return fmt.Sprintf("rate %s %s%s", quote(it.Text), rng, in)
}

// bounds phrases an inclusive range: "at least 2", "between 1 and 3", ….
func bounds(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil && *lo == *hi:
		return "exactly " + num(*lo)
	case lo != nil && hi != nil:
		return "between " + num(*lo) + " and " + num(*hi)
	case lo != nil:
		return "at least " + num(*lo)
	case hi != nil:
		return "at most " + num(*hi)
	}
	return "any answer"
}

// joinWords joins "a", "b", "c" as "a, b and c".
func joinWords(parts []string, conj string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + conj + " " + parts[len(parts)-1]
}
