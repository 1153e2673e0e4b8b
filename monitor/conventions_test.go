package monitor

import (
	"encoding/json"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestSignalSetDocumentRoundTrip: the signal-set document (the package's one document kind)
// marshals with "kind" and lowerCamel member names only, and parse → compile → Spec gives the
// spec back.
func TestSignalSetDocumentRoundTrip(t *testing.T) {
	spec := DefaultSignalSetSpec()
	spec.Escalation = EscalationSpec{WindowDays: 60, YellowCategories: 2, OrangeCategories: 3}
	spec.Rules = append(spec.Rules,
		RuleSpec{ID: "z", Code: "Z", Kind: KindZScore, Category: CategoryModel, Severity: 1, Metric: MetricPDRatio,
			Op: OpNE, Value: 3, MinHistory: 4, Robust: true, SigmaFloor: 0.01},
		RuleSpec{ID: "w", Code: "W", Kind: KindEWMA, Category: CategoryAccount, Severity: 2, Metric: MetricTurnoverToDebt,
			Side: Down, Lambda: 0.2, L: 2.7, Limits: AsymptoticLimits, Window: 3, MinHistory: 6},
		RuleSpec{ID: "t", Code: "T", Kind: KindTrend, Category: CategoryAccount, Severity: 1, Metric: MetricCreditBalanceToDebt,
			Op: OpEQ, Value: 0, Window: 4})
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"kind":"signal-set",`) {
		t.Errorf("document does not start with its kind: %.60s", b)
	}
	members := regexp.MustCompile(`"([^"]+)":`).FindAllStringSubmatch(string(b), -1)
	lowerCamel := regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
	for _, m := range members {
		if !lowerCamel.MatchString(m[1]) {
			t.Errorf("member %q is not lowerCamel", m[1])
		}
	}
	for _, text := range []string{`"op":"ge"`, `"op":"ne"`, `"metric":"past-due-share"`, `"kind":"z-score"`,
		`"category":"behavioural"`, `"side":"down"`, `"limits":"asymptotic"`, `"bureau-overdue"`} {
		if !strings.Contains(string(b), text) {
			t.Errorf("document lacks %s", text)
		}
	}
	parsed, err := ParseSignalSet(b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := CompileSignalSet(parsed)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(spec, s.Spec()); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	// A spec built in Go without a kind compiles and comes back with it.
	spec.Kind = ""
	if s, err = CompileSignalSet(spec); err != nil || s.Spec().Kind != KindSignalSet {
		t.Errorf("no kind: %v, Spec().Kind %q", err, s.Spec().Kind)
	}
}

// TestErrorsTable: every sentinel is matched with errors.Is, every error type with errors.As,
// and no message repeats the package prefix.
func TestErrorsTable(t *testing.T) {
	set, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	huge := make([]RuleSpec, MaxRules+1)
	tests := []struct {
		name  string
		err   error
		is    []error
		as    string // "spec" or "input"
		field string // SpecError.Path or InputError.Field
	}{
		{"spec: bad op", func() error {
			_, err := CompileSignalSet(SignalSetSpec{Rules: []RuleSpec{{ID: "a", Code: "A", Kind: KindThreshold,
				Category: CategoryAccount, Severity: 1}}})
			return err
		}(), []error{ErrInvalidSpec}, "spec", "rules[0].op"},
		{"spec: too many rules", func() error { _, err := CompileSignalSet(SignalSetSpec{Rules: huge}); return err }(),
			[]error{ErrInvalidSpec, ErrLimit}, "spec", "rules"},
		{"spec: document too large", func() error {
			_, err := ParseSignalSet([]byte(`{"kind":"signal-set","id":"` + strings.Repeat("x", MaxDocumentBytes) + `"}`))
			return err
		}(), []error{ErrInvalidSpec, ErrLimit}, "spec", "$"},
		{"spec: wrong kind", func() error { _, err := ParseSignalSet([]byte(`{"kind":"rating-model"}`)); return err }(),
			[]error{ErrInvalidSpec}, "spec", "kind"},
		{"input: negative DPD", func() error {
			_, err := set.Evaluate(&History{Loan: "L", Observations: []Observation{{Date: asOf, DPD: -1}}}, asOf)
			return err
		}(), []error{ErrInvalidInput}, "input", `loan "L" observations[0].dpd`},
		{"input: unsorted", func() error {
			_, err := set.Evaluate(&History{Observations: []Observation{{Date: asOf}, {Date: asOf}}}, asOf)
			return err
		}(), []error{ErrUnsorted}, "input", "observations[1].date"},
		{"input: short history", func() error { _, err := set.Evaluate(&History{Loan: "L"}, asOf); return err }(),
			[]error{ErrShortHistory}, "input", `loan "L" observations`},
		{"input: parameter", func() error { _, err := NewEWMA(EWMAParams{Sigma: 1, Lambda: 2, L: 3}); return err }(),
			[]error{ErrInvalidParameter}, "input", "lambda"},
		{"input: zero spread", func() error { _, err := ZScore([]float64{1, 1, 1}, 2, 3); return err }(),
			[]error{ErrZeroSpread}, "input", "hist"},
		{"input: overflow", func() error { _, err := ZScore([]float64{-1e308, 1e308}, 0, 2); return err }(),
			[]error{ErrOverflow}, "input", "hist"},
		{"input: short series", func() error { _, err := ZScore([]float64{1}, 0, 2); return err }(),
			[]error{ErrShortHistory}, "input", "hist"},
		{"input: amount exponent", func() error {
			_, err := AssessDefault(DefaultInput{Loan: "L", PastDue: decimal.New(1, math.MinInt32)}, asOf, DefaultOptions{})
			return err
		}(), []error{ErrInvalidInput}, "input", `loan "L" pastDue`},
		{"input: enum text", func() error { var m Metric; return m.UnmarshalText([]byte("pastDue")) }(),
			[]error{ErrInvalidInput}, "input", "Metric"},
		{"input: drift count", func() error { _, err := Drift([]float64{1, math.NaN()}, []float64{1, 1}); return err }(),
			[]error{ErrInvalidInput}, "input", "expected[1]"},
	}
	sentinels := []error{ErrInvalidSpec, ErrLimit, ErrInvalidInput, ErrUnsorted, ErrInvalidParameter, ErrShortHistory,
		ErrZeroSpread, ErrOverflow}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("no error")
			}
			for _, s := range sentinels {
				want := false
				for _, w := range tt.is {
					want = want || w == s
				}
				if got := errors.Is(tt.err, s); got != want {
					t.Errorf("errors.Is(%v, %v) = %v", tt.err, s, got)
				}
			}
			var se *SpecError
			var ie *InputError
			switch tt.as {
			case "spec":
				if !errors.As(tt.err, &se) || se.Path != tt.field || errors.As(tt.err, &ie) {
					t.Errorf("errors.As SpecError at %q: %v", tt.field, tt.err)
				}
			case "input":
				if !errors.As(tt.err, &ie) || ie.Field != tt.field || errors.As(tt.err, &se) {
					t.Errorf("errors.As InputError on %q: %v", tt.field, tt.err)
				}
			}
			if msg := tt.err.Error(); strings.Count(msg, "monitor: ") != strings.Count(msg, "\n")+1 || len(msg) > 2000 {
				t.Errorf("message %.300q repeats or lacks the prefix, or is long", msg)
			}
		})
	}
	// The error text follows the one shape.
	e := &InputError{Field: "dpd", Value: "-1", Err: ErrInvalidInput}
	if e.Error() != "monitor: dpd = -1: invalid input" {
		t.Errorf("InputError text %q", e)
	}
	se := &SpecError{Path: "rules[3].lag", Err: ErrLimit, Msg: "too big"}
	if se.Error() != "monitor: rules[3].lag: limit exceeded: too big" || !errors.Is(se, ErrInvalidSpec) || !errors.Is(se, ErrLimit) {
		t.Errorf("SpecError text %q", se)
	}
}

