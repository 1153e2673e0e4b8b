package validation

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// hanleyData returns the CT rating data of Hanley and McNeil (1982), table
// 1: ratings 1 (definitely normal) … 5 (definitely abnormal) of 58 normal
// and 51 abnormal cases; abnormal is the event.
func hanleyData() ([]float64, []bool) {
	normal := []int{33, 6, 6, 11, 2}
	abnormal := []int{3, 2, 2, 11, 33}
	var s []float64
	var d []bool
	for r := range 5 {
		for range normal[r] {
			s, d = append(s, float64(r+1)), append(d, false)
		}
		for range abnormal[r] {
			s, d = append(s, float64(r+1)), append(d, true)
		}
	}
	return s, d
}

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g ± %g", name, got, want, tol)
	}
}

// TestEstimateAUCHanleyMcNeil checks the AUC and both standard errors on
// Hanley and McNeil's (1982) CT rating data against published values:
//   - area 0.893 and SE 0.032 (Hanley and McNeil 1982, table 2, their
//     closed-form SE);
//   - DeLong SE 0.0307 and the asymptotic 95 % interval 0.83295–0.95339
//     (Stata [R] roctab manual, example on hanley.dta, which is this table;
//     roctab's default SE is DeLong's).
func TestEstimateAUCHanleyMcNeil(t *testing.T) {
	s, d := hanleyData()
	e, err := EstimateAUC(s, d, HigherRiskier)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "AUC", e.AUC, 0.8932, 0.00005)
	near(t, "SE (DeLong)", e.SE, 0.0307, 0.00005)
	near(t, "Lower", e.Lower, 0.83295, 0.000005)
	near(t, "Upper", e.Upper, 0.95339, 0.000005)
	near(t, "SE (Hanley-McNeil)", e.SEHanleyMcNeil, 0.032, 0.001)
	if e.N != 109 || e.Defaults != 51 {
		t.Errorf("N, Defaults = %d, %d, want 109, 51", e.N, e.Defaults)
	}
	// The same data scored the other way round give the same AUC and SE.
	neg := make([]float64, len(s))
	for i := range s {
		neg[i] = -s[i]
	}
	e2, err := EstimateAUC(neg, d, HigherSafer)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "AUC reversed", e2.AUC, e.AUC, 1e-15)
	near(t, "SE reversed", e2.SE, e.SE, 1e-15)
}

// TestHanleyMcNeilSE checks the closed form (Hanley and McNeil 1982,
// equations 1–2) by hand:
//   - A = 0.893, 51 abnormal and 58 normal cases (their CT example):
//     Q₁ = 0.893/1.107 = 0.80668473, Q₂ = 2·0.797449/1.893 = 0.84252404,
//     SE² = (0.095551 + 50·0.00923573 + 57·0.04507504)/2958, SE = 0.0325116.
//     The paper's table 2 reports SE 0.032 for these data, from Q₁ and Q₂
//     estimated from the ratings rather than the exponential closed form,
//     so the two agree to 0.001 only;
//   - A = 0.5, 50 per class: Q₁ = Q₂ = 1/3, SE² = (0.25 + 2·49/12)/2500.
func TestHanleyMcNeilSE(t *testing.T) {
	se, err := HanleyMcNeilSE(0.893, 51, 58)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "SE(0.893)", se, 0.0325116, 5e-7)
	near(t, "SE(0.893) vs published", se, 0.032, 0.001)
	se, _ = HanleyMcNeilSE(0.5, 50, 50)
	near(t, "SE(0.5)", se, math.Sqrt((0.25+49.0/6)/2500), 1e-15)
	if _, err := HanleyMcNeilSE(1.5, 1, 1); !errors.Is(err, ErrProbability) {
		t.Errorf("auc 1.5: %v", err)
	}
	if _, err := HanleyMcNeilSE(0.5, 0, 1); !errors.Is(err, ErrClassSize) {
		t.Errorf("defaults 0: %v", err)
	}
}

