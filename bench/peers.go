package bench

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// LogitData returns the synthetic logistic-regression input shared with
// python/logit_peers.py: an n×p row-major design x of standard normal
// values and labels y drawn from P(y=1) = 1/(1+e^{−η}) with
// η = −1 + Σ_j 0.3/(j+1)·x_j, from a PCG source seeded (seed, 1). It is
// the generator of internal/logit's BenchmarkFit.
func LogitData(n, p int, seed uint64) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	x = make([]float64, n*p)
	y = make([]float64, n)
	for i := range n {
		eta := -1.0
		for j := range p {
			v := rng.NormFloat64()
			x[i*p+j] = v
			eta += v * 0.3 / float64(j+1)
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}

// RatingData returns n firms × 12 indicator values of the model in
// testdata/rating12-model.json, row-major, shared with
// python/rating_peer.py: 11 uniform values in [0, 1) and a category code
// 0, 1 or 2 in the last column, from a PCG source seeded (seed, n) (the
// generator of rating's BenchmarkScoreAll).
func RatingData(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	x := make([]float64, n*12)
	for i := range n {
		r := x[i*12 : (i+1)*12]
		for j := range 11 {
			r[j] = rng.Float64()
		}
		r[11] = float64(rng.IntN(3))
	}
	return x
}

// BinningData returns the input of the binning comparison shared with
// python/binning_peer.py: n values x of a continuous variable with ties,
// x = round(10·z, 3 decimals) for z standard normal (about 80,000 distinct
// values in 300,000 rows), and 0/1 labels y drawn from
// P(y=1) = 1/(1+e^{−(−2+0.8z)}) (an event rate near 15 %), from a PCG
// source seeded (seed, n).
func BinningData(n int, seed uint64) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	x = make([]float64, n)
	y = make([]float64, n)
	for i := range n {
		z := rng.NormFloat64()
		x[i] = math.Round(z*10_000) / 1000
		if rng.Float64() < 1/(1+math.Exp(2-0.8*z)) {
			y[i] = 1
		}
	}
	return x, y
}

// Peer inputs: the sizes of the Python comparison and their seeds.
const (
	LogitSeed   = 1
	RatingSeed  = 2
	BinningSeed = 3
	LogitP      = 20
	// BinningBins is the number of quantile bins of the binning comparison.
	BinningBins = 10
)

// BinningRows is the row count of the binning comparison.
const BinningRows = 300_000

// LogitRows are the row counts of the logistic-regression comparison.
var LogitRows = []int{100_000, 1_000_000}

// RatingFirms is the firm count of the rating comparison.
const RatingFirms = 1_000_000

// WritePeerData writes the peer inputs into dir as raw little-endian
// float64 files, which numpy reads with np.fromfile(path, "<f8"):
// logit-x-<n>x20.f64, logit-y-<n>.f64 for each of LogitRows and
// rating-x-1000000x12.f64, binning-x-300000.f64 and binning-y-300000.f64.
func WritePeerData(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range LogitRows {
		x, y := LogitData(n, LogitP, LogitSeed)
		if err := writeF64(filepath.Join(dir, fmt.Sprintf("logit-x-%dx%d.f64", n, LogitP)), x); err != nil {
			return err
		}
		if err := writeF64(filepath.Join(dir, fmt.Sprintf("logit-y-%d.f64", n)), y); err != nil {
			return err
		}
	}
	if err := writeF64(filepath.Join(dir, fmt.Sprintf("rating-x-%dx12.f64", RatingFirms)), RatingData(RatingFirms, RatingSeed)); err != nil {
		return err
	}
	x, y := BinningData(BinningRows, BinningSeed)
	if err := writeF64(filepath.Join(dir, fmt.Sprintf("binning-x-%d.f64", BinningRows)), x); err != nil {
		return err
	}
	return writeF64(filepath.Join(dir, fmt.Sprintf("binning-y-%d.f64", BinningRows)), y)
}

func writeF64(path string, v []float64) error {
	b := make([]byte, 8*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(f))
	}
	return os.WriteFile(path, b, 0o644)
}
