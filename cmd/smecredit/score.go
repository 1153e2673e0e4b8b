package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smecredit/smecredit/rating"
	"github.com/smecredit/smecredit/rating/scorecard"
)

// csvTable streams the rows of a CSV file whose header names the columns
// the caller needs.
type csvTable struct {
	file  string
	r     *csv.Reader
	index []int // column of each wanted name
	idCol int
	rec   []string
	line  int
	names []string // the header, for messages
}

func newCSVTable(file string, in io.Reader, want []string, idName string) (*csvTable, error) {
	if isJSONL(file) {
		return nil, usagef("%s: score reads CSV only", file)
	}
	cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, headerError(file, err)
	}
	seen, err := headerIndex(file, header)
	if err != nil {
		return nil, err
	}
	names := slices.Clone(header)
	if err := checkIDColumn(file, seen, idName); err != nil {
		return nil, err
	}
	t := &csvTable{file: file, r: cr, idCol: -1, names: names}
	if i, ok := seen[idName]; ok {
		t.idCol = i
	}
	var missing []string
	for _, w := range want {
		i, ok := seen[w]
		if !ok {
			missing = append(missing, w)
		}
		t.index = append(t.index, i)
	}
	if len(missing) > 0 {
		return nil, usagef("%s: header has no column %s (needed by the model)", file, strings.Join(quoteAll(missing), ", "))
	}
	return t, nil
}

// Next reads a row: io.EOF at the end, a *rowError for a bad row, another
// error for a failing file.
func (t *csvTable) Next() error {
	rec, err := t.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.line = pe.StartLine
			return csvError(t.file, t.r, rec, pe)
		}
		return err
	}
	t.line, _ = t.r.FieldPos(0)
	for i, cell := range rec {
		if !utf8.ValidString(cell) {
			l, c := t.r.FieldPos(i)
			return &rowError{File: t.file, Line: l, Column: c, Msg: "column " + columnName(t.names, i) + ": invalid UTF-8"}
		}
	}
	t.rec = rec
	return nil
}

func (t *csvTable) id() string {
	if t.idCol < 0 {
		return ""
	}
	return t.rec[t.idCol]
}

// cell returns the text of wanted column j.
func (t *csvTable) cell(j int) string { return t.rec[t.index[j]] }

// cellErr locates a problem in wanted column j.
func (t *csvTable) cellErr(j int, name, msg string) error {
	l, c := t.r.FieldPos(t.index[j])
	return &rowError{File: t.file, Line: l, Column: c, Msg: "column " + name + ": " + msg}
}

func (t *csvTable) rowErr(err error) error {
	return &rowError{File: t.file, Line: t.line, Msg: err.Error()}
}

// parseNumber reads a finite float; "" is missing.
func parseNumber(s string) (x float64, missing bool, err error) {
	if s == "" {
		return math.NaN(), true, nil
	}
	x, err = strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, false, fmt.Errorf("%q is not a finite number", cut(s))
	}
	return x, false, nil
}