// TestHugeLagRefused: a change rule with lag and average near MaxInt64 used to compile and
// then panic (slice bounds) on every evaluation; now every window, lag and count has a bound.
func TestHugeLagRefused(t *testing.T) {
	base := RuleSpec{ID: "c", Code: "C", Kind: KindChange, Category: CategoryAccount, Severity: 1,
		Metric: MetricTurnover, Op: OpLT, Value: -0.3, Lag: 12, Average: 3}
	for _, tt := range []struct {
		name string
		mod  func(r *RuleSpec)
		path string
	}{
		{"lag and average near MaxInt64", func(r *RuleSpec) { r.Lag, r.Average = math.MaxInt64-1, math.MaxInt64-1 }, "rules[0].lag"},
		{"lag MaxInt64", func(r *RuleSpec) { r.Lag = math.MaxInt64 }, "rules[0].lag"},
		{"average above bound", func(r *RuleSpec) { r.Average = MaxPeriods + 1 }, "rules[0].average"},
		{"count window", func(r *RuleSpec) {
			*r = RuleSpec{ID: "c", Code: "C", Kind: KindCount, Category: CategoryAccount, Severity: 1, Op: OpGT,
				Window: math.MaxInt, MinCount: 1}
		}, "rules[0].window"},
		{"also lag", func(r *RuleSpec) {
			*r = RuleSpec{ID: "c", Code: "C", Kind: KindThreshold, Category: CategoryAccount, Severity: 1, Op: OpGT,
				Also: []ConditionSpec{{Op: OpGT, Lag: math.MaxInt}}}
		}, "rules[0].also[0].lag"},
		{"min history", func(r *RuleSpec) {
			*r = RuleSpec{ID: "c", Code: "C", Kind: KindZScore, Category: CategoryAccount, Severity: 1, Op: OpGT,
				MinHistory: math.MaxInt}
		}, "rules[0].minHistory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			tt.mod(&r)
			_, err := CompileSignalSet(SignalSetSpec{Rules: []RuleSpec{r}})
			var se *SpecError
			if !errors.Is(err, ErrLimit) || !errors.As(err, &se) || se.Path != tt.path {
				t.Fatalf("err = %v, want ErrLimit at %s", err, tt.path)
			}
		})
	}
	// The bound itself compiles and evaluates without a panic (too little history: unevaluated).
	r := base
	r.Lag, r.Average = MaxPeriods, MaxPeriods
	s, err := CompileSignalSet(SignalSetSpec{Rules: []RuleSpec{r}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Evaluate(monthly(24), asOf)
	if err != nil || len(res.Unevaluated) != 1 {
		t.Errorf("at the bound: %+v %v", res, err)
	}
}

// TestSignalSetSizeBounds: 100,000 rules are refused before any rule is read; the problems of
// a set with many bad rules are capped at 100 plus one counting the rest.
func TestSignalSetSizeBounds(t *testing.T) {
	_, err := CompileSignalSet(SignalSetSpec{Rules: make([]RuleSpec, 100_000)})
	var se *SpecError
	if !errors.Is(err, ErrLimit) || !errors.As(err, &se) || se.Path != "rules" {
		t.Errorf("100,000 rules: %v", err)
	}
	_, err = CompileSignalSet(SignalSetSpec{Rules: make([]RuleSpec, MaxRules)})
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	if len(errs) != maxErrors+1 || !strings.Contains(errs[maxErrors].Error(), "more problems not listed") {
		t.Errorf("%d errors reported, last %v", len(errs), errs[len(errs)-1])
	}
	big := `{"kind":"signal-set","rules":[` + strings.Repeat(`{},`, MaxDocumentBytes/3) + `{}]}`
	if _, err := ParseSignalSet([]byte(big)); !errors.Is(err, ErrLimit) {
		t.Errorf("%d bytes: %v", len(big), err)
	}
	if _, err := CompileSignalSet(SignalSetSpec{Rules: []RuleSpec{{ID: "e", Code: "E", Kind: KindEvent,
		Category: CategoryExternal, Severity: 1, Events: make([]Event, MaxConditions+1)}}}); !errors.Is(err, ErrLimit) {
		t.Errorf("%d events: %v", MaxConditions+1, err)
	}
	if _, err := CompileSignalSet(SignalSetSpec{Escalation: EscalationSpec{WindowDays: math.MaxInt},
		Rules: DefaultSignalSetSpec().Rules}); !errors.Is(err, ErrLimit) {
		t.Errorf("escalation window: %v", err)
	}
}

// TestExtremeAmounts: decimals with extreme exponents built in Go used to hang ClassifyDebtor
// and AssessDefault (rescaling to a common exponent materialises 10^(2^32)); they are now
// refused at the boundary, zeros with any exponent accepted.
func TestExtremeAmounts(t *testing.T) {
	tiny, huge := decimal.New(1, math.MinInt32), decimal.New(1, math.MaxInt32) // before the fix: a hang (go test's timeout)
	for _, tt := range []struct {
		name  string
		run   func() error
		field string
	}{
		{"debtor balance tiny", func() error {
			_, err := ClassifyDebtor(Debtor{ID: "D", Claims: []Claim{{Balance: tiny}, {Balance: huge}}}, asOf)
			return err
		}, `loan "D" claims[0].balance`},
		{"debtor balance huge", func() error {
			_, err := ClassifyDebtor(Debtor{Claims: []Claim{{Balance: decimal.NewFromInt(1)}, {Balance: huge}}}, asOf)
			return err
		}, "claims[1].balance"},
		{"registry debt", func() error {
			_, err := ClassifyDebtor(Debtor{AllBanksDebt: huge, AllBanksOver90: tiny}, asOf)
			return err
		}, "allBanksDebt"},
		{"past due", func() error {
			_, err := AssessDefault(DefaultInput{PastDue: tiny, Exposure: huge}, asOf, DefaultOptions{})
			return err
		}, "pastDue"},
		{"exposure", func() error {
			_, err := AssessDefault(DefaultInput{PastDue: decimal.NewFromInt(1), Exposure: huge}, asOf, EURetailDefault())
			return err
		}, "exposure"},
		{"absolute", func() error {
			_, err := AssessDefault(DefaultInput{PastDue: decimal.NewFromInt(1)}, asOf, DefaultOptions{Absolute: huge})
			return err
		}, "opts.absolute"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.field || len(err.Error()) > 200 {
				t.Errorf("err = %.300v, want an InputError on %s", err, tt.field)
			}
		})
	}
	// Zeros with extreme exponents and amounts at the bounds work.
	zero := decimal.New(0, math.MinInt32)
	got, err := ClassifyDebtor(Debtor{Claims: []Claim{{Balance: zero, Input: ClassificationInput{DPD: 100}},
		{Balance: decimal.New(1, MaxExponent)}, {Balance: decimal.New(1, MinExponent)}},
		AllBanksDebt: decimal.New(0, math.MaxInt32)}, asOf)
	if err != nil || len(got) != 3 {
		t.Errorf("bounds: %v %v", got, err)
	}
	r, err := AssessDefault(DefaultInput{DPD: 120, PastDue: decimal.New(1, MaxExponent), Exposure: decimal.New(1, MinExponent)},
		asOf, EURetailDefault())
	if err != nil || !r.Defaulted {
		t.Errorf("bounds: %+v %v", r, err)
	}
}

