package access

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Facts holds one applicant's input facts for a [Schema]: one typed slot per
// input field, each present or missing. Derived fields are not stored; they are
// computed at decision time.
//
// Setters check the kind, scale, allowed values and size of every value and
// return an [*InputError] naming the field instead of storing a bad one. A
// Facts is not safe for concurrent mutation; deciding it from several
// goroutines at once is safe as long as nobody sets values meanwhile.
//
// The zero value and a nil *Facts have no schema: setters refuse every value
// with [ErrNilFacts], Get finds nothing, and deciding them is an error.
type Facts struct {
	schema *Schema
	vals   []Value
	// ints and odd are vals in the form the scan of [Policy.DecideTo]
	// reads, kept by put: ints[i] is scanInt(vals[i]), and bit i of odd is
	// set when vals[i] has no int64 form (missing, or a decimal beyond
	// int64), so one mask test per policy replaces a test per rule.
	ints []uint64
	odd  []uint64 // shares ints's allocation, after it
}

// newFacts returns facts of n input fields, all missing.
func newFacts(s *Schema, n int) *Facts {
	f := &Facts{schema: s, vals: make([]Value, n)}
	f.ints, f.odd = scanForm(n)
	f.Reset()
	return f
}

// scanForm returns ints and odd for n input fields, in one allocation.
func scanForm(n int) (ints, odd []uint64) {
	b := make([]uint64, n+(n+63)/64)
	return b[:n:n], b[n:]
}

// put sets input field i to v, keeping the scan form.
func (f *Facts) put(i int, v Value) {
	f.vals[i] = v
	f.ints[i] = scanInt(&v)
	bit := uint64(1) << (i & 63)
	if v.k == kMissing || !v.fits && v.k != kString {
		f.odd[i>>6] |= bit
	} else {
		f.odd[i>>6] &^= bit
	}
}

// scanInt returns the int64 a range or mask test reads for v, as a uint64:
// v.i when it fits (int, bool, date, enum index, decimal coefficient at the
// field's scale), the key of a string (see strKey), 0 otherwise.
func scanInt(v *Value) uint64 {
	switch {
	case v.fits:
		return uint64(v.i)
	case v.k == kString:
		return strKey(v.s)
	}
	return 0
}

// strKey packs a string of at most 7 bytes into a uint64: its bytes, first
// byte lowest, and its length in the top byte. Distinct short strings get
// distinct keys; a longer string gets all ones, whose top byte (0xFF) is no
// short string's length, so it equals no short string's key.
func strKey(s string) uint64 {
	if len(s) > 7 {
		return math.MaxUint64
	}
	k := uint64(len(s)) << 56
	for j := range len(s) {
		k |= uint64(s[j]) << (8 * j)
	}
	return k
}

// NewFacts returns empty facts (every field missing) for the schema. A nil or
// zero Schema gives zero Facts, which refuse every value.
func (s *Schema) NewFacts() *Facts {
	if s.valid("s") != nil {
		return &Facts{}
	}
	return newFacts(s, s.nInput)
}

// Schema returns the schema the facts belong to (nil for nil or zero Facts).
func (f *Facts) Schema() *Schema {
	if f == nil {
		return nil
	}
	return f.schema
}

// slot finds the input field name of kind want (kMissing: any kind) for a
// value shown as text in errors.
func (f *Facts) slot(name string, want kcode, text func() string) (*field, int, error) {
	if f == nil || f.schema == nil {
		return nil, 0, &InputError{Field: "f", Err: ErrNilFacts}
	}
	i, ok := f.schema.index[name]
	if !ok || f.schema.fields[i].derived { // a derived field is computed, not set
		return nil, 0, &InputError{Field: cut(name), Err: ErrUnknownField}
	}
	fd := &f.schema.fields[i]
	if want != kMissing && fd.kind != want && !(want == kString && fd.kind == kEnum) {
		return nil, 0, &InputError{Field: name, Value: text(), Err: ErrKindMismatch}
	}
	return fd, i, nil
}

func noText() string { return "" }

// SetInt sets an int field. It returns an [*InputError] wrapping
// [ErrUnknownField], [ErrKindMismatch] or [ErrNilFacts] and leaves f
// unchanged on error.
func (f *Facts) SetInt(name string, v int64) error {
	_, i, err := f.slot(name, kInt, func() string { return strconv.FormatInt(v, 10) })
	if err != nil {
		return err
	}
	f.put(i, IntValue(v))
	return nil
}

// SetDecimal sets a decimal field, brought to the field's scale. A value with
// more fractional digits than the scale is refused with [ErrScale] (never
// rounded); one with more than 38 integer digits, an exponent outside
// [MinExponent]..[MaxExponent] or a coefficient of more than 155 digits with
// [ErrOverflow], checked before any rescaling. The error's Value shows the
// decimal in scientific notation when it is outside the exponent range.
// Cost: O(1), whatever v.
func (f *Facts) SetDecimal(name string, v decimal.Decimal) error {
	fd, i, err := f.slot(name, kDecimal, func() string { return decimalText(v) })
	if err != nil {
		return err
	}
	val, p := scaleDecimal(v, fd.scale)
	if p != nil {
		return &InputError{Field: name, Value: decimalText(v), Err: p.err}
	}
	f.put(i, val)
	return nil
}

