package ecl

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxScenarios bounds the number of macroeconomic scenarios of one computation.
const MaxScenarios = 16

// LGD is the loss given default of an exposure. The zero value is an unsecured exposure with
// LGD 0 (no loss). The loss on a default in period t is
//
//	Loss_t = lgd_t · max(0, EAD_t − R)        R = max(0, CollateralValue·(1 − Haircut) − CollateralCosts)
//
// where lgd_t is PerPeriod[t−1] when PerPeriod is not nil and Rate otherwise. With no
// collateral R = 0 and Loss_t = lgd_t · EAD_t; with collateral lgd_t applies to the
// uncovered part (the collateral is assumed realised at default, undiscounted).
//
// References:
//   - IFRS 9 B5.5.55 (cash flows from collateral are part of the expected cash shortfalls);
//   - Basel Committee, CRE32.9–CRE32.12 (haircut collateral value, LGD on the unsecured part).
type LGD struct {
	Rate      float64   // LGD as a fraction in [0, 1]
	PerPeriod []float64 // LGD of each period, fractions in [0, 1]; nil means Rate every period; else len ≥ horizon
	// CollateralValue is the current market value of the collateral, ≥ 0; zero means unsecured.
	CollateralValue decimal.Decimal
	// Haircut is the fraction of CollateralValue lost in a forced sale, in [0, 1].
	Haircut float64
	// CollateralCosts are the costs of obtaining and selling the collateral, ≥ 0.
	CollateralCosts decimal.Decimal
}

// Exposure is one financial asset at the reporting date: its stage, contract, PD term
// structure (on the contract's grid), LGD and effective interest rate. The zero value is
// invalid.
type Exposure struct {
	ID       string // identifier used in errors and reports; may be empty
	Stage    Stage  // Stage1, Stage2 or Stage3
	Contract Contract
	// PD is the base PD term structure from the reporting date, on the contract's grid
	// (PeriodsPerYear equal), with at least Contract.Periods periods; longer curves are cut at
	// the contractual life. Not read for Stage3 (PD = 1).
	PD TermStructure
	// ScenarioPD optionally gives each scenario its own PD curve: nil, or one per scenario
	// (same grid and length rules as PD). Scenario.PDScale then applies to that curve.
	ScenarioPD []TermStructure
	LGD        LGD
	// EIR is the effective interest rate per year (a fraction, > −1, ≤ MaxRate) at which
	// losses are discounted: DF_t = (1 + EIR)^(−t/PeriodsPerYear).
	EIR float64
}

// Scenario is one macroeconomic scenario: its probability and a PD scalar. The zero value
// has weight 0.
type Scenario struct {
	Name   string  // label, e.g. "downside"
	Weight float64 // probability of the scenario, in [0, 1]; weights sum to 1 (±1e-9)
	// PDScale multiplies the per-period conditional PD of the curve (capped at 1), ≥ 0 and
	// finite; 0 means 1 (the curve as given).
	PDScale float64
}

// Result is the ECL of one exposure. Money is in exact [Cents]; each figure is rounded once,
// from its unrounded float64 expectation, by the package's one rule (half to even, to the
// cent), so Weighted need not equal Σ weight × rounded scenario value to the cent. The zero
// value is an empty result; [ComputeTo] reuses the storage of Scenarios.
type Result struct {
	ID      string
	Stage   Stage
	Periods int // lifetime horizon in periods: the contractual (or behavioural) life
	// ECL is the loss allowance: Month12 for Stage1, Lifetime for Stage2 and Stage3.
	ECL      Cents
	Month12  Cents   // probability-weighted 12-month ECL (Stage3: equal to Lifetime)
	Lifetime Cents   // probability-weighted lifetime ECL
	EAD      Cents   // exposure of the first period (the balance at the reporting date, or drawn + CCF × undrawn)
	Scenario []Cents // each scenario's ECL on the allowance basis (Month12 or Lifetime), in scenario order
}

// BatchResult is one exposure's outcome in [ComputeAll]: its Result, or the error that
// stopped it.
type BatchResult struct {
	Result Result
	Err    error
}

