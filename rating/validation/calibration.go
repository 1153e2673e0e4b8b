package validation

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

func checkTestInput(defaults, obligors int, pd float64, alt Alternative) error {
	if obligors <= 0 {
		return intErr("n", obligors, ErrCount)
	}
	if defaults < 0 || defaults > obligors {
		return intErr("d", defaults, ErrCount)
	}
	if !(pd >= 0 && pd <= 1) {
		return inputErr("pd", -1, pd, ErrProbability)
	}
	if alt < Greater || alt > Less {
		return intErr("alt", int(alt), ErrOptions)
	}
	return nil
}

// BinomialTest returns the p-value of the exact binomial test of d defaults
// among n obligors against the forecast pd, assuming independent defaults:
//
//	Greater:  p = P(X ≥ d)
//	Less:     p = P(X ≤ d)
//	TwoSided: p = Σ_{k: P(X=k) ≤ P(X=d)·(1+10⁻⁷)} P(X = k)
//
// with X ~ Binomial(n, pd). The two-sided rule (sum the probabilities of all
// outcomes no more likely than the observed one) and its relative
// tolerance are those of R's binom.test and SciPy's binomtest.
//
// Accuracy: up to 10⁷ obligors the tails are gonum's regularized
// incomplete beta, exact to rounding; beyond, asymptotic forms that are
// right at any n (a gamma limit or the Lugannani–Rice saddlepoint
// approximation, absolute error below 10⁻⁶; see incbeta.go), where the
// continued fraction would return 0 for a perfectly calibrated grade.
//
// Errors: n ≤ 0 or d outside [0, n] give ErrCount; pd outside [0, 1] gives
// ErrProbability; an unknown alt gives ErrOptions. The result is in
// [0, 1]. Cost O(log n).
//
// References:
//   - Basel Committee on Banking Supervision (2005), Studies on the
//     validation of internal rating systems, Working Paper 14, section
//     IV.2 (binomial test).
//   - Deutsche Bundesbank (2003), Approaches to the validation of internal
//     rating systems, Monthly Report September 2003, 59–71.
//   - Clopper, C. and Pearson, E. (1934) for the exact test; R
//     binom.test documentation for the two-sided rule.
//   - Lugannani, R. and Rice, S. (1980), Adv. Appl. Prob. 12, 475–490,
//     and Loader, C. (2000), Fast and accurate computation of binomial
//     probabilities, for n beyond 10⁷.
func BinomialTest(d, n int, pd float64, alt Alternative) (float64, error) {
	if err := checkTestInput(d, n, pd, alt); err != nil {
		return 0, err
	}
	if pd == 0 || pd == 1 { // degenerate: X is n·pd surely
		x := int(pd) * n
		switch {
		case alt == Greater && d <= x, alt == Less && d >= x, alt == TwoSided && d == x:
			return 1, nil
		}
		return 0, nil
	}
	var b binomial = gonumBinomial{distuv.Binomial{N: float64(n), P: pd}}
	if n > exactTestN {
		b = largeBinomial{n: float64(n), p: pd}
	}
	fd := float64(d)
	var p float64
	switch alt {
	case Greater:
		p = b.sf(fd)
	case Less:
		p = b.cdf(fd)
	case TwoSided:
		p = binomTwoSided(b, d, n, pd)
	}
	return clamp01(p), nil
}

// binomial is the distribution behind BinomialTest: gonum's up to
// exactTestN obligors, the large-n forms of incbeta.go beyond.
type binomial interface {
	logPMF(k float64) float64
	cdf(k float64) float64 // P(X ≤ k)
	sf(k float64) float64  // P(X ≥ k)
}

type gonumBinomial struct{ distuv.Binomial }

func (b gonumBinomial) logPMF(k float64) float64 { return b.LogProb(k) }
func (b gonumBinomial) cdf(k float64) float64    { return b.CDF(k) }
func (b gonumBinomial) sf(k float64) float64     { return b.Survival(k - 1) }

type largeBinomial struct{ n, p float64 }

