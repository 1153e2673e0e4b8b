package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access/offer"
)

func TestOfferStageRun(t *testing.T) {
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := offerStage(&Portfolio{Firms: firms}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + sec.Text())
	if n := strings.Count(sec.Text(), "\n"); n > 24 {
		t.Errorf("stage prints %d lines, at most 24 plus the title", n)
	}
	for _, want := range []string{"Binding basis:", "below their floor", "BBB"} {
		if !strings.Contains(sec.Text(), want) {
			t.Errorf("no %q in the section", want)
		}
	}
}

// TestOfferApplication checks the stated mapping from ratios to an application on a made-up
// firm: assets 10^4 = 10,000, sales 1.5 × assets, equity 40 % of assets and twice the fixed
// assets, so own funds are 4,000 − 2,000.
func TestOfferApplication(t *testing.T) {
	var f Firm
	set := func(n int, v float64) { f.ratios[n-1] = v; f.present |= 1 << (n - 1) }
	set(29, 4)
	set(9, 1.5)
	set(19, 0.05)
	set(21, 1.1)
	set(44, 73)
	set(47, 36.5)
	set(32, 36.5)
	set(10, 0.4)
	set(53, 2)
	set(13, 0.08)
	a, skip := offerApplication(&f, "BBB", 0.01)
	if skip != "" {
		t.Fatalf("skip %q", skip)
	}
	wc := a.WorkingCapital
	if !wc.Sales.Equal(decimal.NewFromInt(15000)) || !wc.OwnFunds.Equal(decimal.NewFromInt(2000)) ||
		!a.CashFlow.Equal(decimal.NewFromInt(1200)) || wc.ReceivableDays != 72 || wc.InventoryDays != 36 || wc.PayableDays != 36 {
		t.Errorf("application %+v", a)
	}
	if a.Repayment.Amortization != offer.Bullet || a.Repayment.TermMonths != 12 {
		t.Errorf("repayment %+v", a.Repayment)
	}
	f.present &^= 1 << (13 - 1)
	if _, skip := offerApplication(&f, "BBB", 0.01); skip != "Attr13" {
		t.Errorf("missing Attr13: skip %q", skip)
	}
}
