package main

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// exactMax is the largest group size for which the exact null distribution of U is used (when
// there are no ties), as scipy.stats.mannwhitneyu does with method="auto".
const exactMax = 8

// mwTest is the result of a two-sided Mann–Whitney U test of x against y.
type mwTest struct {
	U     float64 // U statistic of x: the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½
	P     float64 // two-sided p-value, in [0, 1]
	Exact bool    // P is from the exact null distribution, not the normal approximation
}

var errMWEmpty = errors.New("Mann–Whitney test: each sample needs at least one value")

// mannWhitney tests whether x and y come from the same distribution against the two-sided
// alternative, with the conventions of scipy.stats.mannwhitneyu (method="auto",
// use_continuity=True):
//
//	R₁ = sum of the ranks of x in the pooled sample (ties get their mid-rank)
//	U  = R₁ − n₁(n₁+1)/2,  μ = n₁n₂/2,  U⁺ = max(U, n₁n₂ − U)
//	σ² = n₁n₂/12 · ((n+1) − Σₖ(tₖ³ − tₖ) / (n(n−1)))      n = n₁+n₂, tₖ the size of tie group k
//	z  = (U⁺ − μ − ½) / σ,  P = min(1, 2·(1 − Φ(z)))       Φ the standard normal CDF
//
// When both samples have at most exactMax values and there are no ties, P is exact instead:
// P = min(1, 2·Pr(U ≥ U⁺)) under the null distribution of U, counted by the Mann–Whitney
// recurrence. When every value is tied (σ = 0), P is 1. x and y are not modified.
//
// References:
//   - Mann, H. B., Whitney, D. R. (1947). On a test of whether one of two random variables is
//     stochastically larger than the other. Annals of Mathematical Statistics 18(1), 50–60
//     (the statistic and the recurrence for its null distribution).
//   - Hollander, M., Wolfe, D. A., Chicken, E. (2014). Nonparametric Statistical Methods, 3rd
//     ed., Wiley, section 4.1 (large-sample approximation with the tie correction).
//   - SciPy, scipy.stats.mannwhitneyu documentation (continuity correction and method "auto").
func mannWhitney(x, y []float64) (mwTest, error) {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return mwTest{}, errMWEmpty
	}
	type obs struct {
		v     float64
		fromX bool
	}
	all := make([]obs, 0, n1+n2)
	for _, v := range x {
		all = append(all, obs{v, true})
	}
	for _, v := range y {
		all = append(all, obs{v, false})
	}
	slices.SortFunc(all, func(a, b obs) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	var r1, ties float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		mid := float64(i+j+1) / 2 // mid-rank of positions i…j-1 (ranks i+1…j)
		for k := i; k < j; k++ {
			if all[k].fromX {
				r1 += mid
			}
		}
		if t := float64(j - i); t > 1 {
			ties += t*t*t - t
		}
		i = j
	}
	fn1, fn2 := float64(n1), float64(n2)
	u := r1 - fn1*(fn1+1)/2
	uMax := math.Max(u, fn1*fn2-u)
	if ties == 0 && n1 <= exactMax && n2 <= exactMax {
		return mwTest{U: u, P: math.Min(1, 2*exactUpperTail(n1, n2, int(uMax))), Exact: true}, nil
	}
	return mwTest{U: u, P: normalP(uMax, fn1, fn2, ties)}, nil
}

// normalP is the two-sided p-value of the normal approximation for U⁺ = max(U, n₁n₂ − U) with
// samples of sizes n1 and n2 and the tie term ties = Σₖ(tₖ³ − tₖ); see mannWhitney. It is 1
// when the variance is 0 (every value tied).
func normalP(uMax, n1, n2, ties float64) float64 {
	n := n1 + n2
	v := n1 * n2 / 12 * ((n + 1) - ties/(n*(n-1)))
	if v <= 0 {
		return 1
	}
	z := (uMax - n1*n2/2 - 0.5) / math.Sqrt(v)
	return math.Min(1, 2*distuv.UnitNormal.Survival(z))
}

// exactUpperTail returns Pr(U ≥ u) for samples of sizes m and n without ties under the null
// hypothesis, from the counts c(m, n, u) of arrangements with statistic u:
//
//	c(m, n, u) = c(m−1, n, u−n) + c(m, n−1, u),  c(0, n, 0) = c(m, 0, 0) = 1
//
// (Mann and Whitney 1947, equation (2)), divided by the binomial coefficient C(m+n, m).
func exactUpperTail(m, n, u int) float64 {
	// c[i][j] holds the counts for sizes (i, j) as a slice indexed by the statistic.
	c := make([][][]float64, m+1)
	for i := range c {
		c[i] = make([][]float64, n+1)
		for j := range c[i] {
			c[i][j] = make([]float64, i*j+1)
			if i == 0 || j == 0 {
				c[i][j][0] = 1
				continue
			}
			for s := range c[i][j] {
				if s-j >= 0 && s-j < len(c[i-1][j]) {
					c[i][j][s] += c[i-1][j][s-j]
				}
				if s < len(c[i][j-1]) {
					c[i][j][s] += c[i][j-1][s]
				}
			}
		}
	}
	var tail, total float64
	for s, k := range c[m][n] {
		total += k
		if s >= u {
			tail += k
		}
	}
	return tail / total
}
