package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// TestVersions decides under the portfolio's two access policy versions,
// 2026.1 (effective 2026-01-01) and 2026.2 (effective 2026-07-01), by name
// and by effective date.
func TestVersions(t *testing.T) {
	s, _, _ := newTestServer(t)
	body, err := os.ReadFile(filepath.Join("testdata", "requests", "decide.json"))
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name, query string
		now         time.Time
		status      int
		version     string
		decision    string
		code        problem.Code
	}{
		// The firm's current ratio 1.0205 passes v1's "ge 1.0" and fails v2's "ge 1.2" (refer).
		{"in force now", "", day("2026-11-29"), 200, "2026.2", "refer", ""},
		{"in force in March", "", day("2026-03-01"), 200, "2026.1", "accept", ""},
		{"on v2's first day", "", day("2026-07-01"), 200, "2026.2", "refer", ""},
		{"before any", "", day("2025-12-31"), 400, "", "", problem.CodeVersionRequired},
		{"named v1", "?version=2026.1", day("2026-11-29"), 200, "2026.1", "accept", ""},
		{"named v2 before it is in force", "?version=2026.2", day("2026-03-01"), 200, "2026.2", "refer", ""},
		{"unknown version", "?version=2027.1", day("2026-11-29"), 404, "", "", problem.CodeUnknownPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.now = func() time.Time { return tt.now }
			rec := do(s, "POST", "/v1/access/polish-sme-access/decide"+tt.query, "application/json", string(body))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.code != "" {
				if p := problemOf(t, rec); p.Code != tt.code {
					t.Errorf("code %q, want %q", p.Code, tt.code)
				}
				return
			}
			var got struct {
				Policy   registry.Ref `json:"policy"`
				Decision string       `json:"decision"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Policy.Version != tt.version || got.Decision != tt.decision {
				t.Errorf("decided %v under version %q, want %s under %q", got.Decision, got.Policy.Version, tt.decision, tt.version)
			}
		})
	}
	// Both versions are listed.
	rec := do(s, "GET", "/v1/documents", "", "")
	var list struct {
		Documents []registry.Document `json:"documents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	var vs []string
	for _, d := range list.Documents {
		if d.Kind == registry.KindAccess && d.ID == "polish-sme-access" {
			vs = append(vs, d.Version)
		}
	}
	if len(vs) != 2 || vs[0] != "2026.1" || vs[1] != "2026.2" {
		t.Errorf("listed versions %v, want [2026.1 2026.2]", vs)
	}
}
