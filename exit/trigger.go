package exit

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/smecredit/smecredit/internal/enum"
)

// Plan is a recommended exit plan for a performing but deteriorating
// borrower, ordered from benign to severe. The zero value is [Maintain].
type Plan uint8

// Exit plans. Values are stable and ordered.
const (
	Maintain   Plan = iota // no exit action: continue and monitor
	Reduce                 // reduce exposure, freeze undrawn limits
	DoNotRenew             // let facilities run off; do not renew at maturity
	Accelerate             // accelerate repayment where the contract allows
	ExitNow                // exit now: call the loan, enforce, sell or restructure
	numPlans
)

var planNames = enum.Names[Plan]{"maintain", "reduce", "do-not-renew", "accelerate", "exit-now"}

// String returns the text form, such as "do-not-renew".
func (p Plan) String() string { return planNames.String(p) }

// IsValid reports whether p is one of the declared plans.
func (p Plan) IsValid() bool { return planNames.Valid(p) }

// Compare returns -1, 0 or +1 as p is less severe than, as severe as, or
// more severe than q.
func (p Plan) Compare(q Plan) int { return cmpUint8(p, q) }

// MarshalText returns the text form; it fails for unknown values.
func (p Plan) MarshalText() ([]byte, error) { return enumErrMarshal(planNames.Marshal(p)) }

// UnmarshalText parses the text form.
func (p *Plan) UnmarshalText(b []byte) error { return enumErrUnmarshal(planNames.Unmarshal(p, b)) }

// RuleID identifies a trigger rule.
type RuleID string

// KindTriggerSet is the "kind" of a trigger set document.
const KindTriggerSet = "exit-trigger-set"

// TriggerSetSpec declares customer exit triggers as rules over plain values,
// in the JSON form users write and store (document kind "exit-trigger-set").
// Parse it with [ParseTriggerSet], compile it with [CompileTriggerSet]. The
// zero value has no rules and does not compile.
type TriggerSetSpec struct {
	Kind    string            `json:"kind"`         // document kind, "exit-trigger-set"; may be empty in Go-built specs
	Version string            `json:"version"`      // the author's label of this revision
	ID      string            `json:"id,omitempty"` // identifier of the trigger set
	Rules   []TriggerRuleSpec `json:"rules"`        // rules in evaluation order; IDs unique; at most MaxRules
}

// TriggerRuleSpec is one rule: it fires when every condition that is set
// holds (at least one must be set), and then recommends Plan. The zero value
// has no condition and does not compile.
type TriggerRuleSpec struct {
	ID         RuleID        `json:"id"`                   // unique, non-empty
	Plan       Plan          `json:"plan"`                 // plan recommended when the rule fires
	MinLevel   *WarningLevel `json:"minLevel,omitempty"`   // fires when WarningLevel ≥ MinLevel
	MinNotches *int          `json:"minNotches,omitempty"` // fires when Notches ≥ MinNotches (≥ 1)
	MinDPD     *int          `json:"minDPD,omitempty"`     // fires when DPD ≥ MinDPD (≥ 0)
}

// Borrower is the per-call input of [TriggerSet.Recommend]: plain values
// the host takes from its monitoring and rating. The zero value is a current
// borrower with a green level and no downgrade.
type Borrower struct {
	ID           string       // caller's identifier; optional
	WarningLevel WarningLevel // early-warning level
	// Notches is how many grade notches the borrower has been downgraded
	// since the last review (positive = downgrade; zero or negative = none).
	Notches int
	DPD     int // days past due, ≥ 0
}

// Trigger is a fired rule: its ID and the plan it recommends.
type Trigger struct {
	Rule RuleID // the rule that fired
	Plan Plan   // the plan it recommends
}

// Recommendation is the outcome of [TriggerSet.Recommend]. The zero value
// recommends [Maintain] for no reason.
type Recommendation struct {
	Plan Plan // the most severe plan among the fired rules; Maintain if none fired
	// Reasons lists every fired rule, most severe plan first, then in spec
	// order.
	Reasons []Trigger
}

