package ecl_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/ecl"
)

// Example runs the package's main path on three loans at a reporting date: each is staged
// from what the bank knows about it (days past due, credit impairment), then its 12-month and
// lifetime ECL are measured and the booked allowances are totalled (Summarize). All three are
// three-year bullet loans of 100,000 with a constant 2 % annual PD, 45 % LGD and a 5 % EIR,
// so the figures can be checked by hand (default at the end of year t, discounted by
// 1.05^t; the marginal PDs are 0.02, 0.98·0.02 and 0.98²·0.02):
//
//	12-month ECL = 45,000 · 0.02 / 1.05                                  =   857.14
//	lifetime ECL = 45,000 · (0.02/1.05 + 0.0196/1.05² + 0.019208/1.05³)  = 2,403.81
//	stage 3      = PD 1 now, the whole loss undiscounted                 = 45,000.00
func Example() {
	policy, err := ecl.CompileStagingPolicy(ecl.DefaultStagingPolicySpec())
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	pd, err := ecl.ConstantPD(0.02, 1, 3) // annual grid, three periods
	if err != nil {
		panic(err)
	}
	loans := []ecl.StagingInput{
		{ID: "current"},
		{ID: "late", DPD: 45},                  // beyond the 30-day backstop
		{ID: "impaired", CreditImpaired: true}, // defaulted
	}
	var book []ecl.Allowance
	for _, in := range loans {
		d, err := policy.Stage(&in, asOf)
		if err != nil {
			panic(err)
		}
		e := ecl.Exposure{
			ID:    in.ID,
			Stage: d.Stage,
			Contract: ecl.Contract{Repayment: ecl.Bullet, Balance: decimal.NewFromInt(100_000),
				Periods: 3, PeriodsPerYear: 1},
			PD:  pd,
			LGD: ecl.LGD{Rate: 0.45},
			EIR: 0.05,
		}
		r, err := ecl.Compute(&e, nil) // nil: one base scenario of weight 1
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s %s %-15s 12-month %8s  lifetime %8s  booked %8s\n",
			in.ID, d.Stage, d.Reason, r.Month12, r.Lifetime, r.ECL)
		book = append(book, ecl.Allowance{ID: in.ID, Stage: d.Stage, Gross: r.EAD, Allowance: r.ECL})
	}
	s, err := ecl.Summarize(book)
	if err != nil {
		panic(err)
	}
	fmt.Printf("allowance %s on gross %s, coverage %.2f%%\n", s.Total.Allowance, s.Total.Gross, 100*s.Total.Coverage)
	// Output:
	// current  stage1 performing      12-month   857.14  lifetime  2403.81  booked   857.14
	// late     stage2 backstop-dpd    12-month   857.14  lifetime  2403.81  booked  2403.81
	// impaired stage3 credit-impaired 12-month 45000.00  lifetime 45000.00  booked 45000.00
	// allowance 48260.95 on gross 300000.00, coverage 16.09%
}

// A five-year monthly annuity loan in stage 2, with a constant 2 % annual PD converted to the
// monthly grid, 45 % LGD and three scenarios.
func ExampleCompute() {
	pd, err := ecl.ConstantPD(0.02, 12, 60)
	if err != nil {
		panic(err)
	}
	e := &ecl.Exposure{
		ID:    "L-1",
		Stage: ecl.Stage2,
		Contract: ecl.Contract{Repayment: ecl.Annuity, Balance: decimal.RequireFromString("100000"),
			Rate: 0.06, Periods: 60, PeriodsPerYear: 12},
		PD:  pd,
		LGD: ecl.LGD{Rate: 0.45},
		EIR: 0.0617, // (1 + 0.06/12)^12 − 1
	}
	scenarios := []ecl.Scenario{
		{Name: "upside", Weight: 0.2, PDScale: 0.8},
		{Name: "base", Weight: 0.5, PDScale: 1},
		{Name: "downside", Weight: 0.3, PDScale: 1.6},
	}
	r, err := ecl.Compute(e, scenarios)
	if err != nil {
		panic(err)
	}
	for i, s := range scenarios {
		fmt.Printf("%-8s %5.0f%% %9s\n", s.Name, s.Weight*100, r.Scenario[i])
	}
	fmt.Println("weighted", r.ECL, "12-month", r.Month12, "lifetime", r.Lifetime)
	// Output:
	// upside      20%   1703.56
	// base        50%   2115.96
	// downside    30%   3322.04
	// weighted 2395.31 12-month 913.23 lifetime 2395.31
}

// The 12-month cumulative PD of a constant annual PD, spread over months, is that PD.
func ExampleConstantPD() {
	ts, _ := ecl.ConstantPD(0.03, 12, 24)
	cum := ts.Cumulative()
	fmt.Printf("month 1 %.6f, month 12 %.6f, month 24 %.6f\n", cum[0], cum[11], cum[23])
	// Output:
	// month 1 0.002535, month 12 0.030000, month 24 0.059100
}

