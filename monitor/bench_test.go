package monitor

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// benchHistory builds a realistic SME history: n monthly observations with all amounts,
// ratios and PD known, occasional arrears and events; seed fixes the randomness.
func benchHistory(seed uint64, n int) *History {
	rng := rand.New(rand.NewPCG(seed, 7))
	h := &History{Loan: LoanID(fmt.Sprint("L", seed)), PDOrigination: 0.01 + rng.Float64()*0.04}
	limit := int64(100_000 + rng.IntN(900_000))
	for i := range n {
		d := time.Date(asOf.Year(), asOf.Month()-time.Month(n-1-i)+1, 0, 0, 0, 0, 0, time.UTC)
		out := limit * int64(50+rng.IntN(60)) / 100
		o := Observation{
			Date: d, Known: FieldPastDue | FieldOutstanding | FieldLimit | FieldTurnover | FieldCreditBalance |
				FieldCollateral | FieldRevenue | FieldDebtElsewhere | FieldEquityToAssets | FieldProfitMargin |
				FieldDSCR | FieldCurrentRatio | FieldQuickRatio | FieldPD | FieldCovenant,
			Outstanding:    decimal.NewFromInt(out),
			Limit:          decimal.NewFromInt(limit),
			Turnover:       decimal.New(int64(rng.IntN(5_000_000)), -2),
			CreditBalance:  decimal.NewFromInt(int64(rng.IntN(50_000))),
			Collateral:     decimal.NewFromInt(limit),
			Revenue:        decimal.NewFromInt(limit * 3),
			DebtElsewhere:  decimal.NewFromInt(limit / 2),
			EquityToAssets: 0.05 + 0.3*rng.Float64(),
			ProfitMargin:   -0.05 + 0.2*rng.Float64(),
			DSCR:           0.8 + rng.Float64(),
			CurrentRatio:   0.8 + rng.Float64(),
			QuickRatio:     0.4 + rng.Float64(),
			PD:             0.01 + 0.05*rng.Float64(),
			CovenantBreach: rng.IntN(50) == 0,
		}
		if rng.IntN(10) == 0 {
			o.DPD = rng.IntN(120)
			o.PastDue = decimal.NewFromInt(out / 10)
		}
		if rng.IntN(30) == 0 {
			o.Events = Event(1) << rng.IntN(numEvents)
		}
		h.Observations = append(h.Observations, o)
	}
	return h
}

// BenchmarkPortfolio measures the per-loan path of a portfolio run: evaluate the default
// signal set on 24 monthly observations, classify at asOf and apply the floor, reusing one
// Result and one Classification (0 allocations once they have grown). The cpu-ns/loan metric
// is the process CPU time per loan (on a shared machine wall time counts other jobs).
//
//   - history: EvaluateTo on a History, which validates and converts every observation
//     (each amount a decimal.Decimal with its coefficient behind two pointers) on each call.
//   - prepared: EvaluatePreparedTo on histories prepared once for the set
//     ([SignalSet.PrepareTo]: the 19 metric columns the default set reads). loans=1000000 is
//     issue 6's run itself: a million distinct prepared loans, about 4.4 GB, read from memory;
//     it is built only when selected by name (-bench 'Portfolio/prepared/loans=1000000'), as
//     it needs that memory. BenchmarkPortfolioStream is the run whose memory does not grow.
//
// loans=1 evaluates one loan that stays in cache: the compute cost alone.
func BenchmarkPortfolio(b *testing.B) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		b.Fatal(err)
	}
	perLoan := func(b *testing.B, loans int, cpu0 time.Duration) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*loans), "ns/loan")
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*loans), "cpu-ns/loan")
	}
	histories := func(loans int) []*History {
		hs := make([]*History, min(loans, 10000))
		for i := range hs {
			hs[i] = benchHistory(uint64(i), 24)
		}
		return hs
	}
	for _, loans := range []int{1, 10000} {
		b.Run(fmt.Sprintf("history/loans=%d", loans), func(b *testing.B) {
			hs := histories(loans)
			runtime.GC() // the setup's garbage is not the evaluation's cost
			var r Result
			var c Classification
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for _, h := range hs {
					if err := s.EvaluateTo(&r, h, asOf); err != nil {
						b.Fatal(err)
					}
					last := &h.Observations[len(h.Observations)-1]
					if err := ClassifyTo(&c, ClassificationInput{Loan: h.Loan, DPD: last.DPD}, asOf); err != nil {
						b.Fatal(err)
					}
					_ = FinalLevel(r.Level, c.Category)
				}
			}
			perLoan(b, loans, cpu0)
		})
	}
	for _, loans := range []int{1, 10000, 1000000} {
		b.Run(fmt.Sprintf("prepared/loans=%d", loans), func(b *testing.B) {
			if loans > 10000 && !strings.Contains(flag.Lookup("test.bench").Value.String(), "loans=1000000") {
				b.Skip("needs 4.5 GB: select it by name")
			}
			// A million loans: the 10,000 distinct histories prepared once, each copied 100
			// times into storage of its own, so that every loan is read from memory.
			hs := histories(loans)
			ps, dpd := make([]*Prepared, loans), make([]int, loans)
			for i := range ps {
				h := hs[i%len(hs)]
				if i < len(hs) {
					ps[i] = new(Prepared)
					if err = s.PrepareTo(ps[i], h); err != nil { // the set's 19 metric columns
						b.Fatal(err)
					}
				} else {
					q := *ps[i%len(hs)]
					q.dates, q.events, q.vals = slices.Clone(q.dates), slices.Clone(q.events), slices.Clone(q.vals)
					ps[i] = &q
				}
				dpd[i] = h.Observations[len(h.Observations)-1].DPD
			}
			hs = nil
			runtime.GC()
			var r Result
			var c Classification
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for i, p := range ps {
					if err := s.EvaluatePreparedTo(&r, p, asOf); err != nil {
						b.Fatal(err)
					}
					if err := ClassifyTo(&c, ClassificationInput{Loan: p.Loan(), DPD: dpd[i]}, asOf); err != nil {
						b.Fatal(err)
					}
					_ = FinalLevel(r.Level, c.Category)
				}
			}
			perLoan(b, loans, cpu0)
		})
	}
}

