package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/smecredit/smecredit/rating/scorecard"
	"github.com/smecredit/smecredit/rating/validation"
)

// ownData is a student's CSV file: one Column per variable (all columns but the target) and
// the target as 1 = bad, 0 = good.
type ownData struct {
	names []string
	cols  []scorecard.Column
	raw   [][]string // the trimmed cells of each column
	y     []float64
}

// readCSV reads a CSV with a header row. The target column holds 0/1 (1 = bad), or, when bad
// is not empty, any text where bad marks a bad row and every other value a good one. A column is
// numeric when every non-empty cell is a finite number (empty cells become NaN, the missing
// value); otherwise it is categorical and "" is its missing value.
//
// idCol, when not empty, names a column that identifies rows (a customer number): it is left
// out of the variables.
func readCSV(r io.Reader, target, bad, idCol string, sep rune) (*ownData, error) {
	cr := csv.NewReader(r)
	cr.Comma = sep
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) < 2 {
		return nil, errors.New("the file needs a header row and at least one data row")
	}
	header := recs[0]
	header[0] = strings.TrimPrefix(header[0], "\ufeff") // the byte-order mark of Excel's "CSV UTF-8"
	first := map[string]int{}
	for j, h := range header {
		h = strings.TrimSpace(h)
		if k, dup := first[h]; dup {
			return nil, fmt.Errorf("line 1: column %q appears twice (columns %d and %d)", h, k+1, j+1)
		}
		first[h] = j
	}
	ti := -1
	for j, h := range header {
		if strings.TrimSpace(h) == target {
			ti = j
		}
	}
	if ti < 0 {
		return nil, fmt.Errorf("no column %q in the header %q", target, header)
	}
	ii := -1
	if idCol != "" {
		for j, h := range header {
			if strings.TrimSpace(h) == idCol {
				ii = j
			}
		}
		if ii < 0 {
			return nil, fmt.Errorf("no id column %q in the header %q", idCol, header)
		}
	}
	d := &ownData{}
	for _, r := range recs[1:] {
		v := strings.TrimSpace(r[ti])
		switch {
		case bad != "":
			d.y = append(d.y, map[bool]float64{true: 1, false: 0}[v == bad])
		case v == "1":
			d.y = append(d.y, 1)
		case v == "0":
			d.y = append(d.y, 0)
		default:
			return nil, fmt.Errorf("line %d: target %s = %q is not 0 or 1 (use -bad VALUE for text labels)", len(d.y)+2, target, v)
		}
	}
	for j, h := range header {
		if j == ti || j == ii {
			continue
		}
		cells := make([]string, len(recs)-1)
		for i, r := range recs[1:] {
			cells[i] = strings.TrimSpace(r[j])
			if nonFinite(cells[i]) {
				return nil, fmt.Errorf("line %d, column %s: %q is not a finite number (leave the cell empty for a missing value)", i+2, strings.TrimSpace(h), cells[i])
			}
		}
		d.names = append(d.names, strings.TrimSpace(h))
		d.cols = append(d.cols, column(cells))
		d.raw = append(d.raw, cells)
	}
	if len(d.cols) == 0 {
		return nil, errors.New("no variable besides the target")
	}
	return d, nil
}

// nonFinite reports whether s has the syntax of a number but is not a finite float64 ("NaN",
// "Inf", "1e400"): an error in the data, never a category.
func nonFinite(s string) bool {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return false
	}
	return math.IsInf(v, 0) || math.IsNaN(v)
}

