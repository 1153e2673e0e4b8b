package rating

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// TOPSISResult ranks alternatives (firms) by closeness to the ideal.
// Closeness, DPlus and DMinus have one entry per row of the data, in row
// order; PIS and NIS one per column.
type TOPSISResult struct {
	Closeness []float64 // Cᵢ = D⁻ᵢ/(D⁺ᵢ + D⁻ᵢ) in [0, 1]; larger is better
	DPlus     []float64 // Euclidean distance to the positive ideal solution
	DMinus    []float64 // Euclidean distance to the negative ideal solution
	PIS       []float64 // positive ideal, weighted normalised values
	NIS       []float64 // negative ideal, weighted normalised values
}

// TOPSIS ranks the rows of data (m alternatives × k criteria) by the
// technique for order preference by similarity to ideal solution. weights
// (length k, finite, ≥ 0, not all 0) need not sum to 1: they are divided by
// their sum first, which leaves Cᵢ unchanged. dirs (length k) gives each
// criterion's direction, Benefit or Cost. norm is NormDefault or
// NormVector (Hwang & Yoon) or NormMinMax. data is not modified. Cost
// O(m k).
//
//	vector:  rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²);  PISⱼ = maxᵢ vᵢⱼ (benefit) or minᵢ vᵢⱼ (cost)
//	min-max: rᵢⱼ = min-max z, reversed for cost; PISⱼ = maxᵢ vᵢⱼ
//	vᵢⱼ = wⱼ rᵢⱼ (w summing to 1),  NIS the opposite extreme of PIS
//	D⁺ᵢ = ‖vᵢ − PIS‖₂,  D⁻ᵢ = ‖vᵢ − NIS‖₂,  Cᵢ = D⁻ᵢ / (D⁺ᵢ + D⁻ᵢ)
//
// Every quantity is computed without overflow for any finite data and
// weights (columns are scaled by their largest magnitude before the
// norm, weights by the largest weight before their sum), so every result
// is finite.
//
// Special cases:
//
//	an all-zero column (vector) or constant column (min-max)  r = 0, no effect
//	D⁺ᵢ + D⁻ᵢ = 0 (every weighted column constant)            ErrNoInformation
//
// Errors, each an [*InputError] unless noted: Field "data" wrapping
// [ErrShape] for empty data; Field "weights" or "dirs" wrapping [ErrShape]
// for a length mismatch; Field "data[i][j]" wrapping [ErrInvalidInput] for
// a NaN or ±Inf cell; Field "weights[j]" or "dirs[j]" wrapping
// [ErrInvalidInput] for a bad weight or direction, Field "weights" for
// weights that are all 0; Field "norm" wrapping [ErrInvalidInput]; the bare
// [ErrNoInformation].
//
// References:
//   - Hwang, C.-L., Yoon, K. (1981). Multiple Attribute Decision Making:
//     Methods and Applications. Springer, LNEMS 186, ch. 3 (TOPSIS).
func TOPSIS(data mat.Matrix, weights []float64, dirs []Direction, norm Normalization) (*TOPSISResult, error) {
	x, m, k, stride := rawRows(data)
	if err := checkData(m, k, 1); err != nil {
		return nil, err
	}
	if len(weights) != k {
		return nil, shapeErr("weights", len(weights), k)
	}
	if len(dirs) != k {
		return nil, shapeErr("dirs", len(dirs), k)
	}
	var wmax float64
	for j, w := range weights {
		if !finite(w) || w < 0 {
			return nil, badValue(at("weights", j), w, ErrInvalidInput)
		}
		wmax = max(wmax, w)
		if dirs[j] != Benefit && dirs[j] != Cost {
			return nil, &InputError{Field: at("dirs", j), Value: dirs[j].String(), Err: ErrInvalidInput}
		}
	}
	if wmax == 0 {
		return nil, &InputError{Field: "weights", Value: "all 0", Err: ErrInvalidInput}
	}
	if norm != NormDefault && norm != NormVector && norm != NormMinMax {
		return nil, &InputError{Field: "norm", Value: norm.String(), Err: ErrInvalidInput}
	}
	// Weights summing to 1, computed from w/wmax ≤ 1 so the sum cannot
	// overflow.
	wn := make([]float64, k)
	var wsum float64
	for j, w := range weights {
		wn[j] = w / wmax
		wsum += wn[j]
	}
	for j := range wn {
		wn[j] /= wsum
	}
	// Column statistics, with Σ x² (which may overflow or lose precision in
	// the subnormal range; such columns are redone on x / max|x| below).
	lo := append([]float64(nil), x[:k]...)
	hi := append([]float64(nil), x[:k]...)
	ss := make([]float64, k)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			if v-v != 0 {
				return nil, badValue(cellAt("data", i, j), v, ErrInvalidInput)
			}
			lo[j], hi[j] = min(lo[j], v), max(hi[j], v)
			ss[j] += v * v
		}
	}
	// Vector norm: v = coef · (x / mag), with mag = 1 when Σ x² is a normal
	// float64, else mag = max|x| so that Σ (x/mag)² ∈ [1, m].
	mag := make([]float64, k)
	coef := make([]float64, k)
	if norm != NormMinMax {
		for j := range mag {
			mx := max(math.Abs(lo[j]), math.Abs(hi[j]))
			switch {
			case mx == 0:
				continue // all-zero column: no effect
			case ss[j] >= 0x1p-1022 && !math.IsInf(ss[j], 0):
				mag[j] = 1
			default:
				mag[j], ss[j] = mx, 0
				for i := 0; i < m; i++ {
					t := x[i*stride+j] / mx
					ss[j] += t * t
				}
			}
			coef[j] = wn[j] / math.Sqrt(ss[j])
		}
	}
	// Per column, the weighted normalised value is t = sc·(x − off), one
	// multiply and one subtract per cell; columns whose range or magnitude
	// leaves float64's normal range take the slow, overflow-free path.
	sc := make([]float64, k)
	off := make([]float64, k)
	slow := make([]bool, k)
	for j := range sc {
		switch {
		case norm == NormMinMax && hi[j] == lo[j], norm != NormMinMax && mag[j] == 0:
			// no effect: t = 0
		case norm == NormMinMax:
			inv := 1 / (hi[j] - lo[j])
			c := wn[j] * inv
			switch {
			case !finite(inv) || !finite(c) || inv == 0:
				slow[j] = true
			case dirs[j] == Cost:
				sc[j], off[j] = -c, hi[j]
			default:
				sc[j], off[j] = c, lo[j]
			}
		default:
			c := coef[j] / mag[j]
			if !finite(c) || c != 0 && c < 0x1p-1022 {
				slow[j] = true
			} else {
				sc[j] = c
			}
		}
	}
	weighted := func(j int, v float64) float64 {
		if !slow[j] {
			return sc[j] * (v - off[j])
		}
		if norm != NormMinMax {
			return coef[j] * (v / mag[j])
		}
		if dirs[j] == Cost {
			return wn[j] * minMax(-v, -hi[j], -lo[j])
		}
		return wn[j] * minMax(v, lo[j], hi[j])
	}
	res := &TOPSISResult{
		Closeness: make([]float64, m), DPlus: make([]float64, m), DMinus: make([]float64, m),
		PIS: make([]float64, k), NIS: make([]float64, k),
	}
	for j := 0; j < k; j++ {
		vlo, vhi := weighted(j, lo[j]), weighted(j, hi[j])
		if norm == NormMinMax || dirs[j] == Benefit {
			vlo, vhi = min(vlo, vhi), max(vlo, vhi)
		} else {
			vlo, vhi = max(vlo, vhi), min(vlo, vhi)
		}
		res.PIS[j], res.NIS[j] = vhi, vlo
	}
	for i := 0; i < m; i++ {
		var dp, dm float64
		for j, v := range x[i*stride : i*stride+k] {
			var t float64
			if slow[j] {
				t = weighted(j, v)
			} else {
				t = sc[j] * (v - off[j])
			}
			dp += (t - res.PIS[j]) * (t - res.PIS[j])
			dm += (t - res.NIS[j]) * (t - res.NIS[j])
		}
		dp, dm = math.Sqrt(dp), math.Sqrt(dm)
		if dp+dm == 0 {
			return nil, ErrNoInformation
		}
		res.DPlus[i], res.DMinus[i] = dp, dm
		res.Closeness[i] = min(dm/(dp+dm), 1)
	}
	return res, nil
}
