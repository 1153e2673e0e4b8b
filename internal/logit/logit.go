package logit

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Default option values, used when the corresponding Options field is zero.
const (
	DefaultMaxIter = 100
	DefaultTol     = 1e-7
	// IterLimit bounds Options.MaxIter: a fit that has not converged
	// after it will not (separation diverges slowly).
	IterLimit = 10_000
)

// Options tunes Fit. The zero value means: no penalty, DefaultMaxIter
// iterations, tolerance DefaultTol.
type Options struct {
	// L2 is the ridge penalty λ ≥ 0 on the slopes (never the intercept):
	// Fit maximises LogLik − λ/2·Σ_{j≥1} b_j². Zero means no penalty.
	L2 float64
	// MaxIter is the iteration limit, at most IterLimit; zero means
	// DefaultMaxIter.
	MaxIter int
	// Tol is the convergence tolerance on the relative Newton step
	// max_j |Δb_j| / (1 + |b_j|); zero means DefaultTol. Newton's method
	// converges quadratically near the optimum, so after the final step the
	// coefficients are accurate to about Tol² (relative); a large fit that
	// ends on a chord step (see Fit) stops only when its error estimate is
	// below 1e-3·Tol. The standard errors are those of the information
	// at the returned coefficients, whatever Tol.
	Tol float64
}

// Result is a fitted logistic regression. All slices have length p+1 with
// the intercept first. The zero value is not a fit. A Result is not mutated
// by this package after Fit returns.
type Result struct {
	Coef []float64 // coefficients b_0, b_1, …, b_p (log-odds per unit of x_j)
	SE   []float64 // standard errors √diag(Cov)
	Z    []float64 // Wald statistics Coef/SE
	P    []float64 // two-sided Wald p-values 2·(1 − Φ(|Z|))
	// Cov is the (p+1)×(p+1) inverse of the (penalised) observed
	// information matrix X'WX + λ·I' at Coef.
	Cov        *mat.SymDense
	LogLik     float64 // weighted log-likelihood Σ w_i [y_i ln μ_i + (1−y_i) ln(1−μ_i)] at Coef (penalty excluded)
	NullLogLik float64 // log-likelihood of the intercept-only model
	AIC        float64 // −2·LogLik + 2·(p+1)
	BIC        float64 // −2·LogLik + ln(N)·(p+1)
	N          int     // rows with positive weight
	Iter       int     // Newton (or chord) steps on all rows, without the start on a subsample
}

