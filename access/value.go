package access

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// FieldKind is the type of a fact. The set is closed; comparisons never cross
// kinds (an int never equals a string, a decimal is never compared with a
// float). Text: "int", "decimal", "string", "enum", "bool", "date".
//
// The zero value is invalid (it is the kind of a missing [Value]) and has no
// text form: [CompileSchema] rejects it.
type FieldKind uint8

// The kinds a field may have.
const (
	FieldKindInt     FieldKind = iota + 1 // signed 64-bit integer, exact beyond 2^53
	FieldKindDecimal                      // exact decimal with a fixed scale (number of fractional digits)
	FieldKindString                       // free text, compared for equality only
	FieldKindEnum                         // one of the field's allowed strings
	FieldKindBool                         // true or false
	FieldKindDate                         // civil date in years 1..9999, written "YYYY-MM-DD"
)

var fieldKindNames = enum.Names[FieldKind]{"", "int", "decimal", "string", "enum", "bool", "date"}

// String returns the kind's text, or "FieldKind(n)" for the zero or an invalid value.
func (k FieldKind) String() string { return fieldKindNames.String(k) }

// IsValid reports whether k is one of the kinds.
func (k FieldKind) IsValid() bool { return fieldKindNames.Valid(k) }

// MarshalText returns the kind's text; the zero or an invalid value is an error.
func (k FieldKind) MarshalText() ([]byte, error) { return fieldKindNames.Marshal(k) }

// UnmarshalText sets k to the kind named text, or returns an error listing the valid names.
func (k *FieldKind) UnmarshalText(text []byte) error { return fieldKindNames.Unmarshal(k, text) }

// The date domain: a date fact or literal outside these years is refused with
// [ErrOverflow] by [Facts.SetDate], [Schema.DecodeFacts] and [CompilePolicy] alike,
// so every accepted date marshals to "YYYY-MM-DD" and reads back.
const (
	MinDateYear = 1
	MaxDateYear = 9999
)

// The date domain in the stored form, days since 1970-01-01.
const (
	minDateDays = -719162 // 0001-01-01
	maxDateDays = 2932896 // 9999-12-31
)

// kcode is the kind of a stored value; kMissing marks a missing one.
type kcode = FieldKind

const (
	kMissing kcode = 0
	kInt           = FieldKindInt
	kDecimal       = FieldKindDecimal
	kString        = FieldKindString
	kEnum          = FieldKindEnum
	kBool          = FieldKindBool
	kDate          = FieldKindDate
)

const (
	maxScale         = 18 // largest decimal scale a field may declare
	maxIntegerDigits = 38 // largest number of integer digits of a decimal fact
	maxNumberText    = 80 // longest accepted text of a number literal
)

// Value is one fact value: a tagged union of the kinds, or missing. Decimals
// are held at their field's scale, so two decimals of one field compare
// without rescaling.
//
// The zero value is missing without a code. Values are immutable and may be
// copied freely.
type Value struct {
	k    kcode
	fits bool            // i holds the value exactly: int, bool, date, enum, decimal within int64
	i    int64           // int; bool as 0/1; date as days since 1970-01-01; small decimal coefficient; enum index
	s    string          // string and enum text; missing code when k == kMissing
	d    decimal.Decimal // decimal at the field's scale
}

// IntValue returns an int value.
func IntValue(v int64) Value { return Value{k: kInt, i: v, fits: true} }

// DecimalValue returns a decimal value. The value is brought to the field's
// scale when it is set or returned by a [DeriveFunc]; more fractional digits
// than the scale are an error there, never rounded.
func DecimalValue(v decimal.Decimal) Value { return Value{k: kDecimal, d: v} }

// StringValue returns a string value; it is also the form of enum values.
func StringValue(v string) Value { return Value{k: kString, s: v} }

// BoolValue returns a bool value.
func BoolValue(v bool) Value {
	if v {
		return Value{k: kBool, i: 1, fits: true}
	}
	return Value{k: kBool, fits: true}
}

