package psi

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// RC5 of the scorecard reference: optbinning tutorial_scorecard_monitoring
// psi_table (train = expected, 7,321 rows; test = actual, 3,138 rows).
var (
	rc5Expected = []float64{565, 803, 807, 729, 1015, 565, 417, 752, 823, 845}
	rc5Actual   = []float64{236, 334, 331, 310, 416, 269, 185, 298, 407, 352}
)

func TestFromCounts(t *testing.T) {
	tests := []struct {
		name             string
		expected, actual []float64
		opts             Options
		want             float64
		wantBins         []float64 // nil: not checked
		tol              float64
		wantApplied      bool
	}{
		{
			name: "optbinning RC5", expected: rc5Expected, actual: rc5Actual,
			// optbinning psi_table, printed to 6 decimals; total 0.004776.
			want:     0.004776,
			wantBins: []float64{0.000051, 0.000098, 0.000209, 0.000006, 0.000272, 0.000898, 0.000069, 0.000608, 0.002472, 0.000093},
			tol:      5e-7,
		},
		{
			name: "monitoring reference shares",
			// monitoring.md (Yurdakul & Naranjo style example): e = 10 × 0.10,
			// a = {0.05, …, 0.15} ⇒ PSI = 0.083618.
			expected: []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10},
			actual:   []float64{5, 7, 8, 9, 10, 10, 11, 12, 13, 15},
			want:     0.083618, tol: 5e-7,
		},
		{
			name: "identical shares", expected: []float64{1, 2, 3}, actual: []float64{10, 20, 30},
			want: 0, wantBins: []float64{0, 0, 0}, tol: 1e-15,
		},
		{
			name: "empty in both samples is ignored", expected: []float64{1, 0, 3}, actual: []float64{2, 0, 6},
			opts: Options{Empty: Error}, want: 0, wantBins: []float64{0, 0, 0}, tol: 1e-15,
		},
		{
			// Hand-derived: +0.5 to both bins: e = (10.5, 0.5)/11,
			// a = (5.5, 5.5)/11; Σ(a−e)ln(a/e) = 1.3838738353.
			name: "add count default", expected: []float64{10, 0}, actual: []float64{5, 5},
			want: 1.3838738353288287, tol: 1e-12, wantApplied: true,
		},
		{
			// Hand-derived: e = (1, 0) floored to (1, 1e-4), a = (0.5, 0.5):
			// 0.5·ln 0.5 + (0.5−1e-4)·ln(0.5/1e-4) = 4.6043184667.
			name: "floor share default", expected: []float64{10, 0, 0}, actual: []float64{5, 5, 0},
			opts: Options{Empty: FloorShare}, want: 4.60431846666895, tol: 1e-12, wantApplied: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := make([]float64, len(tc.expected))
			r, err := Detail(dst, tc.expected, tc.actual, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r.PSI-tc.want) > tc.tol {
				t.Errorf("PSI = %.9f, want %.9f", r.PSI, tc.want)
			}
			if tc.wantBins != nil {
				if d := cmp.Diff(tc.wantBins, dst, cmpopts.EquateApprox(0, tc.tol)); d != "" {
					t.Errorf("contributions (-want +got):\n%s", d)
				}
			}
			if r.Applied != tc.wantApplied {
				t.Errorf("Applied = %v, want %v", r.Applied, tc.wantApplied)
			}
			var sum float64
			for _, c := range dst {
				sum += c
			}
			if math.Abs(sum-r.PSI) > 1e-12 {
				t.Errorf("Σ contributions = %g, PSI = %g", sum, r.PSI)
			}
			p, err := FromCounts(nil, tc.expected, tc.actual, tc.opts)
			if err != nil || p != r.PSI {
				t.Errorf("FromCounts = %g, %v; Detail gave %g", p, err, r.PSI)
			}
		})
	}
}

