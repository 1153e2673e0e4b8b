package monitor

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.3, tabular CUSUM example
// (itl.nist.gov/div898/handbook/pmc/section3/pmc323.htm): 20 subgroup means, μ₀ = 325,
// σ = 0.635, k = 0.3175 (0.5σ), h = 4.1959.
var nistCUSUMData = []float64{324.925, 324.675, 324.725, 324.350, 325.350, 325.225, 324.125, 324.525,
	325.225, 324.600, 324.625, 325.150, 328.325, 327.250, 327.825, 328.500, 326.675, 327.775, 326.875, 328.350}

func nistCUSUM(t testing.TB) *CUSUM {
	c, err := NewCUSUM(CUSUMParams{Target: 325, Sigma: 0.635, K: 0.5, H: 4.1959 / 0.635})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCUSUMNIST(t *testing.T) {
	c := nistCUSUM(t)
	pts, err := c.Run(nistCUSUMData)
	if err != nil {
		t.Fatal(err)
	}
	// C⁺ from the handbook's table (NIST e-Handbook §6.3.2.3): 0 for
	// observations 1–4, 0.0325 at 5, 0 for 6–12, then 3.0075, 4.9400, 7.4475, 10.6300,
	// 11.9875, 14.4450, 16.0025, 19.0350.
	wantUpper := []float64{0, 0, 0, 0, 0.0325, 0, 0, 0, 0, 0, 0, 0,
		3.0075, 4.9400, 7.4475, 10.6300, 11.9875, 14.4450, 16.0025, 19.0350}
	gotUpper := make([]float64, len(pts))
	maxLower, maxLowerAt := 0.0, 0
	for i, p := range pts {
		gotUpper[i] = p.Upper
		if p.Lower > maxLower {
			maxLower, maxLowerAt = p.Lower, i
		}
	}
	if d := cmp.Diff(wantUpper, gotUpper, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("C⁺ (-want +got):\n%s", d)
	}
	// NIST e-Handbook §6.3.2.3 table: C⁻ peaks at 0.715 at observation 8.
	if math.Abs(maxLower-0.715) > 1e-9 || maxLowerAt != 7 {
		t.Errorf("max C⁻ = %g at obs %d, want 0.715 at obs 8", maxLower, maxLowerAt+1)
	}
	a, found, err := c.FirstAlarm(nistCUSUMData)
	if err != nil || !found {
		t.Fatalf("FirstAlarm: found=%v err=%v", found, err)
	}
	// NIST handbook: first out-of-control signal at observation 14, upper side; the upward
	// run began at observation 13 (C⁺ was 0 at 12).
	if a.Index != 13 || a.Side != Up || a.Onset != 12 {
		t.Errorf("alarm = %+v, want index 13 (obs 14), Up, onset 12 (obs 13)", a)
	}
	// New-mean estimate μ₀ + K + C⁺/N⁺ = 325 + 0.3175 + 4.94/2 (Montgomery §9.1.2).
	if want := 325 + 0.3175 + 4.94/2; math.Abs(a.NewMean-want) > 1e-9 {
		t.Errorf("NewMean = %v, want %v", a.NewMean, want)
	}
}

func TestCUSUMHeadStart(t *testing.T) {
	// With a FIR head start of H/2 an immediate shift is caught earlier (Lucas & Crosier 1982).
	shifted := make([]float64, 10)
	for i := range shifted {
		shifted[i] = 1.5 // a 1.5σ upward shift from the first point
	}
	plain, _ := NewCUSUM(CUSUMParams{Sigma: 1, K: 0.5, H: 5})
	fir, _ := NewCUSUM(CUSUMParams{Sigma: 1, K: 0.5, H: 5, HeadStart: 2.5})
	a1, _, _ := plain.FirstAlarm(shifted)
	a2, _, _ := fir.FirstAlarm(shifted)
	// C⁺ grows by 1 per point: plain alarms when i+1 > 5 (index 5), FIR when 2.5 + i+1 > 5 (index 2).
	if a1.Index != 5 || a2.Index != 2 {
		t.Errorf("alarm indices plain %d, FIR %d; want 5 and 2", a1.Index, a2.Index)
	}
}

func TestCUSUMLower(t *testing.T) {
	c, _ := NewCUSUM(CUSUMParams{Target: 10, Sigma: 1, K: 0.5, H: 4})
	x := []float64{10, 10, 8, 8, 8, 8}
	a, found, err := c.FirstAlarm(x)
	if err != nil || !found {
		t.Fatal(found, err)
	}
	// C⁻ grows by (10 − 0.5) − 8 = 1.5 per low point: 1.5, 3, 4.5 > 4 at index 4, onset 2.
	if a.Side != Down || a.Index != 4 || a.Onset != 2 || math.Abs(a.NewMean-(10-0.5-4.5/3)) > 1e-12 {
		t.Errorf("alarm = %+v", a)
	}
}

func TestCUSUMParamErrors(t *testing.T) {
	tests := []struct {
		name string
		p    CUSUMParams
		bad  string
	}{
		{"zero sigma", CUSUMParams{Sigma: 0, H: 4}, "sigma"},
		{"h zero", CUSUMParams{Sigma: 1, H: 0}, "h"},
		{"h negative", CUSUMParams{Sigma: 1, H: -1}, "h"},
		{"k negative", CUSUMParams{Sigma: 1, K: -0.1, H: 4}, "k"},
		{"head start ≥ h", CUSUMParams{Sigma: 1, H: 4, HeadStart: 4}, "headStart"},
		{"NaN target", CUSUMParams{Target: math.NaN(), Sigma: 1, H: 4}, "target"},
		{"Inf h", CUSUMParams{Sigma: 1, H: math.Inf(1)}, "h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCUSUM(tt.p)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.bad || !errors.Is(err, ErrInvalidParameter) {
				t.Errorf("err = %v, want ErrInvalidParameter for %s", err, tt.bad)
			}
		})
	}
	c := nistCUSUM(t)
	_, err := c.Run([]float64{1, math.NaN()})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "x[1]" {
		t.Errorf("Run with NaN: err = %v, want InputError at index 1", err)
	}
}

