package ecl

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestErrors is the table of the package's sentinels and error types: each bad input gives an
// *InputError naming the exposure, period or scenario that unwraps to the right sentinel.
func TestErrors(t *testing.T) {
	good := func() *Exposure {
		ts, _ := ConstantPD(0.02, 12, 24)
		return &Exposure{ID: "L-1", Stage: Stage2, PD: ts, LGD: LGD{Rate: 0.4}, EIR: 0.05,
			Contract: Contract{Repayment: Annuity, Balance: dec("1000"), Rate: 0.05, Periods: 24, PeriodsPerYear: 12}}
	}
	for _, tc := range []struct {
		name  string
		edit  func(e *Exposure)
		sc    []Scenario
		want  error
		field string
	}{
		{"PD above 1", func(e *Exposure) { e.PD.Marginal[5] = 1.5 }, nil, ErrProbability, "exposures[L-1].pd[5]"},
		{"PD NaN", func(e *Exposure) { e.PD.Marginal[3] = math.NaN() }, nil, ErrProbability, "exposures[L-1].pd[3]"},
		{"PDs sum above 1", func(e *Exposure) { e.PD.Marginal[1] = 0.99; e.PD.Marginal[2] = 0.5 }, nil, ErrCumulative, "exposures[L-1].pd[2]"},
		{"LGD above 1", func(e *Exposure) { e.LGD.Rate = 1.01 }, nil, ErrProbability, "exposures[L-1].lgd.rate"},
		{"LGD per period", func(e *Exposure) { e.LGD.PerPeriod = make([]float64, 24); e.LGD.PerPeriod[7] = -0.1 }, nil, ErrProbability, "exposures[L-1].lgd.perPeriod[7]"},
		{"negative EAD", func(e *Exposure) { e.Contract.Balance = dec("-1") }, nil, ErrAmount, "exposures[L-1].contract.balance"},
		{"huge EAD", func(e *Exposure) { e.Contract.Balance = dec("1e400") }, nil, ErrAmount, "exposures[L-1].contract.balance"},
		{"EIR -100%", func(e *Exposure) { e.EIR = -1 }, nil, ErrRate, "exposures[L-1].eir"},
		{"EIR Inf", func(e *Exposure) { e.EIR = math.Inf(1) }, nil, ErrRate, "exposures[L-1].eir"},
		{"short curve", func(e *Exposure) { e.PD.Marginal = e.PD.Marginal[:12] }, nil, ErrPeriods, "exposures[L-1].pd"},
		{"grid mismatch", func(e *Exposure) { e.PD.PeriodsPerYear = 1 }, nil, ErrPeriods, "exposures[L-1].pd.periodsPerYear"},
		{"too many periods", func(e *Exposure) { e.Contract.Periods = MaxPeriods + 1 }, nil, ErrPeriods, "exposures[L-1].contract.periods"},
		{"bad stage", func(e *Exposure) { e.Stage = 7 }, nil, ErrValue, "exposures[L-1].stage"},
		{"not amortising", func(e *Exposure) {
			e.Contract.Repayment = Schedule
			e.Contract.Payments = make([]decimal.Decimal, 24)
		}, nil, ErrNotAmortising, "exposures[L-1].contract.payments"},
		{"weights", nil, []Scenario{{Weight: 0.5}, {Weight: 0.4}}, ErrWeights, "scenarios"},
		{"weight NaN", nil, []Scenario{{Weight: math.NaN()}}, ErrProbability, "scenarios[0].weight"},
		{"scale negative", nil, []Scenario{{Weight: 1, PDScale: -1}}, ErrValue, "scenarios[0].pdScale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := good()
			if tc.edit != nil {
				tc.edit(e)
			}
			_, err := Compute(e, tc.sc)
			var ie *InputError
			if !errors.Is(err, tc.want) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if ie.Field != tc.field {
				t.Errorf("field %q, want %q", ie.Field, tc.field)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "ecl: ") || strings.Contains(msg, "ecl: ecl:") || len(msg) > 300 {
				t.Errorf("message %q", msg)
			}
		})
	}
	if _, err := RemainingPeriods(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 12); !errors.Is(err, ErrMatured) {
		t.Errorf("matured: %v", err)
	}
	if n, err := RemainingPeriods(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC), 12); n != 60 || err != nil {
		t.Errorf("5 years monthly: %d, %v", n, err)
	}
	if _, err := FromMigration([][]float64{{1}}, 0, 1, 1); !errors.Is(err, ErrMatrix) {
		t.Errorf("1×1 matrix: %v", err)
	}
	if _, err := Movement(nil, []Allowance{{Stage: Stage1, Allowance: -1}}); !errors.Is(err, ErrAmount) {
		t.Errorf("negative allowance: %v", err)
	}
	if err := ComputeTo(nil, good(), nil); !errors.Is(err, ErrValue) {
		t.Errorf("nil dst: %v", err)
	}
	if _, err := Compute(nil, nil); !errors.Is(err, ErrValue) {
		t.Errorf("nil exposure: %v", err)
	}
	var np *StagingPolicy
	if _, err := np.Stage(&StagingInput{}, time.Time{}); !errors.Is(err, ErrValue) {
		t.Errorf("nil policy: %v", err)
	}
	// A batch gives every record its result or its error.
	bad := *good()
	bad.Stage = 0
	res := ComputeAll([]Exposure{*good(), bad, *good()}, nil)
	if res[0].Err != nil || res[1].Err == nil || res[2].Err != nil || res[2].Result.ECL == 0 {
		t.Errorf("batch: %+v", res)
	}
}

func TestComputeToAllocatesNothing(t *testing.T) {
	ts, _ := ConstantPD(0.02, 12, 60)
	e := &Exposure{ID: "x", Stage: Stage2, PD: ts, LGD: LGD{Rate: 0.4}, EIR: 0.05,
		Contract: Contract{Repayment: Annuity, Balance: dec("123456.78"), Rate: 0.05, Periods: 60, PeriodsPerYear: 12}}
	sc := []Scenario{{"a", 0.3, 0.8}, {"b", 0.4, 1}, {"c", 0.3, 1.5}}
	dst := Result{Scenario: make([]Cents, 0, 3)}
	if n := testing.AllocsPerRun(100, func() { _ = ComputeTo(&dst, e, sc) }); n != 0 {
		t.Errorf("ComputeTo allocates %v times", n)
	}
}
