package main

import (
	"fmt"
	"image/color"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

// drawPlots writes woe-<variable>.png for each table, roc.png and scores.png into dir.
func drawPlots(dir string, tables []*scorecard.Table, scores []float64, bad []bool) error {
	for _, t := range tables {
		if err := woeBars(filepath.Join(dir, "woe-"+t.Name+".png"), t); err != nil {
			return err
		}
	}
	if err := roc(filepath.Join(dir, "roc.png"), scores, bad); err != nil {
		return err
	}
	return distributions(filepath.Join(dir, "scores.png"), scores, bad)
}

// woeBars draws the WoE of each non-empty bin of t as a bar.
func woeBars(path string, t *scorecard.Table) error {
	var vals plotter.Values
	var labels []string
	for i, b := range t.Bins {
		if b.Count == 0 {
			continue
		}
		vals = append(vals, b.WoE)
		labels = append(labels, shorten(t.Label(i), 18))
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: WoE by bin (IV %.3f)", t.Name, t.IV)
	p.Y.Label.Text = "WoE = ln(%good / %bad)"
	bars, err := plotter.NewBarChart(vals, vg.Points(30))
	if err != nil {
		return err
	}
	bars.Color = color.RGBA{R: 70, G: 110, B: 170, A: 255}
	p.Add(bars, plotter.NewGrid())
	p.NominalX(labels...)
	p.X.Tick.Label.Rotation = 0.5
	p.X.Tick.Label.XAlign = -0.5
	return p.Save(vg.Length(120+60*len(vals))*vg.Millimeter/4, 10*vg.Centimeter, path)
}

// roc draws the ROC curve of the holdout scores (higher score = safer).
func roc(path string, scores []float64, bad []bool) error {
	fpr, tpr, _, err := validation.ROC(scores, bad, validation.HigherSafer)
	if err != nil && fpr == nil {
		return err
	}
	auc, _ := validation.AUC(scores, bad, validation.HigherSafer)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Holdout ROC (AUC %.3f)", auc)
	p.X.Label.Text = "false positive rate (goods flagged)"
	p.Y.Label.Text = "true positive rate (bads flagged)"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	pts := plotter.XYs{{}}
	for i := range fpr {
		pts = append(pts, plotter.XY{X: fpr[i], Y: tpr[i]})
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	line.Width = vg.Points(1.5)
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return err
	}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(4)}
	p.Add(line, diag, plotter.NewGrid())
	return p.Save(12*vg.Centimeter, 12*vg.Centimeter, path)
}

// distributions draws histograms of the holdout scores of goods and bads.
func distributions(path string, scores []float64, bad []bool) error {
	var goods, bads plotter.Values
	for i, s := range scores {
		if bad[i] {
			bads = append(bads, s)
		} else {
			goods = append(goods, s)
		}
	}
	p := plot.New()
	p.Title.Text = "Holdout score distribution"
	p.X.Label.Text = "score (points)"
	p.Y.Label.Text = "density"
	hg, err := plotter.NewHist(goods, 20)
	if err != nil {
		return err
	}
	hg.Normalize(1)
	hg.FillColor = color.NRGBA{R: 60, G: 150, B: 80, A: 120}
	hb, err := plotter.NewHist(bads, 20)
	if err != nil {
		return err
	}
	hb.Normalize(1)
	hb.FillColor = color.NRGBA{R: 200, G: 60, B: 60, A: 120}
	p.Add(hg, hb)
	p.Legend.Add("good", hg)
	p.Legend.Add("bad", hb)
	p.Legend.Top = true
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}
