package validation

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// textEnum is what every enumeration of the package implements.
type textEnum interface {
	fmt.Stringer
	encoding.TextMarshaler
	IsValid() bool
}

func TestEnumTextRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		v    textEnum
		text string
		back func([]byte) (textEnum, error)
	}{
		{HigherRiskier, "higher-riskier", unmarshalAs[ScoreOrder]},
		{HigherSafer, "higher-safer", unmarshalAs[ScoreOrder]},
		{Stable, "stable", unmarshalAs[Band]},
		{Investigate, "investigate", unmarshalAs[Band]},
		{Significant, "significant", unmarshalAs[Band]},
		{Green, "green", unmarshalAs[Light]},
		{Yellow, "yellow", unmarshalAs[Light]},
		{Red, "red", unmarshalAs[Light]},
		{AddCount, "add-count", unmarshalAs[EmptyBinPolicy]},
		{FloorShare, "floor-share", unmarshalAs[EmptyBinPolicy]},
		{EmptyBinError, "error", unmarshalAs[EmptyBinPolicy]},
		{Greater, "greater", unmarshalAs[Alternative]},
		{TwoSided, "two-sided", unmarshalAs[Alternative]},
		{Less, "less", unmarshalAs[Alternative]},
		{JeffreysLight, "jeffreys", unmarshalAs[CalibrationTest]},
		{BinomialLight, "binomial", unmarshalAs[CalibrationTest]},
	} {
		if !tc.v.IsValid() || tc.v.String() != tc.text {
			t.Errorf("%#v: String %q, IsValid %v; want %q", tc.v, tc.v.String(), tc.v.IsValid(), tc.text)
		}
		b, err := tc.v.MarshalText()
		if err != nil || string(b) != tc.text {
			t.Errorf("%v: MarshalText %q, %v", tc.v, b, err)
		}
		back, err := tc.back(b)
		if err != nil || back != tc.v {
			t.Errorf("%s: UnmarshalText %v, %v", b, back, err)
		}
	}
}

func unmarshalAs[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](b []byte) (textEnum, error) {
	var v T
	err := PT(&v).UnmarshalText(b)
	return any(v).(textEnum), err
}

func TestEnumInvalid(t *testing.T) {
	for _, v := range []textEnum{UnknownScoreOrder, ScoreOrder(3), Band(3), Light(3), EmptyBinPolicy(3), Alternative(3), CalibrationTest(2)} {
		if v.IsValid() {
			t.Errorf("%v valid", v)
		}
		if _, err := v.MarshalText(); !errors.Is(err, ErrOptions) {
			t.Errorf("%v marshalled: %v", v, err)
		}
	}
	if got := Light(9).String(); got != "Light(9)" {
		t.Errorf("Light(9) = %q", got)
	}
	var l Light
	for _, bad := range []string{"purple", "Red", "", "two_sided"} {
		if err := l.UnmarshalText([]byte(bad)); !errors.Is(err, ErrOptions) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	var a Alternative
	if err := a.UnmarshalText([]byte("two_sided")); !errors.Is(err, ErrOptions) {
		t.Errorf("snake case accepted: %v", err)
	}
}

func TestEnumCompare(t *testing.T) {
	if Green.Compare(Yellow) != -1 || Red.Compare(Yellow) != 1 || Yellow.Compare(Yellow) != 0 {
		t.Error("Light.Compare")
	}
	if Stable.Compare(Significant) != -1 || Significant.Compare(Investigate) != 1 || Stable.Compare(Stable) != 0 {
		t.Error("Band.Compare")
	}
}

func TestEnumJSON(t *testing.T) {
	type doc struct {
		Light Light           `json:"light"`
		Band  Band            `json:"band"`
		Order ScoreOrder      `json:"order"`
		Empty EmptyBinPolicy  `json:"empty"`
		Alt   Alternative     `json:"alt"`
		Test  CalibrationTest `json:"test"`
	}
	in := doc{Red, Investigate, HigherSafer, FloorShare, TwoSided, BinomialLight}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"light":"red","band":"investigate","order":"higher-safer","empty":"floor-share","alt":"two-sided","test":"binomial"}`
	if string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}
