package access_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// derivedSchema declares debt_to_equity = total_liabilities / equity at scale
// 4, computed by fn, or by the built-in formula ratio when fn is nil.
func derivedSchema(t testing.TB, fn access.DeriveFunc) *access.Schema {
	t.Helper()
	formula, zero := access.FormulaCustom, access.ReasonCode("")
	if fn == nil {
		formula, zero = access.FormulaRatio, "DEBT_TO_EQUITY_DENOMINATOR_ZERO"
	}
	s, err := access.CompileSchema(access.SchemaSpec{
		Version: "derived/1",
		Fields: []access.FieldSpec{
			{Name: "total_liabilities", Kind: access.FieldKindDecimal, Scale: 2, Unit: "CNY"},
			{Name: "equity", Kind: access.FieldKindDecimal, Scale: 2, Unit: "CNY"},
		},
		Derived: []access.DerivedSpec{{
			FieldSpec: access.FieldSpec{Name: "debt_to_equity", Kind: access.FieldKindDecimal, Scale: 4, Unit: "ratio"},
			Inputs:    []string{"total_liabilities", "equity"},
			Formula:   formula,
			ZeroCode:  zero,
			Func:      fn,
		}},
	}, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDerivedRatio checks semantic 5 of the access reference: a ratio with a
// zero denominator is missing with a *_DENOMINATOR_ZERO code, never Inf, and
// the rule applies its on_missing severity.
func TestDerivedRatio(t *testing.T) {
	s := derivedSchema(t, nil)
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived/1","rules":[
		{"id":"R1","code":"ACC_DEBT_TO_EQUITY","field":"debt_to_equity","op":"le","value":"2.0000","severity":"reject"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		facts      string
		want       access.Decision
		observed   string
		missingHow access.ReasonCode
	}{
		// 1,000,000.00 / 500,000.00 = 2.0000 exactly: passes le 2.
		{"at the limit", `{"total_liabilities":"1000000.00","equity":"500000.00"}`, access.Accept, "", ""},
		// 1,000,000.00 / 333,333.33 = 3.00000003 -> 3.0000.
		{"above", `{"total_liabilities":"1000000.00","equity":"333333.33"}`, access.Reject, "3.0000", ""},
		{"zero equity", `{"total_liabilities":"1000000.00","equity":"0.00"}`, access.Refer, "", "DEBT_TO_EQUITY_DENOMINATOR_ZERO"},
		{"missing input", `{"total_liabilities":"1000000.00"}`, access.Refer, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := s.DecodeFacts([]byte(tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			before := f.Clone()
			out, err := p.Decide(f)
			if err != nil {
				t.Fatal(err)
			}
			if out.Decision != tt.want {
				t.Fatalf("decision %v, want %v: %+v", out.Decision, tt.want, out.Reasons)
			}
			if len(out.Reasons) > 0 {
				r := out.Reasons[0]
				got := [2]string{r.Observed().String(), string(r.MissingCode())}
				if r.Missing() {
					got[0] = ""
				}
				if diff := cmp.Diff([2]string{tt.observed, string(tt.missingHow)}, got); diff != "" {
					t.Errorf("reason (-want +got):\n%s", diff)
				}
			}
			b1, _ := before.MarshalJSON()
			b2, _ := f.MarshalJSON()
			if string(b1) != string(b2) {
				t.Error("Decide modified the facts")
			}
		})
	}
	if err := s.NewFacts().SetDecimal("debt_to_equity", decimal.NewFromInt(1)); err == nil {
		t.Error("a derived field was set directly")
	}
}

// TestDerivedInvalid checks that a DeriveFunc returning the wrong kind or too
// many decimals makes the fact missing with CodeDerivedInvalid.
func TestDerivedInvalid(t *testing.T) {
	for name, fn := range map[string]access.DeriveFunc{
		"wrong kind":  func([]access.Value) access.Value { return access.IntValue(1) },
		"too precise": func([]access.Value) access.Value { return access.DecimalValue(decimal.RequireFromString("0.12345")) },
		"valid ratio": nil, // the built-in formula
		"huge exponent": func([]access.Value) access.Value {
			return access.DecimalValue(decimal.New(1, math.MinInt32))
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := derivedSchema(t, fn)
			p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived/1","rules":[
				{"id":"R1","code":"C","field":"debt_to_equity","op":"present","severity":"reject"}]}`)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := s.DecodeFacts([]byte(`{"total_liabilities":"1.00","equity":"3.00"}`))
			out, _ := p.Decide(f)
			if name == "valid ratio" {
				// 1 / 3 = 0.3333 at scale 4: a valid ratio, so it is present.
				if out.Decision != access.Accept {
					t.Errorf("valid ratio: %v %+v", out.Decision, out.Reasons)
				}
				return
			}
			if out.Decision != access.Refer || out.Reasons[0].MissingCode() != access.CodeDerivedInvalid {
				t.Errorf("got %v %+v", out.Decision, out.Reasons)
			}
		})
	}
}

// TestDerivedBuiltins checks the built-in formulas named in a schema
// document: ratio (decimal.DivRound, half away from zero), difference (exact)
// and date-difference (days in the proleptic Gregorian calendar; 2024 is a
// leap year, so 2024-02-28 to 2024-03-01 is 2 days, ISO 8601-1:2019 4.3.2).
func TestDerivedBuiltins(t *testing.T) {
	s, err := access.LoadSchema([]byte(`{"kind": "access-schema", "version": "b/1",
	  "fields": [
	    {"name": "a", "kind": "decimal", "scale": 2}, {"name": "b", "kind": "decimal", "scale": 2},
	    {"name": "n", "kind": "int"}, {"name": "m", "kind": "int"},
	    {"name": "d1", "kind": "date"}, {"name": "d2", "kind": "date"}],
	  "derived": [
	    {"name": "r", "kind": "decimal", "scale": 4, "formula": "ratio", "inputs": ["a", "b"], "zeroCode": "B_ZERO"},
	    {"name": "rn", "kind": "decimal", "scale": 0, "formula": "ratio", "inputs": ["n", "m"]},
	    {"name": "diff", "kind": "decimal", "scale": 2, "formula": "difference", "inputs": ["a", "b"]},
	    {"name": "ndiff", "kind": "int", "formula": "difference", "inputs": ["n", "m"]},
	    {"name": "days", "kind": "int", "formula": "date-difference", "inputs": ["d2", "d1"]}]}`), access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, facts, field, want string // want "missing (code)" for a missing fact
	}{
		{"ratio", `{"a": "1.00", "b": "3.00"}`, "r", "0.3333"},
		{"ratio half away from zero", `{"a": "2.00", "b": "3.00"}`, "r", "0.6667"},
		{"ratio zero denominator", `{"a": "1.00", "b": "0.00"}`, "r", "missing (B_ZERO)"},
		{"ratio of ints, default code", `{"n": 5, "m": 0}`, "rn", "missing (denominator-zero)"},
		{"ratio of ints", `{"n": 5, "m": 2}`, "rn", "3"},
		{"ratio missing input", `{"a": "1.00"}`, "r", "missing"},
		{"difference", `{"a": "1.00", "b": "3.25"}`, "diff", "-2.25"},
		{"int difference", `{"n": -9223372036854775807, "m": 1}`, "ndiff", "-9223372036854775808"},
		{"int difference overflow", `{"n": -9223372036854775807, "m": 2}`, "ndiff", "missing (derived-value-invalid)"},
		{"date difference across a leap day", `{"d1": "2024-02-28", "d2": "2024-03-01"}`, "days", "2"},
		{"date difference negative", `{"d1": "2024-03-01", "d2": "2024-02-28"}`, "days", "-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := s.DecodeFacts([]byte(tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			q, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"b/1","rules":[
				{"id":"R1","code":"C","field":"`+tt.field+`","op":"present","severity":"warn","onMissing":"warn"}]}`)
			if err != nil {
				t.Fatal(err)
			}
			out, err := q.Explain(f)
			if err != nil {
				t.Fatal(err)
			}
			got := out.Trace[0].Observed().String()
			if out.Trace[0].Missing() {
				got = "missing"
				if c := out.Trace[0].MissingCode(); c != "" {
					got += " (" + string(c) + ")"
				}
			}
			if got != tt.want {
				t.Errorf("%s = %s, want %s", tt.field, got, tt.want)
			}
		})
	}
}

