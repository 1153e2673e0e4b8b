package rating

import "github.com/smecredit/smecredit/internal/enum"

// Every enumeration of this package is a uint8 with a lower kebab-case text
// form, implemented through internal/enum. A zero value without text
// (DirectionUnspecified, ScoringUnspecified, NormDefault) is not IsValid: it
// means "not set" and is omitted from JSON.

// Direction says whether a higher raw indicator value is better (Benefit)
// or worse (Cost). The zero value DirectionUnspecified is allowed only for
// categorical indicators, where it is omitted from JSON. Text forms:
// "benefit", "cost".
type Direction uint8

// Directions. The values are stable.
const (
	DirectionUnspecified Direction = iota // only for categorical indicators; no text form
	Benefit                               // higher value, better score
	Cost                                  // higher value, worse score
)

var directionNames = enum.Names[Direction]{"", "benefit", "cost"}

// String returns the text form of d.
func (d Direction) String() string { return directionNames.String(d) }

// IsValid reports whether d is Benefit or Cost.
func (d Direction) IsValid() bool { return directionNames.Valid(d) }

// MarshalText implements [encoding.TextMarshaler].
func (d Direction) MarshalText() ([]byte, error) { return directionNames.Marshal(d) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (d *Direction) UnmarshalText(b []byte) error { return directionNames.Unmarshal(d, b) }

// ScoringKind selects an indicator's scoring function. The zero value
// ScoringUnspecified is invalid in a spec. Text forms: "linear",
// "piecewise", "step", "categorical".
type ScoringKind uint8

// Scoring kinds. The values are stable.
const (
	ScoringUnspecified ScoringKind = iota // invalid in a spec; no text form
	Linear                                // linear between two thresholds, clamped
	Piecewise                             // piecewise-linear through breakpoints
	Step                                  // constant score per band between cut points
	Categorical                           // score per category code
)

var scoringNames = enum.Names[ScoringKind]{"", "linear", "piecewise", "step", "categorical"}

// String returns the text form of k.
func (k ScoringKind) String() string { return scoringNames.String(k) }

// IsValid reports whether k is a scoring kind other than ScoringUnspecified.
func (k ScoringKind) IsValid() bool { return scoringNames.Valid(k) }

// MarshalText implements [encoding.TextMarshaler].
func (k ScoringKind) MarshalText() ([]byte, error) { return scoringNames.Marshal(k) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *ScoringKind) UnmarshalText(b []byte) error { return scoringNames.Unmarshal(k, b) }

// MissingPolicy says what scoring does when an indicator value is missing.
// The zero value MissingError is the safe default: a missing value is an
// error. Text forms: "error", "worst", "neutral".
type MissingPolicy uint8

// Missing-value policies. The values are stable.
const (
	MissingError   MissingPolicy = iota // return an *InputError wrapping ErrMissingValue
	MissingWorst                        // use the lowest score the scoring function can give
	MissingNeutral                      // use the indicator's NeutralScore
)

var missingNames = enum.Names[MissingPolicy]{"error", "worst", "neutral"}

// String returns the text form of p.
func (p MissingPolicy) String() string { return missingNames.String(p) }

// IsValid reports whether p is a known policy.
func (p MissingPolicy) IsValid() bool { return missingNames.Valid(p) }

// MarshalText implements [encoding.TextMarshaler].
func (p MissingPolicy) MarshalText() ([]byte, error) { return missingNames.Marshal(p) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (p *MissingPolicy) UnmarshalText(b []byte) error { return missingNames.Unmarshal(p, b) }

// Normalization selects how a data matrix is normalised column by column
// before weighting or ranking. The zero value NormDefault means the
// function's documented default. Text forms: "proportion", "vector",
// "min-max".
//
//	proportion: pᵢⱼ = xᵢⱼ / Σᵢ xᵢⱼ             (x ≥ 0; direction ignored)
//	vector:     rᵢⱼ = xᵢⱼ / √(Σᵢ xᵢⱼ²)
//	min-max:    zᵢⱼ = (xᵢⱼ − minⱼ)/(maxⱼ − minⱼ) for benefit columns,
//	            zᵢⱼ = (maxⱼ − xᵢⱼ)/(maxⱼ − minⱼ) for cost columns
type Normalization uint8

// Normalizations. The values are stable.
const (
	NormDefault    Normalization = iota // the function's documented default; no text form
	NormProportion                      // shares of raw values
	NormVector                          // divide by the column's Euclidean norm
	NormMinMax                          // min-max, reversed for cost columns
)

var normNames = enum.Names[Normalization]{"", "proportion", "vector", "min-max"}

// String returns the text form of n.
func (n Normalization) String() string { return normNames.String(n) }

// IsValid reports whether n is a named normalisation (not NormDefault).
func (n Normalization) IsValid() bool { return normNames.Valid(n) }

// MarshalText implements [encoding.TextMarshaler].
func (n Normalization) MarshalText() ([]byte, error) { return normNames.Marshal(n) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (n *Normalization) UnmarshalText(b []byte) error { return normNames.Unmarshal(n, b) }

// AHPMethod selects how AHP priorities are derived from the pairwise
// matrix. The zero value is Eigenvector. Text forms: "eigenvector",
// "geometric-mean", "column-normalization".
type AHPMethod uint8

// AHP prioritisation methods. The values are stable.
const (
	// Eigenvector: the principal right eigenvector of A (Saaty 1980).
	Eigenvector AHPMethod = iota
	// GeometricMean: row geometric means (RGMM), wᵢ ∝ (Πⱼ aᵢⱼ)^(1/n)
	// (Crawford & Williams 1985).
	GeometricMean
	// ColumnNormalization: divide each column by its sum, average each
	// row (Saaty's approximate "additive normalisation").
	ColumnNormalization
)

var ahpMethodNames = enum.Names[AHPMethod]{"eigenvector", "geometric-mean", "column-normalization"}

// String returns the text form of m.
func (m AHPMethod) String() string { return ahpMethodNames.String(m) }

// IsValid reports whether m is a known method.
func (m AHPMethod) IsValid() bool { return ahpMethodNames.Valid(m) }

// MarshalText implements [encoding.TextMarshaler].
func (m AHPMethod) MarshalText() ([]byte, error) { return ahpMethodNames.Marshal(m) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (m *AHPMethod) UnmarshalText(b []byte) error { return ahpMethodNames.Unmarshal(m, b) }

// Combination selects how [CombineWeights] merges subjective and objective
// weights. The zero value is LinearCombination. Text forms: "linear",
// "multiplicative".
type Combination uint8

// Combination methods. The values are stable.
const (
	// LinearCombination: wⱼ = α sⱼ + (1 − α) oⱼ.
	LinearCombination Combination = iota
	// MultiplicativeCombination: wⱼ = sⱼ oⱼ / Σₖ sₖ oₖ.
	MultiplicativeCombination
)

var combinationNames = enum.Names[Combination]{"linear", "multiplicative"}

// String returns the text form of c.
func (c Combination) String() string { return combinationNames.String(c) }

// IsValid reports whether c is a known method.
func (c Combination) IsValid() bool { return combinationNames.Valid(c) }

// MarshalText implements [encoding.TextMarshaler].
func (c Combination) MarshalText() ([]byte, error) { return combinationNames.Marshal(c) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (c *Combination) UnmarshalText(b []byte) error { return combinationNames.Unmarshal(c, b) }

// FuzzyOperator is the composition operator M(⊗, ⊕) of fuzzy comprehensive
// evaluation B = A ∘ R. The zero value is FuzzyWeightedAverage. Text forms:
// "weighted-average", "min-max", "product-max", "min-bounded-sum".
//
//	FuzzyWeightedAverage  M(·,+):  bⱼ = Σᵢ aᵢ rᵢⱼ
//	FuzzyMinMax           M(∧,∨):  bⱼ = maxᵢ min(aᵢ, rᵢⱼ)   (Zadeh)
//	FuzzyProductMax       M(·,∨):  bⱼ = maxᵢ aᵢ rᵢⱼ
//	FuzzyMinBoundedSum    M(∧,⊕):  bⱼ = min(1, Σᵢ min(aᵢ, rᵢⱼ))
//
// Only M(·,+) uses every factor and every weight; the others are kept for
// comparison with the literature, which reports them side by side.
type FuzzyOperator uint8

// Fuzzy composition operators. The values are stable.
const (
	FuzzyWeightedAverage FuzzyOperator = iota // M(·,+), the default
	FuzzyMinMax                               // M(∧,∨), Zadeh
	FuzzyProductMax                           // M(·,∨)
	FuzzyMinBoundedSum                        // M(∧,⊕)
)

var fuzzyNames = enum.Names[FuzzyOperator]{"weighted-average", "min-max", "product-max", "min-bounded-sum"}

// String returns the text form of op.
func (op FuzzyOperator) String() string { return fuzzyNames.String(op) }

// IsValid reports whether op is a known operator.
func (op FuzzyOperator) IsValid() bool { return fuzzyNames.Valid(op) }

// MarshalText implements [encoding.TextMarshaler].
func (op FuzzyOperator) MarshalText() ([]byte, error) { return fuzzyNames.Marshal(op) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (op *FuzzyOperator) UnmarshalText(b []byte) error { return fuzzyNames.Unmarshal(op, b) }
