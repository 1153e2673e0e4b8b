package access

import (
	"math"
	"math/bits"
	"slices"
)

// fastKind selects the evaluation of a rule's condition on the hot path.
type fastKind uint8

const (
	fSlow    fastKind = iota // groups, int sets, large sets, decimals beyond int64: eval
	fRange                   // ordered kinds, and enum masks of one run: lo <= x <= hi, on the circle of int64 (wrapping)
	fStrings                 // string, enum: x in strs, negated if neg
	fPresent                 // present: any value passes
	fMask                    // enum with at most 64 values: bit x of mask set
)

// This file holds the whole fast path of [Policy.Decide]: the reduction of
// each compiled comparison, at CompilePolicy, to a range, mask or string list
// test; the scan that runs those tests over an applicant's facts; and the
// reasons loop for the rules the scan marks. Everything it cannot decide
// (groups, int sets, derived facts, missing facts, decimals beyond int64)
// goes to the general evaluator in eval.go, which Explain uses for every
// rule and the tests hold this path to.

// fastCond is a comparison reduced, at CompilePolicy, to one range test on the
// int64 form of a value (ints, dates, bools, and decimals whose scaled
// coefficient fits in int64) or to a short string list. Every comparison
// operator on an ordered kind is a range: lt a is [MinInt64, a-1], ge a is
// [a, MaxInt64], is-true is [1, 1], and ne a is the wrapping range [a+1, a-1]
// (every int64 but a: lo = a+1, span = 2^64-2). Negated enum tests (ne,
// not-in) keep the complement of their mask within the allowed values, so
// only string lists need neg.
type fastCond struct {
	kind fastKind
	neg  bool
	slot int32
	lo   int64
	span uint64 // hi - lo: x is in [lo, hi] iff uint64(x-lo) <= span
	strs []string
	mask uint64
	// first has bit c set when some member of strs starts with byte c (bit 0
	// of first[0] stands for the empty string): most non-members are refused
	// without a string comparison.
	first [4]uint64
	// short is set for a string list on a string field whose members are at
	// most 7 bytes long: the scan compares their strKey keys with the
	// fact's, an int64 comparison per member.
	short bool
}

// setFirst records s in a first-byte bitmap.
func setFirst(first *[4]uint64, s string) {
	c := 0
	if s != "" {
		c = int(s[0])
	}
	first[c>>6] |= 1 << (c & 63)
}

// fastOf reduces a compiled comparison on a field of kind k; nAllowed is the
// number of allowed values of an enum field.
func fastOf(c *cond, k kcode, nAllowed int) fastCond {
	f := fastCond{slot: int32(c.slot)}
	if c.group != nil {
		return f
	}
	if c.op == OpPresent {
		f.kind = fPresent
		return f
	}
	if k == kEnum && nAllowed <= 64 {
		switch c.op {
		case OpEQ, OpNE:
			f.kind, f.mask = fMask, 1<<uint(c.a.i)
		case OpIn, OpNotIn:
			f.kind = fMask
			for _, v := range c.set {
				f.mask |= 1 << uint(v.i)
			}
		}
		if c.op == OpNE || c.op == OpNotIn {
			// An enum value's index is below nAllowed.
			f.mask = ^f.mask & (math.MaxUint64 >> (64 - nAllowed))
		}
		if lo := bits.TrailingZeros64(f.mask); f.mask != 0 && (f.mask>>lo)&(f.mask>>lo+1) == 0 {
			// One run of allowed indices, lo to lo+span: a range test,
			// which the scan runs with the others.
			f.kind, f.lo, f.span, f.mask = fRange, int64(lo), uint64(bits.OnesCount64(f.mask)-1), 0
		}
		return f
	}
	if k == kString || k == kEnum {
		switch c.op {
		case OpEQ, OpNE:
			f.kind, f.neg, f.strs = fStrings, c.op == OpNE, []string{c.a.s}
			setFirst(&f.first, c.a.s)
		case OpIn, OpNotIn:
			if len(c.set) > linearSetMax {
				return f
			}
			f.kind, f.neg = fStrings, c.op == OpNotIn
			for _, v := range c.set {
				f.strs = append(f.strs, v.s)
				setFirst(&f.first, v.s)
			}
		}
		f.short = k == kString
		for _, m := range f.strs {
			f.short = f.short && len(m) <= 7
		}
		return f
	}
	if k == kDecimal && (!c.a.fits || c.op == OpBetween && !c.b.fits) {
		return f
	}
	a := c.a.i
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch c.op {
	case OpEQ:
		lo, hi = a, a
	case OpNE:
		f.kind, f.lo, f.span = fRange, a+1, math.MaxUint64-1 // wraps at MaxInt64
		return f
	case OpLT:
		if a == math.MinInt64 {
			lo, hi = 1, 0 // empty
		} else {
			hi = a - 1
		}
	case OpLE:
		hi = a
	case OpGT:
		if a == math.MaxInt64 {
			lo, hi = 1, 0
		} else {
			lo = a + 1
		}
	case OpGE:
		lo = a
	case OpBetween:
		lo, hi = a, c.b.i
	case OpIsTrue:
		lo, hi = 1, 1
	case OpIsFalse:
		lo, hi = 0, 0
	default: // in, not-in on ints, dates, decimals
		return f
	}
	if lo > hi {
		return f // empty range: leave it to eval
	}
	f.kind, f.lo, f.span = fRange, lo, uint64(hi)-uint64(lo)
	return f
}

