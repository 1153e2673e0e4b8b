package rating

import (
	"cmp"
	"fmt"
	"strconv"
)

// Grade is a position on a [MasterScale]: 1 is the best grade, 2 the next,
// and so on; names and PDs come from the scale ([MasterScale.Name],
// [MasterScale.PD]). Grades compare by position, so a larger Grade is a
// worse rating, and the difference of two grades is their distance in
// notches. The zero value NoGrade means "not graded". Text form: the
// decimal position ("3"), or "" for NoGrade.
type Grade int

// NoGrade is the zero Grade: not graded.
const NoGrade Grade = 0 // not graded

// IsValid reports whether g is a grade position (g ≥ 1); it does not check
// any particular scale.
func (g Grade) IsValid() bool { return g >= 1 }

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

// MarshalText implements [encoding.TextMarshaler].
func (g Grade) MarshalText() ([]byte, error) {
	if g < 0 {
		return nil, fmt.Errorf("rating: invalid grade %d", int(g))
	}
	if g == NoGrade {
		return []byte{}, nil
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
	if err != nil || v < 1 {
		return fmt.Errorf("rating: invalid grade %q", b)
	}
	*g = Grade(v)
	return nil
}
