package portfolio

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/stat/distuv"
)

// ConditionalPD returns the default probability of an obligor with unconditional probability
// pd and asset correlation rho given the systematic factor Z = z, in the Vasicek one-factor
// model (the obligor defaults when √ρ·Z + √(1−ρ)·ε < Φ⁻¹(PD)):
//
//	p(z) = Φ( (Φ⁻¹(PD) − √ρ·z) / √(1−ρ) )
//
// A negative z is a downturn. pd = 0 and pd = 1 are returned unchanged. Errors: pd outside
// [0, 1] ([ErrProbability]); rho outside [0, 1) ([ErrCorrelation]); z not finite ([ErrValue]).
// O(1).
//
// References: O. Vasicek, "The distribution of loan portfolio value", Risk 15(12), 2002;
// BCBS, An Explanatory Note on the Basel II IRB Risk Weight Functions (July 2005), §4.2.
func ConditionalPD(pd, rho, z float64) (float64, error) {
	if err := checkVasicek(pd, rho); err != nil {
		return 0, err
	}
	if math.IsNaN(z) || math.IsInf(z, 0) {
		return 0, inputErr("z", fval(z), ErrValue)
	}
	return conditionalPD(pd, rho, z), nil
}

func conditionalPD(pd, rho, z float64) float64 {
	if pd == 0 || pd == 1 {
		return pd
	}
	n := distuv.UnitNormal
	return n.CDF((n.Quantile(pd) - math.Sqrt(rho)*z) / math.Sqrt(1-rho))
}

func checkVasicek(pd, rho float64) error {
	if !(pd >= 0 && pd <= 1) {
		return inputErr("pd", fval(pd), ErrProbability)
	}
	if !(rho >= 0 && rho < 1) {
		return inputErr("rho", fval(rho), ErrCorrelation)
	}
	return nil
}

// StressedPD returns the q-quantile of the default rate of an infinitely granular pool, the
// conditional PD at the systematic factor z = −Φ⁻¹(q):
//
//	D_q = Φ( (Φ⁻¹(PD) + √ρ·Φ⁻¹(q)) / √(1−ρ) )
//
// The Basel IRB capital requirement is K = LGD·(D_0.999 − PD)·MA. Errors: as [ConditionalPD],
// and q outside (0, 1) ([ErrProbability]). O(1).
//
// References: O. Vasicek (2002); BCBS, Basel II (June 2006) §272 and §328; BCBS, Explanatory
// Note on the IRB Risk Weight Functions (2005), §4.1–4.4.
func StressedPD(pd, rho, q float64) (float64, error) {
	if !(q > 0 && q < 1) {
		return 0, inputErr("q", fval(q), ErrProbability)
	}
	if err := checkVasicek(pd, rho); err != nil {
		return 0, err
	}
	return conditionalPD(pd, rho, -distuv.UnitNormal.Quantile(q)), nil
}

// Position is one exposure for a stress test: its grade (any label; results are grouped by
// it), exposure at default, PD and LGD (fractions) and asset correlation Rho (in [0, 1), for
// instance Basel's, from the IRB correlation function).
type Position struct {
	Grade string
	EAD   decimal.Decimal
	PD    float64
	LGD   float64
	Rho   float64
}

// GradeStress compares one grade before and after a systematic shock. Defaults are expected
// numbers of defaulting positions (Σ PD); PDs are EAD-weighted averages; EL = Σ EAD·PD·LGD,
// each term rounded to the cent, half away from zero.
type GradeStress struct {
	Grade            string
	Positions        int
	EAD              decimal.Decimal
	BasePD           float64
	StressedPD       float64
	BaseDefaults     float64
	StressedDefaults float64
	BaseEL           decimal.Decimal
	StressedEL       decimal.Decimal
}

