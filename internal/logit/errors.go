package logit

import (
	"errors"
	"fmt"
)

// Sentinel errors. Typed errors in this package unwrap to one of them.
var (
	// ErrInput reports input that cannot be fitted: mismatched lengths,
	// non-finite values, labels other than 0 and 1, negative weights or
	// invalid options. Details are in *InputError.
	ErrInput = errors.New("logit: invalid input")
	// ErrSingleClass reports that every row with positive weight has the
	// same label, so the maximum-likelihood estimate does not exist.
	ErrSingleClass = errors.New("logit: only one class present")
	// ErrNotConverged reports that IRLS did not meet the tolerance within
	// the iteration limit. Details are in *ConvergenceError.
	ErrNotConverged = errors.New("logit: IRLS did not converge")
	// ErrSeparation reports complete or quasi-complete separation: some
	// fitted probabilities reach 0 or 1 and the coefficients diverge, so
	// the maximum-likelihood estimate does not exist. Details are in
	// *SeparationError.
	ErrSeparation = errors.New("logit: perfect separation, estimates diverge")
	// ErrSingular reports that the information matrix X'WX is not positive
	// definite, usually because columns of x are collinear or constant.
	// Details are in *SingularError.
	ErrSingular = errors.New("logit: information matrix is singular (collinear columns?)")
)

// InputError locates a bad input value. Index is the row (for y, w, x) or
// -1 when the fault is not tied to a row; Col is the column of x or -1.
type InputError struct {
	Field string  // "x", "y", "w" or an Options field name
	Index int     // row index, or -1
	Col   int     // column index of x, or -1
	Value float64 // offending value, when there is one
	Rule  string  // what was violated, e.g. "must be 0 or 1"
	Err   error   // ErrInput or ErrSingleClass
}

// Error formats the InputError with its location and sentinel.
func (e *InputError) Error() string {
	loc := e.Field
	if e.Index >= 0 {
		loc += fmt.Sprintf("[%d]", e.Index)
	}
	if e.Col >= 0 {
		loc += fmt.Sprintf("[%d]", e.Col)
	}
	return fmt.Sprintf("%v: %s: %s (value %v)", e.Err, loc, e.Rule, e.Value)
}

// Unwrap returns ErrInput or ErrSingleClass.
func (e *InputError) Unwrap() error { return e.Err }

// ConvergenceError reports that IRLS stopped at the iteration limit. Step
// is the last relative step max_j |Δb_j|/(1+|b_j|).
type ConvergenceError struct {
	Iter   int
	Step   float64
	LogLik float64
}

// Error formats the ConvergenceError with its location and sentinel.
func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("%v after %d iterations (last relative step %.3g, log-likelihood %.6f)",
		ErrNotConverged, e.Iter, e.Step, e.LogLik)
}

// Unwrap returns ErrNotConverged.
func (e *ConvergenceError) Unwrap() error { return ErrNotConverged }

// SeparationError reports separation: Rows observations (with positive
// weight) have fitted probabilities within 1e-10 of their label at the last
// iterate.
type SeparationError struct {
	Iter int
	Rows int
}

// Error formats the SeparationError with its location and sentinel.
func (e *SeparationError) Error() string {
	return fmt.Sprintf("%v: %d rows fitted with probability 0 or 1 after %d iterations", ErrSeparation, e.Rows, e.Iter)
}

// Unwrap returns ErrSeparation.
func (e *SeparationError) Unwrap() error { return ErrSeparation }

// SingularError reports a Cholesky failure of the information matrix at
// iteration Iter. Col is the first column (0 = intercept) whose pivot was
// not positive, or -1 when unknown.
type SingularError struct {
	Iter int
	Col  int
}

// Error formats the SingularError with its location and sentinel.
func (e *SingularError) Error() string {
	if e.Col >= 0 {
		return fmt.Sprintf("%v at iteration %d (coefficient %d)", ErrSingular, e.Iter, e.Col)
	}
	return fmt.Sprintf("%v at iteration %d", ErrSingular, e.Iter)
}

// Unwrap returns ErrSingular.
func (e *SingularError) Unwrap() error { return ErrSingular }