// DateValue returns the civil date of t (year, month and day in t's location).
func DateValue(t time.Time) Value { return Value{k: kDate, i: civilDays(t), fits: true} }

// MissingValue returns a missing value carrying code, the reason it is missing
// (for example "DEBT_RATIO_DENOMINATOR_ZERO"). Derived fields return it when
// they cannot be computed.
func MissingValue(code ReasonCode) Value { return Value{s: string(code)} }

// Present reports whether v holds a value.
func (v Value) Present() bool { return v.k != kMissing }

// Kind returns v's kind, or the zero FieldKind when v is missing.
func (v Value) Kind() FieldKind { return v.k }

// MissingCode returns the code of a missing value ("" when none was given or v
// is present).
func (v Value) MissingCode() ReasonCode {
	if v.k != kMissing {
		return ""
	}
	return ReasonCode(v.s)
}

// Int returns the int held by v, or 0 if v is not an int.
func (v Value) Int() int64 {
	if v.k != kInt {
		return 0
	}
	return v.i
}

// Decimal returns the decimal held by v, or zero if v is not a decimal.
func (v Value) Decimal() decimal.Decimal {
	if v.k != kDecimal {
		return decimal.Decimal{}
	}
	return v.d
}

// Text returns the string or enum value held by v, or "" otherwise.
func (v Value) Text() string {
	if v.k != kString && v.k != kEnum {
		return ""
	}
	return v.s
}

// Bool returns the bool held by v, or false otherwise.
func (v Value) Bool() bool { return v.k == kBool && v.i != 0 }

// Date returns the date held by v at midnight UTC, or the zero time otherwise.
func (v Value) Date() time.Time {
	if v.k != kDate {
		return time.Time{}
	}
	return time.Unix(v.i*86400, 0).UTC()
}

// String formats v as it appears in reasons: ints in decimal, decimals with
// all the digits of their scale ("0.7000"), dates as YYYY-MM-DD, and "missing"
// (with the code in parentheses, when there is one) for a missing value.
func (v Value) String() string {
	switch v.k {
	case kInt:
		return strconv.FormatInt(v.i, 10)
	case kDecimal:
		return v.d.StringFixed(-v.d.Exponent())
	case kString, kEnum:
		return v.s
	case kBool:
		return strconv.FormatBool(v.i != 0)
	case kDate:
		return v.Date().Format(time.DateOnly)
	}
	if v.s != "" {
		return "missing (" + v.s + ")"
	}
	return "missing"
}

// jsonValue returns v in its JSON form: ints and bools as JSON literals,
// decimals, strings and dates as JSON strings, missing as null.
func (v Value) jsonValue() json.RawMessage {
	switch v.k {
	case kInt, kBool:
		return json.RawMessage(v.String())
	case kMissing:
		return json.RawMessage("null")
	}
	b, _ := json.Marshal(v.String())
	return b
}

// dateValue is DateValue for a date that must lie in the date domain.
func dateValue(t time.Time) (Value, *prob) {
	if y := t.Year(); y < MinDateYear || y > MaxDateYear {
		return Value{}, &prob{ErrOverflow, fmt.Sprintf("year %d outside %d..%d", y, MinDateYear, MaxDateYear)}
	}
	return DateValue(t), nil
}

