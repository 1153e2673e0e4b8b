package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// logBuffer is a concurrency-safe log sink the tests read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// copyTestdata copies the named testdata files into a fresh directory.
func copyTestdata(t testing.TB, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// testdataDocs are the documents every test server serves.
var testdataDocs = []string{"access-policy-v1.json", "access-policy-v2.json", "access-schema.json", "access-schema-sme.json", "access-sme20.json", "exit-cards.json", "monitor-cards.json", "rating-sme.json", "scorecard-german.json"}

// newTestServer returns a server over a temporary copy of the test documents,
// its directory and its log.
func newTestServer(t testing.TB) (*server, string, *logBuffer) {
	t.Helper()
	dir := copyTestdata(t, testdataDocs...)
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	reg, err := registry.New(os.DirFS(dir), dir, compileDocument, documentOrder, log)
	if err != nil {
		t.Fatal(err)
	}
	return newServer(reg, log, 4096), dir, logs
}

// do sends one request to h and returns the recorded response, after
// checking the exchange against openapi.json (see contract_test.go).
func do(h http.Handler, method, target, contentType, body string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	api.record(method, req.URL.Path, []byte(body), rec.Code, rec.Header(), rec.Body.Bytes())
	return rec
}

// problemCase is a request that must fail with a problem response of the given
// status and code, naming the given JSON Pointers (nil: none).
type problemCase struct {
	name, target, body string
	status             int
	code               problem.Code
	pointers           []string
}

// checkProblems posts each case's body to its target and checks the problem
// response's status, code and pointers.
func checkProblems(t *testing.T, h http.Handler, tests []problemCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(h, "POST", tt.target, "application/json", tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			p := problemOf(t, rec)
			if p.Code != tt.code {
				t.Errorf("code %q, want %q (%s)", p.Code, tt.code, p.Detail)
			}
			var ptrs []string
			for _, e := range p.Errors {
				ptrs = append(ptrs, e.Pointer)
			}
			if diff := cmp.Diff(tt.pointers, ptrs); diff != "" {
				t.Errorf("pointers (-want +got):\n%s (%s)", diff, p.Detail)
			}
		})
	}
}

// problemOf decodes a problem response, failing the test when the response
// is not application/problem+json with a code.
func problemOf(t *testing.T, rec *httptest.ResponseRecorder) problem.Problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, rec.Body)
	}
	var p problem.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", rec.Body, err)
	}
	if p.Status != rec.Code || p.Code == "" || p.Type != problem.TypeBase+string(p.Code) || p.Title == "" {
		t.Fatalf("inconsistent problem %+v for status %d", p, rec.Code)
	}
	return p
}

func TestHealthAndDocuments(t *testing.T) {
	s, _, _ := newTestServer(t)

	rec := do(s, "GET", "/healthz", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /healthz = %d %s", rec.Code, rec.Body)
	}
	var health struct {
		Status    string `json:"status"`
		Documents int    `json:"documents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &health); err != nil {
		t.Fatal(err)
	}
	if health.Status != "ok" || health.Documents != len(testdataDocs) {
		t.Errorf("health = %+v, want ok with %d documents", health, len(testdataDocs))
	}

	if rec := do(s, "HEAD", "/healthz", "", ""); rec.Code != http.StatusOK {
		t.Errorf("HEAD /healthz = %d", rec.Code)
	}

	rec = do(s, "GET", "/v1/documents", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /v1/documents = %d %s", rec.Code, rec.Body)
	}
	var list struct {
		Documents []registry.Document `json:"documents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Documents) != len(testdataDocs) {
		t.Fatalf("listed %d documents, want %d: %s", len(list.Documents), len(testdataDocs), rec.Body)
	}
	for _, d := range list.Documents {
		data, err := os.ReadFile(filepath.Join("testdata", d.File))
		if err != nil {
			t.Fatal(err)
		}
		if want := registry.SHA256(data); d.FileHash != want {
			t.Errorf("%s: file hash %s, want %s", d.File, d.FileHash, want)
		}
		// Access documents carry the access package's own content hash,
		// which is also what its decisions cite; the others the file's.
		want := d.FileHash
		if loaded, _ := s.reg.Current().Find(d.Kind, d.ID, d.Version, time.Now()); loaded == nil {
			t.Errorf("%s %s listed but not served", d.Kind, d.ID)
		} else if h, ok := loaded.Compiled.(interface{ Hash() string }); ok {
			want = h.Hash()
		}
		if d.Hash != want {
			t.Errorf("%s: hash %s, want %s", d.File, d.Hash, want)
		}
		// Scorecard files carry no model version; their hash identifies them.
		if d.ID == "" || (d.Version == "" && d.Kind != registry.KindScorecard) || d.Kind == "" {
			t.Errorf("%s: incomplete identity %+v", d.File, d)
		}
	}
}

