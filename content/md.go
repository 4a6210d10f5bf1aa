package content

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The one Markdown grammar Ally reads is goldmark's CommonMark, the parser
// Glamour renders lessons with. The validator builds from its blocks
// (headings, lists, blockquotes, code), its links, images, autolinks and
// code spans, and GFM task boxes (- [x]); the inline marks that cannot move
// a block or a link (emphasis, strikethrough) and GFM tables (a paragraph
// to the validator, with its links inside) are left to the renderer, which
// spares a third of the parsing. Parsers are safe for concurrent use.
var (
	// paragraphTransformers take link reference definitions out of
	// paragraphs, as goldmark's default does.
	paragraphTransformers = []util.PrioritizedValue{util.Prioritized(refDefinitions{}, 100)}
	inlineParsers         = []util.PrioritizedValue{
		util.Prioritized(parser.NewCodeSpanParser(), 100),
		util.Prioritized(parser.NewLinkParser(), 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(parser.NewRawHTMLParser(), 400),
	}
	// linkParser reads lessons and module introductions: links and code.
	linkParser = parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlineParsers...),
		parser.WithParagraphTransformers(append(paragraphTransformers, util.Prioritized(plainParagraphs{}, 1000))...),
	)
	// mdParser reads quizzes and assessments: links, code and task boxes
	// (a task box needs a '[', so plainParagraphs keeps every paragraph
	// that can start with one).
	mdParser = parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(append([]util.PrioritizedValue{util.Prioritized(extension.NewTaskCheckBoxParser(), 0)}, inlineParsers...)...),
		parser.WithParagraphTransformers(append(paragraphTransformers, util.Prioritized(plainParagraphs{}, 1000))...),
	)
)

// refDefinitions is goldmark's LinkReferenceParagraphTransformer, called
// only for a paragraph whose first character other than white space is a
// '[': it looks for definitions there first (skipping white space, as here)
// and does nothing when it finds none, but allocates a reader for every
// paragraph to find that out.
type refDefinitions struct{}

func (refDefinitions) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		first := lines.At(0)
		if l := bytes.TrimLeft(first.Value(reader.Source()), " \t\n\v\f\r"); len(l) > 0 && l[0] != '[' {
			return
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}

// plainParagraphs spares linkParser the inline parse of a paragraph that
// holds no '[', no '<' and no "&#": without them no inline parser makes a
// link, image, autolink or HTML node (the link parser needs a '[', the
// autolink and HTML parsers a '<'), and a code span, the only other node,
// matters to a lesson's checks only for hiding a character reference. Such
// a paragraph keeps its place and position in the tree, but its text is
// cut to an empty line at its first character, which makes no inline
// node; three quarters of a typical lesson's paragraph text is skipped
// this way. A paragraph that a setext underline turns into a heading keeps
// its text, which a quiz reads. It runs after the link reference
// definitions are taken out of the paragraph. TestPlainParagraphsSkipped
// and FuzzPlainParagraphs check that the lesson checks see the same.
type plainParagraphs struct{}

func (plainParagraphs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() == 0 {
		return
	}
	src := reader.Source()
	s := src[lines.At(0).Start:lines.At(lines.Len()-1).Stop]
	if bytes.IndexByte(s, '[') >= 0 || bytes.IndexByte(s, '<') >= 0 || bytes.Contains(s, []byte("&#")) {
		return
	}
	if line, _ := reader.PeekLine(); setextBar(line) {
		return // the paragraph becomes a heading, whose text a quiz reads
	}
	first := lines.At(0)
	first = first.TrimLeftSpace(src)
	if first.Len() == 0 {
		return
	}
	cut := text.NewSegments()
	cut.Append(text.NewSegment(first.Start, first.Start))
	node.SetLines(cut)
}

// setextBar reports a line that may underline a paragraph into a setext
// heading (=== or ---), after any container marks; it errs on the side of
// yes.
func setextBar(line []byte) bool {
	l := bytes.TrimLeft(line, " \t>")
	if len(l) == 0 || l[0] != '=' && l[0] != '-' {
		return false
	}
	return len(bytes.TrimSpace(bytes.TrimLeft(l, string(l[:1])))) == 0
}

// mdDoc is a parsed Markdown body of a course file. Offsets are byte
// offsets into src; positions count lines from line0 and columns in
// characters (runes), from 1.
type mdDoc struct {
	file  string
	src   []byte
	line0 int   // file line of src's first line
	lines []int // offset of each line start
	root  ast.Node
	// last is the last position computed: positions are mostly asked for
	// in order, so the next one on the same line counts on from it rather
	// than from the line start (a 1 MiB line of links stays linear).
	last struct{ line, off, col int }
}

