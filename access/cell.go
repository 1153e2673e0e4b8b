package access

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ParseCell parses a condition written in the compact cell syntax of table
// editors (one column per field, one row per rule) into a comparison on
// field. Literals are written bare and encoded for the field's kind, so the
// result compiles like any other [ConditionSpec]; the engine still knows only
// the closed operator set.
//
//	">= 24"  "> 24"  "<= 0.70"  "< 3"  "= valid"  "!= D"   eq … ge
//	"[25..60]"                                              between (bounds included)
//	"A,B"  or  "in A,B"                                     in
//	"not in K70,J66"                                        not-in
//	"true"  "false"                                         is-true, is-false (bool fields)
//	"present"                                               present
//
// Spaces around tokens are ignored; literals cannot contain commas. A bare
// "in" or "not in" is a keyword without its operand, never a value (write a
// one-member set as "in X"). The operator must fit the field's kind as in
// [CompilePolicy]: the order operators and between need an int, decimal or date
// field (enums have no order), in and not in do not apply to bool fields.
//
// A nil or zero s gives an [*InputError] wrapping [ErrNilSchema]. Other
// errors are a [*SpecError] with path "cell", all matching [ErrInvalidSpec]:
// [ErrUnknownField] for a field the schema does not declare,
// [ErrMissingValue] for an operator without an operand ("not in", ">=",
// "[..5]"), [ErrKindMismatch] for an operator the field's kind does not take,
// and plain ErrInvalidSpec for a cell that cannot be read.
func (s *Schema) ParseCell(field, cell string) (ConditionSpec, error) {
	c := ConditionSpec{Field: field}
	if err := s.valid("s"); err != nil {
		return c, err
	}
	k, ok := s.index[field]
	if !ok {
		return c, &SpecError{Path: "cell", Err: ErrUnknownField, Msg: fmt.Sprintf("%q", cut(field))}
	}
	kind := s.fields[k].kind
	fail := func(sentinel error, format string, args ...any) (ConditionSpec, error) {
		return c, &SpecError{Path: "cell", Err: sentinel, Msg: fmt.Sprintf(format, args...)}
	}
	bad := func(format string, args ...any) (ConditionSpec, error) {
		return fail(ErrInvalidSpec, format, args...)
	}
	// ordered reports whether the order operators apply to the field.
	ordered := kind == kInt || kind == kDecimal || kind == kDate
	errMissingOperand := errors.New("missing operand")
	lit := func(text string) (json.RawMessage, error) {
		text = strings.TrimSpace(text)
		if text == "" {
			return nil, errMissingOperand
		}
		if kind == kInt {
			if _, p := parseInt(text); p != nil {
				return nil, fmt.Errorf("%s", p.detail)
			}
			return json.RawMessage(text), nil
		}
		b, _ := json.Marshal(text)
		return b, nil
	}
	t := strings.TrimSpace(cell)
	if len(t) > s.lim.MaxStringLen {
		return bad("cell of %d bytes, limit %d", len(t), s.lim.MaxStringLen)
	}
	litErr := func(err error) (ConditionSpec, error) {
		if err == errMissingOperand {
			return fail(ErrMissingValue, "%q: missing operand", cut(t))
		}
		return bad("%q: %v", cut(t), err)
	}
	switch {
	case t == "in" || t == "not in":
		return fail(ErrMissingValue, "%q: missing operand", t)
	case t == "present":
		c.Op = OpPresent
		return c, nil
	case kind == kBool && (t == "true" || t == "false"):
		c.Op = OpIsTrue
		if t == "false" {
			c.Op = OpIsFalse
		}
		return c, nil
	case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
		lo, hi, found := strings.Cut(t[1:len(t)-1], "..")
		if !found {
			return bad("%q: want [min..max]", cut(t))
		}
		if !ordered {
			return fail(ErrKindMismatch, "%q: between needs an int, decimal or date field; %s is %s", cut(t), field, kind)
		}
		var err error
		if c.Min, err = lit(lo); err != nil {
			return litErr(err)
		}
		if c.Max, err = lit(hi); err != nil {
			return litErr(err)
		}
		c.Op = OpBetween
		return c, nil
	}
	for _, o := range []struct {
		prefix string
		op     Op
	}{{">=", OpGE}, {"<=", OpLE}, {"!=", OpNE}, {">", OpGT}, {"<", OpLT}, {"=", OpEQ}} {
		if rest, found := strings.CutPrefix(t, o.prefix); found {
			if o.op != OpEQ && o.op != OpNE && !ordered {
				return fail(ErrKindMismatch, "%q: %s needs an int, decimal or date field; %s is %s", cut(t), o.op, field, kind)
			}
			v, err := lit(rest)
			if err != nil {
				return litErr(err)
			}
			c.Op, c.Value = o.op, v
			return c, nil
		}
	}
	c.Op = OpIn
	set := t
	if rest, found := strings.CutPrefix(t, "not in "); found {
		c.Op, set = OpNotIn, rest
	} else if rest, found := strings.CutPrefix(t, "in "); found {
		set = rest
	}
	if kind == kBool {
		return fail(ErrKindMismatch, "%q: %s does not apply to bool field %s", cut(t), c.Op, field)
	}
	var members []json.RawMessage
	for _, m := range strings.Split(set, ",") {
		v, err := lit(m)
		if err != nil {
			return litErr(err)
		}
		members = append(members, v)
	}
	c.Value, _ = json.Marshal(members)
	return c, nil
}

