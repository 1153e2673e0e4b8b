package scorecard

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The fuzz harnesses do not clamp: option fields take any int or float64
// (MaxInt, NaN, ±Inf, subnormals), enum fields any uint8, and data any
// float64 bit pattern. Each checks the package's promise: a typed error
// naming its place, or a finite, documented result.

// decodeXY turns fuzz bytes into a numeric column and labels: 9 bytes per
// row (8 for the float, 1 for the label's low bit).
func decodeXY(data []byte) (x, y []float64) {
	for len(data) >= 9 {
		x = append(x, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		y = append(y, float64(data[8]&1))
		data = data[9:]
	}
	return x, y
}

func encodeXY(x, y []float64) []byte {
	var b []byte
	for i := range x {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x[i]))
		b = append(b, byte(y[i]))
	}
	return b
}

// decodeMatrix turns fuzz bytes into an n×p matrix (p = 1 + cols%6) and
// n labels: p·8+1 bytes per row.
func decodeMatrix(data []byte, cols uint8) (*mat.Dense, []float64) {
	p := 1 + int(cols%6)
	var vals, y []float64
	for len(data) >= p*8+1 {
		for j := range p {
			vals = append(vals, math.Float64frombits(binary.LittleEndian.Uint64(data[j*8:])))
		}
		y = append(y, float64(data[p*8]&1))
		data = data[p*8+1:]
	}
	if len(y) == 0 {
		return nil, nil
	}
	return mat.NewDense(len(y), p, vals), y
}

