package exit

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

var asOf = date(2026, 1, 1)

func ptr[T any](v T) *T { return &v }

func mustCompile(t testing.TB, s OptionSetSpec) *OptionSet {
	t.Helper()
	set, err := CompileOptionSet(s)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// unsecuredNPL is an unsecured defaulted SME loan with no sponsor.
func unsecuredNPL() Loan {
	return Loan{ID: "npl-1", EAD: dec("100000"), ContractRate: 0.06, Defaulted: true, DPD: 120, WarningLevel: Red}
}

// securedViable is a defaulted loan to a viable firm, secured by real
// estate appraised at 900,000 and guaranteed for 200,000.
func securedViable() Loan {
	return Loan{ID: "npl-2", EAD: dec("1000000"), ContractRate: 0.06, Defaulted: true, DPD: 120, WarningLevel: Red,
		Viable: true, DSCR: 1.2, Collateral: dec("900000"), CollateralEnforceable: true,
		Guarantee: dec("200000"), GuarantorSolvent: true}
}

func valuation(t *testing.T, d Choice, name string) Valuation {
	t.Helper()
	for _, v := range d.Options {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no option %q", name)
	return Valuation{}
}

// TestChooseHandChecked checks option values computed by hand from the
// documented models and defaults (docs/reference/exit.md §6.3) at 8 %, ACT/365F, with each
// flow's PV rounded half-even to the cent. Time offsets are fractional years
// (τ = 2.5 under ACT/365F, not 913 whole days): DF(2.5) = 1.08^(−2.5) =
// 0.824974664480, DF(1.5) = 0.890972637638, DF(3.5) = 0.763865430074.
func TestChooseHandChecked(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	t.Run("unsecured NPL", func(t *testing.T) {
		d, err := set.Choose(unsecuredNPL(), asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			// win 0.7: 0.5·100000·(1 − 0.08) = 46000 at 2.5 y → 37948.83; servicing
			// 0.02·100000·2.5 = 5000 at 2.5 y → 4124.87; win PV 33823.96, lose −4124.87;
			// NPV = round(0.7·33823.96) + round(0.3·(−4124.87)) = 23676.77 − 1237.46.
			"litigation": "22439.31",
			// price 0.05·100000 = 5000 less 2 % transaction cost, now.
			"sale": "4900",
			// later recoveries 0.05·100000·(1 − 0.08) = 4600 at 730 days: 4600/1.08².
			"write-off": "3943.76",
		}
		for name, w := range want {
			if got := valuation(t, d, name).NPV(); !got.Equal(dec(w)) {
				t.Errorf("%s NPV = %s, want %s", name, got, w)
			}
		}
		best, ok := d.Best()
		if !ok || best.Name != "litigation" || d.Feasible != 2 {
			t.Fatalf("best %v (%d feasible), want litigation of 2\n%s", best.Name, d.Feasible, d.Explain())
		}
		// Workout LGD = 1 − 22439.31/100000.
		if math.Abs(best.LGD-0.7756069) > 1e-12 {
			t.Errorf("LGD = %v", best.LGD)
		}
		wantRank := []string{"litigation", "sale", "continue", "reduce-exposure", "add-collateral", "restructure",
			"collateral-disposal", "guarantor-enforcement", "write-off"}
		var got []string
		for _, v := range d.Options {
			got = append(got, v.Name)
		}
		if diff := cmp.Diff(wantRank, got); diff != "" {
			t.Errorf("ranking (-want +got):\n%s", diff)
		}
		if r := valuation(t, d, "write-off").Reasons; !cmp.Equal(r, []ReasonCode{ReasonRecoveryNotExhausted}) {
			t.Errorf("write-off reasons %v", r)
		}
		// Scenario contributions reconcile to the NPV to the cent.
		for _, v := range d.Options {
			sum := decimal.Zero
			for _, s := range v.Scenarios {
				sum = sum.Add(s.Contribution())
			}
			if !sum.Equal(v.NPV()) {
				t.Errorf("%s: Σ contributions %s ≠ NPV %s", v.Name, sum, v.NPV())
			}
		}
	})
	t.Run("secured viable", func(t *testing.T) {
		d, err := set.Choose(securedViable(), asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			// Annuity factor at 6 % over 3 years 0.374109812791 → 374109.81 a year;
			// PVs 346397.97 + 320738.86 + 296980.43, servicing 60000 at 3 y → 47629.93:
			// success 916487.33. Failure at 1 y: collateral 900000·0.7 = 630000 less 8 %
			// = 579600 at 2.5 y → 478155.32; unsecured 0.34·370000 = 125800 at 3.5 y →
			// 96094.27; servicing 70000 at 3.5 y → 53470.58: 520779.01.
			// NPV = 0.5·916487.33 + 0.5·520779.01 = 458243.66 + 260389.50 (half even).
			"restructure": "718633.16",
			// 579600 at 1.5 y → 516407.74; 125800 at 2.5 y → 103781.81;
			// servicing 30000 at 1.5 y → 26729.18.
			"collateral-disposal": "593460.37",
		}
		for name, w := range want {
			if got := valuation(t, d, name).NPV(); !got.Equal(dec(w)) {
				t.Errorf("%s NPV = %s, want %s", name, got, w)
			}
		}
		if best, _ := d.Best(); best.Name != "restructure" {
			t.Errorf("best %s, want restructure\n%s", best.Name, d.Explain())
		}
	})
}

func TestChooseInfeasibility(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tests := []struct {
		name   string
		mod    func(l *Loan)
		option string
		want   []ReasonCode
	}{
		{"restructure non-viable", func(l *Loan) { l.Viable = false }, "restructure", []ReasonCode{ReasonNotViable}},
		{"restructure weak DSCR", func(l *Loan) { l.DSCR = 0.9 }, "restructure", []ReasonCode{ReasonDSCRBelowMinimum}},
		{"second restructuring within observation", func(l *Loan) {
			l.Restructurings, l.LastRestructured = 1, asOf.AddDate(0, -6, 0)
		}, "restructure", []ReasonCode{ReasonObservationPeriod}},
		{"restructured twice", func(l *Loan) {
			l.Restructurings, l.LastRestructured = 2, asOf.AddDate(-3, 0, 0)
		}, "restructure", []ReasonCode{ReasonRestructuredTwice}},
		{"write-off before recovery exhausted", func(l *Loan) {}, "write-off", []ReasonCode{ReasonRecoveryNotExhausted}},
		{"disposal unenforceable", func(l *Loan) { l.CollateralEnforceable = false }, "collateral-disposal", []ReasonCode{ReasonNotEnforceable}},
		{"guarantor insolvent", func(l *Loan) { l.GuarantorSolvent = false }, "guarantor-enforcement", []ReasonCode{ReasonGuarantorInsolvent}},
		{"continue on NPL", func(l *Loan) {}, "continue", []ReasonCode{ReasonLevelTooHigh, ReasonNotCurrent}},
		{"sale of performing", func(l *Loan) { l.Defaulted, l.DPD = false, 0 }, "sale", []ReasonCode{ReasonNotClassifiedNPL}},
		{"litigation without default event", func(l *Loan) { l.Defaulted, l.DPD = false, 60 }, "litigation", []ReasonCode{ReasonNoDefaultEvent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := securedViable()
			tt.mod(&l)
			d, err := set.Choose(l, asOf)
			if err != nil {
				t.Fatal(err)
			}
			v := valuation(t, d, tt.option)
			if v.Feasible {
				t.Fatalf("%s feasible", tt.option)
			}
			if diff := cmp.Diff(tt.want, v.Reasons); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("restructuring after the observation period", func(t *testing.T) {
		l := securedViable()
		l.Restructurings, l.LastRestructured = 1, asOf.AddDate(-1, 0, -1)
		d, _ := set.Choose(l, asOf)
		if v := valuation(t, d, "restructure"); !v.Feasible {
			t.Errorf("infeasible: %v", v.Reasons)
		}
	})
	t.Run("write-off when recovery exhausted", func(t *testing.T) {
		l := unsecuredNPL()
		l.RecoveryExhausted = true
		d, _ := set.Choose(l, asOf)
		if v := valuation(t, d, "write-off"); !v.Feasible {
			t.Errorf("infeasible: %v", v.Reasons)
		}
	})
	t.Run("write-off when nothing else recovers", func(t *testing.T) {
		s := OptionSetSpec{Options: []OptionSpec{
			{Kind: Litigation, Params: Params{FixedCost: ptr(dec("50000"))}},
			{Kind: WriteOff},
		}}
		d, err := mustCompile(t, s).Choose(unsecuredNPL(), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if best, _ := d.Best(); best.Name != "write-off" {
			t.Errorf("best %s\n%s", best.Name, d.Explain())
		}
	})
	t.Run("nothing feasible", func(t *testing.T) {
		s := OptionSetSpec{Options: []OptionSpec{{Kind: Sale}}}
		l := securedViable()
		l.Defaulted, l.DPD = false, 0
		d, err := mustCompile(t, s).Choose(l, asOf)
		if !errors.Is(err, ErrNoFeasibleOption) || len(d.Options) != 1 {
			t.Errorf("err = %v, options %d", err, len(d.Options))
		}
	})
}

func TestChooseLoanErrors(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tests := []struct {
		name  string
		mod   func(l *Loan)
		want  error
		field string
	}{
		{"EAD zero", func(l *Loan) { l.EAD = decimal.Zero }, ErrEAD, "ead"},
		{"EAD negative", func(l *Loan) { l.EAD = dec("-5") }, ErrEAD, "ead"},
		{"PD above 1", func(l *Loan) { l.PD = 1.01 }, ErrProbability, "pd"},
		{"contract rate -100 %", func(l *Loan) { l.ContractRate = -1 }, ErrRate, "contractRate"},
		{"negative collateral", func(l *Loan) { l.Collateral = dec("-1") }, ErrAmount, "collateral"},
		{"huge EAD", func(l *Loan) { l.EAD = dec("1e20") }, ErrAmount, "ead"},
		{"unknown level", func(l *Loan) { l.WarningLevel = 7 }, ErrValue, "warningLevel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := unsecuredNPL()
			tt.mod(&l)
			_, err := set.Choose(l, asOf)
			var ie *InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("err = %v, want %v at %q", err, tt.want, tt.field)
			}
		})
	}
}

// TestChooseToNil: nil arguments are errors, not nil-pointer panics.
func TestChooseToNil(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	l := unsecuredNPL()
	var d Choice
	for _, tt := range []struct {
		name  string
		dst   *Choice
		loan  *Loan
		field string
	}{
		{"nil dst", nil, &l, "dst"},
		{"nil loan", &d, nil, "loan"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := set.ChooseTo(tt.dst, tt.loan, asOf)
			var ie *InputError
			if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("err = %v, want ErrValue at %s", err, tt.field)
			}
		})
	}
}

// TestHaircutNeverRaisesDisposalValue is a property: a higher forced-sale
// haircut never raises the collateral-disposal NPV.
func TestHaircutNeverRaisesDisposalValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		l := securedViable()
		l.EAD = decimal.New(1+rng.Int64N(1e10), -2)
		l.Collateral = decimal.New(rng.Int64N(2e10), -2)
		prev := decimal.Decimal{}
		for i := 0; i <= 20; i++ {
			h := float64(i) / 20
			s := OptionSetSpec{Options: []OptionSpec{{Kind: CollateralDisposal, Params: Params{Haircut: &h}}}}
			d, err := mustCompile(t, s).Choose(l, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && d.Options[0].NPV().GreaterThan(prev) {
				t.Fatalf("trial %d: haircut %g raised NPV %s → %s", trial, h, prev, d.Options[0].NPV())
			}
			prev = d.Options[0].NPV()
		}
	}
}

// TestScenarios: probability-weighted scenarios give the weighted sum of the
// single-scenario values (to a cent per scenario).
func TestScenarios(t *testing.T) {
	l := securedViable()
	one := func(h, y float64) decimal.Decimal {
		s := OptionSetSpec{Options: []OptionSpec{{Kind: CollateralDisposal, Params: Params{Haircut: &h, Years: &y}}}}
		d, _ := mustCompile(t, s).Choose(l, asOf)
		return d.Options[0].NPV()
	}
	s := OptionSetSpec{Options: []OptionSpec{{Kind: CollateralDisposal, Scenarios: []ScenarioSpec{
		{Name: "first auction", Probability: 0.6, Params: Params{Haircut: ptr(0.3), Years: ptr(1.5)}},
		{Name: "failed auctions", Probability: 0.4, Params: Params{Haircut: ptr(0.5), Years: ptr(3.0)}},
	}}}}
	d, err := mustCompile(t, s).Choose(l, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := one(0.3, 1.5).Mul(dec("0.6")).Add(one(0.5, 3).Mul(dec("0.4")))
	if d.Options[0].NPV().Sub(want).Abs().GreaterThan(dec("0.01")) {
		t.Errorf("NPV %s, want %s", d.Options[0].NPV(), want)
	}
	if len(d.Options[0].Scenarios) != 2 || d.Options[0].Scenarios[1].Variant != "failed auctions" {
		t.Errorf("scenarios %+v", d.Options[0].Scenarios)
	}
}

func TestCompileErrors(t *testing.T) {
	s := OptionSetSpec{
		DiscountRate: ptr(-1.5),
		Options: []OptionSpec{
			{Kind: Sale, Params: Params{Price: ptr(1.5)}},
			{Kind: Sale},
			{Kind: CollateralDisposal, Scenarios: []ScenarioSpec{{Name: "a", Probability: 0.5}, {Name: "b", Probability: 0.4}}},
			{Kind: Restructure, Params: Params{Years: ptr(2.5), FixedCost: ptr(dec("-1"))}},
			{Kind: 42},
		},
	}
	_, err := CompileOptionSet(s)
	want := []struct {
		path string
		err  error
	}{
		{"discountRate", ErrRate},
		{"options[0].price", ErrProbability},
		{"options[1].name", ErrValue},
		{"options[2].scenarios", ErrProbabilitySum},
		{"options[3].years", ErrValue},
		{"options[3].fixedCost", ErrAmount},
		{"options[4].kind", ErrValue},
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("err = %v, want joined errors", err)
	}
	errs := joined.Unwrap()
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(errs), len(want), err)
	}
	for i, w := range want {
		var se *SpecError
		if !errors.As(errs[i], &se) || se.Path != w.path || !errors.Is(se, w.err) || !errors.Is(se, ErrInvalidSpec) {
			t.Errorf("error %d = %v, want %s: %v", i, errs[i], w.path, w.err)
		}
	}
}

