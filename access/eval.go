package access

// This file holds the general evaluator: three-valued evaluation of any
// compiled condition (groups included), the derived facts, and the traced
// decision of Explain. The fast path in fast.go hands it every rule it
// cannot decide.

// result is the three-valued result of a condition.
type result uint8

const (
	rPass result = iota
	rFail
	rMissing
)

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
	return newReason(r, sev, res == rMissing, obs)
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
	case OpEQ:
		ok = equal(v, &c.a)
	case OpNE:
		ok = !equal(v, &c.a)
	case OpLT:
		ok = compare(v, &c.a) < 0
	case OpLE:
		ok = compare(v, &c.a) <= 0
	case OpGT:
		ok = compare(v, &c.a) > 0
	case OpGE:
		ok = compare(v, &c.a) >= 0
	case OpBetween:
		ok = compare(v, &c.a) >= 0 && compare(v, &c.b) <= 0
	case OpIn:
		ok = member(c, v)
	case OpNotIn:
		ok = !member(c, v)
	case OpIsTrue:
		ok = v.i != 0
	case OpIsFalse:
		ok = v.i == 0
	case OpPresent:
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
