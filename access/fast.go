package access

import "math"

// fastKind selects the evaluation of a rule's condition on the hot path.
type fastKind uint8

const (
	fSlow    fastKind = iota // groups, int sets, large sets, decimals beyond int64: eval
	fRange                   // ordered kinds: lo <= x <= hi, on the circle of int64 (wrapping)
	fStrings                 // string, enum: x in strs, negated if neg
	fPresent                 // present: any value passes
	fMask                    // enum with at most 64 values: bit x of mask set
)

// fastCond is a comparison reduced, at Compile, to one range test on the
// int64 form of a value (ints, dates, bools, and decimals whose scaled
// coefficient fits in int64) or to a short string list. Every comparison
// operator on an ordered kind is a range: lt a is [MinInt64, a-1], ge a is
// [a, MaxInt64], is_true is [1, 1], and ne a is the wrapping range [a+1, a-1]
// (every int64 but a: lo = a+1, span = 2^64-2). Negated enum tests (ne,
// not_in) keep the complement of their mask within the allowed values, so
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
}

// setFirst records s in a first-byte bitmap.
func setFirst(first *[4]uint64, s string) {
	c := 0
	if s != "" {
		c = int(s[0])
	}
	first[c>>6] |= 1 << (c & 63)
}

// hasFirst reports whether some member may equal s, by its first byte.
func hasFirst(first *[4]uint64, s string) bool {
	c := 0
	if s != "" {
		c = int(s[0])
	}
	return first[c>>6]&(1<<(c&63)) != 0
}

// fastOf reduces a compiled comparison on a field of kind k; nAllowed is the
// number of allowed values of an enum field.
func fastOf(c *cond, k kcode, nAllowed int) fastCond {
	f := fastCond{slot: int32(c.slot)}
	if c.group != nil {
		return f
	}
	if c.op == opPresent {
		f.kind = fPresent
		return f
	}
	if k == kEnum && nAllowed <= 64 {
		switch c.op {
		case opEq, opNe:
			f.kind, f.mask = fMask, 1<<uint(c.a.i)
		case opIn, opNotIn:
			f.kind = fMask
			for _, v := range c.set {
				f.mask |= 1 << uint(v.i)
			}
		}
		if c.op == opNe || c.op == opNotIn {
			// An enum value's index is below nAllowed.
			f.mask = ^f.mask & (math.MaxUint64 >> (64 - nAllowed))
		}
		return f
	}
	if k == kString || k == kEnum {
		switch c.op {
		case opEq, opNe:
			f.kind, f.neg, f.strs = fStrings, c.op == opNe, []string{c.a.s}
			setFirst(&f.first, c.a.s)
		case opIn, opNotIn:
			if len(c.set) > linearSetMax {
				return f
			}
			f.kind, f.neg = fStrings, c.op == opNotIn
			for _, v := range c.set {
				f.strs = append(f.strs, v.s)
				setFirst(&f.first, v.s)
			}
		}
		return f
	}
	if k == kDecimal && (!c.a.fits || c.op == opBetween && !c.b.fits) {
		return f
	}
	a := c.a.i
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch c.op {
	case opEq:
		lo, hi = a, a
	case opNe:
		f.kind, f.lo, f.span = fRange, a+1, math.MaxUint64-1 // wraps at MaxInt64
		return f
	case opLt:
		if a == math.MinInt64 {
			lo, hi = 1, 0 // empty
		} else {
			hi = a - 1
		}
	case opLe:
		hi = a
	case opGt:
		if a == math.MaxInt64 {
			lo, hi = 1, 0
		} else {
			lo = a + 1
		}
	case opGe:
		lo = a
	case opBetween:
		lo, hi = a, c.b.i
	case opIsTrue:
		lo, hi = 1, 1
	case opIsFalse:
		lo, hi = 0, 0
	default: // in, not_in on ints, dates, decimals
		return f
	}
	if lo > hi {
		return f // empty range: leave it to eval
	}
	f.kind, f.lo, f.span = fRange, lo, uint64(hi)-uint64(lo)
	return f
}

// rangeCheck is a fRange condition packed for the scan.
type rangeCheck struct {
	slot int32
	rule int32
	lo   int64
	span uint64
}

// strCheck is a fStrings condition packed for the scan.
type strCheck struct {
	slot  int32
	rule  int32
	neg   bool
	first [4]uint64 // as in fastCond
	strs  []string
}

// pass reports whether the string list test passes on v: facts are typed,
// so a value of any other kind is missing.
func (c *strCheck) pass(v *Value) bool {
	if v.k != kString && v.k != kEnum {
		return false
	}
	in := false
	if hasFirst(&c.first, v.s) {
		for _, s := range c.strs {
			if s == v.s {
				in = true
				break
			}
		}
	}
	return in != c.neg
}

// maskCheck is a fMask condition packed for the scan.
type maskCheck struct {
	slot int32
	rule int32
	mask uint64
}

