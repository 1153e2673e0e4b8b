package review

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error returned by this package wraps one of them, so callers branch
// with [errors.Is] and read the details with [errors.As] on [*InputError] or [*SpecError].
var (
	// ErrInvalidSpec reports a review document that cannot be compiled. Every [*SpecError]
	// matches it.
	ErrInvalidSpec = errors.New("review: invalid spec")
	// ErrLimit reports a document larger than [MaxSpecBytes], or an input longer than its
	// documented bound ([MaxAmounts], [MaxPeriods], [MaxLines], [MaxFirms], [MaxEdges]).
	ErrLimit = errors.New("review: size limit exceeded")
	// ErrDuplicate reports a repeated line name, period, source, firm id or related-party tie.
	ErrDuplicate = errors.New("review: duplicate")
	// ErrUnknown reports a line, source or firm the chart or network does not know, or an
	// enumeration value outside its type.
	ErrUnknown = errors.New("review: unknown name or value")
	// ErrAmount reports a money amount that is negative where it must not be or lies outside
	// ±[MaxAmount].
	ErrAmount = errors.New("review: amount negative or out of range")
	// ErrOrder reports periods that are not strictly increasing.
	ErrOrder = errors.New("review: periods out of order")
	// ErrTolerance reports a tolerance or band that is negative, not finite or inverted.
	ErrTolerance = errors.New("review: tolerance out of range")
	// ErrSelfGuarantee reports a guarantee whose guarantor is its borrower.
	ErrSelfGuarantee = errors.New("review: guarantee to oneself")
	// ErrSelfTie reports a related-party tie of a firm to itself.
	ErrSelfTie = errors.New("review: related-party tie to oneself")
	// ErrSmallSample reports a Benford test on fewer amounts than the minimum count, or with
	// amounts left out as below the digit range; the result is still returned, with a
	// [*BenfordWarning].
	ErrSmallSample = errors.New("review: sample too small or amounts left out")
	// ErrMissingValue reports a required member or argument that is absent or empty.
	ErrMissingValue = errors.New("review: missing value")
)

// SpecError is one defect of a review document. Path is "$" for the document as a whole, else
// JSON member names and indices such as "lines[3].parent"; Err is the specific sentinel
// ([ErrInvalidSpec] itself when nothing more specific applies) and Msg a detail, possibly
// empty. It matches both Err and [ErrInvalidSpec] with [errors.Is].
//
// The zero value is not meaningful; loaders create SpecErrors and join them with [errors.Join].
type SpecError struct {
	Path string
	Err  error
	Msg  string
}

// Error returns "review: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	s := "review: " + e.Path + ": " + trimPrefix(e.Err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the specific sentinel.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec]; every SpecError is one.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// InputError is a bad per-call input. Field names the argument or element at fault in its
// lowerCamel JSON spelling ("amounts[17]", "periods[2].lines.cash", "edges[5].borrower");
// Value is the offending value as text, at most 64 characters (decimals with huge exponents in
// scientific notation); Err the sentinel.
//
// The zero value is not meaningful.
type InputError struct {
	Field string
	Value string
	Err   error
}

// Error returns "review: <field> = <value>: <sentinel text>", without " = <value>" when Value
// is empty.
func (e *InputError) Error() string {
	s := "review: " + e.Field
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + trimPrefix(e.Err)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

func trimPrefix(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "review: ")
}

// decimalText formats d for an error message without expanding a huge exponent.
func decimalText(d decimal.Decimal) string {
	e := int(d.Exponent())
	if n := d.NumDigits(); n > 24 {
		sign := ""
		if d.IsNegative() {
			sign = "-"
		}
		return sign + "(" + strconv.Itoa(n) + "-digit coefficient)e" + strconv.Itoa(e)
	}
	if e < -40 || e > 40 {
		return d.Coefficient().String() + "e" + strconv.Itoa(e)
	}
	return cut(d.String())
}

// cut bounds text in error values at 64 bytes.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

func floatText(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func idx(prefix string, i int) string { return prefix + "[" + strconv.Itoa(i) + "]" }
