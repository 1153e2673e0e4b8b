package access_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

func derivedSchema(t testing.TB, fn access.DeriveFunc) *access.Schema {
	t.Helper()
	s, err := access.CompileSchema(access.SchemaSpec{
		Version: "derived/1",
		Fields: []access.FieldSpec{
			{Name: "total_liabilities", Kind: access.KindDecimal, Scale: 2, Unit: "CNY"},
			{Name: "equity", Kind: access.KindDecimal, Scale: 2, Unit: "CNY"},
		},
		Derived: []access.DerivedSpec{{
			FieldSpec: access.FieldSpec{Name: "debt_to_equity", Kind: access.KindDecimal, Scale: 4, Unit: "ratio"},
			Inputs:    []string{"total_liabilities", "equity"},
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
	s := derivedSchema(t, access.RatioFunc(4, "DEBT_TO_EQUITY_DENOMINATOR_ZERO"))
	p, err := policyJSON(s, `{"id":"t","version":"1","schema_version":"derived/1","rules":[
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
		"valid ratio": access.RatioFunc(4, "Z"),
		// RatioFunc's scale is bounded to 0..18: outside, every value is invalid.
		"ratio scale -1":       access.RatioFunc(-1, "Z"),
		"ratio scale 19":       access.RatioFunc(19, "Z"),
		"ratio scale MaxInt32": access.RatioFunc(math.MaxInt32, "Z"),
	} {
		t.Run(name, func(t *testing.T) {
			s := derivedSchema(t, fn)
			p, err := policyJSON(s, `{"id":"t","version":"1","schema_version":"derived/1","rules":[
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

// TestRatioFuncScale checks RatioFunc's scale range 0..18 directly: inside,
// 1 / 3 rounds half away from zero to scale digits; outside, the result is
// missing with CodeDerivedInvalid and nothing is computed.
func TestRatioFuncScale(t *testing.T) {
	one, three := access.DecimalValue(decimal.NewFromInt(1)), access.DecimalValue(decimal.NewFromInt(3))
	for _, tc := range []struct {
		name  string
		scale int32
		want  string // "" = missing with CodeDerivedInvalid
	}{
		{"scale 0", 0, "0"},
		{"scale 4", 4, "0.3333"},
		{"scale 18 (max)", 18, "0.333333333333333333"},
		{"scale 19", 19, ""},
		{"scale -1", -1, ""},
		{"scale MinInt32", math.MinInt32, ""},
		{"scale MaxInt32", math.MaxInt32, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := access.RatioFunc(tc.scale, "Z")([]access.Value{one, three})
			if tc.want == "" {
				if got.Present() || got.MissingCode() != access.CodeDerivedInvalid {
					t.Fatalf("got %v (code %q), want missing %s", got, got.MissingCode(), access.CodeDerivedInvalid)
				}
				return
			}
			if !got.Present() || got.Decimal().String() != tc.want {
				t.Fatalf("got %v, want %s", got, tc.want)
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
			p := oneRule(t, s, `"`+tt.group+`":[{"field":"n","op":"ge","value":5},{"field":"flag","op":"is_false"}],"severity":"reject"`)
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
