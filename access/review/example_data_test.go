package review_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"

	"github.com/shopspring/decimal"
	"github.com/smecredit/smecredit/access/review"
)

// Example_germanCredit runs the first-digit and first-two-digits tests on the 1,000 real
// credit amounts of the Statlog German credit data (UCI id 144, CC BY 4.0; see testdata).
// Loan amounts are not Benford data (they cluster at round sizes), so nonconformity is the
// expected outcome; the first-digit counts 356 190 141 67 44 66 64 32 40 and χ² = 46.60 were
// recounted outside this package.
func Example_germanCredit() {
	data, err := os.ReadFile("testdata/german-credit-amounts.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	var amounts []decimal.Decimal
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		amounts = append(amounts, decimal.RequireFromString(sc.Text()))
	}
	for _, t := range []review.DigitTest{review.FirstDigit, review.FirstTwoDigits} {
		r, err := review.Benford(amounts, t, review.BenfordOptions{})
		fmt.Printf("%v: N=%d chi2=%.2f (df %d) MAD=%.5f %v KS=%.4f (5%% critical %.4f) warning=%v\n",
			t, r.N, r.ChiSquare, r.DF, r.MAD, r.Conformity, r.KS, r.KSCritical, err != nil)
	}
	// Output:
	// first-digit: N=1000 chi2=46.60 (df 8) MAD=0.02021 nonconformity KS=0.0849 (5% critical 0.0430) warning=false
	// first-two-digits: N=1000 chi2=175.79 (df 89) MAD=0.00378 nonconformity KS=0.0849 (5% critical 0.0430) warning=false
}
