package rating_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/smecredit/smecredit/rating"
)

func loadDefault(t testing.TB) *rating.Model {
	t.Helper()
	data, err := os.ReadFile("testdata/sme-default.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rating.LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// defaultFirm is a firm in the value order of testdata/sme-default.json.
func defaultFirm() []float64 {
	return []float64{
		0.6, 1.4, 0.7, 3.5, // solvency: debt/assets, current, quick, coverage
		0.04, 0.05, 0.2, // profitability
		5, 3.75, // efficiency
		0.15, -0.05, // growth
		1, 2, 4, // credit: minor late, tax B, 4 years
		7, 12, 2, // business
		1.0, 2, // mitigation: collateral 100%, pledge
	}
}

func TestDefaultSMESystem(t *testing.T) {
	m := loadDefault(t)
	// rating-weights.md §3.2 (proposal): indicator weights in points of 100,
	// stored hierarchically; the compiled global weights must be these.
	want := []float64{9, 6, 4, 6, 8, 6, 6, 4, 4, 5, 3, 9, 4, 4, 4, 4, 4, 6, 4}
	for i := range want {
		want[i] /= 100
	}
	if d := cmp.Diff(want, m.Weights(), cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("global weights (-want +got):\n%s", d)
	}
	r, err := m.Score(defaultFirm(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Indicator scores by the proposal's scoring rules (hand computation):
	// debt 0.6 halfway 0.8→0.4: 50; current 1.4 halfway 0.8→2.0: 50;
	// quick 0.7: 50; coverage 3.5 halfway 1→6: 50; ROA 4%: 50; margin 5%:
	// 50; OCF 0.2: 50; receivables 5 halfway 2→8: 50; inventory 3.75: 50;
	// sales growth 15% band 10–20%: 80; profit growth −5% band −10–0%: 30;
	// bureau minor late 60; tax B 80; relationship 4y band 3–5: 80; 7 years
	// band 5–10: 80; experience 12y: 100; industry neutral 60; collateral
	// 100% halfway 50→150%: 50; guarantee pledge 90.
	wantScores := []float64{50, 50, 50, 50, 50, 50, 50, 50, 50, 80, 30, 60, 80, 80, 80, 100, 60, 50, 90}
	if d := cmp.Diff(wantScores, r.Scores, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("indicator scores (-want +got):\n%s", d)
	}
	var total float64
	for i, s := range wantScores {
		total += want[i] * s
	}
	if math.Abs(r.Score-total) > 1e-9 {
		t.Errorf("score %g, want %g", r.Score, total)
	}
	// total = 59.4 → grade B (55–64), PD 3.2% (§3.3 proposal).
	if name := m.Scale().Name(r.Grade); name != "B" || r.PD != 0.032 {
		t.Errorf("grade %s PD %g, want B 0.032 (score %g)", name, r.PD, r.Score)
	}
	dims := m.Dimensions()
	var sumDim float64
	for d := range dims {
		sumDim += r.DimensionPoints[d]
	}
	if math.Abs(sumDim-r.Score) > 1e-9 {
		t.Errorf("dimension points sum %g, score %g", sumDim, r.Score)
	}
	// Solvency: 25 points × 50% = 12.5.
	if math.Abs(r.DimensionPoints[0]-12.5) > 1e-12 {
		t.Errorf("solvency points %g, want 12.5", r.DimensionPoints[0])
	}
}

func single(t testing.TB, in rating.IndicatorSpec) *rating.Model {
	t.Helper()
	in.ID, in.Weight = "x", 1
	m, err := rating.CompileModel(rating.ModelSpec{ID: "t", Version: "1", Indicators: []rating.IndicatorSpec{in}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestScoringFunctions(t *testing.T) {
	linCost := rating.IndicatorSpec{Direction: rating.Cost, Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: 0.8, Best: 0.4}}
	linBen := rating.IndicatorSpec{Direction: rating.Benefit, Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: 0, Best: 0.08}}
	pw := rating.IndicatorSpec{Direction: rating.Benefit, Scoring: rating.ScoringSpec{Kind: rating.Piecewise,
		Points: []rating.Point{{X: 0, Score: 0}, {X: 1, Score: 60}, {X: 2, Score: 100}}}}
	pwCost := rating.IndicatorSpec{Direction: rating.Cost, Scoring: rating.ScoringSpec{Kind: rating.Piecewise,
		Points: []rating.Point{{X: 10, Score: 100}, {X: 30, Score: 20}}}}
	step := rating.IndicatorSpec{Direction: rating.Benefit, Scoring: rating.ScoringSpec{Kind: rating.Step,
		Cuts: []float64{-0.10, 0, 0.10, 0.20}, Scores: []float64{0, 30, 60, 80, 100}}}
	cat := rating.IndicatorSpec{Scoring: rating.ScoringSpec{Kind: rating.Categorical,
		Categories: []rating.CategoryScore{{Code: 1, Label: "A", Score: 100}, {Code: 5, Label: "D", Score: 0}}}}
	tests := []struct {
		name string
		in   rating.IndicatorSpec
		x    float64
		want float64
	}{
		{"cost at best", linCost, 0.4, 100}, {"cost beyond best", linCost, 0.1, 100},
		{"cost middle", linCost, 0.7, 25}, {"cost at worst", linCost, 0.8, 0}, {"cost beyond worst", linCost, 3, 0},
		{"benefit middle", linBen, 0.02, 25}, {"benefit negative", linBen, -1, 0}, {"benefit high", linBen, 1, 100},
		{"piecewise below", pw, -5, 0}, {"piecewise knot", pw, 1, 60}, {"piecewise between", pw, 1.5, 80},
		{"piecewise above", pw, 9, 100}, {"piecewise cost", pwCost, 20, 60},
		{"step below", step, -0.5, 0}, {"step at cut", step, -0.10, 30}, {"step just below cut", step, 0.0999, 60},
		{"step at 10%", step, 0.10, 80}, {"step top", step, 0.5, 100},
		{"category A", cat, 1, 100}, {"category D", cat, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := single(t, tt.in).Score([]float64{tt.x}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(r.Score-tt.want) > 1e-12 {
				t.Errorf("score(%g) = %g, want %g", tt.x, r.Score, tt.want)
			}
		})
	}
}

func TestMissingPolicies(t *testing.T) {
	neutral := 60.0
	step := rating.ScoringSpec{Kind: rating.Step, Cuts: []float64{1}, Scores: []float64{20, 100}}
	tests := []struct {
		name    string
		policy  rating.MissingPolicy
		neutral *float64
		want    float64
		err     error
	}{
		{"error", rating.MissingError, nil, 0, rating.ErrMissingValue},
		{"worst is the lowest score of the function", rating.MissingWorst, nil, 20, nil},
		{"neutral", rating.MissingNeutral, &neutral, 60, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := single(t, rating.IndicatorSpec{Direction: rating.Benefit, Scoring: step, Missing: tt.policy, NeutralScore: tt.neutral})
			r, err := m.Score([]float64{math.NaN()}, []bool{true})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if err == nil && (r.Score != tt.want || r.Imputed != 1) {
				t.Errorf("score %g imputed %d, want %g and 1", r.Score, r.Imputed, tt.want)
			}
		})
	}
}

func TestScoreErrors(t *testing.T) {
	m := loadDefault(t)
	x := defaultFirm()
	tests := []struct {
		name     string
		mutate   func(x []float64) ([]float64, []bool)
		sentinel error
		index    int
	}{
		{"NaN", func(x []float64) ([]float64, []bool) { x[2] = math.NaN(); return x, nil }, rating.ErrInvalidInput, 2},
		{"Inf", func(x []float64) ([]float64, []bool) { x[4] = math.Inf(-1); return x, nil }, rating.ErrInvalidInput, 4},
		{"unknown category", func(x []float64) ([]float64, []bool) { x[12] = 7; return x, nil }, rating.ErrUnknownCategory, 12},
		{"fractional category", func(x []float64) ([]float64, []bool) { x[12] = 1.5; return x, nil }, rating.ErrUnknownCategory, 12},
		{"missing under error policy", func(x []float64) ([]float64, []bool) {
			miss := make([]bool, len(x))
			miss[0] = true
			return x, miss
		}, rating.ErrMissingValue, 0},
		{"short values", func(x []float64) ([]float64, []bool) { return x[:3], nil }, rating.ErrShape, -1},
		{"short mask", func(x []float64) ([]float64, []bool) { return x, []bool{true} }, rating.ErrShape, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			xx, miss := tt.mutate(append([]float64(nil), x...))
			r, err := m.Score(xx, miss)
			if r != nil || !errors.Is(err, tt.sentinel) {
				t.Fatalf("got %v, %v; want %v", r, err, tt.sentinel)
			}
			var ie *rating.InputError
			if tt.index >= 0 && (!errors.As(err, &ie) || ie.Field != fmt.Sprintf("values[%d]", tt.index)) {
				t.Errorf("error %v does not name index %d", err, tt.index)
			}
		})
	}
	// A nil dst is an error, not a nil-pointer panic.
	if err := m.ScoreTo(nil, x, nil); !errors.Is(err, rating.ErrInvalidInput) {
		t.Errorf("ScoreTo(nil): %v", err)
	}
	// A missing inventory turnover (services firm) is neutral 60, no error.
	miss := make([]bool, len(x))
	miss[8] = true
	r, err := m.Score(x, miss)
	if err != nil || r.Scores[8] != 60 {
		t.Errorf("neutral missing: %v %v", r, err)
	}
}

func TestCompileErrors(t *testing.T) {
	ok := func() rating.ModelSpec {
		return rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{
			{ID: "a", Direction: rating.Benefit, Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: 0, Best: 1}, Weight: 0.5},
			{ID: "b", Direction: rating.Cost, Scoring: rating.ScoringSpec{Kind: rating.Step, Cuts: []float64{1, 2}, Scores: []float64{100, 50, 0}}, Weight: 0.5},
		}}
	}
	tests := []struct {
		name     string
		edit     func(s *rating.ModelSpec)
		paths    []string
		sentinel error
	}{
		{"no id or version", func(s *rating.ModelSpec) { s.ID, s.Version = "", " " }, []string{"id", "version"}, rating.ErrInvalidSpec},
		{"duplicate id", func(s *rating.ModelSpec) { s.Indicators[1].ID = "a" }, []string{"indicators[1].id"}, rating.ErrInvalidSpec},
		{"weights sum", func(s *rating.ModelSpec) { s.Indicators[1].Weight = 0.6 }, []string{"indicators"}, rating.ErrWeightSum},
		{"negative weight", func(s *rating.ModelSpec) { s.Indicators[0].Weight = -0.5 }, []string{"indicators[0].weight"}, rating.ErrInvalidWeight},
		{"thresholds wrong order", func(s *rating.ModelSpec) { s.Indicators[0].Scoring.Best = -1 }, []string{"indicators[0].scoring.best"}, rating.ErrInvalidSpec},
		{"cost with benefit thresholds", func(s *rating.ModelSpec) { s.Indicators[0].Direction = rating.Cost }, []string{"indicators[0].scoring.best"}, rating.ErrInvalidSpec},
		{"no direction", func(s *rating.ModelSpec) { s.Indicators[0].Direction = 0 }, []string{"indicators[0].direction"}, rating.ErrInvalidSpec},
		{"cuts not increasing and scores not monotone", func(s *rating.ModelSpec) {
			s.Indicators[1].Scoring.Cuts = []float64{2, 1}
			s.Indicators[1].Scoring.Scores = []float64{100, 0, 50}
		}, []string{"indicators[1].scoring.cuts[1]", "indicators[1].scoring.scores[2]"}, rating.ErrInvalidSpec},
		{"scores count", func(s *rating.ModelSpec) { s.Indicators[1].Scoring.Scores = []float64{100, 0} }, []string{"indicators[1].scoring.scores"}, rating.ErrInvalidSpec},
		{"score above 100", func(s *rating.ModelSpec) { s.Indicators[1].Scoring.Scores = []float64{120, 50, 0} }, []string{"indicators[1].scoring.scores[0]"}, rating.ErrInvalidSpec},
		{"unused field", func(s *rating.ModelSpec) { s.Indicators[0].Scoring.Cuts = []float64{1} }, []string{"indicators[0].scoring.cuts"}, rating.ErrInvalidSpec},
		{"neutral without score", func(s *rating.ModelSpec) { s.Indicators[0].Missing = rating.MissingNeutral }, []string{"indicators[0].neutralScore"}, rating.ErrInvalidSpec},
		{"unknown dimension", func(s *rating.ModelSpec) {
			s.Dimensions = []rating.DimensionSpec{{ID: "d"}}
			s.Indicators[0].Dimension = "d"
			s.Indicators[1].Dimension = "e"
		}, []string{"indicators[1].dimension"}, rating.ErrInvalidSpec},
		{"hierarchical local sum", func(s *rating.ModelSpec) {
			s.Dimensions = []rating.DimensionSpec{{ID: "d", Weight: 0.5}, {ID: "e", Weight: 0.5}}
			s.Indicators[0].Dimension = "d"
			s.Indicators[1].Dimension = "e"
		}, []string{"dimensions[0]", "dimensions[1]"}, rating.ErrWeightSum},
		{"scale overlap", func(s *rating.ModelSpec) {
			s.Scale = &rating.MasterScaleSpec{ID: "s", Version: "1", Grades: []rating.GradeSpec{{Name: "A", MinScore: 50, PD: 0.01}, {Name: "B", MinScore: 60, PD: 0.1}}}
		}, []string{"scale.grades[1].minScore"}, rating.ErrInvalidSpec},
		{"categorical with direction and duplicate code", func(s *rating.ModelSpec) {
			s.Indicators[1].Scoring = rating.ScoringSpec{Kind: rating.Categorical, Categories: []rating.CategoryScore{{Code: 1, Score: 1}, {Code: 1, Score: 2}}}
		}, []string{"indicators[1].direction", "indicators[1].scoring.categories[1].code"}, rating.ErrInvalidSpec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok()
			tt.edit(&s)
			m, err := rating.CompileModel(s)
			if m != nil || !errors.Is(err, tt.sentinel) || !errors.Is(err, rating.ErrInvalidSpec) {
				t.Fatalf("got %v, %v; want %v", m, err, tt.sentinel)
			}
			got := specPaths(err)
			for _, p := range tt.paths {
				if !got[p] {
					t.Errorf("path %q not reported; got %v", p, err)
				}
			}
		})
	}
	if _, err := rating.CompileModel(ok()); err != nil {
		t.Errorf("base spec: %v", err)
	}
}

