package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// numRatios is the number of financial ratios per firm (Attr1…Attr64).
const numRatios = 64

// firm is one row of the Polish companies bankruptcy data (year-5 file). An empty CSV cell is a
// missing ratio, never zero. This is a compact copy of the portfolio job's loader
// (examples/portfolio/data.go), which package main code cannot import.
type firm struct {
	row      int  // 1-based line number in the CSV (the header is line 1)
	bankrupt bool // class == 1: went bankrupt within one year
	ratios   [numRatios]float64
	present  uint64 // bit n-1 set when AttrN is present
}

// ratio returns AttrN (n in 1..64) and whether it is present.
func (f *firm) ratio(n int) (float64, bool) {
	if n < 1 || n > numRatios || f.present&(1<<(n-1)) == 0 {
		return 0, false
	}
	return f.ratios[n-1], true
}

var errFirmsCSV = errors.New("firms CSV")

// readFirms parses a CSV with header Attr1,…,Attr64,class. Every malformed cell is an error
// naming its line and column; ratios must be finite.
func readFirms(r io.Reader) ([]firm, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = numRatios + 1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", errFirmsCSV, err)
	}
	for i, h := range header {
		want := "class"
		if i < numRatios {
			want = "Attr" + strconv.Itoa(i+1)
		}
		if h != want {
			return nil, fmt.Errorf("%w: header column %d is %q, want %q", errFirmsCSV, i+1, h, want)
		}
	}
	var firms []firm
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errFirmsCSV, err)
		}
		line, _ := cr.FieldPos(0)
		f := firm{row: line}
		for i, s := range rec[:numRatios] {
			if s == "" {
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: line %d, column Attr%d: not a finite number: %q", errFirmsCSV, line, i+1, s)
			}
			f.ratios[i] = v
			f.present |= 1 << i
		}
		switch rec[numRatios] {
		case "0":
		case "1":
			f.bankrupt = true
		default:
			return nil, fmt.Errorf("%w: line %d, column class: %q is not 0 or 1", errFirmsCSV, line, rec[numRatios])
		}
		firms = append(firms, f)
	}
	if len(firms) == 0 {
		return nil, fmt.Errorf("%w: no data rows", errFirmsCSV)
	}
	return firms, nil
}

// totalAssets returns the firm's total assets in the data's currency unit, recovered from
// Attr29 = log10(total assets). The file's definitions say only "logarithm"; the base is 10,
// which the data itself shows: Attr55 / Attr3 (working capital ÷ working capital / total
// assets) equals 10^Attr29 (see TestTotalAssetsLogBase10).
func (f *firm) totalAssets() (float64, bool) {
	v, ok := f.ratio(29)
	if !ok {
		return 0, false
	}
	return math.Pow(10, v), true
}
