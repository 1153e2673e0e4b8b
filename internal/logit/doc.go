// Package logit fits binary logistic regression by iteratively reweighted
// least squares (IRLS, Newton–Raphson on the log-likelihood), for the
// statistical scorecard (rating/scorecard) and for calibrating expert scores
// to PD (rating).
//
// # Model
//
//	P(y_i = 1 | x_i) = 1 / (1 + exp(-(b_0 + x_i·b)))
//
// x is an n×p design matrix without an intercept column; the intercept b_0 is
// always fitted and comes first in every output slice (length p+1).
//
// # Errors
//
// Bad input (shapes, non-finite values, labels other than 0/1, negative
// weights, a single class) is reported as *InputError unwrapping to
// ErrInput or ErrSingleClass. Numerical failures are *ConvergenceError
// (ErrNotConverged), *SeparationError (ErrSeparation) and *SingularError
// (ErrSingular). No function returns NaN or ±Inf.
//
// # Cost
//
// Each Newton step costs one pass over the rows, O(n·(p+1)²) for the
// information matrix, accumulated in cache-sized row blocks, plus
// O((p+1)³) for its Cholesky factorisation; a chord step of a large fit
// (see Fit) costs one O(n·(p+1)) pass. The log-likelihood, score and
// information at a point come from the same pass. Memory is O(n) beyond x,
// which is read in place when it is a mat.RawMatrixer.
//
// From 20,000 rows on, on amd64 processors with AVX2 and FMA (detected at
// start-up), the passes run assembly kernels (kernels_amd64.s): X'WX as a
// register-tiled
// product of row blocks, X·b, the score and, for unit weights, e^{−|η|}
// and the log-likelihood terms four rows an instruction. Fused
// multiply-adds and another order of the sums change the last bits: the
// results agree with the Go kernels (smaller fits, other architectures,
// or the purego build tag) to rounding, about 1e-15 relative. Smaller fits
// give the same bits on every machine.
package logit
