package ecl

import (
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/internal/pdcurve"
)

// MaxRate bounds every per-year rate (contractual rate, EIR): 10, that is 1000 % a year.
const MaxRate = 10

// Contract describes how an exposure's balance runs off after the reporting date. The zero
// value is invalid (Periods and PeriodsPerYear must be set).
//
// EAD of period t (t = 1 … Periods) is the balance outstanding at the start of period t,
// before that period's payment, as if default happened at the end of the period with the
// payment missed (the IFRScommunity illustration's convention), times the survival from
// prepayment; it is rounded half to even to the cent. With r = Rate/PeriodsPerYear, n =
// Periods, B the Balance:
//
//	Annuity         P = B·r / (1 − (1+r)^−n)   (B/n when r = 0);  B₁ = B,  B_{t+1} = B_t·(1+r) − P
//	EqualPrincipal  B_t = B · (n − t + 1)/n
//	Bullet          B_t = B
//	Revolving       B_t = B + CCF · (Limit − B)            (drawn + CCF × undrawn)
//	Schedule        B₁ = B,  B_{t+1} = B_t·(1+r) − Payments[t−1]; |B_{n+1}| ≤ n/2 cents
//	prepayment      EAD_t = B_t · (1 − SMM)^(t−1),  SMM = 1 − (1 − Prepayment)^(1/PeriodsPerYear)
//
// The balance path is computed in float64 from the exact cents of the inputs.
//
// References:
//   - IFRS 9 B5.5.31 (expected drawdowns of loan commitments) and B5.5.38–B5.5.40 (revolving
//     facilities: the period of exposure may extend beyond the contractual period, a
//     behavioural life).
//   - Basel Committee, CRE32.29 (credit conversion factor on the undrawn amount).
//   - Public Securities Association, "Standard Formulas for the Analysis of Mortgage-Backed
//     Securities" (1990): conditional prepayment rate and single monthly mortality,
//     SMM = 1 − (1 − CPR)^(1/12).
//   - IFRScommunity.com, "IFRS 9 example: 12-month ECL vs lifetime ECL" (2019): EAD as the
//     amortised-cost balance at the start of each period.
type Contract struct {
	Repayment Repayment
	// Balance is the outstanding (drawn) principal at the reporting date, ≥ 0.
	Balance decimal.Decimal
	// Limit is the credit limit of a Revolving contract, ≥ Balance; ignored otherwise.
	Limit decimal.Decimal
	// CCF is the credit conversion factor on the undrawn amount of a Revolving contract,
	// a fraction in [0, 1]; ignored otherwise.
	CCF float64
	// Rate is the contractual nominal rate per year, compounded PeriodsPerYear times a year,
	// in (−1, MaxRate]; used by Annuity and Schedule.
	Rate float64
	// Periods is the remaining contractual life in periods (Revolving: the behavioural life
	// the caller sets), 1 … MaxPeriods. It caps the lifetime horizon.
	Periods int
	// PeriodsPerYear is the payment frequency: 1, 2, 4 or 12.
	PeriodsPerYear int
	// Prepayment is the annual prepayment rate (CPR), a fraction in [0, 1).
	Prepayment float64
	// Payments are the Schedule's payments at the end of each period, len == Periods, each ≥ 0.
	Payments []decimal.Decimal
}

// runoff is the streaming form of a validated contract's EAD profile; next returns the EAD
// of the next period in currency units, already rounded to the cent. It allocates nothing.
type runoff struct {
	kind     Repayment
	b        float64 // balance at the start of the current period, units
	b0       float64
	r, pay   float64
	n, t     int
	smm, pre float64 // single-period prepayment rate and the survival factor so far
	pays     []decimal.Decimal
}

func (ro *runoff) next() float64 {
	ro.t++
	var bt float64
	switch ro.kind {
	case EqualPrincipal:
		bt = ro.b0 * float64(ro.n-ro.t+1) / float64(ro.n)
	default:
		bt = ro.b
	}
	ead := float64(roundCents(bt*ro.pre)) / 100
	switch ro.kind {
	case Annuity:
		ro.b = float64(ro.b*(1+ro.r)) - ro.pay
	case Schedule:
		p, _ := toCents(ro.pays[ro.t-1])
		ro.b = float64(ro.b*(1+ro.r)) - float64(p)/100
	}
	ro.pre = float64(ro.pre * (1 - ro.smm))
	return max(ead, 0)
}

