package validation

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestBinomialAndJeffreys(t *testing.T) {
	// Expected p-values: SciPy 1.10.1 scipy.stats.binomtest(k, n, p,
	// alternative=...) and scipy.stats.beta.cdf(p, k+0.5, n-k+0.5). The
	// first row is R's binom.test documentation example (Mendel's peas,
	// 682 of 925 against 3/4): two-sided p-value 0.3825.
	tests := []struct {
		d, n                   int
		pd                     float64
		greater, two, less, jf float64
	}{
		{682, 925, 0.75, 0.8240891223524227, 0.38249155957485176, 0.1960092670538832, 0.81421072567306},
		{3, 100, 0.01, 0.07937320225218046, 0.07937320225218046, 0.9816259635553504, 0.03932450473955552},
		{0, 50, 0.02, 1.0, 0.6283982856253909, 0.3641696800871171, 0.845821418273208},
		{12, 400, 0.02, 0.10973307622422983, 0.15068473129466278, 0.9381414958371512, 0.08306679956435398},
		{7, 20, 0.5, 0.9423408508300781, 0.26317596435546875, 0.13158798217773438, 0.9108325857355011},
		{1, 1000, 0.003, 0.9504369171768444, 0.3831837548439673, 0.19869974126795614, 0.8887548288119039},
	}
	const tol = 1e-9
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d of %d at %v", tc.d, tc.n, tc.pd), func(t *testing.T) {
			for alt, want := range map[Alternative]float64{Greater: tc.greater, TwoSided: tc.two, Less: tc.less} {
				got, err := BinomialTest(tc.d, tc.n, tc.pd, alt)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-want) > tol {
					t.Errorf("BinomialTest(%d, %d, %v, %v) = %.12f, want %.12f (SciPy binomtest)", tc.d, tc.n, tc.pd, alt, got, want)
				}
			}
			got, err := JeffreysTest(tc.d, tc.n, tc.pd, Greater)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tc.jf) > tol {
				t.Errorf("JeffreysTest(%d, %d, %v) = %.12f, want %.12f (SciPy beta.cdf)", tc.d, tc.n, tc.pd, got, tc.jf)
			}
			two, _ := JeffreysTest(tc.d, tc.n, tc.pd, TwoSided)
			less, _ := JeffreysTest(tc.d, tc.n, tc.pd, Less)
			if math.Abs(less-(1-tc.jf)) > tol || math.Abs(two-2*min(tc.jf, 1-tc.jf)) > tol {
				t.Errorf("Jeffreys less %v two-sided %v", less, two)
			}
		})
	}
}

func TestBinomialDegenerate(t *testing.T) {
	for _, tc := range []struct {
		d, n int
		pd   float64
		alt  Alternative
		want float64
	}{
		{0, 10, 0, Greater, 1}, {1, 10, 0, Greater, 0}, {1, 10, 0, Less, 1},
		{10, 10, 1, TwoSided, 1}, {9, 10, 1, Less, 0}, {9, 10, 1, Greater, 1},
	} {
		if got, err := BinomialTest(tc.d, tc.n, tc.pd, tc.alt); err != nil || got != tc.want {
			t.Errorf("BinomialTest(%d, %d, %v, %v) = %v, %v; want %v", tc.d, tc.n, tc.pd, tc.alt, got, err, tc.want)
		}
	}
}

func TestTestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		d, n int
		pd   float64
		alt  Alternative
		want error
	}{
		{"no obligors", 0, 0, 0.1, Greater, ErrCount},
		{"too many defaults", 5, 4, 0.1, Greater, ErrCount},
		{"negative defaults", -1, 4, 0.1, Greater, ErrCount},
		{"pd above 1", 1, 4, 1.5, Greater, ErrProbability},
		{"pd NaN", 1, 4, math.NaN(), Greater, ErrProbability},
		{"alternative", 1, 4, 0.1, 9, ErrOptions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := BinomialTest(tc.d, tc.n, tc.pd, tc.alt); !errors.Is(err, tc.want) {
				t.Errorf("binomial: %v, want %v", err, tc.want)
			}
			if _, err := JeffreysTest(tc.d, tc.n, tc.pd, tc.alt); !errors.Is(err, tc.want) {
				t.Errorf("Jeffreys: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestBrierLogLoss(t *testing.T) {
	// scikit-learn documentation examples: brier_score_loss([0, 1, 1, 0],
	// [0.1, 0.9, 0.8, 0.3]) = 0.0375 (sklearn.metrics.brier_score_loss);
	// log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2],
	// [.35, .65]]) = 0.21616... (sklearn.metrics.log_loss; P(spam) is the
	// second column).
	b, err := Brier([]float64{0.1, 0.9, 0.8, 0.3}, []bool{false, true, true, false})
	if err != nil || math.Abs(b-0.0375) > 1e-15 {
		t.Errorf("Brier = %v, %v; want 0.0375", b, err)
	}
	l, err := LogLoss([]float64{0.9, 0.1, 0.2, 0.65}, []bool{true, false, false, true})
	if err != nil || math.Abs(l-0.21616187468057912) > 1e-12 {
		t.Errorf("LogLoss = %v, %v; want 0.216161874", l, err)
	}
	// A certain wrong forecast is clipped, not infinite.
	l, err = LogLoss([]float64{0, 1}, []bool{true, false})
	if err != nil || math.IsInf(l, 0) || math.Abs(l+math.Log(LogLossEpsilon)) > 1e-3 {
		t.Errorf("LogLoss(clipped) = %v, %v", l, err)
	}
	if _, err := Brier([]float64{0.1, 1.1}, []bool{true, false}); !errors.Is(err, ErrProbability) {
		t.Errorf("Brier PD 1.1: %v", err)
	}
	if _, err := LogLoss([]float64{0.1}, []bool{true, false}); !errors.Is(err, ErrLength) {
		t.Errorf("LogLoss length: %v", err)
	}
}

// hlPD and hlY are 60 synthetic obligors (numpy default_rng(5)); the
// expected statistic was computed by an independent script (NumPy, same
// documented grouping: sort by PD then outcome, 6 groups of 10) and the
// p-values by SciPy 1.10.1 chi2.sf(2.8867773048710745, 4 and 6).
var (
	hlPD = []float64{0.487, 0.489, 0.319, 0.186, 0.051, 0.242, 0.257, 0.046, 0.048, 0.6, 0.398, 0.156, 0.272, 0.585, 0.541, 0.51, 0.248, 0.306, 0.412, 0.055, 0.342, 0.177, 0.53, 0.057, 0.414, 0.525, 0.152, 0.539, 0.526, 0.031, 0.43, 0.021, 0.312, 0.273, 0.138, 0.208, 0.488, 0.204, 0.106, 0.425, 0.28, 0.483, 0.157, 0.205, 0.484, 0.314, 0.314, 0.157, 0.028, 0.561, 0.07, 0.51, 0.233, 0.572, 0.252, 0.563, 0.343, 0.159, 0.45, 0.411}
	hlY  = []int{0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0}
)

func TestHosmerLemeshow(t *testing.T) {
	y := make([]bool, len(hlY))
	for i, v := range hlY {
		y[i] = v == 1
	}
	r, err := HosmerLemeshow(hlPD, y, HosmerLemeshowOptions{Groups: 6})
	var w *FewDefaultsWarning
	if !errors.As(err, &w) { // the low-PD groups expect fewer than 5 defaults
		t.Fatalf("err = %v, want *FewDefaultsWarning", err)
	}
	if math.Abs(r.Statistic-2.8867773048710745) > 1e-12 || r.DF != 4 || math.Abs(r.PValue-0.5769482037919608) > 1e-9 {
		t.Errorf("HL = %v df %d p %v; want 2.88677730 df 4 p 0.57694820", r.Statistic, r.DF, r.PValue)
	}
	r2, _ := HosmerLemeshow(hlPD, y, HosmerLemeshowOptions{Groups: 6, OutOfSample: true})
	if r2.DF != 6 || math.Abs(r2.PValue-0.8229174729126666) > 1e-9 {
		t.Errorf("out of sample df %d p %v; want 6, 0.82291747", r2.DF, r2.PValue)
	}
	var n, d int
	var e float64
	for _, g := range r.Groups {
		n += g.N
		d += g.Defaults
		e += g.Expected
	}
	if n != 60 || d != 21 || math.Abs(e-sum(hlPD)) > 1e-9 {
		t.Errorf("groups hold %d obligors, %d defaults, %v expected", n, d, e)
	}
	if _, err := HosmerLemeshow(hlPD, y, HosmerLemeshowOptions{Groups: 2}); !errors.Is(err, ErrOptions) {
		t.Errorf("2 groups: %v", err)
	}
	if _, err := HosmerLemeshow([]float64{0, 0, 0}, []bool{true, false, false}, HosmerLemeshowOptions{Groups: 3}); !errors.Is(err, ErrProbability) {
		t.Errorf("PD 0 with a default: %v", err)
	}
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func FuzzCalibration(f *testing.F) {
	f.Add(3, 100, 0.01, uint8(0))
	f.Add(0, 1, 0.0, uint8(1))
	f.Add(1000000, 1000000, 1.0, uint8(2))
	f.Add(10_000_000_000, 1_000_000_000_000, 0.01, uint8(0))
	f.Add(math.MaxInt, math.MaxInt, 5e-324, uint8(1))
	f.Fuzz(func(t *testing.T, d, n int, pd float64, alt uint8) {
		a := Alternative(alt % 4)
		for name, fn := range map[string]func(int, int, float64, Alternative) (float64, error){"binomial": BinomialTest, "Jeffreys": JeffreysTest} {
			p, err := fn(d, n, pd, a)
			if err != nil {
				mustBeTyped(t, err)
				continue
			}
			if !(p >= 0 && p <= 1) {
				t.Fatalf("%s(%d, %d, %v, %v) = %v", name, d, n, pd, a, p)
			}
		}
	})
}

func FuzzPDTests(f *testing.F) {
	f.Add([]byte{10, 0, 200, 1, 30, 0, 99, 1, 0, 0, 255, 1}, uint8(3))
	f.Add([]byte{0, 1, 0, 1, 0, 1}, uint8(0))
	f.Fuzz(func(t *testing.T, raw []byte, groups uint8) {
		// 2 bytes per obligor: PD = b/250 (values above 1 are invalid on
		// purpose), outcome = low bit.
		n := len(raw) / 2
		pd := make([]float64, n)
		def := make([]bool, n)
		grades := make([]string, n)
		for i := range n {
			pd[i] = float64(raw[2*i]) / 250
			def[i] = raw[2*i+1]&1 == 1
			grades[i] = string(rune('A' + raw[2*i]%5))
		}
		finite := func(name string, v float64) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s = %v", name, v)
			}
		}
		if b, err := Brier(pd, def); err == nil {
			finite("Brier", b)
		}
		if l, err := LogLoss(pd, def); err == nil {
			finite("LogLoss", l)
		}
		if r, err := HosmerLemeshow(pd, def, HosmerLemeshowOptions{Groups: int(groups)}); err == nil || errors.Is(err, ErrFewDefaults) {
			finite("HL", r.Statistic)
			finite("HL p", r.PValue)
		}
		in, err := TallyGrades(grades, pd, def)
		if err != nil {
			return
		}
		rep, err := ReportGrades(in, GradeReportOptions{})
		if err != nil && !errors.Is(err, ErrFewDefaults) {
			return
		}
		for _, r := range append(rep.Rows, rep.Total) {
			for _, v := range []float64{r.BinomialP, r.Binomial2P, r.JeffreysP, r.DefaultRate} {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("row %+v", r)
				}
			}
		}
		finite("Herfindahl", rep.Herfindahl)
	})
}

func BenchmarkHosmerLemeshow(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		s, d := benchScores(n)
		pd := make([]float64, n)
		for i, v := range s {
			pd[i] = 1 / (1 + math.Exp(3-v))
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := HosmerLemeshow(pd, d, HosmerLemeshowOptions{}); err != nil && !errors.Is(err, ErrFewDefaults) {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReportGrades(b *testing.B) {
	for _, k := range []int{10, 25} {
		in := make([]GradeInput, k)
		for i := range in {
			pd := min(0.0005*math.Pow(1.4, float64(i)), 1)
			in[i] = GradeInput{Grade: fmt.Sprint(i), Obligors: 20_000, Defaults: int(20_000 * pd), PD: pd}
		}
		b.Run(fmt.Sprintf("grades=%d", k), func(b *testing.B) {
			for b.Loop() {
				if _, err := ReportGrades(in, GradeReportOptions{}); err != nil && !errors.Is(err, ErrFewDefaults) {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestHosmerLemeshowTooFewObligors: with the default of 10 groups (Groups 0) and fewer than
// 10 obligors the error used to read "opts.Groups = 0: invalid option", a value the
// documentation calls valid; it now says how many groups were used for how many obligors.
func TestHosmerLemeshowTooFewObligors(t *testing.T) {
	pd := []float64{0.1, 0.2, 0.3, 0.4}
	y := []bool{false, true, false, true}
	_, err := HosmerLemeshow(pd, y, HosmerLemeshowOptions{})
	var ie *InputError
	if !errors.Is(err, ErrOptions) || !errors.As(err, &ie) || ie.Field != "opts.Groups" || ie.Value != "0 (10 groups for 4 obligors)" {
		t.Errorf("err = %v, want ErrOptions at opts.Groups = 0 (10 groups for 4 obligors)", err)
	}
	if _, err := HosmerLemeshow(pd, y, HosmerLemeshowOptions{Groups: 2}); !errors.As(err, &ie) || ie.Value != "2" {
		t.Errorf("Groups 2: err = %v, want the value alone", err)
	}
}
