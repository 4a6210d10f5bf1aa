package site

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/allyworks/ally/content"
)

// h is a tiny HTML builder: text is always escaped, markup is ours.
type h struct{ b strings.Builder }

func (w *h) raw(s string)              { w.b.WriteString(s) }
func (w *h) text(s string)             { w.b.WriteString(template.HTMLEscapeString(s)) }
func (w *h) html(s template.HTML)      { w.b.WriteString(string(s)) }
func (w *h) tag(open, s, close string) { w.raw(open); w.text(s); w.raw(close) }
func (w *h) linkTo(href, s string) {
	w.raw(`<a href="` + template.HTMLEscapeString(href) + `">`)
	w.text(s)
	w.raw("</a>")
}
func (w *h) done() template.HTML  { return template.HTML(w.b.String()) } //nolint:gosec // built from escaped parts
func (w *h) para(class, s string) { w.raw(`<p class="` + class + `">`); w.text(s); w.raw("</p>") }
func (w *h) attr(s string) string { return template.HTMLEscapeString(s) }

func (w *h) meta(it *content.Item) {
	parts := []string{it.Kind.Word()}
	if m := minutes(it.Minutes); m != "" {
		parts = append(parts, m)
	}
	if it.Optional {
		parts = append(parts, "optional")
	}
	w.raw(`<span class="meta">`)
	w.text(strings.Join(parts, " · "))
	w.raw("</span>")
}

// rule says when a module opens.
func (s *site) rule(w *h, m *content.Module) {
	r := m.EffectiveRule()
	w.raw(`<p class="rule"><strong>Opens:</strong> `)
	if r == nil {
		w.text("always open.")
	} else {
		w.text(s.c.Describe(r) + ".")
	}
	if m.Preview && r != nil {
		w.text(" Its lessons can be read before it opens.")
	}
	w.raw("</p>")
}

func (s *site) home() template.HTML {
	var w h
	w.tag(`<p class="lead">`, s.c.Summary, "</p>")
	var facts []string
	if s.c.Version != "" {
		facts = append(facts, "Version "+s.c.Version)
	}
	if len(s.c.Authors) > 0 {
		facts = append(facts, "by "+strings.Join(s.c.Authors, ", "))
	}
	if s.c.License != "" {
		facts = append(facts, "licence "+s.c.License)
	}
	if len(facts) > 0 {
		w.para("meta", strings.Join(facts, " · "))
	}
	for _, st := range s.c.Stages {
		w.raw(`<section id="stage-` + w.attr(st.ID) + `">`)
		w.tag("<h2>", stageTitle(st), "</h2>")
		if st.Summary != "" {
			w.tag("<p>", st.Summary, "</p>")
		}
		if st.Requires != nil {
			w.raw(`<p class="rule"><strong>Opens:</strong> `)
			w.text(s.c.Describe(st.Requires) + ".")
			w.raw("</p>")
		}
		w.raw(`<ul class="modules">`)
		for _, m := range st.Modules {
			w.raw("<li>")
			w.linkTo(s.moduleFile(m), moduleTitle(m))
			if m.Summary != "" {
				w.raw(" — ")
				w.text(m.Summary)
			}
			if m.Requires != nil {
				w.raw(`<br><span class="meta">`)
				w.text("Opens: " + s.c.Describe(m.Requires) + ".")
				w.raw("</span>")
			}
			w.raw("</li>")
		}
		w.raw("</ul></section>")
	}
	return w.done()
}

func (s *site) module(m *content.Module) (template.HTML, error) {
	var w h
	if m.Summary != "" {
		w.tag(`<p class="lead">`, m.Summary, "</p>")
	}
	s.rule(&w, m)
	if strings.TrimSpace(m.Intro) != "" {
		w.html(s.render(m.Dir+"/module.md", m.Intro))
	}
	w.raw(`<h2>In this module</h2><ol class="items">`)
	for _, it := range m.Items {
		w.raw("<li>")
		w.linkTo(s.itemFile(it), it.Title)
		w.raw(" ")
		w.meta(it)
		w.raw("</li>")
	}
	w.raw("</ol>")
	return w.done(), nil
}

// item renders a lesson, quiz or assessment page and its search text.
func (s *site) item(it *content.Item) (template.HTML, string, error) {
	var w h
	w.raw(`<p>`)
	w.meta(it)
	w.raw(`</p>`)
	switch it.Kind {
	case content.KindQuiz:
		s.quiz(&w, it)
		return w.done(), s.quizText(it), nil
	case content.KindAssessment:
		s.assessment(&w, it)
		return w.done(), s.assessmentText(it), nil
	case content.KindWorksheet:
		s.worksheet(&w, it)
		return w.done(), s.worksheetText(it), nil
	}
	w.html(s.render(it.File, it.Body))
	return w.done(), s.md.plain(it.Body), nil
}

