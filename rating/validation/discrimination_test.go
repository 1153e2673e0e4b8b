package validation

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/stat"
)

func TestDiscriminate(t *testing.T) {
	tests := []struct {
		name         string
		scores       []float64
		defaults     []bool
		dir          ScoreOrder
		auc, ks, thr float64
	}{
		{
			// Hand-derived: bads {2, 4}, goods {1, 2, 3}; pairs riskier:
			// bad 2 beats good 1, ties good 2 (½); bad 4 beats all: U = 4.5,
			// AUC = 4.5/6. KS at threshold 4: |1/2 − 0| = 0.5.
			name:   "ties, higher riskier",
			scores: []float64{1, 2, 2, 3, 4}, defaults: []bool{false, false, true, false, true},
			dir: HigherRiskier, auc: 0.75, ks: 0.5, thr: 4,
		},
		{
			// Same data, opposite direction: AUC = 1 − 0.75; KS is the same
			// gap, reached at the other end (threshold 2: bads 1/2, goods 2/3
			// → 1/6; threshold 1: 0 − 1/3 → 1/3; 3: 1/2 − 1 → 1/2).
			name:   "ties, higher safer",
			scores: []float64{1, 2, 2, 3, 4}, defaults: []bool{false, false, true, false, true},
			dir: HigherSafer, auc: 0.25, ks: 0.5, thr: 3,
		},
		{
			name:   "all tied",
			scores: []float64{5, 5, 5, 5}, defaults: []bool{true, false, true, false},
			dir: HigherRiskier, auc: 0.5, ks: 0, thr: 0,
		},
		{
			name:   "perfect",
			scores: []float64{0.9, 0.1, 0.8, 0.2}, defaults: []bool{true, false, true, false},
			dir: HigherRiskier, auc: 1, ks: 1, thr: 0.8,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Discriminate(tc.scores, tc.defaults, tc.dir)
			var w *FewDefaultsWarning
			if err != nil && !errors.As(err, &w) {
				t.Fatal(err)
			}
			if w == nil {
				t.Error("want a *FewDefaultsWarning for fewer than MinClassCount defaults")
			}
			if math.Abs(r.AUC-tc.auc) > 1e-15 || math.Abs(r.KS-tc.ks) > 1e-15 || r.KSThreshold != tc.thr {
				t.Errorf("AUC, KS, threshold = %v, %v, %v; want %v, %v, %v", r.AUC, r.KS, r.KSThreshold, tc.auc, tc.ks, tc.thr)
			}
			if math.Abs(r.Gini-(2*tc.auc-1)) > 1e-15 {
				t.Errorf("Gini = %v", r.Gini)
			}
		})
	}
}

// TestDiscriminateCountsRC1 checks the bin-level Gini and KS of the
// optbinning breast-cancer "mean radius" table (scorecard reference RC1):
// Gini 0.87541620 (optbinning tests/test_binning.py, rel 1e-6), KS
// 0.72862164. Bins are in ascending radius; the event (benign) rate falls
// with the radius, so higher bins are safer for the event.
func TestDiscriminateCountsRC1(t *testing.T) {
	nonEvent := []float64{3, 3, 7, 10, 28, 44, 117}
	event := []float64{115, 76, 61, 39, 55, 10, 1}
	r, err := DiscriminateCounts(nonEvent, event, HigherSafer)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Gini-0.87541620) > 5e-9 {
		t.Errorf("Gini = %.8f, want 0.87541620 (optbinning RC1)", r.Gini)
	}
	if math.Abs(r.KS-0.72862164) > 5e-9 {
		t.Errorf("KS = %.8f, want 0.72862164 (RC1)", r.KS)
	}
	if r.N != 569 || r.Defaults != 357 {
		t.Errorf("N, Defaults = %d, %d; want 569, 357", r.N, r.Defaults)
	}
	// Expanding the table into tied scores must give the same numbers.
	var scores []float64
	var def []bool
	for i := range nonEvent {
		for range int(nonEvent[i]) {
			scores, def = append(scores, float64(i)), append(def, false)
		}
		for range int(event[i]) {
			scores, def = append(scores, float64(i)), append(def, true)
		}
	}
	r2, err := Discriminate(scores, def, HigherSafer)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r2.Gini-r.Gini) > 1e-12 || math.Abs(r2.KS-r.KS) > 1e-12 {
		t.Errorf("from scores: Gini %v KS %v; from counts: %v %v", r2.Gini, r2.KS, r.Gini, r.KS)
	}
}

