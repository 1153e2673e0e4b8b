package offer

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// maxRate bounds the sizing rate: a risk-based price can exceed 100 % for a borrower near
// default with a steep capital charge.
const maxRate = 20

// MaxTermMonths bounds a loan's term: 50 years.
const MaxTermMonths = 600

// Repayment is a loan's term and repayment profile. The zero value is invalid (the term must
// be positive).
type Repayment struct {
	// TermMonths is the contractual term in months, in [1, MaxTermMonths]. For annuity and
	// linear loans it must be a whole number of payment periods.
	TermMonths int `json:"termMonths"`
	// PaymentsPerYear is 1, 2, 4 or 12; 0 means 12 (monthly).
	PaymentsPerYear int `json:"paymentsPerYear"`
	// Amortization is the repayment profile; the zero value is [Annuity].
	Amortization Amortization `json:"amortization"`
}

// CashFlowResult is the outcome of [CashFlowCapacity]. The zero value is no capacity.
type CashFlowResult struct {
	// Factor is the principal per unit of first-year debt service at the sizing rate,
	// as described in [CashFlowCapacity].
	Factor float64

	service, principal int64 // cents
}

// DebtService returns the largest first-year debt service the DSCR allows for the new loan,
// cash flow / DSCR − existing debt service (negative when none is left), rounded half to even
// to the cent.
func (r CashFlowResult) DebtService() decimal.Decimal { return fromCents(r.service) }

// Principal returns the largest principal whose first-year debt service is DebtService, or 0
// when DebtService ≤ 0.
func (r CashFlowResult) Principal() decimal.Decimal { return fromCents(r.principal) }

// CashFlowCapacity returns the largest principal a minimum debt-service coverage ratio allows:
//
//	DS = CF / DSCR − existing debt service
//	P  = DS · Factor
//
// with CF the annual cash flow available for debt service (EBITDA or operating cash flow),
// and, for a per-year rate i, m payments a year, n = term·m/12 payments, j = i/m and
// p = min(n, m) payments in the first year:
//
//	annuity:  Factor = (1 − (1 + j)^(−n)) / (j · p)                 (n / p when j = 0)
//	linear:   Factor = 1 / (p/n + j·(p − p(p − 1)/(2n)))           first-year principal + interest
//	bullet:   Factor = 1 / (1 + i·min(term, 12)/12)                  the maturity year repays the principal
//
// The first year is the year of the largest debt service for every profile (for a bullet the
// year in which the principal falls due, which does not assume refinancing). A negative or zero
// DS gives a principal of 0.
//
// Errors ([*InputError]): [ErrAmount] for a cash flow outside ±10¹³ or one whose CF / DSCR
// falls outside that range ("cashFlow"), or a negative existing debt service
// ("existingDebtService"); [ErrRatio] for a DSCR outside
// [0.01, 100] ("minDSCR"); [ErrRate] for a rate outside [0, 20] ("rate"); [ErrTerm] for a bad
// term or payment count ("termMonths", "paymentsPerYear"); [ErrUnknown] for an undefined
// amortization.
//
// Cost O(1), no allocation.
//
// References:
//   - Present value of an annuity: Brealey, R., Myers, S. and Allen, F., Principles of
//     Corporate Finance, ch. 2 (How to Calculate Present Values).
//   - DSCR sizing (maximum debt service = cash flow / minimum DSCR, principal = its present
//     value over the term) is the lenders' underwriting convention; the tests reproduce two
//     published worked answers of it.
func CashFlowCapacity(cashFlow, existingDebtService decimal.Decimal, minDSCR, rate float64, rp Repayment) (CashFlowResult, error) {
	var r CashFlowResult
	cf, ok := toCents(cashFlow)
	if !ok {
		return r, amountErr("cashFlow", cashFlow)
	}
	eds, ok := toCents(existingDebtService)
	if !ok || eds < 0 {
		return r, amountErr("existingDebtService", existingDebtService)
	}
	if !(minDSCR >= 0.01 && minDSCR <= 100) {
		return r, inErr("minDSCR", minDSCR, ErrRatio)
	}
	return cashFlowCapacity(cf, eds, minDSCR, rate, rp, "", "")
}

func cashFlowCapacity(cf, eds int64, dscr, rate float64, rp Repayment, pre1, pre2 string) (CashFlowResult, error) {
	var r CashFlowResult
	f, err := capacityFactor(rate, rp, pre1, pre2)
	if err != nil {
		return r, err
	}
	r.Factor = f
	ds, ok := applyFactor(cf, 1/dscr) // |1/dscr| ≤ 100, but CF/DSCR may leave the money range
	if !ok {
		return r, &InputError{Field: pre1 + "cashFlow", Value: fromCents(cf).String(), Err: ErrAmount}
	}
	r.service = ds - eds
	if r.service > 0 {
		p, ok := applyFactor(r.service, f)
		if !ok {
			return r, &InputError{Field: pre1 + "cashFlow", Value: fromCents(cf).String(), Err: ErrAmount}
		}
		r.principal = p
	}
	return r, nil
}

// capacityFactor validates the rate and repayment and returns the principal per unit of
// first-year debt service.
func capacityFactor(rate float64, rp Repayment, pre1, pre2 string) (float64, error) {
	if !(rate >= 0 && rate <= maxRate) {
		return 0, inErr(pre1+pre2+"rate", rate, ErrRate)
	}
	if rp.TermMonths < 1 || rp.TermMonths > MaxTermMonths {
		return 0, &InputError{Field: pre1 + pre2 + "termMonths", Value: strconv.Itoa(rp.TermMonths), Err: ErrTerm}
	}
	m := rp.PaymentsPerYear
	switch m {
	case 0:
		m = 12
	case 1, 2, 4, 12:
	default:
		return 0, &InputError{Field: pre1 + pre2 + "paymentsPerYear", Value: strconv.Itoa(m), Err: ErrTerm}
	}
	if rp.Amortization == Bullet {
		return 1 / (1 + rate*float64(min(rp.TermMonths, 12))/12), nil
	}
	if rp.TermMonths*m%12 != 0 {
		return 0, &InputError{Field: pre1 + pre2 + "termMonths", Value: strconv.Itoa(rp.TermMonths), Err: ErrTerm}
	}
	n := float64(rp.TermMonths * m / 12)
	p := min(n, float64(m))
	j := rate / float64(m)
	switch rp.Amortization {
	case Annuity:
		if j == 0 {
			return n / p, nil
		}
		return -math.Expm1(-n*math.Log1p(j)) / (j * p), nil
	case Linear:
		return 1 / (p/n + j*(p-p*(p-1)/(2*n))), nil
	}
	return 0, &InputError{Field: pre1 + pre2 + "amortization", Value: strconv.Itoa(int(rp.Amortization)), Err: ErrUnknown}
}
