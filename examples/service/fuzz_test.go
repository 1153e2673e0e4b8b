package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/examples/service/problem"
)

// fuzzTargets are the endpoints FuzzHandlers sends bodies to.
var fuzzTargets = []string{
	decidePath,
	"/v1/rating/sme-financial/score",
	classifyPath,
	choosePath,
	scorecardPath,
}

// FuzzHandlers feeds arbitrary bodies to every decision endpoint through the
// whole middleware chain. No input may make a handler panic (the recovery
// middleware would turn it into a 500 and a log line, which fails the test),
// and every answer is either a 200 with a JSON body or a problem details
// object with a stable code.
func FuzzHandlers(f *testing.F) {
	good, err := os.ReadFile(filepath.Join("testdata", "requests", "applicant-good.json"))
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		`{"facts": ` + string(good) + `}`,
		`{"facts": ` + string(good) + `, "explain": true}`,
		`{"facts": {"operating_months": 12, "debt_to_asset_ratio": "0.8"}}`,
		`{"facts": {"operating_months": 1e400, "employees": -99999999999999999999, "license_expiry": "2031-02-30"}}`,
		`{"facts": {"industry_code": "\ud800", "on_blacklist": "true", "tax_credit_grade": 1}}`,
		`{"facts": null}`, `{"facts": []}`, `{"facts": "x"}`,
		`{"values": {"net_profit_to_assets": 0.05, "liabilities_to_assets": 0.6, "current_ratio": 1.5}}`,
		`{"values": {"liabilities_to_assets": -1e308, "current_ratio": null}}`,
		`{"values": {"x": 1}}`, `{"values": null}`, `{"values": 1}`,
		`{"asOf": "2005-09-30", "loan": "acct-1", "observations": ` + cardHistoryJSON + `, "facts": {"expert": "loss", "eclCoverage": 0.5}}`,
		`{"asOf": "2005-09-30", "observations": [{"date": "2005-09-30", "dpd": 1e9, "pd": 2, "outstanding": "-1", "events": ["lawsuit"]}]}`,
		`{"asOf": "2026-11-29", "loan": {"ead": "120000", "defaulted": true, "pd": 1, "collateral": "80000", "collateralEnforceable": true}}`,
		`{"asOf": "2026-11-29", "loan": {"ead": "1e30", "contractRate": -1, "remainingYears": 1e308, "lastRestructured": "2026-11-30"}}`,
		`{"values": {"duration_in_month": 48, "age_in_years": 22, "status_of_existing_checking_account": "... < 0 DM"}}`,
		`{"values": {"duration_in_month": 1e308, "age_in_years": -0, "status_of_existing_checking_account": "\u0000"}}`,
		``, `null`, `[]`, `{`, `{}}`, `{"a":1}`, "\x00", `{"facts": {}} {}`,
	}
	for i := range fuzzTargets {
		for _, s := range seeds {
			f.Add(uint8(i), s)
		}
	}
	s, _, _ := newTestServer(f)
	s.log = slogText(io.Discard) // a growing access log would slow the fuzzer down
	f.Fuzz(func(t *testing.T, target uint8, body string) {
		path := fuzzTargets[int(target)%len(fuzzTargets)]
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code == http.StatusInternalServerError || s.panics.Load() != 0 {
			t.Fatalf("POST %s %q: status %d: %s", path, body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("POST %s %q: invalid JSON response %q", path, body, rec.Body)
		}
		if rec.Code != http.StatusOK {
			var p problem.Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Code == "" || p.Status != rec.Code ||
				rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("POST %s %q: status %d without a problem: %s", path, body, rec.Code, rec.Body)
			}
		}
	})
}