// TestCompileInvalidWeight: a NaN, infinite or negative weight is reported as an invalid
// weight at its path, naming the indicator or dimension, not as a sum off 1; for
// compatibility it still matches ErrWeightSum, and a sum off 1 does not match
// ErrInvalidWeight.
func TestCompileInvalidWeight(t *testing.T) {
	ind := func(id string, w float64, dim rating.DimensionID) rating.IndicatorSpec {
		return rating.IndicatorSpec{ID: rating.IndicatorID(id), Dimension: dim, Direction: rating.Benefit,
			Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: 0, Best: 1}, Weight: w}
	}
	for _, tc := range []struct {
		name       string
		spec       rating.ModelSpec
		path, want string
	}{
		{"NaN indicator weight", rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{
			ind("roa", 0.5, ""), ind("dscr", math.NaN(), ""), ind("cr", 0.5, "")}},
			"indicators[1].weight", `rating: indicators[1].weight: invalid weight: NaN for indicator "dscr": want finite and >= 0`},
		{"negative indicator weight", rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{
			ind("roa", -0.5, ""), ind("dscr", 1.5, "")}},
			"indicators[0].weight", `rating: indicators[0].weight: invalid weight: -0.5 for indicator "roa": want finite and >= 0`},
		{"infinite indicator weight", rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{
			ind("roa", math.Inf(1), ""), ind("dscr", 1, "")}},
			"indicators[0].weight", `rating: indicators[0].weight: invalid weight: +Inf for indicator "roa": want finite and >= 0`},
		{"NaN dimension weight", rating.ModelSpec{ID: "m", Version: "1",
			Dimensions: []rating.DimensionSpec{{ID: "solvency", Weight: math.NaN()}, {ID: "liquidity", Weight: 1}},
			Indicators: []rating.IndicatorSpec{ind("roa", 1, "solvency"), ind("cr", 1, "liquidity")}},
			"dimensions[0].weight", `rating: dimensions[0].weight: invalid weight: NaN for dimension "solvency": want finite and >= 0`},
		{"zero dimension weight among positive", rating.ModelSpec{ID: "m", Version: "1",
			Dimensions: []rating.DimensionSpec{{ID: "solvency", Weight: 1}, {ID: "liquidity", Weight: 0}},
			Indicators: []rating.IndicatorSpec{ind("roa", 1, "solvency"), ind("cr", 1, "liquidity")}},
			"dimensions[1].weight", `rating: dimensions[1].weight: invalid weight: 0 for dimension "liquidity": dimension weights must be all zero or all positive`},
	} {
		_, err := rating.CompileModel(tc.spec)
		var found *rating.SpecError
		for _, e := range leaves(err) {
			if se, ok := e.(*rating.SpecError); ok && se.Path == tc.path {
				found = se
			}
		}
		if found == nil {
			t.Errorf("%s: no error at %s: %v", tc.name, tc.path, err)
			continue
		}
		if found.Err != rating.ErrInvalidWeight || found.Error() != tc.want {
			t.Errorf("%s:\n got %v (sentinel %v)\nwant %s", tc.name, found, found.Err, tc.want)
		}
		if !errors.Is(found, rating.ErrInvalidWeight) || !errors.Is(found, rating.ErrWeightSum) || !errors.Is(found, rating.ErrInvalidSpec) {
			t.Errorf("%s: %v does not match ErrInvalidWeight, ErrWeightSum (compatibility) and ErrInvalidSpec", tc.name, found)
		}
		if strings.Contains(found.Error(), "do not sum") {
			t.Errorf("%s: reported as a sum: %v", tc.name, found)
		}
	}
	// A sum off 1 is not an invalid weight.
	_, err := rating.CompileModel(rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{ind("roa", 0.5, ""), ind("dscr", 0.4, "")}})
	if !errors.Is(err, rating.ErrWeightSum) || errors.Is(err, rating.ErrInvalidWeight) {
		t.Errorf("sum 0.9: %v", err)
	}
}

