package ecl

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error returned by this package wraps one of them, so callers branch
// with [errors.Is] and read the location with [errors.As] on [*InputError] or [*SpecError].
var (
	// ErrProbability reports a probability or fraction (PD, LGD, CCF, haircut, prepayment
	// rate, scenario weight, loss rate) outside [0, 1], or NaN.
	ErrProbability = errors.New("ecl: probability outside [0, 1]")
	// ErrCumulative reports a cumulative PD curve that falls, or marginal PDs summing above 1.
	ErrCumulative = errors.New("ecl: cumulative PD decreases or exceeds 1")
	// ErrWeights reports scenario weights that do not sum to 1 (within 1e-9), or no scenario.
	ErrWeights = errors.New("ecl: scenario weights do not sum to 1")
	// ErrAmount reports a money amount that is negative, or beyond ±10¹³ currency units.
	ErrAmount = errors.New("ecl: amount negative or out of range")
	// ErrRate reports an interest rate (EIR or contractual) at or below -100 %, above
	// [MaxRate], or not finite.
	ErrRate = errors.New("ecl: rate not finite or outside (-100 %, 1000 %]")
	// ErrNotAmortising reports a payment schedule that leaves more than half a cent per
	// period of the balance unpaid, or overpays it by as much.
	ErrNotAmortising = errors.New("ecl: payments do not amortise the balance")
	// ErrPeriods reports a period count outside [1, MaxPeriods], a grid other than 1, 2, 4
	// or 12 periods a year, a curve shorter than the horizon, or slices of unequal length.
	ErrPeriods = errors.New("ecl: periods out of range or mismatched")
	// ErrMatrix reports a migration matrix that is not square, not row-stochastic, or whose
	// last (default) state is not absorbing.
	ErrMatrix = errors.New("ecl: invalid migration matrix")
	// ErrMatured reports a reporting date at or after the contract's maturity.
	ErrMatured = errors.New("ecl: reporting date after maturity")
	// ErrValue reports any other out-of-domain value: an unknown enumeration value, a
	// non-finite number, a negative day count, a duplicate identifier.
	ErrValue = errors.New("ecl: value out of domain")
	// ErrInvalidSpec reports a document (staging policy, provision matrix) that does not
	// load or compile; see [*SpecError].
	ErrInvalidSpec = errors.New("ecl: invalid spec")
	// ErrSpecTooLarge reports a document longer than [MaxDocumentBytes].
	ErrSpecTooLarge = errors.New("ecl: document too large")
	// ErrReconcile reports an allowance movement table whose columns do not reconcile; it
	// signals a defect of this package and is never expected.
	ErrReconcile = errors.New("ecl: allowance movement does not reconcile")
)

// InputError locates a bad per-call input. Field names the exposure, scenario, period or
// element at fault, such as `exposures[L-17].pd[11]` (the exposure's ID in brackets, then
// the 0-based period index, so pd[11] is period 12) or "scenarios[2].weight". Value is the
// offending value as text, at most 64 bytes; Err is the sentinel.
type InputError struct {
	Field string // e.g. "exposures[L-17].lgd.perPeriod[3]", "scenarios[1].weight"
	Value string // offending value, formatted; may be empty
	Err   error  // sentinel, such as [ErrProbability]
}

// Error returns "ecl: <field> = <value>: <sentinel text>".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("ecl: ")
	b.WriteString(e.Field)
	if e.Value != "" {
		b.WriteString(" = ")
		b.WriteString(e.Value)
	}
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(errText(e.Err), "ecl: "))
	return b.String()
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// SpecError locates one defect of a document. Path is "$" for the document as a whole, else
// JSON member names and indices such as "buckets[3].lossRate". Err is the specific sentinel
// ([ErrInvalidSpec] when nothing more specific applies, [ErrSpecTooLarge] for size), Msg the
// detail (may be empty). errors.Is matches both Err and [ErrInvalidSpec].
type SpecError struct {
	Path string
	Err  error
	Msg  string
}

// Error returns "ecl: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	s := "ecl: " + e.Path + ": " + strings.TrimPrefix(errText(e.Err), "ecl: ")
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the specific sentinel.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec], so every SpecError matches it.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

func errText(err error) string {
	if err == nil {
		return "error"
	}
	return err.Error()
}

const maxValueText = 64

func cut(s string) string {
	if len(s) > maxValueText {
		return s[:maxValueText] + "…"
	}
	return s
}

func fval(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// dval formats a decimal without expanding huge exponents.
func dval(d decimal.Decimal) string {
	if d.Exponent() > 20 || d.Exponent() < -20 || d.NumDigits() > 40 {
		c := d.Coefficient().String()
		return cut(c) + "e" + strconv.Itoa(int(d.Exponent()))
	}
	return cut(d.String())
}

func inputErr(field, value string, err error) *InputError {
	return &InputError{Field: field, Value: cut(value), Err: err}
}

func idx(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }
