package main

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/monitor"

	"github.com/smecredit/smecredit/examples/service/problem"
	"github.com/smecredit/smecredit/examples/service/registry"
)

// compileMonitor compiles a monitoring signal set document (monitor.LoadSignalSet).
func compileMonitor(data []byte) (*registry.Document, error) {
	s, err := monitor.LoadSignalSet(data)
	if err != nil {
		return nil, err
	}
	spec := s.Spec()
	return &registry.Document{ID: spec.ID, Version: spec.Version, Compiled: s}, nil
}

// monitorRequest is the body of POST /v1/monitor/{signals}/classify: one
// loan's periodic history, the date to assess it at, and the facts of the
// five-category classification that a history does not carry.
type monitorRequest struct {
	AsOf          civilDate            `json:"asOf"` // assessment date, required
	Loan          monitor.LoanID       `json:"loan,omitempty"`
	PDOrigination float64              `json:"pdOrigination,omitempty"` // fraction; 0 = unknown
	Observations  []monitorObservation `json:"observations"`
	Facts         classificationFacts  `json:"facts,omitzero"`
}

// monitorObservation is one monitor.Observation. An optional field that is
// absent or null is unknown (its monitor.Field bit stays clear), which is
// not the same as zero. Amounts are decimal strings or numbers, ≥ 0; ratios
// are fractions.
type monitorObservation struct {
	Date           civilDate        `json:"date"`
	Missing        bool             `json:"missing,omitempty"` // no data arrived for the period
	DPD            int              `json:"dpd"`               // days past due at date
	Events         []string         `json:"events,omitempty"`  // monitor.Event names: "lawsuit", "bureau-overdue", ...
	PastDue        *decimal.Decimal `json:"pastDue,omitempty"`
	Outstanding    *decimal.Decimal `json:"outstanding,omitempty"`
	Limit          *decimal.Decimal `json:"limit,omitempty"`
	Turnover       *decimal.Decimal `json:"turnover,omitempty"`
	CreditBalance  *decimal.Decimal `json:"creditBalance,omitempty"`
	Collateral     *decimal.Decimal `json:"collateral,omitempty"`
	Revenue        *decimal.Decimal `json:"revenue,omitempty"`
	DebtElsewhere  *decimal.Decimal `json:"debtElsewhere,omitempty"`
	EquityToAssets *float64         `json:"equityToAssets,omitempty"`
	ProfitMargin   *float64         `json:"profitMargin,omitempty"`
	DSCR           *float64         `json:"dscr,omitempty"`
	CurrentRatio   *float64         `json:"currentRatio,omitempty"`
	QuickRatio     *float64         `json:"quickRatio,omitempty"`
	PD             *float64         `json:"pd,omitempty"`
	CovenantBreach *bool            `json:"covenantBreach,omitempty"`
}

// classificationFacts are the non-history inputs of monitor.Classify; the
// DPD is the latest non-missing observation's on or before asOf. Expert is
// a category name ("special-mention", ...) that can only downgrade.
type classificationFacts struct {
	TechnicalDelay    bool             `json:"technicalDelay,omitempty"`
	CreditImpaired    bool             `json:"creditImpaired,omitempty"`
	ExternalDowngrade bool             `json:"externalDowngrade,omitempty"`
	DebtEvasion       bool             `json:"debtEvasion,omitempty"`
	MisuseOfFunds     bool             `json:"misuseOfFunds,omitempty"`
	Evergreening      bool             `json:"evergreening,omitempty"`
	NPLElsewhere      bool             `json:"nplElsewhere,omitempty"`
	Watch             bool             `json:"watch,omitempty"`
	ECLCoverage       float64          `json:"eclCoverage,omitempty"` // fraction of the carrying balance
	Expert            monitor.Category `json:"expert,omitzero"`
}

// monitorResponse is the early-warning result and the five-category
// classification of one loan. FinalLevel is the signal level raised to the
// floor the category imposes (monitor.FinalLevel).
type monitorResponse struct {
	SignalSet   registry.Ref           `json:"signalSet"`
	Loan        monitor.LoanID         `json:"loan,omitempty"`
	AsOf        civilDate              `json:"asOf"`
	Level       monitor.WarningLevel   `json:"level"`
	Escalated   bool                   `json:"escalated"`
	Signals     []monitorSignal        `json:"signals"`
	Unevaluated []monitor.RuleID       `json:"unevaluated"`
	DPD         int                    `json:"dpd"` // the DPD the classification used
	Category    monitor.Category       `json:"category"`
	Floor       monitor.Category       `json:"floor"`
	Reasons     []classificationReason `json:"reasons"`
	FinalLevel  monitor.WarningLevel   `json:"finalLevel"`
}

