package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// numRatios is the number of financial ratios per firm (Attr1…Attr64).
const numRatios = 64

// months is the number of monthly observations per account (April…September 2005).
const months = 6

// Portfolio is the loaded input of the portfolio job: the two real data sets in typed records.
type Portfolio struct {
	Firms    []Firm    // Polish companies, year-5 file: one row per firm
	Accounts []Account // Taiwan credit-card accounts: one row per account
}

// Firm is one row of the Polish companies bankruptcy data. Ratios are stored with an explicit
// presence bit: an empty CSV cell is missing, never zero.
type Firm struct {
	Row      int  // 1-based line number in the CSV (the header is line 1)
	Bankrupt bool // class == 1: went bankrupt within one year

	ratios  [numRatios]float64
	present uint64 // bit n-1 set when AttrN is present
}

// Ratio returns ratio AttrN (n in 1..64, as in polish-attribute-definitions.csv) and whether it
// is present. It returns (0, false) for a missing cell or an n out of range.
func (f *Firm) Ratio(n int) (v float64, ok bool) {
	if n < 1 || n > numRatios || f.present&(1<<(n-1)) == 0 {
		return 0, false
	}
	return f.ratios[n-1], true
}

// Account is one row of the Taiwan credit-card default data. Monthly arrays are chronological:
// index 0 is April 2005, index 5 is September 2005 (the file's PAY_0, BILL_AMT1, PAY_AMT1).
type Account struct {
	ID                       int
	Limit                    decimal.Decimal // LIMIT_BAL: credit limit, NT$
	Sex, Education, Marriage int             // codes as in the data README
	Age                      int             // years; meaningful only when AgeKnown
	AgeKnown                 bool            // false where the file has "nan" or an empty cell

	// Status is the repayment status per month: -2, -1, 0 = paid duly or no use;
	// 1…9 = payment delayed by that many months.
	Status [months]int
	Bill   [months]decimal.Decimal // bill statement amount per month, NT$ (negative = credit balance)
	Paid   [months]decimal.Decimal // amount paid per month, NT$
	// Default is default.payment.next.month == 1: default in October 2005.
	Default bool
}

// ParseError reports a malformed input file: the line and column at fault.
type ParseError struct {
	File   string // file name as given on the command line, or the embedded file's name
	Line   int    // 1-based line number (the header is line 1)
	Column string // column name from the header; empty when the whole row is at fault
	Err    error
}

func (e *ParseError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s: line %d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: line %d, column %s: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Causes of a ParseError, for errors.Is.
var (
	errEmptyFile  = errors.New("empty file: no header")
	errNoRows     = errors.New("no data rows")
	errHeader     = errors.New("unexpected header")
	errFieldCount = errors.New("wrong number of fields")
	errMissing    = errors.New("missing value")
	errNotNumber  = errors.New("not a number")
	errNotFinite  = errors.New("not a finite number")
	errOutOfRange = errors.New("value out of range")
	errTooLong    = errors.New("amount too long")
)

var firmHeader = func() []string {
	h := make([]string, 0, numRatios+1)
	for n := 1; n <= numRatios; n++ {
		h = append(h, "Attr"+strconv.Itoa(n))
	}
	return append(h, "class")
}()

var accountHeader = []string{
	"ID", "LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
	"PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6",
	"BILL_AMT1", "BILL_AMT2", "BILL_AMT3", "BILL_AMT4", "BILL_AMT5", "BILL_AMT6",
	"PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6",
	"default.payment.next.month",
}

// table reads a CSV whose header must equal want, and calls row for every data row with a
// cell accessor that turns a bad cell into a ParseError naming its line and column.
func table(name string, r io.Reader, want []string, row func(line int, c cells) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // counted here, so the error names our line and file
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &ParseError{File: name, Line: 1, Err: errEmptyFile}
	}
	if err != nil {
		return &ParseError{File: name, Line: 1, Err: err}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // the byte-order mark of Excel's "CSV UTF-8"
	}
	if len(header) != len(want) {
		return &ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: %d columns, want %d", errHeader, len(header), len(want))}
	}
	for i := range want {
		if header[i] != want[i] {
			return &ParseError{File: name, Line: 1, Column: want[i], Err: fmt.Errorf("%w: got %q", errHeader, header[i])}
		}
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &ParseError{File: name, Line: pe.Line, Err: pe.Err}
			}
			return &ParseError{File: name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(want) {
			return &ParseError{File: name, Line: line, Err: fmt.Errorf("%w: %d, want %d", errFieldCount, len(rec), len(want))}
		}
		if err := row(line, cells{file: name, line: line, header: want, rec: rec}); err != nil {
			return err
		}
		rows++
	}
	if rows == 0 {
		return &ParseError{File: name, Line: 2, Err: errNoRows}
	}
	return nil
}

