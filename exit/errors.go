package exit

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
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
	// ErrRate reports a per-year rate at or below -100 %, above its documented
	// bound, or not finite.
	ErrRate = errors.New("exit: rate out of range")
	// ErrBeforeValuation reports a cash flow dated before the valuation date.
	ErrBeforeValuation = errors.New("exit: cash flow dated before the valuation date")
	// ErrSalesBand reports annual sales outside the SME firm-size band.
	ErrSalesBand = errors.New("exit: sales outside the SME firm-size band")
	// ErrAmount reports a money amount that is negative where it must not be,
	// larger than the supported range (|amount| ≤ 10¹³ currency units), with a
	// decimal exponent outside [[MinExponent], [MaxExponent]], or a computed
	// amount (a cash flow or an NPV) that leaves that range.
	ErrAmount = errors.New("exit: amount negative or out of range")
	// ErrValue reports any other out-of-domain number: a negative duration, a
	// non-finite value, an unknown enumeration value, a discount factor that
	// overflows float64.
	ErrValue = errors.New("exit: value out of domain")
	// ErrInvalidSpec reports an option set or trigger set spec that does
	// not compile. Every [*SpecError] matches it with [errors.Is].
	ErrInvalidSpec = errors.New("exit: invalid spec")
	// ErrLimit reports a document or a spec beyond a documented size bound
	// ([MaxDocumentBytes], [MaxOptions], [MaxScenarios], [MaxRules]).
	ErrLimit = errors.New("exit: limit exceeded")
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

// Bounds checked before any work starts; exceeding one is an error wrapping
// [ErrLimit] (document sizes and counts) or [ErrAmount] (decimal exponents).
const (
	// MaxDocumentBytes bounds the size of an option set or trigger set
	// document accepted by the Parse and Load functions.
	MaxDocumentBytes = 1 << 20
	// MaxOptions bounds the number of options of an option set.
	MaxOptions = 1000
	// MaxScenarios bounds the number of scenarios of one option.
	MaxScenarios = 100
	// MaxRules bounds the number of rules of a trigger set.
	MaxRules = 1000
	// MinExponent and MaxExponent bound the decimal exponent of every money
	// amount accepted (a decimal is coefficient · 10^exponent); zero is
	// accepted with any exponent. Amounts outside are [ErrAmount] errors,
	// checked before any rescaling, so an absurd exponent costs O(1).
	MinExponent = -64
	MaxExponent = 64
	// MaxContractRate bounds a loan's contract rate per year (1000 %).
	MaxContractRate = 10.0
	// maxErrors caps the problems a loader reports.
	maxErrors = 100
)

// InputError locates a bad per-call input: the field (the argument, field or
// element at fault, such as "ead", "contractRate" or "flows[3].date"), the
// offending value as text, and the sentinel it wraps.
type InputError struct {
	Field string // field path, such as "collateral" or "flows[2].amount"
	Value string // offending value as text, at most 64 bytes; decimals with large exponents in scientific notation
	Err   error  // sentinel, such as [ErrEAD]
}

// Error implements error: "exit: <field> = <value>: <sentinel text>".
func (e *InputError) Error() string {
	s := "exit: " + e.Field
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + trimPrefix(e.Err)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// SpecError locates a problem in a spec by its JSON path: "$" for the
// document as a whole, otherwise member names and indices such as
// "options[3].successProbability". errors.Is matches both [ErrInvalidSpec]
// and the specific sentinel in Err.
type SpecError struct {
	Path string // JSON path of the offending member, "$" for the whole document
	Err  error  // specific sentinel, such as [ErrProbability]; ErrInvalidSpec when nothing more specific
	Msg  string // detail; may be empty
}

// Error implements error: "exit: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	s := "exit: " + e.Path + ": " + trimPrefix(e.Err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the specific sentinel.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec], so every SpecError matches it.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

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

// trimPrefix returns the text of err without the package prefix.
func trimPrefix(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "exit: ")
}

// joinErrs joins errs, keeping at most maxErrors and saying how many more.
func joinErrs(errs []error) error {
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], &SpecError{Path: "$", Err: ErrInvalidSpec,
			Msg: strconv.Itoa(more) + " more problems not listed"})
	}
	return errors.Join(errs...)
}

func inputErr(field string, value any, err error) *InputError {
	var s string
	switch v := value.(type) {
	case decimal.Decimal:
		s = decimalText(v)
	case float64:
		s = strconv.FormatFloat(v, 'g', -1, 64)
	case string:
		s = v
	default:
		s = fmt.Sprint(v)
	}
	if len(s) > 64 {
		s = s[:61] + "…"
	}
	return &InputError{Field: field, Value: s, Err: err}
}

// decimalText returns d as text for an error message: plain when short,
// otherwise in scientific notation with up to 17 significant digits
// ("1e-2147483648"), since such a decimal written out in full is megabytes
// long and slow to write.
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e > -40 && e < 40 && d.NumDigits() <= 40 {
		return d.String()
	}
	m := new(big.Float).SetPrec(57).SetInt(d.Coefficient()).Text('e', 17)
	i := strings.LastIndexByte(m, 'e')
	exp, _ := strconv.ParseInt(m[i+1:], 10, 64)
	exp += int64(d.Exponent())
	mant := m[:i]
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	return mant + "e" + strconv.FormatInt(exp, 10)
}
