package rating_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

func TestEntropyWeightsPublished(t *testing.T) {
	tests := []struct {
		name string
		data *mat.Dense
		want []float64
	}{
		// ENT-1: Xu (2004) EJOR 156(2) 530–532, via pyrepo-mcda Test_Entropy:
		// 0.4630, 0.3992, 0.1378, 0.0000.
		{"ENT-1 Xu 2004", mat.NewDense(4, 4, []float64{30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29}),
			[]float64{0.4630, 0.3992, 0.1378, 0.0000}},
		// ENT-2: Zavadskas & Podvezko (2016) IJITDM 15(2), via pyrepo-mcda
		// test_Entropy2: 0.1146, 0.1981, 0.4185, 0.2689 (types ignored).
		{"ENT-2 Zavadskas Podvezko 2016", mat.NewDense(4, 4, []float64{3.0, 100, 10, 7, 2.5, 80, 8, 5, 1.8, 50, 20, 11, 2.2, 70, 12, 9}),
			[]float64{0.1146, 0.1981, 0.4185, 0.2689}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := rating.EntropyWeights(tt.data, rating.EntropyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, w, cmpopts.EquateApprox(0, 5e-5)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			checkWeights(t, w)
		})
	}
	// ENT-1 divergence of column 4: d = 1e-6 (reference recomputation), so
	// its weight is tiny but positive: 1e-6 / Σd with Σd = 0.243645.
	w, _ := rating.EntropyWeights(mat.NewDense(4, 4, []float64{30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29}), rating.EntropyOptions{})
	if w[3] <= 0 || w[3] > 1e-5 {
		t.Errorf("ENT-1 column 4 weight %g, want about 4e-6", w[3])
	}
}

func TestEntropyWeightsSpecialCases(t *testing.T) {
	// A constant column and an all-zero column carry no information.
	data := mat.NewDense(3, 3, []float64{1, 5, 0, 2, 5, 0, 4, 5, 0})
	w, err := rating.EntropyWeights(data, rating.EntropyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w[1] != 0 || w[2] != 0 || w[0] != 1 {
		t.Errorf("weights %v, want [1 0 0]", w)
	}
	tests := []struct {
		name     string
		data     mat.Matrix
		opts     rating.EntropyOptions
		sentinel error
	}{
		{"all constant", mat.NewDense(2, 2, []float64{3, 0, 3, 0}), rating.EntropyOptions{}, rating.ErrNoInformation},
		{"nil data", nil, rating.EntropyOptions{}, rating.ErrShape},
		{"one row", mat.NewDense(1, 2, []float64{1, 2}), rating.EntropyOptions{}, rating.ErrShape},
		{"negative under proportion", mat.NewDense(2, 2, []float64{1, -2, 3, 4}), rating.EntropyOptions{}, rating.ErrInvalidInput},
		{"NaN", mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax}, rating.ErrInvalidInput},
		{"directions length", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax, Directions: []rating.Direction{rating.Cost}}, rating.ErrShape},
		{"vector normalisation not for entropy", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), rating.EntropyOptions{Normalization: rating.NormVector}, rating.ErrInvalidInput},
		{"unknown direction", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax, Directions: []rating.Direction{rating.Benefit, 7}}, rating.ErrInvalidInput},
		{"unspecified direction", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), rating.EntropyOptions{Normalization: rating.NormMinMax, Directions: []rating.Direction{0, rating.Cost}}, rating.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := rating.EntropyWeights(tt.data, tt.opts)
			if w != nil || !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, %v; want %v", w, err, tt.sentinel)
			}
		})
	}
	var ie *rating.InputError
	_, err = rating.EntropyWeights(mat.NewDense(2, 2, []float64{1, 2, 3, -4}), rating.EntropyOptions{})
	if !errors.As(err, &ie) || ie.Field != "data[1][1]" || ie.Value != "-4" {
		t.Errorf("negative cell not located: %v", err)
	}
}

