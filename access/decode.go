package access

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// maxJSONDepth is encoding/json's nesting limit, kept so that the same
// documents are valid here and there.
const maxJSONDepth = 10000

// decode reads a JSON object of facts into f in one pass over data, checking
// the JSON grammar (RFC 8259) as it goes; no generic tokens, maps or boxed
// values are made. The common values (ints, decimals of at most 18 digits,
// enums, bools, dates) are converted straight from their bytes; every other
// value, and every bad one, goes through decodeJSONValue, which writes the
// errors.
func (f *Facts) decode(data []byte) error {
	s := f.schema
	lim := s.lim
	if len(data) > lim.MaxDocumentBytes {
		return &InputError{Field: "$", Value: fmt.Sprintf("document of %d bytes, limit %d", len(data), lim.MaxDocumentBytes), Err: ErrLimit}
	}
	d := decoder{b: data}
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		d.value(0)
		if d.space(); d.bad || d.i != len(d.b) {
			return syntaxError(data)
		}
		return &InputError{Field: "$", Value: "not a JSON object", Err: ErrInvalidFact}
	}
	d.i++
	var errs []error
	more := 0
	add := func(err error) {
		if len(errs) < MaxErrors {
			errs = append(errs, err)
		} else {
			more++
		}
	}
	var seenBuf [128]bool
	seen := seenBuf[:min(len(f.vals), len(seenBuf))]
	if len(f.vals) > len(seenBuf) {
		seen = make([]bool, len(f.vals))
	}
	d.space()
	if d.peek() == '}' {
		d.i++
	} else {
		for !d.bad {
			key, kesc := d.str()
			d.space()
			d.expect(':')
			d.space()
			t := d.value(0)
			if d.bad {
				break
			}
			i, ok := 0, false
			if kesc {
				i, ok = s.index[unquote(key)]
			} else {
				i, ok = s.index[string(key[1:len(key)-1])] // no allocation
			}
			switch {
			case !ok || s.fields[i].derived:
				add(&InputError{Field: cut(unquote(key)), Err: ErrUnknownField})
			case seen[i]:
				add(&InputError{Field: s.fields[i].name, Err: ErrDuplicate})
			default:
				seen[i] = true
				fd := &s.fields[i]
				v, p := t.decode(fd, lim.MaxStringLen)
				if p != nil {
					add(&InputError{Field: fd.name, Value: valueText(t.text), Err: p.err})
				} else {
					f.put(i, v)
				}
			}
			d.space()
			if d.peek() == ',' {
				d.i++
				d.space()
				continue
			}
			d.expect('}')
			break
		}
	}
	if d.space(); d.bad || d.i != len(d.b) {
		return syntaxError(data)
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("access: %d more problems not listed: %w", more, ErrLimit))
	}
	return errors.Join(errs...)
}

// valueText is a JSON token shown in an error: cut to 64 bytes, and quoted
// in Go syntax when it is not valid UTF-8, so a message is always text.
func valueText(tok []byte) string {
	if s := cut(string(tok)); utf8.ValidString(s) {
		return s
	}
	return strconv.Quote(cut(string(tok)))
}

// syntaxError is the error for a document that is not valid JSON, with
// encoding/json's description of the first problem.
func syntaxError(data []byte) error {
	var x any
	detail := "invalid JSON"
	if err := json.Unmarshal(data, &x); err != nil {
		detail = err.Error()
	}
	return &InputError{Field: "$", Value: cut(strings.TrimPrefix(detail, "json: ")), Err: ErrInvalidFact}
}

// decoder is a validating cursor over a JSON document. After the first
// syntax error bad is set and the position is meaningless.
type decoder struct {
	b   []byte
	i   int
	bad bool
}

func (d *decoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

// peek returns the byte at the cursor, 0 at the end.
func (d *decoder) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *decoder) expect(c byte) {
	if d.peek() != c {
		d.bad = true
		return
	}
	d.i++
}

// token is one JSON value: its first byte tells its type; text is the
// literal or number, or the string token with its quotes.
type token struct {
	text []byte
	esc  bool // a string with escapes
}

// str reads a string token, quotes included, and reports whether it holds
// escapes.
func (d *decoder) str() (tok []byte, esc bool) {
	if d.peek() != '"' {
		d.bad = true
		return nil, false
	}
	start := d.i
	d.i++
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			return d.b[start:d.i], esc
		case c < 0x20:
			d.bad = true
			return nil, false
		case c == '\\':
			esc = true
			if d.i+1 >= len(d.b) {
				d.bad = true
				return nil, false
			}
			switch d.b[d.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.i += 2
			case 'u':
				if d.i+6 > len(d.b) {
					d.bad = true
					return nil, false
				}
				for _, h := range d.b[d.i+2 : d.i+6] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						d.bad = true
						return nil, false
					}
				}
				d.i += 6
			default:
				d.bad = true
				return nil, false
			}
		default:
			d.i++
		}
	}
	d.bad = true
	return nil, false
}

