package scorecard

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"
)

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

func finiteTable(t *testing.T, tab *Table) {
	t.Helper()
	for _, v := range []float64{tab.IV, tab.JS, tab.KS, tab.HHI, tab.Gini} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite table statistic in %+v", tab)
		}
	}
	for i, b := range tab.Bins {
		for _, v := range []float64{b.WoE, b.IV, b.JS, b.EventRate, b.Share} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("bin %d: non-finite statistic %+v", i, b)
			}
		}
	}
}

func FuzzBinNumeric(f *testing.F) {
	f.Add(encodeXY([]float64{1, 2, 3, 4, 5, 6}, []float64{0, 0, 1, 0, 1, 1}), uint8(0), uint8(4))
	f.Add(encodeXY([]float64{1, math.NaN(), -9, 4, 1e308, -1e308}, []float64{0, 1, 1, 0, 1, 0}), uint8(4), uint8(2))
	f.Add(encodeXY([]float64{0, 0, 0, 1e-300, 5e-324}, []float64{1, 0, 1, 0, 1}), uint8(5), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, method, bins uint8) {
		x, y := decodeXY(data)
		opts := BinOptions{
			Method: BinMethod(method % 6), Bins: int(bins%12) + 1, MaxBins: int(bins%7) + 1,
			NaNMissing: bins&1 == 0, Specials: []float64{-9},
			ZeroPolicy: ZeroPolicy{Kind: ZeroKind(bins % 5)},
		}
		if opts.Method == Cuts {
			opts.Cuts = []float64{0}
		}
		switch opts.ZeroPolicy.Kind {
		case ReplaceCount, AddToCounts:
			opts.ZeroPolicy.Value = 0.5
		case FloorShare:
			opts.ZeroPolicy.Value = 1e-4
		}
		tab, err := BinNumeric("x", x, y, opts)
		if err != nil {
			if tab != nil {
				t.Fatal("table with error")
			}
			return
		}
		finiteTable(t, tab)
		// Every row lands in a bin and the counts add up.
		var n float64
		for _, b := range tab.Bins {
			n += b.Count
		}
		if int(n) != len(x) {
			t.Fatalf("counts %v, rows %d", n, len(x))
		}
		w, err := tab.Transform(nil, x)
		if err != nil {
			t.Fatalf("transform of training data: %v", err)
		}
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatal("non-finite WoE")
			}
		}
		// The spec round trip rebuilds the same table.
		back, err := NewTable(tab.Spec())
		if err != nil || back.IV != tab.IV {
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

func FuzzLoad(f *testing.F) {
	tab, _ := NewTable(TableSpec{Name: "n", Cuts: []float64{0, 1}, Counts: counts([]float64{5, 3, 7}, []float64{1, 2, 3}, true)})
	sc := &Scorecard{Variables: []Variable{{Table: tab, ReasonCode: "N", Coef: Coef{Coef: -0.9, SE: 0.3, Z: -3, P: 0.002}}},
		Intercept: Coef{Coef: -1}, Scaling: DefaultScaling(), MaxReasons: 2}
	sc.scale()
	good, _ := json.Marshal(sc)
	f.Add(good)
	f.Add([]byte(`{"format":"smecredit/scorecard","version":1}`))
	f.Add([]byte(`{"format":"smecredit/scorecard","version":1,"variables":[{"table":{"counts":[]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := LoadScorecard(data)
		if err != nil {
			if m != nil || !errors.Is(err, ErrInvalidSpec) {
				t.Fatalf("error %v with model %v", err, m)
			}
			return
		}
		// A loaded model saves and loads to the same JSON, and scores
		// without NaN.
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
		if err == nil && (math.IsNaN(r.Score) || math.IsInf(r.Score, 0) || math.IsNaN(r.PD)) {
			t.Fatalf("non-finite score %+v", r)
		}
	})
}