// TestAUCGermanCreditLR1 reproduces the in-sample AUC 0.759252381 of the
// logistic regression LR1 of the scorecard reference (statsmodels 0.13.5
// Logit, cross-checked with scikit-learn 1.2.1) from its published
// coefficients and the UCI german.data file.
func TestAUCGermanCreditLR1(t *testing.T) {
	f, err := os.Open("testdata/german.data")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	beta := []float64{-0.844729138, 0.025521489, 0.079217853, 0.233090137, -0.018272235, -0.033195460, -0.514778770, -1.029259692, -2.039302445}
	var lin []float64
	var bad []bool
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Fields(sc.Text())
		num := func(i int) float64 {
			v, err := strconv.ParseFloat(c[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		dummy := func(code string) float64 {
			if c[0] == code {
				return 1
			}
			return 0
		}
		x := []float64{1, num(1), num(4) / 1000, num(7), num(12), num(15), dummy("A12"), dummy("A13"), dummy("A14")}
		var eta float64
		for j := range x {
			eta += beta[j] * x[j]
		}
		lin = append(lin, 1/(1+math.Exp(-eta)))
		bad = append(bad, c[20] == "2")
	}
	r, err := Discriminate(lin, bad, HigherRiskier)
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 1000 || r.Defaults != 300 {
		t.Fatalf("read %d rows, %d bad; want 1000, 300", r.N, r.Defaults)
	}
	if math.Abs(r.AUC-0.759252381) > 1e-9 {
		t.Errorf("AUC = %.9f, want 0.759252381 (scorecard reference LR1)", r.AUC)
	}
}

// TestDiscriminateProperties checks, on random tied data, the properties
// that hold for any score: AUC of the reversed direction is 1 − AUC; the
// result does not depend on record order; AUC equals the trapezoidal area
// under gonum's stat.ROC curve (an independent implementation); KS equals
// max |tpr − fpr| over our ROC points; CAP ends at (1, 1).
func TestDiscriminateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n := 50 + rng.IntN(500)
		scores := make([]float64, n)
		def := make([]bool, n)
		for i := range n {
			def[i] = rng.Float64() < 0.3
			s := float64(rng.IntN(20)) // many ties
			if def[i] {
				s += float64(rng.IntN(8))
			}
			scores[i] = s
		}
		def[0], def[1] = true, false
		r, err := Discriminate(scores, def, HigherRiskier)
		if err != nil && !errors.Is(err, ErrFewDefaults) {
			t.Fatal(err)
		}
		rs, _ := Discriminate(scores, def, HigherSafer)
		if math.Abs(r.AUC+rs.AUC-1) > 1e-12 || math.Abs(r.KS-rs.KS) > 1e-12 {
			t.Errorf("trial %d: reversed AUC %v + %v ≠ 1 or KS %v ≠ %v", trial, r.AUC, rs.AUC, r.KS, rs.KS)
		}
		// shuffle
		ps, pd := append([]float64(nil), scores...), append([]bool(nil), def...)
		rng.Shuffle(n, func(i, j int) { ps[i], ps[j] = ps[j], ps[i]; pd[i], pd[j] = pd[j], pd[i] })
		if r2, _ := Discriminate(ps, pd, HigherRiskier); r2 != r {
			t.Errorf("trial %d: order changed the result: %+v vs %+v", trial, r2, r)
		}
		// gonum: stat.ROC needs scores sorted ascending with classes.
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sortByScore(idx, scores)
		ys := make([]float64, n)
		cl := make([]bool, n)
		for k, i := range idx {
			ys[k], cl[k] = scores[i], def[i]
		}
		tpr, fpr, _ := stat.ROC(nil, ys, cl, nil)
		if auc := integrate.Trapezoidal(fpr, tpr); math.Abs(auc-r.AUC) > 1e-12 {
			t.Errorf("trial %d: gonum trapezoid AUC %v, ours %v", trial, auc, r.AUC)
		}
		f, tp, _, _ := ROC(scores, def, HigherRiskier)
		var ks float64
		for k := range f {
			ks = max(ks, math.Abs(tp[k]-f[k]))
		}
		if math.Abs(ks-r.KS) > 1e-12 {
			t.Errorf("trial %d: KS from ROC %v, ours %v", trial, ks, r.KS)
		}
		x, y, _ := CAP(scores, def, HigherRiskier)
		if x[len(x)-1] != 1 || y[len(y)-1] != 1 {
			t.Errorf("trial %d: CAP ends at (%v, %v)", trial, x[len(x)-1], y[len(y)-1])
		}
		// Accuracy ratio from the CAP (trapezoid, starting at 0,0) equals Gini.
		d := float64(r.Defaults) / float64(r.N)
		area := integrate.Trapezoidal(append([]float64{0}, x...), append([]float64{0}, y...))
		if ar := (area - 0.5) / (0.5 * (1 - d)); math.Abs(ar-r.Gini) > 1e-9 {
			t.Errorf("trial %d: CAP accuracy ratio %v, Gini %v", trial, ar, r.Gini)
		}
	}
}

