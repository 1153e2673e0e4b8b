package monitor

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// monthly builds a history of n month-end observations ending at asOf, with outstanding
// 800, limit 1000, turnover 500, credit balance 50 known, and DPD 0.
func monthly(n int) *History {
	h := &History{Loan: "L1", PDOrigination: 0.02}
	for i := range n {
		d := time.Date(asOf.Year(), asOf.Month()-time.Month(n-1-i)+1, 0, 0, 0, 0, 0, time.UTC)
		h.Observations = append(h.Observations, Observation{
			Date: d, Known: FieldOutstanding | FieldLimit | FieldTurnover | FieldCreditBalance | FieldPastDue,
			Outstanding: decimal.NewFromInt(800), Limit: decimal.NewFromInt(1000),
			Turnover: decimal.NewFromInt(500), CreditBalance: decimal.NewFromInt(50),
		})
	}
	return h
}

func compile(t testing.TB, rules ...RuleSpec) *SignalSet {
	t.Helper()
	s, err := CompileSignalSet(SignalSetSpec{ID: "t", Version: "1", Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fired(r Result) []RuleID {
	ids := []RuleID{}
	for _, s := range r.Signals {
		ids = append(ids, s.Rule)
	}
	return ids
}

func TestRuleKinds(t *testing.T) {
	last := asOf
	tests := []struct {
		name   string
		rule   RuleSpec
		mod    func(h *History)
		fire   bool
		uneval bool
		ev     Evidence // checked when fire; zero From/Period are not compared
	}{
		{"threshold fires at boundary", RuleSpec{Kind: KindThreshold, Metric: MetricDPD, Op: OpGT, Value: 30},
			func(h *History) { h.Observations[23].DPD = 31 }, true, false,
			Evidence{Metric: MetricDPD, Value: 31, Threshold: 30, Period: last}},
		{"threshold quiet at boundary", RuleSpec{Kind: KindThreshold, Metric: MetricDPD, Op: OpGT, Value: 30},
			func(h *History) { h.Observations[23].DPD = 30 }, false, false, Evidence{}},
		{"threshold: missing latest period is not 'no arrears'", RuleSpec{Kind: KindThreshold, Metric: MetricDPD, Op: OpGT, Value: 30},
			func(h *History) { h.Observations[23].Missing = true }, false, true, Evidence{}},
		{"threshold looks back for the latest known ratio", RuleSpec{Kind: KindThreshold, Metric: MetricDSCR, Op: OpLT, Value: 1, Window: 12},
			func(h *History) { h.Observations[15].Known |= FieldDSCR; h.Observations[15].DSCR = 0.8 }, true, false,
			Evidence{Metric: MetricDSCR, Value: 0.8, Threshold: 1, Period: time.Date(2024, 10, 31, 0, 0, 0, 0, time.UTC)}}, // index 15 of 24 months ending June 2025
		{"threshold with lagged Also", RuleSpec{Kind: KindThreshold, Metric: MetricDPD, Op: OpGE, Value: 1,
			Also: []ConditionSpec{{Metric: MetricDPD, Op: OpGE, Value: 1, Lag: 1}}},
			func(h *History) { h.Observations[23].DPD = 5; h.Observations[22].DPD = 3 }, true, false,
			Evidence{Metric: MetricDPD, Value: 5, Threshold: 1, Period: last}},
		{"utilisation derived from decimals", RuleSpec{Kind: KindThreshold, Metric: MetricUtilisation, Op: OpGT, Value: 0.9},
			func(h *History) { h.Observations[23].Outstanding = decimal.RequireFromString("900.01") }, true, false,
			Evidence{Metric: MetricUtilisation, Value: 0.90001, Threshold: 0.9, Period: last}},
		{"change: turnover −40 % year on year", RuleSpec{Kind: KindChange, Metric: MetricTurnover, Op: OpLT, Value: -0.3, Lag: 12, Average: 3},
			func(h *History) {
				for i := 21; i < 24; i++ {
					h.Observations[i].Turnover = decimal.NewFromInt(300)
				}
			}, true, false, Evidence{Metric: MetricTurnover, Value: -0.4, Threshold: -0.3, Period: last}},
		{"change: too short", RuleSpec{Kind: KindChange, Metric: MetricTurnover, Op: OpLT, Value: -0.3, Lag: 22, Average: 3},
			nil, false, true, Evidence{}},
		{"trend: DPD rising 10 a month", RuleSpec{Kind: KindTrend, Metric: MetricDPD, Op: OpGE, Value: 5, Window: 4},
			func(h *History) {
				for i := 20; i < 24; i++ {
					h.Observations[i].DPD = (i - 20) * 10
				}
			}, true, false, Evidence{Metric: MetricDPD, Value: 10, Threshold: 5, Period: last}},
		{"count: limit excess in 2 of 6", RuleSpec{Kind: KindCount, Metric: MetricUtilisation, Op: OpGT, Value: 1, Window: 6, MinCount: 2},
			func(h *History) {
				h.Observations[19].Outstanding = decimal.NewFromInt(1001)
				h.Observations[21].Outstanding = decimal.NewFromInt(1200)
			}, true, false, Evidence{Metric: MetricUtilisation, Value: 2, Threshold: 2, Period: time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)}},
		{"count consecutive broken", RuleSpec{Kind: KindCount, Metric: MetricUtilisation, Op: OpGT, Value: 1, Window: 6, MinCount: 2, Consecutive: true},
			func(h *History) {
				h.Observations[19].Outstanding = decimal.NewFromInt(1001)
				h.Observations[23].Outstanding = decimal.NewFromInt(1200)
			}, false, false, Evidence{}},
		{"event within window", RuleSpec{Kind: KindEvent, Events: []Event{EventLawsuit, EventEnforcement}, Window: 3},
			func(h *History) { h.Observations[21].Events = EventEnforcement | EventTaxArrears }, true, false,
			Evidence{Value: 1, Threshold: 1, Period: time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)}},
		{"event outside window", RuleSpec{Kind: KindEvent, Events: []Event{EventLawsuit}, Window: 3},
			func(h *History) { h.Observations[20].Events = EventLawsuit }, false, false, Evidence{}},
		{"CUSUM on turnover collapse", RuleSpec{Kind: KindCUSUM, Metric: MetricTurnover, Side: Down, K: 0.5, H: 4, Window: 6, MinHistory: 12},
			func(h *History) {
				for i := range 18 { // baseline alternates 450/550: mean 500, sd ≈ 51.1
					h.Observations[i].Turnover = decimal.NewFromInt(int64(450 + 100*(i%2)))
				}
				for i := 18; i < 24; i++ {
					h.Observations[i].Turnover = decimal.NewFromInt(300)
				}
			}, true, false, Evidence{}},
		{"CUSUM quiet on a flat series", RuleSpec{Kind: KindCUSUM, Metric: MetricTurnover, Side: Down, K: 0.5, H: 4, Window: 6, MinHistory: 12, SigmaFloor: 1},
			nil, false, false, Evidence{}},
		{"CUSUM zero spread is unevaluated", RuleSpec{Kind: KindCUSUM, Metric: MetricTurnover, Side: Down, K: 0.5, H: 4, Window: 6, MinHistory: 12},
			nil, false, true, Evidence{}},
		{"EWMA upward DPD drift", RuleSpec{Kind: KindEWMA, Metric: MetricDPD, Side: Up, Lambda: 0.3, L: 3, Window: 3, MinHistory: 6, SigmaFloor: 5},
			func(h *History) {
				for i := 21; i < 24; i++ {
					h.Observations[i].DPD = 30
				}
			}, true, false, Evidence{}},
		{"z-score of the latest utilisation", RuleSpec{Kind: KindZScore, Metric: MetricUtilisation, Op: OpGE, Value: 3, MinHistory: 12, Robust: true, SigmaFloor: 0.01},
			func(h *History) { h.Observations[23].Outstanding = decimal.NewFromInt(990) }, true, false,
			Evidence{Metric: MetricUtilisation, Value: 19, Threshold: 3, Period: last}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.rule.ID, tt.rule.Code, tt.rule.Category, tt.rule.Severity = "r", "C", CategoryAccount, 2
			s := compile(t, tt.rule)
			h := monthly(24)
			if tt.mod != nil {
				tt.mod(h)
			}
			r, err := s.Evaluate(h, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(r.Signals) == 1; got != tt.fire {
				t.Fatalf("fired = %v, want %v (%+v)", got, tt.fire, r)
			}
			if got := len(r.Unevaluated) == 1; got != tt.uneval {
				t.Fatalf("unevaluated = %v, want %v", got, tt.uneval)
			}
			if !tt.fire {
				if r.Level != Green {
					t.Errorf("level %v without signals", r.Level)
				}
				return
			}
			sig := r.Signals[0]
			if sig.Severity != Orange || r.Level != Orange || sig.Code != "C" {
				t.Errorf("signal %+v level %v", sig, r.Level)
			}
			if sig.Evidence.From.After(sig.Evidence.Period) {
				t.Errorf("evidence from %v after period %v", sig.Evidence.From, sig.Evidence.Period)
			}
			if tt.ev.Period.IsZero() {
				return
			}
			got := sig.Evidence
			got.From = time.Time{}
			if d := cmp.Diff(tt.ev, got, approx); d != "" {
				t.Errorf("evidence (-want +got):\n%s", d)
			}
		})
	}
}

var approx = cmp.Comparer(func(a, b float64) bool { return a == b || (a-b < 1e-9 && b-a < 1e-9) })

func TestEvaluateAsOfIgnoresLaterObservations(t *testing.T) {
	s := compile(t, RuleSpec{ID: "dpd", Code: "D", Kind: KindThreshold, Category: CategoryBehavioural, Severity: 3, Metric: MetricDPD, Op: OpGT, Value: 90})
	h := monthly(24)
	h.Observations[23].DPD = 120
	r, err := s.Evaluate(h, asOf.AddDate(0, -1, 0))
	if err != nil || len(r.Signals) != 0 {
		t.Fatalf("evaluated before the arrears: %v %v", r.Signals, err)
	}
	r, _ = s.Evaluate(h, asOf)
	if r.Level != Red {
		t.Errorf("level %v, want red", r.Level)
	}
	if _, err := s.Evaluate(h, h.Observations[0].Date.AddDate(0, 0, -1)); !errors.Is(err, ErrShortHistory) {
		t.Errorf("asOf before history: %v", err)
	}
}

func TestEvaluateInputErrors(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		mod   func(h *History)
		want  error
		field string
		index int
	}{
		{"duplicate date", func(h *History) { h.Observations[5].Date = h.Observations[4].Date }, ErrUnsorted, "date", 5},
		{"unsorted", func(h *History) { h.Observations[3].Date = h.Observations[9].Date }, ErrUnsorted, "date", 4},
		{"negative DPD", func(h *History) { h.Observations[23].DPD = -1 }, ErrInvalidInput, "dpd", 23},
		{"negative amount", func(h *History) { h.Observations[23].Outstanding = decimal.NewFromInt(-5) }, ErrInvalidInput, "outstanding", 23},
		{"negative amount in a whole column", func(h *History) { h.Observations[2].Turnover = decimal.New(-1, -30) }, ErrInvalidInput, "turnover", 2}, // read by the CUSUM of ews05c
		{"PD above one", func(h *History) { h.Observations[17].Known |= FieldPD; h.Observations[17].PD = 1.5 }, ErrInvalidInput, "pd", 17},            // read by ews25a (6 months back)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := monthly(24)
			tt.mod(h)
			_, err := s.Evaluate(h, asOf)
			var ie *InputError
			want := fmt.Sprintf(`loan "L1" observations[%d].%s`, tt.index, tt.field)
			if !errors.Is(err, tt.want) || !errors.As(err, &ie) || ie.Field != want {
				t.Fatalf("err = %v, want %v on %s[%d]", err, tt.want, tt.field, tt.index)
			}
			if err := h.Validate(); !errors.Is(err, tt.want) {
				t.Errorf("Validate: %v", err)
			}
		})
	}
	// Every known field is validated, also where no rule reads it: no default rule reads the
	// outstanding amount 13 months back.
	h := monthly(24)
	h.Observations[10].Outstanding = decimal.NewFromInt(-5)
	if _, err := s.Evaluate(h, asOf); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unread negative amount: %v", err)
	}
	if err := h.Validate(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Validate negative amount: %v", err)
	}
	h = monthly(3)
	h.Observations[1].Known |= FieldDSCR
	h.Observations[1].DSCR = nan
	if err := h.Validate(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Validate NaN ratio: %v", err)
	}
}

