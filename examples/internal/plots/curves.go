package plots

import (
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/smecredit/smecredit/rating/validation"
)

// ROC draws the receiver operating characteristic of scores against bad (true = default):
// the share of defaults flagged against the share of non-defaults flagged as the cut-off moves
// from the riskiest score, with the diagonal of a random score. The title is title followed by
// the AUC. order says which end of the score is risky. Errors are those of
// [validation.ROC] except its few-defaults warning, which is ignored here.
//
// References:
//   - Fawcett, T. (2006), An introduction to ROC analysis, Pattern Recognition Letters 27(8),
//     861–874.
func ROC(path, title string, scores []float64, bad []bool, order validation.ScoreOrder) error {
	fpr, tpr, _, err := validation.ROC(scores, bad, order)
	if err != nil && fpr == nil {
		return err
	}
	d, err := validation.Discriminate(scores, bad, order)
	if err != nil && d.N == 0 {
		return err
	}
	p := newPlot(fmt.Sprintf("%s: ROC, AUC %.3f", title, d.AUC),
		"false positive rate (share of non-defaults flagged)", "true positive rate (share of defaults flagged)")
	unitSquare(p)
	curve, err := line(prepend0(fpr, tpr), colNonEvent, 2)
	if err != nil {
		return err
	}
	diag, err := dashed(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return err
	}
	p.Add(plotter.NewGrid(), diag, curve)
	p.Legend.Add(fmt.Sprintf("score (AUC %.3f)", d.AUC), curve)
	p.Legend.Add("random score (AUC 0.5)", diag)
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), vg.Points(10)
	return savePlot(path, p, Width, Height)
}

// CAP draws the cumulative accuracy profile (power curve) of scores against bad: the share of
// defaults captured against the share of obligors flagged, riskiest first, with the perfect
// model (which flags exactly the defaults first) and the random score. The accuracy ratio in the
// title is the area between the curve and the diagonal over that of the perfect model, which
// equals the Gini coefficient 2·AUC − 1. Errors as [ROC].
//
// References:
//   - Sobehart, J., Keenan, S. and Stein, R. (2000), Benchmarking quantitative default risk
//     models, Moody's Risk Management Services, section 3.
//   - Engelmann, B., Hayden, E. and Tasche, D. (2003), Testing rating accuracy, Risk 16(1),
//     82–86 (AR = 2·AUC − 1).
func CAP(path, title string, scores []float64, bad []bool, order validation.ScoreOrder) error {
	x, y, err := validation.CAP(scores, bad, order)
	if err != nil && x == nil {
		return err
	}
	d, err := validation.Discriminate(scores, bad, order)
	if err != nil && d.N == 0 {
		return err
	}
	rate := float64(d.Defaults) / float64(d.N)
	p := newPlot(fmt.Sprintf("%s: CAP, accuracy ratio %.3f", title, d.Gini),
		"share of obligors flagged, riskiest first", "share of defaults captured")
	unitSquare(p)
	curve, err := line(prepend0(x, y), colNonEvent, 2)
	if err != nil {
		return err
	}
	perfect, err := line(plotter.XYs{{X: 0, Y: 0}, {X: rate, Y: 1}, {X: 1, Y: 1}}, colAccent, 1.5)
	if err != nil {
		return err
	}
	diag, err := dashed(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return err
	}
	p.Add(plotter.NewGrid(), diag, perfect, curve)
	p.Legend.Add(fmt.Sprintf("score (AR %.3f)", d.Gini), curve)
	p.Legend.Add(fmt.Sprintf("perfect model (default rate %.1f %%)", 100*rate), perfect)
	p.Legend.Add("random score", diag)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(10), vg.Points(10)
	return savePlot(path, p, Width, Height)
}

