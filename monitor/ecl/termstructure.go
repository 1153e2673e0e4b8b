package ecl

import (
	"math"
	"strconv"

	"github.com/smecredit/smecredit/internal/pdcurve"
)

// MaxPeriods bounds every horizon and curve length: 1200 periods (100 years of months). Inputs
// are checked against it before any work.
const MaxPeriods = 1200

// MaxStates bounds the number of states of a migration matrix (default state included).
const MaxStates = 64

// sumTol is the tolerance on probabilities that must sum to at most 1, or to exactly 1.
const sumTol = 1e-9

// TermStructure is a PD term structure on a regular grid: Marginal[t] is the unconditional
// probability that the obligor defaults in period t+1 (between t/PeriodsPerYear and
// (t+1)/PeriodsPerYear years after the reporting date). With S(t) the survival probability
// to the end of period t (S(0) = 1):
//
//	Marginal[t]    = S(t) − S(t+1)                     (unconditional, "marginal PD")
//	Cumulative[t]  = 1 − S(t+1) = Σ_{j≤t} Marginal[j]
//	Conditional[t] = Marginal[t] / S(t)                (per-period hazard, 0 when S(t) = 0)
//
// A valid term structure has PeriodsPerYear in {1, 2, 4, 12}, 1 ≤ len(Marginal) ≤ [MaxPeriods],
// every Marginal in [0, 1] and Σ Marginal ≤ 1 (+1e-9). The zero value is invalid. A
// TermStructure is a plain value; the constructors return fresh slices and never keep the
// caller's.
//
// References:
//   - Oracle Financial Services Loan Loss Forecasting and Provisioning 8.1.2 User Guide,
//     "Probability to Default Modelling": marginal PD = CumPD_t − CumPD_{t−1}, conditional PD
//     = marginal / (1 − CumPD_{t−1}).
//   - IFRS 9 Appendix A (12-month and lifetime expected credit losses).
type TermStructure struct {
	PeriodsPerYear int       // grid: 1 (annual), 2, 4 or 12 (monthly) periods per year
	Marginal       []float64 // unconditional PD of default in each period, fractions
}

func validGrid(ppy int) bool { return ppy == 1 || ppy == 2 || ppy == 4 || ppy == 12 }

func checkGrid(field string, ppy, n int) error {
	if !validGrid(ppy) {
		return inputErr(field+".periodsPerYear", strconv.Itoa(ppy), ErrPeriods)
	}
	if n < 1 || n > MaxPeriods {
		return inputErr(field+".periods", strconv.Itoa(n), ErrPeriods)
	}
	return nil
}

func checkProb(field string, p float64) error {
	if !(p >= 0 && p <= 1) {
		return inputErr(field, fval(p), ErrProbability)
	}
	return nil
}

// Validate reports whether ts is a valid term structure, as an [*InputError] naming the
// period ("pd[11]") at fault. O(n).
func (ts TermStructure) Validate() error { return ts.validate("pd") }

func (ts TermStructure) validate(field string) error {
	if err := checkGrid(field, ts.PeriodsPerYear, len(ts.Marginal)); err != nil {
		return err
	}
	sum := 0.0
	for i, m := range ts.Marginal {
		if err := checkProb(idx(field, i), m); err != nil {
			return err
		}
		sum += m
		if sum > 1+sumTol {
			return inputErr(idx(field, i), "cumulative "+fval(sum), ErrCumulative)
		}
	}
	return nil
}

// Len returns the number of periods.
func (ts TermStructure) Len() int { return len(ts.Marginal) }

// CumulativeTo writes the cumulative PD of each period into dst[:0] (reusing its storage,
// growing it when short) and returns it; Cumulative[t] = min(1, Σ_{j≤t} Marginal[j]). O(n).
func (ts TermStructure) CumulativeTo(dst []float64) []float64 {
	dst = dst[:0]
	s := 0.0
	for _, m := range ts.Marginal {
		s += m
		dst = append(dst, min(s, 1))
	}
	return dst
}

// Cumulative returns the cumulative PD by period; see [TermStructure.CumulativeTo].
func (ts TermStructure) Cumulative() []float64 { return ts.CumulativeTo(nil) }

