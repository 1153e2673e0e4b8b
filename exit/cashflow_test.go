package exit

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// xnpvFlows is the worked example of Microsoft Excel's XNPV and XIRR help
// pages (support.microsoft.com, "XNPV function" and "XIRR function"), whose
// discounting is ACT/365 fixed from the first date.
func xnpvFlows() []CashFlow {
	return []CashFlow{
		{date(2008, 1, 1), dec("-10000")},
		{date(2008, 3, 1), dec("2750")},
		{date(2008, 10, 30), dec("4250")},
		{date(2009, 2, 15), dec("3250")},
		{date(2009, 4, 1), dec("2750")},
	}
}

func TestNPV(t *testing.T) {
	tests := []struct {
		name  string
		d     Discount
		flows []CashFlow
		want  string
	}{
		// Excel XNPV help page: XNPV(0.09, …) = 2086.65 (2086.647602…).
		{"Excel XNPV example", Discount{Valuation: date(2008, 1, 1), Rate: 0.09}, xnpvFlows(), "2086.65"},
		// Hand check: 110 in one year (365 days) at 10 % is worth 100.00.
		{"one year at 10 %", Discount{Valuation: date(2025, 1, 1), Rate: 0.10},
			[]CashFlow{{date(2026, 1, 1), dec("110")}}, "100"},
		// Hand check ACT/360: 360 days at 5 % → 105/1.05 = 100.00.
		{"ACT/360", Discount{Valuation: date(2025, 1, 1), Rate: 0.05, DayCount: ACT360},
			[]CashFlow{{date(2025, 12, 27), dec("105")}}, "100"},
		// Hand check: two years at 8 %: 1000/1.1664 = 857.338820… → 857.34
		// (730 days = 2 years under ACT/365F).
		{"two years at 8 %", Discount{Valuation: date(2025, 1, 1), Rate: 0.08},
			[]CashFlow{{date(2027, 1, 1), dec("1000")}}, "857.34"},
		{"empty", Discount{Valuation: date(2025, 1, 1), Rate: 0.08}, nil, "0"},
		// A flow on the valuation date is not discounted; sub-cent amounts
		// round half to even: 0.125 → 0.12.
		{"valuation date, half even", Discount{Valuation: date(2025, 1, 1), Rate: 0.08},
			[]CashFlow{{date(2025, 1, 1), dec("0.125")}}, "0.12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.d.NPV(tt.flows)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(dec(tt.want)) {
				t.Errorf("NPV = %s, want %s", got, tt.want)
			}
			// The NPV reconciles to the cent with the sum of the PVs.
			sum := decimal.Zero
			for _, cf := range tt.flows {
				pv, err := tt.d.PV(cf)
				if err != nil {
					t.Fatal(err)
				}
				if pv.Exponent() != -2 {
					t.Errorf("PV %s not in cents", pv)
				}
				sum = sum.Add(pv)
			}
			if !sum.Equal(got) {
				t.Errorf("Σ PV = %s ≠ NPV %s", sum, got)
			}
		})
	}
}

func TestNPVErrors(t *testing.T) {
	v := date(2025, 1, 1)
	tests := []struct {
		name  string
		d     Discount
		flows []CashFlow
		want  error
		field string
	}{
		{"before valuation", Discount{Valuation: v, Rate: 0.08}, []CashFlow{{v, dec("1")}, {date(2024, 12, 31), dec("1")}}, ErrBeforeValuation, "flows[1].date"},
		{"rate -100 %", Discount{Valuation: v, Rate: -1}, []CashFlow{{v, dec("1")}}, ErrRate, "rate"},
		{"rate NaN", Discount{Valuation: v, Rate: math.NaN()}, []CashFlow{{v, dec("1")}}, ErrRate, "rate"},
		{"amount too large", Discount{Valuation: v}, []CashFlow{{v, dec("1e14")}}, ErrAmount, "flows[0].amount"},
		{"unknown day count", Discount{Valuation: v, Rate: 0.08, DayCount: 7}, []CashFlow{{date(2026, 1, 1), dec("1")}}, ErrValue, "dayCount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.d.NPV(tt.flows)
			var ie *InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("err = %v, want %v at %s", err, tt.want, tt.field)
			}
		})
	}
	// Hand check: 1.08^(−2) = 1/1.1664 = 0.857338820301783.
	if df, err := DiscountFactor(0.08, 2); err != nil || math.Abs(df-0.857338820301783) > 1e-15 {
		t.Errorf("DiscountFactor(0.08, 2) = %v, %v", df, err)
	}
	if _, err := DiscountFactor(0.05, -1); !errors.Is(err, ErrValue) {
		t.Errorf("DiscountFactor(t<0) err = %v", err)
	}
}

// TestDiscountFactorOverflow: a rate near −100 % over many years makes
// (1 + r)^(−t) overflow float64; that is an error, never +Inf.
func TestDiscountFactorOverflow(t *testing.T) {
	tests := []struct {
		name string
		r, t float64
	}{
		{"rate -99.9999 % over 1e6 years", -0.999999, 1e6},
		{"rate -50 % over 2000 years", -0.5, 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df, err := DiscountFactor(tt.r, tt.t)
			var ie *InputError
			if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != "t" || df != 0 {
				t.Errorf("DiscountFactor(%v, %v) = %v, %v; want ErrValue at t", tt.r, tt.t, df, err)
			}
		})
	}
}

