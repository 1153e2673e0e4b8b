package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bin is one bin of a binning table as [Binning] draws it.
type Bin struct {
	Label     string  // the bin's interval or categories, as the table prints it
	NonEvents float64 // count (or weight) of non-events (goods)
	Events    float64 // count (or weight) of events (bads, defaults)
	WoE       float64 // weight of evidence of the bin, in the table's sign convention
}

// BinLine selects the line [Binning] draws under the count bars.
type BinLine uint8

// The lines of a binning chart.
const (
	EventRateLine BinLine = iota // events / (events + non-events), in percent
	WoELine                      // the bins' WoE
)

// Binning draws a binning table as optbinning's BinningTable.plot does: one stacked bar per bin
// with its non-event and event counts (upper panel), and the event rate or the WoE per bin
// (lower panel, same bins). Empty bins are left out. Errors: no non-empty bin.
//
// References:
//   - Navas-Palencia, G. (2020), Optimal binning: mathematical programming formulation,
//     arXiv:2001.08025 (optbinning's binning table and its plot).
//   - Siddiqi, N. (2017), Intelligent Credit Scoring, 2nd ed., Wiley, ch. 8 (WoE).
func Binning(path, title string, bins []Bin, which BinLine) error {
	var labels []string
	var good, bad plotter.Values
	var lineY plotter.XYs
	for _, b := range bins {
		n := b.NonEvents + b.Events
		if n == 0 {
			continue
		}
		y := b.WoE
		if which == EventRateLine {
			y = 100 * b.Events / n
		}
		lineY = append(lineY, plotter.XY{X: float64(len(labels)), Y: y})
		labels = append(labels, shorten(b.Label, 28))
		good = append(good, b.NonEvents)
		bad = append(bad, b.Events)
	}
	if len(labels) == 0 {
		return fmt.Errorf("plots: Binning %s: no non-empty bin", title)
	}
	width := vg.Length(math.Min(60, 420/float64(len(labels)))) * vg.Points(1)

	top := newPlot(title, "", "count")
	gb, err := plotter.NewBarChart(good, width)
	if err != nil {
		return err
	}
	gb.Color, gb.LineStyle.Width = colNonEvent, 0
	bb, err := plotter.NewBarChart(bad, width)
	if err != nil {
		return err
	}
	bb.Color, bb.LineStyle.Width = colEvent, 0
	bb.StackOn(gb)
	top.Add(plotter.NewGrid(), gb, bb)
	top.Legend.Add("non-events (goods)", gb)
	top.Legend.Add("events (bads)", bb)
	top.Legend.Top = true
	top.NominalX(labels...)
	top.X.Tick.Label.Color = color.Transparent // the lower panel labels the bins
	top.X.Tick.Label.Font.Size = vg.Points(1)
	top.Y.Min = 0
	stackMax := 0.0
	for i := range good {
		stackMax = max(stackMax, good[i]+bad[i])
	}
	top.Y.Max = 1.2 * stackMax // room for the legend above the bars
	top.X.Min, top.X.Max = -0.6, float64(len(labels))-0.4

	ylabel := "event rate, %"
	if which == WoELine {
		ylabel = "WoE"
	}
	bottom := newPlot("", "bin", ylabel)
	l, err := line(lineY, colLine, 2)
	if err != nil {
		return err
	}
	sc, err := plotter.NewScatter(lineY)
	if err != nil {
		return err
	}
	sc.GlyphStyle.Shape = draw.CircleGlyph{}
	sc.GlyphStyle.Radius = vg.Points(4)
	sc.GlyphStyle.Color = colAccent
	bottom.Add(plotter.NewGrid(), l, sc)
	bottom.NominalX(labels...)
	bottom.X.Min, bottom.X.Max = top.X.Min, top.X.Max
	if which == EventRateLine {
		bottom.Y.Min = 0
	}
	// Value labels above the points.
	txt := make([]string, len(lineY))
	for i, p := range lineY {
		if which == EventRateLine {
			txt[i] = fmt.Sprintf("%.1f %%", p.Y)
		} else {
			txt[i] = fmt.Sprintf("%.2f", p.Y)
		}
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: lineY, Labels: txt})
	if err != nil {
		return err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Font.Size = vg.Points(10)
		lab.TextStyle[i].XAlign = draw.XCenter
	}
	lab.Offset = vg.Point{Y: vg.Points(7)}
	bottom.Add(lab)
	rotateTicks(bottom, labels, Width)
	fitText(top, Width, Height*0.55)
	fitText(bottom, Width, Height*0.45)
	_, _, ymin, ymax := plotter.XYRange(lineY)
	span := math.Max(ymax-math.Min(ymin, 0), 1e-9)
	bottom.Y.Max = ymax + 0.15*span // room for the value labels
	if which == WoELine {
		bottom.Y.Min = ymin - 0.08*span
	}

	h := Height + vg.Inch
	return save(path, Width, h, func(dc draw.Canvas) {
		upper := dc
		upper.Min.Y = dc.Min.Y + 0.42*(dc.Max.Y-dc.Min.Y)
		lower := dc
		lower.Max.Y = upper.Min.Y
		rows := [][]*plot.Plot{{top}, {bottom}}
		// Align the data areas of the two panels horizontally, then draw each in its band.
		cu := plot.Align([][]*plot.Plot{{top}}, draw.Tiles{Rows: 1, Cols: 1, PadRight: vg.Points(10), PadTop: vg.Points(4)}, upper)
		cl := plot.Align([][]*plot.Plot{{bottom}}, draw.Tiles{Rows: 1, Cols: 1, PadRight: vg.Points(10), PadBottom: vg.Points(4)}, lower)
		alignPanels(rows, []draw.Canvas{cu[0][0], cl[0][0]})
	})
}

// alignPanels draws the one-column panels into their canvases with common left
// and right edges of the data area, so that the bins of the panels line up.
func alignPanels(rows [][]*plot.Plot, cs []draw.Canvas) {
	var left, right vg.Length
	for i, r := range rows {
		dc := r[0].DataCanvas(cs[i])
		left = max(left, dc.Min.X-cs[i].Min.X)
		right = max(right, cs[i].Max.X-dc.Max.X)
	}
	for i, r := range rows {
		dc := r[0].DataCanvas(cs[i])
		c := cs[i]
		c.Min.X += left - (dc.Min.X - cs[i].Min.X)
		c.Max.X -= right - (cs[i].Max.X - dc.Max.X)
		r[0].Draw(c)
	}
}

// Grade is one grade of a rating scale as [Calibration] draws it.
type Grade struct {
	Label    string  // the grade's name
	Obligors int     // obligors in the grade at the start of the period
	Defaults int     // of which defaulted within the period
	PD       float64 // the grade's PD, a fraction in [0, 1]
}

// Calibration draws observed default rates against PDs per grade, on a logarithmic axis:
// the observed rate (points) with its two-sided 95 % Jeffreys interval, the 2.5th and 97.5th
// percentiles of Beta(d + ½, n − d + ½) for d defaults of n obligors, and the grade's PD (line).
// A grade whose PD lies outside the interval is mis-calibrated at about the 2.5 % level on that
// side. A grade with no default has no point (its rate is 0, off a logarithmic axis) but keeps
// its interval. Errors: no grade with obligors, or a grade with defaults outside [0, obligors]
// or a PD outside (0, 1).
//
// References:
//   - Brown, L. D., Cai, T. T. and DasGupta, A. (2001), Interval estimation for a binomial
//     proportion, Statistical Science 16(2), 101–133, section 4.1.2 (Jeffreys interval).
//   - European Central Bank (2019), Instructions for reporting the validation results of
//     internal models, section 2.5.3.1 (Jeffreys test of PD calibration).
func Calibration(path, title string, grades []Grade) error {
	var labels []string
	var obs, pdPts plotter.XYs
	var ivs []interval
	lo := math.Inf(1)
	for i, g := range grades {
		if g.Obligors <= 0 {
			continue
		}
		if g.Defaults < 0 || g.Defaults > g.Obligors || !(g.PD > 0 && g.PD < 1) {
			return fmt.Errorf("plots: Calibration: grades[%d] %s: %d defaults of %d, PD %g", i, g.Label, g.Defaults, g.Obligors, g.PD)
		}
		x := float64(len(labels))
		labels = append(labels, fmt.Sprintf("%s (%d)", g.Label, g.Obligors))
		b := distuv.Beta{Alpha: float64(g.Defaults) + 0.5, Beta: float64(g.Obligors-g.Defaults) + 0.5}
		qlo, qhi := 100*b.Quantile(0.025), 100*b.Quantile(0.975)
		dr := 100 * float64(g.Defaults) / float64(g.Obligors)
		pdPts = append(pdPts, plotter.XY{X: x, Y: 100 * g.PD})
		obs = append(obs, plotter.XY{X: x, Y: dr})
		lo = math.Min(lo, 100*g.PD)
		if dr > 0 {
			lo = math.Min(lo, dr)
		}
		ivs = append(ivs, interval{x: x, lo: qlo, hi: qhi})
	}
	if len(labels) == 0 {
		return fmt.Errorf("plots: Calibration: no grade with obligors")
	}
	p := newPlot(title, "grade (obligors)", "default rate, % (log scale)")
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = percentLogTicks{}
	// The axis starts a little below the lowest PD or positive rate; a lower interval bound
	// beyond it (always so for a grade without defaults) is drawn to the axis.
	p.Y.Min = lo / 3
	var posObs plotter.XYs
	for _, o := range obs {
		if o.Y > 0 {
			posObs = append(posObs, o)
		}
	}
	ivXY := make(plotter.XYs, len(ivs))
	ivErr := make(plotter.YErrors, len(ivs))
	for i, iv := range ivs {
		// Each bar hangs from its upper bound, so that it exists for d = 0 too.
		ivXY[i] = plotter.XY{X: iv.x, Y: iv.hi}
		ivErr[i].Low = iv.hi - max(iv.lo, p.Y.Min)
	}
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{ivXY, ivErr})
	if err != nil {
		return err
	}
	eb.LineStyle.Width = vg.Points(2)
	eb.LineStyle.Color = colNonEvent
	eb.CapWidth = vg.Points(14)
	pdLine, err := line(pdPts, colAccent, 2)
	if err != nil {
		return err
	}
	pdMarks, err := plotter.NewScatter(pdPts)
	if err != nil {
		return err
	}
	pdMarks.GlyphStyle = draw.GlyphStyle{Color: colAccent, Radius: vg.Points(4), Shape: draw.BoxGlyph{}}
	p.Add(plotter.NewGrid(), eb, pdLine, pdMarks)
	if len(posObs) > 0 {
		sc, err := plotter.NewScatter(posObs)
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colEvent, Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
		p.Add(sc)
		p.Legend.Add("observed default rate", sc)
	}
	ebThumb, err := line(plotter.XYs{{}, {X: 1}}, colNonEvent, 2)
	if err != nil {
		return err
	}
	p.Legend.Add("95 % Jeffreys interval of the default rate", ebThumb)
	p.Legend.Add("grade PD", pdLine, pdMarks)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), vg.Points(10)
	p.NominalX(labels...)
	rotateTicks(p, labels, Width)
	return savePlot(path, p, Width, Height)
}

