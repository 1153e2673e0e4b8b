package exit

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/specjson"
)

// KindOptionSet is the "kind" of an option set document.
const KindOptionSet = "exit-option-set"

// OptionSetSpec declares a set of exit options and the shared valuation
// assumptions, in the JSON form users write and store (document kind
// "exit-option-set"). Parse it with [ParseOptionSet], compile it with
// [CompileOptionSet] (or do both with [LoadOptionSet]). A nil pointer field
// takes the documented default; the zero value (no options) does not
// compile.
type OptionSetSpec struct {
	Kind    string `json:"kind"`         // document kind, "exit-option-set"; may be empty in Go-built specs
	Version string `json:"version"`      // the author's label of this revision
	ID      string `json:"id,omitempty"` // identifier of the option set
	// DiscountRate is the annual effective rate for comparing options, as a
	// fraction > −1. Default 0.08: cost of funds + risk premium (docs/reference/exit.md §6.2 [C]).
	DiscountRate *float64 `json:"discountRate,omitempty"`
	// DayCount converts days to years for discounting; zero is ACT/365F.
	DayCount DayCount `json:"dayCount,omitzero"`
	// ObservationYears is the period after a restructuring within which a
	// second one is infeasible. Default 1 year (NFRA/PBoC Measures for the
	// Risk Classification of Financial Assets of Commercial Banks, 2023,
	// ch. III: observation period ≥ 1 year and ≥ 2 repayment periods).
	ObservationYears *float64 `json:"observationYears,omitempty"`
	// Fallback values the enforcement path taken when a performing path
	// (continue, reduce, add collateral, restructure) fails.
	Fallback FallbackSpec `json:"fallback,omitzero"`
	// Options lists the options to compare; names must be unique; at most
	// [MaxOptions].
	Options []OptionSpec `json:"options"`
}

// FallbackSpec holds the assumptions of the enforcement path that follows a
// failed performing path: enforceable collateral is sold after
// CollateralYears at the option's haircut net of CostRate, and the unsecured
// remainder recovers RecoveryRate after Years. Zero value: all defaults.
type FallbackSpec struct {
	// RecoveryRate is the net recovery on the unsecured part, a fraction of
	// it. Default 0.34: EU SME average recovery (EPRS summary of EBA/Rep/2020/29; docs/reference/exit.md §6.3).
	RecoveryRate *float64 `json:"recoveryRate,omitempty"`
	// Years from the failure to the unsecured recovery. Default 2.5
	// (litigation/insolvency time to recovery, docs/reference/exit.md §6.3).
	Years *float64 `json:"years,omitempty"`
	// CollateralYears from the failure to the collateral proceeds. Default
	// 1.5 (collateral disposal time to recovery, docs/reference/exit.md §6.3).
	CollateralYears *float64 `json:"collateralYears,omitempty"`
	// CostRate is the enforcement cost as a fraction of collateral proceeds.
	// Default 0.08 (6–10 % for SMEs, EBA/Rep/2020/29; docs/reference/exit.md §6.3).
	CostRate *float64 `json:"costRate,omitempty"`
}

// IsZero reports whether every field is nil (all defaults).
func (f FallbackSpec) IsZero() bool {
	return f.RecoveryRate == nil && f.Years == nil && f.CollateralYears == nil && f.CostRate == nil
}

// OptionSpec declares one exit option: its kind, the assumptions of its
// cash-flow model, and optional probability-weighted scenarios. The zero
// value is a [Continue] option with default assumptions.
type OptionSpec struct {
	// Name identifies the option in results; default: the kind's text form.
	Name string `json:"name,omitempty"`
	// Kind selects the cash-flow model and the preconditions.
	Kind OptionKind `json:"kind"`
	// Params are the option's assumptions; nil fields take the kind's
	// defaults (see [Params]).
	Params
	// Scenarios, when present, split the option into alternatives with
	// probabilities summing to 1; each overrides the option's Params field by
	// field; at most [MaxScenarios]. Example: a collateral sale at the first auction (haircut 0.3,
	// 1.5 years) or after failed auctions (haircut 0.5, 3 years).
	Scenarios []ScenarioSpec `json:"scenarios,omitempty"`
}

// ScenarioSpec is one probability-weighted alternative of an option. The zero
// value has probability 0.
type ScenarioSpec struct {
	Name        string  `json:"name"`        // unique within the option
	Probability float64 `json:"probability"` // fraction in [0, 1]; an option's scenarios sum to 1
	Params
}

