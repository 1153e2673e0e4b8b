package portfolio

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// elissamim/economic_indicators, docs/INDICATORS.md: two firms with shares 0.3 and 0.7 have
// HHI 0.58.
func TestHHITwoFirms(t *testing.T) {
	c, err := Concentrate([]Exposure{{Obligor: "a", EAD: decimal.NewFromInt(30)}, {Obligor: "b", EAD: decimal.NewFromInt(70)}}, ByObligor, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !near(c.HHI, 0.58, 1e-15) || c.Largest != "b" || !near(c.LargestShare, 0.7, 1e-15) {
		t.Errorf("%+v, want HHI 0.58 (economic_indicators)", c)
	}
}

// open-risk concentrationMetrics tests/test.py: a uniform vector of 10 ones has normalised HHI 0
// and Gini 0; n ones give CR1 = 1/n.
func TestUniformConcentrationMetrics(t *testing.T) {
	ones := make([]float64, 10)
	for i := range ones {
		ones[i] = 1
	}
	c, err := Shares(ones, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !near(c.NormalizedHHI, 0, 1e-15) || !near(c.Gini, 0, 1e-15) || !near(c.TopShare, 0.1, 1e-15) || !near(c.EffectiveNames, 10, 1e-12) {
		t.Errorf("uniform: %+v", c)
	}
}

// The concentrationMetrics test vector x = [541 … 22261] with that library's formulas (values
// recomputed from its model.py in /work/shared/reference/portfolio.md §3, tagged [C]: no
// published output): HHI 0.184081, normalised 0.093424, Gini 0.462091, CR1 0.334320,
// CR3 0.637807.
func TestConcentrationMetricsVector(t *testing.T) {
	x := []float64{541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261}
	c, err := Shares(x, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		name      string
		got, want float64
	}{{"HHI", c.HHI, 0.184081}, {"normalised HHI", c.NormalizedHHI, 0.093424}, {"Gini", c.Gini, 0.462091},
		{"CR1", c.LargestShare, 0.334320}, {"CR3", c.TopShare, 0.637807}} {
		if !near(k.got, k.want, 5e-7) {
			t.Errorf("%s = %.6f, want %.6f", k.name, k.got, k.want)
		}
	}
	if c.Largest != "9" {
		t.Errorf("largest %q", c.Largest)
	}
}

// Properties: HHI ∈ [1/n, 1], Gini ∈ [0, 1), aggregation by group never lowers HHI, decimal and
// float paths agree.
func TestConcentrationProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		n := 1 + r.IntN(50)
		exps := make([]Exposure, n)
		fl := make([]float64, n)
		for i := range exps {
			v := r.Int64N(1_000_000) + 1
			exps[i] = Exposure{Obligor: strconv.Itoa(i), Group: "g" + strconv.Itoa(r.IntN(5)), Sector: "s", Region: "r", EAD: decimal.New(v, -2)}
			fl[i] = float64(v)
		}
		c, err := Concentrate(exps, ByObligor, 3)
		if err != nil {
			t.Fatal(err)
		}
		if c.HHI < 1/float64(n)-1e-12 || c.HHI > 1+1e-12 || c.Gini < 0 || c.Gini >= 1 || c.Names != n {
			t.Fatalf("n %d: %+v", n, c)
		}
		g, err := Concentrate(exps, ByGroup, 3)
		if err != nil {
			t.Fatal(err)
		}
		if g.HHI < c.HHI-1e-12 {
			t.Fatalf("group HHI %v below obligor HHI %v", g.HHI, c.HHI)
		}
		s, _ := Concentrate(exps, BySector, 3)
		if s.HHI != 1 || s.Names != 1 {
			t.Fatalf("one sector: %+v", s)
		}
		f, _ := Shares(fl, 3)
		if !near(f.HHI, c.HHI, 1e-12) || !near(f.Gini, c.Gini, 1e-12) || !near(f.TopShare, c.TopShare, 1e-12) {
			t.Fatalf("float %+v vs decimal %+v", f, c)
		}
	}
}

