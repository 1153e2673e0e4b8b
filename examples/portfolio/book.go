package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

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
	var b strings.Builder
	pool := portfolio.Pool(ms)
	fmt.Fprintf(&b, "Card book, %d accounts, Apr→Sep 2005; PAY status s = 30s−29 DPD, default = %d+ DPD (FFIEC charge-off).\n",
		len(p.Accounts), bookChargeOffDPD)
	fmt.Fprintf(&b, "Average monthly roll matrix (5 months pooled): %% of accounts [%% of balance]\n")
	fmt.Fprintf(&b, "%-8s %7s", "from\\to", "n")
	for _, c := range bookRows {
		fmt.Fprintf(&b, " %13s", c)
	}
	b.WriteString("\n")
	for _, r := range bookRows {
		fmt.Fprintf(&b, "%-8s %7d", r, pool.Accounts(r))
		for _, c := range bookRows {
			fmt.Fprintf(&b, " %5.1f [%5.1f]", 100*pool.Rate(r, c), 100*pool.BalanceRate(r, c))
		}
		b.WriteString("\n")
	}
	b.WriteString("Per month: % of accounts rolling to a worse bucket, from current/1-29/30-59/60-89/90+;\n")
	for _, m := range ms {
		fmt.Fprintf(&b, "  %s→%s", monthNames[m.Month], monthNames[m.Month+1])
		for r := portfolio.Current; r <= portfolio.DPD90Plus; r++ {
			fmt.Fprintf(&b, " %5.1f", 100*rollForward(&m, r))
		}
		fmt.Fprintf(&b, "  balance cur→30-59 %4.1f%%  cures %4d  re-defaults %d\n",
			100*m.BalanceRate(portfolio.Current, portfolio.DPD30to59), m.Cures, m.ReDefaults)
	}
	lr, err := portfolio.LossRates(&pool, bookLGD, bookHorizon)
	if err != nil {
		return Section{}, err
	}
	fmt.Fprintf(&b, "Provision matrix (pooled balance rolls, %d months to default, × LGD %.2f):\n ", bookHorizon, bookLGD)
	for _, r := range bookRows {
		fmt.Fprintf(&b, " %s %.2f%%", r, 100*lr[r])
	}
	b.WriteString("\n")
	return Section{Title: "Portfolio view (monitor/portfolio)", Body: b.String()}, nil
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