// TestNPVDecreasingInRate: for positive flows the NPV never rises with the
// discount rate (property).
func TestNPVDecreasingInRate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := date(2025, 1, 1)
	for trial := range 200 {
		flows := make([]CashFlow, 1+rng.IntN(6))
		for i := range flows {
			flows[i] = CashFlow{v.AddDate(0, 0, rng.IntN(3650)), decimal.New(rng.Int64N(1e9), -2)}
		}
		prev := decimal.Decimal{}
		for i, r := range []float64{-0.5, -0.1, 0, 0.01, 0.05, 0.08, 0.15, 0.5, 2} {
			got, err := Discount{Valuation: v, Rate: r}.NPV(flows)
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && got.GreaterThan(prev) {
				t.Fatalf("trial %d: NPV rose from %s to %s at rate %g", trial, prev, got, r)
			}
			prev = got
		}
	}
}

func TestIRR(t *testing.T) {
	t.Run("Excel XIRR example", func(t *testing.T) {
		got, err := IRR(date(2008, 1, 1), ACT365Fixed, xnpvFlows())
		if err != nil {
			t.Fatal(err)
		}
		// Excel XIRR help page: 0.373362535 (37.34 %).
		if math.Abs(got-0.373362535) > 1e-8 {
			t.Errorf("IRR = %.10f, want 0.373362535", got)
		}
		// At the IRR the NPV is zero to within a cent per flow.
		npv, _ := Discount{Valuation: date(2008, 1, 1), Rate: got}.NPV(xnpvFlows())
		if npv.Abs().GreaterThan(dec("0.05")) {
			t.Errorf("NPV at IRR = %s", npv)
		}
	})
	t.Run("one year", func(t *testing.T) {
		// Hand check: −100 now, +110 in 365 days → 10 %.
		got, err := IRR(date(2025, 1, 1), ACT365Fixed, []CashFlow{{date(2025, 1, 1), dec("-100")}, {date(2026, 1, 1), dec("110")}})
		if err != nil || math.Abs(got-0.10) > 1e-10 {
			t.Errorf("IRR = %v, %v", got, err)
		}
	})
	t.Run("total loss", func(t *testing.T) {
		// −100 now, +1 in a year: IRR = −99 %.
		got, err := IRR(date(2025, 1, 1), ACT365Fixed, []CashFlow{{date(2025, 1, 1), dec("-100")}, {date(2026, 1, 1), dec("1")}})
		if err != nil || math.Abs(got+0.99) > 1e-9 {
			t.Errorf("IRR = %v, %v", got, err)
		}
	})
	t.Run("unknown day count", func(t *testing.T) {
		_, err := IRR(date(2025, 1, 1), DayCount(9), []CashFlow{{date(2025, 1, 1), dec("-100")}, {date(2026, 1, 1), dec("110")}})
		var ie *InputError
		if !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != "dc" {
			t.Errorf("err = %v, want ErrValue at dc", err)
		}
	})
	t.Run("no sign change", func(t *testing.T) {
		_, err := IRR(date(2025, 1, 1), ACT365Fixed, []CashFlow{{date(2025, 1, 1), dec("100")}, {date(2026, 1, 1), dec("110")}})
		if !errors.Is(err, ErrNoIRR) {
			t.Errorf("err = %v, want ErrNoIRR", err)
		}
	})
	t.Run("two sign changes warn", func(t *testing.T) {
		// −100, +230, −132 at years 0, 1, 2 has IRRs 10 % and 20 %
		// (Brealey, Myers and Allen, sec. 5-3, "multiple rates of return" pattern).
		flows := []CashFlow{{date(2025, 1, 1), dec("-100")}, {date(2026, 1, 1), dec("230")}, {date(2027, 1, 1), dec("-132")}}
		got, err := IRR(date(2025, 1, 1), ACT365Fixed, flows)
		var w *IRRWarning
		if !errors.As(err, &w) || !errors.Is(err, ErrMultipleIRR) || w.SignChanges != 2 {
			t.Fatalf("err = %v, want an *IRRWarning with 2 sign changes", err)
		}
		if math.Abs(got-0.10) > 1e-9 && math.Abs(got-0.20) > 1e-9 {
			t.Errorf("IRR = %v, want 0.10 or 0.20", got)
		}
	})
}

func TestApplyFactor(t *testing.T) {
	tests := []struct {
		name string
		c    int64
		f    float64
		want int64
	}{
		{"exact", 10000, 0.5, 5000},
		{"half even down", 1, 0.5, 0}, // 0.005 → 0.00
		{"half even up", 3, 0.5, 2},   // 0.015 → 0.02
		{"negative half even", -3, 0.5, -2},
		{"factor rounded to 12 places", 1_000_000_000_000, 0.1234567890125, 123456789013},
		{"128-bit product", 1_000_000_000_000_00, 3, 3_000_000_000_000_00},
		{"factor above 2^63/10^12: big.Int path", 1, 1e7, 10_000_000},
		{"64-bit product, half even", 5, 20000.5, 100_002}, // 5 · 20000.5 = 100002.5 → 100002
		{"zero", 0, 0.7, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := applyFactor(tt.c, tt.f)
			if !ok || got != tt.want {
				t.Errorf("applyFactor(%d, %g) = %d, %v; want %d", tt.c, tt.f, got, ok, tt.want)
			}
		})
	}
	if _, ok := applyFactor(1, math.Inf(1)); ok {
		t.Error("applyFactor(Inf) ok")
	}
	if _, ok := applyFactor(maxCents, 20); ok {
		t.Error("overflow not reported")
	}
}

func TestToCents(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12.34", 1234, true}, {"12.345", 1234, true}, {"12.355", 1236, true}, {"-0.005", 0, true},
		{"1e3", 100000, true}, {"0", 0, true}, {"10000000000000", 1_000_000_000_000_000, true},
		{"10000000000000.01", 0, false}, {"1e40", 0, false},
	}
	for _, tt := range tests {
		got, ok := toCents(dec(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("toCents(%s) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
