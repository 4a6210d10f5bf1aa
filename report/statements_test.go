package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/allyworks/ally/bench/gencohort/gen"
	"github.com/allyworks/ally/xapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lite keeps of a statement what ReadStatements gives: reading an export
// with encoding/json and trimming it so must give the same statements.
func lite(s xapi.Statement) xapi.Statement {
	out := xapi.Statement{Actor: s.Actor, Verb: xapi.Verb{ID: s.Verb.ID}, Object: xapi.Activity{ID: s.Object.ID}, Timestamp: s.Timestamp}
	if s.Result != nil {
		res := *s.Result
		res.Extensions = nil
		for k, v := range s.Result.Extensions {
			if strings.HasPrefix(k, xapi.ExtBase) {
				if res.Extensions == nil {
					res.Extensions = map[string]any{}
				}
				res.Extensions[k] = v
			}
		}
		out.Result = &res
	}
	if s.Context != nil && s.Context.ContextActivities != nil && len(s.Context.ContextActivities.Other) > 0 {
		ca := &xapi.ContextActivities{}
		for _, o := range s.Context.ContextActivities.Other {
			ca.Other = append(ca.Other, xapi.Activity{ID: o.ID})
		}
		out.Context = &xapi.Context{ContextActivities: ca}
	}
	return out
}

func readAll(t *testing.T, data []byte) ([]xapi.Statement, error) {
	t.Helper()
	var got []xapi.Statement
	err := ReadStatements(bytes.NewReader(data), func(s xapi.Statement) error { got = append(got, s); return nil })
	return got, err
}

// Every statement of generated exports (and of learners with worksheet
// entries) reads as encoding/json reads it, trimmed to what is kept.
func TestReadStatementsAgreesWithEncodingJSON(t *testing.T) {
	c := builtIn(t)
	dir := t.TempDir()
	require.NoError(t, gen.Write(c, dir, 12, 3, "xapi"))
	write(t, filepath.Join(dir, "zed.xapi.json"), statementsJSON(t, c, alliances(c, "zed", 4, 3)))
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var want []xapi.Statement
		require.NoError(t, json.Unmarshal(data, &want))
		got, err := readAll(t, data)
		require.NoError(t, err, f)
		require.Len(t, got, len(want), f)
		for i := range want {
			assert.Equal(t, lite(want[i]), got[i], "%s statement %d", f, i+1)
		}
		// the same, indented: positions and white space do not matter
		var ind bytes.Buffer
		require.NoError(t, json.Indent(&ind, data, "", "\t"))
		again, err := readAll(t, ind.Bytes())
		require.NoError(t, err)
		assert.Equal(t, got, again)
		n += len(got)
	}
	assert.Greater(t, n, 500, "the exports hold statements to compare")
}

// What the report keeps decodes as encoding/json decodes it: escapes,
// surrogates, invalid UTF-8, null, one activity or a list.
func TestReadStatementsDecodesLikeEncodingJSON(t *testing.T) {
	in := `[{"actor":{"objectType":"Agent","name":"Ad\u00e9 \"A\" \ud83d\ude00 \ud800 ` + "\xff" + `","account":{"homePage":"h\/p","name":null}},` +
		`"verb":{"id":"v","display":{"en-US":"x"}},"object":{"id":"o\ta","definition":{"choices":[{"id":"a","description":{"en":"\\"}}]}},` +
		`"result":{"score":{"scaled":-0.5e-1,"raw":3,"max":null},"success":false,"completion":null,"response":"a[,]b","duration":"PT1S",` +
		`"extensions":{"` + xapi.ExtAttempt + `":2,"` + xapi.ExtBands + `":{"d":"high","e":[1,true,null]},"https://other/x":{"deep":[[[]]]}}},` +
		`"context":{"registration":"r","contextActivities":{"parent":[{"id":"p"}],"other":[{"id":"x:1"},null,{"id":"x:2","definition":{}}]}},` +
		`"timestamp":"2026-01-02T03:04:05.678+02:00","stored":"whatever"}, null ,{"actor":null,"result":null,"context":{"contextActivities":{"other":[{"id":"y"}]}}}]`
	var want []xapi.Statement
	require.NoError(t, json.Unmarshal([]byte(in), &want))
	got, err := readAll(t, []byte(in))
	require.NoError(t, err)
	require.Len(t, got, 3)
	for i := range want {
		assert.Equal(t, lite(want[i]), got[i], "statement %d", i+1)
	}
	assert.Equal(t, "Adé \"A\" 😀 \ufffd \ufffd", got[0].Actor.Name)
	assert.Equal(t, []xapi.Activity{{ID: "x:1"}, {ID: ""}, {ID: "x:2"}}, got[0].Context.ContextActivities.Other)
	assert.Equal(t, xapi.Statement{}, got[1])
}

