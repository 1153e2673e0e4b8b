package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/exit"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

const choosePath = "/v1/exit/card-npl-workout/choose"

func TestChoose(t *testing.T) {
	s, _, _ := newTestServer(t)
	doc, ok := s.reg.Lookup(registry.KindExit, "card-npl-workout")
	if !ok {
		t.Fatal("exit-cards.json not loaded")
	}
	set := doc.Compiled.(*exit.OptionSet)
	asOf := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		body string
		loan exit.Loan // the same loan, built directly
	}{
		{"secured NPL",
			`{"asOf": "2026-11-29", "loan": {"id": "L1", "ead": "120000", "defaulted": true, "dpd": 120, "pd": 1, "warningLevel": "red",
			  "collateral": "80000", "collateralEnforceable": true, "collateralType": "real-estate"}}`,
			exit.Loan{ID: "L1", EAD: decimal.NewFromInt(120000), Defaulted: true, DPD: 120, PD: 1, WarningLevel: exit.Red,
				Collateral: decimal.NewFromInt(80000), CollateralEnforceable: true, CollateralType: exit.RealEstate}},
		{"viable borrower in early arrears",
			`{"asOf": "2026-11-29", "loan": {"ead": 50000.50, "contractRate": 0.06, "remainingYears": 3, "pd": 0.2, "dpd": 20,
			  "warningLevel": "orange", "viable": true, "dscr": 1.4, "guarantee": "20000", "guarantorSolvent": true}}`,
			exit.Loan{EAD: decimal.RequireFromString("50000.50"), ContractRate: 0.06, RemainingYears: 3, PD: 0.2, DPD: 20,
				WarningLevel: exit.Orange, Viable: true, DSCR: 1.4, Guarantee: decimal.NewFromInt(20000), GuarantorSolvent: true}},
		{"exhausted recovery",
			`{"asOf": "2026-11-29", "loan": {"ead": "1000", "defaulted": true, "dpd": 900, "pd": 1, "warningLevel": "red", "recoveryExhausted": true}}`,
			exit.Loan{EAD: decimal.NewFromInt(1000), Defaulted: true, DPD: 900, PD: 1, WarningLevel: exit.Red, RecoveryExhausted: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s, "POST", choosePath, "application/json", tt.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var got chooseResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			// The library's own decision for the same loan.
			d, err := set.Choose(tt.loan, asOf)
			if err != nil {
				t.Fatal(err)
			}
			want := chooseResponse{OptionSet: doc.Ref(), AsOf: civilDate{asOf}, EAD: d.EAD.StringFixed(2), Feasible: d.Feasible}
			if best, ok := d.Best(); ok {
				want.Chosen = best.Name
			}
			for _, v := range d.Options {
				o := exitOption{Name: v.Name, Kind: v.Kind, Feasible: v.Feasible, Reasons: v.Reasons, NPV: v.NPV().StringFixed(2), LGD: v.LGD}
				for _, sc := range v.Scenarios {
					o.Scenarios = append(o.Scenarios, exitScenario{Variant: sc.Variant, Branch: sc.Branch, Probability: sc.Probability,
						PV: sc.PV().StringFixed(2), Contribution: sc.Contribution().StringFixed(2)})
				}
				want.Options = append(want.Options, o)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("response (-library +service):\n%s", diff)
			}
			if got.Chosen == "" || len(got.Options) != set.Len() {
				t.Errorf("chosen %q among %d options, want a choice among %d", got.Chosen, len(got.Options), set.Len())
			}
		})
	}
}

func TestChooseErrors(t *testing.T) {
	s, _, _ := newTestServer(t)
	tests := []problemCase{
		{"unknown set", "/v1/exit/nope/choose", `{}`, 404, problem.CodeUnknownModel, nil},
		{"no asOf", choosePath, `{"loan": {"ead": "1000"}}`, 422, problem.CodeMissingFact, []string{"/asOf"}},
		{"no EAD", choosePath, `{"asOf": "2026-11-29", "loan": {}}`, 422, problem.CodeMissingFact, []string{"/loan/ead"}},
		{"negative EAD", choosePath, `{"asOf": "2026-11-29", "loan": {"ead": "-5"}}`, 422, problem.CodeInvalidFact, []string{"/loan/ead"}},
		{"PD above 1", choosePath, `{"asOf": "2026-11-29", "loan": {"ead": "5", "pd": 1.5}}`, 422, problem.CodeInvalidFact, []string{"/loan/pd"}},
		{"not a date", choosePath, `{"asOf": "29/11/2026", "loan": {"ead": "5"}}`, 422, problem.CodeInvalidFact, nil},
		{"unknown collateral type", choosePath, `{"asOf": "2026-11-29", "loan": {"ead": "5", "collateralType": "gold"}}`, 422, problem.CodeInvalidFact, nil},
		{"amount not a number", choosePath, `{"asOf": "2026-11-29", "loan": {"ead": "lots"}}`, 422, problem.CodeInvalidFact, nil},
		{"unknown loan member", choosePath, `{"asOf": "2026-11-29", "loan": {"ead": "5", "rate": 0.1}}`, 400, problem.CodeUnknownField, nil},
	}
	checkProblems(t, s, tests)
}