// TestCUSUMOverflow: sums that overflow float64 are reported as an input error at the point
// where they overflow, never returned as +Inf.
func TestCUSUMOverflow(t *testing.T) {
	c, err := NewCUSUM(CUSUMParams{Sigma: 1, K: 0.5, H: 4})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		x    []float64
		idx  int
	}{
		{"upper sum overflows at 1", []float64{1e308, 1e308}, 1},
		{"lower sum overflows at 2", []float64{0, -1e308, -1e308}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pts, err := c.Run(tt.x)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != fmt.Sprintf("x[%d]", tt.idx) || !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("Run: err = %v, want InputError at index %d", err, tt.idx)
			}
			for _, p := range pts {
				if !finite(p.Upper) || !finite(p.Lower) {
					t.Errorf("Run returned a non-finite sum: %+v", p)
				}
			}
			p := c.Start()
			for i, v := range tt.x {
				if p, err = c.Step(p, v); err != nil {
					if i != tt.idx {
						t.Errorf("Step failed at %d, want %d", i, tt.idx)
					}
					break
				}
			}
			if err == nil {
				t.Error("Step: no error")
			}
		})
	}
	if _, err := NewCUSUM(CUSUMParams{Sigma: 1e300, K: 1e300, H: 4}); !errors.Is(err, ErrInvalidParameter) {
		t.Errorf("NewCUSUM with K·σ overflowing: err = %v, want ErrInvalidParameter", err)
	}
}

