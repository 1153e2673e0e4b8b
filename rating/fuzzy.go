package rating

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// FuzzyResult is the outcome of a fuzzy comprehensive evaluation.
type FuzzyResult struct {
	// Membership is B, one degree in [0, 1] per evaluation grade (column of
	// R), as the operator produced it (not renormalised).
	Membership []float64
	// Grade is the 0-based index of the largest membership (the maximum
	// membership principle); ties go to the first (best-listed) grade.
	Grade int
}

// Score returns the grade-value score of the evaluation, the
// membership-weighted mean of values (one value per grade, e.g. 100, 80,
// 60, 40, 20 points):
//
//	score = Σⱼ bⱼ vⱼ / Σⱼ bⱼ
//
// Errors, each an [*InputError]: Field "values" wrapping [ErrShape] if
// len(values) ≠ len(Membership); Field "values[j]" wrapping
// [ErrInvalidInput] for a value that is not finite or above 1e300 in
// magnitude (so that the weighted sum cannot overflow); Field
// "membership[j]" wrapping [ErrInvalidInput] for a membership outside
// [0, 1]; and the bare [ErrNoInformation] if Σ bⱼ = 0.
func (r *FuzzyResult) Score(values []float64) (float64, error) {
	if len(values) != len(r.Membership) {
		return 0, shapeErr("values", len(values), len(r.Membership))
	}
	var s, t float64
	for j, v := range values {
		if !finite(v) || math.Abs(v) > 1e300 {
			return 0, badValue(at("values", j), v, ErrInvalidInput)
		}
		b := r.Membership[j]
		if !(b >= 0 && b <= 1) {
			return 0, badValue(at("membership", j), b, ErrInvalidInput)
		}
		s += b * v
		t += b
	}
	if t == 0 {
		return 0, ErrNoInformation
	}
	return s / t, nil
}

// FuzzyEvaluate performs one-level fuzzy comprehensive evaluation B = A ∘ R
// with the operator op. weights is A, one weight per factor (valid weights,
// see [ValidateWeights]); r is the membership matrix R, n factors × g
// grades, with rᵢⱼ ∈ [0, 1] the degree to which factor i is judged grade
// j. Inputs are not modified. Cost O(n g).
//
// Errors, each an [*InputError]: Field "r" wrapping [ErrShape] if r is nil
// or empty; Field "weights" wrapping [ErrShape] if len(weights) ≠ rows of
// r; the errors of ValidateWeights; Field "r[i][j]" wrapping
// [ErrInvalidInput] for a membership outside [0, 1]; Field "op" wrapping
// [ErrInvalidInput] for an unknown operator.
//
// References:
//   - Zadeh, L. A. (1965). Fuzzy sets. Information and Control 8, 338–353.
//   - Si Shoukui et al., 数学建模算法与应用 (Mathematical Modeling
//     Algorithms and Applications), National Defense Industry Press,
//     fuzzy comprehensive evaluation chapter (operators M(∧,∨), M(·,∨),
//     M(∧,⊕), M(·,+); one- and multi-level evaluation).
func FuzzyEvaluate(weights []float64, r mat.Matrix, op FuzzyOperator) (*FuzzyResult, error) {
	return fuzzyEvaluate("", weights, r, op)
}

// fuzzyEvaluate is FuzzyEvaluate with field names under prefix.
func fuzzyEvaluate(prefix string, weights []float64, r mat.Matrix, op FuzzyOperator) (*FuzzyResult, error) {
	if r == nil {
		return nil, &InputError{Field: prefix + "r", Value: "nil", Err: ErrShape}
	}
	n, g := r.Dims()
	if g == 0 || n == 0 {
		return nil, &InputError{Field: prefix + "r", Value: strconv.Itoa(n) + "×" + strconv.Itoa(g), Err: ErrShape}
	}
	if len(weights) != n {
		return nil, shapeErr(prefix+"weights", len(weights), n)
	}
	if _, err := checkWeights(prefix+"weights", weights, WeightTolerance); err != nil {
		return nil, err
	}
	if !op.IsValid() {
		return nil, &InputError{Field: "op", Value: op.String(), Err: ErrInvalidInput}
	}
	b := make([]float64, g)
	for i := 0; i < n; i++ {
		a := weights[i]
		for j := 0; j < g; j++ {
			v := r.At(i, j)
			if !(v >= 0 && v <= 1) {
				return nil, badValue(cellAt(prefix+"r", i, j), v, ErrInvalidInput)
			}
			switch op {
			case FuzzyWeightedAverage:
				b[j] += a * v
			case FuzzyMinMax:
				b[j] = max(b[j], min(a, v))
			case FuzzyProductMax:
				b[j] = max(b[j], a*v)
			case FuzzyMinBoundedSum:
				b[j] += min(a, v)
			}
		}
	}
	res := &FuzzyResult{Membership: b}
	for j := range b {
		// Σ aᵢ rᵢⱼ ≤ Σ aᵢ ≤ 1 + WeightTolerance: clamp the rounding.
		b[j] = min(b[j], 1)
		if b[j] > b[res.Grade] {
			res.Grade = j
		}
	}
	return res, nil
}

// FuzzyGroup is one first-level factor group of a two-level evaluation:
// its factors' Weights and membership matrix (factors × grades).
type FuzzyGroup struct {
	Weights    []float64  // factor weights, valid weights
	Membership mat.Matrix // factors × grades, cells in [0, 1]
}

// FuzzyEvaluateTwoLevel performs two-level fuzzy comprehensive evaluation.
// Each group d is evaluated with [FuzzyEvaluate]; its membership vector Bd,
// normalised to sum 1 when its sum is positive, becomes row d of the
// second-level matrix, which is evaluated with the group weights top
// (length len(groups), valid weights). Every group must have the same
// number of grades. Cost O(Σ factors × grades).
//
// Errors: those of FuzzyEvaluate, with Field under "groups[d]." for a
// group ("groups[2].r[0][1]", "groups[2].weights") and "top" for the
// group weights; an [*InputError] with Field "groups" or
// "groups[d].r" wrapping [ErrShape] for mismatched lengths or grade
// counts.
//
// References:
//   - as [FuzzyEvaluate] (multi-level comprehensive evaluation).
func FuzzyEvaluateTwoLevel(top []float64, groups []FuzzyGroup, op FuzzyOperator) (*FuzzyResult, error) {
	if len(groups) == 0 || len(top) != len(groups) {
		return nil, shapeErr("groups", len(groups), len(top))
	}
	var upper *mat.Dense
	for d, grp := range groups {
		prefix := at("groups", d) + "."
		res, err := fuzzyEvaluate(prefix, grp.Weights, grp.Membership, op)
		if err != nil {
			return nil, err
		}
		if upper == nil {
			upper = mat.NewDense(len(groups), len(res.Membership), nil)
		} else if _, g := upper.Dims(); g != len(res.Membership) {
			return nil, &InputError{Field: prefix + "r", Value: strconv.Itoa(len(res.Membership)) + " grades, want " + strconv.Itoa(g), Err: ErrShape}
		}
		var s float64
		for _, v := range res.Membership {
			s += v
		}
		for j, v := range res.Membership {
			if s > 0 {
				v /= s
			}
			upper.Set(d, j, min(v, 1))
		}
	}
	res, err := fuzzyEvaluate("top.", top, upper, op)
	if err != nil {
		if ie, ok := err.(*InputError); ok && ie.Field == "top.weights" || ok && strings.HasPrefix(ie.Field, "top.weights[") {
			ie.Field = strings.Replace(ie.Field, "top.weights", "top", 1)
		}
		return nil, err
	}
	return res, nil
}
