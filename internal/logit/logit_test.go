package logit

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/mat"
)

// germanLR1 builds the design of reference case LR1 in
// testdata/README.md's data set (UCI Statlog German credit, german.data):
// duration, amount/1000, installment rate, age, existing credits, and
// dummies for checking status A12, A13, A14.
func germanLR1(t testing.TB) (*mat.Dense, []float64) {
	t.Helper()
	f, err := os.Open("testdata/german.data")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]float64
	var y []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Fields(sc.Text())
		if len(c) != 21 {
			t.Fatalf("row %d: %d fields", len(rows)+1, len(c))
		}
		num := func(i int) float64 {
			v, err := strconv.ParseFloat(c[i-1], 64)
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
		rows = append(rows, []float64{num(2), num(5) / 1000, num(8), num(13), num(16), dummy("A12"), dummy("A13"), dummy("A14")})
		y = append(y, num(21)-1)
	}
	x := mat.NewDense(len(rows), 8, nil)
	for i, r := range rows {
		x.SetRow(i, r)
	}
	return x, y
}

func TestFitGermanCredit(t *testing.T) {
	x, y := germanLR1(t)
	res, err := Fit(x, y, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Reference LR1: statsmodels 0.13.5 Logit (Newton, tol 1e-14), agreeing
	// with scikit-learn 1.2.1 newton-cg to 2.3e-10, on UCI german.data.
	wantCoef := []float64{-0.844729138, 0.025521489, 0.079217853, 0.233090137, -0.018272235, -0.033195460, -0.514778770, -1.029259692, -2.039302445}
	wantSE := []float64{0.398472204, 0.008051563, 0.035728041, 0.076809594, 0.007084701, 0.136431036, 0.181895730, 0.335697825, 0.204827431}
	wantZ := []float64{-2.119920, 3.169756, 2.217246, 3.034649, -2.579112, -0.243313, -2.830076, -3.066030, -9.956198}
	approx := cmpopts.EquateApprox(0, 1e-6)
	if d := cmp.Diff(wantCoef, res.Coef, approx); d != "" {
		t.Errorf("Coef (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantSE, res.SE, approx); d != "" {
		t.Errorf("SE (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantZ, res.Z, cmpopts.EquateApprox(0, 1e-5)); d != "" {
		t.Errorf("Z (-want +got):\n%s", d)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"LogLik", res.LogLik, -518.039740108, 1e-6},         // LR1, statsmodels llf
		{"NullLogLik", res.NullLogLik, -610.864302077, 1e-6}, // LR1, statsmodels llnull
		{"AIC", res.AIC, 1054.079480, 1e-6},                  // LR1
		{"BIC", res.BIC, 1098.249278, 1e-6},                  // LR1
		{"P[A14]/1e-23", res.P[8] / 1e-23, 2.36952, 1e-5},    // LR1 p-value of checking_A14
	} {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > c.tol {
				t.Errorf("got %.10g, want %.10g", c.got, c.want)
			}
		})
	}
	if res.N != 1000 {
		t.Errorf("N = %d, want 1000", res.N)
	}
}

