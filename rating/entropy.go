package rating

import (
	"math"

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
// documented treatment. Cost: one pass (two for min-max) over the data, one
// logarithm per cell; memory O(k).
//
// Errors: [*ShapeError] for m < 2 or k = 0 or a Directions length
// mismatch; an [*InputError] wrapping [ErrInvalidInput] for a direction
// other than Benefit or Cost; a [*CellError] wrapping [ErrInvalidInput] for
// the first NaN, ±Inf or (under NormProportion) negative cell;
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
	if m < 2 {
		return nil, &ShapeError{Name: "data rows", Want: 2, Got: m}
	}
	if k == 0 {
		return nil, &ShapeError{Name: "data columns", Want: 1, Got: 0}
	}
	minmax := false
	switch opts.Normalization {
	case NormDefault, NormProportion:
	case NormMinMax:
		minmax = true
	default:
		return nil, &InputError{Index: -1, ID: "normalization", Value: float64(opts.Normalization), Err: ErrInvalidInput}
	}
	if opts.Directions != nil && len(opts.Directions) != k {
		return nil, &ShapeError{Name: "directions", Want: k, Got: len(opts.Directions)}
	}
	for j, d := range opts.Directions {
		if d != Benefit && d != Cost {
			return nil, &InputError{Index: j, ID: "direction", Value: float64(d), Err: ErrInvalidInput}
		}
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
			if v-v != 0 || (!minmax && v < 0) {
				msg := "must be finite"
				if v-v == 0 {
					msg = "negative value: use min-max normalisation"
				}
				return nil, &CellError{Matrix: "data", Row: i, Col: j, Value: v, Msg: msg, Err: ErrInvalidInput}
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
		// scale[j] and off[j] map x to z = off + scale·x in [0, 1].
		scale, off := lo, hi // reuse storage after reading
		for j := 0; j < k; j++ {
			r := hi[j] - lo[j]
			if r == 0 {
				scale[j], off[j] = 0, 0
				continue
			}
			if opts.Directions != nil && opts.Directions[j] == Cost {
				scale[j], off[j] = -1/r, hi[j]/r
			} else {
				scale[j], off[j] = 1/r, -lo[j]/r
			}
		}
		for i := 0; i < m; i++ {
			row := x[i*stride : i*stride+k]
			for j, v := range row {
				z := off[j] + scale[j]*v
				sum[j] += z
				if z > 0 {
					xlx[j] += z * math.Log(z)
				}
			}
		}
		// Constant columns have scale 0, so z = 0 and sum 0 below.
	} else {
		for j := 0; j < k; j++ {
			if lo[j] == hi[j] {
				sum[j] = 0 // constant: no information
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
