package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// runCLI runs the command line and returns its exit code, stdout and stderr.
func runCLI(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// td names a testdata file.
func td(name string) string { return filepath.Join("testdata", name) }

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		code int
		args []string
	}{
		{"validate.txt", 0, []string{"validate", td("access-schema.json"), td("access-policy-v1.json"), td("access-policy-v2.json"),
			td("rating-model.json"), td("scorecard-german.json"), td("monitor-cards.json"), td("exit-cards.json"), td("offer-policy.json"), td("ecl-provision-matrix.json")}},
		{"validate-schema-flag.txt", 0, []string{"validate", "-schema", td("access-schema.json"), td("access-policy-v2.json")}},
		{"validate-bad.txt", 1, []string{"validate", "-q", td("access-schema.json"), td("bad-policy.json"), td("unknown-kind.json"), td("no-kind.json")}},
		{"decide.csv", 0, []string{"decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", td("applicants.csv")}},
		{"decide.jsonl", 0, []string{"decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v2.json"), "-facts", td("applicants.csv"), "-format", "jsonl"}},
		{"score.csv", 0, []string{"score", "-model", td("rating-model.json"), "-data", td("firms.csv")}},
		{"scorecard-score.csv", 0, []string{"scorecard", "score", "-scorecard", td("scorecard-german.json"), "-data", td("german.csv")}},
		{"simulate.txt", 0, []string{"simulate", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", td("applicants.csv"), "-outcome", "class"}},
		{"simulate.json", 0, []string{"simulate", "-format", "json", "-schema", td("access-schema.json"), "-policy", td("access-policy-v2.json"), "-facts", td("applicants.csv"), "-outcome", "class"}},
		{"diff.txt", 0, []string{"diff", "-schema", td("access-schema.json"), "-old", td("access-policy-v1.json"), "-new", td("access-policy-v2.json"), "-facts", td("applicants.csv")}},
		{"diff.json", 0, []string{"diff", "-format", "json", "-schema", td("access-schema.json"), "-old", td("access-policy-v1.json"), "-new", td("access-policy-v2.json"), "-facts", td("applicants.csv")}},
		{"decide-explain.jsonl", 0, []string{"decide", "-explain", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", td("applicants.jsonl"), "-format", "jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			golden(t, tt.name, out)
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"decide"},
		{"decide", "-nosuchflag"},
		{"validate"},
		{"validate", td("no-such-file.json")},
		{"schema", "no-such-kind"},
		{"decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", td("applicants.csv"), "-format", "xml"},
	} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit code %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(out, "smecredit validate") {
		t.Errorf("help: code %d, out %q", code, out)
	}
	if code, out, _ := runCLI(t, "", "version"); code != 0 || !strings.HasPrefix(out, "smecredit ") {
		t.Errorf("version: code %d, out %q", code, out)
	}
}

func TestDecideMissingColumn(t *testing.T) {
	csv := "id,roa,debt_ratio\nx,0.1,0.2\n"
	code, _, errs := runCLI(t, csv, "decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", "-")
	if code != exitUsage {
		t.Fatalf("exit code %d, want 2", code)
	}
	for _, col := range []string{`"current_ratio"`, `"equity_to_assets"`, `"sales_growth"`} {
		if !strings.Contains(errs, col) {
			t.Errorf("stderr does not name column %s:\n%s", col, errs)
		}
	}
}

// TestDecideMalformedCSV checks that each bad row is reported by line and
// column and the other rows are still decided.
func TestDecideMalformedCSV(t *testing.T) {
	const header = "id,roa,debt_ratio,current_ratio,ebit_to_assets,equity_to_assets,sales_growth\n"
	in := header +
		"a,0.1,0.5,1.2,0.1,0.5,1.1\n" + // line 2 ok
		"b,0.1,0.5\n" + // line 3 ragged
		"c,0.1,zz,1.2,0.1,0.5,1.1\n" + // line 4 bad decimal at column 9
		"d\xff,0.1,0.5,1.2,0.1,0.5,1.1\n" + // line 5 bad UTF-8 in column 1
		"e,0.1,0.5,1.2,0.1,0.5,1.1234567\n" + // line 6 too many decimals
		"f,0.1,0\"5,1.2,0.1,0.5,1.1\n" + // line 7 bare quote
		"g,0.1,0.5,1.2,0.1,0.5,1.1\n" + // line 8 ok
		"h,0.1,0.5,1.2,0.1,0.5,1.1,9\n" // line 9 ragged, one field too many
	code, out, errs := runCLI(t, in, "decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", "-")
	if code != exitFindings {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{
		"-:3:7: ragged row: 3 fields, the header has 7; the last field starts here",
		"-:9:27: ragged row: 8 fields, the header has 7; field 8 starts here",
		"-:4:7: column debt_ratio:",
		"-:5:1: column id: invalid UTF-8",
		"-:6:",
		"-:7:",
		"6 of 8 rows failed",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "\n2,a,") || !strings.Contains(out, "\n8,g,") {
		t.Errorf("good rows not decided:\n%s", out)
	}
}

func TestScoreBadRows(t *testing.T) {
	in := "id,duration_in_month,age_in_years,status_of_existing_checking_account\n" +
		"a,12,30,no checking account\n" +
		"b,x,30,no checking account\n" +
		"c,12,30,\"unterminated\n"
	code, out, errs := runCLI(t, in, "scorecard", "score", "-scorecard", td("scorecard-german.json"), "-data", "-")
	if code != exitFindings {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "-:3:3: column duration_in_month:") || !strings.Contains(errs, "-:4:") {
		t.Errorf("stderr:\n%s", errs)
	}
	if !strings.Contains(out, "\n2,a,") {
		t.Errorf("good row not scored:\n%s", out)
	}
	code, _, errs = runCLI(t, "id,attr2\n", "score", "-model", td("rating-model.json"), "-data", "-")
	if code != exitUsage || !strings.Contains(errs, `"attr51"`) {
		t.Errorf("missing columns: code %d, stderr %s", code, errs)
	}
}

func TestDecideJSONLines(t *testing.T) {
	in := `{"id": "a", "roa": "0.1", "debt_ratio": "0.5", "current_ratio": "1.2", "ebit_to_assets": "0.1", "equity_to_assets": "0.5", "sales_growth": "1.1"}
{"roa": "0.1", "debt_ratio": "x"}

{"roa": 0.1, "nope": 1}
not json
{"id": 7, "roa": "-0.1", "debt_ratio": "0.5", "current_ratio": "1.2", "ebit_to_assets": "0.1", "equity_to_assets": "0.5"}
  {"roa": 0.1,}
`
	dir := t.TempDir()
	path := dir + "/in.jsonl"
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "decide", "-schema", td("access-schema.json"), "-policy", td("access-policy-v1.json"), "-facts", path, "-format", "jsonl")
	if code != exitFindings {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", code, errs)
	}
	for _, want := range []string{"in.jsonl:2: access: debt_ratio", "in.jsonl:4: access: nope", "in.jsonl:5:2: not valid JSON: invalid character 'o'", "in.jsonl:7:15: not valid JSON: invalid character '}'", "4 of 6 rows failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	for _, want := range []string{`{"line":1,"id":"a","decision":"accept"`, `{"line":6,"id":"7","decision":"refer","reasons":["ACC_PROFITABILITY","ACC_PRIOR_YEAR_STATEMENT"]}`} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %s:\n%s", want, out)
		}
	}
}

