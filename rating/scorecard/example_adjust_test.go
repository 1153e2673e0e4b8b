package scorecard_test

import (
	"fmt"

	"github.com/smecredit/smecredit/rating/scorecard"
)

// ExampleTable_String prints R scorecard's woebin example for housing on
// the German credit data (counts from docs/reference/woebin.html, WoE =
// ln(%bad/%good)) in optbinning's layout, then merges "own" into "rent"
// by hand: the table, its WoE and its IV are recomputed (0.003465 +
// 0.026106 by hand).
func ExampleTable_String() {
	t, err := scorecard.NewTable(scorecard.TableSpec{
		Name: "housing", Kind: scorecard.Categorical, WoESign: scorecard.BadOverGood,
		Groups: [][]string{{"rent"}, {"own"}, {"for free"}},
		Counts: []scorecard.BinCounts{{NonEvents: 109, Events: 70}, {NonEvents: 527, Events: 186}, {NonEvents: 64, Events: 44}, {}, {}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(t)
	m, _ := t.Merge(0)
	fmt.Printf("after merging bins 0 and 1: %s, IV %.6f\n", m.Label(0), m.IV)
	// Output:
	//                 Bin  Count  Count (%)  Non-event  Event  Event rate        WoE        IV        JS
	//        0      {rent}    179   0.179000        109     70    0.391061   0.404445  0.031393  0.003898
	//        1       {own}    713   0.713000        527    186    0.260870  -0.194156  0.025795  0.003219
	//        2  {for free}    108   0.108000         64     44    0.407407   0.472604  0.026106  0.003233
	//        3     Special      0   0.000000          0      0    0.000000   0.000000  0.000000  0.000000
	//        4     Missing      0   0.000000          0      0    0.000000   0.000000  0.000000  0.000000
	//   Totals               1000   1.000000        700    300    0.300000             0.083293  0.010350
	// after merging bins 0 and 1: {own, rent}, IV 0.029570
}