func TestEscalation(t *testing.T) {
	sp := func(id RuleID, cat SignalCategory, sev int, e Event) RuleSpec {
		return RuleSpec{ID: id, Code: SignalCode(id), Kind: KindEvent, Category: cat, Severity: sev, Events: []Event{e}, Window: 12}
	}
	rules := []RuleSpec{
		sp("a", CategoryExternal, 1, EventIndustryStress),
		sp("b", CategoryManagement, 1, EventOwnershipChange),
		sp("c", CategoryAccount, 1, EventTaxArrears),
		sp("d", CategoryExternal, 2, EventLawsuit),
		sp("e", CategoryManagement, 2, EventKeyPerson),
	}
	s := compile(t, rules...)
	tests := []struct {
		name      string
		events    Event
		at        int // observation index of the events
		want      WarningLevel
		escalated bool
	}{
		{"two watch categories stay yellow", EventIndustryStress | EventOwnershipChange, 23, Yellow, false},
		{"three watch categories escalate to orange", EventIndustryStress | EventOwnershipChange | EventTaxArrears, 23, Orange, true},
		{"three, but older than 90 days", EventIndustryStress | EventOwnershipChange | EventTaxArrears, 19, Yellow, false},
		{"one orange stays orange", EventLawsuit, 23, Orange, false},
		{"two orange categories escalate to red", EventLawsuit | EventKeyPerson, 23, Red, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := monthly(24)
			h.Observations[tt.at].Events = tt.events
			r, err := s.Evaluate(h, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if r.Level != tt.want || r.Escalated != tt.escalated {
				t.Errorf("level %v escalated %v, want %v %v (signals %v)", r.Level, r.Escalated, tt.want, tt.escalated, fired(r))
			}
		})
	}
}

