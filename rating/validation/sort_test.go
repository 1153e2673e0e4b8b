package validation

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/smecredit/smecredit/internal/radix"
)

// TestRadixSort compares radix.Sort with slices.Sort on keys of random,
// tied, clustered and extreme floats.
func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	gens := []struct {
		name string
		gen  func() float64
	}{
		{"normal", rng.NormFloat64},
		{"ties", func() float64 { return float64(rng.IntN(7)) }},
		{"cluster", func() float64 { return 1 + rng.Float64()*1e-12 }},
		{"extremes", func() float64 {
			return []float64{-math.MaxFloat64, 0, math.SmallestNonzeroFloat64, -1, 1e300}[rng.IntN(5)]
		}},
	}
	for _, gg := range gens {
		name, g := gg.name, gg.gen
		for _, n := range []int{0, 1, 255, 256, 1000, 50_000} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = key(g())
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			radix.Sort(keys)
			if !slices.Equal(want, keys) {
				t.Errorf("%s, n=%d: radix.Sort differs from slices.Sort", name, n)
			}
		}
	}
}

func BenchmarkSortKeys(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		s, _ := benchScores(n)
		src := make([]uint64, n)
		for i, v := range s {
			src[i] = key(v)
		}
		buf := make([]uint64, n)
		b.Run("radix/n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, src)
				radix.Sort(buf)
			}
		})
		b.Run("pdq/n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				copy(buf, src)
				slices.Sort(buf)
			}
		})
	}
}
