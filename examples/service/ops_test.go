package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smecredit/smecredit/examples/service/registry"
)

func TestMetrics(t *testing.T) {
	s, dir, _ := newStoreServer(t)
	for range 3 {
		do(s, "POST", "/v1/rating/sme-financial/score", "application/json", rateBody)
	}
	do(s, "POST", "/v1/rating/nope/score", "application/json", rateBody)
	do(s, "GET", "/nope", "", "")
	os.WriteFile(filepath.Join(dir, "rating-bad.json"), []byte(`{`), 0o644)
	s.reg.Reload()
	rec := do(s, "GET", "/metrics", "", "")
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`smecredit_http_requests_total{method="POST",route="POST /v1/rating/{model}/score",status="200"} 3`,
		`smecredit_http_requests_total{method="POST",route="POST /v1/rating/{model}/score",status="404"} 1`,
		`smecredit_http_requests_total{method="GET",route="/",status="404"} 1`,
		`smecredit_http_request_duration_seconds_count{route="POST /v1/rating/{model}/score"} 4`,
		`smecredit_decisions_total{operation="rating.score",outcome="CC"} 3`,
		`smecredit_reloads_total 1`,
		`smecredit_reload_failures_total 1`,
		`smecredit_reload_failing 1`,
		`smecredit_documents 9`,
		`smecredit_store_record_seconds_count 3`,
		`smecredit_store_errors_total 0`,
		`smecredit_store_commit_seconds_count 3`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}

func TestRequestIDAndTraceparent(t *testing.T) {
	logs := &logBuffer{}
	s, _, _ := newTestServer(t)
	s.log = slog.New(contextHandler{slog.NewJSONHandler(logs, nil)})
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" // W3C Trace Context, section 3.2.2.1's example
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "client-req.42")
	req.Header.Set("traceparent", tp)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Header().Get("X-Request-ID") != "client-req.42" || rec.Header().Get("traceparent") != tp {
		t.Errorf("headers %v", rec.Header())
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(logs.String())), &line); err != nil {
		t.Fatalf("log %q: %v", logs, err)
	}
	if line["requestID"] != "client-req.42" || line["traceID"] != "4bf92f3577b34da6a3ce929d0e0e4736" || line["spanID"] != "00f067aa0ba902b7" || line["status"] != 200.0 {
		t.Errorf("log line %v", line)
	}

	// An unusable request id is replaced; a malformed traceparent dropped.
	req = httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "has spaces and\nnewlines")
	req.Header.Set("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if id := rec.Header().Get("X-Request-ID"); len(id) != 36 || rec.Header().Get("traceparent") != "" {
		t.Errorf("headers %v", rec.Header())
	}
	for _, bad := range []string{"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
		"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"} {
		if validTraceParent(bad) {
			t.Errorf("validTraceParent(%q)", bad)
		}
	}
}

func TestReadyz(t *testing.T) {
	s, _, _ := newStoreServer(t)
	if rec := do(s, "GET", "/readyz", "", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"status":"ready"`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
	s.draining.Store(true)
	if rec := do(s, "GET", "/readyz", "", ""); rec.Code != 503 || !strings.Contains(rec.Body.String(), "shutting down") {
		t.Errorf("draining: %d %s", rec.Code, rec.Body)
	}
	if rec := do(s, "GET", "/healthz", "", ""); rec.Code != 200 {
		t.Errorf("healthz while draining: %d", rec.Code)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"SMECREDIT_DB": "postgres://x", "SMECREDIT_ADDR": "0.0.0.0:9", "SMECREDIT_POLL": "3s", "SMECREDIT_LOG_FORMAT": "text"}
	c, err := parseConfig([]string{"-addr", "127.0.0.1:1"}, io.Discard, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.db != "postgres://x" || c.addr != "127.0.0.1:1" || c.poll != 3*time.Second || c.logFormat != "text" || c.maxBody != defaultMaxBody {
		t.Errorf("config %+v: the environment sets what the flags do not", c)
	}
	for _, bad := range []map[string]string{{"SMECREDIT_POLL": "soon"}, {"SMECREDIT_MAX_BODY": "-1"}, {"SMECREDIT_LOG_LEVEL": "loud"}, {"SMECREDIT_LOG_FORMAT": "xml"}} {
		if _, err := parseConfig(nil, io.Discard, func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestRunPolling: the service picks up a changed file without a signal, and
// /healthz reports a bad one.
func TestRunPolling(t *testing.T) {
	dir := copyTestdata(t, testdataDocs...)
	base, _, _, _ := startRun(t, "-dir", dir, "-poll", "20ms")
	data := rewrite(t, dir, "rating-sme.json", `"2026-11-test"`, `"2026-12-test"`)
	os.WriteFile(filepath.Join(dir, "rating-bad.json"), []byte(`{`), 0o644)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		var h healthBody
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if h.Failing && strings.Contains(h.LastFailure, "rating-bad.json") && h.Generation > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("health after a bad file: %+v", h)
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Post(base+"/v1/rating/sme-financial/score", "application/json", strings.NewReader(rateBody))
	if err != nil {
		t.Fatal(err)
	}
	var got rateResponse
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Model.Hash != registry.SHA256(data) {
		t.Errorf("serving %+v, want the changed file", got.Model)
	}
	resp, err = http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("readyz %d after a failed reload: the previous documents serve, so it stays ready", resp.StatusCode)
	}
}
