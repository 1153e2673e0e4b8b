package monitor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/internal/specjson"
)

// SignalSet is a compiled, validated signal set. It is immutable and safe for concurrent use
// by multiple goroutines. The zero value is not usable: build one with [CompileSignalSet] or
// [LoadSignalSet].
type SignalSet struct {
	spec  SignalSetSpec
	esc   EscalationSpec // with defaults applied
	rules []rule
	evWin int // largest window of an event rule (0: no event rules)
	// evWins lists the distinct windows (at least 1) of the event rules in increasing order;
	// rule.evSlot indexes it.
	evWins []int
	evAll  Event     // the events of all event rules
	need   metricSet // the metrics the rules read
}

type rule struct {
	RuleSpec
	severity WarningLevel
	events   Event
	cusum    *CUSUM // template: Target and Sigma replaced per evaluation
	evSlot   int    // index of the rule's window in SignalSet.evWins (event rules)
	// reach is how many of the latest periods (those up to asOf) the rule may read, at most:
	// a PreparedBatch evaluation copies only those into the rule's columns; 0 for all.
	reach int
	// sg, st and canon are canonOp(Op, Value): the rule's comparison as sg·v > st when
	// canon (threshold, change and count rules)
	sg, st float64
	canon  bool
}

// ParseSignalSet decodes a signal-set document into its spec, strictly: at most
// [MaxDocumentBytes] bytes, exactly one JSON object with "kind": "signal-set", no duplicate
// or unknown member names at any depth, valid UTF-8, enumerations by their text names. It
// does not validate the rules: [CompileSignalSet] does. Errors: a [*SpecError] at path "$"
// (or the member at fault) wrapping [ErrLimit] for a document too large, [ErrInvalidSpec]
// otherwise, including a "version" absent, empty or blank (path "version"), as in every
// loader of the library. Cost O(len(data)).
func ParseSignalSet(data []byte) (SignalSetSpec, error) {
	var spec SignalSetSpec
	if p := specjson.Decode(data, &spec, KindSignalSet, MaxDocumentBytes); p != nil {
		err := ErrInvalidSpec
		if p.TooLarge {
			err = ErrLimit
		}
		// an enum's text error inside the message is this package's own: no second prefix
		return SignalSetSpec{}, &SpecError{Path: p.Path, Err: err, Msg: strings.ReplaceAll(p.Msg, "monitor: ", "")}
	}
	if strings.TrimSpace(spec.Version) == "" {
		return SignalSetSpec{}, &SpecError{Path: "version", Err: ErrInvalidSpec, Msg: "must not be empty"}
	}
	return spec, nil
}

// LoadSignalSet is [ParseSignalSet] followed by [CompileSignalSet].
func LoadSignalSet(data []byte) (*SignalSet, error) {
	spec, err := ParseSignalSet(data)
	if err != nil {
		return nil, err
	}
	return CompileSignalSet(spec)
}

