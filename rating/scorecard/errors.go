package scorecard

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Sentinel errors. Every error of this package matches one of them with
// errors.Is.
var (
	// ErrInvalidInput reports bad input data: mismatched lengths, labels
	// other than 0/1, NaN without NaNMissing, ±Inf, a nil or zero table or
	// matrix.
	ErrInvalidInput = errors.New("scorecard: invalid input")
	// ErrInvalidSpec reports an invalid scorecard document or table spec;
	// every *SpecError matches it.
	ErrInvalidSpec = errors.New("scorecard: invalid spec")
	// ErrMissing reports a required member omitted from a scorecard
	// document; it comes in a *SpecError whose Path names the member (and
	// which also matches ErrInvalidSpec).
	ErrMissing = errors.New("scorecard: required member missing")
	// ErrOptions reports an invalid option value (negative share, unknown
	// enum, unsorted cut points); it comes in a *SpecError whose Path is
	// the option's JSON name.
	ErrOptions = errors.New("scorecard: invalid options")
	// ErrLimit reports a size above one of the documented bounds
	// (MaxDocumentBytes, MaxVariables, MaxTableBins, MaxSpecials,
	// MaxCategories, MaxBinCount).
	ErrLimit = errors.New("scorecard: size limit exceeded")
	// ErrSingleClass reports data holding only events or only non-events.
	ErrSingleClass = errors.New("scorecard: only one class present")
	// ErrSingleValue reports a variable with fewer than two distinct
	// regular values, which cannot be split.
	ErrSingleValue = errors.New("scorecard: variable has one distinct value")
	// ErrZeroCount reports a bin with zero events or zero non-events under
	// ZeroError, where WoE is undefined.
	ErrZeroCount = errors.New("scorecard: bin with zero events or non-events")
	// ErrConstraint reports binning constraints that no partition into two
	// or more bins meets (for example MinEvents above the number of
	// events, or a variable that separates the classes perfectly, so that
	// every split leaves a bin without events or without non-events).
	ErrConstraint = errors.New("scorecard: binning constraints cannot be met")
	// ErrWrongSign is the sentinel of *SignWarning: a fitted coefficient
	// has the sign opposite to the WoE convention (a warning; the model is
	// returned with it).
	ErrWrongSign = errors.New("scorecard: coefficient with unexpected sign")
	// ErrModel reports a failed logistic fit; the error wraps the fitter's
	// message (separation, singular information matrix, non-convergence)
	// or a scaling whose points overflow float64.
	ErrModel = errors.New("scorecard: logistic regression failed")
)

// maxErrors caps the problems a loader reports; one more error says how
// many were left out.
const maxErrors = 100

// InputError locates a bad input value. The zero value is not an error.
type InputError struct {
	// Field names the argument, column or element at fault: "y[17]",
	// "age[3]" (a variable's name with the row), "values[1]",
	// "records[4].values[0]", "x[:,2]".
	Field string
	// Value is the offending value as text, at most 64 bytes (cut with
	// "…"); empty when there is no single value.
	Value string
	// Err is the sentinel, possibly wrapped with the rule that was broken
	// ("scorecard: invalid input: must be finite"); errors.Is matches the
	// sentinel.
	Err error
}

// Error formats the InputError as "scorecard: <field> = <value>: <rule>".
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("scorecard: ")
	b.WriteString(e.Field)
	if e.Value != "" {
		b.WriteString(" = ")
		b.WriteString(e.Value)
	}
	b.WriteString(": ")
	b.WriteString(stripPrefix(e.Err))
	return b.String()
}

// Unwrap returns Err.
func (e *InputError) Unwrap() error { return e.Err }

// SpecError locates one problem of a scorecard document, a table spec or
// an options value. The zero value is not an error.
type SpecError struct {
	// Path is "$" for the document as a whole, otherwise JSON member
	// names and indices from the root: "variables[2].table.counts[0].events",
	// "scaling.pdo", "maxBins".
	Path string
	// Err is the specific sentinel: ErrInvalidSpec, ErrOptions or ErrLimit.
	Err error
	// Msg is the detail, possibly empty.
	Msg string
}

// Error formats the SpecError as "scorecard: <path>: <err>[: <msg>]".
func (e *SpecError) Error() string {
	s := "scorecard: " + e.Path + ": " + stripPrefix(e.Err)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns Err.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidSpec, so that every SpecError
// matches it besides its own Err.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

func stripPrefix(err error) string {
	if err == nil {
		return "error"
	}
	return strings.TrimPrefix(err.Error(), "scorecard: ")
}

// inputErr builds an *InputError; rule, when not empty, is wrapped into
// Err after the sentinel.
func inputErr(field, value, rule string, sentinel error) error {
	err := sentinel
	if rule != "" {
		err = fmt.Errorf("%w: %s", sentinel, rule)
	}
	return &InputError{Field: field, Value: cut(value), Err: err}
}

// idx formats "name[i]".
func idx(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// ftoa formats a float for an error message.
func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func cut(s string) string {
	if len(s) <= 64 {
		return s
	}
	n := 61
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func optErr(path, msg string) error { return &SpecError{Path: path, Err: ErrOptions, Msg: msg} }

func specErr(path, msg string) error { return &SpecError{Path: path, Err: ErrInvalidSpec, Msg: msg} }

// joinErrs joins up to maxErrors errors, adding one that counts the rest.
func joinErrs(errs []error) error {
	switch {
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errs[0]
	case len(errs) > maxErrors:
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("%w: %d more problems not listed", ErrInvalidSpec, more))
	}
	return errors.Join(errs...)
}
