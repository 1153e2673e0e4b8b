package rating_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/rating"
)

// FuzzLoad feeds arbitrary JSON to the spec loader: it must not panic, and
// a spec that compiles must survive a JSON round trip unchanged and score
// any finite firm to a number in [0, 100].
func FuzzLoad(f *testing.F) {
	seed, err := os.ReadFile("testdata/sme-default.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","direction":"benefit","scoring":{"kind":"linear","worst":0,"best":1},"weight":1,"missing":"worst"}]}`))
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","direction":"cost","scoring":{"kind":"piecewise","points":[{"x":0,"score":100},{"x":1,"score":0}]},"weight":1,"missing":"neutral","neutralScore":50}]}`))
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","scoring":{"kind":"categorical","categories":[{"code":1,"score":10}]},"weight":1,"missing":"error"}],"scale":{"id":"s","version":"1","grades":[{"name":"A","minScore":0,"pd":0.1}]}}`))
	f.Add([]byte(`{"indicators":[{"scoring":{"kind":"step","cuts":[1e308,-1e308],"scores":[1,2]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := rating.LoadModel(data)
		if err != nil {
			if m != nil {
				t.Fatal("model and error")
			}
			return
		}
		out, err := json.Marshal(m.Spec())
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		m2, err := rating.LoadModel(out)
		if err != nil {
			t.Fatalf("reload of %s: %v", out, err)
		}
		if d := cmp.Diff(m.Spec(), m2.Spec()); d != "" {
			t.Fatalf("round trip:\n%s", d)
		}
		for _, v := range []float64{0, 1, -1, 0.5, 1e300, -1e300, 3} {
			x := make([]float64, m.Len())
			for i := range x {
				x[i] = v
			}
			r, err := m.Score(x, nil)
			if err == nil && !(r.Score >= 0 && r.Score <= 100) {
				t.Fatalf("score %v for value %g", r.Score, v)
			}
		}
	})
}

// FuzzScore scores arbitrary values (including NaN, ±Inf, huge numbers and
// missing flags) on the default SME system: never a panic, never a NaN, a
// score in [0, 100] or an error.
func FuzzScore(f *testing.F) {
	data, err := os.ReadFile("testdata/sme-default.json")
	if err != nil {
		f.Fatal(err)
	}
	m, err := rating.LoadModel(data)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(0.6, 1.4, 3.0, 0.04, 1.0, uint32(0))
	f.Add(math.NaN(), math.Inf(1), -1e308, 5e-324, 7.0, uint32(0xffffffff))
	f.Fuzz(func(t *testing.T, a, b, c, d, cat float64, mask uint32) {
		x := []float64{a, b, c, d, a, b, c, d, a, b, c, cat, cat, a, b, c, cat, d, cat}
		miss := make([]bool, len(x))
		for i := range miss {
			miss[i] = mask&(1<<i) != 0
		}
		var r rating.Result
		if err := m.ScoreTo(&r, x, miss); err != nil {
			return
		}
		if math.IsNaN(r.Score) || r.Score < 0 || r.Score > 100 || math.IsNaN(r.PD) {
			t.Fatalf("score %v PD %v", r.Score, r.PD)
		}
		for i, p := range r.Points {
			if math.IsNaN(p) || math.IsNaN(r.Scores[i]) {
				t.Fatalf("indicator %d: score %v points %v", i, r.Scores[i], p)
			}
		}
	})
}

// TestPiecewiseExtremeBreakpoints guards the interpolation against
// overflow: breakpoints whose difference overflows are rejected at Compile.
func TestPiecewiseExtremeBreakpoints(t *testing.T) {
	_, err := rating.CompileModel(rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{{
		ID: "a", Direction: rating.Benefit, Weight: 1,
		Scoring: rating.ScoringSpec{Kind: rating.Piecewise, Points: []rating.Point{{X: -1e308, Score: 0}, {X: 1e308, Score: 100}}},
	}}})
	if !specPaths(err)["indicators[0].scoring.points[1].x"] {
		t.Errorf("overflowing breakpoints accepted: %v", err)
	}
}
