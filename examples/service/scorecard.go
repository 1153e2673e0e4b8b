package main

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"path"
	"strings"

	"github.com/smecredit/smecredit/rating/scorecard"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// compileScorecard loads a fitted scorecard (scorecard.LoadScorecard). The
// document has a version label but no id, so the id is the file name
// without "scorecard-" and ".json".
func compileScorecard(name string, data []byte) (*registry.Document, error) {
	sc, err := scorecard.LoadScorecard(data)
	if err != nil {
		return nil, err
	}
	id := strings.TrimSuffix(strings.TrimPrefix(name, "scorecard-"), path.Ext(name))
	return &registry.Document{ID: id, Version: sc.Version, Compiled: sc}, nil
}

// scoreCardRequest is the body of POST /v1/scorecard/{id}/score: one value
// per variable, keyed by the variable's name: a number for a numeric
// variable, a string for a categorical one. Absent or null is missing.
type scoreCardRequest struct {
	Values map[string]json.RawMessage `json:"values"`
}

// scoreCardResponse is the score of one record.
type scoreCardResponse struct {
	Scorecard  registry.Ref       `json:"scorecard"`
	Score      float64            `json:"score"`      // points, rounded when the scorecard rounds
	ExactScore float64            `json:"exactScore"` // Offset − Factor·η, unrounded
	PD         float64            `json:"pd"`         // 1/(1+e^−η), fraction
	Points     map[string]float64 `json:"points"`     // points per variable
	Reasons    []scoreCardReason  `json:"reasons"`    // adverse reasons, largest loss first
}

// scoreCardReason is one scorecard.Reason.
type scoreCardReason struct {
	Code scorecard.ReasonCode `json:"code"`
	Loss float64              `json:"loss"` // points lost against the variable's best attribute
}

// scoreCard scores a record under a named scorecard.
func scoreCard(doc *registry.Document, r *http.Request) (any, *problem.Problem) {
	var req scoreCardRequest
	if p := problem.Decode(r, &req); p != nil {
		return nil, p
	}
	sc := doc.Compiled.(*scorecard.Scorecard)
	res, p := scoreCardWith(sc, req.Values)
	if p != nil {
		return nil, p
	}
	out := scoreCardResponse{Scorecard: doc.Ref(), Score: res.Score, ExactScore: res.ExactScore, PD: res.PD,
		Points: make(map[string]float64, len(sc.Variables)), Reasons: []scoreCardReason{}}
	for j, v := range sc.Variables {
		out.Points[v.Table.Spec().Name] = res.Points[j]
	}
	for _, rs := range res.Reasons {
		out.Reasons = append(out.Reasons, scoreCardReason{Code: rs.Code, Loss: rs.Loss})
	}
	return out, nil
}

// scoreCardWith turns the request's values into the scorecard's record and
// scores it.
func scoreCardWith(sc *scorecard.Scorecard, values map[string]json.RawMessage) (scorecard.Result, *problem.Problem) {
	record := make([]scorecard.Value, len(sc.Variables))
	known := make(map[string]bool, len(sc.Variables))
	var members []problem.MemberError
	for j, v := range sc.Variables {
		spec := v.Table.Spec()
		known[spec.Name] = true
		raw, ok := values[spec.Name]
		ptr := "/values/" + problem.EscapePointer(spec.Name)
		missing := !ok || string(raw) == "null"
		switch {
		case spec.Kind == scorecard.Categorical && missing:
			record[j].Cat = ""
		case spec.Kind == scorecard.Categorical:
			if err := json.Unmarshal(raw, &record[j].Cat); err != nil {
				members = append(members, problem.MemberError{Pointer: ptr, Code: problem.CodeWrongType, Detail: "want a string (a category)"})
			}
		case missing:
			record[j].Num = math.NaN() // the table's missing bin, if it has NaNMissing
		default:
			if err := json.Unmarshal(raw, &record[j].Num); err != nil {
				members = append(members, problem.MemberError{Pointer: ptr, Code: problem.CodeWrongType, Detail: "want a finite number"})
			}
		}
	}
	for name := range values {
		if !known[name] {
			members = append(members, problem.MemberError{Pointer: "/values/" + problem.EscapePointer(name), Code: problem.CodeInvalidFact, Detail: "not a variable of this scorecard"})
		}
	}
	if len(members) > 0 {
		problem.SortMembers(members)
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, "some values are unusable")
		p.Errors = members
		return scorecard.Result{}, p
	}
	res, err := sc.Score(record)
	if err != nil {
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, err.Error())
		var ie *scorecard.InputError
		if errors.As(err, &ie) {
			name := ie.Field
			if _, after, ok := strings.Cut(name, ":"); ok {
				name = after // "values[j]:name"
			}
			p.Errors = []problem.MemberError{{Pointer: "/values/" + problem.EscapePointer(name), Code: problem.CodeInvalidFact, Detail: err.Error()}}
		}
		return scorecard.Result{}, p
	}
	return res, nil
}