func runScore(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("score", "score -model M -data FILE [-id COLUMN] [-o OUT]", stderr)
	modelFile := fs.String("model", "", "rating-model `FILE`")
	dataFile := fs.String("data", "", "CSV `FILE` with one column per indicator id (empty cell = missing); - for standard input")
	idName := fs.String("id", defaultIDColumn, "CSV `COLUMN` copied to the output as the row id")
	out := fs.String("o", "", "output `FILE` (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataFile == "" || fs.NArg() > 0 {
		return usagef("score: want -model M -data FILE")
	}
	m, err := loadDoc(*modelFile, rating.LoadModel)
	if err != nil {
		return err
	}
	ids := m.IDs()
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = string(id)
	}
	in, closeIn, err := openInput(*dataFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	t, err := newCSVTable(*dataFile, in, names, *idName)
	if err != nil {
		return err
	}
	w, closeOut, err := createOutput(*out, stdout, *dataFile, *modelFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("line,id,score,grade,pd\n")
	rep := newRowReporter(stderr)
	x := make([]float64, len(ids))
	miss := make([]bool, len(ids))
	var res rating.Result
	n := 0
	for {
		err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *rowError
		if err != nil && !errors.As(err, &re) {
			return fmt.Errorf("%s: %w", *dataFile, err)
		}
		n++
		if err != nil {
			rep.report(err)
			continue
		}
		var errs []error
		for j, name := range names {
			x[j], miss[j], err = parseNumber(t.cell(j))
			if err != nil {
				errs = append(errs, t.cellErr(j, name, err.Error()))
			}
		}
		if errs != nil {
			rep.report(errors.Join(errs...))
			continue
		}
		if err := m.ScoreTo(&res, x, miss); err != nil {
			rep.report(t.rowErr(err))
			continue
		}
		grade := ""
		if res.Grade != rating.NoGrade {
			g, _ := res.Grade.MarshalText()
			grade = string(g)
		}
		fmt.Fprintf(bw, "%d,%s,%s,%s,%s\n", t.line, appendCSVField(nil, t.id()),
			strconv.FormatFloat(res.Score, 'f', 4, 64), grade, strconv.FormatFloat(res.PD, 'g', 6, 64))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	return rep.result("score", n)
}

func runScorecardScore(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("scorecard score", "scorecard score -scorecard S -data FILE [-id COLUMN] [-o OUT]", stderr)
	scFile := fs.String("scorecard", "", "scorecard `FILE`")
	dataFile := fs.String("data", "", "CSV `FILE` with one column per scorecard variable (empty numeric cell = missing); - for standard input")
	idName := fs.String("id", defaultIDColumn, "CSV `COLUMN` copied to the output as the row id")
	out := fs.String("o", "", "output `FILE` (default standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dataFile == "" || fs.NArg() > 0 {
		return usagef("scorecard score: want -scorecard S -data FILE")
	}
	sc, err := loadDoc(*scFile, scorecard.LoadScorecard)
	if err != nil {
		return err
	}
	names := make([]string, len(sc.Variables))
	for i, v := range sc.Variables {
		names[i] = v.Table.Name
	}
	in, closeIn, err := openInput(*dataFile, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	t, err := newCSVTable(*dataFile, in, names, *idName)
	if err != nil {
		return err
	}
	w, closeOut, err := createOutput(*out, stdout, *dataFile, *scFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("line,id,score,pd,reasons\n")
	rep := newRowReporter(stderr)
	vals := make([]scorecard.Value, len(names))
	var res scorecard.Result
	n := 0
	for {
		err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *rowError
		if err != nil && !errors.As(err, &re) {
			return fmt.Errorf("%s: %w", *dataFile, err)
		}
		n++
		if err != nil {
			rep.report(err)
			continue
		}
		var errs []error
		for j, v := range sc.Variables {
			vals[j] = scorecard.Value{}
			if v.Table.Kind == scorecard.Categorical {
				vals[j].Cat = t.cell(j)
				continue
			}
			x, _, err := parseNumber(t.cell(j))
			if err != nil {
				errs = append(errs, t.cellErr(j, names[j], err.Error()))
			}
			vals[j].Num = x
		}
		if errs != nil {
			rep.report(errors.Join(errs...))
			continue
		}
		if err := sc.ScoreTo(&res, vals); err != nil {
			rep.report(t.rowErr(err))
			continue
		}
		codes := make([]string, len(res.Reasons))
		for i, r := range res.Reasons {
			codes[i] = string(r.Code)
		}
		fmt.Fprintf(bw, "%d,%s,%s,%s,%s\n", t.line, appendCSVField(nil, t.id()),
			strconv.FormatFloat(res.Score, 'f', 2, 64), strconv.FormatFloat(res.PD, 'g', 6, 64),
			appendCSVField(nil, strings.Join(codes, ";")))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	return rep.result("scorecard score", n)
}
