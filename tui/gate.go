package tui

import (
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// checklistLines draws an unlock rule's checklist in width cells: ✓ or ✗,
// the condition, the learner's value; an any's alternatives below it,
// those that cannot help now dimmed with the reason. Every line wraps with
// a hanging indent, so nothing is cut off.
func checklistLines(st Styles, checks []progress.Check, width int) []string {
	var out []string
	var add func(ch progress.Check, depth int)
	add = func(ch progress.Check, depth int) {
		pad := strings.Repeat("  ", depth)
		mark, text := st.Bad.Render("✗"), st.Text
		if ch.Met {
			mark = st.Good.Render("✓")
		}
		line := ch.Text
		if ch.Current != "" {
			line += " — " + ch.Current
		}
		body := text.Render(line)
		if !ch.Met && ch.Action == nil && ch.Blocked != "" {
			body = st.Muted.Render(line + " (" + ch.Blocked + ")")
		}
		w := max(10, width-len(pad))
		for _, l := range strings.Split(hanging(mark+" "+body, w, 2), "\n") {
			out = append(out, pad+l)
		}
		for _, o := range ch.Options {
			add(o, depth+1)
		}
	}
	for _, ch := range checks {
		add(ch, 0)
	}
	return out
}

// actionText says what opening an item does for the learner: "take the
// quiz “…”", "retake the self-assessment “…”", "read “…”".
func actionText(c *common, it *content.Item) string {
	is := c.over.Item(it.ID)
	switch it.Kind {
	case content.KindQuiz:
		if is != nil && is.Quiz != nil && is.Quiz.Attempts > 0 {
			return "retake the quiz “" + it.Title + "”"
		}
		return "take the quiz “" + it.Title + "”"
	case content.KindAssessment:
		if is != nil && is.Assessment != nil && is.Assessment.Taken > 0 {
			return "retake the self-assessment “" + it.Title + "”"
		}
		return "take the self-assessment “" + it.Title + "”"
	case content.KindWorksheet:
		return "fill in “" + it.Title + "”"
	}
	return "read “" + it.Title + "”"
}
