package termsafe

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// hostile are the strings a third-party course was seen to use.
var hostile = map[string]string{
	"osc52":      "a\x1b]52;c;aGVsbG8=\ab",
	"osc8":       "a\x1b]8;;file:///etc/passwd\x1b\\x\x1b]8;;\x1b\\b",
	"clear":      "a\x1b[2Jb",
	"c1 csi":     "a\u009b2Jb",
	"blink":      "a\x1b[5mb\x1b[0m",
	"title":      "a\x1b]0;pwned\x07b",
	"lone byte":  "a\x9b2Jb",
	"del":        "a\x7fb",
	"cr":         "a\rb",
	"backspace":  "a\bb",
	"osc52 st":   "a\x1b]52;c;aGVsbG8=\x1b\\b",
	"dcs":        "a\x1bP1$r\x1b\\b",
	"cursor":     "a\x1b[10;10Hb",
	"conceal":    "a\x1b[8mb",
	"blink 256":  "a\x1b[1;5;31mb",
	"truncated":  "a\x1b[",
	"osc8 js":    "a\x1b]8;;javascript:alert(1)\ax\x1b]8;;\ab",
	"osc8 ctrl":  "a\x1b]8;;https://x\x1b[2J\ax\x1b]8;;\ab",
	"bell alone": "a\ab",
}

// noControl reports whether s has no byte a terminal acts on, other than
// newline and tab.
func noControl(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if r != '\n' && r != '\t' && isControl(r) {
			t.Fatalf("control %U left in %q", r, s)
		}
	}
	assert.NotContains(t, s, "\x9b")
}

