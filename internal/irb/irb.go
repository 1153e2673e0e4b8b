package irb

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Class selects the correlation function of the formula. The zero value is [Corporate]. The
// values and their order match exit.AssetClass, which converts to Class directly.
type Class uint8

// Risk-weight functions. Values are stable.
const (
	Corporate           Class = iota // corporate (also sovereign and bank) exposures
	SMECorporate                     // corporate with annual sales below EUR 50 m: firm-size adjustment
	ResidentialMortgage              // retail exposures secured by residential real estate, R = 0.15
	QRRE                             // qualifying revolving retail exposures, R = 0.04
	OtherRetail                      // other retail, including SMEs managed as retail
	NumClasses                       // number of classes; not a class
)

// G999 returns G(0.999) = 3.090232306…, the standard normal quantile at the 99.9 % confidence
// level of the formula. Callers in loops compute it once and pass it to [Capital].
func G999() float64 { return distuv.UnitNormal.Quantile(0.999) }

// Correlation returns the asset correlation R of class c at probability of default pd:
//
//	corporate:      w = (1 − e^(−50·PD)) / (1 − e^(−50)),  R = 0.12·w + 0.24·(1 − w)
//	SME corporate:  R_corporate − 0.04·(1 − (max(S, 5) − 5)/45)
//	mortgage:       R = 0.15
//	QRRE:           R = 0.04
//	other retail:   w = (1 − e^(−35·PD)) / (1 − e^(−35)),  R = 0.03·w + 0.16·(1 − w)
//
// where S is sales, the borrower's annual sales in EUR millions (read only for [SMECorporate]).
// Preconditions: pd in (0, 1]; for SMECorporate, sales ≤ 50 (values below 5 count as 5; at 50
// the adjustment is 0).
//
// References:
//   - BCBS, Basel II Comprehensive Version (June 2006), §272, §273, §328–330.
//   - BCBS, Basel Framework, CRE31.5–31.9 and CRE31.14–31.16.
func Correlation(c Class, pd, sales float64) float64 {
	switch c {
	case Corporate, SMECorporate:
		w := -math.Expm1(-50*pd) / -math.Expm1(-50)
		r := 0.12*w + 0.24*(1-w)
		if c == SMECorporate {
			r -= 0.04 * (1 - (max(sales, 5)-5)/45)
		}
		return r
	case ResidentialMortgage:
		return 0.15
	case QRRE:
		return 0.04
	default: // OtherRetail
		w := -math.Expm1(-35*pd) / -math.Expm1(-35)
		return 0.03*w + 0.16*(1-w)
	}
}

// MaturitySlope returns the maturity adjustment slope b = (0.11852 − 0.05478·ln PD)² of the
// corporate classes. Precondition: pd in (0, 1].
//
// References:
//   - BCBS, Basel II Comprehensive Version (June 2006), §272.
func MaturitySlope(pd float64) float64 {
	b := 0.11852 - 0.05478*math.Log(pd)
	return b * b
}

// Capital returns the asset correlation r, the maturity slope b (0 for the retail classes) and
// the capital requirement k per unit of EAD of a non-defaulted exposure, with N the standard
// normal CDF and G its inverse:
//
//	K = [LGD·N( (G(PD) + √R·G(0.999)) / √(1 − R) ) − PD·LGD] · (1 + (M − 2.5)·b) / (1 − 1.5·b)
//
// for the corporate classes, and the bracket alone (no maturity adjustment) for retail. The
// risk weight is 12.5·K. g999 is [G999]; m is the effective maturity in years, read only for
// the corporate classes. A K below zero (reachable only through the maturity adjustment at
// extreme inputs) is returned as 0.
//
// Preconditions (checked by the caller): c < [NumClasses]; pd in (0, 1) after any regulatory
// floor; lgd in [0, 1]; m in [1, 5] for the corporate classes; sales ≤ 50 for SMECorporate.
//
// References:
//   - BCBS, Basel II Comprehensive Version (June 2006), §272, §273, §328–330, Annex 5.
//   - BCBS, Basel Framework, CRE31.
//   - Regulation (EU) 575/2013 (CRR) Art. 153 and 154.
func Capital(c Class, pd, lgd, m, sales, g999 float64) (r, b, k float64) {
	r = Correlation(c, pd, sales)
	n := distuv.UnitNormal.CDF((distuv.UnitNormal.Quantile(pd) + math.Sqrt(r)*g999) / math.Sqrt(1-r))
	k = lgd*n - pd*lgd
	if c == Corporate || c == SMECorporate {
		b = MaturitySlope(pd)
		k *= (1 + (m-2.5)*b) / (1 - 1.5*b)
	}
	return r, b, max(k, 0)
}