// The tests of the fast path, each written once: a range on the int64 form
// of a value, a bit of an enum mask, membership in a short string list by
// key or by string comparison. Those on ints read the scan form of the
// facts (Facts.ints), valid for a present value only.

// rangeCheck is a fRange condition packed for the scan.
type rangeCheck struct {
	slot int32
	rule int32
	lo   int64
	span uint64
}

// pass reports whether x (an int64's bits) lies in [lo, lo+span], on the
// circle of int64.
func (c *rangeCheck) pass(x uint64) bool { return x-uint64(c.lo) <= c.span }

// maskCheck is a fMask condition packed for the scan.
type maskCheck struct {
	slot int32
	rule int32
	mask uint64
}

// pass reports whether bit x (an enum index) of mask is set.
func (c *maskCheck) pass(x uint64) bool { return c.mask>>(x&63)&1 != 0 }

// keyCheck is a fStrings condition whose members are at most 7 bytes long,
// on a string field, packed for the scan.
type keyCheck struct {
	slot  int32
	rule  int32
	neg   bool
	first [4]uint64 // as in fastCond
	keys  []uint64  // strKey of each member
}

// pass reports whether the list test passes for a string of key x: most
// non-members are refused by their first byte (the key's lowest byte, 0 for
// the empty string; a long string's key, all ones, has a first byte no
// member has and equals no member's key).
func (c *keyCheck) pass(x uint64) bool {
	b := x & 0xFF
	if c.first[b>>6]&(1<<(b&63)) == 0 {
		return c.neg
	}
	return slices.Contains(c.keys, x) != c.neg
}

// strCheck is a fStrings condition packed for the scan.
type strCheck struct {
	slot  int32
	rule  int32
	neg   bool
	first [4]uint64 // as in fastCond
	strs  []string
}

// pass reports whether the string list test passes: facts are typed, so a
// value of any other kind is missing. Most non-members are refused by their
// first byte, without a string comparison.
func (c *strCheck) pass(vals []Value) bool {
	v := &vals[c.slot]
	if v.k != kString && v.k != kEnum {
		return false
	}
	in := false
	b := 0
	if v.s != "" {
		b = int(v.s[0])
	}
	if c.first[b>>6]&(1<<(b&63)) != 0 {
		for _, s := range c.strs {
			if s == v.s {
				in = true
				break
			}
		}
	}
	return in != c.neg
}

// presentCheck is a fPresent condition packed for the scan.
type presentCheck struct {
	slot int32
	rule int32
}

