package irb_test

import (
	"fmt"

	"github.com/smecredit/smecredit/internal/irb"
)

// The risk weight of an SME corporate exposure with PD 1 %, LGD 45 %, M 2.5 years and sales of
// EUR 5 m: Basel II Annex 5 prints 72.40 % (72.3947 % unrounded).
func ExampleCapital() {
	r, b, k := irb.Capital(irb.SMECorporate, 0.01, 0.45, 2.5, 5, irb.G999())
	fmt.Printf("R %.4f, b %.4f, K %.4f, RW %.2f%%\n", r, b, k, 100*12.5*k)
	// Output: R 0.1528, b 0.1375, K 0.0579, RW 72.39%
}
