package main

import (
	"fmt"
	"math"
	"testing"

	"github.com/smecredit/smecredit/rating/validation"
)

func TestMannWhitney(t *testing.T) {
	// males/females: diagnosis ages of type II diabetes, the example of the
	// scipy.stats.mannwhitneyu documentation (SciPy 1.13 "Examples", after Hollander et al.).
	males := []float64{19, 22, 16, 29, 24}
	females := []float64{20, 11, 17, 12}
	tests := []struct {
		name  string
		x, y  []float64
		u, p  float64
		exact bool
	}{
		// scipy docs: mannwhitneyu(males, females, method="exact") → U1 = 17.0, p = 0.1111111111111111.
		{"scipy docs, exact", males, females, 17, 0.1111111111111111, true},
		// The same samples swapped: U2 = n₁n₂ − U1 = 3 (scipy docs), same two-sided p.
		{"scipy docs, swapped", females, males, 3, 0.1111111111111111, true},
		// Ties force the normal approximation. Hand-derived, checked with Python's math.erfc:
		// ranks of x = 1, 3, 3 → U = 1, U⁺ = 8, μ = 4.5, one tie group of 3: Σ(t³−t) = 24,
		// σ² = 9/12·(7 − 24/30) = 4.65, z = (8 − 4.5 − 0.5)/√4.65 = 1.3912166872805047,
		// p = erfc(z/√2) = 0.16415972847851523.
		{"ties, normal", []float64{1, 2, 2}, []float64{2, 3, 4}, 1, 0.16415972847851523, false},
		// Every value tied: σ = 0, no evidence of a difference.
		{"all tied", []float64{5, 5, 5}, []float64{5, 5}, 3, 1, false},
		// Complete separation, 3 vs 3 without ties: exact p = 2·1/C(6,3) = 0.1 (R: wilcox.test(c(1,2,3),
		// c(4,5,6)) gives W = 0, p-value = 0.1).
		{"separated, exact", []float64{1, 2, 3}, []float64{4, 5, 6}, 0, 0.1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mannWhitney(tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			if got.U != tc.u || math.Abs(got.P-tc.p) > 1e-12 || got.Exact != tc.exact {
				t.Errorf("got U %v p %.17g exact %v, want U %v p %.17g exact %v", got.U, got.P, got.Exact, tc.u, tc.p, tc.exact)
			}
		})
	}
}

func TestNormalP(t *testing.T) {
	// scipy docs: mannwhitneyu(males, females, method="asymptotic") → p = 0.11134688653314041
	// (U⁺ = 17, n₁ = 5, n₂ = 4, no ties, continuity correction on).
	if got, want := normalP(17, 5, 4, 0), 0.11134688653314041; math.Abs(got-want) > 1e-12 {
		t.Errorf("normalP = %.17g, want %.17g", got, want)
	}
	// R's wilcox.test(c(1, 2, 3), c(4, 5, 6), exact = FALSE) reports W = 0, p-value = 0.08086
	// (U⁺ = 9, n₁ = n₂ = 3, continuity correction on; by hand z = 4/√5.25 = 1.7457).
	if got, want := normalP(9, 3, 3, 0), 0.08086; math.Abs(got-want) > 5e-6 {
		t.Errorf("normalP = %.6g, want %.5g", got, want)
	}
}

func TestExactUpperTail(t *testing.T) {
	// m = n = 3: C(6, 3) = 20 arrangements, one with U = 9 and one with U = 0 (Mann and Whitney
	// 1947, Table I gives Pr(U ≤ 0) = 0.050 for n = m = 3).
	if got := exactUpperTail(3, 3, 9); math.Abs(got-0.05) > 1e-15 {
		t.Errorf("Pr(U ≥ 9 | 3, 3) = %v, want 0.05", got)
	}
	// Properties: the tail from 0 is 1; the distribution is symmetric about mn/2,
	// Pr(U ≥ u) = 1 − Pr(U ≥ mn − u + 1); and it does not depend on which sample is first.
	for _, sz := range [][2]int{{1, 1}, {3, 5}, {8, 8}} {
		m, n := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", m, n), func(t *testing.T) {
			if got := exactUpperTail(m, n, 0); math.Abs(got-1) > 1e-15 {
				t.Errorf("Pr(U ≥ 0) = %v, want 1", got)
			}
			for u := 1; u <= m*n; u++ {
				up := exactUpperTail(m, n, u)
				if sym := 1 - exactUpperTail(m, n, m*n-u+1); math.Abs(up-sym) > 1e-12 {
					t.Errorf("u=%d: Pr(U ≥ u) = %v, 1 − Pr(U ≥ mn−u+1) = %v", u, up, sym)
				}
				if sw := exactUpperTail(n, m, u); math.Abs(up-sw) > 1e-12 {
					t.Errorf("u=%d: %v with sizes swapped, %v", u, sw, up)
				}
			}
		})
	}
}

// The AUC of validation is the Mann–Whitney U over n₁n₂ (ties counting one half): on the real
// sample both must agree for every indicator.
func TestUAgreesWithAUC(t *testing.T) {
	pairs, err := drawSample(loadEmbedded(t), defaultN, defaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 4, 21, 27, 46} {
		var x, y, all []float64
		var bad []bool
		for _, p := range pairs {
			if v, ok := p.failed.ratio(n); ok {
				x = append(x, v)
			}
			if v, ok := p.good.ratio(n); ok {
				y = append(y, v)
			}
		}
		all = append(append(all, x...), y...)
		for i := range all {
			bad = append(bad, i < len(x))
		}
		mw, err := mannWhitney(x, y)
		if err != nil {
			t.Fatal(err)
		}
		auc, err := validation.AUC(all, bad, validation.HigherRiskier)
		if err != nil {
			t.Fatal(err)
		}
		if got := mw.U / float64(len(x)*len(y)); math.Abs(got-auc) > 1e-12 {
			t.Errorf("Attr%d: U/(n₁n₂) = %v, validation AUC = %v", n, got, auc)
		}
	}
}