func TestEntropyMinMax(t *testing.T) {
	// Min-max normalisation accepts negative data and is invariant to a
	// shift and a positive rescaling of a column (property).
	rng := rand.New(rand.NewPCG(1, 2))
	m, k := 200, 5
	a := mat.NewDense(m, k, nil)
	b := mat.NewDense(m, k, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < k; j++ {
			v := rng.NormFloat64() * float64(j+1)
			a.Set(i, j, v)
			b.Set(i, j, 3*v-7)
		}
	}
	wa, err := rating.EntropyWeights(a, rating.EntropyOptions{Normalization: rating.NormMinMax})
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := rating.EntropyWeights(b, rating.EntropyOptions{Normalization: rating.NormMinMax})
	if d := cmp.Diff(wa, wb, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("not shift/scale invariant:\n%s", d)
	}
	checkWeights(t, wa)
	// Reversing a column's values and declaring it Cost gives the same weights.
	c := mat.DenseCopyOf(a)
	for i := 0; i < m; i++ {
		c.Set(i, 2, -a.At(i, 2))
	}
	dirs := []rating.Direction{rating.Benefit, rating.Benefit, rating.Cost, rating.Benefit, rating.Benefit}
	wc, _ := rating.EntropyWeights(c, rating.EntropyOptions{Normalization: rating.NormMinMax, Directions: dirs})
	if d := cmp.Diff(wa, wc, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("cost reversal:\n%s", d)
	}
}

func TestCRITICWeightsPublished(t *testing.T) {
	// CRITIC-1: Tuş & Aytaç Adalı (2019) Opsearch 56(2) 528–538, via pymcdm
	// TestCRITICWeights and pyrepo-mcda Test_CRITIC:
	// 0.157, 0.249, 0.168, 0.121, 0.154, 0.151 (no reversal of the price column).
	data := mat.NewDense(5, 6, []float64{
		5000, 3, 3, 4, 3, 2,
		680, 5, 3, 2, 2, 1,
		2000, 3, 2, 3, 4, 3,
		600, 4, 3, 1, 2, 2,
		800, 2, 4, 3, 3, 4,
	})
	w, err := rating.CRITICWeights(data, rating.CRITICOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.157, 0.249, 0.168, 0.121, 0.154, 0.151}
	if d := cmp.Diff(want, w, cmpopts.EquateApprox(0, 5e-4)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	checkWeights(t, w)
}

func TestCRITICSpecialCases(t *testing.T) {
	// A constant column gets weight 0 and does not change the others.
	with := mat.NewDense(4, 3, []float64{1, 7, 4, 2, 7, 1, 4, 7, 3, 3, 7, 9})
	without := mat.NewDense(4, 2, []float64{1, 4, 2, 1, 4, 3, 3, 9})
	w1, err := rating.CRITICWeights(with, rating.CRITICOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w2, _ := rating.CRITICWeights(without, rating.CRITICOptions{})
	if d := cmp.Diff([]float64{w2[0], 0, w2[1]}, w1, cmpopts.EquateApprox(0, 1e-14)); d != "" {
		t.Errorf("constant column:\n%s", d)
	}
	if _, err := rating.CRITICWeights(mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2}), rating.CRITICOptions{}); !errors.Is(err, rating.ErrNoInformation) {
		t.Errorf("all constant: %v", err)
	}
	if _, err := rating.CRITICWeights(mat.NewDense(2, 2, []float64{1, 2, math.Inf(1), 2}), rating.CRITICOptions{}); !errors.Is(err, rating.ErrInvalidInput) {
		t.Errorf("Inf: %v", err)
	}
	if _, err := rating.CRITICWeights(nil, rating.CRITICOptions{}); !errors.Is(err, rating.ErrShape) {
		t.Errorf("nil data: %v", err)
	}
	// Directions other than Benefit and Cost are errors, not silently Benefit.
	for _, tt := range []struct {
		name string
		dirs []rating.Direction
	}{
		{"unknown direction", []rating.Direction{rating.Benefit, 7}},
		{"unspecified direction", []rating.Direction{0, rating.Cost}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, err := rating.CRITICWeights(with, rating.CRITICOptions{Directions: append(tt.dirs, rating.Benefit)})
			var ie *rating.InputError
			if w != nil || !errors.Is(err, rating.ErrInvalidInput) || !errors.As(err, &ie) || ie.Field != "opts.directions[1]" && ie.Field != "opts.directions[0]" {
				t.Errorf("got %v, %v; want an InputError on direction", w, err)
			}
		})
	}
}

