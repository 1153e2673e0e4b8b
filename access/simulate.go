package access

import (
	"fmt"
)

// DecisionStats counts one decision in a simulation. The zero value is an
// empty count.
//
// Rate is Count / N of the report, a fraction. Bad is the number of those
// applicants with a bad outcome and BadRate is Bad / Count, a fraction; both
// are 0 when no outcomes were given or Count is 0.
type DecisionStats struct {
	Decision Decision `json:"decision"`
	Count    int      `json:"count"`
	Rate     float64  `json:"rate"`
	Bad      int      `json:"bad"`
	BadRate  float64  `json:"badRate"`
}

// RuleStats counts one rule's effect in a simulation. The zero value is an
// empty count.
//
// Hits is the number of applicants for whom the rule gave a reason (its
// condition failed, or a fact was missing and onMissing is not pass);
// Missing counts the hits due to a missing fact. HitRate is Hits / N. Bad is
// the number of hit applicants with a bad outcome.
//
// UniqueHits counts the applicants the rule alone decided: the rule applied
// the severity that set the decision (reject for a rejected applicant, refer
// for a referred one) and no other rule did. Removing the rule would change
// exactly those decisions. Warn rules never have unique hits.
type RuleStats struct {
	RuleID     RuleID     `json:"ruleID"`
	Code       ReasonCode `json:"code"`
	Severity   Severity   `json:"severity"` // the rule's severity, not the applied one
	Hits       int        `json:"hits"`
	Missing    int        `json:"missing"`
	HitRate    float64    `json:"hitRate"`
	UniqueHits int        `json:"uniqueHits"`
	Bad        int        `json:"bad"`
}

// SimulationReport summarises a policy over a batch of historical applicants.
// Decisions lists accept, refer and reject in that order; Rules lists the
// rules in declared order. Bad is the number of bad outcomes among the N
// applicants decided (0 when no outcomes were given).
//
// The zero value is an empty report.
type SimulationReport struct {
	PolicyID  string          `json:"policyID"`
	Version   string          `json:"version"`
	Hash      string          `json:"hash"`
	N         int             `json:"n"`
	Bad       int             `json:"bad"`
	Decisions []DecisionStats `json:"decisions"`
	Rules     []RuleStats     `json:"rules"`
}

// Simulate decides every applicant and aggregates the results. bad, when not
// nil, holds each applicant's known outcome (true = defaulted or went
// bankrupt) and must have the same length as applicants, else the error wraps
// [ErrLength].
//
// A nil or zero p gives an [*InputError] wrapping [ErrNilPolicy]. An
// applicant whose Facts belong to another schema, or are nil or zero, is left
// out and reported as an [*InputError] with Field "applicants[i]" wrapping
// [ErrSchemaMismatch] or [ErrNilFacts]; the report covers the others, and the
// errors are joined (at most [MaxErrors], then one saying how many more). Simulate does not
// modify its arguments. Cost: O(len(applicants) × rules).
//
// The rates are plain proportions:
//
//	Rate     = Count / N          share of applicants with the decision
//	BadRate  = Bad / Count        observed bad rate within the decision
//	HitRate  = Hits / N           share of applicants the rule gave a reason
//
// References:
//   - Project access reference (docs/reference/access.md), section 3.3: simulation over
//     historical applications and champion / challenger replays.
func (p *Policy) Simulate(applicants []*Facts, bad []bool) (SimulationReport, error) {
	if err := p.valid("p"); err != nil {
		return SimulationReport{}, err
	}
	rep := SimulationReport{PolicyID: p.id, Version: p.version, Hash: p.hash}
	if bad != nil && len(bad) != len(applicants) {
		return rep, &InputError{Field: "bad", Value: fmt.Sprintf("%d outcomes for %d applicants", len(bad), len(applicants)), Err: ErrLength}
	}
	rep.Decisions = []DecisionStats{{Decision: Accept}, {Decision: Refer}, {Decision: Reject}}
	rep.Rules = make([]RuleStats, len(p.rules))
	for i, r := range p.rules {
		rep.Rules[i] = RuleStats{RuleID: r.id, Code: r.code, Severity: r.sev.severity()}
	}
	var errs []error
	var out Outcome
	for i, f := range applicants {
		if err := p.decide(&out, f, false); err != nil {
			errs = append(errs, applicantErr(i, err))
			continue
		}
		isBad := bad != nil && bad[i]
		rep.N++
		ds := &rep.Decisions[out.Decision-Accept]
		ds.Count++
		if isBad {
			rep.Bad++
			ds.Bad++
		}
		deciding := sevRefer
		if out.Decision == Reject {
			deciding = sevReject
		}
		only, count := -1, 0
		for _, t := range out.Reasons {
			k := t.index()
			rs := &rep.Rules[k]
			rs.Hits++
			if t.Missing() {
				rs.Missing++
			}
			if isBad {
				rs.Bad++
			}
			if out.Decision != Accept && t.tag.sev() == deciding {
				only, count = k, count+1
			}
		}
		if count == 1 {
			rep.Rules[only].UniqueHits++
		}
	}
	for k := range rep.Decisions {
		ds := &rep.Decisions[k]
		ds.Rate = ratio(ds.Count, rep.N)
		ds.BadRate = ratio(ds.Bad, ds.Count)
	}
	for k := range rep.Rules {
		rep.Rules[k].HitRate = ratio(rep.Rules[k].Hits, rep.N)
	}
	return rep, joinErrs(errs, false)
}

// ratio returns a / b, or 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
