package monitor

import (
	"strconv"
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
}

// StageOptions configures [StageOf]. Zero fields take the documented defaults; the DPD
// backstops are configurable because their presumptions are rebuttable.
type StageOptions struct {
	Stage2DPD int     // DPD above which the loan is Stage2; 0 means 30 (IFRS 9 5.5.11)
	Stage3DPD int     // DPD above which the loan is Stage3; 0 means 90 (IFRS 9 B5.5.37)
	PDRatio   float64 // PD / PDOrigination at or above which credit risk increased significantly; 0 means 2
}

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
	if o.Stage2DPD < 0 || o.Stage3DPD < o.Stage2DPD {
		return o, &ParamError{Name: "Stage3DPD", Value: float64(o.Stage3DPD), Want: "≥ Stage2DPD ≥ 0"}
	}
	if !(o.PDRatio > 1) || !finite(o.PDRatio) {
		return o, &ParamError{Name: "PDRatio", Value: o.PDRatio, Want: "finite and > 1"}
	}
	return o, nil
}

// StageResult is the result of [StageOf]: the stage and the triggers that set it.
type StageResult struct {
	Stage   Stage
	Reasons []ReasonCode // triggers that applied, most severe first; empty for Stage1
}

// StageOf assigns the IFRS 9 stage at the reporting date:
//
//	Stage3  CreditImpaired, or DPD > Stage3DPD (90)
//	Stage2  DPD > Stage2DPD (30), or PD/PDOrigination ≥ PDRatio (2) unless LowCreditRisk,
//	        or Watchlist, or Forborne
//	Stage1  otherwise
//
// No probation applies on cure: IFRS 9 5.5.7 returns a loan to 12-month ECL once the SICR
// condition no longer holds. StageOf returns an [*InputError] for negative DPD or a PD outside
// [0, 1] (or NaN), and a [*ParamError] for bad options.
//
// References:
//   - IFRS 9 Financial Instruments, 5.5.3 (lifetime ECL on SICR), 5.5.10 (low credit risk),
//     5.5.11 (rebuttable 30-days-past-due presumption), B5.5.37 (90-day default backstop),
//     Appendix A (credit-impaired).
//   - monitoring.md §1.2 (the library's convention).
func StageOf(in StageInput, opts StageOptions) (StageResult, error) {
	var r StageResult
	o, err := opts.withDefaults()
	if err != nil {
		return r, err
	}
	if in.DPD < 0 {
		return r, &InputError{Loan: in.Loan, Index: -1, Field: "DPD", Value: strconv.Itoa(in.DPD), Err: ErrInvalidInput}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"PDOrigination", in.PDOrigination}, {"PD", in.PD}} {
		if !(p.v >= 0 && p.v <= 1) {
			return r, &InputError{Loan: in.Loan, Index: -1, Field: p.name, Value: strconv.FormatFloat(p.v, 'g', -1, 64), Err: ErrInvalidInput}
		}
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
	if len(r.Reasons) > 0 {
		r.Stage = Stage2
	}
	return r, nil
}