func civilDays(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// compare returns -1, 0 or +1 for two present values of the same ordered kind.
func compare(a, b *Value) int {
	if a.k == kDecimal && !(a.fits && b.fits) {
		return a.d.Cmp(b.d)
	}
	switch {
	case a.i < b.i:
		return -1
	case a.i > b.i:
		return 1
	}
	return 0
}

// equal reports whether two present values of the same kind are equal.
func equal(a, b *Value) bool {
	switch a.k {
	case kString, kEnum:
		return a.s == b.s
	case kDecimal:
		if a.fits && b.fits {
			return a.i == b.i
		}
		return a.d.Cmp(b.d) == 0
	}
	return a.i == b.i
}

// The exponent range of decimal facts and literals: a decimal.Decimal whose
// Exponent lies outside MinExponent..MaxExponent, or whose coefficient has
// more than 155 digits, is refused with [ErrOverflow] before any rescaling,
// so no value built in Go can make a setter or a derived fact allocate or
// print without bound. Every value a field can hold (at most 38 integer
// digits and 18 decimals) has a representation in this range.
const (
	MinExponent   = -100
	MaxExponent   = 100
	maxCoefDigits = 155
)

// checkDecimal refuses a decimal outside the exponent range or with a huge
// coefficient, without copying or printing the coefficient (no allocation
// for a coefficient within int64).
func checkDecimal(d decimal.Decimal) *prob {
	if e := d.Exponent(); e < MinExponent || e > MaxExponent {
		return &prob{ErrOverflow, fmt.Sprintf("exponent %d outside %d..%d", e, MinExponent, MaxExponent)}
	}
	if n := d.NumDigits(); n > maxCoefDigits {
		return &prob{ErrOverflow, fmt.Sprintf("coefficient of %d digits, limit %d", n, maxCoefDigits)}
	}
	return nil
}

// decimalText writes d for an error message: plainly when it is in the
// exponent range, else in scientific notation ("1e-2147483648"), never
// expanded, and at most about 170 bytes.
func decimalText(d decimal.Decimal) string {
	if checkDecimal(d) == nil {
		return d.String()
	}
	if n := d.NumDigits(); n > maxCoefDigits {
		return fmt.Sprintf("(%d-digit coefficient)e%d", n, d.Exponent())
	}
	return d.Coefficient().String() + "e" + strconv.FormatInt(int64(d.Exponent()), 10)
}

// scaleDecimal brings d to exactly scale fractional digits. It fails with
// ErrOverflow when d is outside the exponent range or has more than
// maxIntegerDigits integer digits, and with ErrScale when it would need
// rounding. Cost: O(1) words, since the range bounds every big.Int.
func scaleDecimal(d decimal.Decimal, scale int32) (Value, *prob) {
	if p := checkDecimal(d); p != nil {
		return Value{}, p
	}
	exp := d.Exponent()
	if d.Sign() == 0 {
		z := decimal.New(0, -scale)
		return Value{k: kDecimal, fits: true, d: z}, nil
	}
	nd := d.NumDigits()
	if int64(nd)+int64(exp) > maxIntegerDigits {
		return Value{}, &prob{ErrOverflow, fmt.Sprintf("more than %d integer digits", maxIntegerDigits)}
	}
	if exp == -scale && nd <= 18 {
		c := d.CoefficientInt64()
		return Value{k: kDecimal, fits: true, i: c, d: d}, nil
	}
	coef := d.Coefficient()
	switch shift := int64(exp) + int64(scale); {
	case shift > 0:
		coef.Mul(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(shift), nil))
	case shift < 0:
		if -shift > int64(nd) {
			return Value{}, &prob{ErrScale, fmt.Sprintf("%s has more than %d decimals", decimalText(d), scale)}
		}
		q, r := new(big.Int).QuoRem(coef, new(big.Int).Exp(big.NewInt(10), big.NewInt(-shift), nil), new(big.Int))
		if r.Sign() != 0 {
			return Value{}, &prob{ErrScale, fmt.Sprintf("%s has more than %d decimals", decimalText(d), scale)}
		}
		coef = q
	}
	v := Value{k: kDecimal, d: decimal.NewFromBigInt(coef, -scale)}
	if coef.IsInt64() {
		v.fits, v.i = true, coef.Int64()
	}
	return v, nil
}

