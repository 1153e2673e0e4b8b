package rating_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

// FCE-1: employee appraisal example attributed to Si Shoukui's modelling
// textbooks, as quoted in rating-weights.md: factors (conduct, ability,
// attitude, performance), grades (excellent, good, fair, poor, bad).
var (
	fceA = []float64{0.25, 0.20, 0.25, 0.30}
	fceR = mat.NewDense(4, 5, []float64{
		0.1, 0.5, 0.4, 0, 0,
		0.2, 0.5, 0.2, 0.1, 0,
		0.2, 0.5, 0.3, 0, 0,
		0.2, 0.6, 0.2, 0, 0,
	})
)

func TestFuzzyEvaluatePublished(t *testing.T) {
	tests := []struct {
		op    rating.FuzzyOperator
		want  []float64
		grade int
	}{
		// Published: B = A·R = 0.175, 0.53, 0.275, 0.02, 0 → "good".
		{rating.FuzzyWeightedAverage, []float64{0.175, 0.53, 0.275, 0.02, 0}, 1},
		// Reference recomputation M(∧,∨): 0.2, 0.3, 0.25, 0.1, 0.
		{rating.FuzzyMinMax, []float64{0.2, 0.3, 0.25, 0.1, 0}, 1},
		// Reference recomputation M(·,∨): 0.06, 0.18, 0.10, 0.02, 0.
		{rating.FuzzyProductMax, []float64{0.06, 0.18, 0.10, 0.02, 0}, 1},
		// M(∧,⊕) by its definition min(1, Σ min(aᵢ, rᵢⱼ)): column sums of
		// min(a, r) = 0.7, 1.0, 0.9, 0.1, 0 (hand computation; column 2:
		// 0.25 + 0.2 + 0.25 + 0.3).
		{rating.FuzzyMinBoundedSum, []float64{0.7, 1, 0.9, 0.1, 0}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.op.String(), func(t *testing.T) {
			res, err := rating.FuzzyEvaluate(fceA, fceR, tt.op)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, res.Membership, cmpopts.EquateApprox(0, 1e-12)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if res.Grade != tt.grade {
				t.Errorf("grade %d, want %d", res.Grade, tt.grade)
			}
		})
	}
	// Score with grade values 100/80/60/40/20: 77.2 (derived in the reference).
	res, _ := rating.FuzzyEvaluate(fceA, fceR, rating.FuzzyWeightedAverage)
	s, err := res.Score([]float64{100, 80, 60, 40, 20})
	if err != nil || s < 77.2-1e-9 || s > 77.2+1e-9 {
		t.Errorf("score %v, %v; want 77.2", s, err)
	}
}

func TestFuzzyEvaluateTwoLevel(t *testing.T) {
	// Two levels with equal groups reproduce the one-level result, since
	// each group's B already sums to 1 under M(·,+) (property).
	g := rating.FuzzyGroup{Weights: fceA, Membership: fceR}
	res, err := rating.FuzzyEvaluateTwoLevel([]float64{0.4, 0.6}, []rating.FuzzyGroup{g, g}, rating.FuzzyWeightedAverage)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{0.175, 0.53, 0.275, 0.02, 0}, res.Membership, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// Two different groups: B = 0.5·B1 + 0.5·B2 under M(·,+).
	g2 := rating.FuzzyGroup{Weights: []float64{1}, Membership: mat.NewDense(1, 5, []float64{0, 0, 0, 0, 1})}
	res, err = rating.FuzzyEvaluateTwoLevel([]float64{0.5, 0.5}, []rating.FuzzyGroup{g, g2}, rating.FuzzyWeightedAverage)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]float64{0.0875, 0.265, 0.1375, 0.01, 0.5}, res.Membership, cmpopts.EquateApprox(0, 1e-12)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if res.Grade != 4 {
		t.Errorf("grade %d, want 4 (bad)", res.Grade)
	}
	bad := rating.FuzzyGroup{Weights: []float64{1}, Membership: mat.NewDense(1, 3, []float64{0, 0, 1})}
	if _, err := rating.FuzzyEvaluateTwoLevel([]float64{0.5, 0.5}, []rating.FuzzyGroup{g, bad}, rating.FuzzyWeightedAverage); !errors.Is(err, rating.ErrShape) {
		t.Errorf("grade count mismatch: %v", err)
	}
}

func TestFuzzyErrors(t *testing.T) {
	tests := []struct {
		name     string
		w        []float64
		r        mat.Matrix
		op       rating.FuzzyOperator
		sentinel error
	}{
		{"weights length", []float64{1}, fceR, 0, rating.ErrShape},
		{"nil membership", fceA, nil, 0, rating.ErrShape},
		{"weights sum", []float64{0.5, 0.5, 0.5, 0.5}, fceR, 0, rating.ErrWeightSum},
		{"membership above 1", []float64{1}, mat.NewDense(1, 2, []float64{0.5, 1.5}), 0, rating.ErrInvalidInput},
		{"unknown operator", fceA, fceR, 9, rating.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rating.FuzzyEvaluate(tt.w, tt.r, tt.op)
			if res != nil || !errors.Is(err, tt.sentinel) {
				t.Errorf("got %v, %v; want %v", res, err, tt.sentinel)
			}
		})
	}
	zero := &rating.FuzzyResult{Membership: []float64{0, 0}}
	if _, err := zero.Score([]float64{1, 2}); !errors.Is(err, rating.ErrNoInformation) {
		t.Errorf("zero membership score: %v", err)
	}
}
