package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/ecl"
)

func TestECLStageRun(t *testing.T) {
	accounts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := eclStage(&Portfolio{Firms: firms, Accounts: accounts}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + sec.Text())
	// monitor.StageOf with its default options and ecl's default staging policy apply the
	// same 30/90-DPD backstops to the card data: the two implementations must agree.
	if !strings.Contains(sec.Text(), "monitor.StageOf (0 differ") {
		t.Error("stages from monitor and from the ecl policy differ")
	}
	if !strings.Contains(sec.Text(), "Rated firms") {
		t.Error("no ECL by grade")
	}
	if n := strings.Count(sec.Text(), "\n"); n > 25 {
		t.Errorf("%d lines, want ≤ 25", n)
	}
}

// TestECLMovementReconciles checks the closing row of the movement table against the summary
// of the September allowances, to the cent.
func TestECLMovementReconciles(t *testing.T) {
	a := Account{ID: 1, Limit: decimal.NewFromInt(10000)}
	b := Account{ID: 2, Limit: decimal.NewFromInt(20000)}
	for m := range months {
		a.Bill[m] = decimal.NewFromInt(int64(1000 * (m + 1)))
		b.Bill[m] = decimal.NewFromInt(5000)
		b.Status[m] = m // falls behind month by month
	}
	p := &Portfolio{Accounts: []Account{a, b}}
	var curves [4]ecl.TermStructure
	for k := range curves {
		curves[k], _ = ecl.ConstantPD(0.1*float64(k+1), 12, eclLifeMths)
	}
	open, _, err := eclAllowances(p, 4, []ecl.Stage{ecl.Stage1, ecl.Stage3}, &curves)
	if err != nil {
		t.Fatal(err)
	}
	closing, _, err := eclAllowances(p, 5, []ecl.Stage{ecl.Stage2, ecl.Stage3}, &curves)
	if err != nil {
		t.Fatal(err)
	}
	mv, err := ecl.Movement(open, closing)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ecl.Summarize(closing)
	if mv.Total[ecl.RowClosing] != s.Total.Allowance || mv.Total[ecl.RowOpening] != open[0].Allowance+open[1].Allowance {
		t.Errorf("movement %v does not reconcile with %v", mv.Total, s.Total)
	}
	if mv.Cells[ecl.RowToStage2][ecl.Stage2] != open[0].Allowance {
		t.Errorf("transfer to stage 2 = %v, want %v", mv.Cells[ecl.RowToStage2][ecl.Stage2], open[0].Allowance)
	}
}
