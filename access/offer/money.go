package offer

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// Money is held internally as int64 cents (two decimal places): exact fixed point, and no
// allocation on the per-applicant path. Amounts enter through toCents and leave through
// fromCents; the only place a float64 meets money is applyFactor.

const (
	// maxCents bounds every amount accepted and produced: 10¹⁵ cents = 10¹³ currency units.
	maxCents = 1_000_000_000_000_000
	// factorScale: a float64 factor is rounded half away from zero to 12 decimal places
	// before it multiplies money.
	factorScale = 1e12
	// maxFactor bounds the factors applied to money, so that the exact product stays in
	// 128 bits with a quotient below 2⁶⁴.
	maxFactor = 1e4
)

// MaxScale is the largest number of decimal places a money input may carry; amounts with
// more than two places are rounded half to even to cents, amounts with more than MaxScale
// places are refused before any arithmetic (so that a huge exponent costs nothing).
const MaxScale = 18

// toCents converts an amount to cents, rounding half to even (banker's rounding) to two places
// when it has more. ok is false for more than MaxScale places or |d| > 10¹³.
func toCents(d decimal.Decimal) (c int64, ok bool) {
	if d.IsZero() {
		return 0, true
	}
	e := d.Exponent()
	if e < -MaxScale || e > 16 {
		return 0, false
	}
	if e < -2 {
		d = d.RoundBank(2)
		if e = d.Exponent(); e > -2 { // RoundBank keeps exponent -2, except for zero
			return toCents(d)
		}
	}
	shift := int(e) + 2 // ≥ 0
	if d.NumDigits()+shift > 16 {
		return 0, false
	}
	c = d.CoefficientInt64()
	for range shift {
		c *= 10
	}
	if c > maxCents || c < -maxCents {
		return 0, false
	}
	return c, true
}

// fromCents returns the decimal value of c cents (exponent -2).
func fromCents(c int64) decimal.Decimal { return decimal.New(c, -2) }

// applyFactor is the one boundary where a float64 meets money. The factor f is rounded half
// away from zero to 12 decimal places, F = round(f·10¹²); the exact product c·F is then
// rounded half to even to whole cents:
//
//	result = roundHalfEven(c · F / 10¹²)
//
// ok is false when f is not finite, |f| > 10⁴ or the result leaves ±10¹⁵ cents.
func applyFactor(c int64, f float64) (int64, bool) {
	if !(math.Abs(f) <= maxFactor) {
		return 0, false
	}
	fs := math.Round(f * factorScale)
	if c == 0 || fs == 0 {
		return 0, true
	}
	neg := (c < 0) != (fs < 0)
	ac := uint64(c)
	if c < 0 {
		ac = uint64(-c)
	}
	hi, lo := bits.Mul64(ac, uint64(math.Abs(fs)))
	var q, r uint64
	if hi == 0 {
		q, r = lo/factorScale, lo%factorScale
	} else {
		q, r = bits.Div64(hi, lo, factorScale) // hi < 10¹² by the bounds on c and f
	}
	if 2*r > factorScale || (2*r == factorScale && q&1 == 1) {
		q++
	}
	if q > maxCents {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// amountErr is the *InputError of a money input that toCents refused.
func amountErr(field string, d decimal.Decimal) error {
	return &InputError{Field: field, Value: decimalText(d), Err: ErrAmount}
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

// floatText formats a float64 input for an error message.
func floatText(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// cut bounds text in error values at 64 bytes.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

func inErr(field string, v float64, err error) error {
	return &InputError{Field: field, Value: floatText(v), Err: err}
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
