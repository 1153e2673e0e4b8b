package exit

import "github.com/shopspring/decimal"

// ExpectedLoss returns the expected loss of a performing exposure,
//
//	EL = round½even₂( EAD · (PD · LGD) )
//
// with PD the one-year probability of default and LGD the loss given default,
// both fractions in [0, 1], and EAD in currency units (> 0). The product
// PD·LGD is the float64 factor applied to money at the package's one
// conversion point (see [Discount.PV]).
//
// Errors: [ErrProbability] for PD or LGD outside [0, 1] or NaN; [ErrEAD] for
// EAD ≤ 0; [ErrAmount] for EAD beyond 10¹³ units.
//
// References:
//   - BCBS, Basel II (June 2006), §375 (EL = PD × LGD × EAD for non-defaulted corporate exposures).
//   - docs/reference/exit.md §6.5.
func ExpectedLoss(pd, lgd float64, ead decimal.Decimal) (decimal.Decimal, error) {
	if !(pd >= 0 && pd <= 1) {
		return decimal.Decimal{}, inputErr("pd", pd, ErrProbability)
	}
	if !(lgd >= 0 && lgd <= 1) {
		return decimal.Decimal{}, inputErr("lgd", lgd, ErrProbability)
	}
	e, err := eadCents(ead)
	if err != nil {
		return decimal.Decimal{}, err
	}
	el, _ := applyFactor(e, pd*lgd) // |el| ≤ |e|: cannot overflow
	return fromCents(el), nil
}

func eadCents(ead decimal.Decimal) (int64, error) {
	e, ok := toCents(ead)
	if !ok {
		return 0, inputErr("ead", ead, ErrAmount)
	}
	if e <= 0 {
		return 0, inputErr("ead", ead, ErrEAD)
	}
	return e, nil
}

// BestEstimateLoss returns the best-estimate loss of a defaulted exposure
// given the NPV of its best exit option (the chosen option of
// [OptionSet.Choose]):
//
//	amount = EAD − NPV_best          (cents, exact)
//	ELBE   = amount / EAD = 1 − NPV_best / EAD
//
// ELBE is a fraction; it is negative when the best option recovers more than
// EAD and above 1 when its costs exceed its recoveries. The ratio is of the
// two amounts in integer cents.
//
// Errors: [ErrEAD] for EAD ≤ 0; [ErrAmount] for amounts beyond 10¹³ units.
//
// References:
//   - BCBS, Basel II (June 2006), §471 (best estimate of expected loss for defaulted assets).
//   - docs/reference/exit.md §6.5.
func BestEstimateLoss(ead, bestNPV decimal.Decimal) (elbe float64, amount decimal.Decimal, err error) {
	e, err := eadCents(ead)
	if err != nil {
		return 0, decimal.Decimal{}, err
	}
	n, ok := toCents(bestNPV)
	if !ok {
		return 0, decimal.Decimal{}, inputErr("bestNPV", bestNPV, ErrAmount)
	}
	loss := e - n
	return float64(loss) / float64(e), fromCents(loss), nil
}
