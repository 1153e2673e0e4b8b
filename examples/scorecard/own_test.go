package main

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/smecredit/smecredit/rating/scorecard"
)

// small is a hand-made CSV: a numeric column with a missing cell, a categorical one, a
// numeric-looking code column with a letter (so categorical), and a 0/1 target.
const small = `income;region;code;default
1200;north;1;0
;south;2;1
3100;north;x;0
800;east;1;1
`

func TestReadCSVSmall(t *testing.T) {
	d, err := readCSV(strings.NewReader(small), "default", "", "", ';')
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.names, ",") != "income,region,code" {
		t.Fatalf("names %v", d.names)
	}
	if c := d.cols[0]; c.Cat != nil || len(c.Num) != 4 || c.Num[0] != 1200 || !math.IsNaN(c.Num[1]) || c.Num[3] != 800 {
		t.Errorf("income %+v", c)
	}
	if c := d.cols[1]; c.Cat == nil || c.Cat[2] != "north" {
		t.Errorf("region %+v", c)
	}
	if c := d.cols[2]; c.Cat == nil || c.Cat[2] != "x" {
		t.Errorf("code %+v", c)
	}
	if len(d.y) != 4 || d.y[1] != 1 || d.y[2] != 0 || sum(d.y) != 2 {
		t.Errorf("y %v", d.y)
	}
	// Text labels with -bad.
	d, err = readCSV(strings.NewReader("x,status\n1,bad\n2,good\n3,bad\n"), "status", "bad", "", ',')
	if err != nil || sum(d.y) != 2 || d.y[1] != 0 {
		t.Errorf("bad labels: %v %v", d, err)
	}
	for _, c := range []struct{ csv, target, bad string }{
		{small, "nope", ""},
		{"x,y\n1,2\n", "y", ""},
		{"y\n1\n0\n", "y", ""},
		{"x,y\n", "y", ""},
	} {
		if _, err := readCSV(strings.NewReader(c.csv), c.target, c.bad, "", ';'); err == nil {
			if _, err := readCSV(strings.NewReader(c.csv), c.target, c.bad, "", ','); err == nil {
				t.Errorf("%q target %q: no error", c.csv, c.target)
			}
		}
	}
}

