package content

import (
	"strings"
)

// quiz reads a quiz's settings and questions.
func (v *checker) quiz(f *fields, dc doc) *Quiz {
	q := &Quiz{Pass: 0.8}
	if p := f.float("pass", "0.8"); p != nil {
		if *p < 0 || *p > 1 {
			v.errorf(f.at("pass"), "`pass` is %v: use a fraction from 0 to 1 (0.8 means 80%%)", *p)
		} else {
			q.Pass = *p
		}
	}
	if n, ok := f.int("attempts", "3"); ok {
		if n < 0 {
			v.errorf(f.at("attempts"), "`attempts` is %d: use 0 for unlimited, or the number of attempts allowed", n)
		} else {
			q.Attempts = n
		}
	}
	q.Shuffle = f.bool("shuffle")

	intro, secs := sections(bodyLines(dc.body, dc.bodyLine))
	q.Intro = joinLines(intro)
	v.texts = append(v.texts, linkScope{file: dc.file, text: dc.body, line: dc.bodyLine})
	seen := map[string]int{}
	for _, s := range secs {
		qu := v.question(dc.file, s)
		if qu == nil {
			continue
		}
		if prev, dup := seen[qu.ID]; dup {
			v.errorf(Pos{File: dc.file, Line: s.head.num, Col: s.attrs.idCol}, "question id %q is already used at line %d: question ids must be unique in the quiz", qu.ID, prev)
			continue
		}
		seen[qu.ID] = qu.Line
		q.Questions = append(q.Questions, qu)
	}
	if len(secs) == 0 {
		v.errorf(f.d.pos(f.node), "quiz has no questions: add `## Question text {#question-id}` followed by a task list (- [x] right, - [ ] wrong)")
	}
	return q
}

// headingID checks a section heading's title and {#id}; false when unusable.
func (v *checker) headingID(file string, s *section, what string, allowedAttrs ...string) bool {
	p := Pos{File: file, Line: s.head.num, Col: 1}
	ok := true
	if s.title == "" {
		v.errorf(p, "%s heading has no text: write the %s after ##", what, what)
		ok = false
	}
	if !s.attrs.found || s.attrs.id == "" {
		v.errorf(Pos{File: file, Line: s.head.num, Col: len(s.head.text) + 1},
			"%s has no id: end the heading with {#%s}", what, slug(s.title))
		return false
	}
	if !v.checkID(Pos{File: file, Line: s.head.num, Col: s.attrs.idCol}, s.attrs.id, what+" id") {
		ok = false
	}
	v.checkAttrs(file, s.head, s.attrs, allowedAttrs)
	return ok
}

// checkAttrs reports attributes that are not allowed, and unreadable ones.
func (v *checker) checkAttrs(file string, l line, a attrs, allowed []string) {
	if a.bad != "" {
		v.errorf(Pos{File: file, Line: l.num, Col: a.badCol}, "cannot read %q in {…}: write key=value, or key=\"several words\"", a.bad)
	}
	for _, k := range a.keys {
		if !contains(allowed, k) {
			msg := didYouMean(k, allowed)
			if len(allowed) == 0 {
				msg = ": only {#id} is allowed here"
			}
			v.errorf(Pos{File: file, Line: l.num, Col: a.cols[k]}, "unknown attribute `%s`%s", k, msg)
		}
	}
}

// listBlock is a run of list items, possibly separated by blank lines.
type listBlock struct {
	items      []listItem
	start, end int // indexes into the section's lines: [start, end)
}

// listBlocks finds the top-level lists of a section.
func listBlocks(ls []line) []listBlock {
	var blocks []listBlock
	for i := 0; i < len(ls); {
		it, ok := parseListLine(ls[i])
		if !ok {
			i++
			continue
		}
		b := listBlock{start: i, items: []listItem{it}}
		i++
		for i < len(ls) {
			l := ls[i]
			if blank(l) {
				j := i
				for j < len(ls) && blank(ls[j]) {
					j++
				}
				if j < len(ls) && (indented(ls[j]) || isListLine(ls[j])) {
					cur := &b.items[len(b.items)-1]
					cur.more = append(cur.more, ls[i:j]...)
					i = j
					continue
				}
				break
			}
			if next, ok := parseListLine(l); ok {
				b.items = append(b.items, next)
				i++
				continue
			}
			if _, quote := quoteText(l.text); quote && !indented(l) {
				break // the explanation
			}
			// Indented lines, and lazy continuation lines, belong to the item.
			cur := &b.items[len(b.items)-1]
			cur.more = append(cur.more, l)
			i++
		}
		b.end = i
		blocks = append(blocks, b)
	}
	return blocks
}

func isListLine(l line) bool { _, ok := parseListLine(l); return ok }

