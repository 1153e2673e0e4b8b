package rating

import (
	"cmp"
	"fmt"
	"strconv"
)

// Grade is a position on a [MasterScale]: 1 is the best grade, 2 the next,
// and so on up to [MaxGrades]; names and PDs come from the scale
// ([MasterScale.Name], [MasterScale.PD]). Grades are ordered by position,
// so a larger Grade is a worse rating (see [Grade.Compare]). The zero value
// NoGrade means "not graded". Text form: the decimal position ("3"), or ""
// for NoGrade.
type Grade uint8

// NoGrade is the zero Grade: not graded.
const NoGrade Grade = 0 // not graded

// IsValid reports whether g is a grade position (1 ≤ g ≤ [MaxGrades]); it
// does not check any particular scale.
func (g Grade) IsValid() bool { return g >= 1 && int(g) <= MaxGrades }

// String returns "grade N", or "no grade" for NoGrade.
func (g Grade) String() string {
	if g == NoGrade {
		return "no grade"
	}
	return "grade " + strconv.Itoa(int(g))
}

// Compare returns −1 if g is a better grade than h (smaller position), +1 if
// worse, 0 if equal.
func (g Grade) Compare(h Grade) int { return cmp.Compare(g, h) }

// Notches returns the distance |g − h| in grade positions.
func (g Grade) Notches(h Grade) int {
	if g > h {
		return int(g - h)
	}
	return int(h - g)
}

// MarshalText implements [encoding.TextMarshaler].
func (g Grade) MarshalText() ([]byte, error) {
	if g == NoGrade {
		return []byte{}, nil
	}
	if !g.IsValid() {
		return nil, fmt.Errorf("invalid Grade %d", uint8(g))
	}
	return strconv.AppendInt(nil, int64(g), 10), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (g *Grade) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*g = NoGrade
		return nil
	}
	v, err := strconv.Atoi(string(b))
	if err != nil || v < 1 || v > MaxGrades {
		return fmt.Errorf("invalid Grade %q (want 1 to %d)", text(string(b)), MaxGrades)
	}
	*g = Grade(v)
	return nil
}