func parseMarkdown(file, body string, line0 int) *mdDoc {
	return parseWith(mdParser, file, body, line0)
}

// parseLinks parses a lesson for its links, character references and code
// fences only. goldmark reads the body with its plain chunks blanked out
// (see blankPlain): offsets stay those of the body.
func parseLinks(file, body string, line0 int) *mdDoc {
	d := newDoc(file, body, line0)
	src := d.src
	if blankChunks {
		src = blankPlain(src)
	}
	d.root = linkParser.Parse(text.NewReader(src))
	return d
}

// blankChunks is turned off by tests that compare with the whole body read.
var blankChunks = true

func parseWith(p parser.Parser, file, body string, line0 int) *mdDoc {
	d := newDoc(file, body, line0)
	d.root = p.Parse(text.NewReader(d.src))
	return d
}

func newDoc(file, body string, line0 int) *mdDoc {
	// goldmark only reads its source (the renderer shares it with the
	// tree), so the body's bytes are handed to it without a copy.
	src := unsafe.Slice(unsafe.StringData(body), len(body))
	d := &mdDoc{file: file, src: src, line0: line0, lines: make([]int, 1, strings.Count(body, "\n")+1)}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		d.lines = append(d.lines, i)
	}
	return d
}

// blankPlain returns src, or a copy of it in which each plain chunk is
// blanked: made one blank line of as many bytes (spaces, and the chunk's
// last newline), so offsets stay those of src. Positions are worked out
// from src (mdDoc.pos), not from goldmark's lines. A chunk is a run of
// lines that starts the body, or follows a blank line outside a fenced code
// block with a character in its first column. Nothing is open at its start
// but, at most, a list that its first line continues or ends, so goldmark
// reads the links and code of the chunks that stay just as it reads them in
// the whole body. A chunk is plain when no line of it outside code holds a
// '[' (every link and image has one; autolinks are excluded below) and it
// opens no fence without a language: it holds nothing parseLinks is read
// for. The code of a fence with a language is plain whatever it holds.
// Typically only a lesson's paragraphs with links stay.
//
// src is returned as it is when a chunk could reach past a blank line into
// the next one, or when the chunks cannot be told without parsing: with a
// '<' (autolinks, and HTML blocks that run over blank lines), a "]:" (link
// reference definitions, which links anywhere use), a "&#" (checkReferences
// reads the whole body, outside the code the tree shows), or a ``` or ~~~
// that does not open a fence in the first column. Fences are followed as
// goldmark follows them at the top level (parser/fcode_block.go).
// TestBlankPlain and FuzzPlainParagraphs check that the lesson checks see
// the same as with the whole body parsed.
func blankPlain(src []byte) []byte {
	if bytes.IndexByte(src, '<') >= 0 || bytes.Contains(src, []byte("]:")) || bytes.Contains(src, []byte("&#")) {
		return src
	}
	var out []byte
	start, keep := 0, false // the chunk being read
	end := func(at int) {
		if keep || at == start {
			return
		}
		if out == nil {
			out = bytes.Clone(src)
		}
		// One blank line: goldmark skips it faster than many.
		last := at
		if src[at-1] == '\n' {
			last--
		}
		for i := start; i < last; i++ {
			out[i] = ' '
		}
	}
	var fence byte // the character of the open fence, 0 outside one
	fenceLen, blank := 0, false
	for off := 0; off < len(src); {
		next := len(src)
		if j := bytes.IndexByte(src[off:], '\n'); j >= 0 {
			next = off + j + 1
		}
		line := src[off:next] // with its newline, as goldmark reads it
		if fence != 0 {
			if w, pos := util.IndentWidth(line, 0); w < 4 {
				i := pos
				for i < len(line) && line[i] == fence {
					i++
				}
				if i-pos >= fenceLen && util.IsBlank(line[i:]) {
					fence = 0
				}
			}
			blank, off = false, next
			continue
		}
		isBlank := util.IsBlank(line) // spaces, tabs, CR and LF
		if !isBlank {
			if blank && line[0] > ' ' && line[0] < 0x7f && off > start {
				end(off)
				start, keep = off, false
			}
			keep = keep || bytes.IndexByte(line, '[') >= 0
			if c := line[0]; c == '`' || c == '~' {
				i := 0
				for i < len(line) && line[i] == c {
					i++
				}
				if i >= 3 {
					info := util.TrimRightSpace(util.TrimLeftSpace(line[i:]))
					if c == '`' && bytes.IndexByte(info, '`') >= 0 {
						return src // not a fence: a paragraph with code spans
					}
					fence, fenceLen = c, i
					// goldmark reads no language from the last line
					// without a newline; keep such a fence to let it say.
					keep = keep || len(info) == 0 || line[len(line)-1] != '\n'
					blank, off = false, next
					continue
				}
			}
			if bytes.Contains(line, []byte("```")) || bytes.Contains(line, []byte("~~~")) {
				return src
			}
		}
		blank, off = isBlank, next
	}
	end(len(src))
	if out == nil {
		return src
	}
	return out
}

