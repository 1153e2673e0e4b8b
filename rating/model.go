package rating

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
)

// indicator is a compiled indicator.
type indicator struct {
	kind      ScoringKind
	missing   MissingPolicy
	dim       int     // index into Model.dims, −1 without dimensions
	weight    float64 // global weight, fraction
	missScore float64 // score used for a missing value under worst/neutral
	min       float64 // lowest score the function gives
	worst     float64 // linear: raw value scoring 0
	best      float64 // linear: raw value scoring 100
	inv       float64 // linear: 100 / (best − worst)
	xs, ys    []float64
	// dx, dy hold the piecewise differences xs[i+1] − xs[i] and
	// ys[i+1] − ys[i] (the same values the interpolation formula computes).
	dx, dy []float64
	// tbl maps a categorical code c to tbl[c − lo] (NaN for an unmapped
	// code) when the codes span at most maxTable values; nil otherwise.
	tbl []float64
	lo  int
	// cutsN holds the step cuts or piecewise breakpoints with −0 made +0,
	// for the comparisons of [ge] and [gt] in a batch.
	cutsN []float64
	// pw holds the piecewise segments of a batch by index k = 0…len(xs):
	// k = 0 below xs[0] and k = len(xs) from xs[len−1] are flat
	// (y = ys[0] or ys[len−1], dy = 0, dx = 1); segment k in between is
	// the one [indicator.score] interpolates on, from xs[k−1].
	pw struct{ x, y, dx, dy []float64 }
	// fix is the form of a step function of at most 8 cuts or a piecewise
	// one of at most 9 breakpoints for the batch's unrolled kernels; nil
	// for other indicators.
	fix *fixedCuts
}

// maxTable bounds the span of categorical codes scored by table lookup.
const maxTable = 256

// score maps a finite raw value to 0–100; ok is false for an unknown
// category code.
func (c *indicator) score(x float64) (s float64, ok bool) {
	switch c.kind {
	case Linear:
		s = (x - c.worst) * c.inv
		return min(max(s, 0), 100), true
	case Piecewise:
		xs, ys := c.xs, c.ys
		if x <= xs[0] {
			return ys[0], true
		}
		n := len(xs) - 1
		if x >= xs[n] {
			return ys[n], true
		}
		i := 1
		for x >= xs[i] {
			i++
		}
		return ys[i-1] + c.dy[i-1]*(x-xs[i-1])/c.dx[i-1], true
	case Step:
		return c.ys[stepIndex(c.xs, x)], true
	default: // Categorical
		if c.tbl != nil {
			s = tableScore(c.tbl, c.lo, x)
			return s, s == s
		}
		for i, code := range c.xs {
			if x == code {
				return c.ys[i], true
			}
		}
		return 0, false
	}
}

// Model is a compiled indicator system. It is immutable and safe for
// concurrent use by multiple goroutines. The zero value is not usable; build
// a Model with [CompileModel] or [LoadModel].
type Model struct {
	spec  ModelSpec
	ind   []indicator
	ids   []IndicatorID
	dims  []DimensionID
	scale *MasterScale
	zeros []float64 // Len zeros, standing in for a bad row in a batch
}

// Result is the outcome of scoring one firm. Its slices are reused by
// [Model.ScoreTo] when they have capacity, which makes scoring free of
// allocations; [Model.ScoreAll] leaves them empty. The zero value is an
// empty result ready to be filled.
type Result struct {
	// Score is the weighted score in points, 0–100:
	//	Score = Σᵢ wᵢ · sᵢ
	// with wᵢ the global weight (Σ wᵢ = 1) and sᵢ the indicator score.
	Score float64
	// Scores holds sᵢ, each indicator's score (0–100), in model order.
	Scores []float64
	// Points holds wᵢ · sᵢ, each indicator's contribution in points; the
	// Points sum to Score.
	Points []float64
	// DimensionPoints holds the sum of Points per dimension, in the order of
	// [Model.Dimensions]; empty when the model has no dimensions.
	DimensionPoints []float64
	// Imputed counts indicators scored by their missing policy.
	Imputed int
	// Grade and PD are set when the model has a master scale; otherwise
	// Grade is NoGrade and PD is 0. PD is a one-year probability, fraction.
	Grade Grade   // NoGrade without a scale
	PD    float64 // one-year PD of Grade, fraction
}

// Spec returns a deep copy of the spec the model was compiled from, with
// Kind filled in ("rating-model", and "rating-scale" on its scale).
func (m *Model) Spec() ModelSpec {
	if m == nil {
		return ModelSpec{}
	}
	return m.spec.clone()
}

// nilModel is the error of a method called on a nil or zero *Model.
func nilModel() error {
	return &InputError{Field: "m", Value: "nil or zero Model", Err: ErrInvalidInput}
}

