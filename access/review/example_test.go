package review_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/access/review"
)

// Example runs the four checks on one applicant: Benford on its (Nigrini's fraudulent) check
// amounts, the statement identities, revenue against bank credits, and its guarantee circle.
func Example() {
	var amounts []decimal.Decimal
	for _, s := range []string{"1927.48", "27902.31", "86241.90", "72117.46", "81321.75", "97473.96",
		"93249.11", "89658.17", "87776.89", "92105.83", "79949.16", "87602.93", "96879.27", "91806.47",
		"84991.67", "90831.83", "93766.67", "88338.72", "94639.49", "83709.28", "96412.21", "88432.86", "71552.16"} {
		amounts = append(amounts, decimal.RequireFromString(s))
	}
	b, err := review.Benford(amounts, review.FirstDigit, review.BenfordOptions{})
	fmt.Printf("benford: N=%d MAD=%.5f %v (warning: %v)\n", b.N, b.MAD, b.Conformity, err != nil)

	chart, _ := review.CompileChart(review.DefaultChartSpec())
	d := decimal.NewFromInt
	p := func(year int, ta, tl, eq int64) review.Period {
		return review.Period{Label: fmt.Sprint(year), End: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC),
			Lines: map[string]decimal.Decimal{"totalAssets": d(ta), "totalLiabilities": d(tl), "equity": d(eq)}}
	}
	findings, _ := chart.Check(review.Statements{Periods: []review.Period{p(2023, 900, 400, 500), p(2024, 1000, 400, 500)}})
	for _, f := range findings {
		if f.Code != review.CodeNotChecked {
			fmt.Printf("%s %s %s: %s vs %s (gap %s, tolerance %s)\n", f.Severity, f.Code, f.Period, f.Left, f.Right, f.Gap, f.Tolerance)
		}
	}

	rec, _ := review.CompileReconciliation(review.ReconciliationSpec{Kind: review.KindReconciliation, Sources: []review.SourceSpec{
		{Name: "bank-credits", Low: 0.8, High: 1.3, Rank: 1, Required: true}}})
	rr, _ := rec.Reconcile("2024", d(1000), map[string]decimal.Decimal{"bank-credits": d(600)})
	fmt.Printf("verified revenue %s (share %.2f), %v\n", rr.Verified, rr.VerifiedShare, rr.Findings[0].Code)

	net, _ := review.NewNetwork(
		[]review.Firm{{ID: "applicant", NetWorth: d(500)}, {ID: "supplier", NetWorth: d(200)}},
		[]review.Guarantee{{Guarantor: "applicant", Borrower: "supplier", Amount: d(300)},
			{Guarantor: "supplier", Borrower: "applicant", Amount: d(250)}})
	ex := net.Exposure()
	a := ex.Firms[0]
	fmt.Printf("in circle: %v, mutual: %d, contingent/net worth: %.2f\n", a.Circle >= 0, a.Mutual, a.ContingentRatio)
	dr, _ := net.DebtRank([]int{1}, 1, nil)
	fmt.Printf("supplier default: applicant distress %.2f\n", dr.H[0])
	// Output:
	// benford: N=23 MAD=0.16848 nonconformity (warning: true)
	// critical identity-broken 2024: 1000 vs 900 (gap 100, tolerance 1)
	// verified revenue 600 (share 0.60), source-gap
	// in circle: true, mutual: 1, contingent/net worth: 0.60
	// supplier default: applicant distress 0.60
}