// column returns cells as numbers when every non-empty one is a finite number (and one is not
// empty), else as categories.
func column(cells []string) scorecard.Column {
	x := make([]float64, len(cells))
	seen := false
	for i, s := range cells {
		if s == "" {
			x[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return scorecard.Column{Cat: cells}
		}
		x[i], seen = v, true
	}
	if !seen {
		return scorecard.Column{Cat: cells}
	}
	return scorecard.Column{Num: x}
}

// like returns the columns of n (a newer sample) with the kinds of the columns of d, matched by
// name: a numeric column of d must hold numbers (or empty cells) in n.
func (d *ownData) like(n *ownData) ([]scorecard.Column, error) {
	out := make([]scorecard.Column, len(d.names))
	for j, name := range d.names {
		k := slices.Index(n.names, name)
		if k < 0 {
			return nil, fmt.Errorf("the new sample has no column %q", name)
		}
		if d.cols[j].Cat != nil {
			out[j] = scorecard.Column{Cat: n.raw[k]}
			continue
		}
		x := make([]float64, len(n.raw[k]))
		for i, s := range n.raw[k] {
			if s == "" {
				x[i] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				return nil, fmt.Errorf("column %q, line %d: %q is not a number (the column is numeric in the development data)", name, i+2, s)
			}
			x[i] = v
		}
		out[j] = scorecard.Column{Num: x}
	}
	return out, nil
}

// runOwn bins every variable of d with scorecard.BinAll, prints the IV table, fits a scorecard
// on the variables with IV ≥ 0.02 (of two whose WoE correlate beyond 0.6, the stronger) and prints its coefficients, points and in-sample AUC. With a
// newer sample nd it then prints the monitoring report of the scorecard on nd against d.
func runOwn(w io.Writer, d, nd *ownData, source, modelFile string) error {
	fmt.Fprintf(w, "%d rows (%d bad), %d variables.\n\n", len(d.y), int(sum(d.y)), len(d.cols))
	res, err := scorecard.BinAll(d.cols, d.y, scorecard.BinAllOptions{
		Names:          d.names,
		Default:        scorecard.BinOptions{MaxBins: 5, MinBinShare: 0.05, NaNMissing: true},
		MinIV:          0.02,
		MaxCorrelation: 0.6,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Step 1. Information value of each variable (all rows):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  variable\tkind\tbins\tIV\tstrength\tmissing\tselected")
	for _, row := range res.Summary {
		kind := "numeric"
		if d.cols[row.Index].Cat != nil {
			kind = "categorical"
		}
		sel := "yes"
		if !row.Selected {
			sel = "no (" + row.Excluded.String() + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%.4f\t%s\t%.3f\t%s\n", row.Name, kind, row.Bins, row.IV, strength(row.IV), row.MissingShare, sel)
	}
	tw.Flush()
	for j, v := range res.Variables {
		if v.Err != nil {
			fmt.Fprintf(w, "  %s: not binned: %v\n", res.Names[j], v.Err)
		}
	}
	if len(res.Selected) == 0 {
		return errors.New("no variable is selected (IV ≥ 0.02); nothing to fit")
	}
	for k, row := range res.Summary {
		if k == 3 {
			break
		}
		printTable(w, res.Variables[row.Index].Result)
	}

	cols := res.Columns(d.cols)
	card, err := scorecard.Fit(res.Tables(), cols, d.y, scorecard.ModelOptions{
		Round: true, MaxReasons: 3, ID: "own-data", Version: "1",
		Description: "scorecard fitted by examples/scorecard on the student's own data",
		Data:        scorecard.TrainingData{Source: source, Description: "every row of the file"},
	})
	var sw *scorecard.SignWarning
	if errors.As(err, &sw) {
		fmt.Fprintf(w, "\nnote: %v\n", sw)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nStep 2. Logistic regression of bad on the WoE of the %d selected variables:\n", len(res.Selected))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "term\tcoef\tSE\tz\tp-value\t")
	fmt.Fprintf(tw, "intercept\t%.4f\t%.4f\t%.2f\t%.2g\t\n", card.Intercept.Coef, card.Intercept.SE, card.Intercept.Z, card.Intercept.P)
	for _, v := range card.Variables {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.2f\t%.2g\t\n", v.Table.Name, v.Coef.Coef, v.Coef.SE, v.Coef.Z, v.Coef.P)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nStep 3. Points (base points %.0f):\n", card.BasePoints)
	for _, v := range card.Variables {
		fmt.Fprintf(w, "  %s\n", v.Table.Name)
		for b := range v.Table.Bins {
			if v.Table.Bins[b].Count > 0 {
				fmt.Fprintf(w, "    %-62s %5.0f\n", shorten(v.Table.Label(b), 62), v.Points[b])
			}
		}
	}
	scores, _, err := scoreAll(card, cols, len(d.y))
	if err != nil {
		return err
	}
	bad := make([]bool, len(d.y))
	for i, v := range d.y {
		bad[i] = v == 1
	}
	disc, err := validation.Discriminate(scores, bad, validation.HigherSafer)
	if err != nil && !errors.Is(err, validation.ErrFewDefaults) {
		return err
	}
	fmt.Fprintf(w, "\nIn-sample AUC %.3f, Gini %.3f, KS %.3f (optimistic: measured on the fitting data).\n", disc.AUC, disc.Gini, disc.KS)
	if nd != nil {
		newCols, err := d.like(nd)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, "\nStep 4. The scorecard on the new sample:")
		sel := make([]scorecard.Column, len(res.Selected))
		for k, j := range res.Selected {
			sel[k] = newCols[j]
		}
		if _, err := monitor(w, card, cols, d.y, sel, nd.y); err != nil {
			return err
		}
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
	return nil
}