// Len returns the number of indicators, the length of every value vector.
func (m *Model) Len() int {
	if m == nil {
		return 0
	}
	return len(m.ind)
}

// IDs returns the indicator IDs in model order (a fresh slice).
func (m *Model) IDs() []IndicatorID {
	if m == nil {
		return nil
	}
	return slices.Clone(m.ids)
}

// Dimensions returns the dimension IDs in spec order (a fresh slice), the
// order of [Result.DimensionPoints].
func (m *Model) Dimensions() []DimensionID {
	if m == nil {
		return nil
	}
	return slices.Clone(m.dims)
}

// Weights returns the global indicator weights (fractions summing to 1) in
// model order, a fresh slice.
func (m *Model) Weights() []float64 {
	if m == nil {
		return nil
	}
	w := make([]float64, len(m.ind))
	for i := range m.ind {
		w[i] = m.ind[i].weight
	}
	return w
}

// Scale returns the model's master scale, or nil if its spec has none.
func (m *Model) Scale() *MasterScale {
	if m == nil {
		return nil
	}
	return m.scale
}

// Index returns the position of indicator id, or false if the model has no
// such indicator.
func (m *Model) Index(id IndicatorID) (int, bool) {
	if m == nil {
		return -1, false
	}
	i := slices.Index(m.ids, id)
	return i, i >= 0
}

// WithWeights returns a new Model equal to m but with global indicator
// weights w (fractions, length [Model.Len], finite, non-negative, summing to
// 1 within [WeightTolerance]); dimension weights in its spec are set to 0,
// which makes w the global weights. m is not modified. Errors: an
// [*InputError] wrapping [ErrShape] for a wrong length, or the joined
// [*SpecError]s of [CompileModel].
func (m *Model) WithWeights(w []float64) (*Model, error) {
	if m == nil || len(m.ind) == 0 {
		return nil, nilModel()
	}
	if len(w) != len(m.ind) {
		return nil, shapeErr("weights", len(w), len(m.ind))
	}
	s := m.spec.clone()
	for i := range s.Dimensions {
		s.Dimensions[i].Weight = 0
	}
	for i := range s.Indicators {
		s.Indicators[i].Weight = w[i]
	}
	return CompileModel(s)
}

// Values builds a value vector and missing mask in model order from values
// keyed by indicator ID; indicators absent from byID are marked missing.
// An ID the model does not have is an [*InputError] wrapping
// [ErrUnknownIndicator] with Field "values[<id>]" (all such IDs are
// reported, sorted, joined, at most [MaxErrors]).
func (m *Model) Values(byID map[IndicatorID]float64) (x []float64, missing []bool, err error) {
	if m == nil || len(m.ind) == 0 {
		return nil, nil, nilModel()
	}
	x = make([]float64, len(m.ind))
	missing = make([]bool, len(m.ind))
	for i, id := range m.ids {
		v, ok := byID[id]
		x[i], missing[i] = v, !ok
	}
	var errs []error
	for id, v := range byID {
		if _, ok := m.Index(id); !ok {
			errs = append(errs, &InputError{Field: "values[" + strconv.Quote(text(string(id))) + "]", Value: fv(v), Err: ErrUnknownIndicator})
		}
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int {
			return cmp.Compare(a.(*InputError).Field, b.(*InputError).Field)
		})
		if len(errs) > MaxErrors {
			errs = append(errs[:MaxErrors:MaxErrors], &InputError{Field: "values", Value: strconv.Itoa(len(errs)-MaxErrors) + " more unknown indicators", Err: ErrUnknownIndicator})
		}
		return nil, nil, errors.Join(errs...)
	}
	return x, missing, nil
}

// Score scores one firm. x holds the raw indicator values in model order
// (length [Model.Len]); missing, if not nil, has the same length and marks
// values that are missing (their x entry is ignored). It returns a fresh
// Result; use [Model.ScoreTo] to reuse one.
//
// Errors, each an [*InputError]: Field "m" wrapping [ErrInvalidInput] for a
// nil or zero m (every method of one returns it or a zero value); Field
// "values" or "missing" wrapping
// [ErrShape] for wrong lengths; Field "values[i]" wrapping
// [ErrInvalidInput] for NaN or ±Inf, [ErrUnknownCategory] for a categorical
// value the indicator does not map, [ErrMissingValue] for a missing value
// under MissingError. The first failing indicator is reported.
func (m *Model) Score(x []float64, missing []bool) (*Result, error) {
	r := new(Result)
	if err := m.ScoreTo(r, x, missing); err != nil {
		return nil, err
	}
	return r, nil
}

