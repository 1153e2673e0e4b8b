package scorecard

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/internal/radix"
)

// binNumericOld is BinNumeric as it was before quantile cuts were selected
// by partition and rows counted without a binary search per row (commit
// 1991286): a radix sort of the regular values, cuts read from the sorted
// copy, Table.binOf for every row. TestBinNumericSameAsSorted holds the
// new code to it bit for bit.
func binNumericOld(name string, x, y []float64, opts BinOptions) (*Table, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	w := o.Weights
	if _, err := checkLabelsW(y, w, len(x)); err != nil {
		return nil, err
	}
	// Split rows into regular, special and missing.
	var spec, miss BinCounts
	vals := make([]float64, 0, len(x))
	var wts []float64 // weights of vals, when weighted
	for i, v := range x {
		switch {
		case v != v:
			if !o.NaNMissing {
				return nil, inputErr(idx(name, i), "NaN", "NaN is not a value (set NaNMissing to treat it as missing)", ErrInvalidInput)
			}
			addCount(&miss, y[i], weight(w, i))
			continue
		case math.IsInf(v, 0):
			return nil, inputErr(idx(name, i), ftoa(v), "must be finite", ErrInvalidInput)
		case isSpecial(v, o.Specials):
			addCount(&spec, y[i], weight(w, i))
			continue
		}
		if w != nil {
			if w[i] == 0 {
				continue
			}
			wts = append(wts, w[i])
		}
		vals = append(vals, v)
	}
	s := TableSpec{Name: name, Kind: Numeric, Closure: o.Closure, WoESign: o.WoESign, ZeroPolicy: o.ZeroPolicy, NaNMissing: o.NaNMissing,
		Specials: slices.Clone(o.Specials)}
	if len(vals) == 0 {
		// Only special and missing values: one empty regular bin beside them.
		s.Counts = []BinCounts{{}, spec, miss}
		return NewTable(s)
	}
	var cuts []float64
	if o.Method == Cuts {
		cuts = slices.Clone(o.Cuts)
	} else {
		lo, hi := slices.Min(vals), slices.Max(vals)
		if lo == hi {
			return nil, inputErr(name, ftoa(lo), "one distinct regular value", ErrSingleValue)
		}
		var runs *weightedRuns
		switch {
		case o.Method == EqualWidth: // needs only the range
		case w != nil:
			runs = newWeightedRuns(vals, wts)
		default:
			radix.SortFloats(vals)
		}
		switch o.Method {
		case EqualWidth:
			w := hi/float64(o.Bins) - lo/float64(o.Bins) // no overflow for |x| near MaxFloat64
			for j := 1; j < o.Bins; j++ {
				c := lo + float64(j)*w
				if len(cuts) == 0 || c > cuts[len(cuts)-1] {
					cuts = append(cuts, c)
				}
			}
		case Quantile:
			if runs != nil {
				cuts = runs.quantileCuts(o.Bins, o.Closure)
			} else {
				cuts = quantileCuts(vals, o.Bins, o.Closure)
			}
		case Unique:
			if runs != nil {
				cuts = uniqueCuts(runs.u, o.Closure)
			} else {
				cuts = uniqueCuts(vals, o.Closure)
			}
		case ChiMerge, Optimal:
			if runs != nil {
				cuts = runs.preBinCuts(o.PreBins, o.Closure)
			} else {
				cuts = preBinCuts(vals, o.PreBins, o.Closure)
			}
		}
	}
	s.Cuts = cuts
	counts, err := countNumericOld(s, x, y, w, spec, miss)
	if err != nil {
		return nil, err
	}
	switch o.Method {
	case ChiMerge:
		s.Cuts, counts = chiMerge(s.Cuts, counts, o)
	case Optimal:
		s.Cuts, counts, err = optimal(s.Cuts, counts, o, true)
		if err != nil {
			return nil, inputErr(name, "", err.Error(), ErrConstraint)
		}
	}
	s.Counts = counts
	return NewTable(s)
}

