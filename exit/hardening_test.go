package exit

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// TestHostileLoans are the reproducers of issue #18 for exit: each returns a
// typed error naming the right field, quickly, and ChooseAll keeps every
// other record.
func TestHostileLoans(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	good := securedViable()
	good.Defaulted, good.DPD, good.WarningLevel, good.RemainingYears = false, 0, Yellow, 100
	tests := []struct {
		name  string
		mod   func(l *Loan)
		want  error
		field string
		value string
	}{
		{"contract rate 1e300", func(l *Loan) { l.ContractRate = 1e300 }, ErrRate, "contractRate", "1e+300"},
		{"contract rate +Inf", func(l *Loan) { l.ContractRate = math.Inf(1) }, ErrRate, "contractRate", "+Inf"},
		// A legal rate whose interest over 100 years overflows the money range.
		{"interest overflow", func(l *Loan) { l.ContractRate, l.EAD = MaxContractRate, dec("9000000000000") }, ErrAmount, "contractRate", "10"},
		{"EAD 1e-2147483648", func(l *Loan) { l.EAD = decimal.New(1, math.MinInt32) }, ErrAmount, "ead", "1e-2147483648"},
		{"EAD 1e+2147483647", func(l *Loan) { l.EAD = decimal.New(1, math.MaxInt32) }, ErrAmount, "ead", "1e2147483647"},
		{"collateral 7e-99999", func(l *Loan) { l.Collateral = decimal.New(7, -99999) }, ErrAmount, "collateral", "7e-99999"},
		{"guarantee 1e65", func(l *Loan) { l.Guarantee = decimal.New(1, 65) }, ErrAmount, "guarantee", "1e65"},
	}
	loans := []Loan{good}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := good
			tt.mod(&l)
			loans = append(loans, l)
			start := time.Now()
			_, err := set.Choose(l, asOf)
			var ie *InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &ie) || ie.Field != tt.field || ie.Value != tt.value {
				t.Errorf("err = %#v (%v), want %v at %s = %s", ie, err, tt.want, tt.field, tt.value)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	res := set.ChooseAll(loans, asOf)
	if len(res) != len(loans) || res[0].Err != nil || len(res[0].Result.Options) != set.Len() {
		t.Fatalf("ChooseAll lost the good record: %+v", res[0])
	}
	for i := 1; i < len(res); i++ {
		var ie *InputError
		if !errors.As(res[i].Err, &ie) || !strings.HasPrefix(ie.Field, "loans[") {
			t.Errorf("record %d: %v", i, res[i].Err)
		}
	}
}