// ScoreTo is [Model.Score] writing into dst, whose slices are reused when
// their capacity suffices: with a reused dst it does not allocate. Cost is
// O(Len) per call. On error dst holds partial values. A nil dst is an
// [*InputError] (Field "dst") wrapping [ErrInvalidInput].
func (m *Model) ScoreTo(dst *Result, x []float64, missing []bool) error {
	if m == nil || len(m.ind) == 0 {
		return nilModel()
	}
	if dst == nil {
		return &InputError{Field: "dst", Value: "nil", Err: ErrInvalidInput}
	}
	n := len(m.ind)
	dst.Scores = grow(dst.Scores, n)
	dst.Points = grow(dst.Points, n)
	dst.DimensionPoints = grow(dst.DimensionPoints, len(m.dims))
	clear(dst.DimensionPoints)
	score, imputed, err := m.score(x, missing, dst.Scores, dst.Points)
	if err != nil {
		return err
	}
	if len(m.dims) > 0 {
		for i := range m.ind {
			dst.DimensionPoints[m.ind[i].dim] += dst.Points[i]
		}
	}
	dst.Score, dst.Imputed = score, imputed
	dst.Grade, dst.PD = NoGrade, 0
	if m.scale != nil {
		dst.Grade = m.scale.gradeOf(score)
		dst.PD = m.scale.pds[dst.Grade-1]
	}
	return nil
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// score is the core loop; scores and points may be nil.
func (m *Model) score(x []float64, missing []bool, scores, points []float64) (float64, int, error) {
	if len(x) != len(m.ind) {
		return 0, 0, shapeErr("values", len(x), len(m.ind))
	}
	if missing != nil && len(missing) != len(m.ind) {
		return 0, 0, shapeErr("missing", len(missing), len(m.ind))
	}
	var total float64
	imputed := 0
	ind := m.ind
	x = x[:len(ind)]
	for i := range ind {
		c := &ind[i]
		var s float64
		if missing != nil && missing[i] {
			if c.missing == MissingError {
				return 0, 0, &InputError{Field: at("values", i), Err: ErrMissingValue}
			}
			s = c.missScore
			imputed++
		} else {
			v := x[i]
			if v-v != 0 { // NaN or ±Inf
				return 0, 0, badValue(at("values", i), v, ErrInvalidInput)
			}
			if c.kind == Linear { // the common case, inlined
				s = min(max((v-c.worst)*c.inv, 0), 100)
			} else {
				var ok bool
				if s, ok = c.score(v); !ok {
					return 0, 0, badValue(at("values", i), v, ErrUnknownCategory)
				}
			}
		}
		p := float64(c.weight * s) // never fused into the sum: batches add the same products
		if scores != nil {
			scores[i], points[i] = s, p
		}
		total += p
	}
	// Weights sum to 1 within WeightTolerance, so total may leave [0, 100]
	// by rounding only; clamp it.
	return min(max(total, 0), 100), imputed, nil
}

// Contribution explains one indicator's part in a score.
type Contribution struct {
	ID        IndicatorID // the indicator
	Dimension DimensionID // empty without dimensions
	Weight    float64     // global weight, fraction
	Score     float64     // indicator score, 0–100
	Points    float64     // Weight × Score, points of the total score
	// Lost is the points the indicator cost the firm against a perfect
	// score: Weight × (100 − Score), ≥ 0.
	Lost float64
}

// Explain returns the contributions of r (a Result of this model) sorted by
// points lost, largest first; ties keep model order. The returned slice is
// fresh and has length [Model.Len]. Errors: an [*InputError] (Field "r"
// or "r.scores") wrapping [ErrShape] if r is nil or does not come from a
// model of this size, or wrapping [ErrInvalidInput] (Field "r.scores[i]")
// for a score that is NaN or outside [0, 100]. Cost O(Len log Len).
func (m *Model) Explain(r *Result) ([]Contribution, error) {
	if m == nil || len(m.ind) == 0 {
		return nil, nilModel()
	}
	if r == nil {
		return nil, &InputError{Field: "r", Value: "nil", Err: ErrShape}
	}
	if len(r.Scores) != len(m.ind) {
		return nil, shapeErr("r.scores", len(r.Scores), len(m.ind))
	}
	for i, v := range r.Scores {
		if !(v >= 0 && v <= 100) {
			return nil, badValue(at("r.scores", i), v, ErrInvalidInput)
		}
	}
	out := make([]Contribution, len(m.ind))
	for i := range m.ind {
		c := &m.ind[i]
		out[i] = Contribution{ID: m.ids[i], Weight: c.weight, Score: r.Scores[i],
			Points: c.weight * r.Scores[i], Lost: c.weight * (100 - r.Scores[i])}
		if c.dim >= 0 {
			out[i].Dimension = m.dims[c.dim]
		}
	}
	slices.SortStableFunc(out, func(a, b Contribution) int { return cmp.Compare(b.Lost, a.Lost) })
	return out, nil
}
