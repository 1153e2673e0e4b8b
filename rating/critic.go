package rating

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// CRITICOptions tunes [CRITICWeights]. The zero value reproduces the
// published CRITIC cases.
type CRITICOptions struct {
	// Directions, when not nil, reverses Cost columns in the min-max step
	// (z = (max − x)/(max − min)); nil keeps every column as it is, the
	// convention of the published examples. Reversal leaves σ unchanged but
	// flips the sign of correlations between reversed and unreversed
	// columns. Length must be the column count.
	Directions []Direction
}

// CRITICWeights returns the CRITIC (criteria importance through
// intercriteria correlation) weights of the columns of data (m rows = firms,
// k columns; m ≥ 2, k ≥ 1), a fresh slice of length k summing to 1. data
// is not modified.
//
//	zᵢⱼ = (xᵢⱼ − minⱼ)/(maxⱼ − minⱼ)       min-max normalisation
//	σⱼ  = sample standard deviation of z·ⱼ
//	rⱼₖ = Pearson correlation of z·ⱼ and z·ₖ
//	Cⱼ  = σⱼ Σₖ (1 − rⱼₖ),   wⱼ = Cⱼ / Σₗ Cₗ
//
// Population and sample σ scale every Cⱼ alike, so the choice does not
// change the weights.
//
// Special cases:
//
//	a constant column          σ = 0: weight 0, and it is left out of the
//	                           other columns' conflict sums (its correlation
//	                           is undefined)
//	one non-constant column    weight 1 (it alone carries information; its
//	                           conflict with the others is undefined)
//	every column constant, or the non-constant ones
//	perfectly correlated       ErrNoInformation (no conflict to weight)
//
// The min-max step is computed without overflow for any finite data
// (ranges up to 2·MaxFloat64). Cost: O(m k²) time, O(m k) memory for the
// normalised copy.
//
// Errors, each an [*InputError] unless noted: Field "data" wrapping
// [ErrShape] for m < 2 or k = 0; Field "opts.directions" wrapping
// [ErrShape] for a length mismatch; Field "opts.directions[j]" wrapping
// [ErrInvalidInput] for a direction other than Benefit or Cost; Field
// "data[i][j]" wrapping [ErrInvalidInput] for the first NaN or ±Inf cell;
// the bare [ErrNoInformation].
//
// References:
//   - Diakoulaki, D., Mavrotas, G., Papayannakis, L. (1995). Determining
//     objective weights in multiple criteria problems: the CRITIC method.
//     Computers & Operations Research 22(7), 763–770.
func CRITICWeights(data mat.Matrix, opts CRITICOptions) ([]float64, error) {
	x, m, k, stride := rawRows(data)
	if err := checkData(m, k, 2); err != nil {
		return nil, err
	}
	if err := checkDirections("opts.directions", opts.Directions, k); err != nil {
		return nil, err
	}
	lo := append([]float64(nil), x[:k]...)
	hi := append([]float64(nil), x[:k]...)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			if v-v != 0 {
				return nil, badValue(cellAt("data", i, j), v, ErrInvalidInput)
			}
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	z := mat.NewDense(m, k, nil)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			switch {
			case hi[j] == lo[j]:
				z.Set(i, j, 0)
			case opts.Directions != nil && opts.Directions[j] == Cost:
				z.Set(i, j, minMax(-v, -hi[j], -lo[j]))
			default:
				z.Set(i, j, minMax(v, lo[j], hi[j]))
			}
		}
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, z, nil) // sample (ddof 1)
	sd := make([]float64, k)
	for j := range sd {
		sd[j] = math.Sqrt(cov.At(j, j))
	}
	w := make([]float64, k)
	informative, last := 0, 0
	for j := range sd {
		if sd[j] > 0 {
			informative, last = informative+1, j
		}
	}
	if informative == 1 {
		w[last] = 1
		return w, nil
	}
	var total float64
	for j := 0; j < k; j++ {
		if sd[j] == 0 {
			continue
		}
		var conflict float64
		for l := 0; l < k; l++ {
			if sd[l] == 0 {
				continue
			}
			// Rounding can put r outside [−1, 1] when a column barely
			// varies (found by FuzzCRITICWeights): clamp, so that
			// conflicts and weights stay ≥ 0.
			r := max(-1, min(1, cov.At(j, l)/(sd[j]*sd[l])))
			conflict += 1 - r
		}
		w[j] = sd[j] * conflict
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

// minMax is (v − lo)/(hi − lo) for lo ≤ v ≤ hi, lo < hi, in [0, 1] without
// overflow: a range beyond MaxFloat64 is computed from halves.
func minMax(v, lo, hi float64) float64 {
	r := hi - lo
	if math.IsInf(r, 0) {
		return (v*0.5 - lo*0.5) / (hi*0.5 - lo*0.5)
	}
	return min((v-lo)/r, 1)
}

// checkData checks an m×k data matrix with at least minRows rows.
func checkData(m, k, minRows int) error {
	if m < minRows || k == 0 {
		return &InputError{Field: "data", Value: strconv.Itoa(m) + "×" + strconv.Itoa(k) +
			" (want at least " + strconv.Itoa(minRows) + "×1)", Err: ErrShape}
	}
	return nil
}

// checkDirections checks optional per-column directions (nil allowed).
func checkDirections(field string, dirs []Direction, k int) error {
	if dirs == nil {
		return nil
	}
	if len(dirs) != k {
		return shapeErr(field, len(dirs), k)
	}
	for j, d := range dirs {
		if d != Benefit && d != Cost {
			return &InputError{Field: at(field, j), Value: d.String(), Err: ErrInvalidInput}
		}
	}
	return nil
}
