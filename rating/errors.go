package rating

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Typed errors of this package unwrap to one of them, so
// callers branch with [errors.Is] and read details with [errors.As].
var (
	// ErrInvalidSpec reports a model or scale spec that does not compile.
	ErrInvalidSpec = errors.New("rating: invalid spec")
	// ErrWeightSum reports weights that do not sum to 1 within tolerance.
	ErrWeightSum = errors.New("rating: weights do not sum to 1")
	// ErrInvalidInput reports a NaN, ±Inf or out-of-domain input value.
	ErrInvalidInput = errors.New("rating: invalid input value")
	// ErrMissingValue reports a missing value for an indicator whose
	// missing policy is MissingError.
	ErrMissingValue = errors.New("rating: missing indicator value")
	// ErrUnknownIndicator reports an indicator ID the model does not have.
	ErrUnknownIndicator = errors.New("rating: unknown indicator")
	// ErrUnknownCategory reports a categorical value the indicator does not map.
	ErrUnknownCategory = errors.New("rating: unknown category")
	// ErrShape reports inputs whose lengths or dimensions do not match.
	ErrShape = errors.New("rating: shape mismatch")
	// ErrPairwise reports a pairwise comparison matrix that is not square,
	// positive, finite, unit-diagonal and reciprocal.
	ErrPairwise = errors.New("rating: invalid pairwise comparison matrix")
	// ErrInconsistent is the warning that an AHP consistency ratio is at or
	// above the acceptance threshold; the weights are still returned.
	ErrInconsistent = errors.New("rating: pairwise comparisons are inconsistent")
	// ErrNoRandomIndex reports a matrix size outside a random-index table.
	ErrNoRandomIndex = errors.New("rating: random index not tabulated for this size")
	// ErrNoInformation reports data from which no weight or ranking can be
	// derived: every column is constant or zero, or all alternatives tie.
	ErrNoInformation = errors.New("rating: data carry no information")
	// ErrUnknownGrade reports a grade that is not on the master scale.
	ErrUnknownGrade = errors.New("rating: grade not on master scale")
	// ErrOverrideReason reports an override without a reason.
	ErrOverrideReason = errors.New("rating: override needs a reason")
	// ErrOverrideLimit reports an override that moves more notches than allowed.
	ErrOverrideLimit = errors.New("rating: override exceeds notch limit")
	// ErrCalibration reports a PD calibration that cannot be fitted or used.
	ErrCalibration = errors.New("rating: calibration failed")
)

// SpecError is one problem in a model or scale spec. Path locates the field
// in JSON terms, e.g. "indicators[3].scoring.linear.best". Err is the
// specific sentinel (for example [ErrWeightSum]); the error also matches
// [ErrInvalidSpec]. Compile joins all SpecErrors of a spec with [errors.Join].
type SpecError struct {
	Path string // field path in the spec
	Msg  string // what is wrong, in words
	Err  error  // specific sentinel, or nil for a plain ErrInvalidSpec
}

// Error implements error.
func (e *SpecError) Error() string { return "rating: spec " + e.Path + ": " + e.Msg }

// Unwrap returns ErrInvalidSpec and, when set, the specific sentinel Err.
func (e *SpecError) Unwrap() []error {
	if e.Err == nil || e.Err == ErrInvalidSpec {
		return []error{ErrInvalidSpec}
	}
	return []error{ErrInvalidSpec, e.Err}
}

// InputError is a bad per-call input value. Index is the position in the
// input vector (-1 when the value was looked up by ID), ID the indicator, and
// Value the offending value (NaN when none). Err is one of ErrInvalidInput,
// ErrMissingValue, ErrUnknownIndicator, ErrUnknownCategory.
type InputError struct {
	Index int         // position in the input vector, or −1
	ID    IndicatorID // indicator (or input name), if known
	Value float64     // offending value, NaN when absent
	Err   error       // sentinel
}

// Error implements error.
func (e *InputError) Error() string {
	s := "rating: input"
	if e.Index >= 0 {
		s += "[" + strconv.Itoa(e.Index) + "]"
	}
	if e.ID != "" {
		s += " " + strconv.Quote(string(e.ID))
	}
	return s + ": " + trimPkg(e.Err) + " (value " + strconv.FormatFloat(e.Value, 'g', -1, 64) + ")"
}

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

// ShapeError reports inputs of mismatched size: Name says which input, Want
// the required length or dimension and Got the one given. It unwraps to
// [ErrShape].
type ShapeError struct {
	Name      string // which input
	Want, Got int    // required and given length
}

// Error implements error.
func (e *ShapeError) Error() string {
	return fmt.Sprintf("rating: %s: want length %d, got %d", e.Name, e.Want, e.Got)
}

// Unwrap returns ErrShape.
func (e *ShapeError) Unwrap() error { return ErrShape }

// CellError is a bad cell of an input matrix: Matrix names it ("pairwise",
// "data", "membership"), Row and Col are 0-based, Value is the cell value.
// Err is the sentinel (ErrPairwise or ErrInvalidInput).
type CellError struct {
	Matrix   string  // which matrix
	Row, Col int     // 0-based cell position
	Value    float64 // cell value
	Msg      string  // what is wrong
	Err      error   // sentinel
}

// Error implements error.
func (e *CellError) Error() string {
	return fmt.Sprintf("rating: %s[%d][%d] = %g: %s", e.Matrix, e.Row, e.Col, e.Value, e.Msg)
}

// Unwrap returns Err.
func (e *CellError) Unwrap() error { return e.Err }

// InconsistencyError is the warning returned together with AHP weights when
// the consistency ratio CR is at or above Threshold. Table and RI record the
// random index used. It unwraps to [ErrInconsistent].
type InconsistencyError struct {
	N         int              // matrix size
	CR        float64          // consistency ratio
	Threshold float64          // acceptance threshold, 0.10 by default
	Table     RandomIndexTable // random-index table used
	RI        float64          // random index for N from Table
}

// Error implements error.
func (e *InconsistencyError) Error() string {
	return fmt.Sprintf("rating: pairwise comparisons are inconsistent: CR %.4f >= %.2f (n=%d, RI %s %.4f)",
		e.CR, e.Threshold, e.N, e.Table, e.RI)
}

// Unwrap returns ErrInconsistent.
func (e *InconsistencyError) Unwrap() error { return ErrInconsistent }

// OverrideError reports an override that moves a grade by more notches than
// the master scale allows. It unwraps to [ErrOverrideLimit].
type OverrideError struct {
	From, To Grade // model grade and requested grade
	Notches  int   // |To − From| in grade positions
	Limit    int   // maximum allowed
}

// Error implements error.
func (e *OverrideError) Error() string {
	return fmt.Sprintf("rating: override from %s to %s moves %d notches, limit %d", e.From, e.To, e.Notches, e.Limit)
}

// Unwrap returns ErrOverrideLimit.
func (e *OverrideError) Unwrap() error { return ErrOverrideLimit }

// trimPkg returns a sentinel's message without the "rating: " prefix.
func trimPkg(err error) string {
	s := err.Error()
	if len(s) > 8 && s[:8] == "rating: " {
		return s[8:]
	}
	return s
}