// TestDuplicateColumn: every command that reads a CSV refuses a header that
// names a column twice (exit 2, FILE:1:COLUMN), as decide does, instead of
// silently reading the last copy.
func TestDuplicateColumn(t *testing.T) {
	cases := []struct {
		name, in string
		args     []string
	}{
		{"score", "id,attr2,attr2\nf1,0.5,0.9\n",
			[]string{"score", "-model", td("../../../examples/service/specs/rating-model.json"), "-data", "-"}},
		{"scorecard score", "id,duration_in_month,duration_in_month\na,6,48\n",
			[]string{"scorecard", "score", "-scorecard", td("../../../examples/service/specs/scorecard-german.json"), "-data", "-"}},
		{"classify", "loan,date,dpd,dpd\nL1,2005-01-31,0,90\n",
			[]string{"classify", "-history", "-", "-asof", "2005-09-30"}},
		{"ecl", "id,balance,periods,balance\ne1,100,5,200\n",
			[]string{"ecl", "-exposures", "-", "-asof", "2025-12-31"}},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, c.in, c.args...)
		if code != exitUsage {
			t.Errorf("%s: exit code %d, want 2; stderr:\n%s", c.name, code, errs)
		}
		if !strings.Contains(errs, "-:1:") || !strings.Contains(errs, "duplicate column") {
			t.Errorf("%s: stderr does not name the duplicate column:\n%s", c.name, errs)
		}
	}
}