// Basel LEX20.1: 25 % of Tier 1; LEX10.8: large exposure from 10 %. Tier 1 = 1 000.
func TestLargeExposuresBasel(t *testing.T) {
	d := decimal.NewFromInt
	exps := []Exposure{
		{Obligor: "A", EAD: d(260)},              // 26 %: breach
		{Obligor: "B", EAD: d(100)},              // exactly 10 %: reported
		{Obligor: "C", EAD: d(99)},               // 9.9 %: not reported
		{Obligor: "D1", Group: "G", EAD: d(150)}, // group G 300 = 30 %: breach as a group
		{Obligor: "D2", Group: "G", EAD: d(150)},
		{Obligor: "E", EAD: d(250)}, // exactly 25 %: at the limit, not above
	}
	got, err := LargeExposures(exps, d(1000), BaselLEX())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name   string
		group  bool
		breach bool
	}{{"G", true, true}, {"A", false, true}, {"E", false, false}, {"D1", false, false}, {"D2", false, false}, {"B", false, false}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Group != w.group || got[i].Breach != w.breach {
			t.Errorf("%d: %+v, want %+v", i, got[i], w)
		}
	}
	// China (press reports of CBIRC Order 2018 No. 1): single client 15 %, group 20 %.
	cn, err := LargeExposures(exps, d(1000), ChinaLEX())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cn {
		// D1 at exactly 15 % is at the single-client limit, not above; E at 25 % and group G at 30 % breach.
		if (e.Name == "G" || e.Name == "A" || e.Name == "E") != e.Breach {
			t.Errorf("China limits: %+v", e)
		}
	}
}

func TestConcentrationErrors(t *testing.T) {
	d := decimal.NewFromInt
	if _, err := Concentrate([]Exposure{{Obligor: "a", EAD: d(-1)}}, ByObligor, 1); !errors.Is(err, ErrAmount) {
		t.Errorf("negative EAD: %v", err)
	}
	if _, err := Concentrate([]Exposure{{Obligor: "a", EAD: d(1)}}, BySector, 1); !errors.Is(err, ErrValue) {
		t.Errorf("empty sector: %v", err)
	}
	if _, err := Concentrate(nil, Dimension(9), 1); !errors.Is(err, ErrValue) {
		t.Errorf("bad dimension: %v", err)
	}
	if _, err := Concentrate(nil, ByObligor, 0); !errors.Is(err, ErrSize) {
		t.Errorf("topN 0: %v", err)
	}
	if _, err := LargeExposures(nil, d(0), BaselLEX()); !errors.Is(err, ErrValue) {
		t.Errorf("tier1 0: %v", err)
	}
	if _, err := LargeExposures(nil, d(1), LargeExposureLimits{0.3, 0.25, 0.25}); !errors.Is(err, ErrProbability) {
		t.Errorf("reporting above limit: %v", err)
	}
	if _, err := Shares([]float64{1, math.NaN()}, 1); !errors.Is(err, ErrValue) {
		t.Errorf("NaN: %v", err)
	}
	c, err := Concentrate(nil, ByObligor, 1)
	if err != nil || c.Names != 0 || c.HHI != 0 {
		t.Errorf("empty: %+v %v", c, err)
	}
}

// TestConcentrateSubnormalAmounts: amounts near 6e-324 have few bits as float64; the shares must
// still sum to 1 (CI fuzzing found HHI 0.32 for two names, below the 1/n floor).
func TestConcentrateSubnormalAmounts(t *testing.T) {
	exps := []Exposure{
		{Obligor: "a", EAD: decimal.New(62, -325)},
		{Obligor: "b", EAD: decimal.New(63, -325)},
	}
	c, err := Concentrate(exps, ByObligor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Names != 2 || c.HHI < 0.5-1e-9 || math.Abs(c.TopShare-1) > 1e-9 {
		t.Fatalf("%+v", c)
	}
}

// TestSharesOverflowingSum: amounts whose float64 sum overflows (1e308 + 1e308 = +Inf) give the
// shares of the same amounts at a small scale, not a silent all-zero result. The expected
// values are the shares of the scaled-down vector, computed by the same function.
func TestSharesOverflowingSum(t *testing.T) {
	c, err := Shares([]float64{1e308, 1e308}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Names != 2 || c.HHI != 0.5 || c.LargestShare != 0.5 || c.EffectiveNames != 2 || c.Largest != "0" {
		t.Errorf("[1e308 1e308]: %+v", c)
	}
	big, err := Shares([]float64{1.5e308, 0, 0.5e308, 1e308}, 2)
	if err != nil {
		t.Fatal(err)
	}
	small, err := Shares([]float64{1.5, 0, 0.5, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if big.Names != 3 || big.Largest != "0" {
		t.Errorf("names %d, largest %s", big.Names, big.Largest)
	}
	for _, k := range []struct {
		name      string
		got, want float64
	}{{"HHI", big.HHI, small.HHI}, {"normalised HHI", big.NormalizedHHI, small.NormalizedHHI},
		{"Gini", big.Gini, small.Gini}, {"CR1", big.LargestShare, 0.5}, {"CR2", big.TopShare, 5.0 / 6},
		{"effective names", big.EffectiveNames, small.EffectiveNames}} {
		if !near(k.got, k.want, 1e-15) {
			t.Errorf("%s = %v, want %v", k.name, k.got, k.want)
		}
	}
}