// Fit fits P(y=1) = 1/(1+exp(−(b_0 + x·b))) by maximum likelihood (with an
// optional L2 penalty) using IRLS (Newton–Raphson with step halving).
//
// x is n×p without an intercept column; y has length n with values 0 or 1;
// w has length n with finite weights ≥ 0 (nil means all 1; rows with weight
// 0 are ignored). Fit does not modify its inputs.
//
// Standard errors come from the inverse of the observed information at the
// estimate (evaluated at the returned coefficients), as in R glm and
// statsmodels Logit:
//
//	I(b) = X'WX + λ·diag(0, 1, …, 1),   W = diag(w_i·μ_i·(1−μ_i))
//
// Errors: *InputError (ErrInput, ErrSingleClass) for bad input;
// *SingularError (ErrSingular) when I(b) is not positive definite;
// *SeparationError (ErrSeparation) when fitted probabilities reach 0 or 1;
// *ConvergenceError (ErrNotConverged) at the iteration limit. With
// ErrSeparation and ErrNotConverged the last iterate is returned as a
// non-nil Result, for diagnosis only.
//
// # Large fits
//
// From 20,000 rows on (and when every 25th row gives at least 50·(p+1)
// rows with both labels), Fit starts from the estimate on every 25th row
// (the same rows for the same input, no randomness; the ridge penalty
// scaled to their weight) instead of the intercept-only model, and a step
// whose previous step was below 3e-3 reuses the factorised information of
// a point within 3e-3 of it (a chord step: one pass over the rows of O(n·p)
// instead of O(n·(p+1)²), converging linearly at a rate of order 3e-3).
// The estimate is the same maximum, to the accuracy stated on
// Options.Tol.
//
// Cost: O(n·(p+1)²) per Newton step, O(n·(p+1)) per chord step, plus one
// O(n·(p+1)²) pass at the estimate for the covariance; typically 5–8 Newton
// steps from the intercept-only model, 2 Newton and 1–2 chord steps from a
// subsample's estimate.
//
// References:
//   - McCullagh, P. and Nelder, J. A. (1989). Generalized Linear Models,
//     2nd ed., Chapman & Hall, §2.5 (IRLS) and §4.4 (binary data).
//   - Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013). Applied
//     Logistic Regression, 3rd ed., Wiley, §1.3–1.4 (Wald test, likelihood).
//   - Albert, A. and Anderson, J. A. (1984). On the existence of maximum
//     likelihood estimates in logistic regression models. Biometrika 71(1),
//     1–10 (separation).
//   - le Cessie, S. and van Houwelingen, J. C. (1992). Ridge estimators in
//     logistic regression. Applied Statistics 41(1), 191–201 (L2 penalty).
func Fit(x mat.Matrix, y, w []float64, opts Options) (*Result, error) {
	if x == nil {
		return nil, inputErr("x", "nil", "must not be nil", ErrInput)
	}
	n, p := x.Dims()
	k := p + 1
	if err := checkOptions(&opts); err != nil {
		return nil, err
	}
	if len(y) != n {
		return nil, inputErr("y", "length "+strconv.Itoa(len(y)), "length must equal the rows of x", ErrInput)
	}
	if w != nil && len(w) != n {
		return nil, inputErr("w", "length "+strconv.Itoa(len(w)), "length must equal the rows of x", ErrInput)
	}
	var sw, sy float64
	nPos := 0
	if w == nil {
		for i, yi := range y {
			if yi != 0 && yi != 1 {
				return nil, inputErr(idx("y", i), ftoa(yi), "must be 0 or 1", ErrInput)
			}
			sy += yi
		}
		sw, nPos = float64(n), n
	}
	for i, wi := range w {
		if yi := y[i]; yi != 0 && yi != 1 {
			return nil, inputErr(idx("y", i), ftoa(yi), "must be 0 or 1", ErrInput)
		}
		if math.IsNaN(wi) || math.IsInf(wi, 0) || wi < 0 {
			return nil, inputErr(idx("w", i), ftoa(wi), "must be finite and ≥ 0", ErrInput)
		}
		if wi > 0 {
			nPos++
		}
		sw += wi
		sy += wi * y[i]
	}
	if sy == 0 || sy == sw {
		return nil, inputErr("y", "", "needs both labels among rows with positive weight", ErrSingleClass)
	}
	// x is not scanned for non-finite values before the fit: a ±Inf or
	// NaN x_ij makes the diagonal X'WX_jj of the first pass non-finite
	// (x_ij·v_i·x_ij with v_i ≥ 0 or NaN: v_i = 0 gives 0·∞ = NaN), which
	// solve reports as errOverflow; overflow then names the value. This
	// saves a pass over the rows.
	xd, stride := design(x, n, p)
	overflow := func() error {
		if err := nonFinite(xd, stride, n, p); err != nil {
			return err
		}
		return errOverflow
	}
	if nPos < k && opts.L2 == 0 {
		if err := nonFinite(xd, stride, n, p); err != nil {
			return nil, err
		}
		return nil, inputErr("x", strconv.Itoa(nPos)+" rows", "needs at least p+1 rows with positive weight", ErrInput)
	}

	ybar := sy / sw
	res := &Result{N: nPos}
	res.NullLogLik = sw * (ybar*math.Log(ybar) + (1-ybar)*math.Log1p(-ybar))

	f := newFitter(xd, stride, n, p, y, w, opts.L2)
	large := n >= largeRows
	b := make([]float64, k)
	b[0] = math.Log(ybar / (1 - ybar))
	if large {
		f.warmStart(b, sw)
	}
	ll, iter, err := f.solve(b, opts.MaxIter, opts.Tol, large, true)
	if err != nil {
		var ce *ConvergenceError
		var se *SeparationError
		if errors.As(err, &ce) || errors.As(err, &se) {
			return f.result(res, b, ll, iter, nil), err
		}
		if err == errOverflow {
			return nil, overflow()
		}
		return nil, err
	}
	// Covariance from the information at Coef itself: solve ends with a
	// pass that evaluates it there.
	cov := mat.NewSymDense(k, nil)
	if err := f.chol.InverseTo(cov); err != nil {
		return nil, &SingularError{Iter: iter, Col: -1}
	}
	res = f.result(res, b, ll, iter, cov)
	if !finite(res.AIC, res.SE) || !finite(res.BIC, res.P) {
		return nil, overflow()
	}
	return res, nil
}

