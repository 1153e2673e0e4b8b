package access

import (
	"encoding/json"
	"maps"
	"math/bits"
	"slices"
)

// Policy is a compiled access policy. Build one with [Compile].
//
// A Policy is immutable and safe for concurrent use by multiple goroutines:
// Decide, DecideInto, Explain, Simulate and Diff never write to it.
// The zero value is not usable: Decide, DecideInto, Explain, Simulate and Diff
// reject it (and a nil *Policy) with [ErrNilPolicy].
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

// ID returns the policy id.
func (p *Policy) ID() string { return p.id }

// Version returns the policy version.
func (p *Policy) Version() string { return p.version }

// Hash returns "sha256:" and the hex SHA-256 of the policy's canonical JSON
// form (literals normalised to their field's kind and scale, on_missing
// explicit) together with its schema's hash. Two specs that mean the same
// thing have the same hash.
func (p *Policy) Hash() string { return p.hash }

// Schema returns the schema the policy was compiled against.
func (p *Policy) Schema() *Schema { return p.schema }

// Len returns the number of rules.
func (p *Policy) Len() int { return len(p.rules) }

// Spec returns the policy in canonical form: literals re-encoded at their
// field's kind and scale (decimals as strings), on_missing written out.
// Compiling it again gives an equal policy with the same hash.
func (p *Policy) Spec() PolicySpec {
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

// MarshalJSON writes the canonical spec (see [Policy.Spec]).
func (p *Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.spec) }

// Decide evaluates every rule, in declared order, against f and returns the
// decision and its reasons. It fails, with an [*ArgError] and the decision
// [DecisionUnknown], only for bad arguments: [ErrNilPolicy] for a nil or zero
// p, [ErrNilFacts] for nil or zero f, and [ErrSchemaMismatch] when f was
// built by another schema than the policy's; otherwise it cannot fail.
// Decide does not modify f.
//
// The decision is the priority combination of the rule results:
//
//	reject  if any rule applied severity reject
//	refer   otherwise, if any rule applied severity refer
//	accept  otherwise (warn never changes the decision)
//
// where a rule applies its severity when its condition fails and its
// on_missing severity (default refer) when a fact it needs is missing.
//
// References:
//   - Object Management Group, Decision Model and Notation (DMN) 1.5,
//     decision tables, hit policy "Priority" (P).
func (p *Policy) Decide(f *Facts) (Outcome, error) {
	var out Outcome
	err := p.decide(&out, f, false)
	return out, err
}

// DecideInto is Decide writing into dst, reusing its storage: once dst has
// grown to the policy's size, a call makes no allocation (unless a host
// [DeriveFunc] allocates). It returns Decide's errors, and [ErrNilOutcome]
// (in an [*ArgError]) for a nil dst.
func (p *Policy) DecideInto(dst *Outcome, f *Facts) error {
	return p.decide(dst, f, false)
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
		return &ArgError{Arg: "dst", Err: ErrNilOutcome, Detail: "nil *Outcome"}
	case f == nil:
		return &ArgError{Arg: "f", Err: ErrNilFacts, Detail: "nil *Facts"}
	case f.schema == nil:
		return &ArgError{Arg: "f", Err: ErrNilFacts, Detail: "zero Facts, not created by Schema.NewFacts"}
	}
	return &ArgError{Arg: "f", Err: ErrSchemaMismatch, Detail: "facts created by another Schema than the policy's"}
}

// valid returns an [*ArgError] naming arg when p is nil or a zero Policy.
func (p *Policy) valid(arg string) error {
	switch {
	case p == nil:
		return &ArgError{Arg: arg, Err: ErrNilPolicy, Detail: "nil *Policy"}
	case p.schema == nil:
		return &ArgError{Arg: arg, Err: ErrNilPolicy, Detail: "zero Policy, not built by Compile"}
	}
	return nil
}

type result uint8

