package offer

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps one of them, so callers branch
// with [errors.Is] and read the details with [errors.As] on [*InputError] or [*SpecError].
var (
	// ErrInvalidSpec reports an offer policy document that cannot be compiled. Every
	// [*SpecError] matches it.
	ErrInvalidSpec = errors.New("offer: invalid spec")
	// ErrLimit reports a document larger than [MaxDocumentBytes] or a list longer than
	// [MaxItems].
	ErrLimit = errors.New("offer: size limit exceeded")
	// ErrDuplicate reports a repeated grade, product or collateral type in a policy.
	ErrDuplicate = errors.New("offer: duplicate")
	// ErrMissingValue reports a required member that is absent or empty.
	ErrMissingValue = errors.New("offer: missing value")
	// ErrProbability reports a PD, LGD, share, haircut or advance rate outside [0, 1], or NaN.
	ErrProbability = errors.New("offer: fraction outside [0, 1]")
	// ErrDefaulted reports a PD of 1: a defaulted borrower gets no offer.
	ErrDefaulted = errors.New("offer: borrower in default")
	// ErrRate reports a per-year rate that is not finite or outside its documented range,
	// including a hurdle rate below the risk-free rate.
	ErrRate = errors.New("offer: rate out of range")
	// ErrAmount reports a money amount that is negative where it must not be, has more than
	// [MaxScale] decimal places, or lies outside ±10¹³ currency units; or a result that
	// would leave that range.
	ErrAmount = errors.New("offer: amount negative or out of range")
	// ErrDays reports a turnover period that is negative, above [MaxDays], or not finite.
	ErrDays = errors.New("offer: turnover days out of range")
	// ErrTurnover reports turnover days whose net cycle (inventory + receivable + prepayment
	// − payable − advance days) is zero or negative, so the turnover count 360/net would be
	// infinite or negative.
	ErrTurnover = errors.New("offer: net working-capital cycle not positive")
	// ErrRatio reports a profit margin, growth rate, DSCR, risk weight or capital ratio
	// outside its documented range, or not finite.
	ErrRatio = errors.New("offer: ratio out of range")
	// ErrTerm reports a term that is not positive, longer than [MaxTermMonths], or not a
	// whole number of payment periods; or an unsupported number of payments per year.
	ErrTerm = errors.New("offer: invalid term")
	// ErrUnknown reports a grade or product that the policy does not list, or an enumeration
	// value outside its type.
	ErrUnknown = errors.New("offer: unknown name or value")
	// ErrCapital reports zero allocated capital where RAROC divides by it.
	ErrCapital = errors.New("offer: no capital to divide by")
	// ErrNilPolicy reports a nil *OfferPolicy or one not built by [CompileOfferPolicy].
	ErrNilPolicy = errors.New("offer: nil policy or policy not built by CompileOfferPolicy")
)

// SpecError is one defect of an offer policy document. Path is "$" for the document as a
// whole, else JSON member names and indices such as "collateral[2].advanceRate"; Err is the
// specific sentinel ([ErrInvalidSpec] itself when nothing more specific applies) and Msg a
// detail, possibly empty. It matches both Err and [ErrInvalidSpec] with [errors.Is].
//
// The zero value is not meaningful; loaders create SpecErrors and join them with
// [errors.Join].
type SpecError struct {
	Path string
	Err  error
	Msg  string
}

// Error returns "offer: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	s := "offer: " + e.Path + ": " + trimPrefix(e.Err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the specific sentinel.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec]; every SpecError is one.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// InputError is a bad per-call input. Field names the argument or field at fault in the
// lowerCamel spelling of its JSON form ("pd", "workingCapital.payableDays",
// "collateral[3].value", "apps[17].termMonths"); Value is the offending value as text, at most
// 64 characters (decimals with huge exponents in scientific notation); Err the sentinel.
//
// The zero value is not meaningful.
type InputError struct {
	Field string
	Value string
	Err   error
}

// Error returns "offer: <field> = <value>: <sentinel text>", without " = <value>" when Value
// is empty.
func (e *InputError) Error() string {
	s := "offer: " + e.Field
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
	return strings.TrimPrefix(err.Error(), "offer: ")
}

// maxErrors bounds the problems a loader reports; one more error says how many were left out.
const maxErrors = 100
