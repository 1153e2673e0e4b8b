package access

import (
	"encoding/json"
	"maps"
	"math/bits"
	"slices"
	"strconv"
)

// Policy is a compiled access policy. Build one with [CompilePolicy] or
// [LoadPolicy].
//
// A Policy is immutable and safe for concurrent use by multiple goroutines:
// Decide, DecideTo, DecideAll, Explain, Simulate and Diff never write to it.
// The zero value and a nil *Policy are not usable: those methods refuse them
// with an [*InputError] wrapping [ErrNilPolicy], and the accessors return
// zero values.
type Policy struct {
	schema  *Schema
	id      string
	version string
	hash    string
	spec    PolicySpec
	rules   []rule
	fast    []fastCond // one per rule, the hot-path form of its condition
	scan    scan       // all-pass test over fast
	derived []int      // slots of the derived fields the rules use, ascending
}

// ID returns the policy id ("" for a nil Policy).
func (p *Policy) ID() string {
	if p == nil {
		return ""
	}
	return p.id
}

// Version returns the policy version ("" for a nil Policy).
func (p *Policy) Version() string {
	if p == nil {
		return ""
	}
	return p.version
}

// Hash returns "sha256:" and the hex SHA-256 of the policy's canonical JSON
// form (literals normalised to their field's kind and scale, onMissing
// explicit) together with its schema's hash. Two specs that mean the same
// thing have the same hash. A nil Policy gives "".
func (p *Policy) Hash() string {
	if p == nil {
		return ""
	}
	return p.hash
}

// Schema returns the schema the policy was compiled against (nil for a nil
// Policy).
func (p *Policy) Schema() *Schema {
	if p == nil {
		return nil
	}
	return p.schema
}

// Len returns the number of rules (0 for a nil Policy).
func (p *Policy) Len() int {
	if p == nil {
		return 0
	}
	return len(p.rules)
}

// Spec returns the policy in canonical form: Kind filled, literals
// re-encoded at their field's kind and scale (decimals as strings),
// onMissing written out. Compiling it again gives an equal policy with the
// same hash. A nil Policy gives the zero PolicySpec.
func (p *Policy) Spec() PolicySpec {
	if p == nil {
		return PolicySpec{}
	}
	s := p.spec
	s.Rules = make([]RuleSpec, len(p.spec.Rules))
	for i, r := range p.spec.Rules {
		r.ConditionSpec = cloneCond(r.ConditionSpec)
		r.Message = maps.Clone(r.Message)
		s.Rules[i] = r
	}
	return s
}

func cloneCond(c ConditionSpec) ConditionSpec {
	c.Value = slices.Clone(c.Value)
	c.Min = slices.Clone(c.Min)
	c.Max = slices.Clone(c.Max)
	if c.All != nil {
		all := make([]ConditionSpec, len(c.All))
		for i := range c.All {
			all[i] = cloneCond(c.All[i])
		}
		c.All = all
	}
	if c.Any != nil {
		anyc := make([]ConditionSpec, len(c.Any))
		for i := range c.Any {
			anyc[i] = cloneCond(c.Any[i])
		}
		c.Any = anyc
	}
	return c
}

// MarshalJSON writes the canonical spec (see [Policy.Spec]); a nil or zero
// Policy is an [*InputError] wrapping [ErrNilPolicy].
func (p *Policy) MarshalJSON() ([]byte, error) {
	if err := p.valid("p"); err != nil {
		return nil, err
	}
	return json.Marshal(p.spec)
}

// Decide evaluates every rule, in declared order, against f and returns the
// decision and its reasons. It fails, with an [*InputError] naming the
// argument and the decision [DecisionUnknown], only for bad arguments:
// [ErrNilPolicy] for a nil or zero p, [ErrNilFacts] for nil or zero f, and
// [ErrSchemaMismatch] when f was built by another schema than the policy's;
// otherwise it cannot fail. Cost: O(rules) and no allocation beyond the
// reasons (see [Policy.DecideTo]).
// Decide does not modify f.
//
// The decision is the priority combination of the rule results:
//
//	reject  if any rule applied severity reject
//	refer   otherwise, if any rule applied severity refer
//	accept  otherwise (warn never changes the decision)
//
// where a rule applies its severity when its condition fails and its
// onMissing severity (default refer) when a fact it needs is missing.
//
// References:
//   - Object Management Group, Decision Model and Notation (DMN) 1.5,
//     decision tables, hit policy "Priority" (P).
func (p *Policy) Decide(f *Facts) (Outcome, error) {
	var out Outcome
	err := p.decide(&out, f, false)
	return out, err
}

// DecideTo is Decide writing into dst, reusing its storage: once dst has
// grown to the policy's size, a call makes no allocation (unless a derived
// fact's formula allocates, as ratio does). It returns Decide's errors, and
// [ErrNilOutcome] (in an [*InputError] for field "dst") for a nil dst.
func (p *Policy) DecideTo(dst *Outcome, f *Facts) error {
	return p.decide(dst, f, false)
}

// BatchResult is the decision for one applicant of [Policy.DecideAll]: its
// Outcome, or the error that prevented it (then Result.Decision is
// [DecisionUnknown]).
type BatchResult struct {
	Result Outcome
	Err    error
}