func TestRunFileSmall(t *testing.T) {
	// The German credit file, written as the student would give it (semicolons, text target,
	// a blank credit amount), goes through -data/-target/-bad. The checking-account status has 4
	// categories, each its own bin, so its IV is R scorecard's iv() value 0.666
	// (docs/reference/iv.html, first row).
	recs := bytes.Split(bytes.TrimSpace(germanCSV), []byte("\n"))
	var b bytes.Buffer
	for _, r := range recs {
		line := string(r)
		if strings.Contains(line, ";") {
			t.Fatal("german data contains ';'")
		}
		// A quoted field's comma becomes a quoted ';', still one field.
		b.WriteString(strings.ReplaceAll(line, ",", ";"))
		b.WriteByte('\n')
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "model.json")
	var out bytes.Buffer
	if err := runFile(&out, path, "", "creditability", "bad", "", ";", model); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	if !strings.Contains(o, "1000 rows (300 bad), 20 variables.") {
		t.Errorf("header: %s", o)
	}
	m := regexp.MustCompile(`status_of_existing_checking_account\s+categorical\s+4\s+([0-9.]+)`).FindStringSubmatch(o)
	if m == nil {
		t.Fatalf("no status row:\n%s", o)
	}
	if iv, _ := strconv.ParseFloat(m[1], 64); math.Abs(iv-0.666) > 5e-4 {
		t.Errorf("status IV %v, want 0.666 (R scorecard iv.html)", iv)
	}
	if !regexp.MustCompile(`duration_in_month\s+numeric`).MatchString(o) {
		t.Errorf("duration not numeric:\n%s", o)
	}
	m = regexp.MustCompile(`In-sample AUC ([0-9.]+)`).FindStringSubmatch(o)
	if m == nil {
		t.Fatalf("no AUC:\n%s", o)
	}
	if auc, _ := strconv.ParseFloat(m[1], 64); auc < 0.75 || auc > 0.9 {
		t.Errorf("in-sample AUC %v outside 0.75–0.90 (a property check: far from random, not perfect)", auc)
	}
	js, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scorecard.LoadScorecard(js); err != nil {
		t.Errorf("written model does not load: %v", err)
	}
	// Flag errors.
	if err := runFile(&out, path, "", "", "", "", ";", ""); err == nil {
		t.Error("no -target: no error")
	}
	if err := runFile(&out, path, "", "creditability", "bad", "", ";;", ""); err == nil {
		t.Error("bad -sep: no error")
	}
	if err := runFile(&out, path, "", "creditability", "bad", "", ";", path); err == nil || !strings.Contains(err.Error(), "is the data file") {
		t.Errorf("-model naming the data file: %v", err)
	}
	if data, _ := os.ReadFile(path); !bytes.Equal(data, b.Bytes()) {
		t.Error("-model naming the data file overwrote it")
	}
	if err := runFile(&out, filepath.Join(dir, "missing.csv"), "", "y", "", "", ",", ""); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestRunFileNew: a development file and a newer file (the German data split 600/400, with a row
// id column named by -id) give the monitoring report; the development AUC of the report is the
// in-sample AUC printed before it, and the id column is not a variable.
func TestRunFileNew(t *testing.T) {
	recs := bytes.Split(bytes.TrimSpace(germanCSV), []byte("\n"))
	dir := t.TempDir()
	write := func(name string, rows [][]byte) string {
		var b bytes.Buffer
		b.WriteString("id," + string(recs[0]) + "\n")
		for i, r := range rows {
			b.WriteString(strconv.Itoa(i) + "," + string(r) + "\n")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dev := write("dev.csv", recs[1:601])
	cur := write("new.csv", recs[601:])
	var out bytes.Buffer
	if err := runFile(&out, dev, cur, "creditability", "bad", "id", ",", ""); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	if !strings.Contains(o, "20 variables.") || regexp.MustCompile(`(?m)^  id\s`).MatchString(o) {
		t.Errorf("the id column is a variable:\n%s", o)
	}
	in := regexp.MustCompile(`In-sample AUC ([0-9.]+)`).FindStringSubmatch(o)
	dv := regexp.MustCompile(`AUC development ([0-9.]+) \(SE`).FindStringSubmatch(o)
	if in == nil || dv == nil || in[1] != dv[1] {
		t.Fatalf("in-sample AUC %v, report's development AUC %v:\n%s", in, dv, o)
	}
	if !strings.Contains(o, "Monitoring report: development 600 rows, new sample 400 rows.") {
		t.Errorf("no monitoring report:\n%s", o)
	}
	// A numeric column with text in the new file is refused, naming the column.
	f := bytes.SplitN(recs[601], []byte(","), 3) // status, duration, the rest
	bad := write("bad.csv", [][]byte{bytes.Join([][]byte{f[0], []byte("six"), f[2]}, []byte(",")), recs[602]})
	if err := runFile(&out, dev, bad, "creditability", "bad", "id", ",", ""); err == nil || !strings.Contains(err.Error(), "duration_in_month") {
		t.Errorf("text in a numeric column: %v", err)
	}
	if err := runFile(&out, dev, cur, "creditability", "bad", "nope", ",", ""); err == nil {
		t.Error("unknown -id: no error")
	}
}

// TestReadCSVEdges: a header with a byte-order mark (Excel's "CSV UTF-8") and CRLF line ends
// reads as plain CSV; a column named twice and a "NaN", "Inf" or "1e400" cell are errors naming
// the line and the column, not a silent guess (reading one copy, or turning the column into
// categories).
func TestReadCSVEdges(t *testing.T) {
	d, err := readCSV(strings.NewReader("\ufeffid,income,default\r\na,1200,0\r\nb,800,1\r\n"), "default", "", "id", ',')
	if err != nil {
		t.Fatalf("BOM and CRLF: %v", err)
	}
	if strings.Join(d.names, ",") != "income" || d.cols[0].Num == nil || d.cols[0].Num[1] != 800 {
		t.Errorf("BOM and CRLF: names %v, columns %+v", d.names, d.cols)
	}
	_, err = readCSV(strings.NewReader("income,age,income,default\n1,2,3,0\n"), "default", "", "", ',')
	if err == nil || !strings.Contains(err.Error(), `line 1: column "income" appears twice`) {
		t.Errorf("duplicate column: %v", err)
	}
	for _, bad := range []string{"NaN", "nan", "Inf", "+Inf", "-Infinity", "1e400"} {
		in := "income,region,default\n1200,north,0\n" + bad + ",south,1\n"
		_, err := readCSV(strings.NewReader(in), "default", "", "", ',')
		want := `line 3, column income: "` + bad + `" is not a finite number`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", bad, err, want)
		}
	}
}

// TestErrorLine: the program's name is printed once before an error, also when the error
// comes from the scorecard package and already starts with "scorecard: ".
func TestErrorLine(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{scorecard.ErrSingleClass, scorecard.ErrSingleClass.Error()},
		{errors.New("-data needs -target COLUMN"), "scorecard: -data needs -target COLUMN"},
	} {
		if got := errorLine(c.err); got != c.want {
			t.Errorf("errorLine(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// TestNeedData: -target, -bad, -sep, -id and -new without -data, and stray arguments, are
// errors; they used to be ignored silently while the German walk-through ran.
func TestNeedData(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // "" for no error
	}{
		{nil, ""},
		{[]string{"-plots", "out"}, ""},
		{[]string{"-data", "mine.csv", "-target", "y", "-new", "n.csv"}, ""},
		{[]string{"-new", "n.csv"}, "-new only with -data FILE"},
		{[]string{"-target", "y", "-bad", "B"}, "-bad, -target only with -data FILE"},
		{[]string{"-data", "mine.csv", "extra"}, `unexpected argument "extra"`},
	} {
		fs := flag.NewFlagSet("scorecard", flag.ContinueOnError)
		data := fs.String("data", "", "")
		for _, name := range []string{"plots", "target", "bad", "sep", "id", "new"} {
			fs.String(name, "", "")
		}
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		err := needData(fs, *data)
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}
