package main

import (
	"testing"

	"github.com/shopspring/decimal"
)

func decs(s ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(s))
	for i, x := range s {
		out[i] = decimal.RequireFromString(x)
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name  string
		total string
		w     []string
		want  []string
	}{
		// Hand-computed: 100.00/3 = 33.33 each, residual 0.01 to the first of the equal largest.
		{"thirds", "100.00", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}},
		// Exact proportions need no residual.
		{"exact", "101510000.00", []string{"1", "3"}, []string{"25377500.00", "76132500.00"}},
		// 10/7 = 1.428571… → 1.43 (×2), 60/7 = 8.571428… → 8.57; sum 11.43 → residual −0.43 on the largest.
		{"residual on largest", "11.43", []string{"1", "1", "6"}, []string{"1.43", "1.43", "8.57"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := allocate(decimal.RequireFromString(tc.total), decs(tc.w...))
			if err != nil {
				t.Fatal(err)
			}
			sum := decimal.Zero
			for i, g := range got {
				sum = sum.Add(g)
				if want := decimal.RequireFromString(tc.want[i]); !g.Equal(want) {
					t.Errorf("[%d] = %s, want %s", i, g, want)
				}
			}
			if !sum.Equal(decimal.RequireFromString(tc.total)) {
				t.Errorf("sum %s, want %s", sum, tc.total)
			}
		})
	}
	if _, err := allocate(decimal.New(1, 0), decs("1", "0")); err == nil {
		t.Error("zero weight: no error")
	}
	if _, err := allocate(decimal.New(1, 0), nil); err == nil {
		t.Error("no weights: no error")
	}
}

// The study's exposures add up to 101.51 million yuan to the cent, for any sample.
func TestExitExposuresSumToStudyTotal(t *testing.T) {
	firms := loadEmbedded(t)
	for _, seed := range []uint64{defaultSeed, 1, 99} {
		pairs, err := drawSample(firms, defaultN, seed)
		if err != nil {
			t.Fatal(err)
		}
		res, err := runExit(pairs)
		if err != nil {
			t.Fatal(err)
		}
		sum, rec := decimal.Zero, decimal.Zero
		for _, w := range res.loans {
			sum = sum.Add(w.loan.EAD)
			rec = rec.Add(w.best.NPV())
			if w.loan.Collateral.Cmp(w.loan.EAD) > 0 {
				t.Errorf("%s: collateral %s above EAD %s", w.loan.ID, w.loan.Collateral, w.loan.EAD)
			}
		}
		if want := decimal.RequireFromString("101510000.00"); !sum.Equal(want) || !res.total.Equal(want) {
			t.Errorf("seed %d: exposures sum to %s (reported %s), want %s", seed, sum, res.total, want)
		}
		if !rec.Equal(res.recovery) {
			t.Errorf("seed %d: recovery %s, sum of chosen NPVs %s", seed, res.recovery, rec)
		}
	}
}

func TestFixedAssetShare(t *testing.T) {
	f := func(set map[int]float64) *firm {
		var x firm
		for n, v := range set {
			x.ratios[n-1] = v
			x.present |= 1 << (n - 1)
		}
		return &x
	}
	tests := []struct {
		name string
		f    *firm
		want float64
	}{
		// sales/TA 2 ÷ sales/FA 8 = FA/TA 0.25.
		{"from sales", f(map[int]float64{9: 2, 64: 8}), 0.25},
		// equity/TA 0.3 ÷ equity/FA 0.6 = 0.5.
		{"from equity", f(map[int]float64{10: 0.3, 53: 0.6}), 0.5},
		{"none", f(nil), 0},
		{"negative equity both ways", f(map[int]float64{10: -0.3, 53: 0.6}), 0},
		{"above 1", f(map[int]float64{9: 2, 64: 1}), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fixedAssetShare(tc.f); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
