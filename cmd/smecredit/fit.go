package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smecredit/smecredit/rating/scorecard"
)

// maxFitRows bounds the rows scorecard fit holds in memory (the fit needs
// every row at once).
const maxFitRows = 5_000_000

func runScorecardFit(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("scorecard fit", "scorecard fit -data FILE -target COLUMN [-event V] [-nonevent V] [-id COLUMN] [-version V] [-o OUT]", stderr,
		"Bins every variable and fits the logistic regression on WoE, then writes the scorecard",
		"document. Fitting needs every row at once, so unlike decide, score and classify this",
		"command holds the whole training file in memory (at most 5,000,000 rows; memory grows",
		"with rows × columns): sample a larger population before fitting.")
	dataFile := fs.String("data", "", "training CSV `FILE` (header line; every column but -id and -target is a variable: numeric when every non-empty cell is a number, else categorical; empty cell = missing); - for standard input")
	target := fs.String("target", "", "CSV `COLUMN` holding the outcome")
	event := fs.String("event", "1", "target `VALUE` of an event (bad, default)")
	nonEvent := fs.String("nonevent", "0", "target `VALUE` of a non-event (good)")
	idName := fs.String("id", "id", "CSV `COLUMN` of row ids, not a variable")
	ver := fs.String("version", "", "version `LABEL` written into the scorecard document")
	out := fs.String("o", "", "output `FILE` for the scorecard document (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataFile == "" || *target == "" || fs.NArg() > 0 {
		return usagef("scorecard fit: want -data FILE -target COLUMN")
	}
	if *event == *nonEvent {
		return usagef("scorecard fit: -event and -nonevent are both %q", *event)
	}
	in, closeIn, err := openInput(*dataFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	if isJSONL(*dataFile) {
		return usagef("%s: scorecard fit reads CSV only", *dataFile)
	}
	cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
	header, err := cr.Read()
	if err != nil {
		return headerError(*dataFile, err)
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	tcol := -1
	var vars []int // CSV columns of the variables
	seen := map[string]bool{}
	for i, h := range header {
		if seen[h] {
			return usagef("%s:1: column %q appears twice", *dataFile, h)
		}
		seen[h] = true
		switch h {
		case *target:
			tcol = i
		case *idName:
		default:
			vars = append(vars, i)
		}
	}
	if tcol < 0 {
		return usagef("%s: header has no target column %q", *dataFile, *target)
	}
	if len(vars) == 0 {
		return usagef("%s: header has no variable column besides %q and %q", *dataFile, *target, *idName)
	}

	// Read every good row; report the bad ones by line and column.
	rep := newRowReporter(stderr)
	cells := make([][]string, len(vars))
	var y []float64
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		n++
		rep.progress(n)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.report(csvError(*dataFile, cr, rec, pe))
				continue
			}
			return fmt.Errorf("%s: %w", *dataFile, err)
		}
		var errs []error
		for i, cell := range rec {
			if !utf8.ValidString(cell) {
				l, c := cr.FieldPos(i)
				errs = append(errs, &rowError{File: *dataFile, Line: l, Column: c, Msg: "column " + header[i] + ": invalid UTF-8"})
			} else if i != tcol && nonFinite(cell) {
				l, c := cr.FieldPos(i)
				errs = append(errs, &rowError{File: *dataFile, Line: l, Column: c,
					Msg: fmt.Sprintf("column %s: %q is not a finite number (an empty cell is a missing value)", header[i], cut(cell))})
			}
		}
		var yi float64
		switch rec[tcol] {
		case *event:
			yi = 1
		case *nonEvent:
			yi = 0
		default:
			l, c := cr.FieldPos(tcol)
			errs = append(errs, &rowError{File: *dataFile, Line: l, Column: c,
				Msg: fmt.Sprintf("column %s: %q is neither the event %q nor the non-event %q", *target, cut(rec[tcol]), *event, *nonEvent)})
		}
		if errs != nil {
			rep.report(errors.Join(errs...))
			continue
		}
		if len(y) == maxFitRows {
			return usagef("%s: more than %d rows; scorecard fit holds every row in memory", *dataFile, maxFitRows)
		}
		y = append(y, yi)
		for j, c := range vars {
			cells[j] = append(cells[j], rec[c])
		}
	}
	rep.endProgress(n)
	if len(y) == 0 {
		return usagef("%s: no usable row", *dataFile)
	}

	// Type, bin and fit every variable.
	var tables []*scorecard.Table
	var data []scorecard.Column
	var dropped []string
	for j, c := range vars {
		name := header[c]
		col, numeric := numericColumn(cells[j])
		var tab *scorecard.Table
		var err error
		if numeric {
			tab, err = scorecard.BinNumeric(name, col.Num, y, scorecard.BinOptions{NaNMissing: true})
		} else {
			col = scorecard.Column{Cat: cells[j]}
			tab, err = scorecard.BinCategorical(name, cells[j], y, scorecard.BinOptions{})
		}
		if err == nil && constantWoE(tab) {
			err = errors.New("fewer than two distinct values: its WoE would be the same on every row")
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: column %s not used: %v\n", *dataFile, name, err)
			dropped = append(dropped, name)
			continue
		}
		tables = append(tables, tab)
		data = append(data, col)
	}
	if len(tables) == 0 {
		return usagef("%s: no column could be binned", *dataFile)
	}
	sc, err := scorecard.Fit(tables, data, y, scorecard.ModelOptions{Version: *ver})
	var sw *scorecard.SignWarning
	if errors.As(err, &sw) {
		fmt.Fprintln(stderr, "smecredit: warning:", err)
	} else if err != nil {
		return fmt.Errorf("%s: fit: %w", *dataFile, err)
	}
	doc, err := sc.MarshalJSON()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, doc, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	w, closeOut, err := createOutput(*out, stdout, *dataFile)
	if err != nil {
		return err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	writeFitReport(stderr, sc, len(y))
	if *ver == "" {
		// The service and its audit store cite a scorecard by its version.
		fmt.Fprintln(stderr, "smecredit: warning: no -version LABEL: the scorecard document's version is empty")
	}
	if err := rep.result("scorecard fit", n); err != nil {
		return err
	}
	if dropped != nil {
		return errFindings
	}
	return nil
}

