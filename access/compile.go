package access

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// linearSetMax is the largest in / not-in set searched linearly; larger sets
// of strings or ints use a map.
const linearSetMax = 16

// cond is a compiled condition: a comparison on one slot, or a group.
type cond struct {
	op    Op
	slot  int
	a, b  Value // literal; between bounds
	set   []Value
	strs  map[string]struct{}
	ints  map[int64]struct{}
	group []cond
	any   bool
}

type rule struct {
	index     int // position in the policy
	id        RuleID
	code      ReasonCode
	sev       sevcode
	onMissing sevcode
	field     string // "" for groups
	scale     int32  // the field's scale, for a decimal field
	expected  string
	messages  map[string]string
	c         cond
}

// validCode reports whether s is UPPER_SNAKE_CASE: a letter, then letters,
// digits and underscores.
func validCode(s string) bool {
	for i, r := range s {
		if !('A' <= r && r <= 'Z' || i > 0 && ('0' <= r && r <= '9' || r == '_')) {
			return false
		}
	}
	return s != ""
}

// compiler collects the problems of one CompilePolicy call.
type compiler struct {
	s       *Schema
	lim     Limits
	errs    []error
	ruleID  RuleID
	nConds  int
	derived map[int]bool
}

func (c *compiler) bad(path string, err error, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.ruleID != "" {
		if msg != "" {
			msg += " "
		}
		msg += "(rule " + strconv.Quote(cut(string(c.ruleID))) + ")"
	}
	c.errs = append(c.errs, &SpecError{Path: path, Err: err, Msg: msg})
}