func TestLoadRoundTrip(t *testing.T) {
	data := []byte(`{"kind":"exit-option-set","id":"npl","version":"2","discountRate":0.1,"dayCount":"act-360",
	 "fallback":{"recoveryRate":0.3},
	 "options":[{"kind":"litigation","successProbability":0.6,"fixedCost":"2500.50"},
	            {"kind":"collateral-disposal","scenarios":[{"name":"quick","probability":0.7,"haircut":0.3},{"name":"slow","probability":0.3,"haircut":0.5,"years":3}]},
	            {"name":"bulk sale","kind":"sale","price":0.08}]}`)
	set, err := LoadOptionSet(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(set.Spec())
	if err != nil {
		t.Fatal(err)
	}
	set2, err := LoadOptionSet(out)
	if err != nil {
		t.Fatalf("reload %s: %v", out, err)
	}
	if diff := cmp.Diff(set.Spec(), set2.Spec(), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{"kind":"exit-option-set","options":[{"kind":"auction"}]}`, `{"kind":"exit-option-set","options":[],"extra":1}`, `{`,
		`{"kind":"exit-option-set","options":[{"kind":"sale"}]} {}`, `{"kind":"exit-option-set","options":[{"kind":"sale"}]}}`,
		`{"kind":"exit-option-set","options":[{"kind":"sale"}]}]`, `{"options":[{"kind":"sale"}]}`,
		`{"kind":"exit-trigger-set","options":[{"kind":"sale"}]}`, `{"kind":"exit-option-set","kind":"exit-option-set","options":[{"kind":"sale"}]}`,
		`{"kind":"exit-option-set","options":[{"kind":"sale","price":0.1,"price":0.2}]}`} {
		if _, err := LoadOptionSet([]byte(bad)); !errors.Is(err, ErrInvalidSpec) {
			t.Errorf("LoadOptionSet(%s) err = %v, want ErrInvalidSpec", bad, err)
		}
	}
}

// TestSensitivityFlips checks that each break-even value really changes the
// decision when it is written into the spec and compiled afresh, while the
// value a hair short of it on the current side keeps the choice.
func TestSensitivityFlips(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	for _, l := range []Loan{unsecuredNPL(), securedViable()} {
		chosen, bes, err := set.Sensitivity(l, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(bes) == 0 {
			t.Fatalf("%s: no break-evens", l.ID)
		}
		for _, be := range bes {
			t.Run(l.ID+"/"+be.Option+"/"+string(be.Param), func(t *testing.T) {
				at := func(v float64) string {
					s := DefaultOptionSetSpec()
					if be.Param == ParamDiscountRate {
						s.DiscountRate = &v
					}
					for i := range s.Options {
						if s.Options[i].Kind.String() != be.Option {
							continue
						}
						switch be.Param {
						case ParamSuccessProbability:
							s.Options[i].SuccessProbability = &v
						case ParamHaircut:
							s.Options[i].Haircut = &v
						case ParamPrice:
							s.Options[i].Price = &v
						case ParamRecoveryRate:
							s.Options[i].RecoveryRate = &v
						}
					}
					d, err := mustCompile(t, s).Choose(l, asOf)
					if err != nil {
						t.Fatal(err)
					}
					return d.Options[0].Name
				}
				if got := at(be.Value); got == chosen || got != be.NewChoice {
					t.Errorf("at %g chosen %s, want %s (not %s)", be.Value, got, be.NewChoice, chosen)
				}
				short := be.Value + math.Copysign(2e-9, be.Current-be.Value)
				if got := at(short); got != chosen {
					t.Errorf("at %g (short of break-even) chosen %s, want %s", short, got, chosen)
				}
			})
		}
	}
	// Hand check: litigation vs sale for the unsecured NPL. Litigation NPV(p) =
	// p·33823.96 + (1 − p)·(−4124.87) equals the sale's 4900 at
	// p* = 9024.87/37948.83 = 0.2378168 (cent rounding moves it by < 10⁻⁶).
	_, bes, _ := set.Sensitivity(unsecuredNPL(), asOf)
	found := false
	for _, be := range bes {
		if be.Option == "litigation" && be.Param == ParamSuccessProbability {
			found = true
			if math.Abs(be.Value-0.2378168) > 1e-6 || be.NewChoice != "sale" || be.Current != 0.7 {
				t.Errorf("litigation break-even %+v, want 0.2378168 → sale", be)
			}
		}
		if be.Option == "sale" && be.Param == ParamPrice {
			// price* = 22439.31 / (100000 · 0.98) = 0.2289726.
			if math.Abs(be.Value-0.2289726) > 1e-6 || be.NewChoice != "sale" {
				t.Errorf("sale price break-even %+v, want 0.2289726", be)
			}
		}
	}
	if !found {
		t.Error("no litigation success-probability break-even")
	}
}

func TestChooseAll(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	loans := []Loan{unsecuredNPL(), {ID: "bad"}, securedViable()}
	res := set.ChooseAll(loans, asOf)
	if len(res) != 3 || res[0].Err != nil || !errors.Is(res[1].Err, ErrEAD) || res[2].Err != nil {
		t.Fatalf("results: %v %v %v", res[0].Err, res[1].Err, res[2].Err)
	}
	// ChooseTo reuses storage and gives the same answer as Choose.
	var d Choice
	for range 3 {
		for _, l := range loans[:1] {
			if err := set.ChooseTo(&d, &l, asOf); err != nil {
				t.Fatal(err)
			}
		}
	}
	want, _ := set.Choose(loans[0], asOf)
	if diff := cmp.Diff(want, d, cmp.AllowUnexported(Valuation{}, ScenarioValue{}), cmpopts.EquateEmpty(), cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("ChooseTo (-Choose +ChooseTo):\n%s", diff)
	}
}

func TestExpectedLoss(t *testing.T) {
	// EL = PD·LGD·EAD: 0.02 · 0.45 · 1,000,000 = 9000 (Basel II §375 definition).
	el, err := ExpectedLoss(0.02, 0.45, dec("1000000"))
	if err != nil || !el.Equal(dec("9000")) {
		t.Errorf("EL = %s, %v", el, err)
	}
	if _, err := ExpectedLoss(1.2, 0.45, dec("1")); !errors.Is(err, ErrProbability) {
		t.Errorf("err = %v", err)
	}
	if _, err := ExpectedLoss(0.1, 0.45, dec("0")); !errors.Is(err, ErrEAD) {
		t.Errorf("err = %v", err)
	}
	rate, amt, err := BestEstimateLoss(dec("100000"), dec("22436.94"))
	if err != nil || !amt.Equal(dec("77563.06")) || math.Abs(rate-0.7756306) > 1e-12 {
		t.Errorf("ELBE = %v, %s, %v", rate, amt, err)
	}
}

func TestTimeZoneIndependence(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tz := time.FixedZone("UTC+14", 14*3600)
	a, _ := set.Choose(unsecuredNPL(), asOf)
	b, _ := set.Choose(unsecuredNPL(), time.Date(2026, 1, 1, 23, 59, 0, 0, tz))
	if !a.Options[0].NPV().Equal(b.Options[0].NPV()) {
		t.Errorf("NPV depends on the clock time: %s vs %s", a.Options[0].NPV(), b.Options[0].NPV())
	}
}

// TestConcurrentUse runs Choose, Sensitivity and Recommend from several
// goroutines on shared compiled values (run with -race).
func TestConcurrentUse(t *testing.T) {
	set := mustCompile(t, DefaultOptionSetSpec())
	tp, err := CompileTriggerSet(DefaultTriggerSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := set.Choose(securedViable(), asOf)
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for range 20 {
				d, _ := set.Choose(securedViable(), asOf)
				if !d.Options[0].NPV().Equal(want.Options[0].NPV()) {
					done <- errors.New("different NPV")
					return
				}
				if g == 0 {
					_, _, _ = set.Sensitivity(unsecuredNPL(), asOf)
				}
				_, _ = tp.Recommend(Borrower{WarningLevel: Orange, Notches: g})
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
