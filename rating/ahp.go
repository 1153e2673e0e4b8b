package rating

import (
	"errors"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// AHPOptions tunes [AHP] and [AHPFromPairs]. The zero value uses the
// documented defaults.
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

// MaxRatio bounds a pairwise judgement: every cell of an AHP matrix and
// every Judgement.Ratio lies in [1/MaxRatio, MaxRatio]. Saaty's scale uses
// 1/9 to 9 and extended scales reach 99; the bound keeps the weights of an
// n ≤ MaxCriteria matrix within float64's range, which extreme cells
// (1e300) would not.
const MaxRatio = 1e6

// Judgement is one pairwise comparison in the named form of [AHPFromPairs]:
// criterion Over is Ratio times as important as criterion Under, on
// Saaty's 1–9 scale ("liquidity over size = 3" is {Over: "liquidity",
// Under: "size", Ratio: 3}). Ratio is in [1/MaxRatio, MaxRatio]; a Ratio
// below 1 says Under is the more important one. The
// orientation is fixed by the names, so a judgement cannot be transposed
// by accident, as a matrix can.
type Judgement struct {
	Over  string  `json:"over"`  // the criterion judged more important (by Ratio)
	Under string  `json:"under"` // the criterion it is compared with
	Ratio float64 `json:"ratio"` // how many times Over is as important as Under
}

// AHPFromPairs derives AHP weights from named pairwise judgements: names
// lists the n criteria (1 ≤ n ≤ [MaxCriteria], non-empty, unique) in the
// order of the returned weights, and pairs holds exactly one [Judgement]
// for each of the n(n−1)/2 unordered pairs of distinct names, in any order
// and either orientation. The matrix aᵢⱼ = Ratio for {Over: names[i],
// Under: names[j]}, aⱼᵢ = 1/Ratio, aᵢᵢ = 1 is then weighted as by [AHP],
// with the same options, results and warning. Cost O(n²) to build, then as
// AHP.
//
// Errors, each an [*InputError]: Field "names" wrapping [ErrLimit] for n
// above MaxCriteria, or [ErrPairwise] for none; Field "names[i]" wrapping
// [ErrPairwise] for an empty or repeated name; Field "pairs[k].over" or
// "pairs[k].under" wrapping [ErrPairwise] for a name not in names or a pair
// of a name with itself; Field "pairs[k]" wrapping [ErrPairwise] for a pair
// judged twice; Field "pairs[k].ratio" wrapping [ErrPairwise] for a ratio
// outside [1/MaxRatio, MaxRatio]; Field "pairs"
// wrapping [ErrPairwise] naming the first pair without a judgement; and
// the errors of AHP.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill,
//     ch. 2 (the reciprocal matrix built from n(n−1)/2 judgements).
func AHPFromPairs(names []string, pairs []Judgement, opts AHPOptions) (*AHPResult, error) {
	n := len(names)
	if n > MaxCriteria {
		return nil, limitErr("names", n, MaxCriteria)
	}
	if n == 0 {
		return nil, &InputError{Field: "names", Value: "empty", Err: ErrPairwise}
	}
	index := make(map[string]int, n)
	for i, name := range names {
		if name == "" {
			return nil, &InputError{Field: at("names", i), Value: `""`, Err: ErrPairwise}
		}
		if _, dup := index[name]; dup {
			return nil, &InputError{Field: at("names", i), Value: strconv.Quote(text(name)) + " (repeated)", Err: ErrPairwise}
		}
		index[name] = i
	}
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		a.Set(i, i, 1)
	}
	for k, p := range pairs {
		i, ok := index[p.Over]
		if !ok {
			return nil, &InputError{Field: at("pairs", k) + ".over", Value: strconv.Quote(text(p.Over)) + " (not in names)", Err: ErrPairwise}
		}
		j, ok := index[p.Under]
		if !ok {
			return nil, &InputError{Field: at("pairs", k) + ".under", Value: strconv.Quote(text(p.Under)) + " (not in names)", Err: ErrPairwise}
		}
		if i == j {
			return nil, &InputError{Field: at("pairs", k) + ".under", Value: strconv.Quote(text(p.Under)) + " (compared with itself)", Err: ErrPairwise}
		}
		if !(p.Ratio >= 1/MaxRatio && p.Ratio <= MaxRatio) {
			return nil, badValue(at("pairs", k)+".ratio", p.Ratio, ErrPairwise)
		}
		if a.At(i, j) != 0 {
			return nil, &InputError{Field: at("pairs", k), Value: strconv.Quote(text(p.Over)) + " vs " + strconv.Quote(text(p.Under)) + " (judged twice)", Err: ErrPairwise}
		}
		a.Set(i, j, p.Ratio)
		a.Set(j, i, 1/p.Ratio)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if a.At(i, j) == 0 {
				return nil, &InputError{Field: "pairs", Value: strconv.Quote(text(names[i])) + " vs " + strconv.Quote(text(names[j])) + " (no judgement)", Err: ErrPairwise}
			}
		}
	}
	return AHP(a, opts)
}

