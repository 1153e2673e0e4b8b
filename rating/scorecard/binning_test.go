package scorecard

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"
)

// genNumeric draws n values of a variable whose event probability rises
// with x, with shares of special codes (-1) and NaN.
func genNumeric(n int, seed uint64) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	x = make([]float64, n)
	y = make([]float64, n)
	for i := range n {
		v := rng.NormFloat64()
		pd := 1 / (1 + math.Exp(-(-2 + 0.8*v)))
		switch u := rng.Float64(); {
		case u < 0.02:
			x[i] = -1
		case u < 0.04:
			x[i] = math.NaN()
		default:
			x[i] = math.Round(v*1000) / 100 // some ties
		}
		if rng.Float64() < pd {
			y[i] = 1
		}
	}
	return x, y
}

func TestBinNumericMethods(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	y := []float64{0, 0, 0, 1, 0, 0, 1, 1, 0, 1}
	tests := []struct {
		name string
		opts BinOptions
		cuts []float64
	}{
		{"cuts", BinOptions{Method: Cuts, Cuts: []float64{3.5, 7}}, []float64{3.5, 7}},
		// (10−1)/3 = 3: cuts 4 and 7.
		{"equal width", BinOptions{Method: EqualWidth, Bins: 3}, []float64{4, 7}},
		// ranks ⌊10/4⌋=2, 5, 7 of the sorted values (0-based): 3, 6, 8.
		{"quantile left", BinOptions{Method: Quantile, Bins: 4}, []float64{3, 6, 8}},
		// ranks ⌈10/4⌉−1=2, 4, 7 for (a, b]: 3, 5, 8.
		{"quantile right", BinOptions{Method: Quantile, Bins: 4, Closure: RightClosed}, []float64{3, 5, 8}},
		{"unique", BinOptions{Method: Unique}, []float64{2, 3, 4, 5, 6, 7, 8, 9, 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := BinNumeric("x", x, y, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.cuts, tab.Cuts); d != "" {
				t.Errorf("cuts (-want +got):\n%s", d)
			}
			var total float64
			for _, b := range tab.Bins {
				total += b.Count
			}
			if total != 10 {
				t.Errorf("counts sum to %v", total)
			}
		})
	}
}

func TestClosure(t *testing.T) {
	// A value equal to a cut goes up under [a, b) and down under (a, b].
	for _, c := range []struct {
		cl   Closure
		want int
	}{{LeftClosed, 1}, {RightClosed, 0}} {
		tab, err := NewTable(TableSpec{Closure: c.cl, Cuts: []float64{5}, Counts: counts([]float64{1, 1}, []float64{1, 1}, true)})
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := tab.BinOf(5); b != c.want {
			t.Errorf("%v: BinOf(5) = %d, want %d", c.cl, b, c.want)
		}
	}
}

