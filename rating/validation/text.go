package validation

import "fmt"

// The small enums of this package marshal as their String form, so reports
// serialised to JSON read "red" or "investigate", not 2 or 1.

// MarshalText implements encoding.TextMarshaler.
func (l Light) MarshalText() ([]byte, error) { return marshalEnum(l, Green, Red) }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the
// strings of [Light.String].
func (l *Light) UnmarshalText(b []byte) error { return unmarshalEnum(l, b, Green, Red) }

// MarshalText implements encoding.TextMarshaler.
func (b Band) MarshalText() ([]byte, error) { return marshalEnum(b, Stable, Significant) }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the
// strings of [Band.String].
func (b *Band) UnmarshalText(t []byte) error { return unmarshalEnum(b, t, Stable, Significant) }

// MarshalText implements encoding.TextMarshaler.
func (d Direction) MarshalText() ([]byte, error) { return marshalEnum(d, HigherRiskier, HigherSafer) }

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the
// strings of [Direction.String].
func (d *Direction) UnmarshalText(b []byte) error {
	return unmarshalEnum(d, b, HigherRiskier, HigherSafer)
}

// MarshalText implements encoding.TextMarshaler.
func (p EmptyBinPolicy) MarshalText() ([]byte, error) {
	return marshalEnum(p, AddCount, EmptyBinError)
}

// UnmarshalText implements encoding.TextUnmarshaler; it accepts the
// strings of [EmptyBinPolicy.String].
func (p *EmptyBinPolicy) UnmarshalText(b []byte) error {
	return unmarshalEnum(p, b, AddCount, EmptyBinError)
}

type enum interface {
	~int
	String() string
}

func marshalEnum[E enum](v, lo, hi E) ([]byte, error) {
	if v < lo || v > hi {
		return nil, fmt.Errorf("%w: cannot marshal %v", ErrOptions, v)
	}
	return []byte(v.String()), nil
}

func unmarshalEnum[E enum](v *E, b []byte, lo, hi E) error {
	for e := lo; e <= hi; e++ {
		if e.String() == string(b) {
			*v = e
			return nil
		}
	}
	return fmt.Errorf("%w: unknown value %q", ErrOptions, b)
}
