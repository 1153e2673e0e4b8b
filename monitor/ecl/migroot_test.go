package ecl

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// spOneYear is the Standard & Poor's one-year rating transition matrix, in per cent, rows and
// columns AAA, AA, A, BBB, BB, B, CCC, D, as printed in J.P. Morgan, CreditMetrics —
// Technical Document (G. Gupton, C. Finger, M. Bhatia, 1997), the matrix of its worked
// example (every row sums to 100.00). The default row D is absorbing.
var spOneYear = [][]float64{
	{90.81, 8.33, 0.68, 0.06, 0.12, 0, 0, 0},
	{0.70, 90.65, 7.79, 0.64, 0.06, 0.14, 0.02, 0},
	{0.09, 2.27, 91.05, 5.52, 0.74, 0.26, 0.01, 0.06},
	{0.02, 0.33, 5.95, 86.93, 5.30, 1.17, 0.12, 0.18},
	{0.03, 0.14, 0.67, 7.73, 80.53, 8.84, 1.00, 1.06},
	{0, 0.11, 0.24, 0.43, 6.48, 83.46, 4.07, 5.20},
	{0.22, 0, 0.22, 1.30, 2.38, 11.24, 64.86, 19.79},
	{0, 0, 0, 0, 0, 0, 0, 100},
}

func percentMatrix(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = make([]float64, len(row))
		s := 0.0
		for _, v := range row {
			s += v
		}
		for j, v := range row {
			out[i][j] = v / s // exact row sums of 1 against the printed two-decimal rounding
		}
	}
	return out
}

