package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/smecredit/smecredit/rating"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

func TestRate(t *testing.T) {
	s, _, _ := newTestServer(t)
	doc, ok := s.reg.Lookup(registry.KindRating, "sme-financial")
	if !ok {
		t.Fatal("test model not loaded")
	}
	m := doc.Compiled.(*rating.Model)
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name   string
		values map[rating.IndicatorID]*float64
	}{
		{"all present", map[rating.IndicatorID]*float64{"net_profit_to_assets": f(0.05), "liabilities_to_assets": f(0.6), "current_ratio": f(1.5)}},
		{"absent indicator scored neutral", map[rating.IndicatorID]*float64{"net_profit_to_assets": f(0.05), "liabilities_to_assets": f(0.6)}},
		{"null is missing, scored worst", map[rating.IndicatorID]*float64{"net_profit_to_assets": nil, "liabilities_to_assets": f(0.2), "current_ratio": f(3)}},
		{"extreme values clamp", map[rating.IndicatorID]*float64{"net_profit_to_assets": f(-1e300), "liabilities_to_assets": f(1e300), "current_ratio": f(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := json.Marshal(rateRequest{Values: tt.values})
			if err != nil {
				t.Fatal(err)
			}
			rec := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", string(body))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got rateResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			// The service must answer exactly what the library answers.
			res, err := rateWith(m, tt.values)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := m.Explain(res)
			if err != nil {
				t.Fatal(err)
			}
			pd := res.PD
			want := rateResponse{Model: doc.Ref(), Score: res.Score, Grade: int(res.Grade),
				GradeName: m.Scale().Name(res.Grade), PD: &pd, Imputed: res.Imputed}
			for _, c := range cs {
				want.Contributions = append(want.Contributions, contribution(c))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if got.Model.Hash == "" || got.Model.Version != "2026-11-test" {
				t.Errorf("response does not cite the model: %+v", got.Model)
			}
		})
	}
}

func TestRateErrors(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []struct {
		name, body string
		code       problem.Code
		pointers   []string
	}{
		{"missing value under policy error", `{"values": {"net_profit_to_assets": 0.1}}`, problem.CodeMissingFact, []string{"/values/liabilities_to_assets"}},
		{"null under policy error", `{"values": {"liabilities_to_assets": null}}`, problem.CodeMissingFact, []string{"/values/liabilities_to_assets"}},
		{"no values at all", `{}`, problem.CodeMissingFact, []string{"/values/liabilities_to_assets"}},
		{"null body", `null`, problem.CodeMissingFact, []string{"/values/liabilities_to_assets"}},
		{"unknown indicators", `{"values": {"liabilities_to_assets": 0.5, "ebitda": 1, "age": 2}}`, problem.CodeInvalidFact, []string{"/values/age", "/values/ebitda"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", tt.body)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %s", rec.Code, rec.Body)
			}
			p := problemOf(t, rec)
			if p.Code != tt.code {
				t.Errorf("code %q, want %q", p.Code, tt.code)
			}
			var ptrs []string
			for _, e := range p.Errors {
				ptrs = append(ptrs, e.Pointer)
			}
			if diff := cmp.Diff(tt.pointers, ptrs); diff != "" {
				t.Errorf("pointers (-want +got):\n%s", diff)
			}
		})
	}
}
