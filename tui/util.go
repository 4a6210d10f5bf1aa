package tui

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/progress"
	"github.com/charmbracelet/x/ansi"
)

func repeat(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

// truncate cuts a styled line to width cells.
func truncate(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// wrap wraps plain or styled text to width cells.
func wrap(s string, width int) string {
	return ansi.Wrap(s, max(width, 1), "")
}

// spread puts left and right on one line of width cells, shortening left
// when they do not fit.
func spread(left, right string, width int) string {
	rw := lipgloss.Width(right)
	if lipgloss.Width(left)+1+rw > width {
		left = truncate(left, max(0, width-rw-1))
	}
	gap := max(1, width-lipgloss.Width(left)-rw)
	return truncate(left+strings.Repeat(" ", gap)+right, width)
}

// row is one line of a scrolling list; target is what enter opens and key
// names the row's role ("next", "module:…") to keep the cursor on it when
// the list is rebuilt. A row may leave its text to draw, which the list
// calls the first time it shows the row (a long list styles only what it
// shows).
type row struct {
	text   string
	draw   func() string
	target *navMsg
	key    string
}

// list is a scrolling list of rows with a cursor on the selectable ones.
type list struct {
	rows   []row
	cursor int // index into rows; -1 when nothing is selectable
	offset int // first visible row
	// free: the learner scrolled past the selectable rows (to read a lock
	// box or an introduction above them), so the view need not show the
	// cursor. Moving the cursor ends it.
	free   bool
	height int // rows shown by the last view
}

// visible reports whether row i was on screen in the last view.
func (l *list) visible(i int) bool { return i >= l.offset && i < l.offset+l.height }

// showTop scrolls to the first row, leaving the cursor where it is.
func (l *list) showTop() { l.offset, l.free = 0, true }

func (l *list) setRows(rows []row) {
	l.rows = rows
	if l.cursor < 0 || l.cursor >= len(rows) || rows[l.cursor].target == nil {
		free := l.free // the rows changed, not the learner's scrolling
		l.cursor, l.free = -1, false
		l.move(1)
		l.free = free
	}
}

func (l *list) selected() *navMsg {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return nil
	}
	return l.rows[l.cursor].target
}

// move moves the cursor dir selectable rows (dir ±1). Past the first or
// last selectable row it scrolls the rows beyond instead; with the cursor
// scrolled out of sight, the first move brings it back.
func (l *list) move(dir int) {
	below := l.cursor >= l.offset+l.height
	if l.free && l.cursor >= 0 && l.height > 0 && !l.visible(l.cursor) && below == (dir > 0) {
		l.free = false // towards the cursor: show it again
		return
	}
	for i := l.cursor + dir; i >= 0 && i < len(l.rows); i += dir {
		if l.rows[i].target != nil {
			l.cursor = i
			l.free = false
			return
		}
	}
	if l.height > 0 && len(l.rows) > l.height {
		l.offset = max(0, min(l.offset+dir, len(l.rows)-l.height))
		l.free = true
	}
}

func (l *list) first() { l.cursor = -1; l.move(1) }

func (l *list) last() { l.cursor = len(l.rows); l.move(-1) }

// selectedKey is the key of the row under the cursor ("" when none).
func (l *list) selectedKey() string {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return ""
	}
	if k := l.rows[l.cursor].key; k != "" {
		return k
	}
	if t := l.rows[l.cursor].target; t != nil {
		return t.id
	}
	return ""
}

// selectKey puts the cursor on the row with the key (or opening the id
// when rows have no key); it reports whether there is one.
func (l *list) selectKey(k string) bool {
	for i, r := range l.rows {
		if r.target != nil && (r.key == k || (r.key == "" && r.target.id == k)) {
			l.cursor = i
			return true
		}
	}
	return false
}

// view draws height rows, keeping the cursor visible.
func (l *list) view(s Styles, width, height int) string {
	if height < 1 {
		return ""
	}
	l.height = height
	if l.cursor >= 0 && !l.free {
		if l.cursor < l.offset {
			l.offset = l.cursor
		}
		if l.cursor >= l.offset+height {
			l.offset = l.cursor - height + 1
		}
	}
	l.offset = max(0, min(l.offset, len(l.rows)-height))
	var out []string
	for i := l.offset; i < len(l.rows) && i < l.offset+height; i++ {
		if r := &l.rows[i]; r.draw != nil {
			r.text, r.draw = r.draw(), nil
		}
		text := truncate(l.rows[i].text, width-2)
		if i == l.cursor {
			pad := max(0, width-2-lipgloss.Width(text))
			out = append(out, s.Cursor.Render("›")+" "+s.Selected.Render(text+strings.Repeat(" ", pad)))
		} else {
			out = append(out, "  "+text)
		}
	}
	return strings.Join(out, "\n")
}

// handle applies the list bindings; it reports whether the key was one
// of them (enter is left to the caller).
func (l *list) handle(k ListKeys, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.Top):
		l.first()
		l.showTop() // the lock box, the introduction
	case key.Matches(msg, k.Bottom):
		l.last()
	default:
		return false
	}
	return true
}

// newInput is a one-line text field with a steady (non-blinking) cursor.
// newArea is a multi-line text field in the app's style (no blinking, like
// newInput: a blinking cursor is a timer that never lets the app settle).
func newArea(c *common, placeholder string, height int) textarea.Model {
	a := textarea.New()
	st := textarea.DefaultStyles(c.dark)
	st.Cursor.Blink = false
	a.SetStyles(st)
	a.ShowLineNumbers = false
	a.Placeholder = placeholder
	a.CharLimit = progress.MaxLongText
	a.SetHeight(height)
	return a
}

func newInput(c *common, prompt, placeholder string) textinput.Model {
	in := textinput.New()
	st := textinput.DefaultStyles(c.dark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.Prompt = prompt
	in.Placeholder = placeholder
	return in
}

// hanging wraps s to width, indenting every line after the first by n so a
// bullet's text lines up.
func hanging(s string, width, n int) string {
	lines := strings.Split(wrap(s, width), "\n")
	if len(lines) == 1 {
		return s
	}
	rest := strings.Join(lines[1:], " ")
	return lines[0] + "\n" + indent(wrap(rest, width-n), n)
}

// lowerFirst lowers the first letter, to put a sentence inside another.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// scroller is what the reading keys move: bubbles' viewport, or the
// reader's pager.
type scroller interface {
	ScrollDown(n int)
	ScrollUp(n int)
	PageDown()
	PageUp()
	HalfPageDown()
	HalfPageUp()
	SetYOffset(n int) // clamped to the text
}

// scroll applies the reading keys to a viewport; it reports whether the key
// was one of them.
func scroll(vp scroller, k ReaderKeys, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.HalfDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.Top):
		vp.SetYOffset(0)
	case key.Matches(msg, k.Bottom):
		vp.SetYOffset(math.MaxInt)
	default:
		return false
	}
	return true
}

// plural writes a count with its noun: "1 attempt", "3 attempts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