// bruteDeLong computes DeLong's variance by the O(D·G) definition.
func bruteDeLong(s []float64, d []bool) (auc, se float64) {
	var xs, ys []float64
	for i := range s {
		if d[i] {
			xs = append(xs, s[i])
		} else {
			ys = append(ys, s[i])
		}
	}
	psi := func(x, y float64) float64 {
		switch {
		case x > y:
			return 1
		case x == y:
			return 0.5
		}
		return 0
	}
	v10 := make([]float64, len(xs))
	v01 := make([]float64, len(ys))
	for i, x := range xs {
		for j, y := range ys {
			p := psi(x, y)
			v10[i] += p / float64(len(ys))
			v01[j] += p / float64(len(xs))
			auc += p
		}
	}
	auc /= float64(len(xs) * len(ys))
	var s10, s01 float64
	for _, v := range v10 {
		s10 += (v - auc) * (v - auc)
	}
	for _, v := range v01 {
		s01 += (v - auc) * (v - auc)
	}
	s10 /= float64(len(xs) - 1)
	s01 /= float64(len(ys) - 1)
	return auc, math.Sqrt(s10/float64(len(xs)) + s01/float64(len(ys)))
}

// TestEstimateAUCBruteForce compares the sorted-pass DeLong variance with
// the definition on random data with many ties.
func TestEstimateAUCBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		n := 4 + r.IntN(200)
		s := make([]float64, n)
		d := make([]bool, n)
		for i := range n {
			d[i] = i < 2 || (i >= 4 && r.Float64() < 0.3)
			s[i] = float64(r.IntN(1 + trial))
			if d[i] {
				s[i] += float64(r.IntN(3))
			}
		}
		e, err := EstimateAUC(s, d, HigherRiskier)
		if err != nil && !errors.Is(err, ErrFewDefaults) {
			t.Fatal(err)
		}
		auc, se := bruteDeLong(s, d)
		near(t, "AUC", e.AUC, auc, 1e-12)
		near(t, "SE", e.SE, se, 1e-12)
	}
}

func TestEstimateAUCErrors(t *testing.T) {
	if _, err := EstimateAUC([]float64{1, 2, 3}, []bool{true, false, false}, HigherRiskier); !errors.Is(err, ErrClassSize) {
		t.Errorf("one default: %v", err)
	}
	if _, err := EstimateAUC([]float64{1, 2}, []bool{true, true}, HigherRiskier); !errors.Is(err, ErrSingleClass) {
		t.Errorf("single class: %v", err)
	}
	// Perfect separation: SE 0, no NaN.
	e, err := EstimateAUC([]float64{1, 2, 3, 4}, []bool{false, false, true, true}, HigherRiskier)
	if !errors.Is(err, ErrFewDefaults) || e.AUC != 1 || e.SE != 0 {
		t.Errorf("perfect: %+v, %v", e, err)
	}
}

// TestCompareAUC checks the unpaired z-test by hand: AUCs 0.80 (SE 0.03)
// and 0.75 (SE 0.04) give z = −0.05/0.05 = −1 and p = 2(1 − Φ(1)) =
// 0.3173105078629141 (standard normal table).
func TestCompareAUC(t *testing.T) {
	c, err := CompareAUC(AUCEstimate{AUC: 0.80, SE: 0.03}, AUCEstimate{AUC: 0.75, SE: 0.04})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "Diff", c.Diff, -0.05, 1e-15)
	near(t, "SE", c.SE, 0.05, 1e-15)
	near(t, "Z", c.Z, -1, 1e-12)
	near(t, "PValue", c.PValue, 0.3173105078629141, 1e-12)
	c, _ = CompareAUC(AUCEstimate{AUC: 1}, AUCEstimate{AUC: 1})
	if c.PValue != 1 || c.Z != 0 {
		t.Errorf("equal, SE 0: %+v", c)
	}
	c, _ = CompareAUC(AUCEstimate{AUC: 1}, AUCEstimate{AUC: 0.9})
	if c.PValue != 0 || math.IsInf(c.Z, 0) || c.Z >= 0 {
		t.Errorf("different, SE 0: %+v", c)
	}
	if _, err := CompareAUC(AUCEstimate{AUC: math.NaN()}, AUCEstimate{}); !errors.Is(err, ErrProbability) {
		t.Errorf("NaN AUC: %v", err)
	}
	if _, err := CompareAUC(AUCEstimate{}, AUCEstimate{SE: -1}); !errors.Is(err, ErrCount) {
		t.Errorf("negative SE: %v", err)
	}
}

