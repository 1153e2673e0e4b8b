package scorecard

import (
	"errors"
	"fmt"
	"math"

	"github.com/smecredit/smecredit/internal/logit"
	"gonum.org/v1/gonum/mat"
)

// LogisticOptions configures Logistic. The zero value means: no penalty,
// at most 100 Newton iterations, tolerance 1e-7 on the relative step, unit
// weights.
type LogisticOptions struct {
	// L2 is the ridge penalty λ ≥ 0 on the slopes (never the intercept):
	// Logistic maximises LogLik − λ/2·Σ_{j≥1} b_j². Zero means none.
	L2 float64
	// MaxIter is the Newton iteration limit in [0, MaxIterations]; zero
	// means 100.
	MaxIter int
	// Tol is the convergence tolerance on max_j |Δb_j|/(1+|b_j|), ≥ 0;
	// zero means 1e-7. The coefficients are then accurate to about Tol²
	// (relative; about 1e-3·Tol for fits of 20,000 rows or more that end
	// on a chord step); the standard errors are those of the information
	// at the returned coefficients.
	Tol float64
	// Weights, when not nil, has one finite weight ≥ 0 per row (frequency
	// weights; rows of weight 0 are ignored).
	Weights []float64
}

// LogisticResult is a fitted logistic regression. Coef has p+1 entries,
// the intercept first, each with its standard error, Wald z and two-sided
// p-value. The zero value is not a fit.
type LogisticResult struct {
	Coef []Coef
	// Cov is the (p+1)×(p+1) covariance of the estimates, the inverse of
	// the observed information X'WX (+ λ on the slopes) at the estimate.
	Cov *mat.SymDense
	// Fit holds the log-likelihood, the intercept-only log-likelihood,
	// AIC = −2·LogLik + 2·(p+1), BIC = −2·LogLik + ln(N)·(p+1), the rows
	// N with positive weight and the Newton iterations.
	Fit FitStats
}

// Logistic fits the logistic regression P(y=1) = 1/(1+e^{−(b_0 + x·b)})
// by maximum likelihood (iteratively reweighted least squares, Newton's
// method with step halving) on a plain n×p design matrix x, without an
// intercept column (the intercept is always fitted). y has n labels 0 or
// 1. It is the model of Fit without the WoE transform: use it for any
// design (dummies, raw ratios) and compare with R glm(family = binomial)
// or statsmodels Logit, whose estimates, standard errors (from the
// observed information), z, p-values, log-likelihood and AIC it
// reproduces. Inputs are not modified.
//
// Errors: *InputError wrapping ErrInvalidInput (a nil matrix, lengths,
// labels, non-finite values, values so large the fit overflows, fewer
// than p+1 rows) or ErrSingleClass; *SpecError (ErrOptions) for bad
// options; an error wrapping ErrModel when the estimate does not exist or
// cannot be found (complete or quasi-complete separation, collinear
// columns, no convergence within MaxIter).
//
// Cost: O(n·(p+1)²) per Newton iteration (typically 5–8) plus O((p+1)³),
// and one more O(n·(p+1)²) pass for the covariance at the estimate. From
// 20,000 rows on the fit starts from the estimate on every 25th row and
// replaces most Newton steps after the second by O(n·(p+1)) chord steps
// (internal/logit's Fit, "Large fits").
//
// References:
//   - McCullagh, P. and Nelder, J. A. (1989). Generalized Linear Models,
//     2nd ed., Chapman & Hall, §2.5 (IRLS) and §4.4 (binary data).
//   - Hosmer, D. W., Lemeshow, S. and Sturdivant, R. X. (2013). Applied
//     Logistic Regression, 3rd ed., Wiley, §1.3–1.4 (Wald test, likelihood).
//   - Albert, A. and Anderson, J. A. (1984). On the existence of maximum
//     likelihood estimates in logistic regression models. Biometrika
//     71(1), 1–10 (separation).
func Logistic(x mat.Matrix, y []float64, opts LogisticOptions) (*LogisticResult, error) {
	n, p, err := dims(x)
	if err != nil {
		return nil, err
	}
	var errs []error
	if !(opts.L2 >= 0) || math.IsInf(opts.L2, 0) {
		errs = append(errs, optErr("l2", "must be finite and ≥ 0"))
	}
	if opts.MaxIter < 0 || opts.MaxIter > MaxIterations {
		errs = append(errs, optErr("maxIter", "must be in [0, MaxIterations = 10000]"))
	}
	if !(opts.Tol >= 0) || math.IsInf(opts.Tol, 0) {
		errs = append(errs, optErr("tol", "must be finite and ≥ 0"))
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	if n == 0 {
		return nil, inputErr("x", fmt.Sprintf("%d×%d matrix", n, p), "needs at least one row", ErrInvalidInput)
	}
	res, err := logit.Fit(x, y, opts.Weights, logit.Options{L2: opts.L2, MaxIter: opts.MaxIter, Tol: opts.Tol})
	if err != nil {
		var ie *logit.InputError
		if errors.As(err, &ie) {
			if errors.Is(ie, logit.ErrSingleClass) {
				return nil, inputErr(ie.Field, ie.Value, "needs both labels among rows with positive weight", ErrSingleClass)
			}
			return nil, fromLogit(ie)
		}
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	out := &LogisticResult{Coef: make([]Coef, p+1), Cov: res.Cov,
		Fit: FitStats{res.LogLik, res.NullLogLik, res.AIC, res.BIC, res.N, res.Iter}}
	for j := range out.Coef {
		out.Coef[j] = Coef{res.Coef[j], res.SE[j], res.Z[j], res.P[j]}
	}
	return out, nil
}
