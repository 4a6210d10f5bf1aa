package content

import (
	"bytes"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

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
	d := parseLinks("", text, 1)
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
// It also reports character references to control characters. For a lean
// course it returns the files inside the course the links point to, in
// order, as ResolveLink gives them (see LinkedItems).
func (v *checker) checkLinks(d *mdDoc) (linked []string) {
	v.checkReferences(d)
	for _, l := range d.links() {
		p, rel, why := ResolveLink(d.file, l.target)
		if v.lean && rel && why == "" {
			linked = append(linked, p)
		}
		what := "link"
		if l.image {
			what = "image"
		}
		pos := d.pos(l.off)
		if strings.ContainsFunc(l.target, isControl) {
			v.errorf(pos, "%s target holds control character %s (written as a character reference such as &#27;): remove it (courses may not contain terminal control codes)", what, controlName(firstControl(l.target)))
			continue
		}
		if sc := scheme(l.target); sc != "" && !contains(linkSchemes, sc) {
			v.errorf(pos, "%s %q uses the %s: scheme: only http, https and mailto links are allowed; link to a page on the web, or to a file in the course by its relative path", what, l.target, safeName(sc))
			continue
		}
		if !rel {
			continue
		}
		switch {
		case why != "":
			v.errorf(pos, "%s %q %s", what, l.target, why)
		case !v.files[p]:
			shown := p
			if strings.ContainsFunc(p, unicode.IsControl) {
				shown = strconv.Quote(p) // %00 and the like decode to control characters
			}
			v.errorf(pos, "%s %q points to no file in the course (looked for %s): fix the path, relative to this file", what, l.target, shown)
		}
	}
	return linked
}

// ItemByFile returns the item stored in the course file, or nil.
func (c *Course) ItemByFile(file string) *Item {
	if c.byFile != nil {
		return c.byFile[file]
	}
	for _, m := range c.Modules {
		for _, it := range m.Items {
			if it.File == file {
				return it
			}
		}
	}
	return nil
}

// checkReferences reports numeric character references (&#27;, &#x9b;)
// that stand for control characters: Markdown decodes them in text, link
// targets and titles, so they would reach the terminal though the file
// holds no control byte. References in code are shown as written.
func (v *checker) checkReferences(d *mdDoc) {
	if !bytes.Contains(d.src, []byte("&#")) {
		return
	}
	var code [][2]int // source ranges of code, where references stay text
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					code = append(code, [2]int{t.Segment.Start, t.Segment.Stop})
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				code = append(code, [2]int{seg.Start, seg.Stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	from := 0
	for _, r := range code {
		if r[0] > from {
			v.controlRefs(d, from, r[0])
		}
		from = max(from, r[1])
	}
	v.controlRefs(d, from, len(d.src))
}

// controlRefs reports the control-character references in src[from:to].
func (v *checker) controlRefs(d *mdDoc, from, to int) {
	s := d.src[from:to]
	for i := bytes.Index(s, []byte("&#")); i >= 0; {
		j := i + 2
		base := 10
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			base, j = 16, j+1
		}
		k := j
		for k < len(s) && k-j < 8 && isDigit(s[k], base) {
			k++
		}
		if k > j && k < len(s) && s[k] == ';' {
			if r, err := strconv.ParseUint(string(s[j:k]), base, 32); err == nil && isControl(rune(r)) {
				v.errorf(d.pos(from+i), "character reference %s stands for control character %s: remove it (courses may not contain terminal control codes)", s[i:k+1], controlName(rune(r)))
			}
		}
		next := bytes.Index(s[i+2:], []byte("&#"))
		if next < 0 {
			break
		}
		i += 2 + next
	}
}

func isDigit(c byte, base int) bool {
	return c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')
}
