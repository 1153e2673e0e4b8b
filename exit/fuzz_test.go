package exit

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// checkDecision verifies the invariants of a Choice: one valuation per
// option, feasible ones first by NPV descending, contributions summing to
// the NPV, finite LGDs.
func checkChoice(t *testing.T, set *OptionSet, d Choice) {
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

// sentinels lists every error this package returns.
var sentinels = []error{ErrEAD, ErrProbability, ErrProbabilitySum, ErrRate, ErrBeforeValuation, ErrSalesBand,
	ErrAmount, ErrValue, ErrInvalidSpec, ErrLimit, ErrNoIRR, ErrMultipleIRR, ErrNoFeasibleOption}

// checkTyped fails unless err is nil or a typed error of this package: an
// *InputError, *SpecError or *IRRWarning wrapping a documented sentinel,
// with a bounded message.
func checkTyped(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ie *InputError
	var se *SpecError
	var iw *IRRWarning
	if !errors.As(err, &ie) && !errors.As(err, &se) && !errors.As(err, &iw) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	known := false
	for _, s := range sentinels {
		known = known || errors.Is(err, s)
	}
	if !known || len(err.Error()) > 20_000 {
		t.Fatalf("error without a documented sentinel or too long (%d bytes): %.300s", len(err.Error()), err)
	}
}

// fdec builds a decimal from a full int64 coefficient and int32 exponent: no
// clamping to friendly values.
func fdec(coef int64, exp int32) decimal.Decimal { return decimal.New(coef, exp) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// FuzzParseOptionSet fuzzes the option set loader: it must never panic, a
// refused document is a *SpecError, and an accepted spec must survive
// Parse → Compile → Spec → JSON → Parse → Compile with the same spec and
// value loans the same way.
func FuzzParseOptionSet(f *testing.F) {
	seed, err := os.ReadFile("testdata/sme-npl.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	def, _ := json.Marshal(DefaultOptionSetSpec())
	f.Add(def)
	f.Add([]byte(`{"kind":"exit-option-set","version":"1","options":[{"kind":"sale","price":0.3,"fixedCost":"12.345"}]}`))
	f.Add([]byte(`{"kind":"exit-option-set","version":"1","discountRate":-0.99,"options":[{"kind":"restructure","years":50,"successProbability":1}]}`))
	f.Add([]byte(`{"kind":"exit-option-set","version":"1","options":[{"kind":"litigation","fixedCost":"1e-2147483648","costTiming":"periodic"}]}`))
	f.Add([]byte(`{"kind":"exit-option-set","version":"1","options":[{"kind":"sale","fixedCost":"9e2147483647"}]}`))
	loans := []Loan{unsecuredNPL(), securedViable(), {EAD: dec("0.01"), PD: 0.3, WarningLevel: Yellow, Viable: true, DSCR: 2,
		NewCollateral: dec("5"), RemainingYears: 100, ContractRate: 5}}
	opt := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseOptionSet(data)
		if err != nil {
			checkTyped(t, err)
			return
		}
		set, err := CompileOptionSet(spec)
		if err != nil {
			checkTyped(t, err)
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
		if diff := cmp.Diff(set.Spec(), set2.Spec(), opt); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		for _, l := range loans {
			d, err := set.Choose(l, asOf)
			checkTyped(t, err)
			if err != nil && len(d.Options) == 0 {
				continue
			}
			checkChoice(t, set, d)
			d2, _ := set2.Choose(l, asOf)
			for i := range d.Options {
				if !d.Options[i].NPV().Equal(d2.Options[i].NPV()) {
					t.Fatalf("round trip changed %s NPV %s → %s", d.Options[i].Name, d.Options[i].NPV(), d2.Options[i].NPV())
				}
			}
		}
	})
}

// FuzzChooseAll fuzzes the selector with arbitrary loans (full decimal
// exponents, any float) against the default option set, in a batch with a
// good loan: each record gets a typed error or a consistent Choice, and the
// good one always its Choice.
func FuzzChooseAll(f *testing.F) {
	f.Add(int64(100000), int32(0), int64(0), int32(0), int64(0), int32(0), 0.06, 1.0, 0.2, true, 120, uint8(3), true, 1.2, 0, int64(0), int32(0), true)
	f.Add(int64(1000000), int32(0), int64(900000), int32(0), int64(200000), int32(0), 0.06, 3.0, 0.1, false, 0, uint8(1), true, 1.5, 1, int64(50000), int32(0), false)
	f.Add(int64(1), int32(math.MinInt32), int64(1), int32(math.MaxInt32), int64(-1), int32(30), 1e300, -1.0, 2.0, false, -5, uint8(9), false, math.Inf(1), -1, int64(5), int32(-3), false)
	f.Add(int64(math.MaxInt64), int32(-5), int64(math.MinInt64), int32(-2), int64(7), int32(12), math.NaN(), 100.0, 0.5, true, math.MaxInt, uint8(2), true, 1e308, math.MaxInt, int64(1), int32(64), true)
	set, err := CompileOptionSet(DefaultOptionSetSpec())
	if err != nil {
		f.Fatal(err)
	}
	good := securedViable()
	f.Fuzz(func(t *testing.T, eadC int64, eadE int32, collC int64, collE int32, guarC int64, guarE int32, rate, years, pd float64,
		defaulted bool, dpd int, level uint8, viable bool, dscr float64, restr int, newC int64, newE int32, exhausted bool) {
		l := Loan{EAD: fdec(eadC, eadE), Collateral: fdec(collC, collE), Guarantee: fdec(guarC, guarE), ContractRate: rate,
			RemainingYears: years, PD: pd, Defaulted: defaulted, DPD: dpd, WarningLevel: WarningLevel(level),
			Viable: viable, DSCR: dscr, Restructurings: restr, NewCollateral: fdec(newC, newE),
			CollateralEnforceable: true, GuarantorSolvent: true, RecoveryExhausted: exhausted,
			LastRestructured: asOf.AddDate(0, 0, -int(uint16(restr)))}
		res := set.ChooseAll([]Loan{l, good}, asOf)
		if len(res) != 2 || res[1].Err != nil || len(res[1].Result.Options) != set.Len() {
			t.Fatalf("good record lost: %+v", res[1])
		}
		checkTyped(t, res[0].Err)
		if res[0].Err != nil && len(res[0].Result.Options) == 0 {
			return
		}
		checkChoice(t, set, res[0].Result)
	})
}

// FuzzSensitivity: break-evens are finite values in [0, 1] (rates in
// (−1, 1]) or a typed error.
func FuzzSensitivity(f *testing.F) {
	f.Add(int64(1000000), int32(0), int64(900000), int32(0), 0.06, 0.2, true, 120, 1.2)
	f.Add(int64(5), int32(-2147483648), int64(1), int32(40), 1e300, math.NaN(), false, -1, math.Inf(1))
	set, err := CompileOptionSet(DefaultOptionSetSpec())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, eadC int64, eadE int32, collC int64, collE int32, rate, pd float64, defaulted bool, dpd int, dscr float64) {
		l := Loan{EAD: fdec(eadC, eadE), Collateral: fdec(collC, collE), ContractRate: rate, PD: pd, Defaulted: defaulted,
			DPD: dpd, DSCR: dscr, Viable: true, WarningLevel: Red, CollateralEnforceable: true}
		chosen, bes, err := set.Sensitivity(l, asOf)
		checkTyped(t, err)
		if err != nil {
			return
		}
		if chosen == "" {
			t.Fatal("no chosen option without an error")
		}
		for _, b := range bes {
			if !finite(b.Value) || !finite(b.Current) || b.Value < -1 || b.Value > 1 || b.NewChoice == "" || !b.Param.IsValid() {
				t.Fatalf("break-even %+v", b)
			}
		}
	})
}