// AHP derives weights from a pairwise comparison matrix a (n×n,
// 1 ≤ n ≤ [MaxCriteria], cells in [1/MaxRatio, MaxRatio]). The matrix reads by rows: aᵢⱼ > 0 says how many
// times criterion i is as important as criterion j on Saaty's 1–9 scale
// (row i "over" column j), with aᵢᵢ = 1 and aⱼᵢ = 1/aᵢⱼ. A transposed
// matrix has the same consistency but the reciprocal judgements, so its
// weights are wrong without any sign of it: prefer [AHPFromPairs], whose
// named judgements fix the orientation. a is not modified.
//
//	Eigenvector:   A w = λmax w, Σ w = 1, λmax = Σᵢ (A w)ᵢ
//	other methods: λmax ≈ (1/n) Σᵢ (A w)ᵢ / wᵢ
//	CI = (λmax − n) / (n − 1),  CR = CI / RI(n)
//
// The eigenvector is computed by the power method accelerated by repeated
// squaring: w ∝ row sums of A^(2^k), until w changes by at most 1e-15; for
// a positive matrix this converges to the Perron vector
// (Perron–Frobenius). If it does not converge, gonum's [mat.Eigen] is
// used. Cost: O(n³) per squaring, about log₂ of the power iterations
// needed.
//
// Special cases:
//
//	n = 1        weights [1], λmax 1, CI = CR = 0
//	n = 2        always consistent: CI = CR = 0
//	CR ≥ Threshold  the full result AND an [*InconsistencyWarning] (matching
//	             [ErrInconsistent]); callers decide
//
// Errors (result nil), each an [*InputError]: Field "opts.method",
// "opts.tolerance" or "opts.threshold" wrapping [ErrInvalidInput] for an
// unknown method or a negative or non-finite tolerance or threshold;
// Field "a" wrapping [ErrPairwise] if a is nil, empty or not square, or
// [ErrLimit] if n exceeds MaxCriteria; Field "a[i][j]" wrapping
// [ErrPairwise] for each cell outside [1/MaxRatio, MaxRatio] (NaN
// included), off the unit diagonal or not reciprocal (joined, at most
// [MaxErrors]); Field "a" wrapping [ErrPairwise] should a weight or λmax
// still not be finite and positive; the [ErrNoRandomIndex] error of
// [RandomIndexTable.RI] when n is beyond opts.Table.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, ch. 2.
//   - Saaty, T. L. (1990). How to make a decision: the analytic hierarchy
//     process. European Journal of Operational Research 48, 9–26.
//   - Crawford, G., Williams, C. (1985). A note on the analysis of
//     subjective judgment matrices. J. Math. Psychology 29(4), 387–405.
func AHP(a mat.Matrix, opts AHPOptions) (*AHPResult, error) {
	if a == nil {
		return nil, &InputError{Field: "a", Value: "nil", Err: ErrPairwise}
	}
	r, c := a.Dims()
	if r != c || r == 0 {
		return nil, &InputError{Field: "a", Value: strconv.Itoa(r) + "×" + strconv.Itoa(c) + " (want square, non-empty)", Err: ErrPairwise}
	}
	n := r
	if n > MaxCriteria {
		return nil, limitErr("a", n, MaxCriteria)
	}
	// A negative or NaN tolerance would flag every cell; a NaN threshold
	// would never warn.
	if !finite(opts.Tolerance) || opts.Tolerance < 0 {
		return nil, badValue("opts.tolerance", opts.Tolerance, ErrInvalidInput)
	}
	if !finite(opts.Threshold) || opts.Threshold < 0 {
		return nil, badValue("opts.threshold", opts.Threshold, ErrInvalidInput)
	}
	if !opts.Method.IsValid() {
		return nil, &InputError{Field: "opts.method", Value: opts.Method.String(), Err: ErrInvalidInput}
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
			return nil, &InputError{Field: "a", Value: "cells too extreme: weight " + strconv.Itoa(i) + " = " + fv(v), Err: ErrPairwise}
		}
	}
	if !finite(res.LambdaMax) {
		return nil, &InputError{Field: "a", Value: "cells too extreme: λmax = " + fv(res.LambdaMax), Err: ErrPairwise}
	}
	if n > 2 {
		res.CI = max((res.LambdaMax-float64(n))/float64(n-1), 0)
		res.CR = res.CI / ri
	}
	if res.CR >= thr {
		return res, &InconsistencyWarning{N: n, CR: res.CR, Threshold: thr, Table: opts.Table, RI: ri}
	}
	return res, nil
}

func checkPairwise(a mat.Matrix, n int, tol float64) error {
	var errs []error
	bad := func(i, j int, v float64) {
		if len(errs) < MaxErrors {
			errs = append(errs, badValue(cellAt("a", i, j), v, ErrPairwise))
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := a.At(i, j)
			switch {
			case !(v >= 1/MaxRatio && v <= MaxRatio):
				bad(i, j, v) // must be in [1/MaxRatio, MaxRatio] (NaN fails too)
			case i == j && math.Abs(v-1) > tol:
				bad(i, j, v) // diagonal must be 1
			case j > i:
				u := a.At(j, i)
				if u >= 1/MaxRatio && u <= MaxRatio && math.Abs(v*u-1) > tol {
					bad(i, j, v) // not reciprocal: a[j][i] must be 1/a[i][j]
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
