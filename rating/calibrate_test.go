package rating_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/smecredit/smecredit/rating"
)

func TestCalibratePDPublished(t *testing.T) {
	// Wikipedia, "Logistic regression", example "Probability of passing an
	// exam versus hours of study" (20 students): intercept −4.0777 (SE
	// 1.7610), hours 1.5046 (SE 0.6287). Hours serve as scores here.
	hours := []float64{0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50, 2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50}
	pass := []int{0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1}
	y := make([]bool, len(pass))
	for i, p := range pass {
		y[i] = p == 1
	}
	c, err := rating.CalibratePD(hours, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, chk := range []struct {
		name      string
		got, want float64
	}{
		{"intercept", c.Intercept, -4.0777}, {"slope", c.Slope, 1.5046},
		{"SE intercept", c.SEIntercept, 1.7610}, {"SE slope", c.SESlope, 0.6287},
	} {
		if math.Abs(chk.got-chk.want) > 5e-4 {
			t.Errorf("%s = %.5f, want %.4f", chk.name, chk.got, chk.want)
		}
	}
	// Same source: 2 hours → P(pass) 0.26, 4 hours → 0.87.
	for _, p := range []struct{ h, want float64 }{{2, 0.26}, {4, 0.87}} {
		got, _ := c.PD(p.h)
		if math.Abs(got-p.want) > 0.005 {
			t.Errorf("PD(%g) = %.3f, want %.2f", p.h, got, p.want)
		}
	}
	// A rising slope cannot order a master scale.
	if _, err := c.MasterScaleSpec(rating.DefaultSMEMasterScaleSpec()); !errors.Is(err, rating.ErrCalibration) {
		t.Errorf("ScaleSpec with positive slope: %v", err)
	}
}

func TestCalibratedScale(t *testing.T) {
	// Simulate defaults from a known logistic law (a = 1, b = −0.08) and
	// recover it within 3 standard errors (property, fixed seed).
	rng := rand.New(rand.NewPCG(7, 11))
	n := 20000
	s := make([]float64, n)
	d := make([]bool, n)
	for i := range s {
		s[i] = 100 * rng.Float64()
		d[i] = rng.Float64() < 1/(1+math.Exp(-(1-0.08*s[i])))
	}
	c, err := rating.CalibratePD(s, d)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Intercept-1) > 3*c.SEIntercept || math.Abs(c.Slope+0.08) > 3*c.SESlope {
		t.Errorf("fit a=%g±%g b=%g±%g, want 1 and −0.08", c.Intercept, c.SEIntercept, c.Slope, c.SESlope)
	}
	spec, err := c.MasterScaleSpec(rating.DefaultSMEMasterScaleSpec())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := rating.CompileMasterScale(spec)
	if err != nil {
		t.Fatalf("calibrated scale invalid: %v", err)
	}
	// AAA band 90–100 → PD at 95; D keeps PD 1.
	want, _ := c.PD(95)
	if got, _ := sc.PD(1); got != want {
		t.Errorf("AAA PD %g, want PD(95) = %g", got, want)
	}
	if got, _ := sc.PD(sc.DefaultGrade()); got != 1 {
		t.Errorf("default PD %g", got)
	}
}

func TestCalibrateErrors(t *testing.T) {
	tests := []struct {
		name     string
		s        []float64
		d        []bool
		sentinel error
	}{
		{"empty", nil, nil, rating.ErrShape},
		{"length", []float64{1, 2}, []bool{true}, rating.ErrShape},
		{"score out of range", []float64{1, 120}, []bool{true, false}, rating.ErrInvalidInput},
		{"NaN", []float64{math.NaN(), 1}, []bool{true, false}, rating.ErrInvalidInput},
		{"one class", []float64{1, 2, 3}, []bool{false, false, false}, rating.ErrCalibration},
		{"separation", []float64{1, 2, 3, 4}, []bool{true, true, false, false}, rating.ErrCalibration},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := rating.CalibratePD(tt.s, tt.d)
			if c != nil || !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, %v; want %v", c, err, tt.sentinel)
			}
		})
	}
	var c rating.Calibration
	if _, err := c.PD(-1); !errors.Is(err, rating.ErrInvalidInput) {
		t.Errorf("PD(-1): %v", err)
	}
}
