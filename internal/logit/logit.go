package logit

import (
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
	// coefficients are accurate to about Tol² (relative) and the standard
	// errors, taken from the information before that step, to about Tol.
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
	// information matrix X'WX + λ·I' at the last Newton iterate (within a
	// relative Tol of Coef).
	Cov        *mat.SymDense
	LogLik     float64 // weighted log-likelihood Σ w_i [y_i ln μ_i + (1−y_i) ln(1−μ_i)] at Coef (penalty excluded)
	NullLogLik float64 // log-likelihood of the intercept-only model
	AIC        float64 // −2·LogLik + 2·(p+1)
	BIC        float64 // −2·LogLik + ln(N)·(p+1)
	N          int     // rows with positive weight
	Iter       int     // Newton iterations performed
}

// Fit fits P(y=1) = 1/(1+exp(−(b_0 + x·b))) by maximum likelihood (with an
// optional L2 penalty) using IRLS (Newton–Raphson with step halving).
//
// x is n×p without an intercept column; y has length n with values 0 or 1;
// w has length n with finite weights ≥ 0 (nil means all 1; rows with weight
// 0 are ignored). Fit does not modify its inputs.
//
// Standard errors come from the inverse of the observed information at the
// estimate, as in R glm and statsmodels Logit:
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
// Cost: O(n·(p+1)²) per iteration; typically 5–8 iterations.
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
	ww := make([]float64, n) // prior weights
	var sw, sy float64
	nPos := 0
	for i, yi := range y {
		if yi != 0 && yi != 1 {
			return nil, inputErr(idx("y", i), ftoa(yi), "must be 0 or 1", ErrInput)
		}
		wi := 1.0
		if w != nil {
			wi = w[i]
			if math.IsNaN(wi) || math.IsInf(wi, 0) || wi < 0 {
				return nil, inputErr(idx("w", i), ftoa(wi), "must be finite and ≥ 0", ErrInput)
			}
		}
		ww[i] = wi
		if wi > 0 {
			nPos++
		}
		sw += wi
		sy += wi * yi
	}
	if sy == 0 || sy == sw {
		return nil, inputErr("y", "", "needs both labels among rows with positive weight", ErrSingleClass)
	}
	xd, stride, err := design(x, n, p)
	if err != nil {
		return nil, err
	}
	if nPos < k && opts.L2 == 0 {
		return nil, inputErr("x", strconv.Itoa(nPos)+" rows", "needs at least p+1 rows with positive weight", ErrInput)
	}

	ybar := sy / sw
	res := &Result{N: nPos}
	res.NullLogLik = sw * (ybar*math.Log(ybar) + (1-ybar)*math.Log1p(-ybar))

	f := &fitter{n: n, k: k, x: xd, stride: stride, y: y, w: ww, l2: opts.L2}
	f.alloc()
	b := make([]float64, k)
	b[0] = math.Log(ybar / (1 - ybar))
	f.linear(b)
	ll := f.logLik()
	pen := ll
	if !finite(ll, nil) {
		return nil, errOverflow
	}

	info := mat.NewSymDense(k, nil)
	var chol mat.Cholesky
	grad := make([]float64, k)
	delta := mat.NewVecDense(k, nil)
	bNew := make([]float64, k)
	converged := false
	step := math.Inf(1)
	iter := 0
	for iter < opts.MaxIter {
		iter++
		f.gradInfo(b, grad, info)
		if !finite(0, grad) || !finite(0, info.RawSymmetric().Data) {
			return nil, errOverflow
		}
		if ok := chol.Factorize(info); !ok {
			if rows := f.saturated(); rows > 0 {
				return f.result(res, b, ll, iter, nil), &SeparationError{Iter: iter, Rows: rows}
			}
			return nil, &SingularError{Iter: iter, Col: -1}
		}
		if err := chol.SolveVecTo(delta, mat.NewVecDense(k, grad)); err != nil {
			if rows := f.saturated(); rows > 0 {
				return f.result(res, b, ll, iter, nil), &SeparationError{Iter: iter, Rows: rows}
			}
			return nil, &SingularError{Iter: iter, Col: -1}
		}
		step = 0
		for j := range k {
			step = math.Max(step, math.Abs(delta.AtVec(j))/(1+math.Abs(b[j])))
		}
		// Step halving keeps the penalised log-likelihood from decreasing.
		t := 1.0
		var llNew, penNew float64
		for h := 0; ; h++ {
			for j := range k {
				bNew[j] = b[j] + t*delta.AtVec(j)
			}
			f.linear(bNew)
			llNew = f.logLik()
			penNew = llNew - f.penalty(bNew)
			if penNew >= pen-1e-12*math.Abs(pen) || h == 30 {
				break
			}
			t /= 2
		}
		copy(b, bNew)
		ll, pen = llNew, penNew
		if !finite(ll, b) {
			return nil, errOverflow
		}
		if step < opts.Tol {
			converged = true
			break
		}
	}
	if !converged {
		if rows := f.saturated(); rows > 0 {
			return f.result(res, b, ll, iter, nil), &SeparationError{Iter: iter, Rows: rows}
		}
		return f.result(res, b, ll, iter, nil), &ConvergenceError{Iter: iter, Step: step, LogLik: ll}
	}
	// Covariance from the information at the last Newton iterate: the final
	// step is below Tol, so it differs from the information at Coef by a
	// relative O(Tol), and one O(n·(p+1)²) pass is saved.
	cov := mat.NewSymDense(k, nil)
	if err := chol.InverseTo(cov); err != nil {
		return nil, &SingularError{Iter: iter, Col: -1}
	}
	res = f.result(res, b, ll, iter, cov)
	if !finite(res.AIC, res.SE) || !finite(res.BIC, res.P) {
		return nil, errOverflow
	}
	return res, nil
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

