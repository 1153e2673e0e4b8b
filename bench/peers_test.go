package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
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

// peerBinOptions are the options of the binning comparison: BinningBins
// quantile bins, closed on the right, (c_{j−1}, c_j], so that cut j is the
// sorted value of rank ⌈j·n/10⌉ − 1, numpy's
// np.quantile(x, j/10, method="inverted_cdf").
var peerBinOptions = scorecard.BinOptions{Method: scorecard.Quantile, Bins: BinningBins, Closure: scorecard.RightClosed}

// BenchmarkPeerBinning is the Go side of python/binning_peer.py: quantile
// cuts, event and non-event counts per bin, WoE and IV (scorecard.BinNumeric
// with the Quantile method, the whole binning table) of 300,000 rows of
// bench.BinningData, the input the script reads.
func BenchmarkPeerBinning(b *testing.B) {
	x, y := BinningData(BinningRows, BinningSeed)
	b.Run(fmt.Sprintf("smecredit/%d", BinningRows), func(b *testing.B) {
		runtime.GC()
		cpu0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
		for b.Loop() {
			if _, err := scorecard.BinNumeric("x", x, y, peerBinOptions); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBinningNumpy checks the binning table against numpy's on the same
// generated input: testdata/numpy-binning.json was written by
// python/binning_peer.py -check (np.quantile with method "inverted_cdf",
// np.searchsorted, np.bincount, WoE = ln(%good/%bad)). Cuts and counts must
// be equal; WoE and IV agree within 1e-12 (numpy's log and summation order
// may differ from Go's in the last bits).
func TestBinningNumpy(t *testing.T) {
	data, err := os.ReadFile("testdata/numpy-binning.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		N         int       `json:"n"`
		Cuts      []float64 `json:"cuts"`
		Events    []float64 `json:"events"`
		NonEvents []float64 `json:"nonEvents"`
		WoE       []float64 `json:"woe"`
		IV        float64   `json:"iv"`
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if want.N != BinningRows {
		t.Fatalf("reference for %d rows, want %d", want.N, BinningRows)
	}
	x, y := BinningData(BinningRows, BinningSeed)
	tab, err := scorecard.BinNumeric("x", x, y, peerBinOptions)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Cuts) != BinningBins-1 || !slices.Equal(tab.Cuts, want.Cuts) {
		t.Fatalf("cuts %v, numpy %v", tab.Cuts, want.Cuts)
	}
	reg := tab.Bins[:len(tab.Bins)-2] // without the (empty) special and missing bins
	if len(reg) != len(want.Events) || len(reg) != len(want.NonEvents) || len(reg) != len(want.WoE) {
		t.Fatalf("%d regular bins, numpy %d", len(reg), len(want.Events))
	}
	for i, bin := range reg {
		if bin.Events != want.Events[i] || bin.NonEvents != want.NonEvents[i] {
			t.Errorf("bin %d: events %v, non-events %v; numpy %v, %v", i, bin.Events, bin.NonEvents, want.Events[i], want.NonEvents[i])
		}
		if d := math.Abs(bin.WoE - want.WoE[i]); !(d <= 1e-12) {
			t.Errorf("bin %d: WoE %.17g, numpy %.17g (|Δ| %.2g)", i, bin.WoE, want.WoE[i], d)
		}
	}
	if d := math.Abs(tab.IV - want.IV); !(d <= 1e-12) {
		t.Errorf("IV %.17g, numpy %.17g (|Δ| %.2g)", tab.IV, want.IV, d)
	}
	t.Logf("IV %.6f (numpy %.6f), cuts %v", tab.IV, want.IV, tab.Cuts)
}
