package exit

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/smecredit/smecredit/internal/irb"
)

// AssetClass selects the IRB risk-weight function. The zero value is
// [Corporate].
type AssetClass uint8

// IRB asset classes. Values are stable.
const (
	Corporate           AssetClass = iota // corporate (also sovereign and bank) exposures
	SMECorporate                          // corporate with consolidated sales below EUR 50 m: firm-size adjustment
	ResidentialMortgage                   // retail exposures secured by residential real estate
	QRRE                                  // qualifying revolving retail exposures
	OtherRetail                           // other retail, including SMEs managed as retail (≤ EUR 1 m)
	numClasses
)

var classNames = enum.Names[AssetClass]{"corporate", "sme-corporate", "residential-mortgage", "qrre", "other-retail"}

// String returns the text form, such as "sme-corporate".
func (c AssetClass) String() string { return classNames.String(c) }

// IsValid reports whether c is one of the declared classes.
func (c AssetClass) IsValid() bool { return classNames.Valid(c) }

// MarshalText returns the text form; it fails for unknown values.
func (c AssetClass) MarshalText() ([]byte, error) { return enumErrMarshal(classNames.Marshal(c)) }

// UnmarshalText parses the text form.
func (c *AssetClass) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(classNames.Unmarshal(c, b))
}

// Framework selects the regulatory parameter set. The zero value is [BaselII].
type Framework uint8

// Regulatory frameworks. Values are stable.
const (
	// BaselII: PD floor 0.03 % (§285, §331); the 1.06 scaling is optional
	// ([CapitalOptions].Scaling106).
	BaselII Framework = iota
	// BaselIII: PD floor 0.05 %, 0.10 % for QRRE revolvers and 0.05 % for
	// QRRE transactors (CRE32.4 and the retail PD floors of CRE32); no 1.06
	// scaling.
	BaselIII
)

var frameworkNames = enum.Names[Framework]{"basel-ii", "basel-iii"}

// String returns "basel-ii" or "basel-iii".
func (f Framework) String() string { return frameworkNames.String(f) }

// IsValid reports whether f is one of the declared frameworks.
func (f Framework) IsValid() bool { return frameworkNames.Valid(f) }

// Compare returns -1, 0 or +1 as f is older than, the same as, or newer than g.
func (f Framework) Compare(g Framework) int { return cmpUint8(f, g) }

// MarshalText returns the text form; it fails for unknown values.
func (f Framework) MarshalText() ([]byte, error) { return enumErrMarshal(frameworkNames.Marshal(f)) }

// UnmarshalText parses the text form.
func (f *Framework) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(frameworkNames.Unmarshal(f, b))
}

// CapitalOptions selects the parameters of [IRBCapital]. The zero value is
// Basel II without the 1.06 scaling, as in the Basel II Annex 5 table.
type CapitalOptions struct {
	Framework Framework // BaselII (zero) or BaselIII
	// Scaling106 multiplies RW and RWA (not K) by 1.06, the Basel II
	// calibration scaling factor (Basel II §14, §44). It is an error under
	// BaselIII, which removed it.
	Scaling106 bool
}

// Exposure is the per-call input of [IRBCapital]. The zero value is invalid
// (EAD must be positive).
type Exposure struct {
	Class AssetClass // risk-weight function
	// PD is the one-year probability of default, a fraction in [0, 1]. A PD
	// below the framework's floor (including 0) is raised to the floor; a PD
	// of 1 marks a defaulted exposure.
	PD  float64
	LGD float64         // loss given default, fraction in [0, 1]
	EAD decimal.Decimal // exposure at default, currency units, > 0
	// M is the effective maturity in years for the corporate classes; 0
	// means 2.5, other values are clamped to [1, 5] (Basel II §318–320).
	// Retail classes ignore it.
	M float64
	// Sales are the borrower's annual consolidated sales in millions of EUR
	// (a decimal amount), for SMECorporate only: values below 5 are treated
	// as 5 (Basel II §273); 50 or more, or negative, is an [ErrSalesBand]
	// error.
	Sales decimal.Decimal
	// Transactor marks a QRRE exposure of a transactor: a facility repaid in
	// full at each scheduled repayment date over the previous 12 months, or
	// an overdraft not drawn over that period (BCBS CRE30.55). Under Basel
	// III its PD floor is 0.05 % instead of the revolvers' 0.10 %. It is an
	// [ErrValue] error on other classes.
	Transactor bool
	// Defaulted marks an exposure in default (also implied by PD = 1).
	Defaulted bool
	// ELBE is the bank's best estimate of expected loss of a defaulted
	// exposure, a fraction of EAD in [0, 1] (see [BestEstimateLoss]); used
	// only when defaulted.
	ELBE float64
}

