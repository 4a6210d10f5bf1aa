package content

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

var (
	inlineLink = regexp.MustCompile(`(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	refDef     = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	scheme     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// Link is a link or image found in course markdown.
type Link struct {
	Target string // as written
	Image  bool
	Line   int // line within the text, from 1
	Col    int
}

// Links returns the links and images of a markdown text, outside code.
func Links(text string) []Link {
	if !strings.Contains(text, "](") && !strings.Contains(text, "]:") {
		return nil // no link syntax anywhere: skip splitting the text
	}
	var out []Link
	for _, l := range bodyLines(text, 1) {
		if l.inFence {
			continue
		}
		inline, ref := strings.Contains(l.text, "]("), strings.Contains(l.text, "]:")
		if !inline && !ref {
			continue // most lines: no link, no regexp (which backtracks)
		}
		// Blank out code spans, keeping columns.
		s := codeSpan.ReplaceAllStringFunc(l.text, func(m string) string { return strings.Repeat(" ", len(m)) })
		if inline {
			for _, m := range inlineLink.FindAllStringSubmatchIndex(s, -1) {
				out = append(out, Link{Target: s[m[4]:m[5]], Image: m[3] > m[2], Line: l.num, Col: m[4] + 1})
			}
		}
		if m := refDef.FindStringSubmatchIndex(s); ref && m != nil {
			out = append(out, Link{Target: s[m[2]:m[3]], Line: l.num, Col: m[2] + 1})
		}
	}
	return out
}

// ResolveLink turns a link target written in the course file from into a
// path inside the course. ok is false for links that leave the course
// (with a scheme such as https:, or pure #anchors), and err explains a
// relative link that cannot be resolved.
func ResolveLink(from, target string) (p string, ok bool, err string) {
	if scheme.MatchString(target) || strings.HasPrefix(target, "#") {
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

// checkLinks reports relative links and images that point to no file.
func (v *checker) checkLinks() {
	scopes := v.texts
	for _, it := range v.lessons {
		scopes = append(scopes, linkScope{file: it.File, text: it.Body, line: it.BodyLine})
	}
	for _, sc := range scopes {
		for _, l := range Links(sc.text) {
			p, rel, why := ResolveLink(sc.file, l.Target)
			if !rel {
				continue
			}
			pos := Pos{File: sc.file, Line: sc.line + l.Line - 1, Col: l.Col}
			what := "link"
			if l.Image {
				what = "image"
			}
			switch {
			case why != "":
				v.errorf(pos, "%s %q %s", what, l.Target, why)
			case !v.files[p]:
				v.errorf(pos, "%s %q points to no file in the course (looked for %s): fix the path, relative to this file", what, l.Target, p)
			}
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
