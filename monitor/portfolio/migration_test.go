package portfolio

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// ttcSP is a realistic through-the-cycle one-year matrix (AAA … CCC → AAA … CCC, D, in
// fractions): the S&P matrix printed in the CreditMetrics Technical Document (1997), Table 6.3,
// as recalled. It is used as input only: no expected value below depends on its digits, and its
// rows sum to 1 only to ±0.0001, as published matrices do.
var ttcSP = [][]float64{
	{0.9081, 0.0833, 0.0068, 0.0006, 0.0012, 0, 0, 0},
	{0.0070, 0.9065, 0.0779, 0.0064, 0.0006, 0.0014, 0.0002, 0},
	{0.0009, 0.0227, 0.9105, 0.0552, 0.0074, 0.0026, 0.0001, 0.0006},
	{0.0002, 0.0033, 0.0595, 0.8693, 0.0530, 0.0117, 0.0012, 0.0018},
	{0.0003, 0.0014, 0.0067, 0.0773, 0.8053, 0.0884, 0.0100, 0.0106},
	{0, 0.0011, 0.0024, 0.0043, 0.0648, 0.8346, 0.0407, 0.0520},
	{0.0022, 0, 0.0022, 0.0130, 0.0238, 0.1124, 0.6486, 0.1979},
}

// MathWorks, Financial Toolbox documentation, transprobtothresholds: for the matrix
// High (98.13, 1.78, 0.09) and Low (0.81, 95.21, 3.98) % the thresholds are
// High (Inf, −2.0814, −3.1214) and Low (Inf, 2.4044, −1.7530).
func TestMigrationThresholdsMathWorks(t *testing.T) {
	got := thresholds([][]float64{{0.9813, 0.0178, 0.0009}, {0.0081, 0.9521, 0.0398}})
	want := [][]float64{{math.Inf(1), -2.0814, -3.1214}, {math.Inf(1), 2.4044, -1.7530}}
	for i := range want {
		for j := range want[i] {
			if !(math.IsInf(want[i][j], 1) && math.IsInf(got[i][j], 1)) && math.Round(got[i][j]*1e4)/1e4 != want[i][j] {
				t.Errorf("b[%d][%d] = %v, want %v", i, j, got[i][j], want[i][j])
			}
		}
	}
}

// MathWorks, Financial Toolbox documentation, transprobtothresholds example (Data_TransProb):
// the 8×8 matrix estimated by transprob (percent, 4 decimals) and its thresholds (4 decimals).
// The printed probabilities are rounded to 10⁻⁶, which moves a threshold b by up to about
// 10⁻⁶/φ(b) (0.03 in the far tail), so each threshold is compared within that bound.
func TestMigrationThresholdsMathWorks8(t *testing.T) {
	trans := [][]float64{
		{93.1170, 5.8428, 0.8232, 0.1763, 0.0376, 0.0012, 0.0001, 0.0017},
		{1.6166, 93.1518, 4.3632, 0.6602, 0.1626, 0.0055, 0.0004, 0.0396},
		{0.1237, 2.9003, 92.2197, 4.0756, 0.5365, 0.0661, 0.0028, 0.0753},
		{0.0236, 0.2312, 5.0059, 90.1846, 3.7979, 0.4733, 0.0642, 0.2193},
		{0.0216, 0.1134, 0.6357, 5.7960, 88.9866, 3.4497, 0.2919, 0.7050},
		{0.0010, 0.0062, 0.1081, 0.8697, 7.3366, 86.7215, 2.5169, 2.4399},
		{0.0002, 0.0011, 0.0120, 0.2582, 1.4294, 4.2898, 81.2927, 12.7167},
		{0, 0, 0, 0, 0, 0, 0, 100},
	}
	inf := math.Inf(1)
	want := [][]float64{
		{inf, -1.4846, -2.3115, -2.8523, -3.3480, -4.0083, -4.1276, -4.1413},
		{inf, 2.1403, -1.6228, -2.3788, -2.8655, -3.3166, -3.3523, -3.3554},
		{inf, 3.0264, 1.8773, -1.6690, -2.4673, -2.9800, -3.1631, -3.1736},
		{inf, 3.4963, 2.8009, 1.6201, -1.6897, -2.4291, -2.7663, -2.8490},
		{inf, 3.5195, 2.9999, 2.4225, 1.5089, -1.7010, -2.3275, -2.4547},
		{inf, 4.2696, 3.8015, 3.0477, 2.3320, 1.3838, -1.6491, -1.9703},
		{inf, 4.6241, 4.2097, 3.6472, 2.7803, 2.1199, 1.5556, -1.1399},
		{inf, inf, inf, inf, inf, inf, inf, inf},
	}
	for i := range trans {
		for j := range trans[i] {
			trans[i][j] /= 100
		}
	}
	got := thresholds(trans)
	for i := range want {
		for j := range want[i] {
			w, g := want[i][j], got[i][j]
			if math.IsInf(w, 1) {
				if !math.IsInf(g, 1) {
					t.Errorf("b[%d][%d] = %v, want +Inf", i, j, g)
				}
				continue
			}
			tol := 0.5e-4 + 4e-6/distuv.UnitNormal.Prob(w)
			if math.Abs(g-w) > tol {
				t.Errorf("b[%d][%d] = %.4f, want %.4f (±%.4f)", i, j, g, w, tol)
			}
		}
	}
}

