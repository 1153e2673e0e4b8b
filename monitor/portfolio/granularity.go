package portfolio

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// GADelta returns the supervisory constant δ of the Gordy–Lütkebohmert granularity adjustment
// from the CreditRisk+ calibration: with the systematic factor X gamma distributed with mean 1
// and variance 1/ξ (shape ξ, rate ξ) and α_q(X) its q-quantile,
//
//	δ = (α_q(X) − 1) · ( ξ + (1 − ξ)/α_q(X) )
//
// ξ = 0.25 and q = 0.999 give δ ≈ 4.8336; q = 0.995 gives δ ≈ 3.4393, and then
// σ/(α_q − 1) = 0.1817 with σ = 1/√ξ = 2, the 0.182 printed in BCBS CP2 (2001) ch. 8 ¶454.
// Errors: xi not in (0, 100] ([ErrValue]); q outside (0, 1) ([ErrProbability]). O(1) (one
// gamma quantile).
//
// References: M. B. Gordy and E. Lütkebohmert, "Granularity Adjustment for Regulatory Capital
// Assessment", International Journal of Central Banking 9(3), 2013, §3 (the paper's text was
// not read here; its formula (15) for δ and the defaults ξ = 0.25, q = 0.999 are those of the
// GA_GL function in E. Lütkebohmert and J. Sester's open code for "Measuring Name
// Concentrations through Deep Learning", github.com/juliansester/DL_Concentration_Risk,
// misc_functions.py); BCBS, The Internal Ratings-Based Approach,
// Consultative Document, January 2001, ch. 8 ¶445 (σ = 2) and ¶454 (σ/(X_q − 1) = 0.182);
// Credit Suisse First Boston, CreditRisk+: A Credit Risk Management Framework (1997), §A2
// (gamma-distributed sector factor).
func GADelta(xi, q float64) (float64, error) {
	if !(xi > 0 && xi <= 100) {
		return 0, inputErr("xi", fval(xi), ErrValue)
	}
	if !(q > 0 && q < 1) {
		return 0, inputErr("q", fval(q), ErrProbability)
	}
	a := distuv.Gamma{Alpha: xi, Beta: xi}.Quantile(q)
	if !(a > 0) || math.IsInf(a, 0) {
		return 0, inputErr("xi", fval(xi), ErrValue)
	}
	return (a - 1) * (xi + (1-xi)/a), nil
}

// GAParams are the constants of the Gordy–Lütkebohmert granularity adjustment: Delta (δ), the
// supervisory constant of the CreditRisk+ calibration, Gamma (γ), the LGD-variance constant
// (VLGD = γ·ELGD·(1 − ELGD)), and Q, the confidence level of the capital quantile (0.999 for
// Basel). The package ships no default values; the caller supplies them ([GADelta] computes δ
// from the CreditRisk+ precision ξ). The published calibration read here is that of the Basel
// Committee's 2001 consultative paper (CP2, ch. 8): factor standard deviation σ = 2 (ξ = 0.25),
// LGD standard deviation ½·√(ELGD·(1 − ELGD)) (γ = 0.25) at q = 0.995; with these constants the
// GA of n equal names reproduces CP2's β/n (¶456, Table 7; see the package tests). Gordy and
// Lütkebohmert (2013) use ξ = 0.25 and γ = 0.25 at q = 0.999 (δ ≈ 4.83), as in the defaults of
// a co-author's open implementation (see [GADelta]); the paper's text was not read here.
type GAParams struct {
	Delta float64
	Gamma float64
	Q     float64
}

