package access_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/smecredit/smecredit/access"
)

// FuzzCompile checks that any document either fails to parse or compile with
// an error, or compiles to a policy whose canonical spec round-trips through
// JSON to the same hash. It must never panic.
func FuzzCompile(f *testing.F) {
	for _, name := range []string{"sample-policy.json", "sme20-policy.json"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","any":[{"field":"employees","op":"le","value":300},{"all":[{"field":"on_blacklist","op":"is-false"}]}],"severity":"refer","onMissing":"pass"}]}`))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"license_expiry","op":"between","min":"2020-01-01","max":"2030-12-31","severity":"warn"}]}`))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"debt_to_asset_ratio","op":"in","value":["0.1","1e-4",0.25],"severity":"refer"}]}`))
	s := smeSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := access.ParsePolicy(data, access.Limits{})
		if err != nil {
			return
		}
		p, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		b, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		spec2, err := access.ParsePolicy(b, access.Limits{})
		if err != nil {
			t.Fatalf("canonical spec does not parse: %v\n%s", err, b)
		}
		q, err := access.CompilePolicy(spec2, s, access.Limits{})
		if err != nil {
			t.Fatalf("canonical spec does not compile: %v\n%s", err, b)
		}
		if p.Hash() != q.Hash() {
			t.Fatalf("hash changed over the round trip\n%s", b)
		}
		out, err := p.Decide(s.NewFacts())
		if err != nil || out.Decision == access.DecisionUnknown {
			t.Fatalf("decide on empty facts: %v %v", out.Decision, err)
		}
	})
}

// FuzzDecodeFacts checks that any input either fails with an error or decodes
// to facts that marshal and decode back to the same JSON, with no NaN or Inf.
func FuzzDecodeFacts(f *testing.F) {
	f.Add(readFile(f, "applicant-good.json"))
	f.Add([]byte(`{"operating_months": 9007199254740993, "debt_to_asset_ratio": 0.70, "tax_credit_grade": null}`))
	f.Add([]byte(`{"business_debt_cny": "1e3", "annual_sales_cny": -0.5, "license_expiry": "2024-02-29"}`))
	f.Add([]byte(`{"operating_months": 1e400}`))
	s := smeSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := s.DecodeFacts(data)
		if err != nil {
			return
		}
		// Differential check against encoding/json: same keys, same
		// presence, same strings.
		var ref map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&ref); err != nil {
			t.Fatalf("encoding/json rejects what DecodeFacts accepted: %v", err)
		}
		for k, x := range ref {
			v, ok := facts.Get(k)
			if !ok || v.Present() != (x != nil) {
				t.Fatalf("%q: DecodeFacts %v, encoding/json %v", k, v, x)
			}
			if str, isStr := x.(string); isStr && (v.Kind() == access.FieldKindString || v.Kind() == access.FieldKindEnum) && v.Text() != str {
				t.Fatalf("%q: DecodeFacts %q, encoding/json %q", k, v.Text(), str)
			}
			if n, isNum := x.(json.Number); isNum && v.Kind() == access.FieldKindInt {
				if i, err := strconv.ParseInt(string(n), 10, 64); err != nil || i != v.Int() {
					t.Fatalf("%q: DecodeFacts %v, encoding/json %v", k, v, n)
				}
			}
		}
		b, err := json.Marshal(facts)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.DecodeFacts(b)
		if err != nil {
			t.Fatalf("re-decode: %v\n%s", err, b)
		}
		b2, _ := json.Marshal(again)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the facts:\n%s\n%s", b, b2)
		}
	})
}

// FuzzDecide checks the decision invariant on arbitrary facts: the decision
// equals the priority combination of the rule results in the trace, the
// reasons are exactly the non-pass trace entries in order, and DecideTo
// agrees with Explain.
func FuzzDecide(f *testing.F) {
	f.Add(readFile(f, "applicant-good.json"))
	f.Add([]byte(`{"operating_months": 18, "on_blacklist": true}`))
	f.Add([]byte(`{}`))
	s := smeSchema(f)
	policies := []*access.Policy{mustPolicy(f, s, "sample-policy.json"), mustPolicy(f, s, "sme20-policy.json")}
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := s.DecodeFacts(data)
		if err != nil {
			return
		}
		var reuse access.Outcome
		for _, p := range policies {
			out, err := p.Explain(facts)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Trace) != p.Len() {
				t.Fatalf("trace has %d entries for %d rules", len(out.Trace), p.Len())
			}
			want := access.Accept
			var reasons []access.RuleID
			for _, r := range out.Trace {
				switch r.Severity() {
				case access.SeverityReject:
					want = access.Reject
				case access.SeverityRefer:
					want = max(want, access.Refer)
				}
				if r.Severity() != access.SeverityPass {
					reasons = append(reasons, r.RuleID())
				}
			}
			if out.Decision != want {
				t.Fatalf("decision %v, priority combination gives %v", out.Decision, want)
			}
			if err := p.DecideTo(&reuse, facts); err != nil {
				t.Fatal(err)
			}
			if reuse.Decision != out.Decision || len(reuse.Reasons) != len(reasons) {
				t.Fatalf("DecideTo %v with %d reasons, Explain %v with %d", reuse.Decision, len(reuse.Reasons), out.Decision, len(reasons))
			}
			for i, r := range reuse.Reasons {
				if r.RuleID() != reasons[i] {
					t.Fatalf("reason %d is %s, want %s", i, r.RuleID(), reasons[i])
				}
			}
		}
	})
}

// FuzzParseCell checks that any cell either fails with an error or parses to
// a condition that, when it compiles, is written back by FormatCell and read
// again to the same condition.
func FuzzParseCell(f *testing.F) {
	for _, c := range []string{">= 24", "[25..60]", "A,B", "not in K70,J66", "false", "present", "<= 0.7000", "= 2026-01-31"} {
		f.Add("operating_months", c)
		f.Add("tax_credit_grade", c)
	}
	f.Add("debt_to_asset_ratio", "<= 0.70")
	f.Add("industry_code", "in a, b ,c")
	f.Add("license_expiry", "[2020-01-01..2030-12-31]")
	f.Add("on_blacklist", "true")
	s := smeSchema(f)
	f.Fuzz(func(t *testing.T, field, cell string) {
		c, err := s.ParseCell(field, cell)
		if err != nil {
			return
		}
		spec := access.PolicySpec{ID: "f", Version: "1", SchemaVersion: s.Version(),
			Rules: []access.RuleSpec{{ID: "R", Code: "C", ConditionSpec: c, Severity: access.SeverityRefer}}}
		p, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			return
		}
		back, err := s.FormatCell(c)
		if err != nil {
			return // a literal the syntax cannot carry
		}
		c2, err := s.ParseCell(field, back)
		if err != nil {
			t.Fatalf("%q -> %q does not parse: %v", cell, back, err)
		}
		spec.Rules[0].ConditionSpec = c2
		q, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil || q.Hash() != p.Hash() {
			t.Fatalf("%q -> %q changed the condition: %v", cell, back, err)
		}
	})
}
