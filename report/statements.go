package report

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/allyworks/ally/xapi"
)

// Reading statements is most of `ally report` over xAPI exports: every
// question answered is a statement carrying its question's definition and
// choices, and the report needs none of it. ReadStatements therefore reads
// the JSON itself, streaming: it decodes the few fields the report uses and
// steps over every other value (checking that it is well-formed JSON)
// without keeping it, so neither the speed nor the memory depends on what
// the skipped values hold.

const (
	maxDepth = 10000   // containers inside containers, as encoding/json allows
	maxKept  = 1 << 20 // bytes of a string or number the report keeps (an id, a name, a response)
	maxNames = 10000   // distinct strings shared between the statements of one file
)

// SyntaxError is a statement file that is not the JSON it should be, with
// where: Line and Column (in bytes, from 1) and Offset (bytes before it).
type SyntaxError struct {
	Line, Column int
	Offset       int64
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// stmtReader reads JSON from src through its own buffer.
type stmtReader struct {
	src       io.Reader
	buf       []byte
	pos, end  int
	base      int64 // offset of buf[0] in the input
	line      int
	lineStart int64 // offset of the current line's first byte
	rerr      error // what the last read returned after its bytes (io.EOF at the end)
	scratch   []byte
	key       []byte            // the key object hands its fn
	names     map[string]string // the ids, names and verbs statements repeat, kept once
}

func newStmtReader(src io.Reader) *stmtReader {
	return &stmtReader{src: src, buf: make([]byte, 64<<10), line: 1, names: map[string]string{}}
}

// reset makes r read src from its start, keeping its buffers and the
// strings it has kept.
func (r *stmtReader) reset(src io.Reader) {
	*r = stmtReader{src: src, buf: r.buf, line: 1, scratch: r.scratch[:0], key: r.key[:0], names: r.names}
}

// fill makes sure a byte is buffered, reading more if need be; false at
// the end of the input or after a read error.
func (r *stmtReader) fill() bool {
	if r.pos < r.end {
		return true
	}
	if r.rerr != nil {
		return false
	}
	r.base += int64(r.end)
	r.pos, r.end = 0, 0
	for tries := 0; r.end == 0 && r.rerr == nil; tries++ {
		if tries == 100 {
			r.rerr = io.ErrNoProgress
			break
		}
		r.end, r.rerr = r.src.Read(r.buf)
	}
	return r.end > 0
}

func (r *stmtReader) errorf(format string, args ...any) error {
	off := r.base + int64(r.pos)
	return &SyntaxError{Line: r.line, Column: int(off-r.lineStart) + 1, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// eof is the error of an input that ends (or cannot be read) where more
// was due.
func (r *stmtReader) eof(where string) error {
	if r.rerr != nil && !errors.Is(r.rerr, io.EOF) {
		return r.rerr
	}
	return r.errorf("the file ends %s", where)
}

// space skips white space and returns the next byte, not consumed.
func (r *stmtReader) space() (byte, bool) {
	if r.pos < r.end && r.buf[r.pos] > ' ' {
		return r.buf[r.pos], true // compact JSON: no space between tokens
	}
	return r.spaceSlow()
}

func (r *stmtReader) spaceSlow() (byte, bool) {
	for {
		for r.pos < r.end {
			switch c := r.buf[r.pos]; c {
			case ' ', '\t', '\r':
			case '\n':
				r.line++
				r.lineStart = r.base + int64(r.pos) + 1
			default:
				return c, true
			}
			r.pos++
		}
		if !r.fill() {
			return 0, false
		}
	}
}

// next returns the next byte, consumed.
func (r *stmtReader) next() (byte, bool) {
	if !r.fill() {
		return 0, false
	}
	c := r.buf[r.pos]
	r.pos++
	return c, true
}

// special marks the bytes that end a run of plain string bytes.
var special = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// plain returns the index of the first byte from i on in b that ends a
// run of plain string bytes (len(b) if none does), looking at eight bytes
// at a time: most of an export is strings it steps over.
func plain(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		q, bs := w^(ones*'"'), w^(ones*'\\')
		// a byte of w that is 0 (in q, bs) or below 0x20 (in w) sets its high bit
		if ((q-ones)&^q|(bs-ones)&^bs|(w-ones*0x20)&^w)&highs != 0 {
			break
		}
	}
	for i < len(b) && !special[b[i]] {
		i++
	}
	return i
}

// scanString reads a string, at its opening quote. With keep it returns
// its raw bytes (escapes not decoded; valid until the next read) and
// whether it has escapes.
func (r *stmtReader) scanString(keep bool) ([]byte, bool, error) {
	r.pos++
	r.scratch = r.scratch[:0]
	spilled, escaped := false, false
	spill := func(start int) error {
		if len(r.scratch)+r.pos-start > maxKept {
			return r.errorf("a string longer than %d KiB where an id, a name or a response was due", maxKept>>10)
		}
		r.scratch = append(r.scratch, r.buf[start:r.pos]...)
		spilled = true
		return nil
	}
	for {
		start := r.pos
		r.pos = plain(r.buf[:r.end], r.pos)
		if r.pos == r.end {
			if keep {
				if err := spill(start); err != nil {
					return nil, false, err
				}
			}
			if !r.fill() {
				return nil, false, r.eof("inside a string")
			}
			continue
		}
		switch c := r.buf[r.pos]; {
		case c == '"':
			out := r.buf[start:r.pos]
			if keep && spilled {
				if err := spill(start); err != nil {
					return nil, false, err
				}
				out = r.scratch
			}
			if keep && len(out) > maxKept {
				return nil, false, r.errorf("a string longer than %d KiB where an id, a name or a response was due", maxKept>>10)
			}
			r.pos++
			return out, escaped, nil
		case c == '\\':
			if keep {
				if err := spill(start); err != nil {
					return nil, false, err
				}
			}
			escaped = true
			if err := r.escape(keep); err != nil {
				return nil, false, err
			}
		default:
			return nil, false, r.errorf("a control character (%#02x) inside a string", c)
		}
	}
}

// escape reads one escape sequence, at its backslash, keeping its bytes
// in scratch with keep.
func (r *stmtReader) escape(keep bool) error {
	n := 2
	for i := 0; i < n; i++ {
		c, ok := r.next()
		if !ok {
			return r.eof("inside a string")
		}
		switch {
		case i == 1 && c == 'u':
			n = 6
		case i == 1 && !bytesHas(`"\/bfnrt`, c):
			r.pos--
			return r.errorf("an invalid escape \\%c in a string", c)
		case i > 1 && !isHex(c):
			r.pos--
			return r.errorf("an invalid \\u escape in a string")
		}
		if keep {
			r.scratch = append(r.scratch, c)
		}
	}
	return nil
}

func bytesHas(s string, c byte) bool {
	for i := range len(s) {
		if s[i] == c {
			return true
		}
	}
	return false
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// decode turns the raw bytes of a string into its value, as encoding/json
// does (invalid UTF-8 becomes U+FFFD).
func decode(raw []byte, escaped bool) string {
	if !escaped && utf8.Valid(raw) {
		return string(raw)
	}
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	var s string
	_ = json.Unmarshal(q, &s) // scanString checked the escapes: it cannot fail
	return s
}

// name is decode for strings that statements repeat: one copy per file.
func (r *stmtReader) name(raw []byte, escaped bool) string {
	if escaped || len(raw) > 512 {
		return decode(raw, escaped)
	}
	if s, ok := r.names[string(raw)]; ok {
		return s
	}
	s := decode(raw, false)
	if len(r.names) < maxNames {
		r.names[s] = s
	}
	return s
}

// number reads a number; with keep it returns its value.
func (r *stmtReader) number(keep bool) (float64, error) {
	r.scratch = r.scratch[:0]
	take := func() {
		if keep && len(r.scratch) <= maxKept {
			r.scratch = append(r.scratch, r.buf[r.pos])
		}
		r.pos++
	}
	peek := func() byte {
		if !r.fill() {
			return 0
		}
		return r.buf[r.pos]
	}
	digits := func() int {
		n := 0
		for c := peek(); '0' <= c && c <= '9'; c = peek() {
			take()
			n++
		}
		return n
	}
	if peek() == '-' {
		take()
	}
	switch c := peek(); {
	case c == '0':
		take()
	case '1' <= c && c <= '9':
		digits()
	default:
		return 0, r.errorf("an invalid number")
	}
	if peek() == '.' {
		take()
		if digits() == 0 {
			return 0, r.errorf("an invalid number: no digit after the point")
		}
	}
	if c := peek(); c == 'e' || c == 'E' {
		take()
		if c := peek(); c == '+' || c == '-' {
			take()
		}
		if digits() == 0 {
			return 0, r.errorf("an invalid number: no digit in the exponent")
		}
	}
	if !keep {
		return 0, nil
	}
	if len(r.scratch) > maxKept {
		return 0, r.errorf("a number longer than %d KiB", maxKept>>10)
	}
	f, err := strconv.ParseFloat(string(r.scratch), 64)
	if err != nil {
		return 0, r.errorf("the number %.40s is out of range", r.scratch)
	}
	return f, nil
}

// literal reads true, false or null.
func (r *stmtReader) literal(word string) error {
	for i := range len(word) {
		c, ok := r.next()
		if !ok {
			return r.eof("inside " + word)
		}
		if c != word[i] {
			r.pos--
			return r.errorf("an invalid literal (%s was due)", word)
		}
	}
	return nil
}

// kind names what a value starting with c is, for errors.
func kind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "true or false"
	case c == 'n':
		return "null"
	case c == '-' || '0' <= c && c <= '9':
		return "a number"
	}
	if c < 0x80 {
		return strconv.Quote(string(rune(c)))
	}
	return fmt.Sprintf("the byte %#02x", c)
}

// object reads an object, at its opening brace, nested depth deep. For
// each member it calls fn with the key (valid until fn reads on) and the
// reader at the value, which fn reads or skips; a nil fn skips them all.
func (r *stmtReader) object(depth int, fn func(key []byte) error) error {
	if depth > maxDepth {
		return r.errorf("values nested more than %d deep", maxDepth)
	}
	r.pos++
	c, ok := r.space()
	if !ok {
		return r.eof("inside an object")
	}
	if c == '}' {
		r.pos++
		return nil
	}
	for {
		if c != '"' {
			return r.errorf("%s where a key (a string) was due", kind(c))
		}
		key, escaped, err := r.scanString(fn != nil)
		if err != nil {
			return err
		}
		if escaped {
			key = []byte(decode(key, true))
		}
		// key is in the buffer, which reading on may refill: keep a copy
		r.key = append(r.key[:0], key...)
		key = r.key
		if c, ok = r.space(); !ok {
			return r.eof("inside an object")
		} else if c != ':' {
			return r.errorf("%s where a colon was due", kind(c))
		}
		r.pos++
		if fn == nil {
			err = r.skip(depth)
		} else {
			err = fn(key)
		}
		if err != nil {
			return err
		}
		if c, ok = r.space(); !ok {
			return r.eof("inside an object")
		}
		switch c {
		case ',':
			r.pos++
			if c, ok = r.space(); !ok {
				return r.eof("inside an object")
			}
		case '}':
			r.pos++
			return nil
		default:
			return r.errorf("%s where a comma or } was due", kind(c))
		}
	}
}

// array reads an array, at its opening bracket, nested depth deep, calling
// fn with the reader at each element; a nil fn skips them.
func (r *stmtReader) array(depth int, fn func() error) error {
	if depth > maxDepth {
		return r.errorf("values nested more than %d deep", maxDepth)
	}
	r.pos++
	c, ok := r.space()
	if !ok {
		return r.eof("inside an array")
	}
	if c == ']' {
		r.pos++
		return nil
	}
	for {
		var err error
		if fn == nil {
			err = r.skip(depth)
		} else {
			err = fn()
		}
		if err != nil {
			return err
		}
		if c, ok = r.space(); !ok {
			return r.eof("inside an array")
		}
		switch c {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return nil
		default:
			return r.errorf("%s where a comma or ] was due", kind(c))
		}
	}
}

// skip steps over one value inside a container nested depth deep.
func (r *stmtReader) skip(depth int) error {
	c, ok := r.space()
	if !ok {
		return r.eof("where a value was due")
	}
	switch c {
	case '{':
		return r.object(depth+1, nil)
	case '[':
		return r.array(depth+1, nil)
	case '"':
		_, _, err := r.scanString(false)
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	}
	if c == '-' || '0' <= c && c <= '9' {
		_, err := r.number(false)
		return err
	}
	return r.errorf("%s where a value was due", kind(c))
}

// start looks at the value a field holds: null is consumed (ok false), a
// value starting with one of want is left for the caller, anything else is
// an error naming the field.
func (r *stmtReader) start(field, want, wantName string) (byte, bool, error) {
	c, ok := r.space()
	if !ok {
		return 0, false, r.eof("where a value was due")
	}
	if c == 'n' {
		return 0, false, r.literal("null")
	}
	if !bytesHas(want, c) {
		return 0, false, r.errorf("%s is %s, not %s", field, kind(c), wantName)
	}
	return c, true, nil
}

// str reads a string field; null leaves *dst as it is.
func (r *stmtReader) str(field string, dst *string) error {
	if _, ok, err := r.start(field, `"`, "a string"); !ok {
		return err
	}
	raw, escaped, err := r.scanString(true)
	if err != nil {
		return err
	}
	*dst = r.name(raw, escaped)
	return nil
}

// num reads a number field; ok is false for null.
func (r *stmtReader) num(field string) (float64, bool, error) {
	if _, ok, err := r.start(field, "-0123456789", "a number"); !ok {
		return 0, false, err
	}
	f, err := r.number(true)
	return f, err == nil, err
}

// optBool reads a true, false or null field.
func (r *stmtReader) optBool(field string, dst **bool) error {
	c, ok, err := r.start(field, "tf", "true or false")
	if !ok {
		*dst = nil
		return err
	}
	b := c == 't'
	if b {
		err = r.literal("true")
	} else {
		err = r.literal("false")
	}
	*dst = &b
	return err
}

// value reads any value as encoding/json would into an `any`.
func (r *stmtReader) value(depth int) (any, error) {
	c, ok := r.space()
	if !ok {
		return nil, r.eof("where a value was due")
	}
	switch c {
	case '{':
		m := map[string]any{}
		err := r.object(depth+1, func(key []byte) error {
			k := string(key)
			v, err := r.value(depth + 1)
			m[k] = v
			return err
		})
		return m, err
	case '[':
		l := []any{}
		err := r.array(depth+1, func() error {
			v, err := r.value(depth + 1)
			l = append(l, v)
			return err
		})
		return l, err
	case '"':
		raw, escaped, err := r.scanString(true)
		if err != nil {
			return nil, err
		}
		return r.name(raw, escaped), nil
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return nil, r.literal("null")
	}
	if c == '-' || '0' <= c && c <= '9' {
		return r.number(true)
	}
	return nil, r.errorf("%s where a value was due", kind(c))
}

// ReadStatements reads a JSON array of statements one at a time. fn gets
// of each the actor, verb id, object id, result (of its extensions, Ally's
// own: attempt, dimensions, scores, bands, placement), the ids in
// context.contextActivities.other (the entry a worksheet review is about)
// and the timestamp; the rest is checked to be JSON and skipped. Keys are
// matched as xAPI spells them (case matters). An error says which statement
// and where (line and column) the JSON went wrong.
func ReadStatements(src io.Reader, fn func(xapi.Statement) error) error {
	return newStmtReader(src).statements(fn)
}

func (r *stmtReader) statements(fn func(xapi.Statement) error) error {
	if r.fill() && r.end-r.pos >= 3 && string(r.buf[r.pos:r.pos+3]) == "\xef\xbb\xbf" {
		r.pos += 3 // a byte order mark: counted in offsets, not in columns
		r.lineStart = r.base + int64(r.pos)
	}
	if c, ok := r.space(); !ok || c != '[' {
		if !ok && r.rerr != nil && !errors.Is(r.rerr, io.EOF) {
			return r.rerr
		}
		return errors.New("not a JSON array of xAPI statements")
	}
	r.pos++
	c, ok := r.space()
	if !ok {
		return r.eof("before the array of statements is closed")
	}
	if c == ']' {
		r.pos++
		return r.trailing()
	}
	for i := 1; ; i++ {
		var s xapi.Statement
		switch c {
		case '{':
			if err := r.statement(&s); err != nil {
				return fmt.Errorf("statement %d: %w", i, err)
			}
		case 'n':
			if err := r.literal("null"); err != nil {
				return fmt.Errorf("statement %d: %w", i, err)
			}
		default:
			return fmt.Errorf("statement %d: %w", i, r.errorf("%s, not an object", kind(c)))
		}
		if err := fn(s); err != nil {
			return err
		}
		if c, ok = r.space(); !ok {
			return r.eof(fmt.Sprintf("after statement %d, before the array is closed", i))
		}
		switch c {
		case ',':
			r.pos++
			if c, ok = r.space(); !ok {
				return r.eof(fmt.Sprintf("after statement %d and a comma", i))
			}
		case ']':
			r.pos++
			return r.trailing()
		default:
			return fmt.Errorf("after statement %d: %w", i, r.errorf("%s where a comma or ] was due", kind(c)))
		}
	}
}

// trailing checks nothing but white space follows the array.
func (r *stmtReader) trailing() error {
	if c, ok := r.space(); ok {
		return r.errorf("%s after the array of statements", kind(c))
	}
	if r.rerr != nil && !errors.Is(r.rerr, io.EOF) {
		return r.rerr
	}
	return nil
}

// statement reads one statement object (at depth 2: inside the array).
func (r *stmtReader) statement(s *xapi.Statement) error {
	const depth = 2
	var other []xapi.Activity
	err := r.object(depth, func(key []byte) error {
		switch string(key) {
		case "actor":
			return r.agent(depth, &s.Actor)
		case "verb":
			return r.idOf("verb", depth, &s.Verb.ID)
		case "object":
			return r.idOf("object", depth, &s.Object.ID)
		case "result":
			return r.result(depth, &s.Result)
		case "context":
			return r.context(depth, &other)
		case "timestamp":
			return r.timestamp(&s.Timestamp)
		}
		return r.skip(depth)
	})
	if len(other) > 0 {
		s.Context = &xapi.Context{ContextActivities: &xapi.ContextActivities{Other: other}}
	}
	return err
}

// members reads the object a field holds (nothing for null), calling fn
// per member as object does.
func (r *stmtReader) members(field string, depth int, fn func(key []byte) error) (bool, error) {
	if _, ok, err := r.start(field, "{", "an object"); !ok {
		return false, err
	}
	return true, r.object(depth+1, fn)
}

func (r *stmtReader) agent(depth int, a *xapi.Agent) error {
	_, err := r.members("actor", depth, func(key []byte) error {
		switch string(key) {
		case "objectType":
			return r.str("actor.objectType", &a.ObjectType)
		case "name":
			return r.str("actor.name", &a.Name)
		case "mbox":
			return r.str("actor.mbox", &a.Mbox)
		case "account":
			if a.Account == nil {
				a.Account = &xapi.Account{}
			}
			ok, err := r.members("actor.account", depth+1, func(key []byte) error {
				switch string(key) {
				case "homePage":
					return r.str("actor.account.homePage", &a.Account.HomePage)
				case "name":
					return r.str("actor.account.name", &a.Account.Name)
				}
				return r.skip(depth + 2)
			})
			if !ok {
				a.Account = nil
			}
			return err
		}
		return r.skip(depth + 1)
	})
	return err
}

// idOf reads the id of the verb, object or an activity, skipping the rest
// (display, definition).
func (r *stmtReader) idOf(field string, depth int, id *string) error {
	_, err := r.members(field, depth, func(key []byte) error {
		if string(key) == "id" {
			return r.str(field+".id", id)
		}
		return r.skip(depth + 1)
	})
	return err
}

func (r *stmtReader) result(depth int, p **xapi.Result) error {
	if *p == nil {
		*p = &xapi.Result{}
	}
	res := *p
	ok, err := r.members("result", depth, func(key []byte) error {
		switch string(key) {
		case "score":
			return r.score(depth+1, &res.Score)
		case "success":
			return r.optBool("result.success", &res.Success)
		case "completion":
			return r.optBool("result.completion", &res.Completion)
		case "response":
			var s string
			c, _ := r.space()
			if err := r.str("result.response", &s); err != nil || c == 'n' {
				res.Response = nil
				return err
			}
			res.Response = &s
			return nil
		case "duration":
			return r.str("result.duration", &res.Duration)
		case "extensions":
			ok, err := r.members("result.extensions", depth+1, func(key []byte) error {
				switch string(key) {
				case xapi.ExtAttempt, xapi.ExtDimensions, xapi.ExtScores, xapi.ExtBands, xapi.ExtPlacement:
					if res.Extensions == nil {
						res.Extensions = map[string]any{}
					}
					k := string(key)
					v, err := r.value(depth + 2)
					res.Extensions[k] = v
					return err
				}
				return r.skip(depth + 2)
			})
			if !ok {
				res.Extensions = nil
			} else if res.Extensions == nil {
				res.Extensions = map[string]any{}
			}
			return err
		}
		return r.skip(depth + 1)
	})
	if !ok {
		*p = nil
	}
	return err
}

func (r *stmtReader) score(depth int, p **xapi.Score) error {
	if *p == nil {
		*p = &xapi.Score{}
	}
	sc := *p
	opt := func(field string, dst **float64) error {
		f, ok, err := r.num(field)
		if ok {
			*dst = &f
		} else {
			*dst = nil
		}
		return err
	}
	ok, err := r.members("result.score", depth, func(key []byte) error {
		switch string(key) {
		case "scaled":
			f, ok, err := r.num("result.score.scaled")
			if ok {
				sc.Scaled = f
			}
			return err
		case "raw":
			return opt("result.score.raw", &sc.Raw)
		case "min":
			return opt("result.score.min", &sc.Min)
		case "max":
			return opt("result.score.max", &sc.Max)
		}
		return r.skip(depth + 1)
	})
	if !ok {
		*p = nil
	}
	return err
}

// context reads of a context the ids of contextActivities.other, which
// xAPI allows as one activity or a list of them.
func (r *stmtReader) context(depth int, other *[]xapi.Activity) error {
	_, err := r.members("context", depth, func(key []byte) error {
		if string(key) != "contextActivities" {
			return r.skip(depth + 1)
		}
		_, err := r.members("context.contextActivities", depth+1, func(key []byte) error {
			if string(key) != "other" {
				return r.skip(depth + 2)
			}
			c, ok, err := r.start("context.contextActivities.other", "{[", "an activity or a list of them")
			if !ok {
				*other = nil
				return err
			}
			*other = (*other)[:0]
			one := func(d int) error { // d: the depth of what holds the activity
				var id string
				err := r.idOf("context.contextActivities.other", d, &id)
				*other = append(*other, xapi.Activity{ID: id})
				return err
			}
			if c == '{' {
				return one(depth + 2)
			}
			return r.array(depth+3, func() error { return one(depth + 3) })
		})
		return err
	})
	return err
}

// timestamp reads an RFC 3339 time, in UTC.
func (r *stmtReader) timestamp(t *xapi.Timestamp) error {
	c, ok := r.space()
	if !ok {
		return r.eof("where a value was due")
	}
	if c != '"' {
		return r.errorf("timestamp is %s, not a time", kind(c))
	}
	raw, escaped, err := r.scanString(true)
	if err != nil {
		return err
	}
	s := decode(raw, escaped)
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return r.errorf("timestamp %q: %v", s, err)
	}
	t.Time = v.UTC()
	return nil
}
