package content

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Link is a link or image found in course markdown.
type Link struct {
	Target string // as written
	Image  bool
	Line   int // line within the text, from 1
	Col    int // in characters, from 1
}

// Links returns the links and images of a markdown text, outside code.
func Links(text string) []Link {
	d := parseMarkdown("", text, 1)
	var out []Link
	for _, l := range d.links() {
		p := d.pos(l.off)
		out = append(out, Link{Target: l.target, Image: l.image, Line: p.Line, Col: p.Col})
	}
	return out
}

// mdLink is a link found in a parsed document, at a byte offset.
type mdLink struct {
	target string
	image  bool
	off    int // offset of the target
}

// links returns every link, image, autolink and link reference definition
// of the document, in order.
func (d *mdDoc) links() []mdLink {
	var out []mdLink
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, mdLink{target: string(n.Destination), off: d.destOff(n, n.Destination)})
		case *ast.Image:
			out = append(out, mdLink{target: string(n.Destination), image: true, off: d.destOff(n, n.Destination)})
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL {
				out = append(out, mdLink{target: string(n.URL(d.src)), off: d.start(n) + 1})
			}
		case *ast.LinkReferenceDefinition:
			out = append(out, mdLink{target: string(n.Destination), off: d.destOff(n, n.Destination)})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// destOff finds where a link's destination is written: after its label.
func (d *mdDoc) destOff(n ast.Node, dest []byte) int {
	from := d.start(n)
	for c := n.LastChild(); c != nil; c = c.LastChild() {
		if t, ok := c.(*ast.Text); ok {
			from = max(from, t.Segment.Stop)
			break
		}
	}
	if from < len(d.src) {
		if i := bytes.Index(d.src[from:], dest); i >= 0 && len(dest) > 0 {
			return from + i
		}
	}
	return d.start(n)
}

// linkSchemes are the only schemes a link may use.
var linkSchemes = []string{"http", "https", "mailto"}

// scheme returns the URL scheme a link target starts with, or "".
func scheme(target string) string {
	for i, c := range target {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(target[:i])
		default:
			return ""
		}
	}
	return ""
}

// ResolveLink turns a link target written in the course file from into a
// path inside the course. ok is false for links that leave the course
// (with a scheme such as https:, or pure #anchors), and err explains a
// relative link that cannot be resolved.
func ResolveLink(from, target string) (p string, ok bool, err string) {
	if scheme(target) != "" || strings.HasPrefix(target, "#") {
		return "", false, ""
	}
	if strings.HasPrefix(target, "/") {
		return "", true, "is an absolute path: write it relative to this file"
	}
	t, _, _ := strings.Cut(target, "#")
	t, _, _ = strings.Cut(t, "?")
	if u, e := url.PathUnescape(t); e == nil {
		t = u
	}
	p = path.Join(path.Dir(from), t)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", true, "points outside the course folder"
	}
	return p, true, ""
}

// checkLinks reports links with a scheme other than http, https and
// mailto, and relative links and images that point to no file.
func (v *checker) checkLinks(d *mdDoc) {
	for _, l := range d.links() {
		what := "link"
		if l.image {
			what = "image"
		}
		pos := d.pos(l.off)
		if sc := scheme(l.target); sc != "" && !contains(linkSchemes, sc) {
			v.errorf(pos, "%s %q uses the %s: scheme: only http, https and mailto links are allowed; link to a page on the web, or to a file in the course by its relative path", what, l.target, safeName(sc))
			continue
		}
		p, rel, why := ResolveLink(d.file, l.target)
		if !rel {
			continue
		}
		switch {
		case why != "":
			v.errorf(pos, "%s %q %s", what, l.target, why)
		case !v.files[p]:
			v.errorf(pos, "%s %q points to no file in the course (looked for %s): fix the path, relative to this file", what, l.target, p)
		}
	}
}

// ItemByFile returns the item stored in the course file, or nil.
func (c *Course) ItemByFile(file string) *Item {
	for _, m := range c.Modules {
		for _, it := range m.Items {
			if it.File == file {
				return it
			}
		}
	}
	return nil
}
