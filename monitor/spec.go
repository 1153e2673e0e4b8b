package monitor

import "github.com/smecredit/smecredit/internal/enum"

// RuleID identifies a rule within a signal set.
type RuleID string

// SignalCode is the stable code a fired signal reports, e.g. "EWS05" (several rules may share
// one code, e.g. a watch and a special-mention threshold of the same indicator).
type SignalCode string

// KindSignalSet is the "kind" of a signal-set document.
const KindSignalSet = "signal-set"

// SignalSetSpec is the JSON form of a signal set (document kind "signal-set"): what users
// write and store. Compile it with [CompileSignalSet], or parse and compile JSON in one step
// with [LoadSignalSet]. The zero value has no rules and does not compile: a set must list at
// least one rule, and at most [MaxRules].
type SignalSetSpec struct {
	Kind       string         `json:"kind"`    // "signal-set"; empty is accepted by CompileSignalSet
	ID         string         `json:"id"`      // the set's identifier
	Version    string         `json:"version"` // the author's label of this revision
	Escalation EscalationSpec `json:"escalation,omitzero"`
	Rules      []RuleSpec     `json:"rules"`
}

// EscalationSpec tunes how active signals combine into a warning level (see
// [SignalSet.Evaluate]). Zero fields take the package defaults stated per field.
type EscalationSpec struct {
	// WindowDays: only signals whose evidence period lies within this many days before asOf
	// count toward escalation; 0 means 90; at most [MaxWindowDays].
	WindowDays int `json:"windowDays,omitempty"`
	// YellowCategories: number of distinct signal categories with an active signal that
	// escalates a Yellow level to Orange; 0 means 3; at most 8 (the number of categories).
	YellowCategories int `json:"yellowCategories,omitempty"`
	// OrangeCategories: number of distinct categories with an active severity-2-or-worse
	// signal that escalates an Orange level to Red; 0 means 2; at most 8.
	OrangeCategories int `json:"orangeCategories,omitempty"`
	// Off disables escalation: the level is the maximum severity.
	Off bool `json:"off,omitempty"`
}

// Bounds of a signal set, checked by [ParseSignalSet] and [CompileSignalSet] before any other
// work; exceeding one is a [*SpecError] wrapping [ErrLimit].
const (
	// MaxDocumentBytes bounds the size of a signal-set document (1 MiB; the default set is
	// about 12 KiB).
	MaxDocumentBytes = 1 << 20
	// MaxRules bounds the number of rules of a set.
	MaxRules = 1000
	// MaxPeriods bounds every window, lag, average, count and minimum history of a rule, in
	// observations: 10,000 periods is over 800 years of monthly data. It keeps index
	// arithmetic (lag + average) far from overflow.
	MaxPeriods = 10_000
	// MaxConditions bounds the conditions (also) and the events listed by one rule.
	MaxConditions = 32
	// MaxWindowDays bounds the escalation window: 100 years.
	MaxWindowDays = 36_600
)

// RuleKind is the kind of a signal rule; see [RuleSpec] for each kind's fields. The zero value
// is invalid (a rule must name its kind).
type RuleKind uint8

// The rule kinds, with their text names.
const (
	KindThreshold RuleKind = iota + 1 // "threshold": metric op value at the latest observation (and Also conditions)
	KindChange                        // "change": relative change of the metric versus its own value Lag periods before
	KindTrend                         // "trend": least-squares slope per period over Window observations
	KindCount                         // "count": periods within Window where metric op value, ≥ MinCount
	KindEvent                         // "event": any of Events observed within Window
	KindCUSUM                         // "cusum": tabular CUSUM alarm within Window against own earlier history
	KindEWMA                          // "ewma": EWMA alarm within Window against own earlier history
	KindZScore                        // "z-score": z-score of the latest value against own earlier history
)

var kindNames = enum.Names[RuleKind]{"", "threshold", "change", "trend", "count", "event", "cusum", "ewma", "z-score"}

// String returns the kind's text name, or "RuleKind(n)" for an invalid n.
func (k RuleKind) String() string { return kindNames.String(k) }

