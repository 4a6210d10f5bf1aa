package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/site"
)

// printable returns what `ally read` prints for any id: a lesson as it is,
// and a quiz, an assessment or a module written out as markdown, so that
// every item goes through the one renderer. answers adds a quiz's key,
// feedback and explanations.
func printable(c *content.Course, id string, answers bool) (*content.Item, error) {
	if m := c.Module(id); m != nil {
		return &content.Item{ID: "read:" + m.ID, Title: moduleHeading(m), Kind: content.KindLesson, File: m.Dir + "/module.md", Body: moduleMarkdown(c, m)}, nil
	}
	it := c.Item(id)
	if it == nil {
		return nil, fmt.Errorf("the course has no item or module %q; 'ally read' lists them", id)
	}
	var body string
	switch it.Kind {
	case content.KindQuiz:
		body = quizMarkdown(it, answers)
	case content.KindAssessment:
		body = assessmentMarkdown(it)
	case content.KindWorksheet:
		body = worksheetMarkdown(it)
	default:
		return it, nil
	}
	key := "read:" + it.ID
	if answers {
		key += ":answers"
	}
	return &content.Item{ID: key, Title: it.Title, Kind: content.KindLesson, File: it.File, Module: it.Module, Body: body}, nil
}

func moduleHeading(m *content.Module) string {
	if m.Label != "" {
		return m.Label + " " + m.Title
	}
	return m.Title
}

func moduleMarkdown(c *content.Course, m *content.Module) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", m.Summary)
	opens := c.Describe(m.EffectiveRule())
	if m.Preview && m.EffectiveRule() != nil {
		opens += "; its lessons can be read before it opens"
	}
	fmt.Fprintf(&b, "**Opens:** %s.\n\n", opens)
	if intro := strings.TrimSpace(m.Intro); intro != "" {
		fmt.Fprintf(&b, "%s\n\n", intro)
	}
	b.WriteString("## In this module\n\n")
	for i, it := range m.Items {
		fmt.Fprintf(&b, "%d. %s — %s (`%s`)\n", i+1, it.Title, itemFacts(it), it.ID)
	}
	return b.String()
}

// itemFacts says what kind of item it is and how long it takes.
func itemFacts(it *content.Item) string {
	parts := []string{strings.ToLower(it.Kind.Word())}
	if it.Minutes > 0 {
		parts = append(parts, plural(it.Minutes, "minute"))
	}
	if it.Optional {
		parts = append(parts, "optional")
	}
	return strings.Join(parts, ", ")
}

func quizMarkdown(it *content.Item, answers bool) string {
	q := it.Quiz
	var b strings.Builder
	if intro := strings.TrimSpace(q.Intro); intro != "" {
		fmt.Fprintf(&b, "%s\n\n", intro)
	}
	facts := []string{plural(len(q.Questions), "question")}
	if q.Pass > 0 {
		facts = append(facts, "pass mark "+strconv.FormatFloat(q.Pass*100, 'f', -1, 64)+"%")
	}
	if q.Attempts > 0 {
		facts = append(facts, plural(q.Attempts, "attempt"))
	}
	fmt.Fprintf(&b, "*%s*\n\n", strings.Join(facts, " · "))
	for i, qu := range q.Questions {
		fmt.Fprintf(&b, "## %d. %s\n\n", i+1, qu.Title)
		if p := strings.TrimSpace(qu.Prompt); p != "" {
			fmt.Fprintf(&b, "%s\n\n", p)
		}
		switch {
		case qu.Type == content.Ordering && answers:
			b.WriteString("The right order:\n\n")
			for j, o := range qu.Options {
				fmt.Fprintf(&b, "%d. %s\n", j+1, oneLine(o.Text))
			}
		case qu.Type == content.Ordering:
			b.WriteString("Put these in order:\n\n")
			for _, o := range site.OrderingShown(qu.ID, qu.Options) {
				fmt.Fprintf(&b, "- %s\n", oneLine(o.Text))
			}
		default:
			if qu.Type == content.MultipleAnswer {
				b.WriteString("Choose all that apply:\n\n")
			} else {
				b.WriteString("Choose one:\n\n")
			}
			for _, o := range qu.Options {
				mark := "☐"
				if answers {
					mark = "✗ wrong:"
					if o.Correct {
						mark = "✓ right:"
					}
				}
				fmt.Fprintf(&b, "- %s %s\n", mark, oneLine(o.Text))
				if answers && strings.TrimSpace(o.Feedback) != "" {
					fmt.Fprintf(&b, "\n  %s\n\n", quoteLines(o.Feedback, "  "))
				}
			}
		}
		b.WriteString("\n")
		if answers && strings.TrimSpace(qu.Explanation) != "" {
			fmt.Fprintf(&b, "%s\n\n", quoteLines(qu.Explanation, ""))
		}
	}
	if !answers {
		b.WriteString("*The key: ally read " + it.ID + " --answers*\n")
	}
	return b.String()
}

