package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The API contract: every request the tests send through do (and a sample of
// the reliability test's) is checked against openapi.json: a response's
// status, media type and body must be described by the operation's response
// (or its default), and the body of every request the service accepted (a
// 2xx answer) must match the operation's request schema. A request the
// service refused is malformed on purpose, so only its problem response is
// checked. The OpenAPI document's schemas are JSON Schema 2020-12, which
// OpenAPI 3.1 adopts (OpenAPI 3.1.0, section 4.8.24), and are checked with
// santhosh-tekuri/jsonschema, a 2020-12 validator.
//
// Violations are collected and fail the run in TestMain, and
// TestOpenAPIContract fails on its own requests' violations.

// contract is the parsed OpenAPI document and its compiled schemas.
type contract struct {
	doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema
	problems []string
}

var api = func() *contract {
	c := &contract{schemas: map[string]*jsonschema.Schema{}}
	if err := json.Unmarshal(openAPI, &c.doc); err != nil {
		panic(fmt.Sprintf("openapi.json: %v", err))
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		panic(fmt.Sprintf("openapi.json: %v", err))
	}
	c.compiler = jsonschema.NewCompiler()
	c.compiler.DefaultDraft(jsonschema.Draft2020)
	if err := c.compiler.AddResource("openapi.json", doc); err != nil {
		panic(err)
	}
	return c
}()

// schema compiles the schema at the JSON Pointer ptr of openapi.json.
func (c *contract) schema(ptr string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.schemas[ptr]; ok {
		return s, nil
	}
	s, err := c.compiler.Compile("openapi.json#" + ptr)
	if err != nil {
		return nil, err
	}
	c.schemas[ptr] = s
	return s, nil
}

// template returns the OpenAPI path template that path matches, or "".
func (c *contract) template(path string) string {
	segs := strings.Split(path, "/")
	for tpl := range c.doc.Paths {
		ts := strings.Split(tpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if strings.HasPrefix(ts[i], "{") {
				ok = ok && segs[i] != ""
			} else {
				ok = ok && ts[i] == segs[i]
			}
		}
		if ok {
			return tpl
		}
	}
	return ""
}

// pointerEscape escapes a path template for a JSON Pointer.
func pointerEscape(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

// check validates one exchange and returns what is wrong with it.
func (c *contract) check(method, path string, reqBody []byte, status int, header http.Header, respBody []byte) []string {
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s %s → %d: ", method, path, status)+fmt.Sprintf(format, args...))
	}
	validate := func(ptr string, body []byte, what string) {
		s, err := c.schema(ptr)
		if err != nil {
			fail("%s: compiling %s: %v", what, ptr, err)
			return
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			fail("%s is not JSON: %v: %.200s", what, err, body)
			return
		}
		if err := s.Validate(v); err != nil {
			fail("%s does not match %s: %v\n%.500s", what, ptr, err, body)
		}
	}
	if header.Get("X-Request-ID") == "" {
		fail("no X-Request-ID")
	}
	tpl := c.template(path)
	m := strings.ToLower(method)
	if m == "head" {
		m = "get"
	}
	var op map[string]json.RawMessage
	if tpl != "" {
		if raw, ok := c.doc.Paths[tpl][m]; ok {
			json.Unmarshal(raw, &op)
		}
	}
	if op == nil { // no such operation: the answer must be a 404 or 405 problem
		testRoute := strings.HasPrefix(path, "/test/") // added by a test (TestPanicRecovery)
		if !testRoute && status != http.StatusNotFound && status != http.StatusMethodNotAllowed && status != http.StatusRequestHeaderFieldsTooLarge {
			fail("undocumented operation answered")
		}
		if method != http.MethodHead {
			validate("/components/schemas/Problem", respBody, "problem")
		}
		return errs
	}
	opPtr := "/paths/" + pointerEscape(tpl) + "/" + m
	if status >= 200 && status < 300 && len(reqBody) > 0 {
		if _, ok := op["requestBody"]; ok {
			validate(opPtr+"/requestBody/content/application~1json/schema", reqBody, "accepted request body")
		}
	}
	var responses map[string]struct {
		Content map[string]json.RawMessage `json:"content"`
	}
	json.Unmarshal(op["responses"], &responses)
	code := strconv.Itoa(status)
	if _, ok := responses[code]; !ok {
		code = "default"
		if _, ok := responses[code]; !ok {
			fail("status not documented")
			return errs
		}
	}
	if method == http.MethodHead {
		return errs
	}
	mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if _, ok := responses[code].Content[mt]; !ok {
		fail("media type %q not documented for %s", mt, code)
		return errs
	}
	if mt == "application/json" || mt == "application/problem+json" {
		validate(opPtr+"/responses/"+code+"/content/"+pointerEscape(mt)+"/schema", respBody, "response body")
	}
	return errs
}

// record checks an exchange and keeps its violations for TestMain.
func (c *contract) record(method, path string, reqBody []byte, status int, header http.Header, respBody []byte) []string {
	errs := c.check(method, path, reqBody, status, header, respBody)
	if len(errs) > 0 {
		c.mu.Lock()
		c.problems = append(c.problems, errs...)
		c.mu.Unlock()
	}
	return errs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if len(api.problems) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d exchanges in the tests do not match openapi.json:\n", len(api.problems))
		for i, p := range api.problems {
			if i == 20 {
				fmt.Fprintf(os.Stderr, "... and %d more\n", len(api.problems)-20)
				break
			}
			fmt.Fprintln(os.Stderr, p)
		}
		code = 1
	}
	os.Exit(code)
}

