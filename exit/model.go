package exit

import (
	"math"

	"github.com/smecredit/smecredit/internal/enum"
)

// Branch names one branch of an option's cash-flow model. The zero value is
// [BranchPerform]; the text form is kebab-case ("perform", "win", …).
type Branch uint8

// Branches of the option models.
const (
	BranchPerform Branch = iota // the borrower pays as agreed
	BranchDefault               // the borrower defaults; the fallback enforcement follows
	BranchSuccess               // the restructuring cures the loan
	BranchFailure               // the restructuring fails; the fallback enforcement follows
	BranchSold                  // the collateral or the loan is sold
	BranchPays                  // the guarantor pays
	BranchRefuses               // the guarantor does not pay; the borrower is pursued unsecured
	BranchWin                   // the court case is won and enforced
	BranchLose                  // the court case is lost or nothing is collected
	BranchRecover               // later recoveries after write-off
)

var branchNames = enum.Names[Branch]{"perform", "default", "success", "failure", "sold", "pays", "refuses",
	"win", "lose", "recover"}

// String returns the text form, such as "perform".
func (b Branch) String() string { return branchNames.String(b) }

// IsValid reports whether b is one of the declared branches.
func (b Branch) IsValid() bool { return branchNames.Valid(b) }

// MarshalText returns the text form; it fails for unknown values.
func (b Branch) MarshalText() ([]byte, error) { return enumErrMarshal(branchNames.Marshal(b)) }

// UnmarshalText parses the text form.
func (b *Branch) UnmarshalText(t []byte) error { return enumErrUnmarshal(branchNames.Unmarshal(b, t)) }

// evaluator values options for one validated loan. It is built per call and
// never shared.
type evaluator struct {
	set  *OptionSet
	loan *Loan
	lc   loanCents
	ok   bool // false once an amount overflowed
	// culprit names the loan field that drove the first overflow ("" for ead).
	culprit string
	// dfs caches discount factors by day offset: an option set uses few
	// distinct times.
	dfs [16]struct {
		t  float64
		df float64
	}
	ndf int
}

// pv discounts c cents received t years after the valuation date. The
// offset is a fractional number of years of 365 days, turned into the set's
// day count without rounding to whole days: τ = t · 365 / B (τ = t under
// ACT/365F). See [Discount.PV] for the rounding of the product.
func (e *evaluator) pv(c int64, t float64) int64 {
	if c == 0 {
		return 0
	}
	for i := range e.ndf {
		if e.dfs[i].t == t {
			return e.discount(c, e.dfs[i].df)
		}
	}
	df := discountFactor(e.set.lr, t*365/e.set.dc.basis())
	if e.ndf < len(e.dfs) {
		e.dfs[e.ndf].t, e.dfs[e.ndf].df = t, df
		e.ndf++
	}
	return e.discount(c, df)
}

// discount applies a discount factor; an overflow through a factor above 1
// (a negative discount rate) is blamed on the set's discount rate.
func (e *evaluator) discount(c int64, df float64) int64 {
	r, ok := applyFactorLim(c, df, maxValueCents)
	if !ok && e.ok {
		e.ok = false
		if df > 1 {
			e.culprit = "discountRate"
		}
	}
	return r
}

// blame returns the input error for an overflow found while valuing loan.
func (e *evaluator) blame() *InputError {
	switch e.culprit {
	case "contractRate":
		return inputErr("contractRate", e.loan.ContractRate, ErrAmount)
	case "discountRate":
		return inputErr("discountRate", e.set.rate, ErrAmount)
	}
	return inputErr("ead", e.loan.EAD, ErrAmount)
}

func (e *evaluator) mul(c int64, f float64) int64 {
	r, ok := applyFactorLim(c, f, maxValueCents)
	if !ok {
		e.ok = false
	}
	return r
}

// interest returns the simple interest c·i·T of a performing path; an
// overflow there is blamed on the contract rate.
func (e *evaluator) interest(c int64, rate, years float64) int64 {
	r, ok := applyFactorLim(c, rate*years, maxValueCents)
	if !ok && e.ok {
		e.ok, e.culprit = false, "contractRate"
	}
	return r
}

// servicing is the present value (negative) of holding costs s·EAD·d,
// charged as one flow at the end of a path of d years.
func (e *evaluator) servicing(ead int64, s, d float64) int64 {
	if s == 0 || d == 0 {
		return 0
	}
	return -e.pv(e.mul(ead, s*d), d)
}

func (e *evaluator) haircut(p *params) float64 {
	if p.hasHaircut {
		return p.haircut
	}
	return e.loan.CollateralType.defaultHaircut()
}

func (e *evaluator) enforceable() int64 {
	if e.loan.CollateralEnforceable {
		return e.lc.coll
	}
	return 0
}

