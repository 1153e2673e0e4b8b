package plots

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default picture size: 8 × 5 inches, which is 1200 × 750 px in PNG at [DPI].
const (
	Width  = 8 * vg.Inch
	Height = 5 * vg.Inch
	// DPI is the resolution of PNG files.
	DPI = 150
)

// Colours of the charts: events (bads, defaults) red, non-events (goods) blue, a reference
// line grey.
var (
	colEvent    = color.RGBA{R: 200, G: 60, B: 50, A: 255}
	colNonEvent = color.RGBA{R: 60, G: 110, B: 170, A: 255}
	colLine     = color.RGBA{R: 30, G: 30, B: 30, A: 255}
	colRef      = color.RGBA{R: 140, G: 140, B: 140, A: 255}
	colAccent   = color.RGBA{R: 230, G: 140, B: 30, A: 255}
)

// newPlot returns a plot with the title and axis labels set in the sizes of this package.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker = trimTicks{}
	p.Y.Tick.Marker = trimTicks{}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(12)
		a.Tick.Label.Font.Size = vg.Points(11)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(11)
	return p
}

// fitText shrinks the title and axis labels of p until each fits in width w (minus margins),
// down to 8 points, so that nothing is clipped.
func fitText(p *plot.Plot, w, h vg.Length) {
	for p.Title.Text != "" && p.Title.TextStyle.Width(p.Title.Text) > w-vg.Points(12) && p.Title.TextStyle.Font.Size > vg.Points(8) {
		p.Title.TextStyle.Font.Size -= vg.Points(0.5)
	}
	for p.X.Label.Text != "" && p.X.Label.TextStyle.Width(p.X.Label.Text) > w-vg.Points(60) && p.X.Label.TextStyle.Font.Size > vg.Points(8) {
		p.X.Label.TextStyle.Font.Size -= vg.Points(0.5)
	}
	for p.Y.Label.Text != "" && p.Y.Label.TextStyle.Width(p.Y.Label.Text) > h-vg.Points(50) && p.Y.Label.TextStyle.Font.Size > vg.Points(8) {
		p.Y.Label.TextStyle.Font.Size -= vg.Points(0.5)
	}
}

// savePlot writes p at size w × h into path.
func savePlot(path string, p *plot.Plot, w, h vg.Length) error {
	fitText(p, w, h)
	return save(path, w, h, func(dc draw.Canvas) { p.Draw(dc) })
}

// save creates a canvas of size w × h in the format of path's extension, draws on it and
// writes the file.
func save(path string, w, h vg.Length, paint func(draw.Canvas)) (err error) {
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
		c = vgimg.PngCanvas{Canvas: img}
	case ".svg":
		c = vgsvg.New(w, h)
	default:
		return fmt.Errorf("plots: %s: format %q not supported (want .png or .svg)", path, ext)
	}
	paint(draw.New(c))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := c.WriteTo(f); err != nil {
		return fmt.Errorf("plots: %s: %w", path, err)
	}
	return nil
}

// rotateTicks turns the x tick labels of p by 30° when the widest label would not fit in its
// slot of the data area (about w less the axes, split evenly between the labels), so that
// labels never overlap.
func rotateTicks(p *plot.Plot, labels []string, w vg.Length) {
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, p.X.Tick.Label.Width(l))
	}
	slot := (w - vg.Points(110)) / vg.Length(max(len(labels), 1))
	if widest+vg.Points(10) < slot {
		return
	}
	p.X.Tick.Label.Rotation = 0.5236 // 30°
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	if len(labels) > 24 {
		p.X.Tick.Label.Font.Size = vg.Points(8)
	}
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// trimTicks is gonum's default ticker with trailing zeros cut from the labels ("250", not
// "250.00").
type trimTicks struct{}

func (trimTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if l := ts[i].Label; strings.Contains(l, ".") && !strings.ContainsAny(l, "eE") {
			l = strings.TrimRight(l, "0")
			ts[i].Label = strings.TrimSuffix(l, ".")
		}
	}
	return ts
}
