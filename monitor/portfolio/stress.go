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
	pos := make(map[string]int)
	var out []GradeStress
	var wBase, wStress []float64
	var total GradeStress
	total.Grade = "total"
	var tb, ts float64
	for i := range positions {
		p := &positions[i]
		f := idx("positions", i)
		if err := checkVasicek(p.PD, p.Rho); err != nil {
			e := err.(*InputError)
			e.Field = f + "." + e.Field
			return nil, e
		}
		if !(p.LGD >= 0 && p.LGD <= 1) {
			return nil, inputErr(f+".lgd", fval(p.LGD), ErrProbability)
		}
		if err := checkAmount(f+".ead", p.EAD); err != nil {
			return nil, err
		}
		j, ok := pos[p.Grade]
		if !ok {
			j = len(out)
			pos[p.Grade] = j
			out = append(out, GradeStress{Grade: p.Grade})
			wBase = append(wBase, 0)
			wStress = append(wStress, 0)
		}
		sp := conditionalPD(p.PD, p.Rho, z)
		g := &out[j]
		for _, r := range []*GradeStress{g, &total} {
			r.Positions++
			r.EAD = r.EAD.Add(p.EAD)
			r.BaseDefaults += p.PD
			r.StressedDefaults += sp
			r.BaseEL = r.BaseEL.Add(el(p.EAD, p.PD, p.LGD))
			r.StressedEL = r.StressedEL.Add(el(p.EAD, sp, p.LGD))
		}
		e := p.EAD.InexactFloat64()
		wBase[j] += e * p.PD
		wStress[j] += e * sp
		tb += e * p.PD
		ts += e * sp
	}
	for j := range out {
		if e := out[j].EAD.InexactFloat64(); e > 0 {
			out[j].BasePD, out[j].StressedPD = wBase[j]/e, wStress[j]/e
		}
	}
	if e := total.EAD.InexactFloat64(); e > 0 {
		total.BasePD, total.StressedPD = tb/e, ts/e
	}
	return append(out, total), nil
}

func el(ead decimal.Decimal, pd, lgd float64) decimal.Decimal {
	return ead.Mul(decimal.NewFromFloat(pd * lgd)).Round(2)
}