// fallback is the present value of enforcing a claim of ead cents secured by
// coll cents of collateral, starting t0 years from now:
//
//	g = min(A·(1 − h), E)                  gross collateral proceeds
//	PV = DF(t0 + Tc)·g·(1 − c) + DF(t0 + Tu)·ρ·(E − g)
//
// with h the haircut, c the enforcement cost rate, ρ the unsecured recovery
// rate, Tc and Tu the collateral and unsecured times to recovery.
func (e *evaluator) fallback(ead, coll int64, h, t0 float64) int64 {
	fb := &e.set.fb
	sum, rem := int64(0), ead
	if coll > 0 {
		g := min(e.mul(coll, 1-h), ead)
		sum += e.pv(g-e.mul(g, fb.cost), t0+fb.collYears)
		rem = ead - g
	}
	return sum + e.pv(e.mul(rem, fb.recovery), t0+fb.years)
}

// fixedAt returns the fixed cost netted from the proceeds at recovery: all of
// it when it is paid at recovery, else 0.
func (p *params) fixedAt() int64 {
	if p.timing == CostAtRecovery {
		return p.fixed
	}
	return 0
}

// fixedCost returns the present value (negative) of a fixed cost F that is
// not paid at recovery, on a path of T years:
//
//	upfront:   −F now
//	periodic:  −Σₖ₌₁^⌊T⌋ DF(k)·F − DF(T)·F·(T − ⌊T⌋)
//
// and 0 when it is paid at recovery (see fixedAt). T ≤ 100, so at most 101
// flows.
func (e *evaluator) fixedCost(p *params, T float64) int64 {
	if p.fixed == 0 {
		return 0
	}
	switch p.timing {
	case CostUpfront:
		return -p.fixed
	case CostPeriodic:
		var sum int64
		n := int(T)
		for k := 1; k <= n; k++ {
			sum -= e.pv(p.fixed, float64(k))
		}
		if f := T - float64(n); f > 0 {
			sum -= e.pv(e.mul(p.fixed, f), T)
		}
		return sum
	}
	return 0
}

// branch is one outcome of a model with its probability and PV in cents.
type branch struct {
	branch Branch
	prob   float64
	pv     int64
}

// model returns the branches of option kind k under assumptions p; see
// [Params] and the package documentation for the formulas.
func (e *evaluator) model(k OptionKind, p *params, out []branch) []branch {
	l, lc := e.loan, &e.lc
	E := lc.ead
	rc := l.ContractRate
	switch k {
	case Continue, AddCollateral:
		T := lc.term
		if p.hasYears {
			T = p.years
		}
		q := 1 - lc.pd
		if p.hasSuccess {
			q = p.success
		}
		tau := T / 2
		if p.hasFail {
			tau = p.failYears
		}
		coll := e.enforceable()
		if k == AddCollateral {
			coll += lc.newColl
		}
		perform := e.pv(E+e.interest(E, rc, T), T) + e.servicing(E, p.servicing, T)
		def := e.fallback(E, coll, e.haircut(p), tau) + e.servicing(E, p.servicing, tau+e.set.fb.years)
		return append(out, branch{BranchPerform, q, perform}, branch{BranchDefault, 1 - q, def})
	case ReduceExposure:
		tr, T := p.years, max(lc.term, p.years)
		q := 1 - lc.pd
		if p.hasSuccess {
			q = p.success
		}
		tau := T / 2
		if p.hasFail {
			tau = p.failYears
		}
		tau = max(tau, tr)
		red := e.mul(E, p.reduce)
		R := E - red
		end := tau + e.set.fb.years
		perform := e.pv(red, tr) + e.pv(R+e.interest(R, rc, T), T) -
			e.pv(e.mul(E, p.servicing*tr)+e.mul(R, p.servicing*(T-tr)), T)
		def := e.pv(red, tr) + e.fallback(R, e.enforceable(), e.haircut(p), tau) -
			e.pv(e.mul(E, p.servicing*tr)+e.mul(R, p.servicing*(end-tr)), end)
		return append(out, branch{BranchPerform, q, perform}, branch{BranchDefault, 1 - q, def})
	case Restructure:
		n := int(p.years)
		q := 0.5
		if l.Restructurings > 0 {
			q = 0.3
		}
		if p.hasSuccess {
			q = p.success
		}
		pay, ok := applyFactorLim(E, annuityFactor(rc, n), maxValueCents)
		if !ok && e.ok {
			e.ok, e.culprit = false, "contractRate"
		}
		succ := e.servicing(E, p.servicing, float64(n))
		for k := 1; k <= n; k++ {
			succ += e.pv(pay, float64(k))
		}
		fail := e.fallback(E, e.enforceable(), e.haircut(p), p.failYears) +
			e.servicing(E, p.servicing, p.failYears+e.set.fb.years)
		return append(out, branch{BranchSuccess, q, succ}, branch{BranchFailure, 1 - q, fail})
	case CollateralDisposal:
		T := p.years
		g := min(e.mul(lc.coll, 1-e.haircut(p)), E)
		v := e.pv(g-e.mul(g, p.cost)-p.fixedAt(), T) + e.fixedCost(p, T) +
			e.pv(e.mul(E-g, e.set.fb.recovery), max(T, e.set.fb.years)) +
			e.servicing(E, p.servicing, T)
		return append(out, branch{BranchSold, 1, v})
	case GuarantorEnforcement:
		T := p.years
		g := min(lc.guar, E)
		pays := e.pv(g-e.mul(g, p.cost)-p.fixedAt(), T) + e.fixedCost(p, T) +
			e.pv(e.mul(E-g, e.set.fb.recovery), max(T, e.set.fb.years)) +
			e.servicing(E, p.servicing, T)
		refuses := e.pv(-p.fixedAt(), T) + e.fixedCost(p, T) + e.pv(e.mul(E, e.set.fb.recovery), T+e.set.fb.years) +
			e.servicing(E, p.servicing, T+e.set.fb.years)
		return append(out, branch{BranchPays, p.success, pays}, branch{BranchRefuses, 1 - p.success, refuses})
	case Litigation:
		T := p.years
		r := e.mul(E, p.recovery)
		win := e.pv(r-e.mul(r, p.cost)-p.fixedAt(), T) + e.fixedCost(p, T) + e.servicing(E, p.servicing, T)
		lose := e.pv(-p.fixedAt(), T) + e.fixedCost(p, T) + e.servicing(E, p.servicing, T)
		return append(out, branch{BranchWin, p.success, win}, branch{BranchLose, 1 - p.success, lose})
	case Sale:
		price := e.mul(E, p.price)
		v := e.pv(price-e.mul(price, p.cost)-p.fixedAt(), p.years) + e.fixedCost(p, p.years) + e.servicing(E, p.servicing, p.years)
		return append(out, branch{BranchSold, 1, v})
	case WriteOff:
		r := e.mul(E, p.recovery)
		v := e.pv(r-e.mul(r, p.cost)-p.fixedAt(), p.years) + e.fixedCost(p, p.years) + e.servicing(E, p.servicing, p.years)
		return append(out, branch{BranchRecover, 1, v})
	}
	panic("exit: unknown option kind " + k.String())
}

