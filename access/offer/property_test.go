package offer

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/irb"
)

func testPolicy(t testing.TB) *OfferPolicy {
	t.Helper()
	data, err := os.ReadFile("testdata/sme-offer-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadOfferPolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testApp is a working-capital applicant: RMB 60 m sales, 8 % margin, 10 % growth, a
// 70-day net cycle, 4 m cash flow, property worth 10 m.
func testApp() Application {
	return Application{
		Grade: "B", Product: "working-capital", PD: 0.02, LGD: 0.45,
		Repayment: Repayment{TermMonths: 12},
		WorkingCapital: WorkingCapitalInputs{
			Sales: dec("60000000"), ProfitMargin: 0.08, Growth: 0.10,
			InventoryDays: 40, ReceivableDays: 45, PrepaymentDays: 5, PayableDays: 15, AdvanceDays: 5,
			OwnFunds: dec("3000000"), ExistingLoans: dec("2000000"),
		},
		CashFlow:   dec("4000000"),
		Collateral: []CollateralItem{{Type: RealEstate, Value: dec("10000000")}},
	}
}

// randomApp draws an application over the whole valid input space, with a fixed seed.
func randomApp(r *rand.Rand) Application {
	a := testApp()
	a.Grade = []string{"A", "B", "C", "D"}[r.IntN(4)]
	a.Product = []string{"working-capital", "term-loan"}[r.IntN(2)]
	a.PD = math.Pow(10, -4+3.99*r.Float64()) // up to 0.977: a third above 0.1
	a.LGD = r.Float64()
	a.Repayment = Repayment{TermMonths: 12 * (1 + r.IntN(10)), Amortization: Amortization(r.IntN(3)), PaymentsPerYear: []int{1, 2, 4, 12}[r.IntN(4)]}
	a.WorkingCapital.Sales = decimal.NewFromInt(r.Int64N(1e9))
	a.WorkingCapital.ProfitMargin = 2*r.Float64() - 1
	a.WorkingCapital.Growth = 3*r.Float64() - 1
	a.WorkingCapital.InventoryDays = 200 * r.Float64()
	a.WorkingCapital.PayableDays = 100 * r.Float64()
	a.WorkingCapital.OwnFunds = decimal.NewFromInt(r.Int64N(1e8))
	a.CashFlow = decimal.NewFromInt(r.Int64N(4e7) - 1e7)
	a.ExistingDebtService = decimal.NewFromInt(r.Int64N(1e6))
	a.ExistingExposure = decimal.NewFromInt(r.Int64N(1e7))
	a.Collateral = []CollateralItem{{Type: CollateralType(r.IntN(5)), Value: decimal.NewFromInt(r.Int64N(5e7)), Haircut: r.Float64() / 2}}
	if r.IntN(4) == 0 {
		a.RiskWeight = []float64{0.75, 1, 1.5}[r.IntN(3)]
	}
	return a
}

// TestBindingIsMinimum: on random applications the limit is the smallest applied basis, the
// binding basis has that amount, and every applied basis is ≥ the limit (property).
func TestBindingIsMinimum(t *testing.T) {
	p := testPolicy(t)
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for range 20000 {
		a := randomApp(r)
		o, err := p.Offer(&a)
		if errors.Is(err, ErrTurnover) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		lim := o.Limit.Amount()
		if !o.Limit.Basis(o.Limit.Binding).Amount().Equal(lim) || !o.Limit.Basis(o.Limit.Binding).Applied() {
			t.Fatalf("binding %s amount %s ≠ limit %s", o.Limit.Binding, o.Limit.Basis(o.Limit.Binding).Amount(), lim)
		}
		for _, b := range o.Limit.Bases {
			if b.Applied() && b.Amount().LessThan(lim) {
				t.Fatalf("basis %s = %s below the limit %s (binding %s)", b.Basis, b.Amount(), lim, o.Limit.Binding)
			}
			if b.Applied() && b.Basis < o.Limit.Binding && b.Amount().Equal(lim) {
				t.Fatalf("tie not broken to the first basis: %s before %s", b.Basis, o.Limit.Binding)
			}
		}
		if lim.IsNegative() {
			t.Fatalf("negative limit %s", lim)
		}
	}
	if n < 10000 {
		t.Fatalf("only %d valid applications", n)
	}
}

// TestPriceMonotoneInPD: a higher PD never lowers the price, for every asset class, LGD,
// term, and the steepest capital charge the policy bounds allow (capital ratio 1, hurdle 1,
// risk-free 0), over PD from 0 to 0.9999 (property).
func TestPriceMonotoneInPD(t *testing.T) {
	for _, class := range []AssetClass{Corporate, SMECorporate, OtherRetail, QRRE, ResidentialMortgage} {
		for _, steep := range []bool{false, true} {
			spec := DefaultOfferPolicySpec()
			spec.AssetClass = class
			if steep {
				spec.CapitalRatio, spec.HurdleRate, spec.RiskFreeRate = 1, 1, 0
			}
			p, err := CompileOfferPolicy(spec)
			if err != nil {
				t.Fatal(err)
			}
			for _, lgd := range []float64{0.1, 0.45, 1} {
				for _, term := range []int{12, 60, 120} {
					a := testApp()
					a.LGD, a.Repayment.TermMonths = lgd, term
					a.WorkingCapital.Sales = dec("12000000")
					prev := -1.0
					for i := 0; i <= 1999; i++ {
						a.PD = float64(i) / 2000
						pr, err := p.Price(&a)
						if err != nil {
							t.Fatal(err)
						}
						if pr.Rate < prev-1e-15 {
							t.Fatalf("%s steep=%v LGD %g term %d: price falls from %.10f to %.10f at PD %g", class, steep, lgd, term, prev, pr.Rate, a.PD)
						}
						prev = pr.Rate
					}
				}
			}
		}
	}
}

// TestBreakEvenIdentity: RAROC at BreakEven(target) is the target, Rate is BreakEven(hurdle)
// and Floor BreakEven(0) (property, on random applications).
func TestBreakEvenIdentity(t *testing.T) {
	p := testPolicy(t)
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		a := randomApp(r)
		a.LGD = 0.05 + 0.95*a.LGD // capital > 0
		pr, err := p.Price(&a)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []float64{-0.5, 0, 0.05, pr.HurdleRate, 0.3} {
			rate, err := pr.BreakEven(target)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pr.RAROC(rate)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-target) > 1e-9 {
				t.Fatalf("RAROC(BreakEven(%g)) = %.12f", target, got)
			}
		}
		if h, _ := pr.BreakEven(pr.HurdleRate); math.Abs(h-pr.Rate) > 1e-15 {
			t.Fatalf("BreakEven(hurdle) %g ≠ Rate %g", h, pr.Rate)
		}
		if f, _ := pr.BreakEven(0); math.Abs(f-pr.Floor) > 1e-15 {
			t.Fatalf("BreakEven(0) %g ≠ Floor %g", f, pr.Floor)
		}
		sum := pr.Funding + pr.OperatingCost + pr.ExpectedLoss + pr.CapitalCharge
		if math.Abs(sum-pr.Rate) > 1e-15 {
			t.Fatalf("items sum to %g, rate %g", sum, pr.Rate)
		}
	}
}