// line returns the 0-based line index holding offset off.
func (d *mdDoc) line(off int) int {
	return sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > off }) - 1
}

// pos returns the file position of a byte offset.
func (d *mdDoc) pos(off int) Pos {
	off = max(0, min(off, len(d.src)))
	l := d.line(off)
	from, col := d.lines[l], 1
	if d.last.col > 0 && d.last.line == l && d.last.off <= off {
		from, col = d.last.off, d.last.col
	}
	col += utf8.RuneCount(d.src[from:off])
	d.last.line, d.last.off, d.last.col = l, off, col
	return Pos{File: d.file, Line: d.line0 + l, Col: col}
}

// lineStart returns the offset of the start of the line holding off.
func (d *mdDoc) lineStart(off int) int { return d.lines[d.line(max(0, min(off, len(d.src))))] }

// lineEnd returns the offset of the end (before the newline) of the line
// holding off.
func (d *mdDoc) lineEnd(off int) int {
	l := d.line(max(0, min(off, len(d.src))))
	if l+1 < len(d.lines) {
		return d.lines[l+1] - 1
	}
	return len(d.src)
}

// at returns the position of the start of the line holding off.
func (d *mdDoc) at(off int) Pos { return d.pos(d.lineStart(off)) }

// start returns the offset where a node begins: its marker for blocks.
func (d *mdDoc) start(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return min(p, len(d.src))
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := d.start(c); s >= 0 {
			return s
		}
	}
	if n.Parent() != nil {
		return d.start(n.Parent())
	}
	return 0
}

// end returns the offset where a block's source ends: the start of the
// line of the next block, or the end of its parent. It takes in trailing
// blank lines, which callers trim.
func (d *mdDoc) end(n ast.Node) int {
	if next := n.NextSibling(); next != nil {
		return d.lineStart(d.start(next))
	}
	if n.Parent() == nil {
		return len(d.src)
	}
	return d.end(n.Parent())
}

// text returns the source between two offsets, each line stripped of up
// to indent leading spaces, trimmed.
func (d *mdDoc) text(from, to, indent int) string {
	if from >= to {
		return ""
	}
	s := string(d.src[from:to])
	if indent > 0 && strings.Contains(s, "\n") {
		ls := strings.Split(s, "\n")
		for i := 1; i < len(ls); i++ {
			ls[i] = dedent(ls[i], indent)
		}
		s = strings.Join(ls, "\n")
	}
	return strings.TrimSpace(s)
}

// dedent removes up to n leading spaces (a tab counts as reaching the
// next multiple of 4) from a line.
func dedent(l string, n int) string {
	w, i := 0, 0
	for i < len(l) && w < n {
		switch l[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return l[i:]
		}
		i++
	}
	return l[i:]
}

// unquote returns a blockquote's source without its > markers (and the
// indentation before them); lazy continuation lines are trimmed.
func unquote(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		t := strings.TrimLeft(l, " \t")
		if rest, ok := strings.CutPrefix(t, ">"); ok {
			if strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t") {
				rest = rest[1:]
			}
			ls[i] = rest
			continue
		}
		ls[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(ls, "\n"))
}

// isATX reports an ATX heading (# …), as opposed to a setext one.
func (d *mdDoc) isATX(h *ast.Heading) bool {
	s := d.start(h)
	return s < len(d.src) && d.src[s] == '#'
}

// headingText returns the offsets of a heading's text (after the #s, before
// any closing #s), or an empty range at the end of its line.
func (d *mdDoc) headingText(h *ast.Heading) (from, to int) {
	if h.Lines().Len() == 0 {
		e := d.lineEnd(d.start(h))
		return e, e
	}
	seg := h.Lines().At(0)
	return seg.Start, seg.Stop
}

