package pdcurve

import (
	"math"
	"testing"
)

func TestPeriodPD(t *testing.T) {
	// Twelve monthly survivals of q compound back to the annual PD: (1 − q)^12 = 1 − p.
	for _, p := range []float64{0, 1e-9, 0.03, 0.5, 0.999999, 1} {
		q := PeriodPD(p, 12)
		if got := 1 - math.Pow(1-q, 12); math.Abs(got-p) > 1e-12 {
			t.Errorf("p=%v: 1−(1−q)^12 = %v", p, got)
		}
	}
	// ConstantPD(p) ≡ ConstantHazard(−ln(1−p)).
	if a, b := PeriodPD(0.04, 4), HazardPD(-math.Log(0.96), 4); math.Abs(a-b) > 1e-16 {
		t.Errorf("%v vs %v", a, b)
	}
}

func TestRegridIdentity(t *testing.T) {
	m := ConstantMarginal(PeriodPD(0.1, 1), 3)
	same := Regrid(m, 1, 1)
	for i := range m {
		if math.Abs(same[i]-m[i]) > 1e-16 {
			t.Fatalf("identity regrid changed %d", i)
		}
	}
	if got := Regrid(m, 12, 1); len(got) != 0 {
		t.Errorf("3 months onto an annual grid: %d periods, want 0", len(got))
	}
}

func TestMigrationMarginal(t *testing.T) {
	// A two-state chain with default probability p per period is the constant-PD curve.
	p := 0.07
	m := MigrationMarginal([][]float64{{1 - p, p}, {0, 1}}, 0, 10)
	want := ConstantMarginal(p, 10)
	for i := range m {
		if math.Abs(m[i]-want[i]) > 1e-16 {
			t.Fatalf("period %d: %v, want %v", i, m[i], want[i])
		}
	}
}
