package main

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

// monitorSample returns the scores, outcomes and each variable's bin per row of a sample, as
// validation.Monitor takes them.
func monitorSample(card *scorecard.Scorecard, cols []scorecard.Column, y []float64) (validation.MonitorSample, error) {
	n := len(y)
	s := validation.MonitorSample{Defaults: make([]bool, n), Bins: make([][]int, len(cols))}
	scores, _, err := scoreAll(card, cols, n)
	if err != nil {
		return s, err
	}
	s.Scores = scores
	for i, v := range y {
		s.Defaults[i] = v == 1
	}
	for j, c := range cols {
		t := card.Variables[j].Table
		s.Bins[j] = make([]int, n)
		for i := range n {
			var b int
			if c.Cat != nil {
				b, err = t.BinOfCategory(c.Cat[i])
			} else {
				b, err = t.BinOf(c.Num[i])
			}
			if err != nil {
				return s, fmt.Errorf("%s row %d: %w", t.Name, i, err)
			}
			s.Bins[j][i] = b
		}
	}
	return s, nil
}

// monitor prints the monitoring report of the scorecard between the development sample (dev)
// and a new sample (cur): system PSI, per-variable CSI, per-bin event-rate tests, and the AUC of
// both with DeLong standard errors and the test of its change, each with its traffic light.
func monitor(w io.Writer, card *scorecard.Scorecard, devCols []scorecard.Column, devY []float64, curCols []scorecard.Column, curY []float64) (validation.MonitorReport, error) {
	dev, err := monitorSample(card, devCols, devY)
	if err != nil {
		return validation.MonitorReport{}, err
	}
	cur, err := monitorSample(card, curCols, curY)
	if err != nil {
		return validation.MonitorReport{}, err
	}
	names := make([]string, len(card.Variables))
	for j, v := range card.Variables {
		names[j] = v.Table.Name
	}
	rep, err := validation.Monitor(dev, cur, validation.MonitorOptions{Order: validation.HigherSafer, Variables: names})
	if err != nil {
		return rep, err
	}
	fmt.Fprintf(w, "Monitoring report: development %d rows, new sample %d rows. Overall light: %v.\n", rep.DevN, rep.CurN, rep.Light)
	fmt.Fprintf(w, "  System PSI over %d score bins (deciles of the development scores): %.4f, %v (%v).\n",
		len(rep.System.Expected), rep.System.PSI, rep.System.Band, rep.System.Light)
	a := rep.AUC
	fmt.Fprintf(w, "  AUC development %.3f (SE %.3f, 95%% CI %.3f–%.3f), new %.3f (SE %.3f, 95%% CI %.3f–%.3f).\n",
		a.Dev.AUC, a.Dev.SE, a.Dev.Lower, a.Dev.Upper, a.Cur.AUC, a.Cur.SE, a.Cur.Lower, a.Cur.Upper)
	fmt.Fprintf(w, "  Change %+.3f, z %.2f, p-value %.3f (%v). Hanley–McNeil SE cross-check: %.3f and %.3f.\n",
		a.Change.Diff, a.Change.Z, a.Change.PValue, a.Light, a.Dev.SEHanleyMcNeil, a.Cur.SEHanleyMcNeil)
	red, yellow := 0, 0
	for _, t := range rep.ScoreTests {
		switch t.Light {
		case validation.Red:
			red++
		case validation.Yellow:
			yellow++
		}
	}
	fmt.Fprintf(w, "  Bad rate per score bin, chi-square tests: %d red (p < 0.05), %d yellow (p < 0.10) of %d bins.\n", red, yellow, len(rep.ScoreTests))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  variable\tCSI\tband\tlight\tbins tested\tlowest p\tworst bin light")
	for _, v := range rep.Variables {
		low, tested := 1.0, 0
		worst := validation.Green
		for _, t := range v.Tests {
			if t.Tested {
				tested++
				low = min(low, t.PValue)
			}
			worst = max(worst, t.Light)
		}
		fmt.Fprintf(tw, "  %s\t%.4f\t%v\t%v\t%d\t%.3f\t%v\n", v.Name, v.CSI.PSI, v.CSI.Band, v.CSI.Light, tested, low, worst)
	}
	tw.Flush()
	for _, e := range rep.Warnings {
		var few *validation.FewDefaultsWarning
		if errors.As(e, &few) {
			fmt.Fprintf(w, "  warning: %v\n", e)
		}
	}
	fmt.Fprintf(w, "  Sources: %s; %s; %s.\n", rep.System.Source, rep.TestsSource, a.Source)
	return rep, nil
}
