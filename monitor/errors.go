package monitor

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error returned by this package unwraps to one of them, so callers
// branch with [errors.Is] and read the location with [errors.As] on the typed errors below.
var (
	// ErrInvalidSpec reports a signal-set spec that cannot be compiled; see [*SpecError].
	ErrInvalidSpec = errors.New("monitor: invalid signal spec")
	// ErrInvalidInput reports a bad observation, classification or staging input: negative
	// days past due or amounts, NaN or infinite ratios, unknown enum values; see [*InputError].
	ErrInvalidInput = errors.New("monitor: invalid input")
	// ErrUnsorted reports observation dates that are not strictly increasing (unsorted or
	// duplicate periods); see [*InputError].
	ErrUnsorted = errors.New("monitor: observation dates not strictly increasing")
	// ErrInvalidParameter reports a detector or option parameter outside its domain, such as
	// λ outside (0, 1] or h ≤ 0; see [*ParamError].
	ErrInvalidParameter = errors.New("monitor: invalid parameter")
	// ErrShortHistory reports a history with fewer points than a computation needs; see
	// [*HistoryError].
	ErrShortHistory = errors.New("monitor: history too short")
	// ErrZeroSpread reports a reference history without spread (standard deviation or MAD of
	// zero), for which a z-score is undefined.
	ErrZeroSpread = errors.New("monitor: history has zero spread")
	// ErrOverflow reports a z-score whose spread or value overflows float64 (a history or
	// point near ±1.8e308, or a spread so small that z is infinite).
	ErrOverflow = errors.New("monitor: result overflows float64")
)

// SpecError locates one problem in a signal-set spec. Path is a JSON-style path such as
// "rules[3].window"; RuleID is the rule's id when known. It unwraps to [ErrInvalidSpec]
// (Err holds the detail, which may itself wrap another sentinel).
type SpecError struct {
	Path   string // e.g. "rules[3].op"
	RuleID RuleID // id of the rule at fault; empty for set-level problems
	Msg    string // what is wrong
}

// Error implements error.
func (e *SpecError) Error() string {
	if e.RuleID != "" {
		return fmt.Sprintf("%v: %s (rule %q): %s", ErrInvalidSpec, e.Path, e.RuleID, e.Msg)
	}
	return fmt.Sprintf("%v: %s: %s", ErrInvalidSpec, e.Path, e.Msg)
}

// Unwrap returns [ErrInvalidSpec].
func (e *SpecError) Unwrap() error { return ErrInvalidSpec }

// InputError locates a bad input value: the loan, the observation index and period (when the
// fault is in one observation), the field and the offending value. Index is -1 and Period is
// the zero time when the fault is not about one observation. Err is [ErrInvalidInput] or
// [ErrUnsorted].
type InputError struct {
	Loan   LoanID    // loan (or debtor) identifier as given by the caller; may be empty
	Index  int       // observation or claim index, or -1
	Period time.Time // date of the observation at fault, or zero
	Field  string    // field name, e.g. "DPD", "Outstanding", "ECLCoverage"
	Value  string    // offending value as text
	Err    error     // sentinel
}

// Error implements error.
func (e *InputError) Error() string {
	s := e.Err.Error() + ": "
	if e.Loan != "" {
		s += "loan " + strconv.Quote(string(e.Loan)) + ": "
	}
	if e.Index >= 0 {
		s += "observation " + strconv.Itoa(e.Index)
		if !e.Period.IsZero() {
			s += " (" + e.Period.Format(time.DateOnly) + ")"
		}
		s += ": "
	}
	return s + e.Field + " = " + e.Value
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// ParamError reports a detector or option parameter outside its domain. It unwraps to
// [ErrInvalidParameter].
type ParamError struct {
	Name  string  // parameter name, e.g. "Lambda", "H"
	Value float64 // offending value
	Want  string  // the domain, e.g. "in (0, 1]"
}

// Error implements error.
func (e *ParamError) Error() string {
	return fmt.Sprintf("%v: %s = %g, want %s", ErrInvalidParameter, e.Name, e.Value, e.Want)
}

// Unwrap returns [ErrInvalidParameter].
func (e *ParamError) Unwrap() error { return ErrInvalidParameter }

// HistoryError reports a series shorter than a computation needs. It unwraps to
// [ErrShortHistory].
type HistoryError struct {
	Loan LoanID // loan identifier; may be empty for bare series
	Need int    // minimum number of points
	Have int    // points available
	// AfterAsOf counts the observations ignored because they are dated after asOf (only
	// from the Evaluate methods of [SignalSet]); 0 otherwise.
	AfterAsOf int
}

// Error implements error.
func (e *HistoryError) Error() string {
	s := ErrShortHistory.Error() + ": "
	if e.Loan != "" {
		s += "loan " + strconv.Quote(string(e.Loan)) + ": "
	}
	s += "need " + strconv.Itoa(e.Need) + " points, have " + strconv.Itoa(e.Have)
	if e.AfterAsOf > 0 {
		s += " on or before asOf (" + strconv.Itoa(e.AfterAsOf) + " dated after asOf)"
	}
	return s
}

// Unwrap returns [ErrShortHistory].
func (e *HistoryError) Unwrap() error { return ErrShortHistory }

func paramCheck(name string, v float64, ok bool, want string) error {
	if ok {
		return nil
	}
	return &ParamError{Name: name, Value: v, Want: want}
}

// nilErr reports a nil pointer argument (or receiver) named name.
func nilErr(name string) error {
	return &InputError{Index: -1, Field: name, Value: "nil", Err: ErrInvalidInput}
}

// decimalText returns d as text for an error message: plain when short, otherwise in
// scientific notation with up to 17 significant digits ("1e+10000000"), since such a decimal
// written out in full is megabytes long and slow to write.
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e > -40 && e < 40 && d.NumDigits() <= 40 {
		return d.String()
	}
	// the coefficient's mantissa and exponent, then the decimal's exponent added on
	m := new(big.Float).SetPrec(53).SetInt(d.Coefficient()).Text('e', -1)
	i := strings.LastIndexByte(m, 'e')
	exp, _ := strconv.ParseInt(m[i+1:], 10, 64)
	exp += int64(d.Exponent())
	sign := "+"
	if exp < 0 {
		sign = ""
	}
	return m[:i] + "e" + sign + strconv.FormatInt(exp, 10)
}
