package rating

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// AHPMethod selects how AHP priorities are derived from the pairwise
// matrix. The zero value is Eigenvector. Text forms: "eigenvector",
// "geometricMean", "columnNormalization".
type AHPMethod int

// AHP prioritisation methods. The values are stable.
const (
	// Eigenvector: the principal right eigenvector of A (Saaty 1980).
	Eigenvector AHPMethod = iota
	// GeometricMean: row geometric means (RGMM), wᵢ ∝ (Πⱼ aᵢⱼ)^(1/n)
	// (Crawford & Williams 1985).
	GeometricMean
	// ColumnNormalization: divide each column by its sum, average each
	// row (Saaty's approximate "additive normalisation").
	ColumnNormalization
)

var ahpMethodNames = []string{"eigenvector", "geometricMean", "columnNormalization"}

// String returns the text form of m.
func (m AHPMethod) String() string { return enumString("AHPMethod", ahpMethodNames, int(m)) }

// MarshalText implements [encoding.TextMarshaler].
func (m AHPMethod) MarshalText() ([]byte, error) {
	return enumText("AHP method", ahpMethodNames, int(m))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (m *AHPMethod) UnmarshalText(b []byte) error {
	v, err := enumParse("AHP method", ahpMethodNames, b)
	*m = AHPMethod(v)
	return err
}

// AHPOptions tunes [AHP]. The zero value uses the documented defaults.
type AHPOptions struct {
	Method AHPMethod        // default Eigenvector
	Table  RandomIndexTable // default Saaty1980
	// Threshold is the CR at or above which the inconsistency warning is
	// returned; 0 means 0.10 (Saaty's rule).
	Threshold float64
	// Tolerance is the relative tolerance for the unit diagonal and for
	// reciprocity |aᵢⱼ·aⱼᵢ − 1|; 0 means 1e-6.
	Tolerance float64
}

// AHPResult holds AHP priorities and their consistency.
type AHPResult struct {
	Weights   []float64        // priorities, length n, fractions summing to 1
	LambdaMax float64          // principal eigenvalue λmax (approximate for non-eigenvector methods)
	CI        float64          // consistency index (λmax − n)/(n − 1); 0 for n ≤ 2
	CR        float64          // consistency ratio CI/RI(n); 0 for n ≤ 2
	RI        float64          // random index used
	Table     RandomIndexTable // table RI came from
	Method    AHPMethod        // prioritisation method used
	Threshold float64          // CR acceptance threshold applied
}

// AHP derives weights from a pairwise comparison matrix a (n×n, n ≥ 1):
// aᵢⱼ > 0 says how much more important criterion i is than j on Saaty's
// 1–9 scale, with aᵢᵢ = 1 and aⱼᵢ = 1/aᵢⱼ. a is not modified.
//
//	Eigenvector:   A w = λmax w, Σ w = 1, λmax = Σᵢ (A w)ᵢ
//	other methods: λmax ≈ (1/n) Σᵢ (A w)ᵢ / wᵢ
//	CI = (λmax − n) / (n − 1),  CR = CI / RI(n)
//
// The eigenvector is computed with gonum/mat by the power method
// accelerated by repeated squaring: w ∝ row sums of A^(2^k), until w
// changes by at most 1e-15; for a positive matrix this converges to the
// Perron vector (Perron–Frobenius). If it does not converge, gonum's
// [mat.Eigen] is used. Cost: O(n³) per squaring, about log₂ of the power
// iterations needed.
//
// Special cases:
//
//	n = 1        weights [1], λmax 1, CI = CR = 0
//	n = 2        always consistent: CI = CR = 0
//	CR ≥ Threshold  the full result AND an [*InconsistencyError] (a warning,
//	             matching [ErrInconsistent]); callers decide
//
// Errors (result nil): an [*InputError] wrapping [ErrInvalidInput] for an
// unknown Method or a negative or non-finite Tolerance or Threshold;
// [*ShapeError] if a is nil, not square or empty; joined
// [*CellError]s wrapping [ErrPairwise] naming each non-finite, non-positive,
// non-unit-diagonal or non-reciprocal cell; an [*InputError] wrapping
// [ErrPairwise] when cells are so extreme that a weight or λmax under- or
// overflows float64; [ErrNoRandomIndex] when n is beyond opts.Table.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, ch. 2.
//   - Saaty, T. L. (1990). How to make a decision: the analytic hierarchy
//     process. European Journal of Operational Research 48, 9–26.
//   - Crawford, G., Williams, C. (1985). A note on the analysis of
//     subjective judgment matrices. J. Math. Psychology 29(4), 387–405.
func AHP(a mat.Matrix, opts AHPOptions) (*AHPResult, error) {
	if a == nil {
		return nil, &ShapeError{Name: "pairwise matrix rows", Want: 1, Got: 0}
	}
	r, c := a.Dims()
	if r != c || r == 0 {
		return nil, &ShapeError{Name: "pairwise matrix columns", Want: r, Got: c}
	}
	n := r
	// A negative or NaN tolerance would flag every cell; a NaN threshold
	// would never warn.
	if !finite(opts.Tolerance) || opts.Tolerance < 0 {
		return nil, &InputError{Index: -1, ID: "tolerance", Value: opts.Tolerance, Err: ErrInvalidInput}
	}
	if !finite(opts.Threshold) || opts.Threshold < 0 {
		return nil, &InputError{Index: -1, ID: "threshold", Value: opts.Threshold, Err: ErrInvalidInput}
	}
	if opts.Method < Eigenvector || opts.Method > ColumnNormalization {
		return nil, &InputError{Index: -1, ID: "method", Value: float64(opts.Method), Err: ErrInvalidInput}
	}
	tol := opts.Tolerance
	if tol == 0 {
		tol = 1e-6
	}
	thr := opts.Threshold
	if thr == 0 {
		thr = 0.10
	}
	if err := checkPairwise(a, n, tol); err != nil {
		return nil, err
	}
	ri, err := opts.Table.RI(n)
	if err != nil {
		return nil, err
	}
	A := mat.DenseCopyOf(a)
	res := &AHPResult{Weights: make([]float64, n), RI: ri, Table: opts.Table, Method: opts.Method, Threshold: thr}
	w := res.Weights
	geometricWeights(A, w)
	switch opts.Method {
	case Eigenvector:
		res.LambdaMax = principal(A, w)
	case GeometricMean:
		res.LambdaMax = approxLambda(A, w)
	case ColumnNormalization:
		for j := 0; j < n; j++ {
			var s float64
			for i := 0; i < n; i++ {
				s += A.At(i, j)
			}
			for i := 0; i < n; i++ {
				if j == 0 {
					w[i] = 0
				}
				w[i] += A.At(i, j) / s / float64(n)
			}
		}
		res.LambdaMax = approxLambda(A, w)
	}
	// Positive finite cells give positive finite weights and λmax; cells so
	// extreme (1e300) that float64 under- or overflows give neither.
	for i, v := range w {
		if !(v > 0) || !finite(v) {
			return nil, &InputError{Index: i, ID: "weight", Value: v, Err: ErrPairwise}
		}
	}
	if !finite(res.LambdaMax) {
		return nil, &InputError{Index: -1, ID: "lambdaMax", Value: res.LambdaMax, Err: ErrPairwise}
	}
	if n > 2 {
		res.CI = max((res.LambdaMax-float64(n))/float64(n-1), 0)
		res.CR = res.CI / ri
	}
	if res.CR >= thr {
		return res, &InconsistencyError{N: n, CR: res.CR, Threshold: thr, Table: opts.Table, RI: ri}
	}
	return res, nil
}

func checkPairwise(a mat.Matrix, n int, tol float64) error {
	var errs []error
	bad := func(i, j int, v float64, msg string) {
		errs = append(errs, &CellError{Matrix: "pairwise", Row: i, Col: j, Value: v, Msg: msg, Err: ErrPairwise})
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := a.At(i, j)
			switch {
			case !finite(v) || v <= 0:
				bad(i, j, v, "must be positive and finite")
			case i == j && math.Abs(v-1) > tol:
				bad(i, j, v, "diagonal must be 1")
			case j > i:
				u := a.At(j, i)
				if finite(u) && u > 0 && math.Abs(v*u-1) > tol {
					bad(i, j, v, "not reciprocal: a[j][i] must be 1/a[i][j]")
				}
			}
		}
	}
	return errors.Join(errs...)
}

