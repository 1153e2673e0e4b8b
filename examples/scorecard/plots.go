package main

import (
	"fmt"
	"path/filepath"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

// drawPlots writes into dir: binning-<variable>.png for each table (counts and event rate per
// bin) and woe-<variable>.png (counts and WoE), then roc.png, cap.png, ks.png and scores.png
// (score distributions of goods and bads on shared bins) of the holdout scores (higher is
// safer).
func drawPlots(dir string, tables []*scorecard.Table, scores []float64, bad []bool) error {
	for _, t := range tables {
		bins := binsOf(t)
		if err := plots.Binning(filepath.Join(dir, "binning-"+t.Name+".png"),
			fmt.Sprintf("%s: counts and event rate by bin (IV %.3f)", t.Name, t.IV), bins, plots.EventRateLine); err != nil {
			return err
		}
		if err := plots.Binning(filepath.Join(dir, "woe-"+t.Name+".png"),
			fmt.Sprintf("%s: counts and WoE by bin (IV %.3f)", t.Name, t.IV), bins, plots.WoELine); err != nil {
			return err
		}
	}
	if err := plots.ROC(filepath.Join(dir, "roc.png"), "Holdout scores", scores, bad, validation.HigherSafer); err != nil {
		return err
	}
	if err := plots.CAP(filepath.Join(dir, "cap.png"), "Holdout scores", scores, bad, validation.HigherSafer); err != nil {
		return err
	}
	if err := plots.KS(filepath.Join(dir, "ks.png"), "Holdout scores", "score (points, higher is safer)", scores, bad); err != nil {
		return err
	}
	return plots.ScoreDistributions(filepath.Join(dir, "scores.png"), "Holdout score distribution of goods and bads",
		"score (points, higher is safer)", scores, bad, 20)
}

// binsOf returns the bins of t as the plots package draws them.
func binsOf(t *scorecard.Table) []plots.Bin {
	bins := make([]plots.Bin, len(t.Bins))
	for i, b := range t.Bins {
		bins[i] = plots.Bin{Label: t.Label(i), NonEvents: b.NonEvents, Events: b.Events, WoE: b.WoE}
	}
	return bins
}
