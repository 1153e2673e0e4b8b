package portfolio

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/irb"
)

// Exam item (pzacademy.com, NO.PZ2020011303000128, Hull-style): PD 0.75 %, ρ 0.2, 99.9 %
// → worst-case default rate 12.01 % (0.120124 recomputed).
func TestStressedPDExam(t *testing.T) {
	got, err := StressedPD(0.0075, 0.2, 0.999)
	if err != nil {
		t.Fatal(err)
	}
	if math.Round(got*1e4)/1e2 != 12.01 || !near(got, 0.120124, 5e-7) {
		t.Errorf("D_0.999 = %v, want 12.01 %%", got)
	}
}

// The IRB formula's own quantile term: for retail (maturity factor 1) K = LGD·(D_0.999 − PD),
// so D_0.999 from StressedPD must equal K/LGD + PD from internal/irb (Basel II §328–330) at the
// class's correlation.
func TestStressedPDMatchesIRB(t *testing.T) {
	g := irb.G999()
	for _, pd := range []float64{0.0003, 0.001, 0.01, 0.05, 0.2} {
		for _, c := range []irb.Class{irb.QRRE, irb.ResidentialMortgage, irb.OtherRetail} {
			r, _, k := irb.Capital(c, pd, 0.45, 1, 0, g)
			d, err := StressedPD(pd, r, 0.999)
			if err != nil {
				t.Fatal(err)
			}
			if !near(d, k/0.45+pd, 1e-12) {
				t.Errorf("class %d pd %v: D %v, IRB %v", c, pd, d, k/0.45+pd)
			}
		}
	}
}

// Properties: p(z) falls in z, p(0) is not the PD in general but E[p(Z)] = PD (checked by
// Gauss–Hermite-free midpoint integration), rho = 0 gives PD.
func TestConditionalPDProperties(t *testing.T) {
	pd, rho := 0.02, 0.15
	prev := 1.0
	var mean float64
	const h = 0.001
	for z := -8.0; z < 8; z += h {
		p, err := ConditionalPD(pd, rho, z)
		if err != nil {
			t.Fatal(err)
		}
		if p > prev {
			t.Fatalf("not decreasing at z %v", z)
		}
		prev = p
		mean += p * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) * h
	}
	if !near(mean, pd, 1e-6) {
		t.Errorf("E[p(Z)] = %v, want %v", mean, pd)
	}
	if p, _ := ConditionalPD(pd, 0, -3); !near(p, pd, 1e-15) {
		t.Errorf("rho 0: %v", p)
	}
	for _, c := range []struct {
		pd, rho, z float64
		want       error
	}{{-0.1, 0.1, 0, ErrProbability}, {0.1, 1, 0, ErrCorrelation}, {0.1, math.NaN(), 0, ErrCorrelation}, {0.1, 0.1, math.Inf(-1), ErrValue}} {
		if _, err := ConditionalPD(c.pd, c.rho, c.z); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v", c, err)
		}
	}
	if _, err := StressedPD(0.1, 0.1, 1); !errors.Is(err, ErrProbability) {
		t.Errorf("q 1: %v", err)
	}
}

func TestStress(t *testing.T) {
	d := decimal.NewFromInt
	ps := []Position{
		{Grade: "A", EAD: d(1000), PD: 0.01, LGD: 0.45, Rho: 0.2},
		{Grade: "B", EAD: d(500), PD: 0.05, LGD: 0.5, Rho: 0.1},
		{Grade: "A", EAD: d(1000), PD: 0.01, LGD: 0.45, Rho: 0.2},
	}
	z := -irb.G999()
	gs, err := Stress(ps, z)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 3 || gs[0].Grade != "A" || gs[2].Grade != "total" || gs[0].Positions != 2 {
		t.Fatalf("%+v", gs)
	}
	// Grade A base EL = 2 × 1000 × 0.01 × 0.45 = 9; stressed = 2 × 1000 × D_0.999 × 0.45.
	dq, _ := StressedPD(0.01, 0.2, 0.999)
	if !gs[0].BaseEL.Equal(decimal.RequireFromString("9")) || !near(gs[0].StressedEL.InexactFloat64(), 900*dq, 0.011) {
		t.Errorf("grade A EL %v → %v, want 9 → %v", gs[0].BaseEL, gs[0].StressedEL, 900*dq)
	}
	if !gs[2].BaseEL.Equal(gs[0].BaseEL.Add(gs[1].BaseEL)) || gs[2].StressedDefaults <= gs[2].BaseDefaults {
		t.Errorf("total %+v", gs[2])
	}
	if _, err := Stress([]Position{{EAD: d(1), PD: 2}}, 0); !errors.Is(err, ErrProbability) {
		t.Errorf("pd 2: %v", err)
	}
	var ie *InputError
	if _, err := Stress([]Position{{EAD: d(1), Rho: 1}}, 0); !errors.As(err, &ie) || ie.Field != "positions[0].rho" {
		t.Errorf("rho 1: %v", err)
	}
}