// Large fits: from largeRows rows on, Fit starts from a fit on every
// warmStride-th row and may reuse an information matrix for several steps
// (see solve).
const (
	largeRows  = 20_000
	warmStride = 25
	warmTol    = 5e-2
	// chordDist bounds the relative distance max_j |b_j − c_j|/(1+|b_j|)
	// between the current iterate b and the point c of the information
	// matrix that a step without a new matrix may reuse; the error then
	// contracts by a factor of order chordDist per step.
	chordDist = 3e-3
)

// warmStart replaces the intercept-only start b by the estimate on every
// warmStride-th row (ridge penalty scaled to the subsample's weight), when
// that subsample has at least 50·(p+1) rows, both labels, and its fit
// succeeds; otherwise b is left as it is. sw is the total prior weight.
// The rows are fixed by their position: no randomness.
func (f *fitter) warmStart(b []float64, sw float64) {
	n, p, k := f.n, f.k-1, f.k
	m := (n + warmStride - 1) / warmStride
	if m < 50*k {
		return
	}
	xs := make([]float64, m*p)
	ys := make([]float64, m)
	ws := make([]float64, m)
	var sws, sys float64
	for i := range m {
		r := i * warmStride
		copy(xs[i*p:(i+1)*p], f.x[r*f.stride:r*f.stride+p])
		ys[i], ws[i] = f.y[r], 1
		if f.w != nil {
			ws[i] = f.w[r]
		}
		sws += ws[i]
		sys += ws[i] * ys[i]
	}
	if sys <= 0 || sys >= sws {
		return
	}
	sub := newFitterPath(xs, p, m, p, ys, ws, f.l2*sws/sw, f.fma)
	bs := make([]float64, k)
	bs[0] = math.Log(sys / (sws - sys))
	if _, _, err := sub.solve(bs, 50, warmTol, false, false); err != nil || !finite(0, bs) {
		return
	}
	copy(b, bs)
}

// solve maximises the penalised log-likelihood from b by Newton–Raphson
// with step halving, overwriting b with the estimate, for at most maxIter
// steps. It returns the log-likelihood at b and the number of steps.
//
// Each pass over the data evaluates, at one point, the log-likelihood, the
// score and, when needed, the information matrix. With chord set, a pass
// skips the matrix when the last step was below chordDist and the matrix's
// point is within chordDist of b: the step then reuses the factorised
// matrix (a chord step), whose error contracts by a factor of order
// chordDist per step instead of quadratically. solve stops at the first
// step below tol (a chord step also needs its error estimate, its size
// times the contraction step/previous step, below 1e-3·tol). With last
// set it ends with a pass at the new b that evaluates the log-likelihood
// and the information matrix there, left factorised in f.chol, so that the
// covariance belongs to the returned estimate; without it (a start on a
// subsample) the log-likelihood returned is that before the last step.
func (f *fitter) solve(b []float64, maxIter int, tol float64, chord, last bool) (float64, int, error) {
	k := f.k
	info := mat.NewSymDense(k, nil)
	delta := mat.NewVecDense(k, nil)
	grad := mat.NewVecDense(k, f.grad)
	prev := make([]float64, k) // last accepted point
	dir := make([]float64, k)  // step from prev
	hAt := make([]float64, k)  // point of the factorised matrix
	var prevPen, prevLL float64
	accepted, final, needH := false, false, true
	t, halvings, iter := 1.0, 0, 0
	step := math.Inf(1)
	for {
		ll := f.pass(b, needH)
		if !finite(ll, f.grad) || (needH && !finite(0, f.h)) {
			return 0, iter, errOverflow
		}
		pen := ll - f.penalty(b)
		// Step halving keeps the penalised log-likelihood from decreasing.
		if accepted && pen < prevPen-1e-12*math.Abs(prevPen) && halvings < 30 {
			halvings++
			t /= 2
			for j := range k {
				b[j] = prev[j] + t*dir[j]
			}
			continue
		}
		if !finite(0, b) {
			return 0, iter, errOverflow
		}
		copy(prev, b)
		prevPen, prevLL, accepted = pen, ll, true
		halvings, t = 0, 1
		if needH {
			f.setInfo(info)
			if ok := f.chol.Factorize(info); !ok {
				return ll, iter, f.failure(b, iter)
			}
			copy(hAt, b)
		}
		if final {
			return ll, iter, nil
		}
		if err := f.chol.SolveVecTo(delta, grad); err != nil {
			return ll, iter, f.failure(b, iter)
		}
		iter++
		prevStep := step
		step = 0
		dist := 0.0
		for j := range k {
			d := delta.AtVec(j)
			dir[j] = d
			step = math.Max(step, math.Abs(d)/(1+math.Abs(b[j])))
			b[j] += d
			dist = math.Max(dist, math.Abs(b[j]-hAt[j])/(1+math.Abs(b[j])))
		}
		// A chord step's error is about its size times the contraction
		// step/prevStep; stop on one only when that is below 1e-3·tol.
		chordDone := needH || step*step < 1e-3*tol*prevStep
		switch {
		case step < tol && !chordDone:
			needH = false
		case step < tol && !last:
			return prevLL, iter, nil
		case step < tol:
			final, needH = true, true
		case iter >= maxIter:
			copy(b, prev)
			if rows := f.saturated(b); rows > 0 {
				return prevLL, iter, &SeparationError{Iter: iter, Rows: rows}
			}
			return prevLL, iter, &ConvergenceError{Iter: iter, Step: step, LogLik: prevLL}
		default:
			needH = !chord || step > chordDist || dist > chordDist || (!needH && step > 0.1*prevStep)
		}
	}
}

