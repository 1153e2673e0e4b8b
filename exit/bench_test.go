package exit

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// benchLoans returns n varied troubled loans (fixed seed): mixes of secured,
// guaranteed, viable and defaulted loans so that every option model runs.
func benchLoans(n int) []Loan {
	rng := rand.New(rand.NewPCG(7, 11))
	loans := make([]Loan, n)
	for i := range loans {
		ead := 1_000_00 + rng.Int64N(5_000_000_00)
		l := Loan{EAD: decimal.New(ead, -2), ContractRate: 0.04 + 0.06*rng.Float64(),
			RemainingYears: 1 + 4*rng.Float64(), PD: rng.Float64(), WarningLevel: WarningLevel(rng.IntN(4)),
			Viable: rng.IntN(2) == 0, DSCR: 2 * rng.Float64(), Restructurings: rng.IntN(3),
			CollateralType: CollateralType(rng.IntN(3)), CollateralEnforceable: rng.IntN(4) > 0,
			GuarantorSolvent: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			l.Defaulted, l.DPD = true, 90+rng.IntN(300)
		}
		if rng.IntN(2) == 0 {
			l.Collateral = decimal.New(ead*int64(rng.IntN(15))/10, -2)
		}
		if rng.IntN(3) == 0 {
			l.Guarantee = decimal.New(ead/2, -2)
		}
		if rng.IntN(5) == 0 {
			l.NewCollateral = decimal.New(ead/3, -2)
		}
		loans[i] = l
	}
	return loans
}

// BenchmarkChoose values and ranks the nine default options for n loans.
// Target (issue 7): 100,000 loans in under 1 s on one core.
func BenchmarkChoose(b *testing.B) {
	set, err := CompileOptionSet(DefaultOptionSetSpec())
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1_000, 10_000, 100_000} {
		loans := benchLoans(n)
		b.Run("loans="+strconv.Itoa(n), func(b *testing.B) {
			var d Choice
			cpu0 := processCPU()
			for b.Loop() {
				for i := range loans {
					_ = set.ChooseTo(&d, &loans[i], asOf)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkIRBCapital computes K, RW, RWA and EL for n exposures of mixed
// classes. Target (issue 7): 1,000,000 exposures in under 0.5 s.
func BenchmarkIRBCapital(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		rng := rand.New(rand.NewPCG(5, 9))
		exps := make([]Exposure, n)
		for i := range exps {
			exps[i] = Exposure{Class: AssetClass(rng.IntN(int(numClasses))), PD: 0.0003 + 0.2*rng.Float64(),
				LGD: 0.1 + 0.8*rng.Float64(), EAD: decimal.New(1+rng.Int64N(1e10), -2), M: 1 + 4*rng.Float64(),
				Sales: decimal.New(rng.Int64N(4999), -2)}
		}
		dst := make([]CapitalBatchResult, n)
		b.Run("exposures="+strconv.Itoa(n), func(b *testing.B) {
			cpu0 := processCPU()
			for b.Loop() {
				dst = IRBCapitalAllTo(dst, exps, CapitalOptions{})
			}
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkSensitivity finds the break-evens for one loan.
func BenchmarkSensitivity(b *testing.B) {
	set, _ := CompileOptionSet(DefaultOptionSetSpec())
	for _, l := range []Loan{unsecuredNPL(), securedViable()} {
		b.Run(l.ID, func(b *testing.B) {
			for b.Loop() {
				_, _, _ = set.Sensitivity(l, asOf)
			}
		})
	}
}