func (s *site) quiz(w *h, it *content.Item) {
	q := it.Quiz
	if strings.TrimSpace(q.Intro) != "" {
		w.html(s.render(it.File, q.Intro))
	}
	var rules []string
	rules = append(rules, fmt.Sprintf("%d questions", len(q.Questions)))
	if q.Pass > 0 {
		rules = append(rules, "pass mark "+strconv.FormatFloat(q.Pass*100, 'f', -1, 64)+"%")
	}
	if q.Attempts > 0 {
		rules = append(rules, fmt.Sprintf("%d attempts", q.Attempts))
	}
	w.para("meta", strings.Join(rules, " · "))
	for i, qu := range q.Questions {
		w.raw(`<section class="question" id="` + w.attr(qu.ID) + `">`)
		w.tag("<h2>", fmt.Sprintf("%d. %s", i+1, qu.Title), "</h2>")
		if strings.TrimSpace(qu.Prompt) != "" {
			w.html(s.render(it.File, qu.Prompt))
		}
		switch qu.Type {
		case content.Ordering:
			w.para("how", "Put these in order.")
			w.raw(`<ul class="options">`)
			for _, o := range OrderingShown(qu.ID, qu.Options) {
				w.raw(`<li><span class="box" aria-hidden="true">▢</span> `)
				w.html(inline(s.render(it.File, o.Text)))
				w.raw("</li>")
			}
			w.raw("</ul>")
		default:
			how := "Choose one."
			if qu.Type == content.MultipleAnswer {
				how = "Choose all that apply."
			}
			w.para("how", how)
			w.raw(`<ul class="options">`)
			for _, o := range qu.Options {
				w.raw(`<li><span class="box" aria-hidden="true">☐</span> `)
				w.html(inline(s.render(it.File, o.Text)))
				w.raw("</li>")
			}
			w.raw("</ul>")
		}
		w.raw("<details><summary>Answer</summary>")
		s.answer(w, it, qu)
		w.raw("</details></section>")
	}
}

// answer is the key of a question: the right options, feedback, explanation.
func (s *site) answer(w *h, it *content.Item, qu *content.Question) {
	if qu.Type == content.Ordering {
		w.raw(`<p>The right order:</p><ol class="key">`)
		for _, o := range qu.Options {
			w.raw("<li>")
			w.html(inline(s.render(it.File, o.Text)))
			w.raw("</li>")
		}
		w.raw("</ol>")
	} else {
		w.raw(`<ul class="key">`)
		for _, o := range qu.Options {
			mark, word := "✗", "wrong"
			if o.Correct {
				mark, word = "✓", "right"
			}
			w.raw(`<li class="` + word + `"><span aria-hidden="true">` + mark + `</span> <span class="word">` + word + `:</span> `)
			w.html(inline(s.render(it.File, o.Text)))
			if strings.TrimSpace(o.Feedback) != "" {
				w.raw(`<div class="feedback">`)
				w.html(s.render(it.File, o.Feedback))
				w.raw("</div>")
			}
			w.raw("</li>")
		}
		w.raw("</ul>")
	}
	if strings.TrimSpace(qu.Explanation) != "" {
		w.raw(`<div class="explanation">`)
		w.html(s.render(it.File, qu.Explanation))
		w.raw("</div>")
	}
}

// OrderingShown is the order a reader first sees: a fixed shuffle that
// never matches the key, so the page does not give the answer away.
func OrderingShown(id string, opts []*content.Option) []*content.Option {
	shown := append([]*content.Option(nil), opts...)
	if len(shown) < 2 {
		return shown
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	rand.New(rand.NewPCG(h.Sum64(), 0)).Shuffle(len(shown), func(i, j int) { shown[i], shown[j] = shown[j], shown[i] })
	same := true
	for i := range shown {
		same = same && shown[i] == opts[i]
	}
	if same {
		shown = append(shown[1:], shown[0])
	}
	return shown
}

// inline strips the paragraph goldmark wraps around one line of text.
func inline(x template.HTML) template.HTML {
	s := strings.TrimSpace(string(x))
	if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") && strings.Count(s, "<p>") == 1 {
		s = strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>")
	}
	return template.HTML(s) //nolint:gosec // from goldmark
}