func TestOptimalMonotonic(t *testing.T) {
	// Property: optimal bins satisfy every constraint and the trend.
	x, y := genNumeric(20000, 3)
	for _, tr := range []Trend{TrendAuto, TrendAscending, TrendDescending} {
		for _, mb := range []int{2, 4, 8} {
			opts := BinOptions{Trend: tr, MaxBins: mb, MinBinShare: 0.05, MinEvents: 20, NaNMissing: true, Specials: []float64{-1}}
			tab, err := BinNumeric("x", x, y, opts)
			if tr == TrendDescending {
				// The event rate rises with x: no descending partition into
				// two or more bins exists.
				if !errors.Is(err, ErrConstraint) {
					t.Errorf("descending trend on a rising variable: err = %v, want ErrConstraint", err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			reg := tab.Bins[:tab.Regular()]
			if len(reg) > mb {
				t.Errorf("%v/%d: %d bins", tr, mb, len(reg))
			}
			for i, b := range reg {
				if b.Count/tab.Count < 0.05 || b.Events < 20 || b.NonEvents < 1 {
					t.Errorf("%v/%d: bin %d violates constraints: %+v", tr, mb, i, b.BinCounts)
				}
				if i > 0 {
					up := b.EventRate > reg[i-1].EventRate
					if (tr == TrendDescending && up) || (tr != TrendDescending && !up) {
						t.Errorf("%v/%d: event rate not monotonic at bin %d", tr, mb, i)
					}
				}
			}
			if tab.Bins[tab.Regular()].Count == 0 || tab.Bins[tab.Regular()+1].Count == 0 {
				t.Errorf("special or missing bin empty")
			}
		}
	}
	// The optimum with a looser bin limit is never worse.
	a, _ := BinNumeric("x", x, y, BinOptions{MaxBins: 3, NaNMissing: true, Specials: []float64{-1}})
	b, _ := BinNumeric("x", x, y, BinOptions{MaxBins: 6, NaNMissing: true, Specials: []float64{-1}})
	if b.IV < a.IV {
		t.Errorf("IV with 6 bins %v < IV with 3 bins %v", b.IV, a.IV)
	}
}

func TestOptimalExhaustive(t *testing.T) {
	// The DP equals brute force over all partitions of a few pre-bins.
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 30 {
		P := 3 + rng.IntN(5)
		pre := make([]BinCounts, P)
		for i := range pre {
			pre[i] = BinCounts{NonEvents: float64(1 + rng.IntN(40)), Events: float64(1 + rng.IntN(15))}
		}
		cuts := make([]float64, P-1)
		for i := range cuts {
			cuts[i] = float64(i + 1)
		}
		o, _ := BinOptions{MaxBins: 1 + rng.IntN(P), Trend: TrendAscending}.resolved()
		all := append(slices.Clone(pre), BinCounts{}, BinCounts{})
		_, got, err := optimal(cuts, all, o, true)
		var G, B float64
		for _, c := range pre {
			G += c.NonEvents
			B += c.Events
		}
		best := 0.0
		for mask := 0; mask < 1<<(P-1); mask++ { // bit i: cut after pre-bin i
			var bins []BinCounts
			cur := BinCounts{}
			for i := range P {
				cur.Events += pre[i].Events
				cur.NonEvents += pre[i].NonEvents
				if i == P-1 || mask&(1<<i) != 0 {
					bins = append(bins, cur)
					cur = BinCounts{}
				}
			}
			if len(bins) < 2 || len(bins) > o.MaxBins {
				continue
			}
			ok, iv := true, 0.0
			for k, b := range bins {
				if k > 0 && !(b.Events/(b.Events+b.NonEvents) > bins[k-1].Events/(bins[k-1].Events+bins[k-1].NonEvents)) {
					ok = false
				}
				sg, sb := b.NonEvents/G, b.Events/B
				iv += (sg - sb) * math.Log(sg/sb)
			}
			if ok && iv > best {
				best = iv
			}
		}
		if err != nil {
			if best != 0 {
				t.Errorf("trial %d: ErrConstraint, brute force finds IV %v", trial, best)
			}
			continue
		}
		var gotIV float64
		for _, b := range got[:len(got)-2] {
			sg, sb := b.NonEvents/G, b.Events/B
			gotIV += (sg - sb) * math.Log(sg/sb)
		}
		if math.Abs(gotIV-best) > 1e-12 {
			t.Errorf("trial %d: DP IV %v, brute force %v", trial, gotIV, best)
		}
	}
}

func TestChiMerge(t *testing.T) {
	x, y := genNumeric(5000, 4)
	tab, err := BinNumeric("x", x, y, BinOptions{Method: ChiMerge, MaxBins: 6, NaNMissing: true, Specials: []float64{-1}})
	if err != nil {
		t.Fatal(err)
	}
	reg := tab.Bins[:tab.Regular()]
	if len(reg) > 6 || len(reg) < 2 {
		t.Fatalf("%d bins", len(reg))
	}
	// Every remaining adjacent pair differs at the 5% level (3.841 = χ²₁ 95%).
	for i := 1; i < len(reg); i++ {
		if c := chi2(reg[i-1].BinCounts, reg[i].BinCounts); c < 3.841 {
			t.Errorf("pair %d: chi2 %v below critical value", i, c)
		}
	}
}

func TestChi2Statistic(t *testing.T) {
	// RC5: optbinning monitoring tests_table, bin 0: events A = 216 of 236,
	// E = 518 of 565 -> statistic 0.005285 (no continuity correction).
	got := chi2(BinCounts{Events: 216, NonEvents: 20}, BinCounts{Events: 518, NonEvents: 47})
	if math.Abs(got-0.005285) > 5e-7 {
		t.Errorf("chi2 = %v, want 0.005285", got)
	}
}

func TestBinErrors(t *testing.T) {
	y := []float64{0, 1, 0, 1}
	tests := []struct {
		name string
		x    []float64
		y    []float64
		opts BinOptions
		want error
	}{
		{"length", []float64{1, 2, 3}, y, BinOptions{}, ErrInvalidInput},
		{"label", []float64{1, 2, 3, 4}, []float64{0, 1, 2, 0}, BinOptions{}, ErrInvalidInput},
		{"single class", []float64{1, 2, 3, 4}, []float64{1, 1, 1, 1}, BinOptions{}, ErrSingleClass},
		{"NaN not allowed", []float64{1, math.NaN(), 3, 4}, y, BinOptions{}, ErrInvalidInput},
		{"Inf", []float64{1, math.Inf(1), 3, 4}, y, BinOptions{NaNMissing: true}, ErrInvalidInput},
		{"single value", []float64{2, 2, 2, 2}, y, BinOptions{}, ErrSingleValue},
		{"bad option", []float64{1, 2, 3, 4}, y, BinOptions{MinBinShare: 0.9}, ErrOptions},
		{"cuts unsorted", []float64{1, 2, 3, 4}, y, BinOptions{Method: Cuts, Cuts: []float64{3, 2}}, ErrOptions},
		{"zero count error", []float64{1, 2, 3, 4}, []float64{0, 0, 1, 1}, BinOptions{Method: Cuts, Cuts: []float64{2.5}, ZeroPolicy: ZeroPolicy{Kind: ZeroError}}, ErrZeroCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := BinNumeric("v", tt.x, tt.y, tt.opts)
			if !errors.Is(err, tt.want) || tab != nil {
				t.Fatalf("got %v; want %v", err, tt.want)
			}
		})
	}
	var ie *InputError
	_, err := BinNumeric("v", []float64{1, 2, math.NaN()}, []float64{0, 1, 0}, BinOptions{})
	if !errors.As(err, &ie) || ie.Field != "v[2]" || ie.Value != "NaN" {
		t.Errorf("want *InputError at v[2], got %v", err)
	}
}

func TestBinCategorical(t *testing.T) {
	x := []string{"a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "", ""}
	y := []float64{0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0}
	tab, err := BinCategorical("cat", x, y, BinOptions{Method: Unique, RareShare: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	// Ordered by event rate: c (0), a (1/3), b (2/3); d is rare (1/12 < 0.1).
	want := [][]string{{"c"}, {"a"}, {"b"}, {"d"}}
	var got [][]string
	for _, b := range tab.Bins[:tab.Regular()] {
		got = append(got, b.Categories)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
	for _, c := range []struct {
		v    string
		want int
	}{{"a", 1}, {"zzz", 3}, {"", 5}} {
		if b, _ := tab.BinOfCategory(c.v); b != c.want {
			t.Errorf("BinOfCategory(%q) = %d, want %d", c.v, b, c.want)
		}
	}
	if tab, err := BinCategorical("cat", []string{"", ""}, []float64{0, 1}, BinOptions{Method: Unique}); err != nil || tab.Regular() != 0 || tab.Bins[1].Count != 2 {
		t.Errorf("all missing: %v", err)
	}
	if _, err := BinCategorical("cat", x, y, BinOptions{Method: Quantile}); !errors.Is(err, ErrOptions) {
		t.Errorf("quantile on categorical: %v", err)
	}
	// Optimal grouping keeps the event rate ascending and every category once.
	_, cols, gy := germanCSV(t)
	g, err := BinCategorical("purpose", cols[3], gy, BinOptions{MaxBins: 4, MinBinShare: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for i, b := range g.Bins[:g.Regular()] {
		seen += len(b.Categories)
		if i > 0 && !(b.EventRate > g.Bins[i-1].EventRate) {
			t.Errorf("purpose: event rate not ascending at bin %d", i)
		}
	}
	if seen != 10 {
		t.Errorf("purpose: %d categories grouped, want 10", seen)
	}
}

func TestBinCategoricalManyCategories(t *testing.T) {
	// 500 categories: pooled to MaxPreBins groups before the dynamic
	// program; every category ends in exactly one bin.
	rng := rand.New(rand.NewPCG(3, 3))
	n := 20000
	x := make([]string, n)
	y := make([]float64, n)
	for i := range n {
		c := rng.IntN(500)
		x[i] = "c" + strconv.Itoa(c)
		if rng.Float64() < float64(c)/1000 {
			y[i] = 1
		}
	}
	tab, err := BinCategorical("many", x, y, BinOptions{MaxBins: 6})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, b := range tab.Bins {
		for _, c := range b.Categories {
			if seen[c] {
				t.Fatalf("category %s in two bins", c)
			}
			seen[c] = true
		}
	}
	if len(seen) != 500 || tab.Regular() > 6 {
		t.Errorf("%d categories in %d bins", len(seen), tab.Regular())
	}
	for i := range x {
		b, _ := tab.BinOfCategory(x[i])
		if b >= tab.Regular() {
			t.Fatalf("%s not in a regular bin", x[i])
		}
	}
}

func TestPreGroup(t *testing.T) {
	c := counts([]float64{1, 1, 1, 1, 1, 1, 1, 1}, []float64{1, 1, 1, 1, 1, 1, 1, 1}, false)
	got := preGroup(c, 3)
	var total float64
	for _, g := range got {
		total += g.Events + g.NonEvents
	}
	if len(got) != 3 || total != 16 {
		t.Errorf("preGroup = %+v", got)
	}
}

func TestVarFilterRC4(t *testing.T) {
	// RC4 cross-check with R scorecard docs/reference/var_filter.html: IV <
	// 0.02 removes 6 variables, identical rate > 0.95 removes 1
	// (foreign_worker, 0.963), leaving 14 columns: 13 variables and the label.
	names, cols, y := germanCSV(t)
	opts := BinOptions{Method: Unique, WoESign: BadOverGood, ZeroPolicy: ZeroPolicy{Kind: ReplaceCount, Value: 0.99}}
	var tables []*Table
	var rates []float64
	for j, name := range names {
		var tab *Table
		var c Column
		var err error
		if germanNumeric[name] {
			x := make([]float64, len(cols[j]))
			for i, s := range cols[j] {
				x[i], _ = strconv.ParseFloat(s, 64)
			}
			c = Column{Num: x}
			tab, err = BinNumeric(name, x, y, opts)
		} else {
			c = Column{Cat: cols[j]}
			tab, err = BinCategorical(name, cols[j], y, opts)
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := IdenticalRate(c)
		if err != nil {
			t.Fatal(err)
		}
		tables, rates = append(tables, tab), append(rates, r)
	}
	keep, err := FilterIV(tables, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	if len(names)-len(keep) != 6 {
		t.Errorf("IV filter removed %d, want 6", len(names)-len(keep))
	}
	var left []string
	for _, j := range keep {
		if rates[j] <= 0.95 {
			left = append(left, names[j])
		} else if names[j] != "foreign_worker" || math.Abs(rates[j]-0.963) > 1e-12 {
			t.Errorf("identical-rate filter removed %s (%v)", names[j], rates[j])
		}
	}
	if len(left) != 13 {
		t.Errorf("%d variables left, want 13", len(left))
	}
}

func TestVIFAndCorrelation(t *testing.T) {
	// Two independent columns have VIF ≈ 1; a column that is a sum of the
	// other two plus small noise has a large VIF.
	rng := rand.New(rand.NewPCG(1, 1))
	n := 2000
	x := mat.NewDense(n, 3, nil)
	for i := range n {
		a, b := rng.NormFloat64(), rng.NormFloat64()
		x.Set(i, 0, a)
		x.Set(i, 1, b)
		x.Set(i, 2, a+b+0.1*rng.NormFloat64())
	}
	v, err := VIF(x.Slice(0, n, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range v {
		if math.Abs(f-1) > 0.01 {
			t.Errorf("independent VIF %v", f)
		}
	}
	v, err = VIF(x)
	if err != nil {
		t.Fatal(err)
	}
	if v[2] < 100 {
		t.Errorf("collinear VIF %v, want > 100", v[2])
	}
	keep, err := FilterCorrelation(x, []float64{0.1, 0.2, 0.3}, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	// Column 2 has the largest IV and corr ≈ 0.7 with each of the others.
	if d := cmp.Diff([]int{2}, keep); d != "" {
		t.Errorf("kept (-want +got):\n%s", d)
	}
	kv, err := FilterVIF(x, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Column 2 (a+b+noise) has the largest VIF (about 2/0.01 = 200).
	if d := cmp.Diff([]int{0, 1}, kv); d != "" {
		t.Errorf("FilterVIF kept (-want +got):\n%s", d)
	}
	if _, err := FilterVIF(x, 1); !errors.Is(err, ErrOptions) {
		t.Errorf("maxVIF 1: %v", err)
	}
	if _, err := VIF(mat.NewDense(4, 2, []float64{1, 1, 2, 1, 3, 1, 4, 1})); !errors.Is(err, ErrSingleValue) {
		t.Errorf("constant column: %v", err)
	}
}

func TestStepwise(t *testing.T) {
	// Two informative columns and two noise columns: forward and backward
	// searches keep exactly the informative ones.
	rng := rand.New(rand.NewPCG(5, 5))
	n := 3000
	x := mat.NewDense(n, 4, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range 4 {
			x.Set(i, j, rng.NormFloat64())
		}
		eta := -1 + 1.0*x.At(i, 1) - 0.7*x.At(i, 3)
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	for _, dir := range []StepwiseDirection{Forward, Backward, Both} {
		sel, steps, err := Stepwise(x, y, StepwiseOptions{Direction: dir})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff([]int{1, 3}, sel); d != "" {
			t.Errorf("direction %d: selected (-want +got):\n%s", dir, d)
		}
		for k := 1; k < len(steps); k++ {
			if !(steps[k].AIC < steps[k-1].AIC) {
				t.Errorf("AIC not decreasing: %+v", steps)
			}
		}
	}
}

func TestBinRC3FromData(t *testing.T) {
	// RC3 end to end: R scorecard woebin on germancredit.csv with breaks
	// [-Inf,1400) [1400,1800) [1800,4000) [4000,9200) [9200,Inf) gives
	// goods 185, 87, 287, 120, 21 and bads 82, 18, 95, 76, 29, total IV
	// 0.1812204 (docs/reference/woebin.html).
	names, cols, y := germanCSV(t)
	var amount []float64
	var housing []string
	for j, n := range names {
		switch n {
		case "credit_amount":
			for _, s := range cols[j] {
				v, _ := strconv.ParseFloat(s, 64)
				amount = append(amount, v)
			}
		case "housing":
			housing = cols[j]
		}
	}
	tab, err := BinNumeric("credit.amount", amount, y, BinOptions{Method: Cuts, Cuts: []float64{1400, 1800, 4000, 9200}, WoESign: BadOverGood})
	if err != nil {
		t.Fatal(err)
	}
	want := counts([]float64{185, 87, 287, 120, 21}, []float64{82, 18, 95, 76, 29}, true)
	if d := cmp.Diff(want, tab.Spec().Counts); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
	if math.Abs(tab.IV-0.1812204) > 5e-8 {
		t.Errorf("IV = %.8f, want 0.1812204", tab.IV)
	}
	// housing: rent 109/70, own 527/186, for free 64/44 (goods/bads).
	h, err := BinCategorical("housing", housing, y, BinOptions{Method: Unique, WoESign: BadOverGood})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]BinCounts{}
	for _, b := range h.Bins[:h.Regular()] {
		got[b.Categories[0]] = b.BinCounts
	}
	wantH := map[string]BinCounts{"rent": {109, 70}, "own": {527, 186}, "for free": {64, 44}}
	if d := cmp.Diff(wantH, got); d != "" {
		t.Errorf("housing counts (-want +got):\n%s", d)
	}
	if math.Abs(h.IV-0.08329343) > 5e-9 {
		t.Errorf("housing IV = %.8f, want 0.08329343", h.IV)
	}
}