// FuzzDiscountFactor: a finite DF ≥ 0 or a typed error, for any floats.
func FuzzDiscountFactor(f *testing.F) {
	for _, x := range [][2]float64{{0.08, 2.5}, {-0.999999, 1e6}, {math.NaN(), 1}, {1e308, 1e308}, {-1, 0}, {0.1, -1}, {math.Inf(1), 0}} {
		f.Add(x[0], x[1])
	}
	f.Fuzz(func(t *testing.T, r, tt float64) {
		df, err := DiscountFactor(r, tt)
		checkTyped(t, err)
		if err == nil && (!finite(df) || df < 0) {
			t.Fatalf("DF(%v, %v) = %v", r, tt, df)
		}
	})
}

// FuzzDiscountNPV: discounting any flows (full decimal exponents, any
// dates, rates and day counts) gives a two-place decimal or a typed error.
func FuzzDiscountNPV(f *testing.F) {
	f.Add(0.09, uint8(0), int32(59), int64(2750), int32(0), int32(400), int64(-10000), int32(0))
	f.Add(-0.9999, uint8(1), int32(2147483647), int64(1), int32(math.MinInt32), int32(-1), int64(math.MaxInt64), int32(math.MaxInt32))
	f.Fuzz(func(t *testing.T, rate float64, dc uint8, d1 int32, c1 int64, e1 int32, d2 int32, c2 int64, e2 int32) {
		disc := Discount{Valuation: asOf, Rate: rate, DayCount: DayCount(dc)}
		flows := []CashFlow{{Date: asOf.AddDate(0, 0, int(d1)), Amount: fdec(c1, e1)}, {Date: asOf.AddDate(0, 0, int(d2)), Amount: fdec(c2, e2)}}
		npv, err := disc.NPV(flows)
		checkTyped(t, err)
		if err == nil && npv.Exponent() < -2 {
			t.Fatalf("NPV %s has more than two places", npv)
		}
		pv, err := disc.PV(flows[0])
		checkTyped(t, err)
		if err == nil && pv.Exponent() < -2 {
			t.Fatalf("PV %s has more than two places", pv)
		}
	})
}