// countNumeric counts rows per regular bin of s (whose Cuts are set) and
// appends the special and missing counts.
func countNumericOld(s TableSpec, x, y, w []float64, spec, miss BinCounts) ([]BinCounts, error) {
	t := Table{Kind: Numeric, Closure: s.Closure, Cuts: s.Cuts, NaNMissing: s.NaNMissing}
	nReg := len(s.Cuts) + 1
	counts := make([]BinCounts, nReg+2)
	t.special, t.missing = nReg, nReg+1
	for i, v := range x {
		if v != v || isSpecial(v, s.Specials) {
			continue
		}
		b, err := t.binOf(v)
		if err != nil {
			return nil, err
		}
		addCount(&counts[b], y[i], weight(w, i))
	}
	counts[nReg], counts[nReg+1] = spec, miss
	return counts, nil
}

// sameBits compares float64 values bit for bit (−0 ≠ +0, NaN = NaN).
var sameBits = cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })

// randomColumn draws a numeric column for TestBinNumericSameAsSorted: one
// of several shapes (continuous with ties, few distinct values, signed
// zeros, extreme magnitudes, sorted or reversed), with NaN and special
// codes mixed in.
func randomColumn(r *rand.Rand, n int) (x, y []float64, sp []float64, desc string) {
	x = make([]float64, n)
	y = make([]float64, n)
	shape := r.IntN(7)
	scale := math.Pow(10, float64(r.IntN(9)-4))
	dec := math.Pow(10, float64(r.IntN(5)))
	k := 2 + r.IntN(6)
	pOne := []float64{0.5, 0.1, 0.03, 0.003}[r.IntN(4)]
	extremes := []float64{math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		0, math.Copysign(0, -1), 1, -1, 1e300, -1e-300, 2.2250738585072014e-308}
	for i := range x {
		z := r.NormFloat64()
		switch shape {
		case 0, 1: // continuous, rounded: ties
			x[i] = math.Round(z*scale*dec) / dec
		case 2: // few distinct values
			x[i] = float64(r.IntN(k))
		case 3: // a rare flag
			if r.Float64() < pOne {
				x[i] = 1
			}
		case 4: // signed zeros among small integers
			switch r.IntN(4) {
			case 0:
				x[i] = math.Copysign(0, -1)
			case 1:
				x[i] = 0
			default:
				x[i] = float64(r.IntN(7) - 3)
			}
		case 5: // extreme magnitudes
			if r.IntN(2) == 0 {
				x[i] = extremes[r.IntN(len(extremes))]
			} else {
				x[i] = z * math.Pow(10, float64(r.IntN(600)-300))
			}
		case 6: // a continuous value with signed zeros
			x[i] = math.Round(z*3) / 3
			if x[i] == 0 && r.IntN(2) == 0 {
				x[i] = math.Copysign(0, -1)
			}
		}
		pd := 1 / (1 + math.Exp(-(-1.5 + 0.7*z)))
		if r.Float64() < pd {
			y[i] = 1
		}
	}
	if r.IntN(12) == 0 { // a bad or odd label
		y[r.IntN(n)] = []float64{2, 0.5, math.NaN(), -1, math.Inf(1), math.Copysign(0, -1), 5e-324, 1 + 0x1p-52}[r.IntN(8)]
	}
	switch r.IntN(3) {
	case 1:
		slices.Sort(x)
	case 2:
		slices.Sort(x)
		slices.Reverse(x)
	}
	if r.IntN(2) == 0 { // missing values
		for range n / 20 {
			x[r.IntN(n)] = math.NaN()
		}
	}
	switch r.IntN(4) {
	case 1:
		sp = []float64{-1}
	case 2:
		sp = []float64{0}
	case 3:
		sp = []float64{x[r.IntN(n)], 999}
		if sp[0] != sp[0] {
			sp[0] = 1
		}
	}
	return x, y, sp, fmt.Sprintf("shape %d, specials %v", shape, sp)
}

