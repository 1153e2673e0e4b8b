package review_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/access/review"
)

// ExampleNetwork_Related groups firms by declared related-party ties and flags the guarantee
// that one related firm gives another: the applicant's loan is guaranteed by a sister firm
// under the same controller and by an unrelated supplier.
func ExampleNetwork_Related() {
	d := decimal.NewFromInt
	net, _ := review.NewNetwork(
		[]review.Firm{{ID: "applicant", NetWorth: d(500)}, {ID: "sister", NetWorth: d(300)},
			{ID: "holding", NetWorth: d(2000)}, {ID: "supplier", NetWorth: d(800)}},
		[]review.Guarantee{{Guarantor: "sister", Borrower: "applicant", Amount: d(300)},
			{Guarantor: "supplier", Borrower: "applicant", Amount: d(100)}})
	rel, err := net.Related([]review.Tie{
		{A: "holding", B: "applicant", Kind: review.Control},
		{A: "holding", B: "sister", Kind: review.Control}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("related groups:", rel.Groups, "internal guarantees:", rel.InternalGuarantees)
	a := rel.Firms[0]
	for _, f := range a.Findings {
		fmt.Printf("%s %s: %s\n", f.Severity, f.Code, f.Message)
	}
	facts := review.Derived{}.WithRelation(a)
	fmt.Printf("guaranteed by related party: %v, related share %.2f, group size %d\n",
		facts.GuaranteedByRelatedParty, facts.RelatedGuaranteeShare, facts.RelatedGroupSize)

	_, err = net.Related([]review.Tie{{A: "sister", B: "sister", Kind: review.CommonShareholder}})
	fmt.Println(err)
	// Output:
	// related groups: [[0 1 2]] internal guarantees: 1
	// warning related-guarantee: sister guarantees 300 of related party applicant (related group of 3 firms)
	// guaranteed by related party: true, related share 0.75, group size 3
	// review: ties[0] = sister: related-party tie to oneself
}
