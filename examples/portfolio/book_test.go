package main

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/monitor/portfolio"
)

func TestBookStageRun(t *testing.T) {
	accounts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := bookStage(&Portfolio{Firms: firms, Accounts: accounts}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + sec.Text())
	if n := strings.Count(sec.Text(), "\n"); n > 31 {
		t.Errorf("%d lines, want ≤ 31", n)
	}
	// The scenario table: the weighted EL is the weighted mean of the scenarios' ELs (the
	// weighted PD is Σ w·PD_s per firm, and EL is linear in PD), to the printed 0.1 m.
	var el []float64
	for _, name := range []string{"upside", "base", "downturn", "weighted"} {
		i := strings.Index(sec.Text(), "  "+name+" ")
		if i < 0 {
			t.Fatalf("no %s row", name)
		}
		f := strings.Fields(sec.Text()[i:])
		v, err := strconv.ParseFloat(f[6], 64)
		if err != nil {
			t.Fatalf("%s row %q: %v", name, f[:8], err)
		}
		el = append(el, v)
	}
	if w := 0.25*el[0] + 0.5*el[1] + 0.25*el[2]; w < el[3]-0.15 || w > el[3]+0.15 {
		t.Errorf("weighted EL %.1f, scenarios' weighted mean %.2f", el[3], w)
	}
	if !(el[0] < el[1] && el[1] < el[2]) {
		t.Errorf("EL not rising from upside to downturn: %v", el)
	}
}

// TestBookRollRatesMatchCSV cross-checks every month's count matrix against counts taken
// directly from the CSV's PAY_x columns with encoding/csv, independent of readAccounts.
func TestBookRollRatesMatchCSV(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(embeddedAccounts)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// Chronological: PAY_6 = April … PAY_0 = September.
	pay := []string{"PAY_6", "PAY_5", "PAY_4", "PAY_3", "PAY_2", "PAY_0"}
	var want [months - 1][portfolio.NumBuckets][portfolio.NumBuckets]int64
	for _, r := range rows[1:] {
		for m := 0; m+1 < months; m++ {
			a, err1 := strconv.Atoi(r[col[pay[m]]])
			b, err2 := strconv.Atoi(r[col[pay[m+1]]])
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			want[m][bookBucket(a)][bookBucket(b)]++
		}
	}
	accounts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := portfolio.RollRates(bookHistories(&Portfolio{Accounts: accounts}))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != months-1 {
		t.Fatalf("%d matrices", len(ms))
	}
	for m := range ms {
		if ms[m].Count != want[m] {
			t.Errorf("month %d: matrix %v, CSV counts %v", m, ms[m].Count, want[m])
		}
	}
	// A hand-checked cell: accounts current in August (PAY_2 ≤ 0) and current in September.
	var n int64
	for _, r := range rows[1:] {
		a, _ := strconv.Atoi(r[col["PAY_2"]])
		b, _ := strconv.Atoi(r[col["PAY_0"]])
		if a <= 0 && b <= 0 {
			n++
		}
	}
	if got := ms[4].Count[portfolio.Current][portfolio.Current]; got != n || n == 0 {
		t.Errorf("Aug→Sep current→current = %d, CSV %d", got, n)
	}
}
