package validation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them; use [errors.Is] for the category and [errors.As] with [*InputError]
// or [*FewDefaultsWarning] for the details.
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
	// ErrScoreOrder reports a [ScoreOrder] that is not set or unknown.
	ErrScoreOrder = errors.New("validation: score order not set")
	// ErrEmptyBin reports a bin empty in one sample only under
	// [EmptyBinError].
	ErrEmptyBin = errors.New("validation: bin empty in one sample")
	// ErrOptions reports an invalid option or enumeration value.
	ErrOptions = errors.New("validation: invalid option")
	// ErrState reports a rating state outside the declared state space.
	ErrState = errors.New("validation: rating state out of range")
	// ErrDate reports a rating date outside the observation window, or a
	// window that is empty.
	ErrDate = errors.New("validation: invalid date")
	// ErrLimit reports a size, count, horizon or date beyond the documented
	// bound of the function (see the package documentation's table of
	// bounds), refused before any work starts.
	ErrLimit = errors.New("validation: input exceeds a documented bound")
	// ErrFewDefaults is the sentinel of [*FewDefaultsWarning]: the result
	// is computed and returned, but rests on too few defaults to be relied
	// upon.
	ErrFewDefaults = errors.New("validation: too few defaults")
	// ErrOneBin is the sentinel of [*OneBinWarning]: a stability index was
	// computed, but over a single bin, where it is 0 whatever the samples.
	ErrOneBin = errors.New("validation: stability rests on one bin")
	// ErrClassSize reports a class (defaulters or non-defaulters) too small
	// for a variance: a standard error needs at least two of each.
	ErrClassSize = errors.New("validation: fewer than two observations in a class")
)

// Bounds on sizes, counts, horizons and dates, checked before work starts.
// Exceeding one gives an [*InputError] wrapping [ErrLimit]; the package
// documentation lists them in one table.
const (
	// MaxObservations bounds len(scores) in [Discriminate], [AUC], [ROC]
	// and [CAP], so that the Mann–Whitney sum stays exact in int64.
	MaxObservations = 1 << 31
	// MaxBins bounds the quantile bins of [PSISamples] and [QuantileCuts].
	MaxBins = 1000
	// MaxStates bounds the rating states of a [MigrationSpec] and the order
	// of the matrices of [MatrixPower] and [DefaultTermStructure] (the cost
	// grows with its cube).
	MaxStates = 64
	// MaxHorizon bounds the periods of [DefaultTermStructure] (100 years of
	// monthly periods).
	MaxHorizon = 1200
	// MaxCohorts bounds the cohorts of [Cohort] between Start and End (100
	// years of monthly cohorts).
	MaxCohorts = 1200
)

// InputError locates bad input. Field names the argument, option or element
// at fault ("scores[17]", "opts.Bins", "grades[2].PD", "len(defaults)"),
// Value is the offending value as text (empty when there is none to show;
// long text is cut), and Err is the sentinel, such as [ErrNotFinite].
type InputError struct {
	Field string // argument, option or element at fault
	Value string // offending value as text, or ""
	Err   error  // sentinel
}

// Error returns "validation: <field> = <value>: <reason>", without
// " = <value>" when Value is empty.
func (e *InputError) Error() string {
	reason := strings.TrimPrefix(fmt.Sprint(e.Err), "validation: ")
	if e.Value == "" {
		return "validation: " + e.Field + ": " + reason
	}
	return "validation: " + e.Field + " = " + e.Value + ": " + reason
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// FewDefaultsWarning is the warning returned together with a valid result
// when the result rests on few defaults, as gonum's mat.Condition is
// returned with a solution. The result is usable; callers decide whether to
// rely on it. It unwraps to [ErrFewDefaults].
type FewDefaultsWarning struct {
	Stat        string   // statistic concerned: "discrimination", "grade report", "Hosmer-Lemeshow"
	Items       []string // grades or groups below the minimum; empty when the whole sample is
	Defaults    int      // smallest default count found (expected defaults, floored, for Hosmer-Lemeshow)
	MinDefaults int      // minimum that was required
}

// Error implements error.
func (e *FewDefaultsWarning) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: %s with %d defaults (minimum %d)", ErrFewDefaults, e.Stat, e.Defaults, e.MinDefaults)
	if len(e.Items) > 0 {
		items := e.Items
		more := 0
		if len(items) > maxWarningItems {
			items, more = items[:maxWarningItems], len(items)-maxWarningItems
		}
		fmt.Fprintf(&b, " in %s", strings.Join(items, ", "))
		if more > 0 {
			fmt.Fprintf(&b, " and %d more", more)
		}
	}
	return b.String()
}

// Unwrap returns [ErrFewDefaults].
func (e *FewDefaultsWarning) Unwrap() error { return ErrFewDefaults }

// maxWarningItems caps the items a warning's message lists (the Items field
// keeps them all).
const maxWarningItems = 20

// OneBinWarning comes back with a [Stability] whose counts all lie in a
// single bin (one non-empty bin, a constant expected sample, explicit cuts
// outside the data): the index is 0 by construction and says nothing about
// a shift. It unwraps to [ErrOneBin].
type OneBinWarning struct {
	// Distinct is 1 when PSISamples found a constant expected sample, 2
	// otherwise (at least two distinct values, or counts given).
	Distinct int
}

// Error implements error.
func (e *OneBinWarning) Error() string {
	if e.Distinct <= 1 {
		return ErrOneBin.Error() + " (the expected sample is constant)"
	}
	return ErrOneBin.Error() + " (every value falls into one bin)"
}

// Unwrap returns [ErrOneBin].
func (e *OneBinWarning) Unwrap() error { return ErrOneBin }

// maxValueText bounds InputError.Value.
const maxValueText = 64

func quoteValue(s string) string {
	if len(s) > maxValueText {
		cut := maxValueText
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// at returns field[i].
func at(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// inputErr reports a float value of field (element i when i ≥ 0).
func inputErr(field string, i int, v float64, err error) error {
	if i >= 0 {
		field = at(field, i)
	}
	return &InputError{Field: field, Value: formatFloat(v), Err: err}
}

// intErr reports an integer value of field.
func intErr(field string, v int, err error) error {
	return &InputError{Field: field, Value: strconv.Itoa(v), Err: err}
}

// textErr reports a text value of field, quoted and cut.
func textErr(field, v string, err error) error {
	return &InputError{Field: field, Value: quoteValue(v), Err: err}
}

// emptyErr reports field without a value.
func emptyErr(field string, err error) error { return &InputError{Field: field, Err: err} }

// lenErr reports the length of field.
func lenErr(field string, n int, err error) error {
	return &InputError{Field: "len(" + field + ")", Value: strconv.Itoa(n), Err: err}
}
