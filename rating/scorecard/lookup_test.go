package scorecard

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// checkLookup compares the fast WoE lookup of TransformTo with the table's
// own Transform (the binary search of binOf) on every value of x.
func checkLookup(t testing.TB, s TableSpec, x []float64) {
	tab, err := NewTable(s)
	if err != nil {
		return // not a valid table: nothing to compare
	}
	want, werr := tab.Transform(nil, x)
	w := newWoELookup(tab)
	got := make([]float64, len(x))
	ok := w.apply(x, got, 0, 1)
	if ok != (werr == nil) {
		t.Fatalf("cuts %v specials %v closure %v: apply ok %v, Transform err %v", s.Cuts, s.Specials, s.Closure, ok, werr)
	}
	if !ok {
		return
	}
	for i := range x {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			b, _ := tab.BinOf(x[i])
			t.Fatalf("cuts %v specials %v closure %v: x = %v (bin %d): lookup %v, Transform %v", s.Cuts, s.Specials, s.Closure, x[i], b, got[i], want[i])
		}
	}
}

// lookupSpec builds a table spec from cuts and specials with distinct WoE
// per bin (counts 1…k events against k…1 non-events).
func lookupSpec(cuts, specials []float64, cl Closure) TableSpec {
	k := len(cuts) + 1
	counts := make([]BinCounts, k+2)
	for i := range k {
		counts[i] = BinCounts{NonEvents: float64(k - i), Events: float64(i + 1)}
	}
	counts[k] = BinCounts{NonEvents: 1, Events: 3}
	counts[k+1] = BinCounts{NonEvents: 3, Events: 1}
	return TableSpec{Name: "x", Cuts: cuts, Specials: specials, Closure: cl, NaNMissing: true, Counts: counts}
}

// TestLookupExact: on random tables (1 to 40 cuts, clustered, spread over
// many decades or a tiny range, special codes inside and outside the
// cuts, both closures) the grid lookup gives bit for bit the WoE of the
// table's binary search, for values at, just below and just above every
// cut and special code, at the extremes of float64 and at random.
func TestLookupExact(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for trial := range 2000 {
		k := 1 + r.IntN(40)
		var cuts []float64
		scale := math.Pow(10, float64(r.IntN(40)-20))
		for range k {
			var c float64
			switch trial % 4 {
			case 0:
				c = r.NormFloat64() * scale
			case 1:
				c = math.Round(r.NormFloat64()*10) * scale // ties in the data around cuts
			case 2:
				c = (1 + r.Float64()*1e-12) * scale // a tiny range
			default:
				c = math.Copysign(math.Pow(10, r.Float64()*600-300), r.NormFloat64()) // many decades
			}
			cuts = append(cuts, c)
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		var specials []float64
		for range r.IntN(3) {
			if r.IntN(2) == 0 {
				specials = append(specials, cuts[r.IntN(len(cuts))])
			} else {
				specials = append(specials, r.NormFloat64()*scale*100)
			}
		}
		x := []float64{0, math.Copysign(0, -1), math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), 5e-324, -5e-324}
		for _, c := range append(slices.Clone(cuts), specials...) {
			x = append(x, c, math.Nextafter(c, math.Inf(-1)), math.Nextafter(c, math.Inf(1)), c*(1+1e-9), c*(1-1e-9))
		}
		for range 200 {
			x = append(x, r.NormFloat64()*scale*float64(1+r.IntN(3)))
		}
		for _, cl := range []Closure{LeftClosed, RightClosed} {
			checkLookup(t, lookupSpec(cuts, specials, cl), x)
		}
	}
}

// TestTransformToMatchesTransform: TransformTo writes, row by row, the
// WoE of Table.Transform for each selected numeric and categorical column.
func TestTransformToMatchesTransform(t *testing.T) {
	names, data, y := germanColumns(t)
	r, err := BinAll(data, y, BinAllOptions{Names: names, Default: BinOptions{MinBinShare: 0.03, MaxBins: 8}})
	if err != nil {
		t.Fatal(err)
	}
	var dst mat.Dense
	if err := r.TransformTo(&dst, data); err != nil {
		t.Fatal(err)
	}
	for k, j := range r.Selected {
		want, err := r.Variables[j].Result.TransformColumn(nil, data[j])
		if err != nil {
			t.Fatal(err)
		}
		if got := mat.Col(nil, k, &dst); !slices.Equal(got, want) {
			t.Errorf("%s: TransformTo differs from TransformColumn", names[j])
		}
	}
}

// FuzzWoELookup compares the grid lookup with the table's binary search
// for fuzzed cut points, a special code and values (unclamped: any
// float64 bits).
func FuzzWoELookup(f *testing.F) {
	f.Add(0.5, 1.5, 2.5, -1.0, 1.5, 0.7, 3.0, false)
	f.Add(-1e300, 1e-300, 1e300, 1e-300, 0.0, math.Copysign(0, -1), 5e-324, true)
	f.Fuzz(func(t *testing.T, c1, c2, c3, sp, v1, v2, v3 float64, right bool) {
		cuts := []float64{c1, c2, c3}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		cl := LeftClosed
		if right {
			cl = RightClosed
		}
		x := []float64{v1, v2, v3, math.Nextafter(v1, math.Inf(1)), math.Nextafter(v2, math.Inf(-1))}
		for _, c := range cuts {
			x = append(x, c, math.Nextafter(c, math.Inf(-1)), math.Nextafter(c, math.Inf(1)))
		}
		for _, specials := range [][]float64{nil, {sp}} {
			checkLookup(t, lookupSpec(cuts, specials, cl), x)
			// Two cuts as well (the smallest grid case).
			if len(cuts) >= 2 {
				checkLookup(t, lookupSpec(cuts[:2], specials, cl), x)
			}
		}
	})
}