// decodeJSONValue decodes one JSON scalar, already unmarshalled with
// UseNumber, against a field. It returns the value or a sentinel and detail.
// JSON null gives a missing value.
func decodeJSONValue(fd *field, x any, maxString int) (Value, *prob) {
	if x == nil {
		return Value{}, nil
	}
	switch fd.kind {
	case kInt:
		n, ok := x.(json.Number)
		if !ok {
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("want an integer number, got %s", jsonType(x))}
		}
		return parseInt(string(n))
	case kDecimal:
		var text string
		switch t := x.(type) {
		case json.Number:
			text = string(t)
		case string:
			text = t
		default:
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("want a decimal (number or string), got %s", jsonType(x))}
		}
		return parseDecimal(text, fd.scale)
	case kString, kEnum:
		s, ok := x.(string)
		if !ok {
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("want a string, got %s", jsonType(x))}
		}
		return stringValue(fd, s, maxString)
	case kBool:
		b, ok := x.(bool)
		if !ok {
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("want true or false, got %s", jsonType(x))}
		}
		return BoolValue(b), nil
	case kDate:
		s, ok := x.(string)
		if !ok {
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("want a date string YYYY-MM-DD, got %s", jsonType(x))}
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("%q is not a date YYYY-MM-DD", cut(s))}
		}
		return dateValue(t)
	}
	return Value{}, &prob{ErrKindMismatch, "field has no valid kind"}
}

// stringValue checks s against a string or enum field: its length, that it is
// valid UTF-8 without NUL, and for an enum that it is allowed.
func stringValue(fd *field, s string, maxString int) (Value, *prob) {
	if len(s) > maxString {
		return Value{}, &prob{ErrLimit, fmt.Sprintf("string of %d bytes, limit %d", len(s), maxString)}
	}
	if fd.kind == kEnum {
		for i, a := range fd.allowed {
			if a == s {
				return Value{k: kEnum, s: a, i: int64(i), fits: true}, nil
			}
		}
		if p := checkText(s); p != nil {
			return Value{}, p
		}
		return Value{}, &prob{ErrNotAllowed, fmt.Sprintf("%q is not one of %v", s, fd.allowed)}
	}
	if p := checkText(s); p != nil {
		return Value{}, p
	}
	return Value{k: kString, s: s}, nil
}

// checkText reports invalid UTF-8 or a NUL character in s.
func checkText(s string) *prob {
	if !utf8.ValidString(s) {
		for i, r := range s {
			if r == utf8.RuneError {
				if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
					return &prob{ErrInvalidString, fmt.Sprintf("invalid UTF-8 at byte %d", i)}
				}
			}
		}
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return &prob{ErrInvalidString, fmt.Sprintf("NUL character at byte %d", i)}
	}
	return nil
}

func parseInt(text string) (Value, *prob) {
	n, err := strconv.ParseInt(text, 10, 64)
	if err == nil {
		return IntValue(n), nil
	}
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return Value{}, &prob{ErrOverflow, fmt.Sprintf("%s does not fit in int64", cut(text))}
	}
	return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("%s is not an integer", cut(text))}
}

func parseDecimal(text string, scale int32) (Value, *prob) {
	if len(text) > maxNumberText {
		return Value{}, &prob{ErrLimit, fmt.Sprintf("number text of %d bytes, limit %d", len(text), maxNumberText)}
	}
	// Huge exponents are decided before parsing: the text is short, so a
	// non-zero mantissa with such an exponent is out of range or too precise.
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		if exp, err := strconv.ParseInt(text[i+1:], 10, 64); err == nil && (exp > MaxExponent || exp < MinExponent) {
			if strings.Trim(text[:i], "+-0.") == "" {
				return scaleDecimal(decimal.Decimal{}, scale)
			}
			if exp > 0 {
				return Value{}, &prob{ErrOverflow, fmt.Sprintf("%s is out of range", cut(text))}
			}
			return Value{}, &prob{ErrScale, fmt.Sprintf("%s has more than %d decimals", cut(text), scale)}
		}
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return Value{}, &prob{ErrKindMismatch, fmt.Sprintf("%q is not a decimal number", cut(text))}
	}
	return scaleDecimal(d, scale)
}

func jsonType(x any) string {
	switch x.(type) {
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case bool:
		return "a bool"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// prob is a problem found while decoding a value: a sentinel and a detail.
type prob struct {
	err    error
	detail string
}