// digits skips one or more decimal digits.
func (d *decoder) digits() {
	start := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	if d.i == start {
		d.bad = true
	}
}

// number reads a number token: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decoder) number() []byte {
	start := d.i
	if d.peek() == '-' {
		d.i++
	}
	switch c := d.peek(); {
	case c == '0':
		d.i++
	case '1' <= c && c <= '9':
		d.digits()
	default:
		d.bad = true
		return nil
	}
	if d.peek() == '.' {
		d.i++
		d.digits()
	}
	if c := d.peek(); c == 'e' || c == 'E' {
		d.i++
		if c := d.peek(); c == '+' || c == '-' {
			d.i++
		}
		d.digits()
	}
	return d.b[start:d.i]
}

// literal reads the literal lit (true, false or null).
func (d *decoder) literal(lit string) []byte {
	if len(d.b)-d.i < len(lit) || string(d.b[d.i:d.i+len(lit)]) != lit {
		d.bad = true
		return nil
	}
	d.i += len(lit)
	return d.b[d.i-len(lit) : d.i]
}

// value reads any JSON value at nesting depth depth.
func (d *decoder) value(depth int) token {
	switch c := d.peek(); c {
	case '"':
		tok, esc := d.str()
		return token{text: tok, esc: esc}
	case 't':
		return token{text: d.literal("true")}
	case 'f':
		return token{text: d.literal("false")}
	case 'n':
		return token{text: d.literal("null")}
	case '[', '{':
		start := d.i
		if depth+1 > maxJSONDepth {
			d.bad = true
			return token{}
		}
		d.i++
		d.space()
		end := byte(']')
		if c == '{' {
			end = '}'
		}
		if d.peek() == end {
			d.i++
			return token{text: d.b[start:d.i]}
		}
		for !d.bad {
			if c == '{' {
				d.str()
				d.space()
				d.expect(':')
				d.space()
			}
			d.value(depth + 1)
			d.space()
			if d.peek() == ',' {
				d.i++
				d.space()
				continue
			}
			d.expect(end)
			break
		}
		return token{text: d.b[start:d.i]}
	}
	return token{text: d.number()}
}

// decode converts the token to a value of field fd.
func (t token) decode(fd *field, maxString int) (Value, *prob) {
	c := t.text[0]
	if c == 'n' {
		return Value{}, nil
	}
	switch {
	case fd.kind == kInt && (c == '-' || '0' <= c && c <= '9'):
		if v, ok := fastInt(t.text); ok {
			return v, nil
		}
	case fd.kind == kDecimal && (c == '-' || '0' <= c && c <= '9'):
		if v, ok := fastDecimal(t.text, fd.scale); ok {
			return v, nil
		}
	case fd.kind == kDecimal && c == '"' && !t.esc:
		if v, ok := fastDecimal(t.text[1:len(t.text)-1], fd.scale); ok {
			return v, nil
		}
	case fd.kind == kEnum && c == '"' && !t.esc:
		s := t.text[1 : len(t.text)-1]
		if len(s) <= maxString {
			for i, a := range fd.allowed {
				if a == string(s) { // no allocation
					return Value{k: kEnum, s: a, i: int64(i), fits: true}, nil
				}
			}
		}
	case fd.kind == kString && c == '"':
		str, p := stringToken(t.text)
		if p != nil {
			return Value{}, p
		}
		return stringValue(fd, str, maxString)
	case fd.kind == kBool && (c == 't' || c == 'f'):
		return BoolValue(c == 't'), nil
	case fd.kind == kDate && c == '"' && !t.esc:
		if v, ok := fastDate(t.text[1 : len(t.text)-1]); ok {
			return v, nil
		}
	}
	if fd.kind == kEnum && c == '"' {
		str, p := stringToken(t.text)
		if p != nil {
			return Value{}, p
		}
		return stringValue(fd, str, maxString)
	}
	return decodeJSONValue(fd, t.boxed(), maxString)
}

// stringToken decodes a JSON string token, refusing what encoding/json would
// silently replace by U+FFFD: invalid UTF-8 bytes and lone UTF-16 surrogate
// escapes (RFC 8259, section 8.2).
func stringToken(tok []byte) (string, *prob) {
	if !utf8.Valid(tok) {
		if p := checkText(string(tok[1 : len(tok)-1])); p != nil {
			return "", p
		}
	}
	if bytes.IndexByte(tok, '\\') >= 0 {
		if u := loneSurrogate(tok); u != "" {
			return "", &prob{ErrInvalidString, "lone UTF-16 surrogate " + u}
		}
	}
	return unquote(tok), nil
}