// splitItem separates an item's text (first line and continuation) from
// the blockquote indented under it.
func splitItem(it listItem) (text, quote string) {
	parts := []string{it.text}
	var q []string
	inQuote := false
	for _, l := range it.more {
		if t, ok := quoteText(l.text); ok && indented(l) {
			q = append(q, t)
			inQuote = true
			continue
		}
		if inQuote && !blank(l) {
			q = append(q, strings.TrimSpace(l.text)) // lazy continuation
			continue
		}
		inQuote = false
		parts = append(parts, strings.TrimSpace(l.text))
	}
	return strings.TrimSpace(strings.Join(parts, "\n")), strings.TrimSpace(strings.Join(q, "\n"))
}

// question reads one `## Question {#id}` section.
func (v *checker) question(file string, s *section) *Question {
	if !v.headingID(file, s, "question") {
		return nil
	}
	q := &Question{ID: s.attrs.id, Title: s.title, Line: s.head.num}
	at := func(l line, col int) Pos { return Pos{File: file, Line: l.num, Col: col} }
	head := at(s.head, 1)

	blocks := listBlocks(s.lines)
	if len(blocks) == 0 {
		v.errorf(head, "question %q has no answers: add a task list (- [x] right, - [ ] wrong) or a numbered list in the right order", q.ID)
		return nil
	}
	ans := blocks[len(blocks)-1]
	q.Prompt = joinLines(s.lines[:ans.start])
	if !v.explanation(file, q, s.lines[ans.end:]) {
		return nil
	}

	// The answers' list style sets the question type.
	first := ans.items[0]
	for _, it := range ans.items[1:] {
		if sameStyle(it.style, first.style) {
			continue
		}
		v.errorf(at(it.first, 1), "answers mix list styles: line %d is %s, this line is %s; use one style for every answer of a question",
			first.first.num, first.style, it.style)
		return nil
	}
	if first.style == bullet {
		v.errorf(at(first.first, 1), "answers are plain bullets: mark right answers - [x] and wrong ones - [ ], or number the items in the right order for an ordering question")
		return nil
	}
	ok := true
	for _, it := range ans.items {
		text, fb := splitItem(it)
		if text == "" {
			v.errorf(at(it.first, it.col), "answer has no text: write the option after %q", it.marker)
			ok = false
		}
		q.Options = append(q.Options, &Option{Text: text, Correct: it.style == taskDone, Feedback: fb})
	}
	if !ok {
		return nil
	}
	if first.style == numbered {
		q.Type = Ordering
		return v.checkOrdering(file, q, ans)
	}
	return v.checkChoice(head, q)
}

func sameStyle(a, b listStyle) bool {
	isTask := func(s listStyle) bool { return s == taskOpen || s == taskDone }
	return a == b || (isTask(a) && isTask(b))
}

// explanation reads the blockquote after a question's answers; any other
// text there is an error.
func (v *checker) explanation(file string, q *Question, after []line) bool {
	var parts []string
	inQuote := false
	for _, l := range after {
		switch t, quote := quoteText(l.text); {
		case quote:
			parts = append(parts, t)
			inQuote = true
		case blank(l):
			if inQuote {
				parts = append(parts, "")
			}
			inQuote = false
		case inQuote:
			parts = append(parts, l.text) // lazy continuation
		default:
			v.errorf(Pos{File: file, Line: l.num, Col: 1}, "text after the answers of question %q: move it into the prompt (above the answers) or into the explanation (a > blockquote)", q.ID)
			return false
		}
	}
	q.Explanation = strings.TrimSpace(strings.Join(parts, "\n"))
	if q.Explanation == "" {
		v.warnf(Pos{File: file, Line: q.Line, Col: 1}, "question %q has no explanation: add a > blockquote after the answers saying why, with its source", q.ID)
	}
	return true
}

func (v *checker) checkChoice(head Pos, q *Question) *Question {
	right := len(q.Correct())
	switch {
	case len(q.Options) < 2:
		v.errorf(head, "question %q has only one option: add at least one wrong option (- [ ] …)", q.ID)
		return nil
	case right == 0:
		v.errorf(head, "question %q has no right answer: mark the right option(s) with - [x]", q.ID)
		return nil
	case right == 1:
		q.Type = SingleChoice
	default:
		q.Type = MultipleAnswer
		if right == len(q.Options) {
			v.warnf(head, "every option of question %q is marked right: the learner cannot get it wrong", q.ID)
		}
	}
	return q
}

func (v *checker) checkOrdering(file string, q *Question, ans listBlock) *Question {
	if len(q.Options) < 2 {
		v.errorf(Pos{File: file, Line: q.Line, Col: 1}, "ordering question %q has fewer than two items: list at least two, in the right order", q.ID)
		return nil
	}
	seen := map[string]int{}
	for i, o := range q.Options {
		l := ans.items[i].first
		if prev, dup := seen[o.Text]; dup {
			v.errorf(Pos{File: file, Line: l.num, Col: 1}, "ordering item %q also appears at line %d: every item must differ, or the right order is ambiguous", o.Text, prev)
			return nil
		}
		seen[o.Text] = l.num
		if o.Feedback != "" {
			v.warnf(Pos{File: file, Line: l.num, Col: 1}, "feedback under an ordering item is never shown: put it in the explanation")
		}
	}
	return q
}