// GranularityAdjustment returns the simplified granularity adjustment of Gordy and
// Lütkebohmert (2013) as a fraction of total EAD, the capital add-on for name concentration
// that the infinitely granular IRB (ASRF) model leaves out:
//
//	GA = (1/(2·K*)) · Σ_i s_i² · C_i · [ δ·(K_i + R_i) − K_i ],      K* = Σ_i s_i·K_i
//	s_i = EAD_i / Σ EAD,  R_i = ELGD_i·PD_i,  K_i = ELGD_i·D_q(PD_i, ρ_i) − R_i
//	C_i = (ELGD_i² + VLGD_i)/ELGD_i,  VLGD_i = γ·ELGD_i·(1 − ELGD_i)
//
// with D_q from [StressedPD] (maturity factor 1). Each position is one obligor (aggregate
// connected obligors first); its LGD is the expected LGD and Rho its asset correlation; Grade
// is ignored. GA falls like the HHI, 1/n for n equal names. A book with K* = 0 gives 0.
// This is the simplified form: the co-author's implementation cited below also has a full
// first-order form with the extra LGD-variance terms
//
//	GA_full = (1/(2·K*)) · Σ_i s_i² · [ δ·C_i·(K_i+R_i) + δ·(K_i+R_i)²·VLGD_i/ELGD_i²
//	                                    − K_i·(C_i + 2·(K_i+R_i)·VLGD_i/ELGD_i²) ],
//
// which exceeds this one by Σ s_i²·(K_i+R_i)·VLGD_i/ELGD_i²·(δ·(K_i+R_i) − 2·K_i)/(2·K*),
// second order in the default rates; it is not provided.
// Errors: as [Stress] for the positions; Delta not positive and finite, Gamma outside [0, 1] or
// Q outside (0, 1) ([ErrValue], [ErrProbability]); no position ([ErrSize]). O(n).
//
// References: M. B. Gordy and E. Lütkebohmert, "Granularity Adjustment for Regulatory Capital
// Assessment", International Journal of Central Banking 9(3), 2013, the simplified GA (as in
// the simplified branch of the GA_GL function of a co-author's open implementation, see
// [GADelta], which cites the paper's formula (15) for δ; the paper's text and its equation
// numbers for GA itself could not be read here; its abstract says the GA is assessed on
// bank portfolios drawn from the German credit register); E.
// Lütkebohmert and M. B. Gordy, Deutsche Bundesbank Discussion Paper Series 2, No 01/2007;
// BCBS, The Internal Ratings-Based Approach, Consultative Document, January 2001, ch. 8 §VI
// (the CreditRisk+ GA that the formula revises: n·GA of a homogeneous book matches its β,
// ¶456, within its stated 1 %, and its Table 7 to printed precision).
func GranularityAdjustment(positions []Position, params GAParams) (float64, error) {
	if !(params.Delta > 0) || math.IsInf(params.Delta, 0) {
		return 0, inputErr("params.delta", fval(params.Delta), ErrValue)
	}
	if !(params.Gamma >= 0 && params.Gamma <= 1) {
		return 0, inputErr("params.gamma", fval(params.Gamma), ErrProbability)
	}
	if !(params.Q > 0 && params.Q < 1) {
		return 0, inputErr("params.q", fval(params.Q), ErrProbability)
	}
	if len(positions) == 0 || len(positions) > MaxRecords {
		return 0, inputErr("positions", "len "+strconv.Itoa(len(positions)), ErrSize)
	}
	if err := checkPositions(positions); err != nil {
		return 0, err
	}
	var total float64
	for i := range positions {
		total += positions[i].EAD.InexactFloat64()
	}
	if total <= 0 {
		return 0, nil
	}
	zq := distuv.UnitNormal.Quantile(params.Q)
	var kStar, sum float64
	for i := range positions {
		p := &positions[i]
		s := p.EAD.InexactFloat64() / total
		r := p.LGD * p.PD
		k := max(0, p.LGD*conditionalPD(p.PD, p.Rho, -zq)-r)
		kStar += s * k
		if p.LGD > 0 {
			c := (p.LGD*p.LGD + params.Gamma*p.LGD*(1-p.LGD)) / p.LGD
			sum += s * s * c * (params.Delta*(k+r) - k)
		}
	}
	if kStar <= 0 {
		return 0, nil
	}
	return sum / (2 * kStar), nil
}