// leaves flattens joined errors.
func leaves(err error) []error {
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range u.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

func specPaths(err error) map[string]bool {
	out := map[string]bool{}
	var walk func(error)
	walk = func(e error) {
		if se, ok := e.(*rating.SpecError); ok {
			out[se.Path] = true
			return
		}
		if u, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

func TestSpecRoundTrip(t *testing.T) {
	m := loadDefault(t)
	data, err := json.Marshal(m.Spec())
	if err != nil {
		t.Fatal(err)
	}
	m2, err := rating.LoadModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m.Spec(), m2.Spec()); d != "" {
		t.Errorf("spec round trip (-want +got):\n%s", d)
	}
	r1, _ := m.Score(defaultFirm(), nil)
	r2, _ := m2.Score(defaultFirm(), nil)
	if d := cmp.Diff(r1, r2); d != "" {
		t.Errorf("results differ:\n%s", d)
	}
	for _, tt := range []struct{ name, doc string }{
		{"unknown field", `{"id":"x","bogus":1}`},
		{"unknown direction", `{"indicators":[{"direction":"sideways"}]}`},
		{"second document", `{"id":"x"} {"id":"y"}`},
		{"trailing brace", `{"id":"x"}}`},
		{"trailing garbage", `{"id":"x"} x`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := rating.ParseModel([]byte(tt.doc)); !errors.Is(err, rating.ErrInvalidSpec) {
				t.Errorf("ParseModel(%s): %v, want ErrInvalidSpec", tt.doc, err)
			}
		})
	}
	if _, err := rating.ParseModel([]byte("{\"kind\":\"rating-model\",\"id\":\"x\"}\n")); err != nil {
		t.Errorf("trailing newline: %v", err)
	}
	// Spec returns a copy: changing it does not change the model.
	s := m.Spec()
	s.Indicators[0].Scoring.Worst = 99
	if m.Spec().Indicators[0].Scoring.Worst == 99 {
		t.Error("Spec shares storage with the model")
	}
}

func TestScoreProperties(t *testing.T) {
	m := loadDefault(t)
	spec := m.Spec()
	rng := rand.New(rand.NewPCG(4, 2))
	var r, r2 rating.Result
	for trial := 0; trial < 2000; trial++ {
		x := defaultFirm()
		for i, in := range spec.Indicators {
			if in.Scoring.Kind == rating.Categorical {
				c := in.Scoring.Categories
				x[i] = float64(c[rng.IntN(len(c))].Code)
			} else {
				x[i] = rng.NormFloat64() * 3
			}
		}
		if err := m.ScoreTo(&r, x, nil); err != nil {
			t.Fatal(err)
		}
		if !(r.Score >= 0 && r.Score <= 100) {
			t.Fatalf("score %g outside [0, 100]", r.Score)
		}
		var s float64
		for _, p := range r.Points {
			s += p
		}
		if math.Abs(s-r.Score) > 1e-9 {
			t.Fatalf("points sum %g != score %g", s, r.Score)
		}
		// Monotone in each numeric indicator's direction.
		i := rng.IntN(len(x))
		in := spec.Indicators[i]
		if in.Scoring.Kind == rating.Categorical {
			continue
		}
		y := append([]float64(nil), x...)
		y[i] += rng.Float64() * 2
		if err := m.ScoreTo(&r2, y, nil); err != nil {
			t.Fatal(err)
		}
		if (in.Direction == rating.Benefit && r2.Score < r.Score-1e-12) || (in.Direction == rating.Cost && r2.Score > r.Score+1e-12) {
			t.Fatalf("%s (%s): raising %g to %g moved score %g to %g", in.ID, in.Direction, x[i], y[i], r.Score, r2.Score)
		}
	}
}

func TestExplain(t *testing.T) {
	m := loadDefault(t)
	r, _ := m.Score(defaultFirm(), nil)
	cs, err := m.Explain(r)
	if err != nil {
		t.Fatal(err)
	}
	// Largest loss: debt/assets, weight 9 points at score 50 → 4.5 lost; then
	// ROA, 8 points at 50 → 4.0.
	if cs[0].ID != "debt_to_assets" || math.Abs(cs[0].Lost-4.5) > 1e-9 || cs[1].ID != "roa" || cs[0].Dimension != "solvency" {
		t.Errorf("top contributions %+v %+v", cs[0], cs[1])
	}
	var lost float64
	for i, c := range cs {
		lost += c.Lost
		if i > 0 && c.Lost > cs[i-1].Lost {
			t.Errorf("not sorted at %d", i)
		}
	}
	if math.Abs(lost-(100-r.Score)) > 1e-9 {
		t.Errorf("lost %g, want 100 − score = %g", lost, 100-r.Score)
	}
	for _, tt := range []struct {
		name string
		r    *rating.Result
	}{
		{"foreign result", &rating.Result{}},
		{"nil result", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := m.Explain(tt.r); !errors.Is(err, rating.ErrShape) {
				t.Errorf("err = %v, want ErrShape", err)
			}
		})
	}
}

