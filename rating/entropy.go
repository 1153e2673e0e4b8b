package rating

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// EntropyOptions tunes [EntropyWeights]. The zero value uses proportions of
// raw values, the convention that reproduces the published cases.
type EntropyOptions struct {
	// Normalization is NormDefault or NormProportion (shares of raw,
	// non-negative values; directions are not used) or NormMinMax
	// (direction-aware min-max first, then shares; use it for data with
	// negative values, such as profit ratios).
	Normalization Normalization
	// Directions gives each column's direction for NormMinMax; nil means
	// every column is Benefit. Length must be the column count.
	Directions []Direction
}

// rawRows returns the row-major backing data of a (copying when a is not a
// *mat.Dense-like RawMatrixer).
func rawRows(a mat.Matrix) (data []float64, rows, cols, stride int) {
	if a == nil {
		return nil, 0, 0, 0 // callers report the shape
	}
	rm, ok := a.(mat.RawMatrixer)
	if !ok {
		rm = mat.DenseCopyOf(a)
	}
	raw := rm.RawMatrix()
	return raw.Data, raw.Rows, raw.Cols, raw.Stride
}

// EntropyWeights returns the entropy weights of the columns (criteria) of
// data (m rows = firms, k columns; m ≥ 2, k ≥ 1), a fresh slice of length k
// summing to 1. data is not modified.
//
//	pᵢⱼ = zᵢⱼ / Σᵢ zᵢⱼ          z = x (proportion) or min-max z (see Normalization)
//	Eⱼ  = −(1/ln m) Σᵢ pᵢⱼ ln pᵢⱼ   with 0 · ln 0 = 0
//	dⱼ  = 1 − Eⱼ,   wⱼ = dⱼ / Σₖ dₖ
//
// Special cases:
//
//	a constant column          dⱼ = 0: it carries no information, weight 0
//	an all-zero column         dⱼ = 0 (no shares exist), weight 0
//	every column uninformative ErrNoInformation (no weights are defined)
//
// Entropy is not translation-invariant, so negative values are not shifted
// silently: under NormProportion they are an error, and NormMinMax is the
// documented treatment. Any finite data are handled without overflow (a
// column whose sums overflow is rescaled by its maximum, which leaves the
// shares unchanged). Cost: one pass (two for min-max or overflowing
// columns) over the data, one logarithm per cell; memory O(k).
//
// Errors, each an [*InputError] unless noted: Field "data" wrapping
// [ErrShape] for m < 2 or k = 0; Field "opts.normalization" wrapping
// [ErrInvalidInput] for an unsupported normalisation; Field
// "opts.directions" wrapping [ErrShape] for a length mismatch, or
// "opts.directions[j]" wrapping [ErrInvalidInput] for a direction other
// than Benefit or Cost; Field "data[i][j]" wrapping [ErrInvalidInput] for
// the first NaN, ±Inf or (under NormProportion) negative cell; the bare
// [ErrNoInformation].
//
// References:
//   - Shannon, C. E. (1948). A mathematical theory of communication. Bell
//     System Technical Journal 27, 379–423.
//   - Zeleny, M. (1982). Multiple Criteria Decision Making. McGraw-Hill,
//     ch. 7 (entropy as a measure of the contrast intensity of criteria).
//   - Zavadskas, E. K., Podvezko, V. (2016). Integrated determination of
//     objective criteria weights in MCDM. IJITDM 15(2), 267–283.
func EntropyWeights(data mat.Matrix, opts EntropyOptions) ([]float64, error) {
	x, m, k, stride := rawRows(data)
	if err := checkData(m, k, 2); err != nil {
		return nil, err
	}
	minmax := false
	switch opts.Normalization {
	case NormDefault, NormProportion:
	case NormMinMax:
		minmax = true
	default:
		return nil, &InputError{Field: "opts.normalization", Value: opts.Normalization.String(), Err: ErrInvalidInput}
	}
	if err := checkDirections("opts.directions", opts.Directions, k); err != nil {
		return nil, err
	}
	lo := make([]float64, k)
	hi := make([]float64, k)
	sum := make([]float64, k)
	xlx := make([]float64, k)
	copy(lo, x[:k])
	copy(hi, x[:k])
	for i := 0; i < m; i++ {
		row := x[i*stride : i*stride+k]
		for j, v := range row {
			if v-v != 0 || (!minmax && v < 0) { // NaN, ±Inf, or negative shares
				return nil, badValue(cellAt("data", i, j), v, ErrInvalidInput)
			}
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
			if !minmax {
				sum[j] += v
				if v > 0 {
					xlx[j] += v * math.Log(v)
				}
			}
		}
	}
	if minmax {
		for j := range sum {
			sum[j], xlx[j] = 0, 0
		}
		cost := func(j int) bool { return opts.Directions != nil && opts.Directions[j] == Cost }
		// z = sc·(x − off) per column; a range that is not a normal
		// float64 (overflowing or subnormal) takes the slow path.
		sc := make([]float64, k)
		off := make([]float64, k)
		slow := make([]bool, k)
		for j := range sc {
			if lo[j] == hi[j] {
				continue // constant: z = 0, no information
			}
			inv := 1 / (hi[j] - lo[j])
			switch {
			case !finite(inv) || inv == 0:
				slow[j] = true
			case cost(j):
				sc[j], off[j] = -inv, hi[j]
			default:
				sc[j], off[j] = inv, lo[j]
			}
		}
		anySlow := slices.Contains(slow, true)
		for i := 0; i < m; i++ {
			row := x[i*stride : i*stride+k]
			for j, v := range row {
				z := sc[j] * (v - off[j])
				if anySlow && slow[j] {
					if cost(j) {
						z = minMax(-v, -hi[j], -lo[j])
					} else {
						z = minMax(v, lo[j], hi[j])
					}
				}
				sum[j] += z
				if z > 0 {
					xlx[j] += z * math.Log(z)
				}
			}
		}
	} else {
		for j := 0; j < k; j++ {
			switch {
			case lo[j] == hi[j]:
				sum[j] = 0 // constant: no information
			case !finite(sum[j]) || !finite(xlx[j]):
				// Shares are scale-free: recompute the column on x / max.
				sum[j], xlx[j] = 0, 0
				for i := 0; i < m; i++ {
					v := x[i*stride+j] / hi[j]
					sum[j] += v
					if v > 0 {
						xlx[j] += v * math.Log(v)
					}
				}
			}
		}
	}
	w := make([]float64, k)
	lnm := math.Log(float64(m))
	var total float64
	for j := 0; j < k; j++ {
		if sum[j] <= 0 {
			continue
		}
		// Σ p ln p = (1/S) Σ x ln x − ln S, with p = x/S.
		e := -(xlx[j]/sum[j] - math.Log(sum[j])) / lnm
		w[j] = max(1-e, 0)
		total += w[j]
	}
	if !(total > 0) {
		return nil, ErrNoInformation
	}
	for j := range w {
		w[j] /= total
	}
	return w, nil
}
