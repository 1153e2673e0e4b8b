package portfolio_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor/portfolio"
)

// Example looks at a tiny book of four loans, three month ends apart, the way a monthly
// portfolio review does: how accounts roll between delinquency buckets, and how concentrated
// the book is by obligor and by sector. The figures can be counted by hand: of the six
// current accounts observed in two consecutive months, two rolled to 30–59 days (33 %); of
// the two in 30–59, one cured and one rolled on to 60–89 (50 % each). Obligor shares are 60,
// 30 and 10 %, so HHI = 0.6² + 0.3² + 0.1² = 0.46 and 1/HHI = 2.17 effective names; sector
// shares are 70 and 30 %, HHI = 0.58.
func Example() {
	type loan struct {
		id, obligor, sector string
		ead                 int64
		dpd                 [3]int // days past due at the three month ends
	}
	book := []loan{
		{"L1", "alpha", "retail", 4000, [3]int{0, 0, 0}},
		{"L2", "alpha", "retail", 2000, [3]int{0, 35, 65}},
		{"L3", "beta", "farming", 3000, [3]int{0, 0, 35}},
		{"L4", "gamma", "retail", 1000, [3]int{40, 0, 0}},
	}
	var hs []portfolio.History
	var es []portfolio.Exposure
	for _, l := range book {
		h := portfolio.History{ID: l.id}
		for _, dpd := range l.dpd {
			h.Buckets = append(h.Buckets, portfolio.BucketOfDPD(dpd))
			h.Balances = append(h.Balances, decimal.NewFromInt(l.ead))
		}
		hs = append(hs, h)
		es = append(es, portfolio.Exposure{Obligor: l.obligor, Sector: l.sector, EAD: decimal.NewFromInt(l.ead)})
	}

	ms, err := portfolio.RollRates(hs) // one flow matrix per pair of month ends
	if err != nil {
		fmt.Println(err)
		return
	}
	p := portfolio.Pool(ms)
	fmt.Printf("roll rates by count over %d monthly transitions: current→30-59 %.0f%%, 30-59→current %.0f%%, 30-59→60-89 %.0f%%; cures %d\n",
		len(ms), 100*p.Rate(portfolio.Current, portfolio.DPD30to59),
		100*p.Rate(portfolio.DPD30to59, portfolio.Current), 100*p.Rate(portfolio.DPD30to59, portfolio.DPD60to89), p.Cures)

	for _, by := range []portfolio.Dimension{portfolio.ByObligor, portfolio.BySector} {
		c, err := portfolio.Concentrate(es, by, 1)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %d names, largest %s %.0f%%, HHI %.2f, effective names %.2f\n",
			by, c.Names, c.Largest, 100*c.LargestShare, c.HHI, c.EffectiveNames)
	}
	// Output:
	// roll rates by count over 2 monthly transitions: current→30-59 33%, 30-59→current 50%, 30-59→60-89 50%; cures 1
	// obligor: 3 names, largest alpha 60%, HHI 0.46, effective names 2.17
	// sector: 2 names, largest retail 70%, HHI 0.58, effective names 1.72
}

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

// Two origination cohorts reported at month 5: the later cohort's curves stop at 3 months on
// book (censored), not at zero. Loss rates are on the cohort's original balance.
func ExampleVintages() {
	d := decimal.NewFromInt
	vs, err := portfolio.Vintages([]portfolio.Loan{
		{ID: "a", Originated: 0, Defaulted: true, DefaultMonth: 4, Amount: d(1000), Loss: d(400)},
		{ID: "b", Originated: 0, Amount: d(1000)},
		{ID: "c", Originated: 2, Defaulted: true, DefaultMonth: 3, Amount: d(500), Loss: d(100)},
		{ID: "d", Originated: 2, Amount: d(1500)},
	}, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vs {
		fmt.Printf("cohort %d, %d loans, seen to MOB %d: defaults %v, loss %v\n",
			v.Cohort, v.Loans, v.Observed, v.CumDefaultRate, v.CumLossRate)
	}
	// Output:
	// cohort 0, 2 loans, seen to MOB 5: defaults [0 0 0 0 0.5 0.5], loss [0 0 0 0 0.2 0.2]
	// cohort 2, 2 loans, seen to MOB 3: defaults [0 0.5 0.5 0.5], loss [0 0.05 0.05 0.05]
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

// Three probability-weighted macro scenarios: GDP growth of +3 %, +1.5 % and −2 % against a
// mean of 1.5 % and a standard deviation of 2 %, mapped to the systematic factor with
// sensitivity 1, applied to a two-grade book; each scenario's EL beside the weighted one.
func ExampleStressScenarios() {
	var scs []portfolio.Scenario
	for _, s := range []struct {
		name      string
		weight, x float64
	}{{"upside", 0.25, 3}, {"base", 0.5, 1.5}, {"downside", 0.25, -2}} {
		z, err := portfolio.MacroZ(s.x, 1.5, 2, 1)
		if err != nil {
			fmt.Println(err)
			return
		}
		scs = append(scs, portfolio.Scenario{Name: s.name, Weight: s.weight, Z: z})
	}
	d := decimal.NewFromInt
	book := []portfolio.Position{
		{Grade: "A", EAD: d(100_000), PD: 0.01, LGD: 0.45, Rho: 0.15},
		{Grade: "B", EAD: d(50_000), PD: 0.05, LGD: 0.45, Rho: 0.15},
	}
	a, err := portfolio.StressScenarios(book, scs, portfolio.VasicekShift)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range a.Scenarios {
		tot := s.Grades[len(s.Grades)-1]
		fmt.Printf("%-8s Z %5.2f  EL %v (base %v)\n", s.Name, scs[i].Z, tot.StressedEL, tot.BaseEL)
	}
	w := a.Weighted[len(a.Weighted)-1]
	fmt.Printf("weighted EL %v, PD %.4f\n", w.StressedEL, w.StressedPD)
	// Output:
	// upside   Z  0.75  EL 504.81 (base 1575)
	// base     Z  0.00  EL 1098.69 (base 1575)
	// downside Z -1.75  EL 4969.26 (base 1575)
	// weighted EL 1917.87, PD 0.0284
}
