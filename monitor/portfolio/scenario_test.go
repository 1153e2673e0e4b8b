package portfolio

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

// The logit shift multiplies the odds by e^(β·Δx): PD 2 % (odds 1/49) shifted by ln 2 has odds
// 2/49, PD 2/51 (the odds-ratio reading of a logistic coefficient, Hosmer and Lemeshow,
// Applied Logistic Regression, 2nd ed., §3.2).
func TestLogitShiftPD(t *testing.T) {
	got, err := LogitShiftPD(0.02, math.Ln2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !near(got, 2.0/51, 1e-16) {
		t.Errorf("PD' = %v, want 2/51", got)
	}
	for _, c := range []struct{ pd, beta, dx, want float64 }{
		{0.3, 0.5, 0, 0.3}, {0, 5, 5, 0}, {1, -5, 5, 1}, {0.5, 1, -800, 0}, {0.5, 1, 800, 1},
	} {
		if got, err := LogitShiftPD(c.pd, c.beta, c.dx); err != nil || !near(got, c.want, 1e-15) {
			t.Errorf("%+v: %v %v", c, got, err)
		}
	}
	// Monotone in the shift and symmetric: shifting by s then −s gives the PD back.
	prev := 0.0
	for s := -10.0; s <= 10; s += 0.5 {
		p := logitShift(0.07, s)
		if p <= prev || !near(logitShift(p, -s), 0.07, 1e-13) {
			t.Fatalf("s %v: %v (prev %v)", s, p, prev)
		}
		prev = p
	}
}

func TestMacroZ(t *testing.T) {
	// GDP growth −2 % against a mean of 2 % and a standard deviation of 2 %, sensitivity 0.5:
	// Z = 0.5·(−2 − 2)/2 = −1.
	if z, err := MacroZ(-2, 2, 2, 0.5); err != nil || z != -1 {
		t.Errorf("Z = %v, %v", z, err)
	}
	var ie *InputError
	for _, c := range []struct {
		x, mean, sd, beta float64
		field             string
	}{{math.NaN(), 0, 1, 1, "x"}, {0, 0, 0, 1, "sd"}, {0, 0, -1, 1, "sd"}, {0, math.Inf(1), 1, 1, "mean"},
		{1e308, -1e308, 1e-300, 1, "sensitivity"}} {
		if _, err := MacroZ(c.x, c.mean, c.sd, c.beta); !errors.Is(err, ErrValue) || !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

func scenarioBook() []Position {
	d := decimal.NewFromInt
	return []Position{
		{Grade: "A", EAD: d(1000), PD: 0.01, LGD: 0.45, Rho: 0.2},
		{Grade: "B", EAD: d(500), PD: 0.05, LGD: 0.5, Rho: 0.1},
		{Grade: "A", EAD: d(700), PD: 0.015, LGD: 0.4, Rho: 0.18},
		{Grade: "C", EAD: d(0), PD: 1, LGD: 0.6, Rho: 0.1},
	}
}

// A single scenario of weight 1 is Stress at its Z; the weighted figures are the weighted
// averages of the scenarios' (PDs exactly, EL up to a cent a position); the adverse scenario
// raises every grade.
func TestStressScenarios(t *testing.T) {
	book := scenarioBook()
	one, err := StressScenarios(book, []Scenario{{Name: "down", Weight: 1, Z: -1.5}}, VasicekShift)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := Stress(book, -1.5)
	for j := range st {
		if g, w := one.Scenarios[0].Grades[j], st[j]; g != w && !(g.EAD.Equal(w.EAD) && g.StressedEL.Equal(w.StressedEL) && g.StressedPD == w.StressedPD) {
			t.Errorf("grade %d: %+v, want %+v", j, g, w)
		}
	}
	scs := []Scenario{{Name: "up", Weight: 0.3, Z: 1}, {Name: "base", Weight: 0.5, Z: 0}, {Name: "down", Weight: 0.2, Z: -2}}
	for _, m := range []ShiftMethod{VasicekShift, LogitShift} {
		if m == LogitShift {
			scs = []Scenario{{Name: "up", Weight: 0.3, Shift: -0.4}, {Name: "base", Weight: 0.5}, {Name: "down", Weight: 0.2, Shift: 0.9}}
		}
		a, err := StressScenarios(book, scs, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Scenarios) != 3 || len(a.Weighted) != 4 || a.Weighted[3].Grade != "total" || a.Scenarios[2].Name != "down" {
			t.Fatalf("%v: shape %+v", m, a)
		}
		for j := range a.Weighted {
			var pd, def, elw float64
			for s := range scs {
				g := a.Scenarios[s].Grades[j]
				pd += scs[s].Weight * g.StressedPD
				def += scs[s].Weight * g.StressedDefaults
				elw += scs[s].Weight * g.StressedEL.InexactFloat64()
			}
			w := a.Weighted[j]
			if !near(w.StressedPD, pd, 1e-15) || !near(w.StressedDefaults, def, 1e-14) || !near(w.StressedEL.InexactFloat64(), elw, 0.005*float64(w.Positions)+1e-9) {
				t.Errorf("%v grade %s: weighted %+v, want PD %v defaults %v EL %v", m, w.Grade, w, pd, def, elw)
			}
			if down, up := a.Scenarios[2].Grades[j], a.Scenarios[0].Grades[j]; down.EAD.Sign() > 0 && down.StressedPD < 1 && !(down.StressedPD > w.StressedPD && w.StressedPD > up.StressedPD) {
				t.Errorf("%v grade %s: down %v, weighted %v, up %v", m, w.Grade, down.StressedPD, w.StressedPD, up.StressedPD)
			}
		}
	}
}

func TestStressScenariosErrors(t *testing.T) {
	book := scenarioBook()
	ok := []Scenario{{Weight: 1}}
	var ie *InputError
	for _, c := range []struct {
		name   string
		ps     []Position
		scs    []Scenario
		method ShiftMethod
		want   error
		field  string
	}{
		{"no scenario", book, nil, VasicekShift, ErrSize, "scenarios"},
		{"method", book, ok, 2, ErrValue, "method"},
		{"weight", book, []Scenario{{Weight: 1.5}}, VasicekShift, ErrProbability, "scenarios[0].weight"},
		{"weight NaN", book, []Scenario{{Weight: math.NaN()}}, VasicekShift, ErrProbability, "scenarios[0].weight"},
		{"sum", book, []Scenario{{Weight: 0.5}, {Weight: 0.4}}, VasicekShift, ErrProbability, "scenarios"},
		{"z", book, []Scenario{{Weight: 1, Z: math.Inf(-1)}}, VasicekShift, ErrValue, "scenarios[0].z"},
		{"shift", book, []Scenario{{Weight: 1, Shift: math.NaN()}}, LogitShift, ErrValue, "scenarios[0].shift"},
		{"position", []Position{{EAD: decimal.NewFromInt(1), PD: 0.1, LGD: 2}}, ok, VasicekShift, ErrProbability, "positions[0].lgd"},
	} {
		if _, err := StressScenarios(c.ps, c.scs, c.method); !errors.Is(err, c.want) || !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	for _, m := range []ShiftMethod{VasicekShift, LogitShift} {
		b, _ := m.MarshalText()
		var back ShiftMethod
		if err := back.UnmarshalText(b); err != nil || back != m {
			t.Errorf("%v: %s → %v %v", m, b, back, err)
		}
	}
}
