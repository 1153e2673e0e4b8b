package portfolio

import (
	"slices"
	"strconv"
)

// Loan is one loan of a static-pool (vintage) analysis: the month it was originated and, when
// it defaulted, the month of default, both as month indices of the caller's calendar.
type Loan struct {
	ID           string
	Originated   int  // origination month, ≥ 0
	Defaulted    bool // whether the loan defaulted on or before the reporting month
	DefaultMonth int  // month of default, read only when Defaulted; ≥ Originated
}

// Vintage is one origination cohort's cumulative default curve. CumDefaults[k] is the number
// of the cohort's loans that defaulted within k months on book (k = 0 … Observed) and
// CumDefaultRate[k] = CumDefaults[k] / Loans. Observed = reporting month − Cohort is the last
// month on book seen: the curve is censored there, and later months are absent (not zero).
type Vintage struct {
	Cohort         int
	Loans          int
	Observed       int
	CumDefaults    []int
	CumDefaultRate []float64
}

// Vintages groups loans by origination month and returns each cohort's cumulative default
// curve by months on book up to the reporting month asOf, cohorts in ascending order. Errors
// name the loan: originated before month 0 or after asOf, or more than [MaxMonths] before it
// ([ErrMonth]); a default before origination or after asOf ([ErrMonth]); asOf outside
// [0, MaxMonths] or more than [MaxRecords] loans ([ErrSize]). O(n + cohorts · months).
//
// References: static pool analysis, SEC Regulation AB, 17 CFR 229.1105 (static pool
// information by vintage); K. A. Allman, Modeling Structured Finance Cash Flows with
// Microsoft Excel (Wiley, 2007), ch. 4 (cumulative default and loss curves per vintage).
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
			out = append(out, Vintage{Cohort: l.Originated, Observed: obs, CumDefaults: make([]int, obs+1)})
		}
		v := &out[j]
		v.Loans++
		if l.Defaulted {
			v.CumDefaults[l.DefaultMonth-l.Originated]++
		}
	}
	for j := range out {
		v := &out[j]
		v.CumDefaultRate = make([]float64, len(v.CumDefaults))
		s := 0
		for k, d := range v.CumDefaults {
			s += d
			v.CumDefaults[k] = s
			v.CumDefaultRate[k] = float64(s) / float64(v.Loans)
		}
	}
	slices.SortFunc(out, func(a, b Vintage) int { return a.Cohort - b.Cohort })
	return out, nil
}
