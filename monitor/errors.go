package monitor

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// Sentinel errors. Every error returned by this package unwraps to one of them, so callers
// branch with [errors.Is] and read the location with [errors.As] on [*SpecError] (a signal-set
// document) or [*InputError] (call input).
var (
	// ErrInvalidSpec reports a signal-set spec that cannot be compiled; see [*SpecError].
	ErrInvalidSpec = errors.New("monitor: invalid signal spec")
	// ErrLimit reports a signal-set document, rule list, window, lag or count beyond one of the
	// documented bounds ([MaxDocumentBytes], [MaxRules], [MaxPeriods], [MaxConditions]); a
	// [*SpecError] with this Err also matches [ErrInvalidSpec].
	ErrLimit = errors.New("monitor: limit exceeded")
	// ErrInvalidInput reports a bad observation, classification or staging input: negative
	// days past due or amounts, NaN or infinite ratios, unknown enum values, a decimal
	// exponent or a date outside its documented range; see [*InputError].
	ErrInvalidInput = errors.New("monitor: invalid input")
	// ErrUnsorted reports observation dates that are not strictly increasing (unsorted or
	// duplicate periods); see [*InputError].
	ErrUnsorted = errors.New("monitor: observation dates not strictly increasing")
	// ErrInvalidParameter reports a detector or option parameter outside its domain, such as
	// λ outside (0, 1] or h ≤ 0; see [*InputError].
	ErrInvalidParameter = errors.New("monitor: invalid parameter")
	// ErrShortHistory reports a history with fewer points than a computation needs (for the
	// Evaluate methods: no observation dated on or before asOf); see [*InputError].
	ErrShortHistory = errors.New("monitor: history too short")
	// ErrZeroSpread reports a reference history without spread (standard deviation or MAD of
	// zero), for which a z-score is undefined.
	ErrZeroSpread = errors.New("monitor: history has zero spread")
	// ErrOverflow reports a z-score whose spread or value overflows float64 (a history or
	// point near ±1.8e308, or a spread so small that z is infinite).
	ErrOverflow = errors.New("monitor: result overflows float64")
)

// SpecError locates one problem in a signal-set spec. Path is "$" for the document as a whole,
// otherwise JSON member names and indices such as "rules[3].window". Err is the specific
// sentinel ([ErrLimit] for a bound exceeded, [ErrInvalidSpec] otherwise) and Msg the detail
// (may be empty). It matches both Err and [ErrInvalidSpec] with [errors.Is].
type SpecError struct {
	Path string // "$" or e.g. "rules[3].op"
	Err  error  // specific sentinel; ErrInvalidSpec when nothing more specific
	Msg  string // what is wrong; may be empty
}

// Error returns "monitor: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	err := e.Err
	if err == nil {
		err = ErrInvalidSpec
	}
	s := "monitor: " + e.Path + ": " + trimPrefix(err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the specific sentinel Err.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec], so every SpecError matches it.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// InputError locates a bad call input. Field names the argument, field or element at fault
// as a path of lowerCamel Go field names and indices ("dpd", "observations[3].pastDue",
// "claims[2].input.eclCoverage", "opts.probation", "x[7]"), prefixed by `loan "<id>" ` when
// the input carries a loan or debtor identifier (History.Loan, ClassificationInput.Loan,
// Debtor.ID, …), so the loan stays identifiable: `loan "card-1" observations[3].dpd`. Value is
// the offending value as text, bounded in length (decimals with large exponents in scientific
// notation), sometimes followed by the domain wanted in parentheses; Err is the sentinel
// ([ErrInvalidInput], [ErrUnsorted], [ErrInvalidParameter], [ErrShortHistory],
// [ErrZeroSpread] or [ErrOverflow]).
type InputError struct {
	Field string // e.g. `loan "L1" observations[3].dpd`, "opts.probation", "hist[2]"
	Value string // offending value as text; may be empty
	Err   error  // sentinel
}

