package rating_test

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating"
)

// A small indicator system in JSON: two dimensions, three indicators,
// weights on two levels, the default SME master scale.
const smallModel = `{
  "kind": "rating-model", "version": "2026-1", "id": "sme-mini",
  "dimensions": [
    {"id": "solvency", "weight": 0.6},
    {"id": "profitability", "weight": 0.4}
  ],
  "indicators": [
    {"id": "debt_to_assets", "dimension": "solvency", "direction": "cost",
     "scoring": {"kind": "linear", "worst": 0.8, "best": 0.4}, "weight": 0.6, "missing": "error"},
    {"id": "current_ratio", "dimension": "solvency", "direction": "benefit",
     "scoring": {"kind": "linear", "worst": 0.8, "best": 2.0}, "weight": 0.4, "missing": "worst"},
    {"id": "roa", "dimension": "profitability", "direction": "benefit",
     "scoring": {"kind": "piecewise", "points": [{"x": -0.05, "score": 0}, {"x": 0, "score": 40}, {"x": 0.08, "score": 100}]},
     "weight": 1, "missing": "error"}
  ],
  "scale": {"id": "sme-default", "version": "proposal-1", "grades": [
    {"name": "AAA", "minScore": 90, "pd": 0.0007}, {"name": "AA", "minScore": 85, "pd": 0.0014},
    {"name": "A", "minScore": 80, "pd": 0.0028}, {"name": "BBB", "minScore": 72, "pd": 0.006},
    {"name": "BB", "minScore": 64, "pd": 0.013}, {"name": "B", "minScore": 55, "pd": 0.032},
    {"name": "CCC", "minScore": 45, "pd": 0.077}, {"name": "CC", "minScore": 35, "pd": 0.17},
    {"name": "C", "minScore": 0, "pd": 0.35}, {"name": "D", "minScore": 0, "pd": 1, "default": true}]}
}`