// CompileSignalSet validates spec and returns the compiled set. It reports every problem at
// once: the returned error joins one [*SpecError] per problem ([errors.Join]; at most 100,
// then one saying how many more), each with a path such as "rules[3].window", matching
// [ErrInvalidSpec] and, for a bound exceeded, [ErrLimit]. A spec without rules is invalid
// (path "rules"); more than [MaxRules] rules are refused before any rule is read; a Kind other
// than "" or "signal-set" is refused (path "kind"). spec is copied; later changes to it do
// not affect the set. Cost O(number of rules).
func CompileSignalSet(spec SignalSetSpec) (*SignalSet, error) {
	var errs []error
	bad := func(path string, err error, format string, a ...any) {
		errs = append(errs, &SpecError{Path: path, Err: err, Msg: fmt.Sprintf(format, a...)})
	}
	if len(spec.Rules) > MaxRules {
		return nil, &SpecError{Path: "rules", Err: ErrLimit, Msg: fmt.Sprintf("%d rules, limit %d", len(spec.Rules), MaxRules)}
	}
	if spec.Kind != "" && spec.Kind != KindSignalSet {
		bad("kind", ErrInvalidSpec, "%s, want %q", quoteText([]byte(spec.Kind)), KindSignalSet)
	}
	esc := spec.Escalation
	switch {
	case esc.WindowDays < 0:
		bad("escalation.windowDays", ErrInvalidSpec, "must be ≥ 0, got %d", esc.WindowDays)
	case esc.WindowDays > MaxWindowDays:
		bad("escalation.windowDays", ErrLimit, "must be ≤ %d, got %d", MaxWindowDays, esc.WindowDays)
	}
	if esc.YellowCategories < 0 || esc.YellowCategories > numCategories {
		bad("escalation.yellowCategories", ErrInvalidSpec, "must be in [0, %d], got %d", numCategories, esc.YellowCategories)
	}
	if esc.OrangeCategories < 0 || esc.OrangeCategories > numCategories {
		bad("escalation.orangeCategories", ErrInvalidSpec, "must be in [0, %d], got %d", numCategories, esc.OrangeCategories)
	}
	if esc.WindowDays == 0 {
		esc.WindowDays = 90
	}
	if esc.YellowCategories == 0 {
		esc.YellowCategories = 3
	}
	if esc.OrangeCategories == 0 {
		esc.OrangeCategories = 2
	}
	if len(spec.Rules) == 0 {
		bad("rules", ErrInvalidSpec, "must list at least one rule")
	}
	s := &SignalSet{spec: cloneSpec(spec), esc: esc, rules: make([]rule, 0, len(spec.Rules))}
	s.spec.Kind = KindSignalSet
	seen := make(map[RuleID]int, len(spec.Rules))
	for i, rs := range spec.Rules {
		p := "rules[" + strconv.Itoa(i) + "]"
		f := func(field, format string, a ...any) { bad(p+"."+field, ErrInvalidSpec, format, a...) }
		limit := func(field, format string, a ...any) { bad(p+"."+field, ErrLimit, format, a...) }
		id := rs.ID
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
		if !rs.Category.IsValid() {
			f("category", "unknown category %v", rs.Category)
		}
		if rs.Severity < 1 || rs.Severity > 3 {
			f("severity", "must be 1, 2 or 3, got %d", rs.Severity)
		}
		r := rule{RuleSpec: rs, severity: WarningLevel(max(0, min(rs.Severity, 3)))}
		if len(rs.Also) > MaxConditions {
			limit("also", "%d conditions, limit %d", len(rs.Also), MaxConditions)
			r.Also = nil
		} else {
			r.Also = slices.Clone(rs.Also)
		}
		if len(rs.Events) > MaxConditions {
			limit("events", "%d events, limit %d", len(rs.Events), MaxConditions)
			rs.Events = nil
		}
		metric := func() {
			if !rs.Metric.IsValid() {
				f("metric", "unknown metric %v", rs.Metric)
			}
		}
		cond := func() {
			metric()
			switch {
			case rs.Op == 0:
				f("op", "missing: a rule of kind %v compares with an operator", rs.Kind)
			case !rs.Op.IsValid():
				f("op", "unknown operator %v", rs.Op)
			}
			if !finite(rs.Value) {
				f("value", "must be finite, got %g", rs.Value)
			}
		}
		// periods checks a window, lag or count against [lo, MaxPeriods].
		periods := func(field string, v int, lo int) {
			switch {
			case v < lo:
				f(field, "must be ≥ %d, got %d", lo, v)
			case v > MaxPeriods:
				limit(field, "must be ≤ %d, got %d", MaxPeriods, v)
			}
		}
		detector := func() {
			metric()
			periods("window", rs.Window, 1)
			periods("minHistory", rs.MinHistory, 2)
			if !(rs.SigmaFloor >= 0) || !finite(rs.SigmaFloor) {
				f("sigmaFloor", "must be finite and ≥ 0, got %g", rs.SigmaFloor)
			}
			if !rs.Side.IsValid() {
				f("side", "must be up or down")
			}
		}
		switch rs.Kind {
		case KindThreshold:
			cond()
			periods("window", rs.Window, 0)
			for j, c := range r.Also {
				cp := "also[" + strconv.Itoa(j) + "]"
				if !c.Metric.IsValid() {
					f(cp+".metric", "unknown metric %v", c.Metric)
				}
				if !c.Op.IsValid() {
					f(cp+".op", "unknown operator %v", c.Op)
				}
				if !finite(c.Value) {
					f(cp+".value", "must be finite, got %g", c.Value)
				}
				periods(cp+".lag", c.Lag, 0)
			}
		case KindChange:
			cond()
			periods("lag", rs.Lag, 1)
			periods("average", rs.Average, 0)
		case KindTrend:
			cond()
			periods("window", rs.Window, 3)
		case KindCount:
			cond()
			periods("window", rs.Window, 1)
			if rs.MinCount < 1 || rs.MinCount > rs.Window {
				f("minCount", "must be in [1, window], got %d", rs.MinCount)
			}
		case KindEvent:
			periods("window", rs.Window, 0)
			if len(rs.Events) == 0 && len(spec.Rules[i].Events) == 0 {
				f("events", "must name at least one event")
			}
			for j, e := range rs.Events {
				if _, err := e.MarshalText(); err != nil {
					f("events["+strconv.Itoa(j)+"]", "unknown event %s", e)
				}
				r.events |= e
			}
			r.Events = slices.Clone(rs.Events)
		case KindCUSUM:
			detector()
			c, err := NewCUSUM(CUSUMParams{Sigma: 1, K: rs.K, H: rs.H, HeadStart: rs.HeadStart})
			if err != nil {
				ie := err.(*InputError)
				f(ie.Field, "%s", ie.Value)
			}
			r.cusum = c
		case KindEWMA:
			detector()
			if _, err := NewEWMA(EWMAParams{Sigma: 1, Lambda: rs.Lambda, L: rs.L, Limits: rs.Limits}); err != nil {
				ie := err.(*InputError)
				f(ie.Field, "%s", ie.Value)
			}
		case KindZScore:
			cond()
			periods("minHistory", rs.MinHistory, 2)
			if !(rs.SigmaFloor >= 0) || !finite(rs.SigmaFloor) {
				f("sigmaFloor", "must be finite and ≥ 0, got %g", rs.SigmaFloor)
			}
		default:
			f("kind", "unknown kind %v", rs.Kind)
		}
		for _, field := range rs.unusedFields() {
			f(field, "not used by kind %v", rs.Kind)
		}
		s.rules = append(s.rules, r)
	}
	if len(errs) > 0 {
		return nil, joinCapped(errs)
	}
	for i := range s.rules {
		r := &s.rules[i]
		switch r.Kind {
		case KindThreshold:
			r.reach = max(r.Window, 1)
			lag := 0
			for _, a := range r.Also {
				lag = max(lag, a.Lag)
			}
			r.reach += lag
		case KindChange:
			r.reach = r.Lag + max(r.Average, 1)
		case KindTrend, KindCount:
			r.reach = r.Window
		}
		r.sg, r.st, r.canon = canonOp(r.Op, r.Value)
		if r.Kind == KindEvent {
			s.evWin = max(s.evWin, r.Window, 1)
			s.evAll |= r.events
			if !slices.Contains(s.evWins, max(r.Window, 1)) {
				s.evWins = append(s.evWins, max(r.Window, 1))
			}
		} else {
			s.need |= 1 << r.Metric
			for _, a := range r.Also {
				s.need |= 1 << a.Metric
			}
		}
	}
	slices.Sort(s.evWins)
	for i := range s.rules {
		if r := &s.rules[i]; r.Kind == KindEvent {
			r.evSlot = slices.Index(s.evWins, max(r.Window, 1))
		}
	}
	return s, nil
}