// SetString sets a string or enum field. An enum value outside the allowed
// list is refused with [ErrNotAllowed]; a string longer than the schema's
// MaxStringLen with [ErrLimit]; invalid UTF-8 or a NUL character with
// [ErrInvalidString]. The error's Value is the text cut to 64 bytes, quoted.
func (f *Facts) SetString(name string, v string) error {
	text := func() string { return strconv.Quote(cut(v)) }
	fd, i, err := f.slot(name, kString, text)
	if err != nil {
		return err
	}
	val, p := stringValue(fd, v, f.schema.lim.MaxStringLen)
	if p != nil {
		return &InputError{Field: name, Value: text(), Err: p.err}
	}
	f.put(i, val)
	return nil
}

// SetBool sets a bool field.
func (f *Facts) SetBool(name string, v bool) error {
	_, i, err := f.slot(name, kBool, func() string { return strconv.FormatBool(v) })
	if err != nil {
		return err
	}
	f.put(i, BoolValue(v))
	return nil
}

// SetDate sets a date field to the civil date of t (year, month, day in t's
// location; the time of day is ignored). A year outside
// [MinDateYear]..[MaxDateYear] is refused with [ErrOverflow].
func (f *Facts) SetDate(name string, t time.Time) error {
	text := func() string { return t.Format(time.RFC3339) }
	_, i, err := f.slot(name, kDate, text)
	if err != nil {
		return err
	}
	val, p := dateValue(t)
	if p != nil {
		return &InputError{Field: name, Value: text(), Err: p.err}
	}
	f.put(i, val)
	return nil
}

// Unset makes a field missing.
func (f *Facts) Unset(name string) error {
	_, i, err := f.slot(name, kMissing, noText)
	if err != nil {
		return err
	}
	f.put(i, Value{})
	return nil
}

// Reset makes every field missing, keeping the storage for reuse. It does
// nothing on nil Facts.
func (f *Facts) Reset() {
	if f != nil {
		clear(f.vals)
		clear(f.ints)
		for w := range f.odd {
			f.odd[w] = ^uint64(0)
		}
	}
}

// Get returns the value of an input field (missing if unset) and whether the
// field exists (false for nil or zero Facts).
func (f *Facts) Get(name string) (Value, bool) {
	_, i, err := f.slot(name, kMissing, noText)
	if err != nil {
		return Value{}, false
	}
	return f.vals[i], true
}

// Clone returns an independent copy of f (nil for nil f).
func (f *Facts) Clone() *Facts {
	if f == nil {
		return nil
	}
	g := &Facts{schema: f.schema, vals: slices.Clone(f.vals)}
	g.ints, g.odd = scanForm(len(f.ints))
	copy(g.ints, f.ints)
	copy(g.odd, f.odd)
	return g
}

// DecodeFacts decodes a JSON object of facts into new Facts. Decoding is
// strict: numbers are read as exact decimals (never float64), JSON null means
// missing, and unknown or derived field names, duplicate keys, wrong kinds,
// int64 overflow, excess decimals, oversize documents and strings that are
// not valid UTF-8 text ([ErrInvalidString]: invalid bytes, lone UTF-16
// surrogate escapes such as "\ud800", NUL) are errors, never replaced by
// U+FFFD. Every bad field is reported, joined with [errors.Join] (at most
// [MaxErrors], then one saying how many more), each an [*InputError] naming
// the field with the offending JSON text cut to 64 bytes; a document that is
// not a JSON object of facts is an InputError for field "$" wrapping
// [ErrInvalidFact] or [ErrLimit]. A nil or zero s is an InputError wrapping
// [ErrNilSchema]. Cost: O(len(data)).
func (s *Schema) DecodeFacts(data []byte) (*Facts, error) {
	if err := s.valid("s"); err != nil {
		return nil, err
	}
	f := s.NewFacts()
	if err := f.decode(data); err != nil {
		return nil, err
	}
	return f, nil
}

// UnmarshalJSON replaces f's values with the JSON object data, decoded as by
// [Schema.DecodeFacts]; on error f is left unchanged. f must come from
// [Schema.NewFacts].
func (f *Facts) UnmarshalJSON(data []byte) error {
	if f == nil || f.schema == nil {
		return &InputError{Field: "f", Err: ErrNilFacts}
	}
	g := f.schema.NewFacts()
	if err := g.decode(data); err != nil {
		return err
	}
	f.vals, f.ints, f.odd = g.vals, g.ints, g.odd
	return nil
}

// unquote decodes a JSON string token.
func unquote(tok []byte) string {
	if bytes.IndexByte(tok, '\\') < 0 && utf8.Valid(tok) {
		return string(tok[1 : len(tok)-1])
	}
	var s string
	_ = json.Unmarshal(tok, &s) // the token is valid JSON
	return s
}

// MarshalJSON writes the present input facts as a JSON object in schema
// order: ints and bools as JSON literals, decimals (with all digits of their
// scale), strings, enums and dates as JSON strings. Missing facts are left out.
// [Schema.DecodeFacts] reads the result back to equal Facts. Nil or zero
// Facts give "{}".
func (f *Facts) MarshalJSON() ([]byte, error) {
	if f == nil || f.schema == nil {
		return []byte("{}"), nil
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for i, v := range f.vals {
		if !v.Present() {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(f.schema.fields[i].name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v.jsonValue())
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}
