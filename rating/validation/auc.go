package validation

import (
	"math"
	"strconv"
)

// AUCEstimate is an AUC with its standard error. The zero value is not a
// valid result.
type AUCEstimate struct {
	N        int // observations
	Defaults int // observations with default = true

	// AUC is the area under the ROC curve, ties counting one half, as
	// [Discriminate] computes it; a fraction in [0, 1].
	AUC float64
	// SE is the standard error of AUC by DeLong, DeLong and Clarke-Pearson
	// (1988), from the structural components of the Mann–Whitney statistic.
	SE float64
	// SEHanleyMcNeil is the standard error by Hanley and McNeil's (1982)
	// closed form, a cross-check that assumes exponential score
	// distributions; see [HanleyMcNeilSE].
	SEHanleyMcNeil float64
	// Lower and Upper bound the two-sided 95 % confidence interval
	// AUC ± z₀.₉₇₅·SE, clipped to [0, 1].
	Lower, Upper float64
}

// EstimateAUC returns the AUC of scores against defaults with its DeLong
// standard error, the Hanley–McNeil standard error and a 95 % confidence
// interval.
//
// With D defaulters x₁…x_D and G non-defaulters y₁…y_G, ψ(x, y) = 1 when
// x is riskier than y under order, ½ when tied, 0 otherwise:
//
//	V₁₀(xᵢ) = (1/G)·Σⱼ ψ(xᵢ, yⱼ)        placement of defaulter i
//	V₀₁(yⱼ) = (1/D)·Σᵢ ψ(xᵢ, yⱼ)        placement of non-defaulter j
//	AUC     = mean of V₁₀ = mean of V₀₁
//	S₁₀     = Σᵢ (V₁₀(xᵢ) − AUC)² / (D − 1)
//	S₀₁     = Σⱼ (V₀₁(yⱼ) − AUC)² / (G − 1)
//	SE²     = S₁₀/D + S₀₁/G
//
// The placements are computed in one sorted pass (the fast algorithm of
// Sun and Xu 2014), so the cost is O(n log n), not O(D·G).
//
// Shapes: len(defaults) must equal len(scores). Inputs are not modified.
//
// Special cases and errors: those of [Discriminate] (ErrEmpty,
// ErrNotFinite, ErrSingleClass, ErrScoreOrder, ErrLimit), plus
// ErrClassSize when either class has a single member (its variance cannot
// be estimated). Fewer than [MinClassCount] of either class gives the
// result with a [*FewDefaultsWarning]. SE is 0 when every defaulter is
// ranked riskier than every non-defaulter.
//
// References:
//   - DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988),
//     Comparing the areas under two or more correlated receiver operating
//     characteristic curves: a nonparametric approach, Biometrics 44(3),
//     837–845, section 2 (structural components, equations for S₁₀ and S₀₁).
//   - Sun, X. and Xu, W. (2014), Fast implementation of DeLong's algorithm
//     for comparing the areas under correlated receiver operating
//     characteristic curves, IEEE Signal Processing Letters 21(11),
//     1389–1393.
//   - Hanley, J. A. and McNeil, B. J. (1982), The meaning and use of the
//     area under a receiver operating characteristic (ROC) curve,
//     Radiology 143(1), 29–36.
func EstimateAUC(scores []float64, defaults []bool, order ScoreOrder) (AUCEstimate, error) {
	buf, nb, err := splitSorted(scores, defaults, order)
	if err != nil {
		return AUCEstimate{}, err
	}
	bad, good := buf[:nb], buf[nb:]
	D, G := len(bad), len(good)
	if D < 2 || G < 2 {
		return AUCEstimate{}, &InputError{Field: "defaults", Value: strconv.Itoa(D) + " of " + strconv.Itoa(D+G) + " true", Err: ErrClassSize}
	}
	fd, fg := float64(D), float64(G)
	// First pass: the AUC (exact in int64 as 2·U).
	var twoU int64
	cg := 0
	walk(bad, good, order, func(_ float64, b, g int) {
		twoU += int64(b) * int64(2*(G-cg-g)+g)
		cg += g
	})
	auc := float64(twoU) / (2 * fd * fg)
	// Second pass: the squared deviations of the placements.
	var s10, s01 float64
	cb, cg := 0, 0
	walk(bad, good, order, func(_ float64, b, g int) {
		if b > 0 {
			v := (float64(G-cg-g) + float64(g)/2) / fg
			s10 += float64(b) * (v - auc) * (v - auc)
		}
		if g > 0 {
			v := (float64(cb) + float64(b)/2) / fd
			s01 += float64(g) * (v - auc) * (v - auc)
		}
		cb += b
		cg += g
	})
	s10 /= fd - 1
	s01 /= fg - 1
	r := AUCEstimate{N: D + G, Defaults: D, AUC: auc, SE: math.Sqrt(s10/fd + s01/fg)}
	r.SEHanleyMcNeil = hanleyMcNeil(auc, fd, fg)
	r.Lower, r.Upper = clamp01(auc-z975*r.SE), clamp01(auc+z975*r.SE)
	return r, weakClasses("AUC standard error", D, G)
}