// TestValidateNotADocument: a file that is not a JSON object with a string
// "kind" gets a message in the user's terms (no Go type names), and a file
// saved with a byte-order mark is told so instead of "invalid character 'ï'".
func TestValidateNotADocument(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, data, want string }{
		{"empty.json", " \n", "empty.json: the file is empty; want a JSON document"},
		{"array.json", `[{"kind":"rating-model"}]`, "array.json: not a JSON object: the document is a JSON array"},
		{"number-kind.json", `{"kind": 5}`, `number-kind.json: kind: got a JSON number, want a string`},
		{"bom.json", "\ufeff{\"kind\":\"rating-model\"}", "bom.json: the file starts with a UTF-8 byte-order mark"},
		{"syntax.json", "{\"kind\":\n\"rating-model\",}", "syntax.json:2:16: not valid JSON: invalid character '}'"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "", "validate", path)
		if code != exitFindings {
			t.Errorf("%s: exit code %d, want 1; stderr:\n%s", c.name, code, errs)
		}
		if !strings.Contains(out, c.want) || strings.Contains(out, "Go value") || strings.Contains(out, "struct") {
			t.Errorf("%s: output %q, want it to contain %q", c.name, out, c.want)
		}
	}
}

// TestLongDecimalCell: a decimal cell of a million digits is refused by its
// length before it is parsed (parsing it took seconds, a 10 MB cell
// minutes), with a message that says why, and the other rows go on.
func TestLongDecimalCell(t *testing.T) {
	long := strings.Repeat("1", 1_000_000)
	want := "has 1000000 characters, more than the 64 a decimal number may have"
	cases := []struct {
		name, in string
		args     []string
	}{
		{"decide", "id,roa,debt_ratio,current_ratio,equity_to_assets,sales_growth\n" +
			"a," + long + ",0.5,1.2,0.3,1.1\nb,0.1,0.5,1.2,0.3,1.1\n",
			[]string{"decide", "-schema", td("access-schema.json"), "-policy", td("../../../examples/service/specs/access-policy-v1.json"), "-facts", "-"}},
		{"classify", "loan,date,dpd,outstanding\nL1,2005-01-31,0," + long + "\nL2,2005-01-31,0,100\n",
			[]string{"classify", "-history", "-", "-asof", "2005-09-30"}},
		{"ecl", "id,balance,periods\ne1," + long + ",5\n",
			[]string{"ecl", "-exposures", "-", "-asof", "2025-12-31"}},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, c.in, c.args...)
		if code != exitFindings {
			t.Errorf("%s: exit code %d, want 1; stderr:\n%s", c.name, code, errs)
		}
		if !strings.Contains(errs, want) {
			t.Errorf("%s: stderr does not contain %q:\n%s", c.name, want, errs)
		}
	}
}

// TestJSONLinesLongLine: a JSON Lines row longer than 1 MiB is a bad row
// like any other (reported with its line, the other rows decided, exit 1);
// it used to stop decide with exit 2 and lose the rows decided before it.
func TestJSONLinesLongLine(t *testing.T) {
	good := `{"id":"%s","roa":"0.1","debt_ratio":"0.5","current_ratio":"1.2","equity_to_assets":"0.3","sales_growth":"1.1"}` + "\n"
	long := `{"id":"long","roa":"` + strings.Repeat("1", 2<<20) + `"}` + "\n"
	for _, tail := range []string{"", "\r\n"} {
		in := strings.ReplaceAll(good, "%s", "a") + long + "\n" + strings.ReplaceAll(good, "%s", "b") + strings.TrimSuffix(long, "\n") + tail
		dir := t.TempDir()
		path := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "", "decide", "-schema", td("access-schema.json"),
			"-policy", td("../../../examples/service/specs/access-policy-v1.json"), "-facts", path)
		if code != exitFindings {
			t.Errorf("exit code %d, want 1; stderr:\n%s", code, errs)
		}
		for _, want := range []string{"1,a,accept", "4,b,accept"} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout does not contain %q:\n%s", want, out)
			}
		}
		for _, want := range []string{"in.jsonl:2: line longer than 1048576 bytes", "in.jsonl:5: line longer than 1048576 bytes", "2 of 4 rows failed"} {
			if !strings.Contains(errs, want) {
				t.Errorf("stderr does not contain %q:\n%s", want, errs)
			}
		}
	}
}