func (c *presentCheck) pass(vals []Value) bool { return vals[c.slot].k != kMissing }

// scan holds a policy's conditions packed for the first pass of a decision:
// allPass accepts an applicant who certainly passes every rule without any
// per-rule work; otherwise mark finds the rules that do not certainly pass
// (failed, missing, or to be evaluated by eval), and only those get the
// per-rule work (up to 64 rules, decide skips allPass: no marks is the
// accept). Slow rules are always marked.
type scan struct {
	ranges  []rangeCheck
	masks   []maskCheck
	keys    []keyCheck
	strs    []strCheck
	present []presentCheck
	slow    []uint64 // the rules of kind fSlow, one bit per rule
	anySlow bool     // some rule is of kind fSlow
	// need has bit s set when some check reads input slot s: when none of
	// those facts is odd (Facts.odd: missing, or a decimal beyond int64),
	// decide takes markFit rather than mark64, with no test for them.
	need []uint64
	// kinds holds each rule's fastKind, so the reasons loop reads one byte
	// per marked rule rather than its whole fastCond.
	kinds []fastKind
	// reject and refer have bit i set when rule i (of the first 64) has
	// severity reject, refer: fastReasons takes its decision from them.
	reject, refer uint64
	// slots, tags and rules hold, for each of the first 64 rules, its fact's
	// slot, the tag of its reason when it fails on a present value of its
	// field's kind within int64 (or a string), and the rule: fastReasons
	// reads them by the rule's bit, in arrays, without a bounds check.
	slots [64]int
	tags  [64]reasonTag
	rules [64]*rule
}

// newScan packs the reductions fast of the compiled rules, on a schema whose
// input fields have kinds.
func newScan(rules []rule, fast []fastCond, kinds []kcode) scan {
	nInput := len(kinds)
	sc := scan{slow: make([]uint64, (len(fast)+63)/64), kinds: make([]fastKind, len(fast)),
		need: make([]uint64, (nInput+63)/64)}
	for i, fc := range fast {
		sc.kinds[i] = fc.kind
		if i < 64 {
			switch rules[i].sev {
			case sevReject:
				sc.reject |= 1 << i
			case sevRefer:
				sc.refer |= 1 << i
			}
			t := reasonTag(rules[i].sev) << 16
			if fc.kind != fSlow {
				k := kinds[fc.slot]
				t |= reasonTag(k)
				if k != kString {
					t |= tagFits
				}
			}
			sc.rules[i], sc.slots[i], sc.tags[i] = &rules[i], int(fc.slot), t
		}
		if fc.kind != fSlow {
			sc.need[fc.slot>>6] |= 1 << (fc.slot & 63)
		}
		switch fc.kind {
		case fRange:
			sc.ranges = append(sc.ranges, rangeCheck{slot: fc.slot, rule: int32(i), lo: fc.lo, span: fc.span})
		case fMask:
			sc.masks = append(sc.masks, maskCheck{slot: fc.slot, rule: int32(i), mask: fc.mask})
		case fStrings:
			if fc.short {
				c := keyCheck{slot: fc.slot, rule: int32(i), neg: fc.neg, first: fc.first}
				for _, s := range fc.strs {
					c.keys = append(c.keys, strKey(s))
				}
				sc.keys = append(sc.keys, c)
			} else {
				sc.strs = append(sc.strs, strCheck{slot: fc.slot, rule: int32(i), neg: fc.neg, first: fc.first, strs: fc.strs})
			}
		case fPresent:
			sc.present = append(sc.present, presentCheck{slot: fc.slot, rule: int32(i)})
		default:
			sc.slow[i>>6] |= 1 << (i & 63)
			sc.anySlow = true
		}
	}
	return sc
}

