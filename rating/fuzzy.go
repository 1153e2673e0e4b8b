package rating

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// FuzzyOperator is the composition operator M(⊗, ⊕) of fuzzy comprehensive
// evaluation B = A ∘ R. The zero value is FuzzyWeightedAverage. Text forms:
// "weightedAverage", "minMax", "productMax", "minBoundedSum".
//
//	FuzzyWeightedAverage  M(·,+):  bⱼ = Σᵢ aᵢ rᵢⱼ
//	FuzzyMinMax           M(∧,∨):  bⱼ = maxᵢ min(aᵢ, rᵢⱼ)   (Zadeh)
//	FuzzyProductMax       M(·,∨):  bⱼ = maxᵢ aᵢ rᵢⱼ
//	FuzzyMinBoundedSum    M(∧,⊕):  bⱼ = min(1, Σᵢ min(aᵢ, rᵢⱼ))
//
// Only M(·,+) uses every factor and every weight; the others are kept for
// comparison with the literature, which reports them side by side.
type FuzzyOperator int

// Fuzzy composition operators. The values are stable.
const (
	FuzzyWeightedAverage FuzzyOperator = iota // M(·,+), the default
	FuzzyMinMax                               // M(∧,∨), Zadeh
	FuzzyProductMax                           // M(·,∨)
	FuzzyMinBoundedSum                        // M(∧,⊕)
)

var fuzzyNames = []string{"weightedAverage", "minMax", "productMax", "minBoundedSum"}

// String returns the text form of op.
func (op FuzzyOperator) String() string { return enumString("FuzzyOperator", fuzzyNames, int(op)) }

// MarshalText implements [encoding.TextMarshaler].
func (op FuzzyOperator) MarshalText() ([]byte, error) {
	return enumText("fuzzy operator", fuzzyNames, int(op))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (op *FuzzyOperator) UnmarshalText(b []byte) error {
	v, err := enumParse("fuzzy operator", fuzzyNames, b)
	*op = FuzzyOperator(v)
	return err
}

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
// Errors: [*ShapeError] if len(values) ≠ len(Membership); [*InputError]
// for a non-finite value; [ErrNoInformation] if Σ bⱼ = 0.
func (r *FuzzyResult) Score(values []float64) (float64, error) {
	if len(values) != len(r.Membership) {
		return 0, &ShapeError{Name: "grade values", Want: len(r.Membership), Got: len(values)}
	}
	var s, t float64
	for j, v := range values {
		if !finite(v) {
			return 0, &InputError{Index: j, ID: "grade value", Value: v, Err: ErrInvalidInput}
		}
		s += r.Membership[j] * v
		t += r.Membership[j]
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
// Errors: [*ShapeError] if r is nil or has no columns or len(weights) ≠ rows of r;
// the errors of ValidateWeights; a [*CellError] wrapping [ErrInvalidInput]
// for a membership outside [0, 1]; [*InputError] for an unknown operator.
//
// References:
//   - Zadeh, L. A. (1965). Fuzzy sets. Information and Control 8, 338–353.
//   - Si Shoukui et al., 数学建模算法与应用 (Mathematical Modeling
//     Algorithms and Applications), National Defense Industry Press,
//     fuzzy comprehensive evaluation chapter (operators M(∧,∨), M(·,∨),
//     M(∧,⊕), M(·,+); one- and multi-level evaluation).
func FuzzyEvaluate(weights []float64, r mat.Matrix, op FuzzyOperator) (*FuzzyResult, error) {
	if r == nil {
		return nil, &ShapeError{Name: "membership columns", Want: 1, Got: 0}
	}
	n, g := r.Dims()
	if g == 0 || n == 0 {
		return nil, &ShapeError{Name: "membership columns", Want: 1, Got: g}
	}
	if len(weights) != n {
		return nil, &ShapeError{Name: "weights", Want: n, Got: len(weights)}
	}
	if err := ValidateWeights(weights); err != nil {
		return nil, err
	}
	if op < FuzzyWeightedAverage || op > FuzzyMinBoundedSum {
		return nil, &InputError{Index: -1, ID: "operator", Value: float64(op), Err: ErrInvalidInput}
	}
	b := make([]float64, g)
	for i := 0; i < n; i++ {
		a := weights[i]
		for j := 0; j < g; j++ {
			v := r.At(i, j)
			if !(v >= 0 && v <= 1) {
				return nil, &CellError{Matrix: "membership", Row: i, Col: j, Value: v, Msg: "membership must be in [0, 1]", Err: ErrInvalidInput}
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
		if op == FuzzyMinBoundedSum {
			b[j] = min(b[j], 1)
		}
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

// FuzzyEvaluate2 performs two-level fuzzy comprehensive evaluation. Each
// group d is evaluated with [FuzzyEvaluate]; its membership vector Bd,
// normalised to sum 1 when its sum is positive, becomes row d of the
// second-level matrix, which is evaluated with the group weights top
// (length len(groups), valid weights). Every group must have the same
// number of grades. Errors are those of FuzzyEvaluate, wrapped with the
// group index, and [*ShapeError] for mismatched lengths.
//
// References:
//   - as [FuzzyEvaluate] (multi-level comprehensive evaluation).
func FuzzyEvaluate2(top []float64, groups []FuzzyGroup, op FuzzyOperator) (*FuzzyResult, error) {
	if len(groups) == 0 || len(top) != len(groups) {
		return nil, &ShapeError{Name: "groups", Want: len(top), Got: len(groups)}
	}
	var upper *mat.Dense
	for d, grp := range groups {
		if grp.Membership == nil {
			return nil, fmt.Errorf("group %d: %w", d, &ShapeError{Name: "membership rows", Want: len(grp.Weights), Got: 0})
		}
		res, err := FuzzyEvaluate(grp.Weights, grp.Membership, op)
		if err != nil {
			return nil, fmt.Errorf("group %d: %w", d, err)
		}
		if upper == nil {
			upper = mat.NewDense(len(groups), len(res.Membership), nil)
		} else if _, g := upper.Dims(); g != len(res.Membership) {
			return nil, fmt.Errorf("group %d: %w", d, &ShapeError{Name: "grades", Want: g, Got: len(res.Membership)})
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
	return FuzzyEvaluate(top, upper, op)
}
