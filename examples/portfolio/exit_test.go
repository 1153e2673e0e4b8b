package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/exit"
	"github.com/smecredit/smecredit/monitor"
)

func TestExitStageRun(t *testing.T) {
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := exitStage(&Portfolio{Firms: firms, Accounts: accounts}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + sec.Text())
	if !strings.Contains(sec.Text(), "total") {
		t.Error("no totals")
	}
}

// exitAccount is a card account with status s (months of delay) in every month and September
// bill b (NT$).
func exitAccount(id, s int, b int64, def bool) Account {
	a := Account{ID: id, Default: def}
	for m := range months {
		a.Status[m] = s
		a.Bill[m] = decimal.NewFromInt(b)
		a.Paid[m] = decimal.Zero
	}
	return a
}

// TestExitChooseCards checks the workout of hand-made card NPLs against hand computations with
// the documented defaults (8 %, litigation 2.5 years: DF 1.08^(−2.5) = 0.824974664480).
func TestExitChooseCards(t *testing.T) {
	set, err := exit.LoadOptionSet(exitCardSpec)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(id int, ead string) exitLoan {
		return exitLoan{ID: id, Loan: exit.Loan{EAD: decimal.RequireFromString(ead), Defaulted: true, DPD: 120,
			WarningLevel: exit.Red, ContractRate: exitCardRate}}
	}
	// NT$ 200,000: litigation win 0.5·200000·0.92 = 92000 → PV 75897.67, less the fee of 15000
	// paid on filing (litigation's fixed cost is upfront, in both branches); servicing
	// 0.02·200000·2.5 = 10000 → 8249.75. win PV 52647.92, lose −23249.75; NPV
	// 0.7·52647.92 + 0.3·(−23249.75) = 36853.54 − 6974.92 = 29878.62, above the sale's
	// 0.05·200000·0.98 = 9800.
	// NT$ 20,000: sale 980.00; litigation win (9200 − 15000)·DF … is negative.
	w, err := exitChoose(set, []exitLoan{mk(1, "200000"), mk(2, "20000")})
	if err != nil {
		t.Fatal(err)
	}
	lit, sale := w.byOption["litigation"], w.byOption["sale"]
	if lit == nil || sale == nil || lit.n != 1 || sale.n != 1 {
		t.Fatalf("chosen: %+v", w.byOption)
	}
	if !lit.npv.Equal(decimal.RequireFromString("29878.62")) || !sale.npv.Equal(decimal.RequireFromString("980")) {
		t.Errorf("litigation NPV %s, sale NPV %s", lit.npv, sale.npv)
	}
	// Totals reconcile to the cent.
	if !w.total.npv.Equal(lit.npv.Add(sale.npv)) || !w.total.ead.Equal(decimal.NewFromInt(220000)) {
		t.Errorf("totals %s / %s", w.total.npv, w.total.ead)
	}
	if got, want := w.total.lgd(), 1-30858.62/220000; math.Abs(got-want) > 1e-9 {
		t.Errorf("LGD %v, want %v", got, want)
	}
}

// TestExitCapital checks a grade with PD 1 % against Basel II Annex 5 (SME at S = 5 gives
// 72.40 %; at S = 20 the correlation cut is 0.04·(1 − 15/45)) and the totals.
func TestExitCapital(t *testing.T) {
	rs := []firmRating{{Row: 2, Grade: "B", PD: 0.01}, {Row: 3, Grade: "A", PD: 0.0003}, {Row: 4, Grade: "B", PD: 0.01}}
	c, err := exitCapital(rs, 0.45, exit.CapitalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"A", "B"}, c.grades); d != "" {
		t.Errorf("grades (-want +got):\n%s", d)
	}
	// Between the Annex 5 corporate (92.32 %) and SME S = 5 (72.40 %) risk weights at PD 1 %.
	if rw := 100 * c.rw["B"]; !(rw > 72.40 && rw < 92.32) {
		t.Errorf("RW(B) = %.2f %%", rw)
	}
	if !c.totalRWA.Equal(c.rwa["A"].Add(c.rwa["B"])) || c.n["B"] != 2 {
		t.Errorf("totals %s", c.totalRWA)
	}
	if _, err := exitCapital([]firmRating{{Row: 9, PD: 2}}, 0.45, exit.CapitalOptions{}); err == nil ||
		!strings.Contains(err.Error(), "line 9") {
		t.Errorf("err = %v", err)
	}
}

func TestExitCardLoans(t *testing.T) {
	p := &Portfolio{Accounts: []Account{
		exitAccount(1, 5, 50000, true),  // 150 DPD: substandard
		exitAccount(2, 0, 50000, true),  // current: normal, defaulted later
		exitAccount(3, 6, -100, true),   // substandard but credit balance: skipped
		exitAccount(4, 2, 30000, false), // 60 DPD: special mention
	}}
	st, err := monitorAccounts(p)
	if err != nil {
		t.Fatal(err)
	}
	loans, skipped, source := exitCardLoans(p, st, nil)
	if len(loans) != 1 || loans[0].ID != 1 || skipped != 1 || !strings.Contains(source, "substandard") {
		t.Errorf("loans %+v, skipped %d, source %q", loans, skipped, source)
	}
	if loans[0].Loan.DPD != 150 || !loans[0].Loan.EAD.Equal(decimal.NewFromInt(50000)) {
		t.Errorf("loan %+v", loans[0].Loan)
	}
}

// TestExitTriggers checks the plans of the default triggers on monitoring outcomes
// (exit.DefaultTriggerSetSpec: yellow → reduce, orange → do-not-renew, DPD ≥ 30 → accelerate).
func TestExitTriggers(t *testing.T) {
	st := []accountStatus{
		{ID: 1, Level: monitor.Green},
		{ID: 2, Level: monitor.Yellow, Default: true},
		{ID: 3, Level: monitor.Orange, DPD: 60, Category: monitor.SpecialMention, Default: true},
		{ID: 4, Level: monitor.Red, DPD: 120, Category: monitor.Substandard}, // NPL: the workout's
	}
	plans, err := exitTriggers(st)
	if err != nil {
		t.Fatal(err)
	}
	want := map[exit.Plan][2]int{exit.Maintain: {1, 0}, exit.Reduce: {1, 1}, exit.Accelerate: {1, 1}}
	if d := cmp.Diff(want, plans); d != "" {
		t.Errorf("plans (-want +got):\n%s", d)
	}
}
