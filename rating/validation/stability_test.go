package validation

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestKeyOrder(t *testing.T) {
	xs := []float64{-math.MaxFloat64, -1e300, -2, -1, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 1e-300, 1, 2, math.MaxFloat64}
	for i := 1; i < len(xs); i++ {
		if !(key(xs[i-1]) < key(xs[i])) {
			t.Errorf("key(%g) ≥ key(%g)", xs[i-1], xs[i])
		}
	}
	for _, x := range xs {
		if unkey(key(x)) != x {
			t.Errorf("unkey(key(%g)) = %g", x, unkey(key(x)))
		}
	}
	if key(math.Copysign(0, -1)) != key(0) {
		t.Error("−0 and +0 have different keys")
	}
}

func TestPSI(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual []float64
		opts             StabilityOptions
		psi              float64
		bins             []float64
		tol              float64
		band             Band
		adjusted         bool
	}{
		{
			// Scorecard reference RC5: optbinning scorecard-monitoring
			// tutorial psi_table, 7,321 expected (train) and 3,138 actual
			// (test) rows; total 0.004776, per bin printed to 6 decimals.
			name:     "optbinning RC5",
			expected: []float64{565, 803, 807, 729, 1015, 565, 417, 752, 823, 845},
			actual:   []float64{236, 334, 331, 310, 416, 269, 185, 298, 407, 352},
			psi:      0.004776, tol: 5e-7, band: Stable,
			bins: []float64{0.000051, 0.000098, 0.000209, 0.000006, 0.000272, 0.000898, 0.000069, 0.000608, 0.002472, 0.000093},
		},
		{
			// monitoring reference: e = 10 × 0.10, a = {0.05, …, 0.15} ⇒ 0.083618.
			name:     "monitoring reference shares",
			expected: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			actual:   []float64{0.05, 0.07, 0.08, 0.09, 0.10, 0.10, 0.11, 0.12, 0.13, 0.15},
			psi:      0.083618, tol: 5e-7, band: Stable,
		},
		{
			// Hand-derived: (0.5−0.2)·ln(0.5/0.2) + (0.5−0.8)·ln(0.5/0.8) = 0.4158883.
			name: "significant shift", expected: []float64{20, 80}, actual: []float64{50, 50},
			psi: 0.3*math.Log(2.5) + 0.3*math.Log(1.6), tol: 1e-15, band: Significant,
		},
		{
			// Hand-derived: +0.5 to both bins: e = (10.5, 0.5)/11,
			// a = (5.5, 5.5)/11 ⇒ 1.3838738353.
			name: "empty bin, default add count", expected: []float64{10, 0}, actual: []float64{5, 5},
			psi: 1.3838738353288287, tol: 1e-12, band: Significant, adjusted: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := PSI(tc.expected, tc.actual, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(s.PSI-tc.psi) > tc.tol {
				t.Errorf("PSI = %.9f, want %.9f", s.PSI, tc.psi)
			}
			if tc.bins != nil {
				if d := cmp.Diff(tc.bins, s.Contributions, cmpopts.EquateApprox(0, tc.tol)); d != "" {
					t.Errorf("contributions (-want +got):\n%s", d)
				}
			}
			if s.Band != tc.band || s.Adjusted != tc.adjusted || s.Policy != AddCount || s.Add != 0.5 {
				t.Errorf("band %v adjusted %v policy %v add %v", s.Band, s.Adjusted, s.Policy, s.Add)
			}
			p, err := PSITo(nil, tc.expected, tc.actual, tc.opts)
			if err != nil || p != s.PSI {
				t.Errorf("PSITo = %v, %v", p, err)
			}
		})
	}
}

func TestPSIErrors(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual []float64
		opts             StabilityOptions
		want             error
		field            string
	}{
		{"empty", nil, nil, StabilityOptions{}, ErrEmpty, "expected"},
		{"length", []float64{1}, []float64{1, 2}, StabilityOptions{}, ErrLength, "actual"},
		{"negative", []float64{1, 2}, []float64{1, -2}, StabilityOptions{}, ErrCount, "actual[1]"},
		{"zero total", []float64{0, 0}, []float64{1, 2}, StabilityOptions{}, ErrEmpty, "expected"},
		{"empty bin", []float64{1, 0}, []float64{1, 2}, StabilityOptions{Empty: EmptyBinError}, ErrEmptyBin, "expected[1]"},
		{"bad policy", []float64{1}, []float64{1}, StabilityOptions{Empty: 7}, ErrOptions, "opts.Empty"},
		{"bad floor", []float64{1}, []float64{1}, StabilityOptions{Empty: FloorShare, Floor: -1}, ErrOptions, "opts.Floor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PSI(tc.expected, tc.actual, tc.opts)
			var ie *InputError
			if !errors.Is(err, tc.want) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if ie.Field != tc.field {
				t.Errorf("at %s, want %s", ie.Field, tc.field)
			}
		})
	}
}

func TestPSISamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 1000)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	// PSI(x, x) = 0 (property), with 10 bins of 100 each.
	s, err := PSISamples(x, x, StabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.PSI != 0 || len(s.Cuts) != 9 {
		t.Errorf("PSI(x, x) = %v with %d cuts", s.PSI, len(s.Cuts))
	}
	for i, c := range s.Expected {
		if c != 100 {
			t.Errorf("expected bin %d holds %v, want 100 (deciles)", i, c)
		}
	}
	// Shifted sample: same as PSI on the counts binned by hand.
	y := make([]float64, 800)
	for i := range y {
		y[i] = rng.NormFloat64() + 0.3
	}
	s2, err := PSISamples(x, y, StabilityOptions{Bins: 5})
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Sorted(slices.Values(x))
	cuts := []float64{sorted[200], sorted[400], sorted[600], sorted[800]}
	if d := cmp.Diff(cuts, s2.Cuts); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	a := make([]float64, 5)
	for _, v := range y {
		k := 0
		for k < 4 && v >= cuts[k] { // left-closed bins
			k++
		}
		a[k]++
	}
	want, _ := PSI([]float64{200, 200, 200, 200, 200}, a, StabilityOptions{})
	if s2.PSI != want.PSI || s2.PSI <= 0 {
		t.Errorf("PSISamples = %v, by hand %v", s2.PSI, want.PSI)
	}
	// Heavily tied expected sample: fewer bins, never empty expected bins.
	tied := []float64{1, 1, 1, 1, 1, 1, 2, 2, 3, 4}
	s3, err := PSISamples(tied, []float64{1, 5}, StabilityOptions{Bins: 10})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{2, 3, 4}, s3.Cuts); d != "" {
		t.Errorf("tied cuts (-want +got):\n%s", d)
	}
	if _, err := PSISamples(x, []float64{math.NaN()}, StabilityOptions{}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN actual: %v", err)
	}
	if _, err := PSISamples(x, y, StabilityOptions{Cuts: []float64{1, 0}}); !errors.Is(err, ErrOptions) {
		t.Errorf("descending cuts: %v", err)
	}
}

func TestBandOf(t *testing.T) {
	for _, tc := range []struct {
		psi  float64
		want Band
	}{{0, Stable}, {0.0999, Stable}, {0.10, Investigate}, {0.2499, Investigate}, {0.25, Significant}, {3, Significant}} {
		if got := BandOf(tc.psi); got != tc.want {
			t.Errorf("BandOf(%v) = %v, want %v", tc.psi, got, tc.want)
		}
	}
}

func TestPSIToAllocs(t *testing.T) {
	e := make([]float64, 20)
	a := make([]float64, 20)
	dst := make([]float64, 20)
	for i := range e {
		e[i], a[i] = float64(50+i), float64(70-i)
	}
	if n := testing.AllocsPerRun(50, func() { _, _ = PSITo(dst, e, a, StabilityOptions{}) }); n != 0 {
		t.Errorf("PSITo allocates %v times, want 0", n)
	}
}