// Example builds a model from JSON, scores one firm and reads the
// contributions that cost it the most points.
func Example() {
	m, err := rating.LoadModel([]byte(smallModel))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Values in model order: debt/assets 0.7, current ratio 1.1, ROA 2%.
	r, err := m.Score([]float64{0.7, 1.1, 0.02}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("score %.1f, grade %s, PD %.2f%%\n", r.Score, m.Scale().Name(r.Grade), 100*r.PD)
	cs, _ := m.Explain(r)
	for _, c := range cs {
		fmt.Printf("%-15s %-13s score %5.1f  points %4.1f  lost %4.1f\n", c.ID, c.Dimension, c.Score, c.Points, c.Lost)
	}
	// Output:
	// score 37.0, grade CC, PD 17.00%
	// debt_to_assets  solvency      score  25.0  points  9.0  lost 27.0
	// current_ratio   solvency      score  25.0  points  6.0  lost 18.0
	// roa             profitability score  55.0  points 22.0  lost 18.0
}

// Example_error shows how Compile reports every problem of a spec with its
// path, and how callers branch on the sentinel rather than the text.
func Example_error() {
	_, err := rating.LoadModel([]byte(`{
	  "kind": "rating-model", "version": "1", "id": "bad",
	  "indicators": [
	    {"id": "a", "direction": "cost", "scoring": {"kind": "linear", "worst": 0.4, "best": 0.8}, "weight": 0.5},
	    {"id": "a", "direction": "benefit", "scoring": {"kind": "linear", "worst": 0, "best": 1}, "weight": 0.3}
	  ]}`))
	fmt.Println(err)
	fmt.Println("invalid spec:", errors.Is(err, rating.ErrInvalidSpec), "weight sum:", errors.Is(err, rating.ErrWeightSum))
	// Output:
	// rating: indicators[0].scoring.best: invalid spec: thresholds in the wrong order for a cost indicator: worst 0.4, best 0.8
	// rating: indicators[1].id: invalid spec: duplicate indicator "a"
	// rating: indicators: weights do not sum to 1: indicator weights sum to 0.8, want 1
	// invalid spec: true weight sum: true
}

// ExampleModel_Score_missing shows a scoring error for a missing value
// under the "error" policy, located with errors.As.
func ExampleModel_Score_missing() {
	m, _ := rating.LoadModel([]byte(smallModel))
	_, err := m.Score([]float64{0.7, 1.1, 0}, []bool{false, false, true})
	var ie *rating.InputError
	if errors.As(err, &ie) && errors.Is(err, rating.ErrMissingValue) {
		fmt.Println("missing:", ie.Field, "=", m.IDs()[2])
		fmt.Println(err)
	}
	// Output:
	// missing: values[2] = roa
	// rating: values[2]: missing indicator value
}

// ExampleModel_ScoreColumnsTo scores three firms given column by column
// (one slice per indicator, as a data frame holds them); the second firm's
// ROA is NaN, so it alone gets an error naming its element. Firm 2 by
// hand: 0.36·75 (debt/assets 0.5 between 0.8 and 0.4) + 0.24·58.33
// (current ratio 1.5 between 0.8 and 2.0) + 0.4·85 (ROA 0.06 on the
// segment 0 → 40, 0.08 → 100) = 27 + 14 + 34 = 75.
func ExampleModel_ScoreColumnsTo() {
	m, _ := rating.LoadModel([]byte(smallModel))
	cols := [][]float64{
		{0.7, 0.3, 0.5},          // debt/assets of firms 0, 1, 2
		{1.1, 2.0, 1.5},          // current ratio
		{0.02, math.NaN(), 0.06}, // ROA
	}
	res, err := m.ScoreColumnsTo(nil, cols, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, r := range res {
		if r.Err != nil {
			fmt.Printf("firm %d: %v\n", i, r.Err)
			continue
		}
		fmt.Printf("firm %d: score %.1f, grade %s\n", i, r.Result.Score, m.Scale().Name(r.Result.Grade))
	}
	// Output:
	// firm 0: score 37.0, grade CC
	// firm 1: rating: cols[2][1] = NaN: invalid input value
	// firm 2: score 75.0, grade BBB
}

// ExampleModel_ScoresTo scores the firms of ExampleModel_ScoreColumnsTo
// into columns of scores, grades and PDs (the layout of a data frame's
// result columns); the firm that could not be scored is listed in Notes
// and has zeros in the columns.
func ExampleModel_ScoresTo() {
	m, _ := rating.LoadModel([]byte(smallModel))
	cols := [][]float64{
		{0.7, 0.3, 0.5},          // debt/assets of firms 0, 1, 2
		{1.1, 2.0, 1.5},          // current ratio
		{0.02, math.NaN(), 0.06}, // ROA
	}
	res, err := m.ScoresTo(nil, cols, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("scores %.1f\ngrades %v\n", res.Score, res.Grade)
	for _, n := range res.Notes {
		fmt.Printf("firm %d: %v\n", n.Firm, n.Err)
	}
	// Output:
	// scores [37.0 0.0 75.0]
	// grades [grade 8 no grade grade 4]
	// firm 1: rating: cols[2][1] = NaN: invalid input value
}

// ExampleAHP derives criterion weights from a pairwise comparison matrix
// and checks its consistency: the car example of Wikipedia / AHPy
// (cost, safety, style, capacity).
func ExampleAHP() {
	a := mat.NewDense(4, 4, []float64{
		1, 3, 7, 3,
		1. / 3, 1, 9, 1,
		1. / 7, 1. / 9, 1, 1. / 7,
		1. / 3, 1, 7, 1,
	})
	res, err := rating.AHP(a, rating.AHPOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("weights %.4f\n", res.Weights)
	fmt.Printf("lambda max %.4f, CI %.4f, CR %.4f (RI %s %.2f)\n", res.LambdaMax, res.CI, res.CR, res.Table, res.RI)
	// Output:
	// weights [0.5101 0.2344 0.0405 0.2151]
	// lambda max 4.1992, CI 0.0664, CR 0.0738 (RI saaty-1980 0.90)
}

// ExampleAHP_inconsistent shows the weights returned together with the
// inconsistency warning, on Saaty's (1990) house example (CR 0.169).
func ExampleAHP_inconsistent() {
	res, err := rating.AHP(house, rating.AHPOptions{})
	var inc *rating.InconsistencyWarning
	if errors.As(err, &inc) {
		fmt.Printf("warning: CR %.3f >= %.2f; weights still returned: %.3f\n", inc.CR, inc.Threshold, res.Weights)
	}
	// Output:
	// warning: CR 0.169 >= 0.10; weights still returned: [0.173 0.054 0.188 0.018 0.031 0.036 0.167 0.333]
}

// ExampleCombineWeights combines AHP weights with entropy weights computed
// on data (the ENT-1 case, Xu 2004).
func ExampleCombineWeights() {
	data := mat.NewDense(4, 4, []float64{30, 30, 38, 29, 19, 54, 86, 29, 19, 15, 85, 28.9, 68, 70, 60, 29})
	objective, _ := rating.EntropyWeights(data, rating.EntropyOptions{})
	subjective := []float64{0.4, 0.3, 0.2, 0.1}
	w, _ := rating.CombineWeights(subjective, objective, rating.LinearCombination, 0.5)
	fmt.Printf("entropy %.4f\ncombined %.4f\n", objective, w)
	// Output:
	// entropy [0.4630 0.3992 0.1378 0.0000]
	// combined [0.4315 0.3496 0.1689 0.0500]
}

// ExampleMasterScale_ApplyOverride moves a model grade within the notch
// limit; a reason is mandatory.
func ExampleMasterScale_ApplyOverride() {
	s := rating.DefaultSMEMasterScale()
	g, _ := s.Grade(66) // BB
	down, err := s.ApplyOverride(g, rating.Override{To: g + 2, Reason: "main customer lost"})
	fmt.Println(s.Name(g), "->", s.Name(down), err)
	_, err = s.ApplyOverride(g, rating.Override{To: g - 1})
	fmt.Println(err)
	// Output:
	// BB -> CCC <nil>
	// rating: override.reason: override needs a reason
}

// ExampleTOPSIS ranks three cars (Hodgett's example: price is a cost).
func ExampleTOPSIS() {
	data := mat.NewDense(3, 4, []float64{5490, 51.4, 8.5, 285, 6500, 70.6, 7, 288, 6489, 54.3, 7.5, 290})
	res, _ := rating.TOPSIS(data, []float64{0.35, 0.25, 0.25, 0.15},
		[]rating.Direction{rating.Cost, rating.Benefit, rating.Benefit, rating.Benefit}, rating.NormVector)
	fmt.Printf("closeness %.4f\n", res.Closeness)
	// Output:
	// closeness [0.4817 0.5182 0.1780]
}

// ExampleFuzzyEvaluate evaluates an appraisal with M(·,+) and reads the
// maximum-membership grade and the grade-value score.
func ExampleFuzzyEvaluate() {
	r := mat.NewDense(4, 5, []float64{
		0.1, 0.5, 0.4, 0, 0,
		0.2, 0.5, 0.2, 0.1, 0,
		0.2, 0.5, 0.3, 0, 0,
		0.2, 0.6, 0.2, 0, 0,
	})
	res, _ := rating.FuzzyEvaluate([]float64{0.25, 0.20, 0.25, 0.30}, r, rating.FuzzyWeightedAverage)
	grades := []string{"excellent", "good", "fair", "poor", "bad"}
	score, _ := res.Score([]float64{100, 80, 60, 40, 20})
	fmt.Printf("B = %.3f, grade %s, score %.1f\n", res.Membership, grades[res.Grade], score)
	// Output:
	// B = [0.175 0.530 0.275 0.020 0.000], grade good, score 77.2
}