func TestDefaultSignals(t *testing.T) {
	spec := DefaultSignalSetSpec()
	s, err := CompileSignalSet(spec)
	if err != nil {
		t.Fatal(err)
	}
	// Every signal code EWS01–EWS28 of the DefaultSignals table except the portfolio-level
	// EWS27 has a rule.
	codes := map[SignalCode]bool{}
	for _, r := range spec.Rules {
		codes[r.Code] = true
	}
	for i := 1; i <= 28; i++ {
		c := SignalCode("EWS" + string(rune('0'+i/10)) + string(rune('0'+i%10)))
		if codes[c] != (i != 27) {
			t.Errorf("code %s present = %v", c, codes[c])
		}
	}
	// A clean loan fires nothing; a loan 95 days past due on a material amount is red.
	h := monthly(24)
	r, err := s.Evaluate(h, asOf)
	if err != nil || len(r.Signals) != 0 || r.Level != Green {
		t.Fatalf("clean loan: %v %v %v", fired(r), r.Level, err)
	}
	h.Observations[23].DPD = 95
	h.Observations[23].PastDue = decimal.NewFromInt(600)
	r, _ = s.Evaluate(h, asOf)
	if d := cmp.Diff([]RuleID{"ews01", "ews02", "ews03"}, fired(r)); d != "" || r.Level != Red {
		t.Errorf("95 DPD: level %v (-want +got):\n%s", r.Level, d)
	}
	// The same arrears on an immaterial amount (EUR 400 ≤ 500) is not EWS03.
	h.Observations[23].PastDue = decimal.NewFromInt(400)
	r, _ = s.Evaluate(h, asOf)
	if r.Level != Orange {
		t.Errorf("immaterial 95 DPD: level %v, signals %v", r.Level, fired(r))
	}
	// Modifying the returned spec does not affect a fresh one.
	spec.Rules[0].Value = 999
	if DefaultSignalSetSpec().Rules[0].Value == 999 {
		t.Error("DefaultSignals shares state")
	}
}