func rowSums(m [][]float64) []float64 {
	s := make([]float64, len(m))
	for i, r := range m {
		for _, p := range r {
			s[i] += p
		}
	}
	return s
}

// Exact properties of the one-factor representation (Belkin, Suchower and Forest 1998):
// rows are probability vectors, the default column is the Vasicek conditional PD, and
// downgrades and defaults rise (upgrades fall) as Z falls.
func TestStressMigrationProperties(t *testing.T) {
	const rho = 0.08
	sums := rowSums(ttcSP)
	var prev [][]float64
	for z := 3.0; z >= -3; z -= 0.25 {
		m, err := StressMigration(ttcSP, rho, z)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range m {
			var s float64
			for _, p := range row {
				if !(p >= 0 && p <= 1) {
					t.Fatalf("z %v: p %v", z, p)
				}
				s += p
			}
			if math.Abs(s-1) > 4e-16*float64(len(row)) {
				t.Errorf("z %v row %d sums to 1%+g", z, i, s-1)
			}
			last := len(row) - 1
			if want := conditionalPD(ttcSP[i][last]/sums[i], rho, z); !near(row[last], want, 1e-15) {
				t.Errorf("z %v row %d: default %v, ConditionalPD %v", z, i, row[last], want)
			}
		}
		if prev != nil {
			for i := range m {
				var up, upPrev, down, downPrev float64
				for j := range m[i] {
					switch {
					case j < i:
						up, upPrev = up+m[i][j], upPrev+prev[i][j]
					case j > i:
						down, downPrev = down+m[i][j], downPrev+prev[i][j]
					}
				}
				last := len(m[i]) - 1
				if down < downPrev-1e-15 || up > upPrev+1e-15 || m[i][last] < prev[i][last] {
					t.Errorf("z %v row %d: down %v (was %v), up %v (was %v)", z, i, down, downPrev, up, upPrev)
				}
			}
		}
		prev = m
	}
}

// Averaging the conditional matrix over Z ~ N(0, 1) gives back the TTC matrix:
// E[Φ((b − √ρ·Z)/√(1−ρ))] = Φ(b) (Vasicek 2002; BSF 1998), here by Gauss–Legendre quadrature
// of the normal density on [−10, 10]. At Z = 0 the matrix is not the TTC one: it has fewer
// migrations (a heavier diagonal).
func TestStressMigrationAveragesToTTC(t *testing.T) {
	for _, rho := range []float64{0.02, 0.12, 0.3} {
		const n = 400
		x, w := make([]float64, n), make([]float64, n)
		quad.Legendre{}.FixedLocations(x, w, -10, 10)
		avg := make([][]float64, len(ttcSP))
		for i := range avg {
			avg[i] = make([]float64, len(ttcSP[i]))
		}
		for k := range x {
			m, err := StressMigration(ttcSP, rho, x[k])
			if err != nil {
				t.Fatal(err)
			}
			wk := w[k] * distuv.UnitNormal.Prob(x[k])
			for i := range m {
				for j := range m[i] {
					avg[i][j] += wk * m[i][j]
				}
			}
		}
		sums := rowSums(ttcSP)
		for i := range avg {
			for j := range avg[i] {
				if want := ttcSP[i][j] / sums[i]; !near(avg[i][j], want, 1e-10) {
					t.Errorf("rho %v: E[P(Z)][%d][%d] = %v, want %v", rho, i, j, avg[i][j], want)
				}
			}
		}
		m0, _ := StressMigration(ttcSP, rho, 0)
		for i := range m0 {
			if m0[i][i] <= ttcSP[i][i] {
				t.Errorf("rho %v: Z = 0 diagonal %v ≤ TTC %v", rho, m0[i][i], ttcSP[i][i])
			}
		}
	}
	// rho = 0 leaves the matrix as it is.
	m, _ := StressMigration(ttcSP, 0, -2)
	sums := rowSums(ttcSP)
	for i := range m {
		for j := range m[i] {
			if !near(m[i][j], ttcSP[i][j]/sums[i], 1e-14) {
				t.Errorf("rho 0: [%d][%d] %v", i, j, m[i][j])
			}
		}
	}
}

