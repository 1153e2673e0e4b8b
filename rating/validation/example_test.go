package validation_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/smecredit/smecredit/rating/validation"
)

// Example validates a small rating model end to end: discrimination of its
// scores, stability of the score distribution and calibration per grade.
func Example() {
	// Scores (higher = riskier) and one-year default outcomes.
	scores := []float64{0.01, 0.02, 0.02, 0.03, 0.05, 0.08, 0.10, 0.15, 0.20, 0.30, 0.04, 0.06}
	defaults := []bool{false, false, false, false, true, false, false, true, false, true, false, false}
	d, err := validation.Discriminate(scores, defaults, validation.HigherRiskier)
	var weak *validation.FewDefaultsWarning
	if errors.As(err, &weak) {
		fmt.Println("warning:", weak.Stat, "rests on", weak.Defaults, "defaults")
	}
	fmt.Printf("AUC %.3f  Gini %.3f  KS %.3f\n", d.AUC, d.Gini, d.KS)

	// Stability: development vs current counts per score band.
	s, _ := validation.PSI([]float64{120, 300, 400, 180}, []float64{90, 260, 430, 220}, validation.StabilityOptions{})
	fmt.Printf("PSI %.4f (%v)\n", s.PSI, s.Band)
	// Output:
	// warning: discrimination rests on 3 defaults
	// AUC 0.815  Gini 0.630  KS 0.556
	// PSI 0.0246 (stable)
}

// ExampleDiscriminate shows AUC, Gini and KS with tied scores; the
// direction is explicit: a points scorecard gives safer obligors more
// points. (AUC and KS agree with SciPy 1.10.1 mannwhitneyu and a direct
// evaluation of the KS gap over the distinct scores.)
func ExampleDiscriminate() {
	points := []float64{520, 560, 560, 600, 640, 640, 680, 700, 720, 760, 780, 800}
	defaults := []bool{true, true, false, true, false, false, false, true, false, false, false, false}
	d, _ := validation.Discriminate(points, defaults, validation.HigherSafer)
	fmt.Printf("AUC %.4f  Gini %.4f  KS %.4f at %v points\n", d.AUC, d.Gini, d.KS, d.KSThreshold)
	// Output:
	// AUC 0.8281  Gini 0.6562  KS 0.6250 at 600 points
}