// TestCUSUMClampBits holds sums's branch-free reset to the comparison it replaced, bit for
// bit (a −0 sum resets to +0, a NaN stays NaN, infinities pass or reset), so the batch and
// loan-by-loan charts, which must agree exactly, can use either.
func TestCUSUMClampBits(t *testing.T) {
	c, err := NewCUSUM(CUSUMParams{Target: 0, Sigma: 1, K: 0, H: 4})
	if err != nil {
		t.Fatal(err)
	}
	branchy := func(s float64) float64 {
		if s <= 0 {
			s = 0
		}
		return s
	}
	negZero := math.Copysign(0, -1)
	vals := []float64{0, negZero, 1, -1, 5e-324, -5e-324, math.Inf(1), math.Inf(-1), math.NaN(), 1e308}
	for _, s := range vals {
		for _, x := range vals {
			up, lo := c.sums(s, s, x)
			// k = 0 and target 0: C⁺ adds x, C⁻ adds −x
			wantUp, wantLo := branchy(s+x), branchy(s+(0-x))
			if math.Float64bits(up) != math.Float64bits(wantUp) && !(math.IsNaN(up) && math.IsNaN(wantUp)) ||
				math.Float64bits(lo) != math.Float64bits(wantLo) && !(math.IsNaN(lo) && math.IsNaN(wantLo)) {
				t.Errorf("sums(%v, %v, %v) = %v, %v; want %v, %v", s, s, x, up, lo, wantUp, wantLo)
			}
		}
	}
}

// NIST/SEMATECH e-Handbook §6.3.2.4 EWMA example
// (itl.nist.gov/div898/handbook/pmc/section3/pmc324.htm).
var nistEWMAData = []float64{52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5,
	49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1}

func TestEWMANIST(t *testing.T) {
	// z₀ = 50, s = 2.0539, λ = 0.3, L = 3.
	e, err := NewEWMA(EWMAParams{Target: 50, Sigma: 2.0539, Lambda: 0.3, L: 3, Limits: AsymptoticLimits})
	if err != nil {
		t.Fatal(err)
	}
	pts, err := e.Run(nistEWMAData)
	if err != nil {
		t.Fatal(err)
	}
	// EWMA values printed by the handbook (2 decimals).
	want := []float64{50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33,
		50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99}
	got := make([]float64, len(pts))
	for i, p := range pts {
		got[i] = math.Round(p.Z*100) / 100
		// Handbook: UCL = 52.5884, LCL = 47.4115 (50 − 2.5884 = 47.4116 to 4 decimals).
		if math.Abs(p.UCL-52.5884) > 5e-5 || math.Abs(p.LCL-47.4116) > 5e-5 {
			t.Errorf("point %d limits %v, %v", i+1, p.LCL, p.UCL)
		}
		// Raw points 53.0 and 53.6 exceed the UCL, but the chart tests z: no alarm.
		if p.Alarm {
			t.Errorf("point %d alarms; the handbook example has none", i+1)
		}
	}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("EWMA (-want +got):\n%s", d)
	}
	if _, _, found, _ := e.FirstAlarm(nistEWMAData); found {
		t.Error("FirstAlarm found an alarm")
	}
}

func TestEWMAExactLimits(t *testing.T) {
	e, _ := NewEWMA(EWMAParams{Target: 50, Sigma: 2.0539, Lambda: 0.3, L: 3})
	pts, _ := e.Run(nistEWMAData)
	// NIST e-Handbook §6.3.2.4 data with the exact-limit formula of Montgomery §9.2
	// (μ₀ ± Lσ√(λ/(2−λ)·(1−(1−λ)^2i))) worked by hand: 48.1515/51.8485 at i = 1 and
	// 47.7436/52.2564 at i = 2; still no alarm.
	wants := [][2]float64{{48.1515, 51.8485}, {47.7436, 52.2564}}
	for i, w := range wants {
		if math.Abs(pts[i].LCL-w[0]) > 5e-5 || math.Abs(pts[i].UCL-w[1]) > 5e-5 {
			t.Errorf("i=%d limits %.4f/%.4f, want %v", i+1, pts[i].LCL, pts[i].UCL, w)
		}
	}
	for i, p := range pts {
		if p.Alarm {
			t.Errorf("point %d alarms", i+1)
		}
	}
	// Exact limits widen monotonically towards the asymptotic ones.
	for i := 1; i < len(pts); i++ {
		if pts[i].UCL < pts[i-1].UCL {
			t.Errorf("UCL shrinks at %d", i)
		}
	}
}

