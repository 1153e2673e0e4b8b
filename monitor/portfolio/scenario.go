package portfolio

import (
	"math"
	"strconv"

	"github.com/smecredit/smecredit/internal/enum"
)

// MaxScenarios bounds the scenarios of one [StressScenarios] call.
const MaxScenarios = 1000

// weightTol is how far scenario weights may sum from 1.
const weightTol = 1e-9

// MacroZ returns the systematic factor Z of a macroeconomic scenario from one macro variable:
// the variable's standardized shock times the caller's sensitivity,
//
//	Z = β · (x − μ) / σ
//
// where x is the scenario value of the variable (for instance GDP growth in percent), μ and σ
// its historical mean and standard deviation (same unit, σ > 0) and β the sensitivity of the
// credit factor to the standardized variable (for instance the correlation of the fitted
// annual factor, [FitMigrationZ], with the variable; positive for GDP growth, negative for
// unemployment). A negative Z is a downturn. Errors: any argument not finite, or σ ≤ 0
// ([ErrValue]). O(1).
//
// References: B. Belkin, S. Suchower and L. R. Forest, "A one-parameter representation of
// credit risk and transition matrices", CreditMetrics Monitor, Third Quarter 1998 (Z as the
// credit cycle, related to macro variables); BCBS, Principles for sound stress testing
// practices and supervision (2009) (macro scenarios mapped to risk parameters).
func MacroZ(x, mean, sd, sensitivity float64) (float64, error) {
	for _, a := range []struct {
		n string
		v float64
	}{{"x", x}, {"mean", mean}, {"sd", sd}, {"sensitivity", sensitivity}} {
		if math.IsNaN(a.v) || math.IsInf(a.v, 0) {
			return 0, inputErr(a.n, fval(a.v), ErrValue)
		}
	}
	if !(sd > 0) {
		return 0, inputErr("sd", fval(sd), ErrValue)
	}
	z := sensitivity * ((x - mean) / sd)
	if math.IsInf(z, 0) || math.IsNaN(z) {
		return 0, inputErr("sensitivity", fval(sensitivity), ErrValue)
	}
	return z, nil
}

// LogitShiftPD returns the PD moved by a shift of its log-odds, the alternative to the
// one-factor shift of [ConditionalPD] when a logistic regression of default rates on a macro
// variable gives the sensitivity β:
//
//	PD' = logistic( logit(PD) + β·Δx ),   logit(p) = ln(p/(1−p)),  logistic(u) = 1/(1+e^(−u))
//
// where Δx is the change of the macro variable in the scenario (its unit is β's). A positive
// β·Δx raises the PD. pd = 0 and pd = 1 are returned unchanged. Errors: pd outside [0, 1]
// ([ErrProbability]); beta or dx not finite, or β·Δx not finite ([ErrValue]). O(1).
//
// References: T. Wilson, "Portfolio credit risk", FRBNY Economic Policy Review, October 1998
// (CreditPortfolioView: logit of the default rate linear in macro variables).
func LogitShiftPD(pd, beta, dx float64) (float64, error) {
	if !(pd >= 0 && pd <= 1) {
		return 0, inputErr("pd", fval(pd), ErrProbability)
	}
	for _, a := range []struct {
		n string
		v float64
	}{{"beta", beta}, {"dx", dx}} {
		if math.IsNaN(a.v) || math.IsInf(a.v, 0) {
			return 0, inputErr(a.n, fval(a.v), ErrValue)
		}
	}
	s := beta * dx
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, inputErr("dx", fval(dx), ErrValue)
	}
	return logitShift(pd, s), nil
}

func logitShift(pd, s float64) float64 {
	if pd == 0 || pd == 1 {
		return pd
	}
	u := math.Log(pd) - math.Log1p(-pd) + s
	if u >= 0 {
		return 1 / (1 + math.Exp(-u))
	}
	e := math.Exp(u)
	return e / (1 + e)
}

// ShiftMethod selects how a [Scenario] moves PDs. The zero value is [VasicekShift].
type ShiftMethod uint8

// Shift methods. Values are stable.
const (
	VasicekShift ShiftMethod = iota // the one-factor conditional PD at Scenario.Z ("vasicek")
	LogitShift                      // the log-odds moved by Scenario.Shift ("logit")
)

var shiftMethodNames = enum.Names[ShiftMethod]{"vasicek", "logit"}

// String returns the method's name.
func (m ShiftMethod) String() string { return shiftMethodNames.String(m) }

// IsValid reports whether m is one of the two methods.
func (m ShiftMethod) IsValid() bool { return shiftMethodNames.Valid(m) }

// MarshalText returns the method's name.
func (m ShiftMethod) MarshalText() ([]byte, error) { return shiftMethodNames.Marshal(m) }

// UnmarshalText sets m from its name.
func (m *ShiftMethod) UnmarshalText(t []byte) error { return shiftMethodNames.Unmarshal(m, t) }

