package site

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/allyworks/ally/content"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// markdown renders course markdown to HTML with links made into site links.
type markdown struct {
	s  *site
	gm goldmark.Markdown
}

func newMarkdown(s *site) *markdown {
	return &markdown{s: s, gm: goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// No html.WithUnsafe: raw HTML in course text is left out, and
		// goldmark drops javascript:, vbscript:, file: and data: URLs.
	)}
}

func (m *markdown) render(file, src string) template.HTML {
	source := []byte(src)
	doc := m.gm.Parser().Parse(text.NewReader(source))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = []byte(m.target(file, string(n.Destination), false))
		case *ast.Image:
			n.Destination = []byte(m.target(file, string(n.Destination), true))
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := m.gm.Renderer().Render(&buf, source, doc); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String()) //nolint:gosec // goldmark escapes text and omits raw HTML
}

// target maps a link or image target written in file to a site address.
func (m *markdown) target(file, dest string, image bool) string {
	if strings.HasPrefix(dest, "#") {
		return dest
	}
	if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			return dest
		case "mailto":
			if !image {
				return dest
			}
		}
		return "#" // any other scheme never leaves the page
	}
	p, ok, bad := content.ResolveLink(file, dest)
	if !ok || bad != "" {
		return "#"
	}
	_, frag, _ := strings.Cut(dest, "#")
	if frag != "" {
		frag = "#" + frag
	}
	if !image {
		if it := m.s.c.ItemByFile(p); it != nil {
			return m.s.itemFile(it) + frag
		}
		if path.Base(p) == "module.md" {
			for _, mod := range m.s.c.Modules {
				if mod.Dir == path.Dir(p) {
					return m.s.moduleFile(mod) + frag
				}
			}
		}
	}
	if st, err := fs.Stat(m.s.fsys, p); err == nil && st.Mode().IsRegular() {
		return m.s.asset(rel(p))
	}
	return "#"
}

// plain is the text of markdown as a reader sees it: no marks, links as
// their text, raw HTML left out; for the search index.
func (m *markdown) plain(src string) string {
	source := []byte(src)
	doc := m.gm.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(n.Value(source))
			b.WriteByte(' ')
		case *ast.String:
			b.Write(n.Value)
			b.WriteByte(' ')
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(source))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
