package offer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// BenchmarkOffer prices and limits n applicants per iteration through the reuse path
// (OfferTo into one Offer), on random applicants from a fixed seed: ns/applicant is the cost
// of one applicant. "book" draws PD log-uniformly in [0.03 %, 20 %], the range of a bank's
// master scale; "wide" in [0.01 %, 97.7 %], where a third of the applicants lie past the IRB
// K peak and cost a peak search. Run with -benchmem -cpu 1. cpu-ns/applicant is the process's
// CPU time per applicant: on a shared machine the wall time includes waiting for a core.
func BenchmarkOffer(b *testing.B) {
	p := testPolicy(b)
	for _, tc := range []struct {
		name string
		n    int
		wide bool
	}{{"book", 1000, false}, {"book", 1_000_000, false}, {"wide", 1000, true}} {
		r := rand.New(rand.NewPCG(5, 6))
		apps := make([]Application, tc.n)
		for i := range apps {
			apps[i] = randomApp(r)
			apps[i].WorkingCapital.PayableDays = 10 // keep the net cycle positive
			if !tc.wide {
				apps[i].PD = 0.0003 * math.Pow(0.2/0.0003, r.Float64())
			}
		}
		n := tc.n
		b.Run(fmt.Sprintf("%s/n=%d", tc.name, n), func(b *testing.B) {
			var o Offer
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				for i := range apps {
					if err := p.OfferTo(&o, &apps[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/applicant")
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/float64(n), "cpu-ns/applicant")
		})
	}
}

// BenchmarkOfferAll is the batch path, which allocates the result slice.
func BenchmarkOfferAll(b *testing.B) {
	p := testPolicy(b)
	r := rand.New(rand.NewPCG(5, 6))
	apps := make([]Application, 10_000)
	for i := range apps {
		apps[i] = randomApp(r)
		apps[i].WorkingCapital.PayableDays = 10
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.OfferAll(apps)
	}
}
