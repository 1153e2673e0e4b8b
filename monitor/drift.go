package monitor

import (
	"errors"

	"github.com/smecredit/smecredit/internal/psi"
)

// Drift thresholds on the population stability index (industry rule of thumb).
const (
	DriftReview      = 0.10 // PSI above this: review the model
	DriftRecalibrate = 0.25 // PSI above this: recalibrate or redevelop
)

// DriftResult is the population stability of a score or ratio between two periods.
type DriftResult struct {
	PSI   float64      // population stability index, ≥ 0
	Level WarningLevel // Green (≤ 0.10), Yellow (≤ 0.25, review), Orange (> 0.25, recalibrate)
	// Contributions holds each bin's term (aᵢ − eᵢ)·ln(aᵢ/eᵢ), len = number of bins.
	Contributions []float64
	// Adjusted reports that some bin was empty in exactly one period and the counts were
	// adjusted by adding 0.5 to every bin that is not empty in both (Haldane–Anscombe).
	Adjusted bool
}

// Drift returns the population stability index of the binned counts of a score or ratio in
// the current period (actual) against a reference period (expected):
//
//	PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)
//
// where aᵢ and eᵢ are the shares of bin i in each period. expected and actual must have the
// same length ≥ 1; counts must be finite and ≥ 0 with positive totals. When a bin is empty in
// one period only, 0.5 is added to each bin's count first and Adjusted is set. dst receives
// the contributions (grown if needed) and becomes Contributions. Errors are an
// [*InputError] (ErrInvalidInput) naming the sample ("expected" or "actual") and bin index.
// Cost O(number of bins).
//
// References:
//   - Yurdakul, B. and Naranjo, J., Statistical properties of the population stability index,
//     Journal of Risk Model Validation (thresholds 0.10 and 0.25, an industry rule of thumb).
func Drift(dst, expected, actual []float64) (DriftResult, error) {
	var r DriftResult
	if cap(dst) < len(expected) {
		dst = make([]float64, len(expected))
	}
	dst = dst[:len(expected)]
	d, err := psi.Detail(dst, expected, actual, psi.Options{})
	if err != nil {
		ie := &InputError{Index: -1, Field: "counts", Value: err.Error(), Err: ErrInvalidInput}
		var pe *psi.InputError
		if errors.As(err, &pe) {
			ie.Field, ie.Index, ie.Value = pe.Sample, pe.Index, fmtFloat(pe.Value)
		}
		return r, ie
	}
	r.PSI, r.Contributions, r.Adjusted = d.PSI, dst, d.Applied
	switch {
	case r.PSI > DriftRecalibrate:
		r.Level = Orange
	case r.PSI > DriftReview:
		r.Level = Yellow
	}
	return r, nil
}
