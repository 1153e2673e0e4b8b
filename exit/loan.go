package exit

import (
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// Loan is the per-call input of [OptionSet.Choose]: one troubled exposure and
// the facts the options' preconditions and cash-flow models need. Amounts are
// currency units, rounded half to even to the cent on entry. The zero value
// is invalid (EAD must be positive); zero in any other field means what its
// doc says (no collateral, not viable, never restructured, …).
type Loan struct {
	ID string // caller's identifier; optional, not used in the valuation

	EAD            decimal.Decimal // exposure at default (claim outstanding), > 0
	ContractRate   float64         // contractual interest rate per year, fraction in (−1, MaxContractRate]
	RemainingYears float64         // remaining contractual term in years, ≥ 0; 0 means 1 year
	// PD is the probability of default over the remaining term, in [0, 1];
	// it sets the performing paths' default scenario. A Defaulted loan is
	// valued with PD 1.
	PD        float64
	Defaulted bool // in default / classified non-performing (NPL)
	DPD       int  // days past due, ≥ 0; 0 is current

	WarningLevel WarningLevel // early-warning level from monitoring
	Viable       bool         // the business model is viable (restructuring precondition)
	// DSCR is the projected debt-service coverage ratio after restructuring
	// (cash flow available for debt service / debt service), ≥ 0.
	DSCR float64
	// Restructurings is the number of concessions already granted, ≥ 0.
	Restructurings int
	// LastRestructured is the date of the last restructuring, in the years
	// 1 to 9999 and not after the asOf date of the call; the zero time means
	// never.
	LastRestructured time.Time

	Collateral            decimal.Decimal // appraised value of existing collateral, ≥ 0; zero means unsecured
	CollateralType        CollateralType  // selects the default haircut
	CollateralEnforceable bool            // the collateral can be enforced (registered, marketable)
	NewCollateral         decimal.Decimal // appraised value a sponsor offers to add, ≥ 0
	Guarantee             decimal.Decimal // amount guaranteed by a third party, ≥ 0
	GuarantorSolvent      bool            // the guarantor can pay
	// RecoveryExhausted marks a loan on which no further recovery is
	// reasonably expected (write-off precondition).
	RecoveryExhausted bool
}

// loanCents is a validated Loan in cents.
type loanCents struct {
	ead, coll, newColl, guar int64
	pd, term                 float64
}

func (l *Loan) validate() (loanCents, error) {
	var c loanCents
	var ok bool
	if c.ead, ok = toCents(l.EAD); !ok {
		return c, l.err("ead", l.EAD, ErrAmount)
	}
	if c.ead <= 0 {
		return c, l.err("ead", l.EAD, ErrEAD)
	}
	for _, f := range []struct {
		name string
		d    decimal.Decimal
		dst  *int64
	}{{"collateral", l.Collateral, &c.coll}, {"newCollateral", l.NewCollateral, &c.newColl}, {"guarantee", l.Guarantee, &c.guar}} {
		v, ok := toCents(f.d)
		if !ok || v < 0 {
			return c, l.err(f.name, f.d, ErrAmount)
		}
		*f.dst = v
	}
	if checkRate("", l.ContractRate) != nil || l.ContractRate > MaxContractRate {
		return c, l.err("contractRate", l.ContractRate, ErrRate)
	}
	if !(l.RemainingYears >= 0 && l.RemainingYears <= 100) {
		return c, l.err("remainingYears", l.RemainingYears, ErrValue)
	}
	if !(l.PD >= 0 && l.PD <= 1) {
		return c, l.err("pd", l.PD, ErrProbability)
	}
	if l.DPD < 0 {
		return c, l.err("dpd", l.DPD, ErrValue)
	}
	if l.WarningLevel >= numLevels {
		return c, l.err("warningLevel", l.WarningLevel, ErrValue)
	}
	if l.CollateralType >= numCollateralTypes {
		return c, l.err("collateralType", l.CollateralType, ErrValue)
	}
	if !(l.DSCR >= 0) || math.IsInf(l.DSCR, 0) {
		return c, l.err("dscr", l.DSCR, ErrValue)
	}
	if l.Restructurings < 0 {
		return c, l.err("restructurings", l.Restructurings, ErrValue)
	}
	c.pd = l.PD
	if l.Defaulted {
		c.pd = 1
	}
	c.term = l.RemainingYears
	if c.term == 0 {
		c.term = 1
	}
	return c, nil
}

// validateDates checks the dates of a Choose call: asOf and a non-zero
// LastRestructured in the years 1 to 9999 (the library's date bound), and
// the last restructuring not after asOf, which would otherwise count as
// "within the observation period" and silently make restructuring
// infeasible.
func (l *Loan) validateDates(asOf time.Time) error {
	if y := asOf.Year(); y < 1 || y > 9999 {
		return l.err("asOf", asOf.Format(time.DateOnly), ErrValue)
	}
	if l.LastRestructured.IsZero() {
		return nil
	}
	if y := l.LastRestructured.Year(); y < 1 || y > 9999 {
		return l.err("lastRestructured", l.LastRestructured.Format(time.DateOnly), ErrValue)
	}
	if civilDays(l.LastRestructured, asOf) < 0 {
		return l.err("lastRestructured", l.LastRestructured.Format(time.DateOnly)+" (after asOf "+asOf.Format(time.DateOnly)+")", ErrValue)
	}
	return nil
}

func (l *Loan) err(field string, v any, sentinel error) *InputError {
	return inputErr(field, v, sentinel)
}