// allPass reports whether every condition certainly passes on the facts:
// the accept path, which stops at the first rule that may not pass.
func (sc *scan) allPass(f *Facts) bool {
	if sc.anySlow || !sc.fit(f.odd) {
		return false
	}
	ints, vals := f.ints, f.vals
	for k := range sc.ranges {
		if c := &sc.ranges[k]; !c.pass(ints[c.slot]) {
			return false
		}
	}
	for k := range sc.masks {
		if c := &sc.masks[k]; !c.pass(ints[c.slot]) {
			return false
		}
	}
	for k := range sc.keys {
		if c := &sc.keys[k]; !c.pass(ints[c.slot]) {
			return false
		}
	}
	for k := range sc.strs {
		if !sc.strs[k].pass(vals) {
			return false
		}
	}
	// The present checks pass: fit found their facts present.
	return true
}

// fit reports whether no fact that a check reads is odd (missing, or a
// decimal beyond int64), so the checks can read the facts' int64 forms
// without testing them.
func (sc *scan) fit(odd []uint64) bool {
	if len(sc.need) == 1 && len(odd) > 0 {
		return odd[0]&sc.need[0] == 0 // up to 64 input fields
	}
	for w, n := range sc.need {
		if odd[w]&n != 0 {
			return false
		}
	}
	return true
}

// mark sets bit i of marks (one bit per rule, len(marks) = ceil(rules/64))
// for every rule i whose condition does not certainly pass on the facts. It
// overwrites marks. Policies of up to 64 rules take mark64.
func (sc *scan) mark(f *Facts, marks []uint64) {
	ints, vals := f.ints, f.vals
	copy(marks, sc.slow)
	set := func(rule int32) { marks[rule>>6] |= 1 << (rule & 63) }
	for k := range sc.ranges {
		if c := &sc.ranges[k]; !vals[c.slot].fits || !c.pass(ints[c.slot]) {
			set(c.rule)
		}
	}
	for k := range sc.masks {
		if c := &sc.masks[k]; !vals[c.slot].fits || !c.pass(ints[c.slot]) {
			set(c.rule)
		}
	}
	for k := range sc.keys {
		if c := &sc.keys[k]; vals[c.slot].k == kMissing || !c.pass(ints[c.slot]) {
			set(c.rule)
		}
	}
	for k := range sc.strs {
		if c := &sc.strs[k]; !c.pass(vals) {
			set(c.rule)
		}
	}
	for k := range sc.present {
		if c := &sc.present[k]; !c.pass(vals) {
			set(c.rule)
		}
	}
}

