package main

import (
	"path/filepath"

	"github.com/smecredit/smecredit/examples/internal/plots"
	"github.com/smecredit/smecredit/rating/validation"
)

// Plot helpers shared by the stages: thin wrappers of the examples' plots package. Each writes
// one PNG into opts.PlotsDir and does nothing when opts.PlotsDir is empty.

// plotCurves draws the ROC and CAP curves of scores against defaults into
// DIR/<name>-roc.png and DIR/<name>-cap.png.
func plotCurves(opts Options, name, title string, scores []float64, defaults []bool, order validation.ScoreOrder) error {
	if opts.PlotsDir == "" {
		return nil
	}
	if err := plots.ROC(filepath.Join(opts.PlotsDir, name+"-roc.png"), title, scores, defaults, order); err != nil {
		return err
	}
	return plots.CAP(filepath.Join(opts.PlotsDir, name+"-cap.png"), title, scores, defaults, order)
}

// plotBars draws a bar chart with one labelled bar per value into DIR/<name>.png.
func plotBars(opts Options, name, title, ylabel string, labels []string, values []float64) error {
	if opts.PlotsDir == "" {
		return nil
	}
	return plots.Bars(filepath.Join(opts.PlotsDir, name+".png"), title, "", ylabel, "%.3g", labels, values)
}
