package access_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// TestNilArguments checks that nil or zero policies, facts and outcomes give
// an *InputError naming the argument and wrapping a sentinel that says what is
// wrong, never a panic or a bare "facts belong to another schema".
func TestNilArguments(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	f := goodFacts(t, s)
	foreign := kindsSchema(t).NewFacts()
	var nilPolicy *access.Policy
	var nilSchema *access.Schema
	var nilFacts *access.Facts
	tests := []struct {
		name string
		call func() error
		arg  string
		want error
	}{
		{"Decide nil facts", func() error { _, err := p.Decide(nil); return err }, "f", access.ErrNilFacts},
		{"Decide zero facts", func() error { _, err := p.Decide(&access.Facts{}); return err }, "f", access.ErrNilFacts},
		{"Decide foreign facts", func() error { _, err := p.Decide(foreign); return err }, "f", access.ErrSchemaMismatch},
		{"Decide zero policy", func() error { _, err := new(access.Policy).Decide(f); return err }, "p", access.ErrNilPolicy},
		{"Decide zero policy, zero facts", func() error { _, err := new(access.Policy).Decide(&access.Facts{}); return err }, "p", access.ErrNilPolicy},
		{"Decide nil policy", func() error { _, err := nilPolicy.Decide(f); return err }, "p", access.ErrNilPolicy},
		{"Explain nil facts", func() error { _, err := p.Explain(nil); return err }, "f", access.ErrNilFacts},
		{"DecideTo nil dst", func() error { return p.DecideTo(nil, f) }, "dst", access.ErrNilOutcome},
		{"Simulate zero policy", func() error { _, err := new(access.Policy).Simulate([]*access.Facts{f}, nil); return err }, "p", access.ErrNilPolicy},
		{"Simulate nil policy", func() error { _, err := nilPolicy.Simulate(nil, nil); return err }, "p", access.ErrNilPolicy},
		{"Diff nil a", func() error { _, err := access.Diff(nil, p, nil); return err }, "a", access.ErrNilPolicy},
		{"Diff nil b", func() error { _, err := access.Diff(p, nil, nil); return err }, "b", access.ErrNilPolicy},
		{"Diff zero a", func() error { _, err := access.Diff(new(access.Policy), p, nil); return err }, "a", access.ErrNilPolicy},
		{"MarshalJSON nil policy", func() error { _, err := nilPolicy.MarshalJSON(); return err }, "p", access.ErrNilPolicy},
		{"CompilePolicy nil schema", func() error { _, err := access.CompilePolicy(p.Spec(), nil, access.Limits{}); return err }, "s", access.ErrNilSchema},
		{"DecodeFacts nil schema", func() error { _, err := nilSchema.DecodeFacts([]byte(`{}`)); return err }, "s", access.ErrNilSchema},
		{"DecodeFacts zero schema", func() error { _, err := new(access.Schema).DecodeFacts([]byte(`{}`)); return err }, "s", access.ErrNilSchema},
		{"ParseCell nil schema", func() error { _, err := nilSchema.ParseCell("n", ">= 1"); return err }, "s", access.ErrNilSchema},
		{"FormatCell nil schema", func() error { _, err := nilSchema.FormatCell(access.ConditionSpec{}); return err }, "s", access.ErrNilSchema},
		{"SetInt nil facts", func() error { return nilFacts.SetInt("n", 1) }, "f", access.ErrNilFacts},
		{"SetDecimal zero facts", func() error { return new(access.Facts).SetDecimal("n", decimal.Zero) }, "f", access.ErrNilFacts},
		{"SetString nil facts", func() error { return nilFacts.SetString("n", "x") }, "f", access.ErrNilFacts},
		{"SetBool nil facts", func() error { return nilFacts.SetBool("n", true) }, "f", access.ErrNilFacts},
		{"SetDate nil facts", func() error { return nilFacts.SetDate("n", time.Time{}) }, "f", access.ErrNilFacts},
		{"Unset nil facts", func() error { return nilFacts.Unset("n") }, "f", access.ErrNilFacts},
		{"UnmarshalJSON nil facts", func() error { return nilFacts.UnmarshalJSON([]byte(`{}`)) }, "f", access.ErrNilFacts},
		{"DecideAll nil applicant", func() error { return p.DecideAll([]*access.Facts{f, nil})[1].Err }, "applicants[1]", access.ErrNilFacts},
		{"DecideAll nil policy", func() error { return nilPolicy.DecideAll([]*access.Facts{f})[0].Err }, "p", access.ErrNilPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ae *access.InputError
			if !errors.Is(err, tt.want) || !errors.As(err, &ae) || ae.Field != tt.arg {
				t.Fatalf("got %v, want an *InputError for %s wrapping %v", err, tt.arg, tt.want)
			}
			if tt.want != access.ErrSchemaMismatch && errors.Is(err, access.ErrSchemaMismatch) {
				t.Errorf("%v still claims a schema mismatch", err)
			}
			if !strings.HasPrefix(err.Error(), "access: "+tt.arg+": ") && !strings.HasPrefix(err.Error(), "access: "+tt.arg+" = ") {
				t.Errorf("message %q does not name argument %s", err, tt.arg)
			}
		})
	}
	t.Run("DecideTo leaves dst undecided", func(t *testing.T) {
		var out access.Outcome
		if err := p.DecideTo(&out, f); err != nil {
			t.Fatal(err)
		}
		if err := p.DecideTo(&out, nil); !errors.Is(err, access.ErrNilFacts) {
			t.Fatalf("got %v", err)
		}
		if out.Decision != access.DecisionUnknown || len(out.Reasons) != 0 || out.PolicyID != p.ID() {
			t.Errorf("dst after a failed call: %+v", out)
		}
	})
	t.Run("Simulate nil applicant", func(t *testing.T) {
		rep, err := p.Simulate([]*access.Facts{f, nil}, nil)
		var ae *access.InputError
		if !errors.As(err, &ae) || ae.Field != "applicants[1]" || !errors.Is(err, access.ErrNilFacts) || rep.N != 1 {
			t.Errorf("got %v (N=%d)", err, rep.N)
		}
	})
}

// TestNilAccessors checks that the accessors of a nil *Policy, *Schema and
// *Facts return zero values instead of panicking (issue 18).
func TestNilAccessors(t *testing.T) {
	var p *access.Policy
	var s *access.Schema
	var f *access.Facts
	if p.ID() != "" || p.Version() != "" || p.Hash() != "" || p.Schema() != nil || p.Len() != 0 ||
		p.Spec().Rules != nil {
		t.Error("nil *Policy accessors are not zero")
	}
	if s.Version() != "" || s.Hash() != "" || s.Spec().Fields != nil {
		t.Error("nil *Schema accessors are not zero")
	}
	if _, ok := s.Field("n"); ok {
		t.Error("nil *Schema has a field")
	}
	if g := s.NewFacts(); g == nil || g.Schema() != nil || g.SetInt("n", 1) == nil {
		t.Error("nil *Schema made usable facts")
	}
	f.Reset()
	if f.Schema() != nil || f.Clone() != nil {
		t.Error("nil *Facts accessors are not zero")
	}
	if _, ok := f.Get("n"); ok {
		t.Error("nil *Facts has a value")
	}
	if b, err := f.MarshalJSON(); err != nil || string(b) != "{}" {
		t.Errorf("nil *Facts marshals to %s, %v", b, err)
	}
}
