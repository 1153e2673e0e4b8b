package offer

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// Economics is one loan's (or one book's) money for a year, for [RAROC]. The zero value has no
// capital and is an [ErrCapital] error.
type Economics struct {
	Income        decimal.Decimal // interest and fees earned in the year, ≥ 0
	Funding       decimal.Decimal // funding cost (interest expense, transfer price × balance), ≥ 0
	OperatingCost decimal.Decimal // operating cost, ≥ 0
	ExpectedLoss  decimal.Decimal // expected loss PD × LGD × EAD, ≥ 0
	Capital       decimal.Decimal // capital allocated (economic or regulatory), > 0
	// RiskFreeRate is the per-year return earned on the allocated capital, in [0, 1]; 0 when
	// the source's RAROC leaves it out.
	RiskFreeRate float64
}

// RAROC returns the risk-adjusted return on capital, a fraction per year:
//
//	RAROC = (Income − Funding − OperatingCost − ExpectedLoss + RiskFreeRate × Capital) / Capital
//
// The numerator is exact in cents except for the risk-free return on capital, which is
// rounded half to even to the cent at the package's one money boundary.
//
// Errors ([*InputError]): [ErrAmount] for a negative or out-of-range amount; [ErrCapital] for
// zero capital; [ErrRate] for a risk-free rate outside [0, 1].
//
// References:
//   - Saunders, A. and Allen, L., Credit Risk Measurement, 2nd ed., ch. 13 (RAROC: adjusted
//     income over capital at risk).
//   - GARP FRM Part II, Credit Risk Measurement and Management: RAROC = (revenues − costs −
//     expected loss + return on economic capital) / economic capital.
func RAROC(e Economics) (float64, error) {
	fields := [...]struct {
		name string
		d    decimal.Decimal
	}{{"income", e.Income}, {"funding", e.Funding}, {"operatingCost", e.OperatingCost},
		{"expectedLoss", e.ExpectedLoss}, {"capital", e.Capital}}
	var c [len(fields)]int64
	for i, f := range fields {
		v, ok := toCents(f.d)
		if !ok || v < 0 {
			return 0, amountErr(f.name, f.d)
		}
		c[i] = v
	}
	if c[4] == 0 {
		return 0, &InputError{Field: "capital", Value: "0", Err: ErrCapital}
	}
	if !(e.RiskFreeRate >= 0 && e.RiskFreeRate <= 1) {
		return 0, inErr("riskFreeRate", e.RiskFreeRate, ErrRate)
	}
	rf, _ := applyFactor(c[4], e.RiskFreeRate)
	return float64(c[0]-c[1]-c[2]-c[3]+rf) / float64(c[4]), nil
}

// PricedLoan is one booked loan for [ReviewPricing]: its contract rate, its risk-based
// [Price] and its balance. The zero value is a loan of balance 0 priced at 0.
type PricedLoan struct {
	Rate    float64         // contract rate per year, finite, in [−1, 10]
	Price   Price           // the loan's risk-based price
	Balance decimal.Decimal // balance outstanding, ≥ 0
}

// Underpriced is one loan priced below its risk-based rate.
type Underpriced struct {
	Index int     // position in the input
	Rate  float64 // contract rate
	// Gap is Price.Rate − Rate > 0, the rate missing to earn the hurdle; FloorGap is
	// Price.Floor − Rate, positive when the loan loses money.
	Gap, FloorGap float64
	// Shortfall is Gap × Balance per year; Loss is FloorGap × Balance per year when the loan
	// is below its floor, else 0. Both rounded half to even to the cent.
	Shortfall, Loss decimal.Decimal
}

// PricingReview is the portfolio view of [ReviewPricing]. The zero value is an empty review.
type PricingReview struct {
	N          int           // loans reviewed
	BelowRate  int           // loans priced below their risk-based rate (RAROC below the hurdle)
	BelowFloor int           // loans priced below their floor (losing money)
	Loans      []Underpriced // the loans below their risk-based rate, in input order
	// Shortfall is Σ Gap × Balance over the loans below their rate; Loss Σ FloorGap × Balance
	// over the loans below their floor; both per year.
	Shortfall, Loss decimal.Decimal
}

// ReviewPricing lists the loans whose contract rate is below their risk-based rate, and among
// them those below their floor, with the annual shortfall and loss in money. loans is not
// modified. A loan exactly at its rate is not underpriced.
//
// Errors ([*InputError], Field "loans[i].rate" or "loans[i].balance"): [ErrRate] for a rate
// that is not finite or outside [−1, 10] or a Price with non-finite rates; [ErrAmount] for a
// negative or out-of-range balance. The first bad loan stops the review.
//
// Cost O(n); it allocates the list of underpriced loans.
func ReviewPricing(loans []PricedLoan) (PricingReview, error) {
	r := PricingReview{N: len(loans)}
	var short, loss int64
	for i := range loans {
		l := &loans[i]
		field := "loans[" + strconv.Itoa(i) + "]."
		if !(l.Rate >= -1 && l.Rate <= 10) {
			return PricingReview{}, inErr(field+"rate", l.Rate, ErrRate)
		}
		if !(math.Abs(l.Price.Rate) <= 20 && math.Abs(l.Price.Floor) <= 20) {
			return PricingReview{}, inErr(field+"price.rate", l.Price.Rate, ErrRate)
		}
		bal, ok := toCents(l.Balance)
		if !ok || bal < 0 {
			return PricingReview{}, amountErr(field+"balance", l.Balance)
		}
		gap := l.Price.Rate - l.Rate
		if !(gap > 0) {
			continue
		}
		u := Underpriced{Index: i, Rate: l.Rate, Gap: gap, FloorGap: l.Price.Floor - l.Rate}
		s, _ := applyFactor(bal, gap) // gap ≤ 30
		if short > math.MaxInt64/2-s {
			return PricingReview{}, amountErr(field+"balance", l.Balance) // total beyond 4.6·10¹⁶ units
		}
		short += s
		u.Shortfall, u.Loss = fromCents(s), decimal.Zero
		r.BelowRate++
		if u.FloorGap > 0 {
			x, _ := applyFactor(bal, u.FloorGap) // loss ≤ shortfall + rf·capital: bounded with it
			loss += x
			u.Loss = fromCents(x)
			r.BelowFloor++
		}
		r.Loans = append(r.Loans, u)
	}
	r.Shortfall, r.Loss = fromCents(short), fromCents(loss)
	return r, nil
}