// FuzzIRR: a finite rate above −100 % (possibly with an *IRRWarning) or a
// typed error, for any flows.
func FuzzIRR(f *testing.F) {
	f.Add(int32(0), int64(-10000), int32(0), int32(59), int64(2750), int32(0), int32(400), int64(4250), int32(0), uint8(0))
	f.Add(int32(0), int64(-1), int32(0), int32(1), int64(100000000), int32(0), int32(2), int64(1), int32(math.MaxInt32), uint8(1))
	f.Add(int32(-5), int64(1), int32(math.MinInt32), int32(math.MaxInt32), int64(-1), int32(3), int32(0), int64(0), int32(0), uint8(9))
	f.Fuzz(func(t *testing.T, d1 int32, c1 int64, e1 int32, d2 int32, c2 int64, e2 int32, d3 int32, c3 int64, e3 int32, dc uint8) {
		flows := []CashFlow{{Date: asOf.AddDate(0, 0, int(d1)), Amount: fdec(c1, e1)},
			{Date: asOf.AddDate(0, 0, int(d2)), Amount: fdec(c2, e2)}, {Date: asOf.AddDate(0, 0, int(d3)), Amount: fdec(c3, e3)}}
		r, err := IRR(asOf, DayCount(dc), flows)
		checkTyped(t, err)
		var iw *IRRWarning
		if (err == nil || errors.As(err, &iw)) && (!finite(r) || r <= -1) {
			t.Fatalf("IRR = %v (%v)", r, err)
		}
	})
}

