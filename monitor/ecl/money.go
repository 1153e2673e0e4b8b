package ecl

import (
	"math"

	"github.com/shopspring/decimal"
)

// Cents is an amount of money in hundredths of the currency unit: exact fixed point, the form
// in which this package returns every allowance, so that sums and movement tables reconcile
// exactly and the per-exposure path allocates nothing. The zero value is zero. Amounts are
// bounded by ±[MaxAmount] units (±10¹⁵ cents), which leaves room for sums over many
// exposures inside int64.
type Cents int64

// MaxAmount bounds every money input, in currency units: 10¹³.
const MaxAmount = 10_000_000_000_000

const maxCents = MaxAmount * 100

// Decimal returns c as a [decimal.Decimal] with exponent -2.
func (c Cents) Decimal() decimal.Decimal { return decimal.New(int64(c), -2) }

// String returns c in currency units with two decimals, e.g. "-1234.50".
func (c Cents) String() string { return c.Decimal().StringFixed(2) }

// toCents converts a decimal amount to cents, rounding half to even to two places when it
// has more. ok is false for amounts beyond ±MaxAmount.
func toCents(d decimal.Decimal) (Cents, bool) {
	if d.IsZero() {
		return 0, true
	}
	if d.Exponent() < -2 {
		if d.Exponent() < -40 { // far below a cent
			if d.NumDigits()+int(d.Exponent()) < -2 {
				return 0, true
			}
		}
		d = d.RoundBank(2)
	}
	shift := int(d.Exponent()) + 2
	if d.NumDigits()+shift > 16 {
		return 0, false
	}
	c := d.CoefficientInt64()
	for range shift {
		c *= 10
	}
	if c > maxCents || c < -maxCents {
		return 0, false
	}
	return Cents(c), true
}

// inRange reports whether an expectation x, in currency units, lies in [0, MaxAmount].
func inRange(x float64) bool { return x >= 0 && x <= MaxAmount }

// roundCents is the one rounding rule of this package: an expectation x computed in float64
// currency units becomes cents by rounding x·100 half to even (math.RoundToEven).
func roundCents(x float64) Cents { return Cents(math.RoundToEven(x * 100)) }
