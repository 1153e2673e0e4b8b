package plots

import (
	"bytes"
	"fmt"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/validation"
)

// sample returns n scores where bads (about rate of them) score lower on average: a score with
// an AUC near 0.8. The seed is fixed.
func sample(n int, rate float64) (scores []float64, bad []bool) {
	r := rand.New(rand.NewPCG(20261203, 1))
	for range n {
		b := r.Float64() < rate
		s := 600 + 50*r.NormFloat64()
		if b {
			s -= 60
		}
		scores = append(scores, s)
		bad = append(bad, b)
	}
	return scores, bad
}

// outDir is a temporary directory, or $PLOTS_KEEP to look at the pictures after the test.
func outDir(t *testing.T) string {
	if d := os.Getenv("PLOTS_KEEP"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestCharts draws every chart as PNG and SVG and checks each file is a real picture: PNG
// 1200 px wide with a fair share of non-white pixels, SVG with many drawn paths and the title.
func TestCharts(t *testing.T) {
	scores, bad := sample(800, 0.12)
	dir := outDir(t)
	bins := []Bin{
		{Label: "(-inf, 0.05)", NonEvents: 300, Events: 90, WoE: -1.2},
		{Label: "[0.05, 0.12)", NonEvents: 800, Events: 80, WoE: -0.3},
		{Label: "[0.12, 0.30)", NonEvents: 1200, Events: 50, WoE: 0.5},
		{Label: "[0.30, inf)", NonEvents: 900, Events: 20, WoE: 1.1},
		{Label: "special", NonEvents: 0, Events: 0},
		{Label: "missing", NonEvents: 40, Events: 30, WoE: -2.0},
	}
	grades := []Grade{
		{"AAA", 274, 0, 0.0032}, {"AA", 480, 6, 0.0053}, {"A", 508, 5, 0.0074},
		{"BBB", 791, 15, 0.0113}, {"BB", 779, 28, 0.0190}, {"B", 827, 13, 0.0328},
		{"CCC", 846, 44, 0.0597}, {"CC", 611, 54, 0.1094}, {"C", 794, 245, 0.3516},
	}
	var names []string
	var aucs []float64
	for i := range 64 {
		names = append(names, fmt.Sprintf("Attr%d (ratio %d of the firm)", i+1, i+1))
		aucs = append(aucs, 0.5+0.3*float64((i*37)%64)/64)
	}
	panels := []BoxPanel{
		{Title: "Attr1 net profit / total assets", YLabel: "value", Groups: []BoxGroup{{Label: "failed", Values: scores[:100]}, {Label: "good", Values: scores[100:400]}}},
		{Title: "Attr2 liabilities / assets", Groups: []BoxGroup{{Label: "failed", Values: scores[400:500]}, {Label: "good", Values: scores[500:800]}}},
	}
	charts := []struct {
		name string
		draw func(path string) error
	}{
		{"binning-rate", func(p string) error { return Binning(p, "Attr27: event rate by bin (IV 1.58)", bins, EventRateLine) }},
		{"binning-woe", func(p string) error { return Binning(p, "Attr27: WoE by bin (IV 1.58)", bins, WoELine) }},
		{"roc", func(p string) error { return ROC(p, "Test score", scores, bad, validation.HigherSafer) }},
		{"cap", func(p string) error { return CAP(p, "Test score", scores, bad, validation.HigherSafer) }},
		{"ks", func(p string) error { return KS(p, "Test score", "score (points)", scores, bad) }},
		{"calibration", func(p string) error { return Calibration(p, "Observed default rate and PD by grade", grades) }},
		{"distributions", func(p string) error {
			return ScoreDistributions(p, "Score distribution of goods and bads", "score (points)", scores, bad, 25)
		}},
		{"top-auc", func(p string) error { return TopAUC(p, "The 15 strongest ratios by AUC", names, aucs, 15) }},
		{"bars", func(p string) error {
			return Bars(p, "Default rate by warning level", "September warning level", "October default rate, %", "%.1f %%",
				[]string{"green", "yellow", "orange", "red"}, []float64{13.7, 13.5, 46.3, 63.8})
		}},
		{"boxes", func(p string) error { return BoxPanels(p, panels, 2) }},
	}
	for _, c := range charts {
		for _, ext := range []string{".png", ".svg"} {
			t.Run(c.name+ext, func(t *testing.T) {
				path := filepath.Join(dir, c.name+ext)
				if err := c.draw(path); err != nil {
					t.Fatal(err)
				}
				CheckPicture(t, path)
			})
		}
	}
}

// CheckPicture fails t unless path is a non-trivial PNG (at least 600 px wide, at least 2 % of
// its pixels not white) or SVG (at least 20 paths or text elements and 4 KB).
func CheckPicture(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch filepath.Ext(path) {
	case ".png":
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		b := img.Bounds()
		if b.Dx() < 600 || b.Dy() < 300 {
			t.Errorf("%s: %d × %d px, want at least 600 × 300", path, b.Dx(), b.Dy())
		}
		ink := 0
		for y := b.Min.Y; y < b.Max.Y; y += 2 {
			for x := b.Min.X; x < b.Max.X; x += 2 {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
					ink++
				}
			}
		}
		if share := float64(ink) / float64((b.Dx()/2)*(b.Dy()/2)); share < 0.02 {
			t.Errorf("%s: only %.2f %% of pixels drawn", path, 100*share)
		}
	case ".svg":
		s := string(data)
		if n := strings.Count(s, "<path") + strings.Count(s, "<text"); n < 20 || len(data) < 4096 {
			t.Errorf("%s: %d bytes, %d paths and texts", path, len(data), n)
		}
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		err  error
	}{
		{"binning empty", Binning(filepath.Join(dir, "a.png"), "t", []Bin{{Label: "x"}}, WoELine)},
		{"roc single class", ROC(filepath.Join(dir, "b.png"), "t", []float64{1, 2}, []bool{false, false}, validation.HigherSafer)},
		{"ks shapes", KS(filepath.Join(dir, "c.png"), "t", "x", []float64{1, 2}, []bool{false})},
		{"calibration PD", Calibration(filepath.Join(dir, "d.png"), "t", []Grade{{"A", 10, 1, 0}})},
		{"distributions bins", ScoreDistributions(filepath.Join(dir, "e.png"), "t", "x", []float64{1, 2}, []bool{true, false}, 1)},
		{"top n", TopAUC(filepath.Join(dir, "f.png"), "t", []string{"a"}, []float64{0.7}, 0)},
		{"bars shapes", Bars(filepath.Join(dir, "g.png"), "t", "x", "y", "%.0f", []string{"a"}, nil)},
		{"format", Bars(filepath.Join(dir, "h.gif"), "t", "x", "y", "%.0f", []string{"a"}, []float64{1})},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
