package monitor

import (
	"cmp"

	"github.com/smecredit/smecredit/internal/enum"
)

// WarningLevel is the early-warning level of a loan: [Green] < [Yellow] < [Orange] < [Red].
// Its zero value is [Green], no warning. Values are stable and ordered, so levels compare with
// < and [WarningLevel.Compare].
//
// What each level asks of the bank (this package's convention, aligned with the categories of
// the 2023 Measures and the IFRS 9 stages):
//
//	Green   no action
//	Yellow  watch: normal category, IFRS 9 stage 1 on the watch list
//	Orange  special-mention candidate, IFRS 9 stage 2, watch-list review within 30 days
//	Red     non-performing / default candidate, IFRS 9 stage 3: hand over to workout (exit)
type WarningLevel uint8

// The warning levels, in increasing order of concern.
const (
	Green  WarningLevel = iota // no warning (zero value)
	Yellow                     // watch (signal severity 1)
	Orange                     // special-mention candidate (severity 2)
	Red                        // NPL / default candidate (severity 3)
)

var levelNames = enum.Names[WarningLevel]{"green", "yellow", "orange", "red"}

// String returns "green", "yellow", "orange" or "red", or "WarningLevel(n)" for an invalid n.
func (l WarningLevel) String() string { return levelNames.String(l) }

// IsValid reports whether l is one of the four defined levels.
func (l WarningLevel) IsValid() bool { return levelNames.Valid(l) }

// Compare returns -1, 0 or +1 as l is less severe than, as severe as, or more severe than m.
func (l WarningLevel) Compare(m WarningLevel) int { return cmp.Compare(l, m) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid level.
func (l WarningLevel) MarshalText() ([]byte, error) {
	return marshalEnum(levelNames, "WarningLevel", l)
}

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (l *WarningLevel) UnmarshalText(b []byte) error {
	return unmarshalEnum(levelNames, "WarningLevel", l, b)
}

// Category is the five-category risk classification of the 2023 Chinese Measures:
// [Normal] < [SpecialMention] < [Substandard] < [Doubtful] < [Loss]. Substandard and worse
// are non-performing (NPL). The zero value is [Normal].
//
// References:
//   - CBIRC & PBOC, Measures for the Risk Classification of Financial Assets of Commercial
//     Banks (商业银行金融资产风险分类办法), Order [2023] No. 1, Art. 6 (Ch. II): the five
//     categories, the last three together non-performing.
type Category uint8

// The five categories, in increasing order of risk.
const (
	Normal         Category = iota // 正常: debtor performs (zero value)
	SpecialMention                 // 关注: able to pay, but adverse factors exist
	Substandard                    // 次级: cannot pay in full, or credit-impaired (NPL)
	Doubtful                       // 可疑: cannot pay in full, significantly credit-impaired (NPL)
	Loss                           // 损失: little or nothing recoverable after all measures (NPL)
)

var categoryNames = enum.Names[Category]{"normal", "special-mention", "substandard", "doubtful", "loss"}

// String returns "normal", "special-mention", "substandard", "doubtful" or "loss", or
// "Category(n)" for an invalid n.
func (c Category) String() string { return categoryNames.String(c) }

// IsValid reports whether c is one of the five categories.
func (c Category) IsValid() bool { return categoryNames.Valid(c) }

// NonPerforming reports whether c is substandard, doubtful or loss.
func (c Category) NonPerforming() bool { return c >= Substandard }

// Compare returns -1, 0 or +1 as c is less risky than, as risky as, or riskier than d.
func (c Category) Compare(d Category) int { return cmp.Compare(c, d) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid category.
func (c Category) MarshalText() ([]byte, error) { return marshalEnum(categoryNames, "Category", c) }

// UnmarshalText implements [encoding.TextUnmarshaler] for the names String returns.
func (c *Category) UnmarshalText(b []byte) error {
	return unmarshalEnum(categoryNames, "Category", c, b)
}

// Floor returns the lowest warning level a loan in category c may carry: the regulatory
// floor that always wins over signal scores: the objective criteria of the 2023 Measures
// (Ch. II, Arts. 6-7 and the category criteria) set minimum categories that no score can lift.
//
//	Normal          Green
//	SpecialMention  Orange
//	Substandard+    Red
func (c Category) Floor() WarningLevel {
	switch {
	case c >= Substandard:
		return Red
	case c == SpecialMention:
		return Orange
	}
	return Green
}

// Floor returns the lowest warning level a loan in stage s may carry (this package's mapping):
// Stage2 Orange, Stage3 Red, otherwise Green. Combine floors with max:
//
//	level := max(monitor.FinalLevel(signals, category), stage.Floor(), def.Floor())
func (s Stage) Floor() WarningLevel {
	switch s {
	case Stage3:
		return Red
	case Stage2:
		return Orange
	}
	return Green
}

// Stage is the IFRS 9 impairment stage: [Stage1] (12-month ECL), [Stage2] (lifetime ECL,
// significant increase in credit risk) and [Stage3] (credit-impaired). The zero value is
// [StageUnknown], which is not a valid stage; the numeric values of the valid stages equal
// their stage numbers.
//
// References:
//   - IFRS 9 Financial Instruments, paragraphs 5.5.3, 5.5.5 and Appendix A.
type Stage uint8

// The IFRS 9 stages.
const (
	StageUnknown Stage = iota // not staged (zero value, invalid)
	Stage1                    // 12-month expected credit loss
	Stage2                    // lifetime ECL: significant increase in credit risk
	Stage3                    // lifetime ECL: credit-impaired
)

var stageNames = enum.Names[Stage]{"", "stage1", "stage2", "stage3"}

// String returns "stage1", "stage2" or "stage3", or "Stage(n)" for StageUnknown and out of
// range.
func (s Stage) String() string { return stageNames.String(s) }

// IsValid reports whether s is Stage1, Stage2 or Stage3.
func (s Stage) IsValid() bool { return stageNames.Valid(s) }

// Compare returns -1, 0 or +1 as s is lower than, equal to, or higher than t.
func (s Stage) Compare(t Stage) int { return cmp.Compare(s, t) }

// MarshalText implements [encoding.TextMarshaler]; it fails for an invalid stage.
func (s Stage) MarshalText() ([]byte, error) { return marshalEnum(stageNames, "Stage", s) }

// UnmarshalText implements [encoding.TextUnmarshaler] for "stage1", "stage2" and "stage3".
func (s *Stage) UnmarshalText(b []byte) error { return unmarshalEnum(stageNames, "Stage", s, b) }
