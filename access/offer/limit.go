package offer

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// BasisResult is one basis of a credit limit. The zero value is a basis that does not apply.
type BasisResult struct {
	Basis  Basis
	Reason BasisReason // NotApplied when the basis does not apply to the application
	amount int64       // cents, ≥ 0
}

// Applied reports whether the basis applies to the application.
func (b BasisResult) Applied() bool { return b.Reason != NotApplied }

// Amount returns the limit on this basis (≥ 0), or 0 when it does not apply.
func (b BasisResult) Amount() decimal.Decimal { return fromCents(b.amount) }

// Limit is a credit limit: the smallest of the bases that apply. The zero value is an empty
// limit with an [UnknownBasis] binding basis.
type Limit struct {
	// Bases holds each basis in [Basis] order: Bases[b-1] is basis b.
	Bases [numBases - 1]BasisResult
	// Binding is the basis that sets the limit: the applied basis with the smallest amount,
	// the first in Basis order on ties.
	Binding Basis
	// WorkingCapital is the working-capital formula's detail, zero when the basis does not
	// apply; CashFlow the cash-flow capacity's detail at the sizing rate.
	WorkingCapital WorkingCapitalResult
	CashFlow       CashFlowResult
	// SizingRate is the per-year rate at which the cash-flow capacity was computed.
	SizingRate float64

	amount int64
}

// Amount returns the credit limit, the binding basis's amount, ≥ 0.
func (l *Limit) Amount() decimal.Decimal { return fromCents(l.amount) }

// Basis returns the result of basis b, or the zero BasisResult for an invalid b.
func (l *Limit) Basis(b Basis) BasisResult {
	if b == UnknownBasis || b >= numBases {
		return BasisResult{}
	}
	return l.Bases[b-1]
}

func (l *Limit) set(b Basis, r BasisReason, cents int64) {
	l.Bases[b-1] = BasisResult{Basis: b, Reason: r, amount: max(cents, 0)}
}

// limitTo computes the limit of a validated application at the sizing rate into dst.
// Money inputs other than the working-capital ones are converted here.
func (p *OfferPolicy) limitTo(dst *Limit, a *Application, pr product, sales int64, sizing float64, prefix string) error {
	*dst = Limit{SizingRate: sizing}
	for b := Basis(1); b < numBases; b++ {
		dst.Bases[b-1].Basis = b
	}
	if pr.wc {
		wc, err := workingCapital(&a.WorkingCapital, prefix, "workingCapital.")
		if err != nil {
			return err
		}
		dst.WorkingCapital = wc
		if wc.gap > 0 {
			dst.set(WorkingCapitalBasis, FundingGap, wc.gap)
		} else {
			dst.set(WorkingCapitalBasis, NeedCovered, 0)
		}
	}
	cf, ok := toCents(a.CashFlow)
	if !ok {
		return amountErr(prefix+"cashFlow", a.CashFlow)
	}
	eds, ok := toCents(a.ExistingDebtService)
	if !ok || eds < 0 {
		return amountErr(prefix+"existingDebtService", a.ExistingDebtService)
	}
	cr, err := cashFlowCapacity(cf, eds, p.minDSCR, sizing, a.Repayment, prefix, "repayment.")
	if err != nil {
		return err
	}
	dst.CashFlow = cr
	if cr.principal > 0 {
		dst.set(CashFlowBasis, DebtService, cr.principal)
	} else {
		dst.set(CashFlowBasis, NoDebtCapacity, 0)
	}
	if pr.secured {
		var lv int64
		for i := range a.Collateral {
			c := &a.Collateral[i]
			v, ok := toCents(c.Value)
			if !ok || v < 0 {
				return amountErr(prefix+"collateral["+strconv.Itoa(i)+"].value", c.Value)
			}
			if !(c.Haircut >= 0 && c.Haircut <= 1) {
				return inErr(prefix+"collateral["+strconv.Itoa(i)+"].haircut", c.Haircut, ErrProbability)
			}
			if !c.Type.IsValid() {
				return &InputError{Field: prefix + "collateral[" + strconv.Itoa(i) + "].type", Value: strconv.Itoa(int(c.Type)), Err: ErrUnknown}
			}
			x, _ := applyFactor(v, p.advance[c.Type]*(1-c.Haircut)) // factor in [0, 1]
			lv += x                                                 // ≤ MaxItems · 10¹⁵: no overflow
		}
		if lv > maxCents {
			lv = maxCents
		}
		if lv > 0 {
			dst.set(CollateralBasis, LendingValue, lv)
		} else {
			dst.set(CollateralBasis, NoEligibleSecurity, 0)
		}
	}
	if len(p.grades) > 0 {
		g, ok := p.grades[a.Grade]
		if !ok {
			return &InputError{Field: prefix + "grade", Value: cut(a.Grade), Err: ErrUnknown}
		}
		dst.set(GradeCapBasis, PolicyCap, g)
	}
	dst.set(ProductCapBasis, PolicyCap, pr.cap)
	if p.salesCap > 0 {
		s, _ := applyFactor(sales, p.salesCap) // sales ≤ 10¹⁵ cents, share ≤ 10
		dst.set(SalesShareBasis, PolicyCap, min(s, maxCents))
	}
	if p.capitalHeadroom >= 0 {
		ex, ok := toCents(a.ExistingExposure)
		if !ok || ex < 0 {
			return amountErr(prefix+"existingExposure", a.ExistingExposure)
		}
		if h := p.capitalHeadroom - ex; h > 0 {
			dst.set(CapitalShareBasis, CapitalHeadroom, h)
		} else {
			dst.set(CapitalShareBasis, CapitalUsed, 0)
		}
	}
	dst.amount, dst.Binding = -1, UnknownBasis
	for i := range dst.Bases {
		b := &dst.Bases[i]
		if b.Applied() && (dst.amount < 0 || b.amount < dst.amount) {
			dst.amount, dst.Binding = b.amount, b.Basis
		}
	}
	return nil
}
