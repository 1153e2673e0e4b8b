package review_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/access"
	"github.com/smecredit/smecredit/access/review"
)

// The policy thresholds below are illustrative: no published contingent-liability or
// verified-revenue limit was found (review.md §3–4).
const reviewSchema = `{"kind": "access-schema", "version": "review-facts/1",
  "fields": [
    {"name": "verified_revenue_share", "kind": "decimal", "scale": 4, "unit": "fraction"},
    {"name": "in_guarantee_circle", "kind": "bool"},
    {"name": "contingent_to_net_worth", "kind": "decimal", "scale": 4, "unit": "fraction"},
    {"name": "guaranteed_by_related_party", "kind": "bool"}
  ]}`

const reviewPolicy = `{"kind": "access-policy", "id": "review-gate", "version": "1", "schemaVersion": "review-facts/1",
  "rules": [
    {"id": "D01", "code": "DD_VERIFIED_REVENUE", "field": "verified_revenue_share", "op": "ge", "value": "0.8000", "severity": "refer"},
    {"id": "D02", "code": "DD_GUARANTEE_CIRCLE", "field": "in_guarantee_circle", "op": "is-false", "severity": "refer"},
    {"id": "D03", "code": "DD_CONTINGENT", "field": "contingent_to_net_worth", "op": "le", "value": "1.0000", "severity": "reject"},
    {"id": "D04", "code": "DD_RELATED_GUARANTOR", "field": "guaranteed_by_related_party", "op": "is-false", "severity": "refer"}
  ]}`

// Example_policy derives the review facts of an applicant and feeds them to an access policy.
func Example_policy() {
	d := decimal.NewFromInt
	rec, _ := review.CompileReconciliation(review.ReconciliationSpec{Kind: review.KindReconciliation,
		Sources: []review.SourceSpec{{Name: "bank-credits", Low: 0.8, High: 1.3, Rank: 1, Required: true}}})
	rr, _ := rec.Reconcile("2024", d(1000), map[string]decimal.Decimal{"bank-credits": d(700)})
	net, _ := review.NewNetwork(
		[]review.Firm{{ID: "applicant", NetWorth: d(500)}, {ID: "partner", NetWorth: d(200)}},
		[]review.Guarantee{{Guarantor: "applicant", Borrower: "partner", Amount: d(300)},
			{Guarantor: "partner", Borrower: "applicant", Amount: d(250)}})
	// The partner shares the applicant's controlling shareholder.
	rel, _ := net.Related([]review.Tie{{A: "applicant", B: "partner", Kind: review.CommonController}})
	facts := review.Derive(rr, net.Exposure().Firms[0]).WithRelation(rel.Firms[0])

	schema, err := access.LoadSchema([]byte(reviewSchema), access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, err := access.LoadPolicy([]byte(reviewPolicy), schema, access.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := schema.NewFacts()
	_ = f.SetDecimal("verified_revenue_share", decimal.NewFromFloat(facts.VerifiedRevenueShare).Round(4))
	_ = f.SetBool("in_guarantee_circle", facts.InGuaranteeCircle)
	_ = f.SetBool("guaranteed_by_related_party", facts.GuaranteedByRelatedParty)
	if facts.ContingentToNetWorthDefined {
		_ = f.SetDecimal("contingent_to_net_worth", facts.ContingentToNetWorth)
	}
	out, err := policy.Decide(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("decision:", out.Decision)
	for _, r := range out.Reasons {
		fmt.Printf("%s %s: observed %v\n", r.RuleID(), r.Code(), r.Observed())
	}
	// Output:
	// decision: refer
	// D01 DD_VERIFIED_REVENUE: observed 0.7000
	// D02 DD_GUARANTEE_CIRCLE: observed true
	// D04 DD_RELATED_GUARANTOR: observed true
}