// FormatCell writes a comparison in the cell syntax of [Schema.ParseCell].
// It fails with a [*SpecError] wrapping [ErrInvalidSpec] for a group (a cell
// holds one comparison) and for a literal the syntax cannot carry (a comma,
// or text that would read back differently), with [ErrLimit] for literals
// longer than a cell can hold (checked before any decoding), and with
// [ErrNilSchema] in an [*InputError] for a nil s; otherwise ParseCell reads
// the cell back to the same condition, compared after compilation.
func (s *Schema) FormatCell(c ConditionSpec) (string, error) {
	if err := s.valid("s"); err != nil {
		return "", err
	}
	bad := func(format string, args ...any) (string, error) {
		return "", &SpecError{Path: "cell", Err: ErrInvalidSpec, Msg: fmt.Sprintf(format, args...)}
	}
	if c.All != nil || c.Any != nil {
		return bad("a group does not fit in a cell")
	}
	if n := len(c.Value) + len(c.Min) + len(c.Max); n > 4*s.lim.MaxStringLen {
		return "", &SpecError{Path: "cell", Err: ErrLimit, Msg: fmt.Sprintf("literals of %d bytes cannot fit a cell of at most %d", n, s.lim.MaxStringLen)}
	}
	text := func(raw json.RawMessage) (string, error) {
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			return "", err
		}
		if str, ok := x.(string); ok {
			return str, nil
		}
		return strings.TrimSpace(string(raw)), nil
	}
	var cell string
	switch c.Op {
	case OpPresent:
		cell = "present"
	case OpIsTrue:
		cell = "true"
	case OpIsFalse:
		cell = "false"
	case OpBetween:
		lo, err1 := text(c.Min)
		hi, err2 := text(c.Max)
		if err1 != nil || err2 != nil {
			return bad("bad between bounds")
		}
		cell = "[" + lo + ".." + hi + "]"
	case OpEQ, OpNE, OpLT, OpLE, OpGT, OpGE:
		v, err := text(c.Value)
		if err != nil {
			return bad("bad literal: %v", err)
		}
		cell = map[Op]string{OpEQ: "= ", OpNE: "!= ", OpLT: "< ", OpLE: "<= ", OpGT: "> ", OpGE: ">= "}[c.Op] + v
	case OpIn, OpNotIn:
		var members []json.RawMessage
		if err := json.Unmarshal(c.Value, &members); err != nil {
			return bad("set is not a JSON array")
		}
		var texts []string
		for _, m := range members {
			v, err := text(m)
			if err != nil {
				return bad("bad set member: %v", err)
			}
			texts = append(texts, v)
		}
		cell = "in " + strings.Join(texts, ",")
		if c.Op == OpNotIn {
			cell = "not " + cell
		}
	default:
		return bad("unknown operator %v", c.Op)
	}
	back, err := s.ParseCell(c.Field, cell)
	if err != nil {
		return "", err
	}
	if !s.sameCondition(c, back) {
		return bad("%q does not read back to the same condition", cut(cell))
	}
	return cell, nil
}

// sameCondition compiles two conditions in one-rule policies and compares
// their canonical forms.
func (s *Schema) sameCondition(a, b ConditionSpec) bool {
	canon := func(c ConditionSpec) (string, bool) {
		p, err := CompilePolicy(PolicySpec{ID: "cell", Version: "1", SchemaVersion: s.version,
			Rules: []RuleSpec{{ID: "R", Code: "C", ConditionSpec: c, Severity: SeverityRefer}}}, s, s.lim)
		if err != nil {
			return "", false
		}
		out, _ := json.Marshal(p.spec.Rules[0].ConditionSpec)
		return string(out), true
	}
	ca, ok1 := canon(a)
	cb, ok2 := canon(b)
	return ok1 && ok2 && ca == cb
}
