package validation

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them; use [errors.Is] for the category and [errors.As] with [*InputError]
// or [*WeakError] for the details.
var (
	// ErrEmpty reports an input with no observations, bins or grades.
	ErrEmpty = errors.New("validation: empty input")
	// ErrLength reports slices whose lengths must match but do not.
	ErrLength = errors.New("validation: lengths differ")
	// ErrNotFinite reports a NaN or infinite score or value.
	ErrNotFinite = errors.New("validation: value is NaN or infinite")
	// ErrSingleClass reports outcomes that are all defaults or all
	// non-defaults, for which discrimination is undefined.
	ErrSingleClass = errors.New("validation: outcomes hold a single class")
	// ErrProbability reports a PD outside [0, 1].
	ErrProbability = errors.New("validation: probability outside [0, 1]")
	// ErrCount reports a count that is negative, not finite, or (for
	// defaults) larger than the number of obligors.
	ErrCount = errors.New("validation: invalid count")
	// ErrDirection reports a score [Direction] that is not set.
	ErrDirection = errors.New("validation: score direction not set")
	// ErrEmptyBin reports a bin empty in one sample only under
	// [EmptyBinError].
	ErrEmptyBin = errors.New("validation: bin empty in one sample")
	// ErrOptions reports an invalid option value.
	ErrOptions = errors.New("validation: invalid option")
	// ErrState reports a rating state outside the declared state space.
	ErrState = errors.New("validation: rating state out of range")
	// ErrDate reports a rating date outside the observation window, or a
	// window that is empty.
	ErrDate = errors.New("validation: invalid date")
	// ErrWeak is the sentinel of [*WeakError]: the result is computed and
	// returned, but rests on too few defaults to be relied upon.
	ErrWeak = errors.New("validation: result is statistically weak")
)

// InputError locates bad input: the field (argument or option name), the
// index within it (-1 when the fault is not at one element) and the value.
// It unwraps to a sentinel such as [ErrNotFinite].
type InputError struct {
	Field string  // argument or option, e.g. "scores", "pd", "expected", "Groups"
	Index int     // element index, or -1
	Value float64 // offending value, or the length for ErrLength
	Err   error   // sentinel
}

// Error implements error.
func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("%v: %s (%g)", e.Err, e.Field, e.Value)
	}
	return fmt.Sprintf("%v: %s[%d] = %g", e.Err, e.Field, e.Index, e.Value)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// WeakError is the warning returned together with a valid result when the
// result rests on few defaults, as gonum's mat.Condition is returned with a
// solution. The result is usable; callers decide whether to rely on it.
// It unwraps to [ErrWeak].
type WeakError struct {
	Stat        string   // statistic concerned: "discrimination", "grade report", "Hosmer-Lemeshow"
	Items       []string // grades or groups below the minimum; empty when the whole sample is
	Defaults    int      // smallest default count found
	MinDefaults int      // minimum that was required
}

// Error implements error.
func (e *WeakError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %s with %d defaults (minimum %d)", ErrWeak, e.Stat, e.Defaults, e.MinDefaults)
	if len(e.Items) > 0 {
		fmt.Fprintf(&b, " in %s", strings.Join(e.Items, ", "))
	}
	return b.String()
}

// Unwrap returns [ErrWeak].
func (e *WeakError) Unwrap() error { return ErrWeak }

func inputErr(field string, i int, v float64, err error) error {
	return &InputError{Field: field, Index: i, Value: v, Err: err}
}