func (b largeBinomial) logPMF(k float64) float64 { return binomLogPMF(k, b.n, b.p) }
func (b largeBinomial) cdf(k float64) float64    { return binomCDF(k, b.n, b.p) }
func (b largeBinomial) sf(k float64) float64     { return binomSF(k, b.n, b.p) }

func binomTwoSided(b binomial, d, n int, pd float64) float64 {
	mean := float64(n) * pd
	if float64(d) == mean {
		return 1
	}
	lim := b.logPMF(float64(d)) + math.Log1p(1e-7)
	if float64(d) < mean {
		// Outcomes on the right no more likely than d: k in [ceil(mean), n],
		// where the pmf is non-increasing; find the first k with pmf ≤ lim.
		lo := min(int(math.Ceil(mean)), n)
		k := lo + sort.Search(n-lo+1, func(i int) bool { return b.logPMF(float64(lo+i)) <= lim })
		return b.cdf(float64(d)) + b.sf(float64(k))
	}
	// Left side k in [0, floor(mean)], pmf non-decreasing: count k with pmf ≤ lim.
	hi := int(math.Floor(mean))
	y := sort.Search(hi+1, func(i int) bool { return b.logPMF(float64(i)) > lim })
	return b.cdf(float64(y-1)) + b.sf(float64(d))
}

func clamp01(p float64) float64 { return min(max(p, 0), 1) }

// JeffreysTest returns the p-value of the Jeffreys test of d defaults among
// n obligors against the forecast pd. With the Jeffreys prior Beta(½, ½)
// the posterior of the true default rate is Beta(d + ½, n − d + ½), and
//
//	Greater:  p = F(pd)           (small when the PD is too low)
//	Less:     p = 1 − F(pd)
//	TwoSided: p = 2·min(F(pd), 1 − F(pd))
//
// with F the posterior CDF (gonum distuv.Beta). This is the test the ECB
// prescribes for PD back-testing per grade.
//
// Accuracy and errors as for [BinomialTest] (the same switch at 10⁷
// obligors). The result is in [0, 1]. Cost O(1).
//
// References:
//   - European Central Bank (2019), Instructions for reporting the
//     validation results of internal models, IRB Pillar I models for
//     credit risk, section 2.5.3.1 (Jeffreys test).
//   - Brown, L., Cai, T. and DasGupta, A. (2001), Interval estimation for
//     a binomial proportion, Statistical Science 16(2), 101–133 (Jeffreys
//     interval).
func JeffreysTest(d, n int, pd float64, alt Alternative) (float64, error) {
	if err := checkTestInput(d, n, pd, alt); err != nil {
		return 0, err
	}
	a, b := float64(d)+0.5, float64(n-d)+0.5
	var f, g float64 // F(pd) and 1 − F(pd)
	if n > exactTestN {
		f, g = incBetaLarge(pd, a, b, false), incBetaLarge(pd, a, b, true)
	} else {
		f = distuv.Beta{Alpha: a, Beta: b}.CDF(pd)
		g = 1 - f
	}
	switch alt {
	case Greater:
		return clamp01(f), nil
	case Less:
		return clamp01(g), nil
	}
	return clamp01(2 * min(f, g)), nil
}

func checkPD(pd []float64, defaults []bool) error {
	if len(pd) == 0 {
		return emptyErr("pd", ErrEmpty)
	}
	if len(defaults) != len(pd) {
		return lenErr("defaults", len(defaults), ErrLength)
	}
	for i, p := range pd {
		if !(p >= 0 && p <= 1) {
			return inputErr("pd", i, p, ErrProbability)
		}
	}
	return nil
}