// TestDerivedSpecErrors checks that a built-in formula's inputs and field are
// checked at CompileSchema, with the path of the derived field.
func TestDerivedSpecErrors(t *testing.T) {
	base := `{"kind": "access-schema", "version": "b/1", "fields": [
	    {"name": "a", "kind": "decimal", "scale": 2}, {"name": "s", "kind": "string"}, {"name": "d", "kind": "date"}],
	  "derived": [%s]}`
	for _, tc := range []struct {
		name, derived, path string
		want                error
	}{
		{"no formula", `{"name": "x", "kind": "decimal", "scale": 2, "inputs": ["a", "a"]}`, "derived[0].formula", access.ErrMissingValue},
		{"unknown formula", `{"name": "x", "kind": "decimal", "inputs": ["a", "a"], "formula": "sum"}`, "derived[0].formula", access.ErrInvalidSpec},
		{"ratio of strings", `{"name": "x", "kind": "decimal", "formula": "ratio", "inputs": ["a", "s"]}`, "derived[0].inputs", access.ErrKindMismatch},
		{"ratio as int", `{"name": "x", "kind": "int", "formula": "ratio", "inputs": ["a", "a"]}`, "derived[0].kind", access.ErrKindMismatch},
		{"one input", `{"name": "x", "kind": "decimal", "formula": "ratio", "inputs": ["a"]}`, "derived[0].inputs", access.ErrInvalidSpec},
		{"difference loses scale", `{"name": "x", "kind": "decimal", "scale": 1, "formula": "difference", "inputs": ["a", "a"]}`, "derived[0].scale", access.ErrScale},
		{"date difference of decimals", `{"name": "x", "kind": "int", "formula": "date-difference", "inputs": ["a", "d"]}`, "derived[0].inputs", access.ErrKindMismatch},
		{"zeroCode without ratio", `{"name": "x", "kind": "int", "formula": "date-difference", "inputs": ["d", "d"], "zeroCode": "Z"}`, "derived[0].zeroCode", access.ErrInvalidSpec},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := access.LoadSchema([]byte(fmt.Sprintf(base, tc.derived)), access.Limits{})
			var se *access.SpecError
			if !errors.As(err, &se) || !errors.Is(err, tc.want) || se.Path != tc.path {
				t.Fatalf("got %v, want %v at %s", err, tc.want, tc.path)
			}
		})
	}
}

