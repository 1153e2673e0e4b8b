package rating

import "fmt"

// enumText returns names[v] or an error for out-of-range values.
func enumText(kind string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, fmt.Errorf("rating: invalid %s %d", kind, v)
	}
	return []byte(names[v]), nil
}

// enumParse returns the index of text in names.
func enumParse(kind string, names []string, text []byte) (int, error) {
	for i, n := range names {
		if n == string(text) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("rating: unknown %s %q", kind, text)
}

func enumString(kind string, names []string, v int) string {
	if v < 0 || v >= len(names) {
		return fmt.Sprintf("%s(%d)", kind, v)
	}
	return names[v]
}

// Direction says whether a higher raw indicator value is better (Benefit)
// or worse (Cost). The zero value DirectionUnspecified is valid only for
// categorical indicators. Text forms: "", "benefit", "cost".
type Direction int

// Directions. The values are stable.
const (
	DirectionUnspecified Direction = iota // only for categorical indicators
	Benefit                               // higher value, better score
	Cost                                  // higher value, worse score
)

var directionNames = []string{"", "benefit", "cost"}

// String returns the text form of d.
func (d Direction) String() string { return enumString("Direction", directionNames, int(d)) }

// MarshalText implements [encoding.TextMarshaler].
func (d Direction) MarshalText() ([]byte, error) {
	return enumText("direction", directionNames, int(d))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (d *Direction) UnmarshalText(b []byte) error {
	v, err := enumParse("direction", directionNames, b)
	*d = Direction(v)
	return err
}

// ScoringKind selects an indicator's scoring function. The zero value
// ScoringUnspecified is invalid in a spec. Text forms: "", "linear",
// "piecewise", "step", "categorical".
type ScoringKind int

// Scoring kinds. The values are stable.
const (
	ScoringUnspecified ScoringKind = iota // invalid in a spec
	Linear                                // linear between two thresholds, clamped
	Piecewise                             // piecewise-linear through breakpoints
	Step                                  // constant score per band between cut points
	Categorical                           // score per category code
)

var scoringNames = []string{"", "linear", "piecewise", "step", "categorical"}

// String returns the text form of k.
func (k ScoringKind) String() string { return enumString("ScoringKind", scoringNames, int(k)) }

// MarshalText implements [encoding.TextMarshaler].
func (k ScoringKind) MarshalText() ([]byte, error) {
	return enumText("scoring kind", scoringNames, int(k))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *ScoringKind) UnmarshalText(b []byte) error {
	v, err := enumParse("scoring kind", scoringNames, b)
	*k = ScoringKind(v)
	return err
}

// MissingPolicy says what scoring does when an indicator value is missing.
// The zero value MissingError is the safe default: a missing value is an
// error. Text forms: "error", "worst", "neutral".
type MissingPolicy int

// Missing-value policies. The values are stable.
const (
	MissingError   MissingPolicy = iota // return an *InputError wrapping ErrMissingValue
	MissingWorst                        // use the lowest score the scoring function can give
	MissingNeutral                      // use the indicator's NeutralScore
)

var missingNames = []string{"error", "worst", "neutral"}

// String returns the text form of p.
func (p MissingPolicy) String() string { return enumString("MissingPolicy", missingNames, int(p)) }

// MarshalText implements [encoding.TextMarshaler].
func (p MissingPolicy) MarshalText() ([]byte, error) {
	return enumText("missing policy", missingNames, int(p))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (p *MissingPolicy) UnmarshalText(b []byte) error {
	v, err := enumParse("missing policy", missingNames, b)
	*p = MissingPolicy(v)
	return err
}
