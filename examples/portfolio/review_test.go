package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access/review"
)

// reviewInputOf builds the stage's input from the embedded data, as main.go does.
func reviewInputOf(t *testing.T) ReviewInput {
	t.Helper()
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	in := ReviewInput{Seed: 2026}
	for i := range firms {
		in.Firms = append(in.Firms, ReviewFirmOf(firms[i].Row, firms[i].Bankrupt, firms[i].Ratio))
	}
	for _, a := range accounts {
		in.Bills = append(in.Bills, a.Bill[:]...)
	}
	return in
}

// TestDueDiligenceRealData checks the stage on the embedded data against counts made outside
// Go (a Python recount of the CSV files with decimal.Decimal, first two significant digits of
// the text of each amount): 180,000 bills (30,000 accounts × 6 months), 157,963 positive,
// 18,105 zero, 3,932 negative; first digits of the positive bills 49808 28005 18632 15895
// 11340 9299 9426 7943 7615, first-digit MAD 0.0051837 (close conformity), first-two MAD
// 0.0015815 (acceptable); working capital (Attr55) of 5,910 firms: 4,786 positive, 2 zero,
// 1,122 negative, first digits 1491 832 589 476 367 311 274 243 203, MAD 0.00290 and
// 0.001122 (both close). Balance sheet: 5,907 firms have Attr2, Attr10 and Attr29.
func TestDueDiligenceRealData(t *testing.T) {
	if testing.Short() {
		t.Skip("whole data set")
	}
	r, err := DueDiligence(reviewInputOf(t))
	if err != nil {
		t.Fatal(err)
	}
	b := r.Bills
	if b.First.N != 157963 || b.Zero != 18105 || b.Negative != 3932 {
		t.Errorf("bills N %d zero %d negative %d", b.First.N, b.Zero, b.Negative)
	}
	wantFirst := []int{49808, 28005, 18632, 15895, 11340, 9299, 9426, 7943, 7615}
	for i, w := range wantFirst {
		if b.First.Counts[i] != w {
			t.Errorf("bills first digit %d: %d, want %d", i+1, b.First.Counts[i], w)
		}
	}
	if math.Abs(b.First.MAD-0.0051837) > 5e-7 || b.First.Conformity != review.Close ||
		math.Abs(b.FirstTwo.MAD-0.0015815) > 5e-7 || b.FirstTwo.Conformity != review.Acceptable {
		t.Errorf("bills MAD %.7f %v, first two %.7f %v", b.First.MAD, b.First.Conformity, b.FirstTwo.MAD, b.FirstTwo.Conformity)
	}
	w := r.WorkingCapital
	if w.First.N != 4786 || w.Zero != 2 || w.Negative != 1122 || w.Missing != 0 {
		t.Errorf("working capital N %d zero %d negative %d missing %d", w.First.N, w.Zero, w.Negative, w.Missing)
	}
	wantFirst = []int{1491, 832, 589, 476, 367, 311, 274, 243, 203}
	for i, c := range wantFirst {
		if w.First.Counts[i] != c {
			t.Errorf("working capital first digit %d: %d, want %d", i+1, w.First.Counts[i], c)
		}
	}
	if math.Abs(w.First.MAD-0.00290) > 5e-6 || math.Abs(w.FirstTwo.MAD-0.001122) > 5e-7 {
		t.Errorf("working capital MAD %.6f, first two %.7f", w.First.MAD, w.FirstTwo.MAD)
	}
	s := r.Statements
	if s.Checked != 5907 || s.NotChecked != 3 || s.Checked != len(s.GapShare) {
		t.Errorf("statements checked %d, not checked %d", s.Checked, s.NotChecked)
	}
	// The identity breaks when |gap| > 0.1 % of max(assets, liabilities + equity): with the
	// ratios given to about five digits, a firm breaks it when |1 − Attr2 − Attr10| exceeds
	// 0.1 % (the recount gives 2,007 firms; a few at the edge may fall either way once rounded
	// to cents and measured against the larger side).
	if s.Broken < 1995 || s.Broken > 2010 {
		t.Errorf("broken balance sheets %d, want about 2007", s.Broken)
	}
	n := r.Network
	if n.Firms+n.Left != 5910 || n.Seeds == 0 || n.Circles == 0 || n.MutualPairs == 0 || n.InCircle < 2*n.Circles {
		t.Errorf("network %+v", n)
	}
	if !(n.DebtRankR >= 0 && n.DebtRankR <= 1) {
		t.Errorf("DebtRank R %v", n.DebtRankR)
	}
	if r.Bad+r.Good != n.Firms {
		t.Errorf("decided %d + %d firms of %d", r.Bad, r.Good, n.Firms)
	}
	// D01 refers every firm whose balance sheet breaks: its hits are the broken firms.
	for _, ru := range r.Policy.Rules {
		if ru.RuleID == "D01" && ru.Hits != s.Broken {
			t.Errorf("D01 hits %d, broken %d", ru.Hits, s.Broken)
		}
		if ru.RuleID == "D02" && ru.Hits != n.InCircle {
			t.Errorf("D02 hits %d, firms in circles %d", ru.Hits, n.InCircle)
		}
	}
	text := r.Text()
	for _, want := range []string{"SYNTHETIC", "No public guarantee data exists", "157963", "0.00518", "4786"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	// The same seed gives the same network.
	r2, err := DueDiligence(reviewInputOf(t))
	if err != nil || r2.Network != r.Network {
		t.Errorf("not reproducible: %+v vs %+v (%v)", r2.Network, r.Network, err)
	}
}

// TestDueDiligenceSmall checks the stage on hand-built firms: firm 10 has assets 1000 (Attr29
// = 3), liabilities 600 and equity 400, a consistent balance sheet; firm 11 has assets 1000,
// liabilities 500 and equity 300, a gap of 200 = 20 % of assets; firm 12 lacks equity. The
// bills are Nigrini's 23 fraudulent checks (Nigrini 2000 p. 84, as reproduced by A. Wheeler
// 2017; review.md §1.5B): first-digit MAD 0.16848, nonconformity, with a small-sample warning.
func TestDueDiligenceSmall(t *testing.T) {
	checks := []string{"1927.48", "27902.31", "86241.90", "72117.46", "81321.75", "97473.96",
		"93249.11", "89658.17", "87776.89", "92105.83", "79949.16", "87602.93", "96879.27", "91806.47",
		"84991.67", "90831.83", "93766.67", "88338.72", "94639.49", "83709.28", "96412.21", "88432.86", "71552.16"}
	in := ReviewInput{Seed: 1, Bills: []decimal.Decimal{decimal.Zero, decimal.NewFromInt(-5)}}
	for _, c := range checks {
		in.Bills = append(in.Bills, decimal.RequireFromString(c))
	}
	in.Firms = []ReviewFirm{
		{Row: 10, LogAssets: 3, Liabilities: 0.6, Equity: 0.4, WorkingCapital: 120, Known: 15},
		{Row: 11, Bankrupt: true, LogAssets: 3, Liabilities: 0.5, Equity: 0.3, WorkingCapital: -40, Known: 15},
		{Row: 12, LogAssets: 3, Liabilities: 0.5, Known: 3},
	}
	r, err := DueDiligence(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Bills.First.N != 23 || r.Bills.Zero != 1 || r.Bills.Negative != 1 || !r.Bills.Weak ||
		math.Abs(r.Bills.First.MAD-0.16848) > 5e-6 || r.Bills.First.Conformity != review.Nonconformity {
		t.Errorf("bills %+v", r.Bills.First)
	}
	if r.WorkingCapital.First.N != 1 || r.WorkingCapital.Negative != 1 || r.WorkingCapital.Missing != 1 {
		t.Errorf("working capital %+v", r.WorkingCapital)
	}
	s := r.Statements
	if s.Checked != 2 || s.NotChecked != 1 || s.Broken != 1 || len(s.Worst) != 1 {
		t.Fatalf("statements %+v", s)
	}
	f := s.Worst[0]
	if !f.Left.Equal(decimal.NewFromInt(1000)) || !f.Right.Equal(decimal.NewFromInt(800)) || !f.Gap.Equal(decimal.NewFromInt(200)) ||
		f.Lines[len(f.Lines)-1] != "row 11" || s.GapShare[0] != 0 || math.Abs(s.GapShare[1]-0.2) > 1e-12 {
		t.Errorf("finding %+v, gap shares %v", f, s.GapShare)
	}
	// Two firms enter the network (firm 12 has no equity); D01 refers the broken firm.
	if r.Network.Firms != 2 || r.Network.Left != 1 || r.Bad != 1 || r.Good != 1 {
		t.Errorf("network %+v, bad %d good %d", r.Network, r.Bad, r.Good)
	}
	for _, ru := range r.Policy.Rules {
		if ru.RuleID == "D01" && (ru.Hits != 1 || ru.Bad != 1) {
			t.Errorf("D01 %+v", ru)
		}
	}
}