// Conditional returns the per-period conditional PD (hazard) Marginal[t] / S(t), 0 where
// S(t) = 0, capped at 1. O(n).
func (ts TermStructure) Conditional() []float64 {
	out := make([]float64, len(ts.Marginal))
	s := 1.0
	for i, m := range ts.Marginal {
		if s > 0 {
			out[i] = min(m/s, 1)
		}
		s -= m
	}
	return out
}

// FromCumulative builds a term structure from a cumulative PD curve: cum[t] is the
// probability of default by the end of period t+1. The curve must be in [0, 1] and must not
// fall ([ErrCumulative], naming the period). O(n).
func FromCumulative(periodsPerYear int, cum []float64) (TermStructure, error) {
	if err := checkGrid("cumulative", periodsPerYear, len(cum)); err != nil {
		return TermStructure{}, err
	}
	m := make([]float64, len(cum))
	prev := 0.0
	for i, c := range cum {
		if err := checkProb(idx("cumulative", i), c); err != nil {
			return TermStructure{}, err
		}
		if c < prev {
			return TermStructure{}, inputErr(idx("cumulative", i), fval(c)+" < "+fval(prev), ErrCumulative)
		}
		m[i] = c - prev
		prev = c
	}
	return TermStructure{PeriodsPerYear: periodsPerYear, Marginal: m}, nil
}

// FromMarginal builds a term structure from per-period unconditional PDs (copied). O(n).
func FromMarginal(periodsPerYear int, marginal []float64) (TermStructure, error) {
	ts := TermStructure{PeriodsPerYear: periodsPerYear, Marginal: append([]float64(nil), marginal...)}
	if err := ts.validate("marginal"); err != nil {
		return TermStructure{}, err
	}
	return ts, nil
}

// FromConditional builds a term structure from per-period conditional PDs (hazards) q, each
// in [0, 1]: Marginal[t] = q[t] · Π_{j<t} (1 − q[j]). O(n).
func FromConditional(periodsPerYear int, q []float64) (TermStructure, error) {
	if err := checkGrid("conditional", periodsPerYear, len(q)); err != nil {
		return TermStructure{}, err
	}
	m := make([]float64, len(q))
	s := 1.0
	for i, v := range q {
		if err := checkProb(idx("conditional", i), v); err != nil {
			return TermStructure{}, err
		}
		m[i] = s * v
		s -= m[i]
	}
	return TermStructure{PeriodsPerYear: periodsPerYear, Marginal: m}, nil
}

// ConstantPD builds n periods from a constant annual PD p (the probability of default within
// one year, for a survivor): survival S(τ) = (1 − p)^τ at τ years, so per period
//
//	q            = 1 − (1 − p)^(1/k)          conditional PD per period, k = periodsPerYear
//	Marginal[t]  = (1 − q)^t · q              t = 0 … n−1
//
// and the first k marginals sum to p. (The rate-compounding form (1 + p)^(1/k) − 1 is wrong
// for probabilities and understates q.) O(n).
//
// References:
//   - Oracle Financial Services LLFP 8.1.2 User Guide, "Probability to Default Modelling"
//     (conditional probability logic); the monthly q follows from S(τ) = (1 − p)^τ.
func ConstantPD(annualPD float64, periodsPerYear, n int) (TermStructure, error) {
	if err := checkProb("annualPD", annualPD); err != nil {
		return TermStructure{}, err
	}
	if err := checkGrid("pd", periodsPerYear, n); err != nil {
		return TermStructure{}, err
	}
	return constantQ(pdcurve.PeriodPD(annualPD, periodsPerYear), periodsPerYear, n), nil
}

// ConstantHazard builds n periods from a constant default intensity λ per year (λ ≥ 0,
// finite, at most 100): S(τ) = exp(−λτ), q = 1 − exp(−λ/k). ConstantPD(p) equals
// ConstantHazard(−ln(1 − p)). O(n).
//
// References:
//   - D. Lando, Credit Risk Modeling: Theory and Applications (Princeton, 2004), §5.1
//     (constant intensity, survival exp(−λt)).
func ConstantHazard(lambda float64, periodsPerYear, n int) (TermStructure, error) {
	if !(lambda >= 0 && lambda <= 100) {
		return TermStructure{}, inputErr("lambda", fval(lambda), ErrValue)
	}
	if err := checkGrid("pd", periodsPerYear, n); err != nil {
		return TermStructure{}, err
	}
	return constantQ(pdcurve.HazardPD(lambda, periodsPerYear), periodsPerYear, n), nil
}

