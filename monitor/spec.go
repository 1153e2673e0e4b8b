package monitor

// RuleID identifies a rule within a signal set.
type RuleID string

// SignalCode is the stable code a fired signal reports, e.g. "EWS05" (several rules may share
// one code, e.g. a watch and a special-mention threshold of the same indicator).
type SignalCode string

// SignalSetSpec is the JSON form of a signal set: what users write and store. Compile it with
// [CompileSignals] (or load JSON with [ParseSignals]). The zero value has no rules and does
// not compile: a set must list at least one rule.
type SignalSetSpec struct {
	ID         string         `json:"id"`
	Version    string         `json:"version"`
	Escalation EscalationSpec `json:"escalation,omitzero"`
	Rules      []RuleSpec     `json:"rules"`
}

// EscalationSpec tunes how active signals combine into a warning level (see
// [SignalSet.Evaluate]). Zero fields take the package defaults stated per field.
type EscalationSpec struct {
	// WindowDays: only signals whose evidence period lies within this many days before asOf
	// count toward escalation; 0 means 90.
	WindowDays int `json:"windowDays,omitempty"`
	// Yellow: number of distinct signal categories with an active signal that escalates a
	// Yellow level to Orange; 0 means 3.
	Yellow int `json:"yellowCategories,omitempty"`
	// Orange: number of distinct categories with an active severity-2-or-worse signal that
	// escalates an Orange level to Red; 0 means 2.
	Orange int `json:"orangeCategories,omitempty"`
	// Off disables escalation: the level is the maximum severity.
	Off bool `json:"off,omitempty"`
}

// RuleKind is the kind of a signal rule; see [RuleSpec] for each kind's fields.
type RuleKind string

// The rule kinds.
const (
	KindThreshold RuleKind = "threshold" // metric op value at the latest observation (and Also conditions)
	KindChange    RuleKind = "change"    // relative change of the metric versus its own value Lag periods before
	KindTrend     RuleKind = "trend"     // least-squares slope per period over Window observations
	KindCount     RuleKind = "count"     // periods within Window where metric op value, ≥ MinCount
	KindEvent     RuleKind = "event"     // any of Events observed within Window
	KindCUSUM     RuleKind = "cusum"     // tabular CUSUM alarm within Window against own earlier history
	KindEWMA      RuleKind = "ewma"      // EWMA alarm within Window against own earlier history
	KindZScore    RuleKind = "zscore"    // z-score of the latest value against own earlier history
)

// Op is a comparison operator of a rule condition.
type Op string

// The comparison operators.
const (
	OpGT Op = ">"
	OpGE Op = ">="
	OpLT Op = "<"
	OpLE Op = "<="
)

func (o Op) valid() bool { return o == OpGT || o == OpGE || o == OpLT || o == OpLE }

// opCode is an Op compiled to a small integer, so that evaluation compares without string
// comparisons.
type opCode uint8

const (
	opGT opCode = iota
	opGE
	opLT
	opLE
)

// code returns o's opCode; o must be valid.
func (o Op) code() opCode {
	switch o {
	case OpGE:
		return opGE
	case OpLT:
		return opLT
	case OpLE:
		return opLE
	}
	return opGT
}

func (o opCode) holds(v, t float64) bool {
	switch o {
	case opGT:
		return v > t
	case opGE:
		return v >= t
	case opLT:
		return v < t
	}
	return v <= t
}

// kindCode is a RuleKind compiled to a small integer, for the same reason.
type kindCode uint8

const (
	kindThreshold kindCode = iota
	kindChange
	kindTrend
	kindCount
	kindEvent
	kindCUSUM
	kindEWMA
	kindZScore
)

// code returns k's kindCode; k must be valid.
func (k RuleKind) code() kindCode {
	switch k {
	case KindChange:
		return kindChange
	case KindTrend:
		return kindTrend
	case KindCount:
		return kindCount
	case KindEvent:
		return kindEvent
	case KindCUSUM:
		return kindCUSUM
	case KindEWMA:
		return kindEWMA
	case KindZScore:
		return kindZScore
	}
	return kindThreshold
}

// SignalCategory groups signals for escalation: signals of different categories are
// independent evidence (this package's convention).
type SignalCategory string

// The signal categories, grouping the sample early-warning signals of SAMA's Rules on
// Management of Problem Loans (2020), Appendix 1, and of the ECB NPL guidance (2017).
const (
	CategoryBehavioural SignalCategory = "behavioural"
	CategoryAccount     SignalCategory = "account"
	CategoryFinancial   SignalCategory = "financial"
	CategoryContractual SignalCategory = "contractual"
	CategoryCollateral  SignalCategory = "collateral"
	CategoryExternal    SignalCategory = "external"
	CategoryManagement  SignalCategory = "management"
	CategoryModel       SignalCategory = "model"
)

func (c SignalCategory) valid() bool {
	switch c {
	case CategoryBehavioural, CategoryAccount, CategoryFinancial, CategoryContractual,
		CategoryCollateral, CategoryExternal, CategoryManagement, CategoryModel:
		return true
	}
	return false
}

// ConditionSpec is an extra condition of a threshold rule, checked at the same observation
// or Lag periods before it; all conditions must hold for the rule to fire. The zero value
// has no operator and does not compile.
type ConditionSpec struct {
	Metric Metric  `json:"metric"`
	Op     Op      `json:"op"`
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
//	zscore     Metric Op Value MinHistory [Robust] [SigmaFloor]: z of the latest value
//
// The detector kinds estimate the in-control mean and σ from the known values before the
// last Window observations (at least MinHistory of them); σ is raised to SigmaFloor (in
// metric units) when smaller, and a rule whose σ is still 0 is not evaluated.
//
// The zero value does not compile (it has no ID, code, kind or severity); an absent Metric
// means "dpd", the zero Metric.
type RuleSpec struct {
	ID       RuleID         `json:"id"`
	Code     SignalCode     `json:"code"`
	Name     string         `json:"name,omitempty"`
	Kind     RuleKind       `json:"kind"`
	Category SignalCategory `json:"category"`
	Severity int            `json:"severity"`
	Source   string         `json:"source,omitempty"` // where the rule comes from, for audit

	Metric      Metric          `json:"metric,omitzero"`
	Op          Op              `json:"op,omitempty"`
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
