package tui

import (
	"strings"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Escape sequences a third-party course was seen to use, by where they
// were put (the validator rejects most of them; the output layer must hold
// even when it does not).
const (
	osc52 = "\x1b]52;c;aGVsbG8=\a"
	osc8  = "\x1b]8;;https://evil.example\a"
	clear = "\x1b[2J"
	c1    = "\u009b2J"
	blink = "\x1b[5m"
)

// hostileCourse is the sample course with escape sequences in the course
// title, module titles, lesson titles, lesson text, option text and
// feedback.
func hostileCourse(t *testing.T) *content.Course {
	c := loadSample(t)
	c.Title += osc52
	for _, m := range c.Modules {
		m.Title += osc8 + "link" + "\x1b]8;;\a" + blink
		for _, it := range m.Items {
			it.Title += clear + c1
			if it.Kind == content.KindLesson {
				it.Body = "Body " + osc52 + " and " + clear + "\n\n" + it.Body
			}
			if it.Quiz != nil {
				for _, q := range it.Quiz.Questions {
					for _, o := range q.Options {
						o.Text += osc52
						o.Feedback += blink
					}
				}
			}
		}
	}
	return c
}

// noInjection fails if the frame the terminal gets carries a sequence from
// the course.
func noInjection(t *testing.T, d *driver, where string) {
	t.Helper()
	v := d.m.View()
	content := strings.ReplaceAll(v.Content, "\x1b]8;;\a", "") // the end of a link is harmless
	for _, bad := range []string{"\x1b]52", clear, "\u009b", "\x1b[5m", "evil.example\a", "\a"} {
		if i := strings.Index(content, bad); i >= 0 {
			t.Errorf("%s: the frame carries %q: …%q…", where, bad, content[max(0, i-40):min(len(content), i+40)])
		}
	}
	assert.NotContains(t, v.WindowTitle, "\x1b", where)
	assert.NotContains(t, v.WindowTitle, "\a", where)
}

func TestHostileCourseTextNeverDrivesTheTerminal(t *testing.T) {
	d := newDriver(t, hostileCourse(t), 100, 30)
	noInjection(t, d, "home")
	v := d.m.View()
	assert.Contains(t, v.WindowTitle, `\x1b]52;c;aGVsbG8=\x07`, "shown escaped, not dropped")
	d.keys("down", "enter")
	noInjection(t, d, "module")
	d.keys("enter")
	noInjection(t, d, "reader")
	d.has(`Body \x1b]52;c;aGVsbG8=\x07 and \x1b[2J`)

	d.send(navMsg{id: "why-check"})
	noInjection(t, d, "quiz intro")
	d.keys("enter")
	noInjection(t, d, "quiz question")
	d.has("question 1 of")
	d.keys("1", "enter")
	d.has(`aGVsbG8=\x07`, "Press enter for the next question")
	noInjection(t, d, "quiz feedback")
}

func TestQuizTextIsMarkdown(t *testing.T) {
	c := loadSample(t)
	q := c.Item("why-check").Quiz.Questions[0]
	q.Prompt = "Which is **right** for `main`?"
	q.Options[0].Text = "A **bold** choice with `code` and a [link](https://example.com)"
	q.Options[0].Feedback = "Feedback with *emphasis*"
	q.Explanation = "- a list\n- of reasons, see [the lesson](01-what-for.md)"
	d := newDriver(t, c, 100, 30)
	d.keys("down", "enter") // is the first module
	d.send(navMsg{id: "why-check"})
	d.keys("enter")
	d.has("Which is right for", "A bold choice with", "and a link")
	d.hasNot("**")
	d.hasNot("`")
	d.keys("1", "enter")
	d.has("Feedback with emphasis", "• a list", "• of reasons, see the lesson (→ What a bug report is for)")
	d.hasNot("*emphasis*")
}

func TestQuizOptionsHangUnderTheirText(t *testing.T) {
	c := loadSample(t)
	q := c.Item("why-check").Quiz.Questions[0]
	q.Options[0].Text = strings.Repeat("long words here ", 12)
	d := newDriver(t, c, 60, 30)
	d.send(navMsg{id: "why-check"})
	d.keys("enter")
	lines := strings.Split(d.screen(), "\n")
	first := -1
	for i, l := range lines {
		if strings.Contains(l, "( ) long words") {
			first = i
			break
		}
	}
	require.NotEqual(t, -1, first, d.screen())
	col := ansi.StringWidth(lines[first][:strings.Index(lines[first], "long")])
	next := lines[first+1]
	assert.Equal(t, col, len(next)-len(strings.TrimLeft(next, " ")), "the second line starts under the text:\n%s", d.screen())
}