// An absorbing default row stays absorbing; zeros stay zero.
func TestStressMigrationAbsorbing(t *testing.T) {
	m, err := StressMigration([][]float64{{0.9, 0.1, 0}, {0.1, 0.8, 0.1}, {0, 0, 1}}, 0.2, -2)
	if err != nil {
		t.Fatal(err)
	}
	if m[2][0] != 0 || m[2][1] != 0 || m[2][2] != 1 || m[0][2] != 0 {
		t.Errorf("%v", m)
	}
}

// FitMigrationZ inverts StressMigration: the Z of a conditional matrix is recovered, with and
// without obligor counts, and a year with more downgrades has a lower Z.
func TestFitMigrationZ(t *testing.T) {
	const rho = 0.05
	counts := []int64{90, 350, 1100, 1400, 900, 1000, 120}
	for _, z0 := range []float64{-2.5, -1, 0, 0.7, 2.2} {
		obs, err := StressMigration(ttcSP, rho, z0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range [][]int64{nil, counts} {
			z, err := FitMigrationZ(ttcSP, obs, c, rho)
			if err != nil {
				t.Fatal(err)
			}
			if !near(z, z0, 1e-6) {
				t.Errorf("z0 %v counts %v: fitted %v", z0, c != nil, z)
			}
		}
	}
	// Perturbed observation: still between its neighbours.
	lo, _ := StressMigration(ttcSP, rho, -1.2)
	hi, _ := StressMigration(ttcSP, rho, -0.8)
	mid := make([][]float64, len(lo))
	for i := range lo {
		mid[i] = make([]float64, len(lo[i]))
		for j := range lo[i] {
			mid[i][j] = (lo[i][j] + hi[i][j]) / 2
		}
	}
	if z, _ := FitMigrationZ(ttcSP, mid, counts, rho); !(z > -1.2 && z < -0.8) {
		t.Errorf("mixed year: Z %v, want in (−1.2, −0.8)", z)
	}
	if z, _ := FitMigrationZ(ttcSP, ttcSP, nil, 0); z != 0 {
		t.Errorf("rho 0: %v", z)
	}
}

func TestMigrationErrors(t *testing.T) {
	good := [][]float64{{0.9, 0.1}, {0, 1}}
	var ie *InputError
	cases := []struct {
		name  string
		call  func() error
		want  error
		field string
	}{
		{"empty", func() error { _, err := StressMigration(nil, 0.1, 0); return err }, ErrSize, "ttc"},
		{"ragged", func() error { _, err := StressMigration([][]float64{{0.5, 0.5}, {1}}, 0.1, 0); return err }, ErrSize, "ttc[1]"},
		{"tall", func() error { _, err := StressMigration([][]float64{{0, 1}, {0, 1}, {0, 1}}, 0.1, 0); return err }, ErrSize, "ttc"},
		{"negative", func() error { _, err := StressMigration([][]float64{{1.1, -0.1}}, 0.1, 0); return err }, ErrProbability, "ttc[0][0]"},
		{"NaN", func() error { _, err := StressMigration([][]float64{{math.NaN(), 1}}, 0.1, 0); return err }, ErrProbability, "ttc[0][0]"},
		{"sum", func() error { _, err := StressMigration([][]float64{{0.5, 0.4}}, 0.1, 0); return err }, ErrProbability, "ttc[0]"},
		{"rho", func() error { _, err := StressMigration(good, 1, 0); return err }, ErrCorrelation, "rho"},
		{"z", func() error { _, err := StressMigration(good, 0.1, math.Inf(-1)); return err }, ErrValue, "z"},
		{"shape", func() error { _, err := FitMigrationZ(good, [][]float64{{1, 0}}, nil, 0.1); return err }, ErrSize, "observed"},
		{"counts len", func() error { _, err := FitMigrationZ(good, good, []int64{1}, 0.1); return err }, ErrSize, "counts"},
		{"counts neg", func() error { _, err := FitMigrationZ(good, good, []int64{1, -1}, 0.1); return err }, ErrValue, "counts[1]"},
		{"counts zero", func() error { _, err := FitMigrationZ(good, good, []int64{0, 0}, 0.1); return err }, ErrValue, "counts"},
		{"observed", func() error { _, err := FitMigrationZ(good, [][]float64{{2, 0}, {0, 1}}, nil, 0.1); return err }, ErrProbability, "observed[0][0]"},
	}
	for _, c := range cases {
		err := c.call()
		if !errors.Is(err, c.want) || !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Only an absorbing row: nothing depends on Z, so the fit returns 0.
func TestFitMigrationZFlat(t *testing.T) {
	m := [][]float64{{0, 1}}
	if z, err := FitMigrationZ(m, m, nil, 0.2); err != nil || z != 0 {
		t.Errorf("z %v, %v", z, err)
	}
}