// z975 is the 0.975 quantile of the standard normal distribution.
const z975 = 1.959963984540054

// HanleyMcNeilSE returns Hanley and McNeil's (1982) standard error of an
// AUC estimated from defaults defaulters and nonDefaults non-defaulters:
//
//	SE² = (A(1 − A) + (D − 1)(Q₁ − A²) + (G − 1)(Q₂ − A²)) / (D·G)
//	Q₁  = A / (2 − A),   Q₂ = 2A² / (1 + A)
//
// with A = auc, D = defaults, G = nonDefaults. Q₁ and Q₂ are the
// probabilities that two random defaulters both outrank one random
// non-defaulter, and one defaulter outranks two non-defaulters, under
// exponential score distributions (their equation 2). It is a planning
// and cross-check formula; [EstimateAUC]'s DeLong SE uses the data.
//
// Errors: ErrProbability for auc outside [0, 1] or NaN; ErrClassSize for
// defaults or nonDefaults below 1. Cost O(1).
//
// References:
//   - Hanley, J. A. and McNeil, B. J. (1982), The meaning and use of the
//     area under a receiver operating characteristic (ROC) curve,
//     Radiology 143(1), 29–36, equations 1–2 and table 2.
func HanleyMcNeilSE(auc float64, defaults, nonDefaults int) (float64, error) {
	if !(auc >= 0 && auc <= 1) {
		return 0, inputErr("auc", -1, auc, ErrProbability)
	}
	if defaults < 1 {
		return 0, intErr("defaults", defaults, ErrClassSize)
	}
	if nonDefaults < 1 {
		return 0, intErr("nonDefaults", nonDefaults, ErrClassSize)
	}
	return hanleyMcNeil(auc, float64(defaults), float64(nonDefaults)), nil
}

func hanleyMcNeil(a, d, g float64) float64 {
	q1 := a / (2 - a)
	q2 := 2 * a * a / (1 + a)
	v := (a*(1-a) + (d-1)*(q1-a*a) + (g-1)*(q2-a*a)) / (d * g)
	return math.Sqrt(max(v, 0))
}

// AUCChange is the test of a change in AUC between two independent
// samples. The zero value is not a valid result.
type AUCChange struct {
	Diff   float64 // AUC of the current sample minus AUC of the development sample
	SE     float64 // √(SE₁² + SE₂²)
	Z      float64 // Diff / SE; 0 when SE is 0 and Diff is 0
	PValue float64 // two-sided p-value 2·(1 − Φ(|Z|)), in [0, 1]
}

// CompareAUC tests whether the AUC of cur differs from that of dev when
// the two come from independent (unpaired) samples, such as a development
// sample and a later monitoring sample:
//
//	z = (A_cur − A_dev) / √(SE_dev² + SE_cur²),   p = 2·(1 − Φ(|z|))
//
// with the DeLong standard errors of [EstimateAUC]. For two scores on the
// same obligors (paired samples) the covariance term of DeLong et al. is
// needed instead; this function does not apply.
//
// Special cases: both SEs 0 gives Z = 0 and p = 1 when the AUCs are equal,
// and Z = ±Inf is avoided by returning p = 0 and Z = ±MaxFloat64 when they
// differ. Errors: ErrProbability for an AUC outside [0, 1], ErrCount for a
// negative or non-finite SE (field "dev.SE" or "cur.SE"). Cost O(1).
//
// References:
//   - DeLong, E. R., DeLong, D. M. and Clarke-Pearson, D. L. (1988),
//     Biometrics 44(3), 837–845, section 3 (the test statistic; for
//     independent samples the covariance is zero).
//   - Hanley, J. A. and McNeil, B. J. (1983), A method of comparing the
//     areas under receiver operating characteristic curves derived from the
//     same cases, Radiology 148(3), 839–843, equation 1 with r = 0.
func CompareAUC(dev, cur AUCEstimate) (AUCChange, error) {
	for _, e := range []struct {
		name string
		a    AUCEstimate
	}{{"dev", dev}, {"cur", cur}} {
		if !(e.a.AUC >= 0 && e.a.AUC <= 1) {
			return AUCChange{}, inputErr(e.name+".AUC", -1, e.a.AUC, ErrProbability)
		}
		if !(e.a.SE >= 0) || math.IsInf(e.a.SE, 0) {
			return AUCChange{}, inputErr(e.name+".SE", -1, e.a.SE, ErrCount)
		}
	}
	c := AUCChange{Diff: cur.AUC - dev.AUC, SE: math.Hypot(dev.SE, cur.SE)}
	switch {
	case c.SE > 0:
		c.Z = c.Diff / c.SE
		c.PValue = clamp01(math.Erfc(math.Abs(c.Z) / math.Sqrt2))
	case c.Diff == 0:
		c.PValue = 1
	default:
		c.Z = math.Copysign(math.MaxFloat64, c.Diff)
	}
	return c, nil
}