// Spec returns a copy of the spec the set was compiled from, with Kind "signal-set";
// compiling it again gives an equivalent set. A nil set gives the zero spec.
func (s *SignalSet) Spec() SignalSetSpec {
	if s == nil {
		return SignalSetSpec{}
	}
	return cloneSpec(s.spec)
}

// Len returns the number of rules (0 for a nil set).
func (s *SignalSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.rules)
}

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
		{"metric", rs.Metric != 0}, {"op", rs.Op != 0}, {"value", rs.Value != 0}, {"also", len(rs.Also) > 0},
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

// PrepareTo is [Prepare] into dst for this set: dst holds only the metric columns the set's
// rules read (the default set reads 19 of the 21 metrics), reusing dst's storage, so that it
// does not allocate once dst has held a history at least as long. The checks are those of
// Prepare, on every field. dst can then be evaluated by s, or by any set whose rules read no
// other metric; another set gets an [*InputError] (Field naming the loan and "prepared")
// wrapping [ErrInvalidInput]. On error dst is left partly filled and must not be evaluated.
// A nil dst, h or s is an [*InputError] naming it.
//
// It is the first step of a streaming portfolio run (see the package doc): prepare a batch
// of loans into reused Prepared values, evaluate them, then reuse the same values for the
// next batch, so that memory stays that of one batch whatever the size of the book.
// Cost: that of Prepare.
func (s *SignalSet) PrepareTo(dst *Prepared, h *History) error {
	switch {
	case dst == nil:
		return nilErr("dst")
	case s == nil:
		return nilErr("SignalSet")
	}
	return dst.fill(h, s.need)
}
