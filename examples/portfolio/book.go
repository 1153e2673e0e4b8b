package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/smecredit/smecredit/internal/irb"
	"github.com/smecredit/smecredit/monitor/portfolio"
)

// Assumptions of the portfolio-view stage, printed with its output.
const (
	// bookChargeOffDPD: open-end retail credit is charged off at 180 days past due (FFIEC,
	// Uniform Retail Credit Classification and Account Management Policy, 2000); the card
	// data's states from there on are the default bucket.
	bookChargeOffDPD = 180
	bookLGD          = 0.45 // unsecured senior LGD of the Basel II foundation IRB approach (para 287)
	bookHorizon      = 12   // months over which balances may roll into default (12-month loss rate)
)

var monthNames = [months]string{"Apr", "May", "Jun", "Jul", "Aug", "Sep"}

// bookBucket maps a repayment status of the card data to a delinquency bucket. Status s ≥ 1
// means the payment is s months late, taken as days past due from 30·s − 29 (the first day of
// the s-th month): 1 → 1–29, 2 → 30–59, 3 → 60–89, 4–6 → 90+, 7 and more → default.
func bookBucket(status int) portfolio.Bucket {
	if status <= 0 {
		return portfolio.Current
	}
	dpd := 30*status - 29
	if dpd >= bookChargeOffDPD {
		return portfolio.Default
	}
	return portfolio.BucketOfDPD(dpd)
}

// bookHistories turns the card accounts into histories: the six monthly states and bill
// balances (a credit balance, a negative bill, counts as zero owed).
func bookHistories(p *Portfolio) []portfolio.History {
	hs := make([]portfolio.History, len(p.Accounts))
	buckets := make([]portfolio.Bucket, months*len(p.Accounts))
	bals := make([]decimal.Decimal, months*len(p.Accounts))
	for i := range p.Accounts {
		a := &p.Accounts[i]
		b, m := buckets[i*months:(i+1)*months], bals[i*months:(i+1)*months]
		for t := range months {
			b[t] = bookBucket(a.Status[t])
			m[t] = decimal.Max(a.Bill[t], decimal.Decimal{})
		}
		hs[i] = portfolio.History{ID: strconv.Itoa(a.ID), Buckets: b, Balances: m}
	}
	return hs
}

// bookRows are the buckets the card data populates (no account closes within the six months).
var bookRows = []portfolio.Bucket{portfolio.Current, portfolio.DPD1to29, portfolio.DPD30to59,
	portfolio.DPD60to89, portfolio.DPD90Plus, portfolio.Default}

// bookStage is the portfolio view: roll rates of the card book.
func bookStage(p *Portfolio, _ Options) (Section, error) {
	ms, err := portfolio.RollRates(bookHistories(p))
	if err != nil {
		return Section{}, err
	}
	if len(ms) != months-1 {
		return Section{}, fmt.Errorf("%d flow matrices, want %d", len(ms), months-1)
	}
	var b doc
	pool := portfolio.Pool(ms)
	fmt.Fprintf(&b, "Card book, %d accounts, Apr→Sep 2005; PAY status s = 30s−29 DPD, default = %d+ DPD (FFIEC charge-off).\n",
		len(p.Accounts), bookChargeOffDPD)
	var lt strings.Builder
	header := []string{"from \\ to: % of accounts [% of balance]", "accounts"}
	fmt.Fprintf(&lt, "%-16s", "pooled: % [bal]")
	for _, c := range bookRows {
		fmt.Fprintf(&lt, " %13s", c)
		header = append(header, c.String())
	}
	lt.WriteString("\n")
	var rows [][]string
	for _, r := range bookRows {
		fmt.Fprintf(&lt, "%-8s %7d", r, pool.Accounts(r))
		row := []string{r.String(), strconv.FormatInt(pool.Accounts(r), 10)}
		for _, c := range bookRows {
			fmt.Fprintf(&lt, " %5.1f [%5.1f]", 100*pool.Rate(r, c), 100*pool.BalanceRate(r, c))
			row = append(row, fmt.Sprintf("%.1f [%.1f]", 100*pool.Rate(r, c), 100*pool.BalanceRate(r, c)))
		}
		lt.WriteString("\n")
		rows = append(rows, row)
	}
	b.literalTable(lt.String(), header, rows)
	b.WriteString("Per month: % of accounts rolling worse from cur/1-29/30-59/60-89/90+; balance roll cur→30-59:\n")
	lt.Reset()
	rows = nil
	for _, m := range ms {
		fmt.Fprintf(&lt, "  %s→%s", monthNames[m.Month], monthNames[m.Month+1])
		row := []string{monthNames[m.Month] + "→" + monthNames[m.Month+1]}
		for r := portfolio.Current; r <= portfolio.DPD90Plus; r++ {
			fmt.Fprintf(&lt, " %5.1f", 100*rollForward(&m, r))
			row = append(row, fmt.Sprintf("%.1f", 100*rollForward(&m, r)))
		}
		fmt.Fprintf(&lt, "  %4.1f%%  cures %4d  re-defaults %d\n",
			100*m.BalanceRate(portfolio.Current, portfolio.DPD30to59), m.Cures, m.ReDefaults)
		row = append(row, fmt.Sprintf("%.1f%%", 100*m.BalanceRate(portfolio.Current, portfolio.DPD30to59)), strconv.FormatInt(m.Cures, 10), strconv.FormatInt(m.ReDefaults, 10))
		rows = append(rows, row)
	}
	b.literalTable(lt.String(), []string{"month", "current %", "1-29 %", "30-59 %", "60-89 %", "90+ %", "balance roll cur→30-59", "cures", "re-defaults"}, rows)
	lr, err := portfolio.LossRates(&pool, bookLGD, bookHorizon)
	if err != nil {
		return Section{}, err
	}
	fmt.Fprintf(&b, "Provision (%d-month roll to default × LGD %.2f):", bookHorizon, bookLGD)
	for _, r := range bookRows {
		fmt.Fprintf(&b, " %s %.2f%%", r, 100*lr[r])
	}
	b.WriteString("\n")
	if err := bookConcentration(&b, p); err != nil {
		return Section{}, err
	}
	if err := bookStress(&b, p); err != nil {
		return Section{}, err
	}
	sec := Section{Title: "Portfolio view (monitor/portfolio)"}
	b.into(&sec)
	return sec, nil
}