// Compute measures the expected credit loss of e, probability-weighted over scenarios (nil
// means one scenario of weight 1 and scale 1):
//
//	ECL_s        = Σ_{t=1..H} mPD_{s,t} · Loss_t · DF_t          DF_t = (1 + EIR)^(−t/k)
//	ECL          = Σ_s w_s · ECL_s
//
// where mPD_{s,t} is the marginal (unconditional) PD of period t under scenario s (the
// curve's conditional PDs times PDScale, capped at 1), Loss_t as in [LGD] with EAD_t from the
// [Contract], k periods a year, and the horizon H = min(k, n) periods for the 12-month ECL
// (defaults in the next 12 months, each with its full loss) and H = n, the contractual life,
// for the lifetime ECL. Stage1 books the 12-month ECL, Stage2 the lifetime ECL. A Stage3
// (credit-impaired) exposure has defaulted: PD = 1 now, so ECL = Loss_1, undiscounted, in
// every scenario.
//
// Properties: Lifetime ≥ Month12; ECL is non-decreasing in every PD and LGD and
// non-increasing in EIR.
//
// Errors ([*InputError], naming the exposure ID, period or scenario): PDs or LGDs outside
// [0, 1] ([ErrProbability]); marginal PDs summing above 1 ([ErrCumulative]); weights not
// summing to 1 or more than [MaxScenarios] scenarios ([ErrWeights]); a negative or huge
// amount, or an expectation that discounting at a very negative EIR carries beyond
// [MaxAmount] ([ErrAmount]); EIR ≤ −100 % ([ErrRate]); a schedule that does not amortise
// ([ErrNotAmortising]); a PD curve on another grid or shorter than the life ([ErrPeriods]);
// an invalid stage ([ErrValue]). Checks on sizes happen before any work. O(n·s) time for n
// periods and s scenarios. [ValidateScenarios] makes the scenario checks once, up front.
//
// References:
//   - IFRS 9 Financial Instruments, 5.5.3, 5.5.5 (lifetime versus 12-month ECL), 5.5.17
//     (probability-weighted, time value of money), B5.5.42 (range of outcomes), B5.5.44 and
//     Appendix A "credit loss" (discount at the original EIR), Appendix A "12-month expected
//     credit losses", Appendix A "credit-impaired financial asset".
//   - IFRScommunity.com, "IFRS 9 example: 12-month ECL vs lifetime ECL" (2019):
//     ECL_t = EAD_t × mPD_t × LGD / (1 + EIR)^t, default at the end of period t.
func Compute(e *Exposure, scenarios []Scenario) (Result, error) {
	var r Result
	err := ComputeTo(&r, e, scenarios)
	return r, err
}

// ComputeTo is [Compute] writing into dst, reusing dst.Scenario's storage: with a dst whose
// Scenario has capacity for the scenarios it allocates nothing. On error dst holds a zeroed
// Result (with the ID). A nil dst or e is an [ErrValue] error.
func ComputeTo(dst *Result, e *Exposure, scenarios []Scenario) error {
	if dst == nil {
		return inputErr("dst", "nil", ErrValue)
	}
	if e == nil {
		*dst = Result{Scenario: dst.Scenario[:0]}
		return inputErr("exposure", "nil", ErrValue)
	}
	sc := dst.Scenario[:0]
	*dst = Result{ID: e.ID, Stage: e.Stage, Scenario: sc}
	err := compute(dst, e, scenarios)
	if err != nil {
		*dst = Result{ID: e.ID, Stage: e.Stage, Scenario: sc}
		// Name the exposure in errors about it (the hot path builds no field text).
		if ie, ok := err.(*InputError); ok && !strings.HasPrefix(ie.Field, "scenarios") {
			ie.Field = "exposures[" + cut(e.ID) + "]." + ie.Field
		}
	}
	return err
}

// ComputeAll computes every exposure against the same scenarios and returns one BatchResult
// per exposure, in input order; a bad exposure gets its error and the others their results.
// O(Σ n·s).
func ComputeAll(exposures []Exposure, scenarios []Scenario) []BatchResult {
	out := make([]BatchResult, len(exposures))
	for i := range exposures {
		out[i].Err = ComputeTo(&out[i].Result, &exposures[i], scenarios)
	}
	return out
}

// checkScenarios is the check of a non-empty scenario list that [ComputeTo] makes: count,
// weights, PD scalars and the sum of the weights.
func checkScenarios(scenarios []Scenario) error {
	if len(scenarios) > MaxScenarios {
		return inputErr("scenarios", strconv.Itoa(len(scenarios)), ErrWeights)
	}
	wsum := 0.0
	for i := range scenarios {
		w := scenarios[i].Weight
		if !(w >= 0 && w <= 1) {
			return inputErr(idx("scenarios", i)+".weight", fval(w), ErrProbability)
		}
		if k := scenarios[i].PDScale; !(k >= 0 && k <= math.MaxFloat64) {
			return inputErr(idx("scenarios", i)+".pdScale", fval(k), ErrValue)
		}
		wsum += w
	}
	if math.Abs(wsum-1) > sumTol {
		return inputErr("scenarios", "weights sum "+fval(wsum), ErrWeights)
	}
	return nil
}

