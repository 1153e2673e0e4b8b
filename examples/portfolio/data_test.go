package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestEmbeddedFirms checks the loader on the real year-5 file against the counts in the UCI
// documentation and the data README (5,910 firms, 410 bankrupt, 4,666 missing cells in 2,879
// rows) and against cells read off the CSV by eye.
func TestEmbeddedFirms(t *testing.T) {
	firms, err := readFirms("polish-5year.csv", bytes.NewReader(embeddedFirms))
	if err != nil {
		t.Fatal(err)
	}
	bankrupt, cells, rows := 0, 0, 0
	for i := range firms {
		if firms[i].Bankrupt {
			bankrupt++
		}
		m := 0
		for n := 1; n <= numRatios; n++ {
			if _, ok := firms[i].Ratio(n); !ok {
				m++
			}
		}
		cells += m
		if m > 0 {
			rows++
		}
	}
	if len(firms) != 5910 || bankrupt != 410 {
		t.Errorf("firms = %d, bankrupt = %d; want 5910, 410 (UCI id 365)", len(firms), bankrupt)
	}
	if cells != 4666 || rows != 2879 {
		t.Errorf("missing cells = %d in %d rows; want 4666 in 2879 (data README)", cells, rows)
	}
	tests := []struct {
		name   string
		firm   int // index in firms
		ratio  int
		want   float64
		wantOK bool
	}{
		{"first row Attr1", 0, 1, 0.088238, true},
		{"first row Attr64", 0, 64, 3.2597, true},
		{"first row Attr55 (large)", 0, 55, 15182, true},
		{"second row Attr24 empty", 1, 24, 0, false},
		{"second row Attr6 zero is present", 1, 6, 0, true},
		{"ratio 0 out of range", 0, 0, 0, false},
		{"ratio 65 out of range", 0, 65, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := firms[tt.firm].Ratio(tt.ratio)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Ratio(%d) = %v, %v; want %v, %v", tt.ratio, got, ok, tt.want, tt.wantOK)
			}
		})
	}
	if firms[0].Row != 2 || firms[len(firms)-1].Row != 5911 {
		t.Errorf("rows = %d…%d; want 2…5911", firms[0].Row, firms[len(firms)-1].Row)
	}
}

// TestEmbeddedAccounts checks the loader on the real Taiwan file against UCI's class balance
// (6,636 defaults in 30,000) and the first account's row as published.
func TestEmbeddedAccounts(t *testing.T) {
	accts, err := readAccounts("taiwan-credit-card.csv", bytes.NewReader(embeddedAccounts))
	if err != nil {
		t.Fatal(err)
	}
	defaults, noAge := 0, 0
	for i := range accts {
		if accts[i].Default {
			defaults++
		}
		if !accts[i].AgeKnown {
			noAge++
		}
	}
	if len(accts) != 30000 || defaults != 6636 {
		t.Errorf("accounts = %d, defaults = %d; want 30000, 6636 (UCI id 350)", len(accts), defaults)
	}
	if noAge != 2 {
		t.Errorf("accounts without age = %d; want 2 (IDs 3 and 4 have AGE nan)", noAge)
	}
	// ID 1: 20000,2,2,1,24, PAY_0..PAY_6 = 2,2,-1,-1,-2,-2, BILL_AMT1..6 = 3913,3102,689,0,0,0,
	// PAY_AMT1..6 = 0,689,0,0,0,0, default 1.
	a := accts[0]
	if a.ID != 1 || !a.Limit.Equal(decimal.NewFromInt(20000)) || a.Age != 24 || !a.AgeKnown || !a.Default {
		t.Errorf("account 1 = %+v", a)
	}
	if a.Status != [months]int{-2, -2, -1, -1, 2, 2} {
		t.Errorf("account 1 status (April…September) = %v; want [-2 -2 -1 -1 2 2]", a.Status)
	}
	if !a.Bill[5].Equal(decimal.NewFromInt(3913)) || !a.Paid[4].Equal(decimal.NewFromInt(689)) {
		t.Errorf("account 1 September bill = %s, August payment = %s; want 3913, 689", a.Bill[5], a.Paid[4])
	}
	// Scientific notation in the export ("2.00E+05") is read exactly.
	for i := range accts {
		if accts[i].ID == 7 && !accts[i].Limit.Equal(decimal.NewFromInt(500000)) {
			t.Errorf("account 7 limit = %s; want 500000 (written 5.00E+05)", accts[i].Limit)
		}
	}
}

