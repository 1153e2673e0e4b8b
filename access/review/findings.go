package review

import (
	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/internal/enum"
)

// FindingCode names what a [Finding] found. The zero value CodeUnknown is invalid.
type FindingCode uint8

// The finding codes.
const (
	CodeUnknown           FindingCode = iota // no text form
	CodeIdentityBroken                       // text "identity-broken": an identity's two sides differ beyond tolerance
	CodeTotalMismatch                        // text "total-mismatch": a total differs from the sum of its lines
	CodeRollForwardBroken                    // text "roll-forward-broken": closing ≠ opening + flows
	CodeSignViolated                         // text "sign-violated": an amount has the wrong sign
	CodeNotChecked                           // text "not-checked": a check could not run for missing lines or periods
	CodeSourceGap                            // text "source-gap": a source's ratio to the declared figure is outside its band
	CodeSourceMissing                        // text "source-missing": a listed source gave no amount
	CodeGuaranteeCircle                      // text "guarantee-circle": the firm is in a guarantee circle
	CodeContingentHigh                       // text "contingent-high": contingent liabilities exceed the net-worth limit
	CodeImplausibleJump                      // text "implausible-jump": a line changed more than its rule allows between periods
	CodeRelatedGuarantee                     // text "related-guarantee": a related party guarantees the firm's debt
)

var findingCodeNames = enum.Names[FindingCode]{"", "identity-broken", "total-mismatch",
	"roll-forward-broken", "sign-violated", "not-checked", "source-gap", "source-missing",
	"guarantee-circle", "contingent-high", "implausible-jump", "related-guarantee"}

// String returns the kebab-case name.
func (c FindingCode) String() string { return findingCodeNames.String(c) }

// IsValid reports whether c is a defined code.
func (c FindingCode) IsValid() bool { return findingCodeNames.Valid(c) }

// MarshalText returns the kebab-case name.
func (c FindingCode) MarshalText() ([]byte, error) { return findingCodeNames.Marshal(c) }

// UnmarshalText reads the kebab-case name.
func (c *FindingCode) UnmarshalText(b []byte) error { return findingCodeNames.Unmarshal(c, b) }

// Finding is one result of a review check that a loan officer reads: what was compared, the
// numbers, the tolerance and a message.
//
// Left and Right are the two amounts compared (for a sign rule Left is the amount and Right
// zero; for a source Left is the declared figure and Right the source's amount), Gap = Left −
// Right and Tolerance the largest gap accepted. Ratio is Right/Left for sources and the relative change |Left/Right − 1| for jumps (0 from
// a zero previous amount), else 0; [Low, High] is a source's accepted band, High a jump's limit.
type Finding struct {
	Code      FindingCode     `json:"code"`
	Severity  Severity        `json:"severity"`
	Check     string          `json:"check"`  // the identity, roll-forward, line or source name
	Period    string          `json:"period"` // the period label, "" when none applies
	Lines     []string        `json:"lines"`  // the lines or firms involved
	Left      decimal.Decimal `json:"left"`
	Right     decimal.Decimal `json:"right"`
	Gap       decimal.Decimal `json:"gap"`
	Tolerance decimal.Decimal `json:"tolerance"`
	Ratio     float64         `json:"ratio"`
	Low       float64         `json:"low"`  // accepted ratio band of a source, else 0
	High      float64         `json:"high"` // accepted ratio band of a source, else 0
	Message   string          `json:"message"`
}

// BatchResult is one firm's outcome in [Chart.CheckAll]: its findings, or its error (an
// [*InputError] whose Field starts "statements[i].").
type BatchResult struct {
	Result []Finding
	Err    error
}