func constantQ(q float64, ppy, n int) TermStructure {
	return TermStructure{PeriodsPerYear: ppy, Marginal: pdcurve.ConstantMarginal(q, n)}
}

// FromMigration builds n periods for an obligor now in state from, from a one-period
// migration matrix T (row i: probabilities of moving from state i to each state within one
// period of the grid periodsPerYear; an annual matrix has periodsPerYear 1). The last state
// is default and must be absorbing. With e the unit row vector of state from:
//
//	Cumulative[t] = (e · T^(t+1))[D]      Marginal[t] = Cumulative[t] − Cumulative[t−1]
//
// T must be square with 2 … [MaxStates] states, entries in [0, 1], rows summing to 1
// (±1e-9), T[D][D] = 1; from in [0, D). A matrix for a finer grid (a monthly matrix from an
// annual one) is the annual matrix's root: [MigrationRoot] with n = 12.
// O(n·k²) time, O(k) memory.
//
// References:
//   - J.P. Morgan, CreditMetrics Technical Document (1997), §6.2 (multi-period transition
//     matrices as powers of the one-period matrix, Markov assumption).
func FromMigration(matrix [][]float64, from, periodsPerYear, n int) (TermStructure, error) {
	k := len(matrix)
	if k < 2 || k > MaxStates {
		return TermStructure{}, inputErr("matrix", strconv.Itoa(k)+" states", ErrMatrix)
	}
	for i, row := range matrix {
		if len(row) != k {
			return TermStructure{}, inputErr(idx("matrix", i), strconv.Itoa(len(row))+" columns", ErrMatrix)
		}
		s := 0.0
		for j, v := range row {
			if !(v >= 0 && v <= 1) {
				return TermStructure{}, inputErr(idx(idx("matrix", i), j), fval(v), ErrMatrix)
			}
			s += v
		}
		if math.Abs(s-1) > sumTol {
			return TermStructure{}, inputErr(idx("matrix", i), "row sum "+fval(s), ErrMatrix)
		}
	}
	d := k - 1
	if matrix[d][d] != 1 {
		return TermStructure{}, inputErr(idx(idx("matrix", d), d), fval(matrix[d][d]), ErrMatrix)
	}
	if from < 0 || from >= d {
		return TermStructure{}, inputErr("from", strconv.Itoa(from), ErrValue)
	}
	if err := checkGrid("pd", periodsPerYear, n); err != nil {
		return TermStructure{}, err
	}
	m := pdcurve.MigrationMarginal(matrix, from, n)
	return TermStructure{PeriodsPerYear: periodsPerYear, Marginal: m}, nil
}

// Regrid returns the term structure on another grid (annual ↔ monthly, say), covering the
// same time span: ⌊n·k'/k⌋ periods. Survival is interpolated with a constant hazard inside
// each source period (log-linear in survival), so for a source period [a, b] and a ≤ τ ≤ b
//
//	S(τ) = S(a) · (S(b)/S(a))^((τ − a)/(b − a))
//
// which maps a [ConstantPD] curve on one grid exactly onto the same curve on another.
// Coarsening (monthly → annual) reads S at the coarse points, so it sums the marginals. It
// returns [ErrPeriods] when the result would be empty. O(n + n').
func (ts TermStructure) Regrid(periodsPerYear int) (TermStructure, error) {
	if err := ts.validate("pd"); err != nil {
		return TermStructure{}, err
	}
	if !validGrid(periodsPerYear) {
		return TermStructure{}, inputErr("periodsPerYear", strconv.Itoa(periodsPerYear), ErrPeriods)
	}
	k, k2 := ts.PeriodsPerYear, periodsPerYear
	n2 := len(ts.Marginal) * k2 / k
	if n2 < 1 || n2 > MaxPeriods {
		return TermStructure{}, inputErr("periods", strconv.Itoa(n2), ErrPeriods)
	}
	m := pdcurve.Regrid(ts.Marginal, k, k2)
	return TermStructure{PeriodsPerYear: k2, Marginal: m}, nil
}