// mark64 is mark for a policy of at most 64 rules, the marks gathered in a
// register. It also returns odd, the marked rules that the reasons loop of
// fastReasons cannot write: rules of kind fSlow, and rules whose fact is
// missing or a decimal beyond int64 (eval decides those). When no fact a
// check reads is odd (the common case), decide takes markFit instead,
// which tests none of them.
func (sc *scan) mark64(f *Facts) (m, odd uint64) {
	ints, vals := f.ints, f.vals
	m = sc.slow[0]
	odd = m
	for k := range sc.ranges {
		c := &sc.ranges[k]
		if !vals[c.slot].fits {
			m |= 1 << (c.rule & 63)
			odd |= 1 << (c.rule & 63)
		} else if !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.masks {
		c := &sc.masks[k]
		if !vals[c.slot].fits {
			m |= 1 << (c.rule & 63)
			odd |= 1 << (c.rule & 63)
		} else if !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.keys {
		c := &sc.keys[k]
		if vals[c.slot].k == kMissing {
			m |= 1 << (c.rule & 63)
			odd |= 1 << (c.rule & 63)
		} else if !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.strs {
		c := &sc.strs[k]
		if v := &vals[c.slot]; v.k != kString && v.k != kEnum {
			// Facts are typed: the value is missing.
			m |= 1 << (c.rule & 63)
			odd |= 1 << (c.rule & 63)
		} else if !c.pass(vals) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.present {
		// A present test fails only on a missing fact.
		if c := &sc.present[k]; !c.pass(vals) {
			m |= 1 << (c.rule & 63)
			odd |= 1 << (c.rule & 63)
		}
	}
	return m, odd
}

// markFit is mark64 for facts that fit: every fact a check reads is present
// and has its int64 form, so the checks read ints without a test, and the
// present checks pass. The string lists compared as strings are left to
// markStrs, so that markFit calls nothing.
func (sc *scan) markFit(ints []uint64) uint64 {
	m := sc.slow[0]
	// Two range checks a turn: the loop's own instructions are a fifth of
	// a check's.
	r := sc.ranges
	for ; len(r) >= 4; r = r[4:] {
		if c := &r[0]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
		if c := &r[1]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
		if c := &r[2]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
		if c := &r[3]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	switch len(r) {
	case 3:
		if c := &r[2]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
		fallthrough
	case 2:
		if c := &r[1]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
		fallthrough
	case 1:
		if c := &r[0]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.masks {
		if c := &sc.masks[k]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for k := range sc.keys {
		if c := &sc.keys[k]; !c.pass(ints[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	return m
}

// markStrs returns the marks of the string list checks that compare
// strings, which markFit leaves to its caller so that it calls nothing.
//
//go:noinline
func (sc *scan) markStrs(vals []Value) uint64 {
	var m uint64
	for k := range sc.strs {
		if c := &sc.strs[k]; !c.pass(vals) {
			m |= 1 << (c.rule & 63)
		}
	}
	return m
}

// decideFast is decide without a trace: one pass over the Compile-time
// reductions marks the rules that do not certainly pass, and only those get
// per-rule work (markedReasons). Policies of up to 64 rules take the path
// inline in decide (policy.go), with markFit or mark64 and fastReasons.
func (p *Policy) decideFast(dst *Outcome, f *Facts) {
	if p.scan.allPass(f) {
		dst.Decision = Accept
		return
	}
	var buf [4]uint64 // up to 256 rules without scratch
	nw := (len(p.rules) + 63) / 64
	marks := buf[:min(nw, len(buf))]
	if nw > len(buf) {
		if cap(dst.marks) < nw {
			dst.marks = make([]uint64, nw)
		}
		marks = dst.marks[:nw]
	}
	p.scan.mark(f, marks)
	p.markedReasons(dst, f, marks)
}

// markedReasons writes into dst the decision and the reasons of the rules
// marked in marks (one bit per rule, by mark or mark64), in rule order.
func (p *Policy) markedReasons(dst *Outcome, f *Facts, marks []uint64) {
	dec := Accept
	vals := f.vals
	rs := dst.Reasons[:0]
	if cap(rs) < len(p.rules) {
		rs = make([]Reason, 0, len(p.rules))
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
			// so a present value of a string list rule is a string.
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
			// A compiled rule's severity is warn, refer or reject, never pass.
			dec = max(dec, sevDecision[r.sev&3])
			rs = append(rs, newReason(r, r.sev, false, obs))
		}
	}
	dst.Reasons = rs
	dst.Decision = dec
}

// fastReasons writes the reasons of a policy of at most 64 rules whose
// marked rules m all failed on a present, reduced value (mark64's odd is
// empty): one reason per bit of m, in rule order, into rs (of length
// popcount(m)), and returns the decision from the severity masks. It is a leaf
// without calls or branches on the rule, so its state stays in registers.
func (p *Policy) fastReasons(rs []Reason, m uint64, vals []Value) Decision {
	sc := &p.scan
	b := m
	for k := range rs {
		j := bits.TrailingZeros64(b | 1<<63)
		b &= b - 1
		v := &vals[sc.slots[j]]
		e := &rs[k]
		e.i, e.tag = v.i, sc.tags[j]
		e.rule, e.s = sc.rules[j], v.s
	}
	dec := Accept
	if m&p.scan.refer != 0 {
		dec = Refer
	}
	if m&p.scan.reject != 0 {
		dec = Reject
	}
	return dec
}

// grow gives o's reasons the capacity n, out of the hot path.
//
//go:noinline
func (o *Outcome) grow(n int) { o.Reasons = make([]Reason, 0, n) }

// sevDecision is the decision a severity applied by a rule asks for.
var sevDecision = [4]Decision{sevPass: Accept, sevWarn: Accept, sevRefer: Refer, sevReject: Reject}