func TestEWMALambdaOneIsShewhart(t *testing.T) {
	// λ = 1: z = x and the limits are μ₀ ± Lσ for every point (Montgomery §9.2).
	e, _ := NewEWMA(EWMAParams{Target: 0, Sigma: 1, Lambda: 1, L: 3})
	i, side, found, err := e.FirstAlarm([]float64{1, -2, 2.9, -3.1})
	if err != nil || !found || i != 3 || side != Down {
		t.Errorf("got %d %v %v %v, want index 3 down", i, side, found, err)
	}
}

func TestEWMAParamErrors(t *testing.T) {
	tests := []struct {
		name string
		p    EWMAParams
		bad  string
	}{
		{"lambda zero", EWMAParams{Sigma: 1, Lambda: 0, L: 3}, "lambda"},
		{"lambda above one", EWMAParams{Sigma: 1, Lambda: 1.01, L: 3}, "lambda"},
		{"lambda NaN", EWMAParams{Sigma: 1, Lambda: math.NaN(), L: 3}, "lambda"},
		{"L zero", EWMAParams{Sigma: 1, Lambda: 0.2, L: 0}, "l"},
		{"sigma negative", EWMAParams{Sigma: -1, Lambda: 0.2, L: 3}, "sigma"},
		{"bad limits", EWMAParams{Sigma: 1, Lambda: 0.2, L: 3, Limits: 7}, "limits"},
		{"limits overflow", EWMAParams{Sigma: 1e300, Lambda: 0.2, L: 1e300}, "l"},
		{"limits overflow near max target", EWMAParams{Target: 1.7e308, Sigma: 1e300, Lambda: 1, L: 1e8}, "l"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewEWMA(tt.p)
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tt.bad || !errors.Is(err, ErrInvalidParameter) {
				t.Errorf("err = %v, want ErrInvalidParameter for %s", err, tt.bad)
			}
		})
	}
}

func TestZScore(t *testing.T) {
	hist := []float64{2, 4, 4, 4, 5, 5, 7, 9} // mean 5, sample sd √(32/7)
	tests := []struct {
		name    string
		hist    []float64
		x       float64
		min     int
		robust  bool
		want    float64
		wantErr error
	}{
		{"classic", hist, 11, 6, false, 6 / math.Sqrt(32.0/7), nil},
		// median 4.5, |h−4.5| = 2.5 .5 .5 .5 .5 .5 2.5 4.5 → MAD 0.5, ×1.4826.
		{"robust", hist, 11, 6, true, 6.5 / (0.5 * madScale), nil},
		{"short", hist[:5], 11, 6, false, 0, ErrShortHistory},
		{"constant", []float64{3, 3, 3, 3, 3, 3}, 4, 6, false, 0, ErrZeroSpread},
		{"robust constant majority", []float64{3, 3, 3, 3, 9, 1}, 4, 6, true, 0, ErrZeroSpread},
		{"NaN x", hist, math.NaN(), 6, false, 0, ErrInvalidInput},
		{"Inf in hist", []float64{1, 2, math.Inf(1), 3, 4, 5}, 1, 6, false, 0, ErrInvalidInput},
		{"sd overflows", []float64{1e308, -1e308, 1e308}, 2, 2, false, 0, ErrOverflow},
		{"z overflows", []float64{0, 1e-150}, 1e300, 2, false, 0, ErrOverflow},
		{"robust deviation overflows", []float64{1e308, -1e308, 1e308}, 2, 2, true, 0, ErrOverflow},
		{"robust MAD overflows", []float64{1.5e308, -1.5e308, 0, 1.5e308, -1.5e308}, 2, 2, true, 0, ErrOverflow},
		// median (1.2 + 1.6)/2·10³⁰⁸ = 1.4e308 although the sum overflows; MAD 0.25e308.
		{"robust median of two large values", []float64{1e308, 1.2e308, 1.6e308, 1.7e308}, 1.65e308, 2, true, 1 / madScale, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var z float64
			var err error
			if tt.robust {
				z, err = RobustZScore(nil, tt.hist, tt.x, tt.min)
			} else {
				z, err = ZScore(tt.hist, tt.x, tt.min)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || math.Abs(z-tt.want) > 1e-12 {
				t.Errorf("z = %v, %v; want %v", z, err, tt.want)
			}
		})
	}
	// The robust z-score is not moved by one wild point in the history; the classic one is.
	wild := append([]float64{}, hist...)
	wild[0] = 1000
	zr, _ := RobustZScore(nil, wild, 11, 6)
	zc, _ := ZScore(wild, 11, 6)
	if zr < 3 || zc > 1 {
		t.Errorf("robust %v, classic %v: the outlier should mask only the classic z", zr, zc)
	}
}

