package ecl

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// MaxRootSteps bounds the n of [MigrationRoot]: a matrix can be split into at most 1200 steps
// (an annual matrix into 1200 steps of 0.3 days, or a 100-year matrix into months).
const MaxRootSteps = MaxPeriods

// MigrationRootResult is the outcome of [MigrationRoot]. The zero value is empty.
type MigrationRootResult struct {
	// Root is the 1/n-period transition matrix: row-stochastic, entries in [0, 1], the same
	// shape as the input. Root^n ≈ the input within Distance.
	Root [][]float64
	// Generator is the valid generator Q used (off-diagonal entries ≥ 0, rows summing to 0)
	// of the input's period: Root = exp(Q/n).
	Generator [][]float64
	// Adjusted reports that the matrix logarithm had negative off-diagonal entries, which
	// the Israel–Rosenthal–Wei diagonal adjustment set to zero; Root^n then differs from the
	// input by more than rounding (see Distance).
	Adjusted bool
	// Distance is max_ij |(Root^n)_ij − P_ij|, the error of the root on the input's period.
	Distance float64
}

// MigrationRoot turns a transition matrix P of one period (an annual migration matrix, say)
// into the matrix of 1/n of that period (n = 12: a monthly matrix) through its generator:
//
//	Q  = log P                 (principal logarithm: inverse scaling and squaring, with
//	                            Denman–Beavers square roots and the Mercator series)
//	Q' = Q with negative off-diagonal entries set to 0 and each diagonal entry set to
//	     −Σ_{j≠i} Q'_ij, so rows sum to 0        (Israel–Rosenthal–Wei diagonal adjustment)
//	R  = exp(Q'/n)             (a valid transition matrix for any n, since Q' is a generator)
//
// A state that P keeps with probability 1 (an absorbing default state) keeps a zero generator
// row, so it stays absorbing in R. When Q is already a valid generator ("P is embeddable"),
// R^n = P up to rounding; otherwise the result reports Adjusted and the Distance of R^n from
// P. Tiny negative entries of R left by rounding are set to 0 and rows renormalised.
//
// P must be square with 2 … [MaxStates] states, entries in [0, 1] and rows summing to 1
// (±1e-9); n in 1 … [MaxRootSteps]. Errors are [*InputError]s: a malformed matrix or n out of
// range ([ErrMatrix], [ErrPeriods]); a matrix without a real principal logarithm (singular,
// or with eigenvalues on the negative real axis, where the square-root iteration does not
// converge) is an [ErrMatrix] error naming "matrix". O(s·k³) time for k states and s square
// roots (s ≤ 64), O(k²) memory.
//
// References:
//   - R.B. Israel, J.S. Rosenthal, J.Z. Wei, "Finding generators for Markov chains via
//     empirical transition matrices, with applications to credit ratings", Mathematical
//     Finance 11 (2001) 245–265: the principal logarithm as the generator, and the
//     adjustment of a logarithm with negative off-diagonal entries to a valid generator.
//   - A. Kreinin, M. Sidelnikova, "Regularization algorithms for transition matrices", Algo
//     Research Quarterly 4(1/2) (2001) 23–40: diagonal adjustment of the generator, and
//     roots of annual matrices for shorter horizons.
//   - N.J. Higham, Functions of Matrices (SIAM, 2008), §6.3 (Denman–Beavers iteration) and
//     §11.5 (inverse scaling and squaring for the logarithm).
func MigrationRoot(matrix [][]float64, n int) (MigrationRootResult, error) {
	k := len(matrix)
	if k < 2 || k > MaxStates {
		return MigrationRootResult{}, inputErr("matrix", strconv.Itoa(k)+" states", ErrMatrix)
	}
	p := mat.NewDense(k, k, nil)
	for i, row := range matrix {
		if len(row) != k {
			return MigrationRootResult{}, inputErr(idx("matrix", i), strconv.Itoa(len(row))+" columns", ErrMatrix)
		}
		s := 0.0
		for j, v := range row {
			if !(v >= 0 && v <= 1) {
				return MigrationRootResult{}, inputErr(idx(idx("matrix", i), j), fval(v), ErrMatrix)
			}
			s += v
			p.Set(i, j, v)
		}
		if math.Abs(s-1) > sumTol {
			return MigrationRootResult{}, inputErr(idx("matrix", i), "row sum "+fval(s), ErrMatrix)
		}
	}
	if n < 1 || n > MaxRootSteps {
		return MigrationRootResult{}, inputErr("n", strconv.Itoa(n), ErrPeriods)
	}
	q, ok := logm(p)
	if !ok {
		return MigrationRootResult{}, inputErr("matrix", "no real principal logarithm", ErrMatrix)
	}
	var r MigrationRootResult
	// Israel–Rosenthal–Wei: negative off-diagonal rates to zero, diagonal balances the row.
	for i := range k {
		if matrix[i][i] == 1 { // absorbing: no way out
			for j := range k {
				q.Set(i, j, 0)
			}
			continue
		}
		out := 0.0
		for j := range k {
			if j == i {
				continue
			}
			v := q.At(i, j)
			if v < 0 {
				if v < -1e-12 {
					r.Adjusted = true
				}
				v = 0
				q.Set(i, j, 0)
			}
			out += v
		}
		q.Set(i, i, -out)
	}
	var qn, root mat.Dense
	qn.Scale(1/float64(n), q)
	root.Exp(&qn)
	r.Root = make([][]float64, k)
	r.Generator = make([][]float64, k)
	for i := range k {
		r.Generator[i] = make([]float64, k)
		r.Root[i] = make([]float64, k)
		s := 0.0
		for j := range k {
			r.Generator[i][j] = q.At(i, j)
			v := root.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) || v < -1e-9 || v > 1+1e-9 {
				return MigrationRootResult{}, inputErr("matrix", "root not a transition matrix", ErrMatrix)
			}
			v = min(max(v, 0), 1)
			r.Root[i][j] = v
			s += v
		}
		if !(s > 0) {
			return MigrationRootResult{}, inputErr("matrix", "root not a transition matrix", ErrMatrix)
		}
		for j := range k {
			r.Root[i][j] /= s
		}
		if matrix[i][i] == 1 {
			clear(r.Root[i])
			r.Root[i][i] = 1
		}
	}
	// Distance of Root^n from P.
	rm := mat.NewDense(k, k, nil)
	for i := range k {
		rm.SetRow(i, r.Root[i])
	}
	var pow mat.Dense
	pow.Pow(rm, n)
	for i := range k {
		for j := range k {
			r.Distance = max(r.Distance, math.Abs(pow.At(i, j)-matrix[i][j]))
		}
	}
	if math.IsNaN(r.Distance) {
		return MigrationRootResult{}, inputErr("matrix", "root not a transition matrix", ErrMatrix)
	}
	return r, nil
}