func TestScoreAll(t *testing.T) {
	m := loadDefault(t)
	good := defaultFirm()
	bad := defaultFirm()
	bad[3] = math.NaN()
	miss := make([]bool, len(good))
	miss[8] = true
	rows := [][]float64{good, bad, good[:2], good}
	res, err := m.ScoreAll(rows, [][]bool{nil, nil, nil, miss})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(rows) {
		t.Fatalf("%d results for %d rows", len(res), len(rows))
	}
	one, _ := m.Score(good, nil)
	if r := res[0].Result; res[0].Err != nil || r.Score != one.Score || r.Grade != one.Grade || r.PD != one.PD || r.Imputed != 0 || r.Scores != nil {
		t.Errorf("row 0 %+v, single %+v", res[0], one)
	}
	if !errors.Is(res[1].Err, rating.ErrInvalidInput) || !errors.Is(res[2].Err, rating.ErrShape) || res[3].Err != nil {
		t.Errorf("errors %v / %v / %v", res[1].Err, res[2].Err, res[3].Err)
	}
	// Each error names its element in the batch.
	var ie *rating.InputError
	if !errors.As(res[1].Err, &ie) || ie.Field != "rows[1][3]" || ie.Value != "NaN" {
		t.Errorf("row 1 error %v", res[1].Err)
	}
	if !errors.As(res[2].Err, &ie) || ie.Field != "rows[2]" {
		t.Errorf("row 2 error %v", res[2].Err)
	}
	if res[3].Result.Imputed != 1 {
		t.Errorf("row 3 imputed %d", res[3].Result.Imputed)
	}
	if _, err := m.ScoreAll(rows, [][]bool{nil}); !errors.Is(err, rating.ErrShape) {
		t.Errorf("mask count: %v", err)
	}
}