// bookConcentration prints the concentration of the card book by credit limit and of the
// firms by total assets (10^Attr29, as the offer stage assumes).
func bookConcentration(b *doc, p *Portfolio) error {
	cards := make([]portfolio.Exposure, len(p.Accounts))
	for i := range p.Accounts {
		cards[i] = portfolio.Exposure{Obligor: strconv.Itoa(p.Accounts[i].ID), EAD: p.Accounts[i].Limit}
	}
	c, err := portfolio.Concentrate(cards, portfolio.ByObligor, 10)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "Concentration, card limits: %d names, HHI %.6f (1/n %.6f), effective names %.0f, top-10 %.3f%%, Gini %.3f\n",
		c.Names, c.HHI, 1/float64(max(c.Names, 1)), c.EffectiveNames, 100*c.TopShare, c.Gini)
	var assets []float64
	for i := range p.Firms {
		if v, ok := p.Firms[i].Ratio(29); ok && v > -300 && v < 300 {
			assets = append(assets, math.Pow(10, v))
		}
	}
	f, err := portfolio.Shares(assets, 10)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "Concentration, firms by total assets 10^Attr29: %d names, HHI %.4f, effective names %.0f, top-10 %.1f%%, Gini %.3f\n",
		f.Names, f.HHI, f.EffectiveNames, 100*f.TopShare, f.Gini)
	return nil
}

// bookStressQ is the downturn: the systematic factor at its 1-in-100-year value, z = −Φ⁻¹(0.99).
const bookStressQ = 0.99

