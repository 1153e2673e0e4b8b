package offer

import (
	"math"

	"github.com/smecredit/smecredit/internal/irb"
)

// Price is the itemised risk-based price of a loan: per-year rates as fractions of the
// balance outstanding. The zero value is a free loan with no capital.
type Price struct {
	Funding       float64 // funds transfer price for the loan's term
	OperatingCost float64 // the policy's operating cost rate
	// ExpectedLoss is PD × LGD, the expected loss per year of balance outstanding. With the
	// one-year PD applied to each year's average balance B̄_y, the lifetime loss is
	// Σ_y PD·LGD·B̄_y; charged as a rate on the same balance-years Σ_y B̄_y it is PD·LGD
	// whatever the term and amortisation (a constant annual PD; a PD term structure would
	// weight the years).
	ExpectedLoss  float64
	CapitalCharge float64 // Capital × (hurdle rate − risk-free rate)
	// Rate is the risk-based rate, Funding + OperatingCost + ExpectedLoss + CapitalCharge: the
	// rate at which RAROC equals the hurdle rate.
	Rate float64
	// Floor is the rate at which RAROC is 0, Funding + OperatingCost + ExpectedLoss −
	// RiskFreeRate × Capital: below it the loan loses money.
	Floor float64
	// Capital is the capital allocated per unit of balance, CapitalRatio × RiskWeight.
	Capital float64
	// RiskWeight is 12.5·K under IRB, or the caller's standardised risk weight (1.0 = 100 %).
	RiskWeight float64
	// PD is the PD used for capital (after the policy's floor); R and K the IRB asset
	// correlation and capital requirement per unit of EAD (both 0 under a standardised
	// weight). Above the PD at which the IRB K peaks (0.275–0.31 by class and maturity) K
	// falls with PD; K here is the peak value there (the running maximum of K over PD), so
	// that a higher PD never lowers the price.
	PD, R, K float64
	// RiskFreeRate and HurdleRate are the policy's, kept for RAROC and BreakEven.
	RiskFreeRate, HurdleRate float64
}

// RAROC returns the risk-adjusted return on capital of the loan at a per-year rate:
//
//	RAROC = (rate − Funding − OperatingCost − ExpectedLoss + RiskFreeRate × Capital) / Capital
//
// that is (income − funding − operating cost − EL) / capital, per unit of balance, with the
// income including the risk-free return on the capital the loan ties up.
//
// Errors: [ErrCapital] (as an [*InputError] on "capital") when Capital is 0 (LGD 0 under IRB);
// [ErrRate] for a rate that is not finite.
//
// References:
//   - Saunders, A. and Allen, L., Credit Risk Measurement, 2nd ed., ch. 13 (RAROC models).
//   - Bessis, J., Risk Management in Banking, the chapters on risk-based pricing and
//     RaRoC.
func (p Price) RAROC(rate float64) (float64, error) {
	if !finite(rate) || math.Abs(rate) > 10 {
		return 0, inErr("rate", rate, ErrRate)
	}
	if !(p.Capital > 0) {
		return 0, inErr("capital", p.Capital, ErrCapital)
	}
	return (rate - p.Funding - p.OperatingCost - p.ExpectedLoss + p.RiskFreeRate*p.Capital) / p.Capital, nil
}

// BreakEven returns the per-year rate at which [Price.RAROC] equals target, a return on
// capital per year:
//
//	rate = Funding + OperatingCost + ExpectedLoss + Capital × (target − RiskFreeRate)
//
// BreakEven(HurdleRate) is Rate and BreakEven(0) is Floor.
//
// Errors: [ErrRate] (as an [*InputError] on "target") for a target that is not finite or
// outside [−10, 10].
func (p Price) BreakEven(target float64) (float64, error) {
	if !finite(target) || math.Abs(target) > 10 {
		return 0, inErr("target", target, ErrRate)
	}
	return p.Funding + p.OperatingCost + p.ExpectedLoss + p.Capital*(target-p.RiskFreeRate), nil
}

// price fills the risk-based price of a validated application; sales is in cents.
func (p *OfferPolicy) price(dst *Price, a *Application, sales int64) {
	months := float64(a.Repayment.TermMonths)
	*dst = Price{
		Funding:       p.transferRate(months),
		OperatingCost: p.opex,
		ExpectedLoss:  a.PD * a.LGD,
		RiskFreeRate:  p.riskFree,
		HurdleRate:    p.hurdle,
	}
	if a.RiskWeight > 0 {
		dst.RiskWeight = a.RiskWeight
	} else if pd := max(a.PD, p.pdFloor); pd > 0 {
		m := min(max(months/12, 1), 5)
		var s float64
		if p.class == irb.SMECorporate {
			s = min(float64(sales)/p.salesPerMillion, 50)
		}
		dst.PD = pd
		dst.R, dst.K = capitalK(p.class, pd, a.LGD, m, s, p.g999)
		dst.RiskWeight = 12.5 * dst.K
	}
	dst.Capital = p.capitalRatio * dst.RiskWeight
	dst.CapitalCharge = dst.Capital * (p.hurdle - p.riskFree)
	dst.Rate = dst.Funding + dst.OperatingCost + dst.ExpectedLoss + dst.CapitalCharge
	dst.Floor = dst.Funding + dst.OperatingCost + dst.ExpectedLoss - p.riskFree*dst.Capital
}

// The IRB K rises with PD up to a peak and falls after it; over every class, maturity in
// [1, 5] and SME sales in [5, 50] the peak lies between PD 0.275 (corporate) and 0.405 (other
// retail) (TestCapitalKEnvelope checks that it lies inside [kPeakFrom, kPeakTo]).
const (
	kPeakFrom = 0.25
	kPeakTo   = 0.50
)

// capitalK returns the asset correlation at pd and the capital requirement used for pricing:
// K(min(pd, p*)), with p* the PD at which K peaks for the class, maturity and sales. Beyond
// the peak the price's capital charge stays at the peak K, so a higher PD never lowers the
// price. p* is the lower end of the bracket left by a golden-section search on [kPeakFrom,
// kPeakTo] (24 steps, bracket below 2·10⁻⁶): K rises up to it, so K(min(pd, p*)) is
// non-decreasing in pd exactly, and K(p*) is within 10⁻¹⁰ of the peak. The search runs only for
// pd > kPeakFrom: cost O(1), 26 evaluations of K there.
func capitalK(c irb.Class, pd, lgd, m, s, g999 float64) (r, k float64) {
	if pd <= kPeakFrom {
		r, _, k = irb.Capital(c, pd, lgd, m, s, g999)
		return r, k
	}
	r = irb.Correlation(c, pd, s)
	f := func(q float64) float64 { _, _, k := irb.Capital(c, q, lgd, m, s, g999); return k }
	const phi = 0.6180339887498949
	lo, hi := kPeakFrom, kPeakTo
	x1, x2 := hi-phi*(hi-lo), lo+phi*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for range 24 {
		if f1 < f2 {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + phi*(hi-lo)
			f2 = f(x2)
		} else {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - phi*(hi-lo)
			f1 = f(x1)
		}
	}
	return r, f(min(pd, lo))
}
