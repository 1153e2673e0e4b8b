package scorecard

import (
	"errors"
	"math"
	"testing"
)

// rareFlag is the reproducer of issue #22 item 1: 200 rows, x = 0 for
// 193 rows (11 bad), x = 1 for 7 rows (5 bad).
func rareFlag() (x, y []float64) {
	for i := range 200 {
		v, bad := 0.0, 0.0
		if i < 7 {
			v = 1
			if i < 5 {
				bad = 1
			}
		} else if i < 7+11 {
			bad = 1
		}
		x, y = append(x, v), append(y, bad)
	}
	return x, y
}

// TestRareValueKept: a 0/1 flag whose ones are 3.5 % of the rows keeps
// one bin per value under the default options and under ChiMerge.
//
// Expected IV by hand from the WoE formula of Table (G = 184 goods,
// B = 16 bads):
//
//	x = 0: %g = 182/184 = 0.98913, %b = 11/16 = 0.6875, WoE = ln(0.98913/0.6875) =  0.36376, IV = 0.30163·0.36376 = 0.10972
//	x = 1: %g =   2/184 = 0.01087, %b =  5/16 = 0.3125, WoE = ln(0.01087/0.3125) = −3.35864, IV = 0.30163·3.35864 = 1.01307
//	IV = 1.1227897777797182
//
// (the same as R scorecard's iv(), which groups by unique value, with no
// zero cell to replace). Before the fix both paths returned one bin, IV 0.
func TestRareValueKept(t *testing.T) {
	x, y := rareFlag()
	const wantIV = 1.1227897777797182
	for _, o := range []BinOptions{{}, {Method: ChiMerge}} {
		tab, err := BinNumeric("flag", x, y, o)
		if err != nil {
			t.Fatalf("%v: %v", o.Method, err)
		}
		if tab.Regular() != 2 || math.Abs(tab.IV-wantIV) > 1e-12 {
			t.Errorf("%v: %d regular bins, IV %v; want 2 bins, IV %v", o.Method, tab.Regular(), tab.IV, wantIV)
		}
		if tab.Bins[1].Events != 5 || tab.Bins[1].NonEvents != 2 {
			t.Errorf("%v: bin of x = 1 has %+v", o.Method, tab.Bins[1].BinCounts)
		}
	}
	// The same flag coded 0/−1 was always split: the results agree.
	neg := make([]float64, len(x))
	for i, v := range x {
		neg[i] = -v
	}
	tab, err := BinNumeric("flag", neg, y, BinOptions{})
	if err != nil || math.Abs(tab.IV-wantIV) > 1e-12 {
		t.Errorf("0/−1 coding: IV %v, %v", tab.IV, err)
	}
}

// TestPreBinsKeepRareValues: with more distinct values than pre-bins, a
// light value between heavy ones still gets its own pre-bin while
// pre-bins remain.
func TestPreBinsKeepRareValues(t *testing.T) {
	var vals []float64
	for range 500 {
		vals = append(vals, 0)
	}
	vals = append(vals, 1, 1, 1) // 0.3 % of rows, below 1/PreBins
	for range 500 {
		vals = append(vals, 2)
	}
	for i := range 30 {
		vals = append(vals, 3+float64(i))
	}
	cuts := preBinCuts(vals, 20, LeftClosed)
	if cuts[0] != 1 || cuts[1] != 2 {
		t.Errorf("cuts %v: value 1 not in its own pre-bin", cuts)
	}
	if len(cuts) != 19 {
		t.Errorf("%d pre-bins, want 20", len(cuts)+1)
	}
	rc := preBinCuts(vals, 20, RightClosed)
	if rc[0] != 0 || rc[1] != 1 {
		t.Errorf("right-closed cuts %v", rc)
	}
}

// TestOnlySpecialOrMissing: a variable with no regular value gets a table
// of its special and missing bins (issue #22 item 6).
func TestOnlySpecialOrMissing(t *testing.T) {
	x := []float64{-9, math.NaN(), -9, math.NaN(), -9, math.NaN()}
	y := []float64{1, 0, 1, 0, 0, 0}
	tab, err := BinNumeric("v", x, y, BinOptions{NaNMissing: true, Specials: []float64{-9}})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Regular() != 1 || tab.Bins[0].Count != 0 || tab.Bins[1].Count != 3 || tab.Bins[2].Count != 3 {
		t.Fatalf("bins %+v", tab.Bins)
	}
	// Special: 1 good of 4, 2 bads of 2; missing: 3 goods, 0 bads (ZeroWoE).
	if w := math.Log((1.0 / 4) / (2.0 / 2)); math.Abs(tab.Bins[1].WoE-w) > 1e-15 || tab.Bins[2].WoE != 0 {
		t.Errorf("WoE %v, %v; want %v, 0", tab.Bins[1].WoE, tab.Bins[2].WoE, w)
	}
	if _, err := NewTable(tab.Spec()); err != nil {
		t.Errorf("spec round trip: %v", err)
	}
	cat, err := BinCategorical("c", []string{"", "", ""}, []float64{0, 1, 0}, BinOptions{})
	if err != nil || cat.Regular() != 0 || cat.Bins[1].Count != 3 {
		t.Fatalf("categorical: %v %+v", err, cat)
	}
	if b, err := cat.BinOfCategory("unseen"); err != nil || b != 1 {
		t.Errorf("unseen category: bin %d, %v", b, err)
	}
}

