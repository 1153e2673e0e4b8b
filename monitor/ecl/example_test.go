package ecl_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/ecl"
)

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
