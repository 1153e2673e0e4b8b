package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// code is the stable, machine-readable name of a problem. Clients branch on
// it, never on title or detail text. Codes are never renamed once published.
type code string

// The problem codes this service returns.
const (
	codeMalformedJSON    code = "malformed-json"     // body is not one JSON value
	codeEmptyBody        code = "empty-body"         // body is empty
	codeUnknownField     code = "unknown-field"      // body has a member the request type does not declare
	codeWrongType        code = "wrong-type"         // a member has the wrong JSON type
	codeTrailingData     code = "trailing-data"      // something follows the JSON value
	codeBodyTooLarge     code = "body-too-large"     // body exceeds -max-body
	codeUnsupportedMedia code = "unsupported-media"  // Content-Type is not application/json
	codeNotFound         code = "not-found"          // no such route
	codeMethodNotAllowed code = "method-not-allowed" // route exists, method does not
	codeUnknownPolicy    code = "unknown-policy"     // no access policy with that id is loaded
	codeUnknownModel     code = "unknown-model"      // no rating model or scorecard with that id is loaded
	codeVersionRequired  code = "version-required"   // several versions are loaded and none is in force by date; name one
	codeMissingFact      code = "missing-fact"       // a fact or input the decision needs is absent
	codeInvalidFact      code = "invalid-fact"       // a fact or input is present but unusable
	codeInternal         code = "internal"           // a bug: recovered panic or unexpected error
	codeRequestTimeout   code = "request-timeout"    // the body did not arrive within the read timeout
	codeUnreadableBody   code = "unreadable-body"    // the connection failed while the body was read
	codeHeaderTooLarge   code = "header-too-large"   // the request line and headers exceed maxHeaderBytes
)

// problemTypeBase prefixes a code to form the problem's type URI. The URI is
// an identifier (RFC 9457 section 3.1.1), not meant to be dereferenced.
const problemTypeBase = "urn:smecredit:problem:"

// problem is an RFC 9457 problem details object, extended with the stable
// code member and, for input errors, the list of offending members.
type problem struct {
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Status   int           `json:"status"`
	Detail   string        `json:"detail,omitempty"`
	Instance string        `json:"instance,omitempty"`
	Code     code          `json:"code"`
	Errors   []memberError `json:"errors,omitempty"`
}

// memberError locates one problem inside the request body. Pointer is an
// RFC 6901 JSON Pointer into the body, as in RFC 9457's own example.
type memberError struct {
	Pointer string `json:"pointer"`
	Code    code   `json:"code"`
	Detail  string `json:"detail"`
}

// newProblem returns a problem with its type and title derived from c.
func newProblem(status int, c code, detail string) *problem {
	return &problem{
		Type:   problemTypeBase + string(c),
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   c,
	}
}

// writeProblem sends p as application/problem+json. The request path is the
// instance unless p names one already.
func writeProblem(w http.ResponseWriter, r *http.Request, p *problem) {
	if p.Instance == "" && r != nil {
		p.Instance = r.URL.Path
	}
	body, err := json.Marshal(p)
	if err != nil { // cannot happen: problem holds only strings and ints
		body = []byte(`{"type":"urn:smecredit:problem:internal","title":"Internal Server Error","status":500,"code":"internal"}`)
		p.Status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	w.Write(append(body, '\n'))
}

// writeJSON sends v as application/json with the given status.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, r, newProblem(http.StatusInternalServerError, codeInternal, "encoding the response failed"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// sortMembers orders member errors by pointer, for stable responses.
func sortMembers(m []memberError) {
	slices.SortFunc(m, func(a, b memberError) int { return strings.Compare(a.Pointer, b.Pointer) })
}
