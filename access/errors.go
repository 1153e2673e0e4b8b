package access

import (
	"errors"
	"strconv"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers branch with [errors.Is] and never on message text. A [*SpecError]
// additionally matches [ErrInvalidSpec] and a [*FactError] matches
// [ErrInvalidFact].
var (
	// ErrInvalidSpec reports a schema or policy document that cannot be compiled.
	ErrInvalidSpec = errors.New("access: invalid spec")
	// ErrInvalidFact reports an applicant fact that cannot be accepted.
	ErrInvalidFact = errors.New("access: invalid fact")
	// ErrUnknownField reports a field name the schema does not declare.
	ErrUnknownField = errors.New("access: unknown field")
	// ErrUnknownOp reports an operator outside the closed set (see [Op]).
	ErrUnknownOp = errors.New("access: unknown operator")
	// ErrKindMismatch reports a value, literal or operator of the wrong kind for a
	// field (an int compared with a string, a decimal with a float, lt on a bool).
	ErrKindMismatch = errors.New("access: kind mismatch")
	// ErrScale reports a decimal with more fractional digits than the field's scale.
	// Values are never rounded silently.
	ErrScale = errors.New("access: more decimals than the field's scale")
	// ErrOverflow reports a number outside the range of its kind (int64, or a
	// decimal with more than 38 integer digits), or a date outside years
	// [MinDateYear]..[MaxDateYear].
	ErrOverflow = errors.New("access: number out of range")
	// ErrInvalidString reports a string fact or literal that is not valid UTF-8
	// text: invalid bytes, a lone UTF-16 surrogate escape such as "\ud800" in
	// JSON, or a NUL character.
	ErrInvalidString = errors.New("access: invalid UTF-8 text")
	// ErrNotAllowed reports an enum value that is not in the field's allowed list.
	ErrNotAllowed = errors.New("access: value not allowed")
	// ErrDuplicate reports a repeated rule id, field name, set member or JSON key.
	ErrDuplicate = errors.New("access: duplicate")
	// ErrMissingValue reports a required spec attribute that is absent or empty.
	ErrMissingValue = errors.New("access: missing value")
	// ErrEmptyPolicy reports a policy without rules.
	ErrEmptyPolicy = errors.New("access: policy has no rules")
	// ErrLimit reports a document, rule count, set, string or nesting depth above
	// the configured [Limits].
	ErrLimit = errors.New("access: size limit exceeded")
	// ErrSchemaMismatch reports facts built for another [Schema] than the policy's.
	ErrSchemaMismatch = errors.New("access: facts belong to another schema")
	// ErrLength reports batch inputs whose lengths do not match.
	ErrLength = errors.New("access: length mismatch")
	// ErrNilPolicy reports a nil *Policy, or a zero Policy not built by [Compile].
	ErrNilPolicy = errors.New("access: nil policy or policy not built by Compile")
	// ErrNilFacts reports nil *Facts, or zero Facts not created by [Schema.NewFacts].
	ErrNilFacts = errors.New("access: nil facts or facts not created by Schema.NewFacts")
	// ErrNilOutcome reports a nil destination *Outcome given to [Policy.DecideInto].
	ErrNilOutcome = errors.New("access: nil outcome")
)

// SpecError describes one problem in a schema or policy document. Path locates
// it in the JSON form, as in "rules[3].value" or "fields[2].scale"; RuleID is
// the id of the rule concerned, when there is one. Err is one of the package's
// sentinels and Detail a human explanation.
//
// The zero value is not meaningful; SpecErrors are created by [CompileSchema],
// [ParseSchema], [Compile] and [ParsePolicy], which join all problems found
// with [errors.Join].
type SpecError struct {
	Path   string
	RuleID RuleID
	Err    error
	Detail string
}

// Error returns "access: <path>: <sentinel text>: <detail>".
func (e *SpecError) Error() string {
	msg := "access: " + e.Path + ": " + trimPrefix(e.Err.Error())
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *SpecError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidSpec]; every SpecError is one.
func (e *SpecError) Is(target error) bool { return target == ErrInvalidSpec }

// FactError describes a fact that was rejected by a [Facts] setter or by
// [Schema.DecodeFacts]. Field names the fact; Err is one of the package's
// sentinels and Detail a human explanation.
//
// The zero value is not meaningful.
type FactError struct {
	Field  string
	Err    error
	Detail string
}

// Error returns "access: fact <field>: <sentinel text>: <detail>".
func (e *FactError) Error() string {
	msg := "access: fact " + strconv.Quote(e.Field) + ": " + trimPrefix(e.Err.Error())
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *FactError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidFact]; every FactError is one.
func (e *FactError) Is(target error) bool { return target == ErrInvalidFact }

// ApplicantError reports a problem with one applicant of a batch given to
// [Policy.Simulate] or [Diff]. Index is the applicant's position in the batch.
//
// The zero value is not meaningful.
type ApplicantError struct {
	Index int
	Err   error
}

// Error returns "access: applicant <index>: <err>".
func (e *ApplicantError) Error() string {
	return "access: applicant " + strconv.Itoa(e.Index) + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the underlying error.
func (e *ApplicantError) Unwrap() error { return e.Err }

// ArgError reports an argument of a call that is nil or was not built by the
// package's constructors, or policies built for different schemas. Arg names
// the parameter ("p" for the receiver, "f", "dst", "a", "b"); Err is
// [ErrNilPolicy], [ErrNilFacts], [ErrNilOutcome] or [ErrSchemaMismatch] and
// Detail a human explanation.
//
// The zero value is not meaningful.
type ArgError struct {
	Arg    string
	Err    error
	Detail string
}

// Error returns "access: argument <arg>: <sentinel text>: <detail>".
func (e *ArgError) Error() string {
	msg := "access: argument " + e.Arg + ": " + trimPrefix(e.Err.Error())
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel error.
func (e *ArgError) Unwrap() error { return e.Err }

func trimPrefix(s string) string {
	const p = "access: "
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
