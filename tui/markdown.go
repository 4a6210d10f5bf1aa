package tui

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"sync"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/allyworks/ally/internal/termsafe"
	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown is rendered by Glamour's ANSI renderer over a goldmark parse
// that Ally adjusts first (see transform): soft line breaks re-flow, links
// to other items show the item's title, images show their alt text, and
// only http, https and mailto links become terminal hyperlinks. The
// document is rendered one top-level block at a time, so that a long lesson
// can show its first screen before the rest is done (see mdDoc).

// styleNoTTY is the Glamour style name for plain text.
const styleNoTTY = "notty"

// mdEngine is one Glamour renderer at one width and style. Its renderer
// keeps state while it works, so one rendering at a time.
type mdEngine struct {
	mu     sync.Mutex
	md     goldmark.Markdown
	width  int
	margin int // the document margin, each side
	plain  bool
}

// newEngine builds an engine. A snippet engine renders short texts (quiz
// options, feedback, statements) with no document margin.
func newEngine(width int, style string, snippet bool) *mdEngine {
	cfg := styleConfig(style, snippet)
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	md.SetRenderer(renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(ansi.NewRenderer(ansi.Options{WordWrap: width, Styles: cfg, InlineTableLinks: true}), 1000))))
	margin := 0
	if cfg.Document.Margin != nil {
		margin = int(*cfg.Document.Margin)
	}
	return &mdEngine{md: md, width: width, margin: margin, plain: style == styleNoTTY}
}

// styleConfig is a Glamour standard style; notty is made plain text (no
// "**", "#" or backticks: a reader of plain text should not see markup),
// with bold and italic for the no-colour terminal UI.
func styleConfig(style string, snippet bool) ansi.StyleConfig {
	base, ok := styles.DefaultStyles[style]
	if !ok {
		base = &styles.DarkStyleConfig
	}
	cfg := *base
	if style == styleNoTTY {
		// No colour: headings and strong text are bold, emphasis italic.
		// Printed as plain text (not to a terminal) even that goes.
		yes := true
		cfg.Heading.Bold = &yes
		for _, h := range []*ansi.StyleBlock{&cfg.H1, &cfg.H2, &cfg.H3, &cfg.H4, &cfg.H5, &cfg.H6} {
			h.Prefix = ""
		}
		for _, p := range []*ansi.StylePrimitive{&cfg.Emph, &cfg.Strong, &cfg.Strikethrough, &cfg.Code.StylePrimitive} {
			p.BlockPrefix, p.BlockSuffix = "", ""
		}
		cfg.Strong.Bold, cfg.Emph.Italic = &yes, &yes
	}
	if snippet {
		zero := uint(0)
		cfg.Document.Margin = &zero
		cfg.Document.BlockPrefix, cfg.Document.BlockSuffix = "", ""
	}
	return cfg
}

// linkTitle finds the title of the course item a relative link points to.
type linkTitle func(dest string) (string, bool)

// mdDoc is a parsed, adjusted document, ready to render block by block.
type mdDoc struct {
	src    []byte
	blocks []ast.Node
}

// parse reads markdown, makes its text safe for the terminal and adjusts
// the tree for the terminal.
func (e *mdEngine) parse(md string, links linkTitle) *mdDoc {
	src := []byte(termsafe.Text(md))
	doc := e.md.Parser().Parse(text.NewReader(src))
	t := &transformer{src: src, links: links, plain: e.plain}
	t.run(doc)
	d := &mdDoc{src: t.src}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		d.blocks = append(d.blocks, n)
	}
	return d
}

// render renders blocks [from, to) of d, blocks separated by one blank
// line, with no blank lines around.
//
// The engine is held one block at a time, so that two renderings on one
// engine (a lesson's first screen, and the same lesson asked for whole)
// take turns instead of one waiting for the other to finish.
func (e *mdEngine) render(d *mdDoc, from, to int) (string, error) {
	var out []string
	var buf bytes.Buffer
	for _, n := range d.blocks[from:to] {
		buf.Reset()
		doc := ast.NewDocument()
		doc.AppendChild(doc, n)
		e.mu.Lock()
		err := e.md.Renderer().Render(&buf, d.src, doc)
		e.mu.Unlock()
		if err != nil {
			return "", err
		}
		s := trimBlank(buf.String())
		if s == "" {
			continue
		}
		if simpleList(n) { // never code or quotes: their lines stay as written
			s = hangLists(s, e.width-e.margin)
		}
		out = append(out, termsafe.MarkHyperlinks(s))
	}
	return strings.Join(out, "\n\n"), nil
}

// renderAll renders markdown in one go.
func (e *mdEngine) renderAll(md string, links linkTitle) (string, error) {
	d := e.parse(md, links)
	return e.render(d, 0, len(d.blocks))
}

