package rating_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

// Regression tests for issue #18 (hostile input) and issue #22 (silently
// wrong answers). Each failed before its fix.

// TOPSIS-2 (Hodgett "TOPSIS in Excel", used in the R MCDA::TOPSIS docs;
// rating-weights.md §TOPSIS): Corsa, Clio, Fiesta, price a cost.
var (
	topsisData = []float64{5490, 51.4, 8.5, 285, 6500, 70.6, 7, 288, 6489, 54.3, 7.5, 290}
	topsisW    = []float64{0.35, 0.25, 0.25, 0.15}
	topsisDirs = []rating.Direction{rating.Cost, rating.Benefit, rating.Benefit, rating.Benefit}
	// Closeness derived in the reference notes from the published PIS/NIS.
	topsisCloseness = []float64{0.4817, 0.5182, 0.1780}
)

// TestTOPSISExtremeWeights: weights near MaxFloat64 gave NaN closeness
// (issue #18); scaling the weights must not change the ranking at all.
func TestTOPSISExtremeWeights(t *testing.T) {
	data := mat.NewDense(3, 4, topsisData)
	big := make([]float64, 4)
	for j, w := range topsisW {
		big[j] = w / 0.35 * math.MaxFloat64 // the first is MaxFloat64
	}
	for _, norm := range []rating.Normalization{rating.NormVector, rating.NormMinMax} {
		want, err := rating.TOPSIS(data, topsisW, topsisDirs, norm)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rating.TOPSIS(data, big, topsisDirs, norm)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); d != "" {
			t.Errorf("%v: weights near MaxFloat64 (-want +got):\n%s", norm, d)
		}
	}
	got, _ := rating.TOPSIS(data, big, topsisDirs, rating.NormVector)
	if d := cmp.Diff(topsisCloseness, got.Closeness, cmpopts.EquateApprox(0, 5e-5)); d != "" {
		t.Errorf("closeness (reference notes TOPSIS-2):\n%s", d)
	}
}

// TestTOPSISExtremeData: the same cars at the edge of float64 (every value
// times 1e304, so Σx² overflows) rank as the published case (vector
// normalisation is scale-free), and a min-max column spanning
// [−MaxFloat64, MaxFloat64] stays finite.
func TestTOPSISExtremeData(t *testing.T) {
	scaled := make([]float64, len(topsisData))
	for i, v := range topsisData {
		scaled[i] = v * 1e304
	}
	res, err := rating.TOPSIS(mat.NewDense(3, 4, scaled), topsisW, topsisDirs, rating.NormVector)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(topsisCloseness, res.Closeness, cmpopts.EquateApprox(0, 5e-5)); d != "" {
		t.Errorf("closeness of scaled data:\n%s", d)
	}
	span := mat.NewDense(3, 1, []float64{-math.MaxFloat64, 0, math.MaxFloat64})
	mm, err := rating.TOPSIS(span, []float64{1}, []rating.Direction{rating.Benefit}, rating.NormMinMax)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{0, 0.5, 1}, mm.Closeness, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("min-max over the whole float64 range:\n%s", d)
	}
}

// TestCalibrationNonFinite: a Calibration with a NaN intercept returned NaN
// PD without error (issue #18).
func TestCalibrationNonFinite(t *testing.T) {
	for _, c := range []*rating.Calibration{
		{Intercept: math.NaN(), Slope: -0.05},
		{Intercept: -4, Slope: math.Inf(-1)},
		nil,
	} {
		pd, err := c.PD(50)
		var ie *rating.InputError
		if !errors.Is(err, rating.ErrCalibration) || !errors.As(err, &ie) || pd != 0 {
			t.Errorf("%+v: PD %v, %v", c, pd, err)
		}
		if _, err := c.MasterScaleSpec(rating.DefaultSMEMasterScaleSpec()); !errors.Is(err, rating.ErrCalibration) {
			t.Errorf("%+v: MasterScaleSpec: %v", c, err)
		}
	}
	// Finite but huge coefficients: a + b·s overflows to ±Inf, and the PD is
	// 0 or 1, never NaN.
	for _, c := range []rating.Calibration{{Intercept: math.MaxFloat64, Slope: math.MaxFloat64}, {Intercept: -math.MaxFloat64, Slope: -math.MaxFloat64}} {
		pd, err := c.PD(100)
		if err != nil || (pd != 0 && pd != 1) {
			t.Errorf("%+v: PD %v, %v", c, pd, err)
		}
	}
}

