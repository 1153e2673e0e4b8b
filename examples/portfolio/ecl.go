package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/monitor"
	"github.com/smecredit/smecredit/monitor/ecl"
)

// Assumptions of the ECL stage, printed with its output. None comes from the card data.
const (
	eclCCF      = 0.5  // credit conversion factor on the undrawn limit
	eclLGD      = 0.45 // unsecured senior LGD of the Basel II foundation IRB approach (para 287)
	eclEIR      = 0.18 // card interest rate per year
	eclLifeMths = 36   // behavioural life of a card account for lifetime ECL, months
)

// eclScenarios are the three macroeconomic scenarios: PD scalars on the fitted PDs.
var eclScenarios = []ecl.Scenario{
	{Name: "upside", Weight: 0.25, PDScale: 0.8},
	{Name: "base", Weight: 0.5, PDScale: 1},
	{Name: "downside", Weight: 0.25, PDScale: 1.5},
}

// eclBucket groups a repayment status: 0 = paid duly or no use, 1, 2 = months of delay,
// 3 = three or more months.
func eclBucket(status int) int { return min(max(status, 0), 3) }

var eclBucketNames = [4]string{"current", "1 month late", "2 months", "3+ months"}

// eclFitPD is the PD "model" fitted on the data: the observed rate of October defaults by
// September repayment bucket.
func eclFitPD(p *Portfolio) (pd [4]float64, n [4]int) {
	var d [4]int
	for i := range p.Accounts {
		a := &p.Accounts[i]
		b := eclBucket(a.Status[months-1])
		n[b]++
		if a.Default {
			d[b]++
		}
	}
	for b := range pd {
		if n[b] > 0 {
			pd[b] = float64(d[b]) / float64(n[b])
		}
	}
	return pd, n
}

// eclExposure builds the ECL input of account a at month m (0 = April … 5 = September 2005).
func eclExposure(a *Account, m int, stage ecl.Stage, curves *[4]ecl.TermStructure) ecl.Exposure {
	drawn := a.Bill[m]
	if drawn.Sign() < 0 {
		drawn = decimal.Decimal{}
	}
	limit := decimal.Max(a.Limit, drawn)
	return ecl.Exposure{
		ID:    strconv.Itoa(a.ID),
		Stage: stage,
		Contract: ecl.Contract{Repayment: ecl.Revolving, Balance: drawn, Limit: limit, CCF: eclCCF,
			Periods: eclLifeMths, PeriodsPerYear: 12},
		PD:  curves[eclBucket(a.Status[m])],
		LGD: ecl.LGD{Rate: eclLGD},
		EIR: eclEIR,
	}
}

// eclStageOf maps monitor's IFRS 9 stage onto ecl's.
func eclStageOf(s monitor.Stage) ecl.Stage {
	switch s {
	case monitor.Stage1:
		return ecl.Stage1
	case monitor.Stage2:
		return ecl.Stage2
	case monitor.Stage3:
		return ecl.Stage3
	}
	return ecl.StageUnknown
}

// eclAllowances computes every account's allowance at month m; stages[i] is account i's stage.
func eclAllowances(p *Portfolio, m int, stages []ecl.Stage, curves *[4]ecl.TermStructure) ([]ecl.Allowance, [4][3]ecl.Cents, error) {
	out := make([]ecl.Allowance, len(p.Accounts))
	var byScenario [4][3]ecl.Cents
	r := ecl.Result{Scenario: make([]ecl.Cents, 0, len(eclScenarios))}
	for i := range p.Accounts {
		a := &p.Accounts[i]
		e := eclExposure(a, m, stages[i], curves)
		if err := ecl.ComputeTo(&r, &e, eclScenarios); err != nil {
			return nil, byScenario, err
		}
		gross := ecl.Cents(e.Contract.Balance.Shift(2).IntPart())
		out[i] = ecl.Allowance{ID: e.ID, Stage: r.Stage, Gross: gross, Allowance: r.ECL}
		for s, v := range r.Scenario {
			byScenario[r.Stage][s] += v
		}
	}
	return out, byScenario, nil
}

