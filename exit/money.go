package exit

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Money is held internally as int64 cents (two decimal places), like the
// integer cents of moov-io/ach: exact decimal fixed point, with O(1)
// arithmetic. Amounts enter through toCents and leave through fromCents; the
// only place a float64 meets money is applyFactor.

const (
	// maxCents bounds every amount accepted: 10¹⁵ cents = 10¹³ currency
	// units, which leaves room for sums of many flows inside int64.
	maxCents = 1_000_000_000_000_000
	// maxValueCents bounds every amount computed inside a valuation (a cash
	// flow, a PV, a contribution): 100 times the input bound, so amounts near
	// the input bound with interest or several flows still fit, while a sum
	// of the at most a few hundred flows of one option stays inside int64.
	maxValueCents = 100 * maxCents
	// factorPlaces is the number of decimal places a float64 factor is
	// rounded to (half away from zero) before it multiplies money.
	factorPlaces = 12
	factorScale  = 1e12
)

// toCents converts an amount to cents, rounding half to even (banker's
// rounding) to two places when it has more. ok is false when the amount is
// outside ±10¹³ units or its exponent is outside [MinExponent, MaxExponent]
// (zero excepted). Cost O(digits of d), never O(|exponent|).
func toCents(d decimal.Decimal) (c int64, ok bool) {
	if d.IsZero() {
		return 0, true
	}
	exp := d.Exponent()
	if exp < MinExponent || exp > MaxExponent {
		return 0, false
	}
	nd := d.NumDigits()
	if nd+int(exp) > 16 {
		return 0, false
	}
	if nd+int(exp) < -3 { // |d| < 0.001: rounds to 0 cents
		return 0, true
	}
	if exp < -2 {
		d = d.RoundBank(2) // exponent becomes -2
	}
	shift := int(d.Exponent()) + 2 // ≥ 0
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

// applyFactor is the one boundary where a float64 (a discount factor, a
// probability, a fraction such as a haircut, or a product of them) meets
// money. The factor f is first rounded half away from zero to 12 decimal
// places, F = round(f·10¹²); the exact product c·F is then rounded half to
// even to whole cents:
//
//	result = roundHalfEven(c · F / 10¹²)
//
// ok is false when f is not finite or the result leaves ±10¹⁵ cents.
func applyFactor(c int64, f float64) (int64, bool) { return applyFactorLim(c, f, maxCents) }

// applyFactorLim is applyFactor with the result bounded by ±lim cents
// (lim ≤ 2⁶²).
func applyFactorLim(c int64, f float64, lim uint64) (int64, bool) {
	fs := math.Round(f * factorScale)
	if math.IsNaN(fs) || math.IsInf(fs, 0) {
		return 0, false
	}
	if c == 0 || fs == 0 {
		return 0, true
	}
	neg := (c < 0) != (fs < 0)
	ac := uint64(c)
	if c < 0 {
		ac = uint64(-c)
	}
	af := math.Abs(fs)
	if af < 1<<63 {
		hi, lo := bits.Mul64(ac, uint64(af))
		if hi < factorScale {
			var q, r uint64
			if hi == 0 {
				q, r = lo/factorScale, lo%factorScale // constant divisor: no DIV instruction
			} else {
				q, r = bits.Div64(hi, lo, factorScale)
			}
			if 2*r > factorScale || (2*r == factorScale && q&1 == 1) {
				q++
			}
			if q > lim {
				return 0, false
			}
			if neg {
				return -int64(q), true
			}
			return int64(q), true
		}
	}
	// Slow exact path for very large factors (af is finite here).
	var fb big.Float
	fb.SetFloat64(af)
	fi, _ := fb.Int(nil)
	p := new(big.Int).Mul(new(big.Int).SetUint64(ac), fi)
	q, r := new(big.Int).QuoRem(p, big.NewInt(factorScale), new(big.Int))
	r2 := new(big.Int).Lsh(r, 1)
	if cmp := r2.Cmp(big.NewInt(factorScale)); cmp > 0 || (cmp == 0 && q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsUint64() || q.Uint64() > lim {
		return 0, false
	}
	out := int64(q.Uint64())
	if neg {
		out = -out
	}
	return out, true
}

// addCents returns a+b, with ok false when the sum leaves ±10¹⁵·10 cents.
func addCents(a, b int64) (int64, bool) {
	s := a + b
	return s, s <= 10*maxCents && s >= -10*maxCents
}
