package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/smecredit/smecredit/examples/service/registry"
)

// TestReadmeRequests sends the README's curl examples (the bodies in
// testdata/requests) to the embedded documents, the ones
// `go run ./examples/service` serves, so the examples stay true.
func TestReadmeRequests(t *testing.T) {
	sub, err := fs.Sub(embeddedSpecs, "specs")
	if err != nil {
		t.Fatal(err)
	}
	log := slogText(&logBuffer{})
	reg, err := registry.New(sub, "embedded", compileDocument, documentOrder, log)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(reg, log, defaultMaxBody)
	tests := []struct {
		file, target string
		check        func(t *testing.T, body map[string]any)
	}{
		// The first firm of the Polish year-5 file: current ratio 1.0205.
		{"decide.json", "/v1/access/polish-sme-access/decide?version=2026.1", func(t *testing.T, b map[string]any) {
			if b["decision"] != "accept" { // v1 wants a current ratio ≥ 1.0
				t.Errorf("decision %v, want accept", b["decision"])
			}
		}},
		{"decide.json", "/v1/access/polish-sme-access/decide?version=2026.2", func(t *testing.T, b map[string]any) {
			if b["decision"] != "refer" { // v2 wants a current ratio ≥ 1.2
				t.Errorf("decision %v, want refer", b["decision"])
			}
		}},
		{"rate.json", "/v1/rating/polish-sme-ratios/score", func(t *testing.T, b map[string]any) {
			if b["gradeName"] == nil || b["pd"] == nil {
				t.Errorf("no grade or PD: %v", b)
			}
		}},
		{"classify.json", "/v1/monitor/portfolio-card-accounts/classify", func(t *testing.T, b map[string]any) {
			// Measures (2023) Ch. II: credit-impaired with ECL coverage ≥ 50 % is doubtful.
			if b["category"] != "doubtful" || b["finalLevel"] != "red" {
				t.Errorf("category %v, final level %v; want doubtful, red", b["category"], b["finalLevel"])
			}
		}},
		{"choose.json", "/v1/exit/card-npl-workout/choose", func(t *testing.T, b map[string]any) {
			if b["chosen"] == nil {
				t.Errorf("no option chosen: %v", b)
			}
		}},
		{"score.json", "/v1/scorecard/german/score", func(t *testing.T, b map[string]any) {
			if b["score"] != 284.0 { // the rating/scorecard package's Example
				t.Errorf("score %v, want 284", b["score"])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.target, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "requests", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rec := do(s, "POST", tt.target, "application/json", string(body))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var b map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
				t.Fatal(err)
			}
			tt.check(t, b)
		})
	}
}
