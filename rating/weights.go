package rating

import (
	"fmt"
	"math"
)

// ValidateWeights checks expert weights w: every weight finite and ≥ 0 (an
// [*InputError] wrapping [ErrInvalidInput] naming the index) and the sum 1
// within [WeightTolerance] (an error wrapping [ErrWeightSum] giving the
// sum). An empty w is a [*ShapeError].
func ValidateWeights(w []float64) error {
	if len(w) == 0 {
		return &ShapeError{Name: "weights", Want: 1, Got: 0}
	}
	var s float64
	for i, v := range w {
		if !finite(v) || v < 0 {
			return &InputError{Index: i, Value: v, Err: ErrInvalidInput}
		}
		s += v
	}
	if math.Abs(s-1) > WeightTolerance {
		return fmt.Errorf("%w: sum %g", ErrWeightSum, s)
	}
	return nil
}

// Combination selects how [CombineWeights] merges subjective and objective
// weights. The zero value is LinearCombination. Text forms: "linear",
// "multiplicative".
type Combination int

// Combination methods. The values are stable.
const (
	// LinearCombination: wⱼ = α sⱼ + (1 − α) oⱼ.
	LinearCombination Combination = iota
	// MultiplicativeCombination: wⱼ = sⱼ oⱼ / Σₖ sₖ oₖ.
	MultiplicativeCombination
)

var combinationNames = []string{"linear", "multiplicative"}

// String returns the text form of c.
func (c Combination) String() string { return enumString("Combination", combinationNames, int(c)) }

// MarshalText implements [encoding.TextMarshaler].
func (c Combination) MarshalText() ([]byte, error) {
	return enumText("combination", combinationNames, int(c))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (c *Combination) UnmarshalText(b []byte) error {
	v, err := enumParse("combination", combinationNames, b)
	*c = Combination(v)
	return err
}

// CombineWeights merges subjective weights s (from experts or [AHP]) with
// objective weights o (from [EntropyWeights] or [CRITICWeights]); both have
// the same length and are valid weights ([ValidateWeights]). alpha ∈ [0, 1]
// is the share of the subjective weights in the linear method and is
// ignored by the multiplicative one. The result is a fresh slice summing to 1.
//
//	linear:          wⱼ = α sⱼ + (1 − α) oⱼ
//	multiplicative:  wⱼ = sⱼ oⱼ / Σₖ sₖ oₖ
//
// The multiplicative rule gives weight 0 to any criterion one of the two
// sources weights 0, and amplifies agreement; the linear rule keeps both
// views in a stated proportion.
//
// Errors: [*ShapeError] for length mismatch; the errors of
// [ValidateWeights]; [*InputError] for alpha outside [0, 1];
// [ErrNoInformation] when Σ sₖ oₖ = 0 (the two sources never overlap).
//
// References:
//   - Ma, J., Fan, Z.-P., Huang, L.-H. (1999). A subjective and objective
//     integrated approach to determine attribute weights. European Journal
//     of Operational Research 112(2), 397–404 (combined weighting).
//   - The multiplicative ("product") synthesis is the rule used by Chinese
//     SME-rating theses that combine AHP with entropy weights; there is no
//     single canonical source.
func CombineWeights(s, o []float64, method Combination, alpha float64) ([]float64, error) {
	if len(s) != len(o) {
		return nil, &ShapeError{Name: "objective weights", Want: len(s), Got: len(o)}
	}
	if err := ValidateWeights(s); err != nil {
		return nil, fmt.Errorf("subjective weights: %w", err)
	}
	if err := ValidateWeights(o); err != nil {
		return nil, fmt.Errorf("objective weights: %w", err)
	}
	w := make([]float64, len(s))
	switch method {
	case LinearCombination:
		if !(alpha >= 0 && alpha <= 1) {
			return nil, &InputError{Index: -1, ID: "alpha", Value: alpha, Err: ErrInvalidInput}
		}
		for j := range w {
			w[j] = alpha*s[j] + (1-alpha)*o[j]
		}
	case MultiplicativeCombination:
		var t float64
		for j := range w {
			w[j] = s[j] * o[j]
			t += w[j]
		}
		if t == 0 {
			return nil, ErrNoInformation
		}
		for j := range w {
			w[j] /= t
		}
	default:
		return nil, &InputError{Index: -1, ID: "method", Value: float64(method), Err: ErrInvalidInput}
	}
	return w, nil
}

// HierarchicalWeights returns global weights from a two-level hierarchy:
// dim[d] is dimension d's weight and local[d] the weights of its
// indicators inside the dimension. The result concatenates the dimensions
// in order, with length Σ len(local[d]):
//
//	w = (dim[0]·local[0][0], dim[0]·local[0][1], …, dim[1]·local[1][0], …)
//
// dim and every local[d] must be valid weights ([ValidateWeights]), so the
// result sums to 1. Errors: [*ShapeError] if len(local) ≠ len(dim); the
// errors of ValidateWeights, wrapped with the dimension index.
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process, ch. 2
//     (composition of priorities down a hierarchy).
func HierarchicalWeights(dim []float64, local [][]float64) ([]float64, error) {
	if len(local) != len(dim) {
		return nil, &ShapeError{Name: "local weights", Want: len(dim), Got: len(local)}
	}
	if err := ValidateWeights(dim); err != nil {
		return nil, fmt.Errorf("dimension weights: %w", err)
	}
	var w []float64
	for d, l := range local {
		if err := ValidateWeights(l); err != nil {
			return nil, fmt.Errorf("local weights of dimension %d: %w", d, err)
		}
		for _, v := range l {
			w = append(w, dim[d]*v)
		}
	}
	return w, nil
}
