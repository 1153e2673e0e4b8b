package access_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/smecredit/smecredit/access"
)

// FuzzParsePolicy checks ParsePolicy and CompilePolicy on any document:
// every error is a *SpecError (all joined ones too) matching ErrInvalidSpec,
// with a bounded message; a document that compiles round-trips through its
// canonical JSON to the same hash, and decides empty facts.
func FuzzParsePolicy(f *testing.F) {
	for _, name := range []string{"sample-policy.json", "sme20-policy.json"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","any":[{"field":"employees","op":"le","value":300},{"all":[{"field":"on_blacklist","op":"is-false"}]}],"severity":"refer","onMissing":"pass"}]}`))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"license_expiry","op":"between","min":"2020-01-01","max":"2030-12-31","severity":"warn"}]}`))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"debt_to_asset_ratio","op":"in","value":["0.1","1e-4",0.25,"1e-2147483648"],"severity":"refer"}]}`))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"1","schemaVersion":"sme-facts/1","rules":[{"id":"R","code":"C","field":"industry_code","op":"eq","value":"\ud800","severity":"refer"}]}`))
	s := smeSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := access.ParsePolicy(data, access.Limits{})
		if err != nil {
			checkSpecErr(t, err)
			return
		}
		p, err := access.CompilePolicy(spec, s, access.Limits{})
		if err != nil {
			checkSpecErr(t, err)
			return
		}
		b, err := json.Marshal(p.Spec())
		if err != nil {
			t.Fatal(err)
		}
		q, err := access.LoadPolicy(b, s, access.Limits{})
		if err != nil {
			t.Fatalf("canonical spec does not load: %v\n%s", err, b)
		}
		if p.Hash() != q.Hash() {
			t.Fatalf("hash changed over the round trip\n%s", b)
		}
		out, err := p.Decide(s.NewFacts())
		if err != nil || !out.Decision.IsValid() {
			t.Fatalf("decide on empty facts: %v %v", out.Decision, err)
		}
	})
}