func TestTextEscapesEveryControl(t *testing.T) {
	for name, s := range hostile {
		t.Run(name, func(t *testing.T) {
			got := Text(s)
			noControl(t, got)
			assert.True(t, strings.HasPrefix(got, "a"), got)
			assert.Contains(t, got, `\`, "the control is shown, not dropped: %q", got)
		})
	}
	assert.Equal(t, `a\x1b[2Jb`, Text("a\x1b[2Jb"))
	assert.Equal(t, `a\u009b2Jb`, Text("a\u009b2Jb"))
	assert.Equal(t, "two\nlines\tand a tab", Text("two\nlines\tand a tab"))
	assert.Equal(t, "plain «text» — ok", Text("plain «text» — ok"))
}

func TestLineEscapesNewlines(t *testing.T) {
	assert.Equal(t, `a\x0ab\x09c`, Line("a\nb\tc"))
	for name, s := range hostile {
		got := Line(s)
		assert.NotContains(t, got, "\x1b", name)
		assert.NotContains(t, got, "\a", name)
	}
}

func TestStyledKeepsOwnStyling(t *testing.T) {
	for _, s := range []string{
		"\x1b[1;38;5;252mbold\x1b[0m",
		"\x1b[38;2;1;2;3mtrue colour\x1b[m",
		"\x1b[4:3mcurly\x1b[0m",
		MarkHyperlinks("\x1b]8;id=12;https://example.com/a?b=c\x07link\x1b]8;;\x07"),
		MarkHyperlinks("\x1b]8;;mailto:a@b.c\x1b\\mail\x1b]8;;\x1b\\"),
		"line one\nline two\twith tab",
	} {
		assert.Equal(t, s, Styled(s))
	}
}

func TestStyledEscapesHostileSequences(t *testing.T) {
	for name, s := range hostile {
		t.Run(name, func(t *testing.T) {
			got := Styled(s)
			for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1b[5m", "\x1b[1;5;31m", "\x1b]0;", "\x1bP", "\x1b[10;10H", "\x1b[8m", "javascript:alert(1)\a", "file:///etc/passwd\x1b"} {
				assert.NotContains(t, got, bad)
			}
			assert.NotContains(t, got, "\u009b")
			assert.NotContains(t, got, "\r")
			if !strings.Contains(s, "]8;") { // the end of a link, ESC ] 8 ; ; BEL, is harmless
				assert.NotContains(t, got, "\a")
			}
		})
	}
	assert.Equal(t, `a\x1b]52;c;aGVsbG8=\x07b`, Styled(hostile["osc52"]))
	assert.Equal(t, `a\x1b[5mb`+"\x1b[0m", Styled(hostile["blink"]))
}

func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+1":                     "'+1+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"Plain title":              "Plain title",
		"a=b":                      "a=b",
		"":                         "",
		"0.5":                      "0.5",
		"x\x1b[2J":                 `x\x1b[2J`,
	} {
		assert.Equal(t, want, CSVCell(in), "%q", in)
	}
}

func TestWriterFiltersEachWrite(t *testing.T) {
	var b bytes.Buffer
	w := Writer(&b)
	styled, hostile := "ok\x1b[1mbold\x1b[0m ", "title\x1b]52;c;eA==\a\n"
	n, err := w.Write([]byte(styled))
	assert.NoError(t, err)
	assert.Equal(t, len(styled), n)
	n, err = w.Write([]byte(hostile))
	assert.NoError(t, err)
	assert.Equal(t, len(hostile), n, "the count is of the bytes given")
	assert.Equal(t, "ok\x1b[1mbold\x1b[0m title\\x1b]52;c;eA==\\x07\n", b.String())
}

func TestSafeScheme(t *testing.T) {
	for uri, want := range map[string]bool{
		"https://a.b": true, "HTTP://a.b": true, "mailto:x@y.z": true,
		"file:///etc/passwd": false, "javascript:alert(1)": false, "data:text/html,x": false,
		"../m0/01.md": false, "no-scheme": false,
	} {
		assert.Equal(t, want, SafeScheme(uri), uri)
	}
}

func FuzzStyled(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Styled(s)
		// Whatever goes in, only SGR and OSC 8 sequences come out.
		for i := 0; i < len(got); i++ {
			if got[i] == 0x1b {
				n := allowedSequence(got[i:])
				if n == 0 {
					t.Fatalf("escape left in %q from %q", got, s)
				}
				i += n - 1
				continue
			}
			if c := got[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("control %#x left in %q from %q", c, got, s)
			}
		}
		for _, r := range got {
			if r >= 0x80 && r <= 0x9f {
				t.Fatalf("C1 %U left in %q", r, got)
			}
		}
		if Text(s) != s && !strings.ContainsRune(s, 0x1b) {
			assert.NotEqual(t, s, got) // a control without ESC is always escaped
		}
	})
}

func TestWriterKeepsTerminalAndUnwraps(t *testing.T) {
	var b bytes.Buffer
	w := Writer(&b)
	_, isTerm := w.(fder)
	assert.False(t, isTerm, "a buffer is no terminal")
	assert.Same(t, &b, Unwrap(w))
	f := Writer(os.Stdout)
	_, isTerm = f.(fder)
	assert.True(t, isTerm, "a file keeps its Fd")
	assert.Same(t, os.Stdout, Unwrap(f))
	assert.Same(t, &b, Unwrap(&b))
}

func TestOnlyMarkedHyperlinksPass(t *testing.T) {
	link := "\x1b]8;id=7;https://example.com\alink\x1b]8;;\a"
	assert.Equal(t, `\x1b]8;id=7;https://example.com\x07link`+"\x1b]8;;\a", Styled(link),
		"a link from course text is shown escaped (its end is harmless)")
	marked := MarkHyperlinks(link)
	assert.Contains(t, marked, "\x1b]8;"+linkMark+":id=7;https://example.com\a")
	assert.Equal(t, marked, Styled(marked))
	forged := "\x1b]8;ally=0000;https://example.com\alink"
	assert.NotEqual(t, forged, Styled(forged))
	js := MarkHyperlinks("\x1b]8;;javascript:alert(1)\ax")
	assert.NotEqual(t, js, Styled(js), "a marked link still needs a safe scheme")
}

func TestPlainWriterEscapesEvenColours(t *testing.T) {
	var b bytes.Buffer
	w := PlainWriter(&b)
	_, err := w.Write([]byte("title \x1b[31mred\x1b[0m\n"))
	assert.NoError(t, err)
	assert.Equal(t, `title \x1b[31mred\x1b[0m`+"\n", b.String())
	assert.Same(t, &b, Unwrap(w))
	assert.Same(t, &b, Unwrap(Writer(w)), "wrapping twice filters once")
}

func TestSafeSGR(t *testing.T) {
	for params, want := range map[string]bool{
		"": true, "0": true, "1;38;5;252": true, "38;5;5": true, "48;2;5;6;8": true, "38;2;1;2;3;1": true,
		"4:3": true, "38:2::1:2:3": true, "5": false, "1;5": false, "6": false, "8": false,
		"38;5;200;5": false, "5:1": false, "x": false, "38;5": true,
	} {
		assert.Equal(t, want, safeSGR(params), "%q", params)
	}
}
