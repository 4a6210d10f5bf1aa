package linear

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClean: whatever a course, a progress file or a renderer hands it,
// what clean lets through holds no escape sequence or control character.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[2J\x1b[H", "\x1b]8;;x\x07y", "a\u009b31mb", "\u202eevil", "tab\tnl\n", "\x1b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := clean(s)
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
				(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("clean(%q) = %q keeps %U", s, out, r)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("clean(%q) = %q is not valid UTF-8", s, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasSuffix(l, " ") {
				t.Fatalf("clean(%q) leaves trailing spaces", s)
			}
		}
	})
}