func BenchmarkPSITo(b *testing.B) {
	for _, k := range []int{10, 20, 100} {
		e := make([]float64, k)
		a := make([]float64, k)
		dst := make([]float64, k)
		for i := range e {
			e[i], a[i] = float64(100+i), float64(100+(i*7)%k)
		}
		b.Run("bins="+strconv.Itoa(k), func(b *testing.B) {
			for b.Loop() {
				if _, err := PSITo(dst, e, a, StabilityOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPSISamples(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		x, _ := benchScores(n)
		y, _ := benchScores(n / 2)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := PSISamples(x, y, StabilityOptions{Bins: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzPSI(f *testing.F) {
	f.Add(1.0, 2.0, 0.0, 3.0, 0.0, 1.0, uint8(0), 0.0)
	f.Add(0.0, 0.0, 0.0, 1.0, 1.0, 1.0, uint8(1), 1e-3)
	f.Add(1e308, 1e308, 1.0, 1.0, 5e-324, 2.0, uint8(2), -1.0)
	f.Fuzz(func(t *testing.T, e0, e1, e2, a0, a1, a2 float64, pol uint8, knob float64) {
		opts := StabilityOptions{Empty: EmptyBinPolicy(pol % 4), Add: knob, Floor: knob}
		s, err := PSI([]float64{e0, e1, e2}, []float64{a0, a1, a2}, opts)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if math.IsNaN(s.PSI) || math.IsInf(s.PSI, 0) || s.PSI < 0 {
			t.Fatalf("PSI = %v", s.PSI)
		}
		ss, err := PSISamples([]float64{e0, e1, e2}, []float64{a0, a1, a2}, opts)
		if err == nil && (math.IsNaN(ss.PSI) || math.IsInf(ss.PSI, 0)) {
			t.Fatalf("PSISamples = %v", ss.PSI)
		}
	})
}

// Issue #22 item 2: a 0/1 flag moving from 3 % ones to 40 % ones used to
// fall into one quantile bin (every decile of the expected sample is 0) and
// be reported stable with PSI 0. Binned by value, the PSI is, by the
// formula of Yurdakul and Naranjo (2020), eq. (1), PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ):
//
//	(0.60 − 0.97)·ln(0.60/0.97) + (0.40 − 0.03)·ln(0.40/0.03)
//	= 0.177736 + 0.958399 = 1.136134,
//
// significant (≥ 0.25).
func TestPSISamplesLowCardinality(t *testing.T) {
	flag := func(n, ones int) []float64 {
		x := make([]float64, n)
		for i := range ones {
			x[n-1-3*i%n] = 1 // spread the ones, not sorted
		}
		return x
	}
	exp, act := flag(1000, 30), flag(1000, 400)
	s, err := PSISamples(exp, act, StabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{1}, s.Cuts); d != "" {
		t.Errorf("cuts (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]float64{970, 30}, s.Expected); d != "" {
		t.Errorf("expected counts (-want +got):\n%s", d)
	}
	if math.Abs(s.PSI-1.136134) > 5e-7 || s.Band != Significant {
		t.Errorf("PSI = %.6f (%v), want 1.136134 significant", s.PSI, s.Band)
	}
	// The rare flag of issue #22 item 1 (7 ones in 200) gets its own bin too.
	if cuts, err := QuantileCuts(flag(200, 7), 10); err != nil || !slices.Equal(cuts, []float64{1}) {
		t.Errorf("rare flag cuts %v, %v", cuts, err)
	}
	// The same flag coded 0/−1.
	neg := flag(200, 7)
	for i := range neg {
		neg[i] = -neg[i]
	}
	if cuts, err := QuantileCuts(neg, 10); err != nil || !slices.Equal(cuts, []float64{0}) {
		t.Errorf("0/−1 flag cuts %v, %v", cuts, err)
	}
}

func TestPSIOneBinWarning(t *testing.T) {
	// A constant expected sample: one bin, PSI 0 by construction.
	s, err := PSISamples([]float64{0, 0, 0, 0}, []float64{0, 1, 1, 1}, StabilityOptions{})
	var w *OneBinWarning
	if !errors.As(err, &w) || !errors.Is(err, ErrOneBin) || w.Distinct != 1 || s.PSI != 0 || len(s.Expected) != 1 {
		t.Errorf("constant expected: %+v, %v", s, err)
	}
	// Explicit cuts above all the data.
	if _, err := PSISamples([]float64{1, 2, 3}, []float64{1, 2}, StabilityOptions{Cuts: []float64{10}}); !errors.As(err, &w) || w.Distinct != 2 {
		t.Errorf("cuts outside the data: %v", err)
	}
	// Counts in one bin.
	if s, err := PSI([]float64{10, 0}, []float64{5, 0}, StabilityOptions{}); !errors.Is(err, ErrOneBin) || s.PSI != 0 {
		t.Errorf("one non-empty bin: %v, %v", s.PSI, err)
	}
	// Two bins: no warning.
	if _, err := PSI([]float64{10, 1}, []float64{5, 0}, StabilityOptions{}); err != nil {
		t.Errorf("two bins: %v", err)
	}
}

func TestQuantileCuts(t *testing.T) {
	// A spike at the minimum takes one bin; the rest is split evenly.
	x := make([]float64, 0, 100)
	for range 60 {
		x = append(x, 0)
	}
	for i := range 40 {
		x = append(x, float64(i+1))
	}
	cuts, err := QuantileCuts(x, 5)
	if err != nil {
		t.Fatal(err)
	}
	// 60 zeros in bin 1; the 40 other values over the 4 remaining bins.
	if d := cmp.Diff([]float64{1, 11, 21, 31}, cuts); d != "" {
		t.Errorf("spike cuts (-want +got):\n%s", d)
	}
	// Without ties: the textbook quantiles s[⌊j·n/B⌋].
	rng := rand.New(rand.NewPCG(9, 9))
	y := make([]float64, 1005)
	for i := range y {
		y[i] = rng.Float64()
	}
	sorted := slices.Sorted(slices.Values(y))
	cuts, _ = QuantileCuts(y, 10)
	for j := 1; j < 10; j++ {
		if cuts[j-1] != sorted[j*1005/10] {
			t.Fatalf("cut %d = %v, want s[%d] = %v", j, cuts[j-1], j*1005/10, sorted[j*1005/10])
		}
	}
	// Few distinct values: binned by value; properties on random ties.
	for trial := range 200 {
		k := 1 + rng.IntN(15)
		n := 1 + rng.IntN(300)
		z := make([]float64, n)
		for i := range z {
			z[i] = float64(rng.IntN(k) * rng.IntN(3))
		}
		bins := 1 + rng.IntN(20)
		c, err := QuantileCuts(z, bins)
		if err != nil {
			t.Fatal(err)
		}
		distinct := slices.Compact(slices.Sorted(slices.Values(z)))
		if len(c) > bins-1 || !slices.IsSorted(c) {
			t.Fatalf("trial %d: %d cuts for %d bins: %v", trial, len(c), bins, c)
		}
		if len(distinct) <= bins && !slices.Equal(c, distinct[1:]) {
			t.Fatalf("trial %d: %d distinct values ≤ %d bins, cuts %v, want %v", trial, len(distinct), bins, c, distinct[1:])
		}
		for i, e := range binCounts(z, c) {
			if e == 0 {
				t.Fatalf("trial %d: bin %d empty, cuts %v", trial, i, c)
			}
		}
	}
	for _, tc := range []struct {
		x     []float64
		bins  int
		want  error
		field string
	}{
		{[]float64{1}, math.MaxInt, ErrLimit, "bins"},
		{[]float64{1}, MaxBins + 1, ErrLimit, "bins"},
		{[]float64{1}, 0, ErrOptions, "bins"},
		{nil, 10, ErrEmpty, "x"},
		{[]float64{1, 2, 3, math.Inf(1)}, 10, ErrNotFinite, "x[3]"},
	} {
		_, err := QuantileCuts(tc.x, tc.bins)
		var ie *InputError
		if !errors.Is(err, tc.want) || !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("QuantileCuts(%v, %d) = %v, want %v at %s", tc.x, tc.bins, err, tc.want, tc.field)
		}
	}
}

// TestPSICountsOverflow: finite counts whose total overflows float64 used to be reported as
// "expected = +Inf: invalid count", a value the caller never passed; the error now says the
// sum overflowed.
func TestPSICountsOverflow(t *testing.T) {
	_, err := PSI([]float64{1e308, 1e308}, []float64{1, 1}, StabilityOptions{})
	var ie *InputError
	if !errors.Is(err, ErrCount) || !errors.As(err, &ie) || ie.Field != "expected" ||
		ie.Value != "sum +Inf (overflows float64)" {
		t.Errorf("err = %v, want ErrCount at expected naming the overflowing sum", err)
	}
}

// TestPSICountsUnderflow: a share that underflows names the count and why, within the bound on
// InputError.Value (the fuzzer found the explanation pushing a long count past it).
func TestPSICountsUnderflow(t *testing.T) {
	_, err := PSI([]float64{1.2345678901234567e-308, 1e308}, []float64{1, 1}, StabilityOptions{})
	var ie *InputError
	if !errors.Is(err, ErrCount) || !errors.As(err, &ie) || ie.Field != "expected[0]" ||
		!strings.HasSuffix(ie.Value, " (share underflows float64)") || len(ie.Value) > maxValueText {
		t.Errorf("err = %v, want ErrCount at expected[0] naming the underflow in at most %d bytes", err, maxValueText)
	}
}
