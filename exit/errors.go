package exit

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers branch with [errors.Is] and read the details with [errors.As] on
// [*InputError] or [*SpecError].
var (
	// ErrEAD reports an exposure at default that is zero or negative.
	ErrEAD = errors.New("exit: EAD must be positive")
	// ErrProbability reports a probability or fraction outside [0, 1], or NaN.
	ErrProbability = errors.New("exit: probability outside [0, 1]")
	// ErrProbabilitySum reports scenario probabilities that do not sum to 1.
	ErrProbabilitySum = errors.New("exit: scenario probabilities do not sum to 1")
	// ErrRate reports a per-year rate at or below -100 %, or not finite.
	ErrRate = errors.New("exit: rate must be finite and above -100 %")
	// ErrBeforeValuation reports a cash flow dated before the valuation date.
	ErrBeforeValuation = errors.New("exit: cash flow dated before the valuation date")
	// ErrSalesBand reports annual sales outside the SME firm-size band.
	ErrSalesBand = errors.New("exit: sales outside the SME firm-size band")
	// ErrAmount reports a money amount that is negative where it must not be,
	// or larger than the supported range (|amount| ≤ 10¹³ currency units).
	ErrAmount = errors.New("exit: amount negative or out of range")
	// ErrValue reports any other out-of-domain number: a negative duration, a
	// non-finite value, an unknown enumeration value.
	ErrValue = errors.New("exit: value out of domain")
	// ErrInvalidSpec reports an option set or trigger policy spec that does
	// not compile. A [*SpecError] unwraps to it and to the specific sentinel.
	ErrInvalidSpec = errors.New("exit: invalid spec")
	// ErrNoIRR reports cash flows with no sign change, which have no internal
	// rate of return.
	ErrNoIRR = errors.New("exit: no internal rate of return")
	// ErrMultipleIRR is a warning: the cash flows change sign more than once,
	// so the IRR returned alongside it may not be the only one.
	ErrMultipleIRR = errors.New("exit: IRR may not be unique")
	// ErrNoFeasibleOption reports a loan for which no option of the set is
	// feasible.
	ErrNoFeasibleOption = errors.New("exit: no feasible option")
)

// InputError locates a bad per-call input: the field (for example "EAD" or
// "flows[3].Date"), the offending value as text, and the sentinel it wraps.
type InputError struct {
	Field string // field path, such as "Collateral" or "flows[2].Amount"
	Value string // offending value, formatted
	Err   error  // sentinel, such as [ErrEAD]
}

// Error implements error.
func (e *InputError) Error() string {
	return fmt.Sprintf("%v: %s = %s", e.Err, e.Field, e.Value)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// SpecError locates a problem in a spec by its JSON path, such as
// "options[3].successProbability". It unwraps to both [ErrInvalidSpec] and the
// specific sentinel in Err.
type SpecError struct {
	Path string // JSON path of the offending field
	Err  error  // specific sentinel, such as [ErrProbability]
}

// Error implements error.
func (e *SpecError) Error() string {
	return fmt.Sprintf("exit: spec %s: %v", e.Path, e.Err)
}

// Unwrap returns [ErrInvalidSpec] and the specific sentinel.
func (e *SpecError) Unwrap() []error { return []error{ErrInvalidSpec, e.Err} }

// IRRWarning comes back together with a computed IRR when the cash flows
// change sign more than once (Descartes' rule of signs allows as many roots
// as sign changes). It unwraps to [ErrMultipleIRR].
type IRRWarning struct {
	SignChanges int // number of sign changes in the date-ordered cash flows
}

// Error implements error.
func (e *IRRWarning) Error() string {
	return fmt.Sprintf("%v: %d sign changes", ErrMultipleIRR, e.SignChanges)
}

// Unwrap returns [ErrMultipleIRR].
func (e *IRRWarning) Unwrap() error { return ErrMultipleIRR }

func inputErr(field string, value any, err error) *InputError {
	return &InputError{Field: field, Value: fmt.Sprint(value), Err: err}
}