func TestEvaluateToDoesNotAllocate(t *testing.T) {
	s, _ := CompileSignalSet(DefaultSignalSetSpec())
	h := benchHistory(7, 24)
	var r Result
	if err := s.EvaluateTo(&r, h, asOf); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, func() { _ = s.EvaluateTo(&r, h, asOf) }); a != 0 {
		t.Errorf("EvaluateTo allocates %v times per loan", a)
	}
	p, err := Prepare(h)
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, func() { _ = s.EvaluatePreparedTo(&r, p, asOf) }); a != 0 {
		t.Errorf("EvaluatePreparedTo allocates %v times per loan", a)
	}
}

func TestCompileReportsAllProblems(t *testing.T) {
	spec := SignalSetSpec{Rules: []RuleSpec{
		{ID: "a", Code: "A", Kind: KindThreshold, Category: CategoryAccount, Severity: 1, Metric: MetricDPD, Op: 99, Value: 1},
		{ID: "a", Code: "", Kind: 99, Category: 99, Severity: 4},
		{ID: "c", Code: "C", Kind: KindCUSUM, Category: CategoryAccount, Severity: 1, Metric: MetricTurnover, K: 0.5, H: -1, Window: 3, MinHistory: 1},
		{ID: "d", Code: "D", Kind: KindEWMA, Category: CategoryAccount, Severity: 1, Lambda: 1.5, L: 3, Window: 3, MinHistory: 6},
		{ID: "e", Code: "E", Kind: KindCount, Category: CategoryAccount, Severity: 1, Op: OpGT, Window: 3, MinCount: 4},
		{ID: "f", Code: "F", Kind: KindEvent, Category: CategoryExternal, Severity: 1, Events: []Event{1 << 30}},
		{ID: "g", Code: "G", Kind: KindCount, Category: CategoryAccount, Severity: 1, Metric: MetricDPD, Op: OpGT, Window: 3, MinCount: 1, Lag: 12},
	}}
	_, err := CompileSignalSet(spec)
	if !errors.Is(err, ErrInvalidSpec) {
		t.Fatalf("err = %v", err)
	}
	want := []string{"rules[0].op", "rules[1].id", "rules[1].code", "rules[1].category", "rules[1].severity",
		"rules[1].kind", "rules[2].minHistory", "rules[2].h", "rules[3].lambda", "rules[4].minCount", "rules[5].events[0]", "rules[6].lag"}
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *SpecError
		if !errors.As(e, &se) {
			t.Fatalf("%v is not a SpecError", e)
		}
		paths = append(paths, se.Path)
	}
	if d := cmp.Diff(want, paths); d != "" {
		t.Errorf("paths (-want +got):\n%s", d)
	}
}

