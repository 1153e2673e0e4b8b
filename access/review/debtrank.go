package review

import (
	"math"
	"strconv"
)

// DebtRankResult is the outcome of [Network.DebtRank].
type DebtRankResult struct {
	// H is each firm's final distress h_i(T) ∈ [0, 1] (1 = default), in firm order.
	H []float64
	// R is the induced loss Σ h_j(T)·v_j − Σ h_j(1)·v_j ∈ [0, 1], excluding the initial shock.
	R float64
	// Rounds is the number of propagation steps taken.
	Rounds int
}

// DebtRank propagates distress from the seed firms through the guarantee network. See
// [Network.DebtRankTo].
func (g *Network) DebtRank(seeds []int, psi float64, v []float64) (DebtRankResult, error) {
	var r DebtRankResult
	err := g.DebtRankTo(&r, seeds, psi, v)
	return r, err
}

// DebtRankTo runs DebtRank (Battiston et al. 2012) into dst, reusing dst.H. A guarantee of
// amount A by guarantor g for borrower b makes g lose A if b defaults, so b's impact on g is
// W_bg = min(1, A/E_g), E_g the guarantor's net worth (W = 1 when E_g ≤ 0: a firm without
// equity is wiped out by any call). The seeds start with distress ψ = psi and state
// distressed, the others 0 and undistressed; each step
//
//	h_j(t) = min(1, h_j(t−1) + Σ_{l distressed at t−1} W_lj · h_l(t−1)),
//
// then distressed firms become inactive and undistressed firms with h > 0 distressed; each
// firm propagates once; the run stops when no firm is distressed. v weighs the firms' economic
// value (len n, each ≥ 0, finite, normalised here to sum 1); nil means v_i = firm i's
// guaranteed amount / all guaranteed amounts (Battiston's A_i/ΣA). R = Σ h(T)v − Σ h(1)v.
// O(n + m) per run.
//
// Errors ([*InputError]): [ErrMissingValue] for a nil dst or network or no seeds;
// [ErrUnknown] for a seed outside 0..n−1 or repeated ("seeds[i]"); [ErrTolerance] for psi
// outside (0, 1] ("psi") or a bad v ("v", "v[i]").
//
// References: Battiston, Puliga, Kaushik, Tasca, Caldarelli (2012), "DebtRank: Too Central
// to Fail?", Sci. Rep. 2:541, eqs. (1)–(3); the guarantee mapping follows review.md §2.4.
func (g *Network) DebtRankTo(dst *DebtRankResult, seeds []int, psi float64, v []float64) error {
	if dst == nil || g == nil {
		return &InputError{Field: "dst", Err: ErrMissingValue}
	}
	if len(seeds) == 0 {
		return &InputError{Field: "seeds", Err: ErrMissingValue}
	}
	if !(psi > 0 && psi <= 1) {
		return &InputError{Field: "psi", Value: floatText(psi), Err: ErrTolerance}
	}
	n := len(g.ids)
	var w []float64
	if v == nil {
		w = make([]float64, n)
		var tot float64
		for i, c := range g.contF {
			w[i] = c
			tot += c
		}
		if tot > 0 {
			for i := range w {
				w[i] /= tot
			}
		}
	} else {
		if len(v) != n {
			return &InputError{Field: "v", Value: strconv.Itoa(len(v)), Err: ErrTolerance}
		}
		var tot float64
		for i, x := range v {
			if !(x >= 0) || math.IsInf(x, 0) {
				return &InputError{Field: idx("v", i), Value: floatText(x), Err: ErrTolerance}
			}
			tot += x
		}
		if !(tot > 0) || math.IsInf(tot, 0) {
			return &InputError{Field: "v", Value: floatText(tot), Err: ErrTolerance}
		}
		w = make([]float64, n)
		for i, x := range v {
			w[i] = x / tot
		}
	}
	h := resizeF(dst.H, n)
	state := make([]uint8, n) // 0 undistressed, 1 distressed, 2 inactive
	active := make([]int32, 0, len(seeds))
	for i, s := range seeds {
		if s < 0 || s >= n || state[s] != 0 {
			return &InputError{Field: idx("seeds", i), Value: strconv.Itoa(s), Err: ErrUnknown}
		}
		state[s] = 1
		h[s] = psi
		active = append(active, int32(s))
	}
	var r0 float64
	for _, s := range seeds {
		r0 += psi * w[s]
	}
	snap := make([]float64, 0, len(seeds))
	var next []int32
	rounds := 0
	for len(active) > 0 {
		rounds++
		snap = snap[:0]
		for _, l := range active {
			snap = append(snap, h[l])
		}
		next = next[:0]
		for k, l := range active {
			hl := snap[k]
			for e := g.inStart[l]; e < g.inStart[l+1]; e++ {
				j := g.inSrc[e]
				h[j] = math.Min(1, h[j]+g.inW[e]*hl)
				if state[j] == 0 && h[j] > 0 {
					state[j] = 3 // becomes distressed next step
					next = append(next, j)
				}
			}
		}
		for _, l := range active {
			state[l] = 2
		}
		for _, j := range next {
			state[j] = 1
		}
		active, next = next, active
	}
	var rT float64
	for i, x := range h {
		rT += x * w[i]
	}
	// Rounding in the weighted sums can put R an ulp above 1 (found by FuzzNewNetwork).
	*dst = DebtRankResult{H: h, R: min(max(0, rT-r0), 1), Rounds: rounds}
	return nil
}