// checkErr fails unless err is one of this package's typed errors with a
// sentinel, each line carrying the "scorecard:" prefix exactly once.
func checkErr(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	var se *SpecError
	if !errors.As(err, &ie) && !errors.As(err, &se) && !errors.Is(err, ErrModel) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	known := false
	for _, s := range []error{ErrInvalidInput, ErrInvalidSpec, ErrOptions, ErrLimit, ErrSingleClass, ErrSingleValue, ErrZeroCount, ErrConstraint, ErrModel} {
		known = known || errors.Is(err, s)
	}
	if !known {
		t.Fatalf("error without a sentinel: %v", err)
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !strings.HasPrefix(line, "scorecard: ") || strings.Contains(line, "scorecard: scorecard:") {
			t.Fatalf("bad error line %q", line)
		}
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func finiteTable(t *testing.T, tab *Table) {
	t.Helper()
	if !finite(tab.IV, tab.JS, tab.KS, tab.HHI, tab.Gini, tab.Count) {
		t.Fatalf("non-finite table statistic in %+v", tab)
	}
	for i, b := range tab.Bins {
		if !finite(b.WoE, b.IV, b.JS, b.EventRate, b.Share) {
			t.Fatalf("bin %d: non-finite statistic %+v", i, b)
		}
	}
}

func FuzzBinNumeric(f *testing.F) {
	f.Add(encodeXY([]float64{1, 2, 3, 4, 5, 6}, []float64{0, 0, 1, 0, 1, 1}), uint8(0), int64(4), int64(0), int64(0), 0.0, 0.0, uint8(0), uint8(0), 0.0, true, -9.0, 0.0)
	f.Add(encodeXY([]float64{1, math.NaN(), -9, 4, 1e308, -1e308}, []float64{0, 1, 1, 0, 1, 0}), uint8(4), int64(2), int64(100), int64(3), 1.0, 0.05, uint8(1), uint8(2), 0.5, true, -9.0, 1.0)
	f.Add(encodeXY([]float64{0, 0, 0, 1e-300, 5e-324}, []float64{1, 0, 1, 0, 1}), uint8(5), int64(math.MaxInt64), int64(-1), int64(math.MaxInt64), math.Inf(1), math.NaN(), uint8(9), uint8(4), 1e-4, false, math.NaN(), math.MaxFloat64)
	f.Add(encodeXY([]float64{0, 0, 0, 0, 1, 1}, []float64{0, 0, 0, 1, 1, 1}), uint8(2), int64(1000), int64(20), int64(1000), 1e300, 0.5, uint8(3), uint8(3), 1e308, true, 0.0, -1.0)
	f.Fuzz(func(t *testing.T, data []byte, method uint8, bins, preBins, maxBins int64, minEvents, minShare float64,
		closure, zero uint8, zeroValue float64, nanMissing bool, special, cut float64) {
		x, y := decodeXY(data)
		opts := BinOptions{
			Method: BinMethod(method), Bins: int(bins), PreBins: int(preBins), MaxBins: int(maxBins),
			MinEvents: minEvents, MinBinShare: minShare, Closure: Closure(closure), WoESign: WoESign(method >> 4),
			ZeroPolicy: ZeroPolicy{Kind: ZeroKind(zero), Value: zeroValue}, NaNMissing: nanMissing,
			Specials: []float64{special}, Cuts: []float64{cut}, Trend: Trend(closure >> 2),
		}
		tab, err := BinNumeric("x", x, y, opts)
		if err != nil {
			if tab != nil {
				t.Fatal("table with error")
			}
			checkErr(t, err)
			return
		}
		finiteTable(t, tab)
		var n float64
		for _, b := range tab.Bins {
			n += b.Count
		}
		if int(n) != len(x) {
			t.Fatalf("counts %v, rows %d", n, len(x))
		}
		if tab.Regular() > MaxBinCount {
			t.Fatalf("%d bins", tab.Regular())
		}
		w, err := tab.Transform(nil, x)
		if err != nil {
			t.Fatalf("transform of training data: %v", err)
		}
		if !finite(w...) {
			t.Fatal("non-finite WoE")
		}
		back, err := NewTable(tab.Spec())
		if err != nil || back.IV != tab.IV {
			t.Fatalf("spec round trip: %v", err)
		}
	})
}

func FuzzBinCategorical(f *testing.F) {
	f.Add([]byte("a0b1a1c0c0\x001"), uint8(0), int64(0), 0.0, 0.0, 0.0)
	f.Add([]byte("a0a0b1b1"), uint8(5), int64(math.MaxInt64), math.NaN(), 0.3, 1e308)
	f.Add([]byte("x1y0z1x0y1z0w0w1"), uint8(0), int64(2), 0.2, 0.1, 2.0)
	f.Fuzz(func(t *testing.T, data []byte, method uint8, maxBins int64, rare, minShare, minEvents float64) {
		var x []string
		var y []float64
		for len(data) >= 2 {
			c := string(data[:1])
			if data[0] == 0 {
				c = ""
			}
			x, y = append(x, c), append(y, float64(data[1]&1))
			data = data[2:]
		}
		opts := BinOptions{Method: BinMethod(method), MaxBins: int(maxBins), RareShare: rare, MinBinShare: minShare, MinEvents: minEvents}
		tab, err := BinCategorical("c", x, y, opts)
		if err != nil {
			if tab != nil {
				t.Fatal("table with error")
			}
			checkErr(t, err)
			return
		}
		finiteTable(t, tab)
		var n float64
		for _, b := range tab.Bins {
			n += b.Count
		}
		if int(n) != len(x) {
			t.Fatalf("counts %v, rows %d", n, len(x))
		}
		if _, err := tab.TransformCategories(nil, x); err != nil {
			t.Fatal(err)
		}
		if _, err := NewTable(tab.Spec()); err != nil {
			t.Fatalf("spec round trip: %v", err)
		}
	})
}

func FuzzTransform(f *testing.F) {
	f.Add(1.5, "a")
	f.Add(math.NaN(), "")
	f.Add(math.Inf(-1), "unseen")
	num, _ := NewTable(TableSpec{Name: "n", Cuts: []float64{0, 1, 2}, Specials: []float64{-9}, NaNMissing: true,
		Counts: counts([]float64{5, 0, 7, 8, 1, 2}, []float64{1, 2, 3, 0, 1, 0}, false)})
	cat, _ := NewTable(TableSpec{Name: "c", Kind: Categorical, Groups: [][]string{{"a"}, {"b", "c"}}, RareBin: 2,
		Counts: counts([]float64{5, 7, 0, 1}, []float64{1, 3, 0, 2}, false)})
	f.Fuzz(func(t *testing.T, x float64, c string) {
		b, err := num.BinOf(x)
		switch {
		case math.IsInf(x, 0):
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Inf accepted: %v", err)
			}
		case err != nil:
			t.Fatal(err)
		case b < 0 || b >= len(num.Bins):
			t.Fatalf("bin %d", b)
		case x == x && x != -9:
			bin := num.Bins[b]
			if !(x >= bin.Lo && x < bin.Hi) {
				t.Fatalf("%v outside [%v, %v)", x, bin.Lo, bin.Hi)
			}
		}
		b, err = cat.BinOfCategory(c)
		if err != nil || b < 0 || b >= len(cat.Bins) {
			t.Fatalf("category %q: bin %d, %v", c, b, err)
		}
	})
}

func FuzzFit(f *testing.F) {
	x, y := genNumeric(60, 1)
	seed := encodeXY(x, y)
	f.Add(seed, 0.0, int64(0), 50.0, 600.0, 1.0/19, uint8(1), true, false, int64(2), uint8(2))
	f.Add(seed, math.Inf(1), int64(-1), math.NaN(), math.Inf(-1), 0.0, uint8(7), false, true, int64(math.MaxInt64), uint8(5))
	f.Add(seed, 1e308, int64(math.MaxInt64), 1e308, 1e308, 1e-300, uint8(0), true, true, int64(1), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, l2 float64, maxIter int64, pdo, base, odds float64, oddsKind uint8,
		round, spread bool, maxReasons int64, bins uint8) {
		x, y := decodeXY(data)
		tab, err := BinNumeric("x", x, y, BinOptions{Method: Quantile, Bins: 2 + int(bins%4), NaNMissing: true})
		if err != nil {
			checkErr(t, err)
			return
		}
		mo := ModelOptions{L2: l2, MaxIter: int(maxIter), Scaling: Scaling{PDO: pdo, BaseScore: base, BaseOdds: odds, Odds: Odds(oddsKind)},
			Round: round, SpreadBase: spread, MaxReasons: int(maxReasons)}
		sc, err := Fit([]*Table{tab}, []Column{{Num: x}}, y, mo)
		var sw *SignWarning
		if err != nil && !errors.As(err, &sw) {
			if sc != nil {
				t.Fatal("scorecard with error")
			}
			checkErr(t, err)
			return
		}
		if !finite(sc.BasePoints, sc.Factor(), sc.Offset(), sc.Intercept.Coef, sc.Fit.AIC) {
			t.Fatalf("non-finite scorecard %+v", sc)
		}
		var r Result
		for i := range x {
			if err := sc.ScoreTo(&r, []Value{{Num: x[i]}}); err != nil {
				t.Fatalf("row %d: %v", i, err)
			}
			if !finite(r.Score, r.ExactScore, r.Linear, r.PD) || r.PD < 0 || r.PD > 1 {
				t.Fatalf("row %d: %+v", i, r)
			}
		}
	})
}

