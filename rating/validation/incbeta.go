package validation

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Tail probabilities of the binomial and beta distributions for the
// calibration tests, right at any n.
//
// Up to exactTestN trials the tests use gonum's regularized incomplete beta
// (Cephes incbet), which agrees with R to the precision of the published
// tests. Beyond it Cephes' continued fraction stops converging (a perfectly
// calibrated grade of 10⁸ obligors gets a one-sided p of 0.4993 instead of
// 0.5001, 10¹² obligors p = 0, 10¹⁵ a negative value), so the tests switch to
// asymptotic forms that improve as n grows:
//
//   - the smaller shape parameter at most gammaShapeMax: the gamma limit of the
//     beta distribution, I_x(a, b) ≈ P(Γ(a) ≤ −(b + (a−1)/2)·ln(1 − x))
//     (Abramowitz and Stegun 26.5.21's transformation), with an error of
//     order a²/b², below 10⁻⁸ here;
//   - otherwise the Lugannani–Rice saddlepoint approximation of the beta
//     CDF, written as P((1−x)·G_a − x·G_b ≤ 0) for independent gamma
//     variables G_a, G_b, with a relative error of order 1/a.
//
// Binomial tails use the identity P(X ≥ d) = I_p(d, n − d + 1), and
// binomial probabilities Loader's saddlepoint form, which stays exact to
// rounding where lgamma(n) loses all digits.
//
// References:
//   - Lugannani, R. and Rice, S. (1980), Saddle point approximation for
//     the distribution of the sum of independent random variables, Adv.
//     Appl. Prob. 12, 475–490.
//   - Butler, R. W. (2007), Saddlepoint Approximations with Applications,
//     Cambridge University Press, sections 1.2 and 2.4 (beta CDF).
//   - Loader, C. (2000), Fast and accurate computation of binomial
//     probabilities (the algorithm of R's dbinom).
//   - Abramowitz, M. and Stegun, I. A. (1964), Handbook of Mathematical
//     Functions, 26.5.21.

// exactTestN is the number of obligors up to which the calibration tests
// evaluate the incomplete beta function by gonum's continued fraction.
const exactTestN = 10_000_000

// gammaShapeMax is the largest smaller shape for the gamma limit.
const gammaShapeMax = 1000

// incBetaLarge returns I_x(a, b), or 1 − I_x(a, b) when upper, for
// a + b beyond exactTestN, computing the smaller tail directly rather than
// as a difference.
func incBetaLarge(x, a, b float64, upper bool) float64 {
	switch {
	case x <= 0:
		return b2f(upper)
	case x >= 1:
		return b2f(!upper)
	}
	if a <= gammaShapeMax && a <= b {
		z := -math.Log1p(-x) * (b + (a-1)/2)
		if upper {
			return clamp01(mathext.GammaIncRegComp(a, z))
		}
		return clamp01(mathext.GammaIncReg(a, z))
	}
	if b <= gammaShapeMax {
		// I_x(a, b) = 1 − I_{1−x}(b, a), and ln(1 − (1−x)) = ln x exactly.
		z := -math.Log(x) * (a + (b-1)/2)
		if upper {
			return clamp01(mathext.GammaIncReg(b, z))
		}
		return clamp01(mathext.GammaIncRegComp(b, z))
	}
	// Lugannani–Rice for Y = (1−x)·G_a − x·G_b at y = 0. With N = a + b
	// and D = x·N − a, the saddlepoint ŝ = D/(x(1−x)N) gives
	//   −K(ŝ) = a·ln(a/(xN)) + b·ln(b/((1−x)N)) = bd0(a, xN) + bd0(b, (1−x)N),
	//   û = ŝ·√K''(ŝ) = D·√(1/a + 1/b).
	n := a + b
	d := math.FMA(x, n, -a) // x·N − a, one rounding
	kl := bd0(a, a+d, -d) + bd0(b, b-d, d)
	w := math.Sqrt(2 * max(kl, 0))
	if d < 0 {
		w = -w
	}
	var c float64 // 1/ŵ − 1/û
	if math.Abs(w) < 1e-6 {
		// Its limit as ŝ → 0: ρ₃/6, the standardised third cumulant of Y.
		y := 1 - x
		k2 := a*y*y + b*x*x
		k3 := 2*a*y*y*y - 2*b*x*x*x
		c = k3 / (6 * k2 * math.Sqrt(k2))
	} else {
		c = 1/w - 1/(d*math.Sqrt(1/a+1/b))
	}
	if upper {
		return clamp01(normCDF(-w) - normPDF(w)*c)
	}
	return clamp01(normCDF(w) + normPDF(w)*c)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func normPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }

// bd0 returns x·ln(x/m) + m − x ≥ 0 given delta = x − m, accurately when x
// and m are close (Loader 2000).
func bd0(x, m, delta float64) float64 {
	if math.Abs(delta) < 0.1*(x+m) {
		v := delta / (x + m)
		s := delta * v
		ej := 2 * x * v
		v *= v
		for j := 1; j < 1000; j++ {
			ej *= v
			s1 := s + ej/float64(2*j+1)
			if s1 == s {
				return s
			}
			s = s1
		}
		return s
	}
	// Away from m, Loader's own form: x/m is not near 1, so ln(x/m) is
	// accurate. (x·ln1p(delta/m) − delta lost x ≪ m: delta/m rounded to −1
	// and ln1p(−1) = −∞ made the pmf +∞ at n near 2⁶³.)
	return x*math.Log(x/m) + m - x
}

// stirlerr returns ln Γ(n+1) − (n + ½)·ln n + n − ln √(2π), the error of
// Stirling's formula (Loader 2000).
func stirlerr(n float64) float64 {
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	if n <= 15 {
		lg, _ := math.Lgamma(n + 1)
		return lg - (n+0.5)*math.Log(n) + n - 0.5*math.Log(2*math.Pi)
	}
	nn := n * n
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / n
}

// binomLogPMF returns ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1, in
// Loader's form, accurate for any n.
func binomLogPMF(k, n, p float64) float64 {
	q := 1 - p
	switch {
	case k < 0 || k > n:
		return math.Inf(-1)
	case k == 0:
		return n * math.Log1p(-p)
	case k == n:
		return n * math.Log(p)
	}
	delta := -math.FMA(n, p, -k) // k − n·p
	lc := stirlerr(n) - stirlerr(k) - stirlerr(n-k) - bd0(k, n*p, delta) - bd0(n-k, n*q, -delta)
	lf := math.Log(2*math.Pi) + math.Log(k) + math.Log1p(-k/n)
	return lc - 0.5*lf
}

// binomSF returns P(X ≥ k) for X ~ Binomial(n, p), 0 < p < 1, n beyond
// exactTestN: I_p(k, n − k + 1).
func binomSF(k, n, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	}
	return incBetaLarge(p, k, n-k+1, false)
}

// binomCDF returns P(X ≤ k) = 1 − I_p(k + 1, n − k), n beyond exactTestN.
func binomCDF(k, n, p float64) float64 {
	switch {
	case k < 0:
		return 0
	case k >= n:
		return 1
	}
	return incBetaLarge(p, k+1, n-k, true)
}
