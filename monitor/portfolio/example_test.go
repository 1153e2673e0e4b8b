package portfolio_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/portfolio"
)

// Three accounts over three month ends: one rolls from current to 30–59 days past due and cures,
// one stays current, one rolls on to 60–89.
func ExampleRollRates() {
	d := decimal.NewFromInt
	hs := []portfolio.History{
		{ID: "A", Buckets: []portfolio.Bucket{portfolio.Current, portfolio.DPD30to59, portfolio.Current},
			Balances: []decimal.Decimal{d(1000), d(1000), d(900)}},
		{ID: "B", Buckets: []portfolio.Bucket{portfolio.Current, portfolio.Current, portfolio.Current},
			Balances: []decimal.Decimal{d(3000), d(2900), d(2800)}},
		{ID: "C", Buckets: []portfolio.Bucket{portfolio.DPD30to59, portfolio.DPD60to89, portfolio.DPD90Plus},
			Balances: []decimal.Decimal{d(500), d(520), d(540)}},
	}
	ms, err := portfolio.RollRates(hs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range ms {
		fmt.Printf("month %d: current→30-59 %.0f%%, 30-59→60-89 %.0f%%, cures %d\n", m.Month,
			100*m.Rate(portfolio.Current, portfolio.DPD30to59), 100*m.Rate(portfolio.DPD30to59, portfolio.DPD60to89), m.Cures)
	}
	p := portfolio.Pool(ms)
	fmt.Printf("pooled net flow 60-89→90+: %.0f%%\n", 100*p.NetFlow(portfolio.DPD60to89))
	// Output:
	// month 0: current→30-59 50%, 30-59→60-89 100%, cures 0
	// month 1: current→30-59 0%, 30-59→60-89 0%, cures 1
	// pooled net flow 60-89→90+: 104%
}

// The Basel IRB quantile of the default rate of a pool with PD 0.75 % and asset correlation
// 0.2, and a concentration check of two names.
func ExampleStressedPD() {
	d, err := portfolio.StressedPD(0.0075, 0.2, 0.999)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("D_0.999 = %.2f%%\n", 100*d)
	c, _ := portfolio.Concentrate([]portfolio.Exposure{
		{Obligor: "a", EAD: decimal.NewFromInt(30)}, {Obligor: "b", EAD: decimal.NewFromInt(70)},
	}, portfolio.ByObligor, 1)
	fmt.Printf("HHI %.2f, largest %s %.0f%%\n", c.HHI, c.Largest, 100*c.LargestShare)
	// Output:
	// D_0.999 = 12.01%
	// HHI 0.58, largest b 70%
}

// Two origination cohorts reported at month 5: the later cohort's curve stops at 3 months on
// book (censored), not at zero.
func ExampleVintages() {
	vs, err := portfolio.Vintages([]portfolio.Loan{
		{ID: "a", Originated: 0, Defaulted: true, DefaultMonth: 4},
		{ID: "b", Originated: 0},
		{ID: "c", Originated: 2, Defaulted: true, DefaultMonth: 3},
		{ID: "d", Originated: 2},
	}, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		fmt.Printf("cohort %d, %d loans, seen to MOB %d: %v\n", v.Cohort, v.Loans, v.Observed, v.CumDefaultRate)
	}
	// Output:
	// cohort 0, 2 loans, seen to MOB 5: [0 0 0 0 0.5 0.5]
	// cohort 2, 2 loans, seen to MOB 3: [0 0.5 0.5 0.5]
}

// A two-grade book with an absorbing default state, shifted to a one-in-ten downturn
// (Z = −Φ⁻¹(0.9) ≈ −1.28) at asset correlation 0.1, and the factor fitted back from the
// stressed matrix.
func ExampleStressMigration() {
	ttc := [][]float64{
		{0.90, 0.08, 0.02}, // good → good, weak, default
		{0.05, 0.85, 0.10}, // weak
		{0, 0, 1},          // default (absorbing)
	}
	m, err := portfolio.StressMigration(ttc, 0.1, -1.2816)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range m {
		fmt.Printf("%.4f %.4f %.4f\n", row[0], row[1], row[2])
	}
	z, _ := portfolio.FitMigrationZ(ttc, m, nil, 0.1)
	fmt.Printf("fitted Z %.4f\n", z)
	// Output:
	// 0.8222 0.1367 0.0411
	// 0.0153 0.8068 0.1778
	// 0.0000 0.0000 1.0000
	// fitted Z -1.2816
}
