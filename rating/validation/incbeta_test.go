package validation

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// exactSF sums P(X ≥ k) for X ~ Binomial(n, p) term by term, outward from
// k, with Loader's log pmf: an independent check of the large-n forms.
func exactSF(k, n, p float64) float64 {
	mean := n * p
	sum := func(from, step float64) float64 {
		var s float64
		for j := from; j >= 0 && j <= n; j += step {
			t := math.Exp(binomLogPMF(j, n, p))
			s += t
			if t < 1e-18*s && (step > 0) == (j > mean) {
				break
			}
		}
		return s
	}
	if k > mean {
		return sum(k, 1)
	}
	return 1 - sum(k-1, -1)
}

func TestLargeNBinomialAgainstSummation(t *testing.T) {
	for _, tc := range []struct{ n, p, k float64 }{
		{1e8, 0.01, 1e6}, {1e8, 0.01, 1e6 - 2000}, {1e8, 0.01, 1e6 + 3000},
		{1e9, 1e-6, 1000}, {1e9, 1e-6, 950}, {1e9, 1e-6, 1100}, {1e9, 1e-8, 12},
		{2e8, 0.3, 6e7 + 1e4}, {5e7, 0.5, 2.5e7 - 1e4},
	} {
		got := binomSF(tc.k, tc.n, tc.p)
		want := exactSF(tc.k, tc.n, tc.p)
		if math.Abs(got-want) > 2e-6*max(want, 1e-3) {
			t.Errorf("P(X ≥ %g | n=%g, p=%g) = %.10g, summation %.10g", tc.k, tc.n, tc.p, got, want)
		}
		gotL := binomCDF(tc.k-1, tc.n, tc.p)
		if math.Abs(gotL-(1-want)) > 2e-6*max(1-want, 1e-3) {
			t.Errorf("P(X ≤ %g | n=%g, p=%g) = %.10g, summation %.10g", tc.k-1, tc.n, tc.p, gotL, 1-want)
		}
	}
}

// Below exactTestN gonum's incomplete beta is exact to rounding; the large-n
// forms must agree with it where both apply.
func TestLargeNFormsAgainstGonum(t *testing.T) {
	for _, tc := range []struct{ a, b, x float64 }{
		{1e5 + 0.5, 9.9e6 + 0.5, 0.01}, {1e5 + 0.5, 9.9e6, 0.0101}, {5e6, 5e6, 0.4999},
		{500.5, 9e6, 5.2e-5}, {3.5, 9e6, 2e-7}, {9e6, 30.5, 0.999997},
	} {
		want := distuv.Beta{Alpha: tc.a, Beta: tc.b}.CDF(tc.x)
		lo := incBetaLarge(tc.x, tc.a, tc.b, false)
		up := incBetaLarge(tc.x, tc.a, tc.b, true)
		if math.Abs(lo-want) > 1e-6 || math.Abs(up-(1-want)) > 1e-6 {
			t.Errorf("I_%g(%g, %g): large form %.10g / %.10g, gonum %.10g", tc.x, tc.a, tc.b, lo, 1-up, want)
		}
	}
}

// Issue #18: n = 10⁸ or more gave p = 0 (a red light) for a perfectly
// calibrated grade. Here d = n·PD exactly: the one-sided p-values are about
// one half at every n (their limit is ½ as n → ∞), the two-sided ones 1.
func TestCalibratedGradeLargeN(t *testing.T) {
	for _, n := range []int{1e4, 1e7, 1e8, 1e9, 1e12, 1e15, 1 << 62} {
		d := n / 100
		tol := 0.03 // at n = 10⁴ the one-sided p is 0.5135
		if n >= 1e8 {
			tol = 1e-3
		}
		for _, alt := range []Alternative{Greater, Less} {
			pb, err := BinomialTest(d, n, 0.01, alt)
			if err != nil || math.Abs(pb-0.5) > tol {
				t.Errorf("binomial n=%d %v: p = %v, %v", n, alt, pb, err)
			}
			pj, err := JeffreysTest(d, n, 0.01, alt)
			if err != nil || math.Abs(pj-0.5) > tol {
				t.Errorf("Jeffreys n=%d %v: p = %v, %v", n, alt, pj, err)
			}
		}
		if p, err := BinomialTest(d, n, 0.01, TwoSided); err != nil || p < 0.99 {
			t.Errorf("binomial two-sided n=%d: p = %v, %v", n, p, err)
		}
		if n >= 1e9 {
			// One standard deviation too many defaults: p ≈ 1 − Φ(1) = 0.1587.
			sd := math.Sqrt(float64(n) * 0.01 * 0.99)
			p, _ := BinomialTest(d+int(sd), n, 0.01, Greater)
			if math.Abs(p-0.158655) > 1e-3 {
				t.Errorf("n=%d, d = mean + sd: p = %v, want ≈ 0.1587", n, p)
			}
			p2, _ := BinomialTest(d+int(sd), n, 0.01, TwoSided)
			if math.Abs(p2-0.31731) > 2e-3 {
				t.Errorf("n=%d, d = mean + sd: two-sided p = %v, want ≈ 0.3173", n, p2)
			}
		}
	}
	// A handful of defaults where tens of quadrillions are expected is no
	// evidence for the PD: every p-value that counts the left tail is ~0.
	// Beyond n ≈ 2⁶² the pmf of d = 5 used to come out +∞ (bd0 took
	// ln1p(−1)), and the two-sided p was ½.
	for _, n := range []int{1e8, 1 << 62, 1<<62 + 1<<61, math.MaxInt - 600, math.MaxInt} {
		if lp := binomLogPMF(5, float64(n), 0.01); math.IsNaN(lp) || lp > 0 {
			t.Errorf("n=%d: ln P(X = 5) = %v, want finite ≤ 0", n, lp)
		}
		for _, alt := range []Alternative{Less, TwoSided} {
			if p, err := BinomialTest(5, n, 0.01, alt); err != nil || p > 1e-12 {
				t.Errorf("binomial n=%d d=5 %v: p = %v, %v; want ≈ 0", n, alt, p, err)
			}
		}
	}
	// The large-n path continues the exact one: at the switch the two agree.
	for _, alt := range []Alternative{Greater, Less, TwoSided} {
		lo, _ := BinomialTest(exactTestN/100+300, exactTestN, 0.01, alt)
		hi, _ := BinomialTest((exactTestN+1)/100+300, exactTestN+1, 0.01, alt)
		if math.Abs(lo-hi) > 1e-4 {
			t.Errorf("%v: p at the switch %v vs %v", alt, lo, hi)
		}
	}
}
