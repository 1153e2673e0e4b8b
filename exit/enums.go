package exit

import (
	"fmt"

	"github.com/smecredit/smecredit/internal/enum"
)

// OptionKind is the kind of an exit option. Its values are stable; the zero
// value is [Continue]. The text form is the kebab-case name used in JSON
// specs, such as "collateral-disposal".
type OptionKind uint8

// Exit option kinds, in the order of docs/reference/exit.md §6.1.
const (
	Continue             OptionKind = iota // continue and monitor on the contractual schedule
	ReduceExposure                         // reduce exposure / freeze limits: accelerated amortisation
	AddCollateral                          // take additional collateral or a guarantee from a willing sponsor
	Restructure                            // restructure / forbear: new schedule, success probability, fallback
	CollateralDisposal                     // foreclose and sell the collateral
	GuarantorEnforcement                   // call the guarantee
	Litigation                             // sue or file for insolvency
	Sale                                   // sell or transfer the loan now
	WriteOff                               // write the loan off, keeping later recoveries
	numKinds
)

var kindNames = enum.Names[OptionKind]{"continue", "reduce-exposure", "add-collateral", "restructure",
	"collateral-disposal", "guarantor-enforcement", "litigation", "sale", "write-off"}

// String returns the text form, or "OptionKind(n)" for an unknown value.
func (k OptionKind) String() string { return kindNames.String(k) }

// IsValid reports whether k is one of the declared kinds.
func (k OptionKind) IsValid() bool { return kindNames.Valid(k) }

// MarshalText returns the text form; it fails for unknown values.
func (k OptionKind) MarshalText() ([]byte, error) { return enumErrMarshal(kindNames.Marshal(k)) }

// UnmarshalText parses the text form.
func (k *OptionKind) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(kindNames.Unmarshal(k, b))
}

// WarningLevel is a borrower's early-warning level, ordered from benign to
// severe; the zero value is [Green]. Hosts map their own monitoring levels
// to these values (exit shares no types with other packages).
type WarningLevel uint8

// Warning levels. Values are stable and ordered: Green < Yellow < Orange < Red.
const (
	Green  WarningLevel = iota // level 0: no warning
	Yellow                     // level 1: early signals
	Orange                     // level 2: material deterioration
	Red                        // level 3: severe, default likely or occurred
	numLevels
)

var levelNames = enum.Names[WarningLevel]{"green", "yellow", "orange", "red"}

// String returns "green", "yellow", "orange" or "red".
func (l WarningLevel) String() string { return levelNames.String(l) }

// IsValid reports whether l is one of the declared levels.
func (l WarningLevel) IsValid() bool { return levelNames.Valid(l) }

// Compare returns -1, 0 or +1 as l is less severe than, as severe as, or more
// severe than m.
func (l WarningLevel) Compare(m WarningLevel) int { return cmpUint8(l, m) }

// MarshalText returns the text form; it fails for unknown values.
func (l WarningLevel) MarshalText() ([]byte, error) { return enumErrMarshal(levelNames.Marshal(l)) }

// UnmarshalText parses "green", "yellow", "orange" or "red".
func (l *WarningLevel) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(levelNames.Unmarshal(l, b))
}

// CollateralType selects the default forced-sale haircut of collateral. The
// zero value is [RealEstate].
type CollateralType uint8

// Collateral types with their default forced-sale haircuts (docs/reference/exit.md §6.3).
const (
	RealEstate  CollateralType = iota // haircut 30 %
	Equipment                         // equipment and inventory: haircut 50 %
	Receivables                       // receivables of a defaulted SME: haircut 60 %
	numCollateralTypes
)

var collateralNames = enum.Names[CollateralType]{"real-estate", "equipment", "receivables"}

// String returns "real-estate", "equipment" or "receivables".
func (c CollateralType) String() string { return collateralNames.String(c) }

// IsValid reports whether c is one of the declared types.
func (c CollateralType) IsValid() bool { return collateralNames.Valid(c) }

// MarshalText returns the text form; it fails for unknown values.
func (c CollateralType) MarshalText() ([]byte, error) {
	return enumErrMarshal(collateralNames.Marshal(c))
}

