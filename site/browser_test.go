package site

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/allyworks/ally/content"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needBrowser finds node, playwright-core (test/browser, installed by
// .ci/run with npm ci) and Debian's Chromium. Under CI they must be there.
func needBrowser(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../test/browser")
	require.NoError(t, err)
	var missing []string
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		missing = append(missing, "test/browser/node_modules (run npm ci there)")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("the browser test needs: %s", strings.Join(missing, ", "))
		}
		t.Skipf("the browser test needs: %s", strings.Join(missing, ", "))
	}
	return dir
}

type pageReport struct {
	Errors       []string `json:"errors"`
	Links        []string `json:"links"`
	Title        string   `json:"title"`
	H1           string   `json:"h1"`
	FontSize     float64  `json:"fontSize"`
	ImagesBroken []string `json:"imagesBroken"`
	Visible      []string `json:"visible"`
}

// TestBrowser opens every page of two exported courses in headless
// Chromium: each loads without an error, every link and image resolves,
// the search page finds a word, and screenshots of a lesson and a quiz
// page carry legible text.
func TestBrowser(t *testing.T) {
	browser := needBrowser(t)
	for _, tc := range []struct {
		name, course, lesson, quiz, word, wantPage string
	}{
		{"built-in", "", "why-alliances-newness.html", "why-alliances-quiz.html", "newness", "why-alliances-newness.html"},
		{"sample", "../testdata/sample", "anatomy.html", "writing-check.html", "reproduce", "reproduce.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := content.Default()
			if tc.course != "" {
				fsys = os.DirFS(tc.course)
			}
			c, err := content.Load(fsys)
			require.NoError(t, err)
			out := t.TempDir()
			require.NoError(t, Export(c, fsys, out))
			shots := t.TempDir()

			cmd := exec.Command("node", "check.mjs", out, shots, tc.lesson, tc.quiz)
			cmd.Dir = browser
			cmd.Env = append(os.Environ(), "SEARCH="+tc.word)
			cmd.Stderr = os.Stderr
			raw, err := cmd.Output()
			require.NoError(t, err)
			var pages map[string]pageReport
			require.NoError(t, json.Unmarshal(raw, &pages))

			require.Len(t, pages, len(c.Modules)+len(c.Items())+3) // + index, search page, search run
			for name, p := range pages {
				assert.Empty(t, p.Errors, name)
				if name == "search" {
					continue
				}
				assert.NotEmpty(t, p.H1, name)
				assert.GreaterOrEqual(t, p.FontSize, 16.0, "%s: body text size", name)
				assert.Empty(t, p.ImagesBroken, name)
				for _, l := range p.Links {
					assert.NotEqual(t, "#", l, "%s: a link that leads nowhere", name)
					if strings.Contains(l, "://") || strings.HasPrefix(l, "mailto:") || strings.HasPrefix(l, "#") {
						continue
					}
					file, _, _ := strings.Cut(l, "#")
					_, err := os.Stat(filepath.Join(out, filepath.FromSlash(file)))
					assert.NoError(t, err, "%s links to %s", name, l)
				}
			}
			assert.Contains(t, pages["search"].Visible, tc.wantPage)
			assert.Less(t, len(pages["search"].Visible), len(c.Items()), "the search box filters the list")

			for _, shot := range []string{tc.lesson, tc.quiz} {
				assertLegible(t, filepath.Join(shots, shot+".png"))
			}
		})
	}
}

// assertLegible checks a screenshot holds text: a real share of its pixels
// are ink that contrasts strongly with the page's background.
func assertLegible(t *testing.T, file string) {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	bg := luminance(img, img.Bounds().Max.X-5, img.Bounds().Max.Y/2)
	ink, total := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			total++
			l := luminance(img, x, y)
			if contrast(l, bg) >= 4.5 {
				ink++
			}
		}
	}
	share := float64(ink) / float64(total)
	assert.Greater(t, share, 0.01, "%s: almost no legible ink", file)
	assert.Less(t, share, 0.5, "%s: the page is mostly ink", file)
}

func luminance(img image.Image, x, y int) float64 {
	r, g, b, _ := img.At(x, y).RGBA()
	lin := func(c uint32) float64 {
		v := float64(c) / 0xffff
		if v <= 0.03928 {
			return v / 12.92
		}
		return pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}
