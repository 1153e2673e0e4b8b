package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/examples/service/audit"
	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// newStoreServer returns a test server over a copy of the test documents
// that records its decisions in an SQLite store in a temporary directory,
// and the store's file.
func newStoreServer(t testing.TB) (*server, string, string) {
	t.Helper()
	s, dir, _ := newTestServer(t)
	db := filepath.Join(t.TempDir(), "audit.db")
	st, err := audit.Open(context.Background(), db, audit.Options{Commit: s.metrics.commit})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s.store = st
	return s, dir, db
}

// auditCases are one request to every decision endpoint, with the README's
// bodies (testdata/requests).
var auditCases = []struct{ file, target string }{
	{"decide.json", "/v1/access/polish-sme-access/decide?version=2026.1&lang=en"},
	{"decide.json", "/v1/access/polish-sme-access/decide?version=2026.2"},
	{"rate.json", "/v1/rating/sme-financial/score"},
	{"classify.json", "/v1/monitor/portfolio-card-accounts/classify"},
	{"choose.json", "/v1/exit/card-npl-workout/choose"},
	{"score.json", "/v1/scorecard/german/score"},
}

// rateBody is a rating request for the test documents' model.
const rateBody = `{"values": {"liabilities_to_assets": 0.5, "current_ratio": 1.4}}`