// failure classifies a singular information matrix at b: separation when
// fitted probabilities have reached 0 or 1, collinearity otherwise.
func (f *fitter) failure(b []float64, iter int) error {
	if rows := f.saturated(b); rows > 0 {
		return &SeparationError{Iter: iter, Rows: rows}
	}
	return &SingularError{Iter: iter, Col: -1}
}

// errOverflow reports a fit whose log-likelihood, coefficients or
// standard errors left the float64 range (columns with huge values).
var errOverflow = inputErr("x", "", "values so large or small that the fit overflows float64; rescale the columns", ErrInput)

// finite reports whether v and every element of vs are finite.
func finite(v float64, vs []float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	for _, x := range vs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func checkOptions(o *Options) error {
	if math.IsNaN(o.L2) || math.IsInf(o.L2, 0) || o.L2 < 0 {
		return inputErr("l2", ftoa(o.L2), "must be finite and ≥ 0", ErrInput)
	}
	if o.MaxIter < 0 || o.MaxIter > IterLimit {
		return inputErr("maxIter", strconv.Itoa(o.MaxIter), "must be in [0, IterLimit = 10000]", ErrInput)
	}
	if math.IsNaN(o.Tol) || math.IsInf(o.Tol, 0) || o.Tol < 0 {
		return inputErr("tol", ftoa(o.Tol), "must be finite and ≥ 0", ErrInput)
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.Tol == 0 {
		o.Tol = DefaultTol
	}
	return nil
}

// design returns x as row-major data with its stride. A mat.RawMatrixer
// is used in place (not modified).
func design(x mat.Matrix, n, p int) ([]float64, int) {
	if rm, ok := x.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		return raw.Data, raw.Stride
	}
	data := make([]float64, n*p)
	for i := range n {
		for j := range p {
			data[i*p+j] = x.At(i, j)
		}
	}
	return data, p
}

// nonFinite returns an *InputError naming the first non-finite value of
// the row-major design, or nil.
func nonFinite(data []float64, stride, n, p int) error {
	for i := range n {
		// v − v is 0 for a finite v and NaN for ±Inf and NaN: one test a
		// row, a second loop only to name the value.
		row := data[i*stride : i*stride+p]
		var s0, s1 float64
		j := 0
		for ; j+2 <= len(row); j += 2 {
			s0 += row[j] - row[j]
			s1 += row[j+1] - row[j+1]
		}
		if j < len(row) {
			s0 += row[j] - row[j]
		}
		if s0+s1 == 0 {
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return inputErr(fmt.Sprintf("x[%d,%d]", i, j), ftoa(v), "must be finite", ErrInput)
			}
		}
	}
	return nil
}