// monitorSignal is one monitor.Signal.
type monitorSignal struct {
	Rule     monitor.RuleID         `json:"rule"`
	Code     monitor.SignalCode     `json:"code"`
	Kind     monitor.RuleKind       `json:"kind"`
	Category monitor.SignalCategory `json:"category"`
	Severity monitor.WarningLevel   `json:"severity"`
	Metric   monitor.Metric         `json:"metric"`
	Value    float64                `json:"value"`
	Limit    float64                `json:"threshold"`
	Period   civilDate              `json:"period"`
	From     civilDate              `json:"from"`
}

// classificationReason is one monitor.Reason with the regulation it comes from.
type classificationReason struct {
	Code     monitor.ReasonCode `json:"code"`
	Category monitor.Category   `json:"category"`
	Source   string             `json:"source"`
}

// classify evaluates a loan's history under a named signal set and puts the
// loan into its five-category class.
func classify(doc *registry.Document, r *http.Request) (any, *problem.Problem) {
	var req monitorRequest
	if p := problem.Decode(r, &req); p != nil {
		return nil, p
	}
	resp, p := classifyWith(doc, req)
	if p != nil {
		return nil, p
	}
	return resp, nil
}

// classifyWith runs the signal set and the classifier for a request.
func classifyWith(doc *registry.Document, req monitorRequest) (monitorResponse, *problem.Problem) {
	if req.AsOf.IsZero() {
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeMissingFact, `"asOf" is required: the assessment date, YYYY-MM-DD`)
		p.Errors = []problem.MemberError{{Pointer: "/asOf", Code: problem.CodeMissingFact, Detail: "required"}}
		return monitorResponse{}, p
	}
	h := monitor.History{Loan: req.Loan, PDOrigination: req.PDOrigination, Observations: make([]monitor.Observation, len(req.Observations))}
	dpd, seen := 0, false
	var members []problem.MemberError
	for i, o := range req.Observations {
		if o.Date.IsZero() {
			members = append(members, problem.MemberError{Pointer: fmt.Sprintf("/observations/%d/date", i), Code: problem.CodeMissingFact, Detail: "required"})
			continue
		}
		obs, err := o.observation()
		if err != nil {
			members = append(members, problem.MemberError{Pointer: fmt.Sprintf("/observations/%d/events", i), Code: problem.CodeInvalidFact, Detail: err.Error()})
			continue
		}
		h.Observations[i] = obs
		if !o.Missing && !o.Date.After(req.AsOf.Time) {
			dpd, seen = o.DPD, true
		}
	}
	if len(members) > 0 {
		c := members[0].Code
		p := problem.New(http.StatusUnprocessableEntity, c, "some observations are unusable")
		p.Errors = members
		return monitorResponse{}, p
	}
	if !seen {
		p := problem.New(http.StatusUnprocessableEntity, problem.CodeMissingFact, "no observation with data is dated on or before asOf")
		p.Errors = []problem.MemberError{{Pointer: "/observations", Code: problem.CodeMissingFact, Detail: "need at least one observation on or before asOf"}}
		return monitorResponse{}, p
	}
	res, err := doc.Compiled.(*monitor.SignalSet).Evaluate(&h, req.AsOf.Time)
	if err != nil {
		return monitorResponse{}, monitorProblem(err)
	}
	f := req.Facts
	cl, err := monitor.Classify(monitor.ClassificationInput{
		Loan: req.Loan, DPD: dpd, TechnicalDelay: f.TechnicalDelay, CreditImpaired: f.CreditImpaired,
		ExternalDowngrade: f.ExternalDowngrade, DebtEvasion: f.DebtEvasion, MisuseOfFunds: f.MisuseOfFunds,
		Evergreening: f.Evergreening, NPLElsewhere: f.NPLElsewhere, Watch: f.Watch, ECLCoverage: f.ECLCoverage, Expert: f.Expert,
	}, req.AsOf.Time)
	if err != nil {
		return monitorResponse{}, monitorProblem(err)
	}
	resp := monitorResponse{
		SignalSet: doc.Ref(), Loan: req.Loan, AsOf: req.AsOf, Level: res.Level, Escalated: res.Escalated,
		Signals: []monitorSignal{}, Unevaluated: res.Unevaluated, DPD: dpd,
		Category: cl.Category, Floor: cl.Floor, Reasons: []classificationReason{},
		FinalLevel: monitor.FinalLevel(res.Level, cl.Category),
	}
	if resp.Unevaluated == nil {
		resp.Unevaluated = []monitor.RuleID{}
	}
	for _, sg := range res.Signals {
		e := sg.Evidence
		resp.Signals = append(resp.Signals, monitorSignal{Rule: sg.Rule, Code: sg.Code, Kind: sg.Kind, Category: sg.Category,
			Severity: sg.Severity, Metric: e.Metric, Value: e.Value, Limit: e.Threshold, Period: civilDate{e.Period}, From: civilDate{e.From}})
	}
	for _, rs := range cl.Reasons {
		resp.Reasons = append(resp.Reasons, classificationReason{Code: rs.Code, Category: rs.Category, Source: rs.Code.Source()})
	}
	return resp, nil
}

