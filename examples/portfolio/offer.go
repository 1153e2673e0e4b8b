package main

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/access/offer"
	"github.com/smecredit/smecredit/examples/internal/plots"
)

// The offer stage's policy: amounts in PLN thousand, the unit the Polish data's absolute figures
// (working capital, total assets) appear to use; rates, caps and costs are illustrative.
//
//go:embed specs/offer-policy.json
var offerPolicyJSON []byte

// Stated assumptions [A] of the offer stage: the Polish data hold ratios, not statements, and
// no loan terms. The loan is a 12-month working-capital loan repaid at maturity, with the
// Basel II foundation-IRB LGD for senior unsecured claims (§287).
const (
	offerLGD  = 0.45
	offerTerm = 12
)

// offerFirm is one accepted and rated firm with its application, or why it has none.
type offerFirm struct {
	grade    string
	pd       float64
	bankrupt bool
	app      offer.Application
	skip     string // non-empty: the ratios the application needs are missing
}

// offerApplication builds a firm's application from its ratios [A]: total assets 10^Attr29
// (PLN thousand), sales Attr9 × assets, margin Attr19 (gross profit / sales, as the banks'
// sheets use total profit), growth Attr21 − 1, receivable days Attr44, inventory days Attr47,
// payable days Attr32 (all short-term liabilities: an upper bound on trade payables), no
// prepayments or advances, own funds equity − fixed assets (one practitioner reading of
// 自有资金), cash flow gross profit + depreciation (Attr13 × sales), no existing debt service or
// working-capital loans. Days ×360/365 for the annex's 360-day year.
func offerApplication(f *Firm, grade string, pd float64) (offer.Application, string) {
	need := []int{29, 9, 19, 21, 44, 47, 32, 10, 53, 13}
	v := make(map[int]float64, len(need))
	var miss []string
	for _, n := range need {
		x, ok := f.Ratio(n)
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			miss = append(miss, fmt.Sprintf("Attr%d", n))
			continue
		}
		v[n] = x
	}
	if len(miss) > 0 {
		return offer.Application{}, strings.Join(miss, ",")
	}
	assets := math.Pow(10, v[29])
	sales := max(v[9]*assets, 0)
	// Own funds in working capital: equity − non-current assets (所有者权益 − 非流动资产), with
	// equity Attr10·assets and fixed assets equity / Attr53; 0 when equity is not positive.
	equity := v[10] * assets
	own := 0.0
	if equity > 0 && v[53] > 0 {
		own = max(equity-equity/v[53], 0)
	}
	days := func(d float64) float64 { return min(max(d, 0), offer.MaxDays) * 360 / 365 }
	money := func(x float64) decimal.Decimal { return decimal.NewFromFloat(x).RoundBank(2) }
	return offer.Application{
		Grade: grade, Product: "working-capital", PD: pd, LGD: offerLGD,
		Repayment: offer.Repayment{TermMonths: offerTerm, Amortization: offer.Bullet},
		WorkingCapital: offer.WorkingCapitalInputs{
			Sales:          money(sales),
			ProfitMargin:   min(max(v[19], -1), 0.99),
			Growth:         min(max(v[21]-1, -1), 10),
			ReceivableDays: days(v[44]),
			InventoryDays:  days(v[47]),
			PayableDays:    days(v[32]),
			OwnFunds:       money(own),
		},
		CashFlow: money(v[13] * sales),
	}, ""
}

// offerFirms returns the firms the champion access policy accepts, with their rating.
func offerFirms(p *Portfolio) ([]offerFirm, error) {
	schema, v1, _, err := accessPolicies()
	if err != nil {
		return nil, err
	}
	facts, err := accessFacts(schema, p.Firms)
	if err != nil {
		return nil, err
	}
	outs, err := accessDecide(v1, facts)
	if err != nil {
		return nil, err
	}
	ratings, err := rateFirms(p)
	if err != nil {
		return nil, err
	}
	var out []offerFirm
	for i := range p.Firms {
		if outs[i].Decision != access.Accept {
			continue
		}
		r := ratings[i]
		app, skip := offerApplication(&p.Firms[i], r.Grade, r.PD)
		out = append(out, offerFirm{grade: r.Grade, pd: r.PD, bankrupt: r.Bankrupt, app: app, skip: skip})
	}
	return out, nil
}