func assessmentMarkdown(it *content.Item) string {
	a := it.Assessment
	var b strings.Builder
	if intro := strings.TrimSpace(a.Intro); intro != "" {
		fmt.Fprintf(&b, "%s\n\n", intro)
	}
	scale := make([]string, len(a.Scale))
	for i, s := range a.Scale {
		scale[i] = fmt.Sprintf("%d %s", i+1, s)
	}
	fmt.Fprintf(&b, "*Rate each statement: %s.*\n\n", strings.Join(scale, " · "))
	for _, d := range a.Dimensions {
		fmt.Fprintf(&b, "## %s\n\n", d.Title)
		if intro := strings.TrimSpace(d.Intro); intro != "" {
			fmt.Fprintf(&b, "%s\n\n", intro)
		}
		for _, ai := range d.Items {
			text := oneLine(ai.Text)
			switch {
			case ai.Type == content.Number:
				text += " — a number" + numberRange(ai)
			case ai.Reverse:
				text += " — reverse-scored"
			}
			fmt.Fprintf(&b, "- %s\n", text)
			if h := strings.TrimSpace(ai.Help); h != "" {
				fmt.Fprintf(&b, "\n  %s\n\n", quoteLines(h, "  "))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func numberRange(ai *content.AssessmentItem) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var s string
	switch {
	case ai.Min != nil && ai.Max != nil:
		s = " from " + f(*ai.Min) + " to " + f(*ai.Max)
	case ai.Min != nil:
		s = ", at least " + f(*ai.Min)
	case ai.Max != nil:
		s = ", at most " + f(*ai.Max)
	}
	if ai.Unit != "" {
		s += " (" + ai.Unit + ")"
	}
	return s
}

// oneLine joins a text's lines, for a list item.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// quoteLines makes markdown a blockquote, its continuation lines indented.
func quoteLines(s, indent string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
		if i > 0 {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func worksheetMarkdown(it *content.Item) string {
	ws := it.Worksheet
	var b strings.Builder
	if intro := strings.TrimSpace(it.Body); intro != "" {
		fmt.Fprintf(&b, "%s\n\n", intro)
	}
	switch {
	case ws.Parent != nil:
		fmt.Fprintf(&b, "*One for each entry of “%s”; w opens it in the workbook.*\n\n", ws.Parent.Title)
	case ws.Many:
		fmt.Fprintf(&b, "*One entry per %s; w opens it in the workbook.*\n\n", ws.Noun)
	default:
		b.WriteString("*Filled in once; w opens it in the workbook.*\n\n")
	}
	b.WriteString("## Fields\n\n")
	for i, f := range ws.Fields {
		what := string(f.Type)
		switch f.Type {
		case content.FieldChoice:
			what = "one of: " + strings.Join(f.Options, ", ")
		case content.FieldChoices:
			what = "any of: " + strings.Join(f.Options, ", ")
		case content.FieldScale:
			what = fmt.Sprintf("a scale from 1 (%s) to %d (%s)", f.Labels[0], len(f.Labels), f.Labels[len(f.Labels)-1])
		case content.FieldNumber:
			what = "a number" + strings.TrimPrefix(numberRange(&content.AssessmentItem{Min: f.Min, Max: f.Max}), ",")
		case content.FieldDate:
			what = "a date"
		}
		if f.Required {
			what += ", required"
		}
		fmt.Fprintf(&b, "%d. %s — %s\n", i+1, oneLine(f.Label), what)
		if h := strings.TrimSpace(f.Help); h != "" {
			fmt.Fprintf(&b, "\n   %s\n\n", quoteLines(h, "   "))
		}
	}
	if len(ws.Columns) > 0 {
		var cols []string
		for _, c := range ws.Columns {
			if c.Field != nil {
				cols = append(cols, c.Field.Label)
			}
		}
		fmt.Fprintf(&b, "\n*The grid's columns: %s.*\n", strings.Join(cols, ", "))
	}
	return b.String()
}
