package ecl

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func FuzzLoadStagingPolicy(f *testing.F) {
	b, _ := json.Marshal(DefaultStagingPolicySpec())
	f.Add(b)
	f.Add([]byte(`{"kind":"ecl-staging-policy","version":"1","relativePD":1e308,"defaultDPD":90}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadStagingPolicy(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error not ErrInvalidSpec: %v", err)
			}
			return
		}
		in := StagingInput{DPD: 45, LifetimePD: 0.2, LifetimePDOrigination: 0.01}
		if _, err := p.Stage(&in, time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzTermStructure feeds raw curves to the constructors and to Regrid.
func FuzzTermStructure(f *testing.F) {
	f.Add(0.01, 0.05, 0.05, 0.2, 1, 12)
	f.Add(math.NaN(), 1.0, math.Copysign(0, -1), 1e-300, 12, 1)
	f.Fuzz(func(t *testing.T, a, b, c, d float64, k, k2 int) {
		for _, mk := range []func() (TermStructure, error){
			func() (TermStructure, error) { return FromCumulative(k, []float64{a, b, c, d}) },
			func() (TermStructure, error) { return FromMarginal(k, []float64{a, b, c, d}) },
			func() (TermStructure, error) { return FromConditional(k, []float64{a, b, c, d}) },
			func() (TermStructure, error) { return ConstantPD(a, k, 4) },
			func() (TermStructure, error) { return ConstantHazard(b, k, 4) },
			func() (TermStructure, error) {
				return FromMigration([][]float64{{a, b, 1 - a - b}, {c, d, 1 - c - d}, {0, 0, 1}}, 0, k, 4)
			},
		} {
			ts, err := mk()
			if err != nil {
				continue
			}
			if err := ts.Validate(); err != nil {
				t.Fatalf("constructor gave an invalid curve %v: %v", ts, err)
			}
			r, err := ts.Regrid(k2)
			if err != nil {
				continue
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("regrid gave an invalid curve %v: %v", r, err)
			}
		}
	})
}

func FuzzLoadProvisionMatrix(f *testing.F) {
	f.Add([]byte(`{"kind":"ecl-provision-matrix","version":"1","buckets":[{"name":"c","minDPD":0,"lossRate":0.01},{"name":"p","minDPD":31,"lossRate":0.5}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadProvisionMatrix(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error not ErrInvalidSpec: %v", err)
			}
			return
		}
		g := make([]decimal.Decimal, len(m.Spec().Buckets))
		for i := range g {
			g[i] = decimal.NewFromInt(1e12)
		}
		r, err := m.Apply(g)
		if err != nil || r.Allowance < 0 || r.Allowance > r.Gross {
			t.Fatalf("apply: %+v %v", r, err)
		}
	})
}

// FuzzCompute feeds unclamped numbers (NaN, ±Inf, huge, negative) into the main entry point:
// it must return a result or a typed error, never panic, hang or give a negative or
// above-exposure ECL.
func FuzzCompute(f *testing.F) {
	f.Add(uint8(0), uint8(1), int(60), int(12), 0.02, 0.45, 0.05, 0.06, 0.1, 0.5, 1.5, "100000.00", "0", 0.0, int64(0))
	f.Add(uint8(3), uint8(2), int(12), int(12), 1.0, 1.0, -0.99, 9.9, 0.99, 1.0, 1e300, "1e13", "5e12", 0.9, int64(1e6))
	f.Fuzz(func(t *testing.T, rep, stage uint8, n, k int, pd, lgd, eir, rate, prepay, ccf, scale float64, bal, lim string, haircut float64, coll int64) {
		b, err := decimal.NewFromString(bal)
		if err != nil {
			return
		}
		l, err := decimal.NewFromString(lim)
		if err != nil {
			l = decimal.Zero
		}
		var ts TermStructure
		if n >= 1 && n <= MaxPeriods && validGrid(k) {
			ts, err = ConstantPD(pd, k, n)
			if err != nil {
				ts = TermStructure{PeriodsPerYear: k, Marginal: []float64{pd}}
			}
		}
		e := &Exposure{ID: "f", Stage: Stage(stage), PD: ts, EIR: eir,
			LGD: LGD{Rate: lgd, Haircut: haircut, CollateralValue: decimal.NewFromInt(coll)},
			Contract: Contract{Repayment: Repayment(rep), Balance: b, Limit: l, CCF: ccf, Rate: rate,
				Periods: n, PeriodsPerYear: k, Prepayment: prepay}}
		r, err := Compute(e, []Scenario{{"a", 0.5, scale}, {"b", 0.5, 1}})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// With EIR ≥ 0 (discount factors ≤ 1) the ECL is at most LGD × EAD of period 1, which
		// bounds every later EAD (no profile grows).
		if r.ECL < 0 || r.Month12 > r.Lifetime+1 || (eir >= 0 && float64(r.ECL) > lgd*float64(r.EAD)+1) {
			t.Fatalf("result %+v", r)
		}
	})
}
