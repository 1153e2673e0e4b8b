package monitor

import (
	"math/bits"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// UTP is a set of unlikeliness-to-pay indications (bit flags). The zero value is the empty
// set.
type UTP uint8

// The unlikeliness-to-pay indications of CRR Art. 178(3). Text names in parentheses.
const (
	UTPNonAccrual              UTP = 1 << iota // interest no longer recognised ("non-accrual")
	UTPSpecificAdjustment                      // specific credit risk adjustment for a credit-quality decline ("specific-adjustment")
	UTPSaleAtLoss                              // credit obligation sold at a material credit-related loss ("sale-at-loss")
	UTPDistressedRestructuring                 // distressed restructuring (diminished obligation > 1 % NPV) ("distressed-restructuring")
	UTPBankruptcy                              // bankruptcy filed or similar protection sought ("bankruptcy")
	UTPOther                                   // other indication the obligor is unlikely to pay in full ("other")
	numUTP                     = iota
)

var utpNames = [numUTP]string{"non-accrual", "specific-adjustment", "sale-at-loss", "distressed-restructuring",
	"bankruptcy", "other"}

// String returns the text name of a single indication, names joined by "|" for a set, "none"
// for the empty set, and "UTP(0x…)" for undefined bits.
func (u UTP) String() string {
	if u == 0 {
		return "none"
	}
	s := ""
	for v := u; v != 0; v &= v - 1 {
		i := bits.TrailingZeros8(uint8(v))
		name := "UTP(0x" + strconv.FormatUint(uint64(1)<<i, 16) + ")"
		if i < numUTP {
			name = utpNames[i]
		}
		if s != "" {
			s += "|"
		}
		s += name
	}
	return s
}

// IsValid reports whether u has no undefined bits.
func (u UTP) IsValid() bool { return u < 1<<numUTP }

// DefaultInput is what [AssessDefault] needs about one obligation (or obligor) at asOf. The
// zero value is a current obligation that never defaulted.
type DefaultInput struct {
	Loan LoanID // identifier used in errors; may be empty
	// DPD is the number of consecutive days the past-due amount has been material (the
	// counter starts when both materiality thresholds are breached), ≥ 0.
	DPD      int
	PastDue  decimal.Decimal // amount past due now, ≥ 0
	Exposure decimal.Decimal // on-balance-sheet exposure now, ≥ 0
	UTP      UTP             // unlikeliness-to-pay indications now
	// LastTrigger is the last date on which any default trigger held; the zero time means the
	// obligation never defaulted. Probation runs from this date.
	LastTrigger time.Time
	// Restructured marks a default that involved a distressed restructuring: the longer
	// probation applies.
	Restructured bool
}

// DefaultOptions is one jurisdiction's default definition. Zero fields take the defaults
// stated per field; use [EURetailDefault] or [EUNonRetailDefault] for the EU thresholds.
type DefaultOptions struct {
	DPD      int             // days past due on a material amount that trigger default; 0 means 90
	Absolute decimal.Decimal // absolute materiality threshold (past due must exceed it); zero means none
	Relative float64         // relative threshold: past due / exposure must exceed it; fraction, 0 means none
	// Probation is the cure period in months after all triggers cease; 0 means 3; at most
	// [MaxProbationMonths].
	Probation int
	// RestructuringProbation is the cure period in months after a distressed restructuring;
	// 0 means 12; at most [MaxProbationMonths].
	RestructuringProbation int
}

// EURetailDefault returns the EU default definition for retail exposures: 90 days past due on
// an amount above EUR 100 and above 1 % of the exposure, 3 months' probation, 12 after a
// distressed restructuring. Amounts are in EUR; convert for other currencies.
//
// References:
//   - CRR Art. 178(1)(b), 178(2)(d); Commission Delegated Regulation (EU) 2018/171, Art. 1.
//   - EBA/GL/2016/07 §71–72 (probation).
func EURetailDefault() DefaultOptions {
	return DefaultOptions{DPD: 90, Absolute: decimal.NewFromInt(100), Relative: 0.01, Probation: 3, RestructuringProbation: 12}
}

// EUNonRetailDefault is [EURetailDefault] with the non-retail absolute threshold, EUR 500.
//
// References:
//   - Commission Delegated Regulation (EU) 2018/171, Art. 2.
func EUNonRetailDefault() DefaultOptions {
	o := EURetailDefault()
	o.Absolute = decimal.NewFromInt(500)
	return o
}

// DefaultResult is the result of [AssessDefault].
type DefaultResult struct {
	Defaulted bool         // in default now (a trigger holds, or probation is running)
	Probation bool         // no trigger holds now, but the probation period has not ended
	CureDate  time.Time    // end of probation when Probation; zero otherwise
	Reasons   []ReasonCode // triggers that hold, or ReasonProbation
}

// Floor returns Red for a defaulted obligation (including one in probation), otherwise Green:
// a default under CRR Art. 178 is an NPL/default candidate whatever the signals say.
func (r DefaultResult) Floor() WarningLevel {
	if r.Defaulted {
		return Red
	}
	return Green
}

// AssessDefault applies the Basel/EU definition of default at asOf:
//
//	material  = PastDue > Absolute  and  PastDue > Relative · Exposure
//	default   = (material and DPD > opts.DPD)  or  UTP ≠ ∅
//	probation = not default now, LastTrigger ≠ 0 and asOf < LastTrigger + m months
//
// with m = Probation (3) or RestructuringProbation (12) when in.Restructured. An obligation in
// probation is still in default. The comparison with the relative threshold is done in exact
// decimal arithmetic, Relative read as the shortest decimal that rounds to it (0.01 is 1/100), so amounts must lie in the exponent range [MinExponent,
// MaxExponent]. Errors: an [*InputError] wrapping [ErrInvalidInput] for negative DPD or
// amounts, an amount's exponent out of range, a LastTrigger after asOf, asOf or LastTrigger
// outside the years 1 to 9999 or undefined bits in UTP; one wrapping [ErrInvalidParameter]
// naming the option ("opts.dpd", "opts.absolute", "opts.relative", "opts.probation",
// "opts.restructuringProbation") for negative options, a probation above
// [MaxProbationMonths], a Relative outside [0, 1) or an Absolute out of range. Cost O(1).
//
// References:
//   - Basel Framework CRE36.69 (Basel II §452); CRR Art. 178(1) and 178(3).
//   - Commission Delegated Regulation (EU) 2018/171 (materiality thresholds).
//   - EBA/GL/2016/07 Guidelines on the application of the definition of default, §71–72.
func AssessDefault(in DefaultInput, asOf time.Time, opts DefaultOptions) (DefaultResult, error) {
	var r DefaultResult
	if opts.DPD == 0 {
		opts.DPD = 90
	}
	if opts.Probation == 0 {
		opts.Probation = 3
	}
	if opts.RestructuringProbation == 0 {
		opts.RestructuringProbation = 12
	}
	switch {
	case opts.DPD < 0:
		return r, paramErr("opts.dpd", float64(opts.DPD), "≥ 0")
	case !(opts.Relative >= 0 && opts.Relative < 1):
		return r, paramErr("opts.relative", opts.Relative, "in [0, 1)")
	case opts.Probation < 0 || opts.Probation > MaxProbationMonths:
		return r, paramErr("opts.probation", float64(opts.Probation), "in [0, 1200] months")
	case opts.RestructuringProbation < 0 || opts.RestructuringProbation > MaxProbationMonths:
		return r, paramErr("opts.restructuringProbation", float64(opts.RestructuringProbation), "in [0, 1200] months")
	}
	absolute, err := checkAmount("", "opts.absolute", opts.Absolute)
	if err != nil {
		err.(*InputError).Err = ErrInvalidParameter
		return r, err
	}
	bad := func(field, v string) error { return inputErr(in.Loan, field, v, ErrInvalidInput) }
	switch {
	case in.DPD < 0:
		return r, bad("dpd", strconv.Itoa(in.DPD))
	case !dateOK(asOf):
		return r, bad("asOf", dateText(asOf)+" (want years 1 to 9999)")
	case !dateOK(in.LastTrigger):
		return r, bad("lastTrigger", dateText(in.LastTrigger)+" (want years 1 to 9999)")
	case in.LastTrigger.After(asOf):
		return r, bad("lastTrigger", dateText(in.LastTrigger)+" after asOf")
	case !in.UTP.IsValid():
		return r, bad("utp", "0x"+strconv.FormatUint(uint64(in.UTP), 16)+" (unknown bits)")
	}
	pastDue, err := checkAmount(in.Loan, "pastDue", in.PastDue)
	if err != nil {
		return r, err
	}
	exposure, err := checkAmount(in.Loan, "exposure", in.Exposure)
	if err != nil {
		return r, err
	}
	// Relative·Exposure exactly, Relative read as its shortest decimal form (at most 17
	// significant digits, exponent ≥ −340), so the product's exponent stays bounded.
	material := pastDue.Cmp(absolute) > 0 &&
		pastDue.Cmp(exposure.Mul(decimal.NewFromFloat(opts.Relative))) > 0
	if material && in.DPD > opts.DPD {
		r.Reasons = append(r.Reasons, ReasonMaterialPastDue)
	}
	if in.UTP != 0 {
		r.Reasons = append(r.Reasons, ReasonUnlikelyToPay)
	}
	if len(r.Reasons) > 0 {
		r.Defaulted = true
		return r, nil
	}
	if !in.LastTrigger.IsZero() {
		m := opts.Probation
		if in.Restructured {
			m = opts.RestructuringProbation
		}
		if end := in.LastTrigger.AddDate(0, m, 0); asOf.Before(end) {
			r.Defaulted, r.Probation, r.CureDate = true, true, end
			r.Reasons = append(r.Reasons, ReasonProbation)
		}
	}
	return r, nil
}
