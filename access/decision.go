package access

import (
	"encoding/json"
	"fmt"
)

// Decision is the outcome of a policy for one applicant, ordered by priority:
// a reject reason beats a refer reason, which beats acceptance.
//
// The zero value DecisionUnknown means "not decided"; Decide never returns it.
type Decision uint8

// The decisions, in priority order.
const (
	DecisionUnknown Decision = iota // not decided
	Accept                          // every reject and refer rule passed
	Refer                           // some refer rule failed (or was missing), no reject rule did
	Reject                          // some reject rule failed (or was missing)
)

// String returns "accept", "refer", "reject" or "unknown".
func (d Decision) String() string {
	switch d {
	case DecisionUnknown:
		return "unknown"
	case Accept:
		return "accept"
	case Refer:
		return "refer"
	case Reject:
		return "reject"
	}
	return fmt.Sprintf("Decision(%d)", uint8(d))
}

// Compare returns -1, 0 or +1 as d has lower, equal or higher priority than e.
func (d Decision) Compare(e Decision) int {
	switch {
	case d < e:
		return -1
	case d > e:
		return 1
	}
	return 0
}

// MarshalText returns the decision's name.
func (d Decision) MarshalText() ([]byte, error) {
	if d > Reject {
		return nil, fmt.Errorf("access: invalid decision %d", uint8(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a decision name as written by MarshalText.
func (d *Decision) UnmarshalText(b []byte) error {
	for e := DecisionUnknown; e <= Reject; e++ {
		if string(b) == e.String() {
			*d = e
			return nil
		}
	}
	return fmt.Errorf("access: unknown decision %q", b)
}

// Reason is the result of one rule for one applicant: in Outcome.Reasons
// for every rule that failed or whose fact was missing (unless on_missing is
// pass), and in Outcome.Trace for every rule.
//
// A Reason is a compact record (the rule, the severity applied and the
// observed value); its accessors read the rule's text from the compiled,
// immutable policy, so deciding copies no strings per reason. A Reason stays
// valid after its policy is replaced and after the facts change, but an
// [Outcome] reused by [Policy.DecideInto] overwrites its reasons.
//
// The zero value is an empty reason: its accessors return zero values.
type Reason struct {
	rule     *rule
	observed Value // the fact's value; a missing value carries its code
	sev      sevcode
	missing  bool
}

// RuleID returns the id of the rule.
func (r Reason) RuleID() RuleID {
	if r.rule == nil {
		return ""
	}
	return r.rule.id
}

// Code returns the rule's reason code.
func (r Reason) Code() ReasonCode {
	if r.rule == nil {
		return ""
	}
	return r.rule.code
}

// Severity returns the severity applied: the rule's severity when its
// condition failed, its on_missing severity when a fact was missing (Missing
// is then true), and pass otherwise. The zero Reason returns "".
func (r Reason) Severity() Severity {
	if r.rule == nil {
		return ""
	}
	return r.sev.severity()
}

// Field returns the field the rule tests, "" for all / any rules.
func (r Reason) Field() string {
	if r.rule == nil {
		return ""
	}
	return r.rule.field
}

// Observed returns the fact's value: missing for group rules and missing
// facts (MissingCode then says why a derived fact is missing).
func (r Reason) Observed() Value {
	if !r.observed.Present() {
		return Value{}
	}
	return r.observed
}

// Expected returns a description of the condition (">= 24", "in [A, B]").
func (r Reason) Expected() string {
	if r.rule == nil {
		return ""
	}
	return r.rule.expected
}

// Missing reports whether the rule's result came from a missing fact.
func (r Reason) Missing() bool { return r.missing }

// MissingCode returns the code a derived fact gave for being missing ("" when
// the fact is present or no code was given).
func (r Reason) MissingCode() ReasonCode { return r.observed.MissingCode() }

// index returns the rule's position in its policy.
func (r Reason) index() int { return r.rule.index }

// Message returns the rule's message in language lang, falling back to "en",
// then to the reason code.
func (r Reason) Message(lang string) string {
	if r.rule == nil {
		return ""
	}
	if m, ok := r.rule.messages[lang]; ok {
		return m
	}
	if m, ok := r.rule.messages["en"]; ok {
		return m
	}
	return string(r.rule.code)
}

type reasonJSON struct {
	RuleID      RuleID     `json:"rule_id"`
	Code        ReasonCode `json:"code"`
	Severity    Severity   `json:"severity"`
	Field       string     `json:"field,omitempty"`
	Observed    string     `json:"observed,omitempty"`
	Expected    string     `json:"expected"`
	Missing     bool       `json:"missing,omitempty"`
	MissingCode ReasonCode `json:"missing_code,omitempty"`
}

// MarshalJSON writes the reason in the documented JSON shape, with the
// observed value formatted by [Value.String] and left out when missing.
func (r Reason) MarshalJSON() ([]byte, error) {
	j := reasonJSON{RuleID: r.RuleID(), Code: r.Code(), Severity: r.Severity(), Field: r.Field(),
		Expected: r.Expected(), Missing: r.missing, MissingCode: r.MissingCode()}
	if r.observed.Present() {
		j.Observed = r.observed.String()
	}
	return json.Marshal(j)
}

// Outcome is a policy's decision for one applicant with its reasons, in the
// declared rule order, and the identity of the policy that made it (id,
// version and content hash), so an old decision can be re-run with the exact
// policy.
//
// The zero value is an empty outcome, ready to be filled by
// [Policy.DecideInto]; reusing one Outcome across calls reuses its storage.
type Outcome struct {
	Decision Decision `json:"decision"`
	PolicyID string   `json:"rule_set_id"`
	Version  string   `json:"version"`
	Hash     string   `json:"rule_set_hash"`
	Reasons  []Reason `json:"reasons"`
	Trace    []Reason `json:"trace,omitempty"` // every rule, filled by Policy.Explain only

	derived []Value  // scratch: derived facts
	args    []Value  // scratch: arguments of a DeriveFunc
	marks   []uint64 // scratch: one bit per rule that does not certainly pass
}

// MarshalJSON writes the outcome in the documented JSON shape; an outcome
// without reasons has "reasons": [] rather than null.
func (o Outcome) MarshalJSON() ([]byte, error) {
	type plain Outcome // without methods, so no recursion
	p := plain(o)
	if p.Reasons == nil {
		p.Reasons = []Reason{}
	}
	return json.Marshal(p)
}