// CompilePolicy validates a policy against a schema and returns it compiled.
// It reports every problem at once, joined with [errors.Join] (at most
// [MaxErrors]), each a [*SpecError] with a path ("rules[3].value",
// "rules[0].all[1].field") and one of [ErrUnknownField], [ErrUnknownOp],
// [ErrKindMismatch], [ErrScale], [ErrOverflow], [ErrNotAllowed],
// [ErrDuplicate], [ErrMissingValue], [ErrEmptyPolicy], [ErrLimit],
// [ErrInvalidString] (a literal or message with invalid UTF-8, a lone
// surrogate escape or NUL: never turned into U+FFFD), [ErrSchemaMismatch] or
// [ErrInvalidSpec]. spec.Kind must be [KindPolicy] or
// empty (a spec built in Go). A nil or zero s is an [*InputError] wrapping
// [ErrNilSchema].
//
// Every size is checked against lim before the work it bounds. CompilePolicy
// deep-copies spec; later changes to it have no effect. Cost: linear in the
// size of the policy.
func CompilePolicy(spec PolicySpec, s *Schema, lim Limits) (*Policy, error) {
	if err := s.valid("s"); err != nil {
		return nil, err
	}
	lim = lim.withDefaults()
	c := &compiler{s: s, lim: lim, derived: map[int]bool{}}
	if spec.Kind != "" && spec.Kind != KindPolicy {
		c.bad("kind", ErrInvalidSpec, "%s, want %q", strconv.Quote(cut(spec.Kind)), KindPolicy)
	}
	if spec.ID == "" {
		c.bad("id", ErrMissingValue, "policy id is required")
	}
	if strings.TrimSpace(spec.Version) == "" {
		c.bad("version", ErrMissingValue, "policy version is required")
	}
	if len(spec.ID) > lim.MaxStringLen || len(spec.Version) > lim.MaxStringLen || len(spec.Description) > lim.MaxStringLen {
		c.bad("id", ErrLimit, "id, version or description longer than %d bytes", lim.MaxStringLen)
	}
	if y := spec.EffectiveFrom.Year(); !spec.EffectiveFrom.IsZero() && (y < MinDateYear || y > MaxDateYear) {
		c.bad("effectiveFrom", ErrInvalidSpec, "year %d outside %d..%d", y, MinDateYear, MaxDateYear)
	}
	if spec.SchemaVersion != s.version {
		c.bad("schemaVersion", ErrSchemaMismatch, "policy is for schema %q, schema is %q", cut(spec.SchemaVersion), cut(s.version))
	}
	if len(spec.Rules) == 0 {
		c.bad("rules", ErrEmptyPolicy, "")
	}
	if len(spec.Rules) > lim.MaxRules {
		c.bad("rules", ErrLimit, "%d rules, limit %d", len(spec.Rules), lim.MaxRules)
		return nil, joinErrs(c.errs, true)
	}
	p := &Policy{schema: s, id: spec.ID, version: spec.Version}
	canon := PolicySpec{Kind: KindPolicy, ID: spec.ID, Version: spec.Version, EffectiveFrom: spec.EffectiveFrom,
		SchemaVersion: spec.SchemaVersion, Description: spec.Description, Rules: make([]RuleSpec, len(spec.Rules))}
	seen := map[RuleID]int{}
	for i, rs := range spec.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		c.ruleID, c.nConds = rs.ID, 0
		r := rule{index: i, id: rs.ID, code: rs.Code, sev: rs.Severity.code(), onMissing: sevRefer}
		switch {
		case rs.ID == "":
			c.bad(path+".id", ErrMissingValue, "rule id is required")
		case len(rs.ID) > lim.MaxStringLen:
			c.bad(path+".id", ErrLimit, "id longer than %d bytes", lim.MaxStringLen)
		default:
			if j, dup := seen[rs.ID]; dup {
				c.bad(path+".id", ErrDuplicate, "rule id %q already used by rules[%d]", cut(string(rs.ID)), j)
			}
			seen[rs.ID] = i
		}
		switch {
		case rs.Code == "":
			c.bad(path+".code", ErrMissingValue, "reason code is required")
		case len(rs.Code) > lim.MaxStringLen || !validCode(string(rs.Code)):
			c.bad(path+".code", ErrInvalidSpec, "%q is not an UPPER_SNAKE_CASE code", cut(string(rs.Code)))
		}
		if rs.Severity == SeverityUnset {
			c.bad(path+".severity", ErrMissingValue, "severity is required")
		} else if r.sev == sevInvalid || r.sev == sevPass {
			c.bad(path+".severity", ErrInvalidSpec, "severity %v is not reject, refer or warn", rs.Severity)
		}
		if rs.OnMissing != SeverityUnset {
			if r.onMissing = rs.OnMissing.code(); r.onMissing == sevInvalid {
				c.bad(path+".onMissing", ErrInvalidSpec, "onMissing %v is not pass, warn, refer or reject", rs.OnMissing)
			}
		}
		if len(rs.Message) > lim.MaxSetSize {
			c.bad(path+".message", ErrLimit, "%d messages, limit %d", len(rs.Message), lim.MaxSetSize)
		} else {
			for lang, msg := range rs.Message {
				if lang == "" || len(lang) > 35 || len(msg) > lim.MaxStringLen {
					c.bad(path+".message", ErrLimit, "language tag must be 1 to 35 bytes and message at most %d bytes", lim.MaxStringLen)
					break
				}
				if pr := checkText(lang + msg); pr != nil {
					c.bad(path+".message", pr.err, "%s", pr.detail)
					break
				}
			}
			r.messages = maps.Clone(rs.Message)
		}
		cc, canonCond, expected := c.condition(path, rs.ConditionSpec, 0)
		r.c, r.expected = cc, expected
		if cc.group == nil {
			r.field = rs.Field
			if cc.slot >= 0 {
				r.scale = s.fields[cc.slot].scale
			}
		}
		if cc.slot >= 0 && cc.op != opNone || cc.group != nil {
			k, nAllowed := kMissing, 0
			if cc.group == nil {
				k, nAllowed = s.fields[cc.slot].kind, len(s.fields[cc.slot].allowed)
			}
			fc := fastOf(&cc, k, nAllowed)
			if cc.group == nil && s.fields[cc.slot].derived {
				fc = fastCond{}
			}
			p.fast = append(p.fast, fc)
		}
		p.rules = append(p.rules, r)
		canon.Rules[i] = RuleSpec{ID: rs.ID, Code: rs.Code, ConditionSpec: canonCond, Severity: rs.Severity,
			OnMissing: r.onMissing.severity(), Message: maps.Clone(rs.Message)}
	}
	if len(c.errs) > 0 {
		return nil, joinErrs(c.errs, true)
	}
	for k := range c.derived {
		p.derived = append(p.derived, k)
	}
	slices.Sort(p.derived)
	p.spec = canon
	kinds := make([]kcode, s.nInput)
	for i := range kinds {
		kinds[i] = s.fields[i].kind
	}
	p.scan = newScan(p.rules, p.fast, kinds)
	b, err := json.Marshal(canon)
	if err != nil { // unreachable: literals were re-encoded here and the date checked
		return nil, &SpecError{Path: "$", Err: ErrInvalidSpec, Msg: err.Error()}
	}
	h := sha256.New()
	h.Write(b)
	h.Write([]byte(s.hash))
	p.hash = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return p, nil
}