func TestMalformed(t *testing.T) {
	header := strings.Join(firmHeader, ",") + "\n"
	row := func(edit func([]string)) string {
		f := make([]string, numRatios+1)
		for i := range numRatios {
			f[i] = "0.5"
		}
		f[numRatios] = "0"
		edit(f)
		return strings.Join(f, ",") + "\n"
	}
	tests := []struct {
		name     string
		input    string
		wantErr  error
		wantLine int
		wantCol  string
	}{
		{"empty file", "", errEmptyFile, 1, ""},
		{"header only", header, errNoRows, 2, ""},
		{"wrong header", strings.Replace(header, "Attr7,", "Attr7x,", 1) + row(func([]string) {}), errHeader, 1, "Attr7"},
		{"short row", header + row(func([]string) {}) + "0.1,0.2,0\n", errFieldCount, 3, ""},
		{"non-numeric cell", header + row(func(f []string) { f[9] = "abc" }), errNotNumber, 2, "Attr10"},
		{"NaN cell", header + row(func(f []string) { f[0] = "NaN" }), errNotFinite, 2, "Attr1"},
		{"infinite cell", header + row(func(f []string) { f[63] = "1e999" }), errNotNumber, 2, "Attr64"},
		{"class 2", header + row(func(f []string) { f[64] = "2" }), errOutOfRange, 2, "class"},
		{"class missing", header + row(func(f []string) { f[64] = "" }), errMissing, 2, "class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readFirms("f.csv", strings.NewReader(tt.input))
			checkParseError(t, err, tt.wantErr, tt.wantLine, tt.wantCol)
		})
	}

	acctHeader := strings.Join(accountHeader, ",") + "\n"
	good := "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1\n"
	acctTests := []struct {
		name     string
		input    string
		wantErr  error
		wantLine int
		wantCol  string
	}{
		{"empty file", "", errEmptyFile, 1, ""},
		{"status 10", acctHeader + good + strings.Replace(good, ",2,2,-1,", ",10,2,-1,", 1), errOutOfRange, 3, "PAY_0"},
		{"negative payment", acctHeader + strings.Replace(good, ",689,0,0,0,0,1", ",-689,0,0,0,0,1", 1), errOutOfRange, 2, "PAY_AMT2"},
		{"missing limit", acctHeader + strings.Replace(good, "1,20000,", "1,,", 1), errMissing, 2, "LIMIT_BAL"},
		{"bad bill", acctHeader + strings.Replace(good, ",3913,", ",39x3,", 1), errNotNumber, 2, "BILL_AMT1"},
		{"short row", acctHeader + "1,20000\n", errFieldCount, 2, ""},
		{"limit of 100000 digits", acctHeader + strings.Replace(good, "1,20000,", "1,"+strings.Repeat("2", 100000)+",", 1), errTooLong, 2, "LIMIT_BAL"},
		{"bill of 100000 letters", acctHeader + strings.Replace(good, ",3913,", ","+strings.Repeat("x", 100000)+",", 1), errTooLong, 2, "BILL_AMT1"},
		{"age of 100000 letters", acctHeader + strings.Replace(good, ",24,", ","+strings.Repeat("x", 100000)+",", 1), errNotNumber, 2, "AGE"},
	}
	for _, tt := range acctTests {
		t.Run("accounts "+tt.name, func(t *testing.T) {
			_, err := readAccounts("a.csv", strings.NewReader(tt.input))
			checkParseError(t, err, tt.wantErr, tt.wantLine, tt.wantCol)
			if err != nil && len(err.Error()) > 200 {
				t.Errorf("error message of %d bytes: the cell is not cut", len(err.Error()))
			}
		})
	}
}

