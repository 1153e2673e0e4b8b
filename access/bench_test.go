package access_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/access"
)

// BenchmarkDecide20 decides the 20-rule SME policy (testdata/sme20-policy.json)
// on the reuse path: one Outcome, DecideTo. The target is under 500 ns with
// 0 allocs/op. "accept" passes every rule; "reject" fails 6 rules and misses
// one, so the outcome carries 7 reasons.
func BenchmarkDecide20(b *testing.B) {
	s := smeSchema(b)
	p := mustPolicy(b, s, "sme20-policy.json")
	good := goodFacts(b, s)
	bad := good.Clone()
	_ = bad.SetInt("operating_months", 6)
	_ = bad.SetInt("inquiries_3m", 12)
	_ = bad.SetString("tax_credit_grade", "C")
	_ = bad.SetString("industry_code", "K70")
	_ = bad.SetBool("on_blacklist", true)
	_ = bad.SetInt("controller_age", 70)
	_ = bad.Unset("debt_to_asset_ratio")
	for _, tc := range []struct {
		name string
		f    *access.Facts
	}{{"accept", good}, {"reject", bad}} {
		b.Run("DecideTo/"+tc.name, func(b *testing.B) {
			var out access.Outcome
			b.ReportAllocs()
			for b.Loop() {
				_ = p.DecideTo(&out, tc.f)
			}
		})
		b.Run("Decide/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = p.Decide(tc.f)
			}
		})
	}
}

// BenchmarkDecideRules decides policies of 8, 20, 100 and 500 rules (the
// 20-rule policy's conditions repeated) on the reuse path.
func BenchmarkDecideRules(b *testing.B) {
	s := smeSchema(b)
	base := mustPolicy(b, s, "sme20-policy.json").Spec()
	f := goodFacts(b, s)
	for _, n := range []int{8, 20, 100, 500} {
		spec := base
		spec.Rules = nil
		for i := range n {
			r := base.Rules[i%len(base.Rules)]
			r.ID = access.RuleID(fmt.Sprintf("R%03d", i))
			spec.Rules = append(spec.Rules, r)
		}
		p, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			var out access.Outcome
			b.ReportAllocs()
			for b.Loop() {
				_ = p.DecideTo(&out, f)
			}
		})
	}
}

// BenchmarkSetIn measures in / not_in on string sets below and above the
// linear-scan threshold (16 members).
func BenchmarkSetIn(b *testing.B) {
	s := kindsSchema(b)
	f := s.NewFacts()
	_ = f.SetString("text", "zz")
	for _, n := range []int{4, 16, 64, 1000} {
		var xs []string
		for i := range n {
			xs = append(xs, fmt.Sprintf("%q", fmt.Sprintf("C%03d", i)))
		}
		p := oneRule(b, s, `"field":"text","op":"not-in","value":[`+strings.Join(xs, ",")+`],"severity":"reject"`)
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			var out access.Outcome
			b.ReportAllocs()
			for b.Loop() {
				_ = p.DecideTo(&out, f)
			}
		})
	}
}

// BenchmarkDerivedRatio decides a rule on a derived ratio (decimal division by
// the built-in formula ratio; it allocates).
func BenchmarkDerivedRatio(b *testing.B) {
	s := derivedSchema(b, nil)
	p, err := policyJSON(s, `{"kind":"access-policy","id":"t","version":"1","schemaVersion":"derived/1","rules":[
		{"id":"R1","code":"ACC_DEBT_TO_EQUITY","field":"debt_to_equity","op":"le","value":"2.0000","severity":"reject"}]}`)
	if err != nil {
		b.Fatal(err)
	}
	f, _ := s.DecodeFacts([]byte(`{"total_liabilities":"1000000.00","equity":"333333.33"}`))
	var out access.Outcome
	b.ReportAllocs()
	for b.Loop() {
		_ = p.DecideTo(&out, f)
	}
}

// BenchmarkSimulate replays batches of 1,000 and 10,000 applicants through the
// 20-rule policy, with Simulate and with DecideAll (which keeps every
// outcome).
func BenchmarkSimulate(b *testing.B) {
	s := smeSchema(b)
	p := mustPolicy(b, s, "sme20-policy.json")
	good := goodFacts(b, s)
	for _, n := range []int{1000, 10000} {
		fs := make([]*access.Facts, n)
		bad := make([]bool, n)
		for i := range fs {
			f := good.Clone()
			_ = f.SetInt("operating_months", int64(i%60))
			_ = f.SetInt("inquiries_3m", int64(i%9))
			fs[i], bad[i] = f, i%13 == 0
		}
		b.Run(fmt.Sprintf("applicants=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = p.Simulate(fs, bad)
			}
		})
		b.Run(fmt.Sprintf("DecideAll/applicants=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = p.DecideAll(fs)
			}
		})
	}
}

// BenchmarkCompile compiles the 20-rule policy from JSON.
func BenchmarkCompile(b *testing.B) {
	s := smeSchema(b)
	doc := readFile(b, "sme20-policy.json")
	b.ReportAllocs()
	for b.Loop() {
		spec, _ := access.ParsePolicy(doc, access.Limits{})
		_, _ = access.CompilePolicy(spec, s, access.Limits{})
	}
}

// BenchmarkDecodeFacts decodes one applicant's facts from JSON: the 24 facts
// of testdata/applicant-good.json, its first 8, and the 24 with three bad
// ones (an unknown field, excess decimals, an enum value not allowed), which
// come back as joined errors.
func BenchmarkDecodeFacts(b *testing.B) {
	s := smeSchema(b)
	doc := readFile(b, "applicant-good.json")
	var all map[string]json.RawMessage
	if err := json.Unmarshal(doc, &all); err != nil {
		b.Fatal(err)
	}
	first8 := map[string]json.RawMessage{}
	for _, k := range []string{"operating_months", "license_status", "bureau_current_overdue", "business_debt_cny",
		"debt_to_asset_ratio", "tax_credit_grade", "industry_code", "license_expiry"} {
		first8[k] = all[k]
	}
	bad := maps.Clone(all)
	bad["turnover"] = json.RawMessage(`1`)
	bad["debt_to_asset_ratio"] = json.RawMessage(`"0.55001"`)
	bad["tax_credit_grade"] = json.RawMessage(`"Z"`)
	for _, tc := range []struct {
		name string
		m    map[string]json.RawMessage
		ok   bool
	}{{"facts=8", first8, true}, {"facts=24", all, true}, {"facts=24/3-bad", bad, false}} {
		doc, err := json.Marshal(tc.m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.DecodeFacts(doc); (err == nil) != tc.ok {
			b.Fatalf("%s: %v", tc.name, err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = s.DecodeFacts(doc)
			}
		})
	}
}