func TestLoadSignalSetRoundTrip(t *testing.T) {
	b, err := json.MarshalIndent(DefaultSignalSetSpec(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	s, err := LoadSignalSet(b)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(DefaultSignalSetSpec(), s.Spec()); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	for _, bad := range []string{`{"kind":"signal-set","rules":[{"id":"x","kind":"threshold","metric":"nope"}]}`, `{"kind":"signal-set","rulez":[]}`, `{} {}`, `[`} {
		if _, err := LoadSignalSet([]byte(bad)); !errors.Is(err, ErrInvalidSpec) {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
	if !strings.Contains(string(b), `"metric": "utilisation"`) || !strings.Contains(string(b), `"events": [`) {
		t.Error("spec JSON does not use text names")
	}
}

func TestDrift(t *testing.T) {
	// PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) (Yurdakul & Naranjo) worked by hand for e = 10 × 0.10,
	// a = {0.05, …, 0.15}: 0.083618.
	e := []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}
	a := []float64{5, 7, 8, 9, 10, 10, 11, 12, 13, 15}
	r, err := Drift(e, a)
	if err != nil {
		t.Fatal(err)
	}
	if d := r.PSI - 0.083618; d > 5e-7 || d < -5e-7 || r.Level != Green || len(r.Contributions) != 10 {
		t.Errorf("PSI = %v level %v", r.PSI, r.Level)
	}
	r, _ = Drift([]float64{50, 50}, []float64{20, 80}) // 0.3·ln4 ≈ 0.416 > 0.25
	if r.Level != Orange {
		t.Errorf("shifted: PSI %v level %v", r.PSI, r.Level)
	}
	_, err = Drift([]float64{1, -1}, []float64{1, 1})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "expected[1]" {
		t.Errorf("negative count: %v", err)
	}
}

func TestToFloat(t *testing.T) {
	for _, tt := range []struct {
		d    decimal.Decimal
		want float64
	}{
		{decimal.New(5, 4), 50000},
		{decimal.New(123456789012345, 7), 1.23456789012345e21},
		{decimal.New(-3, 2), -300},
		{decimal.RequireFromString("1234.5678"), 1234.5678},
		{decimal.New(1, 30), 1e30},
		{decimal.RequireFromString("12345678901234567890e3"), 1.2345678901234567890e22},
		{decimal.RequireFromString("0.1"), 0.1},
		{decimal.RequireFromString("-2.675"), -2.675},
		{decimal.RequireFromString("123456789.123456789"), 123456789.123456789},
		{decimal.New(7, -30), 7e-30},
		{decimal.Decimal{}, 0},
		// 16-18 digits: through strconv.ParseFloat
		{decimal.RequireFromString("1234567890.12345678"), 1234567890.12345678},
		{decimal.RequireFromString("-999999999999999999"), -999999999999999999},
		{decimal.RequireFromString("9007199254740993"), 9007199254740993}, // 2⁵³ + 1: rounds to even
		{decimal.New(123456789012345678, -40), 1.23456789012345678e-23},
		{decimal.New(1, 400), math.Inf(1)},
		{decimal.New(1, -400), 0},
		{decimal.New(-5, 10_000_000), math.Inf(-1)},
		// 19 digits and more: decimal's own conversion
		{decimal.RequireFromString("1234567890123456789.5"), 1234567890123456789.5},
	} {
		if got := toFloat(tt.d); got != tt.want || got != tt.d.InexactFloat64() {
			t.Errorf("toFloat(%v) = %v, want %v (decimal says %v)", tt.d, got, tt.want, tt.d.InexactFloat64())
		}
	}
	// Up to 18 digits, conversion does not allocate, whatever the exponent.
	d := decimal.RequireFromString("1234567890.12345678")
	if a := testing.AllocsPerRun(100, func() { _ = toFloat(d) }); a != 0 {
		t.Errorf("toFloat of 18 digits allocates %v times", a)
	}
}

func TestEvaluateAll(t *testing.T) {
	s, _ := CompileSignalSet(DefaultSignalSetSpec())
	good := monitorHistoryWith(95)
	bad := monitorHistoryWith(0)
	bad.Loan = "bad"
	bad.Observations[3].Date = bad.Observations[2].Date
	out := s.EvaluateAll([]History{*good, *bad, *monitorHistoryWith(0)}, asOf)
	if len(out) != 3 || out[0].Err != nil || out[0].Result.Level != Red || !errors.Is(out[1].Err, ErrUnsorted) ||
		out[1].Result.Loan != "bad" || out[2].Err != nil || out[2].Result.Level != Green {
		t.Fatalf("%+v", out)
	}
	// Results do not share storage.
	if len(out[0].Result.Signals) == 0 || len(out[2].Result.Signals) != 0 {
		t.Errorf("signals %v / %v", out[0].Result.Signals, out[2].Result.Signals)
	}
}

func monitorHistoryWith(dpd int) *History {
	h := monthly(24)
	h.Observations[23].DPD = dpd
	h.Observations[23].PastDue = decimal.NewFromInt(600)
	return h
}

// sameEvaluation fails t when evaluating h at "at" with a fresh Result differs (in result or
// error) from evaluating its prepared form with a Result and Prepared reused from other
// histories and dates, the way a portfolio run evaluates.
func sameEvaluation(t testing.TB, s *SignalSet, h *History, at time.Time, reused *Result, p *Prepared) {
	t.Helper()
	want, errWant := s.Evaluate(h, at)
	errGot := p.fill(h, allMetricSet)
	if errGot == nil {
		errGot = s.EvaluatePreparedTo(reused, p, at)
	}
	if (errWant == nil) != (errGot == nil) || (errWant != nil && errWant.Error() != errGot.Error()) {
		t.Fatalf("prepared: error = %v, fresh %v", errGot, errWant)
	}
	if errWant != nil {
		return
	}
	type exported struct { // Result without its working storage
		Loan        LoanID
		AsOf        time.Time
		Level       WarningLevel
		Escalated   bool
		Signals     []Signal
		Unevaluated []RuleID
	}
	strip := func(r *Result) exported {
		return exported{r.Loan, r.AsOf, r.Level, r.Escalated, r.Signals, r.Unevaluated}
	}
	if d := cmp.Diff(strip(&want), strip(reused), cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("prepared and reused result differs from a fresh evaluation (-want +got):\n%s", d)
	}
}

// TestPreparedSameResult checks that a prepared history, and working storage reused across
// histories and dates, give the result or error of a fresh evaluation: on varied histories
// with missing periods, unknown fields and negative amounts in single cells, at several
// evaluation dates.
func TestPreparedSameResult(t *testing.T) {
	def, cards := bothSets(t)
	amounts := []func(o *Observation) *decimal.Decimal{
		func(o *Observation) *decimal.Decimal { return &o.PastDue },
		func(o *Observation) *decimal.Decimal { return &o.Outstanding },
		func(o *Observation) *decimal.Decimal { return &o.Limit },
		func(o *Observation) *decimal.Decimal { return &o.Turnover },
		func(o *Observation) *decimal.Decimal { return &o.CreditBalance },
		func(o *Observation) *decimal.Decimal { return &o.Collateral },
		func(o *Observation) *decimal.Decimal { return &o.Revenue },
		func(o *Observation) *decimal.Decimal { return &o.DebtElsewhere },
	}
	var reused Result
	var p Prepared
	for seed := range uint64(24) {
		h := benchHistory(seed, 12+int(seed))
		i := int(seed*7) % len(h.Observations)
		switch seed % 4 {
		case 1:
			h.Observations[i].Missing = true
		case 2:
			h.Observations[i].Known &^= Field(1) << (seed % numAmounts)
		case 3:
			*amounts[seed%numAmounts](&h.Observations[i]) = decimal.NewFromInt(-1)
		}
		for _, s := range []*SignalSet{def, cards} {
			for _, at := range []time.Time{asOf, asOf.AddDate(0, -3, 0), asOf.AddDate(0, -13, 0)} {
				sameEvaluation(t, s, h, at, &reused, &p)
			}
		}
	}
}

// TestNilArguments: nil pointers are InputErrors naming the argument, never a panic.
func TestNilArguments(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	var nilSet *SignalSet
	tests := []struct {
		name  string
		run   func() error
		field string
	}{
		{"Evaluate nil history", func() error { _, err := s.Evaluate(nil, asOf); return err }, "History"},
		{"EvaluateTo nil dst", func() error { return s.EvaluateTo(nil, monthly(3), asOf) }, "dst"},
		{"EvaluateTo nil history", func() error { return s.EvaluateTo(&Result{}, nil, asOf) }, "History"},
		{"Evaluate on nil set", func() error { _, err := nilSet.Evaluate(monthly(3), asOf); return err }, "SignalSet"},
		{"Validate nil history", func() error { var h *History; return h.Validate() }, "History"},
		{"ClassifyTo nil dst", func() error { return ClassifyTo(nil, ClassificationInput{}, asOf) }, "dst"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || !errors.Is(err, ErrInvalidInput) {
				t.Errorf("err = %v, want InputError naming %s", err, tt.field)
			}
		})
	}
	if r := s.EvaluateAll([]History{{Loan: "x"}}, asOf); r[0].Err == nil {
		t.Error("EvaluateAll of an empty history: no error")
	}
}

// TestLoadSignalSetRejects: documents that decode but are not a usable signal set, and valid
// documents followed by trailing data, are spec errors.
func TestLoadSignalSetRejects(t *testing.T) {
	valid := `{"kind":"signal-set","version":"1","id":"x","rules":[{"id":"a","code":"A","kind":"threshold","category":"behavioural","severity":1,"metric":"dpd","op":"gt","value":30}]}`
	if _, err := LoadSignalSet([]byte(valid + " \n")); err != nil {
		t.Fatalf("valid spec with trailing white space: %v", err)
	}
	tests := []struct {
		name string
		data string
		path string
	}{
		{"null", `null`, "$"},
		{"no kind", `{"id":"x","rules":[]}`, "kind"},
		{"wrong kind", `{"kind":"access-policy","id":"x"}`, "kind"},
		{"only an id", `{"kind":"signal-set","version":"1","id":"x"}`, "rules"},
		{"empty rules", `{"kind":"signal-set","version":"1","id":"x","rules":[]}`, "rules"},
		{"no version", `{"kind":"signal-set","id":"x","rules":[]}`, "version"},
		{"blank version", `{"kind":"signal-set","version":" ","id":"x","rules":[]}`, "version"},
		{"duplicate member", `{"kind":"signal-set","version":"1","id":"x","id":"y","rules":[]}`, "id"},
		{"snake_case member", `{"kind":"signal-set","version":"1","id":"x","rules":[],"escalation":{"window_days":3}}`, "escalation.window_days"},
		{"old operator text", `{"kind":"signal-set","version":"1","id":"x","rules":[{"id":"a","op":">"}]}`, "rules[0].op"},
		{"trailing brace", valid + `}`, "$"},
		{"trailing bracket", valid + `]`, "$"},
		{"trailing value", valid + ` 1`, "$"},
		{"second spec", valid + valid, "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSignalSet([]byte(tt.data))
			var se *SpecError
			if !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != tt.path || strings.Count(err.Error(), "monitor: ") != 1 {
				t.Errorf("err = %v, want a SpecError at path %q", err, tt.path)
			}
		})
	}
	if _, err := CompileSignalSet(SignalSetSpec{}); !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("CompileSignalSet of the zero spec: %v", err)
	}
}

