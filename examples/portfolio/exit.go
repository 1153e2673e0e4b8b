package main

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/exit"
	"github.com/smecredit/smecredit/monitor"
)

// exitCardSpec is the option set for the card NPLs: the nine option kinds with the defaults
// of the exit reference (docs/reference/exit.md §6.3: 8 % discount rate, litigation 2.5 years with P(win)
// 0.7 and 50 % recovery, 8 % enforcement cost, sale at 5 % of the claim less 2 %, write-off
// with 5 % later recoveries), plus one assumption of ours [C]: a fixed court, enforcement and
// collection cost of NT$ 15,000 per litigated card claim, which makes small claims cheaper to
// sell than to sue.
//
//go:embed specs/exit-cards.json
var exitCardSpec []byte

// exitAsOf is the valuation date of the workout: the end of October 2005, the month in which
// the data record the defaults.
var exitAsOf = time.Date(2005, time.October, 31, 0, 0, 0, 0, time.UTC)

// Assumptions of the capital part (the Polish data hold ratios only, no amounts) [C].
var (
	exitFirmEAD   = decimal.NewFromInt(1_000_000) // EUR per firm
	exitFirmSales = decimal.NewFromInt(20)        // EUR millions of annual sales: inside the SME band 5–50
	// exitCapitalRatio is the minimum total capital ratio (Basel II §40): capital = 8 % of RWA.
	exitCapitalRatio = decimal.New(8, -2)
)

const (
	exitFirmM          = 2.5  // effective maturity, years
	exitCardRate       = 0.18 // contractual card rate per year (Taiwan's cap was 20 %) [C]
	exitLGDBaselII     = 0.45 // F-IRB senior unsecured LGD, Basel II §287
	exitLGDBaselIII    = 0.40 // F-IRB senior unsecured LGD (non-financial), Basel III CRE32.9
	exitBreakEvenLabel = "median claim"
)

// exitLoan is one card NPL handed to the exit package, with the account it came from.
type exitLoan struct {
	ID   int
	Loan exit.Loan
}

// exitCardLoans builds the workout loans: the accounts the monitoring stage classifies
// substandard or worse in September 2005 (st, from monitorAccounts; or, when monitoring
// failed with merr, the accounts that defaulted in October), with the September bill as EAD. source says which rule was used;
// accounts with a zero or credit balance are counted in skipped, not returned.
func exitCardLoans(p *Portfolio, st []accountStatus, merr error) (loans []exitLoan, skipped int, source string) {
	npl := make([]bool, len(p.Accounts))
	if merr == nil {
		source = "classified substandard or worse by the monitoring stage (September 2005)"
		for i := range st {
			npl[i] = st[i].Category >= monitor.Substandard
		}
	} else {
		source = fmt.Sprintf("that defaulted in October 2005 (monitoring unavailable: %v)", merr)
		for i := range p.Accounts {
			npl[i] = p.Accounts[i].Default
		}
	}
	for i := range p.Accounts {
		if !npl[i] {
			continue
		}
		a := &p.Accounts[i]
		if a.Bill[months-1].Sign() <= 0 {
			skipped++
			continue
		}
		loans = append(loans, exitLoan{ID: a.ID, Loan: exit.Loan{
			ID: fmt.Sprint(a.ID), EAD: a.Bill[months-1], ContractRate: exitCardRate,
			Defaulted: true, DPD: max(a.Status[months-1], 0) * 30, WarningLevel: exit.Red,
		}})
	}
	return loans, skipped, source
}

// exitWorkout is the outcome of choosing the exit for every card NPL.
type exitWorkout struct {
	byOption   map[string]*exitTotals
	total      exitTotals
	infeasible map[string]map[exit.ReasonCode]int // option → reason → accounts
	sumLGD     float64                            // Σ workout LGD of the chosen options
	median     exit.Loan                          // loan with the median EAD
}