func (s *site) assessment(w *h, it *content.Item) {
	a := it.Assessment
	if strings.TrimSpace(a.Intro) != "" {
		w.html(s.render(it.File, a.Intro))
	}
	w.raw(`<form class="assessment" action="#" onsubmit="return false">`)
	for _, d := range a.Dimensions {
		w.raw(`<fieldset id="` + w.attr(d.ID) + `"><legend>`)
		w.text(d.Title)
		w.raw("</legend>")
		if strings.TrimSpace(d.Intro) != "" {
			w.html(s.render(it.File, d.Intro))
		}
		var likert, numbers []*content.AssessmentItem
		for _, ai := range d.Items {
			if ai.Type == content.Number {
				numbers = append(numbers, ai)
			} else {
				likert = append(likert, ai)
			}
		}
		if len(likert) > 0 {
			w.raw(`<table class="scale"><thead><tr><th scope="col">Statement</th>`)
			for i, sc := range a.Scale {
				w.raw(`<th scope="col">`)
				w.text(fmt.Sprintf("%d %s", i+1, sc))
				w.raw("</th>")
			}
			w.raw("</tr></thead><tbody>")
			for _, ai := range likert {
				w.raw(`<tr><th scope="row">`)
				w.html(inline(s.render(it.File, ai.Text)))
				if ai.Help != "" {
					w.raw(`<div class="meta">`)
					w.html(inline(s.render(it.File, ai.Help)))
					w.raw("</div>")
				}
				w.raw("</th>")
				for i, sc := range a.Scale {
					name := w.attr(d.ID + "." + ai.ID)
					w.raw(`<td><label><input type="radio" name="` + name + `" value="` + strconv.Itoa(i+1) + `"><span class="sr">`)
					w.text(sc)
					w.raw("</span></label></td>")
				}
				w.raw("</tr>")
			}
			w.raw("</tbody></table>")
		}
		for _, ai := range numbers {
			w.raw(`<p class="number"><label>`)
			w.html(inline(s.render(it.File, ai.Text)))
			w.raw(` <input type="number"`)
			if ai.Min != nil {
				w.raw(` min="` + strconv.FormatFloat(*ai.Min, 'f', -1, 64) + `"`)
			}
			if ai.Max != nil {
				w.raw(` max="` + strconv.FormatFloat(*ai.Max, 'f', -1, 64) + `"`)
			}
			w.raw(`> `)
			w.text(ai.Unit)
			w.raw("</label>")
			if ai.Help != "" {
				w.raw(`<br><span class="meta">`)
				w.html(inline(s.render(it.File, ai.Help)))
				w.raw("</span>")
			}
			w.raw("</p>")
		}
		w.raw("</fieldset>")
	}
	w.raw("</form>")
	s.scoring(w, a)
}

// scoring explains, in words, how the assessment is read.
func (s *site) scoring(w *h, a *content.Assessment) {
	reverse := 0
	for _, d := range a.Dimensions {
		for _, ai := range d.Items {
			if ai.Reverse {
				reverse++
			}
		}
	}
	w.raw("<details><summary>How it is scored</summary>")
	w.tag("<p>", fmt.Sprintf("Each dimension's score is the mean of its statements, from 1 to %d.", a.Max()), "</p>")
	if reverse > 0 {
		w.tag("<p>", fmt.Sprintf("%d statements are reverse-scored: agreeing with them lowers the score.", reverse), "</p>")
	}
	if len(a.Bands) > 0 {
		w.raw("<h3>Bands</h3><ul>")
		for _, b := range a.Bands {
			w.raw("<li>")
			w.text(b.Title + ": " + bandRange(b))
			if b.Recommend {
				w.text(" — the course recommends the dimension's modules")
			}
			w.raw("</li>")
		}
		w.raw("</ul>")
	}
	if len(a.Placement) > 0 {
		w.raw("<h3>Placement</h3><p>The first that holds places you:</p><ol>")
		for _, p := range a.Placement {
			w.raw("<li>")
			title := p.Title
			if st := s.c.Stage(p.Stage); st != nil && title == "" {
				title = stageTitle(st)
			}
			w.text(title)
			if p.When == nil {
				w.text(" — otherwise")
			}
			w.raw("</li>")
		}
		w.raw("</ol>")
	}
	w.raw("</details>")
}

func bandRange(b *content.Band) string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch {
	case b.Min != nil && b.Below != nil:
		return "from " + f(*b.Min) + " to below " + f(*b.Below)
	case b.Min != nil:
		return f(*b.Min) + " and above"
	case b.Below != nil:
		return "below " + f(*b.Below)
	}
	return "any score"
}

func (s *site) quizText(it *content.Item) string {
	var parts []string
	parts = append(parts, s.md.plain(it.Quiz.Intro))
	for _, q := range it.Quiz.Questions {
		parts = append(parts, q.Title, s.md.plain(q.Prompt))
	}
	return strings.Join(parts, " ")
}

func (s *site) assessmentText(it *content.Item) string {
	var parts []string
	parts = append(parts, s.md.plain(it.Assessment.Intro))
	for _, d := range it.Assessment.Dimensions {
		parts = append(parts, d.Title)
		for _, ai := range d.Items {
			parts = append(parts, s.md.plain(ai.Text))
		}
	}
	return strings.Join(parts, " ")
}

