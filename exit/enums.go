package exit

import (
	"fmt"
	"slices"
)

// Kind is the kind of an exit option. Its values are stable; the zero value
// is [Continue]. The text form (MarshalText) is the lower-case hyphenated name
// used in JSON specs, such as "collateral-disposal".
type Kind uint8

// Exit option kinds, in the order of docs/reference/exit.md §6.1.
const (
	Continue             Kind = iota // continue and monitor on the contractual schedule
	ReduceExposure                   // reduce exposure / freeze limits: accelerated amortisation
	AddCollateral                    // take additional collateral or a guarantee from a willing sponsor
	Restructure                      // restructure / forbear: new schedule, success probability, fallback
	CollateralDisposal               // foreclose and sell the collateral
	GuarantorEnforcement             // call the guarantee
	Litigation                       // sue or file for insolvency
	Sale                             // sell or transfer the loan now
	WriteOff                         // write the loan off, keeping later recoveries
	numKinds
)

var kindNames = []string{"continue", "reduce-exposure", "add-collateral", "restructure",
	"collateral-disposal", "guarantor-enforcement", "litigation", "sale", "write-off"}

// String returns the text form, or "Kind(n)" for an unknown value.
func (k Kind) String() string { return enumString(kindNames, int(k), "Kind") }

// MarshalText returns the text form; it fails for unknown values.
func (k Kind) MarshalText() ([]byte, error) { return enumMarshal(kindNames, int(k), "Kind") }

// UnmarshalText parses the text form.
func (k *Kind) UnmarshalText(b []byte) error {
	i, err := enumParse(kindNames, b, "Kind")
	*k = Kind(i)
	return err
}

// WarningLevel is a borrower's early-warning level, ordered from benign to
// severe; the zero value is [Green]. Hosts map their own monitoring levels
// to these integers (exit shares no types with other packages).
type WarningLevel uint8

// Warning levels. Values are stable and ordered: Green < Yellow < Orange < Red.
const (
	Green  WarningLevel = iota // level 0: no warning
	Yellow                     // level 1: early signals
	Orange                     // level 2: material deterioration
	Red                        // level 3: severe, default likely or occurred
	numLevels
)

var levelNames = []string{"green", "yellow", "orange", "red"}

// String returns "green", "yellow", "orange" or "red".
func (l WarningLevel) String() string { return enumString(levelNames, int(l), "WarningLevel") }

// Compare returns -1, 0 or +1 as l is less severe than, as severe as, or more
// severe than m.
func (l WarningLevel) Compare(m WarningLevel) int {
	switch {
	case l < m:
		return -1
	case l > m:
		return 1
	}
	return 0
}

// MarshalText returns the text form; it fails for unknown values.
func (l WarningLevel) MarshalText() ([]byte, error) {
	return enumMarshal(levelNames, int(l), "WarningLevel")
}

// UnmarshalText parses "green", "yellow", "orange", "red" or the digits 0–3.
func (l *WarningLevel) UnmarshalText(b []byte) error {
	if len(b) == 1 && b[0] >= '0' && b[0] < '0'+byte(numLevels) {
		*l = WarningLevel(b[0] - '0')
		return nil
	}
	i, err := enumParse(levelNames, b, "WarningLevel")
	*l = WarningLevel(i)
	return err
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

var collateralNames = []string{"real-estate", "equipment", "receivables"}

// String returns "real-estate", "equipment" or "receivables".
func (c CollateralType) String() string {
	return enumString(collateralNames, int(c), "CollateralType")
}

// MarshalText returns the text form; it fails for unknown values.
func (c CollateralType) MarshalText() ([]byte, error) {
	return enumMarshal(collateralNames, int(c), "CollateralType")
}

// UnmarshalText parses the text form.
func (c *CollateralType) UnmarshalText(b []byte) error {
	i, err := enumParse(collateralNames, b, "CollateralType")
	*c = CollateralType(i)
	return err
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

// ReasonCode names why an option is infeasible, or why a trigger fired.
// Callers branch on these codes, never on message text.
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

func enumString(names []string, v int, typ string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func enumMarshal(names []string, v int, typ string) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, inputErr(typ, v, ErrValue)
	}
	return []byte(names[v]), nil
}

func enumParse(names []string, b []byte, typ string) (int, error) {
	i := slices.Index(names, string(b))
	if i < 0 {
		return 0, inputErr(typ, string(b), ErrValue)
	}
	return i, nil
}
