package main

import (
	"encoding/json"
	"math"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/smecredit/smecredit/rating/scorecard"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

const scorecardPath = "/v1/scorecard/german/score"

func TestScoreCard(t *testing.T) {
	s, _, _ := newTestServer(t)
	doc, ok := s.reg.Lookup(registry.KindScorecard, "german")
	if !ok {
		t.Fatal("scorecard-german.json not loaded")
	}
	sc := doc.Compiled.(*scorecard.Scorecard)
	tests := []struct {
		name   string
		body   string
		record []scorecard.Value // the same record for the library
		score  float64
	}{
		// The rating/scorecard package's Example fits the same three
		// variables on the German credit data and prints "score 284 (exact
		// 283.0), PD 0.810" for this applicant.
		{"scorecard package example", `{"values": {"duration_in_month": 48, "age_in_years": 22, "status_of_existing_checking_account": "... < 0 DM"}}`,
			[]scorecard.Value{{Num: 48}, {Num: 22}, {Cat: "... < 0 DM"}}, 284},
		{"missing values go to the missing bins", `{"values": {"duration_in_month": null}}`,
			[]scorecard.Value{{Num: math.NaN()}, {Num: math.NaN()}, {Cat: ""}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, "POST", scorecardPath, "application/json", tt.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got scoreCardResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			res, err := sc.Score(tt.record)
			if err != nil {
				t.Fatal(err)
			}
			want := scoreCardResponse{Scorecard: doc.Ref(), Score: res.Score, ExactScore: res.ExactScore, PD: res.PD,
				Points: map[string]float64{}, Reasons: []scoreCardReason{}}
			for j, v := range sc.Variables {
				want.Points[v.Table.Spec().Name] = res.Points[j]
			}
			for _, r := range res.Reasons {
				want.Reasons = append(want.Reasons, scoreCardReason{r.Code, r.Loss})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("response (-library +service):\n%s", diff)
			}
			if tt.score >= 0 && got.Score != tt.score {
				t.Errorf("score %v, want %v", got.Score, tt.score)
			}
		})
	}
}

func TestScoreCardErrors(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []problemCase{
		{"unknown scorecard", "/v1/scorecard/nope/score", `{}`, 404, problem.CodeUnknownModel, nil},
		{"string for a number", scorecardPath, `{"values": {"duration_in_month": "48"}}`, 422, problem.CodeInvalidFact, []string{"/values/duration_in_month"}},
		{"number for a category", scorecardPath, `{"values": {"status_of_existing_checking_account": 1}}`, 422, problem.CodeInvalidFact, []string{"/values/status_of_existing_checking_account"}},
		{"unknown variable", scorecardPath, `{"values": {"income": 1}}`, 422, problem.CodeInvalidFact, []string{"/values/income"}},
		{"values not an object", scorecardPath, `{"values": [1]}`, 400, problem.CodeWrongType, []string{"/values"}},
	}
	checkProblems(t, s, tests)
}