func TestTOPSISPublished(t *testing.T) {
	// TOPSIS-2: Hodgett "TOPSIS in Excel" example, used in R MCDA::TOPSIS docs.
	// Corsa, Clio, Fiesta; price is a cost; weights 0.35, 0.25, 0.25, 0.15.
	data := mat.NewDense(3, 4, []float64{5490, 51.4, 8.5, 285, 6500, 70.6, 7, 288, 6489, 54.3, 7.5, 290})
	w := []float64{0.35, 0.25, 0.25, 0.15}
	dirs := []rating.Direction{rating.Cost, rating.Benefit, rating.Benefit, rating.Benefit}
	res, err := rating.TOPSIS(data, w, dirs, rating.NormVector)
	if err != nil {
		t.Fatal(err)
	}
	// Published ideal points (9 dp).
	pis := []float64{0.179573776, 0.171636015, 0.159499658, 0.087302767}
	nis := []float64{0.212610118, 0.124958799, 0.131352659, 0.085797547}
	if d := cmp.Diff(pis, res.PIS, cmpopts.EquateApprox(0, 5e-10)); d != "" {
		t.Errorf("PIS:\n%s", d)
	}
	if d := cmp.Diff(nis, res.NIS, cmpopts.EquateApprox(0, 5e-10)); d != "" {
		t.Errorf("NIS:\n%s", d)
	}
	// Closeness derived in the reference notes: 0.4817, 0.5182, 0.1780.
	if d := cmp.Diff([]float64{0.4817, 0.5182, 0.1780}, res.Closeness, cmpopts.EquateApprox(0, 5e-5)); d != "" {
		t.Errorf("closeness:\n%s", d)
	}
	// Property: scaling all weights leaves closeness unchanged.
	res2, _ := rating.TOPSIS(data, []float64{3.5, 2.5, 2.5, 1.5}, dirs, rating.NormDefault)
	if d := cmp.Diff(res.Closeness, res2.Closeness, cmpopts.EquateApprox(0, 1e-14)); d != "" {
		t.Errorf("weight scaling:\n%s", d)
	}
	// Min-max normalisation: closeness in [0, 1]; an alternative best on
	// every criterion has closeness 1.
	dom := mat.NewDense(3, 2, []float64{1, 9, 2, 5, 3, 1})
	mm, err := rating.TOPSIS(dom, []float64{0.5, 0.5}, []rating.Direction{rating.Cost, rating.Benefit}, rating.NormMinMax)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{1, 0.5, 0}, mm.Closeness, cmpopts.EquateApprox(0, 1e-14)); d != "" {
		t.Errorf("min-max dominance:\n%s", d)
	}
}

func TestTOPSISErrors(t *testing.T) {
	d2 := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b2 := []rating.Direction{rating.Benefit, rating.Benefit}
	tests := []struct {
		name     string
		data     mat.Matrix
		w        []float64
		dirs     []rating.Direction
		sentinel error
	}{
		{"nil data", nil, []float64{1, 1}, b2, rating.ErrShape},
		{"weights length", d2, []float64{1}, b2, rating.ErrShape},
		{"directions length", d2, []float64{1, 1}, b2[:1], rating.ErrShape},
		{"unspecified direction", d2, []float64{1, 1}, []rating.Direction{rating.Benefit, 0}, rating.ErrInvalidInput},
		{"negative weight", d2, []float64{1, -1}, b2, rating.ErrInvalidInput},
		{"zero weights", d2, []float64{0, 0}, b2, rating.ErrInvalidInput},
		{"all tie", mat.NewDense(2, 2, []float64{1, 2, 1, 2}), []float64{1, 1}, b2, rating.ErrNoInformation},
		{"NaN", mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 2}), []float64{1, 1}, b2, rating.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rating.TOPSIS(tt.data, tt.w, tt.dirs, rating.NormVector)
			if res != nil || !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, %v; want %v", res, err, tt.sentinel)
			}
		})
	}
}
