package rating_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/smecredit/smecredit/rating"
)

func TestCombineWeights(t *testing.T) {
	s := []float64{0.5, 0.3, 0.2}
	o := []float64{0.2, 0.2, 0.6}
	tests := []struct {
		name   string
		method rating.Combination
		alpha  float64
		want   []float64
	}{
		// By the formulas on CombineWeights, computed by hand:
		// linear α=0.5: (0.35, 0.25, 0.40).
		{"linear half", rating.LinearCombination, 0.5, []float64{0.35, 0.25, 0.40}},
		{"linear all subjective", rating.LinearCombination, 1, s},
		{"linear all objective", rating.LinearCombination, 0, o},
		// products 0.10, 0.06, 0.12, sum 0.28.
		{"multiplicative", rating.MultiplicativeCombination, 0, []float64{0.10 / 0.28, 0.06 / 0.28, 0.12 / 0.28}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := rating.CombineWeights(s, o, tt.method, tt.alpha)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, w, cmpopts.EquateApprox(0, 1e-15)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			checkWeights(t, w)
		})
	}
	errTests := []struct {
		name     string
		s, o     []float64
		method   rating.Combination
		alpha    float64
		sentinel error
	}{
		{"length", s, o[:2], 0, 0.5, rating.ErrShape},
		{"subjective sum", []float64{0.5, 0.5, 0.5}, o, 0, 0.5, rating.ErrWeightSum},
		{"alpha", s, o, 0, 1.5, rating.ErrInvalidInput},
		{"alpha NaN", s, o, 0, math.NaN(), rating.ErrInvalidInput},
		{"disjoint", []float64{1, 0}, []float64{0, 1}, rating.MultiplicativeCombination, 0, rating.ErrNoInformation},
		{"negative", []float64{1.5, -0.5}, []float64{0.5, 0.5}, 0, 0.5, rating.ErrInvalidInput},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := rating.CombineWeights(tt.s, tt.o, tt.method, tt.alpha); !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, want %v", err, tt.sentinel)
			}
		})
	}
}

func TestHierarchicalWeights(t *testing.T) {
	// The proposed default SME system (rating-weights.md §3.2): dimension
	// weights 25/20/8/8/17/12/10 and indicator weights 9,6,4,6 | 8,6,6 | 4,4 |
	// 5,3 | 9,4,4 | 4,4,4 | 6,4 (points of 100).
	dims := []float64{25, 20, 8, 8, 17, 12, 10}
	ind := [][]float64{{9, 6, 4, 6}, {8, 6, 6}, {4, 4}, {5, 3}, {9, 4, 4}, {4, 4, 4}, {6, 4}}
	dw := make([]float64, len(dims))
	local := make([][]float64, len(ind))
	var want []float64
	for d := range dims {
		dw[d] = dims[d] / 100
		for _, v := range ind[d] {
			local[d] = append(local[d], v/dims[d])
			want = append(want, v/100)
		}
	}
	w, err := rating.HierarchicalWeights(dw, local)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, w, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, err := rating.HierarchicalWeights(dw, local[:2]); !errors.Is(err, rating.ErrShape) {
		t.Errorf("length: %v", err)
	}
	local[1] = []float64{0.5, 0.6}
	if _, err := rating.HierarchicalWeights(dw, local); !errors.Is(err, rating.ErrWeightSum) {
		t.Errorf("local sum: %v", err)
	}
}

func TestValidateWeights(t *testing.T) {
	tests := []struct {
		name     string
		w        []float64
		sentinel error
	}{
		{"ok", []float64{0.2, 0.8}, nil},
		{"within tolerance", []float64{1. / 3, 1. / 3, 1. / 3}, nil},
		{"empty", nil, rating.ErrShape},
		{"sum", []float64{0.2, 0.7}, rating.ErrWeightSum},
		{"NaN", []float64{math.NaN(), 1}, rating.ErrInvalidInput},
		{"Inf", []float64{math.Inf(1), 1}, rating.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := rating.ValidateWeights(tt.w); !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, want %v", err, tt.sentinel)
			}
		})
	}
}
