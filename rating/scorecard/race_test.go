package scorecard

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConcurrentScorecard: 64 goroutines share one compiled Scorecard and
// its Tables (scoring, batch scoring, transforms, Spec) and get the
// single-threaded results. Run with -race.
func TestConcurrentScorecard(t *testing.T) {
	sc, data, _ := germanModel(t, GoodOverBad, ModelOptions{Round: true})
	n := len(data[0].Num)
	if data[0].Cat != nil {
		n = len(data[0].Cat)
	}
	recs := make([][]Value, 200)
	want := make([]Result, len(recs))
	for i := range recs {
		recs[i] = record(data, i%n)
		var err error
		if want[i], err = sc.Score(recs[i]); err != nil {
			t.Fatal(err)
		}
	}
	wantWoE := make([][]float64, len(sc.Variables))
	for j, v := range sc.Variables {
		var err error
		if wantWoE[j], err = v.Table.TransformColumn(nil, data[j]); err != nil {
			t.Fatal(err)
		}
	}
	wantSpec := sc.Spec()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r Result
			for k := range recs {
				i := (k + g) % len(recs)
				if err := sc.ScoreTo(&r, recs[i]); err != nil || !cmp.Equal(r, want[i]) {
					errs <- "ScoreTo differs"
					return
				}
			}
			for i, br := range sc.ScoreAll(recs[:20]) {
				if br.Err != nil || !cmp.Equal(br.Result, want[i]) {
					errs <- "ScoreAll differs"
					return
				}
			}
			j := g % len(sc.Variables)
			w, err := sc.Variables[j].Table.TransformColumn(nil, data[j])
			if err != nil || !cmp.Equal(w, wantWoE[j]) {
				errs <- "TransformColumn differs"
				return
			}
			if g%8 == 0 && !cmp.Equal(sc.Spec(), wantSpec) {
				errs <- "Spec differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