// offerStage sizes and prices a working-capital loan for every firm the access stage accepts,
// with the grades and PDs of the rating stage, and compares a flat rate with the risk-based
// floors.
func offerStage(p *Portfolio, _ Options) (Section, error) {
	sec := Section{Title: "Offer: limits and risk-based prices for the accepted Polish firms"}
	pol, err := offer.LoadOfferPolicy(offerPolicyJSON)
	if err != nil {
		return sec, fmt.Errorf("specs/offer-policy.json: %w", err)
	}
	firms, err := offerFirms(p)
	if err != nil {
		return sec, err
	}
	type gradeRow struct {
		n               int
		pd, rate, floor float64
		capital         float64
		limits          []float64
	}
	rows := map[string]*gradeRow{}
	var order []string
	var binding [8]int
	var loans []offer.PricedLoan
	var loanBankrupt []bool
	skipped, noCycle := 0, 0
	var sumRate float64
	for i := range firms {
		f := &firms[i]
		if f.skip != "" {
			skipped++
			continue
		}
		o, err := pol.Offer(&f.app)
		if errors.Is(err, offer.ErrTurnover) {
			noCycle++ // payables finance the whole cycle: the formula gives no need
			continue
		}
		if err != nil {
			return sec, fmt.Errorf("firm grade %s: %w", f.grade, err)
		}
		g := rows[f.grade]
		if g == nil {
			g = &gradeRow{pd: f.pd}
			rows[f.grade] = g
			order = append(order, f.grade)
		}
		g.n++
		g.rate += o.Price.Rate
		g.floor += o.Price.Floor
		g.capital += o.Price.Capital
		lim, _ := o.Limit.Amount().Float64()
		g.limits = append(g.limits, lim)
		binding[o.Limit.Binding]++
		sumRate += o.Price.Rate
		loans = append(loans, offer.PricedLoan{Price: o.Price, Balance: o.Limit.Amount()})
		loanBankrupt = append(loanBankrupt, f.bankrupt)
	}
	if len(loans) == 0 {
		return sec, fmt.Errorf("no accepted firm could be offered a loan (%d accepted, %d with missing ratios)", len(firms), skipped)
	}
	slices.SortFunc(order, func(a, b string) int {
		switch {
		case rows[a].pd < rows[b].pd:
			return -1
		case rows[a].pd > rows[b].pd:
			return 1
		}
		return 0
	})
	var b doc
	fmt.Fprintf(&b, "Policy %s: 12-month working-capital loans repaid at maturity, LGD 45 %% [A]; amounts PLN thousand.\n", pol.Version())
	fmt.Fprintf(&b, "Assumed [A] from ratios: assets 10^Attr29, sales Attr9·assets, margin Attr19, growth Attr21−1, days Attr44\n")
	fmt.Fprintf(&b, "(receivables), Attr47 (inventory), Attr32 (payables: all short-term liabilities, an upper bound); own\n")
	fmt.Fprintf(&b, "funds equity − fixed assets (Attr10, Attr53); cash flow Attr13·sales; no existing debt. Of %d firms\n", len(firms))
	fmt.Fprintf(&b, "accepted by access v1 and rated, %d are offered a price and a limit (0 where own funds cover the need),\n", len(loans))
	fmt.Fprintf(&b, "%d lack ratios, %d have a net cycle ≤ 0 (payables finance the whole cycle: no working-capital need).\n\n", skipped, noCycle)
	var rateLabels []string
	var meanRates []float64
	tw := newTable(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "grade\tfirms\tPD\tmean rate\tmean floor\tmean capital\tlimit > 0\tmedian of those\t")
	for _, name := range order {
		g := rows[name]
		pos := slices.DeleteFunc(g.limits, func(x float64) bool { return x <= 0 })
		slices.Sort(pos)
		med := "-"
		if len(pos) > 0 {
			med = fmt.Sprintf("%.0f", pos[len(pos)/2])
		}
		n := float64(g.n)
		fmt.Fprintf(tw, "%s\t%d\t%.2f %%\t%.2f %%\t%.2f %%\t%.2f %%\t%d\t%s\t\n", name, g.n, 100*g.pd, 100*g.rate/n, 100*g.floor/n, 100*g.capital/n, len(pos), med)
		rateLabels = append(rateLabels, name)
		meanRates = append(meanRates, 100*g.rate/n)
	}
	if err := tw.Flush(); err != nil {
		return sec, err
	}
	fmt.Fprintf(&b, "Binding basis:")
	for bs := offer.WorkingCapitalBasis; bs <= offer.CapitalShareBasis; bs++ {
		if binding[bs] > 0 {
			fmt.Fprintf(&b, " %s %d", bs, binding[bs])
		}
	}
	flat := sumRate / float64(len(loans))
	for i := range loans {
		loans[i].Rate = flat
	}
	rev, err := offer.ReviewPricing(loans)
	if err != nil {
		return sec, err
	}
	badBelow := 0
	for _, u := range rev.Loans {
		if u.FloorGap > 0 && loanBankrupt[u.Index] {
			badBelow++
		}
	}
	fmt.Fprintf(&b, ".\nA flat %.2f %% (the mean risk-based rate) prices %d of %d firms below their risk-based rate (shortfall\n", 100*flat, rev.BelowRate, rev.N)
	fmt.Fprintf(&b, "PLN k %s a year) and %d below their floor, losing money (PLN k %s a year); %d of those firms went bankrupt.\n",
		rev.Shortfall.StringFixed(0), rev.BelowFloor, rev.Loss.StringFixed(0), badBelow)
	b.figure("offer-rates",
		"Mean risk-based interest rate offered per grade. Read: the rate climbs with the grade's PD; the steepening at the bottom "+
			"grades is expected loss and capital. The flat-rate comparison below the table shows what ignoring this costs.",
		func(path string) error {
			return plots.Bars(path, "Mean risk-based rate by grade", "grade", "mean rate per year, %", "%.2f %%", rateLabels, meanRates)
		})
	b.keyFigure("Offers", "%d of %d accepted and rated firms priced; a flat %.2f %% would price %d below their floor", len(loans), len(firms), 100*flat, rev.BelowFloor)
	b.finding(6, "Pricing: a flat %.2f %% rate would price %d of %d firms below their floor, losing PLN k %s a year, and %d of those firms went bankrupt.",
		100*flat, rev.BelowFloor, rev.N, rev.Loss.StringFixed(0), badBelow)
	b.assume("Offer [A]: 12-month working-capital loans repaid at maturity, LGD 45 %% (Basel II foundation IRB, senior unsecured, §287); amounts in PLN thousand.")
	b.assume("Offer [A]: the application is built from ratios: total assets 10^Attr29, sales Attr9·assets, margin Attr19, growth Attr21−1, receivable days Attr44, inventory days Attr47, payable days Attr32 (all short-term liabilities, an upper bound); own funds equity − fixed assets (Attr10, Attr53); cash flow Attr13·sales; no existing debt.")
	b.into(&sec)
	return sec, nil
}
