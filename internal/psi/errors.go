package psi

import (
	"errors"
	"fmt"
)

// Sentinel errors. An [*InputError] unwraps to exactly one of them.
var (
	// ErrNoBins reports that there are no bins at all.
	ErrNoBins = errors.New("psi: no bins")
	// ErrLength reports slices whose lengths must match but do not.
	ErrLength = errors.New("psi: lengths differ")
	// ErrCount reports a count that is negative, NaN or infinite.
	ErrCount = errors.New("psi: count must be finite and non-negative")
	// ErrZeroTotal reports a sample whose counts sum to zero.
	ErrZeroTotal = errors.New("psi: sample total is zero")
	// ErrEmptyBin reports a bin that is empty in one sample only while the
	// policy is [Error].
	ErrEmptyBin = errors.New("psi: bin empty in one sample")
	// ErrRange reports counts whose shares underflow float64, so that the
	// index cannot be represented, or whose sum overflows it.
	ErrRange = errors.New("psi: counts out of representable range")
	// ErrOptions reports an invalid [Options] field.
	ErrOptions = errors.New("psi: invalid options")
)

// InputError locates a bad input: the sample ("expected", "actual", "dst"
// or an option name), the bin index (-1 when the error concerns the whole
// slice) and the offending value. It unwraps to a sentinel such as
// [ErrCount].
type InputError struct {
	Sample string  // "expected", "actual", "dst", "Add" or "Floor"
	Index  int     // bin index, or -1 when not about one bin
	Value  float64 // offending value (count, length or option value)
	Err    error   // sentinel
}

// Error implements error.
func (e *InputError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("%v: %s (%g)", e.Err, e.Sample, e.Value)
	}
	return fmt.Sprintf("%v: %s[%d] = %g", e.Err, e.Sample, e.Index, e.Value)
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }
