package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/exit"
)

// studyTotal is the non-performing exposure of the 30 failed firms in the original study:
// 101.51 million yuan.
var studyTotal = decimal.New(10151, 4) // 101,510,000 yuan

// exitAsOf is the valuation date of the exit decisions. Only time differences matter, so any
// fixed date gives the same values; it is fixed so that the output is reproducible.
var exitAsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// workout is one failed firm's loan and the exit option chosen for it.
type workout struct {
	f          *firm
	assets     decimal.Decimal // total assets 10^Attr29, data units, rounded to 2 places
	fixedShare float64         // fixed assets / total assets, fraction; 0 when unknown
	loan       exit.Loan
	best       exit.Valuation
}

// exitResult is the exit stage's answer.
type exitResult struct {
	loans    []workout // in pair order
	total    decimal.Decimal
	recovery decimal.Decimal // Σ expected NPV of the chosen options
	lgdEAD   float64         // exposure-weighted workout LGD: 1 − Σ NPV / Σ EAD
	lgdMean  float64         // default-weighted (simple) average workout LGD
	chosen   map[string]int  // option name → number of loans
}

// allocate splits total over weights in proportion, in decimal to the cent:
//
//	EADᵢ = round½up₂(total · wᵢ / Σⱼ wⱼ)      (decimal.DivRound, half away from zero)
//
// and adds the rounding residual total − Σ EADᵢ to the largest weight (the first of equal
// largest ones), so the amounts sum to total exactly. Every weight must be positive.
func allocate(total decimal.Decimal, w []decimal.Decimal) ([]decimal.Decimal, error) {
	if len(w) == 0 {
		return nil, fmt.Errorf("allocate: no weights")
	}
	sum := decimal.Zero
	largest := 0
	for i, x := range w {
		if !x.IsPositive() {
			return nil, fmt.Errorf("allocate: weight %d is %s, not positive", i, x)
		}
		sum = sum.Add(x)
		if x.Cmp(w[largest]) > 0 {
			largest = i
		}
	}
	out := make([]decimal.Decimal, len(w))
	got := decimal.Zero
	for i, x := range w {
		out[i] = total.Mul(x).DivRound(sum, 2)
		got = got.Add(out[i])
	}
	out[largest] = out[largest].Add(total.Sub(got))
	return out, nil
}

// fixedAssetShare returns fixed assets / total assets from the ratios: (sales / total assets) ÷
// (sales / fixed assets) = Attr9 / Attr64, or else (equity / total assets) ÷ (equity / fixed
// assets) = Attr10 / Attr53. It returns 0 (no collateral) when neither is available or the
// quotient is not in (0, 1].
func fixedAssetShare(f *firm) float64 {
	for _, q := range [][2]int{{9, 64}, {10, 53}} {
		num, ok1 := f.ratio(q[0])
		den, ok2 := f.ratio(q[1])
		if ok1 && ok2 && den != 0 {
			if s := num / den; s > 0 && s <= 1 {
				return s
			}
		}
	}
	return 0
}

// runExit gives the failed firms exposures summing to studyTotal in proportion to their total
// assets, and chooses an exit option for each with the exit package's default option set.
func runExit(pairs []pair) (exitResult, error) {
	set, err := exit.CompileOptionSet(exit.DefaultOptionSetSpec())
	if err != nil {
		return exitResult{}, err
	}
	ws := make([]workout, len(pairs))
	assets := make([]decimal.Decimal, len(pairs))
	for i, p := range pairs {
		ta, ok := p.failed.totalAssets()
		if !ok {
			return exitResult{}, fmt.Errorf("firm on line %d: total assets (Attr29) missing", p.failed.row)
		}
		// The one place a float amount becomes a decimal: rounded half away from zero to 2 places.
		assets[i] = decimal.NewFromFloat(ta).Round(2)
		ws[i] = workout{f: p.failed, assets: assets[i], fixedShare: fixedAssetShare(p.failed)}
	}
	eads, err := allocate(studyTotal, assets)
	if err != nil {
		return exitResult{}, err
	}
	loans := make([]exit.Loan, len(ws))
	for i := range ws {
		coll := eads[i].Mul(decimal.NewFromFloat(ws[i].fixedShare)).Round(2)
		loans[i] = exit.Loan{
			ID:                    fmt.Sprintf("line %d", ws[i].f.row),
			EAD:                   eads[i],
			PD:                    1,
			Defaulted:             true,
			DPD:                   90,
			WarningLevel:          exit.Red,
			Collateral:            coll,
			CollateralType:        exit.Equipment,
			CollateralEnforceable: coll.IsPositive(),
		}
		ws[i].loan = loans[i]
	}
	res := exitResult{loans: ws, total: decimal.Zero, recovery: decimal.Zero, chosen: map[string]int{}}
	for i, r := range set.ChooseAll(loans, exitAsOf) {
		if r.Err != nil {
			return exitResult{}, fmt.Errorf("exit for %s: %w", loans[i].ID, r.Err)
		}
		best, ok := r.Result.Best()
		if !ok {
			return exitResult{}, fmt.Errorf("exit for %s: no feasible option", loans[i].ID)
		}
		ws[i].best = best
		res.total = res.total.Add(loans[i].EAD)
		res.recovery = res.recovery.Add(best.NPV())
		res.lgdMean += best.LGD / float64(len(ws))
		res.chosen[best.Name]++
	}
	res.lgdEAD = 1 - res.recovery.DivRound(res.total, 12).InexactFloat64()
	return res, nil
}

// optionsByCount returns the chosen option names, most chosen first (ties by name).
func (e exitResult) optionsByCount() []string {
	names := make([]string, 0, len(e.chosen))
	for n := range e.chosen {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := e.chosen[b] - e.chosen[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return names
}

// section prints one line per failed firm and the totals.
func (e exitResult) section() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The %d failed firms share %s yuan of exposure in proportion to their total assets\n", len(e.loans), e.total.StringFixed(2))
	b.WriteString("(10^Attr29, data units). Each loan: defaulted, 90 days past due, red warning, business not\n")
	b.WriteString("viable, no guarantee; secured by the firm's fixed assets (equipment, 50 % haircut) scaled like\n")
	fmt.Fprintf(&b, "the exposure (collateral = EAD × fixed assets / total assets). Default option set, valued on %s.\n\n", exitAsOf.Format(time.DateOnly))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "pair\tfirm\ttotal assets\tEAD (yuan)\tcollateral\toption chosen\texpected NPV\tworkout LGD\t\n")
	for i, w := range e.loans {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%.1f%%\t\n", i+1, w.f.row, w.assets.StringFixed(2),
			w.loan.EAD.StringFixed(2), w.loan.Collateral.StringFixed(2), w.best.Name, w.best.NPV().StringFixed(2), 100*w.best.LGD)
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nTotal exposure %s yuan; total expected recovery (NPV) %s yuan (%.1f%%).\n",
		e.total.StringFixed(2), e.recovery.StringFixed(2), 100*(1-e.lgdEAD))
	fmt.Fprintf(&b, "Average workout LGD: %.1f%% exposure-weighted, %.1f%% default-weighted (simple mean).\n",
		100*e.lgdEAD, 100*e.lgdMean)
	var parts []string
	for _, n := range e.optionsByCount() {
		parts = append(parts, fmt.Sprintf("%s %d", n, e.chosen[n]))
	}
	fmt.Fprintf(&b, "Options chosen: %s.\n", strings.Join(parts, ", "))
	return b.String()
}