func FuzzStepwise(f *testing.F) {
	x, y := genNumeric(40, 2)
	var seed []byte
	for i := range x {
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(x[i]))
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(float64(i%7)))
		seed = append(seed, byte(y[i]))
	}
	f.Add(seed, uint8(1), uint8(0), 0.0, int64(0))
	f.Add(seed, uint8(1), uint8(2), math.NaN(), int64(math.MaxInt64))
	f.Add(seed, uint8(1), uint8(200), 1e308, int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, cols, dir uint8, l2 float64, maxSteps int64) {
		x, y := decodeMatrix(data, cols)
		if x == nil {
			return
		}
		_, p := x.Dims()
		sel, steps, err := Stepwise(x, y, StepwiseOptions{Direction: StepwiseDirection(dir), L2: l2, MaxSteps: int(maxSteps)})
		if err != nil {
			checkErr(t, err)
			return
		}
		for _, j := range sel {
			if j < 0 || j >= p {
				t.Fatalf("selected %d of %d", j, p)
			}
		}
		for _, s := range steps {
			if !finite(s.AIC) {
				t.Fatalf("step %+v", s)
			}
		}
	})
}

func FuzzFilters(f *testing.F) {
	x, y := genNumeric(30, 3)
	var seed []byte
	for i := range x {
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(x[i]))
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(x[i]*x[i]))
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(float64(i%5)))
		seed = append(seed, byte(y[i]))
	}
	f.Add(seed, uint8(2), 5.0, 0.6, 0.02)
	f.Add(seed, uint8(2), math.NaN(), math.Inf(1), -1.0)
	f.Add(seed, uint8(5), 1e308, 1.0, math.MaxFloat64)
	f.Fuzz(func(t *testing.T, data []byte, cols uint8, maxVIF, maxCorr, minIV float64) {
		x, _ := decodeMatrix(data, cols)
		if x == nil {
			return
		}
		_, p := x.Dims()
		if v, err := VIF(x); err != nil {
			checkErr(t, err)
		} else if len(v) != p || !finite(v...) {
			t.Fatalf("VIF %v", v)
		} else {
			for _, vj := range v {
				if !(vj > 0) {
					t.Fatalf("VIF %v", v)
				}
			}
		}
		if keep, err := FilterVIF(x, maxVIF); err != nil {
			checkErr(t, err)
		} else if len(keep) > p {
			t.Fatalf("kept %v", keep)
		}
		iv := make([]float64, p)
		for j := range iv {
			iv[j] = float64(j)
		}
		if keep, err := FilterCorrelation(x, iv, maxCorr); err != nil {
			checkErr(t, err)
		} else if len(keep) > p {
			t.Fatalf("kept %v", keep)
		}
		tab, _ := NewTable(TableSpec{Name: "t", Counts: counts([]float64{3, 4}, []float64{1, 5}, true), Cuts: []float64{0}})
		if keep, err := FilterIV([]*Table{tab, nil}, minIV); err != nil {
			checkErr(t, err)
		} else {
			t.Fatalf("nil table accepted: %v", keep)
		}
	})
}

