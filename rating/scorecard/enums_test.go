package scorecard

import (
	"encoding"
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
		{"sign", BadOverGood, new(WoESign), "bad-over-good"},
		{"zero", FloorShare, new(ZeroKind), "floor-share"},
		{"closure", RightClosed, new(Closure), "right"},
		{"trend", TrendDescending, new(Trend), "descending"},
		{"method", ChiMerge, new(BinMethod), "chi-merge"},
		{"kind", Categorical, new(VariableKind), "categorical"},
		{"bin kind", Missing, new(BinKind), "missing"},
		{"odds", BadGood, new(Odds), "bad-good"},
		{"direction", Both, new(StepwiseDirection), "both"},
		{"peak", TrendPeak, new(Trend), "peak"},
		{"valley", TrendValley, new(Trend), "valley"},
		{"auto-asc-desc", TrendAutoAscDesc, new(Trend), "auto-asc-desc"},
		{"exclusion", ExcludedMissing, new(Exclusion), "missing-share"},
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
			if err := tt.back.UnmarshalText([]byte("nonsense")); err == nil {
				t.Errorf("unknown name: %v", err)
			}
		})
	}
	if _, err := BinMethod(200).MarshalText(); err == nil || BinMethod(200).IsValid() {
		t.Errorf("out of range: %v", err)
	}
	if s := Trend(9).String(); s != "Trend(9)" {
		t.Errorf("String of bad value = %q", s)
	}
}