// Capital is the IRB capital of one exposure. The zero value is no capital.
type Capital struct {
	PD float64 // PD used, after the floor
	R  float64 // asset correlation
	B  float64 // maturity adjustment slope; 0 for retail and defaulted
	K  float64 // capital requirement per unit of EAD, fraction
	RW float64 // risk weight, fraction (1.0 is 100 %): 12.5·K, times 1.06 when scaled

	rwa, el int64 // cents
}

// RWA returns the risk-weighted assets, round½even₂(RW · EAD), with two
// decimal places. (Money results are methods so that portfolio runs build no
// decimal they do not read.)
func (c Capital) RWA() decimal.Decimal { return fromCents(c.rwa) }

// EL returns the expected loss amount, round½even₂(PD·LGD·EAD), or
// round½even₂(ELBE·EAD) when defaulted, with two decimal places.
func (c Capital) EL() decimal.Decimal { return fromCents(c.el) }

// IRBCapital returns the IRB capital requirement K, the risk weight RW and
// RWA of one exposure. With N the standard normal CDF and G its inverse
// (gonum distuv.UnitNormal), PD and LGD fractions, M years and S sales in EUR
// millions:
//
//	corporate:       w = (1 − e^(−50·PD)) / (1 − e^(−50)),  R = 0.12·w + 0.24·(1 − w)
//	SME corporate:   R − 0.04·(1 − (max(S, 5) − 5)/45),  S < 50
//	mortgage:        R = 0.15
//	QRRE:            R = 0.04
//	other retail:    w = (1 − e^(−35·PD)) / (1 − e^(−35)),  R = 0.03·w + 0.16·(1 − w)
//	maturity slope:  b = (0.11852 − 0.05478·ln PD)²   (corporate classes; retail b = 0, no adjustment)
//	K  = [LGD·N( (G(PD) + √R·G(0.999)) / √(1 − R) ) − PD·LGD] · (1 + (M − 2.5)·b) / (1 − 1.5·b)
//	RW = 12.5·K (· 1.06),  RWA = RW·EAD,  EL = PD·LGD·EAD
//
// Defaulted exposures (Defaulted or PD = 1): K = max(0, LGD − ELBE), RW and
// RWA as above, EL = ELBE·EAD; with supervisory LGD (F-IRB) pass ELBE = LGD
// to get K = 0. RWA and EL are the only money results, rounded half to even
// to the cent through the package's one float-to-money conversion.
//
// Special cases: PD below the floor (including 0) is floored; a result K < 0
// (possible only through the maturity adjustment, never in practice) is
// returned as 0.
//
// Errors ([*InputError]): [ErrProbability] for PD, LGD or ELBE outside [0, 1]
// or NaN; [ErrEAD] for EAD ≤ 0; [ErrSalesBand] for SME sales outside [0, 50);
// [ErrValue] for a negative or non-finite M, an unknown class or framework,
// Transactor on a class other than QRRE, or Scaling106 under Basel III.
//
// References:
//   - BCBS, Basel II Comprehensive Version (June 2006), §272 (corporate), §273 (SME firm-size adjustment), §285 (PD floor), §318–320 (M), §328–330 (retail), §331 (retail PD floor), §14 (1.06 scaling), Annex 5 (illustrative risk weights).
//   - BCBS, Basel Framework, CRE31 (IRB risk-weight functions), CRE32.4 (PD floor 0.05 %), CRE32 retail PD floors (QRRE transactors 0.05 %, revolvers 0.10 %) and CRE30.55 (QRRE transactors).
//   - Regulation (EU) 575/2013 (CRR) Art. 153 and 154.
func IRBCapital(e Exposure, opts CapitalOptions) (Capital, error) {
	return irbCapital(&e, opts, distuv.UnitNormal.Quantile(0.999))
}