// Staging with the reason for each decision: the 30-DPD backstop, a doubled lifetime PD, the
// low-credit-risk exemption and the five-category floor.
func ExampleStagingPolicy_Stage() {
	p, err := ecl.CompileStagingPolicy(ecl.DefaultStagingPolicySpec())
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, in := range []ecl.StagingInput{
		{ID: "a"},
		{ID: "b", DPD: 45},
		{ID: "c", LifetimePDOrigination: 0.02, LifetimePD: 0.05},
		{ID: "d", LifetimePDOrigination: 0.002, LifetimePD: 0.005, LowCreditRisk: true},
		{ID: "e", Category: ecl.Substandard},
	} {
		d, err := p.Stage(&in, asOf)
		if err != nil {
			panic(err)
		}
		fmt.Println(in.ID, d.Stage, d.Reason)
	}
	// Output:
	// a stage1 performing
	// b stage2 backstop-dpd
	// c stage2 relative-pd
	// d stage1 low-credit-risk
	// e stage3 non-performing
}

// The simplified approach: a provision matrix loaded from its document and applied to
// receivables grouped by days past due (FinLearnHub's 2019 illustration: 526,500 in total).
func ExampleProvisionMatrix_Apply() {
	m, err := ecl.LoadProvisionMatrix([]byte(`{
		"kind": "ecl-provision-matrix", "version": "1",
		"buckets": [
			{"name": "current", "minDPD": 0, "lossRate": 0},
			{"name": "1-30", "minDPD": 1, "lossRate": 0.015},
			{"name": "31-60", "minDPD": 31, "lossRate": 0.034},
			{"name": "61-90", "minDPD": 61, "lossRate": 0.071},
			{"name": ">90", "minDPD": 91, "lossRate": 0.108}
		]}`))
	if err != nil {
		panic(err)
	}
	gross := []decimal.Decimal{decimal.Zero, decimal.NewFromInt(7_000_000), decimal.NewFromInt(4_000_000),
		decimal.NewFromInt(2_500_000), decimal.NewFromInt(1_000_000)}
	r, err := m.Apply(gross)
	if err != nil {
		panic(err)
	}
	for _, l := range r.Lines[1:] {
		fmt.Printf("%-6s %5.1f%% %s\n", l.Name, 100*l.LossRate, l.Allowance)
	}
	fmt.Println("total", r.Allowance)
	// Output:
	// 1-30     1.5% 105000.00
	// 31-60    3.4% 136000.00
	// 61-90    7.1% 177500.00
	// >90     10.8% 108000.00
	// total 526500.00
}

// The loss-allowance movement between two reporting dates (IFRS 7 35H): a transfer from stage 1
// to stage 2, a repayment, a new loan and a remeasurement, reconciling to the cent.
func ExampleMovement() {
	opening := []ecl.Allowance{
		{ID: "a", Stage: ecl.Stage1, Allowance: 10_000},
		{ID: "b", Stage: ecl.Stage1, Allowance: 5_000},
	}
	closing := []ecl.Allowance{
		{ID: "a", Stage: ecl.Stage2, Allowance: 42_050},
		{ID: "c", Stage: ecl.Stage1, Allowance: 7_525},
	}
	t, err := ecl.Movement(opening, closing)
	if err != nil {
		panic(err)
	}
	for r := ecl.RowOpening; r <= ecl.RowClosing; r++ {
		if t.Total[r] != 0 || t.Cells[r][ecl.Stage1] != 0 {
			fmt.Printf("%-18s %8s %8s %8s\n", r, t.Cells[r][ecl.Stage1], t.Cells[r][ecl.Stage2], t.Total[r])
		}
	}
	// Output:
	// opening              150.00     0.00   150.00
	// transfer-to-stage2  -100.00   100.00     0.00
	// originated            75.25     0.00    75.25
	// derecognised         -50.00     0.00   -50.00
	// remeasured             0.00   320.50   320.50
	// closing               75.25   420.50   495.75
}

// ExampleMigrationRoot turns an annual three-grade migration matrix into a monthly one and
// reads the 12-month PD of grade A back from the monthly grid.
func ExampleMigrationRoot() {
	annual := [][]float64{
		{0.90, 0.08, 0.02}, // A: stays, falls to B, defaults
		{0.10, 0.80, 0.10}, // B
		{0, 0, 1},          // default is absorbing
	}
	r, err := ecl.MigrationRoot(annual, 12)
	if err != nil {
		fmt.Println(err)
		return
	}
	ts, _ := ecl.FromMigration(r.Root, 0, 12, 12)
	fmt.Printf("monthly A→default %.5f, adjusted %v\n", r.Root[0][2], r.Adjusted)
	fmt.Printf("12-month PD of A on the monthly grid %.4f (annual matrix 0.0200)\n", ts.Cumulative()[11])
	// Output:
	// monthly A→default 0.00138, adjusted false
	// 12-month PD of A on the monthly grid 0.0200 (annual matrix 0.0200)
}
