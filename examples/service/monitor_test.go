package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/monitor"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

const classifyPath = "/v1/monitor/portfolio-card-accounts/classify"

// cardHistory is a card account sliding from current to 122 days past due
// over six month ends, as a request body and as monitor observations.
const cardHistoryJSON = `[
	{"date": "2005-04-30", "dpd": 0, "outstanding": "9000", "limit": "10000", "turnover": "1500"},
	{"date": "2005-05-31", "dpd": 0, "outstanding": "9500", "limit": "10000", "turnover": "1200"},
	{"date": "2005-06-30", "dpd": 31, "outstanding": "9900", "limit": "10000", "turnover": "300"},
	{"date": "2005-07-31", "dpd": 62, "outstanding": "10200", "limit": "10000", "turnover": "100"},
	{"date": "2005-08-31", "dpd": 92, "outstanding": "10400", "limit": "10000", "turnover": "0"},
	{"date": "2005-09-30", "dpd": 122, "outstanding": "10600", "limit": "10000", "turnover": "0"}]`

func cardHistory() []monitor.Observation {
	type row struct {
		y, m, d, dpd         int
		out, limit, turnover int64
	}
	rows := []row{{2005, 4, 30, 0, 9000, 10000, 1500}, {2005, 5, 31, 0, 9500, 10000, 1200}, {2005, 6, 30, 31, 9900, 10000, 300},
		{2005, 7, 31, 62, 10200, 10000, 100}, {2005, 8, 31, 92, 10400, 10000, 0}, {2005, 9, 30, 122, 10600, 10000, 0}}
	var obs []monitor.Observation
	for _, r := range rows {
		obs = append(obs, monitor.Observation{
			Date: time.Date(r.y, time.Month(r.m), r.d, 0, 0, 0, 0, time.UTC), DPD: r.dpd,
			Known:       monitor.FieldOutstanding | monitor.FieldLimit | monitor.FieldTurnover,
			Outstanding: decimal.NewFromInt(r.out), Limit: decimal.NewFromInt(r.limit), Turnover: decimal.NewFromInt(r.turnover),
		})
	}
	return obs
}

