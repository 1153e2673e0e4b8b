package exit

import (
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// CashFlow is a dated amount: positive for money received by the lender
// (recoveries, repayments), negative for money paid (costs, advances). The
// zero value is a zero amount on the zero date.
type CashFlow struct {
	Date   time.Time       // civil date of the flow; only year, month, day are used
	Amount decimal.Decimal // currency units; held to the cent (see [Discount.PV])
}

// Discount values dated cash flows at an annual rate. The zero value discounts
// at 0 % with [ACT365Fixed] from the zero date, which is valid but rarely
// meant: set Valuation.
type Discount struct {
	Valuation time.Time // valuation (as-of) date; flows before it are errors
	Rate      float64   // annual effective discount rate as a fraction, > -1 (0.08 is 8 %)
	DayCount  DayCount  // day count for the year fractions; zero is ACT/365F
}

// DiscountFactor returns the discount factor for t years at the annual
// effective rate r:
//
//	DF = (1 + r)^(−t)
//
// It returns an [*InputError] wrapping [ErrRate] when r ≤ −1 or r is not
// finite, and [ErrValue] when t is negative or not finite, or when DF
// overflows float64 (a rate close to −100 % over many years).
//
// References:
//   - Brealey, Myers and Allen, Principles of Corporate Finance, 13th ed., ch. 2 (present value).
func DiscountFactor(r, t float64) (float64, error) {
	if err := checkRate("rate", r); err != nil {
		return 0, err
	}
	if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
		return 0, inputErr("t", t, ErrValue)
	}
	df := discountFactor(math.Log1p(r), t)
	if math.IsInf(df, 0) {
		return 0, inputErr("t", t, ErrValue)
	}
	return df, nil
}

// discountFactor returns exp(−t·ln(1+r)) given lr = ln(1+r).
func discountFactor(lr, t float64) float64 { return math.Exp(-t * lr) }

func checkRate(field string, r float64) error {
	if math.IsNaN(r) || math.IsInf(r, 0) || r <= -1 {
		return inputErr(field, r, ErrRate)
	}
	return nil
}

// PV returns the present value of one cash flow on d.Valuation:
//
//	PV = roundHalfEven₂( A · round₁₂(DF(τ)) ),  DF(τ) = (1 + r)^(−τ),  τ = d.DayCount.YearFraction(d.Valuation, date)
//
// where A is the amount (first rounded half to even to the cent if it has
// more places), and the discount factor is rounded to 12 decimal places
// before it multiplies the amount: this is the package's single documented
// conversion from float64 into money. The result has exactly two decimal
// places.
//
// Errors: [ErrRate] for a bad rate, [ErrValue] for an unknown DayCount or
// a discount factor beyond 9.2·10⁶ (a rate near −100 % over a long time;
// the field names the flow's date), [ErrBeforeValuation] for a flow dated
// before the valuation date, [ErrAmount] when |A| or the PV exceeds 10¹³
// units or A's exponent is outside [MinExponent, MaxExponent].
func (d Discount) PV(cf CashFlow) (decimal.Decimal, error) {
	c, err := d.pvCents(cf, "flow")
	if err != nil {
		return decimal.Decimal{}, err
	}
	return fromCents(c), nil
}

func (d Discount) pvCents(cf CashFlow, field string) (int64, error) {
	if err := checkRate("rate", d.Rate); err != nil {
		return 0, err
	}
	if err := d.DayCount.check("dayCount"); err != nil {
		return 0, err
	}
	days := civilDays(d.Valuation, cf.Date)
	if days < 0 {
		return 0, inputErr(field+".date", cf.Date.Format(time.DateOnly), ErrBeforeValuation)
	}
	a, ok := toCents(cf.Amount)
	if !ok {
		return 0, inputErr(field+".amount", cf.Amount, ErrAmount)
	}
	df := discountFactor(math.Log1p(d.Rate), float64(days)/d.DayCount.basis())
	if math.IsInf(df, 0) || df*factorScale >= 1<<63 {
		return 0, inputErr(field+".date", cf.Date.Format(time.DateOnly), ErrValue) // the discount factor overflows
	}
	pv, ok := applyFactor(a, df)
	if !ok {
		return 0, inputErr(field+".amount", cf.Amount, ErrAmount)
	}
	return pv, nil
}

// NPV returns the net present value of flows on d.Valuation, the sum of the
// per-flow present values of [Discount.PV]:
//
//	NPV = Σᵢ PVᵢ
//
// Because each PVᵢ is rounded to the cent first, NPV reconciles to the cent
// with the sum of the PVs. flows may be in any order; nil or empty flows
// have NPV 0. flows is not modified. Cost O(len(flows)).
//
// Errors: as [Discount.PV], with the field naming the index ("flows[3].Date").
func (d Discount) NPV(flows []CashFlow) (decimal.Decimal, error) {
	var sum int64
	for i, cf := range flows {
		pv, err := d.pvCents(cf, "flows["+strconv.Itoa(i)+"]")
		if err != nil {
			return decimal.Decimal{}, err
		}
		var ok bool
		if sum, ok = addCents(sum, pv); !ok {
			return decimal.Decimal{}, inputErr("flows["+strconv.Itoa(i)+"].amount", cf.Amount, ErrAmount) // the running sum overflows
		}
	}
	return fromCents(sum), nil
}