// TestValidationIndependentOfRules: whether a history is valid does not depend on which rules
// the set has; the card set of testdata reads none of these fields.
func TestValidationIndependentOfRules(t *testing.T) {
	def, cards := bothSets(t)
	all := FieldPastDue | FieldOutstanding | FieldLimit | FieldTurnover | FieldCreditBalance | FieldCollateral |
		FieldRevenue | FieldDebtElsewhere | FieldEquityToAssets | FieldProfitMargin | FieldDSCR |
		FieldCurrentRatio | FieldQuickRatio | FieldPD | FieldCovenant
	tests := []struct {
		name  string
		mod   func(o *Observation)
		field string
	}{
		{"EquityToAssets NaN", func(o *Observation) { o.EquityToAssets = nan }, "equityToAssets"},
		{"ProfitMargin +Inf", func(o *Observation) { o.ProfitMargin = math.Inf(1) }, "profitMargin"},
		{"DSCR NaN", func(o *Observation) { o.DSCR = nan }, "dscr"},
		{"CurrentRatio -Inf", func(o *Observation) { o.CurrentRatio = math.Inf(-1) }, "currentRatio"},
		{"QuickRatio NaN", func(o *Observation) { o.QuickRatio = nan }, "quickRatio"},
		{"PD 2", func(o *Observation) { o.PD = 2 }, "pd"},
		{"PD -0.1", func(o *Observation) { o.PD = -0.1 }, "pd"},
		{"Collateral negative", func(o *Observation) { o.Collateral = decimal.NewFromInt(-1) }, "collateral"},
		{"DebtElsewhere tiny negative", func(o *Observation) { o.DebtElsewhere = decimal.New(-1, -40) }, "debtElsewhere"},
	}
	for _, tt := range tests {
		for _, set := range []struct {
			name string
			s    *SignalSet
		}{{"default", def}, {"cards", cards}} {
			t.Run(tt.name+"/"+set.name, func(t *testing.T) {
				h := monthly(24)
				for i := range h.Observations {
					h.Observations[i].Known = all
				}
				tt.mod(&h.Observations[0])
				_, err := set.s.Evaluate(h, asOf)
				var ie *InputError
				if !errors.As(err, &ie) || ie.Field != `loan "L1" observations[0].`+tt.field || !errors.Is(err, ErrInvalidInput) {
					t.Errorf("err = %v, want InputError on %s[0]", err, tt.field)
				}
				// Not known: the stored value is ignored.
				h.Observations[0].Known = 0
				if _, err := set.s.Evaluate(h, asOf); err != nil {
					t.Errorf("unknown field: %v", err)
				}
			})
		}
	}
}

