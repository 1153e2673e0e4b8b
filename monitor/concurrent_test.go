package monitor

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestConcurrent64 shares one compiled SignalSet of each kind, prepared histories, a CUSUM and
// an EWMA among 64 goroutines (run with go test -race ./monitor/): each goroutine owns its
// Result and gets exactly the single-threaded results.
func TestConcurrent64(t *testing.T) {
	def, cards := bothSets(t)
	sets := []*SignalSet{def, cards}
	var preps []*Prepared
	for seed := range uint64(8) {
		p, err := Prepare(benchHistory(seed+100, 24))
		if err != nil {
			t.Fatal(err)
		}
		preps = append(preps, p)
	}
	dates := []time.Time{asOf, asOf.AddDate(0, -3, 0), asOf.AddDate(0, -11, 0)}
	type key struct{ set, prep, date int }
	want := map[key]Result{}
	for si, s := range sets {
		for pi, p := range preps {
			for di, at := range dates {
				var r Result
				if err := s.EvaluatePreparedTo(&r, p, at); err != nil {
					t.Fatal(err)
				}
				want[key{si, pi, di}] = Result{Loan: r.Loan, AsOf: r.AsOf, Level: r.Level, Escalated: r.Escalated,
					Signals: append([]Signal(nil), r.Signals...), Unevaluated: append([]RuleID(nil), r.Unevaluated...)}
			}
		}
	}
	cusum, err := NewCUSUM(CUSUMParams{Target: 10, Sigma: 1, K: 0.5, H: 4})
	if err != nil {
		t.Fatal(err)
	}
	ewma, err := NewEWMA(EWMAParams{Target: 10, Sigma: 1, Lambda: 0.2, L: 3})
	if err != nil {
		t.Fatal(err)
	}
	series := []float64{10, 11, 9, 10, 12, 13, 14, 15, 16, 15}
	wantC, _ := cusum.Run(series)
	wantE, _ := ewma.Run(series)
	opt := cmpopts.IgnoreUnexported(Result{})
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			var r Result
			var pc []CUSUMPoint
			var pe []EWMAPoint
			for i := range 20 {
				k := key{(g + i) % len(sets), (g*7/3 + i) % len(preps), (g + 2*i) % len(dates)}
				if err := sets[k.set].EvaluatePreparedTo(&r, preps[k.prep], dates[k.date]); err != nil {
					t.Error(err)
					return
				}
				if d := cmp.Diff(want[k], r, opt, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("goroutine %d, %v (-want +got):\n%s", g, k, d)
					return
				}
				pc, _ = cusum.RunTo(pc, series)
				pe, _ = ewma.RunTo(pe, series)
				if !cmp.Equal(wantC, pc) || !cmp.Equal(wantE, pe) {
					t.Errorf("goroutine %d: detector results differ", g)
					return
				}
			}
		})
	}
	wg.Wait()
}
