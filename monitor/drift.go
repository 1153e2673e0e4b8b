package monitor

import (
	"errors"
	"strconv"

	"github.com/smecredit/smecredit/internal/psi"
)

// DriftResult is the population stability of a score or ratio between two periods.
type DriftResult struct {
	PSI float64 // population stability index, ≥ 0
	// Level is the PSI band: Green below 0.10 (stable), Yellow from 0.10 to below 0.25
	// (investigate), Orange from 0.25 (significant shift: recalibrate or redevelop). The
	// bands are the ones rating/validation reports, from one shared definition.
	Level WarningLevel
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
// where aᵢ and eᵢ are the shares of bin i in each period, and its band (see
// [DriftResult].Level: PSI ≥ 0.10 investigate, ≥ 0.25 significant). expected and actual must
// have the same length ≥ 1; counts must be finite and ≥ 0 with positive totals. When a bin is
// empty in one period only, 0.5 is added to each bin's count first and Adjusted is set.
// Contributions is a new slice; [DriftTo] writes into the caller's. Errors are an
// [*InputError] (ErrInvalidInput) whose Field names the sample and bin ("expected[1]",
// "actual"). Cost O(number of bins).
//
// References:
//   - Yurdakul, B. and Naranjo, J. (2020), Statistical properties of the population stability
//     index, Journal of Risk Model Validation 14(4) (thresholds 0.10 and 0.25, an industry
//     rule of thumb).
func Drift(expected, actual []float64) (DriftResult, error) {
	return DriftTo(nil, expected, actual)
}

// DriftTo is [Drift] writing the contributions into dst (grown when its capacity is below
// len(expected)), which becomes Contributions; it does not allocate when cap(dst) ≥
// len(expected).
func DriftTo(dst, expected, actual []float64) (DriftResult, error) {
	var r DriftResult
	if cap(dst) < len(expected) {
		dst = make([]float64, len(expected))
	}
	dst = dst[:len(expected)]
	d, err := psi.Detail(dst, expected, actual, psi.Options{})
	if err != nil {
		ie := &InputError{Field: "counts", Value: "", Err: ErrInvalidInput}
		var pe *psi.InputError
		if errors.As(err, &pe) {
			ie.Field, ie.Value = pe.Sample, fmtFloat(pe.Value)
			if pe.Index >= 0 {
				ie.Field += "[" + strconv.Itoa(pe.Index) + "]"
			}
			ie.Value += " (" + trimPrefixPSI(pe.Err) + ")"
		}
		return r, ie
	}
	r.PSI, r.Contributions, r.Adjusted = d.PSI, dst, d.Applied
	r.Level = driftLevel(r.PSI)
	return r, nil
}

// driftLevel is the PSI band of [DriftResult].Level.
func driftLevel(v float64) WarningLevel {
	switch {
	case v >= psi.Significant:
		return Orange
	case v >= psi.Investigate:
		return Yellow
	}
	return Green
}

func trimPrefixPSI(err error) string {
	s := err.Error()
	if len(s) > 5 && s[:5] == "psi: " {
		return s[5:]
	}
	return s
}