// blocks returns a node's children.
func blocks(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

// mdSection is a `## Title {#id …}` part of a quiz or assessment body: the
// heading and the top-level blocks up to the next such heading.
type mdSection struct {
	head   *ast.Heading
	title  string
	attrs  attrs
	blocks []ast.Node
	end    int // offset where the section ends
}

// sections splits a body into the blocks before the first level-2 ATX
// heading and the sections.
func (d *mdDoc) sections() (intro []ast.Node, secs []*mdSection) {
	var cur *mdSection
	for _, b := range blocks(d.root) {
		if h, ok := b.(*ast.Heading); ok && h.Level == 2 && d.isATX(h) {
			if cur != nil {
				cur.end = d.lineStart(d.start(h))
			}
			from, to := d.headingText(h)
			cur = &mdSection{head: h}
			cur.title, cur.attrs = d.splitAttrs(from, to)
			secs = append(secs, cur)
			continue
		}
		if cur == nil {
			intro = append(intro, b)
		} else {
			cur.blocks = append(cur.blocks, b)
		}
	}
	if cur != nil {
		cur.end = len(d.src)
	}
	return intro, secs
}

// introText returns the source of the body before the first section.
func (d *mdDoc) introText(secs []*mdSection) string {
	end := len(d.src)
	if len(secs) > 0 {
		end = d.lineStart(d.start(secs[0].head))
	}
	return d.text(0, end, 0)
}

// headEnd returns the offset just past a section heading's line.
func (d *mdDoc) headEnd(s *mdSection) int {
	return min(d.lineEnd(d.start(s.head))+1, len(d.src))
}

// listStyle is how a list item is marked.
type listStyle int

const (
	bullet listStyle = iota
	taskOpen
	taskDone
	numbered
)

func (s listStyle) String() string {
	switch s {
	case taskOpen, taskDone:
		return "a task list (- [ ] / - [x])"
	case numbered:
		return "a numbered list"
	}
	return "a plain bullet"
}

func sameStyle(a, b listStyle) bool {
	isTask := func(s listStyle) bool { return s == taskOpen || s == taskDone }
	return a == b || (isTask(a) && isTask(b))
}

// mdItem is a list item of a quiz question or assessment dimension, split
// into its text (the marker and task box left out), the blockquotes under
// it, and any nested lists.
type mdItem struct {
	node     *ast.ListItem
	style    listStyle
	marker   string
	at       int // offset of the marker
	textFrom int // offset where the text starts
	textTo   int // offset where the first text block ends (attributes end it)
	text     string
	blocks   int // text blocks (paragraphs, code …)
	quotes   []ast.Node
	nested   []ast.Node
}

// listItems returns the items of a run of lists, in order.
func (d *mdDoc) listItems(lists []ast.Node) []*mdItem {
	var out []*mdItem
	for _, l := range lists {
		list := l.(*ast.List)
		for c := list.FirstChild(); c != nil; c = c.NextSibling() {
			if li, ok := c.(*ast.ListItem); ok {
				out = append(out, d.item(list, li))
			}
		}
	}
	return out
}

func (d *mdDoc) item(list *ast.List, li *ast.ListItem) *mdItem {
	it := &mdItem{node: li, at: d.start(li)}
	it.style = bullet
	if list.IsOrdered() {
		it.style = numbered
	}
	// The marker as written: "-", "1." …
	m := it.at
	for m < len(d.src) && d.src[m] != ' ' && d.src[m] != '\t' && d.src[m] != '\n' {
		m++
	}
	it.marker = string(d.src[it.at:m])
	it.textFrom, it.textTo = d.end(li), d.end(li)
	indent := li.Offset
	var parts []string
	for i, c := range blocks(li) {
		switch c.(type) {
		case *ast.Blockquote:
			it.quotes = append(it.quotes, c)
			continue
		case *ast.List:
			it.nested = append(it.nested, c)
			continue
		}
		from, to := d.lineStart(d.start(c)), d.end(c)
		if i == 0 {
			from = d.start(c)
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				if c.Lines().Len() > 0 {
					from = c.Lines().At(0).Start
				}
			}
			if box, ok := c.FirstChild().(*extast.TaskCheckBox); ok && list.Marker != '.' && list.Marker != ')' {
				it.style = taskOpen
				if box.IsChecked {
					it.style = taskDone
				}
				from = skipBox(d.src, from)
			}
			it.textFrom = from
			it.textTo = d.trimEnd(from, to)
		}
		parts = append(parts, d.text(from, to, indent))
		it.blocks++
	}
	if len(blocks(li)) == 0 || it.textFrom == d.end(li) {
		// No text block: the text starts after the marker (and box).
		from := min(m+1, d.lineEnd(it.at))
		if it.style == bullet && bytes.HasPrefix(d.src[from:d.lineEnd(it.at)], []byte("[")) {
			from = skipBox(d.src, from)
		}
		it.textFrom, it.textTo = from, from
	}
	it.text = strings.Join(parts, "\n\n")
	return it
}

