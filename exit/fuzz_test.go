package exit

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/shopspring/decimal"
)

// checkDecision verifies the invariants of a Choice: one valuation per
// option, feasible ones first by NPV descending, contributions summing to
// the NPV, finite LGDs.
func checkDecision(t *testing.T, set *OptionSet, d Choice) {
	t.Helper()
	if len(d.Options) != set.Len() {
		t.Fatalf("%d valuations for %d options", len(d.Options), set.Len())
	}
	for i, v := range d.Options {
		if math.IsNaN(v.LGD) || math.IsInf(v.LGD, 0) {
			t.Fatalf("%s: LGD %v", v.Name, v.LGD)
		}
		if v.Feasible != (i < d.Feasible) || v.Feasible != (len(v.Reasons) == 0) {
			t.Fatalf("%s: feasible %v at %d of %d, reasons %v", v.Name, v.Feasible, i, d.Feasible, v.Reasons)
		}
		if i > 0 && v.Feasible && v.NPV().GreaterThan(d.Options[i-1].NPV()) {
			t.Fatalf("ranking: %s %s above %s %s", v.Name, v.NPV(), d.Options[i-1].Name, d.Options[i-1].NPV())
		}
		sum := decimal.Zero
		for _, s := range v.Scenarios {
			if !(s.Probability >= 0 && s.Probability <= 1+1e-12) {
				t.Fatalf("%s: probability %v", v.Name, s.Probability)
			}
			sum = sum.Add(s.Contribution())
		}
		if !sum.Equal(v.NPV()) {
			t.Fatalf("%s: contributions %s ≠ NPV %s", v.Name, sum, v.NPV())
		}
	}
}

// FuzzLoad fuzzes the option spec loader: it must never panic, and a spec it
// accepts must survive a JSON round trip and value loans consistently.
func FuzzLoad(f *testing.F) {
	seed, err := os.ReadFile("testdata/sme-npl.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	def, _ := json.Marshal(DefaultOptionSetSpec())
	f.Add(def)
	f.Add([]byte(`{"options":[{"kind":"sale","price":0.3,"fixedCost":"12.345"}]}`))
	f.Add([]byte(`{"discountRate":-0.99,"options":[{"kind":"restructure","years":50,"successProbability":1}]}`))
	loans := []Loan{unsecuredNPL(), securedViable(), {EAD: dec("0.01"), PD: 0.3, WarningLevel: Yellow, Viable: true, DSCR: 2,
		NewCollateral: dec("5"), RemainingYears: 100, ContractRate: 5}}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := LoadOptionSet(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(set.Spec())
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		set2, err := LoadOptionSet(out)
		if err != nil {
			t.Fatalf("reload of %s: %v", out, err)
		}
		for _, l := range loans {
			d, err := set.Choose(l, asOf)
			if err != nil && len(d.Options) == 0 {
				continue
			}
			checkDecision(t, set, d)
			d2, _ := set2.Choose(l, asOf)
			for i := range d.Options {
				if !d.Options[i].NPV().Equal(d2.Options[i].NPV()) {
					t.Fatalf("round trip changed %s NPV %s → %s", d.Options[i].Name, d.Options[i].NPV(), d2.Options[i].NPV())
				}
			}
		}
	})
}

// FuzzChoose fuzzes the selector with arbitrary loans against the default
// option set: no panic, an error or a consistent Choice.
func FuzzChoose(f *testing.F) {
	f.Add("100000", "0", "0", 0.06, 1.0, 0.2, true, 120, uint8(3), true, 1.2, 0, "0", true)
	f.Add("1000000", "900000", "200000", 0.06, 3.0, 0.1, false, 0, uint8(1), true, 1.5, 1, "50000", false)
	f.Add("-1", "x", "1e30", math.NaN(), -1.0, 2.0, false, -5, uint8(9), false, math.Inf(1), -1, "", false)
	set, err := CompileOptionSet(DefaultOptionSetSpec())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ead, coll, guar string, rate, years, pd float64, defaulted bool, dpd int, level uint8,
		viable bool, dscr float64, restr int, newColl string, exhausted bool) {
		parse := func(s string) decimal.Decimal {
			d, err := decimal.NewFromString(s)
			if err != nil || d.NumDigits() > 40 || d.Exponent() < -30 || d.Exponent() > 30 {
				return decimal.Zero
			}
			return d
		}
		l := Loan{EAD: parse(ead), Collateral: parse(coll), Guarantee: parse(guar), ContractRate: rate,
			RemainingYears: years, PD: pd, Defaulted: defaulted, DPD: dpd, WarningLevel: WarningLevel(level),
			Viable: viable, DSCR: dscr, Restructurings: restr, NewCollateral: parse(newColl),
			CollateralEnforceable: true, GuarantorSolvent: true, RecoveryExhausted: exhausted}
		d, err := set.Choose(l, asOf)
		if err != nil && len(d.Options) == 0 {
			return
		}
		checkDecision(t, set, d)
	})
}

// FuzzLoadTriggers fuzzes the trigger spec loader: no panic; an accepted
// policy round-trips through JSON and recommends a known plan.
func FuzzLoadTriggers(f *testing.F) {
	def, _ := json.Marshal(DefaultTriggerSetSpec())
	f.Add(def)
	f.Add([]byte(`{"rules":[{"id":"x","plan":"exit-now","minLevel":"3","minDPD":0}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadTriggerSet(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		p2, err := LoadTriggerSet(out)
		if err != nil {
			t.Fatalf("reload of %s: %v", out, err)
		}
		for _, b := range []Borrower{{}, {WarningLevel: Red, Notches: 5, DPD: 400}, {WarningLevel: Yellow, Notches: 2, DPD: 31}} {
			r1, err1 := p.Recommend(b)
			r2, err2 := p2.Recommend(b)
			if err1 != nil || err2 != nil || r1.Plan != r2.Plan || r1.Plan >= numPlans {
				t.Fatalf("recommend %+v: %v %v / %v %v", b, r1, err1, r2, err2)
			}
		}
	})
}
