package radix

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 100, 4095, 4096, 100_000} {
		keys := make([]uint64, n)
		for i := range keys {
			switch i % 3 {
			case 0:
				keys[i] = r.Uint64()
			case 1:
				keys[i] = r.Uint64() & 0xffff // many shared high bytes
			default:
				keys[i] = 42 // duplicates
			}
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		Sort(keys)
		if !slices.Equal(keys, want) {
			t.Errorf("n=%d: Sort differs from slices.Sort", n)
		}
	}
}

func TestSortFloats(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	special := []float64{math.Inf(-1), math.Inf(1), -math.MaxFloat64, math.MaxFloat64,
		math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0, 1, -1}
	for _, n := range []int{10, 5000, 200_000} {
		v := make([]float64, n)
		for i := range v {
			if i < len(special) {
				v[i] = special[i]
				continue
			}
			v[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
		}
		want := slices.Clone(v)
		slices.Sort(want)
		SortFloats(v)
		if !slices.Equal(v, want) {
			t.Errorf("n=%d: SortFloats differs from slices.Sort", n)
		}
	}
	for _, x := range special {
		if got := FromFloatKey(FloatKey(x)); got != x || math.Signbit(got) != math.Signbit(x) {
			t.Errorf("FromFloatKey(FloatKey(%g)) = %g", x, got)
		}
	}
}

func BenchmarkSortFloats(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	src := make([]float64, 1_000_000)
	for i := range src {
		src[i] = r.NormFloat64()
	}
	v := make([]float64, len(src))
	for b.Loop() {
		copy(v, src)
		SortFloats(v)
	}
}