func TestFromCountsErrors(t *testing.T) {
	tests := []struct {
		name             string
		dst              []float64
		expected, actual []float64
		opts             Options
		want             error
		sample           string
		index            int
	}{
		{"no bins", nil, nil, nil, Options{}, ErrNoBins, "expected", -1},
		{"length", nil, []float64{1, 2}, []float64{1}, Options{}, ErrLength, "actual", -1},
		{"dst length", make([]float64, 1), []float64{1, 2}, []float64{1, 2}, Options{}, ErrLength, "dst", -1},
		{"negative", nil, []float64{1, -2}, []float64{1, 2}, Options{}, ErrCount, "expected", 1},
		{"NaN", nil, []float64{1, 2}, []float64{math.NaN(), 2}, Options{}, ErrCount, "actual", 0},
		{"Inf", nil, []float64{1, math.Inf(1)}, []float64{1, 2}, Options{}, ErrCount, "expected", 1},
		{"zero total", nil, []float64{0, 0}, []float64{1, 2}, Options{}, ErrZeroTotal, "expected", -1},
		{"zero actual total", nil, []float64{1, 2}, []float64{0, 0}, Options{}, ErrZeroTotal, "actual", -1},
		{"empty bin error", nil, []float64{1, 2, 3}, []float64{1, 0, 3}, Options{Empty: Error}, ErrEmptyBin, "actual", 1},
		{"underflow", nil, []float64{5e-324, 1e308}, []float64{1, 1}, Options{}, ErrRange, "expected", 0},
		// Each count is finite, the sum is +Inf: a range problem, not a zero total.
		{"expected total overflows", nil, []float64{1e308, 1e308}, []float64{1, 1}, Options{}, ErrRange, "expected", -1},
		{"actual total overflows", nil, []float64{1, 1}, []float64{1e308, 1e308}, Options{}, ErrRange, "actual", -1},
		{"bad add", nil, []float64{1}, []float64{1}, Options{Add: -1}, ErrOptions, "Add", -1},
		{"bad floor", nil, []float64{1}, []float64{1}, Options{Empty: FloorShare, Floor: 2}, ErrOptions, "Floor", -1},
		{"bad policy", nil, []float64{1}, []float64{1}, Options{Empty: 9}, ErrOptions, "Empty", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromCounts(tc.dst, tc.expected, tc.actual, tc.opts)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err %T is not *InputError", err)
			}
			if ie.Sample != tc.sample || ie.Index != tc.index {
				t.Errorf("located at %s[%d], want %s[%d]", ie.Sample, ie.Index, tc.sample, tc.index)
			}
		})
	}
}

func TestFromCountsAllocs(t *testing.T) {
	e := make([]float64, 20)
	a := make([]float64, 20)
	dst := make([]float64, 20)
	for i := range e {
		e[i] = float64(100 + i)
		a[i] = float64(120 - i)
	}
	a[3] = 0
	n := testing.AllocsPerRun(100, func() {
		if _, err := FromCounts(dst, e, a, Options{}); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("FromCounts allocates %v times per call, want 0", n)
	}
}

func TestEmptyBinString(t *testing.T) {
	for p, want := range map[EmptyBin]string{AddCount: "add-count", FloorShare: "floor-share", Error: "error", 7: "EmptyBin(7)"} {
		if got := p.String(); got != want {
			t.Errorf("%d: String() = %q, want %q", int(p), got, want)
		}
	}
}

func BenchmarkFromCounts(b *testing.B) {
	for _, k := range []int{10, 20, 100} {
		e := make([]float64, k)
		a := make([]float64, k)
		dst := make([]float64, k)
		for i := range e {
			e[i] = float64(100 + i)
			a[i] = float64(100 + (i*7)%k)
		}
		b.Run(fmt.Sprintf("bins=%d", k), func(b *testing.B) {
			for b.Loop() {
				if _, err := FromCounts(dst, e, a, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzFromCounts(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 3.0, 2.0, 0.0, uint8(0), 0.0)
	f.Add(0.0, 0.0, 1.0, 1.0, 0.0, 0.0, uint8(1), 0.01)
	f.Add(5.0, -1.0, 1.0, 1.0, 2.0, 1e308, uint8(2), 0.5)
	f.Fuzz(func(t *testing.T, e0, e1, e2, a0, a1, a2 float64, pol uint8, knob float64) {
		e := []float64{e0, e1, e2}
		a := []float64{a0, a1, a2}
		opts := Options{Empty: EmptyBin(pol % 4), Add: knob, Floor: knob}
		dst := make([]float64, 3)
		p, err := FromCounts(dst, e, a, opts)
		if err != nil {
			return
		}
		if math.IsNaN(p) || math.IsInf(p, 0) || p < 0 {
			t.Fatalf("PSI = %g for %v %v %+v", p, e, a, opts)
		}
		for i, c := range dst {
			if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
				t.Fatalf("contribution[%d] = %g", i, c)
			}
		}
	})
}