// TestInfeasibleConstraints: optimal binning that cannot meet its
// constraints says so with ErrConstraint (issue #18, category 3).
func TestInfeasibleConstraints(t *testing.T) {
	x, y := genNumeric(2000, 5)
	var events float64
	for _, v := range y {
		events += v
	}
	tests := []struct {
		name string
		x, y []float64
		opts BinOptions
	}{
		{"MinEvents above the events", x, y, BinOptions{MinEvents: events + 1, NaNMissing: true, Specials: []float64{-1}}},
		{"perfect separation", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, BinOptions{}},
		{"categorical separation", nil, nil, BinOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.x == nil {
				_, err = BinCategorical("c", []string{"a", "a", "b", "b"}, []float64{0, 0, 1, 1}, tt.opts)
			} else {
				_, err = BinNumeric("v", tt.x, tt.y, tt.opts)
			}
			var ie *InputError
			if !errors.Is(err, ErrConstraint) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want ErrConstraint", err)
			}
		})
	}
	// The same separating variable with pure bins allowed bins fine.
	tab, err := BinNumeric("v", tests[1].x, tests[1].y, BinOptions{MinEvents: 0, Method: Quantile, Bins: 2})
	if err != nil || tab.Regular() != 2 {
		t.Errorf("quantile: %v", err)
	}
}

// TestSizeBounds: sizes above the documented bounds are refused before
// any work (issue #18, category 2).
func TestSizeBounds(t *testing.T) {
	x, y := []float64{1, 2, 3, 4}, []float64{0, 1, 0, 1}
	for _, o := range []BinOptions{
		{Method: EqualWidth, Bins: math.MaxInt},
		{Method: Quantile, Bins: MaxBinCount + 1},
		{MaxBins: math.MaxInt},
		{Method: Cuts, Cuts: make([]float64, MaxBinCount)},
		{Specials: make([]float64, MaxSpecials+1)},
	} {
		if _, err := BinNumeric("v", x, y, o); !errors.Is(err, ErrLimit) {
			t.Errorf("%+v: err = %v, want ErrLimit", o.Method, err)
		}
	}
	if _, err := NewTable(TableSpec{Counts: make([]BinCounts, MaxBinCount+3), Cuts: make([]float64, MaxBinCount)}); !errors.Is(err, ErrLimit) {
		t.Errorf("table: %v", err)
	}
}

// TestScalingNeverInfinite: a Scaling that passes Validate gives finite
// scores for every PD in (0, 1), and one that would overflow fails
// Validate (issue #18, category 4).
func TestScalingNeverInfinite(t *testing.T) {
	for _, s := range []Scaling{
		{PDO: MaxPDO, BaseScore: MaxBaseScore, BaseOdds: MaxBaseOdds},
		{PDO: MaxPDO, BaseScore: -MaxBaseScore, BaseOdds: 1 / MaxBaseOdds, Odds: BadGood},
		DefaultScaling(),
	} {
		if err := s.Validate(); err != nil {
			t.Fatalf("%+v: %v", s, err)
		}
		for _, pd := range []float64{math.SmallestNonzeroFloat64, 1e-300, 0.5, 1 - 1e-16, math.Nextafter(1, 0)} {
			sc, err := s.Score(pd)
			if err != nil || math.IsInf(sc, 0) || math.IsNaN(sc) {
				t.Errorf("%+v: Score(%g) = %v, %v", s, pd, sc, err)
			}
		}
	}
	for _, s := range []Scaling{
		{PDO: 1e308, BaseScore: 600, BaseOdds: 50},  // scored +Inf before the bound
		{PDO: 20, BaseScore: 1e308, BaseOdds: 50},   // likewise
		{PDO: 20, BaseScore: 600, BaseOdds: 1e-300}, // offset beyond any use
	} {
		if err := s.Validate(); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: Validate = %v, want ErrOptions", s, err)
		}
	}
	// A scorecard document whose coefficients overflow the points is refused.
	tab, _ := NewTable(TableSpec{Name: "n", Cuts: []float64{0}, Counts: []BinCounts{{5, 1}, {1, 5}, {}, {}}})
	sc := &Scorecard{Variables: []Variable{{Table: tab, Coef: Coef{Coef: -1e307}}}, Scaling: DefaultScaling(), MaxReasons: 1}
	if err := sc.scale(); err == nil {
		t.Error("points beyond float64 accepted")
	}
}

// TestZeroValues: nil and zero receivers and arguments give typed errors.
func TestZeroValues(t *testing.T) {
	var nilTab *Table
	var zero Table
	for _, tab := range []*Table{nilTab, &zero} {
		if _, err := tab.BinOf(1); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("BinOf: %v", err)
		}
		if _, err := tab.Transform(nil, []float64{1}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Transform: %v", err)
		}
		if _, err := tab.BinOfCategory("a"); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("BinOfCategory: %v", err)
		}
		if tab.Regular() != 0 || tab.Label(0) != "" {
			t.Error("Regular or Label of a zero table")
		}
		if _, err := FilterIV([]*Table{tab}, 0.02); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("FilterIV: %v", err)
		}
	}
	var nilSC *Scorecard
	for _, sc := range []*Scorecard{nilSC, {}} {
		if _, err := sc.Score(nil); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Score: %v", err)
		}
		if out := sc.ScoreAll([][]Value{nil}); !errors.Is(out[0].Err, ErrInvalidInput) {
			t.Errorf("ScoreAll: %v", out[0].Err)
		}
	}
	if _, err := FilterVIF(nil, 5); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("FilterVIF(nil): %v", err)
	}
	if _, err := FilterCorrelation(nil, nil, 0.5); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("FilterCorrelation(nil): %v", err)
	}
	if _, _, err := Stepwise(nil, nil, StepwiseOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Stepwise(nil): %v", err)
	}
}