// DecideAll decides every applicant and returns one BatchResult per
// applicant, in input order. A bad applicant (nil Facts, or Facts of another
// schema) gets its own [*InputError], with Field "applicants[i]", and never
// stops the others; a nil or zero p gives every applicant the
// [ErrNilPolicy] error. Cost: O(len(applicants) × rules).
//
// The reasons of all outcomes share a few large arrays (each outcome's
// Reasons has its own length and capacity, so appending to one never
// touches another): memory O(applicants + reasons) in O(reasons / 1024)
// allocations.
func (p *Policy) DecideAll(applicants []*Facts) []BatchResult {
	out := make([]BatchResult, len(applicants))
	var scratch Outcome
	var arena []Reason
	for i, f := range applicants {
		err := p.decide(&scratch, f, false)
		r := &out[i].Result
		r.Decision, r.PolicyID, r.Version, r.Hash = scratch.Decision, scratch.PolicyID, scratch.Version, scratch.Hash
		if err != nil {
			out[i].Err = applicantErr(i, err)
			continue
		}
		if n := len(scratch.Reasons); n > 0 {
			if cap(arena)-len(arena) < n {
				arena = make([]Reason, 0, max(n, 1024))
			}
			start := len(arena)
			arena = append(arena, scratch.Reasons...)
			r.Reasons = arena[start:len(arena):len(arena)]
		}
	}
	return out
}

// applicantErr names applicant i in the InputError err of a batch: Field
// "applicants[i]" for the facts, the argument name otherwise.
func applicantErr(i int, err error) error {
	if ie, ok := err.(*InputError); ok && ie.Field == "f" {
		return &InputError{Field: "applicants[" + strconv.Itoa(i) + "]", Value: ie.Value, Err: ie.Err}
	}
	return err
}

// Explain is Decide with the full trace: Outcome.Trace holds one entry per
// rule, in declared order, passing rules included (with severity pass).
func (p *Policy) Explain(f *Facts) (Outcome, error) {
	var out Outcome
	err := p.decide(&out, f, true)
	return out, err
}

// badArgs is decide's error path, kept out of the hot path: it says which
// argument is nil or invalid and leaves dst, when there is one, with an
// unknown decision and no reasons.
func (p *Policy) badArgs(dst *Outcome, f *Facts) error {
	if dst != nil {
		dst.Decision, dst.PolicyID, dst.Version, dst.Hash = DecisionUnknown, "", "", ""
		dst.Reasons, dst.Trace = dst.Reasons[:0], dst.Trace[:0]
		if p != nil {
			dst.PolicyID, dst.Version, dst.Hash = p.id, p.version, p.hash
		}
	}
	if err := p.valid("p"); err != nil {
		return err
	}
	switch {
	case dst == nil:
		return &InputError{Field: "dst", Err: ErrNilOutcome}
	case f == nil || f.schema == nil:
		return &InputError{Field: "f", Err: ErrNilFacts}
	}
	return &InputError{Field: "f", Value: "schema " + strconv.Quote(cut(f.schema.version)), Err: ErrSchemaMismatch}
}

// valid returns an [*InputError] naming arg when p is nil or a zero Policy.
func (p *Policy) valid(arg string) error {
	if p == nil || p.schema == nil {
		return &InputError{Field: arg, Err: ErrNilPolicy}
	}
	return nil
}

// decide is the dispatch of Decide, DecideTo and Explain: the arguments are
// checked, the derived facts computed, and the rules evaluated by the fast
// path (fast.go; its entry for up to 64 rules is inline here, which saves a
// call per decision) or, with a trace, by the general evaluator (eval.go).

func (p *Policy) decide(dst *Outcome, f *Facts, trace bool) error {
	if p == nil || dst == nil || f == nil || f.schema != p.schema || p.schema == nil {
		return p.badArgs(dst, f)
	}
	dst.PolicyID, dst.Version, dst.Hash = p.id, p.version, p.hash
	dst.Reasons = dst.Reasons[:0]
	dst.Trace = dst.Trace[:0]
	if len(p.derived) > 0 {
		p.derive(dst, f)
	}
	if trace {
		dst.Decision = p.explain(dst, f.vals)
		return nil
	}
	if len(p.rules) > 64 {
		p.decideFast(dst, f)
		return nil
	}
	// Up to 64 rules (fast.go): the marks, in a register, are the all-pass
	// test, so a rejected applicant is scanned once; when every marked rule
	// failed on a present value of its field's kind within int64 (or a
	// string), fastReasons writes the reasons, and markedReasons otherwise.
	sc := &p.scan
	var m, odd uint64
	if sc.fit(f.odd) {
		m = sc.markFit(f.ints)
		if len(sc.strs) > 0 {
			m |= sc.markStrs(f.vals)
		}
		odd = m & sc.slow[0]
	} else {
		m, odd = sc.mark64(f)
	}
	switch {
	case m == 0:
		dst.Decision = Accept
	case odd == 0:
		if cap(dst.Reasons) < len(p.rules) {
			dst.grow(len(p.rules))
		}
		dst.Reasons = dst.Reasons[:bits.OnesCount64(m)] // the length only
		dst.Decision = p.fastReasons(dst.Reasons, m, f.vals)
	default:
		p.markedReasons(dst, f, []uint64{m})
	}
	return nil
}