func checkStochastic(t *testing.T, m [][]float64) {
	t.Helper()
	for i, row := range m {
		s := 0.0
		for j, v := range row {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("root[%d][%d] = %v outside [0, 1]", i, j, v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Fatalf("root row %d sums to %v", i, s)
		}
	}
}

func matPow(m [][]float64, n int) [][]float64 {
	k := len(m)
	d := mat.NewDense(k, k, nil)
	for i := range m {
		d.SetRow(i, m[i])
	}
	var p mat.Dense
	p.Pow(d, n)
	out := make([][]float64, k)
	for i := range out {
		out[i] = mat.Row(nil, i, &p)
	}
	return out
}

func TestMigrationRootSP(t *testing.T) {
	// Monthly root of the S&P one-year matrix printed in the CreditMetrics Technical
	// Document (1997), the kind of rating-agency matrix Israel, Rosenthal & Wei (2001) take
	// roots of. root^12 must give back the annual matrix; the IRW adjustment of negative
	// generator entries may move it, and Distance says by how much.
	p := percentMatrix(spOneYear)
	r, err := MigrationRoot(p, 12)
	if err != nil {
		t.Fatal(err)
	}
	checkStochastic(t, r.Root)
	back := matPow(r.Root, 12)
	worst := 0.0
	for i := range p {
		for j := range p {
			worst = max(worst, math.Abs(back[i][j]-p[i][j]))
		}
	}
	if math.Abs(worst-r.Distance) > 1e-12 {
		t.Errorf("Distance %v, recomputed %v", r.Distance, worst)
	}
	// The printed matrix is rounded to 0.01 % and has no exact generator: its logarithm has
	// negative off-diagonal entries, and zeroing them (IRW) moves root^12 off P by about
	// 2.4 basis points (measured: 2.39e-4). Bound: 5 basis points.
	if !r.Adjusted {
		t.Error("the S&P matrix's logarithm needed no adjustment; IRW report that such printed matrices do")
	}
	if worst > 5e-4 {
		t.Errorf("root^12 differs from the S&P matrix by %v (adjusted %v)", worst, r.Adjusted)
	}
	t.Logf("S&P monthly root: adjusted=%v, max |root^12 − P| = %.3g", r.Adjusted, r.Distance)
	// Default stays absorbing, and the generator is valid.
	if r.Root[7][7] != 1 {
		t.Errorf("default row of the root: %v", r.Root[7])
	}
	for i, row := range r.Generator {
		s := 0.0
		for j, v := range row {
			if i != j && v < 0 {
				t.Errorf("generator[%d][%d] = %v < 0", i, j, v)
			}
			s += v
		}
		if math.Abs(s) > 1e-12 {
			t.Errorf("generator row %d sums to %v", i, s)
		}
	}
	// The monthly root's 12-month default probabilities agree with the annual matrix's
	// default column (what FromMigration on the monthly grid reads).
	for from := range 7 {
		ts, err := FromMigration(r.Root, from, 12, 12)
		if err != nil {
			t.Fatal(err)
		}
		cum := ts.Cumulative()[11]
		if math.Abs(cum-p[from][7]) > 1e-4 {
			t.Errorf("grade %d: 12-month PD from the monthly root %v, annual matrix %v", from, cum, p[from][7])
		}
	}
}

func TestLogmSP(t *testing.T) {
	// The unadjusted principal logarithm of the S&P matrix: exp(log P) = P to rounding.
	p := percentMatrix(spOneYear)
	d := mat.NewDense(8, 8, nil)
	for i := range p {
		d.SetRow(i, p[i])
	}
	q, ok := logm(d)
	if !ok {
		t.Fatal("no logarithm")
	}
	var e mat.Dense
	e.Exp(q)
	for i := range 8 {
		for j := range 8 {
			if diff := math.Abs(e.At(i, j) - p[i][j]); diff > 1e-12 {
				t.Errorf("exp(log P)[%d][%d] = %v, P = %v", i, j, e.At(i, j), p[i][j])
			}
		}
	}
}

func TestMigrationRootEmbeddable(t *testing.T) {
	// A matrix built as exp(Q) from a valid generator Q has that Q as its generator: the
	// root must be exp(Q/n) and root^n the matrix, to rounding.
	q := [][]float64{
		{-0.12, 0.10, 0.015, 0.005},
		{0.05, -0.20, 0.12, 0.03},
		{0.01, 0.09, -0.35, 0.25},
		{0, 0, 0, 0},
	}
	qd := mat.NewDense(4, 4, nil)
	for i := range q {
		qd.SetRow(i, q[i])
	}
	var pd, qn, want mat.Dense
	pd.Exp(qd)
	p := make([][]float64, 4)
	for i := range p {
		p[i] = mat.Row(nil, i, &pd)
		s := 0.0
		for _, v := range p[i] {
			s += v
		}
		for j := range p[i] {
			p[i][j] /= s
		}
	}
	r, err := MigrationRoot(p, 4)
	if err != nil {
		t.Fatal(err)
	}
	if r.Adjusted {
		t.Error("an embeddable matrix needed adjustment")
	}
	qn.Scale(0.25, qd)
	want.Exp(&qn)
	for i := range 4 {
		for j := range 4 {
			if d := math.Abs(r.Root[i][j] - want.At(i, j)); d > 1e-12 {
				t.Errorf("root[%d][%d] = %v, exp(Q/4) = %v", i, j, r.Root[i][j], want.At(i, j))
			}
			if d := math.Abs(r.Generator[i][j] - q[i][j]); d > 1e-12 {
				t.Errorf("generator[%d][%d] = %v, Q = %v", i, j, r.Generator[i][j], q[i][j])
			}
		}
	}
	if r.Distance > 1e-12 {
		t.Errorf("Distance %v", r.Distance)
	}
}

func TestMigrationRootTwoState(t *testing.T) {
	// Closed form: the n-th root of [[1−p, p], [0, 1]] is [[(1−p)^(1/n), 1 − (1−p)^(1/n)],
	// [0, 1]], the constant-PD conversion of ConstantPD.
	p := 0.07
	r, err := MigrationRoot([][]float64{{1 - p, p}, {0, 1}}, 12)
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := ConstantPD(p, 12, 1)
	if d := math.Abs(r.Root[0][1] - ts.Marginal[0]); d > 1e-14 {
		t.Errorf("monthly PD %v, closed form %v", r.Root[0][1], ts.Marginal[0])
	}
}

func TestMigrationRootErrors(t *testing.T) {
	good := [][]float64{{0.9, 0.1}, {0, 1}}
	for _, tc := range []struct {
		name string
		m    [][]float64
		n    int
		err  error
	}{
		{"one state", [][]float64{{1}}, 12, ErrMatrix},
		{"ragged", [][]float64{{0.9, 0.1}, {1}}, 12, ErrMatrix},
		{"row sum", [][]float64{{0.9, 0.2}, {0, 1}}, 12, ErrMatrix},
		{"NaN", [][]float64{{math.NaN(), 1}, {0, 1}}, 12, ErrMatrix},
		{"n zero", good, 0, ErrPeriods},
		{"n huge", good, MaxRootSteps + 1, ErrPeriods},
		// A permutation has eigenvalue −1: no real logarithm.
		{"swap", [][]float64{{0, 1}, {1, 0}}, 2, ErrMatrix},
		// Singular: both rows equal.
		{"singular", [][]float64{{0.5, 0.5}, {0.5, 0.5}}, 2, ErrMatrix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MigrationRoot(tc.m, tc.n)
			var ie *InputError
			if !errors.Is(err, tc.err) || !errors.As(err, &ie) {
				t.Errorf("got %v, want %v as *InputError", err, tc.err)
			}
		})
	}
}

// FuzzMigrationRoot feeds arbitrary 3-state matrices: every call returns a transition matrix
// or a typed error, never a panic, NaN or an invalid root.
func FuzzMigrationRoot(f *testing.F) {
	f.Add(0.9, 0.05, 0.1, 0.8, 0.0, 0.0, 12)
	f.Add(0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 2)
	f.Add(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3)
	f.Add(1e-300, 0.3, 0.2, 1e-9, 0.1, 0.9, 1200)
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g float64, n int) {
		m := [][]float64{{a, b, 1 - a - b}, {c, d, 1 - c - d}, {e, g, 1 - e - g}}
		r, err := MigrationRoot(m, n)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || !(errors.Is(err, ErrMatrix) || errors.Is(err, ErrPeriods)) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		checkStochastic(t, r.Root)
		if math.IsNaN(r.Distance) || r.Distance < 0 || r.Distance > 2 {
			t.Fatalf("Distance %v", r.Distance)
		}
	})
}