const (
	rPass result = iota
	rFail
	rMissing
)

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
	dec := Accept
	vals := f.vals
	// One pass over the Compile-time reductions marks the rules that do not
	// certainly pass; only those get the per-rule work below. Up to 64
	// rules, the marks themselves are the all-pass test, so a rejected
	// applicant is scanned once.
	var buf [4]uint64 // up to 256 rules without scratch
	nw := (len(p.rules) + 63) / 64
	var marks []uint64
	if nw == 1 {
		buf[0] = p.scan.mark64(p.fast, vals)
		if buf[0] == 0 {
			dst.Decision = dec
			return nil
		}
		marks = buf[:1]
	} else {
		if p.scan.allPass(p.fast, vals) {
			dst.Decision = dec
			return nil
		}
		if nw > len(buf) && cap(dst.marks) < nw {
			dst.marks = make([]uint64, nw)
		}
		marks = buf[:min(nw, len(buf))]
		if nw > len(buf) {
			marks = dst.marks[:nw]
		}
		p.scan.mark(p.fast, vals, marks)
	}
	rs := dst.Reasons[:0]
	if cap(rs) < len(p.rules) {
		rs = make([]Reason, 0, len(p.rules))
	}
	if nw == 1 && marks[0]&p.scan.slow[0] == 0 {
		if out, d, ok := p.fastReasons(rs, marks[0], vals); ok {
			dst.Reasons, dst.Decision = out, d
			return nil
		}
	}
	kinds := p.scan.kinds
	for w, m := range marks {
		for ; m != 0; m &= m - 1 {
			i := w<<6 | bits.TrailingZeros64(m)
			r := &p.rules[i]
			// A marked rule on its reduction failed, unless its fact is
			// missing or it is a decimal beyond int64, which slowReason
			// decides with eval, as it does groups, sets of ints and derived
			// facts (eval is the general evaluator, which Explain uses for
			// every rule and the tests hold this path to). Facts are typed,
			// so a present value of a string list rule is a string. The
			// common case stays in this loop, free of calls, so its state
			// stays in registers.
			fk := kinds[i]
			if fk == fSlow {
				rs, dec = p.slowReason(rs, dec, r, vals, dst.derived)
				continue
			}
			obs := &vals[r.c.slot]
			if obs.k == kMissing || !obs.fits && fk != fStrings {
				rs, dec = p.slowReason(rs, dec, r, vals, dst.derived)
				continue
			}
			sev := r.sev
			if sev == sevPass {
				continue
			}
			dec = max(dec, sevDecision[sev&3])
			n := len(rs)
			rs = rs[:n+1]
			e := &rs[n]
			e.rule, e.sev, e.missing = r, sev, false
			e.observed = *obs
		}
	}
	dst.Reasons = rs
	dst.Decision = dec
	return nil
}

// fastReasons is the reasons loop of decide for a policy of at most 64
// rules whose marked rules m are all reduced (none of kind fSlow): a leaf
// loop without calls, so its state stays in registers. It gives up (ok
// false, rs to be discarded) on a missing fact or a decimal beyond int64,
// which decide's general loop hands to eval.
func (p *Policy) fastReasons(rs []Reason, m uint64, vals []Value) (out []Reason, dec Decision, ok bool) {
	rules, kinds := p.rules, p.scan.kinds
	dec = Accept
	for ; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		r := &rules[i]
		obs := &vals[r.c.slot]
		if obs.k == kMissing || !obs.fits && kinds[i] != fStrings {
			return rs, dec, false
		}
		sev := r.sev
		if sev == sevPass {
			continue
		}
		dec = max(dec, sevDecision[sev&3])
		n := len(rs)
		rs = rs[:n+1]
		e := &rs[n]
		e.rule, e.sev, e.missing = r, sev, false
		e.observed = *obs
	}
	return rs, dec, true
}

// slowReason evaluates marked rule r with eval and appends its reason, if
// any, to rs (whose capacity holds one reason per rule), returning rs and
// dec raised to the rule's decision.
//
//go:noinline
func (p *Policy) slowReason(rs []Reason, dec Decision, r *rule, vals, derived []Value) ([]Reason, Decision) {
	res, obs := eval(&r.c, vals, derived, p.schema.nInput)
	sev := r.sev
	switch res {
	case rPass:
		return rs, dec
	case rMissing:
		sev = r.onMissing
	}
	if sev == sevPass {
		return rs, dec
	}
	return append(rs, r.reason(sev, res, obs)), max(dec, sevDecision[sev&3])
}

// sevDecision is the decision a severity applied by a rule asks for.
var sevDecision = [4]Decision{sevPass: Accept, sevWarn: Accept, sevRefer: Refer, sevReject: Reject}

// explain evaluates every rule with eval into dst.Reasons and dst.Trace and
// returns the decision.
func (p *Policy) explain(dst *Outcome, vals []Value) Decision {
	dec := Accept
	if cap(dst.Trace) < len(p.rules) {
		dst.Trace = make([]Reason, 0, len(p.rules))
	}
	for i := range p.rules {
		r := &p.rules[i]
		res, obs := eval(&r.c, vals, dst.derived, p.schema.nInput)
		sev := sevPass
		switch res {
		case rFail:
			sev = r.sev
		case rMissing:
			sev = r.onMissing
		}
		switch sev {
		case sevReject:
			dec = Reject
		case sevRefer:
			dec = max(dec, Refer)
		}
		rs := r.reason(sev, res, obs)
		if sev != sevPass {
			dst.Reasons = append(dst.Reasons, rs)
		}
		dst.Trace = append(dst.Trace, rs)
	}
	return dec
}

