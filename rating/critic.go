package rating

import (
	"math"

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
//	every column constant, or all
//	perfectly correlated       ErrNoInformation (no conflict to weight)
//
// Cost: O(m k²) time, O(m k) memory for the normalised copy.
//
// Errors: [*ShapeError] for m < 2, k = 0 or a Directions length mismatch;
// an [*InputError] wrapping [ErrInvalidInput] for a direction other than
// Benefit or Cost; a [*CellError] wrapping [ErrInvalidInput] for the first
// NaN or ±Inf cell; [ErrNoInformation].
//
// References:
//   - Diakoulaki, D., Mavrotas, G., Papayannakis, L. (1995). Determining
//     objective weights in multiple criteria problems: the CRITIC method.
//     Computers & Operations Research 22(7), 763–770.
func CRITICWeights(data mat.Matrix, opts CRITICOptions) ([]float64, error) {
	x, m, k, stride := rawRows(data)
	if m < 2 {
		return nil, &ShapeError{Name: "data rows", Want: 2, Got: m}
	}
	if k == 0 {
		return nil, &ShapeError{Name: "data columns", Want: 1, Got: 0}
	}
	if opts.Directions != nil && len(opts.Directions) != k {
		return nil, &ShapeError{Name: "directions", Want: k, Got: len(opts.Directions)}
	}
	for j, d := range opts.Directions {
		if d != Benefit && d != Cost {
			return nil, &InputError{Index: j, ID: "direction", Value: float64(d), Err: ErrInvalidInput}
		}
	}
	lo := append([]float64(nil), x[:k]...)
	hi := append([]float64(nil), x[:k]...)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			if v-v != 0 {
				return nil, &CellError{Matrix: "data", Row: i, Col: j, Value: v, Msg: "must be finite", Err: ErrInvalidInput}
			}
			lo[j] = min(lo[j], v)
			hi[j] = max(hi[j], v)
		}
	}
	z := mat.NewDense(m, k, nil)
	for i := 0; i < m; i++ {
		for j, v := range x[i*stride : i*stride+k] {
			r := hi[j] - lo[j]
			switch {
			case r == 0:
				z.Set(i, j, 0)
			case opts.Directions != nil && opts.Directions[j] == Cost:
				z.Set(i, j, (hi[j]-v)/r)
			default:
				z.Set(i, j, (v-lo[j])/r)
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
			r := cov.At(j, l) / (sd[j] * sd[l])
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