// fitter holds the row-major design, the per-block work vectors and the
// accumulators of one pass over the rows.
type fitter struct {
	n, k   int
	kp     int       // k rounded up to a multiple of 4
	x      []float64 // row-major n×(k−1) design without intercept
	stride int
	y, w   []float64 // w nil: all weights 1
	ones   []float64 // block: weights 1, when w is nil
	l2     float64
	eta    []float64 // block: linear predictor
	r      []float64 // block: w·(y − μ)
	v      []float64 // block: w·μ·(1−μ)
	a      []float64 // kp×ld column-major copy of a row block, first column ones
	u      []float64 // block: one column of a scaled by v
	h      []float64 // kp×kp information accumulator (upper triangle)
	grad   []float64 // k: penalised score
	gx     []float64 // k−1: score accumulator of passes without the matrix
	chol   mat.Cholesky
	// The path of the AVX2 and FMA kernels (kernels_amd64.s), when fma
	// is set: X'WX and the score as one product A'U of the rows of a
	// block, A_i = [x_i, 1] (read in place but for the last four columns,
	// packed in pt) and U_i = [v_i·x_i, v_i, r_i] (packed in pu, rows kp
	// long), whose column k is the score. The intercept comes last in h:
	// see fmaIndex. f.a and f.u stay unused.
	fma    bool
	pt, pu []float64
	// unitFMA: the rows' function (μ, r, v, log-likelihood) by rowsFMA,
	// on the AVX2 path when every weight is 0 or 1.
	unitFMA bool
}

// block is the number of rows of one pass step: 2·k·block floats of
// scratch stay in the L1/L2 cache. Scratch rows are ld apart: a
// power-of-two distance would map every column to the same cache sets.
const (
	block = 256
	ld    = block + 8
)

// newFitter returns the fitter of n rows. The assembly kernels serve fits
// from largeRows rows on (and the start
// of such a fit on a subsample): a smaller fit is cheap anyway, and on the
// Go kernels its results are the same, bit for bit, on every machine.
func newFitter(x []float64, stride, n, p int, y, w []float64, l2 float64) *fitter {
	return newFitterPath(x, stride, n, p, y, w, l2, haveFMA && n >= largeRows)
}

// newFitterPath is newFitter on the path of the assembly kernels (fma) or
// of the Go kernels.
func newFitterPath(x []float64, stride, n, p int, y, w []float64, l2 float64, fma bool) *fitter {
	k := p + 1
	f := &fitter{n: n, k: k, x: x, stride: stride, y: y, w: w, l2: l2, fma: fma,
		eta: make([]float64, block), r: make([]float64, block), v: make([]float64, block),
		grad: make([]float64, k), gx: make([]float64, p)}
	if w == nil {
		f.ones = make([]float64, block)
		for i := range f.ones {
			f.ones[i] = 1
		}
	}
	if fma {
		// One more column for the score; tiles of 8 columns.
		f.kp = (k + 1 + 7) &^ 7
		f.pt = make([]float64, block*4)
		f.pu = make([]float64, block*f.kp)
		f.unitFMA = true // also when w is nil
		for _, wi := range w {
			if wi != 0 && wi != 1 {
				f.unitFMA = false
				break
			}
		}
	} else {
		f.kp = (k + 3) &^ 3
		f.a = make([]float64, f.kp*ld)
		f.u = make([]float64, block)
		for i := range block {
			f.a[i] = 1 // intercept column; padding columns stay zero
		}
	}
	f.h = make([]float64, f.kp*f.kp)
	return f
}

