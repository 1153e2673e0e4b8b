package access_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/access"
)

// TestNilArguments checks that nil or zero policies, facts and outcomes give
// an *ArgError naming the argument and wrapping a sentinel that says what is
// wrong, never a panic or a bare "facts belong to another schema".
func TestNilArguments(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	f := goodFacts(t, s)
	foreign := kindsSchema(t).NewFacts()
	var nilPolicy *access.Policy
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
		{"DecideInto nil dst", func() error { return p.DecideInto(nil, f) }, "dst", access.ErrNilOutcome},
		{"Simulate zero policy", func() error { _, err := new(access.Policy).Simulate([]*access.Facts{f}, nil); return err }, "p", access.ErrNilPolicy},
		{"Simulate nil policy", func() error { _, err := nilPolicy.Simulate(nil, nil); return err }, "p", access.ErrNilPolicy},
		{"Diff nil a", func() error { _, err := access.Diff(nil, p, nil); return err }, "a", access.ErrNilPolicy},
		{"Diff nil b", func() error { _, err := access.Diff(p, nil, nil); return err }, "b", access.ErrNilPolicy},
		{"Diff zero a", func() error { _, err := access.Diff(new(access.Policy), p, nil); return err }, "a", access.ErrNilPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ae *access.ArgError
			if !errors.Is(err, tt.want) || !errors.As(err, &ae) || ae.Arg != tt.arg {
				t.Fatalf("got %v, want an *ArgError for %s wrapping %v", err, tt.arg, tt.want)
			}
			if tt.want != access.ErrSchemaMismatch && errors.Is(err, access.ErrSchemaMismatch) {
				t.Errorf("%v still claims a schema mismatch", err)
			}
			if !strings.Contains(err.Error(), "argument "+tt.arg) {
				t.Errorf("message %q does not name argument %s", err, tt.arg)
			}
		})
	}
	t.Run("DecideInto leaves dst undecided", func(t *testing.T) {
		var out access.Outcome
		if err := p.DecideInto(&out, f); err != nil {
			t.Fatal(err)
		}
		if err := p.DecideInto(&out, nil); !errors.Is(err, access.ErrNilFacts) {
			t.Fatalf("got %v", err)
		}
		if out.Decision != access.DecisionUnknown || len(out.Reasons) != 0 || out.PolicyID != p.ID() {
			t.Errorf("dst after a failed call: %+v", out)
		}
	})
	t.Run("Simulate nil applicant", func(t *testing.T) {
		rep, err := p.Simulate([]*access.Facts{f, nil}, nil)
		var ae *access.ApplicantError
		if !errors.As(err, &ae) || ae.Index != 1 || !errors.Is(err, access.ErrNilFacts) || rep.N != 1 {
			t.Errorf("got %v (N=%d)", err, rep.N)
		}
	})
}
