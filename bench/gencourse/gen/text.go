package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The prose is drawn from a small alliance-and-start-up vocabulary, so that
// the text wraps, hyphenates and highlights like the real course does.
var (
	nouns = []string{
		"alliance", "partner", "contract", "founder", "start-up", "licence",
		"milestone", "roadmap", "review", "budget", "pilot", "customer",
		"market", "channel", "product", "team", "risk", "trust", "equity",
		"deal", "term sheet", "investor", "prototype", "platform", "revenue",
		"evaluation", "agreement", "dispute", "exit clause", "meeting",
		"specialist", "toolset", "portfolio", "decision", "metric", "lesson",
		"hand-over", "timeline", "supplier", "distributor", "regulator",
		"know-how", "patent", "release", "negotiation", "steering group",
	}
	verbs = []string{
		"agree", "review", "sign", "compare", "protect", "share", "measure",
		"record", "plan", "test", "check", "renegotiate", "publish", "track",
		"discuss", "prepare", "settle", "write down", "revisit", "estimate",
		"limit", "explain", "assign", "budget for", "hand over", "choose",
	}
	adjectives = []string{
		"small", "early", "formal", "written", "shared", "joint", "clear",
		"weak", "strong", "costly", "cheap", "quick", "slow", "fair", "risky",
		"exclusive", "open", "careful", "simple", "detailed", "monthly",
		"yearly", "practical", "informal", "specific", "young", "larger",
	}
	glue = []string{
		"the", "a", "each", "every", "your", "their", "one", "the other",
		"no", "most", "any", "that", "this", "a second",
	}
	connectors = []string{
		"and", "but", "so", "because", "while", "before", "after", "when",
		"unless", "although", "until", "since", "whereas", "or",
	}
	adverbs = []string{
		"often", "rarely", "early", "later", "together", "in writing",
		"in advance", "at once", "each quarter", "on time", "openly",
		"before signing", "after the pilot", "with care", "for a while",
	}
	topics = []string{
		"partner screening", "governance design", "trust building",
		"risk review", "exit planning", "contract terms", "knowledge sharing",
		"joint roadmaps", "pricing models", "channel deals", "co-development",
		"licensing basics", "equity stakes", "dispute handling",
		"performance reviews", "portfolio checks", "alliance logs",
		"specialist roles", "toolsets", "negotiation", "due diligence",
		"intellectual property", "steering meetings", "milestone payments",
		"customer pilots", "supplier deals", "distribution partners",
		"research consortia", "incubator networks", "investor relations",
		"cultural fit", "decision rights", "information sharing",
		"renegotiation", "time horizons", "learning by doing",
		"crossed evaluation", "written lessons", "training formats",
		"alliance metrics",
	}
	sectionHeads = []string{
		"Why it matters", "What the research says", "A worked example",
		"Common mistakes", "How to start", "What to write down",
		"Questions to ask", "When it goes wrong", "A checklist",
		"In practice", "The numbers", "Try this", "What changes over time",
		"Who does what", "Before you sign", "After the first year",
	}
	lessonTitles = []string{
		"Why %s matters", "%s in practice", "A checklist for %s",
		"Common mistakes in %s", "%s: a worked example", "Getting %s right",
		"What founders miss about %s", "%s for a small team",
		"%s, step by step", "When %s fails", "Measuring %s",
		"%s: what the evidence says",
	}
	fenceLangs = []string{"sh", "yaml", "go", "json", "text"}
)

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// slug turns a phrase into an id fragment: "Partner screening" → "partner-screening".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, ch := range strings.ToLower(s) {
		switch {
		case ch >= 'a' && ch <= 'z', ch >= '0' && ch <= '9':
			b.WriteRune(ch)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// words returns the tokens of one sentence: a subject, a verb, an object
// and clauses, with a word in bold, in italics or as code now and then.
// Tokens never start with a list or heading marker, so wrapping cannot
// turn a line into a list item or a heading.
func words(r *rand.Rand, n int) []string {
	// mark puts a content word in bold, in italics or in a code span, now
	// and then.
	mark := func(w string) string {
		switch r.IntN(16) {
		case 0:
			return "**" + w + "**"
		case 1:
			return "*" + w + "*"
		case 2:
			if !strings.Contains(w, " ") {
				return "`" + w + "`"
			}
		}
		return w
	}
	var out []string
	for {
		out = append(out, pick(r, glue))
		if r.IntN(2) == 0 {
			out = append(out, pick(r, adjectives))
		}
		out = append(out, mark(pick(r, nouns)), mark(pick(r, verbs)), pick(r, glue), mark(pick(r, nouns)))
		if r.IntN(3) == 0 {
			out = append(out, pick(r, adverbs))
		}
		if len(out) >= n {
			return out
		}
		out = append(out, pick(r, connectors))
	}
}

// sentence is one sentence of 8 to 20 words.
func sentence(r *rand.Rand) string {
	w := words(r, 8+r.IntN(12))
	w[0] = capitalize(w[0])
	end := "."
	if r.IntN(8) == 0 {
		end = "?"
	}
	return strings.Join(w, " ") + end
}

// shortSentence is one sentence of 5 to 9 words, for list items and cells.
func shortSentence(r *rand.Rand) string {
	w := words(r, 5+r.IntN(4))
	w[0] = capitalize(w[0])
	return strings.Join(w, " ")
}

// plainPhrase is a few words without markup, for titles and table cells.
func plainPhrase(r *rand.Rand, n int) string {
	out := make([]string, 0, n)
	for len(out) < n {
		switch len(out) % 3 {
		case 0:
			out = append(out, pick(r, adjectives))
		case 1:
			out = append(out, pick(r, nouns))
		default:
			out = append(out, pick(r, adverbs))
		}
	}
	return strings.Join(out[:n], " ")
}

// wrap joins tokens into lines of at most width columns (a token longer
// than width gets a line of its own). Tokens are never split, so a link
// stays on one line, where `ally validate` checks it.
func wrap(tokens []string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, t := range tokens {
		switch {
		case i == 0:
			b.WriteString(t)
			col = len(t)
		case col+1+len(t) > width:
			b.WriteString("\n" + indent + t)
			col = len(indent) + len(t)
		default:
			b.WriteString(" " + t)
			col += 1 + len(t)
		}
	}
	return b.String()
}

// tokens splits text into wrap tokens at spaces, keeping `[link text](…)`
// in one token.
func tokens(text string) []string {
	var out []string
	depth := 0
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '[':
			depth++
		case ')':
			if depth > 0 && strings.LastIndex(text[start:i], "](") >= 0 {
				depth = 0
			}
		case ' ':
			if depth == 0 {
				if i > start {
					out = append(out, text[start:i])
				}
				start = i + 1
			}
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// paragraph is 2 to 5 sentences, wrapped at 76 columns, with extra (such
// as a sentence holding links) mixed in.
func paragraph(r *rand.Rand, extra ...string) string {
	n := 2 + r.IntN(4)
	parts := make([]string, 0, n+len(extra))
	for range n {
		parts = append(parts, sentence(r))
	}
	for _, e := range extra {
		at := r.IntN(len(parts) + 1)
		parts = append(parts[:at], append([]string{e}, parts[at:]...)...)
	}
	return wrap(tokens(strings.Join(parts, " ")), 76, "")
}

// bullets is a list of 3 to 5 items, some with a bold lead and one with a
// nested list.
func bullets(r *rand.Rand) string {
	n := 3 + r.IntN(3)
	var b strings.Builder
	for i := range n {
		text := shortSentence(r) + "."
		if r.IntN(2) == 0 {
			text = "**" + capitalize(pick(r, nouns)) + "**: " + text
		}
		b.WriteString("- " + wrap(tokens(text), 74, "  ") + "\n")
		if i == 1 && r.IntN(2) == 0 {
			for range 2 {
				b.WriteString("  - " + shortSentence(r) + ";\n")
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// numbered is an ordered list of 3 to 5 steps.
func numbered(r *rand.Rand) string {
	n := 3 + r.IntN(3)
	var b strings.Builder
	for i := range n {
		b.WriteString(fmt.Sprintf("%d. %s\n", i+1, wrap(tokens(shortSentence(r)+"."), 73, "   ")))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// table is a three-column comparison with 3 to 5 rows.
func table(r *rand.Rand) string {
	heads := [][3]string{
		{"Option", "When it fits", "Cost"},
		{"Mechanism", "What it protects", "Effort"},
		{"Signal", "What to check", "Who"},
		{"Stage", "Typical step", "Risk"},
	}
	h := pick(r, heads)
	var b strings.Builder
	fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---|---|\n", h[0], h[1], h[2])
	levels := []string{"low", "medium", "high", "founder", "both partners", "the partner", "a specialist"}
	for range 3 + r.IntN(3) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", capitalize(plainPhrase(r, 2)), capitalize(plainPhrase(r, 3+r.IntN(3))), pick(r, levels))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// code is a fenced block, always with a language.
func code(r *rand.Rand, ids []string) string {
	id := "my-course"
	if len(ids) > 0 {
		id = pick(r, ids)
	}
	lang := pick(r, fenceLangs)
	var body string
	switch lang {
	case "sh":
		body = fmt.Sprintf("ally validate ./my-course\nally read %s | less\nally progress export --format csv > progress.csv", id)
	case "yaml":
		body = fmt.Sprintf("requires:\n  all:\n    - completed: %s\n    - passed: %s-check\n      min: 0.8", id, id)
	case "go":
		body = fmt.Sprintf("// score returns the share of milestones met.\nfunc score(met, planned int) float64 {\n\tif planned == 0 {\n\t\treturn 0\n\t}\n\treturn float64(met) / float64(planned) // %s\n}", pick(r, nouns))
	case "json":
		body = fmt.Sprintf("{\n  \"partner\": %q,\n  \"stage\": %q,\n  \"score\": %d.%d,\n  \"signed\": true\n}", pick(r, nouns), id, r.IntN(5), r.IntN(10))
	default:
		body = fmt.Sprintf("%-12s %-12s %s\n%-12s %-12s %s\n%-12s %-12s %s",
			"partner", "signed", "review", pick(r, nouns), "2024-03", pick(r, adjectives), pick(r, nouns), "2025-01", pick(r, adjectives))
	}
	return "```" + lang + "\n" + body + "\n```"
}

// quote is a blockquote of one or two sentences.
func quote(r *rand.Rand) string {
	text := sentence(r)
	if r.IntN(2) == 0 {
		text += " " + sentence(r)
	}
	return "> " + wrap(tokens(text), 74, "> ")
}

// Link is a link a lesson may hold: the target as written and its text.
type Link struct {
	Target string
	Text   string
}

// linkSentence is a sentence that holds the links.
func linkSentence(r *rand.Rand, links []Link) string {
	parts := make([]string, len(links))
	for i, l := range links {
		parts[i] = "[" + l.Text + "](" + l.Target + ")"
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	leads := []string{"Before you go on, read %s.", "Compare this with %s.", "For the background, see %s.", "This builds on %s."}
	return fmt.Sprintf(pick(r, leads), list)
}

// LessonBody writes the markdown of a lesson of about size bytes: `##`
// sections of paragraphs with emphasis and code spans, always a bullet
// list, a table and a fenced code block with a language, and, when there
// is room, a numbered list, a quote and a `###` subsection; the first
// paragraph holds a sentence with the links (links may be empty). ids are
// item ids the code samples may name. Short sizes are overshot by what the
// required blocks need; otherwise the body ends with a paragraph built so
// that its length is within a sentence of size.
func LessonBody(r *rand.Rand, title string, size int, links []Link, ids []string) string {
	var blocks []string
	add := func(s string) { blocks = append(blocks, s) }
	length := func() int {
		n := 0
		for _, b := range blocks {
			n += len(b) + 2
		}
		return n
	}
	if r.IntN(2) == 0 {
		add("# " + title)
	}
	var linkText []string
	if len(links) > 0 {
		linkText = append(linkText, linkSentence(r, links))
	}
	add(paragraph(r, linkText...))

	// Every lesson holds a bullet list, a table and a code block; the
	// other kinds of block come when there is room, and longer lessons
	// repeat them. The order is shuffled per lesson.
	kinds := []string{"bullets", "table", "code", "numbered", "quote", "sub"}
	required := map[string]bool{"bullets": true, "table": true, "code": true}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	heads := append([]string(nil), sectionHeads...)
	r.Shuffle(len(heads), func(i, j int) { heads[i], heads[j] = heads[j], heads[i] })
	block := func(kind string) string {
		switch kind {
		case "bullets":
			return bullets(r)
		case "numbered":
			return numbered(r)
		case "table":
			return table(r)
		case "code":
			return code(r, ids)
		case "quote":
			return quote(r)
		}
		return "### " + capitalize(plainPhrase(r, 2)) + "\n\n" + paragraph(r)
	}
	// pending is the room kept for the required blocks not placed yet.
	pending := func(after int) int {
		n := 0
		for _, k := range kinds[min(after, len(kinds)):] {
			if required[k] {
				n += 300
			}
		}
		return n
	}
sections:
	for i := 0; ; i++ {
		kind := kinds[i%len(kinds)]
		b := block(kind)
		sec := "## " + heads[i%len(heads)] + "\n\n" + paragraph(r) + "\n\n" + b
		switch {
		case i == 0 || length()+len(sec)+2+pending(i+1) <= size:
			add(sec) // the first section always has its heading
		case i < len(kinds) && required[kind]:
			add(b) // a short lesson: keep the block, drop the section's text
		case i >= len(kinds):
			break sections
		}
	}
	// Trim to size with a last paragraph built one sentence at a time.
	if room := size - length() - 2; room > 60 {
		var last []string
		for n := 0; n < room-60; {
			s := sentence(r)
			if n+len(s)+1 > room {
				break
			}
			last = append(last, s)
			n += len(s) + 1
		}
		if len(last) > 0 {
			add(wrap(tokens(strings.Join(last, " ")), 76, ""))
		}
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// StandaloneLesson returns the markdown body of one lesson of about size
// bytes, with the same mix of blocks as a generated course's lessons; its
// links are in-page anchors and https links, so it needs no course around
// it. It is the lesson the render benchmarks use.
func StandaloneLesson(seed uint64, size int) string {
	r := rand.New(rand.NewPCG(seed, 0x8c0de))
	links := []Link{
		{Target: "#try-this", Text: "the exercise below"},
		{Target: "https://example.org/alliances/governance", Text: "the governance notes"},
	}
	return LessonBody(r, "Governance design, a long lesson", size, links, []string{"governance", "partner-screening"})
}
