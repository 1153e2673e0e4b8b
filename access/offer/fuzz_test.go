package offer

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzLoadOfferPolicy: any bytes either load or fail with a *SpecError; a loaded policy's Spec
// round-trips through JSON to an equal spec and an offer never panics.
func FuzzLoadOfferPolicy(f *testing.F) {
	good, _ := os.ReadFile("testdata/sme-offer-policy.json")
	f.Add(good)
	def, _ := json.Marshal(DefaultOfferPolicySpec())
	f.Add(def)
	f.Add([]byte(`{"kind":"offer-policy","version":"x","bankCapital":"1e999999999"}`))
	f.Add([]byte(`{"kind":"offer-policy","minDSCR":-1,"transferCurve":[{"termMonths":0,"rate":1e308}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadOfferPolicy(data)
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) || !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error %v is not a *SpecError", err)
			}
			return
		}
		b, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		p2, err := LoadOfferPolicy(b)
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		if !specEqual(p.Spec(), p2.Spec()) {
			t.Fatalf("round trip changed the spec")
		}
		a := testApp()
		a.Grade, a.Product = "", p.spec.Products[0].Name
		if len(p.spec.Grades) > 0 {
			a.Grade = p.spec.Grades[0].Grade
		}
		o, err := p.Offer(&a)
		if err == nil {
			checkOffer(t, &o)
		}
	})
}

// FuzzOffer: unclamped inputs to the main entry point give an offer with finite rates and a
// non-negative limit, or an *InputError; never a panic, NaN or Inf.
func FuzzOffer(f *testing.F) {
	f.Add(0.02, 0.45, 12, 1, uint8(0), 0.0, int64(60000000), int32(0), 0.08, 0.1, 40.0, 45.0, 5.0, 15.0, 5.0, int64(4000000), int32(0), uint8(1), int64(10000000), 0.0, "B", true)
	f.Add(0.9999, 1.0, 600, 12, uint8(1), 12.5, int64(1), int32(15), -1.0, 10.0, 3650.0, 0.0, 0.0, 0.0, 0.0, int64(-1), int32(-18), uint8(5), int64(1), 1.0, "D", false)
	f.Fuzz(func(t *testing.T, pd, lgd float64, term, ppy int, am uint8, rw float64, sales int64, exp int32,
		margin, growth, inv, rec, pre, pay, adv float64, cf int64, cfExp int32, ctype uint8, cval int64, hair float64, grade string, wc bool) {
		p := testPolicy(t)
		a := Application{
			Grade: grade, Product: "term-loan", PD: pd, LGD: lgd,
			Repayment: Repayment{TermMonths: term, PaymentsPerYear: ppy, Amortization: Amortization(am)}, RiskWeight: rw,
			WorkingCapital: WorkingCapitalInputs{Sales: decimal.New(sales, exp), ProfitMargin: margin, Growth: growth,
				InventoryDays: inv, ReceivableDays: rec, PrepaymentDays: pre, PayableDays: pay, AdvanceDays: adv},
			CashFlow:   decimal.New(cf, cfExp),
			Collateral: []CollateralItem{{Type: CollateralType(ctype), Value: decimal.New(cval, exp), Haircut: hair}},
		}
		if wc {
			a.Product = "working-capital"
		}
		o, err := p.Offer(&a)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		checkOffer(t, &o)
	})
}

// FuzzWorkingCapitalNeed: the annex formula on unclamped inputs.
func FuzzWorkingCapitalNeed(f *testing.F) {
	f.Add(int64(2031574), int32(-2), 0.0445, 0.7966, 19.328, 21.662, 34.641, 0.019, 1.41, int64(300122), int32(-2))
	f.Fuzz(func(t *testing.T, sales int64, exp int32, margin, growth, inv, rec, pre, pay, adv float64, own int64, ownExp int32) {
		in := WorkingCapitalInputs{Sales: decimal.New(sales, exp), ProfitMargin: margin, Growth: growth,
			InventoryDays: inv, ReceivableDays: rec, PrepaymentDays: pre, PayableDays: pay, AdvanceDays: adv,
			OwnFunds: decimal.New(own, ownExp)}
		r, err := WorkingCapitalNeed(&in)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if r.Need().IsNegative() || !(r.Turnover > 0) || math.IsInf(r.Turnover, 0) {
			t.Fatalf("need %s turnover %g", r.Need(), r.Turnover)
		}
	})
}

// FuzzRAROC: RAROC on unclamped amounts is finite or an *InputError.
func FuzzRAROC(f *testing.F) {
	f.Add(int64(120000), int64(45000), int64(30000), int64(30000), int64(240000), int32(0), 0.03)
	f.Fuzz(func(t *testing.T, inc, fund, opex, el, capital int64, exp int32, rf float64) {
		r, err := RAROC(Economics{Income: decimal.New(inc, exp), Funding: decimal.New(fund, exp), OperatingCost: decimal.New(opex, exp),
			ExpectedLoss: decimal.New(el, exp), Capital: decimal.New(capital, exp), RiskFreeRate: rf})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		if math.IsNaN(r) || math.IsInf(r, 0) {
			t.Fatalf("RAROC %g", r)
		}
	})
}

func checkOffer(t *testing.T, o *Offer) {
	t.Helper()
	pr := o.Price
	for _, v := range []float64{pr.Rate, pr.Floor, pr.Funding, pr.ExpectedLoss, pr.CapitalCharge, pr.Capital, pr.K, pr.R, o.Limit.SizingRate, o.Limit.CashFlow.Factor} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite value in %+v", o)
		}
	}
	if o.Limit.Amount().IsNegative() || !o.Limit.Binding.IsValid() {
		t.Fatalf("limit %s binding %s", o.Limit.Amount(), o.Limit.Binding)
	}
}