// ValidateScenarios checks a scenario list once, before any exposure is computed, so that a
// caller (a CLI flag, a service request) can refuse it up front rather than on every exposure.
// It makes the checks of [ComputeTo], in the same order and with the same errors, and also
// requires what a report with one column per scenario needs: every name non-empty and unique.
// An empty list is valid (ComputeTo then uses one base scenario of weight 1).
//
// Errors ([*InputError]): more than [MaxScenarios] scenarios, or weights whose sum differs
// from 1 by more than 1e-9, at "scenarios" ([ErrWeights]); a weight outside [0, 1] or NaN at
// "scenarios[i].weight" ([ErrProbability]); a PDScale negative, NaN or infinite at
// "scenarios[i].pdScale" ([ErrValue]); an empty or blank name, or one already used by an
// earlier scenario, at "scenarios[i].name" ([ErrValue]). O(s²) for s ≤ MaxScenarios scenarios.
func ValidateScenarios(scenarios []Scenario) error {
	if len(scenarios) == 0 {
		return nil
	}
	if err := checkScenarios(scenarios); err != nil {
		return err
	}
	for i, sc := range scenarios {
		if strings.TrimSpace(sc.Name) == "" {
			return inputErr(idx("scenarios", i)+".name", strconv.Quote(sc.Name), ErrValue)
		}
		for _, prev := range scenarios[:i] {
			if prev.Name == sc.Name {
				return inputErr(idx("scenarios", i)+".name", strconv.Quote(sc.Name)+" repeated", ErrValue)
			}
		}
	}
	return nil
}

var oneScenario = []Scenario{{Name: "base", Weight: 1, PDScale: 1}}

type scenState struct {
	m        []float64 // marginal PDs of the curve
	scale    float64
	sb       float64 // survival under the curve as given
	s        float64 // survival under the scaled curve
	sum12    float64
	sumLife  float64
	unscaled bool
}

