package access_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/access"
)

// TestCellSyntax checks the compact cell syntax of the access reference
// (">= 24", "[25..60]", "A,B") against the JSON form of the same rules.
func TestCellSyntax(t *testing.T) {
	s := smeSchema(t)
	tests := []struct {
		field, cell string
		want        string // JSON of the condition
	}{
		{"operating_months", ">= 24", `{"field":"operating_months","op":"ge","value":24}`},
		{"operating_months", " <  3 ", `{"field":"operating_months","op":"lt","value":3}`},
		{"debt_to_asset_ratio", "<= 0.70", `{"field":"debt_to_asset_ratio","op":"le","value":"0.70"}`},
		{"controller_age", "[25..60]", `{"field":"controller_age","op":"between","min":25,"max":60}`},
		{"annual_sales_cny", "[1000000.00 .. 100000000.00]", `{"field":"annual_sales_cny","op":"between","min":"1000000.00","max":"100000000.00"}`},
		{"tax_credit_grade", "A,B", `{"field":"tax_credit_grade","op":"in","value":["A","B"]}`},
		{"tax_credit_grade", "in A, B", `{"field":"tax_credit_grade","op":"in","value":["A","B"]}`},
		{"industry_code", "not in K70,J66,R93", `{"field":"industry_code","op":"not-in","value":["K70","J66","R93"]}`},
		{"license_status", "= valid", `{"field":"license_status","op":"eq","value":"valid"}`},
		{"tax_credit_grade", "!= D", `{"field":"tax_credit_grade","op":"ne","value":"D"}`},
		{"on_blacklist", "false", `{"field":"on_blacklist","op":"is-false"}`},
		{"license_expiry", "> 2026-12-31", `{"field":"license_expiry","op":"gt","value":"2026-12-31"}`},
		{"equity_cny", "present", `{"field":"equity_cny","op":"present"}`},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			c, err := s.ParseCell(tt.field, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(c)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			back, err := s.FormatCell(c)
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.ParseCell(tt.field, back)
			if err != nil {
				t.Fatalf("%q: %v", back, err)
			}
			got2, _ := json.Marshal(again)
			if string(got2) != string(got) {
				t.Errorf("%q read back as %s", back, got2)
			}
		})
	}
	for _, bad := range []struct{ field, cell string }{
		{"operating_months", ">= 2.5"}, {"operating_months", "[1..]"}, {"nope", "= 1"}, {"controller_age", "[25;60]"},
	} {
		if _, err := s.ParseCell(bad.field, bad.cell); err == nil {
			t.Errorf("%s %q parsed", bad.field, bad.cell)
		}
	}
}

// TestCellRoundTripPolicy writes every rule of the 20-rule policy as a cell
// and reads it back: the recompiled policy has the same hash (the lossless
// table view of the access reference, section 3.3).
func TestCellRoundTripPolicy(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	spec := p.Spec()
	for i, r := range spec.Rules {
		cell, err := s.FormatCell(r.ConditionSpec)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		if spec.Rules[i].ConditionSpec, err = s.ParseCell(r.Field, cell); err != nil {
			t.Fatalf("%s %q: %v", r.ID, cell, err)
		}
	}
	q, err := access.CompilePolicy(spec, s, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Hash() != p.Hash() {
		t.Error("policy changed over the cell round trip")
	}
	if _, err := s.FormatCell(access.ConditionSpec{Any: []access.ConditionSpec{{Field: "employees", Op: access.OpPresent}}}); err == nil {
		t.Error("a group was written as a cell")
	}
	if _, err := s.FormatCell(access.ConditionSpec{Field: "industry_code", Op: access.OpIn, Value: []byte(`["A,B","C"]`)}); err == nil {
		t.Error("a member with a comma was written as a cell")
	}
}

// TestCellErrors checks that ParseCell never reads a bare keyword as a value,
// reports a missing operand as such, and refuses an operator the field's
// kind does not take, as Compile would (enums have no order).
func TestCellErrors(t *testing.T) {
	s := smeSchema(t)
	tests := []struct {
		name, field, cell string
		want              error
		detail            string // a substring of the message
	}{
		{"bare not in on enum", "tax_credit_grade", "not in", access.ErrMissingValue, "missing operand"},
		{"bare in on enum", "tax_credit_grade", " in ", access.ErrMissingValue, "missing operand"},
		{"bare not in on int", "operating_months", "not in", access.ErrMissingValue, "missing operand"},
		{"bare not in on string", "industry_code", "not in", access.ErrMissingValue, "missing operand"},
		{"ge without operand", "operating_months", ">=", access.ErrMissingValue, "missing operand"},
		{"eq without operand", "license_status", "= ", access.ErrMissingValue, "missing operand"},
		{"between without min", "controller_age", "[..60]", access.ErrMissingValue, "missing operand"},
		{"empty set member", "industry_code", "in K70,,J66", access.ErrMissingValue, "missing operand"},
		{"ge on enum", "tax_credit_grade", ">= x", access.ErrKindMismatch, "needs an int, decimal or date field"},
		{"lt on enum", "license_status", "< valid", access.ErrKindMismatch, "needs an int, decimal or date field"},
		{"lt on string", "industry_code", "< C13", access.ErrKindMismatch, "needs an int, decimal or date field"},
		{"between on enum", "tax_credit_grade", "[A..C]", access.ErrKindMismatch, "between needs"},
		{"in on bool", "on_blacklist", "in true", access.ErrKindMismatch, "does not apply to bool"},
		{"bare word on bool", "on_blacklist", "maybe", access.ErrKindMismatch, "does not apply to bool"},
		{"int literal", "operating_months", ">= 2.5", access.ErrInvalidSpec, "not an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := s.ParseCell(tt.field, tt.cell)
			if !errors.Is(err, tt.want) || !errors.Is(err, access.ErrInvalidSpec) {
				t.Fatalf("ParseCell(%q, %q) = %+v, %v; want %v", tt.field, tt.cell, c, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("message %q does not say %q", err, tt.detail)
			}
		})
	}
	// "in X" still reads a one-member set, even when X is the keyword.
	for _, cell := range []string{"in in", "in not in"} {
		c, err := s.ParseCell("industry_code", cell)
		if err != nil || c.Op != access.OpIn {
			t.Errorf("%q: %+v, %v", cell, c, err)
		}
	}
}