// TriggerSet is a compiled set of trigger rules. It is immutable and safe
// for concurrent use by multiple goroutines. The zero value (and a nil
// *TriggerSet) has no rules and recommends Maintain for every borrower.
type TriggerSet struct {
	spec  TriggerSetSpec
	rules []TriggerRuleSpec
}

// DefaultTriggerSetSpec returns a fresh copy of the proposed default triggers
// [C], aligned with docs/reference/exit.md §6.1 (continue at level ≤ 1, reduce at levels 1–2,
// exit once default is near):
//
//	yellow            level ≥ yellow                      → reduce
//	downgrade-2       ≥ 2 notches                         → reduce
//	yellow-downgrade  level ≥ yellow and ≥ 2 notches      → do-not-renew
//	orange            level ≥ orange                      → do-not-renew
//	orange-downgrade  level ≥ orange and ≥ 3 notches      → accelerate
//	dpd-30            DPD ≥ 30                            → accelerate
//	red               level = red                         → exit-now
//	dpd-90            DPD ≥ 90 (default, Basel II §452)   → exit-now
func DefaultTriggerSetSpec() TriggerSetSpec {
	lv := func(l WarningLevel) *WarningLevel { return &l }
	n := func(i int) *int { return &i }
	return TriggerSetSpec{Kind: KindTriggerSet, Version: "1", ID: "default-triggers", Rules: []TriggerRuleSpec{
		{ID: "yellow", Plan: Reduce, MinLevel: lv(Yellow)},
		{ID: "downgrade-2", Plan: Reduce, MinNotches: n(2)},
		{ID: "yellow-downgrade", Plan: DoNotRenew, MinLevel: lv(Yellow), MinNotches: n(2)},
		{ID: "orange", Plan: DoNotRenew, MinLevel: lv(Orange)},
		{ID: "orange-downgrade", Plan: Accelerate, MinLevel: lv(Orange), MinNotches: n(3)},
		{ID: "dpd-30", Plan: Accelerate, MinDPD: n(30)},
		{ID: "red", Plan: ExitNow, MinLevel: lv(Red)},
		{ID: "dpd-90", Plan: ExitNow, MinDPD: n(90)},
	}}
}