// Brier returns the Brier score of forecast PDs against outcomes:
//
//	BS = (1/n)·Σᵢ (pdᵢ − yᵢ)²,   yᵢ = 1 if defaults[i], else 0.
//
// A fraction in [0, 1]; lower is better. Shapes: len(defaults) must equal
// len(pd) > 0. Errors: ErrEmpty, ErrLength, ErrProbability (with index).
//
// References:
//   - Brier, G. W. (1950), Verification of forecasts expressed in terms of
//     probability, Monthly Weather Review 78(1), 1–3.
func Brier(pd []float64, defaults []bool) (float64, error) {
	if err := checkPD(pd, defaults); err != nil {
		return 0, err
	}
	var s float64
	for i, p := range pd {
		if defaults[i] {
			p = 1 - p
		}
		s += p * p
	}
	return s / float64(len(pd)), nil
}

// LogLossEpsilon clips PDs to [ε, 1 − ε] in [LogLoss] so that a certain but
// wrong forecast gives a large finite loss instead of +Inf (scikit-learn's
// historical default).
const LogLossEpsilon = 1e-15

// LogLoss returns the mean negative log-likelihood of outcomes under the
// forecast PDs (cross-entropy), in nats per obligor:
//
//	LL = −(1/n)·Σᵢ [yᵢ·ln p̃ᵢ + (1 − yᵢ)·ln(1 − p̃ᵢ)],
//	p̃ᵢ = min(max(pdᵢ, ε), 1 − ε),   ε = LogLossEpsilon.
//
// Shapes and errors as for [Brier]. The result is ≥ 0 and finite.
//
// References:
//   - Good, I. J. (1952), Rational decisions, J. Royal Statistical Society
//     B 14(1), 107–114 (logarithmic scoring rule).
func LogLoss(pd []float64, defaults []bool) (float64, error) {
	if err := checkPD(pd, defaults); err != nil {
		return 0, err
	}
	var s float64
	for i, p := range pd {
		p = min(max(p, LogLossEpsilon), 1-LogLossEpsilon)
		if defaults[i] {
			s -= math.Log(p)
		} else {
			s -= math.Log1p(-p)
		}
	}
	return s / float64(len(pd)), nil
}

// HosmerLemeshowOptions tunes [HosmerLemeshow]. The zero value means 10
// groups and in-sample degrees of freedom (groups − 2).
type HosmerLemeshowOptions struct {
	Groups int // number of groups g, at least 3; 0 means 10 ("deciles of risk")
	// OutOfSample uses g degrees of freedom instead of g − 2, for PDs not
	// fitted on the data being tested (Hosmer, Lemeshow and Sturdivant
	// 2013, section 5.2.2).
	OutOfSample bool
}

// HLGroup is one group of the Hosmer–Lemeshow table.
type HLGroup struct {
	N        int     // obligors
	Defaults int     // observed defaults O_g
	Expected float64 // expected defaults E_g = Σ pd over the group
	MeanPD   float64 // E_g / N, a fraction
	MaxPD    float64 // largest PD in the group (the group's upper edge)
}

// HosmerLemeshowResult is the statistic, its p-value and the group table.
type HosmerLemeshowResult struct {
	Statistic float64 // Ĉ, ≥ 0
	DF        int     // degrees of freedom
	PValue    float64 // P(χ²_DF ≥ Ĉ)
	Groups    []HLGroup
}

// HosmerLemeshowMinExpected is the smallest expected number of defaults in
// a group below which [HosmerLemeshow] adds a [*FewDefaultsWarning]: the chi-square
// approximation needs expected counts of about five (Hosmer, Lemeshow and
// Sturdivant 2013, section 5.2.2).
const HosmerLemeshowMinExpected = 5

