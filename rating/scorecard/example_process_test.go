package scorecard_test

import (
	"fmt"

	"github.com/smecredit/smecredit/rating/scorecard"
)

// ExampleBinAll bins five German credit variables in one call, prints the
// IV summary, and fits a scorecard on the variables with IV ≥ 0.1.
func ExampleBinAll() {
	cols, y := german()
	names := []string{"status_of_existing_checking_account", "duration_in_month", "age_in_years", "purpose", "present_residence_since"}
	data := []scorecard.Column{
		{Cat: cols[names[0]]},
		{Num: floats(cols[names[1]])},
		{Num: floats(cols[names[2]])},
		{Cat: cols[names[3]]},
		{Num: floats(cols[names[4]])},
	}
	r, err := scorecard.BinAll(data, y, scorecard.BinAllOptions{
		Names:       names,
		Default:     scorecard.BinOptions{MaxBins: 5, MinBinShare: 0.05},
		PerVariable: map[string]scorecard.BinOptions{"purpose": {MaxBins: 4, MinBinShare: 0.05}},
		MinIV:       0.1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range r.Summary {
		fmt.Printf("%-36s IV %.4f  bins %d  selected %v\n", row.Name, row.IV, row.Bins, row.Selected)
	}
	x, err := r.Transform(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, p := x.Dims()
	fmt.Printf("WoE matrix %d×%d\n", rows, p)
	sc, err := scorecard.Fit(r.Tables(), r.Columns(data), y, scorecard.ModelOptions{Round: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("fitted %d variables, base points %.0f\n", len(sc.Variables), sc.BasePoints)
	// Output:
	// status_of_existing_checking_account  IV 0.6660  bins 4  selected true
	// duration_in_month                    IV 0.2784  bins 5  selected true
	// purpose                              IV 0.1634  bins 4  selected true
	// age_in_years                         IV 0.1002  bins 4  selected true
	// present_residence_since              IV 0.0018  bins 2  selected false
	// WoE matrix 1000×4
	// fitted 4 variables, base points 449
}