type exitTotals struct {
	n        int
	ead, npv decimal.Decimal
}

func (t *exitTotals) add(ead, npv decimal.Decimal) {
	t.n++
	t.ead, t.npv = t.ead.Add(ead), t.npv.Add(npv)
}

// lgd is the exposure-weighted workout LGD, 1 − ΣNPV/ΣEAD.
func (t *exitTotals) lgd() float64 {
	if t.ead.IsZero() {
		return 0
	}
	return 1 - t.npv.DivRound(t.ead, 10).InexactFloat64()
}

// exitChoose values the options of set for every loan and totals the chosen ones.
func exitChoose(set *exit.OptionSet, loans []exitLoan) (*exitWorkout, error) {
	w := &exitWorkout{byOption: map[string]*exitTotals{}, infeasible: map[string]map[exit.ReasonCode]int{}}
	var d exit.Choice
	for i := range loans {
		if err := set.ChooseTo(&d, &loans[i].Loan, exitAsOf); err != nil {
			return nil, fmt.Errorf("account %d: %w", loans[i].ID, err)
		}
		best, _ := d.Best()
		t := w.byOption[best.Name]
		if t == nil {
			t = &exitTotals{}
			w.byOption[best.Name] = t
		}
		t.add(d.EAD, best.NPV())
		w.total.add(d.EAD, best.NPV())
		w.sumLGD += best.LGD
		for _, v := range d.Options[d.Feasible:] {
			m := w.infeasible[v.Name]
			if m == nil {
				m = map[exit.ReasonCode]int{}
				w.infeasible[v.Name] = m
			}
			for _, r := range v.Reasons {
				m[r]++
			}
		}
	}
	if len(loans) > 0 {
		byEAD := slices.Clone(loans)
		slices.SortFunc(byEAD, func(a, b exitLoan) int { return a.Loan.EAD.Cmp(b.Loan.EAD) })
		w.median = byEAD[len(byEAD)/2].Loan
	}
	return w, nil
}

// exitFirmCapital is the IRB capital of the rated firms under one framework, per grade.
type exitFirmCapital struct {
	grades     []string // ascending PD
	n          map[string]int
	pd         map[string]float64
	rw         map[string]float64
	rwa, el    map[string]decimal.Decimal
	totalRWA   decimal.Decimal
	totalEL    decimal.Decimal
	totalFirms int
}

// exitCapital computes K, RW and RWA of every rated firm as an SME corporate exposure.
func exitCapital(ratings []firmRating, lgd float64, opts exit.CapitalOptions) (*exitFirmCapital, error) {
	c := &exitFirmCapital{n: map[string]int{}, pd: map[string]float64{}, rw: map[string]float64{},
		rwa: map[string]decimal.Decimal{}, el: map[string]decimal.Decimal{}}
	exps := make([]exit.Exposure, len(ratings))
	for i, r := range ratings {
		exps[i] = exit.Exposure{Class: exit.SMECorporate, PD: r.PD, LGD: lgd, EAD: exitFirmEAD,
			M: exitFirmM, Sales: exitFirmSales, ELBE: lgd}
	}
	for i, res := range exit.IRBCapitalAll(exps, opts) {
		if res.Err != nil {
			return nil, fmt.Errorf("firm on line %d: %w", ratings[i].Row, res.Err)
		}
		g := ratings[i].Grade
		if _, ok := c.n[g]; !ok {
			c.grades = append(c.grades, g)
			c.pd[g], c.rw[g] = ratings[i].PD, res.Result.RW
		}
		c.n[g]++
		c.rwa[g] = c.rwa[g].Add(res.Result.RWA())
		c.el[g] = c.el[g].Add(res.Result.EL())
		c.totalRWA = c.totalRWA.Add(res.Result.RWA())
		c.totalEL = c.totalEL.Add(res.Result.EL())
		c.totalFirms++
	}
	slices.SortStableFunc(c.grades, func(a, b string) int {
		switch {
		case c.pd[a] < c.pd[b]:
			return -1
		case c.pd[a] > c.pd[b]:
			return 1
		}
		return 0
	})
	return c, nil
}

