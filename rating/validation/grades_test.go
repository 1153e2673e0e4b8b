package validation

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReportGrades: p-values from SciPy 1.10.1 (binomtest, beta.cdf), see
// TestBinomialAndJeffreys; lights from the documented thresholds 0.05 and
// 0.001 (Tasche 2003 traffic lights at 95 % and 99.9 %).
func TestReportGrades(t *testing.T) {
	in := []GradeInput{
		{Grade: "A", Obligors: 100, Defaults: 3, PD: 0.01},  // Jeffreys 0.0393245, binomial 0.0793732
		{Grade: "B", Obligors: 400, Defaults: 12, PD: 0.02}, // Jeffreys 0.0830668, binomial 0.1097331
		{Grade: "C", Obligors: 200, Defaults: 10, PD: 0.01}, // Jeffreys 1.6815e-5, binomial 4.0142e-5
		{Grade: "D", Obligors: 500, Defaults: 27, PD: 0.03}, // Jeffreys 0.0020377, binomial 0.0028548
	}
	rep, err := ReportGrades(in, GradeReportOptions{})
	var w *FewDefaultsWarning
	if !errors.As(err, &w) {
		t.Fatalf("err = %v, want *FewDefaultsWarning for grade A (3 defaults < 5)", err)
	}
	if d := cmp.Diff([]string{"A"}, w.Items); d != "" || w.Defaults != 3 || w.MinDefaults != DefaultMinGradeDefaults {
		t.Errorf("weak grades (-want +got):\n%s %+v", d, w)
	}
	wantLights := []Light{Yellow, Green, Red, Yellow}
	wantJ := []float64{0.03932450473955552, 0.08306679956435398, 1.681486607969074e-05, 0.002037719861205291}
	wantB := []float64{0.07937320225218046, 0.10973307622422983, 4.014180884713425e-05, 0.0028548063044819094}
	wantB2 := []float64{0.07937320225218046, 0.15068473129466278, 4.014180884713425e-05, 0.0036091955644406166}
	for i, r := range rep.Rows {
		if r.Light != wantLights[i] {
			t.Errorf("grade %s light %v, want %v", r.Grade, r.Light, wantLights[i])
		}
		if math.Abs(r.JeffreysP-wantJ[i]) > 1e-9 || math.Abs(r.BinomialP-wantB[i]) > 1e-9 || math.Abs(r.Binomial2P-wantB2[i]) > 1e-9 {
			t.Errorf("grade %s p-values %v %v %v", r.Grade, r.JeffreysP, r.BinomialP, r.Binomial2P)
		}
		if r.DefaultRate != float64(in[i].Defaults)/float64(in[i].Obligors) {
			t.Errorf("grade %s DR %v", r.Grade, r.DefaultRate)
		}
	}
	// Total: 52 of 1,200 against the obligor-weighted PD 0.0216667:
	// SciPy binomtest greater 3.477080312471385e-06, beta.cdf 2.3941449627892466e-06.
	if rep.Total.Obligors != 1200 || rep.Total.Defaults != 52 || math.Abs(rep.Total.PD-0.021666666666666667) > 1e-15 {
		t.Errorf("total %+v", rep.Total)
	}
	if math.Abs(rep.Total.BinomialP-3.477080312471385e-06) > 1e-12 || math.Abs(rep.Total.JeffreysP-2.3941449627892466e-06) > 1e-12 || rep.Total.Light != Red {
		t.Errorf("total tests %+v", rep.Total)
	}
	// Hand-derived: shares 1/12, 4/12, 2/12, 5/12 → HI = 46/144 = 0.3194444,
	// HI* = (HI − 1/4)/(3/4) = 0.0925926.
	if math.Abs(rep.Herfindahl-46.0/144) > 1e-15 || math.Abs(rep.HerfindahlNormalized-0.09259259259259256) > 1e-12 {
		t.Errorf("Herfindahl %v, %v", rep.Herfindahl, rep.HerfindahlNormalized)
	}
	// The binomial test sets the lights when asked: A turns green.
	rb, _ := ReportGrades(in, GradeReportOptions{Test: BinomialLight, MinDefaults: -1})
	if rb.Rows[0].Light != Green || rb.Rows[2].Light != Red {
		t.Errorf("binomial lights %v %v", rb.Rows[0].Light, rb.Rows[2].Light)
	}
}

func TestReportGradesErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    []GradeInput
		opts  GradeReportOptions
		want  error
		field string
	}{
		{"empty", nil, GradeReportOptions{}, ErrEmpty, "grades"},
		{"no obligors", []GradeInput{{Grade: "A", PD: 0.1}}, GradeReportOptions{}, ErrCount, "grades[0].Obligors"},
		{"defaults > obligors", []GradeInput{{"A", 10, 1, 0.1}, {"B", 1, 2, 0.1}}, GradeReportOptions{}, ErrCount, "grades[1].Defaults"},
		{"PD", []GradeInput{{"A", 10, 1, -0.1}}, GradeReportOptions{}, ErrProbability, "grades[0].PD"},
		{"levels", []GradeInput{{"A", 10, 1, 0.1}}, GradeReportOptions{YellowLevel: 0.01, RedLevel: 0.05}, ErrOptions, "opts.RedLevel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReportGrades(tc.in, tc.opts)
			var ie *InputError
			if !errors.Is(err, tc.want) || !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("err = %v, want %v at %s", err, tc.want, tc.field)
			}
		})
	}
}

func TestTallyGrades(t *testing.T) {
	got, err := TallyGrades(
		[]string{"B", "A", "B", "C", "A", "B"},
		[]float64{0.02, 0.01, 0.02, 0.1, 0.01, 0.02},
		[]bool{false, false, true, true, false, false})
	if err != nil {
		t.Fatal(err)
	}
	want := []GradeInput{{"A", 2, 0, 0.01}, {"B", 3, 1, 0.02}, {"C", 1, 1, 0.1}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, err := TallyGrades([]string{"A"}, []float64{0.1, 0.2}, []bool{true, false}); !errors.Is(err, ErrLength) {
		t.Errorf("length: %v", err)
	}
}

func TestHerfindahl(t *testing.T) {
	for _, tc := range []struct {
		name     string
		counts   []float64
		hi, norm float64
	}{
		{"uniform", []float64{5, 5, 5, 5}, 0.25, 0},
		{"one grade", []float64{0, 7, 0}, 1, 1},
		{"single", []float64{3}, 1, 0},
	} {
		hi, n, err := Herfindahl(tc.counts)
		if err != nil || math.Abs(hi-tc.hi) > 1e-15 || math.Abs(n-tc.norm) > 1e-15 {
			t.Errorf("%s: %v, %v, %v; want %v, %v", tc.name, hi, n, err, tc.hi, tc.norm)
		}
	}
	for _, tc := range []struct {
		name   string
		counts []float64
		want   error
	}{
		{"zero total", []float64{0, 0}, ErrEmpty},
		{"NaN", []float64{1, math.NaN()}, ErrCount},
		// Each count is finite but the total overflows: not an empty input.
		{"total overflows", []float64{1e308, 1e308}, ErrCount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := Herfindahl(tc.counts); !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestOutcomes(t *testing.T) {
	type code int8
	got, err := Outcomes([]code{0, 1, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]bool{false, true, true, false}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	_, err = Outcomes([]int{0, 1, 2})
	var ie *InputError
	if !errors.Is(err, ErrCount) || !errors.As(err, &ie) || ie.Field != "y[2]" || ie.Value != "2" {
		t.Errorf("code 2: %v", err)
	}
}