func FuzzLogistic(f *testing.F) {
	x, y := genNumeric(40, 4)
	f.Add(encodeXY(x, y), 0.0, int64(0), 0.0)
	f.Add(encodeXY(x, y), math.NaN(), int64(math.MaxInt64), math.Inf(1))
	f.Fuzz(func(t *testing.T, data []byte, l2 float64, maxIter int64, tol float64) {
		x, y := decodeMatrix(data, 0)
		if x == nil {
			return
		}
		res, err := Logistic(x, y, LogisticOptions{L2: l2, MaxIter: int(maxIter), Tol: tol})
		if err != nil {
			if res != nil {
				t.Fatal("result with error")
			}
			checkErr(t, err)
			return
		}
		for _, c := range res.Coef {
			if !finite(c.Coef, c.SE, c.Z, c.P) {
				t.Fatalf("coefficient %+v", c)
			}
		}
		if !finite(res.Fit.LogLik, res.Fit.AIC, res.Fit.BIC) {
			t.Fatalf("fit %+v", res.Fit)
		}
	})
}

func FuzzLoadScorecard(f *testing.F) {
	tab, _ := NewTable(TableSpec{Name: "n", Cuts: []float64{0, 1}, Counts: counts([]float64{5, 3, 7}, []float64{1, 2, 3}, true)})
	sc := &Scorecard{Variables: []Variable{{Table: tab, ReasonCode: "N", Coef: Coef{Coef: -0.9, SE: 0.3, Z: -3, P: 0.002}}},
		Intercept: Coef{Coef: -1}, Scaling: DefaultScaling(), MaxReasons: 2, Version: "1"}
	if err := sc.scale(); err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(sc)
	f.Add(good)
	f.Add([]byte(`{"kind":"scorecard","version":"1"}`))
	f.Add([]byte(`{"kind":"scorecard","version":"1","variables":[{"table":{"counts":[]}}]}`))
	f.Add([]byte(`{"kind":"scorecard","kind":"scorecard"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadScorecard(data)
		if err != nil {
			if m != nil || !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error %v with model %v", err, m)
			}
			checkErr(t, err)
			return
		}
		// A loaded model saves and loads to the same JSON, and scores
		// finitely or with a typed error.
		js, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := LoadScorecard(js)
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		js2, _ := json.Marshal(m2)
		if string(js) != string(js2) {
			t.Fatalf("round trip differs:\n%s\n%s", js, js2)
		}
		rec := make([]Value, len(m.Variables))
		for j := range rec {
			rec[j].Num = 0.5
			rec[j].Cat = "a"
		}
		r, err := m.Score(rec)
		if err != nil {
			checkErr(t, err)
		} else if !finite(r.Score, r.ExactScore, r.Linear, r.PD) {
			t.Fatalf("non-finite score %+v", r)
		}
	})
}

func FuzzScore(f *testing.F) {
	// A compiled scorecard of two numeric variables (one with specials and
	// NaN as missing) and three categorical ones; built from counts so the
	// harness starts fuzzing at once.
	num1, _ := NewTable(TableSpec{Name: "n1", Cuts: []float64{0, 10}, Specials: []float64{-9}, NaNMissing: true,
		Counts: counts([]float64{50, 80, 90, 5, 10}, []float64{30, 20, 10, 5, 2}, false)})
	num2, _ := NewTable(TableSpec{Name: "n2", Cuts: []float64{1e-300}, Closure: RightClosed,
		Counts: counts([]float64{40, 60}, []float64{30, 10}, true)})
	var cats [3]*Table
	for i := range cats {
		cats[i], _ = NewTable(TableSpec{Name: "c", Kind: Categorical, Groups: [][]string{{"A14", "no checking account"}, {"... < 0 DM"}}, RareBin: i % 3,
			Counts: counts([]float64{70, 30, 0, 6}, []float64{10, 30, 0, 4}, false)})
	}
	sc := &Scorecard{Intercept: Coef{Coef: -0.8}, Scaling: DefaultScaling(), Round: true, MaxReasons: 2,
		Variables: []Variable{{Table: num1, Coef: Coef{Coef: -0.9}}, {Table: cats[0], Coef: Coef{Coef: -1.1}},
			{Table: num2, Coef: Coef{Coef: -0.7}}, {Table: cats[1], Coef: Coef{Coef: -0.2}}, {Table: cats[2], Coef: Coef{Coef: -0.5}}}}
	if err := sc.scale(); err != nil {
		f.Fatal(err)
	}
	f.Add(48.0, 22.0, "... < 0 DM", 1.0, "x", int64(5))
	f.Add(math.NaN(), math.Inf(1), "", -1e308, "\xff", int64(-1))
	f.Add(math.MaxFloat64, -math.MaxFloat64, "no checking account", 5e-324, "A14", int64(math.MaxInt64))
	f.Fuzz(func(t *testing.T, a, b float64, c string, d float64, e string, n int64) {
		vals := []Value{{Num: a, Cat: c}, {Num: b, Cat: e}, {Num: d, Cat: c}, {Num: a, Cat: e}, {Num: b, Cat: c}}
		if len(vals) != len(sc.Variables) {
			t.Fatal("harness out of step with the scorecard")
		}
		k := int(uint64(n) % uint64(len(vals)+2))
		rec := vals[:min(k, len(vals))]
		out := sc.ScoreAll([][]Value{rec, vals})
		for i, br := range out {
			if br.Err != nil {
				checkErr(t, br.Err)
				continue
			}
			r := br.Result
			if !finite(r.Score, r.ExactScore, r.Linear, r.PD) || r.PD < 0 || r.PD > 1 || len(r.Reasons) > sc.MaxReasons {
				t.Fatalf("record %d: %+v", i, r)
			}
		}
	})
}

func FuzzScaling(f *testing.F) {
	f.Add(50.0, 600.0, 1.0/19, uint8(1), 0.05, 600.0)
	f.Add(1e308, 1e308, 1e-308, uint8(0), 5e-324, math.Inf(1))
	f.Add(math.NaN(), math.Copysign(0, -1), math.MaxFloat64, uint8(9), math.Nextafter(1, 0), -1e308)
	f.Fuzz(func(t *testing.T, pdo, base, odds float64, kind uint8, pd, score float64) {
		s := Scaling{PDO: pdo, BaseScore: base, BaseOdds: odds, Odds: Odds(kind)}
		if err := s.Validate(); err != nil {
			checkErr(t, err)
			return
		}
		if v, err := s.Score(pd); err != nil {
			checkErr(t, err)
		} else if !finite(v) {
			t.Fatalf("Score(%g) = %v", pd, v)
		}
		if v, err := s.PD(score); err != nil {
			checkErr(t, err)
		} else if !(v > 0 && v < 1) {
			t.Fatalf("PD(%g) = %v", score, v)
		}
	})
}