// TestEventRates checks the chi-square against optbinning's monitoring
// tutorial (tutorial_scorecard_monitoring.ipynb, tests_table, bin 0):
// events 216 of 236 (actual) and 518 of 565 (expected) give the statistic
// 0.005285 and the p-value 0.942048; and by hand: a = 10, b = 10, c = 20,
// d = 0 gives χ² = 40·(0 − 200)²/(20·20·30·10) = 40/3.
func TestEventRates(t *testing.T) {
	x, err := CompareEventRates(518, 565, 216, 236)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "chi2", x.ChiSquare, 0.005285, 5e-7)
	near(t, "p", x.PValue, 0.942048, 5e-7)
	x, _ = CompareEventRates(10, 20, 20, 20)
	near(t, "chi2 hand", x.ChiSquare, 40.0/3, 1e-12)
	near(t, "p hand", x.PValue, math.Erfc(math.Sqrt(40.0/3)/math.Sqrt2), 1e-12)
	for _, c := range [][4]float64{{0, 10, 0, 5}, {10, 10, 5, 5}, {0, 0, 3, 5}} {
		x, err := CompareEventRates(c[0], c[1], c[2], c[3])
		if err != nil || x.Tested || x.PValue != 1 || x.ChiSquare != 0 {
			t.Errorf("%v: %+v, %v", c, x, err)
		}
	}
	for _, c := range [][4]float64{{-1, 10, 0, 5}, {11, 10, 5, 5}, {0, math.Inf(1), 3, 5}, {0, 1, 6, 5}} {
		if _, err := CompareEventRates(c[0], c[1], c[2], c[3]); !errors.Is(err, ErrCount) {
			t.Errorf("%v: %v", c, err)
		}
	}
}

// rc5Samples builds development and current samples whose scores are the
// bin indices 0…9 with the counts of optbinning's monitoring tutorial
// (psi_table: Count E and Count A), bin 0's events as in its tests_table,
// and one variable whose bin is the score bin modulo 3.
func rc5Samples() (dev, cur MonitorSample) {
	countA := []int{236, 334, 331, 310, 416, 269, 185, 298, 407, 352}
	countE := []int{565, 803, 807, 729, 1015, 565, 417, 752, 823, 845}
	fill := func(counts []int, ev0 int) MonitorSample {
		var s MonitorSample
		s.Bins = [][]int{nil}
		for b, c := range counts {
			ev := c / 5
			if b == 0 {
				ev = ev0
			}
			for i := range c {
				s.Scores = append(s.Scores, float64(b))
				s.Defaults = append(s.Defaults, i < ev)
				s.Bins[0] = append(s.Bins[0], b%3)
			}
		}
		return s
	}
	return fill(countE, 518), fill(countA, 216)
}

// TestMonitorOptbinning reproduces the system PSI 0.004776 and the bin-0
// chi-square 0.005285 (p 0.942048) of optbinning's monitoring tutorial
// (reference RC5).
func TestMonitorOptbinning(t *testing.T) {
	dev, cur := rc5Samples()
	rep, err := Monitor(dev, cur, MonitorOptions{Order: HigherSafer, ScoreCuts: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, Variables: []string{"v"}})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "PSI", rep.System.PSI, 0.004776, 5e-7)
	if rep.System.Band != Stable || rep.System.Light != Green || rep.System.Source == "" {
		t.Errorf("system: %v %v %q", rep.System.Band, rep.System.Light, rep.System.Source)
	}
	for i, want := range []float64{0.000051, 0.000098, 0.000209, 0.000006, 0.000272, 0.000898, 0.000069, 0.000608, 0.002472, 0.000093} {
		near(t, "PSI bin", rep.System.Contributions[i], want, 5e-7)
	}
	if len(rep.ScoreTests) != 10 {
		t.Fatalf("%d score tests", len(rep.ScoreTests))
	}
	near(t, "chi2 bin 0", rep.ScoreTests[0].ChiSquare, 0.005285, 5e-7)
	near(t, "p bin 0", rep.ScoreTests[0].PValue, 0.942048, 5e-7)
	if rep.ScoreTests[0].Light != Green || rep.ScoreTests[0].DevCount != 565 || rep.ScoreTests[0].CurEvents != 216 {
		t.Errorf("bin 0: %+v", rep.ScoreTests[0])
	}
	v := rep.Variables[0]
	if v.Name != "v" || len(v.Tests) != 3 || len(v.CSI.Expected) != 3 {
		t.Fatalf("variable: %+v", v)
	}
	// CSI over the variable's three bins equals PSI of the pooled counts.
	e := []float64{565 + 729 + 417 + 845, 803 + 1015 + 752, 807 + 565 + 823}
	a := []float64{236 + 310 + 185 + 352, 334 + 416 + 298, 331 + 269 + 407}
	want, _ := CSI(e, a, StabilityOptions{})
	near(t, "CSI", v.CSI.PSI, want.PSI, 1e-15)
	if rep.AUC.Dev.N != 7321 || rep.AUC.Cur.N != 3138 || rep.AUC.Source == "" {
		t.Errorf("AUC: %+v", rep.AUC)
	}
	ch, _ := CompareAUC(rep.AUC.Dev, rep.AUC.Cur)
	if ch != rep.AUC.Change {
		t.Errorf("change %+v, want %+v", rep.AUC.Change, ch)
	}
}