// TestOpenAPIContract checks that openapi.json describes exactly the
// service's routes, and that a request to each endpoint, with a store,
// matches the description.
func TestOpenAPIContract(t *testing.T) {
	s, _, _ := newStoreServer(t)
	// Every documented operation is routed, and every route documented.
	for tpl, ops := range api.doc.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			path := strings.NewReplacer("{policy}", "polish-sme-access", "{model}", "sme-financial", "{id}", "german",
				"{signals}", "portfolio-card-accounts", "{set}", "card-npl-workout").Replace(tpl)
			req, _ := http.NewRequest(strings.ToUpper(m), path, nil)
			if _, pattern := s.mux.Handler(req); pattern == "/" || !strings.HasPrefix(pattern, strings.ToUpper(m)+" ") {
				t.Errorf("%s %s is documented but routed to %q", strings.ToUpper(m), tpl, pattern)
			}
		}
	}
	routes := []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json", "GET /v1/documents",
		"GET /v1/decisions/{id}", "POST /v1/decisions/{id}/replay"}
	for _, op := range operations {
		routes = append(routes, "POST "+op.path)
	}
	for _, r := range routes {
		m, p, _ := strings.Cut(r, " ")
		if _, ok := api.doc.Paths[p][strings.ToLower(m)]; !ok {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}

	// One exchange with each endpoint, checked by do.
	before := len(api.problems)
	var ids []string
	for _, c := range auditCases {
		rec := do(s, "POST", c.target, "application/json", readRequest(t, c.file))
		ids = append(ids, rec.Header().Get("Decision-ID"))
	}
	for _, target := range []string{"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/documents", "/v1/decisions/" + ids[0], "/v1/decisions/nope"} {
		do(s, "GET", target, "", "")
	}
	do(s, "POST", "/v1/decisions/"+ids[1]+"/replay", "", "")
	do(s, "POST", decidePath, "application/json", `{"facts": {}, "explain": true}`)
	do(s, "POST", decidePath, "application/json", `{"facts": 1}`)
	api.mu.Lock()
	bad := api.problems[before:]
	api.mu.Unlock()
	sort.Strings(bad)
	for _, p := range bad {
		t.Error(p)
	}

	// The validator is not a rubber stamp.
	if errs := api.check("POST", "/v1/rating/sme-financial/score", []byte(`{"values": {}}`), 200,
		http.Header{"X-Request-Id": {"x"}, "Content-Type": {"application/json"}}, []byte(`{"score": "high"}`)); len(errs) == 0 {
		t.Error("a response without its members passed the contract")
	}
	if errs := api.check("GET", "/nope", nil, 200, http.Header{"X-Request-Id": {"x"}}, []byte(`{}`)); len(errs) == 0 {
		t.Error("an undocumented path answering 200 passed the contract")
	}
	if errs := api.check("POST", "/v1/rating/sme-financial/score", []byte(`{"values": {"x": "1"}}`), 200,
		http.Header{"X-Request-Id": {"x"}, "Content-Type": {"application/json"}},
		[]byte(`{"model":{"id":"m","version":"1","hash":"h"},"score":1,"imputed":0,"contributions":[]}`)); len(errs) != 1 {
		t.Errorf("an accepted request off the contract: %q, want one violation", errs)
	}
}
