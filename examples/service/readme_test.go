package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// TestReadmeHashes checks every document hash the repository's README prints
// in a sample answer ("id":"…","version":"…","hash":"sha256:<prefix>…")
// against the hash the service computes for that embedded document, so that
// the samples stay true when a document changes.
func TestReadmeHashes(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(embeddedSpecs, "specs")
	if err != nil {
		t.Fatal(err)
	}
	log := slogText(&logBuffer{})
	reg, err := registry.New(sub, "embedded", compileDocument, documentOrder, log)
	if err != nil {
		t.Fatal(err)
	}
	rec := do(newServer(reg, log, defaultMaxBody), "GET", "/v1/documents", "", "")
	var list struct {
		Documents []struct{ ID, Version, Hash, FileHash, File string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{} // "id version" and "file" → hash
	for _, d := range list.Documents {
		hashes[d.ID+" "+d.Version] = d.Hash
		hashes["file "+d.File] = d.FileHash
	}
	docRef := regexp.MustCompile(`"id":"([^"]+)","version":"([^"]+)","hash":"(sha256:[0-9a-f]+)…"(?:,"fileHash":"(sha256:[0-9a-f]+)…","file":"([^"]+)")?`)
	found := 0
	for _, m := range docRef.FindAllStringSubmatch(string(readme), -1) {
		found++
		if h := hashes[m[1]+" "+m[2]]; !strings.HasPrefix(h, m[3]) {
			t.Errorf("README: %s %s has hash %s…, the service computes %s", m[1], m[2], m[3], h)
		}
		if m[5] != "" {
			if h := hashes["file "+m[5]]; !strings.HasPrefix(h, m[4]) {
				t.Errorf("README: file %s has hash %s…, the service computes %s", m[5], m[4], h)
			}
		}
	}
	if found < 5 {
		t.Errorf("found %d document references in README.md, want the sample answers' (at least 5)", found)
	}
}