// TestBinNumericSameAsSorted checks that BinNumeric, which selects its
// quantile cuts by partition and counts rows without a search per row,
// gives the tables (cuts, counts, every statistic, bit for bit) and the
// errors of the former code (binNumericOld) on random columns: ties, few
// distinct values, signed zeros, extreme and subnormal magnitudes, sorted
// and reversed input, NaN, special codes, weights, every method.
func TestBinNumericSameAsSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 3))
	trials := 600
	if testing.Short() {
		trials = 150
	}
	sizes := []int{7, 100, 4095, 4096, 4097, 6000, 20_000}
	selected := 0
	for trial := range trials {
		n := sizes[r.IntN(len(sizes))]
		x, y, sp, desc := randomColumn(r, n)
		if trial < 8 {
			// Signed zeros at the cut ranks: −1, −0, +0 and 1 in blocks of
			// 2000, 1000, 1000, 1000 rows, shuffled; the cuts at ranks 2500
			// (LeftClosed) and 2499 (RightClosed) are −0.
			n, desc = 5000, "signed zeros at the cuts"
			x, y, sp = make([]float64, n), make([]float64, n), nil
			for i := range x {
				x[i] = []float64{-1, -1, math.Copysign(0, -1), 0, 1}[i/1000]
				y[i] = float64(i % 3 / 2)
			}
			r.Shuffle(n, func(i, j int) { x[i], x[j] = x[j], x[i] })
		}
		o := BinOptions{
			Method:     Quantile,
			Bins:       []int{0, 2, 3, 4, 7, 10, 16, 17, 20, 50, 128, 129, 1000}[r.IntN(13)],
			Closure:    Closure(r.IntN(2)),
			NaNMissing: r.IntN(8) != 0,
			Specials:   sp,
		}
		if trial < 8 {
			o.Method, o.Bins = Quantile, 10
		}
		if trial >= 8 && r.IntN(4) == 0 {
			o.Method = []BinMethod{Cuts, EqualWidth, Unique, ChiMerge, Optimal}[r.IntN(5)]
			o.Cuts = []float64{-1, 0, 0.5, 3}
			o.Bins = min(o.Bins, 40)
		}
		if trial >= 8 && r.IntN(6) == 0 {
			o.Weights = make([]float64, n)
			for i := range o.Weights {
				o.Weights[i] = float64(r.IntN(4)) * []float64{1, 0.1, 2.5}[i%3]
			}
		}
		if o.Method == Quantile && o.Weights == nil && n >= minSelect {
			selected++
		}
		name := fmt.Sprintf("trial %d (n %d, %s, %v bins %d %v, weighted %t)", trial, n, desc, o.Method, o.Bins, o.Closure, o.Weights != nil)
		want, werr := binNumericOld("x", x, y, o)
		got, err := BinNumeric("x", x, y, o)
		if werr != nil || err != nil {
			if werr == nil || err == nil || werr.Error() != err.Error() {
				t.Errorf("%s: error %v, before %v", name, err, werr)
			}
			continue
		}
		if d := cmp.Diff(want, got, sameBits, cmp.AllowUnexported(Table{})); d != "" {
			t.Errorf("%s: table differs from before (-before +now):\n%s", name, d)
		}
	}
	if selected < trials/4 {
		t.Errorf("only %d of %d trials took the selection path", selected, trials)
	}
}

// TestSelectRanks checks the multi-rank quickselect against a sort on
// inputs that defeat a naive pivot (sorted, reversed, all equal, organ
// pipe, many ties) and random ones.
func TestSelectRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 10_000
	inputs := map[string]func(i int) float64{
		"sorted":     func(i int) float64 { return float64(i) },
		"reversed":   func(i int) float64 { return float64(-i) },
		"equal":      func(int) float64 { return 3 },
		"organ pipe": func(i int) float64 { return float64(min(i, n-i)) },
		"two values": func(i int) float64 { return float64(i % 2) },
		"zeros":      func(i int) float64 { return math.Copysign(0, float64(i%3-1)) },
		"random":     func(int) float64 { return math.Round(r.NormFloat64() * 100) },
	}
	for name, f := range inputs {
		v := make([]float64, n)
		for i := range v {
			v[i] = f(i)
		}
		sorted := slices.Clone(v)
		radix.SortFloats(sorted)
		ranks := []int{0, 1, 17, n / 3, n / 2, n/2 + 1, n - 2, n - 1}
		selectRanks(v, ranks)
		for _, rk := range ranks {
			if math.Float64bits(v[rk]) != math.Float64bits(sorted[rk]) {
				t.Errorf("%s: rank %d = %v, sorted %v", name, rk, v[rk], sorted[rk])
			}
			for i, x := range v {
				if i < rk && less(v[rk], x) == 1 || i > rk && less(x, v[rk]) == 1 {
					t.Fatalf("%s: v[%d] = %v on the wrong side of rank %d (%v)", name, i, x, rk, v[rk])
				}
			}
		}
	}
}