// A truncated export is refused at every length, naming the statement and
// the place; never accepted, never a panic.
func TestReadStatementsRefusesTruncatedJSON(t *testing.T) {
	c := builtIn(t)
	data := statementsJSON(t, c, alliances(c, "zed", 2, 1))
	_, err := readAll(t, data)
	require.NoError(t, err)
	for n := range len(data) - 1 {
		_, err := readAll(t, data[:n])
		require.Error(t, err, "cut at %d", n)
		if n > 1 {
			assert.Contains(t, err.Error(), "the file ends", "cut at %d", n)
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "cut at %d: %v", n, err)
			assert.Equal(t, int64(n), se.Offset, "cut at %d: the error is where the file ends", n)
		}
	}
}

// Malformed statements are refused saying what and where.
func TestReadStatementsRefusesMalformedJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"statements":[]}`:                                 "not a JSON array of xAPI statements",
		`[{"verb":{"id":"v"}},]`:                            `statement 2: line 1, column 22: "]", not an object`,
		`[{"verb":{"id":"v"}}] x`:                           `line 1, column 23: "x" after the array`,
		"[\n  {\"verb\":{\"id\":7}}]":                       "statement 1: line 2, column 17: verb.id is a number, not a string",
		`[{"verb":{"id":"a` + "\n" + `b"}}]`:                "line 1, column 18: a control character (0x0a) inside a string",
		`[{"object":{"definition":"\x"}}]`:                  `an invalid escape \x`,
		`[{"object":{"definition":"\u12g4"}}]`:              `an invalid \u escape`,
		`[{"object":{"definition":[1,2}}]`:                  `"}" where a comma or ] was due`,
		`[{"object":{"definition":{"a" 1}}}]`:               "a number where a colon was due",
		`[{"object":{"definition":{1:1}}}]`:                 "a number where a key (a string) was due",
		`[{"object":{"definition":tru}}]`:                   "an invalid literal (true was due)",
		`[{"object":{"definition":-}}]`:                     "an invalid number",
		`[{"object":{"definition":1.}}]`:                    "no digit after the point",
		`[{"object":{"definition":1e+}}]`:                   "no digit in the exponent",
		`[{"object":{"definition":01}}]`:                    `a number where a comma or } was due`,
		`[{"result":{"score":{"scaled":1e999}}}]`:           "out of range",
		`[{"result":{"success":"yes"}}]`:                    "result.success is a string, not true or false",
		`[{"timestamp":"yesterday"}]`:                       `timestamp "yesterday"`,
		`[{"timestamp":null}]`:                              "timestamp is null, not a time",
		`["statement"]`:                                     "statement 1: line 1, column 2: a string, not an object",
		`[{"context":{"contextActivities":{"other":"x"}}}]`: "other is a string, not an activity or a list of them",
	} {
		_, err := readAll(t, []byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
	}
}

// Nesting deeper than encoding/json allows is refused, not a stack
// overflow, whether the report skips the value or keeps it.
func TestReadStatementsRefusesDeepNesting(t *testing.T) {
	for _, at := range []string{`"object":{"definition":`, `"result":{"extensions":{"` + xapi.ExtBands + `":`} {
		deep := strings.Repeat("[", 200_000)
		in := `[{` + at + deep + `]}}]`
		_, err := readAll(t, []byte(in))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "nested more than 10000 deep", at)
	}
	ok := `[{"object":{"definition":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}}]`
	_, err := readAll(t, []byte(ok))
	assert.NoError(t, err, "as deep as encoding/json allows is read")
}

// letters streams n bytes of 'a'.
type letters struct{ n int }

func (l *letters) Read(p []byte) (int, error) {
	if l.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), l.n)
	for i := range k {
		p[i] = 'a'
	}
	l.n -= k
	return k, nil
}

// A huge string is stepped over in constant memory where the report does
// not need it, and refused where it would keep it.
func TestReadStatementsHugeStrings(t *testing.T) {
	huge := func(prefix, suffix string) io.Reader {
		return io.MultiReader(strings.NewReader(prefix), &letters{n: 200 << 20}, strings.NewReader(suffix))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	err := ReadStatements(huge(`[{"object":{"id":"o","definition":{"name":{"en":"`, `"}}}}]`), func(s xapi.Statement) error {
		n++
		assert.Equal(t, "o", s.Object.ID)
		return nil
	})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "a 200 MB string skipped allocates next to nothing")

	err = ReadStatements(huge(`[{"object":{"id":"`, `"}}]`), func(xapi.Statement) error { return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "statement 1: line 1, column ")
	assert.Contains(t, err.Error(), "a string longer than 1024 KiB")
	err = ReadStatements(huge(`[{"result":{"score":{"raw":1`, `}}}]`), func(xapi.Statement) error { return nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"a" where a comma or } was due`)
}

