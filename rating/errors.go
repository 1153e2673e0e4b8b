package rating

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Sentinel errors. Typed errors of this package unwrap to one of them, so
// callers branch with [errors.Is] and read details with [errors.As].
var (
	// ErrInvalidSpec reports a model or master-scale spec that does not
	// parse or compile. Every [*SpecError] matches it.
	ErrInvalidSpec = errors.New("rating: invalid spec")
	// ErrLimit reports a document, spec or input larger than a documented
	// bound ([MaxDocumentBytes], [MaxIndicators], [MaxGrades], …).
	ErrLimit = errors.New("rating: size limit exceeded")
	// ErrWeightSum reports weights that do not sum to 1 within tolerance.
	// [ErrInvalidWeight] also matches it (see there).
	ErrWeightSum = errors.New("rating: weights do not sum to 1")
	// ErrInvalidWeight reports one weight of a model spec that is invalid
	// on its own: an indicator or dimension weight that is negative, NaN
	// or ±Inf, or a zero dimension weight among positive ones. The
	// [*SpecError] names the weight ("indicators[2].weight") and its
	// indicator or dimension ID. Compatibility: these defects were once
	// reported as ErrWeightSum, so ErrInvalidWeight unwraps to it and
	// errors.Is(err, ErrWeightSum) still holds for them; test
	// ErrInvalidWeight first to tell a bad weight from a bad sum.
	ErrInvalidWeight error = &subSentinel{msg: "rating: invalid weight", parent: ErrWeightSum}
	// ErrRenormalized is the warning that weights summing to 1 only within
	// the rounding of their printed digits were rescaled to sum 1
	// ([*RenormalizedWarning]); the result is still returned.
	ErrRenormalized = errors.New("rating: weights renormalised to sum 1")
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
	// positive, finite, unit-diagonal and reciprocal, or pairwise
	// judgements that do not make one.
	ErrPairwise = errors.New("rating: invalid pairwise comparison matrix")
	// ErrInconsistent is the warning that an AHP consistency ratio is at or
	// above the acceptance threshold ([*InconsistencyWarning]); the weights
	// are still returned.
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

// subSentinel is a sentinel that also matches a broader one it unwraps to.
type subSentinel struct {
	msg    string
	parent error
}

func (e *subSentinel) Error() string { return e.msg }
func (e *subSentinel) Unwrap() error { return e.parent }

// SpecError is one defect of a model or master-scale spec. Path locates it
// in JSON terms: "$" for the document as a whole, otherwise member names and
// indices from the root, such as "indicators[3].scoring.best". Err is the
// specific sentinel ([ErrWeightSum], [ErrInvalidWeight], [ErrLimit], or [ErrInvalidSpec] itself
// when nothing is more specific) and Msg the detail (may be empty). The
// error matches both Err and [ErrInvalidSpec] with [errors.Is]. Loaders and
// compilers join every SpecError of a spec with [errors.Join], at most
// [MaxErrors] of them plus one that says how many more there were.
type SpecError struct {
	Path string // "$" or a JSON path such as "grades[2].minScore"
	Err  error  // specific sentinel, never nil
	Msg  string // detail, may be empty
}

// Error returns "rating: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	err := e.Err
	if err == nil {
		err = ErrInvalidSpec
	}
	s := "rating: " + e.Path + ": " + trimPkg(err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns Err.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec], so that every SpecError
// matches it besides its specific Err.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// InputError is a bad per-call input. Field names the argument, field or
// element at fault ("values[3]", "data[2][5]", "weights", "override.to",
// "subjective[1]"); Value is the offending value as text (user text cut
// to 64 bytes; empty when there is none, such as a missing value);
// Err is the sentinel ([ErrInvalidInput], [ErrShape], [ErrMissingValue],
// [ErrUnknownIndicator], [ErrUnknownCategory], [ErrPairwise],
// [ErrWeightSum], [ErrLimit], [ErrUnknownGrade], [ErrOverrideReason],
// [ErrOverrideLimit], [ErrNoRandomIndex], [ErrCalibration]).
type InputError struct {
	Field string // argument, field or element, e.g. "values[3]"
	Value string // offending value as text, or ""
	Err   error  // sentinel
}

// maxValueText bounds InputError.Value.
const maxValueText = 64

// Error returns "rating: <field> = <value>: <sentinel text>", without
// " = <value>" when Value is empty.
func (e *InputError) Error() string {
	s := "rating: " + e.Field
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + trimPkg(e.Err)
}

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

// InconsistencyWarning is returned together with AHP weights when the
// consistency ratio CR is at or above Threshold: the weights are computed
// but the judgements contradict each other. Table and RI record the random
// index used. It unwraps to [ErrInconsistent].
type InconsistencyWarning struct {
	N         int              // matrix size
	CR        float64          // consistency ratio
	Threshold float64          // acceptance threshold, 0.10 by default
	Table     RandomIndexTable // random-index table used
	RI        float64          // random index for N from Table
}

// Error implements error.
func (e *InconsistencyWarning) Error() string {
	return "rating: pairwise comparisons are inconsistent: CR " + strconv.FormatFloat(e.CR, 'f', 4, 64) +
		" >= " + strconv.FormatFloat(e.Threshold, 'f', 2, 64) + " (n=" + strconv.Itoa(e.N) +
		", RI " + e.Table.String() + " " + strconv.FormatFloat(e.RI, 'f', 4, 64) + ")"
}

// Unwrap returns ErrInconsistent.
func (e *InconsistencyWarning) Unwrap() error { return ErrInconsistent }

// RenormalizedWarning is returned together with weights when an input
// weight vector summed to Sum, within [RoundingTolerance] of 1 but not
// within [WeightTolerance], and was divided by Sum before use. Field names
// the vector ("subjective", "objective"). It unwraps to [ErrRenormalized].
type RenormalizedWarning struct {
	Field string  // which weight vector
	Sum   float64 // its sum before rescaling
}

// Error implements error.
func (e *RenormalizedWarning) Error() string {
	return "rating: " + e.Field + ": weights summed to " + strconv.FormatFloat(e.Sum, 'g', -1, 64) +
		"; renormalised to sum 1"
}

// Unwrap returns ErrRenormalized.
func (e *RenormalizedWarning) Unwrap() error { return ErrRenormalized }

// MaxErrors bounds the number of problems a loader or compiler reports; one
// more [*SpecError] at "$" says how many were left out.
const MaxErrors = 100

// trimPkg returns an error's message without the "rating: " prefix.
func trimPkg(err error) string {
	if err == nil {
		return "<nil>"
	}
	return strings.TrimPrefix(err.Error(), "rating: ")
}

// fv formats a float for InputError.Value.
func fv(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// text bounds a string for InputError.Value.
func text(s string) string {
	if len(s) > maxValueText {
		return s[:maxValueText] + "…"
	}
	return s
}

// at is name[i].
func at(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// cellAt is name[i][j].
func cellAt(name string, i, j int) string { return at(at(name, i), j) }

// badValue is an InputError for a bad float.
func badValue(field string, v float64, err error) *InputError {
	return &InputError{Field: field, Value: fv(v), Err: err}
}

// shapeErr is an InputError for a length got where want was required.
func shapeErr(field string, got, want int) *InputError {
	return &InputError{Field: field, Value: "length " + strconv.Itoa(got) + ", want " + strconv.Itoa(want), Err: ErrShape}
}

// limitErr is an InputError for a size n above a bound.
func limitErr(field string, n, bound int) *InputError {
	return &InputError{Field: field, Value: strconv.Itoa(n) + ", limit " + strconv.Itoa(bound), Err: ErrLimit}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
