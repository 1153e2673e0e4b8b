package rating_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

// bench12 is a 12-indicator model: 8 linear, 2 step, 1 piecewise, 1
// categorical, with the default SME master scale.
func bench12(b *testing.B) *rating.Model {
	b.Helper()
	var ins []rating.IndicatorSpec
	for i := 0; i < 8; i++ {
		dir, lo, hi := rating.Benefit, 0.0, 1.0
		if i%2 == 1 {
			dir, lo, hi = rating.Cost, 1, 0
		}
		ins = append(ins, rating.IndicatorSpec{ID: rating.IndicatorID(fmt.Sprintf("lin%d", i)), Direction: dir,
			Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: lo, Best: hi}, Weight: 0.1})
	}
	for i := 0; i < 2; i++ {
		ins = append(ins, rating.IndicatorSpec{ID: rating.IndicatorID(fmt.Sprintf("step%d", i)), Direction: rating.Benefit,
			Scoring: rating.ScoringSpec{Kind: rating.Step, Cuts: []float64{0.2, 0.4, 0.6, 0.8}, Scores: []float64{0, 30, 60, 80, 100}}, Weight: 0.05})
	}
	ins = append(ins, rating.IndicatorSpec{ID: "pw", Direction: rating.Benefit, Weight: 0.05,
		Scoring: rating.ScoringSpec{Kind: rating.Piecewise, Points: []rating.Point{{X: 0, Score: 0}, {X: 0.3, Score: 50}, {X: 0.7, Score: 80}, {X: 1, Score: 100}}}})
	ins = append(ins, rating.IndicatorSpec{ID: "cat", Weight: 0.05,
		Scoring: rating.ScoringSpec{Kind: rating.Categorical, Categories: []rating.CategoryScore{{Code: 0, Score: 100}, {Code: 1, Score: 60}, {Code: 2, Score: 0}}}})
	sc := rating.DefaultSMEMasterScaleSpec()
	m, err := rating.CompileModel(rating.ModelSpec{ID: "bench", Version: "1", Indicators: ins, Scale: &sc})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func benchRows(n int, rng *rand.Rand) [][]float64 {
	flat := make([]float64, n*12)
	rows := make([][]float64, n)
	for i := range rows {
		r := flat[i*12 : (i+1)*12 : (i+1)*12]
		for j := 0; j < 11; j++ {
			r[j] = rng.Float64()
		}
		r[11] = float64(rng.IntN(3))
		rows[i] = r
	}
	return rows
}