func TestDetectorsDoNotAllocate(t *testing.T) {
	x := make([]float64, 1000)
	for i := range x {
		x[i] = float64(i % 7)
	}
	c, _ := NewCUSUM(CUSUMParams{Target: 3, Sigma: 2, K: 0.5, H: 5})
	e, _ := NewEWMA(EWMAParams{Target: 3, Sigma: 2, Lambda: 0.2, L: 3})
	cp := make([]CUSUMPoint, 0, len(x))
	ep := make([]EWMAPoint, 0, len(x))
	scratch := make([]float64, len(x))
	for name, f := range map[string]func(){
		"CUSUM.RunTo":      func() { cp, _ = c.RunTo(cp, x) },
		"CUSUM.FirstAlarm": func() { _, _, _ = c.FirstAlarm(x) },
		"EWMA.RunTo":       func() { ep, _ = e.RunTo(ep, x) },
		"EWMA.FirstAlarm":  func() { _, _, _, _ = e.FirstAlarm(x) },
		"ZScore":           func() { _, _ = ZScore(x[:999], x[999], 12) },
		"RobustZScore":     func() { _, _ = RobustZScore(scratch, x[:999], x[999], 12) },
	} {
		if a := testing.AllocsPerRun(10, f); a != 0 {
			t.Errorf("%s allocates %v times", name, a)
		}
	}
}

// TestNilCharts: a nil or zero *CUSUM or *EWMA (one not built by NewCUSUM or NewEWMA, e.g.
// after an ignored constructor error) used to panic with a nil dereference; every method
// that can fail now returns an *InputError naming the chart, and the others return zero.
func TestNilCharts(t *testing.T) {
	x := []float64{1, 2}
	for name, c := range map[string]*CUSUM{"nil": nil, "zero": {}} {
		checks := map[string]error{}
		_, checks["Run"] = c.Run(x)
		_, checks["RunTo"] = c.RunTo(make([]CUSUMPoint, 1), x)
		_, _, checks["FirstAlarm"] = c.FirstAlarm(x)
		_, checks["Step"] = c.Step(c.Start(), 1)
		for m, err := range checks {
			var ie *InputError
			if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != "CUSUM" {
				t.Errorf("%s CUSUM.%s err = %v, want ErrInvalidInput naming CUSUM", name, m, err)
			}
		}
		if c.Limit() != 0 || c.Params() != (CUSUMParams{}) {
			t.Errorf("%s CUSUM: Limit %v, Params %+v", name, c.Limit(), c.Params())
		}
	}
	for name, e := range map[string]*EWMA{"nil": nil, "zero": {}} {
		checks := map[string]error{}
		_, checks["Run"] = e.Run(x)
		_, checks["RunTo"] = e.RunTo(nil, x)
		_, _, _, checks["FirstAlarm"] = e.FirstAlarm(x)
		for m, err := range checks {
			var ie *InputError
			if !errors.Is(err, ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != "EWMA" {
				t.Errorf("%s EWMA.%s err = %v, want ErrInvalidInput naming EWMA", name, m, err)
			}
		}
		if e.Params() != (EWMAParams{}) {
			t.Errorf("%s EWMA: Params %+v", name, e.Params())
		}
	}
}

// TestNilReceivers: the accessors of a nil *SignalSet and *Restructuring return zero values
// instead of dereferencing nil.
func TestNilReceivers(t *testing.T) {
	var s *SignalSet
	if s.Len() != 0 || s.Spec().Kind != "" || len(s.Spec().Rules) != 0 {
		t.Errorf("nil SignalSet: Len %d, Spec %+v", s.Len(), s.Spec())
	}
	var r *Restructuring
	if r.ObservationEnded(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("nil Restructuring: observation ended")
	}
}