// TestMonitorShift checks the lights on a sample whose current scores have
// moved and whose score has lost its power.
func TestMonitorShift(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	mk := func(n int, shift, power float64) MonitorSample {
		var s MonitorSample
		s.Bins = [][]int{make([]int, n)}
		for i := range n {
			d := r.Float64() < 0.2
			x := r.NormFloat64() + shift
			if d {
				x += power
			}
			s.Scores = append(s.Scores, x)
			s.Defaults = append(s.Defaults, d)
			s.Bins[0][i] = min(max(int(x+shift+2), 0), 5)
		}
		return s
	}
	dev, cur := mk(5000, 0, 1.5), mk(5000, 1, 0.2)
	rep, err := Monitor(dev, cur, MonitorOptions{Order: HigherRiskier})
	if err != nil {
		t.Fatal(err)
	}
	if rep.System.Light != Red || rep.AUC.Light != Red || rep.Light != Red {
		t.Errorf("lights: system %v, AUC %v (%+v), report %v", rep.System.Light, rep.AUC.Light, rep.AUC.Change, rep.Light)
	}
	if rep.AUC.Change.Diff >= 0 || rep.AUC.Change.PValue > 1e-6 {
		t.Errorf("AUC change %+v", rep.AUC.Change)
	}
	if len(rep.System.Cuts) != 9 || rep.Variables[0].Name != "x0" {
		t.Errorf("cuts %v, name %q", rep.System.Cuts, rep.Variables[0].Name)
	}
	// Same population: green.
	rep, err = Monitor(dev, dev, MonitorOptions{Order: HigherRiskier})
	if err != nil || rep.Light != Green || rep.System.PSI != 0 || rep.AUC.Change.PValue != 1 {
		t.Errorf("same sample: light %v, PSI %v, AUC %+v, %v", rep.Light, rep.System.PSI, rep.AUC.Change, err)
	}
}

func TestMonitorErrors(t *testing.T) {
	dev, cur := rc5Samples()
	o := MonitorOptions{Order: HigherSafer}
	bad := func(f func(d, c *MonitorSample, o *MonitorOptions)) error {
		d, c := dev, cur
		d.Bins = [][]int{append([]int(nil), dev.Bins[0]...)}
		oo := o
		f(&d, &c, &oo)
		_, err := Monitor(d, c, oo)
		return err
	}
	tests := []struct {
		name  string
		err   error
		want  error
		field string
	}{
		{"order", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.Order = 0 }), ErrScoreOrder, "opts.Order"},
		{"empty", bad(func(d, c *MonitorSample, o *MonitorOptions) { c.Scores = nil }), ErrEmpty, "cur.Scores"},
		{"defaults", bad(func(d, c *MonitorSample, o *MonitorOptions) { d.Defaults = d.Defaults[1:] }), ErrLength, "len(dev.Defaults)"},
		{"bins len", bad(func(d, c *MonitorSample, o *MonitorOptions) { d.Bins[0] = d.Bins[0][1:] }), ErrLength, "len(dev.Bins[0])"},
		{"bins count", bad(func(d, c *MonitorSample, o *MonitorOptions) { c.Bins = nil }), ErrLength, "len(cur.Bins)"},
		{"negative bin", bad(func(d, c *MonitorSample, o *MonitorOptions) { d.Bins[0][5] = -1 }), ErrCount, "dev.Bins[0][5]"},
		{"huge bin", bad(func(d, c *MonitorSample, o *MonitorOptions) { d.Bins[0][5] = 1 << 40 }), ErrLimit, "dev.Bins[0][5]"},
		{"names", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.Variables = []string{"a", "b"} }), ErrLength, "len(opts.Variables)"},
		{"red", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.RedP = 2 }), ErrOptions, "opts.RedP"},
		{"yellow", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.RedP, o.YellowP = 0.1, 0.05 }), ErrOptions, "opts.YellowP"},
		{"nan score", bad(func(d, c *MonitorSample, o *MonitorOptions) {
			d.Scores = append([]float64(nil), d.Scores...)
			d.Scores[3] = math.NaN()
		}), ErrNotFinite, "dev.scores[3]"},
		{"class", bad(func(d, c *MonitorSample, o *MonitorOptions) { c.Defaults = make([]bool, len(c.Scores)) }), ErrSingleClass, "cur.defaults"},
		{"cuts", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.ScoreCuts = []float64{2, 1} }), ErrOptions, "opts.ScoreCuts[1]"},
		{"score bins", bad(func(d, c *MonitorSample, o *MonitorOptions) { o.ScoreBins = MaxBins + 1 }), ErrLimit, "opts.ScoreBins"},
	}
	for _, tc := range tests {
		var ie *InputError
		if !errors.Is(tc.err, tc.want) || !errors.As(tc.err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: %v, want %v at %q", tc.name, tc.err, tc.want, tc.field)
		}
	}
}