// ExamplePSI reproduces optbinning's monitoring tutorial (PSI 0.004776) and
// shows the recorded empty-bin policy.
func ExamplePSI() {
	expected := []float64{565, 803, 807, 729, 1015, 565, 417, 752, 823, 845}
	actual := []float64{236, 334, 331, 310, 416, 269, 185, 298, 407, 352}
	s, err := validation.PSI(expected, actual, validation.StabilityOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("PSI %.6f, band %v, policy %v (applied: %v)\n", s.PSI, s.Band, s.Policy, s.Adjusted)

	// An empty bin under the strict policy is an error naming the bin.
	_, err = validation.PSI([]float64{10, 20, 30}, []float64{12, 0, 31}, validation.StabilityOptions{Empty: validation.EmptyBinError})
	fmt.Println(err)
	// Output:
	// PSI 0.004776, band stable, policy add-count (applied: false)
	// validation: actual[1] = 0: bin empty in one sample
}

// ExamplePSISamples checks a 0/1 flag whose share of ones moved from 3 % to
// 40 %: the cuts separate the two values, so the shift shows.
func ExamplePSISamples() {
	flag := func(n, ones int) []float64 {
		x := make([]float64, n)
		for i := range ones {
			x[i] = 1
		}
		return x
	}
	s, err := validation.PSISamples(flag(1000, 30), flag(1000, 400), validation.StabilityOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("cuts %v, expected %v, actual %v: PSI %.4f, %v\n", s.Cuts, s.Expected, s.Actual, s.PSI, s.Band)

	// A constant development sample leaves one bin: PSI 0 comes with a warning.
	_, err = validation.PSISamples(flag(100, 0), flag(100, 50), validation.StabilityOptions{})
	var one *validation.OneBinWarning
	fmt.Println(errors.As(err, &one), err)
	// Output:
	// cuts [1], expected [970 30], actual [600 400]: PSI 1.1361, significant
	// true validation: stability rests on one bin (the expected sample is constant)
}

// ExampleReportGrades back-tests a master scale: per grade the observed
// default rate against the PD, Jeffreys and binomial p-values and a traffic
// light; grades with fewer than five defaults come with a warning.
func ExampleReportGrades() {
	grades := []validation.GradeInput{
		{Grade: "A", Obligors: 100, Defaults: 3, PD: 0.01},
		{Grade: "B", Obligors: 400, Defaults: 12, PD: 0.02},
		{Grade: "C", Obligors: 200, Defaults: 10, PD: 0.01},
		{Grade: "D", Obligors: 500, Defaults: 27, PD: 0.03},
	}
	rep, err := validation.ReportGrades(grades, validation.GradeReportOptions{})
	for _, r := range append(rep.Rows, rep.Total) {
		fmt.Printf("%-5s %4d %3d  DR %.4f  PD %.4f  Jeffreys %.4f  binomial %.4f  %v\n",
			r.Grade, r.Obligors, r.Defaults, r.DefaultRate, r.PD, r.JeffreysP, r.BinomialP, r.Light)
	}
	fmt.Printf("Herfindahl %.4f\n", rep.Herfindahl)
	fmt.Println(err)
	// Output:
	// A      100   3  DR 0.0300  PD 0.0100  Jeffreys 0.0393  binomial 0.0794  yellow
	// B      400  12  DR 0.0300  PD 0.0200  Jeffreys 0.0831  binomial 0.1097  green
	// C      200  10  DR 0.0500  PD 0.0100  Jeffreys 0.0000  binomial 0.0000  red
	// D      500  27  DR 0.0540  PD 0.0300  Jeffreys 0.0020  binomial 0.0029  yellow
	// total 1200  52  DR 0.0433  PD 0.0217  Jeffreys 0.0000  binomial 0.0000  red
	// Herfindahl 0.3194
	// validation: too few defaults: grade report with 3 defaults (minimum 5) in A
}

// ExampleCohort estimates a one-year migration matrix from rating
// histories; the withdrawn rating is reported apart, not as a migration.
func ExampleCohort() {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	events := []validation.RatingEvent{
		{Obligor: "a", Date: d(2023, 1, 1), State: "A"}, {Obligor: "a", Date: d(2023, 7, 1), State: "B"},
		{Obligor: "b", Date: d(2022, 6, 30), State: "A"},
		{Obligor: "c", Date: d(2023, 1, 1), State: "B"}, {Obligor: "c", Date: d(2023, 3, 1), State: "D"},
		{Obligor: "d", Date: d(2023, 1, 1), State: "B"}, {Obligor: "d", Date: d(2023, 5, 1), State: "NR"},
		{Obligor: "e", Date: d(2022, 1, 1), State: "B"},
	}
	spec := validation.MigrationSpec{States: []string{"A", "B", "D", "NR"}, Default: "D", Withdrawn: "NR"}
	m, err := validation.Cohort(events, spec, validation.CohortOptions{Start: d(2023, 1, 1), End: d(2024, 1, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, row := range m.P {
		fmt.Printf("%s %.3f  withdrawn %v of %v\n", m.States[i], row, m.Withdrawn[i], m.AtRisk[i])
	}
	cum, _ := m.TermStructure("D", 3)
	fmt.Printf("cumulative PD of B over 1-3 years: %.3f %.3f %.3f\n", cum[0][1], cum[1][1], cum[2][1])
	// Output:
	// A [0.500 0.500 0.000]  withdrawn 0 of 2
	// B [0.000 0.500 0.500]  withdrawn 1 of 3
	// D [0.000 0.000 1.000]  withdrawn 0 of 0
	// cumulative PD of B over 1-3 years: 0.500 0.750 0.875
}

// ExampleEstimateAUC gives the AUC of Hanley and McNeil's (1982) CT
// ratings (1 definitely normal … 5 definitely abnormal; 58 normal and 51
// abnormal cases) with DeLong's standard error and 95 % interval, as Stata's
// roctab reports them for the same data.
func ExampleEstimateAUC() {
	normal := []int{33, 6, 6, 11, 2}
	abnormal := []int{3, 2, 2, 11, 33}
	var ratings []float64
	var events []bool
	for r := range 5 {
		for range normal[r] {
			ratings, events = append(ratings, float64(r+1)), append(events, false)
		}
		for range abnormal[r] {
			ratings, events = append(ratings, float64(r+1)), append(events, true)
		}
	}
	e, _ := validation.EstimateAUC(ratings, events, validation.HigherRiskier)
	fmt.Printf("AUC %.4f  SE %.4f  95%% CI %.5f–%.5f\n", e.AUC, e.SE, e.Lower, e.Upper)
	// Output:
	// AUC 0.8932  SE 0.0307  95% CI 0.83295–0.95339
}

// ExampleMonitor compares a development and a current sample of a
// scorecard: system PSI, one variable's CSI, per-bin event-rate tests and
// the change of AUC, each with its traffic light.
func ExampleMonitor() {
	sample := func(n int, drift float64) validation.MonitorSample {
		var s validation.MonitorSample
		s.Bins = [][]int{make([]int, n)}
		for i := range n {
			bin := i % 4
			if float64(i%10) < drift*10 {
				bin = 3 // drift moves rows into the last bin
			}
			s.Scores = append(s.Scores, float64(600-40*bin+i%7))
			s.Defaults = append(s.Defaults, i%(9-2*bin) == 0)
			s.Bins[0][i] = bin
		}
		return s
	}
	dev, cur := sample(4000, 0), sample(2000, 0.3)
	rep, err := validation.Monitor(dev, cur, validation.MonitorOptions{
		Order: validation.HigherSafer, Variables: []string{"utilisation"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("system PSI %.3f %v (%v)\n", rep.System.PSI, rep.System.Band, rep.System.Light)
	v := rep.Variables[0]
	fmt.Printf("%s CSI %.3f (%v)\n", v.Name, v.CSI.PSI, v.CSI.Light)
	fmt.Printf("AUC %.3f → %.3f, p = %.2f (%v)\n", rep.AUC.Dev.AUC, rep.AUC.Cur.AUC, rep.AUC.Change.PValue, rep.AUC.Light)
	fmt.Println("report:", rep.Light)
	// Output:
	// system PSI 0.246 investigate (yellow)
	// utilisation CSI 0.287 (red)
	// AUC 0.667 → 0.681, p = 0.42 (green)
	// report: red
}
