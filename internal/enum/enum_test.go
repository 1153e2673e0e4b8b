package enum

import (
	"encoding/json"
	"testing"
)

type level uint8

var levelNames = Names[level]{"", "green", "special-mention"}

func (l level) MarshalText() ([]byte, error)  { return levelNames.Marshal(l) }
func (l *level) UnmarshalText(b []byte) error { return levelNames.Unmarshal(l, b) }

func TestNames(t *testing.T) {
	if got := levelNames.String(2); got != "special-mention" {
		t.Errorf("String(2) = %q", got)
	}
	if got := levelNames.String(0); got != "level(0)" {
		t.Errorf("String(0) = %q", got)
	}
	if got := levelNames.String(9); got != "level(9)" {
		t.Errorf("String(9) = %q", got)
	}
	if levelNames.Valid(0) || !levelNames.Valid(1) || levelNames.Valid(3) {
		t.Error("Valid wrong")
	}
	b, err := json.Marshal([]level{1, 2})
	if err != nil || string(b) != `["green","special-mention"]` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	if _, err := json.Marshal(level(0)); err == nil {
		t.Error("Marshal(0) succeeded")
	}
	var ls []level
	if err := json.Unmarshal([]byte(`["special-mention","green"]`), &ls); err != nil || ls[0] != 2 || ls[1] != 1 {
		t.Errorf("Unmarshal = %v, %v", ls, err)
	}
	for _, bad := range []string{`[""]`, `["Green"]`, `["special_mention"]`} {
		if err := json.Unmarshal([]byte(bad), &ls); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
	if v, err := levelNames.Parse("green"); err != nil || v != 1 {
		t.Errorf("Parse = %v, %v", v, err)
	}
}