// Params are the assumptions of an option's cash-flow model. A nil field
// takes the default of the option's kind, from docs/reference/exit.md §6.3 where published
// there and otherwise a proposed default marked [C]:
//
//	field               kind(s)                                     default
//	years               continue, add-collateral: term; …           loan's RemainingYears
//	                    reduce-exposure (time of the repayment)     0.5 [C]
//	                    restructure (whole years of the new term)   3 [C]
//	                    collateral-disposal                         1.5
//	                    guarantor-enforcement                       1.0 [C]
//	                    litigation                                  2.5
//	                    sale                                        0
//	                    write-off (time of later recoveries)        2.0 [C]
//	haircut             disposal, fallbacks                         by collateral type: 0.30 / 0.50 / 0.60
//	costRate            disposal, guarantor, litigation, write-off  0.08 of the amount recovered
//	                    sale (transaction cost)                     0.02 of the price [C]
//	fixedCost           disposal, guarantor, litigation, sale,      0 (currency amount per case;
//	                    write-off                                   per year when periodic)
//	costTiming          litigation (court fees on filing)           upfront
//	                    all others                                  at-recovery
//	servicingRate       all but sale and write-off                  0.02 of EAD per year
//	successProbability  continue, reduce, add-collateral           1 − loan PD
//	                    restructure                                 0.5 first, 0.3 second
//	                    litigation (P(win))                         0.7 [C]
//	                    guarantor-enforcement (P(guarantor pays))   0.6 [C]
//	recoveryRate        litigation (of EAD, if won)                 0.5 [C] (0.7 × 0.5 ≈ EU SME 34 %)
//	                    write-off (later recoveries, of EAD)        0.05 [C] (China card NPL 5.8 %)
//	price               sale (of EAD)                               0.05 (China unsecured NPL 4–6 %)
//	reduceFraction      reduce-exposure (share of EAD repaid)       0.5 [C]
//	minDSCR             restructure                                 1.1 (range 1.0–1.2)
//	failureYears        restructure (failure recognised)            1.0 [C]
//	                    continue, reduce, add-collateral (default)  half the remaining term
//
// All fractions and probabilities are in [0, 1]; years in [0, 100].
type Params struct {
	Years              *float64         `json:"years,omitempty"`              // years from the valuation date
	Haircut            *float64         `json:"haircut,omitempty"`            // forced-sale haircut on appraisal, fraction
	CostRate           *float64         `json:"costRate,omitempty"`           // cost as a fraction of the amount recovered
	FixedCost          *decimal.Decimal `json:"fixedCost,omitempty"`          // fixed cost per case, currency units ≥ 0
	CostTiming         *CostTiming      `json:"costTiming,omitempty"`         // when the fixed cost is paid
	ServicingRate      *float64         `json:"servicingRate,omitempty"`      // holding cost, fraction of EAD per year
	SuccessProbability *float64         `json:"successProbability,omitempty"` // probability of the favourable outcome
	RecoveryRate       *float64         `json:"recoveryRate,omitempty"`       // recovery as a fraction of EAD
	Price              *float64         `json:"price,omitempty"`              // sale price as a fraction of EAD
	ReduceFraction     *float64         `json:"reduceFraction,omitempty"`     // share of EAD repaid early
	MinDSCR            *float64         `json:"minDSCR,omitempty"`            // minimum post-restructuring DSCR
	FailureYears       *float64         `json:"failureYears,omitempty"`       // years until a failure is recognised
}

// DefaultOptionSetSpec returns a fresh option set spec with one option of
// each of the nine kinds and every assumption at its default. Each call
// builds a new value.
func DefaultOptionSetSpec() OptionSetSpec {
	s := OptionSetSpec{Kind: KindOptionSet, Version: "1", ID: "default"}
	for k := range numKinds {
		s.Options = append(s.Options, OptionSpec{Kind: k})
	}
	return s
}

// ParseOptionSet decodes a JSON option set document strictly: at most
// [MaxDocumentBytes] bytes ([ErrLimit]), one JSON object with "kind":
// "exit-option-set", no unknown or duplicate members, no trailing data. A
// defect is a [*SpecError] with its path ("$" for the document as a whole),
// matching [ErrInvalidSpec]; a document without a non-blank "version" is one at
// path "version", as in every loader of the library. ParseOptionSet does not
// validate values: [CompileOptionSet] does. Cost O(len(data)).
func ParseOptionSet(data []byte) (OptionSetSpec, error) {
	var s OptionSetSpec
	if err := decodeSpec(data, &s, KindOptionSet); err != nil {
		return OptionSetSpec{}, err
	}
	if err := checkVersion(s.Version); err != nil {
		return OptionSetSpec{}, err
	}
	return s, nil
}

// checkVersion refuses a document whose "version" is absent, empty or blank.
func checkVersion(v string) error {
	if strings.TrimSpace(v) == "" {
		return &SpecError{Path: "version", Err: ErrInvalidSpec, Msg: "must not be empty"}
	}
	return nil
}

// LoadOptionSet decodes and compiles a JSON option set: [ParseOptionSet] then
// [CompileOptionSet].
func LoadOptionSet(data []byte) (*OptionSet, error) {
	s, err := ParseOptionSet(data)
	if err != nil {
		return nil, err
	}
	return CompileOptionSet(s)
}

// decodeSpec decodes a document of the given kind through internal/specjson.
func decodeSpec(data []byte, v any, kind string) error {
	if p := specjson.Decode(data, v, kind, MaxDocumentBytes); p != nil {
		if p.TooLarge {
			return &SpecError{Path: p.Path, Err: ErrLimit, Msg: p.Msg}
		}
		return &SpecError{Path: p.Path, Err: ErrInvalidSpec, Msg: p.Msg}
	}
	return nil
}
