package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/smecredit/smecredit/access"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// An access-*.json file holds either a schema ("kind": "access-schema") or a
// policy ("kind": "access-policy"); a policy names its schema by version.

// isAccessSchema reports whether an access file is a schema rather than a
// policy, by its "kind". It only peeks: the owning package's strict parsers
// judge the rest.
func isAccessSchema(data []byte) bool {
	var peek struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(data, &peek) == nil && peek.Kind == access.KindSchema
}

// compileAccess compiles an access schema, or a policy against the schema of
// the same load whose version it names.
func compileAccess(data []byte, done map[registry.Key]*registry.Document) (*registry.Document, error) {
	var lim access.Limits // the documented defaults
	if isAccessSchema(data) {
		// Derived facts use the built-in formulas named in the document
		// (ratio, difference, date-difference); a service cannot load code,
		// so a "custom" formula is refused by the package.
		s, err := access.LoadSchema(data, lim)
		if err != nil {
			return nil, err
		}
		return &registry.Document{Kind: registry.KindSchema, ID: s.Version(), Version: s.Version(), Hash: s.Hash(), Compiled: s}, nil
	}
	spec, err := access.ParsePolicy(data, lim)
	if err != nil {
		return nil, err
	}
	if spec.SchemaVersion == "" {
		return nil, errors.New("schemaVersion: required, the version of the access schema the policy is written for")
	}
	sd, ok := done[registry.Key{Kind: registry.KindSchema, ID: spec.SchemaVersion, Version: spec.SchemaVersion}]
	if !ok {
		return nil, fmt.Errorf("schemaVersion: no access schema %q is loaded (an access-*.json file with \"kind\": \"access-schema\" and \"version\": %q)",
			spec.SchemaVersion, spec.SchemaVersion)
	}
	p, err := access.CompilePolicy(spec, sd.Compiled.(*access.Schema), lim)
	if err != nil {
		return nil, err
	}
	return &registry.Document{ID: p.ID(), Version: p.Version(), Hash: p.Hash(), EffectiveFrom: spec.EffectiveFrom, Compiled: p, Requires: []*registry.Document{sd}}, nil
}

// decideRequest is the body of POST /v1/access/{policy}/decide. Facts is
// the applicant's facts as a JSON object keyed by field name, decoded
// strictly by the policy's schema: decimals as strings ("0.5500") or
// numbers, with at most the field's scale of decimals; null or absent means
// missing, which the policy's rules answer with their onMissing severity.
// Explain asks for the trace of every rule, passing ones included.
type decideRequest struct {
	Facts   json.RawMessage `json:"facts"`
	Explain bool            `json:"explain,omitempty"`
}

// decideResponse is the policy's decision for one applicant. Reasons and
// Trace have the access package's JSON form. Messages, present when the
// request asks for a language (?lang=en), maps each reason's rule id to the
// policy's text for it.
type decideResponse struct {
	Policy   registry.Ref             `json:"policy"`
	Decision access.Decision          `json:"decision"`
	Reasons  []access.Reason          `json:"reasons"`
	Messages map[access.RuleID]string `json:"messages,omitempty"`
	Trace    []access.Reason          `json:"trace,omitempty"`
}

// decide decides access for an applicant under a named policy.
func decide(doc *registry.Document, r *http.Request) (any, *problem.Problem) {
	var req decideRequest
	if p := problem.Decode(r, &req); p != nil {
		return nil, p
	}
	pol := doc.Compiled.(*access.Policy)
	out, p := decideWith(pol, req)
	if p != nil {
		return nil, p
	}
	resp := decideResponse{Policy: doc.Ref(), Decision: out.Decision, Reasons: out.Reasons, Trace: out.Trace}
	if resp.Reasons == nil {
		resp.Reasons = []access.Reason{}
	}
	if lang := r.URL.Query().Get("lang"); lang != "" && len(out.Reasons) > 0 {
		resp.Messages = make(map[access.RuleID]string, len(out.Reasons))
		for _, rs := range out.Reasons {
			resp.Messages[rs.RuleID()] = rs.Message(lang)
		}
	}
	return resp, nil
}

// decideWith decodes the facts with the policy's schema and decides them.
func decideWith(pol *access.Policy, req decideRequest) (access.Outcome, *problem.Problem) {
	raw := bytes.TrimSpace(req.Facts)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeMissingFact, `"facts" is required: a JSON object of the applicant's facts`)
		p.Errors = []problem.MemberError{{Pointer: "/facts", Code: problem.CodeMissingFact, Detail: "required"}}
		return access.Outcome{}, p
	}
	facts, err := pol.Schema().DecodeFacts(raw)
	if err != nil {
		return access.Outcome{}, factsProblem(err)
	}
	var out access.Outcome
	if req.Explain {
		out, err = pol.Explain(facts)
	} else {
		out, err = pol.Decide(facts)
	}
	if err != nil { // only for facts of another schema, impossible here
		return access.Outcome{}, problem.New(http.StatusInternalServerError, problem.CodeInternal, err.Error())
	}
	return out, nil
}

// factsProblem maps the access package's fact errors to a 422 problem
// listing every bad fact.
func factsProblem(err error) *problem.Problem {
	var members []problem.MemberError
	for _, e := range flatten(err) {
		var fe *access.InputError
		if errors.As(e, &fe) && fe.Field != "" && fe.Field != "$" { // "$" is the whole document
			members = append(members, problem.MemberError{Pointer: "/facts/" + problem.EscapePointer(fe.Field), Code: problem.CodeInvalidFact, Detail: fe.Error()})
		} else {
			members = append(members, problem.MemberError{Pointer: "/facts", Code: problem.CodeInvalidFact, Detail: e.Error()})
		}
	}
	problem.SortMembers(members)
	p := problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, err.Error())
	p.Errors = members
	return p
}
