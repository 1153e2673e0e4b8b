package monitor_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/monitor"
)

// Example evaluates the default SME signal set on a year of monthly history, classifies the
// loan under the 2023 Measures and combines both into the final warning level.
func Example() {
	set, err := monitor.CompileSignalSet(monitor.DefaultSignalSetSpec())
	if err != nil {
		fmt.Println(err)
		return
	}
	h := monitor.History{Loan: "SME-042"}
	for m := range 12 {
		o := monitor.Observation{
			Date:        time.Date(2025, time.January+time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC),
			Known:       monitor.FieldOutstanding | monitor.FieldLimit | monitor.FieldPastDue,
			Outstanding: decimal.NewFromInt(950_000),
			Limit:       decimal.NewFromInt(1_000_000),
		}
		if m >= 9 { // arrears from October
			o.DPD = 30*(m-9) + 20
			o.PastDue = decimal.NewFromInt(40_000)
		}
		if m == 10 {
			o.Events = monitor.EventLawsuit
		}
		h.Observations = append(h.Observations, o)
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	r, err := set.Evaluate(&h, asOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range r.Signals {
		fmt.Printf("%s %-6s %s value %g threshold %g at %s\n", s.Code, s.Severity, s.Rule,
			s.Evidence.Value, s.Evidence.Threshold, s.Evidence.Period.Format(time.DateOnly))
	}
	c, _ := monitor.Classify(monitor.ClassificationInput{Loan: h.Loan, DPD: 80}, asOf)
	fmt.Println("signals:", r.Level, "escalated:", r.Escalated)
	fmt.Println("category:", c.Category, c.Reasons[0].Code)
	fmt.Println("final:", monitor.FinalLevel(r.Level, c.Category))
	// Output:
	// EWS01 yellow ews01 value 80 threshold 5 at 2025-12-31
	// EWS02 orange ews02 value 80 threshold 30 at 2025-12-31
	// EWS08 yellow ews08 value 0.95 threshold 0.9 at 2025-12-31
	// EWS19 orange ews19 value 1 threshold 1 at 2025-11-30
	// signals: red escalated: true
	// category: special-mention overdue
	// final: red
}

// ExamplePrepare back-tests a loan: its history is validated and converted once, then
// evaluated at each quarter end, as a portfolio run evaluates its prepared loans.
func ExamplePrepare() {
	set, err := monitor.CompileSignalSet(monitor.DefaultSignalSetSpec())
	if err != nil {
		fmt.Println(err)
		return
	}
	h := monitor.History{Loan: "SME-007"}
	for m := range 12 {
		h.Observations = append(h.Observations, monitor.Observation{
			Date:        time.Date(2025, time.Month(m)+2, 0, 0, 0, 0, 0, time.UTC),
			Known:       monitor.FieldOutstanding | monitor.FieldLimit,
			DPD:         []int{0, 0, 0, 0, 0, 7, 0, 0, 12, 35, 66, 97}[m],
			Outstanding: decimal.NewFromInt(int64(600_000 + 40_000*m)),
			Limit:       decimal.NewFromInt(1_000_000),
		})
	}
	p, err := monitor.Prepare(&h)
	if err != nil {
		fmt.Println(err)
		return
	}
	var r monitor.Result // reused: no allocation once grown
	for q := 1; q <= 4; q++ {
		asOf := time.Date(2025, time.Month(3*q)+1, 0, 0, 0, 0, 0, time.UTC)
		if err := set.EvaluatePreparedTo(&r, p, asOf); err != nil {
			fmt.Println(err)
			return
		}
		var codes []monitor.SignalCode
		for _, s := range r.Signals {
			codes = append(codes, s.Code)
		}
		fmt.Println(asOf.Format(time.DateOnly), r.Level, codes)
	}
	// Output:
	// 2025-03-31 green []
	// 2025-06-30 yellow [EWS01]
	// 2025-09-30 yellow [EWS01 EWS08]
	// 2025-12-31 orange [EWS01 EWS02 EWS08]
}

// ExampleClassify shows the strict day boundaries of the 2023 Measures and the reasons.
func ExampleClassify() {
	asOf := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	for _, dpd := range []int{0, 5, 90, 91, 271, 361} {
		c, err := monitor.Classify(monitor.ClassificationInput{DPD: dpd, TechnicalDelay: dpd <= 7}, asOf)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("DPD %3d: %-15s %v\n", dpd, c.Category, c.Reasons)
	}
	// Expert judgement can only make it worse.
	c, _ := monitor.Classify(monitor.ClassificationInput{DPD: 120, Expert: monitor.SpecialMention}, asOf)
	fmt.Println("expert says special mention at 120 DPD:", c.Category)
	// Output:
	// DPD   0: normal          []
	// DPD   5: normal          []
	// DPD  90: special-mention [{overdue special-mention}]
	// DPD  91: substandard     [{dpd-over-90 substandard}]
	// DPD 271: doubtful        [{dpd-over-270 doubtful}]
	// DPD 361: loss            [{dpd-over-360 loss}]
	// expert says special mention at 120 DPD: substandard
}

// ExampleCUSUM runs the tabular CUSUM of the NIST/SEMATECH e-Handbook §6.3.2.3 example.
func ExampleCUSUM() {
	x := []float64{324.925, 324.675, 324.725, 324.350, 325.350, 325.225, 324.125, 324.525,
		325.225, 324.600, 324.625, 325.150, 328.325, 327.250, 327.825, 328.500, 326.675, 327.775, 326.875, 328.350}
	c, err := monitor.NewCUSUM(monitor.CUSUMParams{Target: 325, Sigma: 0.635, K: 0.5, H: 4.1959 / 0.635})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, found, err := c.FirstAlarm(x)
	if err != nil || !found {
		fmt.Println("no alarm", err)
		return
	}
	fmt.Printf("alarm at observation %d (%s), shift began at observation %d\n", a.Index+1, a.Side, a.Onset+1)
	fmt.Printf("C+ = %.4f > H = %.4f; new mean ≈ %.2f\n", a.Sum, c.Limit(), a.NewMean)
	// Output:
	// alarm at observation 14 (up), shift began at observation 13
	// C+ = 4.9400 > H = 4.1959; new mean ≈ 327.79
}

// ExampleLoadSignalSet loads a signal set from JSON and shows how all spec problems are
// reported at once, with paths.
func ExampleLoadSignalSet() {
	_, err := monitor.LoadSignalSet([]byte(`{"kind": "signal-set", "id": "x", "version": "1", "rules": [
		{"id": "a", "code": "A", "kind": "threshold", "category": "behavioural", "severity": 2, "metric": "dpd", "op": "gt", "value": 30},
		{"id": "b", "code": "B", "kind": "ewma", "category": "account", "severity": 5, "metric": "turnover",
		 "side": "down", "lambda": 1.5, "l": 3, "window": 3, "minHistory": 12}]}`))
	fmt.Println(errors.Is(err, monitor.ErrInvalidSpec))
	fmt.Println(err)
	// Output:
	// true
	// monitor: rules[1].severity: invalid signal spec: must be 1, 2 or 3, got 5
	// monitor: rules[1].lambda: invalid signal spec: 1.5 (want in (0, 1])
}

// ExampleSignalSet_Evaluate_error shows a typed input error naming the loan and the field.
func ExampleSignalSet_Evaluate_error() {
	set, _ := monitor.CompileSignalSet(monitor.DefaultSignalSetSpec())
	d := func(m time.Month) time.Time { return time.Date(2025, m, 28, 0, 0, 0, 0, time.UTC) }
	h := monitor.History{Loan: "SME-7", Observations: []monitor.Observation{
		{Date: d(1)}, {Date: d(2), DPD: -3}, {Date: d(3)},
	}}
	_, err := set.Evaluate(&h, d(3))
	var ie *monitor.InputError
	if errors.As(err, &ie) {
		fmt.Printf("%s | %s\n", ie.Field, ie.Value)
	}
	fmt.Println(err)
	// Output:
	// loan "SME-7" observations[1].dpd | -3
	// monitor: loan "SME-7" observations[1].dpd = -3: invalid input
}