func TestValuesAndWeights(t *testing.T) {
	m := single(t, rating.IndicatorSpec{Direction: rating.Benefit, Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: 0, Best: 1}, Missing: rating.MissingWorst})
	x, miss, err := m.Values(map[rating.IndicatorID]float64{"x": 0.5})
	if err != nil || x[0] != 0.5 || miss[0] {
		t.Errorf("Values: %v %v %v", x, miss, err)
	}
	_, miss, _ = m.Values(nil)
	if !miss[0] {
		t.Error("absent ID not marked missing")
	}
	_, _, err = m.Values(map[rating.IndicatorID]float64{"x": 1, "zz": 2, "aa": 3})
	var ie *rating.InputError
	if !errors.Is(err, rating.ErrUnknownIndicator) || !errors.As(err, &ie) || ie.Field != `values["aa"]` || !strings.Contains(err.Error(), `"zz"`) {
		t.Errorf("unknown IDs: %v", err)
	}
	m2 := loadDefault(t)
	w := make([]float64, m2.Len())
	for i := range w {
		w[i] = 1 / float64(len(w))
	}
	m3, err := m2.WithWeights(w)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, m3.Weights(), cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("WithWeights:\n%s", d)
	}
	if _, err := m2.WithWeights(w[:3]); !errors.Is(err, rating.ErrShape) {
		t.Errorf("WithWeights length: %v", err)
	}
	w[0] = 0.9
	if _, err := m2.WithWeights(w); !errors.Is(err, rating.ErrWeightSum) {
		t.Errorf("WithWeights sum: %v", err)
	}
}