// eclStage books the card accounts' loss allowance at the end of September 2005 and
// reconciles it with the end of August.
func eclStage(p *Portfolio, _ Options) (Section, error) {
	sec := Section{Title: "ECL: loss allowance of the card accounts, September 2005 (monitor/ecl)"}
	pd, n := eclFitPD(p)
	var curves [4]ecl.TermStructure
	for b := range curves {
		ts, err := ecl.ConstantPD(pd[b], 12, eclLifeMths)
		if err != nil {
			return sec, err
		}
		curves[b] = ts
	}
	// Stages: September from the monitoring stage; August (and September when monitoring
	// cannot run) from the same DPD backstops through ecl's default staging policy.
	policy, err := ecl.CompileStagingPolicy(ecl.DefaultStagingPolicySpec())
	if err != nil {
		return sec, err
	}
	aug, sep := make([]ecl.Stage, len(p.Accounts)), make([]ecl.Stage, len(p.Accounts))
	for i := range p.Accounts {
		a := &p.Accounts[i]
		for k, dst := range [2][]ecl.Stage{aug, sep} {
			m := months - 2 + k
			d, err := policy.Stage(&ecl.StagingInput{DPD: monitorDPD(a.Status[m])}, monitorMonthEnd(m))
			if err != nil {
				return sec, fmt.Errorf("account %d: %w", a.ID, err)
			}
			dst[i] = d.Stage
		}
	}
	source, differ := "staging policy (monitor failed)", 0
	if st, merr := monitorAccounts(p); merr == nil && len(st) == len(sep) {
		source = "monitor.StageOf"
		for i := range st {
			if s := eclStageOf(st[i].Stage); s != ecl.StageUnknown {
				if s != sep[i] {
					differ++
				}
				sep[i] = s
			}
		}
	}
	closing, byScen, err := eclAllowances(p, months-1, sep, &curves)
	if err != nil {
		return sec, err
	}
	opening, _, err := eclAllowances(p, months-2, aug, &curves)
	if err != nil {
		return sec, err
	}
	sum, err := ecl.Summarize(closing)
	if err != nil {
		return sec, err
	}
	mv, err := ecl.Movement(opening, closing)
	if err != nil {
		return sec, err
	}

	var b doc
	fmt.Fprintf(&b, "PD = October default rate by September status, read as a 12-month PD:")
	for k := range pd {
		fmt.Fprintf(&b, " %s %.1f %% (%d);", eclBucketNames[k], 100*pd[k], n[k])
	}
	fmt.Fprintf(&b, "\nAssumed: EAD = bill + %.0f %% × undrawn limit, LGD %.0f %%, EIR %.0f %%, %d-month life; scenarios",
		100*eclCCF, 100*eclLGD, 100*eclEIR, eclLifeMths)
	for _, s := range eclScenarios {
		fmt.Fprintf(&b, " %s %.0f %% (PD × %.1f)", s.Name, 100*s.Weight, s.PDScale)
	}
	fmt.Fprintf(&b, ".\nStages: %s (%d differ from the DPD policy).\n\n", source, differ)
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\taccounts\tdrawn NT$\tallowance NT$\tcoverage\tupside\tbase\tdownside\t")
	for st := ecl.Stage1; st <= ecl.Stage3; st++ {
		t := sum.ByStage[st]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.2f %%\t%s\t%s\t%s\t\n", st, t.Count, money(t.Gross.Decimal()), money(t.Allowance.Decimal()),
			100*t.Coverage, money(byScen[st][0].Decimal()), money(byScen[st][1].Decimal()), money(byScen[st][2].Decimal()))
	}
	t := sum.Total
	fmt.Fprintf(tw, "total\t%d\t%s\t%s\t%.2f %%\t\t\t\t\n", t.Count, money(t.Gross.Decimal()), money(t.Allowance.Decimal()), 100*t.Coverage)
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	b.WriteString("\nAllowance movement, August → September 2005 (IFRS 7 35H), NT$ to the cent:\n")
	tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tstage1\tstage2\tstage3\ttotal\t")
	for r := ecl.RowOpening; r <= ecl.RowClosing; r++ {
		if r != ecl.RowOpening && r != ecl.RowClosing && mv.Total[r] == 0 && mv.Cells[r] == [4]ecl.Cents{} {
			continue
		}
		c := mv.Cells[r]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", r, c[1], c[2], c[3], mv.Total[r])
	}
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	firms, err := eclFirmGrades(p)
	if err != nil {
		return sec, err
	}
	b.WriteString(firms)
	covLabels, covs := []string{}, []float64{}
	for st := ecl.Stage1; st <= ecl.Stage3; st++ {
		covLabels = append(covLabels, fmt.Sprintf("%s (%d)", st, sum.ByStage[st].Count))
		covs = append(covs, 100*sum.ByStage[st].Coverage)
	}
	b.figure("ecl-coverage",
		"Loss allowance as a share of the drawn balance per IFRS 9 stage (accounts in brackets). Read: stage 2 and 3 carry lifetime "+
			"losses and so far higher coverage; a stage 1 coverage this high reflects the card book's 13.8 % default rate of current accounts.",
		func(path string) error {
			return plots.Bars(path, "ECL coverage by IFRS 9 stage, September 2005", "stage (accounts)", "allowance / drawn balance, %", "%.2f %%", covLabels, covs)
		})
	b.keyFigure("ECL allowance, card book (September 2005)", "NT$ %s on NT$ %s drawn, coverage %.2f %%", money(t.Allowance.Decimal()), money(t.Gross.Decimal()), 100*t.Coverage)
	b.finding(1, "ECL: the card book needs an allowance of NT$ %s, %.2f %% of the drawn balance; stage 2 (%d accounts) holds NT$ %s of it at %.2f %% coverage.",
		money(t.Allowance.Decimal()), 100*t.Coverage, sum.ByStage[ecl.Stage2].Count, money(sum.ByStage[ecl.Stage2].Allowance.Decimal()), 100*sum.ByStage[ecl.Stage2].Coverage)
	b.assume("ECL: the PD is the October default rate by September repayment status, read as a 12-month PD (fitted on the same data).")
	b.assume("ECL: EAD = bill + %.0f %% × undrawn limit, LGD %.0f %% (Basel II F-IRB §287), EIR %.0f %%, a %d-month behavioural life; scenarios upside 25 %% (PD × 0.8), base 50 %% (PD × 1.0), downside 25 %% (PD × 1.5).",
		100*eclCCF, 100*eclLGD, 100*eclEIR, eclLifeMths)
	b.assume("ECL of the rated firms: a notional 1,000,000 five-year monthly annuity at 8 %% (EIR 8.3 %%), LGD 45 %%, the grade's one-year PD held constant.")
	b.into(&sec)
	return sec, nil
}