// interval is one Jeffreys interval of Calibration: bounds lo and hi (percent) at grade
// position x.
type interval struct{ x, lo, hi float64 }

// percentLogTicks labels a logarithmic percent axis at 1-2-5 steps.
type percentLogTicks struct{}

func (percentLogTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v < lo || v > hi {
				continue
			}
			ts = append(ts, plot.Tick{Value: v, Label: trimZeros(v)})
		}
	}
	return ts
}

func trimZeros(v float64) string {
	s := fmt.Sprintf("%.4f", v)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// ScoreDistributions draws the distributions of scores for goods and bads (bad = true) on the
// same bins: nbins equal-width bins over the pooled 0.5th–99.5th percentiles (values beyond go
// into the end bins), each class as the percentage of its own count, so classes of different
// sizes compare. xlabel names the score. Errors: shapes differ, nbins < 2, a class is empty.
func ScoreDistributions(path, title, xlabel string, scores []float64, bad []bool, nbins int) error {
	if len(scores) != len(bad) {
		return fmt.Errorf("plots: ScoreDistributions: %d scores for %d outcomes", len(scores), len(bad))
	}
	if nbins < 2 {
		return fmt.Errorf("plots: ScoreDistributions: %d bins, need at least 2", nbins)
	}
	var goods, bads []float64
	for i, s := range scores {
		if bad[i] {
			bads = append(bads, s)
		} else {
			goods = append(goods, s)
		}
	}
	if len(goods) == 0 || len(bads) == 0 {
		return fmt.Errorf("plots: ScoreDistributions: need both classes (%d bads, %d goods)", len(bads), len(goods))
	}
	slices.Sort(goods)
	slices.Sort(bads)
	lo, hi := pooledRange(goods, bads)
	w := (hi - lo) / float64(nbins)
	hist := func(xs []float64, c color.Color) *plotter.Histogram {
		bins := make([]plotter.HistogramBin, nbins)
		for i := range bins {
			bins[i].Min, bins[i].Max = lo+float64(i)*w, lo+float64(i+1)*w
		}
		for _, x := range xs {
			k := int((x - lo) / w)
			k = min(max(k, 0), nbins-1)
			bins[k].Weight += 100 / float64(len(xs))
		}
		h := &plotter.Histogram{Bins: bins, Width: w, FillColor: c, LineStyle: plotter.DefaultLineStyle}
		h.LineStyle.Width = vg.Points(0.5)
		return h
	}
	hg := hist(goods, color.NRGBA{R: 60, G: 110, B: 170, A: 130})
	hb := hist(bads, color.NRGBA{R: 200, G: 60, B: 50, A: 130})
	p := newPlot(title, xlabel, "share of the class, %")
	p.Add(plotter.NewGrid(), hg, hb)
	p.Legend.Add(fmt.Sprintf("goods (%d)", len(goods)), hg)
	p.Legend.Add(fmt.Sprintf("bads (%d)", len(bads)), hb)
	p.Legend.Top = true
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), -vg.Points(6)
	if med := stat.Quantile(0.5, stat.Empirical, bads, nil); med > (lo+hi)/2 {
		p.Legend.Left = true
		p.Legend.XOffs = vg.Points(10)
	}
	p.Y.Min = 0
	top := 0.0
	for _, h := range []*plotter.Histogram{hg, hb} {
		for _, b := range h.Bins {
			top = max(top, b.Weight)
		}
	}
	p.Y.Max = 1.2 * top // room for the legend above the bars
	return savePlot(path, p, Width, Height)
}