// TestJSONLinesBoundary: a line of exactly maxJSONLine bytes (without its
// line end) is read; one byte more is too long; blank lines, CRLF and a last
// line without a line end read as bufio.ScanLines reads them.
func TestJSONLinesBoundary(t *testing.T) {
	exact := strings.Repeat("x", maxJSONLine)
	in := "a\r\n\n" + exact + "\n" + exact + "y\r\nb\n" + exact + "zz"
	l := newJSONLines(strings.NewReader(in))
	type line struct {
		text    string
		tooLong bool
	}
	var got []line
	for l.Scan() {
		got = append(got, line{l.Text(), l.TooLong()})
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	want := []line{{"a", false}, {"", false}, {exact, false}, {"", true}, {"b", false}, {"", true}}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %d bytes, too long %v; want %d bytes, too long %v", i+1, len(got[i].text), got[i].tooLong, len(want[i].text), want[i].tooLong)
		}
	}
}

// TestOutputIsInput: -o naming a file the command reads is a usage error and
// leaves that file as it was (decide -facts a.csv -o a.csv used to empty
// a.csv before reading it).
func TestOutputIsInput(t *testing.T) {
	dir := t.TempDir()
	cp := func(name string) string {
		data, err := os.ReadFile(td(name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	facts, loans, exposures, german := cp("applicants.csv"), cp("loans.csv"), cp("exposures.csv"), cp("german-train.csv")
	policy := cp("../../../examples/service/specs/access-policy-v1.json")
	for _, c := range []struct {
		name string
		args []string
		file string // the input named by -o
	}{
		{"decide facts", []string{"decide", "-schema", td("access-schema.json"), "-policy", policy, "-facts", facts, "-o", facts}, facts},
		{"decide policy", []string{"decide", "-schema", td("access-schema.json"), "-policy", policy, "-facts", facts, "-o", policy}, policy},
		{"classify", []string{"classify", "-history", loans, "-asof", "2005-09-30", "-o", loans}, loans},
		{"ecl summary", []string{"ecl", "-exposures", exposures, "-asof", "2025-12-31", "-summary", exposures}, exposures},
		{"scorecard fit", []string{"scorecard", "fit", "-data", german, "-target", "creditability", "-event", "bad", "-nonevent", "good", "-o", german}, german},
	} {
		before, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCLI(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errs, "is the input file") {
			t.Errorf("%s: exit code %d, want 2 naming the input; stderr:\n%s", c.name, code, errs)
		}
		if after, _ := os.ReadFile(c.file); !bytes.Equal(before, after) {
			t.Errorf("%s: the input file changed (%d bytes, was %d)", c.name, len(after), len(before))
		}
	}
}

// TestIDColumnMissing: an -id COLUMN the header lacks is a usage error
// (exit 2) for decide, score and scorecard score; it used to give an empty id
// on every output line. The default id column stays optional.
func TestIDColumnMissing(t *testing.T) {
	facts := "roa,debt_ratio,current_ratio,equity_to_assets,sales_growth\n0.1,0.5,1.2,0.3,1.1\n"
	decide := []string{"decide", "-schema", td("access-schema.json"), "-policy", td("../../../examples/service/specs/access-policy-v1.json"), "-facts", "-"}
	if code, out, errs := runCLI(t, facts, decide...); code != 0 || !strings.Contains(out, "2,,accept") {
		t.Errorf("no id column, default -id: exit code %d, output %q, stderr %s", code, out, errs)
	}
	for _, c := range []struct {
		in   string
		args []string
	}{
		{facts, append(decide, "-id", "firm")},
		{"attr2\n0.5\n", []string{"score", "-model", td("../../../examples/service/specs/rating-model.json"), "-data", "-", "-id", "firm"}},
		{"duration_in_month\n6\n", []string{"scorecard", "score", "-scorecard", td("../../../examples/service/specs/scorecard-german.json"), "-data", "-", "-id", "firm"}},
	} {
		code, _, errs := runCLI(t, c.in, c.args...)
		if code != exitUsage || !strings.Contains(errs, `header has no column "firm" (named by -id)`) {
			t.Errorf("%s: exit code %d, stderr:\n%s", c.args[0], code, errs)
		}
	}
}

// TestBadInput feeds each kind of bad input issue 24 lists to the commands
// and checks the exit code (0 ok, 1 findings, 2 usage or input error) and
// that the message names the file, and the line and column where the
// problem has one.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const header = "id,roa,debt_ratio,current_ratio,ebit_to_assets,equity_to_assets,sales_growth\n"
	const row = "a,0.1,0.5,1.2,0.1,0.5,1.1\n"
	schema, policy := td("access-schema.json"), td("access-policy-v1.json")
	decide := func(policy, facts string) []string {
		return []string{"decide", "-schema", schema, "-policy", policy, "-facts", facts}
	}
	empty := write("empty.csv", "")
	emptyJSON := write("empty.json", "")
	otherSchema := write("other-schema.json", strings.Replace(mustRead(t, policy), `"schemaVersion": "`, `"schemaVersion": "x-`, 1))
	syntax := write("syntax.json", "{\"kind\": \"access-policy\",\n  \"rules\": [\n    {\"id\": \"R1\",, }]}")
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.csv")
	for _, tt := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  []string // in stderr or stdout
	}{
		{"quoted field not closed", decide(policy, "-"),
			header + row + "b,0.1,\"0.5,1.2,0.1,0.5,1.1\n" + row + row, exitFindings,
			[]string{"-:3: a quoted field opened in this row is not closed: the reader went on to line 5"}},
		{"quoted field not closed in the header", decide(policy, "-"), "id,\"roa\n" + row, exitUsage,
			[]string{"-:1: header: a quoted field opened in this row is not closed"}},
		{"ragged classify row", []string{"classify", "-history", "-", "-asof", "2024-01-31"},
			"loan,date,dpd\nL1,2024-01-31,0,7\nL1,2024-01-31\n", exitFindings,
			[]string{"-:2:17: ragged row: 4 fields, the header has 3; field 4 starts here", "-:3:4: ragged row: 2 fields"}},
		{"unknown kind to validate", []string{"validate", td("unknown-kind.json")}, "", exitFindings,
			[]string{"unknown-kind.json: kind: unknown document kind \"rating-modle\""}},
		{"unknown kind as policy", decide(td("unknown-kind.json"), "-"), header + row, exitUsage,
			[]string{"unknown-kind.json: access: kind:", `"rating-modle", want "access-policy"`}},
		{"other kind as policy", decide(schema, "-"), header + row, exitUsage,
			[]string{"access-schema.json: access: kind:", `want "access-policy"`}},
		{"policy for another schema version", decide(otherSchema, "-"), header + row, exitUsage,
			[]string{"other-schema.json: access: schemaVersion:"}},
		{"validate a policy for another schema version", []string{"validate", "-schema", schema, otherSchema}, "", exitFindings,
			[]string{"other-schema.json: access: schemaVersion:"}},
		{"empty CSV", decide(policy, empty), "", exitUsage, []string{"empty.csv: empty file, want a CSV header line"}},
		{"empty classify CSV", []string{"classify", "-history", empty, "-asof", "2024-01-31"}, "", exitUsage,
			[]string{"empty.csv: empty file"}},
		{"empty document to validate", []string{"validate", emptyJSON}, "", exitFindings, []string{"empty.json: the file is empty"}},
		{"empty document as policy", decide(emptyJSON, "-"), header + row, exitUsage, []string{"empty.json: the file is empty"}},
		{"policy not JSON", decide(syntax, "-"), header + row, exitUsage,
			[]string{"syntax.json:3:17: not valid JSON: invalid character ','"}},
		{"directory as facts", decide(policy, sub), "", exitUsage, []string{"sub: is a directory, want a file"}},
		{"directory as policy", decide(sub, "-"), header + row, exitUsage, []string{"sub: is a directory, want a file"}},
		{"directory to validate", []string{"validate", sub}, "", exitUsage, []string{"sub: is a directory, want a file"}},
		{"directory as history", []string{"classify", "-history", sub, "-asof", "2024-01-31"}, "", exitUsage,
			[]string{"sub: is a directory, want a file"}},
		{"directory as exposures", []string{"ecl", "-exposures", sub, "-asof", "2024-01-31"}, "", exitUsage,
			[]string{"sub: is a directory, want a file"}},
		{"missing facts file", decide(policy, missing), "", exitUsage, []string{"missing.csv: no such file or directory"}},
		{"missing training file", []string{"scorecard", "fit", "-data", missing, "-target", "bad"}, "", exitUsage,
			[]string{"missing.csv: no such file or directory"}},
		{"missing document to validate", []string{"validate", missing}, "", exitUsage, []string{"missing.csv: no such file or directory"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			for _, want := range tt.want {
				if !strings.Contains(errs+out, want) {
					t.Errorf("output lacks %q; stderr:\n%s\nstdout:\n%s", want, errs, out)
				}
			}
		})
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
