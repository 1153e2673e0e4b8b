package access

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers branch with [errors.Is] and never on message text. A [*SpecError]
// additionally matches [ErrInvalidSpec]; an [*InputError] matches its own
// sentinel only.
var (
	// ErrInvalidSpec reports a schema or policy document that cannot be compiled.
	ErrInvalidSpec = errors.New("access: invalid spec")
	// ErrInvalidFact reports a facts document that is not a JSON object of facts.
	ErrInvalidFact = errors.New("access: invalid fact")
	// ErrUnknownField reports a field name the schema does not declare.
	ErrUnknownField = errors.New("access: unknown field")
	// ErrUnknownOp reports an operator outside the closed set (see [Op]) given in Go.
	ErrUnknownOp = errors.New("access: unknown operator")
	// ErrKindMismatch reports a value, literal or operator of the wrong kind for a
	// field (an int compared with a string, a decimal with a float, lt on a bool).
	ErrKindMismatch = errors.New("access: kind mismatch")
	// ErrScale reports a decimal with more fractional digits than the field's scale.
	// Values are never rounded silently.
	ErrScale = errors.New("access: more decimals than the field's scale")
	// ErrOverflow reports a number outside the range of its kind (int64, or a
	// decimal with more than 38 integer digits or outside the exponent range
	// [MinExponent]..[MaxExponent]), or a date outside years
	// [MinDateYear]..[MaxDateYear].
	ErrOverflow = errors.New("access: number out of range")
	// ErrInvalidString reports a string fact or literal that is not valid UTF-8
	// text: invalid bytes, a lone UTF-16 surrogate escape such as "\ud800" in
	// JSON, or a NUL character.
	ErrInvalidString = errors.New("access: invalid UTF-8 text")
	// ErrNotAllowed reports an enum value that is not in the field's allowed list.
	ErrNotAllowed = errors.New("access: value not allowed")
	// ErrDuplicate reports a repeated rule id, field name, set member or facts key.
	ErrDuplicate = errors.New("access: duplicate")
	// ErrMissingValue reports a required spec attribute that is absent or empty.
	ErrMissingValue = errors.New("access: missing value")
	// ErrEmptyPolicy reports a policy without rules.
	ErrEmptyPolicy = errors.New("access: policy has no rules")
	// ErrLimit reports a document, rule count, set, string or nesting depth above
	// the configured [Limits], and problems beyond [MaxErrors].
	ErrLimit = errors.New("access: size limit exceeded")
	// ErrSchemaMismatch reports facts built for another [Schema] than the policy's.
	ErrSchemaMismatch = errors.New("access: facts belong to another schema")
	// ErrLength reports batch inputs whose lengths do not match.
	ErrLength = errors.New("access: length mismatch")
	// ErrNilPolicy reports a nil *Policy, or a zero Policy not built by [CompilePolicy].
	ErrNilPolicy = errors.New("access: nil policy or policy not built by CompilePolicy")
	// ErrNilSchema reports a nil *Schema, or a zero Schema not built by [CompileSchema].
	ErrNilSchema = errors.New("access: nil schema or schema not built by CompileSchema")
	// ErrNilFacts reports nil *Facts, or zero Facts not created by [Schema.NewFacts].
	ErrNilFacts = errors.New("access: nil facts or facts not created by Schema.NewFacts")
	// ErrNilOutcome reports a nil destination *Outcome given to [Policy.DecideTo].
	ErrNilOutcome = errors.New("access: nil outcome")
)

// SpecError describes one problem in a schema or policy document. Path
// locates it in the JSON form: "$" for the document as a whole, else member
// names and indices such as "rules[3].value" or "fields[2].scale". Err is the
// specific sentinel ([ErrInvalidSpec] itself when nothing more specific
// applies) and Msg a human explanation, which names the rule id for a rule's
// problem (it may be empty).
//
// The zero value is not meaningful; SpecErrors are created by [ParseSchema],
// [CompileSchema], [ParsePolicy], [CompilePolicy] and the cell functions,
// which join all problems found with [errors.Join] (at most [MaxErrors], then
// one saying how many more).
type SpecError struct {
	Path string
	Err  error
	Msg  string
}

// Error returns "access: <path>: <sentinel text>[: <msg>]".
func (e *SpecError) Error() string {
	msg := "access: " + e.Path + ": " + trimPrefix(errText(e.Err))
	if e.Msg != "" {
		msg += ": " + e.Msg
	}
	return msg
}

// Unwrap returns the specific sentinel.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec]; every SpecError is one.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// InputError describes a bad call input: a fact refused by a [Facts] setter or
// by [Schema.DecodeFacts], or an argument that is nil, not built by the
// package's constructors, or of another schema. Field names the fact or
// argument ("debt_ratio", "f", "dst", "applicants[3]", "$" for a whole facts
// document); Value is the offending value as text, bounded in length (long
// text cut, decimals with huge exponents in scientific notation), empty when
// there is none to show; Err is the sentinel.
//
// The zero value is not meaningful.
type InputError struct {
	Field string
	Value string
	Err   error
}

// Error returns "access: <field> = <value>: <sentinel text>", without
// " = <value>" when Value is empty.
func (e *InputError) Error() string {
	msg := "access: " + e.Field
	if e.Value != "" {
		msg += " = " + e.Value
	}
	return msg + ": " + trimPrefix(errText(e.Err))
}

// Unwrap returns the sentinel.
func (e *InputError) Unwrap() error { return e.Err }

// MaxErrors is the largest number of problems a loader, [Schema.DecodeFacts],
// [Policy.Simulate] or [Diff] reports; beyond it, one more error wrapping
// [ErrLimit] says how many were left out. It bounds the size of an error
// message whatever the size of the input.
const MaxErrors = 100

// joinErrs joins errs with errors.Join, keeping at most MaxErrors of them
// plus one that counts the rest; spec is true for document problems, whose
// count is reported as a *SpecError at "$".
func joinErrs(errs []error, spec bool) error {
	switch {
	case len(errs) == 0:
		return nil
	case len(errs) == 1:
		return errs[0]
	case len(errs) > MaxErrors:
		n := len(errs) - MaxErrors
		var more error
		if spec {
			more = &SpecError{Path: "$", Err: ErrLimit, Msg: fmt.Sprintf("%d more problems not listed", n)}
		} else {
			more = fmt.Errorf("access: %d more problems not listed: %w", n, ErrLimit)
		}
		errs = append(errs[:MaxErrors:MaxErrors], more)
	}
	return errors.Join(errs...)
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// cut bounds a text shown in an error: at most 64 bytes, cut at a rune
// boundary, "…" marking the cut.
func cut(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func trimPrefix(s string) string {
	const p = "access: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
