package scorecard

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// duplicate returns the rows of data and y repeated w[i] times each
// (w integer), in row order.
func duplicate(data []Column, y, w []float64) ([]Column, []float64) {
	out := make([]Column, len(data))
	var yy []float64
	for i := range y {
		for range int(w[i]) {
			yy = append(yy, y[i])
			for j, c := range data {
				if c.Cat != nil {
					out[j].Cat = append(out[j].Cat, c.Cat[i])
				} else {
					out[j].Num = append(out[j].Num, c.Num[i])
				}
			}
		}
	}
	for j, c := range data {
		if c.Cat != nil && out[j].Cat == nil {
			out[j].Cat = []string{}
		}
	}
	return out, yy
}

func sameTable(t *testing.T, name string, a, b *Table) {
	t.Helper()
	if !slices.Equal(a.Cuts, b.Cuts) {
		t.Errorf("%s: cuts %v, duplicated %v", name, a.Cuts, b.Cuts)
		return
	}
	if len(a.Bins) != len(b.Bins) {
		t.Errorf("%s: %d bins, duplicated %d", name, len(a.Bins), len(b.Bins))
		return
	}
	for i := range a.Bins {
		if a.Bins[i].BinCounts != b.Bins[i].BinCounts || !slices.Equal(a.Bins[i].Categories, b.Bins[i].Categories) {
			t.Errorf("%s bin %d: %+v, duplicated %+v", name, i, a.Bins[i].BinCounts, b.Bins[i].BinCounts)
		}
	}
	if a.IV != b.IV {
		t.Errorf("%s: IV %v, duplicated %v", name, a.IV, b.IV)
	}
}

// TestWeightsEqualDuplicates: integer frequency weights give exactly the
// tables (cuts, counts, IV) of the data with every row repeated as often
// as its weight, for every binning method, numeric and categorical, on
// the German credit data (weights 0–3); and the weighted logistic fit
// gives the coefficients, standard errors, log-likelihood, AIC, BIC and
// points of the duplicated fit (to 1e-9 relative: the IRLS sums are
// added in a different order).
func TestWeightsEqualDuplicates(t *testing.T) {
	names, data, y := germanColumns(t)
	r := rand.New(rand.NewPCG(5, 6))
	w := make([]float64, len(y))
	for i := range w {
		w[i] = float64(r.IntN(4))
	}
	w[0], w[1] = 1, 1
	dd, dy := duplicate(data, y, w)
	for _, m := range []BinOptions{
		{}, {Method: Quantile, Bins: 7}, {Method: Quantile, Bins: 5, Closure: RightClosed},
		{Method: ChiMerge}, {Method: EqualWidth, Bins: 6}, {Method: Unique},
		{PreBins: 40, MinBinShare: 0.05, Trend: TrendPeak}, {Closure: RightClosed, MaxBins: 4},
		{Method: Optimal, RareShare: 0.05},
	} {
		for j, c := range data {
			o := m
			if c.Cat != nil && o.Method != Optimal && o.Method != Unique {
				continue
			}
			o.Weights = w
			var a, b *Table
			var ea, eb error
			if c.Cat != nil {
				a, ea = BinCategorical(names[j], c.Cat, y, o)
				o.Weights = nil
				b, eb = BinCategorical(names[j], dd[j].Cat, dy, o)
			} else {
				a, ea = BinNumeric(names[j], c.Num, y, o)
				o.Weights = nil
				b, eb = BinNumeric(names[j], dd[j].Num, dy, o)
			}
			if (ea == nil) != (eb == nil) {
				t.Fatalf("%s %v: err %v, duplicated %v", names[j], m, ea, eb)
			}
			if ea == nil {
				sameTable(t, names[j]+" "+m.String(), a, b)
			}
		}
	}

	// BinAll and Fit.
	ra, err := BinAll(data, y, BinAllOptions{Names: names, MinIV: 0.1, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := BinAll(dd, dy, BinAllOptions{Names: names, MinIV: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ra.Selected, rb.Selected) {
		t.Fatalf("selected %v, duplicated %v", ra.Selected, rb.Selected)
	}
	sa, err := Fit(ra.Tables(), ra.Columns(data), y, ModelOptions{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Fit(rb.Tables(), rb.Columns(dd), dy, ModelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rel := func(name string, a, b float64) {
		t.Helper()
		if math.Abs(a-b) > 1e-9*math.Max(1, math.Abs(b)) {
			t.Errorf("%s: weighted %v, duplicated %v", name, a, b)
		}
	}
	rel("intercept", sa.Intercept.Coef, sb.Intercept.Coef)
	for j := range sa.Variables {
		rel("coef", sa.Variables[j].Coef.Coef, sb.Variables[j].Coef.Coef)
		rel("se", sa.Variables[j].SE, sb.Variables[j].SE)
		for b := range sa.Variables[j].Points {
			rel("points", sa.Variables[j].Points[b], sb.Variables[j].Points[b])
		}
	}
	rel("logLik", sa.Fit.LogLik, sb.Fit.LogLik)
	rel("AIC", sa.Fit.AIC, sb.Fit.AIC)
	rel("BIC", sa.Fit.BIC, sb.Fit.BIC)
}

func TestWeightsErrors(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	y := []float64{0, 1, 0, 1}
	for _, w := range [][]float64{{1, 1, 1}, {1, -1, 1, 1}, {1, math.NaN(), 1, 1}, {1, math.Inf(1), 1, 1}, {1, 0, 1, 0}} {
		if _, err := BinNumeric("x", x, y, BinOptions{Method: Unique, Weights: w}); err == nil {
			t.Errorf("weights %v: no error", w)
		}
	}
}

// TestWeightsEqualDuplicatesRandom repeats the duplicate check on random
// data with many ties, special codes and missing values, integer weights
// 0–5, for the methods whose cuts depend on ranks.
func TestWeightsEqualDuplicatesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for trial := range 60 {
		n := 50 + r.IntN(400)
		x := make([]float64, n)
		y := make([]float64, n)
		w := make([]float64, n)
		for i := range n {
			x[i] = float64(r.IntN(3 + trial))
			switch r.IntN(20) {
			case 0:
				x[i] = -9
			case 1:
				x[i] = math.NaN()
			}
			if r.Float64() < 0.2+0.02*x[i] {
				y[i] = 1
			}
			w[i] = float64(r.IntN(6))
		}
		y[0], y[1], w[0], w[1] = 0, 1, 1, 1
		dd, dy := duplicate([]Column{{Num: x}}, y, w)
		for _, o := range []BinOptions{
			{Method: Quantile, Bins: 1 + r.IntN(12)}, {Method: Quantile, Bins: 7, Closure: RightClosed},
			{PreBins: 2 + r.IntN(30), MinEvents: 0.5, MinNonEvents: 0.5}, {Method: ChiMerge, PreBins: 8, Closure: RightClosed},
		} {
			o.Specials, o.NaNMissing = []float64{-9}, true
			ow := o
			ow.Weights = w
			a, ea := BinNumeric("x", x, y, ow)
			b, eb := BinNumeric("x", dd[0].Num, dy, o)
			if (ea == nil) != (eb == nil) {
				t.Fatalf("trial %d %v: err %v, duplicated %v", trial, o, ea, eb)
			}
			if ea == nil {
				sameTable(t, o.String(), a, b)
			}
		}
	}
}