// TopAUC draws the n variables with the highest AUC as horizontal bars, best on top, each
// bar labelled with its AUC; the axis starts at 0.5 (a random score). labels and aucs line up.
// Errors: lengths differ or are 0, n < 1.
func TopAUC(path, title string, labels []string, aucs []float64, n int) error {
	if len(labels) != len(aucs) || len(labels) == 0 || n < 1 {
		return fmt.Errorf("plots: TopAUC: %d labels, %d AUCs, n %d", len(labels), len(aucs), n)
	}
	idx := make([]int, len(aucs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case aucs[a] > aucs[b]:
			return -1
		case aucs[a] < aucs[b]:
			return 1
		}
		return 0
	})
	idx = idx[:min(n, len(idx))]
	slices.Reverse(idx) // the bar at y = 0 is drawn at the bottom
	vals := make(plotter.Values, len(idx))
	names := make([]string, len(idx))
	pts := make(plotter.XYs, len(idx))
	txt := make([]string, len(idx))
	for k, i := range idx {
		vals[k], names[k] = aucs[i], shorten(labels[i], 48)
		pts[k] = plotter.XY{X: aucs[i], Y: float64(k)}
		txt[k] = fmt.Sprintf("%.3f", aucs[i])
	}
	h := Height
	if len(idx) > 12 {
		h = vg.Length(len(idx))*vg.Points(22) + vg.Inch
	}
	p := newPlot(title, "AUC (0.5 = random, 1 = perfect)", "")
	bars, err := plotter.NewBarChart(vals, vg.Length(math.Min(24, float64(h/vg.Points(1))*0.6/float64(len(idx))))*vg.Points(1))
	if err != nil {
		return err
	}
	bars.Horizontal = true
	bars.Color, bars.LineStyle.Width = colNonEvent, 0
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: txt})
	if err != nil {
		return err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Font.Size = vg.Points(10)
		lab.TextStyle[i].YAlign = draw.YCenter
	}
	lab.Offset = vg.Point{X: vg.Points(4)}
	p.Add(plotter.NewGrid(), bars, lab)
	p.NominalY(names...)
	p.X.Min = 0.5
	p.X.Max = math.Min(1, vals[len(vals)-1]+0.05)
	return savePlot(path, p, Width, h)
}

