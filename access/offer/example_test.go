package offer_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access/offer"
)

// Load a policy, then limit and price one working-capital applicant: the binding basis wins
// and the price is itemised.
func Example() {
	data, err := os.ReadFile("testdata/sme-offer-policy.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	pol, err := offer.LoadOfferPolicy(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := offer.Application{
		Grade: "B", Product: "working-capital", PD: 0.02, LGD: 0.45,
		Repayment: offer.Repayment{TermMonths: 12},
		WorkingCapital: offer.WorkingCapitalInputs{
			Sales: decimal.RequireFromString("60000000"), ProfitMargin: 0.08, Growth: 0.10,
			InventoryDays: 40, ReceivableDays: 45, PrepaymentDays: 5, PayableDays: 15, AdvanceDays: 5,
			OwnFunds: decimal.RequireFromString("3000000"), ExistingLoans: decimal.RequireFromString("2000000"),
		},
		CashFlow: decimal.RequireFromString("8000000"),
	}
	o, err := pol.Offer(&a)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range o.Limit.Bases {
		if b.Applied() {
			fmt.Printf("%-15s %14s  %s\n", b.Basis, b.Amount().StringFixed(2), b.Reason)
		}
	}
	fmt.Printf("limit %s (%s binds)\n", o.Limit.Amount().StringFixed(2), o.Limit.Binding)
	p := o.Price
	fmt.Printf("rate %.2f%% = funding %.2f%% + opex %.2f%% + EL %.2f%% + capital charge %.2f%% (capital %.2f%%)\n",
		100*p.Rate, 100*p.Funding, 100*p.OperatingCost, 100*p.ExpectedLoss, 100*p.CapitalCharge, 100*p.Capital)
	raroc, _ := p.RAROC(0.06)
	fmt.Printf("floor %.2f%%; at a flat 6%% RAROC is %.1f%%\n", 100*p.Floor, 100*raroc)
	// Output:
	// working-capital     6806666.67  funding-gap
	// cash-flow           6229985.07  debt-service
	// grade-cap          10000000.00  policy-cap
	// product-cap        10000000.00  policy-cap
	// sales-share        30000000.00  policy-cap
	// capital-share       8000000.00  capital-headroom
	// limit 6229985.07 (cash-flow binds)
	// rate 4.69% = funding 2.00% + opex 1.00% + EL 0.90% + capital charge 0.79% (capital 7.89%)
	// floor 3.74%; at a flat 6% RAROC is 28.6%
}

// The working-capital formula of the 2010 annex alone, on the bank sheet's figures (RMB 10k).
func ExampleWorkingCapitalNeed() {
	in := offer.WorkingCapitalInputs{
		Sales: decimal.RequireFromString("20315.74"), ProfitMargin: 903.12 / 20315.74, Growth: 36500/20315.74 - 1,
		InventoryDays: 19.328, ReceivableDays: 21.662, PrepaymentDays: 34.641, PayableDays: 0.019, AdvanceDays: 1.410,
		OwnFunds: decimal.RequireFromString("3001.22"),
	}
	r, err := offer.WorkingCapitalNeed(&in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("turnover %.2f, need %s, new loan %s\n", r.Turnover, r.Need(), r.Gap())
	// Output: turnover 4.85, need 7188.82, new loan 4187.6
}

// RAROC on money, and an error that names its field.
func ExampleRAROC() {
	r, err := offer.RAROC(offer.Economics{
		Income: decimal.NewFromInt(120000), Funding: decimal.NewFromInt(45000),
		OperatingCost: decimal.NewFromInt(30000), ExpectedLoss: decimal.NewFromInt(30000),
		Capital: decimal.NewFromInt(240000), RiskFreeRate: 0.03,
	})
	fmt.Printf("RAROC %.2f%% %v\n", 100*r, err)
	_, err = offer.RAROC(offer.Economics{Income: decimal.NewFromInt(1)})
	var ie *offer.InputError
	fmt.Println(errors.Is(err, offer.ErrCapital), errors.As(err, &ie) && ie.Field == "capital", err)
	// Output:
	// RAROC 9.25% <nil>
	// true true offer: capital = 0: no capital to divide by
}

// Find the loans of a book priced below their risk-based rate and below their floor.
func ExampleReviewPricing() {
	price := offer.Price{Funding: 0.02, OperatingCost: 0.01, ExpectedLoss: 0.01, Capital: 0.08,
		RiskFreeRate: 0.02, HurdleRate: 0.12}
	price.Rate, _ = price.BreakEven(price.HurdleRate)
	price.Floor, _ = price.BreakEven(0)
	rev, err := offer.ReviewPricing([]offer.PricedLoan{
		{Rate: 0.05, Price: price, Balance: decimal.NewFromInt(1_000_000)},
		{Rate: 0.035, Price: price, Balance: decimal.NewFromInt(2_000_000)},
		{Rate: 0.03, Price: price, Balance: decimal.NewFromInt(500_000)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("rate %.2f%%, floor %.2f%%\n", 100*price.Rate, 100*price.Floor)
	fmt.Printf("%d of %d below rate (shortfall %s a year), %d below floor (loss %s a year)\n",
		rev.BelowRate, rev.N, rev.Shortfall, rev.BelowFloor, rev.Loss)
	// Output:
	// rate 4.80%, floor 3.84%
	// 2 of 3 below rate (shortfall 35000 a year), 2 below floor (loss 11000 a year)
}

// Offer a whole book through the allocation-free path: one Offer value reused for every
// applicant; OfferAll does the same and keeps each result or error.
func ExampleOfferPolicy_OfferTo() {
	pol, err := offer.CompileOfferPolicy(offer.DefaultOfferPolicySpec())
	if err != nil {
		fmt.Println(err)
		return
	}
	book := []offer.Application{
		{Product: "term-loan", PD: 0.005, LGD: 0.45, Repayment: offer.Repayment{TermMonths: 36},
			WorkingCapital: offer.WorkingCapitalInputs{Sales: decimal.NewFromInt(20_000_000)},
			CashFlow:       decimal.NewFromInt(2_000_000),
			Collateral:     []offer.CollateralItem{{Type: offer.Equipment, Value: decimal.NewFromInt(3_000_000)}}},
		{Product: "term-loan", PD: 0.05, LGD: 0.45, Repayment: offer.Repayment{TermMonths: 36},
			WorkingCapital: offer.WorkingCapitalInputs{Sales: decimal.NewFromInt(20_000_000)},
			CashFlow:       decimal.NewFromInt(2_000_000)},
		{Product: "term-loan", PD: 0.05, LGD: 1.2},
	}
	var o offer.Offer
	for i := range book {
		if err := pol.OfferTo(&o, &book[i]); err != nil {
			fmt.Println(i, err)
			continue
		}
		fmt.Printf("%d limit %s (%s: %s), rate %.2f%%\n", i, o.Limit.Amount().StringFixed(0), o.Limit.Binding,
			o.Limit.Basis(o.Limit.Binding).Reason, 100*o.Price.Rate)
	}
	// Output:
	// 0 limit 1200000 (collateral: lending-value), rate 4.20%
	// 1 limit 0 (collateral: no-eligible-security), rate 6.91%
	// 2 offer: lgd = 1.2: fraction outside [0, 1]
}