// pass evaluates, at b, the weighted log-likelihood (returned), the
// penalised score (f.grad) and, when info is set, the upper triangle of
// X'WX (f.h, without the penalty), in one sweep over the rows by blocks.
//
// With a = |η| and z = e^{−a}, each row contributes
//
//	−w·[ln(1+z) + a·[y ≠ sign]]
//
// to the log-likelihood (the linear term only when the label disagrees
// with the sign of η), which stays finite for any η. For unit weights the
// ln(1+z) terms are summed as the logarithm of a product over runs of 32
// rows (each factor is in (1, 2], so the product stays below 2³²): one
// logarithm per 32 rows, with a relative error of the product below
// 32·2⁻⁵³.
func (f *fitter) pass(b []float64, info bool) float64 {
	k, kp := f.k, f.kp
	grad, gx := f.grad, f.gx
	clear(grad)
	clear(gx)
	if info {
		clear(f.h)
	}
	gs := goSums{prod: 1}
	rs := rowSums{prod: [4]float64{1, 1, 1, 1}}
	for s := 0; s < f.n; s += block {
		m := min(block, f.n-s)
		eta, r, v := f.eta[:m], f.r[:m], f.v[:m]
		f.linear(b, s, eta)
		w, y := f.w, f.y[s:s+m]
		if w == nil {
			w = f.ones[:m]
		} else {
			w = w[s : s+m]
		}
		i := 0
		if f.unitFMA {
			rowsFMA(eta, y, w, r, v, &rs)
			i = m &^ 3
		}
		rowsGo(eta[i:], y[i:], w[i:], r[i:], v[i:], &gs)
		if !info {
			f.score(s, r)
			continue
		}
		if f.fma {
			xs := f.x[s*f.stride:]
			packFMA(f.pt, f.pu, xs, f.stride, k-1, kp, v, r)
			syrkFMA(f.h, xs, f.stride, f.pt, f.pu, m, kp, (k+3)/4)
			continue
		}
		// Copy the block to column-major scratch so that X'WX accumulates
		// with unit-stride dot products on cached data.
		f.transpose(s, m)
		h := f.h
		uj := f.u[:m]
		for j := range k {
			aj := f.a[j*ld : j*ld+m]
			grad[j] += dot(aj, r)
			uj := uj[:len(aj)]
			v := v[:len(aj)]
			for i, x := range aj {
				uj[i] = v[i] * x
			}
			for l := j; l < k; l++ {
				h[j*kp+l] += dot(uj, f.a[l*ld:l*ld+m])
			}
		}
	}
	switch {
	case !info:
		copy(grad[1:], gx)
	case f.fma:
		for j := range k {
			grad[j] = f.h[f.fmaIndex(j)*kp+k]
		}
	}
	if f.l2 != 0 {
		for j := 1; j < k; j++ {
			grad[j] -= f.l2 * b[j]
		}
	}
	lin, logs := gs.lin, gs.logs+math.Log(gs.prod)
	if f.unitFMA {
		var e int64
		for l := range 4 {
			lin += rs.lin[l]
			logs += math.Log(rs.prod[l])
			e += rs.expo[l]
		}
		logs += float64(e) * math.Ln2
	}
	return -(lin + logs)
}

// goSums are the log-likelihood accumulators of rowsGo: Σ w·a over the
// rows whose label disagrees with the sign of η, Σ w·ln(1+z) over the rows
// with w ∉ {0, 1} and the runs of 32 rows with w = 1, and the product
// Π(1+z) of the current run (cnt rows).
type goSums struct {
	lin, logs, prod float64
	cnt             int
}

// rowsGo sets, for each row of a block, r = w·(y − μ) and v = w·μ·(1−μ)
// at η and adds its log-likelihood terms to s (see pass).
func rowsGo(eta, y, w, r, v []float64, s *goSums) {
	lin, logs, prod, cnt := s.lin, s.logs, s.prod, s.cnt
	w = w[:len(eta)]
	y = y[:len(eta)]
	r = r[:len(eta)]
	v = v[:len(eta)]
	for i, e := range eta {
		wi := w[i]
		a := math.Abs(e)
		z := expNeg(a)
		q := 1 / (1 + z)
		mu := q
		if e < 0 {
			mu = z * q
		}
		yi := y[i]
		if wi == 1 {
			prod *= 1 + z
			if cnt++; cnt == 32 {
				logs += math.Log(prod)
				prod, cnt = 1, 0
			}
			if (e >= 0) != (yi == 1) {
				lin += a
			}
		} else if wi != 0 {
			logs += wi * math.Log(1+z)
			if (e >= 0) != (yi == 1) {
				lin += wi * a
			}
		}
		r[i] = wi * (yi - mu)
		v[i] = wi * mu * (1 - mu)
	}
	s.lin, s.logs, s.prod, s.cnt = lin, logs, prod, cnt
}

