package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/scorecard"
)

// cpuTime is the process's CPU time, reported as cpu-ns/op: on a shared
// machine it counts this benchmark's work and not the other jobs'.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPeerLogit is the Go side of python/logit_peers.py: the public
// logistic regression (scorecard.Logistic: coefficients, SE, p-values,
// log-likelihood) on bench.LogitData(n, 20, 1), the input the script reads.
func BenchmarkPeerLogit(b *testing.B) {
	for _, n := range LogitRows {
		x, y := LogitData(n, LogitP, LogitSeed)
		d := mat.NewDense(n, LogitP, x)
		b.Run(fmt.Sprintf("smecredit/%dx%d", n, LogitP), func(b *testing.B) {
			runtime.GC()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := scorecard.Logistic(d, y, scorecard.LogisticOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

func peerModel(t testing.TB) *rating.Model {
	t.Helper()
	data, err := os.ReadFile("testdata/rating12-model.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rating.LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// BenchmarkPeerRating is the Go side of python/rating_peer.py: score,
// grade and PD of 1,000,000 firms × 12 indicators (ScoreAllTo with a
// reused result slice, ScoreColumnsTo on the same values by column, and
// ScoresTo writing them into reused columns of scores, grades and PDs)
// on bench.RatingData, the input the script reads.
func BenchmarkPeerRating(b *testing.B) {
	m := peerModel(b)
	flat := RatingData(RatingFirms, RatingSeed)
	rows := make([][]float64, RatingFirms)
	for i := range rows {
		rows[i] = flat[i*12 : (i+1)*12 : (i+1)*12]
	}
	dst := make([]rating.BatchResult, RatingFirms)
	b.Run(fmt.Sprintf("smecredit/%dx12", RatingFirms), func(b *testing.B) {
		runtime.GC()
		cpu0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
		for b.Loop() {
			if _, err := m.ScoreAllTo(dst, rows, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same firms column by column (ScoreColumnsTo), the layout of a
	// data frame.
	cols := make([][]float64, 12)
	for j := range cols {
		cols[j] = make([]float64, RatingFirms)
		for i, r := range rows {
			cols[j][i] = r[j]
		}
	}
	b.Run(fmt.Sprintf("smecredit-columns/%dx12", RatingFirms), func(b *testing.B) {
		runtime.GC()
		cpu0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
		for b.Loop() {
			if _, err := m.ScoreColumnsTo(dst, cols, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same columns into columns of scores, grades and PDs
	// (ScoresTo), the three arrays the numpy script returns.
	dst = nil
	scores := new(rating.BatchScores)
	if _, err := m.ScoresTo(scores, cols, nil); err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("smecredit-scores/%dx12", RatingFirms), func(b *testing.B) {
		runtime.GC()
		cpu0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
		for b.Loop() {
			if _, err := m.ScoresTo(scores, cols, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestLogitStatsmodels checks the public logistic regression against
// statsmodels' Newton fit on the same generated inputs: the coefficients in
// testdata/statsmodels-logit.json were written by python/logit_peers.py
// -coef (statsmodels Logit, tolerance 1e-8) and must agree within 1e-6.
func TestLogitStatsmodels(t *testing.T) {
	data, err := os.ReadFile("testdata/statsmodels-logit.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Coef map[string][]float64 `json:"coef"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, n := range LogitRows {
		want := doc.Coef[fmt.Sprint(n)]
		if len(want) != LogitP+1 {
			t.Fatalf("%d rows: %d reference coefficients", n, len(want))
		}
		if n > 100_000 && testing.Short() {
			continue
		}
		x, y := LogitData(n, LogitP, LogitSeed)
		res, err := scorecard.Logistic(mat.NewDense(n, LogitP, x), y, scorecard.LogisticOptions{})
		if err != nil {
			t.Fatal(err)
		}
		maxd := 0.0
		for j, c := range res.Coef {
			d := math.Abs(c.Coef - want[j])
			maxd = max(maxd, d)
			if !(d <= 1e-6) {
				t.Errorf("%d rows: coef %d = %.10f, statsmodels %.10f (|Δ| %.2g > 1e-6)", n, j, c.Coef, want[j], d)
			}
		}
		t.Logf("%d rows: largest |Δ| from statsmodels %.2g", n, maxd)
	}
}
