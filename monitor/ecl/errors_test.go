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
// goodExposure is a valid Stage2 exposure (ID "L-1") that each error case edits.
func goodExposure() *Exposure {
	ts, _ := ConstantPD(0.02, 12, 24)
	return &Exposure{ID: "L-1", Stage: Stage2, PD: ts, LGD: LGD{Rate: 0.4}, EIR: 0.05,
		Contract: Contract{Repayment: Annuity, Balance: dec("1000"), Rate: 0.05, Periods: 24, PeriodsPerYear: 12}}
}

func TestErrors(t *testing.T) {
	good := goodExposure
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

// TestValidateScenarios: a scenario list is refused up front with the error Compute would give
// for it, and with an error at the name for an empty or repeated name.
func TestValidateScenarios(t *testing.T) {
	if err := ValidateScenarios(nil); err != nil {
		t.Errorf("empty list: %v", err)
	}
	if err := ValidateScenarios([]Scenario{{"up", 0.3, 0.8}, {"base", 0.4, 0}, {"down", 0.3, 2}}); err != nil {
		t.Errorf("valid list: %v", err)
	}
	many := make([]Scenario, MaxScenarios+1)
	for i := range many {
		many[i] = Scenario{Name: string(rune('a' + i)), Weight: 1.0 / float64(len(many))}
	}
	for _, tc := range []struct {
		name  string
		sc    []Scenario
		want  error
		field string
	}{
		{"sum", []Scenario{{"a", 0.5, 1}, {"b", 0.4, 1}}, ErrWeights, "scenarios"},
		{"sum within 1e-9 but not 1e-8", []Scenario{{"a", 0.5, 1}, {"b", 0.5 + 1e-8, 1}}, ErrWeights, "scenarios"},
		{"too many", many, ErrWeights, "scenarios"},
		{"NaN weight", []Scenario{{"a", math.NaN(), 1}, {"b", 1, 1}}, ErrProbability, "scenarios[0].weight"},
		{"weight above 1", []Scenario{{"a", 1.5, 1}, {"b", -0.5, 1}}, ErrProbability, "scenarios[0].weight"},
		{"negative weight", []Scenario{{"a", 1, 1}, {"b", -0.5, 1}}, ErrProbability, "scenarios[1].weight"},
		{"infinite scale", []Scenario{{"a", 1, math.Inf(1)}}, ErrValue, "scenarios[0].pdScale"},
		{"empty name", []Scenario{{"a", 0.5, 1}, {"", 0.5, 1}}, ErrValue, "scenarios[1].name"},
		{"blank name", []Scenario{{" ", 1, 1}}, ErrValue, "scenarios[0].name"},
		{"repeated name", []Scenario{{"a", 0.5, 1}, {"a", 0.5, 1}}, ErrValue, "scenarios[1].name"},
	} {
		err := ValidateScenarios(tc.sc)
		var ie *InputError
		if !errors.Is(err, tc.want) || !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: err = %v, want %v at %s", tc.name, err, tc.want, tc.field)
		}
		// Compute gives the same error for every defect but the names.
		if tc.want == ErrValue && strings.HasSuffix(tc.field, ".name") {
			continue
		}
		if _, cerr := Compute(goodExposure(), tc.sc); cerr == nil || cerr.Error() != err.Error() {
			t.Errorf("%s: Compute err = %v, ValidateScenarios err = %v", tc.name, cerr, err)
		}
	}
}