// TestHostileAmounts: the other entry points taking decimals refuse extreme
// exponents at once, and print them in scientific notation.
func TestHostileAmounts(t *testing.T) {
	huge, tiny := decimal.New(3, math.MaxInt32), decimal.New(3, math.MinInt32)
	for name, f := range map[string]func() error{
		"ExpectedLoss":     func() error { _, err := ExpectedLoss(0.1, 0.4, tiny); return err },
		"BestEstimateLoss": func() error { _, _, err := BestEstimateLoss(dec("100"), huge); return err },
		"IRBCapital EAD": func() error {
			_, err := IRBCapital(Exposure{PD: 0.01, LGD: 0.45, EAD: huge}, CapitalOptions{})
			return err
		},
		"IRBCapital Sales": func() error {
			_, err := IRBCapital(Exposure{Class: SMECorporate, PD: 0.01, LGD: 0.45, EAD: dec("1"), Sales: tiny}, CapitalOptions{})
			return err
		},
		"Discount.PV": func() error { _, err := Discount{Valuation: asOf}.PV(CashFlow{Date: asOf, Amount: huge}); return err },
		"IRR":         func() error { _, err := IRR(asOf, ACT365Fixed, []CashFlow{{Date: asOf, Amount: tiny}}); return err },
		"Spec fixedCost": func() error {
			_, err := CompileOptionSet(OptionSetSpec{Options: []OptionSpec{{Kind: Sale, Params: Params{FixedCost: &huge}}}})
			return err
		},
	} {
		start := time.Now()
		err := f()
		if err == nil || !(errors.Is(err, ErrAmount) || errors.Is(err, ErrSalesBand)) || len(err.Error()) > 200 {
			t.Errorf("%s: err = %v", name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s took %v", name, d)
		}
	}
	// Zero is accepted with any exponent.
	if el, err := ExpectedLoss(0.1, 0.4, decimal.New(0, math.MinInt32)); !errors.Is(err, ErrEAD) || !el.IsZero() {
		t.Errorf("zero EAD with a huge exponent: %v", err)
	}
}

// TestRWANotBlamedOnEAD: the largest EAD with a risk weight above 100 %
// gives an RWA beyond the amount range; it is a result, not an EAD error.
func TestRWANotBlamedOnEAD(t *testing.T) {
	c, err := IRBCapital(Exposure{Class: Corporate, PD: 0.2, LGD: 1, EAD: dec("10000000000000"), M: 5}, CapitalOptions{Scaling106: true})
	if err != nil {
		t.Fatal(err)
	}
	want := decimal.NewFromFloat(c.RW).Mul(dec("10000000000000"))
	if d := c.RWA().Sub(want).Abs(); d.GreaterThan(dec("1000")) {
		t.Errorf("RWA %s, want ≈ %s", c.RWA(), want)
	}
}

// TestDiscountFactorOverflow: a discount factor beyond float64 is ErrValue
// (documented), in DiscountFactor and in Discount.PV, never ErrAmount.
func TestDiscountFactorOverflowErrValue(t *testing.T) {
	if _, err := DiscountFactor(-0.999999, 1e6); !errors.Is(err, ErrValue) {
		t.Errorf("DiscountFactor: %v", err)
	}
	_, err := Discount{Valuation: asOf, Rate: -0.9999}.PV(CashFlow{Date: asOf.AddDate(200, 0, 0), Amount: dec("1")})
	var ie *InputError
	if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != "flow.date" {
		t.Errorf("PV: %v", err)
	}
	// Far dates are counted exactly (a time.Duration saturates at 292 years).
	if got := ACT365Fixed.YearFraction(date(2000, 1, 1), date(3000, 1, 1)); math.Abs(got-365243.0/365) > 1e-9 { // 1000·365 + 243 leap days
		t.Errorf("YearFraction over 1000 years = %v", got)
	}
}

// TestIRRFarRootTerminates: a root near the top of the grid, where float64
// spacing exceeds the tolerance, still ends.
func TestIRRFarRootTerminates(t *testing.T) {
	flows := []CashFlow{{Date: asOf, Amount: dec("-1")}, {Date: asOf.AddDate(0, 0, 1), Amount: dec("100000000")}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r, err := IRR(asOf, ACT365Fixed, flows)
		if err != nil && !errors.Is(err, ErrNoIRR) {
			t.Errorf("IRR: %v", err)
		}
		if math.IsNaN(r) || math.IsInf(r, 0) {
			t.Errorf("IRR = %v", r)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("IRR does not terminate")
	}
}

// TestDocumentBounds: option and rule counts and document sizes are bounded
// before any work.
func TestDocumentBounds(t *testing.T) {
	s := OptionSetSpec{Options: make([]OptionSpec, 200_000)}
	_, err := CompileOptionSet(s)
	var se *SpecError
	if !errors.Is(err, ErrLimit) || !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != "options" {
		t.Errorf("200,000 options: %v", err)
	}
	s = OptionSetSpec{Options: []OptionSpec{{Kind: Sale, Scenarios: make([]ScenarioSpec, MaxScenarios+1)}}}
	if _, err := CompileOptionSet(s); !errors.Is(err, ErrLimit) {
		t.Errorf("too many scenarios: %v", err)
	}
	if _, err := CompileTriggerSet(TriggerSetSpec{Rules: make([]TriggerRuleSpec, MaxRules+1)}); !errors.Is(err, ErrLimit) {
		t.Errorf("too many rules: %v", err)
	}
	big := append([]byte(`{"kind":"exit-option-set","id":"`), bytes.Repeat([]byte("x"), MaxDocumentBytes)...)
	big = append(big, `","options":[{"kind":"sale"}]}`...)
	if _, err := ParseOptionSet(big); !errors.Is(err, ErrLimit) || !errors.As(err, &se) || se.Path != "$" {
		t.Errorf("large document: %v", err)
	}
	if _, err := ParseTriggerSet(big); !errors.Is(err, ErrLimit) {
		t.Errorf("large trigger document: %v", err)
	}
	// Joined errors are capped.
	many := OptionSetSpec{Options: make([]OptionSpec, 300)}
	for i := range many.Options {
		many.Options[i] = OptionSpec{Kind: Sale, Params: Params{Price: ptr(2.0)}}
	}
	_, err = CompileOptionSet(many)
	if errs := err.(interface{ Unwrap() []error }).Unwrap(); len(errs) != maxErrors+1 || !strings.Contains(err.Error(), "more problems not listed") {
		t.Errorf("%d errors reported", len(errs))
	}
}

// TestNilReceivers: nil compiled values are errors or documented zero
// behaviour, never panics.
func TestNilReceivers(t *testing.T) {
	var s *OptionSet
	if _, err := s.Choose(securedViable(), asOf); !errors.Is(err, ErrValue) {
		t.Errorf("nil Choose: %v", err)
	}
	if r := s.ChooseAll([]Loan{securedViable()}, asOf); len(r) != 1 || !errors.Is(r[0].Err, ErrValue) {
		t.Errorf("nil ChooseAll: %+v", r)
	}
	if _, _, err := s.Sensitivity(securedViable(), asOf); !errors.Is(err, ErrValue) {
		t.Errorf("nil Sensitivity: %v", err)
	}
	if s.Len() != 0 || s.Spec().Options != nil {
		t.Error("nil Len/Spec")
	}
	if _, err := new(OptionSet).Choose(securedViable(), asOf); !errors.Is(err, ErrValue) {
		t.Errorf("zero Choose: %v", err)
	}
	var p *TriggerSet
	if r, err := p.Recommend(Borrower{WarningLevel: Red}); err != nil || r.Plan != Maintain {
		t.Errorf("nil Recommend: %v %v", r, err)
	}
}

// TestOptionSetConcurrent: 64 goroutines share one compiled OptionSet and a
// TriggerSet and get the single-threaded results (run with -race).
func TestOptionSetConcurrent(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tp, err := CompileTriggerSet(DefaultTriggerSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	loans := []Loan{unsecuredNPL(), securedViable(), {EAD: dec("5000"), PD: 0.2, WarningLevel: Yellow, Viable: true, DSCR: 1.3,
		RemainingYears: 2, ContractRate: 0.07, NewCollateral: dec("1000")}}
	want := set.ChooseAll(loans, asOf)
	wantRec, _ := tp.Recommend(Borrower{WarningLevel: Orange, Notches: 3})
	_, wantBE, _ := set.Sensitivity(loans[1], asOf)
	opt := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := set.ChooseAll(loans, asOf)
			for i := range got {
				if !cmp.Equal(got[i].Result.Options, want[i].Result.Options, opt, cmp.AllowUnexported(Valuation{}, ScenarioValue{})) ||
					(got[i].Err == nil) != (want[i].Err == nil) {
					t.Errorf("goroutine %d loan %d differs", g, i)
				}
			}
			if r, _ := tp.Recommend(Borrower{WarningLevel: Orange, Notches: 3}); !cmp.Equal(r, wantRec) {
				t.Errorf("goroutine %d: recommendation differs", g)
			}
			if g%16 == 0 {
				if _, be, _ := set.Sensitivity(loans[1], asOf); !cmp.Equal(be, wantBE) {
					t.Errorf("goroutine %d: sensitivity differs", g)
				}
			}
			_ = set.Spec()
		}()
	}
	wg.Wait()
}

// TestDocumentRoundTrip: every document kind marshals with "kind", no
// snake_case member, and Parse → Compile → Spec gives the spec back.
func TestDocumentRoundTrip(t *testing.T) {
	sale := CostUpfront
	opts := DefaultOptionSetSpec()
	opts.DayCount = ACT360
	opts.DiscountRate = ptr(0.1)
	opts.Fallback.RecoveryRate = ptr(0.3)
	opts.Options = append(opts.Options, OptionSpec{Name: "auction", Kind: CollateralDisposal, Scenarios: []ScenarioSpec{
		{Name: "first", Probability: 0.6, Params: Params{Haircut: ptr(0.3)}},
		{Name: "later", Probability: 0.4, Params: Params{Haircut: ptr(0.5), Years: ptr(3.0), FixedCost: ptr(dec("1200.50")), CostTiming: &sale}}}})
	docs := []struct {
		kind  string
		value any
		back  func([]byte) (any, error)
	}{
		{KindOptionSet, opts, func(b []byte) (any, error) {
			s, err := ParseOptionSet(b)
			if err != nil {
				return nil, err
			}
			c, err := CompileOptionSet(s)
			if err != nil {
				return nil, err
			}
			return c.Spec(), nil
		}},
		{KindTriggerSet, DefaultTriggerSetSpec(), func(b []byte) (any, error) {
			s, err := ParseTriggerSet(b)
			if err != nil {
				return nil, err
			}
			c, err := CompileTriggerSet(s)
			if err != nil {
				return nil, err
			}
			return c.Spec(), nil
		}},
	}
	for _, d := range docs {
		t.Run(d.kind, func(t *testing.T) {
			b, err := json.Marshal(d.value)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(b, []byte(`"kind":"`+d.kind+`"`)) || !bytes.Contains(b, []byte(`"version":`)) {
				t.Errorf("no kind or version in %s", b)
			}
			var keys func(v any)
			keys = func(v any) {
				switch v := v.(type) {
				case map[string]any:
					for k, x := range v {
						if strings.Contains(k, "_") || k == "" || k[0] < 'a' || k[0] > 'z' {
							t.Errorf("member %q is not lowerCamelCase", k)
						}
						keys(x)
					}
				case []any:
					for _, x := range v {
						keys(x)
					}
				}
			}
			var generic any
			if err := json.Unmarshal(b, &generic); err != nil {
				t.Fatal(err)
			}
			keys(generic)
			got, err := d.back(b)
			if err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			if diff := cmp.Diff(d.value, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestErrorsTable: every sentinel is reachable through errors.Is, the error
// types through errors.As, and no message repeats the package prefix.
func TestErrorsTable(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	_, irrErr := IRR(asOf, ACT365Fixed, []CashFlow{{Date: asOf, Amount: dec("-10")}, {Date: asOf.AddDate(1, 0, 0), Amount: dec("25")},
		{Date: asOf.AddDate(2, 0, 0), Amount: dec("-15")}, {Date: asOf.AddDate(3, 0, 0), Amount: dec("1")}})
	_, noFeasible := mustCompile(t, OptionSetSpec{Options: []OptionSpec{{Kind: Sale}}}).Choose(Loan{EAD: dec("1")}, asOf)
	_, badSpec := LoadOptionSet([]byte(`{"kind":"exit-option-set","version":"1","options":[{"kind":"sale","price":2}]}`))
	_, badSum := CompileOptionSet(OptionSetSpec{Options: []OptionSpec{{Kind: Sale, Scenarios: []ScenarioSpec{{Name: "a", Probability: 0.2}}}}})
	_, syntax := ParseOptionSet([]byte(`{"kind":`))
	_, limit := CompileOptionSet(OptionSetSpec{Options: make([]OptionSpec, MaxOptions+1)})
	tests := []struct {
		name     string
		err      error
		sentinel error
		as       string // "input", "spec", "irr"
		text     string
	}{
		{"EAD", call(set.Choose(Loan{}, asOf)), ErrEAD, "input", "exit: ead = 0: EAD must be positive"},
		{"probability", call(ExpectedLoss(2, 0.4, dec("1"))), ErrProbability, "input", "exit: pd = 2: probability outside [0, 1]"},
		{"probability sum", badSum, ErrProbabilitySum, "spec", "exit: options[0].scenarios: scenario probabilities do not sum to 1: sum 0.2"},
		{"rate", call(DiscountFactor(-1, 1)), ErrRate, "input", "exit: rate = -1: rate out of range"},
		{"before valuation", call(Discount{Valuation: asOf}.PV(CashFlow{Date: asOf.AddDate(0, 0, -1), Amount: dec("1")})), ErrBeforeValuation, "input", "exit: flow.date = 2025-12-31: cash flow dated before the valuation date"},
		{"sales band", call(IRBCapital(Exposure{Class: SMECorporate, PD: 0.01, LGD: 0.4, EAD: dec("1"), Sales: dec("50")}, CapitalOptions{})), ErrSalesBand, "input", "exit: sales = 50: sales outside the SME firm-size band"},
		{"amount", call(ExpectedLoss(0.1, 0.4, decimal.New(1, 20))), ErrAmount, "input", "exit: ead = 100000000000000000000: amount negative or out of range"},
		{"value", call(DiscountFactor(0.1, -1)), ErrValue, "input", "exit: t = -1: value out of domain"},
		{"invalid spec", badSpec, ErrProbability, "spec", "exit: options[0].price: probability outside [0, 1]"},
		{"syntax", syntax, ErrInvalidSpec, "spec", "exit: $: invalid spec: unexpected end of JSON input"},
		{"limit", limit, ErrLimit, "spec", "exit: options: limit exceeded: 1001 options, limit 1000"},
		{"no IRR", call(IRR(asOf, ACT365Fixed, []CashFlow{{Date: asOf, Amount: dec("5")}})), ErrNoIRR, "input", "exit: flows = no sign change: no internal rate of return"},
		{"multiple IRR", irrErr, ErrMultipleIRR, "irr", "exit: IRR may not be unique: 3 sign changes"},
		{"no feasible option", noFeasible, ErrNoFeasibleOption, "input", "exit: options = none feasible: no feasible option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.sentinel) {
				t.Errorf("%v is not %v", tt.err, tt.sentinel)
			}
			var ie *InputError
			var se *SpecError
			var iw *IRRWarning
			switch tt.as {
			case "input":
				if !errors.As(tt.err, &ie) || errors.Is(tt.err, ErrInvalidSpec) {
					t.Errorf("%v: not an *InputError", tt.err)
				}
			case "spec":
				if !errors.As(tt.err, &se) || !errors.Is(tt.err, ErrInvalidSpec) {
					t.Errorf("%v: not a *SpecError matching ErrInvalidSpec", tt.err)
				}
			case "irr":
				if !errors.As(tt.err, &iw) {
					t.Errorf("%v: not an *IRRWarning", tt.err)
				}
			}
			if got := tt.err.Error(); got != tt.text || strings.Count(got, "exit: ") != 1 {
				t.Errorf("text %q, want %q", got, tt.text)
			}
		})
	}
}

// call keeps the error of a two-result call, for the table above.
func call[T any](_ T, err error) error { return err }

// TestChooseDates: asOf and LastRestructured obey the library's date bound
// (years 1 to 9999), and a last restructuring after asOf is an error naming
// the field. It used to be accepted and counted as "within the observation
// period", silently making restructuring infeasible for that loan.
func TestChooseDates(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tests := []struct {
		name  string
		asOf  time.Time
		last  time.Time
		field string
		value string
	}{
		{"asOf year 0", date(0, 12, 31), time.Time{}, "asOf", "0000-12-31"},
		{"asOf year 10000", date(10000, 1, 1), time.Time{}, "asOf", "10000-01-01"},
		{"restructured year 0", asOf, date(0, 6, 30), "lastRestructured", "0000-06-30"},
		{"restructured after asOf", asOf, asOf.AddDate(0, 0, 1), "lastRestructured", "2026-01-02 (after asOf 2026-01-01)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := securedViable()
			l.LastRestructured = tt.last
			d, err := set.Choose(l, tt.asOf)
			var ie *InputError
			if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != tt.field || ie.Value != tt.value {
				t.Errorf("err = %v, want ErrValue at %s = %s", err, tt.field, tt.value)
			}
			if len(d.Options) != 0 {
				t.Errorf("options returned with the error: %d", len(d.Options))
			}
		})
	}
	// Bounds themselves, the zero time (never restructured) and a
	// restructuring on asOf itself are valid.
	for _, c := range []struct{ asOf, last time.Time }{
		{date(1, 1, 1), time.Time{}}, {date(9999, 12, 31), time.Time{}}, {asOf, asOf}, {asOf, date(1, 1, 2)},
	} {
		l := securedViable()
		l.LastRestructured = c.last
		if _, err := set.Choose(l, c.asOf); err != nil {
			t.Errorf("asOf %v, last restructured %v: %v", c.asOf, c.last, err)
		}
	}
	// The observation period still applies to a restructuring on asOf.
	l := securedViable()
	l.LastRestructured = asOf
	d, _ := set.Choose(l, asOf)
	if v := valuation(t, d, "restructure"); v.Feasible || !slices.Contains(v.Reasons, ReasonObservationPeriod) {
		t.Errorf("restructured on asOf: feasible %v, reasons %v", v.Feasible, v.Reasons)
	}
}

// TestDocumentVersionRequired: as in every loader of the library (root doc, "Documents"), an
// option-set or trigger-set document without a non-blank version is a SpecError at "version".
// Go-built specs, which may also leave Kind empty, are not affected: Compile does not check it.
func TestDocumentVersionRequired(t *testing.T) {
	for _, doc := range []string{
		`{"kind":"exit-option-set","id":"x","options":[{"kind":"sale"}]}`,
		`{"kind":"exit-option-set","version":"","id":"x","options":[{"kind":"sale"}]}`,
		`{"kind":"exit-trigger-set","version":"  ","id":"x","rules":[{"id":"r","plan":"reduce","minDPD":30}]}`,
		`{"kind":"exit-trigger-set","id":"x","rules":[{"id":"r","plan":"reduce","minDPD":30}]}`,
	} {
		var err error
		if strings.Contains(doc, "option-set") {
			_, err = LoadOptionSet([]byte(doc))
		} else {
			_, err = LoadTriggerSet([]byte(doc))
		}
		var se *SpecError
		if !errors.Is(err, ErrInvalidSpec) || !errors.As(err, &se) || se.Path != "version" {
			t.Errorf("%s: err = %v, want SpecError at version", doc, err)
		}
		if !strings.Contains(doc, `"version"`) {
			continue
		}
		fixed := strings.Replace(doc, `"version":"`, `"version":"1`, 1)
		if strings.Contains(fixed, "option-set") {
			_, err = LoadOptionSet([]byte(fixed))
		} else {
			_, err = LoadTriggerSet([]byte(fixed))
		}
		if err != nil {
			t.Errorf("%s: %v", fixed, err)
		}
	}
}
