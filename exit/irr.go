package exit

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// IRR returns the internal rate of return of flows: the annual effective rate
// r > −1 at which their NPV on valuation is zero,
//
//	Σᵢ Aᵢ · (1 + r)^(−τᵢ) = 0,  τᵢ = dc.YearFraction(valuation, Dateᵢ)
//
// The root is bracketed by scanning a grid of rates on (−1, 10⁶] (steps of
// 0.05 between −90 % and 100 %, coarser outside) for the first sign change,
// then found by bisection to an absolute tolerance of 10⁻¹² in r (or the
// float64 spacing of r, when that is coarser), at most 200 halvings: the NPV
// function is continuous on (−1, ∞), so a sign change between two rates
// guarantees a root between them. Two roots closer than the grid step are
// not detected. The function
// is evaluated in float64 on the integer cent amounts (exact below 2⁵³ cents);
// no money value is returned, only a rate.
//
// Special cases:
//
//	no sign change among the non-zero amounts   → ErrNoIRR
//	no root found on (−1, 10⁶]                   → ErrNoIRR
//	more than one sign change                    → the root found, with an *IRRWarning (ErrMultipleIRR)
//
// Other errors: [ErrValue] for an unknown dc; [ErrBeforeValuation] and
// [ErrAmount] as in [Discount.PV].
// flows is not modified.
//
// References:
//   - Brealey, Myers and Allen, Principles of Corporate Finance, 13th ed., sec. 5-3 (IRR, multiple rates of return).
//   - Burden and Faires, Numerical Analysis, 9th ed., sec. 2.1 (bisection).
func IRR(valuation time.Time, dc DayCount, flows []CashFlow) (float64, error) {
	type flow struct {
		days int
		c    float64
	}
	if err := dc.check("dc"); err != nil {
		return 0, err
	}
	fs := make([]flow, 0, len(flows))
	for i, cf := range flows {
		field := "flows[" + strconv.Itoa(i) + "]"
		days := civilDays(valuation, cf.Date)
		if days < 0 {
			return 0, inputErr(field+".date", cf.Date.Format(time.DateOnly), ErrBeforeValuation)
		}
		c, ok := toCents(cf.Amount)
		if !ok {
			return 0, inputErr(field+".amount", cf.Amount, ErrAmount)
		}
		if c != 0 {
			fs = append(fs, flow{days, float64(c)})
		}
	}
	slices.SortStableFunc(fs, func(a, b flow) int { return a.days - b.days })
	changes := 0
	for i := 1; i < len(fs); i++ {
		if (fs[i].c > 0) != (fs[i-1].c > 0) {
			changes++
		}
	}
	if changes == 0 {
		return 0, inputErr("flows", "no sign change", ErrNoIRR)
	}
	basis := dc.basis()
	npv := func(r float64) float64 {
		lr := math.Log1p(r)
		s := 0.0
		for _, f := range fs {
			s += f.c * discountFactor(lr, float64(f.days)/basis)
		}
		return s
	}
	// Scan a grid of rates for the first sign change, starting just above
	// −100 % (skipping rates where the discount factors overflow).
	var lo, hi, flo float64
	found, started := false, false
	for _, r := range irrGrid() {
		f := npv(r)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		if f == 0 {
			lo, hi, found = r, r, true
			break
		}
		if started && math.Signbit(f) != math.Signbit(flo) {
			hi, found = r, true
			break
		}
		lo, flo, started = r, f, true
	}
	if !found {
		return 0, inputErr("flows", "no root on (-1, 1e6]", ErrNoIRR)
	}
	for range 200 { // halving (−1, 10⁶] reaches 10⁻¹² in about 60 steps; float spacing may stop it earlier
		if hi-lo <= 1e-12 {
			break
		}
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		fm := npv(mid)
		if fm == 0 {
			lo, hi = mid, mid
			break
		}
		if math.Signbit(fm) == math.Signbit(flo) {
			lo, flo = mid, fm
		} else {
			hi = mid
		}
	}
	r := lo + (hi-lo)/2
	if changes > 1 {
		return r, &IRRWarning{SignChanges: changes}
	}
	return r, nil
}

// irrGrid returns the rates scanned for a sign change by IRR, ascending.
func irrGrid() []float64 {
	g := []float64{-1 + 1e-9, -1 + 1e-6, -0.999, -0.99, -0.95}
	for i := -18; i <= 20; i++ {
		g = append(g, float64(i)*0.05)
	}
	for r := 2.0; r <= 1e6; r *= 2 {
		g = append(g, r)
	}
	return g
}
