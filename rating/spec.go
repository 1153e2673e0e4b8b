package rating

import "github.com/smecredit/smecredit/internal/specjson"

// IndicatorID names an indicator in a model, e.g. "debt_to_assets".
type IndicatorID string

// DimensionID names a first-level dimension of an indicator system, e.g.
// "solvency".
type DimensionID string

// ModelSpec is the declaration of an indicator system: what users write and
// store as JSON (a document of kind "rating-model"). [CompileModel]
// validates it into a [Model]; [ParseModel] reads it from JSON. The zero
// value is not a valid spec (it has no indicators).
//
// Weights are set on two levels:
//
//   - If Dimensions is empty or every dimension weight is 0, each indicator's
//     Weight is its global weight and all indicator weights sum to 1.
//   - Otherwise every dimension weight is positive, dimension weights sum to
//     1, the indicator weights inside each dimension sum to 1, and the global
//     weight is dimension weight × indicator weight ([HierarchicalWeights]).
//
// Sums are checked with tolerance [WeightTolerance].
type ModelSpec struct {
	Kind       string          `json:"kind"`                 // "rating-model" (KindModel); empty only in Go-built specs
	Version    string          `json:"version"`              // the author's version label, non-empty
	ID         string          `json:"id"`                   // model identifier, non-empty
	Dimensions []DimensionSpec `json:"dimensions,omitempty"` // first-level dimensions; may be empty
	Indicators []IndicatorSpec `json:"indicators"`           // in value-vector order
	// Scale, when set, makes Score also return a grade and its PD.
	Scale *MasterScaleSpec `json:"scale,omitempty"`
}

// DimensionSpec declares a first-level dimension (solvency, profitability …).
// Weight is a fraction; see [ModelSpec] for how it combines with indicator
// weights.
type DimensionSpec struct {
	ID     DimensionID `json:"id"`               // unique, non-empty
	Name   string      `json:"name,omitempty"`   // human-readable name
	Weight float64     `json:"weight,omitempty"` // fraction; 0 in every dimension means global indicator weights
}

// IndicatorSpec declares one indicator: its scoring function, direction,
// missing-value policy and weight (a fraction, see [ModelSpec]).
// Dimension must name a declared dimension when the spec has dimensions and
// be empty otherwise. NeutralScore (0–100) is required when Missing is
// MissingNeutral and must be absent otherwise.
type IndicatorSpec struct {
	ID           IndicatorID   `json:"id"`                     // unique, non-empty
	Name         string        `json:"name,omitempty"`         // definition, for people
	Dimension    DimensionID   `json:"dimension,omitempty"`    // declared dimension, or empty without dimensions
	Direction    Direction     `json:"direction,omitempty"`    // Benefit or Cost; empty for categorical
	Scoring      ScoringSpec   `json:"scoring"`                // maps the raw value to 0–100 points
	Weight       float64       `json:"weight"`                 // fraction, global or within the dimension
	Missing      MissingPolicy `json:"missing"`                // what a missing value scores
	NeutralScore *float64      `json:"neutralScore,omitempty"` // points for a missing value under MissingNeutral
}

// ScoringSpec is an indicator's scoring function; Kind selects which of the
// other fields is used, and the others must be empty. All scores are points
// in [0, 100].
//
//	linear:      s(x) = 100 · clamp((x − Worst) / (Best − Worst), 0, 1)
//	piecewise:   s linear between consecutive Points, flat outside them
//	step:        s(x) = Scores[i] for Cuts[i−1] ≤ x < Cuts[i]
//	             (Cuts[−1] = −∞, Cuts[len] = +∞; len(Scores) = len(Cuts)+1)
//	categorical: s(x) = Score of the category whose Code equals x
//
// For Benefit indicators Best > Worst and piecewise/step scores are
// non-decreasing in x; for Cost indicators Best < Worst and scores are
// non-increasing. Piecewise X and Cuts are strictly increasing.
type ScoringSpec struct {
	Kind       ScoringKind     `json:"kind"`                 // which function
	Worst      float64         `json:"worst,omitempty"`      // linear: raw value scoring 0 (and beyond)
	Best       float64         `json:"best,omitempty"`       // linear: raw value scoring 100 (and beyond)
	Points     []Point         `json:"points,omitempty"`     // piecewise: breakpoints, X strictly increasing
	Cuts       []float64       `json:"cuts,omitempty"`       // step: band boundaries, strictly increasing
	Scores     []float64       `json:"scores,omitempty"`     // step: points per band, len(Cuts)+1
	Categories []CategoryScore `json:"categories,omitempty"` // categorical: code → points
}