// skipBox returns the offset after a task box "[ ]" / "[x]" at from and the
// spaces after it.
func skipBox(src []byte, from int) int {
	if from+3 <= len(src) && src[from] == '[' && src[from+2] == ']' {
		from += 3
	}
	for from < len(src) && (src[from] == ' ' || src[from] == '\t') {
		from++
	}
	return from
}

// trimEnd returns to moved back over trailing white space after from.
func (d *mdDoc) trimEnd(from, to int) int {
	for to > from && (d.src[to-1] == ' ' || d.src[to-1] == '\t' || d.src[to-1] == '\n') {
		to--
	}
	return to
}

// quoteText returns the text of a blockquote block without its markers.
func (d *mdDoc) quoteText(q ast.Node) string {
	return unquote(string(d.src[d.lineStart(d.start(q)):d.end(q)]))
}

// runLists splits blocks at runs of adjacent lists: each run of lists with
// only blank lines between them is one group, as one answer list.
func runLists(bs []ast.Node) (runs [][]ast.Node, starts []int) {
	for i := 0; i < len(bs); i++ {
		if _, ok := bs[i].(*ast.List); !ok {
			continue
		}
		j := i
		for j < len(bs) {
			if _, ok := bs[j].(*ast.List); !ok {
				break
			}
			j++
		}
		runs = append(runs, bs[i:j])
		starts = append(starts, i)
		i = j - 1
	}
	return runs, starts
}

// checkFences warns about fenced code blocks without a language, which the
// renderer must guess (slowly).
func (v *checker) checkFences(d *mdDoc) {
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Info == nil {
			s := d.start(fc)
			t := strings.TrimLeft(string(d.src[s:d.lineEnd(s)]), " \t")
			fence := "```"
			if t != "" && (t[0] == '`' || t[0] == '~') {
				fence = t[:len(t)-len(strings.TrimLeft(t, t[:1]))]
			}
			v.warnf(d.at(s), "code block has no language: write %stext (or sh, go, …) so the reader need not guess it, which is slow", fence)
		}
		return ast.WalkContinue, nil
	})
}

// needsParse reports whether a lesson body holds anything the validator
// looks at in Markdown (links, images, code fences), to spare parsing the
// others.
func needsParse(body string) bool {
	return strings.Contains(body, "](") || strings.Contains(body, "]:") || strings.Contains(body, "<") ||
		strings.Contains(body, "```") || strings.Contains(body, "~~~") || strings.Contains(body, "&#")
}

// Limits on Markdown that goldmark reads in time quadratic in its size:
// lists or quotes nested hundreds deep, and thousands of link reference
// definitions in one paragraph (a 1 MiB file of them takes minutes). No
// course text comes near them; a hostile one is refused before parsing.
const (
	maxIndent   = 200  // columns of indentation (list nesting)
	maxQuotes   = 100  // > markers at the start of a line
	maxRefLines = 1000 // lines starting with [ in one run of non-blank lines
)

// checkLimits reports the first place where body passes a limit above.
func (v *checker) checkLimits(file, body string, line0 int) bool {
	refs, line := 0, line0
	for rest := body; rest != ""; line++ {
		l, after, _ := strings.Cut(rest, "\n")
		rest = after
		w, i := 0, 0
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			if l[i] == '\t' {
				w += 4 - w%4
			} else {
				w++
			}
			i++
		}
		if w > maxIndent {
			v.errorf(Pos{File: file, Line: line, Col: 1}, "this line is indented %d columns: Ally reads lists and quotes nested at most %d columns deep; flatten it", w, maxIndent)
			return false
		}
		quotes := 0
		for ; i < len(l) && (l[i] == '>' || l[i] == ' ' || l[i] == '\t'); i++ {
			if l[i] == '>' {
				quotes++
			}
		}
		if quotes > maxQuotes {
			v.errorf(Pos{File: file, Line: line, Col: 1}, "this line opens %d nested quotes: Ally reads at most %d; flatten it", quotes, maxQuotes)
			return false
		}
		switch {
		case strings.TrimSpace(l) == "":
			refs = 0
		case i < len(l) && l[i] == '[':
			if refs++; refs > maxRefLines {
				v.errorf(Pos{File: file, Line: line, Col: 1}, "more than %d lines in a row start with [ (link reference definitions): put blank lines between them, or move them into several files", maxRefLines)
				return false
			}
		}
	}
	return true
}

// markdown parses a body with p, unless it passes the limits (reported).
func (v *checker) markdown(p parser.Parser, file, body string, line0 int) *mdDoc {
	if !v.checkLimits(file, body, line0) {
		return nil
	}
	return parseWith(p, file, body, line0)
}