// IsValid reports whether k is one of the rule kinds.
func (k RuleKind) IsValid() bool { return kindNames.Valid(k) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid kind.
func (k RuleKind) MarshalText() ([]byte, error) { return marshalEnum(kindNames, "RuleKind", k) }

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (k *RuleKind) UnmarshalText(b []byte) error { return unmarshalEnum(kindNames, "RuleKind", k, b) }

// Op is a comparison operator of a rule condition: value op threshold. The zero value is
// invalid (a condition must name its operator).
type Op uint8

// The comparison operators, with their text names.
const (
	OpGT Op = iota + 1 // "gt": >
	OpGE               // "ge": ≥
	OpLT               // "lt": <
	OpLE               // "le": ≤
	OpEQ               // "eq": = (exact float64 equality)
	OpNE               // "ne": ≠
)

var opNames = enum.Names[Op]{"", "gt", "ge", "lt", "le", "eq", "ne"}

// String returns the operator's text name, or "Op(n)" for an invalid n.
func (o Op) String() string { return opNames.String(o) }

// IsValid reports whether o is one of the operators.
func (o Op) IsValid() bool { return opNames.Valid(o) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid operator.
func (o Op) MarshalText() ([]byte, error) { return marshalEnum(opNames, "Op", o) }

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (o *Op) UnmarshalText(b []byte) error { return unmarshalEnum(opNames, "Op", o, b) }

// holds reports whether v o t; o must be valid (the comparisons with a NaN v are false,
// except ne).
func (o Op) holds(v, t float64) bool {
	switch o {
	case OpGT:
		return v > t
	case OpGE:
		return v >= t
	case OpLT:
		return v < t
	case OpLE:
		return v <= t
	case OpEQ:
		return v == t
	}
	return v != t
}

// SignalCategory groups signals for escalation: signals of different categories are
// independent evidence (this package's convention). The zero value is invalid.
type SignalCategory uint8

// The signal categories, grouping the sample early-warning signals of SAMA's Rules on
// Management of Problem Loans (2020), Appendix 1, and of the ECB NPL guidance (2017). Text
// names are the lower-case words.
const (
	CategoryBehavioural SignalCategory = iota + 1 // "behavioural"
	CategoryAccount                               // "account"
	CategoryFinancial                             // "financial"
	CategoryContractual                           // "contractual"
	CategoryCollateral                            // "collateral"
	CategoryExternal                              // "external"
	CategoryManagement                            // "management"
	CategoryModel                                 // "model"
	numCategories       = iota
)

var signalCategoryNames = enum.Names[SignalCategory]{"", "behavioural", "account", "financial", "contractual",
	"collateral", "external", "management", "model"}

// String returns the category's text name, or "SignalCategory(n)" for an invalid n.
func (c SignalCategory) String() string { return signalCategoryNames.String(c) }

// IsValid reports whether c is one of the signal categories.
func (c SignalCategory) IsValid() bool { return signalCategoryNames.Valid(c) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid category.
func (c SignalCategory) MarshalText() ([]byte, error) {
	return marshalEnum(signalCategoryNames, "SignalCategory", c)
}

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (c *SignalCategory) UnmarshalText(b []byte) error {
	return unmarshalEnum(signalCategoryNames, "SignalCategory", c, b)
}

// ConditionSpec is an extra condition of a threshold rule, checked at the same observation
// or Lag periods before it; all conditions must hold for the rule to fire. The zero value
// has no operator and does not compile.
type ConditionSpec struct {
	Metric Metric  `json:"metric"`
	Op     Op      `json:"op,omitzero"`
	Value  float64 `json:"value"`
	Lag    int     `json:"lag,omitempty"` // periods before the rule's observation, ≥ 0
}

// RuleSpec is one signal rule. Common fields: ID (unique), Code, Kind, Category, Severity
// (1 = watch/yellow, 2 = special-mention candidate/orange, 3 = NPL or default candidate/red).
// Periods are observations: Window 6 on monthly data is six months. Kind-specific fields
// (others must be left zero):
//
//	threshold  Metric Op Value [Window: look back for the latest known value, default 1] [Also]
//	change     Metric Op Value Lag [Average, default 1]: value is the fraction
//	           mean(last Average) / mean(Average ending Lag periods earlier) − 1
//	trend      Metric Op Value Window (≥ 3): value is the least-squares slope per period
//	count      Metric Op Value Window MinCount [Consecutive]: number of periods (or the
//	           trailing run) within Window where the condition holds
//	event      Events [Window, default 1]
//	cusum      Metric Side K H [HeadStart] Window MinHistory [SigmaFloor]
//	ewma       Metric Side Lambda L [Limits] Window MinHistory [SigmaFloor]
//	z-score    Metric Op Value MinHistory [Robust] [SigmaFloor]: z of the latest value
//
// The detector kinds estimate the in-control mean and σ from the known values before the
// last Window observations (at least MinHistory of them); σ is raised to SigmaFloor (in
// metric units) when smaller, and a rule whose σ is still 0 is not evaluated.
//
// Every window, lag, average, count and minimum history is at most [MaxPeriods], and Also and
// Events list at most [MaxConditions] entries each. The zero value does not compile (it has
// no ID, code, kind or severity); an absent Metric means "dpd", the zero Metric.
type RuleSpec struct {
	ID       RuleID         `json:"id"`
	Code     SignalCode     `json:"code"`
	Name     string         `json:"name,omitempty"`
	Kind     RuleKind       `json:"kind,omitzero"`
	Category SignalCategory `json:"category,omitzero"`
	Severity int            `json:"severity"`
	Source   string         `json:"source,omitempty"` // where the rule comes from, for audit

	Metric      Metric          `json:"metric,omitzero"`
	Op          Op              `json:"op,omitzero"`
	Value       float64         `json:"value,omitzero"`
	Also        []ConditionSpec `json:"also,omitempty"`
	Window      int             `json:"window,omitempty"`
	MinCount    int             `json:"minCount,omitempty"`
	Consecutive bool            `json:"consecutive,omitempty"`
	Lag         int             `json:"lag,omitempty"`
	Average     int             `json:"average,omitempty"`
	Events      []Event         `json:"events,omitempty"`

	Side       Side      `json:"side,omitzero"`
	K          float64   `json:"k,omitzero"`
	H          float64   `json:"h,omitzero"`
	HeadStart  float64   `json:"headStart,omitzero"`
	Lambda     float64   `json:"lambda,omitzero"`
	L          float64   `json:"l,omitzero"`
	Limits     LimitMode `json:"limits,omitzero"`
	MinHistory int       `json:"minHistory,omitempty"`
	SigmaFloor float64   `json:"sigmaFloor,omitzero"`
	Robust     bool      `json:"robust,omitempty"`
}
