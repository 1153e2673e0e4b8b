package scorecard

import (
	"fmt"
	"testing"
)

func BenchmarkBinNumericOptimal(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 300_000} {
		x, y := genNumeric(n, 1)
		opts := BinOptions{NaNMissing: true, Specials: []float64{-1}, MinBinShare: 0.05}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := BinNumeric("x", x, y, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBinNumericMethods(b *testing.B) {
	x, y := genNumeric(300_000, 1)
	for _, m := range []BinMethod{Quantile, EqualWidth, ChiMerge} {
		opts := BinOptions{Method: m, NaNMissing: true, Specials: []float64{-1}}
		b.Run(m.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := BinNumeric("x", x, y, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBin16Variables bins 16 variables of 300,000 rows, the size of
// optbinning's published benchmark (5.09 s on one core).
func BenchmarkBin16Variables(b *testing.B) {
	xs := make([][]float64, 16)
	var y []float64
	for j := range xs {
		xs[j], y = genNumeric(300_000, uint64(j+1))
		if j > 0 {
			// Same target for every variable: regenerate with seed 1's labels.
			_, y = genNumeric(300_000, 1)
		}
	}
	opts := BinOptions{NaNMissing: true, Specials: []float64{-1}, MinBinShare: 0.05}
	for b.Loop() {
		for _, x := range xs {
			if _, err := BinNumeric("x", x, y, opts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkTransform(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		x, y := genNumeric(n, 1)
		tab, err := BinNumeric("x", x, y, BinOptions{NaNMissing: true, Specials: []float64{-1}})
		if err != nil {
			b.Fatal(err)
		}
		dst := make([]float64, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := tab.Transform(dst, x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScoreTo(b *testing.B) {
	for _, p := range []int{6, 16} {
		sc, rec := syntheticScorecard(b, p)
		var r Result
		b.Run(fmt.Sprintf("%dvars", p), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := sc.ScoreTo(&r, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// syntheticScorecard fits a p-variable scorecard on generated data and
// returns it with one record.
func syntheticScorecard(b *testing.B, p int) (*Scorecard, []Value) {
	b.Helper()
	n := 20_000
	_, y := genNumeric(n, 1)
	tables := make([]*Table, p)
	data := make([]Column, p)
	rec := make([]Value, p)
	for j := range p {
		x, _ := genNumeric(n, 1) // same driver, different noise below
		for i := range x {
			if x[i] == x[i] && x[i] != -1 {
				x[i] += float64(j%5) * 0.3 * float64((i*7+j)%11-5)
			}
		}
		tab, err := BinNumeric(fmt.Sprint("v", j), x, y, BinOptions{NaNMissing: true, Specials: []float64{-1}, MaxBins: 6})
		if err != nil {
			b.Fatal(err)
		}
		tables[j], data[j] = tab, Column{Num: x}
		rec[j] = Value{Num: x[3]}
	}
	sc, err := Fit(tables, data, y, ModelOptions{L2: 1})
	if err != nil && sc == nil {
		b.Fatal(err)
	}
	return sc, rec
}

func BenchmarkFit(b *testing.B) {
	for _, p := range []int{6, 16} {
		n := 20_000
		_, y := genNumeric(n, 1)
		tables := make([]*Table, p)
		data := make([]Column, p)
		for j := range p {
			x, _ := genNumeric(n, 1)
			for i := range x {
				if x[i] == x[i] && x[i] != -1 {
					x[i] += float64(j%5) * 0.3 * float64((i*7+j)%11-5)
				}
			}
			tab, err := BinNumeric(fmt.Sprint("v", j), x, y, BinOptions{NaNMissing: true, Specials: []float64{-1}, MaxBins: 6})
			if err != nil {
				b.Fatal(err)
			}
			tables[j], data[j] = tab, Column{Num: x}
		}
		b.Run(fmt.Sprintf("20000x%d", p), func(b *testing.B) {
			for b.Loop() {
				if sc, err := Fit(tables, data, y, ModelOptions{L2: 1}); sc == nil {
					b.Fatal(err)
				}
			}
		})
	}
}
