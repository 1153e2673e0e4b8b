package monitor

import (
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat"
)

// madScale makes the median absolute deviation a consistent estimator of σ for normal data:
// 1/Φ⁻¹(3/4).
const madScale = 1.482602218505602

// ZScore returns the standardised distance of x from its own history:
//
//	z = (x − mean(hist)) / sd(hist)
//
// with the sample standard deviation (divisor n − 1). hist is not modified; at least
// minHistory points (and at least 2) are required.
//
// Special cases:
//
//	minHistory < 0                  → ErrInvalidParameter, Field "minHistory"
//	len(hist) < max(minHistory, 2)  → ErrShortHistory, Field "hist"
//	sd(hist) = 0                    → ErrZeroSpread, Field "hist"
//	sd(hist) or z overflows float64 → ErrOverflow, Field "hist" or "x"
//	NaN or ±Inf in hist or x        → ErrInvalidInput, Field "hist[i]" or "x"
//
// every error an [*InputError].
//
// Cost O(len(hist)), no allocation. This package's convention (by analogy with 2σ warning
// and 3σ action limits) warns at |z| ≥ 2 and alarms at |z| ≥ 3 with 6–12 points of history.
//
// References:
//   - Montgomery, Introduction to Statistical Quality Control, §6.2 (Shewhart limits at 3σ).
func ZScore(hist []float64, x float64, minHistory int) (float64, error) {
	if err := checkSeries(hist, x, minHistory); err != nil {
		return 0, err
	}
	m, sd := stat.MeanStdDev(hist, nil)
	return zOf(x, m, sd)
}

// zOf returns (x − center)/spread, with ErrZeroSpread for a zero spread and ErrOverflow when
// the center, the spread or z is not finite (the inputs are finite, so only overflow can
// make them so).
func zOf(x, center, spread float64) (float64, error) {
	switch {
	case !finite(center) || !finite(spread):
		return 0, &InputError{Field: "hist", Value: "center " + fmtFloat(center) + ", spread " + fmtFloat(spread), Err: ErrOverflow}
	case spread == 0:
		return 0, &InputError{Field: "hist", Value: "spread 0", Err: ErrZeroSpread}
	}
	z := (x - center) / spread
	if !finite(z) {
		return 0, &InputError{Field: "x", Value: fmtFloat(x) + " (center " + fmtFloat(center) + ", spread " + fmtFloat(spread) + ")", Err: ErrOverflow}
	}
	return z, nil
}

// RobustZScore is [ZScore] with the median for the mean and the scaled median absolute
// deviation for the standard deviation:
//
//	z = (x − median(hist)) / (1.4826 · median(|hᵢ − median(hist)|))
//
// scratch is working storage of at least len(hist) (it is grown otherwise, allocating once);
// hist is not modified. Special cases and errors as for ZScore (ErrZeroSpread when the MAD is
// zero, i.e. more than half the points are equal; ErrOverflow when a deviation from the
// median, the MAD or z overflows float64). Cost O(n log n).
//
// References:
//   - Hampel, F. R. (1974), The influence curve and its role in robust estimation, JASA 69,
//     383–393 (MAD scaled by 1/Φ⁻¹(3/4)).
//   - Rousseeuw, P. J. and Croux, C. (1993), Alternatives to the median absolute deviation,
//     JASA 88, 1273–1283.
func RobustZScore(scratch, hist []float64, x float64, minHistory int) (float64, error) {
	if err := checkSeries(hist, x, minHistory); err != nil {
		return 0, err
	}
	if cap(scratch) < len(hist) {
		scratch = make([]float64, len(hist))
	}
	s := scratch[:len(hist)]
	copy(s, hist)
	med := median(s)
	for i := range s {
		if s[i] = math.Abs(s[i] - med); math.IsInf(s[i], 0) {
			return 0, &InputError{Field: "hist[" + strconv.Itoa(i) + "]", Value: fmtFloat(hist[i]) + " (|value − median| overflows)", Err: ErrOverflow}
		}
	}
	return zOf(x, med, median(s)*madScale)
}

// median sorts s in place and returns its median (mean of the two middle values for even n).
func median(s []float64) float64 {
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1]/2 + s[n/2]/2 // halves first: the sum of two large values may overflow
}

func checkSeries(hist []float64, x float64, minHistory int) error {
	if minHistory < 0 {
		return paramErr("minHistory", float64(minHistory), "≥ 0")
	}
	need := max(minHistory, 2)
	if len(hist) < need {
		return &InputError{Field: "hist", Value: strconv.Itoa(len(hist)) + " points (need " + strconv.Itoa(need) + ")", Err: ErrShortHistory}
	}
	for i, v := range hist {
		if !finite(v) {
			return &InputError{Field: "hist[" + strconv.Itoa(i) + "]", Value: fmtFloat(v), Err: ErrInvalidInput}
		}
	}
	if !finite(x) {
		return &InputError{Field: "x", Value: fmtFloat(x), Err: ErrInvalidInput}
	}
	return nil
}