// FuzzParseSchema checks ParseSchema and CompileSchema on any document:
// every error is a *SpecError matching ErrInvalidSpec; a schema that
// compiles round-trips to the same hash, and its derived facts never make
// a decision fail.
func FuzzParseSchema(f *testing.F) {
	f.Add(readFile(f, "sme-schema.json"))
	f.Add([]byte(`{"kind":"access-schema","version":"b/1","fields":[{"name":"a","kind":"decimal","scale":18},{"name":"b","kind":"int"},{"name":"d","kind":"date"}],
	  "derived":[{"name":"r","kind":"decimal","scale":0,"formula":"ratio","inputs":["a","b"],"zeroCode":"Z"},
	             {"name":"x","kind":"decimal","scale":18,"formula":"difference","inputs":["a","b"]},
	             {"name":"y","kind":"int","formula":"date-difference","inputs":["d","d"]}]}`))
	f.Add([]byte(`{"kind":"access-schema","version":"e/1","fields":[{"name":"g","kind":"enum","allowed":["A","A"]},{"name":"s","kind":"string","scale":-1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := access.ParseSchema(data, access.Limits{})
		if err != nil {
			checkSpecErr(t, err)
			return
		}
		s, err := access.CompileSchema(spec, access.Limits{})
		if err != nil {
			checkSpecErr(t, err)
			return
		}
		b, err := json.Marshal(s.Spec())
		if err != nil {
			t.Fatal(err)
		}
		back, err := access.LoadSchema(b, access.Limits{})
		if err != nil || back.Hash() != s.Hash() {
			t.Fatalf("schema does not round-trip: %v\n%s", err, b)
		}
		for _, d := range spec.Derived {
			p, err := access.CompilePolicy(access.PolicySpec{ID: "p", Version: "1", SchemaVersion: s.Version(),
				Rules: []access.RuleSpec{{ID: "R", Code: "C", ConditionSpec: access.ConditionSpec{Field: d.Name, Op: access.OpPresent}, Severity: access.SeverityRefer}}}, s, access.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Explain(s.NewFacts()); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// checkSpecErr checks the loaders' promise for an error: every joined error
// is a *SpecError matching ErrInvalidSpec, at most MaxErrors+1 of them, each
// with a message of bounded length.
func checkSpecErr(t *testing.T, err error) {
	t.Helper()
	errs := flatten(err)
	if len(errs) == 0 || len(errs) > access.MaxErrors+1 {
		t.Fatalf("%d errors", len(errs))
	}
	for _, e := range errs {
		var se *access.SpecError
		if !errors.As(e, &se) || !errors.Is(e, access.ErrInvalidSpec) || se.Err == nil || len(e.Error()) > 2048 {
			t.Fatalf("not a bounded SpecError: %T %.300v", e, e)
		}
	}
}

// FuzzFactsSetters calls every setter with unclamped values (any int64, a
// decimal with any coefficient and int32 exponent, any string, any date) and
// checks the promise: nil, with the value stored and read back, or an
// *InputError naming the field with a bounded message; never a panic or a
// hang.
func FuzzFactsSetters(f *testing.F) {
	f.Add("annual_sales_cny", int64(1), int64(15), int32(-1), "x", 2024, 2, 29)
	f.Add("operating_months", int64(math.MinInt64), int64(-1), int32(math.MinInt32), "\xff", 0, 13, 32)
	f.Add("tax_credit_grade", int64(0), int64(math.MaxInt64), int32(math.MaxInt32), "A", 10000, 1, 1)
	f.Add("license_expiry", int64(7), int64(1), int32(100), "\x00", -5, 0, 0)
	s := smeSchema(f)
	f.Fuzz(func(t *testing.T, name string, i, coef int64, exp int32, str string, y, m, d int) {
		facts := s.NewFacts()
		check := func(what string, err error) {
			if err == nil {
				if v, ok := facts.Get(name); !ok || !v.Present() {
					t.Fatalf("%s(%q) succeeded but Get gives %v, %v", what, name, v, ok)
				}
				return
			}
			var ie *access.InputError
			if !errors.As(err, &ie) || ie.Err == nil || len(err.Error()) > 512 {
				t.Fatalf("%s(%q): not a bounded InputError: %.300v", what, name, err)
			}
			if ie.Field != name && ie.Field != strconv.Quote(name) && len(name) <= 64 {
				t.Fatalf("%s(%q): error names %q", what, name, ie.Field)
			}
		}
		check("SetInt", facts.SetInt(name, i))
		check("SetDecimal", facts.SetDecimal(name, decimal.New(coef, exp)))
		check("SetString", facts.SetString(name, str))
		check("SetBool", facts.SetBool(name, i%2 == 0))
		check("SetDate", facts.SetDate(name, time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)))
		b, err := json.Marshal(facts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecodeFacts(b); err != nil {
			t.Fatalf("facts set through the setters do not decode: %v\n%s", err, b)
		}
	})
}

// FuzzSimulate replays two applicants decoded from any bytes (nil when they
// do not decode) and checks the report's promise: counts add up to N, every
// rate is a finite fraction in [0, 1], and each bad applicant is an
// *InputError naming it.
func FuzzSimulate(f *testing.F) {
	f.Add(readFile(f, "applicant-good.json"), []byte(`{"operating_months": 3}`), true, false)
	f.Add([]byte(`{}`), []byte(`[`), false, true)
	s := smeSchema(f)
	p := mustPolicy(f, s, "sme20-policy.json")
	f.Fuzz(func(t *testing.T, a, b []byte, badA, badB bool) {
		fa, _ := s.DecodeFacts(a)
		fb, _ := s.DecodeFacts(b)
		apps := []*access.Facts{fa, fb}
		rep, err := p.Simulate(apps, []bool{badA, badB})
		valid := 0
		for i, x := range apps {
			if x != nil {
				valid++
				continue
			}
			var ie *access.InputError
			found := false
			for _, e := range flatten(err) {
				if errors.As(e, &ie) && ie.Field == fmt.Sprintf("applicants[%d]", i) && errors.Is(e, access.ErrNilFacts) {
					found = true
				}
			}
			if !found {
				t.Fatalf("applicant %d: %v", i, err)
			}
		}
		if rep.N != valid {
			t.Fatalf("N = %d, want %d", rep.N, valid)
		}
		n := 0
		for _, d := range rep.Decisions {
			n += d.Count
			for _, r := range []float64{d.Rate, d.BadRate} {
				if math.IsNaN(r) || r < 0 || r > 1 {
					t.Fatalf("rate %v", r)
				}
			}
		}
		for _, r := range rep.Rules {
			if math.IsNaN(r.HitRate) || r.HitRate < 0 || r.HitRate > 1 || r.UniqueHits > r.Hits || r.Missing > r.Hits {
				t.Fatalf("rule stats %+v", r)
			}
		}
		if n != rep.N {
			t.Fatalf("decision counts add to %d, N = %d", n, rep.N)
		}
	})
}

// FuzzDiff compares the 20-rule policy with any policy document (itself when
// the document does not compile) over one applicant from any bytes, and
// checks the report: transitions add up to N, changed applicants are those
// whose decision changed, and rule changes name rules of both policies.
func FuzzDiff(f *testing.F) {
	f.Add(readFile(f, "sme20-policy.json"), readFile(f, "applicant-good.json"))
	f.Add([]byte(`{"kind":"access-policy","id":"t","version":"2","schemaVersion":"sme-facts/1","rules":[{"id":"R01","code":"C","field":"operating_months","op":"ge","value":36,"severity":"refer"}]}`), []byte(`{"operating_months": 30}`))
	s := smeSchema(f)
	a := mustPolicy(f, s, "sme20-policy.json")
	f.Fuzz(func(t *testing.T, doc, facts []byte) {
		b, err := access.LoadPolicy(doc, s, access.Limits{})
		if err != nil {
			b = a
		}
		fa, _ := s.DecodeFacts(facts)
		rep, err := access.Diff(a, b, []*access.Facts{fa})
		if fa == nil {
			if !errors.Is(err, access.ErrNilFacts) || rep.N != 0 {
				t.Fatalf("nil applicant: %v, N = %d", err, rep.N)
			}
			return
		}
		if err != nil || rep.N != 1 {
			t.Fatalf("%v, N = %d", err, rep.N)
		}
		n := 0
		for _, tr := range rep.Transitions {
			n += tr.Count
			if (tr.From != tr.To) != (len(rep.ChangedApplicants) == 1) {
				t.Fatalf("transition %+v, changed %v", tr, rep.ChangedApplicants)
			}
		}
		if n != 1 {
			t.Fatalf("transitions add to %d", n)
		}
		if b == a && (rep.Added != nil || rep.Removed != nil || rep.Changed != nil) {
			t.Fatalf("a policy differs from itself: %+v", rep)
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
