package access

import (
	"encoding/json"
	"time"
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

// Op is a rule operator. The set is closed: [Compile] rejects any other.
//
//	eq, ne          equal, not equal                    all kinds
//	lt, le, gt, ge  <, <=, >, >=                         int, decimal, date
//	between         min <= x <= max (both inclusive)     int, decimal, date
//	in, not_in      member of the value list, or not     all kinds but bool
//	is_true         x is true                            bool
//	is_false        x is false                           bool
//	present         x is present                         all kinds
//
// Every operator, negative ones included, yields "missing" on a missing fact,
// never "pass"; the rule then applies its on_missing severity. The zero value
// "" is invalid.
type Op string

// The operators.
const (
	OpEq      Op = "eq"
	OpNe      Op = "ne"
	OpLt      Op = "lt"
	OpLe      Op = "le"
	OpGt      Op = "gt"
	OpGe      Op = "ge"
	OpBetween Op = "between"
	OpIn      Op = "in"
	OpNotIn   Op = "not_in"
	OpIsTrue  Op = "is_true"
	OpIsFalse Op = "is_false"
	OpPresent Op = "present"
)

// Severity is what a rule does to the decision when its condition fails:
// reject and refer set the decision (reject wins), warn only adds a reason.
// Pass is valid for on_missing only, where it lets a missing fact through;
// it must be written explicitly.
//
// The zero value "" means "not set": invalid as a rule's severity, and the
// default refer as its on_missing.
type Severity string

// The severities, from weakest to strongest.
const (
	SeverityPass   Severity = "pass"
	SeverityWarn   Severity = "warn"
	SeverityRefer  Severity = "refer"
	SeverityReject Severity = "reject"
)

type sevcode uint8

const (
	sevPass sevcode = iota
	sevWarn
	sevRefer
	sevReject
	sevInvalid
)

func (c sevcode) severity() Severity {
	switch c {
	case sevPass:
		return SeverityPass
	case sevWarn:
		return SeverityWarn
	case sevRefer:
		return SeverityRefer
	case sevReject:
		return SeverityReject
	}
	return ""
}

func (s Severity) code() sevcode {
	switch s {
	case SeverityPass:
		return sevPass
	case SeverityWarn:
		return sevWarn
	case SeverityRefer:
		return sevRefer
	case SeverityReject:
		return sevReject
	}
	return sevInvalid
}

// PolicySpec is an access policy as data: the JSON document business owners
// edit, version and approve. Field names follow the documented JSON shape of
// access policies (snake_case, as in the bank-IT reference), not lower camel.
//
// EffectiveFrom is documentation for the host's effective dating; the engine
// never reads a clock. SchemaVersion must equal the [Schema]'s version.
//
// The zero value is invalid (no id, no rules).
type PolicySpec struct {
	ID            string     `json:"id"`
	Version       string     `json:"version"`
	EffectiveFrom time.Time  `json:"effective_from,omitzero"`
	SchemaVersion string     `json:"schema_version"`
	Description   string     `json:"description,omitempty"`
	Rules         []RuleSpec `json:"rules"`
}

// ConditionSpec is a condition: either a comparison (Field, Op and its
// literals) or a group (All or Any of nested conditions), never both.
//
// Value holds the literal of eq, ne, lt, le, gt, ge (a JSON scalar) and of
// in, not_in (a JSON array); Min and Max hold the bounds of between. Literals
// are decoded once at [Compile] against the field's kind: decimals preferably
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
	Op    Op              `json:"op,omitempty"`
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
	OnMissing Severity          `json:"on_missing,omitempty"`
	Message   map[string]string `json:"message,omitempty"`
}

// ParsePolicy decodes a JSON policy document strictly: unknown keys, trailing
// data and documents above lim.MaxDocumentBytes are [*SpecError]s. The
// literals are checked later, by [Compile].
func ParsePolicy(data []byte, lim Limits) (PolicySpec, error) {
	var spec PolicySpec
	err := strictUnmarshal(data, &spec, lim.withDefaults())
	return spec, err
}