// Bars draws one vertical bar per label with its value printed above it; format is the
// fmt verb for the value labels ("%.1f %%", say). labels and values line up. Errors: lengths
// differ or are 0.
func Bars(path, title, xlabel, ylabel, format string, labels []string, values []float64) error {
	if len(labels) != len(values) || len(labels) == 0 {
		return fmt.Errorf("plots: Bars %s: %d labels for %d values", title, len(labels), len(values))
	}
	p := newPlot(title, xlabel, ylabel)
	w := vg.Length(math.Min(60, 480/float64(len(values)))) * vg.Points(1)
	bars, err := plotter.NewBarChart(plotter.Values(values), w)
	if err != nil {
		return err
	}
	bars.Color, bars.LineStyle.Width = colNonEvent, 0
	pts := make(plotter.XYs, len(values))
	txt := make([]string, len(values))
	top := 0.0
	for i, v := range values {
		pts[i] = plotter.XY{X: float64(i), Y: max(v, 0)}
		txt[i] = fmt.Sprintf(format, v)
		top = max(top, v)
	}
	p.Add(plotter.NewGrid(), bars)
	if len(values) <= 16 {
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: txt})
		if err != nil {
			return err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font.Size = vg.Points(10)
			lab.TextStyle[i].XAlign = draw.XCenter
		}
		lab.Offset = vg.Point{Y: vg.Points(4)}
		p.Add(lab)
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.6, float64(len(values))-0.4
	p.Y.Min = 0
	p.Y.Max = top * 1.12
	rotateTicks(p, labels, Width)
	return savePlot(path, p, Width, Height)
}

// BoxGroup is one box of a [BoxPanel]: a label and its values.
type BoxGroup struct {
	Label  string
	Values []float64
	Color  color.Color // nil: the package's colours in turn
}

// BoxPanel is one panel of [BoxPanels].
type BoxPanel struct {
	Title  string
	YLabel string
	Groups []BoxGroup
}

// BoxPanels draws the panels as box plots (median, quartiles, whiskers at 1.5 IQR) in a grid
// of cols columns, each panel 3 inches wide and 2.7 inches tall. Errors: no panels, cols < 1,
// an empty group.
//
// References:
//   - McGill, R., Tukey, J. W. and Larsen, W. A. (1978), Variations of box plots, The American
//     Statistician 32(1), 12–16.
func BoxPanels(path string, panels []BoxPanel, cols int) error {
	if len(panels) == 0 || cols < 1 {
		return fmt.Errorf("plots: BoxPanels: %d panels in %d columns", len(panels), cols)
	}
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	palette := []color.Color{colEvent, colNonEvent, colAccent}
	pw, ph := 3*vg.Inch, 2.7*vg.Inch
	for k, pan := range panels {
		p := newPlot(pan.Title, "", pan.YLabel)
		p.Title.TextStyle.Font.Size = vg.Points(11)
		p.Y.Label.TextStyle.Font.Size = vg.Points(9)
		p.Y.Tick.Label.Font.Size = vg.Points(9)
		p.X.Tick.Label.Font.Size = vg.Points(10)
		var names []string
		for i, g := range pan.Groups {
			if len(g.Values) == 0 {
				return fmt.Errorf("plots: BoxPanels: panels[%d].groups[%d] %s is empty", k, i, g.Label)
			}
			bp, err := plotter.NewBoxPlot(vg.Points(28), float64(i), plotter.Values(g.Values))
			if err != nil {
				return err
			}
			bp.FillColor = g.Color
			if bp.FillColor == nil {
				bp.FillColor = palette[i%len(palette)]
			}
			p.Add(bp)
			names = append(names, g.Label)
		}
		p.NominalX(names...)
		p.Add(plotter.NewGrid())
		fitText(p, pw, ph)
		grid[k/cols][k%cols] = p
	}
	return save(path, vg.Length(cols)*pw, vg.Length(rows)*ph, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(6), PadY: vg.Points(6),
			PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(6)}
		cs := plot.Align(grid, tiles, dc)
		for i := range grid {
			for j, p := range grid[i] {
				if p != nil {
					p.Draw(cs[i][j])
				}
			}
		}
	})
}