// KS draws the cumulative distributions of scores for defaults and non-defaults (the share
// with a score at or below x) and marks the largest vertical gap between them, the
// Kolmogorov–Smirnov statistic, whose value and score are in the title. xlabel names the score.
// The x axis spans the lower of the two classes' 2.5th percentiles to the higher of their 97.5th
// percentiles, so that extreme values (financial ratios have them) do not squeeze the curves;
// the gap is computed on all values. Errors: the
// shapes differ, the input is empty or holds a single class.
//
// References:
//   - Basel Committee on Banking Supervision (2005), Studies on the validation of internal
//     rating systems, Working Paper 14, section III.3.
func KS(path, title, xlabel string, scores []float64, bad []bool) error {
	if len(scores) != len(bad) {
		return fmt.Errorf("plots: KS: %d scores for %d outcomes", len(scores), len(bad))
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
		return fmt.Errorf("plots: KS: need both classes (%d defaults, %d non-defaults)", len(bads), len(goods))
	}
	slices.Sort(goods)
	slices.Sort(bads)
	lo, hi := centralRange(goods, bads)
	// Walk the distinct values of both sorted samples together.
	var pg, pb plotter.XYs
	var ks, at, fgAt, fbAt float64
	i, j := 0, 0
	G, B := float64(len(goods)), float64(len(bads))
	pg = append(pg, plotter.XY{X: min(goods[0], bads[0]), Y: 0})
	pb = append(pb, plotter.XY{X: min(goods[0], bads[0]), Y: 0})
	for i < len(goods) || j < len(bads) {
		v := nextValue(goods, bads, i, j)
		for i < len(goods) && goods[i] == v {
			i++
		}
		for j < len(bads) && bads[j] == v {
			j++
		}
		fg, fb := float64(i)/G, float64(j)/B
		pg = append(pg, plotter.XY{X: v, Y: fg})
		pb = append(pb, plotter.XY{X: v, Y: fb})
		if gap := abs(fg - fb); gap > ks {
			ks, at, fgAt, fbAt = gap, v, fg, fb
		}
	}
	p := newPlot(fmt.Sprintf("%s: KS %.3f at %s", title, ks, fmtNum(at)), xlabel, "cumulative share with score ≤ x")
	cg, err := stepLine(pg, colNonEvent)
	if err != nil {
		return err
	}
	cb, err := stepLine(pb, colEvent)
	if err != nil {
		return err
	}
	gap, err := line(plotter.XYs{{X: at, Y: fgAt}, {X: at, Y: fbAt}}, colLine, 2.5)
	if err != nil {
		return err
	}
	p.Add(plotter.NewGrid(), cg, cb, gap)
	p.X.Min, p.X.Max = lo, hi // after Add, which widens the axes to all data
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Add(fmt.Sprintf("non-defaults (%d)", len(goods)), cg)
	p.Legend.Add(fmt.Sprintf("defaults (%d)", len(bads)), cb)
	p.Legend.Add(fmt.Sprintf("largest gap, KS %.3f", ks), gap)
	p.Legend.Top = fbAt < fgAt // keep the legend away from the curves' crossing corner
	p.Legend.XOffs = -vg.Points(10)
	p.Legend.YOffs = vg.Points(10)
	if p.Legend.Top {
		p.Legend.Left = true
		p.Legend.XOffs, p.Legend.YOffs = vg.Points(10), -vg.Points(10)
	}
	return savePlot(path, p, Width, Height)
}

// nextValue returns the smaller of goods[i] and bads[j], skipping an exhausted slice.
func nextValue(goods, bads []float64, i, j int) float64 {
	switch {
	case i == len(goods):
		return bads[j]
	case j == len(bads):
		return goods[i]
	default:
		return min(goods[i], bads[j])
	}
}

// pooledRange returns the 0.5th and 99.5th percentiles of the two sorted samples pooled.
func pooledRange(a, b []float64) (lo, hi float64) {
	all := append(slices.Clone(a), b...)
	slices.Sort(all)
	n := len(all)
	lo, hi = all[n*5/1000], all[min(n-1, n*995/1000)]
	if lo == hi {
		lo, hi = all[0], all[n-1]
	}
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	return lo, hi
}

// centralRange returns the range from the lower of the two classes' 2.5th percentiles to the
// higher of their 97.5th percentiles (a and b sorted), so that each class's curve is shown over
// 95 % of its values however unequal the class sizes are.
func centralRange(a, b []float64) (lo, hi float64) {
	q := func(x []float64, p float64) float64 { return x[min(len(x)-1, int(p*float64(len(x))))] }
	lo, hi = min(q(a, 0.025), q(b, 0.025)), max(q(a, 0.975), q(b, 0.975))
	if lo == hi {
		return pooledRange(a, b)
	}
	return lo, hi
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// fmtNum formats a score or ratio compactly.
func fmtNum(x float64) string {
	if a := abs(x); a >= 100 || a == float64(int64(a)) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

// unitSquare fixes both axes of p to [0, 1].
func unitSquare(p *plot.Plot) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
}

// prepend0 returns the points (0, 0), (xs[i], ys[i])….
func prepend0(xs, ys []float64) plotter.XYs {
	pts := make(plotter.XYs, 0, len(xs)+1)
	pts = append(pts, plotter.XY{})
	for i := range xs {
		pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
	}
	return pts
}

// line returns a solid line through pts.
func line(pts plotter.XYs, c interface{ RGBA() (r, g, b, a uint32) }, width float64) (*plotter.Line, error) {
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(width)
	return l, nil
}

// stepLine returns a step line (empirical distribution function) through pts.
func stepLine(pts plotter.XYs, c interface{ RGBA() (r, g, b, a uint32) }) (*plotter.Line, error) {
	l, err := line(pts, c, 2)
	if err != nil {
		return nil, err
	}
	l.StepStyle = plotter.PostStep
	return l, nil
}

// dashed returns a thin grey dashed reference line through pts.
func dashed(pts plotter.XYs) (*plotter.Line, error) {
	l, err := line(pts, colRef, 1.2)
	if err != nil {
		return nil, err
	}
	l.Dashes = []vg.Length{vg.Points(5), vg.Points(4)}
	return l, nil
}