// eclFirmNotional is the notional loan the rated firms' ECL is shown for: NT$-agnostic
// 1,000,000, a 5-year monthly annuity at 8 % with 8.3 % EIR and LGD 45 % (assumptions; the
// firm data hold no loans).
var eclFirmNotional = ecl.Contract{Repayment: ecl.Annuity, Balance: decimal.NewFromInt(1_000_000),
	Rate: 0.08, Periods: 60, PeriodsPerYear: 12}

// eclFirmGrades prints the 12-month and lifetime ECL of the notional loan by rating grade, with
// the grade's one-year PD as a constant annual PD (base scenario), as two short lines.
func eclFirmGrades(p *Portfolio) (string, error) {
	if len(p.Firms) == 0 {
		return "", nil
	}
	rs, err := rateFirms(p)
	if err != nil || len(rs) == 0 {
		rs = exitFallbackRatings(p)
	}
	type grade struct {
		name string
		pd   float64
		n    int
	}
	var gs []grade
	at := map[string]int{}
	for _, r := range rs {
		i, ok := at[r.Grade]
		if !ok {
			i = len(gs)
			at[r.Grade] = i
			gs = append(gs, grade{name: r.Grade, pd: r.PD})
		}
		gs[i].n++
	}
	slices.SortFunc(gs, func(a, b grade) int { return cmp.Compare(a.pd, b.pd) })
	var b strings.Builder
	b.WriteString("\nRated firms, ECL of a 1,000,000 5-year monthly annuity (8 %, LGD 45 %), 12-month / lifetime:\n")
	for i, g := range gs {
		pd, err := ecl.ConstantPD(g.pd, 12, 60)
		if err != nil {
			return "", fmt.Errorf("grade %s: %w", g.name, err)
		}
		e := ecl.Exposure{ID: g.name, Stage: ecl.Stage1, Contract: eclFirmNotional, PD: pd, LGD: ecl.LGD{Rate: eclLGD}, EIR: 0.083}
		r, err := ecl.Compute(&e, nil)
		if err != nil {
			return "", err
		}
		sep := "; "
		if i == len(gs)-1 {
			sep = ".\n"
		} else if i%4 == 3 {
			sep = ";\n"
		}
		fmt.Fprintf(&b, "%s (%d, PD %.2f %%) %s / %s%s", g.name, g.n, 100*g.pd, money(r.Month12.Decimal()), money(r.Lifetime.Decimal()), sep)
	}
	return b.String(), nil
}