// observation converts the JSON form, setting a Known bit for every optional
// field present.
func (o monitorObservation) observation() (monitor.Observation, error) {
	obs := monitor.Observation{Date: o.Date.Time, Missing: o.Missing, DPD: o.DPD}
	for _, name := range o.Events {
		var e monitor.Event
		if err := e.UnmarshalText([]byte(name)); err != nil {
			return obs, fmt.Errorf("unknown event %q", name)
		}
		obs.Events |= e
	}
	setKnown(&obs, o.PastDue, &obs.PastDue, monitor.FieldPastDue)
	setKnown(&obs, o.Outstanding, &obs.Outstanding, monitor.FieldOutstanding)
	setKnown(&obs, o.Limit, &obs.Limit, monitor.FieldLimit)
	setKnown(&obs, o.Turnover, &obs.Turnover, monitor.FieldTurnover)
	setKnown(&obs, o.CreditBalance, &obs.CreditBalance, monitor.FieldCreditBalance)
	setKnown(&obs, o.Collateral, &obs.Collateral, monitor.FieldCollateral)
	setKnown(&obs, o.Revenue, &obs.Revenue, monitor.FieldRevenue)
	setKnown(&obs, o.DebtElsewhere, &obs.DebtElsewhere, monitor.FieldDebtElsewhere)
	setKnown(&obs, o.EquityToAssets, &obs.EquityToAssets, monitor.FieldEquityToAssets)
	setKnown(&obs, o.ProfitMargin, &obs.ProfitMargin, monitor.FieldProfitMargin)
	setKnown(&obs, o.DSCR, &obs.DSCR, monitor.FieldDSCR)
	setKnown(&obs, o.CurrentRatio, &obs.CurrentRatio, monitor.FieldCurrentRatio)
	setKnown(&obs, o.QuickRatio, &obs.QuickRatio, monitor.FieldQuickRatio)
	setKnown(&obs, o.PD, &obs.PD, monitor.FieldPD)
	if o.CovenantBreach != nil {
		obs.CovenantBreach, obs.Known = *o.CovenantBreach, obs.Known|monitor.FieldCovenant
	}
	return obs, nil
}

// monitorProblem maps the monitor package's input errors to a 422 problem,
// pointing at the member the error's Field names: an observation field
// (`loan "x" observations[3].dpd` → /observations/3/dpd), the history's
// pdOrigination, or a classification fact (/facts/eclCoverage).
func monitorProblem(err error) *problem.Problem {
	p := problem.New(http.StatusUnprocessableEntity, problem.CodeInvalidFact, err.Error())
	var ie *monitor.InputError
	if !errors.As(err, &ie) {
		return p
	}
	ptr := monitorPointer(ie.Field)
	code := problem.CodeInvalidFact
	if errors.Is(err, monitor.ErrShortHistory) {
		p.Code, p.Type = problem.CodeMissingFact, problem.TypeBase+string(problem.CodeMissingFact)
		code = problem.CodeMissingFact
	}
	p.Errors = []problem.MemberError{{Pointer: ptr, Code: code, Detail: err.Error()}}
	return p
}

// monitorPointer turns a monitor.InputError field path into a JSON pointer
// into the request: the loan prefix is dropped, "observations[3].dpd"
// becomes /observations/3/dpd, and a classification fact goes under /facts.
func monitorPointer(field string) string {
	if rest, ok := strings.CutPrefix(field, "loan "); ok {
		// the quoted loan id, then a space and the path
		if id, err := strconv.QuotedPrefix(rest); err == nil {
			field = strings.TrimPrefix(rest[len(id):], " ")
		}
	}
	switch {
	case field == "observations" || strings.HasPrefix(field, "observations["):
		r := strings.NewReplacer("[", "/", "]", "", ".", "/")
		return "/" + r.Replace(field)
	case field == "pdOrigination" || field == "asOf":
		return "/" + field
	}
	return "/facts/" + field
}

// setKnown copies a value given in the request into the observation field
// dst and marks that field known; an absent value (nil) stays missing.
func setKnown[T any](obs *monitor.Observation, v, dst *T, bit monitor.Field) {
	if v != nil {
		*dst, obs.Known = *v, obs.Known|bit
	}
}