// CompileTriggerSet validates s and returns the compiled trigger set. All
// problems are reported at once (errors.Join, at most 100) as [*SpecError]s
// with paths such as "rules[2].minNotches", matching [ErrInvalidSpec] and
// [ErrValue] (or [ErrLimit] beyond [MaxRules] rules). A Kind other than ""
// or "exit-trigger-set" is an error. s is not modified. Cost O(rules).
func CompileTriggerSet(s TriggerSetSpec) (*TriggerSet, error) {
	var errs []error
	bad := func(path, msg string) {
		errs = append(errs, &SpecError{Path: path, Err: ErrValue, Msg: msg})
	}
	if s.Kind != "" && s.Kind != KindTriggerSet {
		errs = append(errs, &SpecError{Path: "kind", Err: ErrInvalidSpec, Msg: strconv.Quote(s.Kind) + ", want " + strconv.Quote(KindTriggerSet)})
	}
	if len(s.Rules) == 0 {
		bad("rules", "no rules")
	}
	if len(s.Rules) > MaxRules {
		return nil, &SpecError{Path: "rules", Err: ErrLimit, Msg: fmt.Sprintf("%d rules, limit %d", len(s.Rules), MaxRules)}
	}
	ids := map[RuleID]bool{}
	p := &TriggerSet{spec: TriggerSetSpec{Kind: KindTriggerSet, Version: s.Version, ID: s.ID}}
	for i, r := range s.Rules {
		path := "rules[" + strconv.Itoa(i) + "]"
		switch {
		case r.ID == "":
			bad(path+".id", "empty")
		case ids[r.ID]:
			bad(path+".id", "duplicate "+strconv.Quote(string(r.ID)))
		}
		ids[r.ID] = true
		if !r.Plan.IsValid() {
			bad(path+".plan", "unknown plan")
		}
		if r.MinLevel == nil && r.MinNotches == nil && r.MinDPD == nil {
			bad(path, "no condition")
		}
		if r.MinLevel != nil && !r.MinLevel.IsValid() {
			bad(path+".minLevel", "unknown level")
		}
		if r.MinNotches != nil && *r.MinNotches < 1 {
			bad(path+".minNotches", "must be ≥ 1")
		}
		if r.MinDPD != nil && *r.MinDPD < 0 {
			bad(path+".minDPD", "must be ≥ 0")
		}
		r.MinLevel, r.MinNotches, r.MinDPD = clonePtr(r.MinLevel), clonePtr(r.MinNotches), clonePtr(r.MinDPD)
		p.rules = append(p.rules, r)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	p.spec.Rules = p.rules
	return p, nil
}

// ParseTriggerSet decodes a JSON trigger set document strictly: at most
// [MaxDocumentBytes] bytes ([ErrLimit]), one JSON object with "kind":
// "exit-trigger-set", no unknown or duplicate members, no trailing data. A
// defect is a [*SpecError] with its path ("$" for the document as a whole),
// matching [ErrInvalidSpec]; a document without a non-blank "version" is one at
// path "version". ParseTriggerSet does not validate values:
// [CompileTriggerSet] does.
func ParseTriggerSet(data []byte) (TriggerSetSpec, error) {
	var s TriggerSetSpec
	if err := decodeSpec(data, &s, KindTriggerSet); err != nil {
		return TriggerSetSpec{}, err
	}
	if err := checkVersion(s.Version); err != nil {
		return TriggerSetSpec{}, err
	}
	return s, nil
}

// LoadTriggerSet decodes and compiles a JSON trigger set: [ParseTriggerSet]
// then [CompileTriggerSet].
func LoadTriggerSet(data []byte) (*TriggerSet, error) {
	s, err := ParseTriggerSet(data)
	if err != nil {
		return nil, err
	}
	return CompileTriggerSet(s)
}

// Spec returns a deep copy of the spec the set was compiled from, with Kind
// filled in.
func (p *TriggerSet) Spec() TriggerSetSpec {
	if p == nil {
		return TriggerSetSpec{}
	}
	s := p.spec
	s.Rules = make([]TriggerRuleSpec, len(p.rules))
	for i, r := range p.rules {
		r.MinLevel, r.MinNotches, r.MinDPD = clonePtr(r.MinLevel), clonePtr(r.MinNotches), clonePtr(r.MinDPD)
		s.Rules[i] = r
	}
	return s
}

// Recommend returns the exit plan for a performing but deteriorating
// borrower: every rule whose conditions all hold fires, and the plan is the
// most severe among them ([Maintain] when none fires), with every fired rule
// as a reason. Errors: [ErrValue] for an unknown warning level or a negative
// DPD. Cost O(rules).
//
// References:
//   - EBA/GL/2018/06, Guidelines on management of non-performing and forborne exposures (early-warning mechanisms, NPE strategy).
//   - docs/reference/exit.md §6.1 (options by warning level).
func (p *TriggerSet) Recommend(b Borrower) (Recommendation, error) {
	if p == nil {
		p = &TriggerSet{}
	}
	if b.WarningLevel >= numLevels {
		return Recommendation{}, inputErr("warningLevel", b.WarningLevel, ErrValue)
	}
	if b.DPD < 0 {
		return Recommendation{}, inputErr("dpd", b.DPD, ErrValue)
	}
	var rec Recommendation
	for _, r := range p.rules {
		if (r.MinLevel == nil || b.WarningLevel >= *r.MinLevel) &&
			(r.MinNotches == nil || b.Notches >= *r.MinNotches) &&
			(r.MinDPD == nil || b.DPD >= *r.MinDPD) {
			rec.Reasons = append(rec.Reasons, Trigger{Rule: r.ID, Plan: r.Plan})
			rec.Plan = max(rec.Plan, r.Plan)
		}
	}
	slices.SortStableFunc(rec.Reasons, func(a, b Trigger) int { return b.Plan.Compare(a.Plan) })
	return rec, nil
}