// condition compiles one condition and returns it, its canonical spec and its
// expectation text.
func (c *compiler) condition(path string, cs ConditionSpec, depth int) (cond, ConditionSpec, string) {
	c.nConds++
	if c.nConds > c.lim.MaxConditions {
		if c.nConds == c.lim.MaxConditions+1 {
			c.bad(path, ErrLimit, "more than %d conditions in one rule", c.lim.MaxConditions)
		}
		return cond{}, cs, ""
	}
	isLeaf := cs.Field != "" || cs.Op != opNone || cs.Value != nil || cs.Min != nil || cs.Max != nil
	isGroup := cs.All != nil || cs.Any != nil
	switch {
	case isLeaf && isGroup:
		c.bad(path, ErrInvalidSpec, "a condition is either field/op or all/any, not both")
		return cond{}, cs, ""
	case cs.All != nil && cs.Any != nil:
		c.bad(path, ErrInvalidSpec, "use all or any, not both (nest them instead)")
		return cond{}, cs, ""
	case isGroup:
		members, key := cs.All, "all"
		if cs.Any != nil {
			members, key = cs.Any, "any"
		}
		if depth >= c.lim.MaxDepth {
			c.bad(path+"."+key, ErrLimit, "groups nested deeper than %d", c.lim.MaxDepth)
			return cond{}, cs, ""
		}
		if len(members) == 0 {
			c.bad(path+"."+key, ErrMissingValue, "empty group")
		}
		if len(members) > c.lim.MaxConditions {
			c.bad(path+"."+key, ErrLimit, "%d members, limit %d conditions in one rule", len(members), c.lim.MaxConditions)
			return cond{}, cs, ""
		}
		g := cond{any: key == "any", group: make([]cond, len(members))}
		canon := make([]ConditionSpec, len(members))
		texts := make([]string, len(members))
		for j, m := range members {
			mp := fmt.Sprintf("%s.%s[%d]", path, key, j)
			var text string
			g.group[j], canon[j], text = c.condition(mp, m, depth+1)
			if m.Field != "" && m.All == nil && m.Any == nil {
				text = m.Field + " " + text
			}
			texts[j] = text
		}
		out := ConditionSpec{All: canon}
		if g.any {
			out = ConditionSpec{Any: canon}
		}
		return g, out, key + "(" + strings.Join(texts, ", ") + ")"
	}
	return c.leaf(path, cs)
}