// numericColumn parses cells as numbers, "" as NaN (missing); numeric is
// false when a non-empty cell is not a finite number or no cell is numeric.
func numericColumn(cells []string) (col scorecard.Column, numeric bool) {
	x := make([]float64, len(cells))
	seenNum := false
	for i, s := range cells {
		if s == "" {
			x[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return scorecard.Column{}, false
		}
		x[i] = v
		seenNum = true
	}
	return scorecard.Column{Num: x}, seenNum
}

// nonFinite reports whether s has the syntax of a number but is not a finite
// float64 ("NaN", "Inf", "1e400"): such a cell is an error, never a category
// that turns a numeric column categorical.
func nonFinite(s string) bool {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return false
	}
	return math.IsInf(v, 0) || math.IsNaN(v)
}

// constantWoE reports whether fewer than two bins of tab hold rows: the
// column's WoE is then constant and would make the regression singular.
func constantWoE(tab *scorecard.Table) bool {
	used := 0
	for _, b := range tab.Bins {
		if b.Count > 0 {
			used++
		}
	}
	return used < 2
}

// writeFitReport prints the IV of each variable and the fit statistics (on
// the training rows; there is no holdout).
func writeFitReport(w io.Writer, sc *scorecard.Scorecard, rows int) {
	fmt.Fprintf(w, "%-40s %-11s %4s %8s %9s %8s\n", "variable", "kind", "bins", "iv", "coef", "p")
	for _, v := range sc.Variables {
		fmt.Fprintf(w, "%-40s %-11s %4d %8.4f %9.4f %8.4f\n", v.Table.Name, v.Table.Kind, v.Table.Regular(),
			v.Table.IV, v.Coef.Coef, v.Coef.P)
	}
	f := sc.Fit
	pseudoR2 := 0.0
	if f.NullLogLik != 0 {
		pseudoR2 = 1 - f.LogLik/f.NullLogLik
	}
	fmt.Fprintf(w, "rows %d, log-likelihood %.4f (null %.4f), McFadden R² %.4f, AIC %.4f, BIC %.4f, %d iterations (training data, no holdout)\n",
		rows, f.LogLik, f.NullLogLik, pseudoR2, f.AIC, f.BIC, f.Iter)
}
