package ecl

import (
	"cmp"

	"github.com/smecredit/smecredit/internal/enum"
)

// Stage is the IFRS 9 impairment stage of an exposure. The zero value StageUnknown is invalid.
// Text forms: "stage1", "stage2", "stage3" (as monitor's Stage, which the portfolio example
// maps onto this type).
//
// References:
//   - IFRS 9 Financial Instruments, 5.5.3 and 5.5.5 (lifetime versus 12-month ECL), Appendix A
//     (credit-impaired financial asset).
type Stage uint8

// Stages.
const (
	StageUnknown Stage = iota // not staged (invalid)
	Stage1                    // performing: 12-month ECL
	Stage2                    // significant increase in credit risk: lifetime ECL
	Stage3                    // credit-impaired: lifetime ECL, PD = 1
)

var stageNames = enum.Names[Stage]{"", "stage1", "stage2", "stage3"}

// String returns the text form of s, or "Stage(n)" for an invalid value.
func (s Stage) String() string { return stageNames.String(s) }

// IsValid reports whether s is one of the constants.
func (s Stage) IsValid() bool { return stageNames.Valid(s) }

// MarshalText implements [encoding.TextMarshaler]; an invalid value is an error.
func (s Stage) MarshalText() ([]byte, error) { return stageNames.Marshal(s) }

// UnmarshalText implements [encoding.TextUnmarshaler], accepting only the text forms.
func (s *Stage) UnmarshalText(b []byte) error { return stageNames.Unmarshal(s, b) }

// Compare returns -1, 0 or +1 as s is better than, equal to or worse than o.
func (s Stage) Compare(o Stage) int { return cmp.Compare(s, o) }

// Category is the five-category risk classification of China's 2023 Measures (商业银行金融资产
// 风险分类办法). The zero value is Normal. Text forms: "normal", "special-mention",
// "substandard", "doubtful", "loss".
//
// References:
//   - CBIRC and PBOC Order 〔2023〕 No. 1, Measures for the Risk Classification of Financial
//     Assets of Commercial Banks: the five categories, the last three non-performing (article
//     number not read; sources in [CategoryStage]).
type Category uint8

// Categories, ordered from best to worst.
const (
	Normal         Category = iota // 正常
	SpecialMention                 // 关注
	Substandard                    // 次级
	Doubtful                       // 可疑
	Loss                           // 损失
)

var categoryNames = enum.Names[Category]{"normal", "special-mention", "substandard", "doubtful", "loss"}

// String returns the text form of c, or "Category(n)" for an invalid value.
func (c Category) String() string { return categoryNames.String(c) }

// IsValid reports whether c is one of the constants.
func (c Category) IsValid() bool { return categoryNames.Valid(c) }

// MarshalText implements [encoding.TextMarshaler]; an invalid value is an error.
func (c Category) MarshalText() ([]byte, error) { return categoryNames.Marshal(c) }

// UnmarshalText implements [encoding.TextUnmarshaler], accepting only the text forms.
func (c *Category) UnmarshalText(b []byte) error { return categoryNames.Unmarshal(c, b) }

// Compare returns -1, 0 or +1 as c is better than, equal to or worse than o.
func (c Category) Compare(o Category) int { return cmp.Compare(c, o) }

// Repayment is how a contract's balance runs off, which sets its exposure profile. The zero
// value is Annuity. Text forms: "annuity", "equal-principal", "bullet", "revolving",
// "schedule".
type Repayment uint8

// Repayment types.
const (
	Annuity        Repayment = iota // level payments of principal and interest
	EqualPrincipal                  // equal principal instalments plus interest
	Bullet                          // interest only, principal at maturity
	Revolving                       // credit line: drawn + CCF × undrawn over a behavioural life
	Schedule                        // caller's payment schedule (Contract.Payments)
)

var repaymentNames = enum.Names[Repayment]{"annuity", "equal-principal", "bullet", "revolving", "schedule"}

// String returns the text form of r, or "Repayment(n)" for an invalid value.
func (r Repayment) String() string { return repaymentNames.String(r) }

// IsValid reports whether r is one of the constants.
func (r Repayment) IsValid() bool { return repaymentNames.Valid(r) }

// MarshalText implements [encoding.TextMarshaler]; an invalid value is an error.
func (r Repayment) MarshalText() ([]byte, error) { return repaymentNames.Marshal(r) }

// UnmarshalText implements [encoding.TextUnmarshaler], accepting only the text forms.
func (r *Repayment) UnmarshalText(b []byte) error { return repaymentNames.Unmarshal(r, b) }

// Reason is why a staging decision came out as it did; see [StagingPolicy.Stage]. The zero
// value is ReasonPerforming (no trigger). Text forms are listed with the constants.
type Reason uint8

// Reasons, most severe first within each stage.
const (
	ReasonPerforming     Reason = iota // "performing": no trigger, Stage1
	ReasonCreditImpaired               // "credit-impaired": impairment event or default flag, Stage3
	ReasonDefaultDPD                   // "default-dpd": DPD above the default backstop (90), Stage3
	ReasonNonPerforming                // "non-performing": substandard, doubtful or loss category, Stage3
	ReasonBackstopDPD                  // "backstop-dpd": DPD above the SICR backstop (30), Stage2
	ReasonSpecialMention               // "special-mention": special-mention category, Stage2
	ReasonRelativePD                   // "relative-pd": lifetime PD ratio since origination at or above the threshold, Stage2
	ReasonAbsolutePD                   // "absolute-pd": lifetime PD increase since origination at or above the threshold, Stage2
	ReasonWatchList                    // "watch-list": on the watch list, Stage2
	ReasonForborne                     // "forborne": forbearance granted, Stage2
	ReasonProbation                    // "probation": cured but still within the probation period, Stage2
	ReasonLowCreditRisk                // "low-credit-risk": PD tests skipped under the low-credit-risk exemption, Stage1
)

var reasonNames = enum.Names[Reason]{"performing", "credit-impaired", "default-dpd", "non-performing",
	"backstop-dpd", "special-mention", "relative-pd", "absolute-pd", "watch-list", "forborne",
	"probation", "low-credit-risk"}

// String returns the text form of r, or "Reason(n)" for an invalid value.
func (r Reason) String() string { return reasonNames.String(r) }

// IsValid reports whether r is one of the constants.
func (r Reason) IsValid() bool { return reasonNames.Valid(r) }

// MarshalText implements [encoding.TextMarshaler]; an invalid value is an error.
func (r Reason) MarshalText() ([]byte, error) { return reasonNames.Marshal(r) }

// UnmarshalText implements [encoding.TextUnmarshaler], accepting only the text forms.
func (r *Reason) UnmarshalText(b []byte) error { return reasonNames.Unmarshal(r, b) }
