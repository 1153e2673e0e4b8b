package main

import (
	"fmt"
	"image/color"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/smecredit/smecredit/rating/validation"
)

// Plot helpers shared by the stages. Each writes one PNG into opts.PlotsDir
// and does nothing when opts.PlotsDir is empty.

// plotCurves draws the ROC and CAP curves of scores against defaults into
// DIR/<name>-roc.png and DIR/<name>-cap.png, each with the diagonal of a
// random score for reference.
func plotCurves(opts Options, name, title string, scores []float64, defaults []bool, order validation.ScoreOrder) error {
	if opts.PlotsDir == "" {
		return nil
	}
	fpr, tpr, _, err := validation.ROC(scores, defaults, order)
	if err != nil && fpr == nil {
		return err
	}
	x, y, err := validation.CAP(scores, defaults, order)
	if err != nil && x == nil {
		return err
	}
	if err := plotLine(filepath.Join(opts.PlotsDir, name+"-roc.png"), title+": ROC",
		"false positive rate (share of non-defaults flagged)", "true positive rate (share of defaults flagged)", fpr, tpr); err != nil {
		return err
	}
	return plotLine(filepath.Join(opts.PlotsDir, name+"-cap.png"), title+": CAP",
		"share of obligors flagged, riskiest first", "share of defaults captured", x, y)
}

// plotLine draws one curve from (0, 0) through the points, plus the
// diagonal, on the unit square.
func plotLine(path, title, xlabel, ylabel string, xs, ys []float64) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	pts := make(plotter.XYs, 0, len(xs)+1)
	pts = append(pts, plotter.XY{})
	for i := range xs {
		pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
	}
	curve, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	curve.Width = vg.Points(1.5)
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return err
	}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
	p.Add(curve, diag, plotter.NewGrid())
	return save(p, path)
}

// plotBars draws a bar chart with one labelled bar per value into
// DIR/<name>.png.
func plotBars(opts Options, name, title, ylabel string, labels []string, values []float64) error {
	if opts.PlotsDir == "" {
		return nil
	}
	if len(labels) != len(values) {
		return fmt.Errorf("plot %s: %d labels for %d values", name, len(labels), len(values))
	}
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	width := 13 * vg.Centimeter / vg.Length(max(len(values), 1)) * 0.7
	bars, err := plotter.NewBarChart(plotter.Values(values), width)
	if err != nil {
		return err
	}
	bars.LineStyle.Width = 0
	bars.Color = color.RGBA{R: 60, G: 110, B: 170, A: 255}
	p.Add(plotter.NewGrid(), bars)
	p.NominalX(labels...)
	if len(labels) > 20 {
		p.X.Tick.Label.Font.Size = vg.Points(6)
	}
	p.X.Tick.Label.Rotation = 1.2
	p.X.Tick.Label.XAlign = -1 // draw rotated labels to the left of their tick
	p.X.Tick.Label.YAlign = -0.5
	return save(p, filepath.Join(opts.PlotsDir, name+".png"))
}

func save(p *plot.Plot, path string) error {
	if err := p.Save(16*vg.Centimeter, 11*vg.Centimeter, path); err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return nil
}
