package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

// scaffold is the course `ally new` writes: small, valid, every feature once.
//
//go:embed scaffold
var scaffold embed.FS

func newNewCmd(o *options) *cobra.Command {
	var title string
	cmd := &cobra.Command{
		Use:   "new DIR",
		Short: "Start a new course folder that validates at once",
		Long: `New writes a small course into DIR that shows every feature of the format
once: two stages, a lesson with a link and an image, a quiz with each question
type, a self-assessment with bands and placement, a worksheet with a grid,
and unlock rules. Comments
in each file say what to change. DIR must be new or empty.

Then: ally --course DIR to take it, ally validate DIR to check it.`,
		Example: `  ally new ./my-course --title "Negotiating with Big Partners"`,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			dir := args[0]
			if title == "" {
				title = titleFrom(filepath.Base(dir))
			}
			id := slug(title)
			if id == "" {
				return usageError{fmt.Errorf("--title %q has no letters or digits to make the course id from", title)}
			}
			if err := writeScaffold(dir, title, id); err != nil {
				return err
			}
			fmt.Fprintf(o.stdout, "wrote a new course “%s” to %s\n\nnext:\n  ally --course %s            take it\n  ally validate %s            check it after each change\n  ally export html %s OUT     read it in a browser\n",
				title, dir, dir, dir, dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the course's title (default: from DIR)")
	return cmd
}

func writeScaffold(dir, title, id string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("%s is not empty: ally new writes only into a new or empty folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("course folder: %w", err)
	}
	yamlTitle := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(title)
	return fs.WalkDir(scaffold, "scaffold", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "scaffold"), "/")
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := scaffold.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "course.yaml" {
			data = []byte(strings.NewReplacer("__ID__", id, "__TITLE__", `"`+yamlTitle+`"`).Replace(string(data)))
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// titleFrom makes a title of a folder name: "my-course" is "My course".
func titleFrom(name string) string {
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
	if name == "" || name == "." {
		return "My course"
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// slug makes a course id of a title: lowercase letters, digits and -.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		if unicode.Is(unicode.Mn, r) {
			continue // é is e
		}
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 64 {
		s = strings.TrimSuffix(s[:64], "-")
	}
	return s
}
