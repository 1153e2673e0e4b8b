package access

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/smecredit/smecredit/internal/enum"
	"github.com/smecredit/smecredit/internal/specjson"
)

// RuleID identifies a rule within a policy ("R01"). Ids are unique per policy
// and stable across versions, which is how [Diff] matches rules. The empty id
// is invalid in a spec.
type RuleID string

// ReasonCode is the stable code of a reason ("ACC_OPERATING_YEARS"): upper
// case letters, digits and underscores. Hosts map codes to customer texts and
// adverse-action notices; the code never changes when the message does. The
// empty code is invalid in a spec.
type ReasonCode string

// Op is a rule operator. The set is closed: [CompilePolicy] rejects any
// other value, and [ParsePolicy] any other text.
//
//	eq, ne          equal, not equal                    all kinds
//	lt, le, gt, ge  <, <=, >, >=                         int, decimal, date
//	between         min <= x <= max (both inclusive)     int, decimal, date
//	in, not-in      member of the value list, or not     all kinds but bool
//	is-true         x is true                            bool
//	is-false        x is false                           bool
//	present         x is present                         all kinds
//
// Every operator, negative ones included, yields "missing" on a missing fact,
// never "pass"; the rule then applies its onMissing severity. The zero value
// is invalid and has no text form.
type Op uint8

// The operators.
const (
	OpEQ      Op = iota + 1 // "eq"
	OpNE                    // "ne"
	OpLT                    // "lt"
	OpLE                    // "le"
	OpGT                    // "gt"
	OpGE                    // "ge"
	OpBetween               // "between"
	OpIn                    // "in"
	OpNotIn                 // "not-in"
	OpIsTrue                // "is-true"
	OpIsFalse               // "is-false"
	OpPresent               // "present"
)

const opNone Op = 0

var opNames = enum.Names[Op]{"", "eq", "ne", "lt", "le", "gt", "ge", "between", "in", "not-in", "is-true", "is-false", "present"}

// String returns the operator's text ("ge", "not-in"), or "Op(n)" for an invalid value.
func (o Op) String() string { return opNames.String(o) }

// IsValid reports whether o is one of the operators.
func (o Op) IsValid() bool { return opNames.Valid(o) }

// MarshalText returns the operator's text; an invalid operator is an error.
func (o Op) MarshalText() ([]byte, error) { return opNames.Marshal(o) }

// UnmarshalText sets o to the operator named text, or returns an error listing the valid names.
func (o *Op) UnmarshalText(text []byte) error { return opNames.Unmarshal(o, text) }

// Severity is what a rule does to the decision when its condition fails:
// reject and refer set the decision (reject wins), warn only adds a reason.
// Pass is valid for onMissing only, where it lets a missing fact through;
// it must be written explicitly. Severities are ordered from weakest (pass)
// to strongest (reject); text "pass", "warn", "refer", "reject".
//
// The zero value SeverityUnset means "not set": invalid as a rule's severity,
// and the default refer as its onMissing. It has no text form.
type Severity uint8

// The severities, from weakest to strongest.
const (
	SeverityUnset  Severity = iota // not set
	SeverityPass                   // "pass"
	SeverityWarn                   // "warn"
	SeverityRefer                  // "refer"
	SeverityReject                 // "reject"
)

var severityNames = enum.Names[Severity]{"", "pass", "warn", "refer", "reject"}

// String returns the severity's text, or "Severity(n)" for the unset or an invalid value.
func (s Severity) String() string { return severityNames.String(s) }

// IsValid reports whether s is pass, warn, refer or reject.
func (s Severity) IsValid() bool { return severityNames.Valid(s) }

// MarshalText returns the severity's text; the unset or an invalid value is an error.
func (s Severity) MarshalText() ([]byte, error) { return severityNames.Marshal(s) }

// UnmarshalText sets s to the severity named text, or returns an error listing the valid names.
func (s *Severity) UnmarshalText(text []byte) error { return severityNames.Unmarshal(s, text) }

// Compare returns -1, 0 or +1 as s is weaker than, as strong as or stronger than t.
func (s Severity) Compare(t Severity) int { return cmp.Compare(s, t) }

type sevcode uint8

const (
	sevPass sevcode = iota
	sevWarn
	sevRefer
	sevReject
	sevInvalid
)

func (c sevcode) severity() Severity {
	if c < sevInvalid {
		return Severity(c + 1)
	}
	return SeverityUnset
}

func (s Severity) code() sevcode {
	if s.IsValid() {
		return sevcode(s - 1)
	}
	return sevInvalid
}

// Document kinds: the "kind" member of each JSON document.
const (
	KindSchema = "access-schema" // a [SchemaSpec]
	KindPolicy = "access-policy" // a [PolicySpec]
)

// PolicySpec is an access policy as data: the JSON document (kind
// "access-policy") business owners edit, version and approve. Member names are
// the field names in lowerCamelCase ("schemaVersion", "onMissing").
//
// Kind is [KindPolicy]; [ParsePolicy] refuses a document of another kind and
// [Policy.Spec] fills it. EffectiveFrom is documentation for the host's
// effective dating; the engine never reads a clock. SchemaVersion must equal
// the [Schema]'s version.
//
// The zero value is invalid (no id, no rules).
type PolicySpec struct {
	Kind          string     `json:"kind"`
	ID            string     `json:"id"`
	Version       string     `json:"version"`
	EffectiveFrom time.Time  `json:"effectiveFrom,omitzero"`
	SchemaVersion string     `json:"schemaVersion"`
	Description   string     `json:"description,omitempty"`
	Rules         []RuleSpec `json:"rules"`
}