// UnmarshalText parses the text form.
func (c *CollateralType) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(collateralNames.Unmarshal(c, b))
}

// defaultHaircut returns the forced-sale haircut on appraisal for t.
func (c CollateralType) defaultHaircut() float64 {
	switch c {
	case Equipment:
		return 0.50
	case Receivables:
		return 0.60
	}
	return 0.30
}

// CostTiming says when an option's fixed cost is paid. The zero value is
// [CostAtRecovery]; the text form is kebab-case ("upfront").
type CostTiming uint8

// Cost timings.
const (
	// CostAtRecovery: the fixed cost is paid when the branch's proceeds come
	// in, at the option's time offset (enforcement costs netted from the
	// proceeds).
	CostAtRecovery CostTiming = iota
	// CostUpfront: the fixed cost is paid now, in every branch (a court fee
	// on filing, a valuation before an auction). The default of litigation.
	CostUpfront
	// CostPeriodic: the fixed cost is paid per year of the path: at the end
	// of each whole year and pro rata at its end (a retainer).
	CostPeriodic
)

var costTimingNames = enum.Names[CostTiming]{"at-recovery", "upfront", "periodic"}

// String returns "at-recovery", "upfront" or "periodic".
func (c CostTiming) String() string { return costTimingNames.String(c) }

// IsValid reports whether c is one of the declared timings.
func (c CostTiming) IsValid() bool { return costTimingNames.Valid(c) }

// MarshalText returns the text form; it fails for unknown values.
func (c CostTiming) MarshalText() ([]byte, error) { return enumErrMarshal(costTimingNames.Marshal(c)) }

// UnmarshalText parses the text form.
func (c *CostTiming) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(costTimingNames.Unmarshal(c, b))
}

// ReasonCode names why an option is infeasible. Callers branch on these
// codes, never on message text. The codes are kebab-case text.
type ReasonCode string

// Reasons an option is infeasible (preconditions of docs/reference/exit.md §6.1).
const (
	ReasonLevelTooHigh         ReasonCode = "level-too-high"         // warning level above the option's maximum
	ReasonLevelTooLow          ReasonCode = "level-too-low"          // warning level below the option's minimum
	ReasonNotCurrent           ReasonCode = "not-current"            // days past due or in default
	ReasonDefaulted            ReasonCode = "defaulted"              // the loan is in default
	ReasonNotViable            ReasonCode = "not-viable"             // business model not viable
	ReasonDSCRBelowMinimum     ReasonCode = "dscr-below-minimum"     // post-restructuring DSCR below the minimum
	ReasonRestructuredTwice    ReasonCode = "restructured-twice"     // concession already granted twice
	ReasonObservationPeriod    ReasonCode = "within-observation"     // a restructuring within the observation period
	ReasonNoCollateral         ReasonCode = "no-collateral"          // unsecured
	ReasonNotEnforceable       ReasonCode = "collateral-unenforced"  // collateral not enforceable
	ReasonNoNewCollateral      ReasonCode = "no-sponsor"             // no sponsor offers new collateral
	ReasonNoGuarantee          ReasonCode = "no-guarantee"           // no guarantee
	ReasonGuarantorInsolvent   ReasonCode = "guarantor-insolvent"    // guarantor not solvent
	ReasonNoDefaultEvent       ReasonCode = "no-default-event"       // nothing to enforce: not defaulted, DPD < 90
	ReasonNotClassifiedNPL     ReasonCode = "not-npl"                // not classified non-performing
	ReasonRecoveryNotExhausted ReasonCode = "recovery-not-exhausted" // another option still recovers more than 0
)

func cmpUint8[T ~uint8](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// enumErrUnmarshal and enumErrMarshal make an enumeration's text error match
// [ErrValue].
func enumErrUnmarshal(err error) error {
	if err != nil {
		return fmt.Errorf("%w: %v", ErrValue, err)
	}
	return nil
}

func enumErrMarshal(b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrValue, err)
	}
	return b, nil
}
