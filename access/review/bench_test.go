package review

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"github.com/shopspring/decimal"
)

// BenchmarkBenfordFirstTwo runs the first-two-digits test on 1,000,000 log-uniform amounts.
func BenchmarkBenfordFirstTwo(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	a := make([]decimal.Decimal, 1_000_000)
	for i := range a {
		a[i] = decimal.New(int64(math.Pow(10, 2+5*rng.Float64())), -2)
	}
	var r BenfordResult
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := BenfordTo(&r, a, FirstTwoDigits, BenfordOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBenfordFirstTwo10M is the scale: the first-two-digits test on 10,000,000
// log-uniform amounts in cents (target under 150 ms). Skipped with -short.
func BenchmarkBenfordFirstTwo10M(b *testing.B) {
	if testing.Short() {
		b.Skip("large sample")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	a := make([]decimal.Decimal, 10_000_000)
	for i := range a {
		a[i] = decimal.New(int64(math.Pow(10, 2+5*rng.Float64())), -2)
	}
	var r BenfordResult
	b.ReportAllocs()
	runtime.GC() // collect the setup garbage outside the timed loop
	b.ResetTimer()
	for b.Loop() {
		if err := BenfordTo(&r, a, FirstTwoDigits, BenfordOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartCheck checks 1,000 firms × 2 periods of the full default chart per op.
func BenchmarkChartCheck(b *testing.B) {
	c := defaultChart(b)
	s := stmts(consistent())
	var dst []Finding
	b.ReportAllocs()
	for b.Loop() {
		for range 1000 {
			var err error
			dst, err = c.CheckTo(dst[:0], s)
			if err != nil || len(dst) != 0 {
				b.Fatal(err, dst)
			}
		}
	}
}

func benchNetwork(n, m int) ([]Firm, []Guarantee) {
	rng := rand.New(rand.NewPCG(5, 6))
	firms := make([]Firm, n)
	for i := range firms {
		firms[i] = Firm{ID: strconv.Itoa(i), NetWorth: decimal.NewFromInt(int64(100 + rng.IntN(10000)))}
	}
	gs := make([]Guarantee, 0, m)
	for len(gs) < m {
		u, v := rng.IntN(n), rng.IntN(n)
		if u == v {
			continue
		}
		gs = append(gs, Guarantee{Guarantor: firms[u].ID, Borrower: firms[v].ID, Amount: decimal.NewFromInt(int64(1 + rng.IntN(1000)))})
	}
	return firms, gs
}

// BenchmarkNetwork builds a 100,000-firm, 300,000-guarantee random network and runs Exposure
// (Tarjan circles, mutual pairs, contingent ratios) and one DebtRank from firm 0.
func BenchmarkNetwork(b *testing.B) {
	firms, gs := benchNetwork(100_000, 300_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		g, err := NewNetwork(firms, gs)
		if err != nil {
			b.Fatal(err)
		}
		_ = g.Exposure()
		if _, err := g.DebtRank([]int{0}, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNetworkMillion is the scale: 1,000,000 firms and 3,000,000 guarantees
// (random, seeded). Skipped with -short.
func BenchmarkNetworkMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("large network")
	}
	firms, gs := benchNetwork(1_000_000, 3_000_000)
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	t0 := cpuTime()
	for b.Loop() {
		g, err := NewNetwork(firms, gs)
		if err != nil {
			b.Fatal(err)
		}
		_ = g.Exposure()
		if _, err := g.DebtRank([]int{0}, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-t0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkChartCheck100k3 is the scale: the full default chart on 100,000 firms × 3
// periods per op (target under 1 s). The third period continues the second: stocks move by the
// same change again, flows repeat, so every check passes.
func BenchmarkChartCheck100k3(b *testing.B) {
	c := defaultChart(b)
	p1, p2 := consistent()
	flows := map[string]bool{"revenue": true, "costOfSales": true, "operatingExpenses": true, "depreciation": true,
		"interestExpense": true, "incomeTax": true, "netIncome": true, "operatingCashFlow": true,
		"investingCashFlow": true, "financingCashFlow": true, "capitalExpenditure": true, "disposals": true, "dividends": true}
	p3 := make(map[string]int64, len(p2))
	for k, v := range p2 {
		p3[k] = 2*v - p1[k]
		if flows[k] {
			p3[k] = v
		}
	}
	s := Statements{Periods: []Period{period("2023", 2023, p1), period("2024", 2024, p2), period("2025", 2025, p3)}}
	if fs, err := c.Check(s); err != nil || len(fs) != 0 {
		b.Fatal(err, fs)
	}
	var dst []Finding
	b.ReportAllocs()
	for b.Loop() {
		for range 100_000 {
			var err error
			if dst, err = c.CheckTo(dst[:0], s); err != nil || len(dst) != 0 {
				b.Fatal(err, dst)
			}
		}
	}
}

// BenchmarkNewNetworkMillion builds the 1,000,000-firm, 3,000,000-guarantee network only
// (ID resolution, sorting, merging). Skipped with -short.
func BenchmarkNewNetworkMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("large network")
	}
	firms, gs := benchNetwork(1_000_000, 3_000_000)
	b.ReportAllocs()
	runtime.GC()
	b.ResetTimer()
	t0 := cpuTime()
	for b.Loop() {
		if _, err := NewNetwork(firms, gs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-t0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user + system CPU time in nanoseconds: on a shared machine it
// varies less than wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
