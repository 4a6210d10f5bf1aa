package content

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
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
	if v.front {
		return q // the questions are read with the body
	}

	md := v.markdown(mdParser, dc.file, dc.body, dc.bodyLine)
	if md == nil {
		return q
	}
	v.checkLinks(md)
	intro, secs := md.sections()
	q.Intro = md.introText(secs)
	v.strayHeadings(md, intro)
	seen := map[string]int{}
	for _, s := range secs {
		qu := v.question(md, s)
		if qu == nil {
			continue
		}
		if prev, dup := seen[qu.ID]; dup {
			v.errorf(md.pos(s.attrs.idOff), "question id %q is already used at line %d: question ids must be unique in the quiz", qu.ID, prev)
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
func (v *checker) headingID(d *mdDoc, s *mdSection, what string, allowedAttrs ...string) bool {
	p := d.at(d.start(s.head))
	ok := true
	if s.title == "" {
		v.errorf(p, "%s heading has no text: write the %s after ##", what, what)
		ok = false
	}
	if !s.attrs.found || s.attrs.id == "" {
		v.errorf(d.pos(d.lineEnd(d.start(s.head))), "%s has no id: end the heading with {#%s}", what, slug(s.title))
		return false
	}
	if !v.checkID(d.pos(s.attrs.idOff), s.attrs.id, what+" id") {
		ok = false
	}
	v.checkAttrs(d, s.attrs, allowedAttrs)
	return ok
}

// strayHeadings reports headings other than ## that look like questions:
// they carry an {#id} or answers follow them. Shown as text, they would
// give the answer key away.
func (v *checker) strayHeadings(d *mdDoc, bs []ast.Node) bool {
	found := false
	for i, b := range bs {
		h, ok := b.(*ast.Heading)
		if !ok || (h.Level == 2 && d.isATX(h)) {
			continue
		}
		from, to := d.headingText(h)
		title, a := d.splitAttrs(from, to)
		answers := false
		if i+1 < len(bs) {
			if l, ok := bs[i+1].(*ast.List); ok {
				for _, it := range d.listItems([]ast.Node{l}) {
					answers = answers || it.style == taskOpen || it.style == taskDone
				}
			}
		}
		if !(a.found && a.id != "") && !answers {
			continue
		}
		marks := strings.Repeat("#", h.Level)
		if !d.isATX(h) {
			marks = "an underlined"
		}
		why := "carries an {#id}"
		if !(a.found && a.id != "") {
			why = "is followed by answers"
		}
		v.errorf(d.at(d.start(h)), "this %s heading %s, but a question's heading has exactly two #: write `## %s {#%s}` (or, if it is not a question, remove the id and the answers)",
			marks, why, safeName(title), safeName(firstNonEmpty(a.id, slug(title))))
		found = true
	}
	return found
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// question reads one `## Question {#id}` section.
func (v *checker) question(d *mdDoc, s *mdSection) *Question {
	if !v.headingID(d, s, "question") {
		return nil
	}
	q := &Question{ID: s.attrs.id, Title: s.title, Line: d.at(d.start(s.head)).Line}
	head := d.at(d.start(s.head))
	if v.strayHeadings(d, s.blocks) {
		return nil
	}
	runs, starts := runLists(s.blocks)
	if len(runs) == 0 {
		v.errorf(head, "question %q has no answers: add a task list (- [x] right, - [ ] wrong) or a numbered list in the right order", q.ID)
		return nil
	}
	ans := runs[len(runs)-1]
	after := s.blocks[starts[len(runs)-1]+len(ans):]
	q.Prompt = d.text(d.headEnd(s), d.lineStart(d.start(ans[0])), 0)
	if !v.explanation(d, q, after) {
		return nil
	}

	// The answers' list style sets the question type.
	items := d.listItems(ans)
	first := items[0]
	for _, it := range items[1:] {
		if sameStyle(it.style, first.style) {
			continue
		}
		v.errorf(d.at(it.at), "answers mix list styles: line %d is %s, this line is %s; use one style for every answer of a question",
			d.pos(first.at).Line, first.style, it.style)
		return nil
	}
	if first.style == bullet {
		v.errorf(d.at(first.at), "answers are plain bullets: mark right answers - [x] and wrong ones - [ ], or number the items in the right order for an ordering question")
		return nil
	}
	ok := true
	for _, it := range items {
		if len(it.nested) > 0 {
			v.errorf(d.at(d.start(it.nested[0])), "a list nested under an answer of question %q would read as more answers: write the option on its own line, or move the list into the prompt above the answers", q.ID)
			ok = false
		}
		if len(it.quotes) > 1 {
			v.errorf(d.at(d.start(it.quotes[1])), "a second feedback blockquote under one answer (the first is at line %d): join them into one > blockquote, with a > line between paragraphs", d.pos(d.start(it.quotes[0])).Line)
			ok = false
		}
		fb := ""
		if len(it.quotes) > 0 {
			fb = d.quoteText(it.quotes[0])
		}
		switch {
		case it.text == "" && it.textTo == it.textFrom:
			v.errorf(d.pos(it.textFrom), "answer has no text: write the option after %q", it.marker)
			ok = false
		case invisible(it.text):
			v.errorf(d.pos(it.textFrom), "answer holds only invisible characters (such as a zero-width or no-break space): write the option's text")
			ok = false
		}
		q.Options = append(q.Options, &Option{Text: it.text, Correct: it.style == taskDone, Feedback: fb})
	}
	if !ok {
		return nil
	}
	if first.style == numbered {
		q.Type = Ordering
		return v.checkOrdering(d, q, items)
	}
	seen := map[string]int{}
	for i, o := range q.Options {
		l := d.pos(items[i].at).Line
		if prev, dup := seen[o.Text]; dup {
			v.errorf(d.at(items[i].at), "answer %q also appears at line %d: every option of a question must differ", o.Text, prev)
			return nil
		}
		seen[o.Text] = l
	}
	return v.checkChoice(head, q)
}

// invisible reports text made only of characters that show nothing:
// spaces of every kind, zero-width characters, format controls.
func invisible(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) && r != '\u2800' && r != '\u3164' && r != '\u115f' && r != '\u1160' && r != '\uffa0' {
			return false
		}
	}
	return true
}

// explanation reads the blockquote after a question's answers; any other
// block there is an error, and so is a second blockquote.
func (v *checker) explanation(d *mdDoc, q *Question, after []ast.Node) bool {
	var quotes []ast.Node
	for _, b := range after {
		if _, ok := b.(*ast.Blockquote); ok {
			quotes = append(quotes, b)
			continue
		}
		v.errorf(d.at(d.start(b)), "text after the answers of question %q: move it into the prompt (above the answers) or into the explanation (a > blockquote)", q.ID)
		return false
	}
	switch len(quotes) {
	case 0:
		v.warnf(Pos{File: d.file, Line: q.Line, Col: 1}, "question %q has no explanation: add a > blockquote after the answers saying why, with its source", q.ID)
	case 1:
		q.Explanation = d.quoteText(quotes[0])
		if l := d.line(d.start(quotes[0])); l > 0 && strings.TrimSpace(string(d.src[d.lines[l-1]:d.lines[l]])) != "" {
			v.warnf(d.at(d.start(quotes[0])), "this blockquote right under the last answer of question %q is its explanation, shown for the whole question: if it is feedback on that answer, indent it under the answer (  > …); if it is the explanation, put a blank line before it", q.ID)
		}
	default:
		v.errorf(d.at(d.start(quotes[1])), "question %q has two explanations, at lines %d and %d: join them into one > blockquote (a > line between paragraphs); if the first is feedback on the last answer, indent it under that answer",
			q.ID, d.pos(d.start(quotes[0])).Line, d.pos(d.start(quotes[1])).Line)
		return false
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

func (v *checker) checkOrdering(d *mdDoc, q *Question, items []*mdItem) *Question {
	if len(q.Options) < 2 {
		v.errorf(Pos{File: d.file, Line: q.Line, Col: 1}, "ordering question %q has fewer than two items: list at least two, in the right order", q.ID)
		return nil
	}
	seen := map[string]int{}
	for i, o := range q.Options {
		p := d.at(items[i].at)
		if prev, dup := seen[o.Text]; dup {
			v.errorf(p, "ordering item %q also appears at line %d: every item must differ, or the right order is ambiguous", o.Text, prev)
			return nil
		}
		seen[o.Text] = p.Line
		if o.Feedback != "" {
			v.warnf(p, "feedback under an ordering item is never shown: put it in the explanation")
		}
	}
	return q
}