func sortByScore(idx []int, s []float64) {
	for i := 1; i < len(idx); i++ { // insertion sort: small n, stable
		for j := i; j > 0 && s[idx[j]] < s[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

func TestDiscriminateErrors(t *testing.T) {
	tests := []struct {
		name     string
		scores   []float64
		defaults []bool
		dir      ScoreOrder
		want     error
		field    string
	}{
		{"empty", nil, nil, HigherRiskier, ErrEmpty, "scores"},
		{"length", []float64{1, 2}, []bool{true}, HigherRiskier, ErrLength, "len(defaults)"},
		{"NaN", []float64{1, math.NaN()}, []bool{true, false}, HigherRiskier, ErrNotFinite, "scores[1]"},
		{"Inf", []float64{math.Inf(-1), 1}, []bool{true, false}, HigherRiskier, ErrNotFinite, "scores[0]"},
		{"single class", []float64{1, 2}, []bool{true, true}, HigherRiskier, ErrSingleClass, "defaults"},
		{"no direction", []float64{1, 2}, []bool{true, false}, 0, ErrScoreOrder, "order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Discriminate(tc.scores, tc.defaults, tc.dir)
			var ie *InputError
			if !errors.Is(err, tc.want) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want %v as *InputError", err, tc.want)
			}
			if ie.Field != tc.field {
				t.Errorf("at %s, want %s", ie.Field, tc.field)
			}
		})
	}
	for _, tc := range []struct {
		name        string
		goods, bads []float64
		want        error
	}{
		{"negative count", []float64{1, -1}, []float64{1, 1}, ErrCount},
		{"no defaults", []float64{1, 1}, []float64{0, 0}, ErrSingleClass},
		// Each count is finite but the totals overflow: not a single class.
		{"totals overflow", []float64{1e308, 1e308}, []float64{1e308, 1e308}, ErrCount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DiscriminateCounts(tc.goods, tc.bads, HigherRiskier); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func benchScores(n int) ([]float64, []bool) {
	rng := rand.New(rand.NewPCG(7, 7))
	s := make([]float64, n)
	d := make([]bool, n)
	for i := range n {
		d[i] = rng.Float64() < 0.05
		s[i] = rng.NormFloat64()
		if d[i] {
			s[i] += 1
		}
	}
	return s, d
}

func BenchmarkDiscriminate(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		s, d := benchScores(n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Discriminate(s, d, HigherRiskier); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzDiscriminate(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, uint8(1))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, uint8(2))
	f.Add([]byte{255, 1, 128, 3, 7, 0, 0, 0, 1}, uint8(0))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xe0, 0x7f, 1, 0, 0, 0, 0, 0, 0, 0xe0, 0x7f, 0}, uint8(1)) // 2⁷⁸⁵ weights
	f.Fuzz(func(t *testing.T, raw []byte, dir uint8) {
		// 9 bytes per record: 8 for the score's bits (any float64,
		// NaN and ±Inf included), 1 for the outcome.
		n := len(raw) / 9
		scores := make([]float64, n)
		def := make([]bool, n)
		for i := range n {
			scores[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[9*i:]))
			def[i] = raw[9*i+8]&1 == 1
		}
		d := ScoreOrder(dir % 3)
		r, err := Discriminate(scores, def, d)
		if err != nil && !errors.Is(err, ErrFewDefaults) {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for _, v := range []float64{r.AUC, r.Gini, r.KS, r.KSThreshold} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("non-finite result %+v", r)
			}
		}
		if r.AUC < 0 || r.AUC > 1 || r.KS < 0 || r.KS > 1 {
			t.Fatalf("out of range %+v", r)
		}
		c, err := DiscriminateCounts(scores, scores, d)
		if err == nil && (math.IsNaN(c.AUC) || math.IsNaN(c.KS) || c.AUC < 0 || c.AUC > 1) {
			t.Fatalf("counts: %+v", c)
		}
	})
}
