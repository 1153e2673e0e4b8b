package validation

import (
	"math"
	"strconv"

	"github.com/smecredit/smecredit/internal/radix"
)

// MinClassCount is the number of defaults (and of non-defaults) below which
// [Discriminate] and [DiscriminateCounts] return their result with a
// [*FewDefaultsWarning]: with fewer, the AUC's standard error is of the order of
// 0.1 and rank statistics say little (Engelmann, Hayden and Tasche 2003,
// section 3).
const MinClassCount = 10

// Discrimination holds rank-based measures of how well a score separates
// defaults from non-defaults. The zero value is not a valid result.
type Discrimination struct {
	N        int // observations
	Defaults int // observations with default = true

	// AUC is the area under the ROC curve: the probability that a random
	// defaulter is ranked riskier than a random non-defaulter, ties
	// counting one half. A fraction in [0, 1]; 0.5 is a random score.
	AUC float64
	// Gini is the accuracy ratio 2·AUC − 1, in [−1, 1].
	Gini float64
	// KS is the Kolmogorov–Smirnov statistic: the largest gap between the
	// cumulative shares of defaults and non-defaults, a fraction in [0, 1].
	KS float64
	// KSThreshold is the score at which KS is attained: obligors at or
	// beyond it on the risky side form the flagged group.
	KSThreshold float64
}

// Discriminate computes AUC, Gini and KS of scores against default
// outcomes.
//
//	AUC  = (Σ_d Σ_g [s_d ≻ s_g] + ½·[s_d = s_g]) / (D·G)
//	Gini = 2·AUC − 1
//	KS   = max_t |F_D(t) − F_G(t)|
//
// where d runs over the D defaulters, g over the G non-defaulters, s ≻ s'
// means "s is riskier than s'" under order, and F_D(t), F_G(t) are the shares
// of defaulters and non-defaulters whose score is at t or riskier. The
// maximum in KS runs over the distinct score values only, so neither KS
// nor AUC depends on the order of the records or of tied scores.
//
// Shapes: len(defaults) must equal len(scores). Inputs are not modified.
//
// Special cases:
//
//	empty input                   ErrEmpty
//	NaN or ±Inf score             ErrNotFinite, with its index
//	all defaults or none          ErrSingleClass
//	order not set                 ErrScoreOrder
//	more than MaxObservations     ErrLimit
//	fewer than MinClassCount of   result returned with a *FewDefaultsWarning
//	either class
//
// Cost: O(n log n) time (an in-place radix sort for large n) and one
// buffer of n uint64 sort keys, then one merge pass.
//
// References:
//   - Mann, H. B. and Whitney, D. R. (1947), On a test of whether one of
//     two random variables is stochastically larger than the other, Ann.
//     Math. Statist. 18(1), 50–60.
//   - Engelmann, B., Hayden, E. and Tasche, D. (2003), Testing rating
//     accuracy, Risk 16(1), 82–86 (AUC and accuracy ratio: AR = 2·AUC − 1).
//   - Basel Committee on Banking Supervision (2005), Studies on the
//     validation of internal rating systems, Working Paper 14, section
//     III.3 (CAP, ROC, KS).
func Discriminate(scores []float64, defaults []bool, order ScoreOrder) (Discrimination, error) {
	buf, nb, err := splitSorted(scores, defaults, order)
	if err != nil {
		return Discrimination{}, err
	}
	var r Discrimination
	r.N, r.Defaults = len(scores), nb
	bad, good := buf[:nb], buf[nb:]
	D, G := float64(nb), float64(len(good))
	var twoU int64 // 2·U, exact in int64 for n up to ~3·10⁹
	var cb, cg int // cumulative counts, riskiest first
	walk(bad, good, order, func(v float64, b, g int) {
		gSafer := len(good) - cg - g
		twoU += int64(b) * int64(2*gSafer+g)
		cb += b
		cg += g
		if ks := math.Abs(float64(cb)/D - float64(cg)/G); ks > r.KS {
			r.KS, r.KSThreshold = ks, v
		}
	})
	r.AUC = float64(twoU) / (2 * D * G)
	r.Gini = 2*r.AUC - 1
	return r, weakClasses("discrimination", nb, len(good))
}

func weakClasses(stat string, d, g int) error {
	if m := min(d, g); m < MinClassCount {
		return &FewDefaultsWarning{Stat: stat, Defaults: m, MinDefaults: MinClassCount}
	}
	return nil
}

// AUC returns the area under the ROC curve of scores against defaults; it
// is [Discriminate] reduced to one number, with the same errors.
func AUC(scores []float64, defaults []bool, order ScoreOrder) (float64, error) {
	r, err := Discriminate(scores, defaults, order)
	return r.AUC, err
}

