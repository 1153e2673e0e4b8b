// Package problem maps a JSON HTTP service's failures to RFC 9457 problem
// details (application/problem+json) with a stable, machine-readable "code"
// member, and decodes request bodies strictly, naming what is wrong with a
// JSON Pointer (RFC 6901).
//
// A host that embeds smecredit in its own server uses it like this:
//
//	var req MyRequest
//	if p := problem.Decode(r, &req); p != nil {
//		problem.Write(w, r, p)
//		return
//	}
//	...
//	problem.WriteJSON(w, r, http.StatusOK, resp)
//
// Clients branch on Code, never on Title or Detail. Codes are never renamed
// once published.
//
// References: RFC 9457 (Problem Details for HTTP APIs), RFC 6901 (JSON
// Pointer), RFC 8259 (JSON).
package problem

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Code is the stable, machine-readable name of a problem. Clients branch on
// it, never on title or detail text. Codes are never renamed once published.
type Code string

// The problem codes the service returns. CodeStoreUnavailable and
// CodeUnknownDecision come from the decision audit store.
const (
	CodeMalformedJSON    Code = "malformed-json"     // body is not one JSON value
	CodeEmptyBody        Code = "empty-body"         // body is empty
	CodeUnknownField     Code = "unknown-field"      // body has a member the request type does not declare
	CodeWrongType        Code = "wrong-type"         // a member has the wrong JSON type
	CodeTrailingData     Code = "trailing-data"      // something follows the JSON value
	CodeBodyTooLarge     Code = "body-too-large"     // body exceeds -max-body
	CodeUnsupportedMedia Code = "unsupported-media"  // Content-Type is not application/json
	CodeNotFound         Code = "not-found"          // no such route
	CodeMethodNotAllowed Code = "method-not-allowed" // route exists, method does not
	CodeUnknownPolicy    Code = "unknown-policy"     // no access policy with that id is loaded
	CodeUnknownModel     Code = "unknown-model"      // no rating model or scorecard with that id is loaded
	CodeVersionRequired  Code = "version-required"   // several versions are loaded and none is in force by date; name one
	CodeMissingFact      Code = "missing-fact"       // a fact or input the decision needs is absent
	CodeInvalidFact      Code = "invalid-fact"       // a fact or input is present but unusable
	CodeInternal         Code = "internal"           // a bug: recovered panic or unexpected error
	CodeRequestTimeout   Code = "request-timeout"    // the body did not arrive within the read timeout
	CodeUnreadableBody   Code = "unreadable-body"    // the connection failed while the body was read
	CodeHeaderTooLarge   Code = "header-too-large"   // the request line and headers exceed maxHeaderBytes
	CodeStoreUnavailable Code = "store-unavailable"  // the decision could not be recorded; nothing was decided
	CodeUnknownDecision  Code = "unknown-decision"   // no recorded decision with that id
	CodeNotReady         Code = "not-ready"          // the service is starting, draining or has no valid document set
)

// TypeBase prefixes a Code to form the problem's type URI. The URI is
// an identifier (RFC 9457 section 3.1.1), not meant to be dereferenced.
const TypeBase = "urn:smecredit:problem:"

// Problem is an RFC 9457 problem details object, extended with the stable
// Code member and, for input errors, the list of offending members.
type Problem struct {
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Status   int           `json:"status"`
	Detail   string        `json:"detail,omitempty"`
	Instance string        `json:"instance,omitempty"`
	Code     Code          `json:"code"`
	Errors   []MemberError `json:"errors,omitempty"`
}

// MemberError locates one problem inside the request body. Pointer is an
// RFC 6901 JSON Pointer into the body, as in RFC 9457's own example.
type MemberError struct {
	Pointer string `json:"pointer"`
	Code    Code   `json:"code"`
	Detail  string `json:"detail"`
}

// New returns a problem with its type and title derived from c.
func New(status int, c Code, detail string) *Problem {
	return &Problem{
		Type:   TypeBase + string(c),
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   c,
	}
}

// Write sends p as application/problem+json. The request path is the
// instance unless p names one already.
func Write(w http.ResponseWriter, r *http.Request, p *Problem) {
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

// WriteJSON sends v as application/json with the given status.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		Write(w, r, New(http.StatusInternalServerError, CodeInternal, "encoding the response failed"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// SortMembers orders member errors by pointer, for stable responses.
func SortMembers(m []MemberError) {
	slices.SortFunc(m, func(a, b MemberError) int { return strings.Compare(a.Pointer, b.Pointer) })
}
