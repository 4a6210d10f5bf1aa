package linear

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/allyworks/ally/progress"
)

// moduleName is a module's label (if it has one) and title.
func moduleName(m *content.Module) string {
	if m.Label != "" {
		return m.Label + " " + m.Title
	}
	return m.Title
}

// moduleStatus is a module's status in words, words first.
func moduleStatus(ms *progress.ModuleState) string {
	switch ms.Status {
	case progress.StatusLocked:
		out := "locked: needs " + lowerJoin(ms.Unmet)
		if ms.Preview {
			out += "; you can preview its lessons"
		}
		return out
	case progress.StatusCompleted:
		return fmt.Sprintf("done, %d of %d items", ms.Done, ms.Total)
	}
	return fmt.Sprintf("%s, %d of %d items done", ms.Status, ms.Done, ms.Total)
}

// itemStatus is an item's status in words, words first.
func itemStatus(is *progress.ItemState) string {
	var parts []string
	switch {
	case is.Quiz != nil:
		q := is.Quiz
		switch {
		case q.Passed:
			parts = append(parts, "passed, best score "+pct(q.Best))
		case q.Attempts > 0:
			parts = append(parts, "not passed yet, best score "+pct(q.Best))
		default:
			parts = append(parts, "not taken yet")
		}
		parts = append(parts, "pass mark "+pct(is.Item.Quiz.Pass))
		if q.AttemptsLeft >= 0 {
			parts = append(parts, plural(q.AttemptsLeft, "attempt")+" left")
		}
	case is.Assessment != nil:
		a := is.Assessment
		if a.Taken == 0 {
			parts = append(parts, "not taken yet")
		} else {
			p := "done, taken " + times(a.Taken)
			if a.Placement != nil {
				p += ", placed in " + a.Placement.Label + ", " + a.Placement.Title
			}
			parts = append(parts, p)
		}
	case is.Item.Kind == content.KindWorksheet:
		switch is.Status {
		case progress.ItemDone:
			parts = append(parts, "done")
		case progress.ItemStarted: // a draft, nothing saved yet
			parts = append(parts, "started, an unsaved draft")
		default:
			parts = append(parts, "not started")
		}
	default:
		switch is.Status {
		case progress.ItemDone:
			parts = append(parts, "done")
		case progress.ItemStarted:
			parts = append(parts, "started, "+pct(is.Scroll)+" read")
		default:
			parts = append(parts, "not started")
		}
	}
	if is.Item.Minutes > 0 {
		parts = append(parts, plural(is.Item.Minutes, "minute"))
	}
	if !is.Required {
		parts = append(parts, "optional")
	}
	return strings.Join(parts, ", ")
}

func pct(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

// lowerJoin joins what a rule still needs into one phrase.
func lowerJoin(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = lowerFirst(p)
	}
	return strings.Join(out, "; ")
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "“") {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' { // an acronym stays
		return s
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}

// andList joins items as "a, b and c".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

var inlineLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// inline strips the inline markdown marks (emphasis, code, links) from a
// short text: a question, an option, an explanation.
func inline(s string) string {
	s = inlineLink.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
	return strings.Join(strings.Fields(s), " ") // one line: the reader reads it whole
}

func formatNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// sentence ends s with a full stop, unless it ends with a mark already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