// ROC returns the points of the receiver operating characteristic: for
// each distinct score, taken from the riskiest to the safest, the obligors
// at that score or riskier are flagged, and
//
//	fpr[k] = flagged non-defaulters / G
//	tpr[k] = flagged defaulters / D
//	thresh[k] = the score of step k
//
// The three slices line up and have one element per distinct score; the
// curve's starting point (0, 0) is implied and not included, the last point
// is (1, 1). Errors and special cases are those of [Discriminate]. Cost
// O(n log n).
//
// References:
//   - Fawcett, T. (2006), An introduction to ROC analysis, Pattern
//     Recognition Letters 27(8), 861–874, algorithm 1.
func ROC(scores []float64, defaults []bool, order ScoreOrder) (fpr, tpr, thresh []float64, err error) {
	buf, nb, err := splitSorted(scores, defaults, order)
	if err != nil {
		return nil, nil, nil, err
	}
	bad, good := buf[:nb], buf[nb:]
	D, G := float64(len(bad)), float64(len(good))
	var cb, cg int
	walk(bad, good, order, func(v float64, b, g int) {
		cb += b
		cg += g
		fpr = append(fpr, float64(cg)/G)
		tpr = append(tpr, float64(cb)/D)
		thresh = append(thresh, v)
	})
	return fpr, tpr, thresh, weakClasses("discrimination", len(bad), len(good))
}

// CAP returns the points of the cumulative accuracy profile (power curve):
// for each distinct score, riskiest first, the obligors at that score or
// riskier are flagged, and
//
//	x[k] = flagged obligors / N
//	y[k] = flagged defaulters / D
//
// One point per distinct score; (0, 0) is implied, the last point is
// (1, 1). The accuracy ratio (area between the CAP and the diagonal over
// that of the perfect model) equals [Discrimination.Gini]. Errors are those
// of [Discriminate].
//
// References:
//   - Sobehart, J., Keenan, S. and Stein, R. (2000), Benchmarking
//     quantitative default risk models: a validation methodology, Moody's
//     Risk Management Services, section 3.
//   - Engelmann, Hayden and Tasche (2003), Testing rating accuracy, Risk
//     16(1), 82–86.
func CAP(scores []float64, defaults []bool, order ScoreOrder) (x, y []float64, err error) {
	buf, nb, err := splitSorted(scores, defaults, order)
	if err != nil {
		return nil, nil, err
	}
	bad, good := buf[:nb], buf[nb:]
	N, D := float64(len(buf)), float64(len(bad))
	var cb, cn int
	walk(bad, good, order, func(_ float64, b, g int) {
		cb += b
		cn += b + g
		x = append(x, float64(cn)/N)
		y = append(y, float64(cb)/D)
	})
	return x, y, weakClasses("discrimination", len(bad), len(good))
}

// key maps a finite float64 to a uint64 with the same order (−0 and +0 map
// to one key), so sorting runs on integers, without the NaN handling of
// float comparisons.
func key(x float64) uint64 {
	if x == 0 {
		x = 0 // −0 → +0
	}
	return radix.FloatKey(x)
}

// unkey inverts key.
func unkey(k uint64) float64 { return radix.FromFloatKey(k) }

// splitSorted checks the inputs and returns one buffer holding the keys of
// the defaulters' scores in buf[:nb] and the others' in buf[nb:], each
// sorted ascending.
func splitSorted(scores []float64, defaults []bool, order ScoreOrder) (buf []uint64, nb int, err error) {
	if !order.IsValid() {
		return nil, 0, intErr("order", int(order), ErrScoreOrder)
	}
	n := len(scores)
	if n == 0 {
		return nil, 0, emptyErr("scores", ErrEmpty)
	}
	if n > MaxObservations {
		return nil, 0, lenErr("scores", n, ErrLimit)
	}
	if len(defaults) != n {
		return nil, 0, lenErr("defaults", len(defaults), ErrLength)
	}
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, 0, inputErr("scores", i, s, ErrNotFinite)
		}
		if defaults[i] {
			nb++
		}
	}
	if nb == 0 || nb == n {
		return nil, 0, &InputError{Field: "defaults", Value: strconv.Itoa(nb) + " of " + strconv.Itoa(n) + " true", Err: ErrSingleClass}
	}
	buf = make([]uint64, n)
	ib, ig := 0, nb
	for i, s := range scores {
		if defaults[i] {
			buf[ib] = key(s)
			ib++
		} else {
			buf[ig] = key(s)
			ig++
		}
	}
	radix.Sort(buf[:nb])
	radix.Sort(buf[nb:])
	return buf, nb, nil
}