// Error returns "monitor: <field> = <value>: <sentinel text>", without " = <value>" when
// Value is empty.
func (e *InputError) Error() string {
	s := "monitor: " + e.Field
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + trimPrefix(e.Err)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// trimPrefix returns err's text without the package prefix.
func trimPrefix(err error) string {
	if err == nil {
		return "error"
	}
	return strings.TrimPrefix(err.Error(), "monitor: ")
}

// maxIDText bounds the length of a loan identifier quoted in an error.
const maxIDText = 64

// loanField returns field prefixed by the loan identifier, as InputError.Field documents.
func loanField(loan LoanID, field string) string {
	if loan == "" {
		return field
	}
	id := string(loan)
	if len(id) > maxIDText {
		id = strings.ToValidUTF8(id[:maxIDText], "") + "…"
	}
	if field == "" {
		return "loan " + strconv.Quote(id)
	}
	return "loan " + strconv.Quote(id) + " " + field
}

func inputErr(loan LoanID, field, value string, err error) *InputError {
	return &InputError{Field: loanField(loan, field), Value: value, Err: err}
}

// paramErr reports a parameter (detector parameter or option) outside its domain.
func paramErr(field string, v float64, want string) *InputError {
	return &InputError{Field: field, Value: fmtFloat(v) + " (want " + want + ")", Err: ErrInvalidParameter}
}

func paramCheck(name string, v float64, ok bool, want string) error {
	if ok {
		return nil
	}
	return paramErr(name, v, want)
}

// nilErr reports a nil pointer argument (or receiver) named name.
func nilErr(name string) error {
	return &InputError{Field: name, Value: "nil", Err: ErrInvalidInput}
}

// maxErrors caps the problems a loader reports; one more error says how many were left out.
const maxErrors = 100

// joinCapped joins errs, keeping the first maxErrors and one SpecError counting the rest.
func joinCapped(errs []error) error {
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], &SpecError{Path: "$", Err: ErrInvalidSpec,
			Msg: fmt.Sprintf("%d more problems not listed", more)})
	}
	return errors.Join(errs...)
}

// Amount bounds: a decimal amount given to [ClassifyDebtor] or [AssessDefault] (or as
// DefaultOptions.Absolute) must have an exponent in [MinExponent, MaxExponent],
// that is, be stored as coefficient·10^e with e in that range (a zero is accepted with any
// exponent). The range spans every currency's minor units and any realistic total by a wide
// margin, and keeps exact decimal comparisons cheap: two amounts are rescaled to a common
// exponent at most 128 decimal digits apart, where decimal.New(1, math.MinInt32) against
// decimal.New(1, math.MaxInt32) would need a number of 4 billion digits. Outside it: an
// [*InputError] wrapping [ErrInvalidInput].
const (
	MinExponent = -64
	MaxExponent = 64
)

// checkAmount returns d ready for exact arithmetic: a zero as decimal.Zero, any other value
// unchanged; an *InputError for a negative value or an exponent outside the documented range.
func checkAmount(loan LoanID, field string, d decimal.Decimal) (decimal.Decimal, error) {
	switch s := d.Sign(); {
	case s == 0:
		return decimal.Zero, nil
	case s < 0:
		return d, inputErr(loan, field, decimalText(d), ErrInvalidInput)
	}
	if e := d.Exponent(); e < MinExponent || e > MaxExponent {
		return d, inputErr(loan, field, decimalText(d)+" (exponent "+strconv.Itoa(int(e))+" outside [-64, 64])", ErrInvalidInput)
	}
	return d, nil
}

// Date bounds: the dates a staging, default or classification rule adds months to
// (StageInput.LastSICR, DefaultInput.LastTrigger, Restructuring.Start) and every asOf must lie
// in the years 1 to 9999 (the civil calendar of time.DateOnly), so that adding a probation
// period cannot overflow; otherwise an [*InputError] wrapping [ErrInvalidInput].
var (
	minDate = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// minUnix and maxUnix are minDate and maxDate in Unix seconds (maxDate's last second).
var minUnix, maxUnix = minDate.Unix(), maxDate.Unix()

// dateOK reports whether t lies in the years 1 to 9999.
func dateOK(t time.Time) bool { return !t.Before(minDate) && !t.After(maxDate) }

// dateText formats t for an error message.
func dateText(t time.Time) string {
	if dateOK(t) {
		return t.Format(time.DateOnly)
	}
	return "year " + strconv.Itoa(t.Year())
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

// marshalEnum is enum.Names.Marshal with an [*InputError] (ErrInvalidInput) naming the type
// for a value without a name.
func marshalEnum[T ~uint8](names enum.Names[T], typ string, v T) ([]byte, error) {
	b, err := names.Marshal(v)
	if err != nil {
		return nil, &InputError{Field: typ, Value: names.String(v), Err: ErrInvalidInput}
	}
	return b, nil
}

// unmarshalEnum is enum.Names.Unmarshal with an [*InputError] (ErrInvalidInput) naming the
// type for unknown text; Value quotes the text and lists the valid names.
func unmarshalEnum[T ~uint8](names enum.Names[T], typ string, dst *T, b []byte) error {
	err := names.Unmarshal(dst, b)
	if err == nil {
		return nil
	}
	v := quoteText(b)
	if msg := err.Error(); strings.Contains(msg, "(valid: ") {
		v += " " + msg[strings.Index(msg, "(valid: "):]
	}
	return &InputError{Field: typ, Value: v, Err: ErrInvalidInput}
}
