package exit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/exit"
)

// Value and choose among the exit options for one non-performing SME loan
// secured by real estate, then find the break-even of the key assumptions.
func Example() {
	set, err := exit.LoadOptionSet([]byte(`{
	  "kind": "exit-option-set", "version": "1", "id": "sme-npl", "discountRate": 0.08,
	  "options": [
	    {"kind": "restructure"},
	    {"kind": "collateral-disposal", "scenarios": [
	      {"name": "first auction",   "probability": 0.6, "haircut": 0.3, "years": 1.5},
	      {"name": "failed auctions", "probability": 0.4, "haircut": 0.5, "years": 3}]},
	    {"kind": "litigation"},
	    {"kind": "sale", "price": 0.3},
	    {"kind": "write-off"}
	  ]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	loan := exit.Loan{
		ID: "L-17", EAD: decimal.RequireFromString("1000000"), ContractRate: 0.06,
		Defaulted: true, DPD: 120, WarningLevel: exit.Red, Viable: true, DSCR: 1.2,
		Collateral: decimal.RequireFromString("900000"), CollateralEnforceable: true,
	}
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d, err := set.Choose(loan, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(d.Explain())
	_, bes, _ := set.Sensitivity(loan, asOf)
	for _, be := range bes {
		if be.Option == "restructure" {
			fmt.Printf("restructure %s %.2f → %.4f switches to %s\n", be.Param, be.Current, be.Value, be.NewChoice)
		}
	}
	// Output:
	// EAD 1000000.00; options ranked by expected NPV:
	// * 1. restructure            NPV      718633.16  LGD  28.14 %
	//   2. collateral-disposal    NPV      527861.52  LGD  47.21 %
	//   3. sale                   NPV      294000.00  LGD  70.60 %
	//   4. litigation             NPV      224393.11  LGD  77.56 %
	//   -  write-off              NPV       39437.59  LGD  96.06 %  infeasible: [recovery-not-exhausted]
	// restructure success-probability 0.50 → 0.0179 switches to collateral-disposal
}

// Compute the IRB capital of an SME corporate exposure: correlation, K, risk
// weight and RWA (Basel II, no 1.06 scaling).
func ExampleIRBCapital() {
	c, err := exit.IRBCapital(exit.Exposure{
		Class: exit.SMECorporate, PD: 0.01, LGD: 0.45, M: 2.5,
		EAD: decimal.RequireFromString("2500000"), Sales: decimal.RequireFromString("5"),
	}, exit.CapitalOptions{Framework: exit.BaselII})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("R %.4f  K %.4f  RW %.2f %%  RWA %s  EL %s\n", c.R, c.K, 100*c.RW, c.RWA().StringFixed(2), c.EL().StringFixed(2))
	// Output:
	// R 0.1528  K 0.0579  RW 72.39 %  RWA 1809868.18  EL 11250.00
}

// Bad input comes back as a typed error naming the field.
func Example_error() {
	set, _ := exit.CompileOptionSet(exit.DefaultOptionSetSpec())
	_, err := set.Choose(exit.Loan{ID: "L-9", EAD: decimal.Zero}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var ie *exit.InputError
	fmt.Println(errors.Is(err, exit.ErrEAD), errors.As(err, &ie) && ie.Field == "ead")
	fmt.Println(err)

	_, err = exit.LoadOptionSet([]byte(`{"kind":"exit-option-set","version":"1","options":[{"kind":"sale","price":1.4}]}`))
	fmt.Println(err)
	// Output:
	// true true
	// exit: ead = 0: EAD must be positive
	// exit: options[0].price: probability outside [0, 1]
}

// Recommend an exit plan for a performing borrower whose warning level rose
// to orange after a downgrade of three notches.
func ExampleTriggerSet_Recommend() {
	p, _ := exit.CompileTriggerSet(exit.DefaultTriggerSetSpec())
	rec, _ := p.Recommend(exit.Borrower{ID: "B-4", WarningLevel: exit.Orange, Notches: 3})
	fmt.Println(rec.Plan)
	for _, r := range rec.Reasons {
		fmt.Println(" ", r.Rule, "→", r.Plan)
	}
	// Output:
	// accelerate
	//   orange-downgrade → accelerate
	//   yellow-downgrade → do-not-renew
	//   orange → do-not-renew
	//   yellow → reduce
	//   downgrade-2 → reduce
}

// Discount dated cash flows at 9 % ACT/365F (the Excel XNPV example).
func ExampleDiscount_NPV() {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	flows := []exit.CashFlow{
		{Date: d(2008, 1, 1), Amount: decimal.NewFromInt(-10000)},
		{Date: d(2008, 3, 1), Amount: decimal.NewFromInt(2750)},
		{Date: d(2008, 10, 30), Amount: decimal.NewFromInt(4250)},
		{Date: d(2009, 2, 15), Amount: decimal.NewFromInt(3250)},
		{Date: d(2009, 4, 1), Amount: decimal.NewFromInt(2750)},
	}
	npv, _ := exit.Discount{Valuation: d(2008, 1, 1), Rate: 0.09}.NPV(flows)
	irr, _ := exit.IRR(d(2008, 1, 1), exit.ACT365Fixed, flows)
	fmt.Println(npv.StringFixed(2), fmt.Sprintf("%.6f", irr))
	// Output:
	// 2086.65 0.373363
}