func BenchmarkScoreTo(b *testing.B) {
	m := bench12(b)
	x := benchRows(1, rand.New(rand.NewPCG(1, 1)))[0]
	var r rating.Result
	for b.Loop() {
		if err := m.ScoreTo(&r, x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	m := bench12(b)
	x := benchRows(1, rand.New(rand.NewPCG(1, 1)))[0]
	for b.Loop() {
		if _, err := m.Score(x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScoreAll(b *testing.B) {
	m := bench12(b)
	for _, n := range []int{1000, 100_000, 1_000_000} {
		rows := benchRows(n, rand.New(rand.NewPCG(2, uint64(n))))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := m.ScoreAll(rows, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuTime is the process's CPU time: on a shared machine the wall time of
// a benchmark counts other jobs, its CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScoreAllTo is the batch with a reused result slice; cpu-ns/op
// is the process CPU time per batch.
func BenchmarkScoreAllTo(b *testing.B) {
	m := bench12(b)
	for _, n := range []int{1000, 1_000_000} {
		rows := benchRows(n, rand.New(rand.NewPCG(2, uint64(n))))
		dst := make([]rating.BatchResult, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			runtime.GC() // the setup's garbage is not the batch's cost
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := m.ScoreAllTo(dst, rows, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkScoreColumnsTo is BenchmarkScoreAllTo on the same firms given
// column by column.
func BenchmarkScoreColumnsTo(b *testing.B) {
	m := bench12(b)
	for _, n := range []int{1000, 1_000_000} {
		rows := benchRows(n, rand.New(rand.NewPCG(2, uint64(n))))
		cols := make([][]float64, m.Len())
		for j := range cols {
			cols[j] = make([]float64, n)
			for i, r := range rows {
				cols[j][i] = r[j]
			}
		}
		rows = nil
		dst := make([]rating.BatchResult, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			runtime.GC()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := m.ScoreColumnsTo(dst, cols, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkScoresTo is BenchmarkScoreColumnsTo writing the scores,
// grades and PDs into reused columns (rating.BatchScores).
func BenchmarkScoresTo(b *testing.B) {
	m := bench12(b)
	for _, n := range []int{1000, 1_000_000} {
		rows := benchRows(n, rand.New(rand.NewPCG(2, uint64(n))))
		cols := make([][]float64, m.Len())
		for j := range cols {
			cols[j] = make([]float64, n)
			for i, r := range rows {
				cols[j][i] = r[j]
			}
		}
		rows = nil
		dst := new(rating.BatchScores)
		if _, err := m.ScoresTo(dst, cols, nil); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			runtime.GC()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := m.ScoresTo(dst, cols, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

func randomPairwise(n int, rng *rand.Rand) *mat.Dense {
	a := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		a.Set(i, i, 1)
		for j := i + 1; j < n; j++ {
			v := float64(1 + rng.IntN(9))
			if rng.IntN(2) == 0 {
				v = 1 / v
			}
			a.Set(i, j, v)
			a.Set(j, i, 1/v)
		}
	}
	return a
}

func BenchmarkAHP(b *testing.B) {
	for _, n := range []int{3, 5, 9} {
		a := randomPairwise(n, rand.New(rand.NewPCG(3, uint64(n))))
		for _, method := range []rating.AHPMethod{rating.Eigenvector, rating.GeometricMean} {
			b.Run(fmt.Sprintf("%s/n=%d", method, n), func(b *testing.B) {
				for b.Loop() {
					if res, _ := rating.AHP(a, rating.AHPOptions{Method: method}); res == nil {
						b.Fatal("no result")
					}
				}
			})
		}
	}
}

func benchMatrix(m, k int, rng *rand.Rand) *mat.Dense {
	d := mat.NewDense(m, k, nil)
	raw := d.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.Float64() * 10
	}
	return d
}

func BenchmarkEntropyWeights(b *testing.B) {
	for _, m := range []int{1000, 100_000, 1_000_000} {
		d := benchMatrix(m, 12, rand.New(rand.NewPCG(4, uint64(m))))
		for _, norm := range []rating.Normalization{rating.NormProportion, rating.NormMinMax} {
			b.Run(fmt.Sprintf("%s/%dx12", norm, m), func(b *testing.B) {
				for b.Loop() {
					if _, err := rating.EntropyWeights(d, rating.EntropyOptions{Normalization: norm}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkCRITICWeights(b *testing.B) {
	for _, m := range []int{1000, 100_000} {
		d := benchMatrix(m, 12, rand.New(rand.NewPCG(5, uint64(m))))
		b.Run(fmt.Sprintf("%dx12", m), func(b *testing.B) {
			for b.Loop() {
				if _, err := rating.CRITICWeights(d, rating.CRITICOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTOPSIS(b *testing.B) {
	w := make([]float64, 12)
	dirs := make([]rating.Direction, 12)
	for j := range w {
		w[j], dirs[j] = 1./12, rating.Benefit
	}
	for _, m := range []int{1000, 100_000} {
		d := benchMatrix(m, 12, rand.New(rand.NewPCG(6, uint64(m))))
		b.Run(fmt.Sprintf("%dx12", m), func(b *testing.B) {
			for b.Loop() {
				if _, err := rating.TOPSIS(d, w, dirs, rating.NormVector); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFuzzyEvaluate(b *testing.B) {
	for _, n := range []int{4, 20} {
		r := mat.NewDense(n, 5, nil)
		w := make([]float64, n)
		for i := 0; i < n; i++ {
			w[i] = 1 / float64(n)
			r.SetRow(i, []float64{0.1, 0.4, 0.3, 0.2, 0})
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := rating.FuzzyEvaluate(w, r, rating.FuzzyWeightedAverage); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
