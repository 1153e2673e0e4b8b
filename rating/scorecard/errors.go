package scorecard

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every typed error of this package unwraps to one of them.
var (
	// ErrInput reports bad input data: mismatched lengths, labels other
	// than 0/1, NaN without NaNMissing, ±Inf, negative counts.
	ErrInput = errors.New("scorecard: invalid input")
	// ErrOptions reports an invalid option value (negative share, unknown
	// enum, unsorted cut points).
	ErrOptions = errors.New("scorecard: invalid options")
	// ErrSingleClass reports data holding only events or only non-events.
	ErrSingleClass = errors.New("scorecard: only one class present")
	// ErrSingleValue reports a variable with fewer than two distinct
	// regular values, which cannot be split.
	ErrSingleValue = errors.New("scorecard: variable has one distinct value")
	// ErrAllMissing reports a variable whose values are all missing or
	// special.
	ErrAllMissing = errors.New("scorecard: variable has no regular values")
	// ErrZeroCount reports a bin with zero events or zero non-events under
	// ZeroError, where WoE is undefined.
	ErrZeroCount = errors.New("scorecard: bin with zero events or non-events")
	// ErrConstraint reports binning constraints that no partition meets.
	ErrConstraint = errors.New("scorecard: binning constraints cannot be met")
	// ErrSpec reports an invalid saved model; each problem is a *SpecError.
	ErrSpec = errors.New("scorecard: invalid model spec")
	// ErrUnseen reports a categorical value that the table has not seen
	// and cannot place (no rare-category bin and no missing bin).
	ErrUnseen = errors.New("scorecard: unseen category")
	// ErrWrongSign is the sentinel of *SignWarning: a fitted coefficient
	// has the sign opposite to the WoE convention (a warning; the model is
	// returned with it).
	ErrWrongSign = errors.New("scorecard: coefficient with unexpected sign")
	// ErrModel reports a failed logistic fit; it wraps the internal error
	// (separation, singular information matrix, non-convergence).
	ErrModel = errors.New("scorecard: logistic regression failed")
)

// InputError locates a bad input value: Field names the argument or
// column, Index the row (or -1).
type InputError struct {
	Field string
	Index int
	Value any
	Rule  string
	Err   error // the sentinel: ErrInput, ErrSingleClass, ErrSingleValue, ErrAllMissing, ErrUnseen, ErrZeroCount
}

// Error formats the InputError with its location and sentinel.
func (e *InputError) Error() string {
	loc := e.Field
	if e.Index >= 0 {
		loc += fmt.Sprintf("[%d]", e.Index)
	}
	if e.Value != nil {
		return fmt.Sprintf("%v: %s: %s (value %v)", e.Err, loc, e.Rule, e.Value)
	}
	return fmt.Sprintf("%v: %s: %s", e.Err, loc, e.Rule)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// SpecError locates one problem in options or in a saved model by a path
// such as "variables[2].bins[0].events".
type SpecError struct {
	Path string
	Rule string
	Err  error // ErrSpec or ErrOptions
}

// Error formats the SpecError with its location and sentinel.
func (e *SpecError) Error() string { return fmt.Sprintf("%v: %s: %s", e.Err, e.Path, e.Rule) }

// Unwrap returns ErrSpec or ErrOptions.
func (e *SpecError) Unwrap() error { return e.Err }

// ModelError wraps a logistic-regression failure. Err is the error of the
// fit, which unwraps further to the fitter's sentinels (separation,
// singular matrix, non-convergence).
type ModelError struct {
	Err error
}

// Error formats the ModelError with its location and sentinel.
func (e *ModelError) Error() string { return fmt.Sprintf("%v: %v", ErrModel, e.Err) }

// Unwrap returns ErrModel and the fitter's error.
func (e *ModelError) Unwrap() []error { return []error{ErrModel, e.Err} }

func inputErr(field string, index int, value any, rule string, err error) error {
	return &InputError{Field: field, Index: index, Value: value, Rule: rule, Err: err}
}

func optErr(path, rule string) error { return &SpecError{Path: path, Rule: rule, Err: ErrOptions} }
