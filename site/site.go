// Package site exports a course as a static, self-contained HTML site: one
// page per module and item, quizzes with their answers behind <details>,
// assessments as printable forms, the unlock rules in words, navigation and
// a search page. Reading needs no JavaScript; only the search page uses a
// few lines of it, and lists every page without it.
//
// Markdown is read with goldmark, the grammar the loader uses; raw HTML in
// course text is never passed through, and only http, https and mailto
// links leave the site.
package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/allyworks/ally/content"
)

// Export writes the site of course c (read from fsys, for its images) into
// the folder out, which is created if missing. It refuses a folder that
// holds anything but a previous export, so it never overwrites other work.
func Export(c *content.Course, fsys fs.FS, out string) error {
	if err := prepare(out); err != nil {
		return err
	}
	s := &site{c: c, fsys: fsys, out: out, assets: map[string]string{}}
	s.md = newMarkdown(s)
	s.name()
	if err := s.write(); err != nil {
		return err
	}
	return nil
}

// marker names the file that marks a folder as an Ally export.
const marker = ".ally-site"

// prepare makes out ready: missing, empty, or an earlier export.
func prepare(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(out, 0o755)
	case err != nil:
		return fmt.Errorf("output folder: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
		return fmt.Errorf("output folder %s is not empty and holds no earlier export: choose an empty or new folder", out)
	}
	return nil
}

type site struct {
	c      *content.Course
	fsys   fs.FS
	out    string
	md     *markdown
	assets map[string]string // course path -> site path, for files copied
	names  map[any]string    // module or item -> page name
	index  []searchEntry
}

type searchEntry struct {
	Page, Title, Where, Text string
}

// page is what the page template needs.
type page struct {
	Course     string
	Title      string
	Crumbs     []link
	Body       template.HTML
	Prev, Next *link
	Search     bool
}

type link struct {
	Href, Text string
}

func (s *site) write() error {
	pages := []struct {
		name string
		p    page
	}{}
	add := func(name string, p page) {
		p.Course = s.c.Title
		pages = append(pages, struct {
			name string
			p    page
		}{name, p})
	}

	add("index.html", page{Title: s.c.Title, Body: s.home()})
	items := s.c.Items()
	for _, m := range s.c.Modules {
		body, err := s.module(m)
		if err != nil {
			return err
		}
		add(s.moduleFile(m), page{Title: moduleTitle(m), Crumbs: s.crumbs(m, nil), Body: body})
		s.index = append(s.index, searchEntry{Page: s.moduleFile(m), Title: moduleTitle(m), Where: stageTitle(m.Stage), Text: s.md.plain(m.Intro)})
	}
	for i, it := range items {
		body, text, err := s.item(it)
		if err != nil {
			return err
		}
		p := page{Title: it.Title, Crumbs: s.crumbs(it.Module, it), Body: body}
		if i > 0 {
			p.Prev = &link{s.itemFile(items[i-1]), items[i-1].Title}
		}
		if i < len(items)-1 {
			p.Next = &link{s.itemFile(items[i+1]), items[i+1].Title}
		}
		add(s.itemFile(it), p)
		s.index = append(s.index, searchEntry{Page: s.itemFile(it), Title: it.Title, Where: moduleTitle(it.Module), Text: text})
	}
	add("search.html", page{Title: "Search", Body: s.searchBody(), Search: true})

	for _, pg := range pages {
		var buf bytes.Buffer
		if err := pageTmpl.Execute(&buf, pg.p); err != nil {
			return fmt.Errorf("page %s: %w", pg.name, err)
		}
		if err := os.WriteFile(filepath.Join(s.out, pg.name), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if err := s.copyAssets(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.out, marker), []byte("made by ally export html\n"), 0o644)
}

// copyAssets copies the images and files the pages link to.
func (s *site) copyAssets() error {
	for from, to := range s.assets {
		data, err := fs.ReadFile(s.fsys, from)
		if err != nil {
			return fmt.Errorf("copying %s: %w", from, err)
		}
		dst := filepath.Join(s.out, filepath.FromSlash(to))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// asset returns the site path for a course file, copying it later.
func (s *site) asset(p string) string {
	if to, ok := s.assets[p]; ok {
		return to
	}
	to := "assets/" + p
	s.assets[p] = to
	return to
}

// moduleFile and itemFile name the pages; names are fixed by Export so
// that no id can take another page's name (an item called "index").
func (s *site) moduleFile(m *content.Module) string { return s.names[m] }
func (s *site) itemFile(it *content.Item) string    { return s.names[it] }

// name gives every module and item a page name of its own.
func (s *site) name() {
	s.names = map[any]string{}
	taken := map[string]bool{"index.html": true, "search.html": true}
	give := func(node any, base string) {
		n := base + ".html"
		for i := 2; taken[n]; i++ {
			n = fmt.Sprintf("%s-%d.html", base, i)
		}
		taken[n] = true
		s.names[node] = n
	}
	for _, m := range s.c.Modules {
		give(m, "module-"+m.ID)
	}
	for _, it := range s.c.Items() {
		give(it, it.ID)
	}
}

func moduleTitle(m *content.Module) string {
	if m.Label != "" {
		return m.Label + " " + m.Title
	}
	return m.Title
}

func stageTitle(st *content.Stage) string {
	if st == nil {
		return ""
	}
	if st.Label != "" {
		return st.Label + " · " + st.Title
	}
	return st.Title
}

func (s *site) crumbs(m *content.Module, it *content.Item) []link {
	cr := []link{{"index.html", s.c.Title}}
	if m != nil {
		cr = append(cr, link{"index.html#stage-" + m.Stage.ID, stageTitle(m.Stage)})
		if it != nil {
			cr = append(cr, link{s.moduleFile(m), moduleTitle(m)})
		}
	}
	return cr
}

// render turns course markdown from file into safe HTML.
func (s *site) render(file, md string) template.HTML {
	return s.md.render(file, md)
}

// minutes says how long an item takes.
func minutes(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}

// rel makes a course file path into one relative to the site root.
func rel(p string) string { return path.Clean(p) }
