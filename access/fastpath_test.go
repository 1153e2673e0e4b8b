package access_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// TestFastPathAgrees checks, on 5,000 random applicants (fixed seed), that
// DecideTo (which decides passes on its Compile-time fast path) gives the
// same decision and reasons as Explain (which evaluates every rule with the
// general evaluator), for every operator on every kind, including values at
// the int64 limits, decimals beyond int64 and missing facts.
func TestFastPathAgrees(t *testing.T) {
	s := kindsSchema(t)
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"kinds/1","rules":[
	 {"id":"A1","code":"C","field":"n","op":"eq","value":3,"severity":"reject"},
	 {"id":"A2","code":"C","field":"n","op":"ne","value":3,"severity":"warn"},
	 {"id":"A3","code":"C","field":"n","op":"lt","value":-9223372036854775807,"severity":"refer"},
	 {"id":"A4","code":"C","field":"n","op":"le","value":9223372036854775807,"severity":"refer"},
	 {"id":"A5","code":"C","field":"n","op":"gt","value":9223372036854775806,"severity":"warn"},
	 {"id":"A6","code":"C","field":"n","op":"ge","value":-5,"severity":"refer"},
	 {"id":"A7","code":"C","field":"n","op":"between","min":-9223372036854775808,"max":2,"severity":"warn"},
	 {"id":"A8","code":"C","field":"n","op":"in","value":[1,2,3],"severity":"warn"},
	 {"id":"B1","code":"C","field":"amount","op":"le","value":"50.00","severity":"refer","onMissing":"pass"},
	 {"id":"B2","code":"C","field":"amount","op":"between","min":"-10.50","max":"10.50","severity":"warn"},
	 {"id":"B3","code":"C","field":"amount","op":"gt","value":"99999999999999999999.99","severity":"warn"},
	 {"id":"B4","code":"C","field":"ratio","op":"ne","value":"0.5","severity":"warn"},
	 {"id":"C1","code":"C","field":"text","op":"not-in","value":["K70","J66"],"severity":"reject","onMissing":"warn"},
	 {"id":"C2","code":"C","field":"text","op":"eq","value":"K70","severity":"warn"},
	 {"id":"D1","code":"C","field":"grade","op":"in","value":["A","B"],"severity":"refer"},
	 {"id":"D2","code":"C","field":"grade","op":"ne","value":"D","severity":"reject"},
	 {"id":"D3","code":"C","field":"grade","op":"not-in","value":["C","D"],"severity":"refer"},
	 {"id":"D4","code":"C","field":"grade","op":"in","value":["A","M"],"severity":"warn"},
	 {"id":"D5","code":"C","field":"grade","op":"ne","value":"M","severity":"refer"},
	 {"id":"A9","code":"C","field":"n","op":"ne","value":9223372036854775807,"severity":"warn"},
	 {"id":"A10","code":"C","field":"n","op":"ne","value":-9223372036854775808,"severity":"warn"},
	 {"id":"E1","code":"C","field":"flag","op":"is-false","severity":"reject","onMissing":"reject"},
	 {"id":"E2","code":"C","field":"flag","op":"is-true","severity":"warn"},
	 {"id":"F1","code":"C","field":"day","op":"ge","value":"2020-01-01","severity":"refer"},
	 {"id":"G1","code":"C","field":"ratio","op":"present","severity":"warn"},
	 {"id":"G2","code":"C","any":[{"field":"n","op":"ge","value":0},{"field":"flag","op":"is-true"}],"severity":"warn"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	// The same rules repeated 15 times (390 rules): beyond the 256 rules
	// DecideTo marks without scratch storage.
	spec := p.Spec()
	rules := spec.Rules
	spec.Rules = nil
	for k := range 15 {
		for _, r := range rules {
			r.ID = access.RuleID(fmt.Sprintf("%s_%d", r.ID, k))
			spec.Rules = append(spec.Rules, r)
		}
	}
	big, err := access.CompilePolicy(spec, s, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// The rules without the three eval always decides (the group G2, A8, a
	// set of ints, and B3, whose literal is beyond int64): every rule reduced,
	// which DecideTo runs through its call-free loop (up to 64 rules).
	spec = p.Spec()
	spec.Rules = slices.DeleteFunc(spec.Rules, func(r access.RuleSpec) bool { return r.ID == "G2" || r.ID == "B3" || r.ID == "A8" })
	reduced, err := access.CompilePolicy(spec, s, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ints := []int64{math.MinInt64, math.MinInt64 + 1, -6, -5, -1, 0, 1, 2, 3, 4, math.MaxInt64 - 1, math.MaxInt64}
	decs := []string{"-10.51", "-10.50", "0", "10.50", "10.51", "50.00", "50.01", "1e25", "-1e25", "99999999999999999999.99", "100000000000000000000"}
	// Members and non-members of the string lists, short (compared by
	// key) and longer than 7 bytes.
	texts := []string{"K70", "J66", "C13", "", "K7", "K70K70K70", "J66J66J6"}
	grades := []string{"A", "B", "M", "C", "D"}
	var fast access.Outcome
	for range 5000 {
		f := s.NewFacts()
		if rng.IntN(6) > 0 {
			_ = f.SetInt("n", ints[rng.IntN(len(ints))])
		}
		if rng.IntN(6) > 0 {
			_ = f.SetDecimal("amount", decimal.RequireFromString(decs[rng.IntN(len(decs))]))
		}
		if rng.IntN(6) > 0 {
			_ = f.SetDecimal("ratio", decimal.NewFromInt(int64(rng.IntN(3))).Div(decimal.NewFromInt(2)))
		}
		if rng.IntN(6) > 0 {
			_ = f.SetString("text", texts[rng.IntN(len(texts))])
		}
		if rng.IntN(6) > 0 {
			_ = f.SetString("grade", grades[rng.IntN(len(grades))])
		}
		if rng.IntN(6) > 0 {
			_ = f.SetBool("flag", rng.IntN(2) == 0)
		}
		if rng.IntN(6) > 0 {
			_ = f.SetDate("day", time.Date(2019+rng.IntN(3), 12, 31, 0, 0, 0, 0, time.UTC))
		}
		// A field set and then unset, and the same facts cloned and read
		// back from JSON: DecideTo reads a form of the facts that every
		// setter, Unset, Clone and UnmarshalJSON keep.
		if v, _ := f.Get("n"); !v.Present() && rng.IntN(2) == 0 {
			_ = f.SetInt("n", 1)
			_ = f.Unset("n")
		}
		if v, _ := f.Get("text"); !v.Present() && rng.IntN(2) == 0 {
			_ = f.SetString("text", "K70")
			_ = f.Unset("text")
		}
		if v, _ := f.Get("amount"); !v.Present() && rng.IntN(2) == 0 {
			_ = f.SetDecimal("amount", decimal.RequireFromString("1e25"))
			_ = f.Unset("amount")
		}
		g := f.Clone()
		h := s.NewFacts()
		if b, err := f.MarshalJSON(); err != nil {
			t.Fatal(err)
		} else if err := h.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		for k, p := range []*access.Policy{p, big, reduced, p, p} {
			slow, err := p.Explain(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.DecideTo(&fast, []*access.Facts{f, f, f, g, h}[k]); err != nil {
				t.Fatal(err)
			}
			if fast.Decision != slow.Decision || len(fast.Reasons) != len(slow.Reasons) {
				b, _ := f.MarshalJSON()
				t.Fatalf("%d rules, %s: fast %v %d reasons, slow %v %d reasons", p.Len(), b, fast.Decision, len(fast.Reasons), slow.Decision, len(slow.Reasons))
			}
			for i := range fast.Reasons {
				a, b := fast.Reasons[i], slow.Reasons[i]
				ao, bo := a.Observed(), b.Observed()
				if a.RuleID() != b.RuleID() || a.Severity() != b.Severity() || a.Missing() != b.Missing() ||
					ao.String() != bo.String() || ao.Kind() != bo.Kind() || ao.Int() != bo.Int() || ao.Text() != bo.Text() ||
					!ao.Decimal().Equal(bo.Decimal()) || ao.Decimal().Exponent() != bo.Decimal().Exponent() ||
					a.MissingCode() != b.MissingCode() ||
					a.Code() != b.Code() || a.Expected() != b.Expected() || a.Field() != b.Field() {
					t.Fatalf("reason %d: fast %+v, slow %+v", i, a, b)
				}
			}
		}
	}
}

// TestZeroReason checks that the zero Reason's accessors return zero values
// (and do not panic), as its doc comment says.
func TestZeroReason(t *testing.T) {
	var r access.Reason
	if r.RuleID() != "" || r.Code() != "" || r.Severity() != access.SeverityUnset || r.Field() != "" || r.Observed().Present() ||
		r.Expected() != "" || r.Missing() || r.MissingCode() != "" || r.Message("en") != "" {
		t.Errorf("zero reason %+v has non-zero accessors", r)
	}
	if _, err := r.MarshalJSON(); err != nil {
		t.Error(err)
	}
}

// TestDecideToDoesNotAllocate checks DecideTo's claim that, once dst has
// grown to the policy's size, a decision makes no allocation: on the
// applicant who passes, on one failing six rules (the reasons loop of the
// fast path) and on one also missing a fact (the general loop).
func TestDecideToDoesNotAllocate(t *testing.T) {
	s := smeSchema(t)
	p := mustPolicy(t, s, "sme20-policy.json")
	good := goodFacts(t, s)
	bad := good.Clone()
	for _, err := range []error{bad.SetInt("operating_months", 6), bad.SetInt("inquiries_3m", 12),
		bad.SetString("tax_credit_grade", "C"), bad.SetString("industry_code", "K70"),
		bad.SetBool("on_blacklist", true), bad.SetInt("controller_age", 70)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	missing := bad.Clone()
	if err := missing.Unset("debt_to_asset_ratio"); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*access.Facts{"accept": good, "reject": bad, "missing": missing} {
		var out access.Outcome
		if err := p.DecideTo(&out, f); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = p.DecideTo(&out, f) }); n != 0 {
			t.Errorf("%s: %v allocations per decision", name, n)
		}
	}
}

// TestFastPathWideSchema checks DecideTo against Explain on a schema of 130
// input fields, whose missing-or-odd bits span three words: a policy of 8
// rules on fields 60 to 129 (one word of marks) and one of 130 rules (three
// words), on 2,000 random applicants (fixed seed).
func TestFastPathWideSchema(t *testing.T) {
	var fields []access.FieldSpec
	for i := range 130 {
		fields = append(fields, access.FieldSpec{Name: fmt.Sprintf("f%03d", i), Kind: access.FieldKindInt})
	}
	s, err := access.CompileSchema(access.SchemaSpec{Version: "wide/1", Fields: fields}, access.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rule := func(i, field int) access.RuleSpec {
		return access.RuleSpec{ID: access.RuleID(fmt.Sprintf("R%03d", i)), Code: "C", Severity: access.SeverityRefer,
			ConditionSpec: access.ConditionSpec{Field: fmt.Sprintf("f%03d", field), Op: access.OpLE, Value: []byte("5")}}
	}
	var few, all access.PolicySpec
	few.ID, few.Version, all.ID, all.Version = "few", "1", "all", "1"
	few.SchemaVersion, all.SchemaVersion = "wide/1", "wide/1"
	for i := range 8 {
		few.Rules = append(few.Rules, rule(i, min(60+10*i, 129)))
	}
	for i := range 130 {
		all.Rules = append(all.Rules, rule(i, i))
	}
	var policies []*access.Policy
	for _, spec := range []access.PolicySpec{few, all} {
		p, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		policies = append(policies, p)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var fast access.Outcome
	for range 2000 {
		f := s.NewFacts()
		for i := range 130 {
			if rng.IntN(40) > 0 { // most applicants miss a fact somewhere, some none
				_ = f.SetInt(fmt.Sprintf("f%03d", i), int64(rng.IntN(7)))
			}
		}
		for _, p := range policies {
			slow, err := p.Explain(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.DecideTo(&fast, f); err != nil {
				t.Fatal(err)
			}
			if fast.Decision != slow.Decision || len(fast.Reasons) != len(slow.Reasons) {
				t.Fatalf("%d rules: fast %v %d reasons, slow %v %d reasons", p.Len(), fast.Decision, len(fast.Reasons), slow.Decision, len(slow.Reasons))
			}
			for i := range fast.Reasons {
				a, b := fast.Reasons[i], slow.Reasons[i]
				if a.RuleID() != b.RuleID() || a.Severity() != b.Severity() || a.Missing() != b.Missing() || a.Observed() != b.Observed() {
					t.Fatalf("%d rules, reason %d: fast %+v, slow %+v", p.Len(), i, a, b)
				}
			}
		}
	}
}