// Scenario is one macroeconomic scenario of a probability-weighted set: its name, its
// probability Weight (a fraction; the weights of a set sum to 1), and the shift it applies:
// the systematic factor Z for [VasicekShift] (from [MacroZ], or −Φ⁻¹(q) for a q-quantile
// downturn; negative is adverse) or the log-odds shift β·Δx for [LogitShift] (positive is
// adverse). The field the method does not use must still be finite. The zero value is a
// scenario of weight 0 at the mean factor.
type Scenario struct {
	Name   string
	Weight float64
	Z      float64
	Shift  float64
}

// ScenarioStress is the outcome of one scenario: its name and weight and, for each grade in
// order of first appearance and then the total (Grade "total"), the base and stressed figures
// of [Stress].
type ScenarioStress struct {
	Name   string
	Weight float64
	Grades []GradeStress
}

// ScenarioAnalysis is the outcome of a probability-weighted scenario set: each scenario's
// grades beside the weighted ones. In Weighted, each position's stressed PD is the weighted
// average Σ_s w_s·PD_s of its scenario PDs, so StressedPD, StressedDefaults and StressedEL are
// the probability-weighted figures (StressedEL up to the rounding of each position's EL to the
// cent); the base figures are those of every scenario.
type ScenarioAnalysis struct {
	Scenarios []ScenarioStress
	Weighted  []GradeStress
}

// StressScenarios applies each scenario to every position and reports, grade by grade, the
// base figures beside each scenario's and beside the probability-weighted ones (see
// [ScenarioAnalysis]). Under [VasicekShift] a position's PD in scenario s is
// [ConditionalPD](PD, Rho, Z_s); under [LogitShift] it is [LogitShiftPD] with β·Δx = Shift_s
// (Rho is then checked but unused). The probability-weighted PD,
//
//	PD_w = Σ_s w_s · PD_s,
//
// is the forward-looking, unbiased PD of IFRS 9 5.5.17(a) and B5.5.42 when the scenarios span
// the range of outcomes.
//
// Errors: no scenario or more than [MaxScenarios] ([ErrSize]); a weight outside [0, 1] or NaN
// ([ErrProbability], "scenarios[i].weight"), weights not summing to 1 within 10⁻⁹
// ([ErrProbability], "scenarios"); a Z or Shift not finite ([ErrValue]); an unknown method
// ([ErrValue]); a position as in [Stress]. O(len(positions)·len(scenarios)).
//
// References: O. Vasicek (2002); T. Wilson, FRBNY Economic Policy Review (1998); IFRS 9
// Financial Instruments, 5.5.17(a), B5.5.42 (probability-weighted outcome); BCBS, Principles
// for sound stress testing practices and supervision (2009).
func StressScenarios(positions []Position, scenarios []Scenario, method ShiftMethod) (ScenarioAnalysis, error) {
	var out ScenarioAnalysis
	if !method.IsValid() {
		return out, inputErr("method", method.String(), ErrValue)
	}
	if len(scenarios) == 0 || len(scenarios) > MaxScenarios {
		return out, inputErr("scenarios", "len "+strconv.Itoa(len(scenarios)), ErrSize)
	}
	if len(positions) > MaxRecords {
		return out, inputErr("positions", "len "+strconv.Itoa(len(positions)), ErrSize)
	}
	var wsum float64
	for i := range scenarios {
		s := &scenarios[i]
		f := idx("scenarios", i)
		if !(s.Weight >= 0 && s.Weight <= 1) {
			return out, inputErr(f+".weight", fval(s.Weight), ErrProbability)
		}
		if math.IsNaN(s.Z) || math.IsInf(s.Z, 0) {
			return out, inputErr(f+".z", fval(s.Z), ErrValue)
		}
		if math.IsNaN(s.Shift) || math.IsInf(s.Shift, 0) {
			return out, inputErr(f+".shift", fval(s.Shift), ErrValue)
		}
		wsum += s.Weight
	}
	if math.Abs(wsum-1) > weightTol {
		return out, inputErr("scenarios", "weights sum "+fval(wsum), ErrProbability)
	}
	if err := checkPositions(positions); err != nil {
		return out, err
	}
	grades, n := gradeIndex(positions)
	accs := make([]*gradeAcc, len(scenarios))
	for s := range accs {
		accs[s] = newGradeAcc(positions, grades, n)
	}
	weighted := newGradeAcc(positions, grades, n)
	for i := range positions {
		p := &positions[i]
		var pw float64
		for s := range scenarios {
			sc := &scenarios[s]
			var sp float64
			if method == LogitShift {
				sp = logitShift(p.PD, sc.Shift)
			} else {
				sp = conditionalPD(p.PD, p.Rho, sc.Z)
			}
			accs[s].add(grades[i], p, sp)
			pw += sc.Weight * sp
		}
		weighted.add(grades[i], p, min(1, pw))
	}
	out.Scenarios = make([]ScenarioStress, len(scenarios))
	for s := range scenarios {
		out.Scenarios[s] = ScenarioStress{Name: scenarios[s].Name, Weight: scenarios[s].Weight, Grades: accs[s].finish()}
	}
	out.Weighted = weighted.finish()
	return out, nil
}