// cells gives typed access to one CSV record.
type cells struct {
	file   string
	line   int
	header []string
	rec    []string
}

func (c cells) fail(i int, err error) error {
	return &ParseError{File: c.file, Line: c.line, Column: c.header[i], Err: err}
}

// quoted is cell i quoted for a message, cut after 64 bytes.
func (c cells) quoted(i int) string {
	if s := c.rec[i]; len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(c.rec[i])
}

// maxMoneyLen bounds the text of an amount: 30 characters hold any amount a
// bank books (10^27 and more) and keep decimal parsing, which is superlinear in
// the number of digits, cheap.
const maxMoneyLen = 30

// float returns cell i as a finite float64; ok is false for an empty (missing) cell.
func (c cells) float(i int) (v float64, ok bool, err error) {
	s := c.rec[i]
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, c.fail(i, fmt.Errorf("%w: %s", errNotNumber, c.quoted(i)))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, c.fail(i, fmt.Errorf("%w: %s", errNotFinite, c.quoted(i)))
	}
	return v, true, nil
}

// int returns cell i as an integer in [lo, hi]; an empty cell is an error.
func (c cells) int(i, lo, hi int) (int, error) {
	s := c.rec[i]
	if s == "" {
		return 0, c.fail(i, errMissing)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, c.fail(i, fmt.Errorf("%w: %s", errNotNumber, c.quoted(i)))
	}
	if v < lo || v > hi {
		return 0, c.fail(i, fmt.Errorf("%w: %d not in [%d, %d]", errOutOfRange, v, lo, hi))
	}
	return v, nil
}

// money returns cell i as an exact decimal amount, non-negative unless signed; an empty cell is
// an error.
func (c cells) money(i int, signed bool) (decimal.Decimal, error) {
	s := c.rec[i]
	if s == "" {
		return decimal.Decimal{}, c.fail(i, errMissing)
	}
	if len(s) > maxMoneyLen {
		return decimal.Decimal{}, c.fail(i, fmt.Errorf("%w: %s has %d characters, more than %d", errTooLong, c.quoted(i), len(s), maxMoneyLen))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, c.fail(i, fmt.Errorf("%w: %s", errNotNumber, c.quoted(i)))
	}
	if !signed && d.IsNegative() {
		return decimal.Decimal{}, c.fail(i, fmt.Errorf("%w: %s is negative", errOutOfRange, s))
	}
	return d, nil
}

// readFirms parses a CSV with the layout of the Polish year-5 file (header Attr1…Attr64,class).
// Empty cells are missing ratios; every other malformed cell is a *ParseError.
func readFirms(name string, r io.Reader) ([]Firm, error) {
	var firms []Firm
	err := table(name, r, firmHeader, func(line int, c cells) error {
		f := Firm{Row: line}
		for i := range numRatios {
			v, ok, err := c.float(i)
			if err != nil {
				return err
			}
			if ok {
				f.ratios[i] = v
				f.present |= 1 << i
			}
		}
		class, err := c.int(numRatios, 0, 1)
		if err != nil {
			return err
		}
		f.Bankrupt = class == 1
		firms = append(firms, f)
		return nil
	})
	return firms, err
}

// readAccounts parses a CSV with the layout of the Taiwan credit-card file. Every cell is
// required; a malformed or empty cell is a *ParseError.
func readAccounts(name string, r io.Reader) ([]Account, error) {
	var accts []Account
	err := table(name, r, accountHeader, func(line int, c cells) error {
		var a Account
		var err error
		if a.ID, err = c.int(0, math.MinInt, math.MaxInt); err != nil {
			return err
		}
		if a.Limit, err = c.money(1, false); err != nil {
			return err
		}
		for i, dst := range []*int{&a.Sex, &a.Education, &a.Marriage} {
			if *dst, err = c.int(2+i, 0, 9); err != nil {
				return err
			}
		}
		// Two rows of the published file have AGE "nan": a missing value, kept as missing.
		if s := c.rec[5]; s != "" && !strings.EqualFold(s, "nan") {
			if a.Age, err = c.int(5, 0, 150); err != nil {
				return err
			}
			a.AgeKnown = true
		}
		// The file runs September first (PAY_0, BILL_AMT1, PAY_AMT1); store chronologically.
		for m := range months {
			j := months - 1 - m
			if a.Status[j], err = c.int(6+m, -2, 9); err != nil {
				return err
			}
			if a.Bill[j], err = c.money(12+m, true); err != nil {
				return err
			}
			if a.Paid[j], err = c.money(18+m, false); err != nil {
				return err
			}
		}
		def, err := c.int(24, 0, 1)
		if err != nil {
			return err
		}
		a.Default = def == 1
		accts = append(accts, a)
		return nil
	})
	return accts, err
}
