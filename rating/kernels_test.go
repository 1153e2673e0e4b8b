package rating

import (
	"math"
	"math/rand/v2"
	"testing"
)

// kernelValues returns n values around cuts: the cuts themselves, their
// neighbours one ulp away, ±0, NaN, ±Inf, huge and tiny values and random
// ones in the cuts' range, so each comparison and clamp meets its edges.
func kernelValues(r *rand.Rand, n int, cuts []float64) []float64 {
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -1e300, 1e-300}
	for _, c := range cuts {
		if !math.IsInf(c, 0) {
			special = append(special, c, math.Nextafter(c, math.Inf(1)), math.Nextafter(c, math.Inf(-1)))
		}
	}
	lo, hi := -10.0, 10.0
	if len(cuts) > 0 && !math.IsInf(cuts[0], 0) {
		lo = cuts[0] - 5
	}
	x := make([]float64, n)
	for i := range x {
		if r.IntN(3) == 0 {
			x[i] = special[r.IntN(len(special))]
		} else {
			x[i] = lo + (hi-lo+10)*r.Float64()
		}
	}
	return x
}

// firstBitDiff returns the first index where a and b differ in their bits,
// or −1. Two NaNs are equal whatever their payloads: a NaN total only sends
// its firm down the scalar path, which never reads the payload.
func firstBitDiff(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return -1
}

// TestKernelsMatchGo holds the batch kernels this build runs (SSE2
// assembly on amd64, the Go kernels under -tags purego and elsewhere) to
// the Go kernels bit for bit, at every length from 0 to 37 (odd tails of
// the two-firm loop) and on every step and piecewise indicator of
// kindsModel, so a lane that rounds or compares differently fails here
// before it reaches a score.
func TestKernelsMatchGo(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 3))
	m := kindsModel(t)
	kernels := 0
	for n := 0; n <= 37; n++ {
		base := kernelValues(r, n, nil)
		x, y := kernelValues(r, n, []float64{-1, 0, 1}), kernelValues(r, n, []float64{2, 5})
		for _, p := range [][3]float64{{0, 0.1, 0.3}, {-3, -0.25, 0.7}, {1e300, 1e-300, 1}, {0, math.Inf(1), 0.5}} {
			got, want := append([]float64(nil), base...), append([]float64(nil), base...)
			linear1(got, x, p[0], p[1], p[2])
			linear1Go(want, x, p[0], p[1], p[2])
			if i := firstBitDiff(got, want); i >= 0 {
				t.Fatalf("linear1 n=%d %v: tot[%d] = %v, Go %v (x %v)", n, p, i, got[i], want[i], x[i])
			}
			got, want = append(got[:0], base...), append(want[:0], base...)
			linear2(got, x, y, p[0], p[1], p[2], -p[0], 2*p[1], 1-p[2])
			linear2Go(want, x, y, p[0], p[1], p[2], -p[0], 2*p[1], 1-p[2])
			if i := firstBitDiff(got, want); i >= 0 {
				t.Fatalf("linear2 n=%d %v: tot[%d] = %v, Go %v (x %v, y %v)", n, p, i, got[i], want[i], x[i], y[i])
			}
		}
		for j := range m.ind {
			c := &m.ind[j]
			fx := c.fix
			if fx == nil {
				continue
			}
			kernels++
			v := kernelValues(r, n, append([]float64{fx.first}, fx.cut[:]...))
			got, want := append([]float64(nil), base...), append([]float64(nil), base...)
			switch c.kind {
			case Step:
				stepBands(got, v, &fx.cut, &fx.y, 0.3, fx.n)
				stepBandsGo(want, v, &fx.cut, &fx.y, 0.3, fx.n)
			case Piecewise:
				pieceSegments(got, v, fx.first, &fx.cut, &fx.x, &fx.y, &fx.dx, &fx.dy, 0.3, fx.n)
				pieceSegmentsGo(want, v, fx.first, &fx.cut, &fx.x, &fx.y, &fx.dx, &fx.dy, 0.3, fx.n)
			}
			if i := firstBitDiff(got, want); i >= 0 {
				t.Fatalf("indicator %d (%v, %d cuts) n=%d: tot[%d] = %v, Go %v (x %v)", j, c.kind, fx.n, n, i, got[i], want[i], v[i])
			}
		}
	}
	if kernels == 0 {
		t.Fatal("kindsModel has no step or piecewise indicator in fixed form")
	}
}
