package portfolio

import (
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error returned by this package wraps one of them, so callers branch
// with [errors.Is] and read the location with [errors.As] on [*InputError].
var (
	// ErrBucket reports a delinquency bucket outside [Current, Closed], or a closed account
	// that reappears in another bucket (closed is absorbing).
	ErrBucket = errors.New("portfolio: invalid bucket or transition")
	// ErrMonth reports a month out of order, repeated or missing for one account, a negative
	// month, or a history longer than [MaxMonths].
	ErrMonth = errors.New("portfolio: month out of order, repeated or out of range")
	// ErrAmount reports a money amount that is negative or above 10¹⁵ currency units.
	ErrAmount = errors.New("portfolio: amount negative or out of range")
	// ErrProbability reports a PD, LGD, share or confidence level outside its interval, or NaN.
	ErrProbability = errors.New("portfolio: probability out of range")
	// ErrCorrelation reports an asset correlation outside [0, 1), or NaN.
	ErrCorrelation = errors.New("portfolio: correlation outside [0, 1)")
	// ErrSize reports an input longer than its documented bound, slices of unequal length, or
	// an empty input where one record is needed.
	ErrSize = errors.New("portfolio: size out of range or mismatched")
	// ErrValue reports any other out-of-domain value: a non-finite number, an unknown
	// enumeration value, a capital base that is not positive.
	ErrValue = errors.New("portfolio: value out of domain")
)

// InputError locates a bad per-call input. Field names the argument or element at fault, with
// the account's ID in brackets where there is one ("histories[A-17].buckets[3]",
// "exposures[12].ead"); Value is the offending value as text (at most 64 bytes); Err the
// sentinel.
type InputError struct {
	Field string
	Value string
	Err   error
}

// Error returns "portfolio: <field> = <value>: <sentinel text>".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("portfolio: ")
	b.WriteString(e.Field)
	if e.Value != "" {
		b.WriteString(" = ")
		b.WriteString(e.Value)
	}
	b.WriteString(": ")
	txt := "error"
	if e.Err != nil {
		txt = e.Err.Error()
	}
	b.WriteString(strings.TrimPrefix(txt, "portfolio: "))
	return b.String()
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

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
		return cut(d.Coefficient().String()) + "e" + strconv.Itoa(int(d.Exponent()))
	}
	return cut(d.String())
}

func inputErr(field, value string, err error) *InputError {
	return &InputError{Field: field, Value: cut(value), Err: err}
}

func idx(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// maxAmount bounds every money amount: 0 ≤ x ≤ 10¹⁵ currency units.
var maxAmount = decimal.New(1, 15)

func checkAmount(field string, d decimal.Decimal) error {
	if d.Sign() < 0 || d.Cmp(maxAmount) > 0 {
		return inputErr(field, dval(d), ErrAmount)
	}
	return nil
}
