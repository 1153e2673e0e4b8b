package irb

import (
	"fmt"
	"math"
	"testing"
)

// TestCapitalAnnex5 checks every cell of the Basel II Annex 5 table of illustrative IRB risk
// weights for unexpected loss (M = 2.5, no 1.06 scaling) to 0.01 percentage points.
//
// Source: BCBS, International Convergence of Capital Measurement and Capital Standards —
// Comprehensive Version (June 2006), Annex 5 (columns: corporate LGD 45 % with S ≥ 50; SME
// corporate S = 5 LGD 45 %; residential mortgage LGD 45 % and 25 %; other retail LGD 45 % and
// 85 %; QRRE LGD 45 % and 85 %).
func TestCapitalAnnex5(t *testing.T) {
	cols := []struct {
		name  string
		class Class
		lgd   float64
		sales float64
	}{
		{"Corp 45%", Corporate, 0.45, 0},
		{"SME S=5 45%", SMECorporate, 0.45, 5},
		{"RM 45%", ResidentialMortgage, 0.45, 0},
		{"RM 25%", ResidentialMortgage, 0.25, 0},
		{"OR 45%", OtherRetail, 0.45, 0},
		{"OR 85%", OtherRetail, 0.85, 0},
		{"QRRE 45%", QRRE, 0.45, 0},
		{"QRRE 85%", QRRE, 0.85, 0},
	}
	// Basel II Annex 5, risk weights in percent.
	table := []struct {
		pd float64
		rw [8]float64
	}{
		{0.0003, [8]float64{14.44, 11.30, 4.15, 2.30, 4.45, 8.41, 0.98, 1.85}},
		{0.0005, [8]float64{19.65, 15.39, 6.23, 3.46, 6.63, 12.52, 1.51, 2.86}},
		{0.0010, [8]float64{29.65, 23.30, 10.69, 5.94, 11.16, 21.08, 2.71, 5.12}},
		{0.0025, [8]float64{49.47, 39.01, 21.30, 11.83, 21.15, 39.96, 5.76, 10.88}},
		{0.0040, [8]float64{62.72, 49.49, 29.94, 16.64, 28.42, 53.69, 8.41, 15.88}},
		{0.0050, [8]float64{69.61, 54.91, 35.08, 19.49, 32.36, 61.13, 10.04, 18.97}},
		{0.0075, [8]float64{82.78, 65.14, 46.46, 25.81, 40.10, 75.74, 13.80, 26.06}},
		{0.0100, [8]float64{92.32, 72.40, 56.40, 31.33, 45.77, 86.46, 17.22, 32.53}},
		{0.0130, [8]float64{100.95, 78.77, 67.00, 37.22, 50.80, 95.95, 21.02, 39.70}},
		{0.0150, [8]float64{105.59, 82.11, 73.45, 40.80, 53.37, 100.81, 23.40, 44.19}},
		{0.0200, [8]float64{114.86, 88.55, 87.94, 48.85, 57.99, 109.53, 28.92, 54.63}},
		{0.0250, [8]float64{122.16, 93.43, 100.64, 55.91, 60.90, 115.03, 33.98, 64.18}},
	}
	g := G999()
	for _, row := range table {
		for j, col := range cols {
			t.Run(fmt.Sprintf("PD=%g%%/%s", 100*row.pd, col.name), func(t *testing.T) {
				_, _, k := Capital(col.class, row.pd, col.lgd, 2.5, col.sales, g)
				if got, want := 100*12.5*k, row.rw[j]; math.Abs(got-want) > 0.01 {
					t.Errorf("RW = %.4f %%, Annex 5 %.2f %%", got, want)
				}
			})
		}
	}
}

// TestG999 checks G(0.999) against the value printed in the reference notes (3.090232306).
func TestG999(t *testing.T) {
	if g := G999(); math.Abs(g-3.090232306) > 1e-9 {
		t.Errorf("G999 = %.10f", g)
	}
}

// TestCapitalProperties: SME correlation is 0.04 below corporate at S ≤ 5 and equal at S = 50
// (Basel II §273); retail classes have no maturity slope; K grows with M for corporates.
func TestCapitalProperties(t *testing.T) {
	g := G999()
	for _, pd := range []float64{0.0003, 0.01, 0.2} {
		rc := Correlation(Corporate, pd, 0)
		if d := rc - Correlation(SMECorporate, pd, 1); math.Abs(d-0.04) > 1e-15 {
			t.Errorf("PD %g: corporate − SME(S=1) = %g, want 0.04", pd, d)
		}
		if d := rc - Correlation(SMECorporate, pd, 50); math.Abs(d) > 1e-15 {
			t.Errorf("PD %g: corporate − SME(S=50) = %g, want 0", pd, d)
		}
		_, b, _ := Capital(OtherRetail, pd, 0.45, 5, 0, g)
		if b != 0 {
			t.Errorf("retail b = %g", b)
		}
		_, _, k1 := Capital(Corporate, pd, 0.45, 1, 0, g)
		_, _, k5 := Capital(Corporate, pd, 0.45, 5, 0, g)
		if !(k1 < k5) {
			t.Errorf("PD %g: K(M=1) %g ≥ K(M=5) %g", pd, k1, k5)
		}
	}
}

func BenchmarkCapital(b *testing.B) {
	g := G999()
	var s float64
	for b.Loop() {
		_, _, k := Capital(SMECorporate, 0.0123, 0.45, 2.5, 12, g)
		s += k
	}
	_ = s
}