// loneSurrogate returns the first \uXXXX escape of a JSON string token, or of
// a whole JSON value, that is a UTF-16 surrogate outside a high-low pair, or
// "". Malformed escapes are left to the JSON syntax check.
func loneSurrogate(tok []byte) string {
	hex4 := func(b []byte) rune {
		var r rune
		for _, c := range b {
			switch {
			case c <= '9':
				c -= '0'
			case c <= 'F':
				c -= 'A' - 10
			default:
				c -= 'a' - 10
			}
			r = r<<4 | rune(c)
		}
		return r
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] != '\\' {
			continue
		}
		i++ // the escaped character
		if i >= len(tok) || tok[i] != 'u' {
			continue
		}
		if i+5 > len(tok) { // a truncated escape: a syntax error, reported elsewhere
			return ""
		}
		switch r := hex4(tok[i+1 : i+5]); {
		case 0xD800 <= r && r < 0xDC00:
			if i+11 <= len(tok) && tok[i+5] == '\\' && tok[i+6] == 'u' {
				if r2 := hex4(tok[i+7 : i+11]); 0xDC00 <= r2 && r2 < 0xE000 {
					i += 10
					continue
				}
			}
			return string(tok[i-1 : i+5])
		case 0xDC00 <= r && r < 0xE000:
			return string(tok[i-1 : i+5])
		}
		i += 4
	}
	return ""
}

// boxed returns the token as encoding/json with UseNumber would decode it;
// arrays and objects come back empty, since no field kind accepts them.
func (t token) boxed() any {
	switch t.text[0] {
	case '"':
		return unquote(t.text)
	case 't':
		return true
	case 'f':
		return false
	case 'n':
		return nil
	case '[':
		return []any{}
	case '{':
		return map[string]any{}
	}
	return json.Number(t.text)
}

// fastInt parses an integer number token of at most 18 digits (which cannot
// overflow int64); ok is false for any other text.
func fastInt(b []byte) (Value, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return Value{}, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return Value{}, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return IntValue(n), true
}

// fastDecimal parses plain decimal text, -?(0|[1-9][0-9]*)(.[0-9]+)?, at
// the given scale when its coefficient at that scale has at most 18 digits;
// extra fractional zeros are accepted as parseDecimal accepts them. ok is
// false for any other text (exponents, more digits, excess decimals), which
// parseDecimal then decides.
func fastDecimal(b []byte, scale int32) (Value, bool) {
	if len(b) == 0 || len(b) > maxNumberText {
		return Value{}, false
	}
	j, neg := 0, b[0] == '-'
	if neg {
		j++
	}
	start := j
	var c int64
	digits := 0
	for ; j < len(b) && '0' <= b[j] && b[j] <= '9'; j++ {
		if digits == 18 {
			return Value{}, false
		}
		c = c*10 + int64(b[j]-'0')
		if c != 0 {
			digits++
		}
	}
	if j == start || b[start] == '0' && j-start > 1 {
		return Value{}, false
	}
	frac := int32(0)
	if j < len(b) && b[j] == '.' {
		j++
		fs := j
		for ; j < len(b) && '0' <= b[j] && b[j] <= '9'; j++ {
			switch {
			case frac < scale:
				if digits == 18 {
					return Value{}, false
				}
				c = c*10 + int64(b[j]-'0')
				frac++
				if c != 0 {
					digits++
				}
			case b[j] != '0':
				return Value{}, false // excess decimals: an error parseDecimal words
			}
		}
		if j == fs {
			return Value{}, false
		}
	}
	if j != len(b) {
		return Value{}, false
	}
	for ; frac < scale; frac++ {
		if digits == 18 {
			return Value{}, false
		}
		c *= 10
		if c != 0 {
			digits++
		}
	}
	if neg {
		c = -c
	}
	return Value{k: kDecimal, fits: true, i: c, d: decimal.New(c, -scale)}, true
}

// fastDate parses a valid date written YYYY-MM-DD; ok is false for any other
// text, which time.Parse then words.
func fastDate(b []byte) (Value, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return Value{}, false
	}
	num := func(s []byte) int {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, dd := num(b[:4]), num(b[5:7]), num(b[8:])
	if y < MinDateYear || m < 1 || m > 12 || dd < 1 { // year 0 gets its error from decodeJSONValue
		return Value{}, false
	}
	t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
	if t.Day() != dd { // beyond the month's last day
		return Value{}, false
	}
	return DateValue(t), true
}
