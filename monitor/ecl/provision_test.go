package ecl

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func matrix(t *testing.T, rates ...float64) *ProvisionMatrix {
	t.Helper()
	spec := ProvisionMatrixSpec{Kind: KindProvisionMatrix, Version: "test"}
	for i, r := range rates {
		spec.Buckets = append(spec.Buckets, BucketSpec{Name: "b" + string(rune('0'+i)), MinDPD: []int{0, 1, 31, 61, 91}[i], LossRate: r})
	}
	m, err := CompileProvisionMatrix(spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func decs(s ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(s))
	for i, v := range s {
		out[i] = decimal.RequireFromString(v)
	}
	return out
}

func TestProvisionMatrix(t *testing.T) {
	t.Run("FinLearnHub simplified approach", func(t *testing.T) {
		// FinLearnHub, "IFRS 9 – Impairment – Simplified approach" (2019): past-due buckets
		// 1–30, 31–60, 61–90, >90 days with 7,000,000 / 4,000,000 / 2,500,000 / 1,000,000 at
		// 1.5 / 3.4 / 7.1 / 10.8 %: 105,000 + 136,000 + 177,500 + 108,000 = 526,500.
		m := matrix(t, 0, 0.015, 0.034, 0.071, 0.108)
		r, err := m.Apply(decs("0", "7000000", "4000000", "2500000", "1000000"))
		if err != nil {
			t.Fatal(err)
		}
		want := []Cents{0, 10_500_000, 13_600_000, 17_750_000, 10_800_000}
		for i, w := range want {
			if r.Lines[i].Allowance != w {
				t.Errorf("bucket %d: %v, FinLearnHub %v", i, r.Lines[i].Allowance, w)
			}
		}
		if r.Allowance != 52_650_000 || r.Gross != 1_450_000_000 {
			t.Errorf("total %v of %v, FinLearnHub 526,500 of 14,500,000", r.Allowance, r.Gross)
		}
	})
	t.Run("IFRS 9 IE Example 12 Company M inputs", func(t *testing.T) {
		// IFRS 9 Illustrative Examples, Example 12 (IE74–IE77), Company M, as reproduced
		// word for word in Ind AS 109 "Illustration 32" on a study page (read 2026-12-03):
		// https://solutioninn.com/study-help/questions/illustration-32-life-time-expected-credit-losses-provision-matrix-for-9207146
		// CU30 million of trade receivables, Current 15,000,000, 1–30 dpd 7,500,000, 31–60 dpd
		// 4,000,000, 61–90 dpd 2,500,000, >90 dpd 1,000,000; default rates {0.3, 1.6, 3.6, 6.6,
		// 10.6} %. The extracted text lists the rates out of column order (10.6, 1.6, 3.6, 6.6,
		// 0.3); we assign them in DPD order, the only reading in which the rate rises with days
		// past due. The page stops at "Determine the expected credit losses for the portfolio"
		// and shows no answer.
		//
		// GAP: the published allowance column (lifetime ECL per bucket and total) was not read.
		// Searched twice on 2026-12-03 (stored pages, docs, code and issues corpora, and the
		// GitHub string index) for the IFRS text, AASB 9 (casechat.au, global-regulation.com,
		// standards.aasb.gov.au), NZ IFRS 9, HKFRS 9, Ind AS 109 (indiankanoon.org, the ICAI
		// 2014 exposure draft), EY "Applying IFRS: Impairment of financial instruments under
		// IFRS 9" (Dec 2014) and other firms' guides, by the example's sentences, its row labels
		// and the products below. The stored copies of the long documents stop before the
		// example; no short page quotes its table. So the expected figures are the products of
		// the published inputs (gross × rate per bucket, exact in decimal), not numbers read in a
		// source: 45,000 + 120,000 + 144,000 + 165,000 + 106,000 = 580,000. They pin the
		// arithmetic and the bucket order, not agreement with the IASB's table.
		m := matrix(t, 0.003, 0.016, 0.036, 0.066, 0.106)
		r, err := m.Apply(decs("15000000", "7500000", "4000000", "2500000", "1000000"))
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range []Cents{4_500_000, 12_000_000, 14_400_000, 16_500_000, 10_600_000} {
			if r.Lines[i].Allowance != w {
				t.Errorf("bucket %d: %v, want %v (gross × rate of IE Example 12)", i, r.Lines[i].Allowance, w)
			}
		}
		if r.Gross != 3_000_000_000 || r.Allowance != 58_000_000 {
			t.Errorf("total %v of %v, want 580,000.00 of 30,000,000.00", r.Allowance, r.Gross)
		}
	})
	t.Run("faqifrs Company T", func(t *testing.T) {
		// faqifrs.com, "Step 6 Apply the provision matrix", Company T: 0.5 % × 15,000 = 75;
		// 2.2 % × 7,500 = 165; 2.7 % × 4,000 = 108; 4.5 % × 2,500 = 112.5 (the source shows
		// 112, rounded down to whole euros; we keep cents).
		m := matrix(t, 0.005, 0.022, 0.027, 0.045)
		r, err := m.Apply(decs("15000", "7500", "4000", "2500"))
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range []Cents{7500, 16500, 10800, 11250} {
			if r.Lines[i].Allowance != w {
				t.Errorf("bucket %d: %v, faqifrs %v", i, r.Lines[i].Allowance, w)
			}
		}
	})
	t.Run("buckets by DPD", func(t *testing.T) {
		m := matrix(t, 0.005, 0.022, 0.027, 0.045, 0.1)
		for dpd, want := range map[int]int{0: 0, 1: 1, 30: 1, 31: 2, 60: 2, 61: 3, 90: 3, 91: 4, 5000: 4, -1: -1} {
			if got := m.Bucket(dpd); got != want {
				t.Errorf("Bucket(%d) = %d, want %d", dpd, got, want)
			}
		}
	})
	t.Run("roll rates", func(t *testing.T) {
		// Roll-rate chain: 10 % of current rolls to 1–30, 30 % on to 31–60, 50 % to 61–90,
		// 80 % written off: loss rates 0.012, 0.12, 0.4, 0.8 (products of the later rolls).
		got, err := LossRatesFromRollRates([]float64{0.1, 0.3, 0.5, 0.8})
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range []float64{0.012, 0.12, 0.4, 0.8} {
			if math.Abs(got[i]-w) > 1e-15 {
				t.Errorf("bucket %d: %v, want %v", i, got[i], w)
			}
		}
		if _, err := LossRatesFromRollRates([]float64{0.1, 1.2}); !errors.Is(err, ErrProbability) {
			t.Errorf("roll 1.2: %v", err)
		}
	})
}