func TestClassify(t *testing.T) {
	s, _, _ := newTestServer(t)
	doc, ok := s.reg.Lookup(registry.KindMonitor, "portfolio-card-accounts")
	if !ok {
		t.Fatal("monitor-cards.json not loaded")
	}
	set := doc.Compiled.(*monitor.SignalSet)
	obs := cardHistory()
	tests := []struct {
		name     string
		asOf     string
		facts    string
		in       monitor.ClassificationInput // the library's input for the same loan
		category monitor.Category
	}{
		// Measures (2023) Ch. II: more than 90 days past due is substandard.
		{"122 DPD", "2005-09-30", `{}`, monitor.ClassificationInput{Loan: "acct-1", DPD: 122}, monitor.Substandard},
		// Measures (2023) Ch. II: 1 to 90 days past due is special mention.
		{"as of July, 62 DPD", "2005-07-31", `{}`, monitor.ClassificationInput{Loan: "acct-1", DPD: 62}, monitor.SpecialMention},
		{"as of May, current", "2005-05-31", `{}`, monitor.ClassificationInput{Loan: "acct-1"}, monitor.Normal},
		// Expert judgement can only downgrade.
		{"expert downgrade", "2005-05-31", `{"expert": "doubtful"}`, monitor.ClassificationInput{Loan: "acct-1", Expert: monitor.Doubtful}, monitor.Doubtful},
		// Impaired with ECL coverage ≥ 0.90 is loss.
		{"impaired, ECL 95 %", "2005-09-30", `{"creditImpaired": true, "eclCoverage": 0.95}`,
			monitor.ClassificationInput{Loan: "acct-1", DPD: 122, CreditImpaired: true, ECLCoverage: 0.95}, monitor.Loss},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"asOf": "` + tt.asOf + `", "loan": "acct-1", "observations": ` + cardHistoryJSON + `, "facts": ` + tt.facts + `}`
			rec := do(s, "POST", classifyPath, "application/json", body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got monitorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Category != tt.category {
				t.Errorf("category %v, want %v", got.Category, tt.category)
			}
			// The library's own answers for the same loan.
			asOf, _ := time.Parse(time.DateOnly, tt.asOf)
			res, err := set.Evaluate(&monitor.History{Loan: "acct-1", Observations: obs}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			cl, err := monitor.Classify(tt.in, asOf)
			if err != nil {
				t.Fatal(err)
			}
			var wantRules, gotRules []monitor.RuleID
			for _, sg := range res.Signals {
				wantRules = append(wantRules, sg.Rule)
			}
			for _, sg := range got.Signals {
				gotRules = append(gotRules, sg.Rule)
			}
			if diff := cmp.Diff(wantRules, gotRules); diff != "" {
				t.Errorf("fired rules (-library +service):\n%s", diff)
			}
			if got.Level != res.Level || got.Escalated != res.Escalated || got.Category != cl.Category || got.Floor != cl.Floor ||
				got.FinalLevel != monitor.FinalLevel(res.Level, cl.Category) || got.DPD != tt.in.DPD {
				t.Errorf("service: level %v escalated %v category %v floor %v final %v dpd %d; library: %v %v %v %v %v %d",
					got.Level, got.Escalated, got.Category, got.Floor, got.FinalLevel, got.DPD,
					res.Level, res.Escalated, cl.Category, cl.Floor, monitor.FinalLevel(res.Level, cl.Category), tt.in.DPD)
			}
			if len(got.Reasons) != len(cl.Reasons) {
				t.Errorf("%d classification reasons, library gives %d", len(got.Reasons), len(cl.Reasons))
			}
			if got.SignalSet != doc.Ref() {
				t.Errorf("cites %+v, want %+v", got.SignalSet, doc.Ref())
			}
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []problemCase{
		{"unknown signal set", "/v1/monitor/nope/classify", `{}`, 404, problem.CodeUnknownModel, nil},
		{"no asOf", classifyPath, `{"observations": [{"date": "2005-04-30"}]}`, 422, problem.CodeMissingFact, []string{"/asOf"}},
		{"no observations", classifyPath, `{"asOf": "2005-04-30"}`, 422, problem.CodeMissingFact, []string{"/observations"}},
		{"all after asOf", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-05-31"}]}`, 422, problem.CodeMissingFact, []string{"/observations"}},
		{"only missing periods", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-04-30", "missing": true}]}`, 422, problem.CodeMissingFact, []string{"/observations"}},
		{"observation without date", classifyPath, `{"asOf": "2005-04-30", "observations": [{"dpd": 3}]}`, 422, problem.CodeMissingFact, []string{"/observations/0/date"}},
		{"unknown event", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-04-30", "events": ["lawsuit", "storm"]}]}`, 422, problem.CodeInvalidFact, []string{"/observations/0/events"}},
		{"negative DPD", classifyPath, `{"asOf": "2005-05-31", "observations": [{"date": "2005-04-30"}, {"date": "2005-05-31", "dpd": -1}]}`, 422, problem.CodeInvalidFact, []string{"/observations/1/dpd"}},
		{"dates not increasing", classifyPath, `{"asOf": "2005-06-30", "observations": [{"date": "2005-05-31"}, {"date": "2005-04-30"}]}`, 422, problem.CodeInvalidFact, []string{"/observations/1/date"}},
		{"ECL coverage above 1", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-04-30"}], "facts": {"eclCoverage": 2}}`, 422, problem.CodeInvalidFact, []string{"/facts/eclCoverage"}},
		{"unknown expert category", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-04-30"}], "facts": {"expert": "dire"}}`, 422, problem.CodeInvalidFact, nil},
		{"amount of wrong type", classifyPath, `{"asOf": "2005-04-30", "observations": [{"date": "2005-04-30", "outstanding": true}]}`, 422, problem.CodeInvalidFact, nil},
	}
	checkProblems(t, s, tests)
}