// bookStress prints the rated firms' expected loss and IRB capital by grade, base beside a
// Vasicek downturn, for a notional loan of 1,000,000 per firm (LGD 45 %, M 2.5 years,
// corporate correlation).
func bookStress(b *doc, p *Portfolio) error {
	rs, err := rateFirms(p)
	if err != nil || len(rs) == 0 {
		rs = exitFallbackRatings(p)
	}
	g := irb.G999()
	notional := decimal.NewFromInt(1_000_000)
	ps := make([]portfolio.Position, 0, len(rs))
	for _, r := range rs {
		pd := min(max(r.PD, 0.0003), 1)
		ps = append(ps, portfolio.Position{Grade: r.Grade, EAD: notional, PD: pd, LGD: bookLGD,
			Rho: irb.Correlation(irb.Corporate, pd, 0)})
	}
	z := -distuv.UnitNormal.Quantile(bookStressQ)
	gs, err := portfolio.Stress(ps, z)
	if err != nil {
		return err
	}
	slices.SortStableFunc(gs[:len(gs)-1], func(x, y portfolio.GradeStress) int { return cmp.Compare(x.BasePD, y.BasePD) })
	fmt.Fprintf(b, "Downturn z = %.2f (1 in 100), %d firms × 1,000,000, LGD %.2f: PD, EL, IRB K (M 2.5), base → stressed (m):\n",
		z, len(ps), bookLGD)
	var kb, ks float64
	var lt strings.Builder
	var rows [][]string
	for i, s := range gs {
		last := i == len(gs)-1
		// Capital at the grade's base and stressed average PD; the total sums the grades.
		if !last {
			_, _, k0 := irb.Capital(irb.Corporate, max(s.BasePD, 0.0003), bookLGD, 2.5, 0, g)
			_, _, k1 := irb.Capital(irb.Corporate, max(s.StressedPD, 0.0003), bookLGD, 2.5, 0, g)
			ead := s.EAD.InexactFloat64()
			k0, k1 = k0*ead, k1*ead
			kb, ks = kb+k0, ks+k1
			fmt.Fprintf(&lt, "  %-5s PD %5.2f→%5.2f%% EL %5.1f→%5.1f K %5.1f→%5.1f", s.Grade, 100*s.BasePD, 100*s.StressedPD,
				s.BaseEL.InexactFloat64()/1e6, s.StressedEL.InexactFloat64()/1e6, k0/1e6, k1/1e6)
			rows = append(rows, stressRow(s, k0, k1))
		} else {
			fmt.Fprintf(&lt, "  %-5s PD %5.2f→%5.2f%% EL %5.1f→%5.1f K %5.1f→%5.1f", s.Grade, 100*s.BasePD, 100*s.StressedPD,
				s.BaseEL.InexactFloat64()/1e6, s.StressedEL.InexactFloat64()/1e6, kb/1e6, ks/1e6)
			rows = append(rows, stressRow(s, kb, ks))
			b.keyFigure("Downturn stress of the rated firms (z = −2.33)", "PD %.2f %% → %.2f %%, EL %.1f m → %.1f m, IRB capital %.1f m → %.1f m",
				100*s.BasePD, 100*s.StressedPD, s.BaseEL.InexactFloat64()/1e6, s.StressedEL.InexactFloat64()/1e6, kb/1e6, ks/1e6)
		}
		if i%2 == 1 || last {
			lt.WriteString("\n")
		}
	}
	b.literalTable(lt.String(), []string{"grade", "PD base %", "PD stressed %", "EL base m", "EL stressed m", "IRB K base m", "IRB K stressed m"}, rows)
	if err := bookScenarios(b, ps, z); err != nil {
		return err
	}
	b.assume("Portfolio view: PAY status s ≥ 1 is 30·s − 29 days past due; from %d DPD an account is in default (FFIEC charge-off of open-end retail credit); a credit balance counts as zero owed.", bookChargeOffDPD)
	b.assume("Portfolio view: provisions are the %d-month roll rate to default × LGD %.2f; firms' size is total assets 10^Attr29, as the offer stage assumes.", bookHorizon, bookLGD)
	b.assume("Stress: a notional 1,000,000 per rated firm, LGD %.2f, M 2.5 years, the corporate IRB correlation, and a 1-in-100 downturn of the systematic factor (Vasicek, z = −Φ⁻¹(%.2f)).", bookLGD, bookStressQ)
	return nil
}

// bookScenarios prints the rated firms' PD and EL under three weighted macro scenarios (upside
// z = +1, base z = 0, the downturn z), each beside the probability-weighted figures.
func bookScenarios(b *doc, ps []portfolio.Position, z float64) error {
	scs := []portfolio.Scenario{{Name: "upside", Weight: 0.25, Z: 1}, {Name: "base", Weight: 0.5}, {Name: "downturn", Weight: 0.25, Z: z}}
	a, err := portfolio.StressScenarios(ps, scs, portfolio.VasicekShift)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "Macro scenarios (Vasicek shift of every firm's PD), all rated firms:\n")
	var lt strings.Builder
	var rows [][]string
	line := func(name string, w float64, t portfolio.GradeStress) {
		fmt.Fprintf(&lt, "  %-9s weight %4.2f  PD %5.2f%%  EL %6.1f m\n", name, w, 100*t.StressedPD, t.StressedEL.InexactFloat64()/1e6)
		rows = append(rows, []string{name, fmt.Sprintf("%.2f", w), fmt.Sprintf("%.2f", 100*t.StressedPD), fmt.Sprintf("%.1f", t.StressedEL.InexactFloat64()/1e6)})
	}
	for _, sc := range a.Scenarios {
		line(sc.Name, sc.Weight, sc.Grades[len(sc.Grades)-1])
	}
	line("weighted", 1, a.Weighted[len(a.Weighted)-1])
	b.literalTable(lt.String(), []string{"scenario", "weight", "PD %", "EL m"}, rows)
	b.assume("Macro scenarios: upside z = +1 (weight 0.25), base z = 0 (0.50), downturn z = %.2f (0.25); the weighted PD is Σ w·PD_s (IFRS 9 5.5.17(a) asks for a probability-weighted amount).", z)
	return nil
}

// rollForward is the share of accounts in bucket r that are in a worse, not closed, bucket one
// month later.
func rollForward(m *portfolio.FlowMatrix, r portfolio.Bucket) float64 {
	var s float64
	for c := r + 1; c < portfolio.Closed; c++ {
		s += m.Rate(r, c)
	}
	return s
}

// stressRow is one grade's row of the stress table for HTML: PDs in percent, EL and capital in
// millions.
func stressRow(s portfolio.GradeStress, k0, k1 float64) []string {
	return []string{s.Grade, fmt.Sprintf("%.2f", 100*s.BasePD), fmt.Sprintf("%.2f", 100*s.StressedPD),
		fmt.Sprintf("%.1f", s.BaseEL.InexactFloat64()/1e6), fmt.Sprintf("%.1f", s.StressedEL.InexactFloat64()/1e6),
		fmt.Sprintf("%.1f", k0/1e6), fmt.Sprintf("%.1f", k1/1e6)}
}