func irbCapital(e *Exposure, opts CapitalOptions, g999 float64) (Capital, error) {
	var c Capital
	if e.Class >= numClasses {
		return c, inputErr("class", e.Class, ErrValue)
	}
	if opts.Framework > BaselIII {
		return c, inputErr("framework", opts.Framework, ErrValue)
	}
	if opts.Scaling106 && opts.Framework == BaselIII {
		return c, inputErr("scaling106", "under Basel III", ErrValue)
	}
	if e.Transactor && e.Class != QRRE {
		return c, inputErr("transactor", "true for class "+e.Class.String(), ErrValue)
	}
	if !(e.PD >= 0 && e.PD <= 1) {
		return c, inputErr("pd", e.PD, ErrProbability)
	}
	if !(e.LGD >= 0 && e.LGD <= 1) {
		return c, inputErr("lgd", e.LGD, ErrProbability)
	}
	ead, err := eadCents(e.EAD)
	if err != nil {
		return c, err
	}
	scale := 12.5
	if opts.Scaling106 {
		scale *= 1.06
	}
	if e.Defaulted || e.PD == 1 {
		if !(e.ELBE >= 0 && e.ELBE <= 1) {
			return c, inputErr("elbe", e.ELBE, ErrProbability)
		}
		c.PD, c.K = 1, max(0, e.LGD-e.ELBE)
		c.RW = scale * c.K
		return c, c.money(ead, e.ELBE)
	}
	pd := e.PD
	floor := 0.0003
	if opts.Framework == BaselIII {
		floor = 0.0005
		if e.Class == QRRE && !e.Transactor {
			floor = 0.001
		}
	}
	pd = max(pd, floor)
	c.PD = pd
	corporate := e.Class == Corporate || e.Class == SMECorporate
	var sales, m float64
	if e.Class == SMECorporate {
		// The band is checked on the exact decimal: rounded to the cent first,
		// 49.999 became 50.00 (refused although below 50) and −0.001 became 0.
		s, ok := toCents(e.Sales)
		if !ok || e.Sales.IsNegative() || e.Sales.Cmp(decimal.NewFromInt(50)) >= 0 {
			return Capital{}, inputErr("sales", e.Sales, ErrSalesBand)
		}
		sales = float64(s) / 100
	}
	if corporate {
		m = e.M
		switch {
		case m == 0:
			m = 2.5
		case !(m > 0) || math.IsInf(m, 0):
			return Capital{}, inputErr("m", e.M, ErrValue)
		}
		m = min(max(m, 1), 5)
	}
	c.R, c.B, c.K = irb.Capital(irb.Class(e.Class), pd, e.LGD, m, sales, g999)
	c.RW = scale * c.K
	return c, c.money(ead, pd*e.LGD)
}

// money fills RWA and EL from the EAD in cents. RW ≤ 13.25 and EAD ≤ 10¹⁵
// cents, so RWA fits the wider bound of 2⁶² cents and cannot overflow.
func (c *Capital) money(ead int64, elRate float64) error {
	rwa, ok := applyFactorLim(ead, c.RW, 1<<62)
	if !ok {
		return inputErr("rw", c.RW, ErrValue)
	}
	el, _ := applyFactor(ead, elRate)
	c.rwa, c.el = rwa, el
	return nil
}

// CapitalBatchResult is one exposure's outcome in [IRBCapitalAll]: its
// Capital or its error.
type CapitalBatchResult struct {
	Result Capital // the result; zero when Err is not nil
	Err    error   // the exposure's *InputError, or nil
}

// IRBCapitalAll runs [IRBCapital] for each exposure; out has len(exps)
// results in the same order, each with its Capital or its error (field paths
// prefixed "exps[i]."). It computes G(0.999) once. Cost O(len(exps)).
func IRBCapitalAll(exps []Exposure, opts CapitalOptions) []CapitalBatchResult {
	return IRBCapitalAllTo(nil, exps, opts)
}

// IRBCapitalAllTo is [IRBCapitalAll] writing into dst, which it grows when its
// capacity is below len(exps); it returns dst[:len(exps)]. exps is not
// modified.
func IRBCapitalAllTo(dst []CapitalBatchResult, exps []Exposure, opts CapitalOptions) []CapitalBatchResult {
	if cap(dst) < len(exps) {
		dst = make([]CapitalBatchResult, len(exps))
	}
	dst = dst[:len(exps)]
	g := distuv.UnitNormal.Quantile(0.999)
	for i := range exps {
		c, err := irbCapital(&exps[i], opts, g)
		if ie, ok := err.(*InputError); ok {
			ie.Field = "exps[" + strconv.Itoa(i) + "]." + ie.Field
		}
		dst[i].Result, dst[i].Err = c, err
	}
	return dst
}