// logm returns the principal logarithm of a by inverse scaling and squaring: repeated
// Denman–Beavers square roots until ‖A^(1/2^s) − I‖∞ ≤ 1/4, then the Mercator series
// log(I + X) = Σ (−1)^(j+1) X^j / j, scaled by 2^s. ok is false when a square root does
// not converge (a singular matrix, or eigenvalues on the closed negative real axis) or a
// value is not finite.
func logm(a *mat.Dense) (*mat.Dense, bool) {
	k, _ := a.Dims()
	id := mat.NewDiagDense(k, nil)
	for i := range k {
		id.SetDiag(i, 1)
	}
	x := mat.DenseCopyOf(a)
	s := 0
	for {
		var d mat.Dense
		d.Sub(x, id)
		if infNorm(&d) <= 0.25 {
			break
		}
		if s >= 64 {
			return nil, false
		}
		r, ok := sqrtm(x, id)
		if !ok {
			return nil, false
		}
		x = r
		s++
	}
	var xm, term, sum mat.Dense
	xm.Sub(x, id)
	term.CloneFrom(&xm)
	sum.CloneFrom(&xm)
	for j := 2; j <= 60; j++ {
		var t mat.Dense
		t.Mul(&term, &xm)
		term.CloneFrom(&t)
		c := 1 / float64(j)
		if j%2 == 0 {
			c = -c
		}
		var st mat.Dense
		st.Scale(c, &term)
		sum.Add(&sum, &st)
		if infNorm(&term) < 1e-18 {
			break
		}
	}
	sum.Scale(math.Ldexp(1, s), &sum)
	for i := range k {
		for j := range k {
			if v := sum.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, false
			}
		}
	}
	return &sum, true
}

// sqrtm is the Denman–Beavers iteration Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 from Y = A, Z = I;
// Y converges to the principal square root of A. ok is false when an inverse fails or the
// iteration does not settle within 100 steps.
func sqrtm(a *mat.Dense, id mat.Matrix) (*mat.Dense, bool) {
	y := mat.DenseCopyOf(a)
	z := mat.DenseCopyOf(id)
	for range 100 {
		var yi, zi mat.Dense
		if err := yi.Inverse(y); err != nil {
			return nil, false
		}
		if err := zi.Inverse(z); err != nil {
			return nil, false
		}
		var yn, zn, d mat.Dense
		yn.Add(y, &zi)
		yn.Scale(0.5, &yn)
		zn.Add(z, &yi)
		zn.Scale(0.5, &zn)
		d.Sub(&yn, y)
		step, size := infNorm(&d), infNorm(&yn)
		y, z = &yn, &zn
		if math.IsNaN(step) || math.IsInf(size, 0) {
			return nil, false
		}
		if step <= 1e-14*size {
			return y, true
		}
	}
	return nil, false
}

// infNorm is the maximum absolute row sum; NaN if any entry is NaN.
func infNorm(m *mat.Dense) float64 {
	r, c := m.Dims()
	best := 0.0
	for i := range r {
		s := 0.0
		for j := range c {
			s += math.Abs(m.At(i, j))
		}
		if math.IsNaN(s) {
			return math.NaN()
		}
		best = max(best, s)
	}
	return best
}