// TestBOMAndCRLF: a file saved by Excel as "CSV UTF-8" (a byte-order mark before the header,
// CRLF line ends) reads like the plain file.
func TestBOMAndCRLF(t *testing.T) {
	plain := strings.Join(accountHeader, ",") + "\n" + "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1\n"
	want, err := readAccounts("a.csv", strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	excel := "\ufeff" + strings.ReplaceAll(plain, "\n", "\r\n")
	got, err := readAccounts("a.csv", strings.NewReader(excel))
	if err != nil {
		t.Fatalf("BOM and CRLF: %v", err)
	}
	if len(got) != 1 || !got[0].Limit.Equal(want[0].Limit) || got[0].Default != want[0].Default {
		t.Errorf("BOM and CRLF: got %+v, want %+v", got, want)
	}
	firm := strings.Join(firmHeader, ",") + "\n" + strings.Repeat("0.5,", numRatios) + "1\n"
	if _, err := readFirms("f.csv", strings.NewReader("\ufeff"+firm)); err != nil {
		t.Errorf("firms with a BOM: %v", err)
	}
}

func checkParseError(t *testing.T, err, want error, line int, col string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v; want a *ParseError", err)
	}
	if !errors.Is(err, want) || pe.Line != line || pe.Column != col {
		t.Errorf("err = %v (line %d, column %q); want %v at line %d, column %q", err, pe.Line, pe.Column, want, line, col)
	}
}

// TestRunOwnFiles runs the whole job on user files given by flag, and checks that a malformed
// file stops it with an error naming the row and column.
func TestRunOwnFiles(t *testing.T) {
	dir := t.TempDir()
	firms := filepath.Join(dir, "firms.csv")
	bad := filepath.Join(dir, "bad.csv")
	f := make([]string, numRatios+1)
	for i := range f {
		f[i] = "0.25"
	}
	f[numRatios] = "1"
	if err := os.WriteFile(firms, []byte(strings.Join(firmHeader, ",")+"\n"+strings.Join(f, ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f[3] = "x"
	if err := os.WriteFile(bad, []byte(strings.Join(firmHeader, ",")+"\n"+strings.Join(f, ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := loadPortfolio(firms, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Firms) != 1 || !p.Firms[0].Bankrupt || len(p.Accounts) != 30000 {
		t.Errorf("loaded %d firms, %d accounts; want 1 bankrupt firm and the 30000 embedded accounts", len(p.Firms), len(p.Accounts))
	}
	// One firm is too few for the statistical stages: they report why, the others still run,
	// and the job fails.
	// The report is still written, with the failed stages and the user's file in the appendix.
	var out bytes.Buffer
	report := filepath.Join(dir, "report")
	err = run([]string{"-firms", firms, "-report", report}, &out)
	if err == nil || !strings.Contains(out.String(), "stage failed") || !strings.Contains(out.String(), "== Portfolio ==") {
		t.Errorf("run on a one-firm file: err = %v; want an error, the summary and the failed stages reported:\n%s", err, out.String())
	}
	html, rerr := os.ReadFile(filepath.Join(report, "index.html"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	for _, want := range []string{"stage failed", "could not run on the data", firms, "The user&#39;s own file"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report on a one-firm file lacks %q", want)
		}
	}
	err = run([]string{"-firms", bad}, new(bytes.Buffer))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Column != "Attr4" {
		t.Errorf("run on bad file: err = %v; want a ParseError at line 2, column Attr4", err)
	}
	if err := run([]string{"-accounts", filepath.Join(dir, "absent.csv")}, new(bytes.Buffer)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("run on absent file: err = %v; want os.ErrNotExist", err)
	}
}

// TestSummary checks the summary section's totals against sums computed independently with awk
// over the CSV (credit limits 5,024,529,680; September bills 1,536,699,927 after rounding).
func TestSummary(t *testing.T) {
	p, err := loadPortfolio("", "")
	if err != nil {
		t.Fatal(err)
	}
	sec, err := summary(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Firms: 5910, bankrupt within one year: 410 (6.94%)", "Missing ratio cells: 4666 in 2879 firms", "5,024,529,680", "Attr37  2548  (43.11%)"} {
		if !strings.Contains(sec.Text(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sec.Text())
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"}, {"999", "999"}, {"1000", "1,000"}, {"-1234567.5", "-1,234,568"}, {"2.5", "2"}, {"123456", "123,456"},
	}
	for _, tt := range tests {
		if got := money(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("money(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
}
