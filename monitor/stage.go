package monitor

import (
	"strconv"
	"time"
)

// StageInput is what [StageOf] needs about one loan at the reporting date. The zero value is
// a current, unrated loan without flags: Stage1.
type StageInput struct {
	Loan LoanID // identifier used in errors; may be empty

	DPD            int  // days past due on contractual payments, ≥ 0
	CreditImpaired bool // credit-impaired (IFRS 9 Appendix A events) or defaulted ⇒ Stage3

	// PDOrigination and PD are the lifetime (or 12-month) PDs at initial recognition and
	// now, as fractions in [0, 1]. Either zero means "not rated": no PD-ratio trigger.
	PDOrigination, PD float64

	Watchlist     bool // on the bank's watch list (SICR trigger)
	Forborne      bool // forbearance granted, performing (SICR trigger)
	LowCreditRisk bool // low credit risk at the reporting date: PD-ratio trigger not applied (IFRS 9 5.5.10)

	// LastSICR is the last date on which a Stage2 or Stage3 trigger held; the zero time means
	// never. It matters only with StageOptions.ProbationMonths.
	LastSICR time.Time
}

// StageOptions configures [StageOf]. Zero fields take the documented defaults; the DPD
// backstops are configurable because their presumptions are rebuttable.
type StageOptions struct {
	Stage2DPD int     // DPD above which the loan is Stage2; 0 means 30 (IFRS 9 5.5.11)
	Stage3DPD int     // DPD above which the loan is Stage3; 0 means 90 (IFRS 9 B5.5.37)
	PDRatio   float64 // PD / PDOrigination at or above which credit risk increased significantly; 0 means 2
	// ProbationMonths keeps a cured loan in Stage2 for this many months after LastSICR. IFRS 9
	// 5.5.7 sets no probation (0, the default); supervisors often expect one (e.g. 3 months).
	// At most [MaxProbationMonths].
	ProbationMonths int
}

// MaxProbationMonths bounds every probation period in months (StageOptions.ProbationMonths,
// DefaultOptions.Probation and RestructuringProbation): 100 years, far beyond any rule, and
// small enough that adding it to a date cannot overflow.
const MaxProbationMonths = 1200

func (o StageOptions) withDefaults() (StageOptions, error) {
	if o.Stage2DPD == 0 {
		o.Stage2DPD = 30
	}
	if o.Stage3DPD == 0 {
		o.Stage3DPD = 90
	}
	if o.PDRatio == 0 {
		o.PDRatio = 2
	}
	switch {
	case o.Stage2DPD < 0:
		return o, paramErr("opts.stage2DPD", float64(o.Stage2DPD), "≥ 0; 0 means 30")
	case o.Stage3DPD < 0:
		return o, paramErr("opts.stage3DPD", float64(o.Stage3DPD), "≥ 0; 0 means 90")
	case o.Stage3DPD < o.Stage2DPD:
		return o, paramErr("opts.stage3DPD", float64(o.Stage3DPD), "≥ stage2DPD = "+strconv.Itoa(o.Stage2DPD))
	}
	if o.ProbationMonths < 0 || o.ProbationMonths > MaxProbationMonths {
		return o, paramErr("opts.probationMonths", float64(o.ProbationMonths), "in [0, 1200]")
	}
	if !(o.PDRatio > 1) || !finite(o.PDRatio) {
		return o, paramErr("opts.pdRatio", o.PDRatio, "finite and > 1")
	}
	return o, nil
}

// StageResult is the result of [StageOf]: the stage and the triggers that set it.
type StageResult struct {
	Stage   Stage
	Reasons []ReasonCode // triggers that applied, most severe first; empty for Stage1
}

// StageOf assigns the IFRS 9 stage at the reporting date asOf:
//
//	Stage3  CreditImpaired, or DPD > Stage3DPD (90)
//	Stage2  DPD > Stage2DPD (30), or PD/PDOrigination ≥ PDRatio (2) unless LowCreditRisk,
//	        or Watchlist, or Forborne, or asOf < LastSICR + ProbationMonths
//	Stage1  otherwise
//
// By default no probation applies on cure: IFRS 9 5.5.7 returns a loan to 12-month ECL once
// the SICR condition no longer holds. StageOf returns an [*InputError] wrapping
// [ErrInvalidInput] for negative DPD, a PD outside [0, 1] (or NaN), a LastSICR after asOf, or
// asOf or LastSICR outside the years 1 to 9999, and one wrapping [ErrInvalidParameter] naming
// the option ("opts.stage2DPD", …) for bad options. Cost O(1).
//
// References:
//   - IFRS 9 Financial Instruments, 5.5.3 (lifetime ECL on SICR), 5.5.10 (low credit risk),
//     5.5.11 (rebuttable 30-days-past-due presumption), B5.5.37 (90-day default backstop),
//     Appendix A (credit-impaired), 5.5.7 (return to 12-month ECL once SICR no longer holds).
//   - Watch list and forbearance as SICR triggers, and the optional probation, are this
//     package's convention; forborne performing exposures as in Commission Implementing
//     Regulation (EU) 2021/451, Annex V (from EBA/ITS/2013/03/rev1).
func StageOf(in StageInput, asOf time.Time, opts StageOptions) (StageResult, error) {
	var r StageResult
	o, err := opts.withDefaults()
	if err != nil {
		return r, err
	}
	if in.DPD < 0 {
		return r, inputErr(in.Loan, "dpd", strconv.Itoa(in.DPD), ErrInvalidInput)
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"pdOrigination", in.PDOrigination}, {"pd", in.PD}} {
		if !(p.v >= 0 && p.v <= 1) {
			return r, inputErr(in.Loan, p.name, fmtFloat(p.v), ErrInvalidInput)
		}
	}
	if !dateOK(asOf) {
		return r, inputErr(in.Loan, "asOf", dateText(asOf)+" (want years 1 to 9999)", ErrInvalidInput)
	}
	if !dateOK(in.LastSICR) {
		return r, inputErr(in.Loan, "lastSICR", dateText(in.LastSICR)+" (want years 1 to 9999)", ErrInvalidInput)
	}
	r.Stage = Stage1
	if in.CreditImpaired {
		r.Reasons = append(r.Reasons, ReasonDefaulted)
	}
	if in.DPD > o.Stage3DPD {
		r.Reasons = append(r.Reasons, ReasonStage3DPD)
	}
	if len(r.Reasons) > 0 {
		r.Stage = Stage3
		return r, nil
	}
	if in.DPD > o.Stage2DPD {
		r.Reasons = append(r.Reasons, ReasonStage2DPD)
	}
	if !in.LowCreditRisk && in.PDOrigination > 0 && in.PD > 0 && in.PD >= o.PDRatio*in.PDOrigination {
		r.Reasons = append(r.Reasons, ReasonSICRPD)
	}
	if in.Watchlist {
		r.Reasons = append(r.Reasons, ReasonWatchlist)
	}
	if in.Forborne {
		r.Reasons = append(r.Reasons, ReasonForborne)
	}
	if in.LastSICR.After(asOf) {
		return StageResult{}, inputErr(in.Loan, "lastSICR", dateText(in.LastSICR)+" after asOf", ErrInvalidInput)
	}
	if len(r.Reasons) == 0 && o.ProbationMonths > 0 && !in.LastSICR.IsZero() && asOf.Before(in.LastSICR.AddDate(0, o.ProbationMonths, 0)) {
		r.Reasons = append(r.Reasons, ReasonProbation)
	}
	if len(r.Reasons) > 0 {
		r.Stage = Stage2
	}
	return r, nil
}