// exitStage chooses the exit for the card NPLs and computes the IRB capital of the rated firms.
func exitStage(p *Portfolio, _ Options) (Section, error) {
	sec := Section{Title: "Exit: workout of the card NPLs and IRB capital of the rated firms (exit)"}
	set, err := exit.LoadOptionSet(exitCardSpec)
	if err != nil {
		return sec, fmt.Errorf("specs/exit-cards.json: %w", err)
	}
	st, merr := monitorAccounts(p)
	loans, skipped, source := exitCardLoans(p, st, merr)
	w, err := exitChoose(set, loans)
	if err != nil {
		return sec, err
	}
	var b doc
	fmt.Fprintf(&b, "Accounts %s: %d with a positive September bill (EAD, NT$); %d with a zero or credit balance skipped.\n",
		source, len(loans), skipped)
	fmt.Fprintf(&b, "Nine options valued on %s at 8 %% (ACT/365F), defaults of docs/reference/exit.md §6.3 plus NT$ 15,000 court fees per lawsuit, paid on filing [C]:\n\n",
		exitAsOf.Format(time.DateOnly))
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "chosen option\taccounts\texposure NT$\texpected recovery NT$\tworkout LGD\t")
	names := make([]string, 0, len(w.byOption))
	for n := range w.byOption {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return w.byOption[b].n - w.byOption[a].n })
	for _, n := range names {
		t := w.byOption[n]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.1f %%\t\n", n, t.n, t.ead.StringFixed(2), t.npv.StringFixed(2), 100*t.lgd())
	}
	fmt.Fprintf(tw, "total\t%d\t%s\t%s\t%.1f %%\t\n", w.total.n, w.total.ead.StringFixed(2), w.total.npv.StringFixed(2), 100*w.total.lgd())
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	if w.total.n > 0 {
		fmt.Fprintf(&b, "Average workout LGD: %.1f %% per account, %.1f %% exposure-weighted; best-estimate loss NT$ %s.\n",
			100*w.sumLGD/float64(w.total.n), 100*w.total.lgd(), w.total.ead.Sub(w.total.npv).StringFixed(2))
	}
	b.WriteString("Infeasible options, accounts by reason:\n")
	for _, n := range slices.Sorted(maps.Keys(w.infeasible)) {
		var rs []string
		for _, r := range slices.Sorted(maps.Keys(w.infeasible[n])) {
			rs = append(rs, fmt.Sprintf("%s %d", r, w.infeasible[n][r]))
		}
		fmt.Fprintf(&b, "  %s: %s\n", n, strings.Join(rs, ", "))
	}
	if w.total.n > 0 {
		chosen, bes, err := set.Sensitivity(w.median, exitAsOf)
		if err != nil {
			return sec, err
		}
		fmt.Fprintf(&b, "Break-evens for the %s (NT$ %s, chosen %s), each assumption moved alone:\n",
			exitBreakEvenLabel, w.median.EAD.StringFixed(2), chosen)
		for _, be := range bes {
			opt := be.Option
			if opt == "" {
				opt = "all options"
			}
			fmt.Fprintf(&b, "  %s %s %.4f → %.4f: %s chosen instead\n", opt, be.Param, be.Current, be.Value, be.NewChoice)
		}
	}

	// Exit triggers for the performing accounts.
	if merr == nil {
		plans, err := exitTriggers(st)
		if err != nil {
			return sec, err
		}
		b.WriteString("\nExit plans for the performing accounts (below substandard) from their September warning level and DPD\n" +
			"(default triggers of exit.DefaultTriggerSetSpec [C]; no grade downgrades for cards), with the real October default rate:\n\n")
		tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "plan	accounts	defaulted	default rate	")
		for pl := exit.Maintain; pl <= exit.ExitNow; pl++ {
			c := plans[pl]
			if c[0] == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f %%\t\n", pl, c[0], c[1], 100*float64(c[1])/float64(c[0]))
		}
		if err := tw.Flush(); err != nil {
			return sec, err
		}
	}

	// IRB capital of the rated firms.
	ratings, rerr := rateFirms(p)
	b.WriteString("\n")
	if rerr != nil {
		fmt.Fprintf(&b, "Rating unavailable (%v): every firm gets the portfolio's bankruptcy rate as PD.\n", rerr)
		ratings = exitFallbackRatings(p)
	}
	b2, err := exitCapital(ratings, exitLGDBaselII, exit.CapitalOptions{Framework: exit.BaselII, Scaling106: true})
	if err != nil {
		return sec, err
	}
	b3, err := exitCapital(ratings, exitLGDBaselIII, exit.CapitalOptions{Framework: exit.BaselIII})
	if err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "IRB capital of the %d rated firms (grade PDs from the rating stage), as SME corporates with assumed\n"+
		"EAD EUR %s each, sales EUR %s m (firm-size adjustment), M = %g years [C]. Basel II: LGD 45 %%, 1.06 scaling;\n"+
		"Basel III: LGD 40 %%, PD floor 0.05 %%, no scaling.\n\n",
		b2.totalFirms, exitFirmEAD.StringFixed(0), exitFirmSales.String(), exitFirmM)
	tw = newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "grade\tfirms\tPD\tRW Basel II\tRWA Basel II EUR\tRW Basel III\tRWA Basel III EUR\t")
	for _, g := range b2.grades {
		fmt.Fprintf(tw, "%s\t%d\t%.2f %%\t%.1f %%\t%s\t%.1f %%\t%s\t\n", g, b2.n[g], 100*b2.pd[g], 100*b2.rw[g],
			b2.rwa[g].StringFixed(2), 100*b3.rw[g], b3.rwa[g].StringFixed(2))
	}
	fmt.Fprintf(tw, "total\t%d\t\t\t%s\t\t%s\t\n", b2.totalFirms, b2.totalRWA.StringFixed(2), b3.totalRWA.StringFixed(2))
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "Capital at 8 %% of RWA: Basel II EUR %s, Basel III EUR %s; EL = PD × LGD × EAD: EUR %s and EUR %s.\n",
		b2.totalRWA.Mul(exitCapitalRatio).RoundBank(2).StringFixed(2), b3.totalRWA.Mul(exitCapitalRatio).RoundBank(2).StringFixed(2),
		b2.totalEL.StringFixed(2), b3.totalEL.StringFixed(2))
	rwLabels := make([]string, len(b2.grades))
	rws := make([]float64, len(b2.grades))
	for i, g := range b2.grades {
		rwLabels[i], rws[i] = g, 100*b3.rw[g]
	}
	b.figure("exit-risk-weights",
		"Basel III IRB risk weight per grade for an SME corporate loan (LGD 40 %, M 2.5 years, sales EUR 20 m). Read: capital per euro "+
			"lent rises steeply with the grade's PD, then flattens; multiply by 8 % for the capital per euro.",
		func(path string) error {
			return plots.Bars(path, "Basel III IRB risk weight by grade", "grade", "risk weight, % of EAD", "%.0f %%", rwLabels, rws)
		})
	ead := exitFirmEAD.Mul(decimal.NewFromInt(int64(b2.totalFirms)))
	rwMean := func(rwa decimal.Decimal) float64 {
		if ead.IsZero() {
			return 0
		}
		return 100 * rwa.DivRound(ead, 8).InexactFloat64()
	}
	b.keyFigure("IRB capital of the rated firms (8 % of RWA)", "Basel II EUR %s (RW mean %.1f %%), Basel III EUR %s (RW mean %.1f %%)",
		money(b2.totalRWA.Mul(exitCapitalRatio)), rwMean(b2.totalRWA), money(b3.totalRWA.Mul(exitCapitalRatio)), rwMean(b3.totalRWA))
	if w.total.n > 0 {
		b.keyFigure("Card NPL workout", "%d accounts, workout LGD %.1f %% exposure-weighted, best-estimate loss NT$ %s",
			w.total.n, 100*w.total.lgd(), money(w.total.ead.Sub(w.total.npv)))
	}
	b.finding(7, "IRB capital of the %d rated firms at EUR 1 m each: EUR %s under Basel III against EUR %s under Basel II (mean risk weight %.1f %% against %.1f %%).",
		b2.totalFirms, money(b3.totalRWA.Mul(exitCapitalRatio)), money(b2.totalRWA.Mul(exitCapitalRatio)), rwMean(b3.totalRWA), rwMean(b2.totalRWA))
	b.assume("Exit [C]: the nine workout options take the defaults of docs/reference/exit.md §6.3 (8 %% discount rate, ACT/365F; litigation 2.5 years, P(win) 0.7, 50 %% recovery, 8 %% enforcement cost; sale at 5 %% of the claim less 2 %%; write-off with 5 %% later recoveries), valued on %s.", exitAsOf.Format(time.DateOnly))
	b.assume("Exit [C]: a fixed court, enforcement and collection cost of NT$ 15,000 per litigated card claim, paid on filing; the September bill is the EAD; the contractual card rate is %.0f %% a year.", 100*exitCardRate)
	b.assume("Exit [C]: exit plans of the performing accounts use exit.DefaultTriggerSetSpec, with no grade downgrades for cards.")
	b.assume("Capital [C]: each rated firm is an SME corporate with EAD EUR %s, sales EUR %s m (firm-size adjustment), M = %g years; LGD 45 %% under Basel II (§287, 1.06 scaling) and 40 %% under Basel III (CRE32.9, PD floor 0.05 %%); capital is 8 %% of RWA.",
		exitFirmEAD.StringFixed(0), exitFirmSales.String(), exitFirmM)
	b.into(&sec)
	return sec, nil
}

