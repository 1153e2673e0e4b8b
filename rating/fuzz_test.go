package rating_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

// FuzzLoadModel feeds arbitrary JSON to the model loader: it must not panic, and
// a spec that compiles must survive a JSON round trip unchanged and score
// any finite firm to a number in [0, 100].
func FuzzLoadModel(f *testing.F) {
	seed, err := os.ReadFile("testdata/sme-default.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","direction":"benefit","scoring":{"kind":"linear","worst":0,"best":1},"weight":1,"missing":"worst"}]}`))
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","direction":"cost","scoring":{"kind":"piecewise","points":[{"x":0,"score":100},{"x":1,"score":0}]},"weight":1,"missing":"neutral","neutralScore":50}]}`))
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","scoring":{"kind":"categorical","categories":[{"code":1,"score":10}]},"weight":1,"missing":"error"}],"scale":{"id":"s","version":"1","grades":[{"name":"A","minScore":0,"pd":0.1}]}}`))
	f.Add([]byte(`{"indicators":[{"scoring":{"kind":"step","cuts":[1e308,-1e308],"scores":[1,2]}}]}`))
	f.Add([]byte(`{"kind":"rating-model","id":"m","version":"1","indicators":[{"id":"a","direction":"benefit","scoring":{"kind":"linear","worst":-1e308,"best":1e308},"weight":1,"missing":"worst"}]}`))
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
		for _, v := range []float64{0, 1, -1, 0.5, 1e300, -1e300, 3, math.MaxFloat64, -math.MaxFloat64, 5e-324} {
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

// TestLinearExtremeThresholds: linear thresholds whose difference
// overflows compiled with slope 0, and a value far from worst then scored
// Inf·0 = NaN (issue #18, found in review): refused at compile.
func TestLinearExtremeThresholds(t *testing.T) {
	_, err := rating.CompileModel(rating.ModelSpec{ID: "m", Version: "1", Indicators: []rating.IndicatorSpec{{
		ID: "a", Direction: rating.Benefit, Weight: 1, Missing: rating.MissingWorst,
		Scoring: rating.ScoringSpec{Kind: rating.Linear, Worst: -1e308, Best: 1e308},
	}}})
	if !specPaths(err)["indicators[0].scoring.best"] {
		t.Errorf("overflowing thresholds accepted: %v", err)
	}
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

// The fuzz targets below do not clamp their inputs: every float64 bit
// pattern (NaN, ±Inf, subnormals, ±MaxFloat64) and sizes beyond the
// documented bounds reach the functions. Each checks the package's promise:
// a typed error of this package, or a finite result in the documented range.

// floatsOf reads data as little-endian float64 bit patterns.
func floatsOf(data []byte) []float64 {
	out := make([]float64, len(data)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return out
}

// seedFloats encodes floats for f.Add.
func seedFloats(v ...float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

var sentinels = []error{
	rating.ErrInvalidSpec, rating.ErrLimit, rating.ErrWeightSum, rating.ErrInvalidWeight, rating.ErrRenormalized, rating.ErrInvalidInput,
	rating.ErrMissingValue, rating.ErrUnknownIndicator, rating.ErrUnknownCategory, rating.ErrShape,
	rating.ErrPairwise, rating.ErrInconsistent, rating.ErrNoRandomIndex, rating.ErrNoInformation,
	rating.ErrUnknownGrade, rating.ErrOverrideReason, rating.ErrOverrideLimit, rating.ErrCalibration,
}

// typed fails t unless err matches a sentinel of the package.
func typed(t *testing.T, err error) {
	t.Helper()
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("untyped error %T: %v", err, err)
}

// finiteWeights fails t unless w are k finite weights ≥ 0 summing to 1.
func finiteWeights(t *testing.T, w []float64, k int) {
	t.Helper()
	if len(w) != k {
		t.Fatalf("%d weights, want %d", len(w), k)
	}
	var s float64
	for _, v := range w {
		if !(v >= 0 && v <= 1+1e-9) {
			t.Fatalf("weight %v in %v", v, w)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-9 {
		t.Fatalf("weights %v sum to %v", w, s)
	}
}

// matrixOf shapes floats into an m×k matrix with k = cols (at least 1).
func matrixOf(v []float64, cols int) (*mat.Dense, int, int) {
	k := max(cols, 1)
	m := len(v) / k
	if m == 0 {
		return nil, 0, k
	}
	return mat.NewDense(m, k, v[:m*k]), m, k
}

func FuzzEntropyWeights(f *testing.F) {
	// ENT-1 (Xu 2004) and the same at the edge of float64.
	f.Add(uint8(4), false, seedFloats(30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29))
	f.Add(uint8(2), true, seedFloats(-math.MaxFloat64, math.MaxFloat64, math.MaxFloat64, 5e-324, 1e308, -1e308))
	f.Add(uint8(1), false, seedFloats(math.NaN(), math.Inf(1)))
	f.Fuzz(func(t *testing.T, cols uint8, minmax bool, data []byte) {
		x, _, k := matrixOf(floatsOf(data), int(cols))
		opts := rating.EntropyOptions{}
		if minmax {
			opts.Normalization = rating.NormMinMax
		}
		var a mat.Matrix
		if x != nil {
			a = x
		}
		w, err := rating.EntropyWeights(a, opts)
		if err != nil {
			typed(t, err)
			return
		}
		finiteWeights(t, w, k)
	})
}

func FuzzCRITICWeights(f *testing.F) {
	// CRITIC-1 (Tuş & Aytaç Adalı 2019), and extremes.
	f.Add(uint8(6), seedFloats(5000, 3, 3, 4, 3, 2, 680, 5, 3, 2, 2, 1, 2000, 3, 2, 3, 4, 3, 600, 4, 3, 1, 2, 2, 800, 2, 4, 3, 3, 4))
	f.Add(uint8(2), seedFloats(-math.MaxFloat64, 1, math.MaxFloat64, 1, 0, 1))
	f.Fuzz(func(t *testing.T, cols uint8, data []byte) {
		x, _, k := matrixOf(floatsOf(data), int(cols))
		var a mat.Matrix
		if x != nil {
			a = x
		}
		w, err := rating.CRITICWeights(a, rating.CRITICOptions{})
		if err != nil {
			typed(t, err)
			return
		}
		finiteWeights(t, w, k)
	})
}

func FuzzCombineWeights(f *testing.F) {
	f.Add(uint8(0), 0.5, seedFloats(0.488, 0.252, 0.100, 0.161, 0.1146, 0.1981, 0.4185, 0.2689))
	f.Add(uint8(1), math.NaN(), seedFloats(math.MaxFloat64, 0, 0, math.MaxFloat64))
	f.Fuzz(func(t *testing.T, method uint8, alpha float64, data []byte) {
		v := floatsOf(data)
		h := len(v) / 2
		w, err := rating.CombineWeights(v[:h], v[h:2*h], rating.Combination(method), alpha)
		if err != nil && !errors.Is(err, rating.ErrRenormalized) {
			typed(t, err)
			return
		}
		finiteWeights(t, w, h)
	})
}

func FuzzHierarchicalWeights(f *testing.F) {
	f.Add(uint8(2), seedFloats(0.6, 0.4, 0.5, 0.5, 1))
	f.Add(uint8(1), seedFloats(math.MaxFloat64, math.Inf(-1)))
	f.Fuzz(func(t *testing.T, dims uint8, data []byte) {
		v := floatsOf(data)
		d := min(int(dims), len(v))
		dim, rest := v[:d], v[d:]
		local := make([][]float64, d)
		for i := range local { // split the rest evenly, the last takes the remainder
			n := len(rest) / max(d-i, 1)
			local[i], rest = rest[:n], rest[n:]
		}
		w, err := rating.HierarchicalWeights(dim, local)
		if err != nil {
			typed(t, err)
			return
		}
		n := 0
		for _, l := range local {
			n += len(l)
		}
		finiteWeights(t, w, n)
	})
}

func FuzzAHP(f *testing.F) {
	// The car example (AHP-4) by its upper triangle; sizes beyond MaxCriteria.
	f.Add(uint8(4), uint8(0), uint8(0), seedFloats(3, 7, 3, 9, 1, 1./7))
	f.Add(uint8(200), uint8(1), uint8(3), seedFloats(1e300, 5e-324))
	f.Add(uint8(3), uint8(2), uint8(4), seedFloats(math.MaxFloat64, math.SmallestNonzeroFloat64, 2))
	f.Fuzz(func(t *testing.T, n, method, table uint8, data []byte) {
		v := floatsOf(data)
		opts := rating.AHPOptions{Method: rating.AHPMethod(method % 4), Table: rating.RandomIndexTable(table % 6)}
		// The named form: judgements from the upper triangle, cyclically.
		names := make([]string, n)
		for i := range names {
			names[i] = "c" + strconv.Itoa(i)
		}
		var pairs []rating.Judgement
		if len(v) > 0 && int(n) <= rating.MaxCriteria {
			k := 0
			for i := 0; i < int(n); i++ {
				for j := i + 1; j < int(n); j++ {
					pairs = append(pairs, rating.Judgement{Over: names[i], Under: names[j], Ratio: v[k%len(v)]})
					k++
				}
			}
		}
		res, err := rating.AHPFromPairs(names, pairs, opts)
		checkAHP(t, res, err, int(n))
		// The matrix form of the same judgements (bounded so the harness
		// itself stays small).
		if int(n) > rating.MaxCriteria+8 {
			return
		}
		a := mat.NewDense(max(int(n), 1), max(int(n), 1), nil)
		k := 0
		for i := 0; i < int(n); i++ {
			a.Set(i, i, 1)
			for j := i + 1; j < int(n); j++ {
				x := 1.0
				if len(v) > 0 {
					x = v[k%len(v)]
				}
				a.Set(i, j, x)
				a.Set(j, i, 1/x)
				k++
			}
		}
		res, err = rating.AHP(a, opts)
		checkAHP(t, res, err, max(int(n), 1))
	})
}

func checkAHP(t *testing.T, res *rating.AHPResult, err error, n int) {
	t.Helper()
	if err != nil && !errors.Is(err, rating.ErrInconsistent) {
		if res != nil {
			t.Fatal("result and error")
		}
		typed(t, err)
		return
	}
	finiteWeights(t, res.Weights, n)
	for _, v := range []float64{res.LambdaMax, res.CI, res.CR, res.RI} {
		if !finite(v) || v < 0 {
			t.Fatalf("result %+v", res)
		}
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func FuzzCalibratePD(f *testing.F) {
	f.Add(uint64(0b1010), seedFloats(10, 20, 30, 40, 50, 60))
	f.Add(uint64(1), seedFloats(0, 100, 5e-324, math.NaN()))
	f.Fuzz(func(t *testing.T, bits uint64, data []byte) {
		scores := floatsOf(data)
		defaults := make([]bool, len(scores))
		for i := range defaults {
			defaults[i] = bits>>(i%64)&1 == 1
		}
		c, err := rating.CalibratePD(scores, defaults)
		if err != nil {
			typed(t, err)
			return
		}
		for _, s := range []float64{0, 1e-300, 50, 100} {
			pd, err := c.PD(s)
			if err != nil || !(pd >= 0 && pd <= 1) {
				t.Fatalf("PD(%v) = %v, %v for %+v", s, pd, err, c)
			}
		}
	})
}

// FuzzCalibrationPD uses hand-built calibrations with any coefficients.
func FuzzCalibrationPD(f *testing.F) {
	f.Add(-4.0, -0.05, 50.0)
	f.Add(math.NaN(), 1.0, 0.0)
	f.Add(math.MaxFloat64, -math.MaxFloat64, 100.0)
	f.Fuzz(func(t *testing.T, a, b, s float64) {
		c := &rating.Calibration{Intercept: a, Slope: b}
		pd, err := c.PD(s)
		if err != nil {
			typed(t, err)
			return
		}
		if !(pd >= 0 && pd <= 1) {
			t.Fatalf("PD = %v", pd)
		}
		spec, err := c.MasterScaleSpec(rating.DefaultSMEMasterScaleSpec())
		if err != nil {
			typed(t, err)
			return
		}
		for _, g := range spec.Grades {
			if !(g.PD >= 0 && g.PD <= 1) {
				t.Fatalf("grade PD %v", g.PD)
			}
		}
	})
}

func FuzzLoadMasterScale(f *testing.F) {
	seed, err := json.Marshal(rating.DefaultSMEMasterScaleSpec())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, 55.0)
	f.Add([]byte(`{"kind":"rating-scale","version":"1","id":"s","grades":[{"name":"A","minScore":1e308,"pd":5e-324},{"name":"B","minScore":0,"pd":1}]}`), math.Inf(1))
	f.Fuzz(func(t *testing.T, data []byte, score float64) {
		s, err := rating.LoadMasterScale(data)
		if err != nil {
			typed(t, err)
			return
		}
		out, err := json.Marshal(s.Spec())
		if err != nil {
			t.Fatal(err)
		}
		s2, err := rating.LoadMasterScale(out)
		if err != nil || !cmp.Equal(s.Spec(), s2.Spec()) {
			t.Fatalf("round trip: %v", err)
		}
		g, err := s.Grade(score)
		if err != nil {
			typed(t, err)
			return
		}
		pd, err := s.PD(g)
		if err != nil || !(pd > 0 && pd <= 1) || int(g) > s.Len() {
			t.Fatalf("grade %v PD %v, %v", g, pd, err)
		}
	})
}

func FuzzTOPSIS(f *testing.F) {
	// TOPSIS-2 (Hodgett): 3 cars × 4 criteria, weights, price a cost.
	f.Add(uint8(4), uint8(0b0001), uint8(0), seedFloats(0.35, 0.25, 0.25, 0.15, 5490, 51.4, 8.5, 285, 6500, 70.6, 7, 288, 6489, 54.3, 7.5, 290))
	f.Add(uint8(2), uint8(0), uint8(3), seedFloats(math.MaxFloat64, math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, math.MaxFloat64, 5e-324))
	f.Fuzz(func(t *testing.T, cols, dirBits, norm uint8, data []byte) {
		v := floatsOf(data)
		k := max(int(cols%16), 1)
		if len(v) < k {
			return
		}
		w, rest := v[:k], v[k:]
		x, m, _ := matrixOf(rest, k)
		dirs := make([]rating.Direction, k)
		for j := range dirs {
			dirs[j] = rating.Benefit + rating.Direction(dirBits>>(j%8)&1)
		}
		var a mat.Matrix
		if x != nil {
			a = x
		}
		res, err := rating.TOPSIS(a, w, dirs, rating.Normalization(norm%5))
		if err != nil {
			typed(t, err)
			return
		}
		for i := 0; i < m; i++ {
			c := res.Closeness[i]
			if !(c >= 0 && c <= 1) || !finite(res.DPlus[i]) || !finite(res.DMinus[i]) {
				t.Fatalf("row %d: closeness %v, D+ %v, D- %v", i, c, res.DPlus[i], res.DMinus[i])
			}
		}
		for j := range res.PIS {
			if !finite(res.PIS[j]) || !finite(res.NIS[j]) {
				t.Fatalf("ideal %v / %v", res.PIS, res.NIS)
			}
		}
	})
}

func FuzzFuzzyEvaluate(f *testing.F) {
	// FCE-1 (Si Shoukui appraisal example): 4 factors × 5 grades.
	f.Add(uint8(5), uint8(0), seedFloats(0.25, 0.20, 0.25, 0.30,
		0.1, 0.5, 0.4, 0, 0, 0.2, 0.5, 0.2, 0.1, 0, 0.2, 0.5, 0.3, 0, 0, 0.2, 0.6, 0.2, 0, 0))
	f.Add(uint8(1), uint8(3), seedFloats(1, math.NaN(), 1, math.Inf(1)))
	f.Fuzz(func(t *testing.T, grades, op uint8, data []byte) {
		v := floatsOf(data)
		g := max(int(grades%16), 1)
		n := len(v) / (g + 1)
		w, r := v[:n], v[n:]
		x, _, _ := matrixOf(r[:n*g], g)
		var a mat.Matrix
		if x != nil {
			a = x
		}
		res, err := rating.FuzzyEvaluate(w, a, rating.FuzzyOperator(op%5))
		if err != nil {
			typed(t, err)
			return
		}
		for _, b := range res.Membership {
			if !(b >= 0 && b <= 1) {
				t.Fatalf("membership %v", res.Membership)
			}
		}
		vals := make([]float64, g)
		for j := range vals {
			vals[j] = v[(j)%len(v)]
		}
		s, err := res.Score(vals)
		if err != nil {
			typed(t, err)
			return
		}
		if !finite(s) {
			t.Fatalf("score %v", s)
		}
	})
}