func (c *compiler) leaf(path string, cs ConditionSpec) (cond, ConditionSpec, string) {
	out := ConditionSpec{Field: cs.Field, Op: cs.Op}
	var fd *field
	slot := -1
	if cs.Field == "" {
		c.bad(path+".field", ErrMissingValue, "field is required")
	} else if k, ok := c.s.index[cs.Field]; !ok {
		c.bad(path+".field", ErrUnknownField, "%q is not in schema %q", cut(cs.Field), c.s.version)
	} else {
		fd, slot = &c.s.fields[k], k
		if fd.derived {
			c.derived[k] = true
		}
	}
	op := cs.Op
	switch {
	case op == opNone:
		c.bad(path+".op", ErrMissingValue, "op is required")
	case !op.IsValid():
		c.bad(path+".op", ErrUnknownOp, "%v is not one of eq, ne, lt, le, gt, ge, between, in, not-in, is-true, is-false, present", cs.Op)
		op = opNone
	}
	cd := cond{op: op, slot: slot}
	// Operands: which of value, min, max the operator takes.
	needValue := op != OpBetween && op != OpIsTrue && op != OpIsFalse && op != OpPresent && op != opNone
	needBounds := op == OpBetween
	if op != opNone {
		if needValue && cs.Value == nil {
			c.bad(path+".value", ErrMissingValue, "%s needs a value", cs.Op)
		}
		if !needValue && cs.Value != nil {
			c.bad(path+".value", ErrInvalidSpec, "%s takes no value", cs.Op)
		}
		if needBounds && (cs.Min == nil || cs.Max == nil) {
			c.bad(path, ErrMissingValue, "between needs min and max")
		}
		if !needBounds && (cs.Min != nil || cs.Max != nil) {
			c.bad(path, ErrInvalidSpec, "%s takes no min or max", cs.Op)
		}
	}
	if fd == nil || op == opNone {
		return cd, out, ""
	}
	// Operator and kind.
	switch op {
	case OpLT, OpLE, OpGT, OpGE, OpBetween:
		if fd.kind != kInt && fd.kind != kDecimal && fd.kind != kDate {
			c.bad(path+".op", ErrKindMismatch, "%s needs an int, decimal or date field; %s is %s", cs.Op, fd.name, fd.kind)
			return cd, out, ""
		}
	case OpIn, OpNotIn:
		if fd.kind == kBool {
			c.bad(path+".op", ErrKindMismatch, "%s does not apply to bool field %s", cs.Op, fd.name)
			return cd, out, ""
		}
	case OpIsTrue, OpIsFalse:
		if fd.kind != kBool {
			c.bad(path+".op", ErrKindMismatch, "%s needs a bool field; %s is %s", cs.Op, fd.name, fd.kind)
			return cd, out, ""
		}
	}
	scalar := func(p string, raw json.RawMessage) (Value, bool) {
		x, ok := c.decodeRaw(p, raw)
		if !ok {
			return Value{}, false
		}
		if x == nil {
			c.bad(p, ErrMissingValue, "null is not a literal; use the present operator or onMissing")
			return Value{}, false
		}
		v, pr := decodeJSONValue(fd, x, c.lim.MaxStringLen)
		if pr != nil {
			c.bad(p, pr.err, "%s", pr.detail)
			return Value{}, false
		}
		return v, true
	}
	switch op {
	case OpEQ, OpNE, OpLT, OpLE, OpGT, OpGE:
		if cs.Value == nil {
			return cd, out, ""
		}
		v, ok := scalar(path+".value", cs.Value)
		if !ok {
			return cd, out, ""
		}
		cd.a, out.Value = v, v.jsonValue()
		sym := map[Op]string{OpEQ: "= ", OpNE: "!= ", OpLT: "< ", OpLE: "<= ", OpGT: "> ", OpGE: ">= "}[op]
		return cd, out, sym + v.String()
	case OpBetween:
		if cs.Min == nil || cs.Max == nil {
			return cd, out, ""
		}
		lo, ok1 := scalar(path+".min", cs.Min)
		hi, ok2 := scalar(path+".max", cs.Max)
		if !ok1 || !ok2 {
			return cd, out, ""
		}
		if compare(&lo, &hi) > 0 {
			c.bad(path+".max", ErrInvalidSpec, "max %s is below min %s", hi, lo)
			return cd, out, ""
		}
		cd.a, cd.b, out.Min, out.Max = lo, hi, lo.jsonValue(), hi.jsonValue()
		return cd, out, "between " + lo.String() + " and " + hi.String()
	case OpIn, OpNotIn:
		if cs.Value == nil {
			return cd, out, ""
		}
		x, ok := c.decodeRaw(path+".value", cs.Value)
		if !ok {
			return cd, out, ""
		}
		arr, isArr := x.([]any)
		if !isArr {
			c.bad(path+".value", ErrKindMismatch, "%s needs a JSON array", cs.Op)
			return cd, out, ""
		}
		if len(arr) == 0 {
			c.bad(path+".value", ErrMissingValue, "empty set")
		}
		if len(arr) > c.lim.MaxSetSize {
			c.bad(path+".value", ErrLimit, "%d members, limit %d", len(arr), c.lim.MaxSetSize)
			return cd, out, ""
		}
		var texts []string
		var raws []json.RawMessage
		for j, e := range arr {
			ep := fmt.Sprintf("%s.value[%d]", path, j)
			if e == nil {
				c.bad(ep, ErrMissingValue, "null is not a set member")
				continue
			}
			v, pr := decodeJSONValue(fd, e, c.lim.MaxStringLen)
			if pr != nil {
				c.bad(ep, pr.err, "%s", pr.detail)
				continue
			}
			dup := false
			for k := range cd.set {
				if equal(&cd.set[k], &v) {
					c.bad(ep, ErrDuplicate, "%s listed twice", v)
					dup = true
					break
				}
			}
			if !dup {
				cd.set = append(cd.set, v)
				texts = append(texts, v.String())
				raws = append(raws, v.jsonValue())
			}
		}
		if len(cd.set) > linearSetMax {
			switch fd.kind {
			case kString, kEnum:
				cd.strs = make(map[string]struct{}, len(cd.set))
				for _, v := range cd.set {
					cd.strs[v.s] = struct{}{}
				}
			case kInt, kDate:
				cd.ints = make(map[int64]struct{}, len(cd.set))
				for _, v := range cd.set {
					cd.ints[v.i] = struct{}{}
				}
			}
		}
		b, _ := json.Marshal(raws)
		out.Value = b
		word := "in ["
		if op == OpNotIn {
			word = "not in ["
		}
		return cd, out, word + strings.Join(texts, ", ") + "]"
	case OpIsTrue:
		return cd, out, "is true"
	case OpIsFalse:
		return cd, out, "is false"
	}
	return cd, out, "present"
}

// decodeRaw decodes a JSON literal with exact numbers. Text that
// encoding/json would turn into U+FFFD (invalid UTF-8, an escaped lone UTF-16
// surrogate) is refused with ErrInvalidString, and a literal longer than a
// document with ErrLimit, before decoding.
func (c *compiler) decodeRaw(path string, raw json.RawMessage) (any, bool) {
	if len(raw) > c.lim.MaxDocumentBytes {
		c.bad(path, ErrLimit, "literal of %d bytes, limit %d", len(raw), c.lim.MaxDocumentBytes)
		return nil, false
	}
	if !utf8.Valid(raw) {
		c.bad(path, ErrInvalidString, "literal is not valid UTF-8")
		return nil, false
	}
	if u := loneSurrogate(raw); u != "" {
		c.bad(path, ErrInvalidString, "lone UTF-16 surrogate %s", u)
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		c.bad(path, ErrInvalidSpec, "bad JSON literal: %v", err)
		return nil, false
	}
	return x, true
}
