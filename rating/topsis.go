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
// (length k, finite, ≥ 0, not all 0) need not sum to 1: scaling all weights
// leaves Cᵢ unchanged. dirs (length k) gives each criterion's direction,
// Benefit or Cost. norm is NormDefault or NormVector (Hwang & Yoon) or
// NormMinMax. data is not modified. Cost O(m k).
//
//	vector:  rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²);  PISⱼ = maxᵢ vᵢⱼ (benefit) or minᵢ vᵢⱼ (cost)
//	minMax:  rᵢⱼ = min-max z, reversed for cost; PISⱼ = maxᵢ vᵢⱼ
//	vᵢⱼ = wⱼ rᵢⱼ,  NIS the opposite extreme of PIS
//	D⁺ᵢ = ‖vᵢ − PIS‖₂,  D⁻ᵢ = ‖vᵢ − NIS‖₂,  Cᵢ = D⁻ᵢ / (D⁺ᵢ + D⁻ᵢ)
//
// Special cases:
//
//	an all-zero column (vector) or constant column (min-max)  r = 0, no effect
//	D⁺ᵢ + D⁻ᵢ = 0 (every weighted column constant)            ErrNoInformation
//
// Errors: [*ShapeError] for empty data or length mismatches; [*CellError]
// wrapping [ErrInvalidInput] for a NaN or ±Inf cell; [*InputError] for a
// bad weight or direction; [ErrNoInformation].
//
// References:
//   - Hwang, C.-L., Yoon, K. (1981). Multiple Attribute Decision Making:
//     Methods and Applications. Springer, LNEMS 186, ch. 3 (TOPSIS).
func TOPSIS(data mat.Matrix, weights []float64, dirs []Direction, norm Normalization) (*TOPSISResult, error) {
	x, m, k, stride := rawRows(data)
	if m == 0 || k == 0 {
		return nil, &ShapeError{Name: "data rows", Want: 1, Got: m}
	}
	if len(weights) != k {
		return nil, &ShapeError{Name: "weights", Want: k, Got: len(weights)}
	}
	if len(dirs) != k {
		return nil, &ShapeError{Name: "directions", Want: k, Got: len(dirs)}
	}
	var wsum float64
	for j, w := range weights {
		if !finite(w) || w < 0 {
			return nil, &InputError{Index: j, ID: "weight", Value: w, Err: ErrInvalidInput}
		}
		wsum += w
		if dirs[j] != Benefit && dirs[j] != Cost {
			return nil, &InputError{Index: j, ID: "direction", Value: float64(dirs[j]), Err: ErrInvalidInput}
		}
	}
	if wsum == 0 {
		return nil, &InputError{Index: -1, ID: "weights", Value: 0, Err: ErrInvalidInput}
	}
	if norm != NormDefault && norm != NormVector && norm != NormMinMax {
		return nil, &InputError{Index: -1, ID: "normalization", Value: float64(norm), Err: ErrInvalidInput}
	}
	// Column statistics.
	lo := append([]float64(nil), x[:k]...)
	hi := append([]float64(nil), x[:k]...)
	ss := make([]float64, k)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			if v-v != 0 {
				return nil, &CellError{Matrix: "data", Row: i, Col: j, Value: v, Msg: "must be finite", Err: ErrInvalidInput}
			}
			lo[j], hi[j] = min(lo[j], v), max(hi[j], v)
			ss[j] += v * v
		}
	}
	// v = a·x + b per column; then the ideal extremes.
	a := make([]float64, k)
	b := make([]float64, k)
	res := &TOPSISResult{
		Closeness: make([]float64, m), DPlus: make([]float64, m), DMinus: make([]float64, m),
		PIS: make([]float64, k), NIS: make([]float64, k),
	}
	for j := 0; j < k; j++ {
		w := weights[j]
		if norm == NormMinMax {
			if r := hi[j] - lo[j]; r > 0 {
				if dirs[j] == Cost {
					a[j], b[j] = -w/r, w*hi[j]/r
				} else {
					a[j], b[j] = w/r, -w*lo[j]/r
				}
				res.PIS[j], res.NIS[j] = w, 0
			}
			continue
		}
		if ss[j] > 0 {
			a[j] = w / math.Sqrt(ss[j])
		}
		vlo, vhi := a[j]*lo[j], a[j]*hi[j]
		if dirs[j] == Cost {
			vlo, vhi = vhi, vlo
		}
		res.PIS[j], res.NIS[j] = vhi, vlo
	}
	for i := 0; i < m; i++ {
		var dp, dm float64
		for j, v := range x[i*stride : i*stride+k] {
			t := a[j]*v + b[j]
			dp += (t - res.PIS[j]) * (t - res.PIS[j])
			dm += (t - res.NIS[j]) * (t - res.NIS[j])
		}
		dp, dm = math.Sqrt(dp), math.Sqrt(dm)
		if dp+dm == 0 {
			return nil, ErrNoInformation
		}
		res.DPlus[i], res.DMinus[i] = dp, dm
		res.Closeness[i] = dm / (dp + dm)
	}
	return res, nil
}
