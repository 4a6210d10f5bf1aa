package linear

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

var lessonMenu = menu{
	{names: []string{""}, help: "the next page; at the end, the next item"},
	{names: []string{"b", "back"}, help: "the page before"},
	{names: []string{"#"}, shown: "a number", help: "go to that page"},
	{names: []string{"r", "repeat"}, help: "read this page again"},
	{names: []string{"/", "find"}, shown: "/ followed by words, or find words", help: "search the lesson for the words"},
	{names: []string{"n"}, help: "the next match of the search; with no search, your notes"},
	{names: []string{"note", "notes"}, help: "read and write your notes on this lesson"},
	{names: []string{"p", "previous"}, help: "the item before this one"},
	{names: []string{"l", "links"}, help: "list the course items this lesson links to; l and a number opens one"},
	{names: []string{"q"}, help: "back to the module"},
}

// reading is one lesson being read, page by page.
type reading struct {
	it      *content.Item
	lines   []string
	page    int // the page shown, 0-based
	seen    int // how many lines have been shown (the furthest page's end)
	query   string
	matches []int // line numbers of the search hits
	match   int   // the hit shown last
}

func (r *reading) pageCount(per int) int { return max(1, (len(r.lines)+per-1)/per) }

// lesson reads a lesson in pages. It returns the next item when the
// learner goes on past the end, or nil to go back to the module.
func (s *session) lesson(ctx context.Context, it *content.Item, preview bool) (*content.Item, error) {
	s.save("record that the lesson was opened", func(st *progress.Store) error { return st.OpenLesson(it.ID) })
	md, err := s.c.Text(it)
	if err != nil {
		s.out.line("Could not show the lesson “%s”: %v.", it.Title, err)
		return nil, nil
	}
	text, err := s.o.Render(it.ID, md)
	if err != nil {
		s.out.line("Could not show the lesson “%s”: %v.", it.Title, err)
		return nil, nil
	}
	r := &reading{it: it, lines: pageLines(text)}
	per := s.pages
	total := r.pageCount(per)
	is := s.store.Overview().Item(it.ID)
	done := preview || is.Status == progress.ItemDone

	head := fmt.Sprintf("Lesson: %s. %s", it.Title, plural(total, "page"))
	if it.Minutes > 0 {
		head += fmt.Sprintf(", about %s", plural(it.Minutes, "minute"))
	}
	s.out.blank()
	s.out.say(head + ".")
	if preview {
		s.out.line("Preview: this module is locked, so reading this lesson does not count yet.")
	}
	if is.Status == progress.ItemStarted && is.Scroll > 0 && is.Scroll < 1 {
		// Scroll is how much had been shown: go on with the first line not
		// seen yet.
		seen := int(math.Round(is.Scroll * float64(len(r.lines))))
		r.page = min(total-1, seen/per)
		r.seen = min(seen, len(r.lines))
		if r.page > 0 {
			s.out.line("Going on at page %d, after what you had read.", r.page+1)
		}
	}

	// leave records how far the learner read, to resume there.
	leave := func() {
		if len(r.lines) == 0 {
			return
		}
		pos := math.Min(1, float64(r.seen)/float64(len(r.lines)))
		s.save("remember where you stopped reading", func(st *progress.Store) error { return st.ScrollLesson(it.ID, pos) })
	}
	show := true
	for {
		if show {
			s.showPage(r, per)
			if r.page == total-1 && !done {
				done = true
				s.save("mark the lesson read", func(st *progress.Store) error { return st.CompleteLesson(it.ID) })
			}
		}
		show = true
		prompt := "Enter for more, b back, q to the module:"
		if r.page == total-1 {
			prompt = "End of the lesson. Enter for the next item, b back, q to the module:"
		}
		name, arg, err := s.ask(ctx, prompt, lessonMenu)
		if err != nil {
			leave()
			return nil, err
		}
		switch name {
		case "":
			if r.page < total-1 {
				r.page++
				continue
			}
			next := s.neighbour(it, 1)
			if next == nil {
				s.out.line("This is the last item you can open; q goes back to the module.")
				show = false
				continue
			}
			leave()
			return next, nil
		case "p":
			prev := s.neighbour(it, -1)
			if prev == nil {
				s.out.line("This is the first item you can open.")
				show = false
				continue
			}
			leave()
			return prev, nil
		case "b":
			if r.page == 0 {
				s.out.line("This is the first page.")
				show = false
				continue
			}
			r.page--
		case "#":
			n, err := number(arg, total)
			if err != nil {
				s.out.line("No page %s: %v.", arg, err)
				show = false
				continue
			}
			r.page = n - 1
		case "r":
		case "/":
			show = s.search(r, arg, per)
		case "n":
			if len(r.matches) > 0 {
				show = s.nextMatch(r, per)
				continue
			}
			fallthrough
		case "note":
			if err := s.notes(ctx, it); err != nil {
				leave()
				return nil, err
			}
			show = false
		case "l":
			to, ok := s.links(it, arg)
			if to != nil {
				leave()
				return to, nil
			}
			show = ok
		case "q":
			leave()
			return nil, nil
		}
	}
}

