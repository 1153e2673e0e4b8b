package access

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
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
// return a [*FactError] instead of storing a bad one. A Facts is not safe for
// concurrent mutation; deciding it from several goroutines at once is safe as
// long as nobody sets values meanwhile.
//
// The zero value has no schema and rejects every value; use [Schema.NewFacts].
type Facts struct {
	schema *Schema
	vals   []Value
}

// NewFacts returns empty facts (every field missing) for the schema.
func (s *Schema) NewFacts() *Facts {
	return &Facts{schema: s, vals: make([]Value, s.nInput)}
}

// Schema returns the schema the facts belong to (nil for the zero Facts).
func (f *Facts) Schema() *Schema { return f.schema }

func (f *Facts) slot(name string, want kcode) (*field, int, error) {
	if f.schema == nil {
		return nil, 0, &FactError{Field: name, Err: ErrSchemaMismatch, Detail: "facts not created by Schema.NewFacts"}
	}
	i, ok := f.schema.index[name]
	if !ok {
		return nil, 0, &FactError{Field: name, Err: ErrUnknownField}
	}
	fd := &f.schema.fields[i]
	if fd.derived {
		return nil, 0, &FactError{Field: name, Err: ErrUnknownField, Detail: "a derived field is computed, not set"}
	}
	if want != kMissing && fd.kind != want && !(want == kString && fd.kind == kEnum) {
		return nil, 0, &FactError{Field: name, Err: ErrKindMismatch, Detail: fmt.Sprintf("field is %s, value is %s", fd.kind.kind(), want.kind())}
	}
	return fd, i, nil
}

// SetInt sets an int field. It returns a [*FactError] wrapping
// [ErrUnknownField] or [ErrKindMismatch] and leaves f unchanged on error.
func (f *Facts) SetInt(name string, v int64) error {
	_, i, err := f.slot(name, kInt)
	if err != nil {
		return err
	}
	f.vals[i] = IntValue(v)
	return nil
}

// SetDecimal sets a decimal field, brought to the field's scale. A value with
// more fractional digits than the scale is refused with [ErrScale] (never
// rounded), one with more than 38 integer digits with [ErrOverflow].
func (f *Facts) SetDecimal(name string, v decimal.Decimal) error {
	fd, i, err := f.slot(name, kDecimal)
	if err != nil {
		return err
	}
	val, p := scaleDecimal(v, fd.scale)
	if p != nil {
		return &FactError{Field: name, Err: p.err, Detail: p.detail}
	}
	f.vals[i] = val
	return nil
}

// SetString sets a string or enum field. An enum value outside the allowed
// list is refused with [ErrNotAllowed]; a string longer than the schema's
// MaxStringLen with [ErrLimit]; invalid UTF-8 or a NUL character with
// [ErrInvalidString].
func (f *Facts) SetString(name string, v string) error {
	fd, i, err := f.slot(name, kString)
	if err != nil {
		return err
	}
	val, p := stringValue(fd, v, f.schema.lim.MaxStringLen)
	if p != nil {
		return &FactError{Field: name, Err: p.err, Detail: p.detail}
	}
	f.vals[i] = val
	return nil
}

// SetBool sets a bool field.
func (f *Facts) SetBool(name string, v bool) error {
	_, i, err := f.slot(name, kBool)
	if err != nil {
		return err
	}
	f.vals[i] = BoolValue(v)
	return nil
}

// SetDate sets a date field to the civil date of t (year, month, day in t's
// location; the time of day is ignored). A year outside
// [MinDateYear]..[MaxDateYear] is refused with [ErrOverflow].
func (f *Facts) SetDate(name string, t time.Time) error {
	_, i, err := f.slot(name, kDate)
	if err != nil {
		return err
	}
	val, p := dateValue(t)
	if p != nil {
		return &FactError{Field: name, Err: p.err, Detail: p.detail}
	}
	f.vals[i] = val
	return nil
}

// Unset makes a field missing.
func (f *Facts) Unset(name string) error {
	_, i, err := f.slot(name, kMissing)
	if err != nil {
		return err
	}
	f.vals[i] = Value{}
	return nil
}

// Reset makes every field missing, keeping the storage for reuse.
func (f *Facts) Reset() { clear(f.vals) }

// Get returns the value of an input field (missing if unset) and whether the
// field exists.
func (f *Facts) Get(name string) (Value, bool) {
	_, i, err := f.slot(name, kMissing)
	if err != nil {
		return Value{}, false
	}
	return f.vals[i], true
}

// Clone returns an independent copy of f.
func (f *Facts) Clone() *Facts {
	return &Facts{schema: f.schema, vals: slices.Clone(f.vals)}
}

// DecodeFacts decodes a JSON object of facts into new Facts. Decoding is
// strict: numbers are read as exact decimals (never float64), JSON null means
// missing, and unknown or derived field names, duplicate keys, wrong kinds,
// int64 overflow, excess decimals, oversize documents and strings that are
// not valid UTF-8 text ([ErrInvalidString]: invalid bytes, lone UTF-16
// surrogate escapes such as "\ud800", NUL) are errors, never replaced by
// U+FFFD. Every bad field is reported, joined with [errors.Join], each a
// [*FactError] naming the field.
func (s *Schema) DecodeFacts(data []byte) (*Facts, error) {
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
	if f.schema == nil {
		return &FactError{Field: "$", Err: ErrSchemaMismatch, Detail: "facts not created by Schema.NewFacts"}
	}
	g := f.schema.NewFacts()
	if err := g.decode(data); err != nil {
		return err
	}
	f.vals = g.vals
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
// [Schema.DecodeFacts] reads the result back to equal Facts.
func (f *Facts) MarshalJSON() ([]byte, error) {
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