// scan holds a policy's conditions packed for the first pass of a decision:
// allPass accepts an applicant who certainly passes every rule without any
// per-rule work; otherwise mark finds the rules that do not certainly pass
// (failed, missing, or to be evaluated by eval), and only those get the
// per-rule work (up to 64 rules, decide skips allPass: no marks is the
// accept). Range, mask and string list conditions are tested in tight loops,
// present through fastPass; slow rules are always marked.
type scan struct {
	ranges  []rangeCheck
	masks   []maskCheck
	strs    []strCheck
	others  []int    // rules of kind fPresent
	slow    []uint64 // the rules of kind fSlow, one bit per rule
	anySlow bool     // some rule is of kind fSlow
	// kinds holds each rule's fastKind, so the reasons loop reads one byte
	// per marked rule rather than its whole fastCond.
	kinds []fastKind
}

func newScan(fast []fastCond) scan {
	sc := scan{slow: make([]uint64, (len(fast)+63)/64), kinds: make([]fastKind, len(fast))}
	for i, fc := range fast {
		sc.kinds[i] = fc.kind
		switch fc.kind {
		case fRange:
			sc.ranges = append(sc.ranges, rangeCheck{slot: fc.slot, rule: int32(i), lo: fc.lo, span: fc.span})
		case fMask:
			sc.masks = append(sc.masks, maskCheck{slot: fc.slot, rule: int32(i), mask: fc.mask})
		case fStrings:
			sc.strs = append(sc.strs, strCheck{slot: fc.slot, rule: int32(i), neg: fc.neg, first: fc.first, strs: fc.strs})
		case fPresent:
			sc.others = append(sc.others, i)
		default:
			sc.slow[i>>6] |= 1 << (i & 63)
			sc.anySlow = true
		}
	}
	return sc
}

// allPass reports whether every condition certainly passes on vals: the
// accept path, which stops at the first rule that may not pass.
func (sc *scan) allPass(fast []fastCond, vals []Value) bool {
	if sc.anySlow {
		return false
	}
	for k := range sc.ranges {
		rc := &sc.ranges[k]
		v := &vals[rc.slot]
		if !v.fits || uint64(v.i)-uint64(rc.lo) > rc.span {
			return false
		}
	}
	for k := range sc.masks {
		mc := &sc.masks[k]
		v := &vals[mc.slot]
		if !v.fits || mc.mask>>(uint64(v.i)&63)&1 == 0 {
			return false
		}
	}
	for k := range sc.strs {
		c := &sc.strs[k]
		if !c.pass(&vals[c.slot]) {
			return false
		}
	}
	for _, i := range sc.others {
		if !fastPass(&fast[i], vals) {
			return false
		}
	}
	return true
}

// mark sets bit i of marks (one bit per rule, len(marks) = ceil(rules/64))
// for every rule i whose condition does not certainly pass on vals. It
// overwrites marks. Policies of up to 64 rules take mark64.
func (sc *scan) mark(fast []fastCond, vals []Value, marks []uint64) {
	if len(marks) == 1 {
		marks[0] = sc.mark64(fast, vals)
		return
	}
	copy(marks, sc.slow)
	ranges, masks := sc.ranges, sc.masks
	for k := range ranges {
		rc := &ranges[k]
		v := &vals[rc.slot]
		if !v.fits || uint64(v.i)-uint64(rc.lo) > rc.span {
			marks[rc.rule>>6] |= 1 << (rc.rule & 63)
		}
	}
	for k := range masks {
		mc := &masks[k]
		v := &vals[mc.slot]
		if !v.fits || mc.mask>>(uint64(v.i)&63)&1 == 0 {
			marks[mc.rule>>6] |= 1 << (mc.rule & 63)
		}
	}
	for k := range sc.strs {
		c := &sc.strs[k]
		if !c.pass(&vals[c.slot]) {
			marks[c.rule>>6] |= 1 << (c.rule & 63)
		}
	}
	for _, i := range sc.others {
		if !fastPass(&fast[i], vals) {
			marks[i>>6] |= 1 << (i & 63)
		}
	}
}

// mark64 is mark for a policy of at most 64 rules, the marks gathered in a
// register.
func (sc *scan) mark64(fast []fastCond, vals []Value) uint64 {
	m := sc.slow[0]
	ranges, masks := sc.ranges, sc.masks
	for k := range ranges {
		rc := &ranges[k]
		v := &vals[rc.slot]
		if !v.fits || uint64(v.i)-uint64(rc.lo) > rc.span {
			m |= 1 << (rc.rule & 63)
		}
	}
	for k := range masks {
		mc := &masks[k]
		v := &vals[mc.slot]
		if !v.fits || mc.mask>>(uint64(v.i)&63)&1 == 0 {
			m |= 1 << (mc.rule & 63)
		}
	}
	for k := range sc.strs {
		c := &sc.strs[k]
		if !c.pass(&vals[c.slot]) {
			m |= 1 << (c.rule & 63)
		}
	}
	for _, i := range sc.others {
		if !fastPass(&fast[i], vals) {
			m |= 1 << (i & 63)
		}
	}
	return m
}