// HosmerLemeshow returns the Hosmer–Lemeshow goodness-of-fit statistic
//
//	Ĉ = Σ_g (O_g − E_g)² / (E_g·(1 − E_g/n_g)),   p = P(χ²_df ≥ Ĉ),
//
// over g groups, where n_g, O_g and E_g are the obligors, observed
// defaults and Σ pd of group g.
//
// Grouping (documented because tools differ): obligors are sorted by PD,
// ties broken by outcome (non-defaults first), and cut into g groups of
// ⌊n/g⌋ or ⌈n/g⌉ obligors by rank (group k holds ranks ⌊k·n/g⌋ up to
// ⌊(k+1)·n/g⌋−1), so the result does not depend on the order of the
// records. Obligors with equal PDs may fall in two neighbouring groups.
//
// Shapes: len(defaults) must equal len(pd) ≥ groups. Errors: ErrEmpty,
// ErrLength, ErrProbability (with index), ErrOptions for groups < 3 or
// > n. A group whose PDs are all 0 or all 1 and whose outcomes disagree
// with them gives ErrProbability (the statistic would be infinite), and so
// do PDs so close to 0 or 1 that the statistic overflows float64. A
// group with E_g < HosmerLemeshowMinExpected gives the result with a
// [*FewDefaultsWarning] naming the groups. Cost O(n log n).
//
// References:
//   - Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013), Applied
//     Logistic Regression, 3rd ed., Wiley, section 5.2.2.
//   - Basel Committee on Banking Supervision (2005), Working Paper 14,
//     section IV.3 (Hosmer–Lemeshow test).
func HosmerLemeshow(pd []float64, defaults []bool, opts HosmerLemeshowOptions) (HosmerLemeshowResult, error) {
	if err := checkPD(pd, defaults); err != nil {
		return HosmerLemeshowResult{}, err
	}
	g := opts.Groups
	if g == 0 {
		g = 10
	}
	n := len(pd)
	switch {
	case g < 3:
		return HosmerLemeshowResult{}, intErr("opts.Groups", opts.Groups, ErrOptions)
	case g > n:
		// Say which group count was used: with the default (0 means 10) the value alone
		// looked valid, and the fault is the sample's size.
		return HosmerLemeshowResult{}, &InputError{Field: "opts.Groups",
			Value: strconv.Itoa(opts.Groups) + " (" + strconv.Itoa(g) + " groups for " + strconv.Itoa(n) + " obligors)", Err: ErrOptions}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if pd[a] != pd[b] {
			if pd[a] < pd[b] {
				return -1
			}
			return 1
		}
		switch {
		case defaults[a] == defaults[b]:
			return 0
		case !defaults[a]:
			return -1
		}
		return 1
	})
	res := HosmerLemeshowResult{DF: g - 2, Groups: make([]HLGroup, g)}
	if opts.OutOfSample {
		res.DF = g
	}
	var weak []string
	minE := math.Inf(1)
	for k := range g {
		lo, hi := k*n/g, (k+1)*n/g
		grp := &res.Groups[k]
		grp.N = hi - lo
		for _, i := range idx[lo:hi] {
			grp.Expected += pd[i]
			grp.MaxPD = max(grp.MaxPD, pd[i])
			if defaults[i] {
				grp.Defaults++
			}
		}
		grp.MeanPD = grp.Expected / float64(grp.N)
		v := grp.Expected * (1 - grp.MeanPD)
		diff := float64(grp.Defaults) - grp.Expected
		if v <= 0 {
			if math.Abs(diff) > 1e-9 {
				return HosmerLemeshowResult{}, inputErr("pd", idx[lo], pd[idx[lo]], ErrProbability)
			}
		} else {
			res.Statistic += diff * diff / v
			if math.IsInf(res.Statistic, 0) || math.IsNaN(res.Statistic) {
				// PDs so close to 0 or 1 (5e-324) that the group's variance underflows.
				return HosmerLemeshowResult{}, inputErr("pd", idx[lo], pd[idx[lo]], ErrProbability)
			}
		}
		if grp.Expected < HosmerLemeshowMinExpected {
			weak = append(weak, "group "+strconv.Itoa(k+1))
			minE = min(minE, grp.Expected)
		}
	}
	res.PValue = clamp01(distuv.ChiSquared{K: float64(res.DF)}.Survival(res.Statistic))
	if len(weak) > 0 {
		return res, &FewDefaultsWarning{Stat: "Hosmer-Lemeshow", Items: weak, Defaults: int(math.Floor(minE)), MinDefaults: HosmerLemeshowMinExpected}
	}
	return res, nil
}
