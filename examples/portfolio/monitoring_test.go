package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor"
)

func monitorAccount(id int, status [months]int, bills ...int64) Account {
	a := Account{ID: id, Limit: decimal.NewFromInt(10000), Status: status}
	for m := range months {
		a.Bill[m] = decimal.NewFromInt(5000)
		a.Paid[m] = decimal.NewFromInt(1000)
		if m < len(bills) {
			a.Bill[m] = decimal.NewFromInt(bills[m])
		}
	}
	return a
}

func TestAccountHistory(t *testing.T) {
	a := monitorAccount(7, [months]int{-2, -1, 0, 1, 2, 9}, -300, 0, 10000, 12000, 5000, 5000)
	var h monitor.History
	accountHistory(&a, &h)
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	var dpd []int
	for _, o := range h.Observations {
		dpd = append(dpd, o.DPD)
	}
	// Data README: -2/-1/0 paid duly or no use, 1…9 months of delay; DPD = 30 × months.
	if d := cmp.Diff([]int{0, 0, 0, 30, 60, 270}, dpd); d != "" {
		t.Errorf("DPD (-want +got):\n%s", d)
	}
	if !h.Observations[0].Outstanding.IsZero() {
		t.Errorf("a credit balance (bill −300) must give outstanding 0, got %v", h.Observations[0].Outstanding)
	}
	if h.Observations[5].Date != monitorMonthEnd(5) || monitorMonthEnd(5).Format("2006-01-02") != "2005-09-30" {
		t.Errorf("last date %v", h.Observations[5].Date)
	}
}

func TestMonitorAccounts(t *testing.T) {
	p := &Portfolio{Accounts: []Account{
		monitorAccount(1, [months]int{-1, -1, -1, -1, -1, -1}),
		monitorAccount(2, [months]int{0, 0, 0, 0, 0, 1}),
		monitorAccount(3, [months]int{0, 0, 1, 2, 3, 4}),
		monitorAccount(4, [months]int{0, 0, 0, 0, 0, 0}, 5000, 5000, 5000, 5000, 11000, 12000),
	}}
	p.Accounts[2].Default = true
	st, err := monitorAccounts(p)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Cat          monitor.Category
		Stage        monitor.Stage
		Level        monitor.WarningLevel
		FirstWarning int
	}
	var gs []got
	for _, s := range st {
		gs = append(gs, got{s.Category, s.Stage, s.Level, s.FirstWarning})
	}
	want := []got{
		{monitor.Normal, monitor.Stage1, monitor.Green, -1},
		// 30 DPD: any overdue is special mention (2023 Measures), whose floor is orange; not > 30: stage 1.
		{monitor.SpecialMention, monitor.Stage1, monitor.Orange, 5},
		// 120 DPD: > 90 is substandard and stage 3, red; first overdue in June (month 2).
		{monitor.Substandard, monitor.Stage3, monitor.Red, 2},
		// Over the limit in August and September: the consecutive limit-excess rule is orange.
		{monitor.Normal, monitor.Stage1, monitor.Orange, 5},
	}
	if d := cmp.Diff(want, gs); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if !st[2].Default || st[2].ID != 3 || st[3].Fired == nil {
		t.Errorf("statuses %+v", st)
	}
}

// TestMonitoringStage runs the stage on the embedded Taiwan accounts and checks what the data
// README states (30,000 accounts, 6,636 defaults) adds up in every table.
func TestMonitoringStage(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the embedded data")
	}
	p, err := loadPortfolio("", "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := monitorAccounts(p)
	if err != nil {
		t.Fatal(err)
	}
	n, d, redDefaults := 0, 0, 0
	for _, s := range st {
		n++
		if s.Default {
			d++
		}
		if s.Level < s.Category.Floor() {
			t.Fatalf("account %d: level %v below the floor of %v", s.ID, s.Level, s.Category)
		}
		if s.Category.NonPerforming() && s.Default {
			redDefaults++
		}
	}
	if n != 30000 || d != 6636 {
		t.Errorf("%d accounts, %d defaults; the data README says 30000 and 6636", n, d)
	}
	sec, err := monitoringReport(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Final warning level", "special-mention", "precision", "months ahead"} {
		if !strings.Contains(sec.Text(), s) {
			t.Errorf("section lacks %q", s)
		}
	}
	t.Log("\n" + sec.Text())
}

func TestMonitoringPlots(t *testing.T) {
	p := &Portfolio{Accounts: []Account{
		monitorAccount(1, [months]int{-1, -1, -1, -1, -1, -1}),
		monitorAccount(2, [months]int{0, 0, 1, 2, 3, 4}),
	}}
	p.Accounts[1].Default = true
	dir := t.TempDir()
	sec, err := monitoring(p, Options{PlotsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := drawFigures(&sec, dir, ".png"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"monitoring-levels.png", "monitoring-lead.png"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}