func TestVintages(t *testing.T) {
	d := decimal.NewFromInt
	loans := []Loan{
		{ID: "a", Originated: 2, Defaulted: true, DefaultMonth: 2},
		{ID: "b", Originated: 2, Defaulted: true, DefaultMonth: 4},
		{ID: "c", Originated: 2},
		{ID: "d", Originated: 2},
		{ID: "e", Originated: 0, Defaulted: true, DefaultMonth: 5},
	}
	vs, err := Vintages(loans, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Cohort != 0 || vs[1].Cohort != 2 {
		t.Fatalf("%+v", vs)
	}
	v := vs[1]
	// Cohort 2 is seen for 3 months on book (5 − 2): months 4 and later are censored.
	want := []float64{0.25, 0.25, 0.5, 0.5}
	if v.Observed != 3 || len(v.CumDefaultRate) != 4 {
		t.Fatalf("cohort 2: %+v", v)
	}
	for k := range want {
		if v.CumDefaultRate[k] != want[k] {
			t.Errorf("mob %d: %v, want %v", k, v.CumDefaultRate[k], want[k])
		}
	}
	if vs[0].Observed != 5 || vs[0].CumDefaultRate[4] != 0 || vs[0].CumDefaultRate[5] != 1 {
		t.Errorf("cohort 0: %+v", vs[0])
	}
	// Loss curves on the original balance (Allman ch. 4): cohort 2 lends 100 + 300 + 400 + 200
	// = 1000 and loses 60 at MOB 0 and 90 at MOB 2.
	for i, a := range []int64{100, 300, 400, 200} {
		loans[i].Amount = d(a)
	}
	loans[0].Loss, loans[1].Loss = d(60), d(90)
	vs, err = Vintages(loans, 5)
	if err != nil {
		t.Fatal(err)
	}
	v = vs[1]
	wantLoss := []float64{0.06, 0.06, 0.15, 0.15}
	if !v.Amount.Equal(d(1000)) || len(v.CumLossRate) != 4 || !v.CumLoss[3].Equal(d(150)) {
		t.Fatalf("cohort 2 losses: %+v", v)
	}
	for k := range wantLoss {
		if math.Abs(v.CumLossRate[k]-wantLoss[k]) > 1e-15 {
			t.Errorf("loss rate mob %d: %v, want %v", k, v.CumLossRate[k], wantLoss[k])
		}
	}
	if vs[0].Amount.Sign() != 0 || vs[0].CumLossRate[5] != 0 {
		t.Errorf("cohort 0 without amounts: %+v", vs[0])
	}
	for _, c := range []struct {
		l     Loan
		field string
		want  error
	}{
		{Loan{ID: "x", Originated: 1, Amount: d(-1)}, "loans[x].amount", ErrAmount},
		{Loan{ID: "x", Originated: 1, Defaulted: true, DefaultMonth: 2, Loss: d(-1)}, "loans[x].loss", ErrAmount},
		{Loan{ID: "x", Originated: 1, Loss: d(5)}, "loans[x].loss", ErrValue},
	} {
		var ie *InputError
		if _, err := Vintages([]Loan{c.l}, 5); !errors.Is(err, c.want) || !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%+v: %v, want %v at %s", c.l, err, c.want, c.field)
		}
	}
	for _, bad := range []Loan{{ID: "x", Originated: 6}, {ID: "x", Originated: 1, Defaulted: true, DefaultMonth: 0},
		{ID: "x", Originated: 1, Defaulted: true, DefaultMonth: 9}, {ID: "x", Originated: -1}} {
		var ie *InputError
		if _, err := Vintages([]Loan{bad}, 5); !errors.Is(err, ErrMonth) || !errors.As(err, &ie) || ie.Field[:8] != "loans[x]" {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