// TestEntropyOverflow: ENT-1 (Xu 2004, via pyrepo-mcda; rating-weights.md
// ENT-1) times 1e306, whose column sums and x·ln x overflow float64, still gives the
// published weights 0.4630, 0.3992, 0.1378, 0.0000 (shares are scale-free).
func TestEntropyOverflow(t *testing.T) {
	ent1 := []float64{30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29}
	for _, scale := range []float64{1, 1e306, 1e-300} {
		x := make([]float64, len(ent1))
		for i, v := range ent1 {
			x[i] = v * scale
		}
		w, err := rating.EntropyWeights(mat.NewDense(4, 4, x), rating.EntropyOptions{})
		if err != nil {
			t.Fatalf("scale %g: %v", scale, err)
		}
		if d := cmp.Diff([]float64{0.4630, 0.3992, 0.1378, 0.0000}, w, cmpopts.EquateApprox(0, 5e-5)); d != "" {
			t.Errorf("scale %g:\n%s", scale, d)
		}
	}
	// Min-max over [−MaxFloat64, MaxFloat64]: as the same column at a small scale.
	a, err := rating.EntropyWeights(mat.NewDense(3, 2, []float64{-math.MaxFloat64, 1, 0, 2, math.MaxFloat64, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := rating.EntropyWeights(mat.NewDense(3, 2, []float64{-1, 1, 0, 2, 1, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax})
	if d := cmp.Diff(b, a, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("min-max over the float64 range:\n%s", d)
	}
}

// criticData is CRITIC-1 (Tuş & Aytaç Adalı 2019, via pymcdm and
// pyrepo-mcda; rating-weights.md CRITIC), published weights 0.157, 0.249,
// 0.168, 0.121, 0.154, 0.151.
var criticData = []float64{
	5000, 3, 3, 4, 3, 2,
	680, 5, 3, 2, 2, 1,
	2000, 3, 2, 3, 4, 3,
	600, 4, 3, 1, 2, 2,
	800, 2, 4, 3, 3, 4,
}

// TestCRITICExtremeRange: the published case with its price column moved to
// span [−MaxFloat64, MaxFloat64] by an affine map (which min-max undoes)
// keeps the published weights instead of overflowing.
func TestCRITICExtremeRange(t *testing.T) {
	x := append([]float64(nil), criticData...)
	for i := 0; i < 5; i++ { // price ∈ [600, 5000] → [−MaxFloat64, MaxFloat64]
		z := (x[i*6] - 600) / 4400
		x[i*6] = -math.MaxFloat64 + z*math.MaxFloat64 + z*math.MaxFloat64
	}
	w, err := rating.CRITICWeights(mat.NewDense(5, 6, x), rating.CRITICOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{0.157, 0.249, 0.168, 0.121, 0.154, 0.151}, w, cmpopts.EquateApprox(0, 5e-4)); d != "" {
		t.Errorf("(-published +got):\n%s", d)
	}
}

// TestCRITICOneInformativeColumn: with one non-constant column CRITIC
// returned ErrNoInformation (issue #22 item 6); that column alone carries
// information and gets weight 1, the constant ones 0 (as a constant column
// gets 0 in the published case's convention).
func TestCRITICOneInformativeColumn(t *testing.T) {
	x := make([]float64, len(criticData))
	for i := 0; i < 5; i++ {
		for j := 0; j < 6; j++ {
			x[i*6+j] = 7 // constant
		}
		x[i*6+1] = criticData[i*6+1] // only the second column varies
	}
	w, err := rating.CRITICWeights(mat.NewDense(5, 6, x), rating.CRITICOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{0, 1, 0, 0, 0, 0}, w); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	one, err := rating.CRITICWeights(mat.NewDense(3, 1, []float64{1, 2, 4}), rating.CRITICOptions{})
	if err != nil || !cmp.Equal(one, []float64{1}) {
		t.Errorf("single column: %v, %v", one, err)
	}
	// Every column constant: still no information.
	if _, err := rating.CRITICWeights(mat.NewDense(2, 2, []float64{1, 2, 1, 2}), rating.CRITICOptions{}); !errors.Is(err, rating.ErrNoInformation) {
		t.Errorf("constant columns: %v", err)
	}
}

// TestCombineWeightsRounded: published weights printed to three or four
// decimals sum to 1 only up to rounding; CombineWeights refused them with
// ErrWeightSum (issue #22 item 6). Now they are renormalised, with a
// warning that says so.
func TestCombineWeightsRounded(t *testing.T) {
	// AHPy's car example, cost sub-criteria (rating-weights.md AHP-4):
	// 0.488, 0.252, 0.100, 0.161, summing to 1.001.
	s := []float64{0.488, 0.252, 0.100, 0.161}
	// ENT-2 (Zavadskas & Podvezko 2016, via pyrepo-mcda; rating-weights.md
	// ENT-2): 0.1146, 0.1981, 0.4185, 0.2689, summing to 1.0001.
	o := []float64{0.1146, 0.1981, 0.4185, 0.2689}
	w, err := rating.CombineWeights(s, o, rating.LinearCombination, 0.5)
	if w == nil || !errors.Is(err, rating.ErrRenormalized) || errors.Is(err, rating.ErrWeightSum) {
		t.Fatalf("got %v, %v", w, err)
	}
	var warn *rating.RenormalizedWarning
	if !errors.As(err, &warn) || warn.Field != "subjective" || math.Abs(warn.Sum-1.001) > 1e-12 {
		t.Errorf("warning %v", err)
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) != 2 {
		t.Errorf("want a warning for each vector: %v", err)
	}
	ss, os := 1.001, 1.0001
	want := make([]float64, 4)
	for j := range want {
		want[j] = 0.5*s[j]/ss + 0.5*o[j]/os
	}
	if d := cmp.Diff(want, w, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	checkWeights(t, w)
	// Within WeightTolerance: no warning. Beyond RoundingTolerance: refused.
	if _, err := rating.CombineWeights([]float64{0.5, 0.5}, []float64{0.3, 0.7}, rating.LinearCombination, 0.5); err != nil {
		t.Errorf("exact weights: %v", err)
	}
	if _, err := rating.CombineWeights([]float64{0.5, 0.502}, []float64{0.3, 0.7}, rating.LinearCombination, 0.5); !errors.Is(err, rating.ErrWeightSum) {
		t.Errorf("sum 1.002: %v", err)
	}
}

// carPairs is the car example of Wikipedia / AHPy (rating-weights.md
// AHP-4) as named judgements; AHPy's weights are 0.510, 0.234, 0.041, 0.215.
var (
	carNames = []string{"cost", "safety", "style", "capacity"}
	carPairs = []rating.Judgement{
		{Over: "cost", Under: "safety", Ratio: 3},
		{Over: "cost", Under: "style", Ratio: 7},
		{Over: "cost", Under: "capacity", Ratio: 3},
		{Over: "safety", Under: "style", Ratio: 9},
		{Over: "safety", Under: "capacity", Ratio: 1},
		{Over: "capacity", Under: "style", Ratio: 7},
	}
)

// TestAHPOrientation: a transposed matrix has the same CR and opposite
// weights, so AHP cannot tell it from the intended one (issue #22 item 3);
// named judgements fix the orientation by construction: each can be
// written either way round and gives the published weights.
func TestAHPOrientation(t *testing.T) {
	res, err := rating.AHPFromPairs(carNames, carPairs, rating.AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	published := []float64{0.510, 0.234, 0.041, 0.215}
	if d := cmp.Diff(published, res.Weights, cmpopts.EquateApprox(0, 5e-4)); d != "" {
		t.Errorf("(-AHPy +got):\n%s", d)
	}
	// The same judgements, each flipped: {Under over Over = 1/Ratio}, in
	// reverse order.
	flipped := make([]rating.Judgement, len(carPairs))
	for k, p := range carPairs {
		flipped[len(carPairs)-1-k] = rating.Judgement{Over: p.Under, Under: p.Over, Ratio: 1 / p.Ratio}
	}
	res2, err := rating.AHPFromPairs(carNames, flipped, rating.AHPOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(res.Weights, res2.Weights, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("flipped judgements:\n%s", d)
	}
	// The hazard the named form removes: the transposed matrix passes with
	// the same CR and different weights.
	a := mat.NewDense(4, 4, []float64{1, 3, 7, 3, 1. / 3, 1, 9, 1, 1. / 7, 1. / 9, 1, 1. / 7, 1. / 3, 1, 7, 1})
	var tr mat.Dense
	tr.CloneFrom(a.T())
	r1, _ := rating.AHP(a, rating.AHPOptions{})
	r2, _ := rating.AHP(&tr, rating.AHPOptions{})
	if math.Abs(r1.CR-r2.CR) > 1e-12 || cmp.Equal(r1.Weights, r2.Weights, cmpopts.EquateApprox(0, 0.05)) {
		t.Errorf("transposed: CR %v vs %v, weights %v vs %v", r1.CR, r2.CR, r1.Weights, r2.Weights)
	}
	if d := cmp.Diff(r1.Weights, res.Weights, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("matrix and named forms differ:\n%s", d)
	}

	// Every judgement exactly once, names known and distinct.
	tests := []struct {
		name  string
		names []string
		pairs []rating.Judgement
		field string
	}{
		{"missing pair", carNames, carPairs[:5], "pairs"},
		{"judged twice", carNames, append(append([]rating.Judgement(nil), carPairs...), flipped[0]), "pairs[6]"},
		{"unknown name", carNames, append([]rating.Judgement{{Over: "colour", Under: "cost", Ratio: 2}}, carPairs...), "pairs[0].over"},
		{"self", carNames, append([]rating.Judgement{{Over: "cost", Under: "cost", Ratio: 1}}, carPairs...), "pairs[0].under"},
		{"zero ratio", carNames, append([]rating.Judgement{{Over: "cost", Under: "safety", Ratio: 0}}, carPairs[1:]...), "pairs[0].ratio"},
		{"NaN ratio", carNames, append([]rating.Judgement{{Over: "cost", Under: "safety", Ratio: math.NaN()}}, carPairs[1:]...), "pairs[0].ratio"},
		{"huge ratio", carNames, append([]rating.Judgement{{Over: "cost", Under: "safety", Ratio: 1e300}}, carPairs[1:]...), "pairs[0].ratio"},
		{"repeated name", []string{"cost", "cost"}, nil, "names[1]"},
		{"empty name", []string{"cost", ""}, nil, "names[1]"},
		{"no names", nil, nil, "names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rating.AHPFromPairs(tt.names, tt.pairs, rating.AHPOptions{})
			var ie *rating.InputError
			if res != nil || !errors.Is(err, rating.ErrPairwise) || !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("got %v, %v; want ErrPairwise at %s", res, err, tt.field)
			}
		})
	}
	if _, err := rating.AHPFromPairs(make([]string, rating.MaxCriteria+1), nil, rating.AHPOptions{}); !errors.Is(err, rating.ErrLimit) {
		t.Errorf("too many names: %v", err)
	}
}

// TestNilAndZeroReceivers: methods of nil or zero compiled values return a
// typed error or a zero value, never panic and never a silent score (issue
// #18: nil receivers panicked in some packages).
func TestNilAndZeroReceivers(t *testing.T) {
	for name, m := range map[string]*rating.Model{"nil": nil, "zero": {}} {
		t.Run("Model "+name, func(t *testing.T) {
			var r rating.Result
			errs := []error{
				m.ScoreTo(&r, nil, nil),
				func() error { _, err := m.Score([]float64{1}, nil); return err }(),
				func() error { _, err := m.ScoreAll([][]float64{{1}}, nil); return err }(),
				func() error { _, err := m.Explain(&r); return err }(),
				func() error { _, _, err := m.Values(nil); return err }(),
				func() error { _, err := m.WithWeights(nil); return err }(),
			}
			for i, err := range errs {
				var ie *rating.InputError
				if !errors.Is(err, rating.ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != "m" {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if m.Len() != 0 || m.IDs() != nil || m.Scale() != nil || m.Weights() != nil && len(m.Weights()) != 0 {
				t.Error("accessors of an empty model")
			}
			if _, ok := m.Index("x"); ok {
				t.Error("Index found an indicator")
			}
		})
	}
	for name, s := range map[string]*rating.MasterScale{"nil": nil, "zero": {}} {
		t.Run("MasterScale "+name, func(t *testing.T) {
			errs := []error{
				func() error { _, err := s.Grade(50); return err }(),
				func() error { _, err := s.PD(1); return err }(),
				func() error { _, err := s.Lookup("A"); return err }(),
				func() error { _, err := s.ApplyOverride(1, rating.Override{To: 2, Reason: "x"}); return err }(),
			}
			for i, err := range errs {
				if !errors.Is(err, rating.ErrInvalidInput) {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if s.Len() != 0 || s.DefaultGrade() != rating.NoGrade || s.Name(1) != "grade 1" {
				t.Error("accessors of an empty scale")
			}
		})
	}
}