// searchBody lists every page; with JavaScript, the box filters the list.
func (s *site) searchBody() template.HTML {
	var w h
	w.raw(`<p>Every page of the course. Type in the box to filter it.</p><ul id="results">`)
	for _, e := range s.index {
		w.raw(`<li data-text="` + w.attr(strings.ToLower(e.Title+" "+e.Where+" "+e.Text)) + `">`)
		w.linkTo(e.Page, e.Title)
		if e.Where != "" {
			w.raw(` <span class="meta">`)
			w.text(e.Where)
			w.raw("</span>")
		}
		w.raw("</li>")
	}
	w.raw("</ul>")
	return w.done()
}

// worksheet is a blank, printable template of a worksheet: one form with
// a control for each field, to print once per entry or fill in on screen
// (nothing is sent anywhere: the form has no action).
func (s *site) worksheet(w *h, it *content.Item) {
	ws := it.Worksheet
	if strings.TrimSpace(it.Body) != "" {
		w.html(s.render(it.File, it.Body))
	}
	switch {
	case ws.Parent != nil:
		w.para("how", fmt.Sprintf("A worksheet about your own work, one for each entry of “%s”. In Ally, w opens the workbook; here is a blank copy to print.", ws.Parent.Title))
	case ws.Many:
		w.para("how", fmt.Sprintf("A worksheet about your own work, one entry per %s. In Ally, w opens the workbook; here is a blank copy to print, once per %s.", ws.Noun, ws.Noun))
	default:
		w.para("how", "A worksheet about your own work, filled in once. In Ally, w opens the workbook; here is a blank copy to print.")
	}
	w.raw(`<form class="worksheet" action="#" onsubmit="return false">`)
	for _, f := range ws.Fields {
		id := w.attr(it.ID + "." + f.ID)
		w.raw(`<fieldset class="field"><legend>`)
		w.text(f.Label)
		if f.Required {
			w.raw(` <span class="meta">(required)</span>`)
		}
		w.raw("</legend>")
		if f.Help != "" {
			w.raw(`<div class="meta">`)
			w.html(inline(s.render(it.File, f.Help)))
			w.raw("</div>")
		}
		choice := func(kind string, opts []string) {
			for i, o := range opts {
				w.raw(`<label class="opt"><input type="` + kind + `" name="` + id + `" value="` + strconv.Itoa(i+1) + `"> `)
				w.text(o)
				w.raw("</label> ")
			}
		}
		switch f.Type {
		case content.FieldLongText:
			w.raw(`<textarea name="` + id + `" rows="6" aria-label="` + w.attr(f.Label) + `"></textarea>`)
		case content.FieldChoice:
			choice("radio", f.Options)
		case content.FieldChoices:
			choice("checkbox", f.Options)
		case content.FieldYesNo:
			choice("radio", []string{"Yes", "No"})
		case content.FieldScale:
			labels := make([]string, len(f.Labels))
			for i, l := range f.Labels {
				labels[i] = fmt.Sprintf("%d %s", i+1, l)
			}
			choice("radio", labels)
		case content.FieldDate:
			w.raw(`<input type="date" name="` + id + `" aria-label="` + w.attr(f.Label) + `">`)
		case content.FieldNumber:
			w.raw(`<input type="number" name="` + id + `" aria-label="` + w.attr(f.Label) + `"`)
			if f.Min != nil {
				w.raw(` min="` + strconv.FormatFloat(*f.Min, 'f', -1, 64) + `"`)
			}
			if f.Max != nil {
				w.raw(` max="` + strconv.FormatFloat(*f.Max, 'f', -1, 64) + `"`)
			}
			w.raw(">")
		default:
			w.raw(`<input type="text" name="` + id + `" aria-label="` + w.attr(f.Label) + `">`)
		}
		w.raw("</fieldset>")
	}
	w.raw("</form>")
	if len(ws.Columns) > 0 {
		w.raw("<h2>The grid</h2><p>In Ally, the workbook shows your entries side by side, sortable by any of these columns:</p><ul>")
		for _, col := range ws.Columns {
			w.raw("<li>")
			if col.Field != nil {
				w.text(col.Field.Label)
			} else {
				w.text(col.Ref)
			}
			w.raw("</li>")
		}
		w.raw("</ul>")
	}
	if len(ws.Attached) > 0 {
		w.raw("<p>Each entry also takes: ")
		for i, a := range ws.Attached {
			if i > 0 {
				w.raw(", ")
			}
			w.linkTo(s.itemFile(a), a.Title)
		}
		w.raw(".</p>")
	}
}

func (s *site) worksheetText(it *content.Item) string {
	parts := []string{s.md.plain(it.Body)}
	for _, f := range it.Worksheet.Fields {
		parts = append(parts, f.Label, s.md.plain(f.Help))
	}
	return strings.Join(parts, " ")
}
