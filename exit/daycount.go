package exit

import (
	"math"
	"time"

	"github.com/smecredit/smecredit/internal/enum"
)

// DayCount is a day-count convention: how the time between two dates becomes
// a fraction of a year for discounting. The zero value is [ACT365Fixed].
type DayCount uint8

// Day-count conventions. Values are stable.
const (
	// ACT365Fixed counts actual days and divides by 365 (the default).
	ACT365Fixed DayCount = iota
	// ACT360 counts actual days and divides by 360.
	ACT360
)

var dayCountNames = enum.Names[DayCount]{"act-365f", "act-360"}

// String returns "act-365f" or "act-360".
func (d DayCount) String() string { return dayCountNames.String(d) }

// IsValid reports whether d is one of the declared conventions.
func (d DayCount) IsValid() bool { return dayCountNames.Valid(d) }

// MarshalText returns the text form; it fails for unknown values.
func (d DayCount) MarshalText() ([]byte, error) { return enumErrMarshal(dayCountNames.Marshal(d)) }

// UnmarshalText parses "act-365f" or "act-360".
func (d *DayCount) UnmarshalText(b []byte) error {
	return enumErrUnmarshal(dayCountNames.Unmarshal(d, b))
}

// check returns an [*InputError] wrapping [ErrValue] for an unknown d.
func (d DayCount) check(field string) error {
	if !d.IsValid() {
		return inputErr(field, uint8(d), ErrValue)
	}
	return nil
}

func (d DayCount) basis() float64 {
	if d == ACT360 {
		return 360
	}
	return 365
}

// civilDays returns the number of calendar days from a to b, counted on the
// civil dates (year, month, day) of each, so time zones and clock times do
// not matter.
func civilDays(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int((db.Unix() - da.Unix()) / 86400) // not db.Sub(da): a Duration saturates at 292 years
}

// YearFraction returns the year fraction from date from to date to:
//
//	τ = days / B
//
// where days is the number of actual calendar days between the two civil
// dates (negative when to is before from) and B is 365 for [ACT365Fixed] and
// 360 for [ACT360].
//
// References:
//   - ISDA 2006 Definitions, Section 4.16 (Day Count Fraction): "Actual/365 (Fixed)" and "Actual/360".
func (d DayCount) YearFraction(from, to time.Time) float64 {
	return float64(civilDays(from, to)) / d.basis()
}

// yearsToDays converts a period in years (the observation period) to whole
// days at 365 days a year, rounding half away from zero, for comparison with
// a count of civil days.
func yearsToDays(years float64) int { return int(math.Round(years * 365)) }
