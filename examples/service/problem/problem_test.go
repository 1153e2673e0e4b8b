package problem_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/examples/service/problem"
)

// decodeCase posts body with content type ct to a handler that decodes it
// into a struct with one int member "n".
func decodeCase(ct, body string, limit int64) *problem.Problem {
	r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
	if ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
	var dst struct {
		N int `json:"n"`
	}
	return problem.Decode(r, &dst)
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, ct, body string
		status         int
		code           problem.Code
		pointer        string
	}{
		{"good", "application/json", `{"n": 1}`, 0, "", ""},
		{"no content type", "", `{"n": 1}`, 0, "", ""},
		{"+json", "application/merge-patch+json", `{"n": 1}`, 0, "", ""},
		{"empty", "application/json", ``, 400, problem.CodeEmptyBody, ""},
		{"truncated", "application/json", `{"n": `, 400, problem.CodeMalformedJSON, ""},
		{"unknown member", "application/json", `{"m": 1}`, 400, problem.CodeUnknownField, ""},
		{"wrong type", "application/json", `{"n": "1"}`, 400, problem.CodeWrongType, "/n"},
		{"trailing", "application/json", `{"n": 1} 2`, 400, problem.CodeTrailingData, ""},
		{"media type", "text/plain", `{"n": 1}`, 415, problem.CodeUnsupportedMedia, ""},
		{"too large", "application/json", `{"n": 1}` + strings.Repeat(" ", 100), 413, problem.CodeBodyTooLarge, ""},
	}
	for _, tt := range tests {
		p := decodeCase(tt.ct, tt.body, 64)
		switch {
		case tt.status == 0 && p != nil:
			t.Errorf("%s: %+v", tt.name, p)
		case tt.status != 0 && (p == nil || p.Status != tt.status || p.Code != tt.code):
			t.Errorf("%s: %+v, want %d %s", tt.name, p, tt.status, tt.code)
		case tt.pointer != "" && (len(p.Errors) != 1 || p.Errors[0].Pointer != tt.pointer):
			t.Errorf("%s: errors %+v, want one at %s", tt.name, p.Errors, tt.pointer)
		}
	}
}

// TestDecodeWrongTypeWords: a value of the wrong JSON type is described in
// JSON's words (object, array, number, …), never by the Go type it was to be
// decoded into ("main.decideRequest", "float64").
func TestDecodeWrongTypeWords(t *testing.T) {
	for _, c := range []struct{ body, detail, member string }{
		{`[1]`, "the body: a JSON array cannot be an object", "expected an object, got array"},
		{`{"n": "1"}`, "/n: a JSON string cannot be a number", "expected a number, got string"},
		{`{"n": {}}`, "/n: a JSON object cannot be a number", "expected a number, got object"},
	} {
		p := decodeCase("application/json", c.body, 64)
		if p == nil || p.Code != problem.CodeWrongType || len(p.Errors) != 1 {
			t.Fatalf("%s: %+v", c.body, p)
		}
		if p.Detail != c.detail || p.Errors[0].Detail != c.member {
			t.Errorf("%s: detail %q, member detail %q; want %q, %q", c.body, p.Detail, p.Errors[0].Detail, c.detail, c.member)
		}
	}
}

// TestWrite checks the RFC 9457 members and media type (RFC 9457 section 3).
func TestWrite(t *testing.T) {
	rec := httptest.NewRecorder()
	problem.Write(rec, httptest.NewRequest("GET", "/v1/x", nil), problem.New(404, problem.CodeNotFound, "no such thing"))
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"type": "urn:smecredit:problem:not-found", "title": "Not Found", "status": 404.0, "detail": "no such thing", "instance": "/v1/x", "code": "not-found"}
	if fmt.Sprint(got) != fmt.Sprint(want) || rec.Code != 404 || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("%d %s %v", rec.Code, rec.Header().Get("Content-Type"), got)
	}
}

// TestPointer checks JSON Pointer escaping against RFC 6901 section 5's
// examples: "a/b" is "/a~1b" and "m~n" is "/m~0n".
func TestPointer(t *testing.T) {
	for in, want := range map[string]string{"a/b": "a~1b", "m~n": "m~0n", "plain": "plain", "~/": "~0~1"} {
		if got := problem.EscapePointer(in); got != want {
			t.Errorf("EscapePointer(%q) = %q, want %q", in, got, want)
		}
	}
	if got := problem.Pointer("facts.age"); got != "/facts/age" {
		t.Errorf("Pointer = %q", got)
	}
}

// Example decodes a request strictly and answers with a problem.
func Example() {
	r := httptest.NewRequest("POST", "/v1/thing", strings.NewReader(`{"amount": "12", "extra": true}`))
	r.Header.Set("Content-Type", "application/json")
	var req struct {
		Amount string `json:"amount"`
	}
	w := httptest.NewRecorder()
	if p := problem.Decode(r, &req); p != nil {
		problem.Write(w, r, p)
	}
	fmt.Println(w.Code, w.Body.String())
	// Output: 400 {"type":"urn:smecredit:problem:unknown-field","title":"Bad Request","status":400,"detail":"unknown member \"extra\"","instance":"/v1/thing","code":"unknown-field"}
}