// reason returns the reason for rule r's result.
func (r *rule) reason(sev sevcode, res result, obs *Value) Reason {
	rs := Reason{rule: r, sev: sev, missing: res == rMissing}
	if obs != nil {
		rs.observed = *obs
	}
	return rs
}

// derive computes the derived facts the policy uses into dst's scratch.
func (p *Policy) derive(dst *Outcome, f *Facts) {
	if len(p.derived) == 0 {
		return
	}
	s := p.schema
	nd := len(s.fields) - s.nInput
	if cap(dst.derived) < nd {
		dst.derived = make([]Value, nd)
	}
	dst.derived = dst.derived[:nd]
	for _, k := range p.derived {
		fd := &s.fields[k]
		args := dst.args[:0]
		for _, in := range fd.inputs {
			args = append(args, f.vals[in])
		}
		dst.args = args
		dst.derived[k-s.nInput] = normalizeDerived(fd, fd.fn(args), s.lim.MaxStringLen)
	}
}

func normalizeDerived(fd *field, v Value, maxStr int) Value {
	if !v.Present() {
		return v
	}
	switch {
	case fd.kind == kDecimal && v.k == kDecimal:
		nv, pr := scaleDecimal(v.d, fd.scale)
		if pr == nil {
			return nv
		}
	case (fd.kind == kEnum || fd.kind == kString) && (v.k == kString || v.k == kEnum):
		nv, pr := stringValue(fd, v.s, maxStr)
		if pr == nil {
			return nv
		}
	case fd.kind == kDate && v.k == kDate:
		if minDateDays <= v.i && v.i <= maxDateDays {
			return v
		}
	case fd.kind == v.k:
		return v
	}
	return MissingValue(CodeDerivedInvalid)
}

// fastPass reports whether a condition certainly passes, using its
// Compile-time reduction; false means "evaluate it with eval", which alone
// decides failures and missing facts.
func fastPass(fc *fastCond, vals []Value) bool {
	switch fc.kind {
	case fRange:
		v := &vals[fc.slot]
		return v.fits && uint64(v.i)-uint64(fc.lo) <= fc.span
	case fMask:
		v := &vals[fc.slot]
		return v.fits && fc.mask>>(uint64(v.i)&63)&1 != 0
	case fStrings:
		v := &vals[fc.slot]
		if v.k != kString && v.k != kEnum {
			return false
		}
		in := false
		if hasFirst(&fc.first, v.s) {
			for _, s := range fc.strs {
				if s == v.s {
					in = true
					break
				}
			}
		}
		return in != fc.neg
	case fPresent:
		return vals[fc.slot].k != kMissing
	}
	return false
}

// eval evaluates a condition with three-valued logic. For a comparison it
// also returns the observed value.
func eval(c *cond, vals, derived []Value, nInput int) (result, *Value) {
	if c.group != nil {
		missing := false
		for k := range c.group {
			res, _ := eval(&c.group[k], vals, derived, nInput)
			switch {
			case res == rMissing:
				missing = true
			case c.any && res == rPass:
				return rPass, nil
			case !c.any && res == rFail:
				return rFail, nil
			}
		}
		switch {
		case missing:
			return rMissing, nil
		case c.any:
			return rFail, nil
		}
		return rPass, nil
	}
	return evalLeaf(c, vals, derived, nInput)
}

// evalLeaf evaluates a comparison; it is kept apart from eval so the common
// case of one comparison per rule is a direct, non-recursive call.
func evalLeaf(c *cond, vals, derived []Value, nInput int) (result, *Value) {
	var v *Value
	if c.slot < nInput {
		v = &vals[c.slot]
	} else {
		v = &derived[c.slot-nInput]
	}
	if v.k == kMissing {
		return rMissing, v
	}
	var ok bool
	switch c.op {
	case opEq:
		ok = equal(v, &c.a)
	case opNe:
		ok = !equal(v, &c.a)
	case opLt:
		ok = compare(v, &c.a) < 0
	case opLe:
		ok = compare(v, &c.a) <= 0
	case opGt:
		ok = compare(v, &c.a) > 0
	case opGe:
		ok = compare(v, &c.a) >= 0
	case opBetween:
		ok = compare(v, &c.a) >= 0 && compare(v, &c.b) <= 0
	case opIn:
		ok = member(c, v)
	case opNotIn:
		ok = !member(c, v)
	case opIsTrue:
		ok = v.i != 0
	case opIsFalse:
		ok = v.i == 0
	case opPresent:
		ok = true
	}
	if ok {
		return rPass, v
	}
	return rFail, v
}

func member(c *cond, v *Value) bool {
	if c.strs != nil {
		_, ok := c.strs[v.s]
		return ok
	}
	if c.ints != nil {
		_, ok := c.ints[v.i]
		return ok
	}
	for k := range c.set {
		if equal(&c.set[k], v) {
			return true
		}
	}
	return false
}