// init validates c and prepares its run-off; field prefixes errors.
func (ro *runoff) init(c *Contract, field string) error {
	if !c.Repayment.IsValid() {
		return inputErr(field+".repayment", strconv.Itoa(int(c.Repayment)), ErrValue)
	}
	if err := checkGrid(field, c.PeriodsPerYear, c.Periods); err != nil {
		return err
	}
	bal, ok := toCents(c.Balance)
	if !ok || bal < 0 {
		return inputErr(field+".balance", dval(c.Balance), ErrAmount)
	}
	if !(c.Rate > -1 && c.Rate <= MaxRate) {
		return inputErr(field+".rate", fval(c.Rate), ErrRate)
	}
	if !(c.Prepayment >= 0 && c.Prepayment < 1) {
		return inputErr(field+".prepayment", fval(c.Prepayment), ErrProbability)
	}
	*ro = runoff{kind: c.Repayment, n: c.Periods, pre: 1, b: float64(bal) / 100}
	ro.b0 = ro.b
	ro.r = c.Rate / float64(c.PeriodsPerYear)
	if c.Prepayment > 0 {
		ro.smm = pdcurve.PeriodPD(c.Prepayment, c.PeriodsPerYear) // same algebra as a constant PD
	}
	switch c.Repayment {
	case Annuity:
		if ro.r == 0 {
			ro.pay = ro.b / float64(ro.n)
		} else {
			ro.pay = ro.b * ro.r / -math.Expm1(-float64(ro.n)*math.Log1p(ro.r))
		}
	case Revolving:
		lim, ok := toCents(c.Limit)
		if !ok || lim < bal {
			return inputErr(field+".limit", dval(c.Limit), ErrAmount)
		}
		if err := checkProb(field+".ccf", c.CCF); err != nil {
			return err
		}
		ro.b = float64(float64(bal)+c.CCF*float64(lim-bal)) / 100
	case Schedule:
		if len(c.Payments) != c.Periods {
			return inputErr(field+".payments", strconv.Itoa(len(c.Payments))+" payments for "+strconv.Itoa(c.Periods)+" periods", ErrPeriods)
		}
		b := ro.b
		for i, p := range c.Payments {
			pc, ok := toCents(p)
			if !ok || pc < 0 {
				return inputErr(field+".payments["+strconv.Itoa(i)+"]", dval(p), ErrAmount)
			}
			b = float64(b*(1+ro.r)) - float64(pc)/100
		}
		if math.Abs(b)*100 > float64(c.Periods)/2 {
			return inputErr(field+".payments", "residual "+fval(math.Round(b*100)/100), ErrNotAmortising)
		}
		ro.pays = c.Payments
	}
	return nil
}

// ProfileTo writes the contract's EAD by period (len Periods, see [Contract]) into dst[:0],
// reusing its storage, and returns it. It returns an [*InputError] for an invalid contract
// ([ErrValue] at "contract" for a nil c). O(n); allocates only when dst is short.
func ProfileTo(dst []Cents, c *Contract) ([]Cents, error) {
	if c == nil {
		return dst[:0], inputErr("contract", "nil", ErrValue)
	}
	var ro runoff
	if err := ro.init(c, "contract"); err != nil {
		return dst[:0], err
	}
	dst = dst[:0]
	for range c.Periods {
		dst = append(dst, roundCents(ro.next()))
	}
	return dst, nil
}

// Profile returns the contract's EAD by period; see [ProfileTo].
func Profile(c *Contract) ([]Cents, error) { return ProfileTo(nil, c) }

// RemainingPeriods returns the number of whole or part periods of a grid with periodsPerYear
// periods from the reporting date asOf to maturity: ⌈months / (12/periodsPerYear)⌉, counting
// a part month as a whole one. It returns [ErrMatured] when maturity is not after asOf, and
// [ErrPeriods] for a bad grid or more than [MaxPeriods] periods.
func RemainingPeriods(asOf, maturity time.Time, periodsPerYear int) (int, error) {
	if !validGrid(periodsPerYear) {
		return 0, inputErr("periodsPerYear", strconv.Itoa(periodsPerYear), ErrPeriods)
	}
	if !maturity.After(asOf) {
		return 0, inputErr("maturity", maturity.Format(time.DateOnly)+" not after "+asOf.Format(time.DateOnly), ErrMatured)
	}
	y1, m1, _ := asOf.Date()
	y2, m2, _ := maturity.Date()
	months := (y2-y1)*12 + int(m2-m1)
	if months > 12*MaxPeriods {
		return 0, inputErr("maturity", maturity.Format(time.DateOnly), ErrPeriods)
	}
	if asOf.AddDate(0, months, 0).Before(maturity) {
		months++
	}
	step := 12 / periodsPerYear
	n := (months + step - 1) / step
	if n > MaxPeriods {
		return 0, inputErr("maturity", maturity.Format(time.DateOnly), ErrPeriods)
	}
	return max(n, 1), nil
}
