package scorecard

import (
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestBinAllSelection: BinAll's selection on the German credit data is the
// step-by-step pipeline FilterIV → WoE matrix → FilterCorrelation →
// FilterVIF, and each deselected variable names its step.
func TestBinAllSelection(t *testing.T) {
	names, data, y := germanColumns(t)
	base := BinAllOptions{Names: names, Default: BinOptions{MinBinShare: 0.05, MaxBins: 6}, MinIV: 0.02}
	opts := base
	opts.MaxCorrelation, opts.MaxVIF = 0.3, 1.1
	got, err := BinAll(data, y, opts)
	if err != nil {
		t.Fatal(err)
	}
	// By hand.
	all, err := BinAll(data, y, base)
	if err != nil {
		t.Fatal(err)
	}
	x, err := all.Transform(data)
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]float64, len(all.Selected))
	for k, j := range all.Selected {
		iv[k] = all.Variables[j].Result.IV
	}
	kc, err := FilterCorrelation(x, iv, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	sub := mat.NewDense(len(y), len(kc), nil)
	for c, k := range kc {
		sub.SetCol(c, mat.Col(nil, k, x))
	}
	kv, err := FilterVIF(sub, 1.1)
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, c := range kv {
		want = append(want, all.Selected[kc[c]])
	}
	if !slices.Equal(got.Selected, want) {
		t.Fatalf("selected %v, by hand %v", got.Selected, want)
	}
	if len(want) == len(all.Selected) || len(kc) == len(all.Selected) || len(kv) == len(kc) {
		t.Fatalf("the thresholds should drop variables at each step: %d → %d → %d", len(all.Selected), len(kc), len(kv))
	}
	seen := map[Exclusion]int{}
	for _, r := range got.Summary {
		if r.Selected != (r.Excluded == ExclusionNone) || r.Selected != slices.Contains(got.Selected, r.Index) {
			t.Errorf("%s: selected %v, excluded %v", r.Name, r.Selected, r.Excluded)
		}
		seen[r.Excluded]++
	}
	if seen[ExcludedIV] == 0 || seen[ExcludedCorrelation] != len(all.Selected)-len(kc) || seen[ExcludedVIF] != len(kc)-len(kv) {
		t.Errorf("exclusions %v", seen)
	}
}

// TestBinAllMissingShare: a column missing in about 32 % of the rows is
// deselected by MaxMissingShare 0.2 and kept by 0.4; its IVRow reports
// the share.
func TestBinAllMissingShare(t *testing.T) {
	x, y := genNumeric(2000, 3)
	holes := make([]float64, len(x))
	nan := 0.0
	for i := range x {
		holes[i] = x[i]
		if i%10 < 3 {
			holes[i] = math.NaN()
		}
		if math.IsNaN(holes[i]) {
			nan++
		}
	}
	share := nan / float64(len(x)) // 30 % plus the generator's own 2 % of the rest
	data := []Column{{Num: x}, {Num: holes}}
	for _, c := range []struct {
		max  float64
		want []int
	}{{0.2, []int{0}}, {0.4, []int{0, 1}}, {0, []int{0, 1}}} {
		r, err := BinAll(data, y, BinAllOptions{Default: BinOptions{NaNMissing: true, Specials: []float64{-1}}, MaxMissingShare: c.max})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Selected, c.want) {
			t.Errorf("max %v: selected %v, want %v", c.max, r.Selected, c.want)
		}
		for _, row := range r.Summary {
			if row.Index == 1 && row.MissingShare != share {
				t.Errorf("missing share %v, want %v", row.MissingShare, share)
			}
			if row.Index == 1 && c.max == 0.2 && row.Excluded != ExcludedMissing {
				t.Errorf("excluded %v", row.Excluded)
			}
		}
	}
	for _, o := range []BinAllOptions{{MaxMissingShare: 2}, {MaxCorrelation: -1}, {MaxVIF: 0.5}, {MaxVIF: math.Inf(1)}} {
		if _, err := BinAll(data, y, o); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: %v", o, err)
		}
	}
}
