package access

import (
	"cmp"
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/enum"
)

// Decision is the outcome of a policy for one applicant, ordered by priority:
// a reject reason beats a refer reason, which beats acceptance. Text
// "accept", "refer", "reject".
//
// The zero value DecisionUnknown means "not decided" and has no text form;
// Decide returns it only with an error.
type Decision uint8

// The decisions, in priority order.
const (
	DecisionUnknown Decision = iota // not decided
	Accept                          // every reject and refer rule passed
	Refer                           // some refer rule failed (or was missing), no reject rule did
	Reject                          // some reject rule failed (or was missing)
)

var decisionNames = enum.Names[Decision]{"", "accept", "refer", "reject"}

// String returns "accept", "refer" or "reject", or "Decision(n)" for the unknown or an invalid value.
func (d Decision) String() string { return decisionNames.String(d) }

// IsValid reports whether d is accept, refer or reject.
func (d Decision) IsValid() bool { return decisionNames.Valid(d) }

// Compare returns -1, 0 or +1 as d has lower, equal or higher priority than e.
func (d Decision) Compare(e Decision) int { return cmp.Compare(d, e) }

// MarshalText returns the decision's text; the unknown or an invalid value is an error.
func (d Decision) MarshalText() ([]byte, error) { return decisionNames.Marshal(d) }

// UnmarshalText sets d to the decision named text, or returns an error listing the valid names.
func (d *Decision) UnmarshalText(text []byte) error { return decisionNames.Unmarshal(d, text) }

// Reason is the result of one rule for one applicant: in Outcome.Reasons
// for every rule that failed or whose fact was missing (unless onMissing is
// pass), and in Outcome.Trace for every rule.
//
// A Reason is a compact record (the rule, the severity applied and the
// observed value); its accessors read the rule's text from the compiled,
// immutable policy, so deciding copies no strings per reason. A Reason stays
// valid after its policy is replaced and after the facts change, but an
// [Outcome] reused by [Policy.DecideTo] overwrites its reasons.
//
// The zero value is an empty reason: its accessors return zero values.
type Reason struct {
	rule *rule
	s    string          // observed string or enum text; a missing value's code
	d    decimal.Decimal // observed decimal when tag has tagD; never read otherwise (fastReasons leaves it as it was)
	i    int64           // observed value's int64 form (Value.i)
	tag  reasonTag
}

// reasonTag holds the rest of a Reason in one word, so the reasons loop of
// [Policy.DecideTo] writes it with one store: the observed value's kind
// (bits 0-7, kMissing for none), tagFits (Value.fits), tagD (d holds the
// observed decimal; without it a decimal is i at the rule's field scale),
// the severity applied (bits 16-23) and tagMissing.
type reasonTag uint32

const (
	tagFits    reasonTag = 1 << 8
	tagD       reasonTag = 1 << 9
	tagMissing reasonTag = 1 << 24
)

func (t reasonTag) kind() kcode  { return kcode(t) }
func (t reasonTag) sev() sevcode { return sevcode(t >> 16) }

// newReason returns the reason of rule r, applying severity sev, with the
// observed value obs (nil for none, as for a group rule).
func newReason(r *rule, sev sevcode, missing bool, obs *Value) Reason {
	rs := Reason{rule: r, tag: reasonTag(sev) << 16}
	if missing {
		rs.tag |= tagMissing
	}
	if obs != nil {
		rs.s, rs.i, rs.d = obs.s, obs.i, obs.d
		rs.tag |= reasonTag(obs.k)
		if obs.fits {
			rs.tag |= tagFits
		}
		if obs.k == kDecimal {
			rs.tag |= tagD
		}
	}
	return rs
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
// condition failed, its onMissing severity when a fact was missing (Missing
// is then true), and pass otherwise. The zero Reason returns SeverityUnset.
func (r Reason) Severity() Severity {
	if r.rule == nil {
		return SeverityUnset
	}
	return r.tag.sev().severity()
}

// Field returns the field the rule tests, "" for all / any rules.
func (r Reason) Field() string {
	if r.rule == nil {
		return ""
	}
	return r.rule.field
}

// Observed returns the fact's value: missing for group rules and missing
// facts (MissingCode then says why a derived fact is missing). A decimal
// that [Policy.DecideTo] found within int64 is kept as its coefficient and
// rebuilt at the field's scale here, so Observed allocates its
// [decimal.Decimal] (once per call); other values are returned as kept.
func (r Reason) Observed() Value {
	k := r.tag.kind()
	if k == kMissing {
		return Value{}
	}
	v := Value{k: k, fits: r.tag&tagFits != 0, i: r.i, s: r.s, d: r.d}
	if k == kDecimal && r.tag&tagD == 0 {
		// The reasons loop of DecideTo keeps a decimal within int64 as
		// its coefficient at the field's scale, as the facts do.
		v.d = decimal.New(r.i, -r.rule.scale)
	}
	return v
}

// Expected returns a description of the condition (">= 24", "in [A, B]").
func (r Reason) Expected() string {
	if r.rule == nil {
		return ""
	}
	return r.rule.expected
}

// Missing reports whether the rule's result came from a missing fact.
func (r Reason) Missing() bool { return r.tag&tagMissing != 0 }

// MissingCode returns the code a derived fact gave for being missing ("" when
// the fact is present or no code was given).
func (r Reason) MissingCode() ReasonCode {
	if r.tag.kind() != kMissing {
		return ""
	}
	return ReasonCode(r.s)
}

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
	RuleID      RuleID     `json:"ruleID"`
	Code        ReasonCode `json:"code"`
	Severity    Severity   `json:"severity,omitzero"`
	Field       string     `json:"field,omitempty"`
	Observed    string     `json:"observed,omitempty"`
	Expected    string     `json:"expected"`
	Missing     bool       `json:"missing,omitempty"`
	MissingCode ReasonCode `json:"missingCode,omitempty"`
}

// MarshalJSON writes the reason in the documented JSON shape, with the
// observed value formatted by [Value.String] and left out when missing.
func (r Reason) MarshalJSON() ([]byte, error) {
	j := reasonJSON{RuleID: r.RuleID(), Code: r.Code(), Severity: r.Severity(), Field: r.Field(),
		Expected: r.Expected(), Missing: r.Missing(), MissingCode: r.MissingCode()}
	if r.tag.kind() != kMissing {
		j.Observed = r.Observed().String()
	}
	return json.Marshal(j)
}

// Outcome is a policy's decision for one applicant with its reasons, in the
// declared rule order, and the identity of the policy that made it (id,
// version and content hash), so an old decision can be re-run with the exact
// policy.
//
// The zero value is an empty outcome, ready to be filled by
// [Policy.DecideTo]; reusing one Outcome across calls reuses its storage.
type Outcome struct {
	Decision Decision `json:"decision,omitzero"` // left out when unknown (the call failed)
	PolicyID string   `json:"policyID"`
	Version  string   `json:"version"`
	Hash     string   `json:"hash"`
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