// trimBlank drops blank lines at both ends and trailing spaces of lines.
func trimBlank(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = trimRightStyled(l)
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// trimRightStyled drops the padding Glamour puts after the text of a line,
// keeping the styling sequences. A line that is only padding becomes "".
func trimRightStyled(l string) string {
	plain := xansi.Strip(l)
	if !strings.HasSuffix(plain, " ") {
		return l
	}
	if strings.TrimSpace(plain) == "" {
		return ""
	}
	// Cut trailing spaces and the styling around them: keep everything up
	// to the last visible non-space cell, then close the styling.
	end := lastVisible(l)
	if end == len(l) {
		return l
	}
	rest := l[end:]
	if strings.Contains(rest, "\x1b") {
		return l[:end] + "\x1b[0m"
	}
	return l[:end]
}

// lastVisible is the byte offset just after the last non-space printable
// character of a styled line.
func lastVisible(l string) int {
	end := 0
	state := byte(0)
	p := xansi.NewParser()
	for i := 0; i < len(l); {
		seq, width, n, st := xansi.DecodeSequence(l[i:], state, p)
		state = st
		if width > 0 && strings.TrimSpace(seq) != "" {
			end = i + n
		}
		i += n
	}
	return end
}

// bullet matches the start of a rendered list item: indent, then "• ",
// "12. " or a task box.
var bullet = regexp.MustCompile(`^( *)(• |\d+\. |\[[ x✓]\] |\[ \] )`)

// hangLists re-wraps rendered list items with a hanging indent: the lines
// after an item's first line start under its text, not under its bullet.
// width is where Glamour's lines end, left margin included.
func hangLists(s string, width int) string {
	lines := strings.Split(s, "\n")
	var out []string
	for i := 0; i < len(lines); {
		plain := xansi.Strip(lines[i])
		m := bullet.FindStringSubmatch(plain)
		if m == nil {
			out = append(out, lines[i])
			i++
			continue
		}
		lead, mark := len(m[1]), xansi.StringWidth(m[2])
		j := i + 1
		for j < len(lines) {
			p := xansi.Strip(lines[j])
			if strings.TrimSpace(p) == "" || bullet.MatchString(p) || indentOf(p) != lead {
				break
			}
			j++
		}
		if j == i+1 {
			out = append(out, lines[i])
			i++
			continue
		}
		// The item's text: its first line after the bullet, then the
		// continuation lines, joined and wrapped again narrower.
		head := cutCells(lines[i], lead+mark)
		parts := []string{xansi.Cut(lines[i], lead+mark, xansi.StringWidth(lines[i]))}
		for _, l := range lines[i+1 : j] {
			parts = append(parts, xansi.Cut(l, lead, xansi.StringWidth(l)))
		}
		body := lipgloss.Wrap(strings.Join(parts, " "), max(1, width-lead-mark), "")
		pad := strings.Repeat(" ", lead+mark)
		for k, l := range strings.Split(body, "\n") {
			if k == 0 {
				out = append(out, head+l)
			} else {
				out = append(out, pad+l)
			}
		}
		i = j
	}
	return strings.Join(out, "\n")
}

// simpleList reports a list whose items are each one paragraph (and
// simple lists nested in it): the lists hangLists can re-wrap safely.
func simpleList(n ast.Node) bool {
	if n.Kind() != ast.KindList {
		return false
	}
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		texts := 0
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.Kind() {
			case ast.KindList:
				if !simpleList(c) {
					return false
				}
			case ast.KindTextBlock, ast.KindParagraph:
				texts++
			default:
				return false
			}
		}
		if texts > 1 {
			return false
		}
	}
	return true
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// cutCells is the first n cells of a styled line.
func cutCells(s string, n int) string { return xansi.Cut(s, 0, n) }

// transformer adjusts a parsed document for the terminal. New text (an
// item's title, an image's alt text) is made safe and appended to the
// source, html-escaped as Glamour unescapes text.
type transformer struct {
	src   []byte
	links linkTitle
	plain bool
}

func (t *transformer) text(s string) *ast.Text {
	start := len(t.src)
	t.src = append(t.src, html.EscapeString(termsafe.Text(s))...)
	return ast.NewTextSegment(text.NewSegment(start, len(t.src)))
}

func (t *transformer) run(doc ast.Node) {
	var todo []func()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			if n.SoftLineBreak() {
				todo = append(todo, func() {
					n.SetSoftLineBreak(false)
					n.Parent().InsertAfter(n.Parent(), n, t.text(" "))
				})
			}
			if raw := string(n.Segment.Value(t.src)); strings.Contains(raw, "&") {
				if u := html.UnescapeString(raw); termsafe.Text(u) != u { // an entity for a control character
					todo = append(todo, func() { n.Segment = t.text(termsafe.Text(u)).Segment })
				}
			}
		case *ast.Link:
			todo = append(todo, func() { t.link(n) })
		case *ast.AutoLink:
			if u := string(n.URL(t.src)); n.AutoLinkType != ast.AutoLinkEmail && !safeURL(u) {
				todo = append(todo, func() { n.Parent().ReplaceChild(n.Parent(), n, t.text(u)) })
			}
		case *ast.Image:
			alt := plainText(n, t.src)
			todo = append(todo, func() {
				label := "[image]"
				if alt != "" {
					label = "[image: " + alt + "]"
				}
				n.Parent().ReplaceChild(n.Parent(), n, t.text(label))
			})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, f := range todo {
		f()
	}
}

// link keeps http, https and mailto links (terminal hyperlinks); a link to
// another item shows its text and the item's title; any other link shows
// its text only.
func (t *transformer) link(n *ast.Link) {
	dest := string(n.Destination)
	if safeURL(dest) {
		return
	}
	n.Destination = []byte("#") // Glamour: no hyperlink, no address shown
	if t.links == nil {
		return
	}
	title, ok := t.links(dest)
	if !ok {
		return
	}
	label := plainText(n, t.src)
	switch {
	case label == "":
		n.AppendChild(n, t.text(title))
	case !strings.EqualFold(strings.TrimSpace(label), strings.TrimSpace(title)):
		n.Parent().InsertAfter(n.Parent(), n, t.text(" (→ "+title+")"))
	}
}

// safeURL reports a link Ally may hand to the terminal as a hyperlink.
func safeURL(u string) bool {
	return termsafe.SafeScheme(u) && termsafe.Line(u) == u
}

// plainText is the text of a node's descendants.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return html.UnescapeString(b.String())
}
