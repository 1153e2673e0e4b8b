package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/smecredit/smecredit/access"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

const decidePath = "/v1/access/sme-credit-access-20/decide"

// goodApplicant returns the facts of the access package's applicant who
// meets all 20 criteria, as a map to modify.
func goodApplicant(t testing.TB) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "requests", "applicant-good.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// libraryDecision is what the access package itself decides for a request.
func libraryDecision(t testing.TB, pol *access.Policy, req decideRequest) decideResponse {
	t.Helper()
	facts, err := pol.Schema().DecodeFacts(req.Facts)
	if err != nil {
		t.Fatal(err)
	}
	decide := pol.Decide
	if req.Explain {
		decide = pol.Explain
	}
	out, err := decide(facts)
	if err != nil {
		t.Fatal(err)
	}
	if out.Reasons == nil {
		out.Reasons = []access.Reason{}
	}
	return decideResponse{Policy: registry.Ref{ID: out.PolicyID, Version: out.Version, Hash: out.Hash}, Decision: out.Decision, Reasons: out.Reasons, Trace: out.Trace}
}

// reasonsJSON is the JSON form of reasons, for comparing what went over the
// wire with what the library returned.
func reasonsJSON(t testing.TB, rs []access.Reason) string {
	t.Helper()
	b, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDecide(t *testing.T) {
	s, _, _ := newTestServer(t)
	doc, _ := s.reg.Lookup(registry.KindAccess, "sme-credit-access-20")
	pol := doc.Compiled.(*access.Policy)
	with := func(changes map[string]any) map[string]any {
		m := goodApplicant(t)
		for k, v := range changes {
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name     string
		facts    map[string]any
		explain  bool
		decision access.Decision
		codes    []access.ReasonCode
	}{
		// Expected decisions follow from the rules of sme20-policy.json.
		{"meets all criteria", with(nil), false, access.Accept, nil},
		{"young firm is rejected", with(map[string]any{"operating_months": 12}), false, access.Reject, []access.ReasonCode{"ACC_OPERATING_YEARS"}},
		{"high debt ratio is referred", with(map[string]any{"debt_to_asset_ratio": "0.8000"}), false, access.Refer, []access.ReasonCode{"ACC_DEBT_ASSET_RATIO"}},
		{"missing fact is referred, not passed", with(map[string]any{"inquiries_3m": nil}), false, access.Refer, []access.ReasonCode{"ACC_INQUIRIES_3M"}},
		{"null fact is missing", with(map[string]any{"tax_credit_grade": json.RawMessage("null")}), false, access.Refer, []access.ReasonCode{"ACC_TAX_CREDIT_GRADE"}},
		{"explain traces every rule", with(map[string]any{"on_blacklist": true}), true, access.Reject, []access.ReasonCode{"ACC_BLACKLIST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts, err := json.Marshal(tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			req := decideRequest{Facts: facts, Explain: tt.explain}
			body, _ := json.Marshal(req)
			rec := do(s, "POST", decidePath+"?lang=en", "application/json", string(body))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got struct {
				Policy   registry.Ref             `json:"policy"`
				Decision access.Decision          `json:"decision"`
				Reasons  json.RawMessage          `json:"reasons"`
				Messages map[access.RuleID]string `json:"messages"`
				Trace    json.RawMessage          `json:"trace"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Decision != tt.decision {
				t.Errorf("decision %v, want %v", got.Decision, tt.decision)
			}
			// The same decision, reasons and trace as the library's, and
			// the citation of the exact policy.
			want := libraryDecision(t, pol, req)
			if got.Decision != want.Decision || got.Policy != want.Policy || got.Policy != doc.Ref() {
				t.Errorf("got %v under %+v, library says %v under %+v", got.Decision, got.Policy, want.Decision, want.Policy)
			}
			if diff := cmp.Diff(reasonsJSON(t, want.Reasons), string(got.Reasons)); diff != "" {
				t.Errorf("reasons (-library +service):\n%s", diff)
			}
			if tt.explain {
				if diff := cmp.Diff(reasonsJSON(t, want.Trace), string(got.Trace)); diff != "" || len(want.Trace) != pol.Len() {
					t.Errorf("trace of %d rules (-library +service):\n%s", pol.Len(), diff)
				}
			} else if got.Trace != nil {
				t.Errorf("trace without explain: %s", got.Trace)
			}
			var codes []access.ReasonCode
			for _, r := range want.Reasons {
				codes = append(codes, r.Code())
			}
			if diff := cmp.Diff(tt.codes, codes); diff != "" {
				t.Errorf("reason codes (-want +got):\n%s", diff)
			}
			if len(got.Messages) != len(want.Reasons) {
				t.Errorf("%d messages for %d reasons", len(got.Messages), len(want.Reasons))
			}
		})
	}
}

func TestDecideErrors(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []problemCase{
		{"unknown policy", "/v1/access/nope/decide", `{"facts": {}}`, 404, problem.CodeUnknownPolicy, nil},
		{"policy of another kind", "/v1/access/sme-financial/decide", `{"facts": {}}`, 404, problem.CodeUnknownPolicy, nil},
		{"no facts member", decidePath, `{}`, 422, problem.CodeMissingFact, []string{"/facts"}},
		{"null facts", decidePath, `{"facts": null}`, 422, problem.CodeMissingFact, []string{"/facts"}},
		{"facts not an object", decidePath, `{"facts": [1, 2]}`, 422, problem.CodeInvalidFact, []string{"/facts"}},
		{"wrong kinds and scale", decidePath, `{"facts": {"operating_months": 12.5, "debt_to_asset_ratio": "0.80001"}}`, 422, problem.CodeInvalidFact,
			[]string{"/facts/debt_to_asset_ratio", "/facts/operating_months"}},
		{"unknown fact", decidePath, `{"facts": {"operating_months": 30, "turnover": 1}}`, 422, problem.CodeInvalidFact, []string{"/facts/turnover"}},
		{"duplicate fact", decidePath, `{"facts": {"operating_months": 30, "operating_months": 1}}`, 422, problem.CodeInvalidFact, []string{"/facts/operating_months"}},
		{"enum value not allowed", decidePath, `{"facts": {"license_status": "great"}}`, 422, problem.CodeInvalidFact, []string{"/facts/license_status"}},
		{"int overflow", decidePath, `{"facts": {"employees": 99999999999999999999}}`, 422, problem.CodeInvalidFact, []string{"/facts/employees"}},
		{"unknown request member", decidePath, `{"facts": {}, "applicant": 1}`, 400, problem.CodeUnknownField, nil},
		{"explain of wrong type", decidePath, `{"facts": {}, "explain": "yes"}`, 400, problem.CodeWrongType, []string{"/explain"}},
		{"trailing data", decidePath, `{"facts": {}}]`, 400, problem.CodeTrailingData, nil},
		{"malformed", decidePath, `{"facts": {"operating_months": }}`, 400, problem.CodeMalformedJSON, nil},
		{"oversized", decidePath, `{"facts": {"industry_code": "` + strings.Repeat("x", 5000) + `"}}`, 413, problem.CodeBodyTooLarge, nil},
	}
	checkProblems(t, s, tests)
}

// TestDerivedRatio loads a schema with a derived ratio named in the document
// (the built-in formula "ratio": inputs[0] / inputs[1] at the field's scale,
// rounded half away from zero).
func TestDerivedRatio(t *testing.T) {
	dir := t.TempDir()
	schema := `{"kind": "access-schema", "version": "ratio/1", "fields": [
		{"name": "total_liabilities_cny", "kind": "decimal", "scale": 2},
		{"name": "total_assets_cny", "kind": "decimal", "scale": 2}],
	 "derived": [{"name": "debt_to_asset_ratio", "kind": "decimal", "scale": 4, "formula": "ratio",
	   "zeroCode": "ACC_DEBT_TO_ASSET_RATIO_DENOMINATOR_ZERO", "inputs": ["total_liabilities_cny", "total_assets_cny"]}]}`
	policy := `{"kind": "access-policy", "id": "ratio", "version": "1", "schemaVersion": "ratio/1", "rules": [
		{"id": "R1", "code": "ACC_DEBT_ASSET_RATIO", "field": "debt_to_asset_ratio", "op": "le", "value": "0.7000", "severity": "reject"}]}`
	os.WriteFile(filepath.Join(dir, "access-ratio-schema.json"), []byte(schema), 0o644)
	os.WriteFile(filepath.Join(dir, "access-ratio.json"), []byte(policy), 0o644)
	reg, err := registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, slogText(&logBuffer{}))
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(reg, slogText(&logBuffer{}), 4096)
	tests := []struct {
		name, facts string
		decision    access.Decision
		observed    string
		missingCode access.ReasonCode
	}{
		// 700.00 / 1000.00 = 0.7000 passes "le 0.7000"; 700.01 / 1000.00 =
		// 0.70001, rounded half away from zero to 0.7000, passes too;
		// 700.05 / 1000.00 = 0.70005 rounds up to 0.7001 and fails.
		{"at the limit", `{"total_liabilities_cny": "700.00", "total_assets_cny": "1000.00"}`, access.Accept, "", ""},
		{"rounded down to the limit", `{"total_liabilities_cny": "700.01", "total_assets_cny": "1000.00"}`, access.Accept, "", ""},
		{"rounded up over the limit", `{"total_liabilities_cny": "700.05", "total_assets_cny": "1000.00"}`, access.Reject, "0.7001", ""},
		{"zero denominator is missing", `{"total_liabilities_cny": "700.00", "total_assets_cny": "0.00"}`, access.Refer, "", "ACC_DEBT_TO_ASSET_RATIO_DENOMINATOR_ZERO"},
		{"missing input is missing", `{"total_liabilities_cny": "700.00"}`, access.Refer, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, "POST", "/v1/access/ratio/decide", "application/json", `{"facts": `+tt.facts+`}`)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got struct {
				Decision access.Decision `json:"decision"`
				Reasons  []struct {
					Observed    string            `json:"observed"`
					MissingCode access.ReasonCode `json:"missingCode"`
				} `json:"reasons"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Decision != tt.decision {
				t.Errorf("decision %v, want %v: %s", got.Decision, tt.decision, rec.Body)
			}
			if tt.decision != access.Accept && (len(got.Reasons) != 1 || got.Reasons[0].Observed != tt.observed || got.Reasons[0].MissingCode != tt.missingCode) {
				t.Errorf("reasons %+v, want observed %q, missing code %q", got.Reasons, tt.observed, tt.missingCode)
			}
		})
	}

	// A derived fact the package cannot compute is refused at load: a ratio
	// is a decimal field, and a custom formula needs Go code.
	for _, bad := range []string{
		strings.Replace(schema, `"kind": "decimal", "scale": 4`, `"kind": "int"`, 1),
		strings.Replace(schema, `"formula": "ratio",`, `"formula": "custom",`, 1),
	} {
		os.WriteFile(filepath.Join(dir, "access-ratio-schema.json"), []byte(bad), 0o644)
		if err := reg.Reload(); !errors.Is(err, access.ErrInvalidSpec) {
			t.Errorf("reload with an unsupported derived fact: %v", err)
		}
	}
}

// TestPolicyNeedsItsSchema checks that a policy whose schema is absent, or
// that names none, does not load, and that the error says why.
func TestPolicyNeedsItsSchema(t *testing.T) {
	dir := copyTestdata(t, "access-sme20.json")
	_, err := registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, slogText(&logBuffer{}))
	if err == nil || !strings.Contains(err.Error(), `no access schema "sme-facts/1"`) {
		t.Errorf("policy without its schema: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "access-sme20.json"), []byte(`{"kind": "access-policy", "id": "p", "version": "1", "rules": []}`), 0o644)
	_, err = registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, slogText(&logBuffer{}))
	if err == nil || !strings.Contains(err.Error(), "schemaVersion: required") {
		t.Errorf("policy naming no schema: %v", err)
	}
}
