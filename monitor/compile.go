package monitor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// SignalSet is a compiled, validated signal set. It is immutable and safe for concurrent use
// by multiple goroutines. The zero value is not usable: build one with [CompileSignals] or
// [ParseSignals].
type SignalSet struct {
	spec  SignalSetSpec
	esc   EscalationSpec // with defaults applied
	rules []rule
	evWin int // largest window of an event rule (0: no event rules)
}

type rule struct {
	RuleSpec
	kind     kindCode
	op       opCode
	alsoOps  []opCode // ops of Also, in order
	severity WarningLevel
	events   Event
	cusum    *CUSUM // template: Target and Sigma replaced per evaluation
}

// ParseSignals decodes a JSON [SignalSetSpec] (unknown fields are errors) and compiles it
// with [CompileSignals]. Errors: a [*SpecError] with Path "" for malformed JSON or anything
// but white space after the spec, otherwise as CompileSignals ("null" and a spec without
// rules are reported at path "rules").
func ParseSignals(data []byte) (*SignalSet, error) {
	var spec SignalSetSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return nil, &SpecError{Path: "", Msg: err.Error()}
	}
	// dec.More reports false for a stray '}' or ']', so read one more token: only the end of
	// the input may follow the spec.
	if _, err := dec.Token(); err != io.EOF {
		return nil, &SpecError{Path: "", Msg: "trailing data after the spec"}
	}
	return CompileSignals(spec)
}

