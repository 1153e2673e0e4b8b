package validation

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnumText(t *testing.T) {
	type doc struct {
		L Light
		B Band
		D Direction
		P EmptyBinPolicy
	}
	in := doc{Red, Investigate, HigherSafer, FloorShare}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"L":"red","B":"investigate","D":"higher-safer","P":"floor-share"}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	var l Light
	if err := l.UnmarshalText([]byte("purple")); !errors.Is(err, ErrOptions) {
		t.Errorf("unknown light: %v", err)
	}
	if _, err := Direction(0).MarshalText(); !errors.Is(err, ErrOptions) {
		t.Errorf("unset direction marshalled: %v", err)
	}
}