// annuityFactor returns the level payment per unit of principal repaid over
// n annual instalments at rate r:
//
//	a = r / (1 − (1 + r)^(−n)),  a = 1/n when r = 0
//
// References:
//   - Brealey, Myers and Allen, Principles of Corporate Finance, 13th ed., ch. 2 (annuities).
func annuityFactor(r float64, n int) float64 {
	if r == 0 {
		return 1 / float64(n)
	}
	return r / -math.Expm1(-float64(n)*math.Log1p(r))
}

// infeasible appends the reasons option kind k is infeasible for the loan.
func (e *evaluator) infeasible(k OptionKind, p *params, asOfDays func() int, out []ReasonCode) []ReasonCode {
	l, lc := e.loan, &e.lc
	defaulted := l.Defaulted
	switch k {
	case Continue:
		if l.WarningLevel > Yellow {
			out = append(out, ReasonLevelTooHigh)
		}
		if defaulted || l.DPD > 0 {
			out = append(out, ReasonNotCurrent)
		}
		if !l.Viable {
			out = append(out, ReasonNotViable)
		}
	case ReduceExposure:
		if l.WarningLevel < Yellow {
			out = append(out, ReasonLevelTooLow)
		}
		if l.WarningLevel > Orange {
			out = append(out, ReasonLevelTooHigh)
		}
		if defaulted {
			out = append(out, ReasonDefaulted)
		}
	case AddCollateral:
		if lc.newColl == 0 {
			out = append(out, ReasonNoNewCollateral)
		}
		if !l.Viable {
			out = append(out, ReasonNotViable)
		}
	case Restructure:
		if !l.Viable {
			out = append(out, ReasonNotViable)
		}
		if l.DSCR < p.minDSCR {
			out = append(out, ReasonDSCRBelowMinimum)
		}
		if l.Restructurings >= 2 {
			out = append(out, ReasonRestructuredTwice)
		}
		if !l.LastRestructured.IsZero() && asOfDays() < e.set.obsDays {
			out = append(out, ReasonObservationPeriod)
		}
	case CollateralDisposal:
		if lc.coll == 0 {
			out = append(out, ReasonNoCollateral)
		} else if !l.CollateralEnforceable {
			out = append(out, ReasonNotEnforceable)
		}
	case GuarantorEnforcement:
		if lc.guar == 0 {
			out = append(out, ReasonNoGuarantee)
		} else if !l.GuarantorSolvent {
			out = append(out, ReasonGuarantorInsolvent)
		}
	case Litigation:
		if !defaulted && l.DPD < 90 {
			out = append(out, ReasonNoDefaultEvent)
		}
	case Sale:
		if !defaulted {
			out = append(out, ReasonNotClassifiedNPL)
		}
	}
	return out
}