// CompileSignals validates spec and returns the compiled set. It reports every problem at
// once: the returned error joins one [*SpecError] per problem ([errors.Join]), each with a
// path such as "rules[3].window", and unwraps to [ErrInvalidSpec]; a spec without rules is
// invalid (path "rules"). spec is copied; later
// changes to it do not affect the set. Cost O(number of rules).
func CompileSignals(spec SignalSetSpec) (*SignalSet, error) {
	var errs []error
	bad := func(path string, id RuleID, format string, a ...any) {
		errs = append(errs, &SpecError{Path: path, RuleID: id, Msg: fmt.Sprintf(format, a...)})
	}
	esc := spec.Escalation
	if esc.WindowDays < 0 {
		bad("escalation.windowDays", "", "must be ≥ 0, got %d", esc.WindowDays)
	}
	if esc.Yellow < 0 {
		bad("escalation.yellowCategories", "", "must be ≥ 0, got %d", esc.Yellow)
	}
	if esc.Orange < 0 {
		bad("escalation.orangeCategories", "", "must be ≥ 0, got %d", esc.Orange)
	}
	if esc.WindowDays == 0 {
		esc.WindowDays = 90
	}
	if esc.Yellow == 0 {
		esc.Yellow = 3
	}
	if esc.Orange == 0 {
		esc.Orange = 2
	}
	if len(spec.Rules) == 0 {
		bad("rules", "", "must list at least one rule")
	}
	s := &SignalSet{spec: cloneSpec(spec), esc: esc, rules: make([]rule, 0, len(spec.Rules))}
	seen := make(map[RuleID]int, len(spec.Rules))
	for i, rs := range spec.Rules {
		p := fmt.Sprintf("rules[%d]", i)
		id := rs.ID
		f := func(field, format string, a ...any) { bad(p+"."+field, id, format, a...) }
		if id == "" {
			f("id", "must not be empty")
		} else if j, dup := seen[id]; dup {
			f("id", "duplicate of rules[%d]", j)
		} else {
			seen[id] = i
		}
		if rs.Code == "" {
			f("code", "must not be empty")
		}
		if !rs.Category.valid() {
			f("category", "unknown category %q", rs.Category)
		}
		if rs.Severity < 1 || rs.Severity > 3 {
			f("severity", "must be 1, 2 or 3, got %d", rs.Severity)
		}
		r := rule{RuleSpec: rs, kind: rs.Kind.code(), op: rs.Op.code(), severity: WarningLevel(rs.Severity)}
		r.Also = slices.Clone(rs.Also)
		for _, a := range rs.Also {
			r.alsoOps = append(r.alsoOps, a.Op.code())
		}
		metric := func() {
			if rs.Metric < 0 || rs.Metric >= numMetrics {
				f("metric", "unknown metric %d", int(rs.Metric))
			}
		}
		cond := func() {
			metric()
			if !rs.Op.valid() {
				f("op", "unknown operator %q", rs.Op)
			}
			if !finite(rs.Value) {
				f("value", "must be finite, got %g", rs.Value)
			}
		}
		positive := func(field string, v int, min int) {
			if v < min {
				f(field, "must be ≥ %d, got %d", min, v)
			}
		}
		nonNeg := func(field string, v int) {
			if v < 0 {
				f(field, "must be ≥ 0, got %d", v)
			}
		}
		detector := func() {
			metric()
			positive("window", rs.Window, 1)
			positive("minHistory", rs.MinHistory, 2)
			if !(rs.SigmaFloor >= 0) || !finite(rs.SigmaFloor) {
				f("sigmaFloor", "must be finite and ≥ 0, got %g", rs.SigmaFloor)
			}
			if rs.Side != Up && rs.Side != Down {
				f("side", "must be up or down")
			}
		}
		switch rs.Kind {
		case KindThreshold:
			cond()
			nonNeg("window", rs.Window)
			for j, c := range rs.Also {
				cp := fmt.Sprintf("also[%d]", j)
				if c.Metric < 0 || c.Metric >= numMetrics {
					f(cp+".metric", "unknown metric %d", int(c.Metric))
				}
				if !c.Op.valid() {
					f(cp+".op", "unknown operator %q", c.Op)
				}
				if !finite(c.Value) {
					f(cp+".value", "must be finite, got %g", c.Value)
				}
				if c.Lag < 0 {
					f(cp+".lag", "must be ≥ 0, got %d", c.Lag)
				}
			}
		case KindChange:
			cond()
			positive("lag", rs.Lag, 1)
			nonNeg("average", rs.Average)
		case KindTrend:
			cond()
			positive("window", rs.Window, 3)
		case KindCount:
			cond()
			positive("window", rs.Window, 1)
			if rs.MinCount < 1 || rs.MinCount > rs.Window {
				f("minCount", "must be in [1, window], got %d", rs.MinCount)
			}
		case KindEvent:
			nonNeg("window", rs.Window)
			if len(rs.Events) == 0 {
				f("events", "must name at least one event")
			}
			for j, e := range rs.Events {
				if _, err := e.MarshalText(); err != nil {
					f(fmt.Sprintf("events[%d]", j), "unknown event %s", e)
				}
				r.events |= e
			}
			r.Events = slices.Clone(rs.Events)
		case KindCUSUM:
			detector()
			c, err := NewCUSUM(CUSUMParams{Sigma: 1, K: rs.K, H: rs.H, HeadStart: rs.HeadStart})
			if err != nil {
				var pe *ParamError
				errors.As(err, &pe)
				f(lowerFirst(pe.Name), "%s", pe.Want+fmt.Sprintf(", got %g", pe.Value))
			}
			r.cusum = c
		case KindEWMA:
			detector()
			if _, err := NewEWMA(EWMAParams{Sigma: 1, Lambda: rs.Lambda, L: rs.L, Limits: rs.Limits}); err != nil {
				var pe *ParamError
				errors.As(err, &pe)
				f(lowerFirst(pe.Name), "%s", pe.Want+fmt.Sprintf(", got %g", pe.Value))
			}
		case KindZScore:
			cond()
			positive("minHistory", rs.MinHistory, 2)
			if !(rs.SigmaFloor >= 0) || !finite(rs.SigmaFloor) {
				f("sigmaFloor", "must be finite and ≥ 0, got %g", rs.SigmaFloor)
			}
		default:
			f("kind", "unknown kind %q", rs.Kind)
		}
		for _, field := range rs.unusedFields() {
			f(field, "not used by kind %q", rs.Kind)
		}
		s.rules = append(s.rules, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for i := range s.rules {
		if r := &s.rules[i]; r.Kind == KindEvent {
			s.evWin = max(s.evWin, r.Window, 1)
		}
	}
	return s, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// Spec returns a copy of the spec the set was compiled from; compiling it again gives an
// equivalent set.
func (s *SignalSet) Spec() SignalSetSpec { return cloneSpec(s.spec) }

// Len returns the number of rules.
func (s *SignalSet) Len() int { return len(s.rules) }

func cloneSpec(spec SignalSetSpec) SignalSetSpec {
	spec.Rules = slices.Clone(spec.Rules)
	for i := range spec.Rules {
		spec.Rules[i].Also = slices.Clone(spec.Rules[i].Also)
		spec.Rules[i].Events = slices.Clone(spec.Rules[i].Events)
	}
	return spec
}

// unusedFields lists the kind-specific fields set on a rule whose kind does not read them, so
// that a misplaced parameter (a "lag" on a count rule) is an error rather than ignored.
func (rs *RuleSpec) unusedFields() []string {
	var uses string
	switch rs.Kind {
	case KindThreshold:
		uses = "metric op value window also"
	case KindChange:
		uses = "metric op value lag average"
	case KindTrend:
		uses = "metric op value window"
	case KindCount:
		uses = "metric op value window minCount consecutive"
	case KindEvent:
		uses = "window events"
	case KindCUSUM:
		uses = "metric side k h headStart window minHistory sigmaFloor"
	case KindEWMA:
		uses = "metric side lambda l limits window minHistory sigmaFloor"
	case KindZScore:
		uses = "metric op value minHistory robust sigmaFloor"
	default:
		return nil
	}
	set := []struct {
		name string
		on   bool
	}{
		{"metric", rs.Metric != 0}, {"op", rs.Op != ""}, {"value", rs.Value != 0}, {"also", len(rs.Also) > 0},
		{"window", rs.Window != 0}, {"minCount", rs.MinCount != 0}, {"consecutive", rs.Consecutive},
		{"lag", rs.Lag != 0}, {"average", rs.Average != 0}, {"events", len(rs.Events) > 0},
		{"side", rs.Side != 0}, {"k", rs.K != 0}, {"h", rs.H != 0}, {"headStart", rs.HeadStart != 0},
		{"lambda", rs.Lambda != 0}, {"l", rs.L != 0}, {"limits", rs.Limits != 0},
		{"minHistory", rs.MinHistory != 0}, {"sigmaFloor", rs.SigmaFloor != 0}, {"robust", rs.Robust},
	}
	var bad []string
	for _, f := range set {
		if f.on && !slices.Contains(strings.Fields(uses), f.name) {
			bad = append(bad, f.name)
		}
	}
	return bad
}