func compute(dst *Result, e *Exposure, scenarios []Scenario) error {
	if len(scenarios) == 0 {
		scenarios = oneScenario
	}
	if err := checkScenarios(scenarios); err != nil {
		return err
	}
	if !e.Stage.IsValid() {
		return inputErr("stage", strconv.Itoa(int(e.Stage)), ErrValue)
	}
	c := &e.Contract
	var ro runoff
	if err := ro.init(c, "contract"); err != nil {
		return err
	}
	if !(e.EIR > -1 && e.EIR <= MaxRate) {
		return inputErr("eir", fval(e.EIR), ErrRate)
	}
	n, k := c.Periods, c.PeriodsPerYear
	l := &e.LGD
	if l.PerPeriod != nil {
		if len(l.PerPeriod) < n {
			return inputErr("lgd.perPeriod", strconv.Itoa(len(l.PerPeriod))+" periods for "+strconv.Itoa(n), ErrPeriods)
		}
		for i, v := range l.PerPeriod[:n] {
			if !(v >= 0 && v <= 1) {
				return inputErr(idx("lgd.perPeriod", i), fval(v), ErrProbability)
			}
		}
	} else if !(l.Rate >= 0 && l.Rate <= 1) {
		return inputErr("lgd.rate", fval(l.Rate), ErrProbability)
	}
	if !(l.Haircut >= 0 && l.Haircut <= 1) {
		return inputErr("lgd.haircut", fval(l.Haircut), ErrProbability)
	}
	cv, ok := toCents(l.CollateralValue)
	if !ok || cv < 0 {
		return inputErr("lgd.collateralValue", dval(l.CollateralValue), ErrAmount)
	}
	cc, ok := toCents(l.CollateralCosts)
	if !ok || cc < 0 {
		return inputErr("lgd.collateralCosts", dval(l.CollateralCosts), ErrAmount)
	}
	recov := max(0, float64(cv)/100*(1-l.Haircut)-float64(cc)/100)
	lgdAt := func(t int) float64 {
		if l.PerPeriod != nil {
			return l.PerPeriod[t]
		}
		return l.Rate
	}
	dst.Periods = n
	if dst.Stage == Stage3 {
		ead := ro.next()
		dst.EAD = roundCents(ead)
		loss := roundCents(lgdAt(0) * max(0, ead-recov))
		dst.ECL, dst.Month12, dst.Lifetime = loss, loss, loss
		for range scenarios {
			dst.Scenario = append(dst.Scenario, loss)
		}
		return nil
	}
	if e.ScenarioPD != nil && len(e.ScenarioPD) != len(scenarios) {
		return inputErr("scenarioPD", strconv.Itoa(len(e.ScenarioPD))+" curves for "+strconv.Itoa(len(scenarios))+" scenarios", ErrPeriods)
	}
	var st [MaxScenarios]scenState
	for i := range scenarios {
		ts := &e.PD
		if e.ScenarioPD != nil {
			ts = &e.ScenarioPD[i]
		}
		if ts.PeriodsPerYear != k {
			return inputErr(pdField(e, i)+".periodsPerYear", strconv.Itoa(ts.PeriodsPerYear)+" (contract "+strconv.Itoa(k)+")", ErrPeriods)
		}
		if len(ts.Marginal) < n {
			return inputErr(pdField(e, i), strconv.Itoa(len(ts.Marginal))+" periods for "+strconv.Itoa(n), ErrPeriods)
		}
		scale := scenarios[i].PDScale
		if scale == 0 {
			scale = 1
		}
		st[i] = scenState{m: ts.Marginal[:n], scale: scale, sb: 1, s: 1, unscaled: scale == 1}
	}
	ns := len(scenarios)
	v := math.Pow(1+e.EIR, -1/float64(k))
	df := 1.0
	h12 := min(k, n)
	shared := e.ScenarioPD == nil // every scenario scales the base curve: one hazard per period
	sb := 1.0                     // survival under the base curve
	for t := range n {
		ead := ro.next()
		if t == 0 {
			dst.EAD = roundCents(ead)
		}
		df = float64(df * v)
		loss := float64(lgdAt(t)*max(0, ead-recov)) * df
		if shared {
			m := st[0].m[t]
			if !(m >= 0 && m <= 1) {
				return pdErr(e, 0, t, m, ErrProbability)
			}
			if m > sb+sumTol {
				return pdErr(e, 0, t, m, ErrCumulative)
			}
			q := 0.0
			if sb > 0 {
				q = min(m/sb, 1)
			}
			sb = max(sb-m, 0)
			for i := range ns {
				s := &st[i]
				mp := m
				if !s.unscaled {
					mp = s.s * min(float64(q*s.scale), 1)
					s.s = max(s.s-mp, 0)
				}
				term := float64(mp * loss)
				s.sumLife += term
				if t < h12 {
					s.sum12 += term
				}
			}
			continue
		}
		for i := range ns {
			s := &st[i]
			m := s.m[t]
			if !(m >= 0 && m <= 1) {
				return pdErr(e, i, t, m, ErrProbability)
			}
			if m > s.sb+sumTol {
				return pdErr(e, i, t, m, ErrCumulative)
			}
			mp := m
			if !s.unscaled {
				q := 0.0
				if s.sb > 0 {
					q = min(m/s.sb, 1)
				}
				mp = s.s * min(float64(q*s.scale), 1)
				s.s = max(s.s-mp, 0)
			}
			s.sb = max(s.sb-m, 0)
			term := float64(mp * loss)
			s.sumLife += term
			if t < h12 {
				s.sum12 += term
			}
		}
	}
	var w12, wl float64
	for i := range ns {
		w := scenarios[i].Weight
		w12 += float64(w * st[i].sum12)
		wl += float64(w * st[i].sumLife)
		b := st[i].sumLife
		if dst.Stage == Stage1 {
			b = st[i].sum12
		}
		if !inRange(b) {
			return inputErr(idx("scenarios", i), strconv.FormatFloat(b, 'g', 6, 64), ErrAmount)
		}
		dst.Scenario = append(dst.Scenario, roundCents(b))
	}
	// Discounting at an EIR near −100 % over many periods can carry an expectation past
	// MaxAmount (found by FuzzCompute): an error, not a saturated int64.
	if !inRange(wl) || !inRange(w12) {
		return inputErr("ecl", strconv.FormatFloat(wl, 'g', 6, 64), ErrAmount)
	}
	dst.Month12, dst.Lifetime = roundCents(w12), roundCents(wl)
	dst.ECL = dst.Lifetime
	if dst.Stage == Stage1 {
		dst.ECL = dst.Month12
	}
	return nil
}

func pdField(e *Exposure, i int) string {
	if e.ScenarioPD != nil {
		return idx("scenarioPD", i)
	}
	return "pd"
}

func pdErr(e *Exposure, i, t int, m float64, err error) error {
	return inputErr(idx(pdField(e, i), t), fval(m), err)
}
