package logit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// InputError locates a bad input value, in the shape used across
// smecredit. The zero value is not an error.
type InputError struct {
	Field string // "x[3,1]", "y[7]", "w", or an option name ("l2", "maxIter", "tol")
	Value string // the offending value as text, or "" when there is none
	Err   error  // ErrInput or ErrSingleClass, wrapped with the rule that was broken
}

// Error formats the InputError as "logit: <field> = <value>: <rule>".
func (e *InputError) Error() string {
	s := "logit: " + e.Field
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + strings.TrimPrefix(e.Err.Error(), "logit: ")
}

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(field, value, rule string, sentinel error) error {
	return &InputError{Field: field, Value: value, Err: fmt.Errorf("%w: %s", sentinel, rule)}
}

func idx(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

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
