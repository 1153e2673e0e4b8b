package rating

import (
	"errors"
	"math"
)

// WeightTolerance is the absolute tolerance for weights summing to 1.
const WeightTolerance = 1e-6 // |Σ w − 1| allowed

// RoundingTolerance is how far from 1 the sum of weights given to
// [CombineWeights] may be when they were printed with three decimals (or
// more) and so sum to 1 only up to rounding, as published weights often do
// (0.488 + 0.252 + 0.100 + 0.161 = 1.001). Such weights are divided by
// their sum and a [*RenormalizedWarning] says so.
const RoundingTolerance = 1e-3

// ValidateWeights checks expert weights w: every weight finite and ≥ 0 (an
// [*InputError] with Field "weights[i]" wrapping [ErrInvalidInput]) and the
// sum 1 within [WeightTolerance] (an [*InputError] with Field "weights"
// wrapping [ErrWeightSum], Value the sum). An empty w is an [*InputError]
// wrapping [ErrShape]. Cost O(len(w)).
func ValidateWeights(w []float64) error {
	_, err := checkWeights("weights", w, WeightTolerance)
	return err
}

// checkWeights validates w (named name in errors) and returns its sum,
// which is within tol of 1.
func checkWeights(name string, w []float64, tol float64) (float64, error) {
	if len(w) == 0 {
		return 0, shapeErr(name, 0, 1)
	}
	var s float64
	for i, v := range w {
		if !finite(v) || v < 0 {
			return 0, badValue(at(name, i), v, ErrInvalidInput)
		}
		s += v
	}
	if !(math.Abs(s-1) <= tol) {
		return 0, &InputError{Field: name, Value: "sum " + fv(s), Err: ErrWeightSum}
	}
	return s, nil
}

// CombineWeights merges subjective weights (from experts or [AHP]) with
// objective weights (from [EntropyWeights] or [CRITICWeights]); both have
// the same length, finite non-negative entries and sum to 1. alpha ∈ [0, 1]
// is the share of the subjective weights in the linear method and is
// ignored by the multiplicative one. The result is a fresh slice summing to
// 1. Cost O(len(subjective)).
//
//	linear:          wⱼ = α sⱼ + (1 − α) oⱼ
//	multiplicative:  wⱼ = sⱼ oⱼ / Σₖ sₖ oₖ
//
// The multiplicative rule gives weight 0 to any criterion one of the two
// sources weights 0, and amplifies agreement; the linear rule keeps both
// views in a stated proportion.
//
// Rounded inputs: a vector whose sum is within [RoundingTolerance] of 1
// but not within [WeightTolerance] (published weights printed with three
// or four decimals) is divided by its sum first; the weights are returned
// together with a [*RenormalizedWarning] per such vector (joined), which
// matches [ErrRenormalized] and not [ErrWeightSum].
//
// Errors (result nil), each an [*InputError] unless noted: Field
// "objective" wrapping [ErrShape] for a length mismatch; Field
// "subjective[j]" or "objective[j]" wrapping [ErrInvalidInput] for a
// negative or non-finite weight; Field "subjective" or "objective"
// wrapping [ErrShape] when empty or [ErrWeightSum] for a sum farther than
// RoundingTolerance from 1; Field "alpha" or "method" wrapping
// [ErrInvalidInput]; the bare [ErrNoInformation] when Σ sₖ oₖ = 0 (the
// two sources never overlap).
//
// References:
//   - Ma, J., Fan, Z.-P., Huang, L.-H. (1999). A subjective and objective
//     integrated approach to determine attribute weights. European Journal
//     of Operational Research 112(2), 397–404 (combined weighting).
//   - The multiplicative ("product") synthesis is the rule used by Chinese
//     SME-rating theses that combine AHP with entropy weights; there is no
//     single canonical source.
func CombineWeights(subjective, objective []float64, method Combination, alpha float64) ([]float64, error) {
	if len(subjective) != len(objective) {
		return nil, shapeErr("objective", len(objective), len(subjective))
	}
	ss, err := checkWeights("subjective", subjective, RoundingTolerance)
	if err != nil {
		return nil, err
	}
	os, err := checkWeights("objective", objective, RoundingTolerance)
	if err != nil {
		return nil, err
	}
	var warns []error
	if math.Abs(ss-1) > WeightTolerance {
		warns = append(warns, &RenormalizedWarning{Field: "subjective", Sum: ss})
	} else {
		ss = 1
	}
	if math.Abs(os-1) > WeightTolerance {
		warns = append(warns, &RenormalizedWarning{Field: "objective", Sum: os})
	} else {
		os = 1
	}
	w := make([]float64, len(subjective))
	switch method {
	case LinearCombination:
		if !(alpha >= 0 && alpha <= 1) {
			return nil, badValue("alpha", alpha, ErrInvalidInput)
		}
		for j := range w {
			w[j] = alpha*(subjective[j]/ss) + (1-alpha)*(objective[j]/os)
		}
	case MultiplicativeCombination:
		var t float64
		for j := range w {
			w[j] = subjective[j] * objective[j]
			t += w[j]
		}
		if t == 0 {
			return nil, ErrNoInformation
		}
		for j := range w {
			w[j] /= t
		}
	default:
		return nil, &InputError{Field: "method", Value: method.String(), Err: ErrInvalidInput}
	}
	switch len(warns) {
	case 0:
		return w, nil
	case 1:
		return w, warns[0]
	}
	return w, errors.Join(warns...)
}

// HierarchicalWeights returns global weights from a two-level hierarchy:
// dim[d] is dimension d's weight and local[d] the weights of its
// indicators inside the dimension. The result concatenates the dimensions
// in order, with length Σ len(local[d]):
//
//	w = (dim[0]·local[0][0], dim[0]·local[0][1], …, dim[1]·local[1][0], …)
//
// dim and every local[d] must be valid weights ([ValidateWeights]); the
// products are divided by their sum (1 within 2·WeightTolerance), so the
// result sums to 1 up to rounding. Cost O(len(w)). Errors: an [*InputError] with Field
// "local" wrapping [ErrShape] if len(local) ≠ len(dim); the errors of
// ValidateWeights with Field "dim…" or "local[d]…".
//
// References:
//   - Saaty, T. L. (1980). The Analytic Hierarchy Process, ch. 2
//     (composition of priorities down a hierarchy).
func HierarchicalWeights(dim []float64, local [][]float64) ([]float64, error) {
	if len(local) != len(dim) {
		return nil, shapeErr("local", len(local), len(dim))
	}
	if _, err := checkWeights("dim", dim, WeightTolerance); err != nil {
		return nil, err
	}
	n := 0
	for d, l := range local {
		if _, err := checkWeights(at("local", d), l, WeightTolerance); err != nil {
			return nil, err
		}
		n += len(l)
	}
	w := make([]float64, 0, n)
	var s float64
	for d, l := range local {
		for _, v := range l {
			w = append(w, dim[d]*v)
			s += dim[d] * v
		}
	}
	// Each level sums to 1 within WeightTolerance, so the products may be
	// off by about twice that: divide by the sum.
	for i := range w {
		w[i] /= s
	}
	return w, nil
}