// BenchmarkPortfolioBatch is BenchmarkPortfolio's prepared run on [PreparedBatch] values: the
// loans prepared once, 1024 to a batch ([SignalSet.PrepareBatchTo]), then each batch
// evaluated ([SignalSet.EvaluateBatchTo], results reused) and each loan classified and floored.
// loans=1000000 is issue 22's run, a million distinct loans held prepared (about 4.3 GB), built
// only when selected by name; ns/loan and cpu-ns/loan count evaluation and classification.
//
// bench/README.md gives its figures (CPU time per loan, and callgrind's instructions and
// last-level misses per loan, which repeat on a shared machine) and how they were measured.
func BenchmarkPortfolioBatch(b *testing.B) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		b.Fatal(err)
	}
	src := make([]*History, 10000)
	for i := range src {
		src[i] = benchHistory(uint64(i), 24)
	}
	const batch = 1024
	for _, loans := range []int{1024, 10240, 1000000} {
		b.Run(fmt.Sprintf("loans=%d", loans), func(b *testing.B) {
			if loans > 10240 && !strings.Contains(flag.Lookup("test.bench").Value.String(), "loans=1000000") {
				b.Skip("needs 4.4 GB: select it by name")
			}
			var bs []*PreparedBatch
			dpd := make([]int, loans)
			hs := make([]*History, 0, batch)
			for lo := 0; lo < loans; lo += batch {
				hs = hs[:0]
				for i := lo; i < min(lo+batch, loans); i++ {
					h := src[i%len(src)]
					hs = append(hs, h)
					dpd[i] = h.Observations[len(h.Observations)-1].DPD
				}
				pb := new(PreparedBatch)
				if err := s.PrepareBatchTo(pb, hs); err != nil {
					b.Fatal(err)
				}
				bs = append(bs, pb)
			}
			runtime.GC()
			var rs []BatchResult
			var c Classification
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				k := 0
				for _, pb := range bs {
					rs = s.EvaluateBatchTo(rs, pb, asOf)
					for j := range rs {
						r := &rs[j]
						if r.Err != nil {
							b.Fatal(r.Err)
						}
						if err := ClassifyTo(&c, ClassificationInput{Loan: r.Result.Loan, DPD: dpd[k]}, asOf); err != nil {
							b.Fatal(err)
						}
						_ = FinalLevel(r.Result.Level, c.Category)
						k++
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*loans), "ns/loan")
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*loans), "cpu-ns/loan")
		})
	}
}

