package access

import (
	"math"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// DerivedSpec declares a derived fact: a field whose value is computed at
// decision time from the input fields named in Inputs, by a built-in
// [Formula] named in the document or by a host [DeriveFunc].
//
// With a built-in formula (ratio, difference, date-difference) the document
// alone defines the fact and Func must be nil. ZeroCode, for ratio only, is
// the missing code of a zero denominator (default [CodeDenominatorZero]).
// With formula "custom" (the zero value, which a document may leave out) the
// host attaches Func after [ParseSchema] and before [CompileSchema]; Func is
// not serialised, since a function has no JSON form.
//
// The zero value is invalid.
type DerivedSpec struct {
	FieldSpec
	Formula  Formula    `json:"formula,omitzero"`
	Inputs   []string   `json:"inputs"`
	ZeroCode ReasonCode `json:"zeroCode,omitempty"`
	Func     DeriveFunc `json:"-"` // host code for formula custom, attached after loading the JSON
}

// Formula names how a derived fact is computed. The built-ins take two
// inputs, a and b, in the order of [DerivedSpec.Inputs]; a missing input
// makes the fact missing (with the input's missing code), and a result the
// field cannot hold makes it missing with [CodeDerivedInvalid]:
//
//	ratio            a / b, rounded half away from zero to the field's scale
//	                 (decimal.DivRound); a, b int or decimal; field decimal;
//	                 b = 0 gives MissingValue(ZeroCode), never ±Inf
//	difference       a − b, exact; a, b int or decimal; field int when both
//	                 are ints, else decimal with a scale no smaller than the
//	                 inputs' scales
//	date-difference  days from date b to date a (a − b, negative when a is
//	                 earlier), exact in the proleptic Gregorian calendar;
//	                 a, b date; field int (days)
//
// FormulaCustom (text "custom"), the zero value, is the host's [DeriveFunc].
//
// References:
//   - ISO 8601-1:2019, section 4.3.2: the proleptic Gregorian calendar of the
//     date difference.
type Formula uint8

// The formulas.
const (
	FormulaCustom         Formula = iota // "custom": the host's DeriveFunc
	FormulaRatio                         // "ratio"
	FormulaDifference                    // "difference"
	FormulaDateDifference                // "date-difference"
)

var formulaNames = enum.Names[Formula]{"custom", "ratio", "difference", "date-difference"}

// String returns the formula's text, or "Formula(n)" for an invalid value.
func (f Formula) String() string { return formulaNames.String(f) }

// IsValid reports whether f is one of the formulas.
func (f Formula) IsValid() bool { return formulaNames.Valid(f) }

// MarshalText returns the formula's text; an invalid value is an error.
func (f Formula) MarshalText() ([]byte, error) { return formulaNames.Marshal(f) }

// UnmarshalText sets f to the formula named text, or returns an error listing the valid names.
func (f *Formula) UnmarshalText(text []byte) error { return formulaNames.Unmarshal(f, text) }

// DeriveFunc computes a custom derived fact from its inputs, given in the
// order of [DerivedSpec.Inputs] (each possibly missing). It must be a pure
// function: no I/O, no globals, safe for concurrent use.
//
// It returns a value of the derived field's kind with at most the field's
// scale of fractional digits (a string as valid UTF-8 without NUL, a date in
// years [MinDateYear]..[MaxDateYear]), or [MissingValue] with a code when the
// fact cannot be computed, as for a zero denominator. Any other result makes
// the fact missing with code [CodeDerivedInvalid]; the engine never rounds.
// The args slice is reused between calls and must not be retained.
type DeriveFunc func(args []Value) Value

// Built-in missing codes of derived facts.
const (
	// CodeDerivedInvalid is the missing code of a derived fact whose formula
	// gave a value the field cannot hold: of the wrong kind, with more decimals
	// than the field's scale, or out of range.
	CodeDerivedInvalid ReasonCode = "derived-value-invalid"
	// CodeDenominatorZero is the default missing code of a ratio whose
	// denominator is zero.
	CodeDenominatorZero ReasonCode = "denominator-zero"
)

// derivedProblem is a problem of a derived field's formula: the member it
// concerns (".formula", ".inputs", ...), a sentinel and a message.
type derivedProblem struct {
	member string
	err    error
	msg    string
}

// builtin checks the formula of derived field ds, whose compiled form f has
// its input slots resolved (inputsOK) among fields, and returns its function.
func builtin(ds DerivedSpec, f *field, fields []field, inputsOK bool) (DeriveFunc, []derivedProblem) {
	var ps []derivedProblem
	bad := func(member string, err error, msg string) { ps = append(ps, derivedProblem{member, err, msg}) }
	if !ds.Formula.IsValid() {
		bad(".formula", ErrInvalidSpec, "unknown formula "+ds.Formula.String())
		return nil, ps
	}
	if ds.ZeroCode != "" && ds.Formula != FormulaRatio {
		bad(".zeroCode", ErrInvalidSpec, "zeroCode is for formula ratio only")
	}
	if len(ds.ZeroCode) > maxCodeLen {
		bad(".zeroCode", ErrLimit, "zeroCode longer than 64 bytes")
	}
	if ds.Formula == FormulaCustom {
		if ds.Func == nil {
			bad(".formula", ErrMissingValue, "no formula: name a built-in (ratio, difference, date-difference) or attach a DeriveFunc")
		}
		return ds.Func, ps
	}
	if ds.Func != nil {
		bad(".formula", ErrInvalidSpec, "formula "+ds.Formula.String()+" is built in: Func must be nil")
	}
	if len(ds.Inputs) != 2 {
		bad(".inputs", ErrInvalidSpec, "formula "+ds.Formula.String()+" takes two inputs")
		return nil, ps
	}
	if !inputsOK || f.kind == kMissing {
		return nil, ps
	}
	a, b := &fields[f.inputs[0]], &fields[f.inputs[1]]
	numeric := func(k kcode) bool { return k == kInt || k == kDecimal }
	switch ds.Formula {
	case FormulaRatio:
		if !numeric(a.kind) || !numeric(b.kind) {
			bad(".inputs", ErrKindMismatch, "ratio needs int or decimal inputs")
		}
		if f.kind != kDecimal {
			bad(".kind", ErrKindMismatch, "a ratio is a decimal field")
		}
		code := ds.ZeroCode
		if code == "" {
			code = CodeDenominatorZero
		}
		return ratioFunc(f.scale, code), ps
	case FormulaDifference:
		if !numeric(a.kind) || !numeric(b.kind) {
			bad(".inputs", ErrKindMismatch, "difference needs int or decimal inputs")
			return nil, ps
		}
		switch {
		case a.kind == kInt && b.kind == kInt && f.kind != kInt:
			bad(".kind", ErrKindMismatch, "the difference of two ints is an int field")
		case (a.kind == kDecimal || b.kind == kDecimal) && f.kind != kDecimal:
			bad(".kind", ErrKindMismatch, "the difference of decimals is a decimal field")
		case f.kind == kDecimal && (f.scale < a.scale || f.scale < b.scale):
			bad(".scale", ErrScale, "the difference needs the inputs' largest scale")
		}
		return difference, ps
	default: // FormulaDateDifference
		if a.kind != kDate || b.kind != kDate {
			bad(".inputs", ErrKindMismatch, "date-difference needs date inputs")
		}
		if f.kind != kInt {
			bad(".kind", ErrKindMismatch, "a date difference is an int field (days)")
		}
		return dateDifference, ps
	}
}

// maxCodeLen bounds a built-in formula's zeroCode.
const maxCodeLen = 64

// present2 returns the first missing argument of a two-input formula.
func present2(args []Value) (Value, bool) {
	if len(args) != 2 {
		return MissingValue(CodeDerivedInvalid), false
	}
	if !args[0].Present() {
		return args[0], false
	}
	if !args[1].Present() {
		return args[1], false
	}
	return Value{}, true
}

// asDecimal returns an int or decimal value as a decimal.
func asDecimal(v *Value) decimal.Decimal {
	if v.k == kInt {
		return decimal.New(v.i, 0)
	}
	return v.d
}

// ratioFunc is formula ratio at the given scale (0..maxScale): a / b rounded
// half away from zero (decimal.DivRound), zeroCode when b is zero.
func ratioFunc(scale int32, zeroCode ReasonCode) DeriveFunc {
	return func(args []Value) Value {
		if m, ok := present2(args); !ok {
			return m
		}
		num, den := &args[0], &args[1]
		if (num.k != kDecimal && num.k != kInt) || (den.k != kDecimal && den.k != kInt) {
			return MissingValue(CodeDerivedInvalid)
		}
		d := asDecimal(den)
		if d.Sign() == 0 {
			return MissingValue(zeroCode)
		}
		return DecimalValue(asDecimal(num).DivRound(d, scale))
	}
}

// difference is formula difference: a − b, exact (an int result that would
// overflow int64 is CodeDerivedInvalid).
func difference(args []Value) Value {
	if m, ok := present2(args); !ok {
		return m
	}
	a, b := &args[0], &args[1]
	if a.k == kInt && b.k == kInt {
		if b.i > 0 && a.i < math.MinInt64+b.i || b.i < 0 && a.i > math.MaxInt64+b.i {
			return MissingValue(CodeDerivedInvalid)
		}
		return IntValue(a.i - b.i)
	}
	if (a.k != kDecimal && a.k != kInt) || (b.k != kDecimal && b.k != kInt) {
		return MissingValue(CodeDerivedInvalid)
	}
	return DecimalValue(asDecimal(a).Sub(asDecimal(b)))
}

// dateDifference is formula date-difference: the days from b to a. Dates are
// held as days since 1970-01-01 within years 1..9999, so a − b cannot
// overflow.
func dateDifference(args []Value) Value {
	if m, ok := present2(args); !ok {
		return m
	}
	a, b := &args[0], &args[1]
	if a.k != kDate || b.k != kDate {
		return MissingValue(CodeDerivedInvalid)
	}
	return IntValue(a.i - b.i)
}