// Point is a breakpoint of a piecewise-linear scoring function: raw value X
// scores Score points (0–100).
type Point struct {
	X     float64 `json:"x"`     // raw indicator value, in the indicator's own unit
	Score float64 `json:"score"` // points, 0–100
}

// CategoryScore maps an integer category Code (the raw value passed to
// Score) to Score points (0–100) in a categorical scoring function. Label
// is documentation, e.g. tax grade "A".
type CategoryScore struct {
	Code  int     `json:"code"`            // raw value that selects the category; unique
	Label string  `json:"label,omitempty"` // e.g. tax grade "A"
	Score float64 `json:"score"`           // points, 0–100
}

// Document kinds and bounds. A document or spec beyond a bound is refused
// before any other work with a [*SpecError] matching [ErrLimit].
const (
	// KindModel is the "kind" of a model document.
	KindModel = "rating-model"
	// KindMasterScale is the "kind" of a master-scale document (also
	// allowed, or left empty, on a scale embedded in a model).
	KindMasterScale = "rating-scale"

	// MaxDocumentBytes bounds the size of a JSON document (1 MiB) given
	// to ParseModel, LoadModel, ParseMasterScale and LoadMasterScale.
	MaxDocumentBytes = 1 << 20
	// MaxIndicators bounds the indicators of a model.
	MaxIndicators = 1000
	// MaxDimensions bounds the dimensions of a model.
	MaxDimensions = 100
	// MaxBands bounds the points, cuts or categories of one scoring
	// function.
	MaxBands = 1000
	// MaxGrades bounds the grades of a master scale (default grade
	// included).
	MaxGrades = 100
	// MaxCriteria bounds the size n of an AHP comparison (n×n matrix, n
	// names).
	MaxCriteria = 100
)

// ParseModel decodes a JSON model document ("kind": "rating-model") into a
// spec, strictly: at most [MaxDocumentBytes], exactly one JSON value, no
// unknown or duplicate member names, the right kind. It does not validate
// the spec's content; [CompileModel] does. Errors: a [*SpecError] matching
// [ErrInvalidSpec] (and [ErrLimit] for a document too large).
func ParseModel(data []byte) (ModelSpec, error) {
	var s ModelSpec
	if err := decode(data, &s, KindModel); err != nil {
		return ModelSpec{}, err
	}
	return s, nil
}

// LoadModel parses and compiles a JSON model document: [ParseModel]
// followed by [CompileModel].
func LoadModel(data []byte) (*Model, error) {
	s, err := ParseModel(data)
	if err != nil {
		return nil, err
	}
	return CompileModel(s)
}

// decode is the strict document decoder shared by the loaders.
func decode(data []byte, v any, kind string) error {
	if p := specjson.Decode(data, v, kind, MaxDocumentBytes); p != nil {
		e := &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
		if p.TooLarge {
			e.Err = ErrLimit
		}
		return e
	}
	return nil
}

// clone returns a deep copy of s.
func (s ModelSpec) clone() ModelSpec {
	c := s
	c.Dimensions = append([]DimensionSpec(nil), s.Dimensions...)
	c.Indicators = make([]IndicatorSpec, len(s.Indicators))
	for i, in := range s.Indicators {
		in.Scoring.Points = append([]Point(nil), in.Scoring.Points...)
		in.Scoring.Cuts = append([]float64(nil), in.Scoring.Cuts...)
		in.Scoring.Scores = append([]float64(nil), in.Scoring.Scores...)
		in.Scoring.Categories = append([]CategoryScore(nil), in.Scoring.Categories...)
		if in.NeutralScore != nil {
			v := *in.NeutralScore
			in.NeutralScore = &v
		}
		c.Indicators[i] = in
	}
	if s.Scale != nil {
		sc := s.Scale.clone()
		c.Scale = &sc
	}
	return c
}
