package tui

import (
	"fmt"
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// Mode is the --theme setting.
type Mode string

// Theme modes.
const (
	ModeAuto  Mode = "auto"  // follow the terminal background
	ModeDark  Mode = "dark"  //
	ModeLight Mode = "light" //
	ModeNoTTY Mode = "notty" // no colour at all (also for NO_COLOR)
)

// ParseMode checks a --theme value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeAuto, ModeDark, ModeLight, ModeNoTTY:
		return m, nil
	}
	return "", fmt.Errorf("unknown theme %q: use auto, dark, light or notty", s)
}

// palette holds the semantic colours of a theme; nil means "no colour".
type palette struct {
	Accent, Text, Muted, Faint, Good, Bad, Warn, Select color.Color
}

func paletteFor(dark bool) palette {
	if dark {
		return palette{
			Accent: lipgloss.Color("#8FA8FF"), Text: lipgloss.Color("#E4E4E7"),
			Muted: lipgloss.Color("#A1A1AA"), Faint: lipgloss.Color("#52525B"),
			Good: lipgloss.Color("#6EE7A0"), Bad: lipgloss.Color("#FF8A8A"),
			Warn: lipgloss.Color("#F5C16C"), Select: lipgloss.Color("#27303F"),
		}
	}
	return palette{
		Accent: lipgloss.Color("#3048B0"), Text: lipgloss.Color("#18181B"),
		Muted: lipgloss.Color("#52525B"), Faint: lipgloss.Color("#A1A1AA"),
		Good: lipgloss.Color("#0F7A3D"), Bad: lipgloss.Color("#B42318"),
		Warn: lipgloss.Color("#8A5A00"), Select: lipgloss.Color("#E4E8F7"),
	}
}

// Styles is every style the screens use, derived from one palette.
type Styles struct {
	Title, Subtitle, Heading, Text, Muted, Faint lipgloss.Style
	Accent, Good, Bad, Warn                      lipgloss.Style
	Selected, Cursor                             lipgloss.Style
	BarFull, BarEmpty                            lipgloss.Style
	Header, Footer, Rule                         lipgloss.Style
	Error, Notice                                lipgloss.Style
	Key, KeyDesc                                 lipgloss.Style
	Match, MatchCurrent                          lipgloss.Style
	Box                                          lipgloss.Style

	// Glamour is the markdown style name for lessons.
	Glamour string
	// Colour is false in notty mode: status then rests on words and marks.
	Colour bool
}

// NewStyles builds the styles for a mode; dark matters in auto mode.
func NewStyles(mode Mode, dark bool) Styles {
	switch mode {
	case ModeDark:
		dark = true
	case ModeLight:
		dark = false
	case ModeNoTTY:
		return plainStyles()
	}
	p := paletteFor(dark)
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		Title:        fg(p.Accent).Bold(true),
		Subtitle:     fg(p.Muted),
		Heading:      fg(p.Text).Bold(true),
		Text:         fg(p.Text),
		Muted:        fg(p.Muted),
		Faint:        fg(p.Faint),
		Accent:       fg(p.Accent),
		Good:         fg(p.Good),
		Bad:          fg(p.Bad),
		Warn:         fg(p.Warn),
		Selected:     lipgloss.NewStyle().Background(p.Select).Bold(true),
		Cursor:       fg(p.Accent).Bold(true),
		BarFull:      fg(p.Accent),
		BarEmpty:     fg(p.Faint),
		Header:       lipgloss.NewStyle().Padding(0, 1),
		Footer:       lipgloss.NewStyle().Padding(0, 1),
		Rule:         fg(p.Faint),
		Error:        fg(p.Bad).Bold(true).Padding(0, 1),
		Notice:       fg(p.Warn).Padding(0, 1),
		Key:          fg(p.Accent),
		KeyDesc:      fg(p.Muted),
		Match:        lipgloss.NewStyle().Reverse(true),
		MatchCurrent: lipgloss.NewStyle().Reverse(true).Bold(true).Underline(true),
		Box:          lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Faint).Padding(0, 1),
		Glamour:      "light",
		Colour:       true,
	}
	if dark {
		s.Glamour = "dark"
	}
	return s
}

// plainStyles uses no colour: emphasis by bold, underline and reverse only.
func plainStyles() Styles {
	n := lipgloss.NewStyle()
	return Styles{
		Title: n.Bold(true), Subtitle: n, Heading: n.Bold(true), Text: n, Muted: n, Faint: n,
		Accent: n, Good: n, Bad: n.Bold(true), Warn: n,
		Selected: n.Reverse(true), Cursor: n.Bold(true),
		BarFull: n, BarEmpty: n,
		Header: n.Padding(0, 1), Footer: n.Padding(0, 1), Rule: n,
		Error: n.Bold(true).Padding(0, 1), Notice: n.Padding(0, 1),
		Key: n.Bold(true), KeyDesc: n,
		Match: n.Reverse(true), MatchCurrent: n.Reverse(true).Underline(true),
		Box:     n.Border(lipgloss.NormalBorder()).Padding(0, 1),
		Glamour: "notty",
	}
}

// statusMark is a module status as a symbol and a word, so that status is
// never carried by colour alone.
func (s Styles) statusMark(st progress.Status, preview bool) string {
	switch st {
	case progress.StatusCompleted:
		return s.Good.Render("✓ done")
	case progress.StatusInProgress:
		return s.Accent.Render("◐ in progress")
	case progress.StatusOpen:
		return s.Text.Render("○ open")
	}
	if preview {
		return s.Muted.Render("⊘ locked · preview")
	}
	return s.Muted.Render("⊘ locked")
}

// itemMark is an item status as a symbol and a word.
func (s Styles) itemMark(it *progress.ItemState) string {
	switch {
	case it.Quiz != nil && it.Quiz.Passed:
		return s.Good.Render(fmt.Sprintf("✓ passed %s", pct(it.Quiz.Best)))
	case it.Quiz != nil && it.Quiz.Attempts > 0:
		return s.Warn.Render(fmt.Sprintf("✗ best %s", pct(it.Quiz.Best)))
	case it.Assessment != nil && it.Assessment.Taken > 0:
		return s.Good.Render("✓ taken")
	case it.Item.Kind == content.KindWorksheet && it.Status == progress.ItemDone:
		return s.Good.Render("✓ in use")
	case it.Item.Kind == content.KindWorksheet && it.Status == progress.ItemStarted:
		return s.Accent.Render("◐ draft")
	case it.Status == progress.ItemDone:
		return s.Good.Render("✓ read")
	case it.Status == progress.ItemStarted:
		return s.Accent.Render(fmt.Sprintf("◐ %s read", pct(it.Scroll)))
	}
	return s.Muted.Render("○ new")
}

// bar draws a completion bar of width cells for done of total.
func (s Styles) bar(done, total, width int) string {
	if width < 1 {
		return ""
	}
	full := 0
	if total > 0 {
		full = done * width / total
	}
	return s.BarFull.Render(repeat("█", full)) + s.BarEmpty.Render(repeat("░", width-full))
}

func pct(f float64) string { return fmt.Sprintf("%d%%", int(f*100+0.5)) }
