package scorecard

import (
	"encoding"
	"errors"
	"testing"
)

func TestEnumText(t *testing.T) {
	type enum interface {
		encoding.TextMarshaler
		String() string
	}
	tests := []struct {
		name string
		v    enum
		back encoding.TextUnmarshaler
		text string
	}{
		{"sign", BadOverGood, new(WoESign), "badOverGood"},
		{"zero", FloorShare, new(ZeroKind), "floorShare"},
		{"closure", RightClosed, new(Closure), "right"},
		{"trend", TrendDescending, new(Trend), "descending"},
		{"method", ChiMerge, new(Method), "chiMerge"},
		{"kind", Categorical, new(Kind), "categorical"},
		{"bin kind", Missing, new(BinKind), "missing"},
		{"odds", BadGood, new(Odds), "badGood"},
		{"direction", Both, new(Direction), "both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.v.MarshalText()
			if err != nil || string(b) != tt.text || tt.v.String() != tt.text {
				t.Fatalf("MarshalText = %q, %v; String %q; want %q", b, err, tt.v.String(), tt.text)
			}
			if err := tt.back.UnmarshalText(b); err != nil {
				t.Fatal(err)
			}
			if err := tt.back.UnmarshalText([]byte("nonsense")); !errors.Is(err, ErrOptions) {
				t.Errorf("unknown name: %v", err)
			}
		})
	}
	if _, err := Method(200).MarshalText(); !errors.Is(err, ErrOptions) {
		t.Errorf("out of range: %v", err)
	}
	if s := Trend(9).String(); s != "Trend(9)" {
		t.Errorf("String of bad value = %q", s)
	}
}