// FuzzIRBCapital: finite K in [0, 1], RW in [0, 13.25] and RWA ≥ 0, or a
// typed error, for any exposure; IRBCapitalAll agrees with IRBCapital.
func FuzzIRBCapital(f *testing.F) {
	f.Add(uint8(1), uint8(0), false, 0.01, 0.45, 2.5, 0.0, int64(2500000), int32(0), int64(5), int32(0), false, false)
	f.Add(uint8(3), uint8(1), false, 0.0002, 0.45, 0.0, 0.0, int64(1), int32(13), int64(0), int32(0), false, true)
	f.Add(uint8(9), uint8(7), true, math.NaN(), 2.0, math.Inf(1), -1.0, int64(1), int32(math.MinInt32), int64(1), int32(math.MaxInt32), true, true)
	f.Fuzz(func(t *testing.T, class, fw uint8, scaling bool, pd, lgd, m, elbe float64, eadC int64, eadE int32, salesC int64, salesE int32,
		defaulted, transactor bool) {
		e := Exposure{Class: AssetClass(class), PD: pd, LGD: lgd, M: m, ELBE: elbe, EAD: fdec(eadC, eadE), Sales: fdec(salesC, salesE),
			Defaulted: defaulted, Transactor: transactor}
		o := CapitalOptions{Framework: Framework(fw), Scaling106: scaling}
		c, err := IRBCapital(e, o)
		checkTyped(t, err)
		all := IRBCapitalAll([]Exposure{e}, o)
		if (err == nil) != (all[0].Err == nil) || all[0].Result != c {
			t.Fatalf("IRBCapitalAll %+v differs from IRBCapital %+v, %v", all[0], c, err)
		}
		if err != nil {
			return
		}
		if !finite(c.K) || c.K < 0 || c.K > 1 || !finite(c.RW) || c.RW < 0 || c.RW > 13.25 || c.RWA().IsNegative() || c.EL().IsNegative() ||
			!finite(c.R) || !finite(c.B) || !finite(c.PD) {
			t.Fatalf("capital %+v", c)
		}
	})
}

// FuzzExpectedLoss: 0 ≤ EL ≤ EAD with two places, or a typed error.
func FuzzExpectedLoss(f *testing.F) {
	f.Add(0.01, 0.45, int64(1000), int32(0))
	f.Add(math.NaN(), 1.0, int64(1), int32(math.MinInt32))
	f.Fuzz(func(t *testing.T, pd, lgd float64, c int64, e int32) {
		ead := fdec(c, e)
		el, err := ExpectedLoss(pd, lgd, ead)
		checkTyped(t, err)
		if err == nil && (el.IsNegative() || el.Exponent() < -2 || el.GreaterThan(ead.RoundBank(2))) {
			t.Fatalf("EL(%v, %v, %s) = %s", pd, lgd, ead, el)
		}
	})
}

// FuzzBestEstimateLoss: a finite ELBE and amount = EAD − NPV, or a typed
// error.
func FuzzBestEstimateLoss(f *testing.F) {
	f.Add(int64(100000), int32(0), int64(60000), int32(0))
	f.Add(int64(1), int32(math.MaxInt32), int64(-1), int32(math.MinInt32))
	f.Fuzz(func(t *testing.T, ec int64, ee int32, nc int64, ne int32) {
		elbe, amount, err := BestEstimateLoss(fdec(ec, ee), fdec(nc, ne))
		checkTyped(t, err)
		if err == nil && (!finite(elbe) || amount.Exponent() < -2) {
			t.Fatalf("ELBE %v, amount %s", elbe, amount)
		}
	})
}

// FuzzParseTriggerSet fuzzes the trigger set loader: no panic, typed
// errors; an accepted set round-trips through JSON to the same spec and
// recommends a known plan.
func FuzzParseTriggerSet(f *testing.F) {
	def, _ := json.Marshal(DefaultTriggerSetSpec())
	f.Add(def)
	f.Add([]byte(`{"kind":"exit-trigger-set","version":"1","rules":[{"id":"x","plan":"exit-now","minLevel":"red","minDPD":0}]}`))
	f.Add([]byte(`{"kind":"exit-trigger-set","version":"1","rules":[{"id":"x","plan":"exit-now","minNotches":9223372036854775807}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := ParseTriggerSet(data)
		if err != nil {
			checkTyped(t, err)
			return
		}
		p, err := CompileTriggerSet(spec)
		if err != nil {
			checkTyped(t, err)
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
		if diff := cmp.Diff(p.Spec(), p2.Spec()); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		for _, b := range []Borrower{{}, {WarningLevel: Red, Notches: math.MaxInt, DPD: math.MaxInt}, {WarningLevel: Yellow, Notches: math.MinInt, DPD: 31}} {
			r1, err1 := p.Recommend(b)
			r2, err2 := p2.Recommend(b)
			if err1 != nil || err2 != nil || r1.Plan != r2.Plan || !r1.Plan.IsValid() {
				t.Fatalf("recommend %+v: %v %v / %v %v", b, r1, err1, r2, err2)
			}
		}
	})
}
