package offer

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestPolicyRoundTrip: every document kind of the package (offer-policy) round-trips through
// JSON in lowerCamel case: marshal spec → has "kind", no snake_case keys → parse → compile →
// Spec() equal.
func TestPolicyRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/sme-offer-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		spec func() OfferPolicySpec
	}{
		{"default", DefaultOfferPolicySpec},
		{"testdata", func() OfferPolicySpec {
			s, err := ParseOfferPolicy(data)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec()
			p, err := CompileOfferPolicy(spec)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(p.Spec())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"kind":"offer-policy"`) {
				t.Errorf("no kind in %s", b)
			}
			if m := regexp.MustCompile(`"[a-z0-9]+_[a-zA-Z0-9_]*"\s*:`).FindString(string(b)); m != "" {
				t.Errorf("snake_case key %s", m)
			}
			back, err := ParseOfferPolicy(b)
			if err != nil {
				t.Fatal(err)
			}
			p2, err := CompileOfferPolicy(back)
			if err != nil {
				t.Fatal(err)
			}
			if !specEqual(p.Spec(), p2.Spec()) {
				t.Errorf("round trip changed the spec:\n%+v\n%+v", p.Spec(), p2.Spec())
			}
		})
	}
}

// specEqual compares specs with decimals compared by value.
func specEqual(a, b OfferPolicySpec) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var x, y any
	_ = json.Unmarshal(ja, &x)
	_ = json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y) && a.BankCapital.Equal(b.BankCapital) && a.SalesPerMillionEUR.Equal(b.SalesPerMillionEUR)
}

// TestCompileErrors: each defect is a *SpecError with its path and sentinel, all joined.
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  func(s *OfferPolicySpec)
		path string
		err  error
	}{
		{"wrong kind", func(s *OfferPolicySpec) { s.Kind = "access-policy" }, "kind", ErrInvalidSpec},
		{"DSCR zero", func(s *OfferPolicySpec) { s.MinDSCR = 0 }, "minDSCR", ErrRatio},
		{"DSCR negative", func(s *OfferPolicySpec) { s.MinDSCR = -1.2 }, "minDSCR", ErrRatio},
		{"hurdle below risk-free", func(s *OfferPolicySpec) { s.HurdleRate, s.RiskFreeRate = 0.01, 0.02 }, "hurdleRate", ErrRate},
		{"capital ratio zero", func(s *OfferPolicySpec) { s.CapitalRatio = 0 }, "capitalRatio", ErrRatio},
		{"advance rate above 1", func(s *OfferPolicySpec) { s.Collateral[1].AdvanceRate = 1.2 }, "collateral[1].advanceRate", ErrProbability},
		{"advance rate negative", func(s *OfferPolicySpec) { s.Collateral[0].AdvanceRate = -0.1 }, "collateral[0].advanceRate", ErrProbability},
		{"haircut NaN", func(s *OfferPolicySpec) { s.Collateral[2].Haircut = nan() }, "collateral[2].haircut", ErrProbability},
		{"duplicate collateral", func(s *OfferPolicySpec) { s.Collateral[1].Type = RealEstate }, "collateral[1].type", ErrDuplicate},
		{"no curve", func(s *OfferPolicySpec) { s.TransferCurve = nil }, "transferCurve", ErrMissingValue},
		{"curve term zero", func(s *OfferPolicySpec) { s.TransferCurve[0].TermMonths = 0 }, "transferCurve[0].termMonths", ErrTerm},
		{"curve not increasing", func(s *OfferPolicySpec) { s.TransferCurve[2].TermMonths = 36 }, "transferCurve[2].termMonths", ErrInvalidSpec},
		{"no products", func(s *OfferPolicySpec) { s.Products = nil }, "products", ErrMissingValue},
		{"product cap zero", func(s *OfferPolicySpec) { s.Products[0].Cap = decimal.Zero }, "products[0].cap", ErrAmount},
		{"duplicate product", func(s *OfferPolicySpec) { s.Products[1].Name = s.Products[0].Name }, "products[1].name", ErrDuplicate},
		{"grade cap huge exponent", func(s *OfferPolicySpec) { s.Grades = []GradeSpec{{"A", decimal.New(1, 1_000_000_000)}} }, "grades[0].cap", ErrAmount},
		{"grade cap tiny exponent", func(s *OfferPolicySpec) { s.Grades = []GradeSpec{{"A", decimal.New(1, -1_000_000_000)}} }, "grades[0].cap", ErrAmount},
		{"capital share without capital", func(s *OfferPolicySpec) { s.MaxCapitalShare = 0.1 }, "bankCapital", ErrAmount},
		{"sales conversion missing", func(s *OfferPolicySpec) { s.SalesPerMillionEUR = decimal.Zero }, "salesPerMillionEUR", ErrAmount},
		{"PD floor too high", func(s *OfferPolicySpec) { s.PDFloor = 0.5 }, "pdFloor", ErrProbability},
		{"unknown class", func(s *OfferPolicySpec) { s.AssetClass = 9 }, "assetClass", ErrUnknown},
		{"too many grades", func(s *OfferPolicySpec) { s.Grades = make([]GradeSpec, MaxItems+1) }, "grades", ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultOfferPolicySpec()
			tt.mod(&s)
			_, err := CompileOfferPolicy(s)
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SpecError", err)
			}
			if se.Path != tt.path || !errors.Is(err, tt.err) || !errors.Is(err, ErrInvalidSpec) {
				t.Errorf("got %v (path %q), want path %q and %v", err, se.Path, tt.path, tt.err)
			}
			if strings.Contains(err.Error(), "offer: offer:") {
				t.Errorf("doubled prefix: %v", err)
			}
		})
	}
	t.Run("all problems joined", func(t *testing.T) {
		s := DefaultOfferPolicySpec()
		s.MinDSCR, s.CapitalRatio, s.Collateral[0].AdvanceRate = 0, 2, 3
		_, err := CompileOfferPolicy(s)
		if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 3 {
			t.Errorf("%d problems, want 3: %v", n, err)
		}
	})
}

// TestParseErrors: the strict loader refuses a wrong kind, unknown and duplicate members, snake
// case, trailing data and an oversized document.
func TestParseErrors(t *testing.T) {
	good, _ := os.ReadFile("testdata/sme-offer-policy.json")
	tests := []struct {
		name string
		doc  string
		err  error
	}{
		{"wrong kind", strings.Replace(string(good), `"offer-policy"`, `"access-policy"`, 1), ErrInvalidSpec},
		{"missing kind", strings.Replace(string(good), `"kind": "offer-policy",`, ``, 1), ErrInvalidSpec},
		{"snake case", strings.Replace(string(good), `"minDSCR"`, `"min_dscr"`, 1), ErrInvalidSpec},
		{"duplicate member", strings.Replace(string(good), `"minDSCR": 1.25,`, `"minDSCR": 1.25, "minDSCR": 0.5,`, 1), ErrInvalidSpec},
		{"trailing data", string(good) + "{}", ErrInvalidSpec},
		{"unknown enum", strings.Replace(string(good), `"sme-corporate"`, `"sme"`, 1), ErrInvalidSpec},
		{"too large", `{"kind":"offer-policy","version":"` + strings.Repeat("x", MaxDocumentBytes) + `"}`, ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOfferPolicy([]byte(tt.doc))
			var se *SpecError
			if !errors.As(err, &se) || !errors.Is(err, tt.err) || !errors.Is(err, ErrInvalidSpec) {
				t.Errorf("err = %v, want a *SpecError matching %v", err, tt.err)
			}
		})
	}
}

// TestErrorsTable: errors.Is / errors.As over the package's sentinels and error types, and the
// error texts' shape.
func TestErrorsTable(t *testing.T) {
	p := testPolicy(t)
	app := func(mod func(a *Application)) error {
		a := testApp()
		mod(&a)
		_, err := p.Offer(&a)
		return err
	}
	tests := []struct {
		name  string
		err   error
		is    error
		field string
	}{
		{"PD above 1", app(func(a *Application) { a.PD = 1.5 }), ErrProbability, "pd"},
		{"PD NaN", app(func(a *Application) { a.PD = nan() }), ErrProbability, "pd"},
		{"PD 1", app(func(a *Application) { a.PD = 1 }), ErrDefaulted, "pd"},
		{"LGD negative", app(func(a *Application) { a.LGD = -0.1 }), ErrProbability, "lgd"},
		{"term zero", app(func(a *Application) { a.Repayment.TermMonths = 0 }), ErrTerm, "repayment.termMonths"},
		{"term not whole periods", app(func(a *Application) { a.Repayment = Repayment{TermMonths: 7, PaymentsPerYear: 4} }), ErrTerm, "repayment.termMonths"},
		{"payments per year", app(func(a *Application) { a.Repayment.PaymentsPerYear = 5 }), ErrTerm, "repayment.paymentsPerYear"},
		{"negative sales", app(func(a *Application) { a.WorkingCapital.Sales = dec("-1") }), ErrAmount, "workingCapital.sales"},
		{"negative days", app(func(a *Application) { a.WorkingCapital.InventoryDays = -3 }), ErrDays, "workingCapital.inventoryDays"},
		{"negative turnover count", app(func(a *Application) { a.WorkingCapital.PayableDays = 200 }), ErrTurnover, "workingCapital.netDays"},
		{"margin 1", app(func(a *Application) { a.WorkingCapital.ProfitMargin = 1 }), ErrRatio, "workingCapital.profitMargin"},
		{"unknown product", app(func(a *Application) { a.Product = "mortgage" }), ErrUnknown, "product"},
		{"unknown grade", app(func(a *Application) { a.Grade = "Z" }), ErrUnknown, "grade"},
		{"risk weight", app(func(a *Application) { a.RiskWeight = 13 }), ErrRatio, "riskWeight"},
		{"collateral haircut", app(func(a *Application) { a.Product = "term-loan"; a.Collateral[0].Haircut = 2 }), ErrProbability, "collateral[0].haircut"},
		{"collateral huge exponent", app(func(a *Application) { a.Product = "term-loan"; a.Collateral[0].Value = decimal.New(5, 2_000_000_000) }), ErrAmount, "collateral[0].value"},
		{"cash flow too many places", app(func(a *Application) { a.CashFlow = decimal.New(5, -40) }), ErrAmount, "cashFlow"},
		{"exposure negative", app(func(a *Application) { a.ExistingExposure = dec("-5") }), ErrAmount, "existingExposure"},
		{"capital zero", func() error { _, err := (Price{}).RAROC(0.05); return err }(), ErrCapital, "capital"},
		{"RAROC capital zero", func() error { _, err := RAROC(Economics{Income: dec("1")}); return err }(), ErrCapital, "capital"},
		{"break-even target NaN", func() error { _, err := (Price{Capital: 1}).BreakEven(nan()); return err }(), ErrRate, "target"},
		{"DSCR zero", func() error {
			_, err := CashFlowCapacity(dec("1"), decimal.Zero, 0, 0.05, Repayment{TermMonths: 12})
			return err
		}(), ErrRatio, "minDSCR"},
		{"turnover flow zero", func() error { _, err := TurnoverDays(dec("5"), decimal.Zero); return err }(), ErrAmount, "flow"},
		{"review rate", func() error { _, err := ReviewPricing([]PricedLoan{{}, {Rate: nan()}}); return err }(), ErrRate, "loans[1].rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ie *InputError
			if !errors.As(tt.err, &ie) || !errors.Is(tt.err, tt.is) {
				t.Fatalf("err = %v, want an *InputError matching %v", tt.err, tt.is)
			}
			if ie.Field != tt.field {
				t.Errorf("field = %q, want %q", ie.Field, tt.field)
			}
			if s := tt.err.Error(); !strings.HasPrefix(s, "offer: "+tt.field) || strings.Contains(s, "offer: offer:") || len(s) > 250 {
				t.Errorf("error text %q", s)
			}
		})
	}
	var nilp *OfferPolicy
	if _, err := nilp.Offer(&Application{}); !errors.Is(err, ErrNilPolicy) {
		t.Errorf("nil policy: %v", err)
	}
	if _, err := (&OfferPolicy{}).Offer(&Application{}); !errors.Is(err, ErrNilPolicy) {
		t.Errorf("zero policy: %v", err)
	}
	if _, err := p.Offer(nil); !errors.Is(err, ErrMissingValue) {
		t.Errorf("nil application: %v", err)
	}
}

// TestOfferAll: every application gets its result or its error, in order, with the index in
// the field path.
func TestOfferAll(t *testing.T) {
	p := testPolicy(t)
	apps := []Application{testApp(), testApp(), testApp()}
	apps[1].LGD = 7
	res := p.OfferAll(apps)
	if len(res) != 3 || res[0].Err != nil || res[2].Err != nil {
		t.Fatalf("results %+v", res)
	}
	var ie *InputError
	if !errors.As(res[1].Err, &ie) || ie.Field != "apps[1].lgd" {
		t.Errorf("apps[1]: %v", res[1].Err)
	}
	one, _ := p.Offer(&apps[0])
	if !res[0].Result.Limit.Amount().Equal(one.Limit.Amount()) || res[0].Result.Price != one.Price {
		t.Errorf("batch result differs from single call")
	}
}

// TestOfferWorked walks the test applicant by hand: the working-capital gap, the cash-flow
// capacity at the sizing rate and the binding basis.
func TestOfferWorked(t *testing.T) {
	p := testPolicy(t)
	a := testApp()
	o, err := p.Offer(&a)
	if err != nil {
		t.Fatal(err)
	}
	// need = 60 m × 0.92 × 1.10 × 70/360 = 11,806,666.67; gap = need − 3 m − 2 m.
	if got := o.Limit.WorkingCapital.Need(); !got.Equal(dec("11806666.67")) {
		t.Errorf("need = %s", got)
	}
	if got := o.Limit.Basis(WorkingCapitalBasis).Amount(); !got.Equal(dec("6806666.67")) {
		t.Errorf("working-capital basis = %s", got)
	}
	// Cash flow 4 m at DSCR 1.25 allows debt service of 3.2 m; repaid in 12 monthly
	// instalments at the sizing rate that is a principal below the gap, so cash flow binds
	// (product cap 10 m, grade B cap 10 m, sales share 30 m, capital share 8 m).
	if got := o.Limit.CashFlow.DebtService(); !got.Equal(dec("3200000")) {
		t.Errorf("debt service = %s", got)
	}
	if o.Limit.Binding != CashFlowBasis || !o.Limit.Amount().Equal(o.Limit.CashFlow.Principal()) ||
		o.Limit.Amount().LessThan(dec("3000000")) || o.Limit.Amount().GreaterThan(dec("3200000")) {
		t.Errorf("binding %s %s", o.Limit.Binding, o.Limit.Amount())
	}
	if o.Limit.SizingRate != max(o.Price.Rate, 0.05) {
		t.Errorf("sizing rate %g, price %g", o.Limit.SizingRate, o.Price.Rate)
	}
	if o.Limit.Basis(CollateralBasis).Applied() {
		t.Errorf("collateral basis applied to an unsecured product")
	}
	if got := o.Limit.Basis(CapitalShareBasis).Amount(); !got.Equal(dec("8000000")) {
		t.Errorf("capital share = %s, want 10 %% of 80 m", got)
	}
	// Secured term loan: property 10 m × 0.9 × 0.7 = 6.3 m lending value.
	a.Product = "term-loan"
	a.Repayment = Repayment{TermMonths: 36}
	o, err = p.Offer(&a)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Limit.Basis(CollateralBasis).Amount(); !got.Equal(dec("6300000")) {
		t.Errorf("lending value = %s", got)
	}
	if o.Limit.Basis(WorkingCapitalBasis).Applied() {
		t.Errorf("working-capital basis applied to a term loan")
	}
	if o.Price.Funding != 0.023 {
		t.Errorf("transfer price at 36 months = %g, curve point 0.023", o.Price.Funding)
	}
	// Annual money at the limit: interest = limit × rate, and the items add up to the cent
	// (each rounded half to even separately).
	an := o.Annual()
	sum := an.Funding.Add(an.OperatingCost).Add(an.ExpectedLoss).Add(an.CapitalCharge)
	if d := an.Interest.Sub(sum).Abs(); d.GreaterThan(dec("0.02")) {
		t.Errorf("annual items %s + %s + %s + %s ≠ interest %s", an.Funding, an.OperatingCost, an.ExpectedLoss, an.CapitalCharge, an.Interest)
	}
	// Between curve points the transfer price is linear in the term: 24 months → 0.0215.
	a.Repayment = Repayment{TermMonths: 24}
	if pr, err := p.Price(&a); err != nil || math.Abs(pr.Funding-0.0215) > 1e-15 {
		t.Errorf("transfer price at 24 months = %g, %v", pr.Funding, err)
	}
}

func nan() float64 { var z float64; return z / z }