// A read error is returned as it is, not as a syntax error.
func TestReadStatementsReturnsReadErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	err := ReadStatements(io.MultiReader(strings.NewReader(`[{"verb":{"id":"`), iotestErr{boom}), func(xapi.Statement) error { return nil })
	assert.ErrorIs(t, err, boom)
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// plain finds the same byte as a byte-by-byte look, wherever it is.
func TestPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = 'a' + byte(rng.IntN(26))
			if rng.IntN(8) == 0 {
				b[i] = byte(rng.IntN(256))
			}
		}
		from := 0
		if len(b) > 0 {
			from = rng.IntN(len(b))
		}
		want := from
		for want < len(b) && b[want] != '"' && b[want] != '\\' && b[want] >= 0x20 {
			want++
		}
		require.Equal(t, want, plain(b, from), "%q from %d", b, from)
	}
}

// An export larger than MaxFile is refused at once, not read to its end.
func TestReadDirRefusesHugeFiles(t *testing.T) {
	c := builtIn(t)
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "huge.xapi.json"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxFile+1)) // sparse: nothing is written
	require.NoError(t, f.Close())
	co := NewCohort(c)
	require.NoError(t, co.ReadDir(dir))
	require.Len(t, co.Problems, 1)
	assert.Contains(t, co.Problems[0], "huge.xapi.json: it is larger than 256 MB: not an export (skipped)")
}

// An export's error positions count from the file's first byte, past
// blank lines and a byte order mark, as an editor shows them.
func TestReadDirErrorPositionsAreExact(t *testing.T) {
	c := builtIn(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.xapi.json"), []byte("\n\n  [{\"verb\":{\"id\":7}}]"))
	write(t, filepath.Join(dir, "b.xapi.json"), []byte("\xef\xbb\xbf[{\"verb\":{\"id\":7}}]"))
	write(t, filepath.Join(dir, "c.json"), []byte("\xef\xbb\xbf  {\"schema\": 1,\n  \"course\": 7}"))
	co := NewCohort(c)
	require.NoError(t, co.ReadDir(dir))
	require.Len(t, co.Problems, 3)
	assert.Contains(t, co.Problems[0], "a.xapi.json: statement 1: line 3, column 18: verb.id is a number")
	assert.Contains(t, co.Problems[1], "b.xapi.json: statement 1: line 1, column 16: verb.id is a number")
	assert.Contains(t, co.Problems[2], "c.json: not a progress file", "a byte order mark before a progress file is read past")
}
