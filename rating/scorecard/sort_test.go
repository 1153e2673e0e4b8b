package scorecard

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortFloats(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, n := range []int{0, 1, 100, 5000, 50000} {
		v := make([]float64, n)
		for i := range v {
			switch rng.IntN(6) {
			case 0:
				v[i] = 0
			case 1:
				v[i] = math.Copysign(0, -1)
			case 2:
				v[i] = float64(rng.IntN(10)) // ties
			case 3:
				v[i] = rng.NormFloat64() * 1e300
			case 4:
				v[i] = -math.MaxFloat64 * rng.Float64()
			default:
				v[i] = rng.NormFloat64() * 1e-300
			}
		}
		want := slices.Clone(v)
		slices.Sort(want)
		sortFloats(v)
		for i := range v {
			if v[i] != want[i] { // −0 == +0
				t.Fatalf("n=%d: index %d: %v, want %v", n, i, v[i], want[i])
			}
		}
	}
}
