package content

import (
	"strings"
)

// Rename is one entry of course.yaml's `renamed:` list: an id that was
// From and is now To. A stage, module or item id stands alone; a question
// or an assessment item or dimension is named inside its quiz or
// assessment, "quiz-id/question-id".
type Rename struct {
	From, To string
	Pos      Pos
}

var renameKeys = []string{"from", "to"}

// renamed reads the `renamed:` list of course.yaml.
func (v *checker) renamed(d yamlDoc, f *fields) []Rename {
	var out []Rename
	for _, n := range f.list("renamed", "[{from: old-id, to: new-id}]") {
		rf := v.mapping(d, n, "a renamed entry", renameKeys...)
		if rf == nil {
			continue
		}
		r := Rename{Pos: d.pos(n)}
		r.From = rf.str("from", true, "old-id")
		r.To = rf.str("to", true, "new-id")
		if r.From != "" && r.To != "" {
			out = append(out, r)
		}
	}
	return out
}

// checkRenames checks that each rename leads from an id no longer in the
// course to one that is, so that applying it can never move records onto
// the wrong thing.
func (v *checker) checkRenames(c *Course) {
	seen := map[string]bool{}
	for _, r := range c.Renamed {
		fromParent, fromChild, fromNested := strings.Cut(r.From, "/")
		toParent, toChild, toNested := strings.Cut(r.To, "/")
		for _, id := range []string{fromParent, fromChild, toParent, toChild} {
			if id != "" && !validID(id) {
				v.errorf(r.Pos, "renamed: %q is not an id: use lowercase letters, digits and -, and \"quiz-id/question-id\" for a question", id)
				return
			}
		}
		switch {
		case seen[r.From]:
			v.errorf(r.Pos, "renamed: %q is renamed twice: keep one entry for it", r.From)
		case r.From == r.To:
			v.errorf(r.Pos, "renamed: from and to are both %q: remove the entry", r.From)
		case fromNested != toNested:
			v.errorf(r.Pos, "renamed: %q and %q name different kinds of thing: rename a question as \"quiz-id/old\" to \"quiz-id/new\"", r.From, r.To)
		case !fromNested && c.byID[r.From] != nil:
			v.errorf(r.Pos, "renamed: %q is still an id of the course, so its records stay its own: remove the entry, or change that id", r.From)
		case !fromNested && c.byID[r.To] == nil:
			v.errorf(r.Pos, "renamed: %q is not a stage, module or item of the course%s", r.To, didYouMean(r.To, c.ids()))
		case fromNested && fromParent != toParent:
			v.errorf(r.Pos, "renamed: a question or assessment item keeps its quiz or assessment: write %q to \"%s/%s\", and rename %q itself in its own entry", r.From, fromParent, toChild, fromParent)
		case fromNested:
			it := c.Item(toParent)
			switch {
			case it == nil || it.Quiz == nil && it.Assessment == nil:
				v.errorf(r.Pos, "renamed: %q is not a quiz or an assessment of the course", toParent)
			case childIDs(it)[fromChild]:
				v.errorf(r.Pos, "renamed: %q is still an id in %q, so its records stay its own: remove the entry", fromChild, toParent)
			case !childIDs(it)[toChild]:
				v.errorf(r.Pos, "renamed: %q has no question or item %q", toParent, toChild)
			}
		}
		seen[r.From] = true
	}
}

// childIDs are the question ids of a quiz, or the item, dimension and
// composite score ids of an assessment.
func childIDs(it *Item) map[string]bool {
	ids := map[string]bool{}
	if it.Quiz != nil {
		for _, q := range it.Quiz.Questions {
			ids[q.ID] = true
		}
	}
	if a := it.Assessment; a != nil {
		for _, d := range a.Dimensions {
			ids[d.ID] = true
			for _, ai := range d.Items {
				ids[ai.ID] = true
			}
		}
		for _, s := range a.Scores {
			ids[s.ID] = true
		}
	}
	return ids
}

// ids lists the stage, module and item ids of the course.
func (c *Course) ids() []string {
	out := make([]string, 0, len(c.byID))
	for id := range c.byID {
		out = append(out, id)
	}
	return out
}

func validID(id string) bool { return len(id) <= 64 && idChars(id) }