// exitFallbackRatings gives every firm one grade "all" with the in-sample bankruptcy rate as PD.
func exitFallbackRatings(p *Portfolio) []firmRating {
	bad := 0
	for _, f := range p.Firms {
		if f.Bankrupt {
			bad++
		}
	}
	pd := float64(bad) / float64(max(len(p.Firms), 1))
	out := make([]firmRating, len(p.Firms))
	for i, f := range p.Firms {
		out[i] = firmRating{Row: f.Row, Grade: "all", PD: pd, Bankrupt: f.Bankrupt}
	}
	return out
}

// exitTriggers recommends an exit plan for every performing account (category below
// substandard) from its final September warning level and DPD, and counts per plan the
// accounts and those that defaulted in October: plans[plan] = {accounts, defaulted}.
func exitTriggers(st []accountStatus) (plans map[exit.Plan][2]int, err error) {
	pol, err := exit.CompileTriggerSet(exit.DefaultTriggerSetSpec())
	if err != nil {
		return nil, err
	}
	plans = map[exit.Plan][2]int{}
	for i := range st {
		s := &st[i]
		if s.Category >= monitor.Substandard {
			continue
		}
		if !s.Level.IsValid() {
			return nil, fmt.Errorf("account %d: invalid warning level %v", s.ID, s.Level)
		}
		rec, err := pol.Recommend(exit.Borrower{ID: fmt.Sprint(s.ID), WarningLevel: exit.WarningLevel(s.Level), DPD: s.DPD})
		if err != nil {
			return nil, err
		}
		c := plans[rec.Plan]
		c[0]++
		if s.Default {
			c[1]++
		}
		plans[rec.Plan] = c
	}
	return plans, nil
}