// design returns x as row-major data with its stride, checking that every
// value is finite. A mat.RawMatrixer is used in place (not modified).
func design(x mat.Matrix, n, p int) ([]float64, int, error) {
	var data []float64
	stride := p
	if rm, ok := x.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		data, stride = raw.Data, raw.Stride
	} else {
		data = make([]float64, n*p)
		for i := range n {
			for j := range p {
				data[i*p+j] = x.At(i, j)
			}
		}
	}
	for i := range n {
		for j, v := range data[i*stride : i*stride+p] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, inputErr(fmt.Sprintf("x[%d,%d]", i, j), ftoa(v), "must be finite", ErrInput)
			}
		}
	}
	return data, stride, nil
}

// fitter holds the row-major design and per-row work vectors.
type fitter struct {
	n, k   int
	kp     int       // k rounded up to a multiple of 4
	x      []float64 // row-major n×(k−1) design without intercept
	stride int
	y, w   []float64
	l2     float64
	eta    []float64 // linear predictor
	mu     []float64 // fitted probability
	r      []float64 // w·(y − μ)
	v      []float64 // w·μ·(1−μ)
	a      []float64 // kp×ld column-major copy of a row block, first column ones
	u      []float64 // kp×ld: a scaled by v
	h      []float64 // kp×kp accumulator
}

// block is the number of rows accumulated at once: 2·k·block floats of
// scratch stay in the L1/L2 cache. Scratch rows are ld apart: a power-of-two
// distance would map every column to the same cache sets.
const (
	block = 256
	ld    = block + 8
)

func (f *fitter) alloc() {
	f.eta = make([]float64, f.n)
	f.mu = make([]float64, f.n)
	f.r = make([]float64, f.n)
	f.v = make([]float64, f.n)
	f.kp = (f.k + 3) &^ 3
	f.a = make([]float64, f.kp*ld) // padding columns stay zero
	f.u = make([]float64, f.kp*ld)
	f.h = make([]float64, f.kp*f.kp)
	for i := range block {
		f.a[i] = 1
	}
}

// linear sets eta = b_0 + X·b.
func (f *fitter) linear(b []float64) {
	p := f.k - 1
	bs := b[1:]
	for i := range f.eta {
		row := f.x[i*f.stride : i*f.stride+p]
		e := b[0]
		for j, v := range row {
			e += v * bs[j]
		}
		f.eta[i] = e
	}
}

// logLik computes μ, the working vectors and the weighted log-likelihood
// from eta. With a = |η| and z = e^{−a}, each row contributes
//
//	−w·[ln(1+z) + a·[y ≠ sign]]
//
// (the linear term only when the label disagrees with the sign of η),
// which stays finite for any η. For unit weights the ln(1+z) terms are
// summed as the logarithm of a product over runs of 32 rows (each factor
// is in (1, 2], so the product stays below 2³²): one logarithm per 32
// rows, with a relative error of the product below 32·2⁻⁵³.
func (f *fitter) logLik() float64 {
	var lin, logs float64
	prod, k := 1.0, 0
	for i, e := range f.eta {
		wi := f.w[i]
		a := math.Abs(e)
		z := math.Exp(-a)
		var m float64
		if e >= 0 {
			m = 1 / (1 + z)
		} else {
			m = z / (1 + z)
		}
		yi := f.y[i]
		if wi == 1 {
			prod *= 1 + z
			if k++; k == 32 {
				logs += math.Log(prod)
				prod, k = 1, 0
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
		f.mu[i] = m
		f.r[i] = wi * (yi - m)
		f.v[i] = wi * m * (1 - m)
	}
	logs += math.Log(prod)
	return -(lin + logs)
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

// gradInfo fills the penalised score vector and information matrix at b,
// using μ from the last logLik call. Row blocks of X are copied to
// column-major scratch so that X'WX accumulates with unit-stride dot
// products on cached data.
func (f *fitter) gradInfo(b, grad []float64, info *mat.SymDense) {
	n, k, p, kp := f.n, f.k, f.k-1, f.kp
	h := f.h
	clear(h)
	clear(grad)
	for s := 0; s < n; s += block {
		e := min(s+block, n)
		m := e - s
		v, r := f.v[s:e], f.r[s:e]
		for i := range m {
			row := f.x[(s+i)*f.stride : (s+i)*f.stride+p]
			vi := v[i]
			f.u[i] = vi
			for j, xv := range row {
				f.a[(j+1)*ld+i] = xv
				f.u[(j+1)*ld+i] = vi * xv
			}
		}
		for j := range k {
			grad[j] += floats.Dot(f.a[j*ld:j*ld+m], r)
		}
		for j := range k {
			uj := f.u[j*ld : j*ld+m]
			for l := j; l < k; l++ {
				h[j*kp+l] += floats.Dot(uj, f.a[l*ld:l*ld+m])
			}
		}
	}
	for j := range k {
		d := h[j*kp+j]
		if j > 0 {
			d += f.l2
			grad[j] -= f.l2 * b[j]
		}
		info.SetSym(j, j, d)
		for l := j + 1; l < k; l++ {
			info.SetSym(j, l, h[j*kp+l])
		}
	}
}

// saturated counts rows with positive weight whose fitted probability is
// within 1e-10 of 0 or 1.
func (f *fitter) saturated() int {
	c := 0
	for i, m := range f.mu {
		if f.w[i] > 0 && (m < 1e-10 || m > 1-1e-10) {
			c++
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