// geometricWeights sets w to the normalised row geometric means of A.
func geometricWeights(A *mat.Dense, w []float64) {
	n := len(w)
	var sum float64
	for i := 0; i < n; i++ {
		prod := 1.0
		for j := 0; j < n; j++ {
			prod *= A.At(i, j)
		}
		if prod > 0 && !math.IsInf(prod, 0) {
			w[i] = math.Pow(prod, 1/float64(n))
		} else { // product under- or overflows: sum logarithms instead
			var l float64
			for j := 0; j < n; j++ {
				l += math.Log(A.At(i, j))
			}
			w[i] = math.Exp(l / float64(n))
		}
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}

// approxLambda is (1/n) Σ (A w)ᵢ / wᵢ.
func approxLambda(A *mat.Dense, w []float64) float64 {
	n := len(w)
	var aw mat.VecDense
	aw.MulVec(A, mat.NewVecDense(n, w))
	var l float64
	for i := 0; i < n; i++ {
		l += aw.AtVec(i) / w[i]
	}
	return l / float64(n)
}

// principal sets w to the normalised principal eigenvector of A and
// returns λmax = Σᵢ (A w)ᵢ. It squares A repeatedly, rescaling to avoid
// overflow, and takes normalised row sums of A^(2^k): the power method in
// 2^k steps, as AHPy does. It stops when w changes by at most 1e-15 or
// stops improving (rounding), after at most 64 squarings. The loops run on
// the raw row-major data of A (n is small; a BLAS call costs more than
// the arithmetic).
func principal(A *mat.Dense, w []float64) float64 {
	n := len(w)
	a := A.RawMatrix() // DenseCopyOf: contiguous, stride n
	p := append([]float64(nil), a.Data[:n*n]...)
	q := make([]float64, n*n)
	prev := math.Inf(1)
	converged := false
	for k := 0; k < 64; k++ {
		clear(q)
		for i := 0; i < n; i++ {
			qi := q[i*n : i*n+n]
			for l, pil := range p[i*n : i*n+n] {
				for j, plj := range p[l*n : l*n+n] {
					qi[j] += pil * plj
				}
			}
		}
		p, q = q, p
		var total float64
		for _, v := range p {
			total += v
		}
		if !(total > 0) || math.IsInf(total, 0) {
			break
		}
		inv := 1 / total
		var diff float64
		for i := 0; i < n; i++ {
			var s float64
			row := p[i*n : i*n+n]
			for j := range row {
				row[j] *= inv
				s += row[j]
			}
			diff = max(diff, math.Abs(s-w[i]))
			w[i] = s
		}
		if diff <= 1e-15 || (diff >= prev && diff < 1e-12) {
			converged = true
			break
		}
		prev = diff
	}
	if !converged {
		return eigenFallback(A, w)
	}
	// One power step fixes the vector to A's own rounding and gives λmax.
	y := q[:n]
	var lambda float64
	for i := 0; i < n; i++ {
		var s float64
		for j, v := range a.Data[i*n : i*n+n] {
			s += v * w[j]
		}
		y[i] = s
		lambda += s
	}
	for i := range w {
		w[i] = y[i] / lambda
	}
	return lambda
}

// eigenFallback computes the Perron vector with a full eigendecomposition.
func eigenFallback(A *mat.Dense, w []float64) float64 {
	var e mat.Eigen
	if !e.Factorize(A, mat.EigenRight) {
		return approxLambda(A, w) // keep the power-iteration estimate
	}
	vals := e.Values(nil)
	k := 0
	for i, v := range vals {
		if real(v) > real(vals[k]) {
			k = i
		}
	}
	var vecs mat.CDense
	e.VectorsTo(&vecs)
	var s float64
	for i := range w {
		w[i] = math.Abs(real(vecs.At(i, k)))
		s += w[i]
	}
	for i := range w {
		w[i] /= s
	}
	return real(vals[k])
}