func TestRouting(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []struct {
		name, method, target string
		status               int
		code                 problem.Code
		allow                string
	}{
		{"unknown path", "GET", "/nope", 404, problem.CodeNotFound, ""},
		{"root", "GET", "/", 404, problem.CodeNotFound, ""},
		{"GET on a POST endpoint", "GET", "/v1/rating/sme-financial/score", 405, problem.CodeMethodNotAllowed, "POST"},
		{"POST on a GET endpoint", "POST", "/healthz", 405, problem.CodeMethodNotAllowed, "GET, HEAD"},
		{"DELETE documents", "DELETE", "/v1/documents", 405, problem.CodeMethodNotAllowed, "GET, HEAD"},
		{"unknown model", "POST", "/v1/rating/nope/score", 404, problem.CodeUnknownModel, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, tt.method, tt.target, "application/json", `{}`)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if p := problemOf(t, rec); p.Code != tt.code {
				t.Errorf("code %q, want %q", p.Code, tt.code)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

// TestStrictDecoding sends malformed bodies to a decision endpoint.
func TestStrictDecoding(t *testing.T) {
	s, _, _ := newTestServer(t)
	const target = "/v1/rating/sme-financial/score"
	tests := []struct {
		name, contentType, body string
		status                  int
		code                    problem.Code
		pointer                 string
	}{
		{"empty body", "application/json", "", 400, problem.CodeEmptyBody, ""},
		{"malformed", "application/json", `{"values": {`, 400, problem.CodeMalformedJSON, ""},
		{"syntax error", "application/json", `{"values" 1}`, 400, problem.CodeMalformedJSON, ""},
		{"not JSON at all", "application/json", `values=1`, 400, problem.CodeMalformedJSON, ""},
		{"unknown field", "application/json", `{"values": {}, "extra": 1}`, 400, problem.CodeUnknownField, ""},
		{"trailing object", "application/json", `{"values": {}} {"values": {}}`, 400, problem.CodeTrailingData, ""},
		{"trailing garbage", "application/json", `{"values": {}} x`, 400, problem.CodeTrailingData, ""},
		{"wrong type of member", "application/json", `{"values": []}`, 400, problem.CodeWrongType, "/values"},
		{"wrong type of value", "application/json", `{"values": {"current_ratio": "1.5"}}`, 400, problem.CodeWrongType, "/values"},         // encoding/json names the map, not its key,
		{"number out of float64 range", "application/json", `{"values": {"current_ratio": 1e400}}`, 400, problem.CodeWrongType, "/values"}, // encoding/json names the map, not its key,
		{"array body", "application/json", `[]`, 400, problem.CodeWrongType, ""},
		{"form media type", "application/x-www-form-urlencoded", `{"values": {}}`, 415, problem.CodeUnsupportedMedia, ""},
		{"bad media type", "text/plain; charset", `{"values": {}}`, 415, problem.CodeUnsupportedMedia, ""},
		{"oversized", "application/json", `{"values": {"x": ` + strings.Repeat(" ", 5000) + `1}}`, 413, problem.CodeBodyTooLarge, ""},
		{"oversized trailer", "application/json", `{"values": {}}` + strings.Repeat(" ", 5000), 413, problem.CodeBodyTooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, "POST", target, tt.contentType, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			p := problemOf(t, rec)
			if p.Code != tt.code {
				t.Errorf("code %q, want %q (%s)", p.Code, tt.code, p.Detail)
			}
			if tt.pointer != "" && (len(p.Errors) != 1 || p.Errors[0].Pointer != tt.pointer) {
				t.Errorf("errors %+v, want one at %s", p.Errors, tt.pointer)
			}
		})
	}
}

// TestPanicRecovery shows that a panicking handler yields a 500 problem and
// a log line, not a dropped connection.
func TestPanicRecovery(t *testing.T) {
	s, _, logs := newTestServer(t)
	s.mux.HandleFunc("GET /test/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	rec := do(s, "GET", "/test/panic", "", "")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	if n := s.panics.Load(); n != 1 {
		t.Errorf("%d panics counted, want 1", n)
	}
	if p := problemOf(t, rec); p.Code != problem.CodeInternal {
		t.Errorf("code %q, want %q", p.Code, problem.CodeInternal)
	}
	if l := logs.String(); !strings.Contains(l, "panic in handler") || !strings.Contains(l, "boom") {
		t.Errorf("log lacks the panic:\n%s", l)
	}
	// The server keeps serving.
	if rec := do(s, "GET", "/healthz", "", ""); rec.Code != http.StatusOK {
		t.Errorf("after a panic GET /healthz = %d", rec.Code)
	}
}

func slogText(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"EAD": "ead", "DPD": "dpd", "Collateral": "collateral", "ECLCoverage": "eclCoverage",
		"NPLElsewhere": "nplElsewhere", "PD": "pd", "": "", "x": "x"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBodyReadFailures: a body that does not arrive within the read timeout is a 408 problem
// that does not echo the socket addresses (issue 18), and oversized headers are a 431 problem
// document rather than net/http's plain-text reply.
func TestBodyReadFailures(t *testing.T) {
	s, _, _ := newTestServer(t)
	t.Run("header too large", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.Header.Set("X-Padding", strings.Repeat("a", maxHeaderBytes))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestHeaderFieldsTooLarge || problemOf(t, rec).Code != problem.CodeHeaderTooLarge {
			t.Errorf("status %d: %s", rec.Code, rec.Body)
		}
	})
	t.Run("slow body", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Skipf("no loopback listener: %v", err)
		}
		srv := newHTTPServer(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		srv.ReadTimeout = 300 * time.Millisecond
		go srv.Serve(ln)
		defer srv.Close()
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /v1/access/polish-sme-access/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"facts\":")
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), string(problem.CodeRequestTimeout)) {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		if strings.Contains(string(body), "127.0.0.1") {
			t.Errorf("problem echoes a socket address: %s", body)
		}
	})
}