// FuzzEstimateAUC compares the sorted-pass DeLong variance with the
// O(D·G) definition on fuzzed small samples (scores from the bytes, ties
// frequent), and checks that Monitor never fails on samples that
// EstimateAUC accepts (unclamped: any bytes).
func FuzzEstimateAUC(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, uint16(0b1010010110))
	f.Add([]byte{0, 0, 0, 0, 255, 255}, uint16(0b110011))
	f.Fuzz(func(t *testing.T, b []byte, mask uint16) {
		if len(b) > 64 { // the brute force is O(n²); longer inputs add nothing
			b = b[:64]
		}
		s := make([]float64, len(b))
		d := make([]bool, len(b))
		bins := make([]int, len(b))
		for i, v := range b {
			s[i] = float64(v%7) - 3
			d[i] = mask&(1<<(i%16)) != 0
			bins[i] = int(v % 4)
		}
		e, err := EstimateAUC(s, d, HigherRiskier)
		if err != nil && !errors.Is(err, ErrFewDefaults) {
			return
		}
		auc, se := bruteDeLong(s, d)
		if math.Abs(e.AUC-auc) > 1e-12 || math.Abs(e.SE-se) > 1e-12 || math.IsNaN(e.SEHanleyMcNeil) || e.Lower > e.AUC || e.Upper < e.AUC {
			t.Fatalf("scores %v defaults %v: %+v, brute AUC %v SE %v", s, d, e, auc, se)
		}
		smp := MonitorSample{Scores: s, Defaults: d, Bins: [][]int{bins}}
		rep, err := Monitor(smp, smp, MonitorOptions{Order: HigherRiskier})
		if err != nil {
			t.Fatalf("Monitor: %v", err)
		}
		if rep.AUC.Change.PValue != 1 || rep.System.PSI != 0 || rep.Light.Compare(Green) != 0 {
			t.Fatalf("same sample: %+v", rep.AUC.Change)
		}
	})
}

// BenchmarkMonitor runs the monitoring report on a development sample of
// 300,000 rows and a new sample of 100,000 rows with 16 variables of 6
// bins each.
func BenchmarkMonitor(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	mk := func(n int) MonitorSample {
		s := MonitorSample{Scores: make([]float64, n), Defaults: make([]bool, n), Bins: make([][]int, 16)}
		for j := range s.Bins {
			s.Bins[j] = make([]int, n)
		}
		for i := range n {
			x := r.NormFloat64()
			s.Defaults[i] = r.Float64() < 1/(1+math.Exp(2+x))
			s.Scores[i] = math.Round(600 + 50*x)
			for j := range s.Bins {
				s.Bins[j][i] = min(max(int(x+3+0.5*r.NormFloat64()), 0), 5)
			}
		}
		return s
	}
	dev, cur := mk(300_000), mk(100_000)
	for b.Loop() {
		if _, err := Monitor(dev, cur, MonitorOptions{Order: HigherSafer}); err != nil {
			b.Fatal(err)
		}
	}
}
