package portfolio

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// BenchmarkRollRates: 100 000 accounts × 24 months with balances (the 1 000 000-account
// target scales linearly: multiply by 10).
func BenchmarkRollRates(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	const n, months = 100_000, 24
	hs := make([]History, n)
	for i := range hs {
		h := History{ID: strconv.Itoa(i), Buckets: make([]Bucket, months), Balances: make([]decimal.Decimal, months)}
		for j := range months {
			h.Buckets[j] = Bucket(r.IntN(int(Default) + 1))
			h.Balances[j] = decimal.New(r.Int64N(10_000_000), -2)
		}
		hs[i] = h
	}
	var dst []FlowMatrix
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var err error
		if dst, err = RollRatesTo(dst, hs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConcentrate: 1 000 000 exposures by obligor (100 000 names) and by sector.
func BenchmarkConcentrate(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	exps := make([]Exposure, 1_000_000)
	names := make([]string, 100_000)
	for i := range names {
		names[i] = "obligor-" + strconv.Itoa(i)
	}
	for i := range exps {
		exps[i] = Exposure{Obligor: names[r.IntN(len(names))], Sector: "s" + strconv.Itoa(i%20), EAD: decimal.New(r.Int64N(100_000_000), -2)}
	}
	for _, by := range []Dimension{ByObligor, BySector} {
		b.Run(by.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Concentrate(exps, by, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
