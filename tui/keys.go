package tui

import (
	"charm.land/bubbles/v2/key"
)

// GlobalKeys work on every screen (after the screen's own keys, so a text
// field can take q).
type GlobalKeys struct {
	Quit, ForceQuit, Help, Back key.Binding
	Workbook                    key.Binding // w: the learner's worksheets, from anywhere
}

// ListKeys move a cursor through a list and open the selected entry.
type ListKeys struct {
	Up, Down, Top, Bottom, Open key.Binding
}

// HomeKeys are the course map's own keys.
type HomeKeys struct {
	ListKeys
	Continue, Progress key.Binding
}

// ReaderKeys are the lesson reader's keys.
type ReaderKeys struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
	Next, Prev, Search, NextMatch, PrevMatch, Links           key.Binding
	Notes                                                     key.Binding // n when no search is active
	// In the search field and the link list.
	Find, CancelSearch, OpenLink, CloseLinks key.Binding
}

// QuizKeys are the quiz's keys.
type QuizKeys struct {
	Up, Down, Toggle, Choose, MoveUp, MoveDown, Submit key.Binding
	Start, Continue, RetryAll, RetryMissed, Review     key.Binding
}

// AssessKeys are the self-assessment's keys.
type AssessKeys struct {
	Rate, Prev, Next, Submit, Start, Results key.Binding
	// While a number is typed (the field takes every other key).
	Confirm, Back key.Binding
}

// KeyMap is every binding of the app.
type KeyMap struct {
	Global GlobalKeys
	List   ListKeys
	Home   HomeKeys
	Reader ReaderKeys
	Quiz   QuizKeys
	Assess AssessKeys

	Workbook WorkbookKeys
	Form     FormKeys
	Grid     GridKeys
}

func kb(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// DefaultKeyMap returns the bindings.
func DefaultKeyMap() KeyMap {
	list := ListKeys{
		Up:     kb([]string{"up", "k"}, "↑/k", "up"),
		Down:   kb([]string{"down", "j"}, "↓/j", "down"),
		Top:    kb([]string{"home", "g"}, "g", "first"),
		Bottom: kb([]string{"end", "G"}, "G", "last"),
		Open:   kb([]string{"enter"}, "enter", "open"),
	}
	wb, form, grid := defaultWorkbookKeys(list)
	return KeyMap{
		Workbook: wb,
		Form:     form,
		Grid:     grid,
		Global: GlobalKeys{
			Quit:      kb([]string{"q"}, "q", "quit"),
			ForceQuit: kb([]string{"ctrl+c"}, "ctrl+c", "quit"),
			Help:      kb([]string{"?"}, "?", "help"),
			Back:      kb([]string{"esc"}, "esc", "back"),
			Workbook:  kb([]string{"w"}, "w", "workbook"),
		},
		List: list,
		Home: HomeKeys{
			ListKeys: list,
			Continue: kb([]string{"c"}, "c", "continue"),
			Progress: kb([]string{"p"}, "p", "progress"),
		},
		Reader: ReaderKeys{
			Up:        kb([]string{"up", "k"}, "↑/k", "up"),
			Down:      kb([]string{"down", "j"}, "↓/j", "down"),
			PageUp:    kb([]string{"pgup", "b"}, "pgup/b", "page up"),
			PageDown:  kb([]string{"pgdown", "space", "f"}, "pgdn/space", "page down"),
			HalfUp:    kb([]string{"u", "ctrl+u"}, "u", "½ page up"),
			HalfDown:  kb([]string{"d", "ctrl+d"}, "d", "½ page down"),
			Top:       kb([]string{"g", "home"}, "g", "top"),
			Bottom:    kb([]string{"G", "end"}, "G", "end"),
			Next:      kb([]string{"right", "]", "l"}, "→/]", "next item"),
			Prev:      kb([]string{"left", "[", "h"}, "←/[", "previous item"),
			Search:    kb([]string{"/"}, "/", "search"),
			NextMatch: kb([]string{"n"}, "n", "next match"),
			PrevMatch: kb([]string{"N"}, "N", "previous match"),
			Links:     kb([]string{"o"}, "o", "open a link"),
			Notes:     kb([]string{"n"}, "n", "your notes"),

			Find:         kb([]string{"enter"}, "enter", "search"),
			CancelSearch: kb([]string{"esc"}, "esc", "cancel"),
			OpenLink:     kb([]string{"enter"}, "enter/1-9", "open"),
			CloseLinks:   kb([]string{"esc", "o"}, "esc", "close"),
		},
		Quiz: QuizKeys{
			Up:          kb([]string{"up", "k"}, "↑/k", "up"),
			Down:        kb([]string{"down", "j"}, "↓/j", "down"),
			Toggle:      kb([]string{"space", "x"}, "space", "select"),
			Choose:      kb([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "choose"),
			MoveUp:      kb([]string{"K", "shift+up"}, "K/⇧↑", "move up"),
			MoveDown:    kb([]string{"J", "shift+down"}, "J/⇧↓", "move down"),
			Submit:      kb([]string{"enter"}, "enter", "submit"),
			Start:       kb([]string{"enter"}, "enter", "start"),
			Continue:    kb([]string{"enter"}, "enter", "continue"),
			RetryAll:    kb([]string{"r"}, "r", "retry all"),
			RetryMissed: kb([]string{"m"}, "m", "retry missed"),
			Review:      kb([]string{"v"}, "v", "review answers"),
		},
		Assess: AssessKeys{
			Rate:   kb([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "rate"),
			Prev:   kb([]string{"left", "shift+tab"}, "←", "previous"),
			Next:   kb([]string{"right", "tab"}, "→", "next"),
			Submit: kb([]string{"enter"}, "enter", "confirm"),
			Start:  kb([]string{"enter"}, "enter", "start"),

			Results: kb([]string{"r"}, "r", "latest results"),
			Confirm: kb([]string{"enter"}, "enter", "confirm"),
			Back:    kb([]string{"esc", "shift+tab"}, "esc", "previous"),
		},
	}
}

// keyHelp adapts a list of bindings to help.KeyMap.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyHelp) ShortHelp() []key.Binding  { return k.short }
func (k keyHelp) FullHelp() [][]key.Binding { return k.full }

// withGlobal appends the global keys to a screen's help.
func (g GlobalKeys) withGlobal(short []key.Binding, full ...[]key.Binding) keyHelp {
	globals := []key.Binding{g.Back, g.Help, g.Quit}
	return keyHelp{
		short: append(append([]key.Binding{}, short...), globals...),
		full:  append(full, []key.Binding{g.Back, g.Workbook, g.Help, g.Quit}),
	}
}