// Stress applies the systematic factor z (negative = downturn; −Φ⁻¹(0.999) ≈ −3.09 is the
// Basel IRB quantile) to every position through [ConditionalPD] and reports each grade, in
// order of first appearance, with its base and stressed defaults and expected loss, followed
// by a total row with Grade "total". Errors name the position: PD or LGD outside [0, 1]
// ([ErrProbability]), Rho outside [0, 1) ([ErrCorrelation]), a bad EAD ([ErrAmount]), z not
// finite ([ErrValue]), more than [MaxRecords] positions ([ErrSize]). O(n).
//
// References: O. Vasicek (2002); BCBS, Explanatory Note on the IRB Risk Weight Functions
// (2005), §4.2 (conditional PD) and §4.4 (expected loss).
func Stress(positions []Position, z float64) ([]GradeStress, error) {
	if len(positions) > MaxRecords {
		return nil, inputErr("positions", "len "+strconv.Itoa(len(positions)), ErrSize)
	}
	if math.IsNaN(z) || math.IsInf(z, 0) {
		return nil, inputErr("z", fval(z), ErrValue)
	}
	if err := checkPositions(positions); err != nil {
		return nil, err
	}
	grades, n := gradeIndex(positions)
	acc := newGradeAcc(positions, grades, n)
	for i := range positions {
		p := &positions[i]
		acc.add(grades[i], p, conditionalPD(p.PD, p.Rho, z))
	}
	return acc.finish(), nil
}

// checkPositions validates PD, LGD, Rho and EAD of every position.
func checkPositions(positions []Position) error {
	for i := range positions {
		p := &positions[i]
		f := idx("positions", i)
		if err := checkVasicek(p.PD, p.Rho); err != nil {
			e := err.(*InputError)
			e.Field = f + "." + e.Field
			return e
		}
		if !(p.LGD >= 0 && p.LGD <= 1) {
			return inputErr(f+".lgd", fval(p.LGD), ErrProbability)
		}
		if err := checkAmount(f+".ead", p.EAD); err != nil {
			return err
		}
	}
	return nil
}

// gradeIndex numbers the grades in order of first appearance: grades[i] is position i's.
func gradeIndex(positions []Position) (grades []int, n int) {
	pos := make(map[string]int)
	grades = make([]int, len(positions))
	for i := range positions {
		j, ok := pos[positions[i].Grade]
		if !ok {
			j = len(pos)
			pos[positions[i].Grade] = j
		}
		grades[i] = j
	}
	return grades, len(pos)
}

// gradeAcc sums base and stressed figures per grade and in total.
type gradeAcc struct {
	out            []GradeStress // per grade, then the total
	wBase, wStress []float64     // Σ EAD·PD per row of out
}

func newGradeAcc(positions []Position, grades []int, n int) *gradeAcc {
	a := &gradeAcc{out: make([]GradeStress, n+1), wBase: make([]float64, n+1), wStress: make([]float64, n+1)}
	for i, j := range grades {
		a.out[j].Grade = positions[i].Grade
	}
	a.out[n].Grade = "total"
	return a
}

func (a *gradeAcc) add(j int, p *Position, sp float64) {
	e := p.EAD.InexactFloat64()
	base, stressed := el(p.EAD, p.PD, p.LGD), el(p.EAD, sp, p.LGD)
	for _, k := range [2]int{j, len(a.out) - 1} {
		r := &a.out[k]
		r.Positions++
		r.EAD = r.EAD.Add(p.EAD)
		r.BaseDefaults += p.PD
		r.StressedDefaults += sp
		r.BaseEL = r.BaseEL.Add(base)
		r.StressedEL = r.StressedEL.Add(stressed)
		a.wBase[k] += e * p.PD
		a.wStress[k] += e * sp
	}
}

func (a *gradeAcc) finish() []GradeStress {
	for j := range a.out {
		if e := a.out[j].EAD.InexactFloat64(); e > 0 {
			a.out[j].BasePD, a.out[j].StressedPD = a.wBase[j]/e, a.wStress[j]/e
		}
	}
	return a.out
}

func el(ead decimal.Decimal, pd, lgd float64) decimal.Decimal {
	return ead.Mul(decimal.NewFromFloat(pd * lgd)).Round(2)
}