// linear sets eta[i] = b_0 + x_{s+i}·b for the rows of one block, four
// rows at a time (four independent sums, each in column order).
func (f *fitter) linear(b []float64, s int, eta []float64) {
	p, st := f.k-1, f.stride
	bs := b[1 : p+1]
	m := len(eta)
	i := 0
	if f.fma {
		linearFMA(eta, f.x[s*st:], st, bs, b[0])
		i = m &^ 3
	}
	for ; i+4 <= m; i += 4 {
		o := (s + i) * st
		x0 := f.x[o : o+p]
		x1 := f.x[o+st:][:len(x0)]
		x2 := f.x[o+2*st:][:len(x0)]
		x3 := f.x[o+3*st:][:len(x0)]
		bs := bs[:len(x0)]
		e0, e1, e2, e3 := b[0], b[0], b[0], b[0]
		for j, v := range x0 {
			bj := bs[j]
			e0 += v * bj
			e1 += x1[j] * bj
			e2 += x2[j] * bj
			e3 += x3[j] * bj
		}
		eta[i], eta[i+1], eta[i+2], eta[i+3] = e0, e1, e2, e3
	}
	for ; i < m; i++ {
		o := (s + i) * st
		e := b[0]
		for j, v := range f.x[o : o+p] {
			e += v * bs[j]
		}
		eta[i] = e
	}
}

// score adds the unpenalised score of one block, Σ r_i·(1, x_i), to
// f.grad[0] and f.gx, four rows at a time.
func (f *fitter) score(s int, r []float64) {
	p, st := f.k-1, f.stride
	gx := f.gx[:p]
	m := len(r)
	var g0 float64
	i := 0
	if f.fma {
		scoreFMA(gx, f.x[s*st:], st, r)
		for _, ri := range r {
			g0 += ri
		}
		i = m
	}
	for ; i+4 <= m; i += 4 {
		o := (s + i) * st
		x0 := f.x[o : o+p]
		x1 := f.x[o+st:][:len(x0)]
		x2 := f.x[o+2*st:][:len(x0)]
		x3 := f.x[o+3*st:][:len(x0)]
		gx := gx[:len(x0)]
		r0, r1, r2, r3 := r[i], r[i+1], r[i+2], r[i+3]
		g0 += (r0 + r1) + (r2 + r3)
		for j, v := range x0 {
			gx[j] += (r0*v + r1*x1[j]) + (r2*x2[j] + r3*x3[j])
		}
	}
	for ; i < m; i++ {
		o := (s + i) * st
		ri := r[i]
		g0 += ri
		for j, v := range f.x[o : o+p] {
			gx[j] += ri * v
		}
	}
	f.grad[0] += g0
}

// transpose copies the m rows s, s+1, … of one block into the columns
// 1…k−1 of f.a, four rows at a time so that the stores to each column are
// adjacent.
func (f *fitter) transpose(s, m int) {
	p, st := f.k-1, f.stride
	i := 0
	for ; i+4 <= m; i += 4 {
		o := (s + i) * st
		x0 := f.x[o : o+p]
		x1 := f.x[o+st:][:len(x0)]
		x2 := f.x[o+2*st:][:len(x0)]
		x3 := f.x[o+3*st:][:len(x0)]
		for j, c0 := range x0 {
			a := f.a[(j+1)*ld+i:][:4]
			a[0], a[1], a[2], a[3] = c0, x1[j], x2[j], x3[j]
		}
	}
	for ; i < m; i++ {
		for j, xv := range f.x[(s+i)*st : (s+i)*st+p] {
			f.a[(j+1)*ld+i] = xv
		}
	}
}

// setInfo copies the accumulated X'WX, plus the ridge penalty on the
// slopes' diagonal, into info.
func (f *fitter) setInfo(info *mat.SymDense) {
	k, kp, h := f.k, f.kp, f.h
	for j := range k {
		hj := f.fmaIndex(j)
		d := h[hj*kp+hj]
		if j > 0 {
			d += f.l2
		}
		info.SetSym(j, j, d)
		for l := j + 1; l < k; l++ {
			hl := f.fmaIndex(l)
			info.SetSym(j, l, h[min(hj, hl)*kp+max(hj, hl)])
		}
	}
}

