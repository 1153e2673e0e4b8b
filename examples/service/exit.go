package main

import (
	"errors"
	"net/http"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/exit"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// compileExit compiles an exit option set spec (exit.LoadOptionSet).
func compileExit(data []byte) (*registry.Document, error) {
	s, err := exit.LoadOptionSet(data)
	if err != nil {
		return nil, err
	}
	spec := s.Spec()
	return &registry.Document{ID: spec.ID, Version: spec.Version, Compiled: s}, nil
}

// chooseRequest is the body of POST /v1/exit/{set}/choose: a troubled loan
// and the valuation date. Amounts are decimal strings (or JSON numbers) in
// currency units; the exit package rounds them half to even to the cent.
type chooseRequest struct {
	AsOf civilDate `json:"asOf"` // valuation date, required
	Loan exitLoan  `json:"loan"`
}

// exitLoan is exit.Loan with JSON names; see exit.Loan for each field's
// meaning and unit. Absent fields are zero, as in exit.Loan.
type exitLoan struct {
	ID                    string              `json:"id,omitempty"`
	EAD                   decimal.Decimal     `json:"ead"`
	ContractRate          float64             `json:"contractRate,omitempty"`   // per year, fraction
	RemainingYears        float64             `json:"remainingYears,omitempty"` // years
	PD                    float64             `json:"pd,omitempty"`             // fraction
	Defaulted             bool                `json:"defaulted,omitempty"`
	DPD                   int                 `json:"dpd,omitempty"` // days
	WarningLevel          exit.WarningLevel   `json:"warningLevel,omitzero"`
	Viable                bool                `json:"viable,omitempty"`
	DSCR                  float64             `json:"dscr,omitempty"`
	Restructurings        int                 `json:"restructurings,omitempty"`
	LastRestructured      civilDate           `json:"lastRestructured,omitzero"`
	Collateral            decimal.Decimal     `json:"collateral,omitzero"`
	CollateralType        exit.CollateralType `json:"collateralType,omitzero"`
	CollateralEnforceable bool                `json:"collateralEnforceable,omitempty"`
	NewCollateral         decimal.Decimal     `json:"newCollateral,omitzero"`
	Guarantee             decimal.Decimal     `json:"guarantee,omitzero"`
	GuarantorSolvent      bool                `json:"guarantorSolvent,omitempty"`
	RecoveryExhausted     bool                `json:"recoveryExhausted,omitempty"`
}

func (l exitLoan) loan() exit.Loan {
	return exit.Loan{
		ID: l.ID, EAD: l.EAD, ContractRate: l.ContractRate, RemainingYears: l.RemainingYears, PD: l.PD,
		Defaulted: l.Defaulted, DPD: l.DPD, WarningLevel: l.WarningLevel, Viable: l.Viable, DSCR: l.DSCR,
		Restructurings: l.Restructurings, LastRestructured: l.LastRestructured.Time,
		Collateral: l.Collateral, CollateralType: l.CollateralType, CollateralEnforceable: l.CollateralEnforceable,
		NewCollateral: l.NewCollateral, Guarantee: l.Guarantee, GuarantorSolvent: l.GuarantorSolvent,
		RecoveryExhausted: l.RecoveryExhausted,
	}
}

// chooseResponse is every option of the set valued for the loan, best first.
// Chosen is the best feasible option's name, absent when none is feasible.
// Money is a decimal string with two places.
type chooseResponse struct {
	OptionSet registry.Ref `json:"optionSet"`
	AsOf      civilDate    `json:"asOf"`
	EAD       string       `json:"ead"`
	Chosen    string       `json:"chosen,omitempty"`
	Feasible  int          `json:"feasible"`
	Options   []exitOption `json:"options"`
}

// exitOption is one exit.Valuation.
type exitOption struct {
	Name      string            `json:"name"`
	Kind      exit.OptionKind   `json:"kind"`
	Feasible  bool              `json:"feasible"`
	Reasons   []exit.ReasonCode `json:"reasons,omitempty"` // why infeasible
	NPV       string            `json:"npv"`               // expected NPV of recoveries less costs
	LGD       float64           `json:"lgd"`               // 1 − NPV/EAD, fraction
	Scenarios []exitScenario    `json:"scenarios,omitempty"`
}

// exitScenario is one exit.ScenarioValue.
type exitScenario struct {
	Variant      string      `json:"variant,omitempty"`
	Branch       exit.Branch `json:"branch"`
	Probability  float64     `json:"probability"`  // fraction
	PV           string      `json:"pv"`           // present value of the branch's cash flows
	Contribution string      `json:"contribution"` // probability × PV, rounded to the cent
}

// choose values every exit option for a troubled loan under a named set.
func choose(doc *registry.Document, r *http.Request) (any, *problem.Problem) {
	var req chooseRequest
	if p := problem.Decode(r, &req); p != nil {
		return nil, p
	}
	resp, p := chooseWith(doc, req)
	if p != nil {
		return nil, p
	}
	return resp, nil
}

// chooseWith runs exit.OptionSet.Choose for a request and shapes the answer.
func chooseWith(doc *registry.Document, req chooseRequest) (chooseResponse, *problem.Problem) {
	if req.AsOf.IsZero() {
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeMissingFact, `"asOf" is required: the valuation date, YYYY-MM-DD`)
		p.Errors = []problem.MemberError{{Pointer: "/asOf", Code: problem.CodeMissingFact, Detail: "required"}}
		return chooseResponse{}, p
	}
	d, err := doc.Compiled.(*exit.OptionSet).Choose(req.Loan.loan(), req.AsOf.Time)
	if err != nil && !errors.Is(err, exit.ErrNoFeasibleOption) {
		var ie *exit.InputError
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, err.Error())
		if errors.As(err, &ie) {
			c := problem.CodeInvalidFact
			if errors.Is(err, exit.ErrEAD) && req.Loan.EAD.IsZero() {
				c = problem.CodeMissingFact
				p.Code, p.Type = c, problem.TypeBase+string(c)
			}
			p.Errors = []problem.MemberError{{Pointer: "/loan/" + ie.Field, Code: c, Detail: err.Error()}}
		}
		return chooseResponse{}, p
	}
	resp := chooseResponse{OptionSet: doc.Ref(), AsOf: req.AsOf, EAD: d.EAD.StringFixed(2), Feasible: d.Feasible}
	if best, ok := d.Best(); ok {
		resp.Chosen = best.Name
	}
	for _, v := range d.Options {
		o := exitOption{Name: v.Name, Kind: v.Kind, Feasible: v.Feasible, Reasons: v.Reasons, NPV: v.NPV().StringFixed(2), LGD: v.LGD}
		for _, sc := range v.Scenarios {
			o.Scenarios = append(o.Scenarios, exitScenario{Variant: sc.Variant, Branch: sc.Branch, Probability: sc.Probability,
				PV: sc.PV().StringFixed(2), Contribution: sc.Contribution().StringFixed(2)})
		}
		resp.Options = append(resp.Options, o)
	}
	return resp, nil
}

// lowerFirst turns a Go field name into the request's JSON name by
// lower-casing its leading capitals, keeping the one that starts the next
// word: "EAD" → "ead", "Collateral" → "collateral", "ECLCoverage" →
// "eclCoverage".
func lowerFirst(s string) string {
	b := []byte(s)
	n := 0
	for n < len(b) && 'A' <= b[n] && b[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(b) {
		n-- // the last capital begins the next word
	}
	for i := range n {
		b[i] += 'a' - 'A'
	}
	return string(b)
}