// readRequest returns the body of testdata/requests/name, or rateBody for
// "rate.json" (whose own body is for the embedded model).
func readRequest(t testing.TB, name string) string {
	t.Helper()
	if name == "rate.json" {
		return rateBody
	}
	b, err := os.ReadFile(filepath.Join("testdata", "requests", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replayOf posts to /v1/decisions/{id}/replay and decodes the answer.
func replayOf(t testing.TB, h http.Handler, id string) replayResponse {
	t.Helper()
	rec := do(h, "POST", "/v1/decisions/"+id+"/replay", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("replay %s: status %d: %s", id, rec.Code, rec.Body)
	}
	var rr replayResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &rr); err != nil {
		t.Fatal(err)
	}
	return rr
}

// TestAuditRecordsAndReplays sends one request to every decision endpoint
// and checks that each answer has exactly its audit record, holding the
// exact request and response bodies and the document the answer cites, and
// that the record replays to the same response.
func TestAuditRecordsAndReplays(t *testing.T) {
	s, _, dbPath := newStoreServer(t)
	var ids []string
	for _, tt := range auditCases {
		t.Run(tt.target, func(t *testing.T) {
			body := readRequest(t, tt.file)
			rec := do(s, "POST", tt.target, "application/json", body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			id := rec.Header().Get("Decision-ID")
			if id == "" || rec.Header().Get("Location") != "/v1/decisions/"+id {
				t.Fatalf("no Decision-ID/Location: %v", rec.Header())
			}
			ids = append(ids, id)
			var cited struct {
				Policy, Model, Scorecard, SignalSet, OptionSet *registry.Ref
			}
			json.Unmarshal(rec.Body.Bytes(), &cited)
			ref := cited.Policy
			for _, r := range []*registry.Ref{cited.Model, cited.Scorecard, cited.SignalSet, cited.OptionSet} {
				if r != nil {
					ref = r
				}
			}

			got := do(s, "GET", "/v1/decisions/"+id, "", "")
			if got.Code != http.StatusOK {
				t.Fatalf("GET decision: %d %s", got.Code, got.Body)
			}
			var view struct {
				ID        string          `json:"id"`
				RequestID string          `json:"requestID"`
				Query     string          `json:"query"`
				Input     json.RawMessage `json:"input"`
				Output    json.RawMessage `json:"output"`
				Document  audit.Document  `json:"document"`
			}
			if err := json.Unmarshal(got.Body.Bytes(), &view); err != nil {
				t.Fatal(err)
			}
			if view.ID != id || view.RequestID != rec.Header().Get("X-Request-ID") || view.RequestID == "" {
				t.Errorf("record id %q request %q, want %q and the response's X-Request-ID %q", view.ID, view.RequestID, id, rec.Header().Get("X-Request-ID"))
			}
			if !strings.HasPrefix(tt.target, "/v1/") || !strings.Contains(tt.target, "?"+view.Query) && view.Query != "" {
				t.Errorf("query %q not the request's %s", view.Query, tt.target)
			}
			if !sameJSON(t, view.Input, []byte(body)) {
				t.Errorf("input %s, want the body sent %s", view.Input, body)
			}
			if !sameJSON(t, view.Output, rec.Body.Bytes()) {
				t.Errorf("output %s, want the response %s", view.Output, rec.Body)
			}
			stored, err := s.store.Get(context.Background(), id)
			if err != nil || string(stored.Input) != body || !bytes.Equal(stored.Output, rec.Body.Bytes()) {
				t.Errorf("stored bytes differ from those exchanged (%v)", err)
			}
			if ref == nil || view.Document.Hash != ref.Hash || view.Document.ID != ref.ID || view.Document.Version != ref.Version {
				t.Errorf("record cites %+v, the answer %+v", view.Document, ref)
			}

			rr := replayOf(t, s, id)
			if !rr.Same || len(rr.Diffs) != 0 {
				t.Errorf("replay differs: %+v", rr.Diffs)
			}
		})
	}

	// Exactly one record per answer, and documents stored by hash.
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM decisions`).Scan(&n); err != nil || n != len(auditCases) {
		t.Errorf("%d records (%v), want %d", n, err, len(auditCases))
	}
	rows, err := db.Query(`SELECT file_hash, content FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	docs := 0
	for rows.Next() {
		var h string
		var content []byte
		if err := rows.Scan(&h, &content); err != nil {
			t.Fatal(err)
		}
		if registry.SHA256(content) != h {
			t.Errorf("document %s stored with content hashing to %s", h, registry.SHA256(content))
		}
		docs++
	}
	// Two policy versions and their schema, a rating model, signal set, option set, scorecard.
	if docs != 7 {
		t.Errorf("%d documents stored, want 7", docs)
	}
}

// TestReplayAfterReload decides under a rating model, changes the model's
// file and reloads, and replays the old decision: it runs under the stored
// old document and gives the same answer, while the same request now gets a
// different one.
func TestReplayAfterReload(t *testing.T) {
	s, dir, _ := newStoreServer(t)
	body := readRequest(t, "rate.json")
	first := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", body)
	if first.Code != http.StatusOK {
		t.Fatalf("%d %s", first.Code, first.Body)
	}
	rewrite(t, dir, "rating-sme.json", `"2026-11-test"`, `"2026-12-test"`)
	if err := s.reg.Reload(); err != nil {
		t.Fatal(err)
	}
	second := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", body)
	if second.Code != http.StatusOK || bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) {
		t.Fatalf("after the reload: %d %s (before: %s)", second.Code, second.Body, first.Body)
	}
	rr := replayOf(t, s, first.Header().Get("Decision-ID"))
	if !rr.Same || !strings.Contains(string(rr.Replayed), `"2026-11-test"`) {
		t.Errorf("replay of the old decision: same %v, replayed %s", rr.Same, rr.Replayed)
	}
}

// TestReplayReportsDifference alters a stored answer and expects the replay
// to name the altered member.
func TestReplayReportsDifference(t *testing.T) {
	s, _, dbPath := newStoreServer(t)
	rec := do(s, "POST", "/v1/access/polish-sme-access/decide?version=2026.1", "application/json", readRequest(t, "decide.json"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"decision":"accept"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	id := rec.Header().Get("Decision-ID")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	altered := bytes.Replace(rec.Body.Bytes(), []byte(`"decision":"accept"`), []byte(`"decision":"reject"`), 1)
	if _, err := db.Exec(`UPDATE decisions SET output = ? WHERE id = ?`, altered, id); err != nil {
		t.Fatal(err)
	}
	rr := replayOf(t, s, id)
	if rr.Same || len(rr.Diffs) != 1 || rr.Diffs[0].Pointer != "/decision" || rr.Diffs[0].Original != "reject" || rr.Diffs[0].Replayed != "accept" {
		t.Errorf("replay of an altered record: same %v, differences %+v", rr.Same, rr.Diffs)
	}
}

// TestDecisionProblems: unknown decisions, no store, and a store that fails.
func TestDecisionProblems(t *testing.T) {
	plain, _, _ := newTestServer(t)
	if rec := do(plain, "GET", "/v1/decisions/x", "", ""); rec.Code != 404 || problemOf(t, rec).Code != problem.CodeUnknownDecision {
		t.Errorf("without a store: %d %s", rec.Code, rec.Body)
	}
	if rec := do(plain, "POST", "/v1/rating/sme-financial/score", "application/json", readRequest(t, "rate.json")); rec.Code != 200 || rec.Header().Get("Decision-ID") != "" {
		t.Errorf("without a store a decision is answered without an id: %d %v", rec.Code, rec.Header())
	}

	s, _, _ := newStoreServer(t)
	for _, target := range []string{"/v1/decisions/nope", "/v1/decisions/nope/replay"} {
		method := "GET"
		if strings.HasSuffix(target, "replay") {
			method = "POST"
		}
		if rec := do(s, method, target, "", ""); rec.Code != 404 || problemOf(t, rec).Code != problem.CodeUnknownDecision {
			t.Errorf("%s %s: %d %s", method, target, rec.Code, rec.Body)
		}
	}
	s.store.Close()
	rec := do(s, "POST", "/v1/rating/sme-financial/score", "application/json", readRequest(t, "rate.json"))
	if rec.Code != http.StatusServiceUnavailable || problemOf(t, rec).Code != problem.CodeStoreUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("with a closed store: %d %s", rec.Code, rec.Body)
	}
	if rec := do(s, "GET", "/readyz", "", ""); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz with a closed store: %d %s", rec.Code, rec.Body)
	}
}

// sameJSON reports whether a and b hold equal JSON values.
func sameJSON(t testing.TB, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func TestDiffJSON(t *testing.T) {
	tests := []struct {
		a, b string
		want []string
	}{
		{`{"a":1,"b":[1,2]}`, `{"a":1,"b":[1,2]}`, nil},
		{`{"a":1,"b":[1,2]}`, `{"b":[1,3],"a":1}`, []string{"/b/1"}},
		{`{"a":1}`, `{"a":1,"c/d":true}`, []string{"/c~1d"}},
		{`{"a":[1]}`, `{"a":[1,2]}`, []string{"/a"}},
		{`{"a":{"x":1}}`, `{"a":"x"}`, []string{"/a"}},
		{`not json`, `{}`, []string{""}},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range diffJSON([]byte(tt.a), []byte(tt.b)) {
			got = append(got, d.Pointer)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("diffJSON(%s, %s) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestTwoInstancesOneStore runs two servers, each with its own registry over
// the same documents, on one PostgreSQL store, as behind a load balancer:
// a decision answered by one is fetched and replayed by the other.
func TestTwoInstancesOneStore(t *testing.T) {
	dsn := os.Getenv("SMECREDIT_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SMECREDIT_TEST_POSTGRES is not set: two instances need a shared PostgreSQL store")
	}
	dir := copyTestdata(t, testdataDocs...)
	var servers [2]*server
	for i := range servers {
		reg, err := registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, slogText(io.Discard))
		if err != nil {
			t.Fatal(err)
		}
		s := newServer(reg, slogText(io.Discard), defaultMaxBody)
		st, err := audit.Open(context.Background(), dsn, audit.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		s.store = st
		servers[i] = s
	}
	for i, c := range auditCases {
		a, b := servers[i%2], servers[1-i%2]
		rec := do(a, "POST", c.target, "application/json", readRequest(t, c.file))
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", c.target, rec.Code, rec.Body)
		}
		id := rec.Header().Get("Decision-ID")
		if got := do(b, "GET", "/v1/decisions/"+id, "", ""); got.Code != 200 {
			t.Errorf("the other instance cannot fetch %s: %d %s", id, got.Code, got.Body)
		}
		if rr := replayOf(t, b, id); !rr.Same {
			t.Errorf("the other instance replays %s differently: %+v", id, rr.Diffs)
		}
	}
}