func TestScoreToDoesNotAllocate(t *testing.T) {
	m := loadDefault(t)
	x := defaultFirm()
	var r rating.Result
	_ = m.ScoreTo(&r, x, nil)
	if n := testing.AllocsPerRun(100, func() { _ = m.ScoreTo(&r, x, nil) }); n != 0 {
		t.Errorf("ScoreTo allocates %v times per call", n)
	}
}

// TestModelConcurrent scores from 64 goroutines on one Model and one
// MasterScale (run with -race): compiled values are safe for concurrent
// use, and every goroutine gets the single-threaded results.
func TestModelConcurrent(t *testing.T) {
	m := loadDefault(t)
	firms := make([][]float64, 32)
	for f := range firms {
		firms[f] = defaultFirm()
		firms[f][0] = 0.3 + 0.02*float64(f) // debt/assets across the bands
	}
	firms[5][3] = math.NaN() // one bad firm
	want, err := m.ScoreAll(firms, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantOne, _ := m.Score(firms[0], nil)
	wantExplain, _ := m.Explain(wantOne)
	sc := m.Scale()
	const goroutines = 64
	done := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			var r rating.Result
			var dst []rating.BatchResult
			for i := 0; i < 20; i++ {
				f := (g + i) % len(firms)
				serr := m.ScoreTo(&r, firms[f], nil)
				if (serr != nil) != (want[f].Err != nil) || serr == nil && (r.Score != want[f].Result.Score || r.Grade != want[f].Result.Grade || r.PD != want[f].Result.PD) {
					done <- fmt.Errorf("firm %d: score %v %v, %v; want %+v", f, r.Score, r.Grade, serr, want[f])
					return
				}
				var err error
				if dst, err = m.ScoreAllTo(dst, firms, nil); err != nil || len(dst) != len(want) {
					done <- fmt.Errorf("ScoreAllTo: %d results, %v", len(dst), err)
					return
				}
				for k := range dst {
					if !cmp.Equal(dst[k].Result, want[k].Result) || (dst[k].Err == nil) != (want[k].Err == nil) {
						done <- fmt.Errorf("batch firm %d: %+v, want %+v", k, dst[k], want[k])
						return
					}
				}
				if g, err := sc.Grade(r.Score); serr == nil && (err != nil || g != r.Grade) {
					done <- fmt.Errorf("scale grade %v, model grade %v", g, r.Grade)
					return
				}
				if i == 0 {
					r1, _ := m.Score(firms[0], nil)
					e, err := m.Explain(r1)
					if err != nil || !cmp.Equal(e, wantExplain) {
						done <- fmt.Errorf("Explain differs: %v", err)
						return
					}
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < goroutines; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