// walk visits the distinct values of two ascending slices from the riskiest
// to the safest under order, with the number of elements of each slice equal
// to the value.
func walk(bad, good []uint64, order ScoreOrder, visit func(v float64, b, g int)) {
	if order == HigherRiskier {
		i, j := len(bad)-1, len(good)-1
		for i >= 0 || j >= 0 {
			var v uint64
			switch {
			case i < 0:
				v = good[j]
			case j < 0:
				v = bad[i]
			default:
				v = max(bad[i], good[j])
			}
			b, g := 0, 0
			for i >= 0 && bad[i] == v {
				i--
				b++
			}
			for j >= 0 && good[j] == v {
				j--
				g++
			}
			visit(unkey(v), b, g)
		}
		return
	}
	i, j := 0, 0
	for i < len(bad) || j < len(good) {
		var v uint64
		switch {
		case i == len(bad):
			v = good[j]
		case j == len(good):
			v = bad[i]
		default:
			v = min(bad[i], good[j])
		}
		b, g := 0, 0
		for i < len(bad) && bad[i] == v {
			i++
			b++
		}
		for j < len(good) && good[j] == v {
			j++
			g++
		}
		visit(unkey(v), b, g)
	}
}

// DiscriminateCounts computes AUC, Gini and KS from a binned table: bin i
// holds goods[i] non-defaulters and bads[i] defaulters, and bins are in
// ascending order of score, so order says whether later bins are riskier.
// Obligors in the same bin are tied (half credit in the AUC). Counts may be
// weights. KSThreshold is the index of the bin at which KS is attained,
// as a float64. N and Defaults are the rounded totals, saturated at
// math.MaxInt for weights that large.
//
// Shapes: len(bads) must equal len(goods) > 0. Errors: ErrEmpty,
// ErrLength, ErrCount (negative or non-finite count, with its index, or
// totals that overflow float64), ErrSingleClass (a zero total), ErrScoreOrder; a class total below
// [MinClassCount] gives the result with a [*FewDefaultsWarning]. Cost O(k).
//
// References: as for [Discriminate]; the bin-level form is the one of
// optbinning's binning table (Navas-Palencia 2020, Optimal binning:
// mathematical programming formulation, arXiv:2001.08025, section 2).
func DiscriminateCounts(goods, bads []float64, order ScoreOrder) (Discrimination, error) {
	if !order.IsValid() {
		return Discrimination{}, intErr("order", int(order), ErrScoreOrder)
	}
	k := len(goods)
	if k == 0 {
		return Discrimination{}, emptyErr("goods", ErrEmpty)
	}
	if len(bads) != k {
		return Discrimination{}, lenErr("bads", len(bads), ErrLength)
	}
	var G, D float64
	for i := range k {
		if g := goods[i]; !(g >= 0) || math.IsInf(g, 1) {
			return Discrimination{}, inputErr("goods", i, g, ErrCount)
		}
		if b := bads[i]; !(b >= 0) || math.IsInf(b, 1) {
			return Discrimination{}, inputErr("bads", i, b, ErrCount)
		}
		G += goods[i]
		D += bads[i]
	}
	if G == 0 || D == 0 {
		return Discrimination{}, &InputError{Field: "bads", Value: "total " + formatFloat(D) + ", goods total " + formatFloat(G), Err: ErrSingleClass}
	}
	if math.IsInf(G+D, 0) { // finite counts whose sum overflows: not a single class
		return Discrimination{}, &InputError{Field: "goods", Value: "total " + formatFloat(G+D), Err: ErrCount}
	}
	var r Discrimination
	r.N, r.Defaults = roundCount(G+D), roundCount(D)
	var u, cb, cg float64
	for s := range k {
		i := s // riskiest first
		if order == HigherRiskier {
			i = k - 1 - s
		}
		b, g := bads[i], goods[i]
		u += (b / D) * ((G - cg - g + g/2) / G) // shares: no overflow for huge weights
		cb += b
		cg += g
		if ks := math.Abs(cb/D - cg/G); ks > r.KS {
			r.KS, r.KSThreshold = ks, float64(i)
		}
	}
	r.AUC = min(max(u, 0), 1)
	r.Gini = 2*r.AUC - 1
	return r, weakClasses("discrimination", int(math.Min(D, G)), int(math.Max(D, G)))
}

// roundCount rounds a non-negative finite total to int, saturating at
// math.MaxInt.
func roundCount(x float64) int {
	if x >= math.MaxInt {
		return math.MaxInt
	}
	return int(math.Round(x))
}
