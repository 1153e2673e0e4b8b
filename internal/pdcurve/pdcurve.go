// Package pdcurve holds the numeric kernels of PD term structures that more than one package
// needs (monitor/ecl today; rating/validation's term structures could share them): constant
// per-period default probabilities, cumulative PDs from powers of a migration matrix, and
// survival interpolation between grids. Inputs are assumed valid (callers check domains and
// sizes and report their own errors); the functions never panic on lengths they are documented
// to accept, and allocate only their results.
package pdcurve

import "math"

// PeriodPD returns the per-period conditional PD q of a constant annual PD p on a grid of k
// periods a year, from the survival S(τ) = (1 − p)^τ: q = 1 − (1 − p)^(1/k), computed as
// −expm1(log1p(−p)/k) for accuracy at small p; q = 1 when p = 1. p in [0, 1], k ≥ 1.
func PeriodPD(p float64, k int) float64 {
	if p >= 1 {
		return 1
	}
	return -math.Expm1(math.Log1p(-p) / float64(k))
}

// HazardPD returns the per-period conditional PD of a constant intensity λ per year on a grid
// of k periods a year: q = 1 − exp(−λ/k). λ ≥ 0, k ≥ 1.
func HazardPD(lambda float64, k int) float64 { return -math.Expm1(-lambda / float64(k)) }

// ConstantMarginal returns n marginal (unconditional) PDs of a constant conditional PD q:
// m[t] = S_t · q with S_0 = 1 and S_{t+1} = S_t − m[t], that is (1 − q)^t · q.
func ConstantMarginal(q float64, n int) []float64 {
	m := make([]float64, n)
	s := 1.0
	for i := range m {
		m[i] = s * q
		s -= m[i]
	}
	return m
}

// MigrationMarginal returns n marginal PDs of an obligor starting in state from under the
// one-period transition matrix T (row-stochastic, last state the absorbing default D):
// Cumulative[t] = (e_from · T^(t+1))[D], m[t] = Cumulative[t] − Cumulative[t−1]. The cumulative
// curve is clamped to be non-decreasing and ≤ 1 against rounding. O(n·k²) time, O(k) memory.
//
// References:
//   - J.P. Morgan, CreditMetrics Technical Document (1997), §6.2 (multi-period transition
//     matrices as powers of the one-period matrix).
func MigrationMarginal(T [][]float64, from, n int) []float64 {
	k := len(T)
	d := k - 1
	v := make([]float64, k)
	w := make([]float64, k)
	v[from] = 1
	m := make([]float64, n)
	prev := 0.0
	for t := range m {
		clear(w)
		for i, vi := range v {
			if vi == 0 {
				continue
			}
			for j, tij := range T[i] {
				w[j] += vi * tij
			}
		}
		v, w = w, v
		c := min(max(v[d], prev), 1)
		m[t] = c - prev
		prev = c
	}
	return m
}

// Regrid maps marginal PDs on a grid of k periods a year onto a grid of k2, over the same
// span (⌊n·k2/k⌋ periods), interpolating survival with a constant hazard inside each source
// period: for a source period [a, b] and a ≤ τ ≤ b, S(τ) = S(a)·(S(b)/S(a))^((τ−a)/(b−a)).
// k, k2 ≥ 1; the result may be empty.
func Regrid(marginal []float64, k, k2 int) []float64 {
	n := len(marginal)
	surv := make([]float64, n+1)
	surv[0] = 1
	for i, m := range marginal {
		surv[i+1] = max(surv[i]-m, 0)
	}
	at := func(j int) float64 { // S at τ = j/k2 years
		num := j * k
		i, rem := num/k2, num%k2
		if rem == 0 || i >= n {
			return surv[min(i, n)]
		}
		a, b := surv[i], surv[i+1]
		if a == 0 {
			return 0
		}
		return a * math.Pow(b/a, float64(rem)/float64(k2))
	}
	out := make([]float64, n*k2/k)
	prev := 1.0
	for j := range out {
		s := min(at(j+1), prev)
		out[j] = prev - s
		prev = s
	}
	return out
}
