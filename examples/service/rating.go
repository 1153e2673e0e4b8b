package main

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/smecredit/smecredit/rating"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// compileRating compiles a rating model document (rating.LoadModel: strict
// JSON, all problems reported).
func compileRating(data []byte) (*registry.Document, error) {
	m, err := rating.LoadModel(data)
	if err != nil {
		return nil, err
	}
	spec := m.Spec()
	return &registry.Document{ID: spec.ID, Version: spec.Version, Compiled: m}, nil
}

// rateRequest is the body of POST /v1/rating/{model}/score: the firm's raw
// indicator values keyed by indicator id. An indicator that is absent or
// null is missing, and the model's missing-value policy for it applies.
type rateRequest struct {
	Values map[rating.IndicatorID]*float64 `json:"values"`
}

// rateResponse is the rating of one firm under the named model.
type rateResponse struct {
	Model registry.Ref `json:"model"`
	Score float64      `json:"score"` // points, 0–100
	// Grade, GradeName and PD are present when the model has a master scale.
	Grade         int            `json:"grade,omitempty"` // position on the scale, 1 = best
	GradeName     string         `json:"gradeName,omitempty"`
	PD            *float64       `json:"pd,omitempty"` // one-year probability of default, fraction
	Imputed       int            `json:"imputed"`      // indicators scored by their missing policy
	Contributions []contribution `json:"contributions"`
}

// contribution is rating.Contribution with JSON names: one indicator's part
// in the score, largest loss first.
type contribution struct {
	ID        rating.IndicatorID `json:"id"`
	Dimension rating.DimensionID `json:"dimension,omitempty"`
	Weight    float64            `json:"weight"` // global weight, fraction
	Score     float64            `json:"score"`  // indicator score, 0–100
	Points    float64            `json:"points"` // weight × score
	Lost      float64            `json:"lost"`   // weight × (100 − score)
}

// rate scores a firm under a rating model.
func rate(doc *registry.Document, r *http.Request) (any, *problem.Problem) {
	var req rateRequest
	if p := problem.Decode(r, &req); p != nil {
		return nil, p
	}
	m := doc.Compiled.(*rating.Model)
	res, err := rateWith(m, req.Values)
	if err != nil {
		return nil, ratingProblem(m, err)
	}
	out := rateResponse{Model: doc.Ref(), Score: res.Score, Imputed: res.Imputed}
	if sc := m.Scale(); sc != nil && res.Grade.IsValid() {
		out.Grade, out.GradeName = int(res.Grade), sc.Name(res.Grade)
		pd := res.PD
		out.PD = &pd
	}
	cs, err := m.Explain(res)
	if err != nil { // cannot happen: res comes from m
		return nil, problem.New(http.StatusInternalServerError, problem.CodeInternal, err.Error())
	}
	out.Contributions = make([]contribution, len(cs))
	for i, c := range cs {
		out.Contributions[i] = contribution(c)
	}
	return out, nil
}

// rateWith is what the service does with a request's values; the tests call
// it to compare the service's answers with the library's.
func rateWith(m *rating.Model, values map[rating.IndicatorID]*float64) (*rating.Result, error) {
	byID := make(map[rating.IndicatorID]float64, len(values))
	for id, v := range values {
		if v != nil {
			byID[id] = *v
		}
	}
	x, missing, err := m.Values(byID)
	if err != nil {
		return nil, err
	}
	return m.Score(x, missing)
}

// ratingProblem maps the rating package's input errors to a 422 problem
// listing every offending indicator.
func ratingProblem(m *rating.Model, err error) *problem.Problem {
	var members []problem.MemberError
	missingOnly := true
	for _, e := range flatten(err) {
		var ie *rating.InputError
		if !errors.As(e, &ie) {
			return problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, e.Error())
		}
		c := problem.CodeInvalidFact
		if errors.Is(ie, rating.ErrMissingValue) {
			c = problem.CodeMissingFact
		} else {
			missingOnly = false
		}
		members = append(members, problem.MemberError{Pointer: "/values/" + problem.EscapePointer(indicatorOf(m, ie.Field)), Code: c, Detail: ie.Error()})
	}
	c := problem.CodeInvalidFact
	if missingOnly {
		c = problem.CodeMissingFact
	}
	problem.SortMembers(members)
	p := problem.New(http.StatusUnprocessableEntity, c, err.Error())
	p.Errors = members
	return p
}

// flatten returns the leaves of a tree of errors joined with errors.Join.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// indicatorOf returns the indicator an InputError's Field names: "values[3]"
// (by position in the model) or `values["roa"]` (by id, from Values).
func indicatorOf(m *rating.Model, field string) string {
	inner, ok := strings.CutPrefix(field, "values[")
	if !ok || !strings.HasSuffix(inner, "]") {
		return field
	}
	inner = strings.TrimSuffix(inner, "]")
	if id, err := strconv.Unquote(inner); err == nil {
		return id
	}
	if i, err := strconv.Atoi(inner); err == nil && i >= 0 && i < m.Len() {
		return string(m.IDs()[i])
	}
	return field
}