// TestGroups checks all / any with Kleene's strong three-valued logic
// (Kleene 1952, section 64): a failure decides all, a pass decides any, and
// otherwise a missing member makes the group missing.
func TestGroups(t *testing.T) {
	s := kindsSchema(t)
	tests := []struct {
		name  string
		group string
		facts string
		want  access.Decision // severity reject, on_missing refer
	}{
		{"all pass", "all", `{"n":5,"flag":false}`, access.Accept},
		{"all one fails", "all", `{"n":1,"flag":false}`, access.Reject},
		{"all fail beats missing", "all", `{"n":1}`, access.Reject},
		{"all pass and missing", "all", `{"n":5}`, access.Refer},
		{"any one passes", "any", `{"n":1,"flag":false}`, access.Accept},
		{"any pass beats missing", "any", `{"n":5}`, access.Accept},
		{"any fail and missing", "any", `{"n":1}`, access.Refer},
		{"any all fail", "any", `{"n":1,"flag":true}`, access.Reject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := oneRule(t, s, `"`+tt.group+`":[{"field":"n","op":"ge","value":5},{"field":"flag","op":"is-false"}],"severity":"reject"`)
			f, err := s.DecodeFacts([]byte(tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			out, _ := p.Decide(f)
			if out.Decision != tt.want {
				t.Errorf("decision %v, want %v", out.Decision, tt.want)
			}
			if len(out.Reasons) > 0 {
				want := tt.group + "(n >= 5, flag is false)"
				if out.Reasons[0].Expected() != want || out.Reasons[0].Field() != "" {
					t.Errorf("reason %+v, want expected %q", out.Reasons[0], want)
				}
			}
		})
	}
}
