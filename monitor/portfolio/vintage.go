package portfolio

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Loan is one loan of a static-pool (vintage) analysis: the month it was originated and, when
// it defaulted, the month of default, both as month indices of the caller's calendar, with its
// original balance and, when it defaulted, the loss booked on it (both optional: zero
// amounts give zero loss rates).
type Loan struct {
	ID           string
	Originated   int             // origination month, ≥ 0
	Defaulted    bool            // whether the loan defaulted on or before the reporting month
	DefaultMonth int             // month of default, read only when Defaulted; ≥ Originated
	Amount       decimal.Decimal // original balance, ≥ 0
	Loss         decimal.Decimal // loss (net of recoveries) counted in DefaultMonth, ≥ 0; zero unless Defaulted
}

// Vintage is one origination cohort's cumulative default and loss curves. CumDefaults[k] is
// the number of the cohort's loans that defaulted within k months on book (k = 0 … Observed)
// and CumDefaultRate[k] = CumDefaults[k] / Loans; CumLoss[k] is the loss on those loans and
// CumLossRate[k] = CumLoss[k] / Amount, the cohort's original balance (0 when Amount is zero).
// Observed = reporting month − Cohort is the last month on book seen: the curves are censored
// there, and later months are absent (not zero).
type Vintage struct {
	Cohort         int
	Loans          int
	Observed       int
	CumDefaults    []int
	CumDefaultRate []float64
	Amount         decimal.Decimal
	CumLoss        []decimal.Decimal
	CumLossRate    []float64
}

// Vintages groups loans by origination month and returns each cohort's cumulative default
// and loss curves by months on book up to the reporting month asOf, cohorts in ascending
// order. The loss rate is taken on the cohort's original balance and cumulated month by
// month:
//
//	CumLossRate[k] = Σ_{m ≤ k} loss in month on book m / Σ original balances
//
// Errors name the loan: originated before month 0 or after asOf, or more than [MaxMonths]
// before it ([ErrMonth]); a default before origination or after asOf ([ErrMonth]); an amount
// or loss negative or above 10¹⁵ ([ErrAmount]); a loss on a loan that did not default
// ([ErrValue]); asOf outside [0, 10·MaxMonths] or more than [MaxRecords] loans ([ErrSize]).
// O(n + cohorts · months).
//
// References: static pool analysis, SEC Regulation AB, 17 CFR 229.1105 (static pool
// information by vintage); K. A. Allman, Modeling Structured Finance Cash Flows with
// Microsoft Excel (Wiley, 2007), ch. 4 (losses as a share of the original vintage balance,
// cumulated period by period, per vintage).
func Vintages(loans []Loan, asOf int) ([]Vintage, error) {
	if asOf < 0 || asOf > 10*MaxMonths {
		return nil, inputErr("asOf", strconv.Itoa(asOf), ErrSize)
	}
	if len(loans) > MaxRecords {
		return nil, inputErr("loans", "len "+strconv.Itoa(len(loans)), ErrSize)
	}
	for i := range loans {
		l := &loans[i]
		f := "loans[" + cut(l.ID) + "]"
		if l.ID == "" {
			f = idx("loans", i)
		}
		if l.Originated < 0 || l.Originated > asOf || asOf-l.Originated > MaxMonths {
			return nil, inputErr(f+".originated", strconv.Itoa(l.Originated), ErrMonth)
		}
		if l.Defaulted && (l.DefaultMonth < l.Originated || l.DefaultMonth > asOf) {
			return nil, inputErr(f+".defaultMonth", strconv.Itoa(l.DefaultMonth), ErrMonth)
		}
		if err := checkAmount(f+".amount", l.Amount); err != nil {
			return nil, err
		}
		if err := checkAmount(f+".loss", l.Loss); err != nil {
			return nil, err
		}
		if !l.Defaulted && !l.Loss.IsZero() {
			return nil, inputErr(f+".loss", dval(l.Loss), ErrValue)
		}
	}
	if len(loans) == 0 {
		return nil, nil
	}
	byCohort := make(map[int]int)
	var out []Vintage
	for i := range loans {
		l := &loans[i]
		j, ok := byCohort[l.Originated]
		if !ok {
			j = len(out)
			byCohort[l.Originated] = j
			obs := asOf - l.Originated
			out = append(out, Vintage{Cohort: l.Originated, Observed: obs, CumDefaults: make([]int, obs+1),
				CumLoss: make([]decimal.Decimal, obs+1)})
		}
		v := &out[j]
		v.Loans++
		v.Amount = v.Amount.Add(l.Amount)
		if l.Defaulted {
			k := l.DefaultMonth - l.Originated
			v.CumDefaults[k]++
			if !l.Loss.IsZero() {
				v.CumLoss[k] = v.CumLoss[k].Add(l.Loss)
			}
		}
	}
	for j := range out {
		v := &out[j]
		v.CumDefaultRate = make([]float64, len(v.CumDefaults))
		v.CumLossRate = make([]float64, len(v.CumLoss))
		s := 0
		var loss decimal.Decimal
		for k, d := range v.CumDefaults {
			s += d
			v.CumDefaults[k] = s
			v.CumDefaultRate[k] = float64(s) / float64(v.Loans)
			loss = loss.Add(v.CumLoss[k])
			v.CumLoss[k] = loss
			v.CumLossRate[k] = ratio(loss, v.Amount)
		}
	}
	slices.SortFunc(out, func(a, b Vintage) int { return a.Cohort - b.Cohort })
	return out, nil
}