// BenchmarkPortfolioStream is the streaming portfolio run of the package doc: loans arrive in
// batches of 1024 histories (here drawn in turn from 10,000 distinct histories built once, as
// a loader would hand them over), each batch is prepared, evaluated and classified, and its
// storage reused for the next batch: in 1024 reused Prepared values ([SignalSet.PrepareTo],
// EvaluatePreparedTo loan by loan: mode=slots) or in one reused [PreparedBatch]
// ([SignalSet.PrepareBatchTo], EvaluateBatchTo: mode=batch). ns/loan and cpu-ns/loan count
// preparation and evaluation; heap-MB is the live heap after the run, which stays that of one
// batch (plus the 10,000 source histories) whatever the number of loans. The allocations are
// the storage's growth in the first batches.
func BenchmarkPortfolioStream(b *testing.B) {
	s, err := CompileSignalSet(DefaultSignalSetSpec())
	if err != nil {
		b.Fatal(err)
	}
	src := make([]*History, 10000)
	for i := range src {
		src[i] = benchHistory(uint64(i), 24)
	}
	const batch = 1024
	for _, mode := range []string{"slots", "batch"} {
		for _, loans := range []int{10000, 100000, 1000000} {
			b.Run(fmt.Sprintf("mode=%s/loans=%d", mode, loans), func(b *testing.B) {
				slots := make([]Prepared, batch)
				var pb PreparedBatch
				hs := make([]*History, 0, batch)
				var rs []BatchResult
				var r Result
				var c Classification
				runtime.GC()
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					for lo := 0; lo < loans; lo += batch {
						hi := min(lo+batch, loans)
						if mode == "batch" {
							hs = hs[:0]
							for i := lo; i < hi; i++ { // load the batch
								hs = append(hs, src[i%len(src)])
							}
							if err := s.PrepareBatchTo(&pb, hs); err != nil {
								b.Fatal(err)
							}
							rs = s.EvaluateBatchTo(rs, &pb, asOf)
							for k := range rs {
								h := hs[k]
								if err := ClassifyTo(&c, ClassificationInput{Loan: h.Loan, DPD: h.Observations[len(h.Observations)-1].DPD}, asOf); err != nil {
									b.Fatal(err)
								}
								_ = FinalLevel(rs[k].Result.Level, c.Category)
							}
							continue
						}
						for i := lo; i < hi; i++ { // load and prepare the batch
							if err := s.PrepareTo(&slots[i-lo], src[i%len(src)]); err != nil {
								b.Fatal(err)
							}
						}
						for i := lo; i < hi; i++ { // evaluate it
							p := &slots[i-lo]
							if err := s.EvaluatePreparedTo(&r, p, asOf); err != nil {
								b.Fatal(err)
							}
							h := src[i%len(src)]
							if err := ClassifyTo(&c, ClassificationInput{Loan: p.Loan(), DPD: h.Observations[len(h.Observations)-1].DPD}, asOf); err != nil {
								b.Fatal(err)
							}
							_ = FinalLevel(r.Level, c.Category)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*loans), "ns/loan")
				b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*loans), "cpu-ns/loan")
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
				runtime.KeepAlive(slots)
				runtime.KeepAlive(&pb)
			})
		}
	}
}

// BenchmarkPrepare measures Prepare on 24 monthly observations with every field known.
func BenchmarkPrepare(b *testing.B) {
	h := benchHistory(1, 24)
	var p Prepared
	b.ReportAllocs()
	for b.Loop() {
		if err := p.fill(h, allMetricSet); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	var c Classification
	in := ClassificationInput{DPD: 95, MisuseOfFunds: true, Restructuring: &Restructuring{Before: Normal, Start: asOf.AddDate(0, -3, 0)}}
	b.ReportAllocs()
	for b.Loop() {
		_ = ClassifyTo(&c, in, asOf)
	}
}

func BenchmarkCUSUM(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i%11) - 5
		}
		c, _ := NewCUSUM(CUSUMParams{Sigma: 3, K: 0.5, H: 5})
		dst := make([]CUSUMPoint, 0, n)
		b.Run(fmt.Sprintf("Run/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dst, _ = c.RunTo(dst, x)
			}
		})
		b.Run(fmt.Sprintf("FirstAlarm/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _, _ = c.FirstAlarm(x)
			}
		})
	}
}

func BenchmarkEWMA(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i%11) - 5
		}
		for _, mode := range []LimitMode{ExactLimits, AsymptoticLimits} {
			e, _ := NewEWMA(EWMAParams{Sigma: 3, Lambda: 0.2, L: 3, Limits: mode})
			dst := make([]EWMAPoint, 0, n)
			b.Run(fmt.Sprintf("%v/n=%d", mode, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					dst, _ = e.RunTo(dst, x)
				}
			})
		}
	}
}

// cpuTime returns the user+system CPU time of the process so far (0 where getrusage fails).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