// pageLines splits a plain rendering into lines without trailing spaces or
// runs of blank lines.
func pageLines(text string) []string {
	var out []string
	blank := true
	for _, l := range strings.Split(strings.Trim(text, "\n"), "\n") {
		l = strings.TrimRight(l, " ")
		if strings.TrimSpace(l) == "" {
			if blank {
				continue
			}
			blank = true
			out = append(out, "")
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func (s *session) showPage(r *reading, per int) {
	total := r.pageCount(per)
	from := r.page * per
	to := min(len(r.lines), from+per)
	s.out.line("Page %d of %d.", r.page+1, total)
	for _, l := range r.lines[from:to] {
		s.out.say(l)
	}
	r.seen = max(r.seen, to)
}

// search finds the words in the lesson and goes to the first match from the
// current page on. It reports whether there is a page to show.
func (s *session) search(r *reading, q string, per int) bool {
	if q == "" {
		s.out.line("Type / and the words to find, e.g. /evidence.")
		return false
	}
	r.query, r.matches = q, nil
	lq := strings.ToLower(q)
	for i, l := range r.lines {
		if strings.Contains(strings.ToLower(l), lq) {
			r.matches = append(r.matches, i)
		}
	}
	if len(r.matches) == 0 {
		s.out.line("No match for “%s” in this lesson.", q)
		return false
	}
	r.match = 0
	for i, l := range r.matches {
		if l >= r.page*per {
			r.match = i
			break
		}
	}
	if len(r.matches) == 1 {
		s.out.line("1 match for “%s”.", q)
	} else {
		s.out.line("%d matches for “%s”.", len(r.matches), q)
	}
	return s.showMatch(r, per)
}

func (s *session) nextMatch(r *reading, per int) bool {
	if len(r.matches) == 0 {
		s.out.line("No search yet: type / and the words to find.")
		return false
	}
	r.match = (r.match + 1) % len(r.matches)
	return s.showMatch(r, per)
}

// showMatch says where the current match is and goes to its page. It
// reports whether that is another page (to be shown).
func (s *session) showMatch(r *reading, per int) bool {
	l := r.matches[r.match]
	other := r.page != l/per
	r.page = l / per
	s.out.line("Match %d of %d, page %d, line %d: %s", r.match+1, len(r.matches), r.page+1, l%per+1, strings.TrimSpace(r.lines[l]))
	return other
}

// links lists the items the lesson links to, or, given a number, returns
// the one to open. ok reports whether the page should be shown again.
func (s *session) links(it *content.Item, arg string) (to *content.Item, ok bool) {
	items := s.c.LinkedItems(it)
	if len(items) == 0 {
		s.out.line("This lesson links to no other item of the course.")
		return nil, false
	}
	if arg == "" {
		s.out.line("This lesson links to:")
		for i, x := range items {
			s.out.line("  %d. %s: %s, in %s.", i+1, x.Kind.Word(), x.Title, moduleName(x.Module))
		}
		s.out.line("Type l and a number to open one.")
		return nil, false
	}
	n, err := number(arg, len(items))
	if err != nil {
		s.out.line("No link %s: %v.", arg, err)
		return nil, false
	}
	return items[n-1], false
}
