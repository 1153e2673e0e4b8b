package review_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/access/review"
)

// ExampleNetwork_Cascade runs a default cascade through a guarantee chain: a trader guarantees
// the applicant's loan, a workshop the trader's, and a large supplier the workshop's. The
// applicant defaults; at a recovery of 40 % the trader loses 480 of its 500 net worth and
// survives, at 20 % it loses 640 and defaults, and so does the workshop in the next round.
func ExampleNetwork_Cascade() {
	d := decimal.NewFromInt
	net, _ := review.NewNetwork(
		[]review.Firm{{ID: "applicant", NetWorth: d(100)}, {ID: "trader", NetWorth: d(500)},
			{ID: "workshop", NetWorth: d(400)}, {ID: "supplier", NetWorth: d(5000)}},
		[]review.Guarantee{{Guarantor: "trader", Borrower: "applicant", Amount: d(800)},
			{Guarantor: "workshop", Borrower: "trader", Amount: d(600)},
			{Guarantor: "supplier", Borrower: "workshop", Amount: d(900)}})
	for _, recovery := range []float64{0.4, 0.2} {
		r, err := net.Cascade([]int{0}, recovery)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("recovery %.0f%%: %d in default after %d rounds\n", recovery*100, r.Count, r.Rounds)
		for i := range net.Len() {
			if r.Round[i] > 0 || !r.Loss[i].IsZero() {
				fmt.Printf("  %-8s round %2d loss %s\n", net.ID(i), r.Round[i], r.Loss[i].StringFixed(0))
			}
		}
	}
	// Output:
	// recovery 40%: 1 in default after 0 rounds
	//   trader   round -1 loss 480
	// recovery 20%: 3 in default after 2 rounds
	//   trader   round  1 loss 640
	//   workshop round  2 loss 480
	//   supplier round -1 loss 720
}