// TestHistoryAfterAsOf: a history whose observations are all dated after asOf says so rather
// than reporting a bare "need 1 points, have 0".
func TestHistoryAfterAsOf(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		h     *History
		after int
	}{
		{"all 3 after asOf", monthly(3), 3},
		{"empty history", &History{Loan: "L1"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Evaluate(tt.h, asOf.AddDate(-1, 0, 0))
			var ie *InputError
			want := fmt.Sprintf("0 dated on or before asOf, %d after", tt.after)
			if !errors.As(err, &ie) || ie.Value != want || ie.Field != `loan "L1" observations` || !errors.Is(err, ErrShortHistory) {
				t.Fatalf("err = %v, want ErrShortHistory with %q", err, want)
			}
		})
	}
}

// TestEvaluateNeverNonFinite: amounts at the edges of the float64 range give an input error
// or an unevaluated rule, never a signal whose evidence is ±Inf or NaN.
func TestEvaluateNeverNonFinite(t *testing.T) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		mod   func(o *Observation)
		field string // InputError field wanted; "" for no error
	}{
		{"outstanding beyond float64", func(o *Observation) { o.Outstanding = decimal.New(1, 400) }, `loan "L1" observations[0].outstanding`},
		{"limit beyond float64", func(o *Observation) { o.Limit = decimal.New(1, 400) }, `loan "L1" observations[0].limit`},
		{"utilisation overflows (limit 1e-320)", func(o *Observation) { o.Limit = decimal.New(1, -320) }, ""},
		{"turnover near max", func(o *Observation) { o.Turnover = decimal.New(17, 307) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := monthly(24)
			for i := range h.Observations {
				tt.mod(&h.Observations[i])
			}
			r, err := s.Evaluate(h, asOf)
			var ie *InputError
			if tt.field != "" {
				if !errors.As(err, &ie) || ie.Field != tt.field || !errors.Is(err, ErrInvalidInput) {
					t.Fatalf("err = %v, want InputError on %s", err, tt.field)
				}
				if err := h.Validate(); !errors.Is(err, ErrInvalidInput) {
					t.Errorf("Validate: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, sig := range r.Signals {
				if !finite(sig.Evidence.Value) || !finite(sig.Evidence.Threshold) {
					t.Errorf("non-finite evidence %+v", sig)
				}
			}
		})
	}
}

// bothSets compiles the default signal set and the card set of testdata.
func bothSets(t testing.TB) (def, cards *SignalSet) {
	t.Helper()
	def, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/signals-cards.json")
	if err != nil {
		t.Fatal(err)
	}
	if cards, err = LoadSignalSet(b); err != nil {
		t.Fatal(err)
	}
	return def, cards
}
