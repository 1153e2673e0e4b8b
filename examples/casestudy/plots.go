package main

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// plotIndicators draws one box plot panel per indicator, failed and good firms side by side,
// into DIR/casestudy-indicators.png and returns the file's path. The ratios have extreme tails
// (a current ratio of 10⁴ occurs), so each panel shows values clipped to the pooled 5th–95th
// percentiles; the medians and quartiles are those of the clipped values, which equal the raw
// ones when at most 5 % of the pooled values lie beyond either clip (and that is what the title
// says).
func plotIndicators(dir string, comps []comparison) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	comps = slices.DeleteFunc(slices.Clone(comps), func(c comparison) bool { return c.empty })
	const cols = 3
	rows := (len(comps) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for i, c := range comps {
		p, err := boxPanel(c)
		if err != nil {
			return "", err
		}
		plots[i/cols][i%cols] = p
	}
	img := vgimg.New(vg.Length(cols)*9*vg.Centimeter, vg.Length(rows)*8*vg.Centimeter)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter, PadY: vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 2 * vg.Millimeter}
	canvases := plot.Align(plots, tiles, dc)
	for i := range plots {
		for j, p := range plots[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	path := filepath.Join(dir, "casestudy-indicators.png")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// boxPanel draws the two groups of one indicator as box plots.
func boxPanel(c comparison) (*plot.Plot, error) {
	pooled := append(slices.Clone(c.failedOnly), c.goodOnly...)
	slices.Sort(pooled)
	lo := stat.Quantile(0.05, stat.Empirical, pooled, nil)
	hi := stat.Quantile(0.95, stat.Empirical, pooled, nil)
	clip := func(x []float64) plotter.Values {
		out := make(plotter.Values, len(x))
		for i, v := range x {
			out[i] = min(max(v, lo), hi)
		}
		return out
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Attr%d %s", c.attr, c.name)
	p.Title.TextStyle.Font.Size = vg.Points(9)
	p.Y.Label.Text = "clipped to pooled 5–95 %"
	p.Y.Label.TextStyle.Font.Size = vg.Points(7)
	w := vg.Points(28)
	for i, g := range []struct {
		vals []float64
		col  color.Color
	}{
		{c.failedOnly, color.RGBA{R: 200, G: 60, B: 50, A: 255}},
		{c.goodOnly, color.RGBA{R: 60, G: 110, B: 170, A: 255}},
	} {
		bp, err := plotter.NewBoxPlot(w, float64(i), clip(g.vals))
		if err != nil {
			return nil, err
		}
		bp.FillColor = g.col
		p.Add(bp)
	}
	p.NominalX(fmt.Sprintf("failed (%d)", c.nFailed), fmt.Sprintf("good (%d)", c.nGood))
	p.Add(plotter.NewGrid())
	return p, nil
}
