package exit

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRecommend(t *testing.T) {
	p, err := CompileTriggerSet(DefaultTriggerSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	// Expected plans follow the documented default rules (docs/reference/exit.md §6.1:
	// continue at level ≤ 1, reduce at levels 1–2; DPD ≥ 90 is default under
	// Basel II §452).
	tests := []struct {
		name string
		b    Borrower
		plan Plan
		why  []RuleID
	}{
		{"healthy", Borrower{}, Maintain, nil},
		{"one notch", Borrower{Notches: 1}, Maintain, nil},
		{"upgrade", Borrower{Notches: -2}, Maintain, nil},
		{"yellow", Borrower{WarningLevel: Yellow}, Reduce, []RuleID{"yellow"}},
		{"two notches", Borrower{Notches: 2}, Reduce, []RuleID{"downgrade-2"}},
		{"yellow and two notches", Borrower{WarningLevel: Yellow, Notches: 2}, DoNotRenew,
			[]RuleID{"yellow-downgrade", "yellow", "downgrade-2"}},
		{"orange", Borrower{WarningLevel: Orange}, DoNotRenew, []RuleID{"orange", "yellow"}},
		{"orange three notches", Borrower{WarningLevel: Orange, Notches: 3}, Accelerate,
			[]RuleID{"orange-downgrade", "yellow-downgrade", "orange", "yellow", "downgrade-2"}},
		{"30 DPD", Borrower{DPD: 30}, Accelerate, []RuleID{"dpd-30"}},
		{"red", Borrower{WarningLevel: Red}, ExitNow, []RuleID{"red", "orange", "yellow"}},
		{"90 DPD", Borrower{DPD: 90}, ExitNow, []RuleID{"dpd-90", "dpd-30"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := p.Recommend(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			var why []RuleID
			for _, r := range rec.Reasons {
				why = append(why, r.Rule)
			}
			if rec.Plan != tt.plan {
				t.Errorf("plan %v, want %v", rec.Plan, tt.plan)
			}
			if diff := cmp.Diff(tt.why, why); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := p.Recommend(Borrower{DPD: -1}); !errors.Is(err, ErrValue) {
		t.Errorf("negative DPD err = %v", err)
	}
}

func TestTriggerSpec(t *testing.T) {
	data, err := json.Marshal(DefaultTriggerSetSpec())
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadTriggerSet(data)
	if err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	if diff := cmp.Diff(DefaultTriggerSetSpec(), p.Spec()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	_, err = LoadTriggerSet([]byte(`{"rules":[{"id":"a","plan":"reduce"},{"id":"a","plan":"panic","minNotches":0},{"id":"","plan":"reduce","minDPD":-3,"minLevel":"purple"}]}`))
	if !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("err = %v", err)
	}
	for _, tc := range []struct{ name, doc string }{
		{"second document", string(data) + ` {}`},
		{"stray brace", string(data) + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadTriggerSet([]byte(tc.doc)); !errors.Is(err, ErrInvalidSpec) {
				t.Errorf("err = %v, want ErrInvalidSpec", err)
			}
		})
	}
	_, err = CompileTriggerSet(TriggerSetSpec{Rules: []TriggerRuleSpec{
		{ID: "a", Plan: Reduce},
		{ID: "a", Plan: 9, MinNotches: ptr(0)},
		{ID: "", Plan: Reduce, MinDPD: ptr(-3)},
	}})
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *SpecError
		if errors.As(e, &se) {
			paths = append(paths, se.Path)
		}
	}
	want := []string{"rules[0]", "rules[1].id", "rules[1].plan", "rules[1].minNotches", "rules[2].id", "rules[2].minDPD"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestEnumsText(t *testing.T) {
	for k := range numKinds {
		b, err := k.MarshalText()
		var back OptionKind
		if err != nil || back.UnmarshalText(b) != nil || back != k {
			t.Errorf("Kind %d round trip: %s %v", k, b, err)
		}
	}
	var l WarningLevel
	if err := l.UnmarshalText([]byte("orange")); err != nil || l != Orange || l.Compare(Red) != -1 {
		t.Errorf("level %v %v", l, err)
	}
	if _, err := OptionKind(99).MarshalText(); !errors.Is(err, ErrValue) {
		t.Errorf("err = %v", err)
	}
	var d DayCount
	if err := d.UnmarshalText([]byte("ACT/365F")); !errors.Is(err, ErrValue) {
		t.Errorf("err = %v", err)
	}
}