// TestFarDates: dates beyond the civil calendar are refused, never silently wrapped.
func TestFarDates(t *testing.T) {
	far := time.Unix(math.MaxInt64/2, 0)
	if _, err := StageOf(StageInput{LastSICR: asOf}, far, StageOptions{ProbationMonths: 3}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("StageOf asOf far: %v", err)
	}
	if _, err := AssessDefault(DefaultInput{LastTrigger: far}, far, DefaultOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("AssessDefault far: %v", err)
	}
	s, _ := CompileSignalSet(DefaultSignalSetSpec())
	if _, err := s.Evaluate(monthly(3), far); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Evaluate far: %v", err)
	}
	if _, err := Classify(ClassificationInput{Restructuring: &Restructuring{Start: time.Unix(math.MinInt64/2, 0)}}, asOf); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Classify far start: %v", err)
	}
}

// TestDriftBands: Drift bands PSI as rating/validation does, from internal/psi: 0.10 itself is
// "investigate" (Yellow; it used to be Green), 0.25 itself significant (Orange).
func TestDriftBands(t *testing.T) {
	for _, tt := range []struct {
		psi  float64
		want WarningLevel
	}{{0, Green}, {0.0999999, Green}, {0.10, Yellow}, {0.2499999, Yellow}, {0.25, Orange}, {3, Orange}} {
		if got := driftLevel(tt.psi); got != tt.want {
			t.Errorf("PSI %v: %v, want %v", tt.psi, got, tt.want)
		}
	}
	// Worked by hand: e = (0.5, 0.5), a = (0.34, 0.66):
	// PSI = 0.16·ln(0.5/0.34) + 0.16·ln(0.66/0.5) = 0.061706 + 0.044421 = 0.106127, investigate.
	r, err := Drift([]float64{50, 50}, []float64{34, 66})
	if err != nil || math.Abs(r.PSI-0.106127) > 5e-6 || r.Level != Yellow {
		t.Errorf("PSI %v level %v, %v; want 0.106127 yellow", r.PSI, r.Level, err)
	}
}