// ConditionSpec is a condition: either a comparison (Field, Op and its
// literals) or a group (All or Any of nested conditions), never both.
//
// Value holds the literal of eq, ne, lt, le, gt, ge (a JSON scalar) and of
// in, not-in (a JSON array); Min and Max hold the bounds of between. Literals
// are decoded once at [CompilePolicy] against the field's kind: decimals preferably
// as JSON strings ("0.7000") so no parser turns them into float64, with no
// more fractional digits than the field's scale; ints as JSON numbers; dates
// as "YYYY-MM-DD".
//
// Groups use three-valued logic: all fails if any member fails, else is
// missing if any member is missing; any passes if any member passes, else is
// missing if any member is missing.
//
// The zero value is invalid.
type ConditionSpec struct {
	Field string          `json:"field,omitempty"`
	Op    Op              `json:"op,omitzero"`
	Value json.RawMessage `json:"value,omitempty"`
	Min   json.RawMessage `json:"min,omitempty"`
	Max   json.RawMessage `json:"max,omitempty"`
	All   []ConditionSpec `json:"all,omitempty"`
	Any   []ConditionSpec `json:"any,omitempty"`
}

// RuleSpec is one rule: a condition the applicant must meet, the severity
// applied when the condition fails, and the severity applied when a fact it
// needs is missing (OnMissing, default refer; a missing fact passes only when
// OnMissing is "pass"). Message maps language tags ("en", "zh-CN") to texts.
//
// The zero value is invalid.
type RuleSpec struct {
	ID   RuleID     `json:"id"`
	Code ReasonCode `json:"code"`
	ConditionSpec
	Severity  Severity          `json:"severity"`
	OnMissing Severity          `json:"onMissing,omitzero"`
	Message   map[string]string `json:"message,omitempty"`
}

// ParsePolicy decodes a JSON policy document strictly (see [ParseSchema] for
// the checks): a document that is not an "access-policy", unknown or
// duplicate members, an unknown operator or severity, trailing data and
// documents above lim.MaxDocumentBytes are a [*SpecError] (invalid UTF-8 or
// an escaped lone UTF-16 surrogate anywhere, literals included, wraps
// [ErrInvalidString]; an unknown operator [ErrUnknownOp], with its path).
// The literals are checked later, by [CompilePolicy].
func ParsePolicy(data []byte, lim Limits) (PolicySpec, error) {
	var spec PolicySpec
	err := decodeDocument(data, &spec, KindPolicy, lim.withDefaults())
	return spec, err
}

// LoadPolicy is [ParsePolicy] followed by [CompilePolicy].
func LoadPolicy(data []byte, s *Schema, lim Limits) (*Policy, error) {
	spec, err := ParsePolicy(data, lim)
	if err != nil {
		return nil, err
	}
	return CompilePolicy(spec, s, lim)
}

// decodeDocument decodes a document of the given kind with the strict decoder
// of every smecredit loader and turns its problem into a [*SpecError].
func decodeDocument(data []byte, v any, kind string, lim Limits) error {
	p := specjson.Decode(data, v, kind, lim.MaxDocumentBytes)
	if p == nil {
		return nil
	}
	if p.TooLarge {
		return &SpecError{Path: p.Path, Err: ErrLimit, Msg: p.Msg}
	}
	if p.Path == "$" && (!utf8.Valid(data) || loneSurrogate(data) != "") {
		return &SpecError{Path: p.Path, Err: ErrInvalidString, Msg: p.Msg}
	}
	// The decoder stops at the first refused enumeration text: report every
	// one, each with its specific sentinel.
	errs := enumProblems(data, kind)
	for _, e := range errs {
		if e.(*SpecError).Path == p.Path {
			return joinErrs(errs, true)
		}
	}
	return &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
}

// enumProblems returns a [*SpecError] for every enumeration member of a
// document (already checked to be valid JSON) whose text is not one of the
// enum's names: an operator (ErrUnknownOp), a severity, a field kind
// (ErrKindMismatch) or a formula.
func enumProblems(data []byte, kind string) []error {
	var doc map[string]any
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var errs []error
	check := func(obj map[string]any, path, member string, u encoding.TextUnmarshaler, err error) {
		text, ok := obj[member].(string)
		if !ok {
			return
		}
		if e := u.UnmarshalText([]byte(text)); e != nil {
			errs = append(errs, &SpecError{Path: path + "." + member, Err: err, Msg: e.Error()})
		}
	}
	items := func(x any) []map[string]any {
		arr, _ := x.([]any)
		var out []map[string]any
		for _, e := range arr {
			m, _ := e.(map[string]any)
			out = append(out, m)
		}
		return out
	}
	var cond func(c map[string]any, path string)
	cond = func(c map[string]any, path string) {
		if c == nil {
			return
		}
		var op Op
		check(c, path, "op", &op, ErrUnknownOp)
		for _, key := range []string{"all", "any"} {
			for j, m := range items(c[key]) {
				cond(m, fmt.Sprintf("%s.%s[%d]", path, key, j))
			}
		}
	}
	switch kind {
	case KindPolicy:
		for i, r := range items(doc["rules"]) {
			if r == nil {
				continue
			}
			path := fmt.Sprintf("rules[%d]", i)
			var sev Severity
			check(r, path, "severity", &sev, ErrInvalidSpec)
			check(r, path, "onMissing", &sev, ErrInvalidSpec)
			cond(r, path)
		}
	case KindSchema:
		for _, list := range []string{"fields", "derived"} {
			for i, f := range items(doc[list]) {
				if f == nil {
					continue
				}
				path := fmt.Sprintf("%s[%d]", list, i)
				var k FieldKind
				var fm Formula
				check(f, path, "kind", &k, ErrKindMismatch)
				if list == "derived" {
					check(f, path, "formula", &fm, ErrInvalidSpec)
				}
			}
		}
	}
	return errs
}
