package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/smecredit/smecredit/examples/internal/plots"
)

// plotIndicators draws one box plot panel per indicator, failed and good firms side by side,
// into DIR/casestudy-indicators.png and returns the file's path. The ratios have extreme tails
// (a current ratio of 10⁴ occurs), so each panel shows values clipped to the pooled 5th–95th
// percentiles; the medians and quartiles are those of the clipped values, which equal the raw
// ones when at most 5 % of the pooled values lie beyond either clip (and that is what the axis
// says).
func plotIndicators(dir string, comps []comparison) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var panels []plots.BoxPanel
	for _, c := range comps {
		if c.empty {
			continue
		}
		pooled := append(slices.Clone(c.failedOnly), c.goodOnly...)
		slices.Sort(pooled)
		lo := stat.Quantile(0.05, stat.Empirical, pooled, nil)
		hi := stat.Quantile(0.95, stat.Empirical, pooled, nil)
		clip := func(x []float64) []float64 {
			out := make([]float64, len(x))
			for i, v := range x {
				out[i] = min(max(v, lo), hi)
			}
			return out
		}
		panels = append(panels, plots.BoxPanel{
			Title:  fmt.Sprintf("Attr%d %s", c.attr, c.name),
			YLabel: "clipped to pooled 5–95 %",
			Groups: []plots.BoxGroup{
				{Label: fmt.Sprintf("failed (%d)", c.nFailed), Values: clip(c.failedOnly)},
				{Label: fmt.Sprintf("good (%d)", c.nGood), Values: clip(c.goodOnly)},
			},
		})
	}
	path := filepath.Join(dir, "casestudy-indicators.png")
	return path, plots.BoxPanels(path, panels, 3)
}