// TestOfferAllocs: the reuse path allocates nothing.
func TestOfferAllocs(t *testing.T) {
	p := testPolicy(t)
	a := testApp()
	var o Offer
	if n := testing.AllocsPerRun(100, func() {
		if err := p.OfferTo(&o, &a); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("OfferTo allocates %g times", n)
	}
}

// TestCapitalKEnvelope: below kPeakFrom the IRB K rises with PD for every class, maturity and
// sales on a grid, so capitalK needs no search there; above it capitalK never falls.
func TestCapitalKEnvelope(t *testing.T) {
	g := irb.G999()
	for c := irb.Class(0); c < irb.NumClasses; c++ {
		for _, m := range []float64{1, 2.5, 5} {
			for _, s := range []float64{5, 50} {
				prevK, prevE := -1.0, -1.0
				for i := 1; i < 2000; i++ {
					pd := float64(i) / 2000
					_, _, k := irb.Capital(c, pd, 1, m, s, g)
					if pd <= kPeakFrom && k < prevK {
						t.Fatalf("class %d M %g S %g: K falls at PD %g ≤ kPeakFrom", c, m, s, pd)
					}
					if pd > kPeakTo && k > prevK {
						t.Fatalf("class %d M %g S %g: K rises at PD %g > kPeakTo", c, m, s, pd)
					}
					_, e := capitalK(c, pd, 1, m, s, g)
					if e < prevE-1e-12 || e < k {
						t.Fatalf("class %d M %g S %g: envelope %g falls or is below K %g at PD %g", c, m, s, e, k, pd)
					}
					prevK, prevE = k, e
				}
			}
		}
	}
}

// TestHostileCapacityInputs: inputs that used to panic or come back as a silent zero.
// WorkingCapitalNeed(nil) dereferenced nil; a cash flow inside ±10¹³ whose CF / minDSCR
// leaves the money range gave a debt service of 0 and a principal of 0 instead of an error.
func TestHostileCapacityInputs(t *testing.T) {
	if _, err := WorkingCapitalNeed(nil); !errors.Is(err, ErrMissingValue) {
		t.Errorf("WorkingCapitalNeed(nil) err = %v, want ErrMissingValue", err)
	}
	cf := decimal.RequireFromString("9000000000000") // 9·10¹², inside the bound
	for _, tc := range []struct {
		dscr float64
		ok   bool
	}{{1, true}, {0.9, true}, {0.5, false}, {0.01, false}} {
		r, err := CashFlowCapacity(cf, decimal.Zero, tc.dscr, 0, Repayment{TermMonths: 12})
		var ie *InputError
		switch {
		case tc.ok && (err != nil || !r.DebtService().IsPositive()):
			t.Errorf("DSCR %v: debt service %s, err %v; want CF / DSCR", tc.dscr, r.DebtService(), err)
		case !tc.ok && (!errors.Is(err, ErrAmount) || !errors.As(err, &ie) || ie.Field != "cashFlow"):
			t.Errorf("DSCR %v: debt service %s, principal %s, err %v; want ErrAmount at cashFlow",
				tc.dscr, r.DebtService(), r.Principal(), err)
		}
	}
}

// TestNilPolicyAccessors: Spec and Version of a nil *OfferPolicy return zero values instead of
// dereferencing nil (Offer and Price already return ErrNilPolicy).
func TestNilPolicyAccessors(t *testing.T) {
	var p *OfferPolicy
	if s := p.Spec(); s.Kind != "" || len(s.Products) != 0 || p.Version() != "" {
		t.Errorf("nil policy: Spec %+v, Version %q", s, p.Version())
	}
}

// TestVersionRequired: as in every loader of the library, a policy without a non-blank
// version is refused, with ErrMissingValue at "version".
func TestVersionRequired(t *testing.T) {
	for _, v := range []string{"", " \t"} {
		s := DefaultOfferPolicySpec()
		s.Version = v
		_, err := CompileOfferPolicy(s)
		var se *SpecError
		if !errors.Is(err, ErrMissingValue) || !errors.As(err, &se) || se.Path != "version" {
			t.Errorf("version %q: err = %v, want ErrMissingValue at version", v, err)
		}
	}
}