// fmaIndex is the row and column of h that hold coefficient j's: j on
// the Go path; on the assembly path the intercept comes after the
// slopes (j = 0 at k−1, j ≥ 1 at j−1).
func (f *fitter) fmaIndex(j int) int {
	switch {
	case !f.fma:
		return j
	case j == 0:
		return f.k - 1
	default:
		return j - 1
	}
}

func (f *fitter) penalty(b []float64) float64 {
	if f.l2 == 0 {
		return 0
	}
	var s float64
	for _, v := range b[1:] {
		s += v * v
	}
	return f.l2 / 2 * s
}

// saturated counts rows with positive weight whose fitted probability at
// b is within 1e-10 of 0 or 1.
func (f *fitter) saturated(b []float64) int {
	c := 0
	for s := 0; s < f.n; s += block {
		m := min(block, f.n-s)
		eta := f.eta[:m]
		f.linear(b, s, eta)
		for i, e := range eta {
			mu := 1 / (1 + math.Exp(-e))
			if (f.w == nil || f.w[s+i] > 0) && (mu < 1e-10 || mu > 1-1e-10) {
				c++
			}
		}
	}
	return c
}

func (f *fitter) result(res *Result, b []float64, ll float64, iter int, cov *mat.SymDense) *Result {
	k := f.k
	res.Coef = append([]float64(nil), b...)
	res.SE = make([]float64, k)
	res.Z = make([]float64, k)
	res.P = make([]float64, k)
	res.Cov = cov
	if cov != nil {
		for j := range k {
			se := math.Sqrt(math.Max(cov.At(j, j), 0))
			res.SE[j] = se
			if se > 0 {
				res.Z[j] = b[j] / se
				res.P[j] = 2 * distuv.UnitNormal.CDF(-math.Abs(res.Z[j])) // CDF(−|z|) keeps tail precision; Survival loses it
			} else {
				res.P[j] = 1
			}
		}
	}
	res.LogLik = ll
	res.AIC = -2*ll + 2*float64(k)
	res.BIC = -2*ll + math.Log(float64(res.N))*float64(k)
	res.Iter = iter
	return res
}

// dot is the unit-stride dot product of the information-matrix kernel.
func dot(x, y []float64) float64 { return floats.Dot(x, y) }

// expNeg returns e^{−a} for a ≥ 0 within about one unit in the last place
// of math.Exp(−a), inlined: with k = round(a/ln 2) and r = k·ln 2 − a
// (Cody–Waite reduction, |r| ≤ ln 2/2), e^{−a} = 2^{−k}·e^r, and e^r is
// its Taylor polynomial of degree 12 (truncation below 2⁻⁵²). Arguments
// from 708 on (and NaN) go to math.Exp.
//
// Reference: Muller, J.-M. (2016). Elementary Functions: Algorithms and
// Implementation, 3rd ed., Birkhäuser, §11.1 (Cody and Waite's
// reduction) and chapter 3 (polynomial approximation).
func expNeg(a float64) float64 {
	if !(a < 708) {
		return math.Exp(-a)
	}
	const (
		log2e = 1.44269504088896338700e+00
		ln2hi = 6.93147180369123816490e-01 // ln 2 to 32 bits
		ln2lo = 1.90821492927058770002e-10 // ln 2 − ln2hi
	)
	k := math.Floor(a*log2e + 0.5)
	r := (k*ln2hi - a) + k*ln2lo
	// Taylor coefficients 1/j! of e^r, j = 0…12, by Estrin's scheme.
	r2 := r * r
	r4 := r2 * r2
	r8 := r4 * r4
	p01 := 1 + r
	p23 := 1.0/2 + r*(1.0/6)
	p45 := 1.0/24 + r*(1.0/120)
	p67 := 1.0/720 + r*(1.0/5040)
	p89 := 1.0/40320 + r*(1.0/362880)
	p1011 := 1.0/3628800 + r*(1.0/39916800)
	p12 := 1.0 / 479001600
	p03 := p01 + r2*p23
	p47 := p45 + r2*p67
	p811 := p89 + r2*p1011
	p07 := p03 + r4*p47
	p812 := p811 + r4*p12
	return (p07 + r8*p812) * math.Float64frombits(uint64(1023-int64(k))<<52)
}
