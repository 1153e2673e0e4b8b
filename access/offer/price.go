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
	ExpectedLoss  float64 // PD × LGD: expected loss per year of balance outstanding
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
	// weight).
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
		dst.R, _, dst.K = irb.Capital(p.class, pd, a.LGD, m, s, p.g999)
		dst.RiskWeight = 12.5 * dst.K
	}
	dst.Capital = p.capitalRatio * dst.RiskWeight
	dst.CapitalCharge = dst.Capital * (p.hurdle - p.riskFree)
	dst.Rate = dst.Funding + dst.OperatingCost + dst.ExpectedLoss + dst.CapitalCharge
	dst.Floor = dst.Funding + dst.OperatingCost + dst.ExpectedLoss - p.riskFree*dst.Capital
}