func TestFitWeightsEqualDuplicates(t *testing.T) {
	// Property: weight 2 on a row equals the row appearing twice.
	x, y := germanLR1(t)
	n, p := x.Dims()
	w := make([]float64, n)
	x2 := mat.NewDense(n+n/2, p, nil)
	y2 := make([]float64, 0, n+n/2)
	for i := range n {
		w[i] = 1
		if i%2 == 0 {
			w[i] = 2
		}
		x2.SetRow(len(y2), x.RawRowView(i))
		y2 = append(y2, y[i])
	}
	for i := 0; i < n; i += 2 {
		x2.SetRow(len(y2), x.RawRowView(i))
		y2 = append(y2, y[i])
	}
	a, err := Fit(x, y, w, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(x2, y2, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(b.Coef, a.Coef, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("weighted vs duplicated (-dup +weighted):\n%s", d)
	}
	if d := cmp.Diff(b.SE, a.SE, cmpopts.EquateApprox(0, 1e-9)); d != "" {
		t.Errorf("SE weighted vs duplicated:\n%s", d)
	}
}

func TestFitL2Shrinks(t *testing.T) {
	x, y := germanLR1(t)
	prev := math.Inf(1)
	for _, l2 := range []float64{0, 1, 10, 100} {
		res, err := Fit(x, y, nil, Options{L2: l2})
		if err != nil {
			t.Fatal(err)
		}
		var norm float64
		for _, c := range res.Coef[1:] {
			norm += c * c
		}
		if norm >= prev {
			t.Errorf("L2=%v: slope norm %v not below %v", l2, norm, prev)
		}
		prev = norm
	}
}

func TestFitErrors(t *testing.T) {
	sep := mat.NewDense(6, 1, []float64{1, 2, 3, 4, 5, 6})
	const big = 25_000
	bigSep := mat.NewDense(big, 1, nil)
	bigCol := mat.NewDense(big, 2, nil)
	bigSepY := make([]float64, big)
	bigNoisyY := make([]float64, big)
	for i := range big {
		v := float64(i%100) / 10
		bigSep.Set(i, 0, float64(i))
		bigCol.Set(i, 0, v)
		bigCol.Set(i, 1, 2*v)
		if i >= big/2 {
			bigSepY[i] = 1
		}
		if i%3 == 0 || i%7 == 0 {
			bigNoisyY[i] = 1
		}
	}
	bigX, bigY := synth(big, 3, 5)
	tests := []struct {
		name string
		x    mat.Matrix
		y, w []float64
		opts Options
		want error
	}{
		{"nil x", nil, nil, nil, Options{}, ErrInput},
		{"y length", sep, []float64{0, 1}, nil, Options{}, ErrInput},
		{"w length", sep, []float64{0, 0, 0, 1, 1, 1}, []float64{1}, Options{}, ErrInput},
		{"label 2", sep, []float64{0, 0, 0, 1, 1, 2}, nil, Options{}, ErrInput},
		{"negative weight", sep, []float64{0, 0, 1, 0, 1, 1}, []float64{1, 1, 1, -1, 1, 1}, Options{}, ErrInput},
		{"NaN in x", mat.NewDense(3, 1, []float64{1, math.NaN(), 2}), []float64{0, 1, 0}, nil, Options{}, ErrInput},
		{"single class", sep, []float64{1, 1, 1, 1, 1, 1}, nil, Options{}, ErrSingleClass},
		{"negative L2", sep, []float64{0, 0, 1, 0, 1, 1}, nil, Options{L2: -1}, ErrInput},
		{"complete separation", sep, []float64{0, 0, 0, 1, 1, 1}, nil, Options{}, ErrSeparation},
		{"collinear", mat.NewDense(6, 2, []float64{1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12}), []float64{0, 1, 0, 1, 1, 0}, nil, Options{}, ErrSingular},
		{"iteration limit", sep, []float64{0, 1, 0, 0, 1, 1}, nil, Options{MaxIter: 1}, ErrNotConverged},
		// Large fits (start on a subsample, chord steps) report the same errors.
		{"large complete separation", bigSep, bigSepY, nil, Options{}, ErrSeparation},
		{"large collinear", bigCol, bigNoisyY, nil, Options{}, ErrSingular},
		{"large iteration limit", bigX, bigY, nil, Options{MaxIter: 1}, ErrNotConverged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Fit(tt.x, tt.y, tt.w, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if res != nil {
				for _, c := range res.Coef {
					if math.IsNaN(c) || math.IsInf(c, 0) {
						t.Errorf("non-finite coefficient %v", c)
					}
				}
			}
		})
	}
	var ie *InputError
	_, err := Fit(mat.NewDense(3, 1, []float64{1, math.Inf(1), 2}), []float64{0, 1, 0}, nil, Options{})
	if !errors.As(err, &ie) || ie.Field != "x[1,0]" || ie.Value != "+Inf" {
		t.Errorf("want *InputError at [1][0], got %#v", err)
	}
}

// synth generates n×p standard normal features with a known logistic model.
func synth(n, p int, seed uint64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		eta := -1.0
		for j := range p {
			v := rng.NormFloat64()
			x.Set(i, j, v)
			eta += v * 0.3 / float64(j+1)
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return x, y
}

func TestFitRecoversSimulated(t *testing.T) {
	x, y := synth(20000, 3, 7)
	res, err := Fit(x, y, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{-1, 0.3, 0.15, 0.1}
	for j, c := range res.Coef {
		if math.Abs(c-want[j]) > 4*res.SE[j] {
			t.Errorf("coef %d = %v ± %v, true %v", j, c, res.SE[j], want[j])
		}
	}
}

// cpuTime is the process's CPU time, reported as cpu-ns/op: on a shared
// machine it counts this benchmark's work and not the other jobs'.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFit times Fit on synthetic designs; cpu-ns/op is the process
// CPU time per fit.
func BenchmarkFit(b *testing.B) {
	for _, sz := range []struct {
		name string
		n, p int
	}{{"1000x8", 1000, 8}, {"10000x20", 10000, 20}, {"100000x20", 100000, 20}} {
		x, y := synth(sz.n, sz.p, 1)
		b.Run(sz.name, func(b *testing.B) {
			runtime.GC()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := Fit(x, y, nil, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestExpNeg checks the inlined exponential against math.Exp over its
// whole range (property: within 4 units in the last place; math.Exp is itself within 1).
func TestExpNeg(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 2_000_000; i++ {
		a := float64(i) * 750 / 2_000_000
		got, want := expNeg(a), math.Exp(-a)
		if want == 0 {
			if got != 0 {
				t.Fatalf("expNeg(%v) = %v, want 0", a, got)
			}
			continue
		}
		if want < 0x1p-1022 { // subnormal: absolute
			if math.Abs(got-want) > 0x1p-1074 {
				t.Fatalf("expNeg(%v) = %v, want %v", a, got, want)
			}
			continue
		}
		worst = math.Max(worst, math.Abs(got-want)/want)
	}
	if worst > 0x1p-50 {
		t.Errorf("largest relative difference from math.Exp %.3g > 2⁻⁵⁰", worst)
	}
	t.Logf("largest relative difference from math.Exp %.3g", worst)
	for _, a := range []float64{math.Inf(1), 1e300} {
		if got := expNeg(a); got != 0 {
			t.Errorf("expNeg(%v) = %v, want 0", a, got)
		}
	}
	if got := expNeg(0); got != 1 {
		t.Errorf("expNeg(0) = %v, want 1", got)
	}
}

// infoAt returns the inverse of X'WX + λ·diag(0, 1, …, 1) at b, computed
// row by row with math.Exp, independently of the fitter.
func infoAt(t *testing.T, x *mat.Dense, w, b []float64, l2 float64) *mat.SymDense {
	t.Helper()
	n, p := x.Dims()
	k := p + 1
	h := mat.NewSymDense(k, nil)
	row := make([]float64, k)
	for i := range n {
		row[0] = 1
		copy(row[1:], x.RawRowView(i))
		eta := 0.0
		for j, v := range row {
			eta += v * b[j]
		}
		mu := 1 / (1 + math.Exp(-eta))
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		h.SymRankOne(h, wi*mu*(1-mu), mat.NewVecDense(k, row))
	}
	for j := 1; j < k; j++ {
		h.SetSym(j, j, h.At(j, j)+l2)
	}
	var c mat.Cholesky
	if !c.Factorize(h) {
		t.Fatal("information not positive definite")
	}
	cov := mat.NewSymDense(k, nil)
	if err := c.InverseTo(cov); err != nil {
		t.Fatal(err)
	}
	return cov
}

// TestFitCovAtEstimate checks the property that the standard errors are
// those of the observed information at the returned coefficients (within
// 1e-10 relative), on the German design (Newton from the intercept-only
// model) and on 30,000 simulated rows (start on a subsample, chord steps).
func TestFitCovAtEstimate(t *testing.T) {
	xg, yg := germanLR1(t)
	xs, ys := synth(30_000, 5, 3)
	ws := make([]float64, 30_000)
	for i := range ws {
		ws[i] = float64(i%3) / 2
	}
	for _, c := range []struct {
		name string
		x    *mat.Dense
		y, w []float64
		l2   float64
	}{
		{"german", xg, yg, nil, 0},
		{"german L2", xg, yg, nil, 3},
		{"30000 rows", xs, ys, nil, 0},
		{"30000 rows weighted L2", xs, ys, ws, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Fit(c.x, c.y, c.w, Options{L2: c.l2})
			if err != nil {
				t.Fatal(err)
			}
			cov := infoAt(t, c.x, c.w, res.Coef, c.l2)
			for j, se := range res.SE {
				want := math.Sqrt(cov.At(j, j))
				if d := math.Abs(se-want) / want; !(d <= 1e-10) {
					t.Errorf("SE[%d] = %.15g, information at Coef gives %.15g (rel %.2g)", j, se, want, d)
				}
			}
		})
	}
}

// TestFitLargeSameEstimate checks that a large fit (start on every 25th
// row, chord steps) reaches the maximum that plain Newton steps from the
// intercept-only model reach with a tolerance of 1e-10: coefficients within
// 1e-9, log-likelihood within 1e-12 relative.
func TestFitLargeSameEstimate(t *testing.T) {
	x, y := synth(60_000, 8, 11)
	w := make([]float64, 60_000)
	for i := range w {
		w[i] = float64(1 + i%4)
	}
	for _, c := range []struct {
		name string
		w    []float64
		l2   float64
	}{{"unit", nil, 0}, {"weighted L2", w, 5}} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Fit(x, y, c.w, Options{L2: c.l2})
			if err != nil {
				t.Fatal(err)
			}
			// Plain Newton on the same rows, without the large-fit levers.
			n, p := x.Dims()
			ww := c.w
			if ww == nil {
				ww = make([]float64, n)
				for i := range ww {
					ww[i] = 1
				}
			}
			var sw, sy float64
			for i, wi := range ww {
				sw += wi
				sy += wi * y[i]
			}
			raw := x.RawMatrix()
			f := newFitter(raw.Data, raw.Stride, n, p, y, ww, c.l2)
			b := make([]float64, p+1)
			b[0] = math.Log(sy / (sw - sy))
			ll, _, err := f.solve(b, 100, 1e-10, false, true)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(b, res.Coef, cmpopts.EquateApprox(0, 1e-9)); d != "" {
				t.Errorf("Coef (-newton +fit):\n%s", d)
			}
			if d := math.Abs(res.LogLik-ll) / math.Abs(ll); d > 1e-12 {
				t.Errorf("LogLik %.15g, Newton %.15g", res.LogLik, ll)
			}
			if res.Iter >= 5 {
				t.Logf("%d steps", res.Iter)
			}
		})
	}
}

// TestFitNonFiniteNamed checks that a non-finite x value, found by the
// fit's first pass rather than by a scan before it, is still reported as
// an *InputError naming its row and column: small and large fits (start
// on a subsample), NaN and ±Inf, in a row with zero weight, in the first
// and the last row.
func TestFitNonFiniteNamed(t *testing.T) {
	for _, c := range []struct {
		n, p, i, j int
		v          float64
		zeroW      bool
	}{
		{50, 2, 7, 1, math.NaN(), false},
		{50, 2, 0, 0, math.Inf(-1), false},
		{30_000, 5, 29_999, 4, math.Inf(1), false},
		{30_000, 5, 25, 0, math.Inf(1), false}, // a row of the subsample
		{30_000, 5, 1234, 2, math.NaN(), true},
		{30_000, 5, 77, 3, math.Inf(-1), true},
	} {
		x, y := synth(c.n, c.p, 5)
		x.Set(c.i, c.j, c.v)
		var w []float64
		if c.zeroW {
			w = make([]float64, c.n)
			for i := range w {
				w[i] = 1
			}
			w[c.i] = 0
		}
		_, err := Fit(x, y, w, Options{})
		var ie *InputError
		want := fmt.Sprintf("x[%d,%d]", c.i, c.j)
		if !errors.As(err, &ie) || !errors.Is(err, ErrInput) || ie.Field != want || ie.Value != strconv.FormatFloat(c.v, 'g', -1, 64) {
			t.Errorf("%d rows, %v at %s: got %v", c.n, c.v, want, err)
		}
	}
}
